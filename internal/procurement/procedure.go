package procurement

import (
	"slices"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// The procedures a tender can follow, stored as these codes. Their
// translation keys are "procurement.procedure." + code.
const (
	// ProcOpen: åpen anbudskonkurranse, FOA part III; always allowed there
	// (FOA § 13-1; guide id2581234 ch. 34.1).
	ProcOpen = "open"
	// ProcRestricted: begrenset anbudskonkurranse, part III; always
	// allowed there (FOA § 13-1; guide ch. 34.1).
	ProcRestricted = "restricted"
	// ProcNegotiated: konkurranse med forhandling etter forutgående
	// kunngjøring, part III, allowed only where FOA § 13-2's conditions
	// are met (regjeringen.no id2568588). Whether they are is the buyer's
	// judgement, recorded in the procurement record; the rules here only
	// know that part III allows the procedure.
	ProcNegotiated = "negotiated"
	// ProcCompetitiveDialogue: konkurransepreget dialog, part III, on the
	// same conditions as ProcNegotiated (FOA § 13-2; guide ch. 34.1).
	ProcCompetitiveDialogue = "competitive_dialogue"
	// ProcNationalOpen: åpen tilbudskonkurranse, part II (FOA chapter 8;
	// innkjop.tromsfylke.no: "Åpen- og begrenset tilbudskonkurranse (FOA
	// § 8)"). The section, § 8-3 as I know it, was not found verbatim.
	// Part II lets the buyer negotiate within either procedure if the
	// tender documents say so.
	ProcNationalOpen = "national_open"
	// ProcNationalRestricted: begrenset tilbudskonkurranse, part II (as
	// ProcNationalOpen).
	ProcNationalRestricted = "national_restricted"
	// ProcBelowThreshold: below the national threshold (parts I and none)
	// no procedure is prescribed; the Act's principles (anskaffelsesloven
	// § 4: competition as far as possible, equal treatment, transparency,
	// proportionality) apply from NOK 100 000 (NOU 2023: 26 ch. 22.1).
	// Typically the buyer asks suppliers of its choice for offers.
	ProcBelowThreshold = "below_threshold"
)

// Procedures lists every procedure in the order the UI offers them.
var Procedures = []string{
	ProcOpen, ProcRestricted, ProcNegotiated, ProcCompetitiveDialogue,
	ProcNationalOpen, ProcNationalRestricted, ProcBelowThreshold,
}

// AllowedProcedures returns the procedures a procurement in part p may
// follow, in UI order. Below the national threshold the buyer may choose the
// informal procedure or a formal national one voluntarily; part II offers
// the two national procedures; part III the four EEA procedures this system
// runs (innovation partnership and procedures without prior notice, FOA
// §§ 13-3 and 13-4, are not offered).
func AllowedProcedures(p Part) []string {
	switch p {
	case PartIII:
		return []string{ProcOpen, ProcRestricted, ProcNegotiated, ProcCompetitiveDialogue}
	case PartII:
		return []string{ProcNationalOpen, ProcNationalRestricted}
	}
	return []string{ProcNationalOpen, ProcNationalRestricted, ProcBelowThreshold}
}

// CheckProcedure checks proc at field path against the part the
// procurement's value falls in. Errors: "field.required" when empty,
// "field.one_of" for an unknown code, "procurement.procedure_not_allowed"
// (param: the part, "II") when the part does not allow it, or
// "procurement.procedure_not_allowed_below_minimum" for a part III
// procedure on a value below the regulation's minimum.
func CheckProcedure(path string, proc string, part Part) []domain.FieldError {
	if errs := domain.OneOf(nil, path, proc, Procedures); len(errs) > 0 {
		return errs
	}
	if slices.Contains(AllowedProcedures(part), proc) {
		return nil
	}
	if part == PartNone {
		return []domain.FieldError{domain.Field(path, "procurement.procedure_not_allowed_below_minimum")}
	}
	return []domain.FieldError{domain.Field(path, "procurement.procedure_not_allowed", part.String())}
}

// Limited reports whether only suppliers the buyer invites or selects may
// see the tender and bid: every procedure except the open ones. In the
// two-stage procedures anyone may ask to take part, but only the candidates
// selected are invited to bid; below the threshold the buyer asks suppliers
// of its choice.
func Limited(proc string) bool {
	switch proc {
	case ProcRestricted, ProcNationalRestricted, ProcNegotiated, ProcCompetitiveDialogue, ProcBelowThreshold:
		return true
	}
	return false
}

// OCDSMethod returns the OCDS 1.1.5 procurementMethod (codelist method.csv):
// "open" when all interested suppliers can bid, "selective" when only
// qualified suppliers are invited to bid (the two-stage procedures: FACTS
// maps begrenset anbudskonkurranse to selective), "limited" when the buyer
// contacts suppliers of its choice (below the threshold). The Norwegian name
// belongs in procurementMethodDetails. "" for an unknown code.
func OCDSMethod(proc string) string {
	switch proc {
	case ProcOpen, ProcNationalOpen:
		return "open"
	case ProcRestricted, ProcNationalRestricted, ProcNegotiated, ProcCompetitiveDialogue:
		return "selective"
	case ProcBelowThreshold:
		return "limited"
	}
	return ""
}

// EFormsProcedureType returns the eForms BT-105 code (codelist
// procurement-procedure-type, SDK 1.15.1). The contract notice subtype 16
// accepts comp-dial, innovation, neg-w-call, open, oth-mult, oth-single and
// restricted (BR-BT-00105-0135), the national subtype E3 the same list
// (BR-BT-00105-0139), so the national procedures use open and restricted as
// their EEA counterparts do. Nothing need be published below the national
// threshold; a voluntary notice uses oth-single ("other single stage
// procedure"). "" for an unknown code.
func EFormsProcedureType(proc string) string {
	switch proc {
	case ProcOpen, ProcNationalOpen:
		return "open"
	case ProcRestricted, ProcNationalRestricted:
		return "restricted"
	case ProcNegotiated:
		return "neg-w-call"
	case ProcCompetitiveDialogue:
		return "comp-dial"
	case ProcBelowThreshold:
		return "oth-single"
	}
	return ""
}
