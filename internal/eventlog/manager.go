package eventlog

import (
	"context"
	"io"
	"sync"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// Catalogue is what the event-log manager reads of the catalogue: a
// service by slug and by id, a municipality and its facts about a service.
// The catalogue's store satisfies it (a record reader: see package wiring).
type Catalogue interface {
	ServiceBySlug(ctx context.Context, collab domain.ID, slug string) (catalogue.Service, error)
	Service(ctx context.Context, collab, id domain.ID) (catalogue.Service, error)
	Municipality(ctx context.Context, collab, id domain.ID) (catalogue.Municipality, error)
	MunicipalService(ctx context.Context, collab, service, municipality domain.ID) (catalogue.MunicipalService, error)
}

// Processes is what the manager reads and writes of the process models:
// the models of a service, the table view of one, and edits to it. The
// process manager satisfies it and decides who may read and save (a view
// reader: see package wiring).
type Processes interface {
	Models(ctx context.Context, p domain.Principal, slug string) ([]process.Model, error)
	Steps(ctx context.Context, p domain.Principal, slug string, modelID domain.ID) (process.Model, process.Version, []process.Step, error)
	EditSteps(ctx context.Context, p domain.Principal, slug string, modelID domain.ID,
		edits []process.Edit, comment string, baseVersion int) (process.Model, process.Version, error)
}

// Facts writes a municipality's facts about a service; the catalogue
// manager satisfies it, checking rights and versions and recording the
// history.
type Facts interface {
	MunicipalService(ctx context.Context, p domain.Principal, slug string, mu domain.ID) (catalogue.Service, catalogue.Municipality, catalogue.MunicipalService, error)
	SaveMunicipalService(ctx context.Context, p domain.Principal, ms catalogue.MunicipalService) (catalogue.MunicipalService, error)
}

// Benefits recomputes the stored benefit case rows of a municipality's
// service whose cases come from the catalogue; the benefit manager
// satisfies it.
type Benefits interface {
	RecomputeMeasured(ctx context.Context, p domain.Principal, slug string, municipality domain.ID) error
}

// Writers are the writers Apply uses, all on one transaction.
type Writers struct {
	Facts    Facts
	Benefits Benefits
}

// NoarkReader reads a Noark 5 extract (a folder, .zip or .tar at path)
// into b. It is given by the wiring: package noark builds on this one.
type NoarkReader func(path string, b *Builder) error

// Config is what a Manager works with beside its store.
type Config struct {
	Catalogue Catalogue
	Processes Processes
	// Atomic runs fn with writers over one transaction: Apply's facts and
	// benefit rows land together or not at all.
	Atomic func(ctx context.Context, fn func(Writers) error) error
	// ReadNoark reads Noark 5 extracts (nil: they are refused).
	ReadNoark NoarkReader
	// Dir is the work folder where a file lives while it is imported.
	Dir string
	// MaxImports bounds the imports running at once (0: DefaultMaxImports).
	MaxImports int
	// Base is the context background imports run under; cancelling it
	// stops them (they resume at the next start). Nil: context.Background.
	Base  context.Context
	Clock domain.Clock
}

// DefaultMaxImports is how many imports run at once unless configured.
const DefaultMaxImports = 2

// Manager owns the rules of event logs: who may see, upload, attach and
// apply them, the background imports, and what a log's figures change in
// the catalogue, the benefit cases and the as-is processes.
type Manager struct {
	store Store
	cfg   Config
	slots chan struct{}

	mu   sync.Mutex
	jobs map[domain.ID]chan struct{} // closed when the log's import ends
}

// NewManager returns a Manager over store.
func NewManager(store Store, cfg Config) *Manager {
	if cfg.MaxImports <= 0 {
		cfg.MaxImports = DefaultMaxImports
	}
	if cfg.Base == nil {
		cfg.Base = context.Background()
	}
	if cfg.Clock == nil {
		cfg.Clock = domain.SystemClock{}
	}
	return &Manager{store: store, cfg: cfg, slots: make(chan struct{}, cfg.MaxImports), jobs: map[domain.ID]chan struct{}{}}
}

// Logs returns the collaboration's logs, newest first, without their
// statistics' lists. Errors: unauthorized, forbidden.
func (m *Manager) Logs(ctx context.Context, p domain.Principal) ([]Log, error) {
	return nil, domain.Internal(errNotYet)
}

// Log returns one log with its statistics.
// Errors: unauthorized, forbidden, not found.
func (m *Manager) Log(ctx context.Context, p domain.Principal, id domain.ID) (Log, error) {
	return Log{}, domain.Internal(errNotYet)
}

// Upload stores body as the work file of a new log named name, detects its
// format, and starts its import in the background; a CSV file waits for
// its mapping (StatusMapping) instead.
// Errors: unauthorized, forbidden, invalid (name, an unknown format).
func (m *Manager) Upload(ctx context.Context, p domain.Principal, name string, body io.Reader) (Log, error) {
	return Log{}, domain.Internal(errNotYet)
}

// SetMapping sets a CSV log's column mapping and starts its import.
// Errors: unauthorized, forbidden, not found, invalid (mapping), conflict
// (not waiting for a mapping).
func (m *Manager) SetMapping(ctx context.Context, p domain.Principal, id domain.ID, mp Mapping) (Log, error) {
	return Log{}, domain.Internal(errNotYet)
}

// Wait blocks until the log's import has ended (done or failed) or ctx
// ends, for tests, the CLI and the demo. Errors: not found, ctx's error.
func (m *Manager) Wait(ctx context.Context, id domain.ID) error {
	return domain.Internal(errNotYet)
}

// Attach attaches a log to municipality's service with the given slug.
// Errors: unauthorized, forbidden, not found (log, municipality, service),
// conflict (import not done).
func (m *Manager) Attach(ctx context.Context, p domain.Principal, id, municipality domain.ID, serviceSlug string) (Log, error) {
	return Log{}, domain.Internal(errNotYet)
}

// Apply sets the attached municipality's annual cases and lead time of the
// service from the log, with provenance measured, and recomputes the
// benefit case rows whose cases come from the catalogue.
// Errors: unauthorized, forbidden, not found, conflict (not attached, not
// done, error.stale).
func (m *Manager) Apply(ctx context.Context, p domain.Principal, id domain.ID) (catalogue.MunicipalService, error) {
	return catalogue.MunicipalService{}, domain.Internal(errNotYet)
}

// Compare sets the log's activities beside the tasks of the attached
// municipality's current as-is model of the service.
// Errors: unauthorized, forbidden, not found (log, or no as-is model),
// conflict (not attached, not done).
func (m *Manager) Compare(ctx context.Context, p domain.Principal, id domain.ID) (Comparison, error) {
	return Comparison{}, domain.Internal(errNotYet)
}

// ApplyWaits writes the measured median waits of the chosen tasks (by
// task id) into the as-is model as its next version.
// Errors: unauthorized, forbidden, not found, invalid (tasks), conflict.
func (m *Manager) ApplyWaits(ctx context.Context, p domain.Principal, id domain.ID, tasks []string) error {
	return domain.Internal(errNotYet)
}

// Delete removes a log and its work file.
// Errors: unauthorized, forbidden, not found.
func (m *Manager) Delete(ctx context.Context, p domain.Principal, id domain.ID) error {
	return domain.Internal(errNotYet)
}
