// Package app starts the application: configuration, database, the
// modules' managers (built by package wiring, the same way for the demo
// loader and for tests) and the web server. The command line and the
// end-to-end tests both start the application through it.
package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/app/wiring"
	"github.com/tjenestevalg/tjenestevalg/internal/demo"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement/seal"
	"github.com/tjenestevalg/tjenestevalg/internal/roadmap"
	"github.com/tjenestevalg/tjenestevalg/internal/store/postgres"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlite"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer/guard"
	"github.com/tjenestevalg/tjenestevalg/internal/web"
)

// Config is the application's configuration, from flags and environment,
// validated once by Validate.
type Config struct {
	DB        string // SQLite file path, or a postgres:// DSN
	Addr      string // listen address for serve
	BaseURL   string // public URL; https:// makes cookies Secure
	LogFormat string // text or json
	LogLevel  string // debug, info, warn, error
	Demo      bool   // load the Fosen demo on first start
	// TrustedProxies lists, comma-separated, the addresses or networks
	// (CIDR) of load balancers whose X-Forwarded-For names the client.
	TrustedProxies string
	// MaxBPMN is the largest BPMN file accepted, e.g. "10MiB", "500KiB" or
	// a number of bytes; empty means process.DefaultMaxFileSize.
	MaxBPMN string
	// RoadmapLimit is how long a roadmap edit may optimise, e.g. "5s";
	// empty means roadmap.DefaultLimit.
	RoadmapLimit string
	// Login limits (issue 12), each a positive whole number; empty means
	// the default of account.DefaultLimits. MaxHashes bounds the password
	// hashes running at once; LoginPairFree is the failures an (e-mail,
	// address) pair has before its growing delay; LoginPerAddress and
	// LoginPerEmail are the ceilings per client address and per e-mail
	// within the failure window.
	MaxHashes       string
	LoginPairFree   string
	LoginPerAddress string
	LoginPerEmail   string

	// BPMN model limits (issue 12): what one process model may hold, so
	// that a file inside the size limit cannot slow the shared pages.
	// Whole numbers; empty means the default of process.DefaultLimits.
	BPMNLimits BPMNLimitsConfig

	// ImportLimits bound an import file (catalogue and measurements), as
	// comma-separated name=value pairs overriding guard.DefaultLimits:
	// rows, columns, cells (counts), cell, line, file, unzipped (sizes
	// such as 128KiB, 1MiB, 512MiB). Empty means every default.
	ImportLimits string

	// BidKeyFile is the procurement server key's file (--bid-key-file,
	// TJENESTEVALG_BID_KEY_FILE): it wraps every tender's key and keys the
	// access log's MAC chain, so it is kept outside the database. Empty
	// means bid.key next to the SQLite file; with PostgreSQL serve needs
	// it unless --demo (which then uses a key that lives until the server
	// stops).
	BidKeyFile string
	// CreateBidKey makes Open create the key file (mode 0600) when it is
	// missing: serve sets it; other commands run without a key when the
	// file is not there.
	CreateBidKey bool

	// EventLogDir is the work folder where an uploaded event log lives
	// while it is imported, and is deleted from afterwards (a Noark
	// extract holds personal data) (TJENESTEVALG_EVENTLOG_DIR). Empty
	// means "eventlogs" beside the SQLite file, or a folder in the system's
	// temporary folder with PostgreSQL.
	EventLogDir string
}

// BPMNLimitsConfig holds the --max-bpmn-* settings as given.
type BPMNLimitsConfig struct {
	Processes string // --max-bpmn-processes: processes (pools)
	FlowNodes string // --max-bpmn-nodes: tasks, events, gateways, subprocesses
	Lanes     string // --max-bpmn-lanes
	Flows     string // --max-bpmn-flows: sequence and message flows
	Depth     string // --max-bpmn-depth: subprocesses inside one another
	AttrBytes string // --max-bpmn-attr: bytes of one attribute value, e.g. 16KiB
}

// ProcessLimits parses the BPMN model limits; a setting left empty takes
// its default.
func (c Config) ProcessLimits() (process.Limits, error) {
	var l process.Limits
	var errs []error
	for _, v := range []struct {
		flag, val string
		dst       *int
		max       int
	}{{"--max-bpmn-processes", c.BPMNLimits.Processes, &l.Processes, 10_000},
		{"--max-bpmn-nodes", c.BPMNLimits.FlowNodes, &l.FlowNodes, 1_000_000},
		{"--max-bpmn-lanes", c.BPMNLimits.Lanes, &l.Lanes, 100_000},
		{"--max-bpmn-flows", c.BPMNLimits.Flows, &l.Flows, 1_000_000},
		{"--max-bpmn-depth", c.BPMNLimits.Depth, &l.Depth, 100}} {
		s := strings.TrimSpace(v.val)
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 || n > v.max {
			errs = append(errs, fmt.Errorf("%s %q: a whole number from 1 to %d", v.flag, v.val, v.max))
			continue
		}
		*v.dst = n
	}
	if s := strings.TrimSpace(c.BPMNLimits.AttrBytes); s != "" {
		n, err := parseSize(s)
		if err != nil || n > process.MaxTokenSize {
			errs = append(errs, fmt.Errorf("--max-bpmn-attr %q: a positive size up to 1MiB, such as 16KiB or 4096", c.BPMNLimits.AttrBytes))
		} else {
			l.AttrBytes = int(n)
		}
	}
	return l.WithDefaults(), errors.Join(errs...)
}

// DefaultConfig is the configuration `make run` uses.
func DefaultConfig() Config {
	return Config{DB: "data/tjenestevalg.db", Addr: "localhost:8080", BaseURL: "http://localhost:8080", LogFormat: "text", LogLevel: "info"}
}

// FromEnv overrides c with TJENESTEVALG_* variables that are set.
func (c *Config) FromEnv() {
	for _, v := range []struct {
		name string
		dst  *string
	}{{"TJENESTEVALG_DB", &c.DB}, {"TJENESTEVALG_ADDR", &c.Addr}, {"TJENESTEVALG_BASE_URL", &c.BaseURL},
		{"TJENESTEVALG_LOG_FORMAT", &c.LogFormat}, {"TJENESTEVALG_LOG_LEVEL", &c.LogLevel},
		{"TJENESTEVALG_TRUSTED_PROXIES", &c.TrustedProxies}, {"TJENESTEVALG_MAX_BPMN", &c.MaxBPMN},
		{"TJENESTEVALG_ROADMAP_TIME_LIMIT", &c.RoadmapLimit},
		{"TJENESTEVALG_MAX_HASHES", &c.MaxHashes}, {"TJENESTEVALG_LOGIN_PAIR_FREE", &c.LoginPairFree},
		{"TJENESTEVALG_LOGIN_PER_ADDRESS", &c.LoginPerAddress}, {"TJENESTEVALG_LOGIN_PER_EMAIL", &c.LoginPerEmail},
		{"TJENESTEVALG_MAX_BPMN_PROCESSES", &c.BPMNLimits.Processes}, {"TJENESTEVALG_MAX_BPMN_NODES", &c.BPMNLimits.FlowNodes}, {"TJENESTEVALG_MAX_BPMN_LANES", &c.BPMNLimits.Lanes},
		{"TJENESTEVALG_MAX_BPMN_FLOWS", &c.BPMNLimits.Flows}, {"TJENESTEVALG_MAX_BPMN_DEPTH", &c.BPMNLimits.Depth},
		{"TJENESTEVALG_MAX_BPMN_ATTR", &c.BPMNLimits.AttrBytes}} {
		if s, ok := os.LookupEnv(v.name); ok && s != "" {
			*v.dst = s
		}
	}
	if s := os.Getenv("TJENESTEVALG_IMPORT_LIMITS"); s != "" {
		c.ImportLimits = s
	}
	if s := os.Getenv("TJENESTEVALG_BID_KEY_FILE"); s != "" {
		c.BidKeyFile = s
	}
	if s := os.Getenv("TJENESTEVALG_EVENTLOG_DIR"); s != "" {
		c.EventLogDir = s
	}
}

// EventLogPath is the event logs' work folder: EventLogDir, else
// "eventlogs" beside the SQLite file; "" (the wiring's default in the
// temporary folder) with PostgreSQL.
func (c Config) EventLogPath() string {
	if c.EventLogDir != "" || c.Postgres() {
		return c.EventLogDir
	}
	return filepath.Join(filepath.Dir(strings.TrimPrefix(c.DB, "sqlite:")), "eventlogs")
}

// Postgres reports whether the database is PostgreSQL.
func (c Config) Postgres() bool {
	return strings.HasPrefix(c.DB, "postgres://") || strings.HasPrefix(c.DB, "postgresql://")
}

// Validate checks the configuration.
func (c Config) Validate() error {
	var errs []error
	if c.DB == "" {
		errs = append(errs, errors.New("--db: a SQLite file or a postgres:// DSN is required"))
	}
	if !strings.HasPrefix(c.BaseURL, "http://") && !strings.HasPrefix(c.BaseURL, "https://") {
		errs = append(errs, fmt.Errorf("--base-url %q: must start with http:// or https://", c.BaseURL))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("--log-format %q: text or json", c.LogFormat))
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.LogLevel)); err != nil {
		errs = append(errs, fmt.Errorf("--log-level %q: debug, info, warn or error", c.LogLevel))
	}
	if _, err := c.Proxies(); err != nil {
		errs = append(errs, err)
	}
	if _, err := c.MaxBPMNBytes(); err != nil {
		errs = append(errs, err)
	}
	if _, err := c.RoadmapTimeLimit(); err != nil {
		errs = append(errs, err)
	}
	if _, err := c.AccountLimits(); err != nil {
		errs = append(errs, err)
	}
	if _, err := c.ProcessLimits(); err != nil {
		errs = append(errs, err)
	}
	if _, err := c.ImportLimitsValue(); err != nil {
		errs = append(errs, err)
	}
	if c.CreateBidKey && c.Postgres() && c.BidKeyFile == "" && !c.Demo {
		errs = append(errs, errors.New("--bid-key-file: required with PostgreSQL (the key that seals bids is kept outside the database)"))
	}
	return errors.Join(errs...)
}

// AccountLimits are account.DefaultLimits with the login settings that are
// set: each a whole number from 1 to 100 000.
func (c Config) AccountLimits() (account.Limits, error) {
	l := account.DefaultLimits
	var errs []error
	for _, v := range []struct {
		flag, s string
		dst     *int
	}{{"--max-hashes", c.MaxHashes, &l.MaxHashes}, {"--login-pair-free", c.LoginPairFree, &l.PairFree},
		{"--login-per-address", c.LoginPerAddress, &l.MaxFailuresIP}, {"--login-per-email", c.LoginPerEmail, &l.MaxFailuresEmail}} {
		s := strings.TrimSpace(v.s)
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100_000 {
			errs = append(errs, fmt.Errorf("%s %q: a whole number from 1 to 100000", v.flag, v.s))
			continue
		}
		*v.dst = n
	}
	return l, errors.Join(errs...)
}

// RoadmapTimeLimit parses RoadmapLimit: a duration from 100 ms to 10 min.
func (c Config) RoadmapTimeLimit() (time.Duration, error) {
	s := strings.TrimSpace(c.RoadmapLimit)
	if s == "" {
		return roadmap.DefaultLimit, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 100*time.Millisecond || d > 10*time.Minute {
		return 0, fmt.Errorf("--roadmap-time-limit %q: a duration from 100ms to 10m, such as 5s", c.RoadmapLimit)
	}
	return d, nil
}

// MaxBPMNBytes parses MaxBPMN: a number of bytes, or of KiB or MiB with
// that suffix. 0 means the default.
func (c Config) MaxBPMNBytes() (int64, error) {
	s := strings.TrimSpace(c.MaxBPMN)
	if s == "" {
		return 0, nil
	}
	n, err := parseSize(s)
	if err != nil {
		return 0, fmt.Errorf("--max-bpmn %q: a positive size such as 10MiB, 512KiB or 1000000", c.MaxBPMN)
	}
	return n, nil
}

// parseSize reads a positive number of bytes, or of KiB or MiB with that
// suffix, up to 1 TiB.
func parseSize(s string) (int64, error) {
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		n      int64
	}{{"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.n
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > (1<<40)/mult {
		return 0, errors.New("not a positive size")
	}
	return n * mult, nil
}

// ImportLimitsValue parses ImportLimits: "rows=250000,cell=256KiB" …;
// fields not named keep guard.DefaultLimits.
func (c Config) ImportLimitsValue() (guard.Limits, error) {
	l := guard.DefaultLimits
	bad := func(part string) error {
		return fmt.Errorf("--import-limits %q: name=value pairs of rows, columns, cells (positive counts), cell, line, file, unzipped (sizes such as 128KiB, 1MiB, 512MiB)", part)
	}
	for part := range strings.SplitSeq(c.ImportLimits, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, value, ok := strings.Cut(part, "=")
		name = strings.TrimSpace(name)
		if !ok {
			return l, bad(part)
		}
		n, err := parseImportSize(strings.TrimSpace(value))
		if err != nil || n > math.MaxInt32 && name != "file" && name != "unzipped" {
			return l, bad(part)
		}
		switch name {
		case "rows":
			l.Rows = int(n)
		case "columns":
			l.Columns = int(n)
		case "cells":
			l.Cells = int(n)
		case "cell":
			l.CellBytes = int(n)
		case "line":
			l.LineBytes = int(n)
		case "file":
			l.FileBytes = n
		case "unzipped":
			l.UnzippedBytes = n
		default:
			return l, bad(part)
		}
	}
	return l, nil
}

// parseImportSize reads a positive number, of bytes with a KiB, MiB or
// GiB suffix.
func parseImportSize(s string) (int64, error) {
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		n      int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.n
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > (1<<40)/mult {
		return 0, errors.New("not a positive size")
	}
	return n * mult, nil
}

// Proxies parses TrustedProxies: addresses or CIDR networks, comma-separated.
func (c Config) Proxies() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for part := range strings.SplitSeq(c.TrustedProxies, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			a, aerr := netip.ParseAddr(part)
			if aerr != nil {
				return nil, fmt.Errorf("--trusted-proxies %q: not an address or a CIDR network", part)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// Logger builds the structured logger the configuration asks for.
func (c Config) Logger() *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(c.LogLevel))
	opts := &slog.HandlerOptions{Level: lvl}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

// App is the running application.
type App struct {
	Config Config
	DB     *sqlstore.DB
	Clock  domain.Clock
	Logger *slog.Logger
	// Managers are the modules' managers over DB.
	wiring.Managers
	Web *web.Server
	// serverKey is the procurement server key, read once by Open.
	serverKey []byte
	// background is what event-log imports run under; Close cancels it.
	background context.Context
	stop       context.CancelFunc
}

// options are the configuration's options with the server key and the
// imports' context.
func (a *App) options() wiring.Options {
	opt := a.Config.Options()
	opt.ServerKey = a.serverKey
	opt.Background = a.background
	return opt
}

// OpenDB opens the configured database and applies its migrations; its
// stores read time from clock (nil for the system clock).
func OpenDB(ctx context.Context, c Config, clock domain.Clock) (*sqlstore.DB, error) {
	if c.Postgres() {
		return postgres.Open(ctx, c.DB, clock)
	}
	return sqlite.Open(ctx, strings.TrimPrefix(c.DB, "sqlite:"), clock)
}

// BidKeyPath is the server key file's path: --bid-key-file, else bid.key
// in the SQLite file's directory; "" with PostgreSQL and no flag.
func (c Config) BidKeyPath() string {
	if c.BidKeyFile != "" || c.Postgres() {
		return c.BidKeyFile
	}
	return filepath.Join(filepath.Dir(strings.TrimPrefix(c.DB, "sqlite:")), "bid.key")
}

// loadBidKey reads the server key once (creating its file when
// CreateBidKey); nil when the file is missing and not to be created, and
// a fresh key for a PostgreSQL demo without a key file.
func (c Config) loadBidKey(logger *slog.Logger) ([]byte, error) {
	path := c.BidKeyPath()
	if path == "" {
		if !c.Demo || !c.CreateBidKey {
			return nil, nil
		}
		k, err := seal.NewKey()
		if err != nil {
			return nil, err
		}
		if logger != nil {
			logger.Warn("no --bid-key-file: the demo seals bids with a key that is lost when the server stops")
		}
		return k[:], nil
	}
	if c.CreateBidKey {
		// A clean clone has no data/ yet: the key is made before the
		// database, which would create the directory only afterwards.
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, fmt.Errorf("--bid-key-file: %w", err)
		}
	}
	k, err := seal.LoadKeyFile(path, c.CreateBidKey)
	if err != nil {
		if !c.CreateBidKey && errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("--bid-key-file: %w", err)
	}
	return k[:], nil
}

// Options are the managers' limits from the configuration, which Validate
// has checked.
func (c Config) Options() wiring.Options {
	maxBPMN, _ := c.MaxBPMNBytes()
	limit, _ := c.RoadmapTimeLimit()
	limits, _ := c.AccountLimits()
	bpmnLimits, _ := c.ProcessLimits()
	importLimits, _ := c.ImportLimitsValue()
	return wiring.Options{MaxBPMN: maxBPMN, RoadmapLimit: limit, AccountLimits: limits, BaseURL: c.BaseURL,
		BPMNLimits: bpmnLimits, ImportLimits: importLimits, EventLogDir: c.EventLogPath()}
}

// Open builds the application on the configured database. clock may be nil
// for the system clock.
func Open(ctx context.Context, c Config, logger *slog.Logger, clock domain.Clock) (*App, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if clock == nil {
		clock = domain.SystemClock{}
	}
	proxies, _ := c.Proxies() // checked by Validate
	// Checked by Validate too.
	importLimits, _ := c.ImportLimitsValue()
	key, err := c.loadBidKey(logger)
	if err != nil {
		return nil, err
	}
	db, err := OpenDB(ctx, c, clock)
	if err != nil {
		return nil, err
	}
	a := &App{Config: c, DB: db, Clock: clock, Logger: logger, serverKey: key}
	a.background, a.stop = context.WithCancel(context.Background())
	a.Managers = wiring.New(db, clock, a.options())
	a.Web, err = web.New(web.Deps{
		Catalogue: a.Catalogue, Accounts: a.Accounts, Processes: a.Processes, Benefits: a.Benefits,
		Realisation: a.Realisation, Priority: a.Priority, Roadmaps: a.Roadmaps, Imports: a.Imports,
		Procurement: a.Procurement, EventLogs: a.Eventlogs,
		Clock: clock, Logger: logger,
		Health:         func(ctx context.Context) error { return db.SQL().PingContext(ctx) },
		SecureCookies:  strings.HasPrefix(c.BaseURL, "https://"),
		Demo:           c.Demo,
		TrustedProxies: proxies,
		ImportLimits:   importLimits,
	})
	if err != nil {
		a.stop()
		db.Close()
		return nil, err
	}
	return a, nil
}

// Close stops the running event-log imports (they resume at the next
// start) and releases the database.
func (a *App) Close() error {
	a.stop()
	a.Eventlogs.Close()
	return a.DB.Close()
}

// Handler is the HTTP handler of the whole application.
func (a *App) Handler() http.Handler { return a.Web.Handler() }

// LoadDemo loads the Fosen demo unless it is there already, and reports
// whether it loaded it. The demo lands in one transaction: a load that
// fails halfway leaves nothing, and the next start tries again. The
// managers over the transaction are wired as the application's are.
func (a *App) LoadDemo(ctx context.Context) (bool, error) {
	ok, err := demo.Loaded(ctx, a.DB.Catalogue())
	if err != nil || ok {
		return false, err
	}
	err = a.DB.Atomic(ctx, func(tx *sqlstore.DB) error {
		return demo.LoadAll(ctx, tx.Catalogue(), wiring.New(tx, a.Clock, a.options()), a.Clock.Now())
	})
	if domain.KindOf(err) == domain.KindConflict {
		return false, nil // another server loaded it at the same moment
	}
	return err == nil, err
}

// remind tells the owners of benefit indicators whose measurement is due,
// now and then every interval until ctx ends. Several servers may run it:
// a notification is stored once per indicator and due date.
func (a *App) remind(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := a.Realisation.NotifyDue(ctx, a.Clock.Now()); err != nil {
			if ctx.Err() != nil {
				return
			}
			a.Logger.Error("measurement reminders", "err", err)
		} else if n > 0 {
			a.Logger.Info("measurement reminders", "sent", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// sendMail delivers the procurement outbox's due e-mails (award letters),
// now and then every interval until ctx ends. Several servers may run it:
// the store leases each mail to one of them.
func (a *App) sendMail(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := a.Procurement.SendDueMail(ctx, a.Clock.Now()); err != nil {
			if ctx.Err() != nil {
				return
			}
			a.Logger.Error("procurement outbox", "err", err)
		} else if n > 0 {
			a.Logger.Info("procurement outbox", "sent", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// resumeImports takes over, every interval until ctx ends, the event-log
// imports whose server went away without finishing them (their lease has
// ended; see eventlog.ImportLease). Serve has resumed this server's own
// at start.
func (a *App) resumeImports(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := a.Eventlogs.Resume(ctx); err != nil && ctx.Err() == nil {
			a.Logger.Error("event log imports: resuming", "err", err)
		}
	}
}

// Serve listens on the configured address until ctx ends, then shuts down
// gracefully. ready, if not nil, receives the listening address.
func (a *App) Serve(ctx context.Context, ready func(addr string)) error {
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: a.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute}
	// Imports the last server left running go on (or fail when their file
	// is gone).
	if err := a.Eventlogs.Resume(ctx); err != nil {
		ln.Close()
		return err
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	go a.remind(ctx, time.Hour)
	go a.sendMail(ctx, time.Minute)
	go a.resumeImports(ctx, eventlog.ImportLease/2)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shut)
}
