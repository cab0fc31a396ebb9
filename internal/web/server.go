// Package web is the HTTP layer: routes, pages (html/template + htmx), the
// JSON API, sessions and CSRF. Handlers are thin: parse input, call a
// service, render; one adapter turns errors into responses.
package web

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/realisation"
	"github.com/tjenestevalg/tjenestevalg/internal/roadmap"
	"github.com/tjenestevalg/tjenestevalg/internal/upload"
)

// Health reports whether the app can serve: the database answers.
type Health func(ctx context.Context) error

// Deps are what the web layer needs.
type Deps struct {
	Catalogue *catalogue.Manager
	Accounts  *account.Manager
	Processes *process.Manager
	Benefits  *benefit.Manager
	// Realisation keeps the benefit-realisation plans and reminders.
	Realisation *realisation.Manager
	// Priority keeps criteria, weights, scoring rounds and decisions.
	Priority *priority.Manager
	// Roadmaps keeps the roadmap and its scenarios.
	Roadmaps *roadmap.Manager
	Uploads  upload.Store
	Health   Health
	Clock    domain.Clock
	Logger   *slog.Logger
	// SecureCookies marks cookies Secure (served over HTTPS).
	SecureCookies bool
	// Demo shows the demo banner (illustrative figures).
	Demo bool
	// TrustedProxies are the load balancers whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
}

// Server is the HTTP application.
type Server struct {
	Deps
	assets *assets
	pages  map[string]*template.Template
	routes []Route
	mux    *http.ServeMux
	cache  *pageCache
}

// Route is one endpoint. The authorisation matrix test walks all of them.
type Route struct {
	Method  string
	Pattern string
	Public  bool // reachable without login
	API     bool // JSON errors instead of pages
	handle  handlerFunc
}

type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// New builds the server.
func New(d Deps) (*Server, error) {
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	s := &Server{Deps: d, assets: a, mux: http.NewServeMux(), cache: newPageCache(pageCacheBytes)}
	if s.pages, err = parsePages(s.funcs()); err != nil {
		return nil, err
	}
	s.routes = append(append(s.routeTable(), s.prioritySetupRoutes()...), s.roadmapRoutes()...)
	for _, rt := range s.routes {
		s.mux.Handle(rt.Method+" "+rt.Pattern, s.adapt(rt))
	}
	s.mux.HandleFunc("GET /static/", a.serve)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, domain.NotFound("error.page_not_found"))
	})
	return s, nil
}

// Routes lists the endpoints, for tests.
func (s *Server) Routes() []Route { return s.routes }

func (s *Server) routeTable() []Route {
	page := func(m, p string, h handlerFunc) Route { return Route{Method: m, Pattern: p, handle: h} }
	public := func(m, p string, h handlerFunc) Route { return Route{Method: m, Pattern: p, handle: h, Public: true} }
	api := func(m, p string, h handlerFunc) Route { return Route{Method: m, Pattern: p, handle: h, API: true} }
	return []Route{
		public("GET", "/healthz", s.healthz),
		public("GET", "/login", s.loginForm),
		public("POST", "/login", s.login),
		public("POST", "/logout", s.logout),
		public("POST", "/lang", s.setLang),
		public("GET", "/accessibility", s.accessibility),

		page("GET", "/{$}", s.dashboard),
		page("GET", "/services", s.cached(s.serviceList)),
		page("GET", "/services/new", s.serviceNew),
		page("POST", "/services", s.serviceCreate),
		page("GET", "/services/{slug}", s.cached(s.servicePage)),
		page("GET", "/services/{slug}/edit", s.serviceEdit),
		page("POST", "/services/{slug}", s.serviceUpdate),
		page("GET", "/services/{slug}/history", s.serviceHistory),
		page("GET", "/services/{slug}/processes", s.serviceProcesses),
		page("POST", "/services/{slug}/processes", s.processUpload),
		page("GET", "/services/{slug}/processes/{model}/bpmn", s.processDownload),
		page("GET", "/services/{slug}/processes/{model}/history", s.processHistory),
		page("GET", "/services/{slug}/processes/{model}", s.processDiagram),
		page("GET", "/services/{slug}/processes/new", s.processNew),
		page("GET", "/services/{slug}/processes/blank.bpmn", s.processBlank),
		api("POST", "/services/{slug}/processes/editor", s.processEditorSave),
		page("POST", "/services/{slug}/processes/copy", s.processCopy),
		page("GET", "/services/{slug}/processes/{model}/table", s.processTable),
		page("POST", "/services/{slug}/processes/{model}/table", s.processTableEdit),
		page("GET", "/services/{slug}/processes/harmonisation", s.processHarmonisation),
		page("GET", "/services/{slug}/obstacles", s.serviceObstacles),
		page("POST", "/services/{slug}/obstacles", s.saveObstacle),
		page("GET", "/services/{slug}/obstacles/{id}", s.editObstacle),
		page("POST", "/services/{slug}/obstacles/{id}", s.saveObstacle),
		page("POST", "/services/{slug}/obstacles/{id}/delete", s.deleteObstacle),
		page("GET", "/services/{slug}/requirements", s.serviceRequirements),
		page("POST", "/services/{slug}/requirements", s.saveRequirement),
		page("POST", "/services/{slug}/requirements/derive", s.deriveRequirements),
		page("POST", "/services/{slug}/requirements/{id}", s.saveRequirement),
		page("GET", "/services/{slug}/requirements/export", s.exportServiceRequirements),
		page("GET", "/services/{slug}/benefit", s.serviceBenefit),
		page("POST", "/services/{slug}/benefit", s.saveBenefit),
		page("POST", "/services/{slug}/benefit/preview", s.previewBenefit),
		page("GET", "/services/{slug}/benefit/export", s.exportBenefit),
		page("GET", "/benefits", s.portfolio),
		page("GET", "/benefits/due", s.dueMeasurements),
		page("GET", "/services/{slug}/plan", s.servicePlan),
		page("POST", "/services/{slug}/plan", s.createPlan),
		page("POST", "/services/{slug}/plan/indicators", s.saveIndicator),
		page("POST", "/services/{slug}/plan/indicators/{id}", s.saveIndicator),
		page("POST", "/services/{slug}/plan/indicators/{id}/delete", s.deleteIndicator),
		page("POST", "/services/{slug}/plan/indicators/{id}/measurements", s.addMeasurement),
		page("POST", "/services/{slug}/plan/import", s.importMeasurements),
		page("GET", "/services/{slug}/plan/export", s.exportPlan),
		page("POST", "/notifications/{id}/read", s.readNotification),
		page("GET", "/priority", s.priorityOverview),
		page("GET", "/priority/rounds", s.priorityRounds),
		page("POST", "/priority/rounds", s.openRound),
		page("GET", "/priority/rounds/{id}", s.priorityRound),
		page("POST", "/priority/rounds/{id}/close", s.closeRound),
		page("POST", "/priority/rounds/{id}/scores", s.submitScores),
		page("POST", "/priority/decisions", s.createDecision),
		page("GET", "/priority/decisions/{id}", s.priorityDecision),
		page("POST", "/priority/decisions/{id}/approve", s.approveDecision),
		page("GET", "/priority/audit", s.priorityAudit),
		page("GET", "/processes", s.processModule),
		page("GET", "/processes/requirements", s.collaborationRequirements),
		page("GET", "/processes/requirements/export", s.exportCollaborationRequirements),
		page("GET", "/services/{slug}/facts/{municipality}", s.factsEdit),
		page("POST", "/services/{slug}/facts/{municipality}", s.factsUpdate),
		page("GET", "/services/{slug}/facts/{municipality}/history", s.factsHistory),
		page("GET", "/municipalities", s.municipalityList),
		page("GET", "/municipalities/{id}/edit", s.municipalityEdit),
		page("POST", "/municipalities/{id}", s.municipalityUpdate),
		page("GET", "/municipalities/{id}/history", s.municipalityHistory),
		page("GET", "/import", s.importForm),
		page("POST", "/import", s.importPreview),
		page("POST", "/import/{upload}", s.importCommit),
		page("GET", "/export/{file}", s.export),
		page("GET", "/admin/users", s.userList),
		page("POST", "/admin/users", s.userCreate),
		page("GET", "/admin/users/{id}", s.userPage),
		page("POST", "/admin/users/{id}/roles", s.userRoles),
		page("POST", "/admin/users/{id}/password", s.userPassword),

		{Method: "GET", Pattern: "/api/v1/openapi.json", handle: s.apiOpenAPI, API: true, Public: true},
		api("GET", "/api/v1/me", s.apiMe),
		api("GET", "/api/v1/services", s.apiServices),
		api("POST", "/api/v1/services", s.apiServiceCreate),
		api("GET", "/api/v1/services/{slug}", s.apiService),
		api("PUT", "/api/v1/services/{slug}", s.apiServiceUpdate),
		api("GET", "/api/v1/services/{slug}/history", s.apiServiceHistory),
		api("GET", "/api/v1/services/{slug}/facts", s.apiFacts),
		api("PUT", "/api/v1/services/{slug}/facts/{municipality}", s.apiFactsUpdate),
		api("GET", "/api/v1/municipalities", s.apiMunicipalities),
		api("GET", "/api/v1/services/{slug}/processes", s.apiProcesses),
		api("GET", "/api/v1/services/{slug}/benefit", s.apiBenefit),
		api("PUT", "/api/v1/services/{slug}/benefit", s.apiBenefitUpdate),
	}
}

// Handler returns the app with its middleware.
func (s *Server) Handler() http.Handler {
	var h http.Handler = s.mux
	h = s.withSession(h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = s.withHeaders(h)
	h = s.withLog(h)
	return h
}

// adapt turns a route's handler into an http.Handler: it enforces login
// for non-public routes and CSRF tokens on state-changing requests, and
// sends every error through fail.
func (s *Server) adapt(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt.API {
			r = r.WithContext(context.WithValue(r.Context(), apiKey{}, true))
		}
		rc := reqOf(r)
		if !rt.Public && !rc.Principal.Authenticated() {
			s.fail(w, r, domain.Unauthorized("auth.login_required"))
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			limit := int64(1 << 20)
			switch rt.Pattern {
			case "/import", "/services/{slug}/processes", "/services/{slug}/processes/editor", "/services/{slug}/plan/import":
				limit = maxUpload
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			if err := s.checkCSRF(r); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		if err := rt.handle(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

type apiKey struct{}

func isAPI(r *http.Request) bool {
	v, _ := r.Context().Value(apiKey{}).(bool)
	return v || strings.HasPrefix(r.URL.Path, "/api/")
}

func isHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	if s.Health != nil {
		if err := s.Health(r.Context()); err != nil {
			s.Logger.Error("health check failed", "err", err)
			http.Error(w, "unhealthy", http.StatusServiceUnavailable)
			return nil
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
	return nil
}

// lang returns the request's language.
func lang(r *http.Request) i18n.Lang { return reqOf(r).Lang }
