package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/app"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/demo"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// env is one app with the Fosen demo loaded, shared by the tests of this
// package, plus a supplier and an evaluator (the demo has neither).
type env struct {
	app   *app.App
	srv   *httptest.Server
	dir   string
	model domain.ID // the to-be process of byggesak-ettrinns
}

var shared *env

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tjenestevalg-web-")
	if err != nil {
		panic(err)
	}
	code := func() int {
		ctx := context.Background()
		cfg := app.DefaultConfig()
		cfg.DB = filepath.Join(dir, "web.db")
		cfg.Demo = true
		a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
		if err != nil {
			panic(err)
		}
		defer a.Close()
		if _, err := a.LoadDemo(ctx); err != nil {
			panic(err)
		}
		c, err := a.DB.Catalogue().CollaborationBySlug(ctx, demo.Slug)
		if err != nil {
			panic(err)
		}
		sys := domain.SystemPrincipal(c.ID)
		for _, u := range []struct {
			email string
			role  domain.Role
		}{{"leverandor@firma.example", domain.RoleSupplier}, {"evaluator@fosen.example", domain.RoleEvaluator}} {
			if _, err := a.Accounts.CreateUser(ctx, sys, account.NewUser{Email: u.email, Name: string(u.role), Password: demo.Password,
				Grants: []domain.Grant{{Role: u.role}}}); err != nil {
				panic(err)
			}
		}
		bpmn, err := os.ReadFile(filepath.Join("..", "process", "testdata", "byggesak-default.bpmn"))
		if err != nil {
			panic(err)
		}
		model, _, err := a.Processes.Save(ctx, sys, "byggesak-ettrinns", process.ToBe, 0, bpmn, "Første utkast", 0)
		if err != nil {
			panic(err)
		}
		srv := httptest.NewServer(a.Handler())
		defer srv.Close()
		shared = &env{app: a, srv: srv, dir: dir, model: model.ID}
		return m.Run()
	}()
	os.RemoveAll(dir)
	os.Exit(code)
}

// client is a browser-like session: cookies, the CSRF token, no redirects followed.
type client struct {
	t    *testing.T
	base string
	jar  map[string]*http.Cookie
	csrf string
	http *http.Client
}

var metaCSRF = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

func newClient(t *testing.T) *client {
	t.Helper()
	c := &client{t: t, base: shared.srv.URL, jar: map[string]*http.Cookie{},
		http: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	c.get("/login") // the anonymous CSRF cookie and token
	return c
}

// login opens a session as email, or fails the test.
func login(t *testing.T, email string) *client {
	t.Helper()
	c := newClient(t)
	res, _ := c.post("/login", url.Values{"email": {email}, "password": {demo.Password}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: status %d", email, res.StatusCode)
	}
	c.get("/accessibility") // the session's CSRF token
	return c
}

func (c *client) do(req *http.Request) (*http.Response, string) {
	c.t.Helper()
	for _, ck := range c.jar {
		req.AddCookie(ck)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	for _, ck := range res.Cookies() {
		if ck.MaxAge < 0 {
			delete(c.jar, ck.Name)
		} else {
			c.jar[ck.Name] = ck
		}
	}
	if m := metaCSRF.FindSubmatch(b); m != nil {
		c.csrf = string(m[1])
	}
	return res, string(b)
}

func (c *client) get(path string) (*http.Response, string) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	return c.do(req)
}

func (c *client) post(path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if form.Get("csrf_token") == "" {
		form.Set("csrf_token", c.csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func (c *client) send(method, path, contentType, body string) (*http.Response, string) {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.base+path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("X-CSRF-Token", c.csrf)
	return c.do(req)
}

// municipality returns the demo municipality with the given number.
func municipality(t *testing.T, number string) catalogue.Municipality {
	t.Helper()
	ctx := context.Background()
	c, err := shared.app.DB.Catalogue().CollaborationBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	list, err := shared.app.DB.Catalogue().Municipalities(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		if m.Number == number {
			return m
		}
	}
	t.Fatalf("no municipality %s", number)
	return catalogue.Municipality{}
}

func idOf(m catalogue.Municipality) string { return strconv.FormatInt(m.ID, 10) }
