package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/web"
)

// The roles the matrix walks, with the demo login holding each ("" is an
// anonymous visitor). The Rissa subject-matter owner is responsible for
// byggesak-ettrinns in Rissa.
var roleLogins = []struct{ role, email string }{
	{"anonymous", ""},
	{"programme_lead", "programleder@fosen.example"},
	{"coordinator", "koordinator.rissa@fosen.example"},
	{"subject_owner", "fag.rissa@fosen.example"},
	{"leadership", "leder.rissa@fosen.example"},
	{"observer", "observator@fosen.example"},
	{"supplier", "leverandor@firma.example"},
	{"evaluator", "evaluator@fosen.example"},
}

var (
	everyone   = []string{"anonymous", "programme_lead", "coordinator", "subject_owner", "leadership", "observer", "supplier", "evaluator"}
	loggedIn   = everyone[1:]
	internal   = []string{"programme_lead", "coordinator", "subject_owner", "leadership", "observer"}
	leadOnly   = []string{"programme_lead"}
	factEditor = []string{"programme_lead", "coordinator", "subject_owner"}
	importers  = []string{"programme_lead", "coordinator"}
)

// expectation says who may use a route and what an allowed request answers.
type expectation struct {
	path    string // example path for the pattern
	body    string // form or JSON body for unsafe methods
	json    bool
	allowed []string
	status  int // the status of an allowed request
}

func expectations(t *testing.T) map[string]expectation {
	rissa := idOf(municipality(t, "1624"))
	svc := "/services/byggesak-ettrinns"
	facts := svc + "/facts/" + rissa
	observer := strconv.FormatInt(userID(t, "observator@fosen.example"), 10)
	version := factsVersion(t, "byggesak-ettrinns", "1624")
	modelID := strconv.FormatInt(shared.model, 10)
	model := svc + "/processes/" + modelID
	obstacle := svc + "/obstacles/" + strconv.FormatInt(shared.obstacle, 10)
	requirement := svc + "/requirements/" + strconv.FormatInt(shared.requirement, 10)
	indicator := svc + "/plan/indicators/" + strconv.FormatInt(shared.indicator, 10)
	round := "/priority/rounds/" + strconv.FormatInt(shared.round, 10)
	decision := "/priority/decisions/" + strconv.FormatInt(shared.decision, 10)
	exp := map[string]expectation{
		"GET /healthz":                                            {path: "/healthz", allowed: everyone, status: 200},
		"GET /login":                                              {path: "/login", allowed: []string{"anonymous"}, status: 200},
		"POST /login":                                             {path: "/login", body: "email=nobody-ROLE@x.example&password=wrong-password", allowed: everyone, status: 401},
		"POST /logout":                                            {path: "/logout", allowed: everyone, status: 303},
		"GET /password-reset":                                     {path: "/password-reset", allowed: everyone, status: 200},
		"POST /password-reset":                                    {path: "/password-reset", body: "email=nobody-ROLE@x.example", allowed: everyone, status: 200},
		"GET /password-reset/new":                                 {path: "/password-reset/new?token=unknown", allowed: everyone, status: 404},
		"POST /password-reset/new":                                {path: "/password-reset/new", body: "token=unknown&password=long-enough-password", allowed: everyone, status: 404},
		"POST /lang":                                              {path: "/lang", body: "lang=nb", allowed: everyone, status: 303},
		"GET /accessibility":                                      {path: "/accessibility", allowed: everyone, status: 200},
		"GET /{$}":                                                {path: "/", allowed: loggedIn, status: 200},
		"GET /services":                                           {path: "/services?area=plan-bygg&sort=cases&desc=1", allowed: internal, status: 200},
		"GET /services/new":                                       {path: "/services/new", allowed: leadOnly, status: 200},
		"POST /services":                                          {path: "/services", body: "slug=", allowed: leadOnly, status: 422},
		"GET /services/{slug}":                                    {path: svc, allowed: internal, status: 200},
		"GET /services/{slug}/edit":                               {path: svc + "/edit", allowed: leadOnly, status: 200},
		"POST /services/{slug}":                                   {path: svc, body: "slug=", allowed: leadOnly, status: 422},
		"GET /services/{slug}/history":                            {path: svc + "/history", allowed: internal, status: 200},
		"POST /services/{slug}/editors":                           {path: svc + "/editors", body: "editor=abc", allowed: leadOnly, status: 422},
		"GET /services/{slug}/processes":                          {path: svc + "/processes", allowed: internal, status: 200},
		"POST /services/{slug}/processes":                         {path: svc + "/processes", body: "target=as-is:" + rissa + ":0", allowed: factEditor, status: 422},
		"GET /services/{slug}/processes/{model}/bpmn":             {path: svc + "/processes/" + strconv.FormatInt(shared.model, 10) + "/bpmn", allowed: internal, status: 200},
		"GET /services/{slug}/processes/{model}/history":          {path: svc + "/processes/" + strconv.FormatInt(shared.model, 10) + "/history", allowed: internal, status: 200},
		"GET /services/{slug}/processes/{model}":                  {path: model, allowed: internal, status: 200},
		"GET /services/{slug}/processes/new":                      {path: svc + "/processes/new?target=to-be:0:0&from=" + modelID, allowed: leadOnly, status: 200},
		"GET /services/{slug}/processes/blank.bpmn":               {path: svc + "/processes/blank.bpmn", allowed: internal, status: 200},
		"POST /services/{slug}/processes/editor":                  {path: svc + "/processes/editor", body: "target=to-be:0:0&xml=", allowed: leadOnly, status: 422},
		"POST /services/{slug}/processes/copy":                    {path: svc + "/processes/copy", body: "target=to-be:0:0", allowed: leadOnly, status: 409},
		"GET /services/{slug}/processes/{model}/table":            {path: model + "/table", allowed: internal, status: 200},
		"POST /services/{slug}/processes/{model}/table":           {path: model + "/table", body: "op=set&element=x&employeeMinutes=abc", allowed: leadOnly, status: 422},
		"GET /services/{slug}/processes/harmonisation":            {path: svc + "/processes/harmonisation", allowed: internal, status: 200},
		"GET /services/{slug}/obstacles":                          {path: svc + "/obstacles", allowed: internal, status: 200},
		"POST /services/{slug}/obstacles":                         {path: svc + "/obstacles", body: "category=law", allowed: leadOnly, status: 422},
		"GET /services/{slug}/obstacles/{id}":                     {path: obstacle, allowed: leadOnly, status: 200},
		"POST /services/{slug}/obstacles/{id}":                    {path: obstacle, body: "category=nonsense", allowed: leadOnly, status: 422},
		"POST /services/{slug}/obstacles/{id}/delete":             {path: obstacle + "/delete", body: "version=999", allowed: leadOnly, status: 409},
		"GET /services/{slug}/requirements":                       {path: svc + "/requirements", allowed: internal, status: 200},
		"POST /services/{slug}/requirements":                      {path: svc + "/requirements", body: "text=", allowed: leadOnly, status: 422},
		"POST /services/{slug}/requirements/derive":               {path: svc + "/requirements/derive", allowed: leadOnly, status: 303},
		"POST /services/{slug}/requirements/{id}":                 {path: requirement, body: "text=&version=1", allowed: leadOnly, status: 422},
		"GET /services/{slug}/requirements/export":                {path: svc + "/requirements/export?format=csv", allowed: internal, status: 200},
		"GET /services/{slug}/benefit":                            {path: svc + "/benefit", allowed: internal, status: 200},
		"POST /services/{slug}/benefit":                           {path: svc + "/benefit", body: "uptake=x", allowed: factEditor, status: 422},
		"POST /services/{slug}/benefit/preview":                   {path: svc + "/benefit/preview", body: "uptake=x", allowed: internal, status: 422},
		"GET /services/{slug}/benefit/export":                     {path: svc + "/benefit/export", allowed: internal, status: 200},
		"GET /benefits":                                           {path: "/benefits?area=plan-bygg", allowed: internal, status: 200},
		"GET /benefits/due":                                       {path: "/benefits/due", allowed: internal, status: 200},
		"GET /services/{slug}/plan":                               {path: svc + "/plan", allowed: internal, status: 200},
		"POST /services/{slug}/plan":                              {path: svc + "/plan", allowed: leadOnly, status: 303},
		"POST /services/{slug}/plan/indicators":                   {path: svc + "/plan/indicators", body: "name=", allowed: leadOnly, status: 422},
		"POST /services/{slug}/plan/indicators/{id}":              {path: indicator, body: "name=", allowed: leadOnly, status: 422},
		"POST /services/{slug}/plan/indicators/{id}/delete":       {path: indicator + "/delete", body: "version=999", allowed: leadOnly, status: 409},
		"POST /services/{slug}/plan/indicators/{id}/measurements": {path: indicator + "/measurements", body: "value=abc", allowed: leadOnly, status: 422},
		// The Rissa coordinator owns demo indicators of this plan, and an
		// owner imports measurements of their indicators.
		"POST /services/{slug}/plan/import":                 {path: svc + "/plan/import", allowed: importers, status: 422},
		"GET /services/{slug}/plan/export":                  {path: svc + "/plan/export", allowed: internal, status: 200},
		"POST /notifications/{id}/read":                     {path: "/notifications/999999/read", allowed: internal, status: 404},
		"GET /api/v1/services/{slug}/benefit":               {path: "/api/v1" + svc + "/benefit", allowed: internal, status: 200},
		"PUT /api/v1/services/{slug}/benefit":               {path: "/api/v1" + svc + "/benefit", body: `{"version":0,"case":{"years":"x"}}`, json: true, allowed: factEditor, status: 422},
		"GET /priority":                                     {path: "/priority", allowed: internal, status: 200},
		"GET /priority/rounds":                              {path: "/priority/rounds", allowed: internal, status: 200},
		"POST /priority/rounds":                             {path: "/priority/rounds", body: "deadline=x", allowed: leadOnly, status: 422},
		"GET /priority/rounds/{id}":                         {path: round, allowed: internal, status: 200},
		"POST /priority/rounds/{id}/close":                  {path: round + "/close", allowed: leadOnly, status: 409},
		"POST /priority/rounds/{id}/scores":                 {path: round + "/scores", body: "service=1", allowed: []string{"coordinator", "subject_owner"}, status: 409},
		"POST /priority/decisions":                          {path: "/priority/decisions", body: "method=nonsense", allowed: leadOnly, status: 422},
		"GET /priority/decisions/{id}":                      {path: decision, allowed: internal, status: 200},
		"POST /priority/decisions/{id}/approve":             {path: decision + "/approve", body: "municipality=" + rissa, allowed: []string{"leadership"}, status: 303},
		"GET /priority/audit":                               {path: "/priority/audit", allowed: leadOnly, status: 200},
		"GET /processes":                                    {path: "/processes", allowed: internal, status: 200},
		"GET /processes/requirements":                       {path: "/processes/requirements", allowed: internal, status: 200},
		"GET /processes/requirements/export":                {path: "/processes/requirements/export?format=xlsx", allowed: internal, status: 200},
		"GET /api/v1/services/{slug}/processes":             {path: "/api/v1" + svc + "/processes", allowed: internal, status: 200},
		"GET /services/{slug}/facts/{municipality}":         {path: facts, allowed: factEditor, status: 200},
		"POST /services/{slug}/facts/{municipality}":        {path: facts, body: "offered=yes&employee_minutes=abc", allowed: factEditor, status: 422},
		"GET /services/{slug}/facts/{municipality}/history": {path: facts + "/history", allowed: internal, status: 200},
		"GET /municipalities":                               {path: "/municipalities", allowed: internal, status: 200},
		"GET /municipalities/{id}/edit":                     {path: "/municipalities/" + rissa + "/edit", allowed: leadOnly, status: 200},
		"POST /municipalities/{id}":                         {path: "/municipalities/" + rissa, body: "number=x", allowed: leadOnly, status: 422},
		"GET /municipalities/{id}/history":                  {path: "/municipalities/" + rissa + "/history", allowed: internal, status: 200},
		"GET /import":                                       {path: "/import", allowed: importers, status: 200},
		"POST /import":                                      {path: "/import", allowed: importers, status: 422},
		"POST /import/{upload}":                             {path: "/import/999999", allowed: importers, status: 404},
		"GET /export/{file}":                                {path: "/export/services.csv", allowed: internal, status: 200},
		"GET /admin/users":                                  {path: "/admin/users", allowed: leadOnly, status: 200},
		"POST /admin/users":                                 {path: "/admin/users", body: "email=x", allowed: leadOnly, status: 422},
		"GET /admin/users/{id}":                             {path: "/admin/users/" + observer, allowed: leadOnly, status: 200},
		"POST /admin/users/{id}/roles":                      {path: "/admin/users/" + observer + "/roles", body: "roles=nonsense", allowed: leadOnly, status: 422},
		"POST /admin/users/{id}/password":                   {path: "/admin/users/" + observer + "/password", body: "password=short", allowed: leadOnly, status: 422},
		"GET /api/v1/openapi.json":                          {path: "/api/v1/openapi.json", allowed: everyone, status: 200},
		"GET /api/v1/me":                                    {path: "/api/v1/me", allowed: loggedIn, status: 200},
		"GET /api/v1/services":                              {path: "/api/v1/services?q=bygg", allowed: internal, status: 200},
		"POST /api/v1/services":                             {path: "/api/v1/services", body: "{}", json: true, allowed: leadOnly, status: 422},
		"GET /api/v1/services/{slug}":                       {path: "/api/v1" + svc, allowed: internal, status: 200},
		"PUT /api/v1/services/{slug}":                       {path: "/api/v1" + svc, body: "{}", json: true, allowed: leadOnly, status: 422},
		"GET /api/v1/services/{slug}/history":               {path: "/api/v1" + svc + "/history", allowed: internal, status: 200},
		"GET /api/v1/services/{slug}/facts":                 {path: "/api/v1" + svc + "/facts", allowed: internal, status: 200},
		"PUT /api/v1/services/{slug}/facts/{municipality}":  {path: "/api/v1" + facts, body: `{"offered":"maybe","version":` + version + `}`, json: true, allowed: factEditor, status: 422},
		"GET /api/v1/municipalities":                        {path: "/api/v1/municipalities", allowed: internal, status: 200},
	}
	for _, more := range []map[string]expectation{prioritySetupExpectations(t), roadmapExpectations(t),
		procurementExpectations(t), portalExpectations(t), evaluationExpectations(t), awardExpectations(t),
		eventLogExpectations(t), catalogueChangesExpectations(t)} {
		for k, v := range more {
			exp[k] = v
		}
	}
	return exp
}

// factsVersion is the stored version of a municipality's facts about a service.
func factsVersion(t *testing.T, slug, number string) string {
	t.Helper()
	ctx := context.Background()
	st := shared.app.DB.Catalogue()
	m := municipality(t, number)
	sv, err := st.ServiceBySlug(ctx, m.CollaborationID, slug)
	if err != nil {
		t.Fatal(err)
	}
	f, err := st.MunicipalService(ctx, m.CollaborationID, sv.ID, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.Itoa(f.Version)
}

func userID(t *testing.T, email string) int64 {
	t.Helper()
	c := login(t, email)
	res, body := c.get("/api/v1/me")
	if res.StatusCode != 200 {
		t.Fatalf("me: %d", res.StatusCode)
	}
	i := strings.Index(body, `"id": `)
	id, _ := strconv.ParseInt(strings.TrimSpace(strings.SplitN(body[i+6:], ",", 2)[0]), 10, 64)
	return id
}

// TestAuthorisationMatrix walks every route with every role: allowed
// requests get the route's answer, denied ones 403 (or the login for
// anonymous visitors). A route missing from the table fails the test, so
// a new route must declare who may use it.
func TestAuthorisationMatrix(t *testing.T) {
	exp := expectations(t)
	clients := map[string]*client{}
	for _, rl := range roleLogins {
		if rl.email == "" {
			clients[rl.role] = newClient(t)
		} else {
			clients[rl.role] = login(t, rl.email)
		}
	}
	var routes []web.Route = shared.app.Web.Routes()
	seen := map[string]bool{}
	for _, rt := range routes {
		key := rt.Method + " " + rt.Pattern
		seen[key] = true
		e, ok := exp[key]
		if !ok {
			t.Errorf("route %s has no expectation in the authorisation matrix", key)
			continue
		}
		for _, rl := range roleLogins {
			t.Run(key+"/"+rl.role, func(t *testing.T) {
				c := clients[rl.role]
				if key == "POST /logout" {
					// Logging out ends the session: use a session of its own.
					if rl.email == "" {
						c = newClient(t)
					} else {
						c = login(t, rl.email)
					}
				}
				c.t = t
				var res *http.Response
				var body string
				switch {
				case rt.Method == http.MethodGet:
					res, body = c.get(e.path)
				case e.json:
					res, body = c.send(rt.Method, e.path, "application/json", e.body)
				default:
					form, _ := url.ParseQuery(strings.ReplaceAll(e.body, "ROLE", rl.role))
					res, body = c.post(e.path, form)
				}
				allowed := slices.Contains(e.allowed, rl.role)
				got := res.StatusCode
				switch {
				case allowed && got != e.status:
					t.Errorf("%s as %s: status %d, want %d (allowed)\n%.300s", e.path, rl.role, got, e.status, body)
				case !allowed && rl.email == "" && rt.Method == http.MethodGet && !rt.API:
					if got != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
						t.Errorf("%s as anonymous: status %d to %q, want 303 to /login", e.path, got, res.Header.Get("Location"))
					}
				case !allowed && rl.email == "":
					if got != http.StatusUnauthorized && !(key == "GET /login") {
						t.Errorf("%s as anonymous: status %d, want 401", e.path, got)
					}
				case !allowed && key == "GET /login":
					if got != http.StatusSeeOther {
						t.Errorf("login page when logged in: status %d, want 303", got)
					}
				case !allowed && got != http.StatusForbidden:
					t.Errorf("%s as %s: status %d, want 403 (denied)\n%.300s", e.path, rl.role, got, body)
				}
			})
		}
	}
	for key := range exp {
		if !seen[key] {
			t.Errorf("expectation %s names no route", key)
		}
	}
}
