package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/app/wiring"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/demo"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlite"
)

// setupEnv is a server over the Fosen demo's catalogue, users and
// prioritisation (no processes or benefits), with the setup routes
// registered even before the route table names them.
type setupEnv struct {
	srv    *httptest.Server
	pri    *priority.Manager
	cat    *catalogue.Manager
	collab domain.ID
	munis  map[string]catalogue.Municipality // by name
}

func newSetupEnv(t *testing.T) *setupEnv {
	t.Helper()
	ctx := context.Background()
	clock := domain.SystemClock{}
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "setup.db"), clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	m := wiring.New(db, clock, wiring.Options{})
	cat, acc, pri := m.Catalogue, m.Accounts, m.Priority
	if err := demo.Load(ctx, db.Catalogue(), cat, acc); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadPriority(ctx, db.Catalogue(), acc, pri); err != nil {
		t.Fatal(err)
	}
	s, err := New(Deps{Catalogue: cat, Accounts: acc, Priority: pri, Clock: clock,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	c, err := db.Catalogue().CollaborationBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	list, err := db.Catalogue().Municipalities(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	e := &setupEnv{srv: srv, pri: pri, cat: cat, collab: c.ID, munis: map[string]catalogue.Municipality{}}
	for _, m := range list {
		if m.ValidTo != nil || e.munis[m.Name].ID == 0 {
			e.munis[m.Name] = m
		}
	}
	return e
}

type setupClient struct {
	t    *testing.T
	base string
	http *http.Client
	csrf string
}

var setupCSRF = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

func (e *setupEnv) login(t *testing.T, email string) *setupClient {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &setupClient{t: t, base: e.srv.URL, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	c.get("/login")
	if st, body := c.post("/login", url.Values{"email": {email}, "password": {demo.Password}, "next": {"/accessibility"}}); st != http.StatusSeeOther {
		t.Fatalf("login %s: %d %.300s", email, st, body)
	}
	c.get("/accessibility")
	return c
}

func (c *setupClient) do(req *http.Request) (int, string, http.Header) {
	c.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if m := setupCSRF.FindSubmatch(b); m != nil {
		c.csrf = string(m[1])
	}
	return res.StatusCode, string(b), res.Header
}

func (c *setupClient) get(path string) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	st, body, _ := c.do(req)
	return st, body
}

func (c *setupClient) post(path string, form url.Values) (int, string) {
	c.t.Helper()
	form.Set("csrf_token", c.csrf)
	req, _ := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	st, body, h := c.do(req)
	if st == http.StatusSeeOther {
		return c.getAfter(st, h.Get("Location"))
	}
	return st, body
}

// getAfter follows a redirect, keeping its status for the caller to see.
func (c *setupClient) getAfter(status int, location string) (int, string) {
	c.t.Helper()
	st, body := c.get(location)
	if st != http.StatusOK {
		c.t.Fatalf("after redirect to %s: status %d", location, st)
	}
	return status, body
}

func wantIn(t *testing.T, body string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Errorf("the page lacks %q", p)
		}
	}
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

func mustAtoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
