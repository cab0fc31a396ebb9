package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
)

// Cookie names. With Secure cookies the __Host- prefix pins them to this
// host and path.
const (
	sessionCookie = "tv_session"
	csrfCookie    = "tv_csrf"
	langCookie    = "tv_lang"
)

// reqCtx is what the middleware learns about a request.
type reqCtx struct {
	Principal domain.Principal
	User      account.User
	Token     string // session token from the cookie
	CSRF      string // the token forms and htmx must send back
	Lang      i18n.Lang
}

type reqKey struct{}

func reqOf(r *http.Request) *reqCtx {
	if rc, ok := r.Context().Value(reqKey{}).(*reqCtx); ok {
		return rc
	}
	return &reqCtx{Lang: i18n.Default}
}

func (s *Server) cookieName(base string) string {
	if s.SecureCookies {
		return "__Host-" + base
	}
	return base
}

func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name: s.cookieName(name), Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) cookie(r *http.Request, name string) string {
	c, err := r.Cookie(s.cookieName(name))
	if err != nil {
		return ""
	}
	return c.Value
}

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// withSession finds the user behind the session cookie and the language.
// Anonymous visitors get a CSRF cookie (double submit) for the login form.
func (s *Server) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := &reqCtx{}
		if tok := s.cookie(r, sessionCookie); tok != "" {
			u, sess, err := s.Accounts.Authenticate(r.Context(), tok)
			switch domain.KindOf(err) {
			case domain.KindUnauthorized:
				s.setCookie(w, sessionCookie, "", -time.Second)
			default:
				if err != nil {
					s.fail(w, r, err)
					return
				}
				rc.Principal, rc.User, rc.Token, rc.CSRF = u.Principal(), u, tok, sess.CSRFToken
			}
		}
		if rc.CSRF == "" {
			rc.CSRF = s.cookie(r, csrfCookie)
			if rc.CSRF == "" {
				rc.CSRF = randomToken()
				s.setCookie(w, csrfCookie, rc.CSRF, 0)
			}
		}
		switch c := s.cookie(r, langCookie); {
		case c != "":
			rc.Lang = i18n.Lang(i18n.Match(c))
		case rc.User.Lang != "":
			rc.Lang = i18n.Lang(rc.User.Lang)
		default:
			rc.Lang = i18n.Lang(i18n.Match(r.Header.Get("Accept-Language")))
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), reqKey{}, rc)))
	})
}

// checkCSRF compares the token sent in the X-CSRF-Token header or the
// csrf_token form field with the session's (or the anonymous cookie's).
// A header's token is checked before the body is read. The form is then
// read here, under the route's body limit, so that a body over it is
// answered as too large (errTooLarge, 413), not as a missing token; a
// request without a valid token is refused either way, before any
// handler sees its body.
func (s *Server) checkCSRF(r *http.Request) error {
	want := reqOf(r).CSRF
	valid := func(got string) bool {
		return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
	}
	got := r.Header.Get("X-CSRF-Token")
	if got != "" && !valid(got) {
		return domain.Forbidden("auth.csrf")
	}
	if err := parseForm(r); err != nil {
		if tl, ok := tooLarge(err); ok {
			return tl
		}
		// A malformed form has no token to find, or its handler says so.
	}
	if got == "" && !valid(r.FormValue("csrf_token")) {
		return domain.Forbidden("auth.csrf")
	}
	return nil
}

// parseForm reads a form body (URL-encoded or multipart) as FormValue
// would, returning the error FormValue drops.
func parseForm(r *http.Request) error {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "multipart/form-data" {
		err := r.ParseMultipartForm(multipartMemory)
		if errors.Is(err, http.ErrNotMultipart) {
			return nil
		}
		return err
	}
	return r.ParseForm()
}

// multipartMemory is how much of a multipart form is held in memory; the
// rest of its files goes to temporary files (net/http's own default).
const multipartMemory = 32 << 20

// withHeaders sets the security headers every response carries.
func (s *Server) withHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; font-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		if s.SecureCookies {
			h.Set("Strict-Transport-Security", "max-age=63072000")
		}
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// withLog writes one structured log line per request and turns a panic
// into a logged internal error.
func (s *Server) withLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				s.Logger.Error("panic", "panic", p, "path", r.URL.Path)
				if sw.status == 0 {
					http.Error(sw, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
				}
			}
			if r.URL.Path == "/healthz" || strings.HasPrefix(r.URL.Path, "/static/") {
				return
			}
			s.Logger.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
				"bytes", sw.bytes, "ms", float64(time.Since(start).Microseconds())/1000, "ip", s.clientIP(r))
		}()
		next.ServeHTTP(sw, r)
	})
}

// clientIP is the address the login limit counts by: the peer's, or, when
// the peer is a trusted proxy (a load balancer in front of several app
// servers), the nearest address in X-Forwarded-For that is not a trusted
// proxy. Addresses a client wrote into the header itself are never used.
func (s *Server) clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if !s.trusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if hop == "" {
			continue
		}
		if !s.trusted(hop) {
			return hop
		}
		host = hop
	}
	return host
}

func (s *Server) trusted(addr string) bool {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	for _, p := range s.TrustedProxies {
		if p.Contains(ip.Unmap()) {
			return true
		}
	}
	return false
}
