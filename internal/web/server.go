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
	// Imports is the catalogue's import use case (preview, then commit).
	Imports *catalogue.Importer
	Health  Health
	Clock   domain.Clock
	Logger  *slog.Logger
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
	s.routes = s.routeTable()
	for _, rt := range s.routes {
		s.mux.Handle(rt.Method+" "+rt.Pattern, s.adapt(rt))
	}
	s.mux.HandleFunc("GET /static/", a.serve)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, domain.NotFound("error.page_not_found"))
	})
	return s, nil
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
			limit := rt.Limit
			if limit == 0 {
				limit = defaultBodyLimit
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
