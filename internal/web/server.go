// Package web is the HTTP layer: routes, pages (html/template + htmx), the
// JSON API, sessions and CSRF. Handlers are thin: parse input, call a
// service, render; one adapter turns errors into responses.
package web

import (
	"context"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
	"github.com/tjenestevalg/tjenestevalg/internal/realisation"
	"github.com/tjenestevalg/tjenestevalg/internal/roadmap"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer/guard"
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
	// Procurement keeps tenders, suppliers, documents, questions and
	// sealed bids.
	Procurement *procurement.Manager
	// EventLogs keeps imported event logs and applies their measured
	// figures to the catalogue and the as-is processes.
	EventLogs *eventlog.Manager
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
	// ImportLimits bound import files (zero fields: guard.DefaultLimits).
	ImportLimits guard.Limits
}

// Server is the HTTP application.
type Server struct {
	Deps
	assets *assets
	pages  map[string]*template.Template
	routes []Route
	mux    *http.ServeMux
	cache  *pageCache
	// renders bounds the cached pages' renders running at once.
	renders renderSlots
}

// New builds the server.
func New(d Deps) (*Server, error) {
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	s := &Server{Deps: d, assets: a, mux: http.NewServeMux(), cache: newPageCache(pageCacheBytes), renders: newRenderSlots()}
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

// adapt turns a route's handler into an http.Handler, in the order
// authenticate, authorise, then limit and validate: it enforces login for
// non-public routes, the route's own right (allow) before its body is
// read, the body limit and CSRF tokens on state-changing requests, and
// sends every error through fail. A body over the limit is answered 413
// with its limit (errTooLarge), wherever it is noticed.
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
		if rt.allow != nil {
			if err := rt.allow(r); err != nil {
				s.fail(w, r, err)
				return
			}
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
			if tl, ok := tooLarge(err); ok {
				err = tl
			}
			s.fail(w, r, err)
		}
	})
}

// allowedBy gives a route a right that is decided before its body is
// read: a user who may not upload hears so (403) before anything about
// the file, and no file is received for them. The handler and its
// manager still decide in full.
func (rt Route) allowedBy(allow func(r *http.Request) error) Route {
	rt.allow = allow
	return rt
}

// errTooLarge is the error of a request body over its route's limit of
// limit bytes: fail answers it 413, with the limit in MB.
func errTooLarge(limit int64) error {
	return &domain.Error{Kind: domain.KindInvalid, Code: "error.too_large", Params: []any{(limit + 1<<20 - 1) >> 20}}
}

// tooLarge returns errTooLarge when err comes from reading a body over
// its limit (http.MaxBytesReader's error in its chain).
func tooLarge(err error) (error, bool) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errTooLarge(mbe.Limit), true
	}
	return nil, false
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
