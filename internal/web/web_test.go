package web_test

import (
	"context"
	"fmt"
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
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/realisation"
)

// env is one app with the Fosen demo loaded, shared by the tests of this
// package, plus a supplier and an evaluator (the demo has neither).
type env struct {
	app   *app.App
	srv   *httptest.Server
	dir   string
	model domain.ID // the to-be process of byggesak-ettrinns
	// An obstacle and a requirement of byggesak-ettrinns.
	obstacle, requirement domain.ID
	// byggesak-ettrinns's realisation plan has this indicator, owned by the
	// programme lead.
	indicator domain.ID
	// The demo's first (closed) scoring round, and a decision to approve.
	round, decision domain.ID
}

// processFixtures makes sure byggesak-ettrinns has a to-be process (the
// demo's, or a test file), an obstacle on one of its steps and derived
// requirements.
func processFixtures(ctx context.Context, a *app.App, sys domain.Principal) (*env, error) {
	const slug = "byggesak-ettrinns"
	o, err := a.Processes.Overview(ctx, sys, slug)
	if err != nil {
		return nil, err
	}
	e := &env{}
	if o.ToBe != nil {
		e.model = o.ToBe.ID
	} else {
		bpmn, err := os.ReadFile(filepath.Join("..", "process", "testdata", "byggesak-default.bpmn"))
		if err != nil {
			return nil, err
		}
		model, _, err := a.Processes.Save(ctx, sys, slug, process.ToBe, 0, bpmn, "Første utkast", 0)
		if err != nil {
			return nil, err
		}
		e.model = model.ID
	}
	_, _, steps, err := a.Processes.Steps(ctx, sys, slug, e.model)
	if err != nil {
		return nil, err
	}
	var element string
	for _, st := range steps {
		if st.Activity {
			element = st.ID
			break
		}
	}
	ob, err := a.Processes.SaveObstacle(ctx, sys, slug, process.Obstacle{Element: element, Category: "law",
		LegalReference: "Forvaltningsloven § 16", Description: "Forhåndsvarsel må sendes før vedtak.", Status: "open"})
	if err != nil {
		return nil, err
	}
	e.obstacle = ob.ID
	if _, err := a.Processes.DeriveRequirements(ctx, sys, slug, func(c process.Candidate) string { return c.Key }); err != nil {
		return nil, err
	}
	reqs, err := a.Processes.Requirements(ctx, sys, slug)
	if err != nil {
		return nil, err
	}
	if len(reqs) == 0 {
		q, err := a.Processes.SaveRequirement(ctx, sys, slug, process.Requirement{Text: "Løsningen skal arkivere vedtak.",
			Type: "functional", Priority: "must", Status: "confirmed"})
		if err != nil {
			return nil, err
		}
		reqs = append(reqs, q)
	}
	e.requirement = reqs[0].ID
	if _, err := a.Realisation.CreatePlan(ctx, sys, slug); err != nil && domain.KindOf(err) != domain.KindConflict {
		return nil, err // the demo has one; a test database may not
	}
	lead, err := a.Accounts.UserByEmail(ctx, sys, "programleder@fosen.example")
	if err != nil {
		return nil, err
	}
	today := a.Clock.Now()
	ind, err := a.Realisation.SaveIndicator(ctx, sys, slug, realisation.Indicator{Gain: "Frigjort tid", Class: "efficiency",
		Name: "Timer per byggesak (test)", Unit: "timer", Baseline: 6, BaselineDate: today.AddDate(0, -6, 0), Target: 4,
		TargetDate: today.AddDate(1, 0, 0), OwnerID: lead.ID, IntervalMonths: 3})
	if err != nil {
		return nil, err
	}
	e.indicator = ind.ID
	rounds, err := a.Priority.Rounds(ctx, sys)
	if err != nil || len(rounds) == 0 {
		return nil, fmt.Errorf("the demo has no scoring rounds: %v", err)
	}
	e.round = rounds[0].ID
	dec, err := a.Priority.CreateDecision(ctx, sys, priority.DecisionInput{RoundID: rounds[len(rounds)-1].ID, Method: "borda",
		Weights: []byte(`{"gain_potential":1}`), Ranking: []byte(`[{"id":1,"rank":1}]`)})
	if err != nil {
		return nil, err
	}
	e.decision = dec.ID
	return e, nil
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
		// Room to prove the small demo roadmap optimal under the race
		// detector on a loaded machine (natively it takes milliseconds).
		cfg.RoadmapLimit = "2m"
		cfg.CreateBidKey = true // tenders need the server key
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
		e, err := processFixtures(ctx, a, sys)
		if err != nil {
			panic(err)
		}
		if proc, err = procurementFixtures(ctx, a, sys); err != nil {
			panic(err)
		}
		if evl, err = eventLogFixtures(ctx, a, sys); err != nil {
			panic(err)
		}
		srv := httptest.NewServer(a.Handler())
		defer srv.Close()
		e.app, e.srv, e.dir = a, srv, dir
		shared = e
		return m.Run()
	}()
	os.RemoveAll(dir)
	os.Exit(code)
}

// client is a browser-like session: cookies, the CSRF token, no redirects followed.
type client struct {
	t    testing.TB
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
