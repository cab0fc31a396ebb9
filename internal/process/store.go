package process

import (
	"context"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Store keeps process models and their versions. Every call is scoped to a
// collaboration. Implementations map a missing row to a not-found error and
// a duplicate key or a stale version to a conflict error.
type Store interface {
	// Atomic runs fn in one transaction: all of fn's writes land or none.
	Atomic(ctx context.Context, fn func(Store) error) error

	// Models returns the models of a service, in a stable order.
	Models(ctx context.Context, collab, service domain.ID) ([]Model, error)
	Model(ctx context.Context, collab, id domain.ID) (Model, error)
	// FindModel returns the model of a service's variant (and municipality
	// for as-is; 0 otherwise), not found when there is none yet.
	FindModel(ctx context.Context, collab, service domain.ID, variant Variant, municipality domain.ID) (Model, error)
	// CreateModel inserts m with no version yet; conflict when the service
	// already has the variant (for that municipality).
	CreateModel(ctx context.Context, m Model) (domain.ID, error)
	// AddVersion stores v and makes it the model's current version, provided
	// the current version is still expectedCurrent; conflict "error.stale"
	// otherwise, and nothing is written.
	AddVersion(ctx context.Context, collab domain.ID, v Version, expectedCurrent int) error
	Version(ctx context.Context, collab, model domain.ID, version int) (Version, error)
	// Versions returns a model's versions newest first, without their XML.
	Versions(ctx context.Context, collab, model domain.ID) ([]Version, error)
}

// Catalogue is what the process manager reads of the catalogue; the
// catalogue's store satisfies it.
type Catalogue interface {
	ServiceBySlug(ctx context.Context, collab domain.ID, slug string) (catalogue.Service, error)
	Municipality(ctx context.Context, collab, id domain.ID) (catalogue.Municipality, error)
	MunicipalService(ctx context.Context, collab, service, municipality domain.ID) (catalogue.MunicipalService, error)
}
