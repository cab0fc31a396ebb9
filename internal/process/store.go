package process

import (
	"context"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Store keeps process models and their versions. Every call is scoped to a
// collaboration. Implementations map a missing row to a not-found error and
// a duplicate key or a stale version to a conflict error.
type Store interface {
	// Atomic runs fn in one transaction: all of fn's writes land or none.
	Atomic(ctx context.Context, fn func(Store) error) error

	// Models returns the models of a service (of every service when service
	// is 0), in a stable order, each with the Metrics of its current
	// version.
	Models(ctx context.Context, collab, service domain.ID) ([]Model, error)
	Model(ctx context.Context, collab, id domain.ID) (Model, error)
	// FindModel returns the model of a service's variant (and municipality
	// for as-is; 0 otherwise), not found when there is none yet.
	FindModel(ctx context.Context, collab, service domain.ID, variant Variant, municipality domain.ID) (Model, error)
	// CreateModel inserts m with no version yet; conflict when the service
	// already has the variant (for that municipality).
	CreateModel(ctx context.Context, m Model) (domain.ID, error)
	// AddVersion stores v as the next version of m and makes it the
	// current one, provided the model is still at m.CurrentVersion (the
	// version m was read at), and returns the new version number
	// (m.CurrentVersion+1; v.ModelID and v.Version are set from m). Errors:
	// conflict "error.stale" when another version came first, not found
	// when m is not the collaboration's model; nothing is written then.
	AddVersion(ctx context.Context, m Model, v Version) (int, error)
	Version(ctx context.Context, collab, model domain.ID, version int) (Version, error)
	// Versions returns a model's versions newest first, without their XML.
	Versions(ctx context.Context, collab, model domain.ID) ([]Version, error)

	ObstacleStore
	RequirementStore
}

// ObstacleStore keeps the obstacles of services. A service id of 0 lists
// the whole collaboration's.
type ObstacleStore interface {
	Obstacles(ctx context.Context, collab, service domain.ID) ([]Obstacle, error)
	Obstacle(ctx context.Context, collab, id domain.ID) (Obstacle, error)
	CreateObstacle(ctx context.Context, o Obstacle) (domain.ID, error)
	// UpdateObstacle stores o provided the stored version is still
	// o.Version (the version o was read at), as o.Version+1, and returns
	// the new version; conflict "error.stale" otherwise.
	UpdateObstacle(ctx context.Context, o Obstacle) (int, error)
	// DeleteObstacle removes an obstacle still at the given version.
	DeleteObstacle(ctx context.Context, collab, id domain.ID, version int) error
}

// RequirementStore keeps the requirements of services. A service id of 0
// lists the whole collaboration's.
type RequirementStore interface {
	Requirements(ctx context.Context, collab, service domain.ID) ([]Requirement, error)
	Requirement(ctx context.Context, collab, id domain.ID) (Requirement, error)
	// CreateRequirement inserts q; conflict when the service already has a
	// requirement with q's non-empty Key.
	CreateRequirement(ctx context.Context, q Requirement) (domain.ID, error)
	// UpdateRequirement stores q provided the stored version is still
	// q.Version (the version q was read at), as q.Version+1, and returns
	// the new version; conflict "error.stale" otherwise.
	UpdateRequirement(ctx context.Context, q Requirement) (int, error)
	// DeleteRequirement removes a requirement still at the given version.
	DeleteRequirement(ctx context.Context, collab, id domain.ID, version int) error
}
