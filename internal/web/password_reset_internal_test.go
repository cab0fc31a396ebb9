package web

import (
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
)

func TestRefusalMessage(t *testing.T) {
	refused := func(code string, secs int) error {
		return &domain.Error{Kind: domain.KindUnauthorized, Code: code, Params: []any{secs}}
	}
	for _, tc := range []struct {
		err  error
		lang i18n.Lang
		want string
	}{
		{refused("auth.too_many_attempts", 2), "nb", "For mange mislykkede forsøk. Prøv igjen om 2 sekunder, eller be om en lenke for å sette nytt passord."},
		{refused("auth.too_many_attempts", 90), "en", "Too many failed attempts. Try again in 90 seconds, or ask for a link to set a new password."},
		{refused("auth.too_many_attempts", 900), "nb", "For mange mislykkede forsøk. Prøv igjen om 15 minutter, eller be om en lenke for å sette nytt passord."},
		{refused("auth.too_many_attempts", 91), "en", "Too many failed attempts. Try again in 2 minutes, or ask for a link to set a new password."},
		{refused("auth.busy", 2), "nb", "Mange logger inn akkurat nå. Prøv igjen om 2 sekunder."},
		{domain.Unauthorized("auth.bad_credentials"), "en", "Wrong e-mail or password."},
	} {
		if got := refusalMessage(tc.lang, tc.err); got != tc.want {
			t.Errorf("%v (%s) = %q, want %q", tc.err, tc.lang, got, tc.want)
		}
	}
}
