package procurement

import (
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Evaluation is how a tender's opened bids are evaluated (issue 14): the
// award criteria and their weights, the price model, the evaluators, the
// presentations, each bid's answers to the specification and the
// committee's consensus. The evaluators' own scores are rows (Score), so
// that each is written once by its evaluator and hidden from the others
// until every evaluator has scored.
type Evaluation struct {
	TenderID        domain.ID   `json:"tender_id"`
	CollaborationID domain.ID   `json:"-"`
	Criteria        []Criterion `json:"criteria"`
	// PriceModel is PriceLinear or PriceProportional (pricing.go).
	PriceModel string `json:"price_model"`
	// Evaluators are the users on the committee (the evaluator role, or
	// internal users the programme lead names).
	Evaluators    domain.Editors `json:"evaluators,omitempty"`
	Presentations []Presentation `json:"presentations,omitempty"`
	Answers       []Answer       `json:"answers,omitempty"`
	Consensus     []Consensus    `json:"consensus,omitempty"`
	// Rejections are the bids the buyer rejected (a must requirement not
	// met), each with the reason; they are left out of the ranking.
	Rejections []Rejection `json:"rejections,omitempty"`
	Version    int         `json:"version"`
	UpdatedBy  string      `json:"updated_by"`
	UpdatedAt  time.Time   `json:"updated_at"`
}

// Criterion is an award criterion (tildelingskriterium) with its weight in
// percent; the weights of a tender's criteria sum to 100. A price
// criterion is scored from the opening record's prices by the price model;
// the others by the evaluators, on its sub-criteria when it has any (their
// weights, in percent of the criterion, sum to 100).
type Criterion struct {
	Key    string         `json:"key"`
	Name   string         `json:"name"`
	Weight float64        `json:"weight"`
	Price  bool           `json:"price,omitempty"`
	Sub    []SubCriterion `json:"sub,omitempty"`
}

// SubCriterion is a part of a criterion.
type SubCriterion struct {
	Key    string  `json:"key"`
	Name   string  `json:"name"`
	Weight float64 `json:"weight"`
}

// Presentation is a bidder's presentation of its understanding of the
// assignment (the seed: 30 minutes each).
type Presentation struct {
	BidID   domain.ID `json:"bid_id"`
	Start   time.Time `json:"start"`
	Minutes int       `json:"minutes"`
	Notes   string    `json:"notes,omitempty"`
}

// Answer is how one bid meets one requirement of the specification: a
// must requirement is met or not (Met nil: not yet checked), with the place
// in the bid that shows it.
type Answer struct {
	BidID         domain.ID `json:"bid_id"`
	RequirementID domain.ID `json:"requirement_id"`
	Met           *bool     `json:"met,omitempty"`
	Place         string    `json:"place,omitempty"`
	Note          string    `json:"note,omitempty"`
}

// Score is one evaluator's points (0–10) for one bid on one criterion or
// sub-criterion (Criterion "quality" or "quality.understanding"), with the
// written reason.
type Score struct {
	CollaborationID domain.ID `json:"-"`
	TenderID        domain.ID `json:"tender_id"`
	BidID           domain.ID `json:"bid_id"`
	EvaluatorID     domain.ID `json:"evaluator_id"`
	Criterion       string    `json:"criterion"`
	Points          float64   `json:"points"`
	Reason          string    `json:"reason"`
	At              time.Time `json:"at"`
}

// Consensus is the committee's agreed points for one bid on one criterion
// or sub-criterion, after every evaluator has scored.
type Consensus struct {
	BidID     domain.ID `json:"bid_id"`
	Criterion string    `json:"criterion"`
	Points    float64   `json:"points"`
	Reason    string    `json:"reason"`
}

// Rejection is the buyer's decision to reject a bid, with the reason.
type Rejection struct {
	BidID  domain.ID `json:"bid_id"`
	Reason string    `json:"reason"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

// IsRejected reports whether bid was rejected.
func (e Evaluation) IsRejected(bid domain.ID) bool {
	for _, r := range e.Rejections {
		if r.BidID == bid {
			return true
		}
	}
	return false
}

// MustFailures returns, per bid, the must requirements of spec it was
// found not to meet: the bids to flag for the buyer's decision.
func MustFailures(e Evaluation, spec []SpecRequirement) map[domain.ID][]domain.ID {
	must := map[domain.ID]bool{}
	for _, r := range spec {
		if r.Priority == "must" && !r.Removed {
			must[r.ID] = true
		}
	}
	out := map[domain.ID][]domain.ID{}
	for _, a := range e.Answers {
		if a.Met != nil && !*a.Met && must[a.RequirementID] {
			out[a.BidID] = append(out[a.BidID], a.RequirementID)
		}
	}
	return out
}
