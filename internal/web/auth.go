package web

import (
	"net/http"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
)

type loginData struct {
	Email string
	Next  string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if reqOf(r).Principal.Authenticated() {
		http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	l := lang(r)
	return s.render(w, r, http.StatusOK, "login", s.newPage(r, "", l.T("login.title"), loginData{Next: localPath(r.URL.Query().Get("next"))}))
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	l := lang(r)
	email, password := r.FormValue("email"), r.FormValue("password")
	token, _, err := s.Accounts.Login(r.Context(), email, password, s.clientIP(r))
	if domain.KindOf(err) == domain.KindUnauthorized {
		p := s.newPage(r, "", l.T("login.title"), loginData{Email: email, Next: localPath(r.FormValue("next"))})
		p.Message = refusalMessage(l, err)
		status := http.StatusUnauthorized
		if st, ok := tooManyRequests(w, err); ok { // limited or busy: 429 with Retry-After
			status = st
		}
		return s.render(w, r, status, "login", p)
	}
	if err != nil {
		return err
	}
	s.setCookie(w, sessionCookie, token, 0)
	return redirect(w, r, localPath(r.FormValue("next")))
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if err := s.Accounts.Logout(r.Context(), reqOf(r).Token); err != nil {
		return err
	}
	s.setCookie(w, sessionCookie, "", -time.Second)
	return redirect(w, r, "/login")
}

// setLang switches the UI language and remembers it for the user.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) error {
	code := i18n.Match(r.FormValue("lang"))
	rc := reqOf(r)
	if rc.Principal.UserID != 0 {
		if err := s.Accounts.SetLang(r.Context(), rc.Principal, code); err != nil {
			return err
		}
	}
	s.setCookie(w, langCookie, code, 365*24*time.Hour)
	return redirect(w, r, localPath(r.FormValue("next")))
}

func (s *Server) accessibility(w http.ResponseWriter, r *http.Request) error {
	l := lang(r)
	return s.render(w, r, http.StatusOK, "accessibility", s.newPage(r, "", l.T("a11y.title"), nil))
}
