package app

import (
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/demo"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/roadmap"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer/guard"
)

func TestConfigValidate(t *testing.T) {
	ok := DefaultConfig()
	ok.TrustedProxies = "10.0.0.0/8, 192.0.2.7"
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid config: %v", err)
	}
	p, _ := ok.Proxies()
	if len(p) != 2 || p[1].String() != "192.0.2.7/32" {
		t.Errorf("proxies %v", p)
	}
	for _, c := range []struct {
		mutate func(*Config)
		want   string
	}{
		{func(c *Config) { c.DB = "" }, "--db"},
		{func(c *Config) { c.BaseURL = "localhost:8080" }, "--base-url"},
		{func(c *Config) { c.LogFormat = "xml" }, "--log-format"},
		{func(c *Config) { c.LogLevel = "loud" }, "--log-level"},
		{func(c *Config) { c.TrustedProxies = "10.0.0.0/33" }, "--trusted-proxies"},
		{func(c *Config) { c.RoadmapLimit = "forever" }, "--roadmap-time-limit"},
		{func(c *Config) { c.RoadmapLimit = "50ms" }, "--roadmap-time-limit"},
		{func(c *Config) { c.MaxHashes = "0" }, "--max-hashes"},
		{func(c *Config) { c.LoginPerAddress = "many" }, "--login-per-address"},
		{func(c *Config) { c.LoginPerEmail = "-3" }, "--login-per-email"},
		{func(c *Config) { c.LoginPairFree = "1e3" }, "--login-pair-free"},
	} {
		cfg := DefaultConfig()
		c.mutate(&cfg)
		if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Validate() = %v, want an error naming %s", err, c.want)
		}
	}
	if d, err := (Config{RoadmapLimit: "30s"}).RoadmapTimeLimit(); err != nil || d != 30*time.Second {
		t.Errorf("RoadmapTimeLimit(30s) = %v, %v", d, err)
	}
	if d, _ := ok.RoadmapTimeLimit(); d != roadmap.DefaultLimit {
		t.Errorf("the default roadmap limit is %v", d)
	}
	if l, err := (Config{MaxHashes: "3", LoginPerAddress: " 250 ", LoginPerEmail: "40", LoginPairFree: "4"}).AccountLimits(); err != nil ||
		l.MaxHashes != 3 || l.MaxFailuresIP != 250 || l.MaxFailuresEmail != 40 || l.PairFree != 4 || l.SessionIdle != account.DefaultLimits.SessionIdle {
		t.Errorf("AccountLimits = %+v, %v", l, err)
	}
	if l, _ := ok.AccountLimits(); l != account.DefaultLimits {
		t.Errorf("the default login limits are %+v", l)
	}
	if !(Config{DB: "postgres://x/y"}).Postgres() || (Config{DB: "data/t.db"}).Postgres() {
		t.Error("Postgres() does not tell a DSN from a file")
	}
}

// The import limits: defaults when unset, named fields overriding them,
// and a clear error for a bad setting.
func TestConfigImportLimits(t *testing.T) {
	l, err := DefaultConfig().ImportLimitsValue()
	if err != nil || l != guard.DefaultLimits {
		t.Fatalf("unset: %+v, %v", l, err)
	}
	c := DefaultConfig()
	c.ImportLimits = "rows=500000, cell=256KiB,unzipped=1GiB"
	l, err = c.ImportLimitsValue()
	want := guard.DefaultLimits
	want.Rows, want.CellBytes, want.UnzippedBytes = 500_000, 256<<10, 1<<30
	if err != nil || l != want {
		t.Fatalf("%q: %+v, %v", c.ImportLimits, l, err)
	}
	// The limits reach the wiring, which reads catalogue imports with them.
	if got := c.Options().ImportLimits; got != want {
		t.Fatalf("Options().ImportLimits = %+v, want %+v", got, want)
	}
	for _, bad := range []string{"rows", "rows=0", "rows=-1", "cell=big", "colums=10", "columns=1TiB"} {
		c.ImportLimits = bad
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "--import-limits") {
			t.Errorf("%q: %v, want an error naming --import-limits", bad, err)
		}
	}
}

// TestLoadDemoWiring opens the application on a clock of its own and
// loads the demo over a transaction wired like the application: the
// stored timestamps are the clock's (the store reads the injected clock),
// the one transaction raised the data version once, and a second load
// finds the demo there.
func TestLoadDemoWiring(t *testing.T) {
	ctx := t.Context()
	cfg := DefaultConfig()
	cfg.DB = filepath.Join(t.TempDir(), "demo.db")
	// The demo's rounds have real dates, so the clock stands at today, but
	// to the second: the wall clock would be some way past it.
	now := time.Now().UTC().Truncate(time.Second).Add(-time.Second)
	a, err := Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), domain.NewManualClock(now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if loaded, err := a.LoadDemo(ctx); err != nil || !loaded {
		t.Fatalf("LoadDemo = %v, %v; want loaded", loaded, err)
	}
	c, err := a.DB.Catalogue().CollaborationBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	services, err := a.DB.Catalogue().Services(ctx, c.ID)
	if err != nil || len(services) == 0 {
		t.Fatalf("demo services = %d, %v", len(services), err)
	}
	for _, s := range services {
		if !s.UpdatedAt.Equal(now) {
			t.Fatalf("service %s updated at %v, want the application's clock %v", s.Slug, s.UpdatedAt, now)
		}
	}
	if v, err := a.DB.Catalogue().DataVersion(ctx, c.ID); err != nil || v != 1 {
		t.Errorf("data version after the demo's one transaction = %d, %v; want 1", v, err)
	}
	if loaded, err := a.LoadDemo(ctx); err != nil || loaded {
		t.Errorf("second LoadDemo = %v, %v; want not loaded again", loaded, err)
	}
}

// The BPMN model limits come from flags or the environment, are checked by
// Validate, and reach the process manager through Options.
func TestBPMNLimitsConfig(t *testing.T) {
	t.Setenv("TJENESTEVALG_MAX_BPMN_NODES", "8000")
	t.Setenv("TJENESTEVALG_MAX_BPMN_ATTR", "4KiB")
	c := DefaultConfig()
	c.FromEnv()
	c.BPMNLimits.Lanes = "50"
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	want := process.DefaultLimits
	want.FlowNodes, want.AttrBytes, want.Lanes = 8000, 4096, 50
	if got := c.Options().BPMNLimits; got != want {
		t.Errorf("options %+v, want %+v", got, want)
	}
	c.DB = filepath.Join(t.TempDir(), "t.db")
	a, err := Open(t.Context(), c, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if got := a.Processes.Limits(); got != want {
		t.Errorf("the process manager has %+v, want %+v", got, want)
	}
	for _, bad := range []struct {
		mutate func(*Config)
		want   string
	}{
		{func(c *Config) { c.BPMNLimits.FlowNodes = "0" }, "--max-bpmn-nodes"},
		{func(c *Config) { c.BPMNLimits.Flows = "many" }, "--max-bpmn-flows"},
		{func(c *Config) { c.BPMNLimits.Depth = "101" }, "--max-bpmn-depth"},
		{func(c *Config) { c.BPMNLimits.Processes = "-1" }, "--max-bpmn-processes"},
		{func(c *Config) { c.BPMNLimits.AttrBytes = "2MiB" }, "--max-bpmn-attr"},
	} {
		cfg := DefaultConfig()
		bad.mutate(&cfg)
		if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("Validate = %v, want an error naming %s", err, bad.want)
		}
	}
}
