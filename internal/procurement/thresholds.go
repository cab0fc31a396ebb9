package procurement

import "github.com/tjenestevalg/tjenestevalg/internal/domain"

// Thresholds are the value limits (NOK, excluding VAT) that decide which
// part of the public procurement regulation (anskaffelsesforskriften, FOA,
// FOR-2016-08-12-974) a municipality's procurement follows. They change: the
// EEA thresholds are adjusted every second year, so they are a setting with
// the period they hold for named in Source, never constants in the rules.
type Thresholds struct {
	// Minimum: below it neither the Procurement Act nor FOA applies
	// (anskaffelsesloven § 2; the ministry's guide, regjeringen.no
	// id2581234 ch. 5.2.1: below NOK 100 000 a procurement is exempt from
	// both). FOA § 1-1 makes it apply to contracts with an estimated value
	// of "minimum 100 000 kroner" (as veiviseren.no summarises § 1-1).
	Minimum float64 `json:"minimum"`
	// National: the national threshold; from it on part II applies
	// (guide ch. 5.1: "lik eller overstiger denne verdien").
	National float64 `json:"national"`
	// EEAGoodsServices: the EEA threshold for supply and service contracts
	// of municipalities, counties and bodies governed by public law (FOA
	// § 5-3); from it on part III applies.
	EEAGoodsServices float64 `json:"eea_goods_services"`
	// EEAWorks: the EEA threshold for works contracts (bygge- og
	// anleggskontrakter, FOA § 5-3).
	EEAWorks float64 `json:"eea_works"`
	// Source names where the figures come from and the period they hold
	// for, shown beside every derived part.
	Source string `json:"source"`
}

// DefaultThresholds returns the figures in force for municipalities from
// 14 March 2024 for the period 2024–2026:
//   - 100 000: regjeringen.no guide id2581234 ch. 5.1 and 5.2.1;
//   - 1 300 000 national threshold: unchanged since April 2018, confirmed
//     in KS Advokatene "Nye EØS-terskelverdier for 2024–2026";
//   - 2 300 000 goods and services and 57 800 000 works: the ministry's
//     press release "Nye terskelverdier for kunngjøring av anskaffelser i
//     EØS-området er vedtatt" (regjeringen.no id3030686) and KS Advokatene.
//
// Not verified: whether adjusted EEA thresholds for 2026–2028 have been
// adopted (the EU's own thresholds changed on 1 January 2026, Delegated
// Regulation (EU) 2025/2152). Check regjeringen.no and replace these
// through the setting when they are.
func DefaultThresholds() Thresholds {
	return Thresholds{
		Minimum:          100_000,
		National:         1_300_000,
		EEAGoodsServices: 2_300_000,
		EEAWorks:         57_800_000,
		Source:           "Anskaffelsesforskriften § 5-3 and the Ministry of Trade, Industry and Fisheries' EEA thresholds for 2024–2026 (in force 14 March 2024); national threshold NOK 1.3 million; all figures excl. VAT",
	}
}

// Validate reports every wrong field at once: each threshold must be
// positive ("procurement.threshold_positive") and they must rise in the
// order minimum < national < EEA goods and services
// ("procurement.threshold_order", naming the threshold it must exceed) <=
// EEA works ("procurement.threshold_below", naming the goods threshold);
// the source is required. Without that order DerivePart would answer
// nonsense.
func (t Thresholds) Validate() []domain.FieldError {
	var errs []domain.FieldError
	values := []struct {
		field string
		v     float64
	}{
		{"minimum", t.Minimum}, {"national", t.National},
		{"eea_goods_services", t.EEAGoodsServices}, {"eea_works", t.EEAWorks},
	}
	positive := true
	for _, x := range values {
		if !(x.v > 0) || x.v > 1e15 {
			errs = append(errs, domain.Field(x.field, "procurement.threshold_positive"))
			positive = false
		}
	}
	if positive {
		if t.National <= t.Minimum {
			errs = append(errs, domain.Field("national", "procurement.threshold_order", t.Minimum))
		}
		if t.EEAGoodsServices <= t.National {
			errs = append(errs, domain.Field("eea_goods_services", "procurement.threshold_order", t.National))
		}
		if t.EEAWorks < t.EEAGoodsServices {
			errs = append(errs, domain.Field("eea_works", "procurement.threshold_below", t.EEAGoodsServices))
		}
	}
	return domain.Required(errs, "source", t.Source)
}

// Part is the part of FOA a procurement follows beyond part I's general
// rules. The zero value is PartNone so that an unset part never claims the
// regulation applies.
type Part int

// The parts. FOA part I (general provisions, chapters 1–7) applies to every
// procurement from the minimum; part II (national rules, chapters 8–10)
// adds to it from the national threshold, part III (EEA rules, chapters
// 11–29) from the EEA threshold (FOA § 5-1; guide ch. 5).
const (
	// PartNone: below the minimum the Act and FOA do not apply at all
	// (anskaffelsesloven § 2); the municipality should still act
	// responsibly and seek competition (guide ch. 5.2.1), but no rule
	// prescribes how.
	PartNone Part = iota
	// PartI: from the minimum to below the national threshold only part I
	// and the Act's basic principles (anskaffelsesloven § 4) apply: no
	// procedure is prescribed (NOU 2023: 26 ch. 22.1).
	PartI
	// PartII: from the national threshold to below the EEA threshold:
	// parts I and II, national notice on Doffin.
	PartII
	// PartIII: at or above the EEA threshold: parts I and III, notice on
	// Doffin and TED.
	PartIII
)

// String returns the part's roman numeral, "none" for PartNone: the form
// the regulation and the UI use ("del III").
func (p Part) String() string {
	switch p {
	case PartI:
		return "I"
	case PartII:
		return "II"
	case PartIII:
		return "III"
	}
	return "none"
}

// Key returns the suffix of the part's translation key:
// "procurement.part." + p.Key().
func (p Part) Key() string {
	switch p {
	case PartI:
		return "i"
	case PartII:
		return "ii"
	case PartIII:
		return "iii"
	}
	return "none"
}

// Parts lists the parts in ascending order, for selects and for tests that
// walk every translation key.
var Parts = []Part{PartNone, PartI, PartII, PartIII}

// DerivePart returns the part an estimated value (NOK excl. VAT) falls in.
// Every limit counts "at or above": FOA applies to a value of "minimum
// 100 000" (FOA § 1-1 as summarised by veiviseren.no), part II to a value
// "lik eller overstiger" the national threshold (guide ch. 5.1), and
// Directive 2014/24/EU art. 4, which part III implements, applies to values
// "equal to or greater than" the EEA thresholds (the directive's wording as
// I know it; not found through search). works selects the works threshold.
// A negative or NaN value is PartNone; the caller validates the value.
func DerivePart(value float64, works bool, t Thresholds) Part {
	eea := t.EEAGoodsServices
	if works {
		eea = t.EEAWorks
	}
	switch {
	case value >= eea:
		return PartIII
	case value >= t.National:
		return PartII
	case value >= t.Minimum:
		return PartI
	}
	return PartNone
}
