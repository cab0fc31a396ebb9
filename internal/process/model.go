package process

import (
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Variant is which of a service's processes a model is: how one
// municipality works today, how the collaboration wants to work, or that
// target adapted to what obstacles allow.
type Variant string

// The variants. As-is models belong to one municipality; to-be and adapted
// are shared by the collaboration.
const (
	AsIs    Variant = "as-is"
	ToBe    Variant = "to-be"
	Adapted Variant = "adapted"
)

// Variants lists every variant in the order the UI presents them.
var Variants = []Variant{AsIs, ToBe, Adapted}

// Valid reports whether v is a known variant.
func (v Variant) Valid() bool { return v == AsIs || v == ToBe || v == Adapted }

// Model is one process of a service: its identity and its current version.
// The drawings themselves are in its versions.
type Model struct {
	ID              domain.ID `json:"id"`
	CollaborationID domain.ID `json:"collaboration_id"`
	ServiceID       domain.ID `json:"service_id"`
	Variant         Variant   `json:"variant"`
	MunicipalityID  domain.ID `json:"municipality_id,omitempty"` // as-is only; 0 otherwise
	CurrentVersion  int       `json:"current_version"`           // 0 until the first version is saved
	UpdatedAt       time.Time `json:"updated_at"`
	UpdatedBy       string    `json:"updated_by,omitempty"` // who saved the current version; filled by Models
	// Metrics are the current version's figures as computed when it was
	// saved; nil when the store did not read them or the version predates
	// them (the manager then computes them from the XML).
	Metrics *Metrics `json:"metrics,omitempty"`
}

// Version is one saved drawing of a model. XML is the file exactly as the
// user's tool wrote it: it is never re-marshalled, so tool-specific content
// survives a round trip.
type Version struct {
	ModelID   domain.ID `json:"model_id"`
	Version   int       `json:"version"`
	XML       string    `json:"xml,omitempty"`
	Comment   string    `json:"comment"`
	UserID    domain.ID `json:"user_id,omitempty"`
	UserName  string    `json:"user_name"`
	CreatedAt time.Time `json:"created_at"`
	// Metrics of the XML, computed on save; nil for an older version.
	Metrics *Metrics `json:"metrics,omitempty"`
}
