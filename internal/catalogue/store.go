package catalogue

import (
	"context"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/history"
)

// Collaboration is a group of municipalities working together; every record
// belongs to one.
type Collaboration struct {
	ID   domain.ID `json:"id"`
	Slug string    `json:"slug"`
	Name string    `json:"name"`
}

// Sort orders for the service list.
const (
	SortName     = "name"
	SortArea     = "area"
	SortKostra   = "kostra"
	SortCases    = "cases"
	SortMaturity = "maturity"
)

// ServiceFilter narrows and orders the service list. With MunicipalityID set
// the figures (cases, maturity) are that municipality's, otherwise the
// collaboration's sum and mean.
type ServiceFilter struct {
	Query          string
	Area           string
	Mandated       *bool
	Kostra         string
	Maturity       int64 // 0: any; otherwise the (rounded mean) maturity level
	MunicipalityID domain.ID
	Sort           string
	Desc           bool
}

// ServiceSummary is a row of the service list.
type ServiceSummary struct {
	Service
	Offering    int64    `json:"offering"`               // municipalities delivering it (itself or via another)
	AnnualCases *int64   `json:"annual_cases,omitempty"` // sum of known cases
	Maturity    *float64 `json:"maturity,omitempty"`     // mean of known maturity levels
}

// Store keeps the catalogue. Implementations map a missing row to a
// not-found error, a duplicate key or a stale version to a conflict error.
type Store interface {
	// Atomic runs fn in one transaction: all of fn's writes land or none.
	Atomic(ctx context.Context, fn func(Store) error) error

	CreateCollaboration(ctx context.Context, c Collaboration) (domain.ID, error)
	Collaboration(ctx context.Context, id domain.ID) (Collaboration, error)
	CollaborationBySlug(ctx context.Context, slug string) (Collaboration, error)
	// DataVersion is a number that every write to the collaboration's
	// catalogue or users raises.
	DataVersion(ctx context.Context, collab domain.ID) (int64, error)

	// ServiceSummaries returns every service with its figures summed over
	// the collaboration's municipalities, or for one municipality when
	// municipality is not 0.
	ServiceSummaries(ctx context.Context, collab, municipality domain.ID) ([]ServiceSummary, error)
	Services(ctx context.Context, collab domain.ID) ([]Service, error)
	Service(ctx context.Context, collab, id domain.ID) (Service, error)
	ServiceBySlug(ctx context.Context, collab domain.ID, slug string) (Service, error)
	// SaveServices inserts services with ID 0 and updates the others where
	// their Version still matches, setting IDs and new versions in place.
	SaveServices(ctx context.Context, collab domain.ID, s []Service) error

	Municipalities(ctx context.Context, collab domain.ID) ([]Municipality, error)
	Municipality(ctx context.Context, collab, id domain.ID) (Municipality, error)
	SaveMunicipalities(ctx context.Context, collab domain.ID, m []Municipality) error

	// MunicipalServices returns the facts of one service, or of every
	// service when service is 0.
	MunicipalServices(ctx context.Context, collab, service domain.ID) ([]MunicipalService, error)
	MunicipalService(ctx context.Context, collab, service, municipality domain.ID) (MunicipalService, error)
	SaveMunicipalServices(ctx context.Context, collab domain.ID, ms []MunicipalService) error

	// FactCounts returns per municipality how many services have a facts
	// record and how many of those are complete (MunicipalService.Complete).
	FactCounts(ctx context.Context, collab domain.ID) (map[domain.ID]FactCount, error)
	// Responsibilities returns the facts records user is responsible for.
	Responsibilities(ctx context.Context, collab, user domain.ID) ([]MunicipalService, error)

	// ServiceEditors returns the users assigned to edit the service's
	// shared artefacts, by id.
	ServiceEditors(ctx context.Context, collab, service domain.ID) (domain.Editors, error)
	// SetServiceEditors replaces them; not found when a user or the service
	// is not the collaboration's.
	SetServiceEditors(ctx context.Context, collab, service domain.ID, users []domain.ID) error

	// UserGrants returns the roles of a user of the collaboration, for
	// checking who may be made responsible; not found for anyone else.
	UserGrants(ctx context.Context, collab, user domain.ID) ([]domain.Grant, error)

	// CatalogueDecisions returns the fields the collaboration kept
	// against the open catalogue's values.
	CatalogueDecisions(ctx context.Context, collab domain.ID) ([]Decision, error)
	// SaveCatalogueDecisions records decisions, replacing an earlier one
	// for the same service slug and field.
	SaveCatalogueDecisions(ctx context.Context, collab domain.ID, d []Decision) error

	AddChanges(ctx context.Context, c []history.Change) error
	Changes(ctx context.Context, collab domain.ID, entity string, id domain.ID) ([]history.Change, error)
}
