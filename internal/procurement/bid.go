package procurement

import (
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Bid is one submission of a supplier to a tender, as stored: the receipt's
// facts in the clear, the content (price form and files) sealed. A
// replaced or withdrawn submission stays, marked, so that the log and the
// opening record can account for every one.
type Bid struct {
	ID              domain.ID `json:"id"`
	CollaborationID domain.ID `json:"-"`
	TenderID        domain.ID `json:"tender_id"`
	SupplierID      domain.ID `json:"supplier_id"`
	SubmittedBy     domain.ID `json:"submitted_by"`
	// Token is random, chosen before sealing and bound into the sealed
	// data's associated data with the tender, the supplier and the time
	// of receipt, so a sealed part moved to another row does not open.
	Token      string    `json:"token"`
	Status     string    `json:"status"`
	ReceivedAt time.Time `json:"received_at"`
	// ChangedAt is when it was replaced or withdrawn.
	ChangedAt time.Time `json:"changed_at,omitzero"`
	// Digest is the SHA-256 over the price form and every file (seal.Digest).
	Digest string    `json:"digest"`
	Size   int64     `json:"size"`
	Files  []BidFile `json:"files"`
}

// Bid statuses.
const (
	BidSubmitted = "submitted"
	BidReplaced  = "replaced"
	BidWithdrawn = "withdrawn"
)

// BidFile is what a receipt says of one file: its number, size and digest.
// Its name and content are sealed.
type BidFile struct {
	N      int    `json:"n"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Sealed is a bid's sealed content: the price form and each file (name,
// type and content sealed together), in BidFile order.
type Sealed struct {
	Price []byte
	Files [][]byte
}

// PriceForm is what a supplier states as price: the total in NOK excluding
// VAT, one per lot when the tender has lots, and a note.
type PriceForm struct {
	Total float64         `json:"total"`
	Lots  map[int]float64 `json:"lots,omitempty"`
	Note  string          `json:"note,omitempty"`
}

// Receipt is what a supplier gets for a submission: the exact time of
// receipt and a digest of what was received.
type Receipt struct {
	BidID      domain.ID     `json:"bid_id"`
	Tender     string        `json:"tender"`
	Supplier   string        `json:"supplier"`
	Status     string        `json:"status"`
	ReceivedAt time.Time     `json:"received_at"`
	ChangedAt  time.Time     `json:"changed_at,omitzero"`
	Digest     string        `json:"digest"`
	Size       int64         `json:"size"`
	Files      []ReceiptFile `json:"files"`
}

// ReceiptFile names a received file; the supplier's own receipt shows the
// names they sent.
type ReceiptFile struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Confirmation is one authorised person's confirmation of the opening.
type Confirmation struct {
	TenderID domain.ID `json:"tender_id"`
	UserID   domain.ID `json:"user_id"`
	Name     string    `json:"name"`
	At       time.Time `json:"at"`
}

// OpeningRecord (åpningsprotokoll) is produced when the bids are opened:
// who opened them, and every bid with its time of receipt and price.
type OpeningRecord struct {
	OpenedAt  time.Time      `json:"opened_at"`
	OpenedBy  []Confirmation `json:"opened_by"`
	Bids      []OpenedBid    `json:"bids"`
	Withdrawn int            `json:"withdrawn"`
}

// OpenedBid is one line of the opening record.
type OpenedBid struct {
	Number     int       `json:"number"`
	BidID      domain.ID `json:"bid_id"`
	SupplierID domain.ID `json:"supplier_id"`
	Supplier   string    `json:"supplier"`
	ReceivedAt time.Time `json:"received_at"`
	Price      PriceForm `json:"price"`
	Digest     string    `json:"digest"`
	Files      int       `json:"files"`
	// Intact is false when the sealed content failed to open or its digest
	// differs from the one receipted: tampering (Annex IV (g)).
	Intact bool `json:"intact"`
}

// LogEntry is one line of a tender's access log: every access to tender
// data and every refusal, chained with a MAC (seal.Entry).
type LogEntry struct {
	CollaborationID domain.ID `json:"-"`
	TenderID        domain.ID `json:"tender_id"`
	Seq             int64     `json:"seq"`
	At              time.Time `json:"at"`
	ActorID         domain.ID `json:"actor_id"`
	Actor           string    `json:"actor"`
	Action          string    `json:"action"`
	Object          string    `json:"object"`
	Detail          string    `json:"detail"`
	// Outcome is "ok" or "refused".
	Outcome string `json:"outcome"`
	Prev    []byte `json:"-"`
	MAC     []byte `json:"-"`
}
