package procurement

import (
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Award is the award decision (tildelingsbeslutning) with its reasons and
// the standstill period computed from the tender's regulation part
// (periods.go). It is made once; the letters are generated from it and
// sent together.
type Award struct {
	TenderID        domain.ID `json:"tender_id"`
	CollaborationID domain.ID `json:"-"`
	WinnerBidID     domain.ID `json:"winner_bid_id"`
	// Reasons are the winning bid's characteristics and relative
	// advantages against the award criteria.
	Reasons string `json:"reasons"`
	// Electronic says the letters are sent electronically (the shorter
	// standstill); MinDays a longer standstill chosen by the buyer.
	Electronic     bool      `json:"electronic"`
	MinDays        int       `json:"min_days,omitempty"`
	StandstillDays int       `json:"standstill_days"`
	StandstillEnd  time.Time `json:"standstill_end"`
	DecidedBy      string    `json:"decided_by"`
	DecidedAt      time.Time `json:"decided_at"`
	// NotifiedAt is when the letters were sent (the standstill counts from it).
	NotifiedAt time.Time `json:"notified_at,omitzero"`
}

// Letter is the notification of the award to one bidder: generated from
// the award, frozen (its digest) once sent, delivered by e-mail through the
// outbox and shown in the portal.
type Letter struct {
	ID              domain.ID `json:"id"`
	CollaborationID domain.ID `json:"-"`
	TenderID        domain.ID `json:"tender_id"`
	BidID           domain.ID `json:"bid_id"`
	SupplierID      domain.ID `json:"supplier_id"`
	Subject         string    `json:"subject"`
	Body            string    `json:"body"`
	Digest          string    `json:"digest"`
	SentAt          time.Time `json:"sent_at,omitzero"`
}

// OutboxMail is one e-mail waiting to be delivered, retried with a growing
// delay until it is sent.
type OutboxMail struct {
	ID              domain.ID `json:"id"`
	CollaborationID domain.ID `json:"-"`
	LetterID        domain.ID `json:"letter_id,omitempty"`
	To              string    `json:"to"`
	Subject         string    `json:"subject"`
	Body            string    `json:"body"`
	Attempts        int       `json:"attempts"`
	NextAttempt     time.Time `json:"next_attempt"`
	LastError       string    `json:"last_error,omitempty"`
	SentAt          time.Time `json:"sent_at,omitzero"`
}

// Complaint is a bidder's complaint (klage) during the standstill, and the
// buyer's answer.
type Complaint struct {
	ID              domain.ID `json:"id"`
	CollaborationID domain.ID `json:"-"`
	TenderID        domain.ID `json:"tender_id"`
	SupplierID      domain.ID `json:"supplier_id"`
	Text            string    `json:"text"`
	ReceivedAt      time.Time `json:"received_at"`
	Answer          string    `json:"answer,omitempty"`
	AnsweredBy      string    `json:"answered_by,omitempty"`
	AnsweredAt      time.Time `json:"answered_at,omitzero"`
	// Upheld says the complaint was found right (the award is then to be
	// reconsidered).
	Upheld  bool `json:"upheld,omitempty"`
	Version int  `json:"version"`
}

// Contract is the signed contract: never before the standstill has ended.
type Contract struct {
	TenderID        domain.ID `json:"tender_id"`
	CollaborationID domain.ID `json:"-"`
	BidID           domain.ID `json:"bid_id"`
	SupplierID      domain.ID `json:"supplier_id"`
	Reference       string    `json:"reference"`
	SignedAt        time.Time `json:"signed_at"`
	// Value is the contract value in NOK excluding VAT.
	Value float64 `json:"value"`
	// DocumentID is the signed contract's document (kind DocContract).
	DocumentID  domain.ID    `json:"document_id,omitempty"`
	Commitments []Commitment `json:"commitments,omitempty"`
	SignedBy    string       `json:"signed_by"`
}

// Commitment is the winner's commitment on one requirement, carried into
// the benefit-realisation plan of the requirement's service as an
// indicator, so the gain is followed up against what was bought.
type Commitment struct {
	RequirementID domain.ID `json:"requirement_id"`
	Text          string    `json:"text"`
	ServiceID     domain.ID `json:"service_id,omitempty"`
	IndicatorID   domain.ID `json:"indicator_id,omitempty"`
}
