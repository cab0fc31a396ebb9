package roadmap

import (
	"context"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Store keeps roadmaps, one per collaboration, whole: every edit of items
// or scenarios replaces the record at its version, so a multi-step edit
// lands entirely or not at all. A collaboration without one is not found
// ("roadmap.not_found").
type Store interface {
	Roadmap(ctx context.Context, collab domain.ID) (Record, error)
	// SaveRoadmap inserts r when r.Version is 0 (conflict when the
	// collaboration has a roadmap already) or replaces the stored one
	// still at r.Version and increments it (conflict "error.stale"), and
	// returns the new version.
	SaveRoadmap(ctx context.Context, r Record) (int, error)

	// Editors returns the users assigned to edit the roadmap beside the
	// programme lead, by id.
	Editors(ctx context.Context, collab domain.ID) (domain.Editors, error)
	// SetEditors replaces them; not found when a user is not the
	// collaboration's.
	SetEditors(ctx context.Context, collab domain.ID, users []domain.ID) error
}
