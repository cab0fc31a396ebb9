package web

import (
	"net/http"
	"strconv"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
)

// The password reset pages (issue 12): a user locked out by someone else's
// guessing, or who forgot the password, asks for a link by e-mail and sets
// a new password through it. The rules (single use, expiry, limits, the
// cleared login limits) are the account manager's.

type resetRequestData struct {
	Email string
	Sent  bool
}

type resetFormData struct {
	Token   string
	Invalid bool // the link cannot be used: say so and offer a new one
	Done    bool
}

// tooManyRequests answers a refusal that asks the user to come back
// later ("auth.too_many_attempts", "auth.busy"): 429 with Retry-After.
// ok is false for every other error.
func tooManyRequests(w http.ResponseWriter, err error) (status int, ok bool) {
	secs, ok := account.RetryAfter(err)
	if !ok {
		return 0, false
	}
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	return http.StatusTooManyRequests, true
}

// refusalMessage is the message of a refused login or reset request in
// the user's language: a wait of more than a minute and a half in minutes,
// which read better than hundreds of seconds.
func refusalMessage(l i18n.Lang, err error) string {
	de := domain.AsError(err)
	if secs, ok := account.RetryAfter(err); ok && de.Code == "auth.too_many_attempts" && secs > 90 {
		return l.T("auth.too_many_attempts_minutes", (secs+59)/60)
	}
	return l.T(de.Code, de.Params...)
}

func (s *Server) resetRequestForm(w http.ResponseWriter, r *http.Request) error {
	l := lang(r)
	return s.render(w, r, http.StatusOK, "password_reset", s.newPage(r, "", l.T("reset.title"), resetRequestData{}))
}

// resetRequest sends a link; it reads the same whether the e-mail is known
// or not.
func (s *Server) resetRequest(w http.ResponseWriter, r *http.Request) error {
	l := lang(r)
	email := r.FormValue("email")
	err := s.Accounts.RequestPasswordReset(r.Context(), email, s.clientIP(r))
	p := s.newPage(r, "", l.T("reset.title"), resetRequestData{Email: email, Sent: err == nil})
	status, ok := formStatus(err)
	if !ok {
		status, ok = tooManyRequests(w, err)
	}
	if !ok {
		if err != nil {
			return err
		}
		status = http.StatusOK
	}
	if err != nil {
		p.Errors, _ = fieldErrors(l, err)
		p.Message = refusalMessage(l, err)
	}
	return s.render(w, r, status, "password_reset", p)
}

func (s *Server) resetForm(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("token")
	return s.resetFormResult(w, r, token, s.Accounts.CheckPasswordReset(r.Context(), token), false)
}

func (s *Server) resetComplete(w http.ResponseWriter, r *http.Request) error {
	token := r.FormValue("token")
	err := s.Accounts.CompletePasswordReset(r.Context(), token, r.FormValue("password"))
	return s.resetFormResult(w, r, token, err, err == nil)
}

// resetFormResult shows the new-password form, again with what is wrong,
// or the end of the reset.
func (s *Server) resetFormResult(w http.ResponseWriter, r *http.Request, token string, err error, done bool) error {
	l := lang(r)
	d := resetFormData{Token: token, Done: done}
	status := http.StatusOK
	var ok bool
	switch {
	case err == nil:
	case domain.KindOf(err) == domain.KindNotFound:
		d.Token, d.Invalid, status = "", true, http.StatusNotFound
	default:
		if status, ok = formStatus(err); !ok {
			if status, ok = tooManyRequests(w, err); !ok {
				return err
			}
		}
	}
	p := s.newPage(r, "", l.T("reset.title"), d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "password_reset_new", p)
}
