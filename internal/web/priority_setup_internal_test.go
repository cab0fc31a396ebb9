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
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/app/wiring"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/demo"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
	"github.com/tjenestevalg/tjenestevalg/internal/priority/method"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlite"
)

// setupEnv is a server over the Fosen demo's catalogue, users and
// prioritisation (no processes or benefits), with the setup routes
// registered even before the route table names them.
type setupEnv struct {
	srv    *httptest.Server
	pri    *priority.Manager
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
	registered := slices.ContainsFunc(s.routes, func(rt Route) bool { return rt.Pattern == "/priority/weights" })
	if !registered {
		for _, rt := range s.prioritySetupRoutes() {
			s.routes = append(s.routes, rt)
			s.mux.Handle(rt.Method+" "+rt.Pattern, s.adapt(rt))
		}
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
	e := &setupEnv{srv: srv, pri: pri, collab: c.ID, munis: map[string]catalogue.Municipality{}}
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

func TestPriorityCriteriaPage(t *testing.T) {
	e := newSetupEnv(t)
	lead := e.login(t, "programleder@fosen.example")
	st, body := lead.get("/priority/criteria")
	if st != 200 {
		t.Fatalf("criteria: %d %.500s", st, body)
	}
	if n := strings.Count(body, `<tr id="c-`); n != 7 {
		t.Errorf("%d criteria rows, want the 7 defaults", n)
	}
	list, err := e.pri.Criteria(context.Background(), domain.SystemPrincipal(e.collab))
	if err != nil {
		t.Fatal(err)
	}
	c := list[len(list)-1]
	id := strconv.FormatInt(c.ID, 10)
	st, body = lead.get("/priority/criteria?edit=" + id)
	if st != 200 || !strings.Contains(body, `action="/priority/criteria/`+id+`"`) {
		t.Fatalf("edit form: %d", st)
	}
	form := url.Values{"name": {""}, "name_en": {c.NameEN}, "description": {c.Description}, "direction": {string(c.Direction)},
		"active": {"1"}, "order": {strconv.Itoa(c.Order)}, "version": {strconv.Itoa(c.Version)}}
	st, body = lead.post("/priority/criteria/"+id, form)
	if st != 422 {
		t.Fatalf("empty name: %d", st)
	}
	wantIn(t, body, `id="f-name"`, `aria-invalid="true"`, `href="#f-name"`, "Må fylles ut.")
	form.Set("name", c.Name)
	form.Set("order", "sju")
	if st, body = lead.post("/priority/criteria/"+id, form); st != 422 || !strings.Contains(body, "Skriv et heltall.") {
		t.Errorf("order «sju»: %d", st)
	}
	form.Set("order", strconv.Itoa(c.Order))
	form.Set("version", "999")
	if st, body = lead.post("/priority/criteria/"+id, form); st != 409 {
		t.Fatalf("stale: %d", st)
	}
	if !strings.Contains(body, `name="version" value="`+strconv.Itoa(c.Version)+`"`) {
		t.Error("the stale form does not carry the stored version")
	}
	form.Set("version", strconv.Itoa(c.Version))
	form.Set("description", c.Description+" (endret)")
	if st, body = lead.post("/priority/criteria/"+id, form); st != 303 || !strings.Contains(body, "(endret)") {
		t.Errorf("save: %d", st)
	}
	coord := e.login(t, "koordinator.rissa@fosen.example")
	if st, _ := coord.post("/priority/criteria/"+id, form); st != 403 {
		t.Errorf("coordinator saves a criterion: %d, want 403", st)
	}
	if st, body := coord.get("/priority/criteria?edit=" + id); st != 200 || strings.Contains(body, `action="/priority/criteria/`) {
		t.Errorf("coordinator: %d, or a form is shown", st)
	}
}

func TestPriorityWeightsPage(t *testing.T) {
	e := newSetupEnv(t)
	rissa := strconv.FormatInt(e.munis["Rissa"].ID, 10)
	leader := e.login(t, "leder.rissa@fosen.example")
	st, body := leader.get("/priority/weights")
	if st != 200 {
		t.Fatalf("weights: %d %.800s", st, body)
	}
	wantIn(t, body, `<option value="`+rissa+`" selected>Rissa</option>`, `name="a_0_1"`, `name="a_5_6"`, "weights-side", "Leksvik")
	if n := strings.Count(body, `<select id="f-a_`); n != 21 {
		t.Errorf("%d pair selects, want 21", n)
	}
	before := regexp.MustCompile(`(?s)<select id="f-a_0_1".*?<option value="([^"]+)" selected>`).FindStringSubmatch(body)
	if before == nil {
		t.Fatal("no judgement selected for the first pair")
	}
	form := url.Values{"municipality": {rissa}, "method": {"ahp"}}
	for _, m := range regexp.MustCompile(`(?s)<select id="f-(a_\d+_\d+)".*?<option value="([^"]+)" selected>`).FindAllStringSubmatch(body, -1) {
		form.Set(m[1], m[2])
	}
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(body)
	form.Set("version", version[1])

	// An inconsistent judgement: checked, not saved.
	form.Set("a_0_1", "1/9")
	form.Set("action", "check")
	st, body = leader.post("/priority/weights", form)
	if st != 200 {
		t.Fatalf("check: %d %.800s", st, body)
	}
	wantIn(t, body, `id="ahp-check"`, `href="#f-a_0_1"`, "Nytte for innbyggerne", "Gevinstpotensial")
	if !strings.Contains(body, `alert alert-error consistency" id="ahp-check"`) {
		t.Errorf("the check does not warn: %s", between(body, `id="ahp-check"`, "</div>"))
	}

	// A value off the scale: 422 on the pair's select.
	form.Set("a_0_1", "0")
	form.Set("action", "save")
	if st, body = leader.post("/priority/weights", form); st != 422 {
		t.Fatalf("judgement 0: %d", st)
	}
	wantIn(t, body, `id="f-a_0_1" name="a_0_1" aria-invalid="true" aria-describedby="e-a_0_1"`, `href="#f-a_0_1"`, `id="e-a_0_1"`)

	// Fixed and saved.
	form.Set("a_0_1", before[1])
	if st, body = leader.post("/priority/weights", form); st != 303 {
		t.Fatalf("save: %d %.500s", st, body)
	}
	wantIn(t, body, "alert-success", "weights-detail")
	if !strings.Contains(body, `alert alert-success consistency`) {
		t.Errorf("the demo judgements are not consistent enough: %s", between(body, "consistency", "</div>"))
	}
	// Saving again at the old version: 409, the form then carries the new one.
	if st, body = leader.post("/priority/weights", form); st != 409 {
		t.Errorf("stale: %d", st)
	} else if !strings.Contains(body, `name="version" value="`+strconv.Itoa(mustAtoi(version[1])+1)+`"`) {
		t.Error("the stale form does not carry the stored version")
	}

	if st, body = leader.get("/priority/weights?by_population=1"); st != 200 {
		t.Fatalf("by population: %d", st)
	}
	wantIn(t, body, `id="v-by_population" name="by_population" value="1" checked`)

	// Direct points.
	st, body = leader.get("/priority/weights?method=direct&municipality=" + rissa)
	if st != 200 || !strings.Contains(body, `name="p_gain_potential"`) {
		t.Fatalf("direct form: %d", st)
	}
	points := url.Values{"municipality": {rissa}, "method": {"direct"}, "version": {"0"}, "p_gain_potential": {"mye"}}
	if st, body = leader.post("/priority/weights", points); st != 422 {
		t.Fatalf("points «mye»: %d", st)
	}
	wantIn(t, body, `href="#f-p_gain_potential">Gevinstpotensial: Skriv et tall`, `href="#f-p_risk">Risiko: Må fylles ut.`)

	// Someone who may not set Rissa's weights.
	owner := e.login(t, "fag.rissa@fosen.example")
	if st, _ := owner.post("/priority/weights", form); st != 403 {
		t.Errorf("subject owner sets weights: %d", st)
	}
	if st, body := owner.get("/priority/weights"); st != 200 || strings.Contains(body, `action="/priority/weights" class="form"`) {
		t.Errorf("subject owner: %d, or the form is shown", st)
	}
	leksvik := e.login(t, "leder.leksvik@fosen.example")
	if st, _ := leksvik.post("/priority/weights", form); st != 403 {
		t.Errorf("Leksvik's leader sets Rissa's weights: %d", st)
	}
}

func TestPriorityAssignmentsPage(t *testing.T) {
	e := newSetupEnv(t)
	rissa := strconv.FormatInt(e.munis["Rissa"].ID, 10)
	coord := e.login(t, "koordinator.rissa@fosen.example")
	st, body := coord.get("/priority/assignments")
	if st != 200 {
		t.Fatalf("assignments: %d %.800s", st, body)
	}
	wantIn(t, body, `name="service_id"`, `name="user_id"`, "Fagansvarlig Rissa (fag.rissa@fosen.example)", "completion")
	if st, body = coord.post("/priority/assignments", url.Values{"municipality": {rissa}}); st != 422 {
		t.Fatalf("empty: %d", st)
	}
	wantIn(t, body, `href="#f-service_id"`, `href="#f-user_id"`)
	svc := regexp.MustCompile(`<option value="(\d+)">Grensejustering</option>`).FindStringSubmatch(body)
	user := regexp.MustCompile(`<option value="(\d+)">Fagansvarlig Rissa `).FindStringSubmatch(body)
	if svc == nil || user == nil {
		t.Fatal("no Grensejustering or fag.rissa to choose")
	}
	form := url.Values{"municipality": {rissa}, "service_id": {svc[1]}, "user_id": {user[1]}}
	if st, body = coord.post("/priority/assignments", form); st != 303 {
		t.Fatalf("assign: %d %.500s", st, body)
	}
	wantIn(t, body, "Grensejustering", "/priority/assignments/")
	if st, _ = coord.post("/priority/assignments", form); st != 409 {
		t.Errorf("assigned twice: %d, want 409", st)
	}
	owner := e.login(t, "fag.rissa@fosen.example")
	st, body = owner.get("/priority/assignments")
	if st != 200 {
		t.Fatal(st)
	}
	wantIn(t, body, "my-assignments", "Grensejustering")
	if strings.Contains(body, `name="service_id"`) {
		t.Error("a subject owner gets the assignment form")
	}
	if st, _ := owner.post("/priority/assignments", form); st != 403 {
		t.Errorf("subject owner assigns: %d", st)
	}
	if st, _ := owner.post("/priority/assignments/999999/delete", url.Values{}); st != 403 {
		t.Errorf("subject owner unassigns: %d", st)
	}
	if st, _ := coord.post("/priority/assignments/999999/delete", url.Values{}); st != 404 {
		t.Errorf("unassign nothing: %d", st)
	}
	id := regexp.MustCompile(`action="/priority/assignments/(\d+)/delete"`).FindStringSubmatch(func() string { _, b := coord.get("/priority/assignments"); return b }())
	if id == nil {
		t.Fatal("no unassign button")
	}
	if st, body = coord.post("/priority/assignments/"+id[1]+"/delete", url.Values{"municipality": {rissa}}); st != 303 || strings.Contains(body, "Grensejustering</a></th>") {
		t.Errorf("unassign: %d", st)
	}
	lead := e.login(t, "programleder@fosen.example")
	if st, body = lead.get("/priority/assignments?municipality=" + strconv.FormatInt(e.munis["Osen"].ID, 10)); st != 200 {
		t.Fatal(st)
	}
	wantIn(t, body, `id="v-municipality"`, "Fagansvarlig Osen")
}

// The scenario's judgement: the demo's judgements for Rissa with gain
// potential against citizen benefit turned to 1/9 are too inconsistent,
// and that pair is the worst.
func TestInconsistentJudgementIsFound(t *testing.T) {
	e := newSetupEnv(t)
	el, err := e.pri.Weights(context.Background(), domain.SystemPrincipal(e.collab), e.munis["Rissa"].ID)
	if err != nil {
		t.Fatal(err)
	}
	res, err := method.AHP(el.Matrix)
	if err != nil || !res.Acceptable {
		t.Fatalf("Rissa's demo judgements: CR %.3f, %v", res.CR, err)
	}
	m := el.Matrix
	m[0][1], m[1][0] = 1.0/9, 9
	bad, err := method.AHP(m)
	if err != nil {
		t.Fatal(err)
	}
	if bad.Acceptable || bad.Worst == nil || bad.Worst.I != 0 || bad.Worst.J != 1 {
		t.Errorf("with 1/9: CR %.3f, worst %+v", bad.CR, bad.Worst)
	}
}

// The pointer names the more important criterion first.
func TestWorstTextOrientation(t *testing.T) {
	l := i18n.Lang("en")
	for _, c := range []struct {
		j    method.Judgement
		want []any
	}{
		{method.Judgement{Value: 5, Fitting: 1.43}, []any{"A", "5", "B", "1.4"}},
		{method.Judgement{Value: 1.0 / 9, Fitting: 1.8}, []any{"B", "9", "A", "0.56"}},
		{method.Judgement{Value: 1, Fitting: 0.5}, []any{"B", "A", "2.0"}},
	} {
		key := "priority.weights.worst"
		if len(c.want) == 3 {
			key = "priority.weights.worst_equal"
		}
		if got, want := prioWorstText(l, c.j, "A", "B"), l.T(key, c.want...); got != want {
			t.Errorf("%+v: %q, want %q", c.j, got, want)
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
