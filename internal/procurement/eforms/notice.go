package eforms

import (
	"time"
)

// Notice is what the contract notice and the contract award notice say
// about one procedure. Text is in Language. Money is NOK excluding VAT.
// Times are instants; the notice writes them in Europe/Oslo time.
type Notice struct {
	// ID is the notice identifier (BT-701), a UUID version 4; a changed
	// notice keeps it and raises Version.
	ID string `json:"id"`
	// Version is the notice version (BT-757), 1 for the first.
	Version int `json:"version"`
	// Issued is when the notice was written (BT-05).
	Issued time.Time `json:"issued"`
	// Language is the notice language (BT-702): "NOR" or "ENG". TED takes
	// only EU official languages, so a notice above the thresholds is ENG.
	Language string `json:"language"`
	// National marks a procurement below the EEA thresholds: subtypes E3
	// and E4 with Doffin's national profile instead of 16 and 29.
	National bool `json:"national"`

	Buyer Buyer `json:"buyer"`
	// ReviewBody is the body that hears complaints (KOFA in Norway).
	ReviewBody Organisation `json:"review_body"`
	// ReviewInfo says how and by when a supplier may seek review (BT-99);
	// the EU notices need it.
	ReviewInfo string    `json:"review_info"`
	Procedure  Procedure `json:"procedure"`
	Lots       []Lot     `json:"lots"`
}

// Organisation is a party of the notice: buyer, review body or winner.
type Organisation struct {
	Name string `json:"name"`
	// OrgNumber is the Norwegian organisation number, nine digits
	// (BT-501).
	OrgNumber string `json:"org_number"`
	Town      string `json:"town"`
	PostCode  string `json:"post_code"`
	// Country is the ISO 3166-1 alpha-3 code, "NOR" for Norway.
	Country string `json:"country"`
	// NUTS is the NUTS 2021 region (BT-507), e.g. "NO060" Trøndelag.
	NUTS  string `json:"nuts"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// Buyer is the contracting authority with the two codes the notices
// classify it by.
type Buyer struct {
	Organisation
	// LegalType is BT-11 (codelist buyer-legal-type), "la" for a
	// municipality (local authority).
	LegalType string `json:"legal_type"`
	// Activity is BT-10 (codelist authority-activity), "gen-pub" for
	// general public services.
	Activity string `json:"activity"`
}

// Procedure is the procurement as a whole.
type Procedure struct {
	// ID is the procedure identifier (BT-04), a UUID version 4 that every
	// notice of the procedure repeats.
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	// Type is BT-105: "open", "restricted", "neg-w-call" or "comp-dial".
	Type string `json:"type"`
	// Nature is BT-23: "services", "supplies" or "works".
	Nature string `json:"nature"`
	// CPV is the main CPV code, eight digits with or without the check
	// digit ("72000000" or "72000000-5").
	CPV            string  `json:"cpv"`
	EstimatedValue float64 `json:"estimated_value"`
	// PlaceNUTS is the NUTS region where the contract is performed.
	PlaceNUTS string `json:"place_nuts"`
}

// Lot is a part of the procedure that is awarded on its own; a procedure
// without lots has one.
type Lot struct {
	// ID is "LOT-0001", "LOT-0002" ….
	ID             string      `json:"id"`
	Title          string      `json:"title"`
	Description    string      `json:"description"`
	CPV            string      `json:"cpv"`
	EstimatedValue float64     `json:"estimated_value"`
	Criteria       []Criterion `json:"criteria"`
	// Deadline is the time limit the contract notice states: for tenders
	// (BT-131) in an open procedure, for requests to participate (BT-1311)
	// in the others.
	Deadline time.Time `json:"deadline"`
	// MinCandidates is the least number of candidates invited to tender
	// (BT-50) in a procedure other than open.
	MinCandidates int `json:"min_candidates,omitempty"`
	// MaxCandidates limits the candidates invited (BT-51); 0 for no limit.
	MaxCandidates int `json:"max_candidates,omitempty"`
	// ValidityDays is how long a tender stays binding (vedståelsesfrist,
	// BT-98); an open procedure above the thresholds needs it, and only
	// that one is written with it.
	ValidityDays int `json:"validity_days,omitempty"`
	// AwardWithoutNegotiation reserves the right to award on the initial
	// tenders in a negotiated procedure (BT-120).
	AwardWithoutNegotiation bool `json:"award_without_negotiation,omitempty"`
	// SuccessiveReduction says the number of solutions or tenders is
	// reduced in stages in a negotiated procedure or competitive dialogue
	// (BT-52).
	SuccessiveReduction bool `json:"successive_reduction,omitempty"`
	// DurationMonths is the contract's duration in months (BT-36).
	DurationMonths int `json:"duration_months"`
	// DocumentsURL is where the procurement documents are (BT-15).
	DocumentsURL string `json:"documents_url"`
	// SubmissionURL is where tenders are submitted (BT-18).
	SubmissionURL string `json:"submission_url"`
	// Result is the outcome; the award notice needs it for every lot.
	Result *Result `json:"result,omitempty"`
}

// Criterion is an award criterion with its weight in per cent.
type Criterion struct {
	// Type is BT-539: "price", "quality" or "cost".
	Type        string `json:"type"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// Weight is the exact weight in per cent; a lot's weights sum to 100.
	Weight int `json:"weight"`
}

// Result is the award of a lot to one winner.
type Result struct {
	Winner Organisation `json:"winner"`
	// WinnerSize is BT-165 (codelist economic-operator-size): "micro",
	// "small", "medium" or "large".
	WinnerSize string `json:"winner_size"`
	// Subcontracting says whether the winner will subcontract (BT-773):
	// "yes", "no" or "not-known".
	Subcontracting string `json:"subcontracting"`
	// TenderID is the buyer's reference of the winning tender (BT-3201).
	TenderID    string  `json:"tender_id"`
	TenderValue float64 `json:"tender_value"`
	// TendersReceived is the number of tenders received (BT-759); the
	// app receives every tender electronically, so it is also the number
	// of electronic tenders. The award notice breaks it down by size and
	// origin of the tenderer: SMEs (the rest are large), other EEA
	// countries and countries outside the EEA.
	TendersReceived int `json:"tenders_received"`
	TendersSME      int `json:"tenders_sme"`
	TendersOtherEEA int `json:"tenders_other_eea"`
	TendersNonEEA   int `json:"tenders_non_eea"`
	// AwardDecision is the day the winner was chosen (BT-1451).
	AwardDecision time.Time `json:"award_decision"`
	// ContractSigned is the day the contract was concluded (BT-145).
	ContractSigned time.Time `json:"contract_signed"`
	// ContractID is the buyer's reference of the contract (BT-150).
	ContractID string `json:"contract_id"`
}
