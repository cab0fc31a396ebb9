package e2e_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tjenestevalg/tjenestevalg/internal/app"
)

const (
	// demoPassword is every demo user's password (internal/demo).
	demoPassword = "fosen-demo-2017"
	// tabTimeout bounds each scenario: one browser tab, all its steps. It
	// catches a hang, not a slow page: the race detector and the other
	// packages' tests share the machine's two cores with the browser.
	tabTimeout = 180 * time.Second
)

// Shared by the scenarios: one application and one browser for the test
// binary, each scenario in its own tab and browser context (own cookies).
var (
	baseURL    string
	browserCtx context.Context
	axeSource  string
	skipReason string // set when the browser tests cannot run here
	audit      auditLog
)

func TestMain(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	chromium := cmp.Or(os.Getenv("TEST_CHROMIUM"), "/usr/bin/chromium")
	axePath := cmp.Or(os.Getenv("TEST_AXE"), filepath.Join("..", "..", "web", "node_modules", "axe-core", "axe.min.js"))
	var missing []string
	if _, err := os.Stat(chromium); err != nil {
		missing = append(missing, fmt.Sprintf("Chromium at %s (apt-get install chromium, or set TEST_CHROMIUM)", chromium))
	}
	src, err := os.ReadFile(axePath)
	if err != nil {
		missing = append(missing, fmt.Sprintf("axe-core at %s (cd web && npm ci, or set TEST_AXE)", axePath))
	}
	if len(missing) > 0 {
		skipReason = "browser tests need " + strings.Join(missing, " and ")
		if os.Getenv("TEST_REQUIRE_BROWSER") == "1" {
			fmt.Fprintln(os.Stderr, "e2e: TEST_REQUIRE_BROWSER=1, but the "+skipReason)
			return 1
		}
		return m.Run()
	}
	axeSource = string(src)

	dir, err := os.MkdirTemp("", "tjenestevalg-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)

	stopApp, err := startApp(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: start the application:", err)
		return 1
	}
	defer stopApp()

	stopBrowser, err := startBrowser(chromium, filepath.Join(dir, "chromium-profile"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: start Chromium:", err)
		return 1
	}
	defer stopBrowser()
	return m.Run()
}

// startApp opens the application on a SQLite file in dir, loads the demo
// and serves it on a free port of 127.0.0.1.
func startApp(dir string) (stop func(), err error) {
	ctx := context.Background()
	cfg := app.DefaultConfig()
	cfg.DB = filepath.Join(dir, "e2e.db")
	cfg.Addr = "127.0.0.1:0"
	cfg.BaseURL = "http://127.0.0.1"
	cfg.Demo = true
	// Room to prove the small demo roadmap optimal under the race
	// detector on a loaded machine (natively it takes milliseconds).
	cfg.RoadmapLimit = "2m"
	cfg.CreateBidKey = true // tenders need the server key
	// Warnings and errors (internal errors of handlers) are logged, so a
	// failing scenario shows them; E2E_LOG=1 logs every request too.
	level := slog.LevelWarn
	if os.Getenv("E2E_LOG") == "1" {
		level = slog.LevelInfo
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	a, err := app.Open(ctx, cfg, logger, nil)
	if err != nil {
		return nil, err
	}
	if _, err := a.LoadDemo(ctx); err != nil {
		a.Close()
		return nil, fmt.Errorf("load the demo: %w", err)
	}
	theApp = a
	a.Accounts.SetResetDelivery(resetMails, cfg.BaseURL) // the reset scenario reads its links
	sctx, cancel := context.WithCancel(ctx)
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- a.Serve(sctx, func(addr string) { ready <- addr }) }()
	select {
	case addr := <-ready:
		baseURL = "http://" + addr
	case err := <-done:
		cancel()
		a.Close()
		return nil, err
	}
	return func() {
		cancel()
		if err := <-done; err != nil {
			fmt.Fprintln(os.Stderr, "e2e: serve:", err)
		}
		a.Close()
	}, nil
}

// syncBuffer collects Chromium's output, shown when it does not start.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startBrowser starts one headless Chromium for the package. The network
// is closed, so everything that phones home is off.
func startBrowser(execPath, profile string) (stop func(), err error) {
	var out syncBuffer
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.UserDataDir(profile),
		chromedp.Headless,
		chromedp.NoSandbox, // runs as root in containers
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter,AutofillServerCommunication"),
		// A Norwegian user's browser: the app picks bokmål from Accept-Language.
		chromedp.Flag("lang", "nb-NO"),
		chromedp.Flag("accept-lang", "nb-NO,nb,no,en"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(&out),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	stop = func() { cancelBrowser(); cancelAlloc() }
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err = <-started:
	case <-time.After(60 * time.Second):
		err = errors.New("no answer within 60 s")
	}
	if err != nil {
		stop()
		return nil, fmt.Errorf("%w\n%s", err, out.String())
	}
	browserCtx = ctx
	return stop, nil
}

// screenshot writes docs/screenshots/name.png, the 1280×900 viewport,
// when E2E_SCREENSHOTS=1.
func (b *tab) screenshot(name string) {
	b.t.Helper()
	if os.Getenv("E2E_SCREENSHOTS") != "1" {
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := filepath.Join("..", "..", "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// jsString quotes s for JavaScript.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestBrowser runs the scenarios, each in its own tab, in parallel, then
// checks that every kind of page was checked by axe and logs the list.
func TestBrowser(t *testing.T) {
	if skipReason != "" {
		t.Skip(skipReason)
	}
	start := time.Now()
	t.Run("scenarios", func(t *testing.T) {
		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) {
				t.Parallel()
				sc.run(t)
			})
		}
	})
	t.Logf("axe checked %d pages in %s (kind, violations, URL):\n%s", audit.len(), time.Since(start).Round(time.Millisecond), audit.String())
	if t.Failed() || flag.Lookup("test.run").Value.String() != "" {
		return // a partial run checks only some pages
	}
	got := audit.kinds()
	for _, k := range requiredPages {
		if !got[k] {
			t.Errorf("no scenario checked the page %q with axe", k)
		}
	}
}

// TestCheckersFindProblems shows that the checks can fail: axe, the
// duplicate ids and the reflow check each find a planted problem.
func TestCheckersFindProblems(t *testing.T) {
	if skipReason != "" {
		t.Skip(skipReason)
	}
	b := newTab(t)
	b.open("login", "/login")
	// Styles are set through the CSSOM: the CSP refuses style attributes.
	evalJS[bool](b, `(() => {
	  const m = document.querySelector('main');
	  m.insertAdjacentHTML('beforeend', '<img src="/static/none.png"><input type="text"><span id="f-email"></span>');
	  const faint = document.createElement('p');
	  faint.textContent = 'Lav kontrast';
	  faint.style.color = '#bbb';
	  const wide = document.createElement('div');
	  wide.textContent = 'Bred';
	  wide.style.width = '600px';
	  m.append(faint, wide);
	  return true;
	})()`)
	var rules []string
	for _, v := range b.runAxe().Violations {
		rules = append(rules, v.ID)
	}
	for _, want := range []string{"image-alt", "label", "color-contrast"} {
		if !slices.Contains(rules, want) {
			t.Errorf("axe found %q, want %s among them", rules, want)
		}
	}
	if dups := evalJS[[]string](b, duplicateIDsJS); !slices.Equal(dups, []string{"f-email"}) {
		t.Errorf("duplicate ids found: %q, want f-email", dups)
	}
	b.do("narrow the viewport", chromedp.EmulateViewport(320, 800))
	b.waitFor("a 320 px viewport", `innerWidth === 320`)
	if over := evalJS[[]string](b, reflowJS); len(over) == 0 {
		t.Errorf("the reflow check found nothing wider than 320 px")
	}
}
