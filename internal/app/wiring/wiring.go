// Package wiring builds every module's manager once, over one view of the
// database: the open database for the running application (app.Open), a
// transaction's view (sqlstore.DB.Atomic) for the demo loader, whose load
// then lands whole or not at all, and either for tests that need the whole
// set. It lives apart from package app so that the web package's own tests
// can use it (app imports web).
//
// How modules reach each other. A module reads another only through small
// interfaces it declares itself in its manager.go, next to NewManager,
// named for what it reads (process.Catalogue, priority.Users,
// benefit.Processes, priority.Figures …) and holding only the methods it
// calls. New is the one place that decides what satisfies each, by one
// rule that the interface's first argument after the context shows:
//
//   - Record readers take a collaboration id. The other module's store
//     satisfies them: the reading manager has already decided that the
//     principal may do what it is doing, in its own collaboration, and
//     needs the other module's records as stored (a service by slug, a
//     municipality, a user and their roles).
//   - View readers take the principal. The other module's manager
//     satisfies them, and decides who may read: they ask for what the
//     other module computes (a service with its current municipalities'
//     facts, a process overview, the benefit portfolio, a frozen decision,
//     the prioritisation's computed figures).
//
// Managers are built in dependency order; no module reads one built after
// it, so there are no cycles.
package wiring

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog/noark"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
	"github.com/tjenestevalg/tjenestevalg/internal/realisation"
	"github.com/tjenestevalg/tjenestevalg/internal/roadmap"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer/guard"
)

// Options are the configurable limits of the managers; the zero value
// means every default.
type Options struct {
	// MaxBPMN is the largest BPMN file accepted, in bytes (0:
	// process.DefaultMaxFileSize).
	MaxBPMN int64
	// RoadmapLimit is the optimiser's time per roadmap edit (0:
	// roadmap.DefaultLimit).
	RoadmapLimit time.Duration
	// RoadmapSizes bound the roadmaps an edit may leave (zero fields:
	// roadmap.DefaultSizeLimits).
	RoadmapSizes roadmap.SizeLimits
	// AccountLimits are the login and session limits (zero:
	// account.DefaultLimits).
	AccountLimits account.Limits
	// BaseURL is the app's public address, which password reset links
	// start with (empty: a path only).
	BaseURL string
	// Mailer delivers password reset links (nil: account.LogMailer, which
	// logs them; a real sender plugs in here).
	Mailer account.Mailer

	// ImportLimits bound an import file (zero fields:
	// guard.DefaultLimits).
	ImportLimits guard.Limits

	// BPMNLimits bound what one process model may hold (zero fields:
	// process.DefaultLimits).
	BPMNLimits process.Limits

	// ServerKey is the procurement server key (32 bytes, read from its
	// key file by app.Open): it wraps every tender's key and keys the
	// access log's MAC chain. Without it tenders cannot be created and
	// bids neither received nor opened ("procurement.no_key").
	ServerKey []byte
	// Thresholds decide a tender's regulation part (zero:
	// procurement.DefaultThresholds).
	Thresholds procurement.Thresholds
	// FileLimits bound tender documents and bids (zero:
	// procurement.DefaultFileLimits).
	FileLimits procurement.FileLimits
	// ProcurementMailer e-mails tender notices to supplier users (nil:
	// procurement.LogMailer, which logs them).
	ProcurementMailer procurement.Mailer
	// ProcurementSender delivers the award letters' e-mails from the
	// outbox (nil: procurement.LogSender, which logs them).
	ProcurementSender procurement.Sender

	// EventLogDir is the work folder where an uploaded event log lives
	// while it is imported (empty: a folder in os.TempDir()).
	EventLogDir string
	// EventLogImports bounds the imports running at once (0:
	// eventlog.DefaultMaxImports).
	EventLogImports int
	// Background is the context event-log imports run under: the app
	// cancels it when it stops (nil: context.Background).
	Background context.Context
}

// Managers is every module's manager, built over one view of the database.
type Managers struct {
	Catalogue *catalogue.Manager
	// Imports is the catalogue's import use case (preview, then commit),
	// keeping previewed batches in the database's upload store and
	// reading files with internal/transfer within the import limits.
	Imports   *catalogue.Importer
	Accounts  *account.Manager
	Processes *process.Manager
	Benefits  *benefit.Manager
	// Realisation keeps the benefit-realisation plans.
	Realisation *realisation.Manager
	// Priority keeps criteria, weights, scoring rounds and decisions.
	Priority *priority.Manager
	// Roadmaps keeps the roadmap and its scenarios.
	Roadmaps *roadmap.Manager
	// Procurement keeps tenders, suppliers, documents, the specification,
	// questions, sealed bids and each tender's access log.
	Procurement *procurement.Manager
	// Eventlogs keeps imported event logs and applies their figures to
	// the catalogue, the benefit cases and the as-is processes.
	Eventlogs *eventlog.Manager
}

// New builds every manager over db, which may be the open database or a
// transaction's view of it, with clock as every manager's time.
func New(db *sqlstore.DB, clock domain.Clock, opt Options) Managers {
	limits := opt.AccountLimits
	if limits == (account.Limits{}) {
		limits = account.DefaultLimits
	}
	var m Managers
	m.Catalogue = catalogue.NewManager(db.Catalogue(), clock)
	if v, err := OpenCatalogue(); err == nil {
		m.Catalogue.SetOpenCatalogue(v.Current, v.Earlier)
	}
	m.Imports = catalogue.NewImporter(m.Catalogue, db.Uploads(), transfer.Limited(opt.ImportLimits))
	m.Accounts = account.NewManager(db.Accounts(), db, clock, limits)
	m.Accounts.SetResetDelivery(opt.Mailer, opt.BaseURL)
	m.Processes = process.NewManager(db.Processes(), db.Catalogue(), clock)
	m.Processes.SetMaxFileSize(opt.MaxBPMN)
	m.Processes.SetLimits(opt.BPMNLimits)
	mailer := opt.ProcurementMailer
	if mailer == nil {
		mailer = procurement.LogMailer{}
	}
	m.Realisation = realisation.NewManager(db.Realisation(), db.Catalogue(), db.Accounts(), clock)
	m.Procurement = procurement.NewManager(db.Procurement(), procurement.Config{
		Services: db.Catalogue(), Requirements: m.Processes, Users: db.Accounts(), Mailer: mailer, Clock: clock,
		ServerKey: opt.ServerKey, Thresholds: opt.Thresholds, FileLimits: opt.FileLimits,
		Realisation: m.Realisation, Sender: opt.ProcurementSender, Words: i18n.Lang(procurement.LetterLang).T,
		BaseURL: opt.BaseURL,
	})
	m.Benefits = benefit.NewManager(db.Benefits(), m.Catalogue, m.Processes, clock)
	m.Priority = priority.NewManager(db.Priority(), db.Catalogue(), db.Accounts(),
		figures{benefits: m.Benefits, processes: m.Processes, catalogue: m.Catalogue}, clock)
	m.Roadmaps = roadmap.NewManager(db.Roadmaps(), m.Benefits, m.Priority, clock)
	if opt.RoadmapLimit > 0 {
		m.Roadmaps.Limit = opt.RoadmapLimit
	}
	m.Roadmaps.Sizes = opt.RoadmapSizes
	dir := opt.EventLogDir
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "tjenestevalg-eventlogs")
	}
	m.Eventlogs = eventlog.NewManager(db.Eventlogs(), eventlog.Config{
		Catalogue: db.Catalogue(), Processes: m.Processes,
		Atomic: func(ctx context.Context, fn func(eventlog.Writers) error) error {
			// Apply's facts and benefit rows: the same managers, over one
			// transaction.
			return db.Atomic(ctx, func(tx *sqlstore.DB) error {
				cat := catalogue.NewManager(tx.Catalogue(), clock)
				return fn(eventlog.Writers{Facts: cat, Benefits: benefit.NewManager(tx.Benefits(), cat, nil, clock)})
			})
		},
		ReadNoark: readNoark, Dir: dir, MaxImports: opt.EventLogImports, Base: opt.Background,
		Words: i18n.Lang(i18n.Default).T, Clock: clock,
	})
	return m
}

// readNoark reads the Noark 5 extract at path into b, checking its
// checksums.
func readNoark(path string, b *eventlog.Builder) error {
	_, err := noark.ReadFile(path, b)
	return err
}
