package benefit

import (
	"context"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Record is a stored benefit case: one per service of a collaboration.
type Record struct {
	CollaborationID domain.ID `json:"collaboration_id"`
	ServiceID       domain.ID `json:"service_id"`
	Case            Case      `json:"case"`
	Version         int       `json:"version"`
	UpdatedBy       string    `json:"updated_by"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// Store keeps benefit cases. Every call is scoped to a collaboration; a
// missing case is not found ("benefit.case_not_found").
type Store interface {
	Case(ctx context.Context, collab, service domain.ID) (Record, error)
	// Cases returns every stored case of the collaboration by service id.
	Cases(ctx context.Context, collab domain.ID) ([]Record, error)
	// SaveCase inserts r when r.Version is 0 (conflict when the service has
	// a case already) or updates the stored case still at r.Version and
	// increments it (conflict "error.stale" otherwise), and returns the
	// new version.
	SaveCase(ctx context.Context, r Record) (int, error)
}
