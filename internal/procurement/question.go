package procurement

import (
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Question is a supplier's question about a tender. The question is
// private between the asker and the buyer; a published answer is shown to
// every supplier that can see the tender, without the asker.
type Question struct {
	ID              domain.ID `json:"id"`
	CollaborationID domain.ID `json:"-"`
	TenderID        domain.ID `json:"tender_id"`
	// SupplierID is the asker's organisation (0 for a question raised at
	// the bidders' conference and recorded by the buyer).
	SupplierID domain.ID `json:"supplier_id,omitempty"`
	AskedBy    domain.ID `json:"asked_by,omitempty"`
	// Source is "portal" or "conference".
	Source      string    `json:"source"`
	Text        string    `json:"text"`
	AskedAt     time.Time `json:"asked_at"`
	Answer      string    `json:"answer,omitempty"`
	AnsweredBy  string    `json:"answered_by,omitempty"`
	AnsweredAt  time.Time `json:"answered_at,omitzero"`
	PublishedAt time.Time `json:"published_at,omitzero"`
	Version     int       `json:"version"`
}

// Question sources.
const (
	SourcePortal     = "portal"
	SourceConference = "conference"
)

// Notice is a message to every supplier who can see a tender: a new
// document version, a published answer, a moved deadline. The portal lists
// them; e-mail goes out through the Mailer.
type Notice struct {
	ID              domain.ID `json:"id"`
	CollaborationID domain.ID `json:"-"`
	TenderID        domain.ID `json:"tender_id"`
	// Kind is "document", "answer", "deadline" or "opening".
	Kind string `json:"kind"`
	// Detail is a plain text detail (a document's title and version, the
	// new time), shown after the kind's translated text.
	Detail string    `json:"detail"`
	At     time.Time `json:"at"`
}
