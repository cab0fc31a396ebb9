package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/app"
	"github.com/tjenestevalg/tjenestevalg/internal/demo"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// A round closed before every service got scores (issue 12, item 7): its
// page, the rounds page and the prioritisation answer 200 for everyone and
// show the unscored services and criteria as missing, in both languages.
// The app is its own (the shared one's latest round stays as it is).
func TestClosedRoundWithMissingScores(t *testing.T) {
	ctx := context.Background()
	cfg := app.DefaultConfig()
	cfg.DB = filepath.Join(t.TempDir(), "rounds.db")
	cfg.Demo = true
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	col, err := a.DB.Catalogue().CollaborationBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	sys := domain.SystemPrincipal(col.ID)
	rissa := ""
	munis, err := a.DB.Catalogue().Municipalities(ctx, col.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range munis {
		if m.Name == "Rissa" {
			rissa = strconv.FormatInt(m.ID, 10)
		}
	}
	loginAt := func(email string) *client {
		t.Helper()
		c := &client{t: t, base: srv.URL, jar: map[string]*http.Cookie{},
			http: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
		c.get("/login")
		if res, _ := c.post("/login", url.Values{"email": {email}, "password": {demo.Password}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("login %s: %d", email, res.StatusCode)
		}
		c.get("/accessibility")
		return c
	}

	lead := loginAt("programleder@fosen.example")
	deadline := time.Now().Add(7 * 24 * time.Hour).Format("2006-01-02T15:04")
	if res, body := lead.post("/priority/rounds", url.Values{"deadline": {deadline}, "copy_previous": {"on"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("open round: %d %.600s", res.StatusCode, body)
	}
	rounds, err := a.Priority.Rounds(ctx, sys)
	if err != nil || len(rounds) < 2 {
		t.Fatalf("rounds = %v, %v", rounds, err)
	}
	round := rounds[len(rounds)-1]
	if len(round.Services) < 2 || len(round.Criteria) == 0 {
		t.Fatalf("the new round = %+v", round)
	}
	path := "/priority/rounds/" + strconv.FormatInt(round.ID, 10)

	// One participant scores the first service; nobody scores the rest.
	owner := loginAt("fag.rissa@fosen.example")
	form := url.Values{"service": {strconv.FormatInt(round.Services[0], 10)}, "municipality": {rissa}}
	for _, c := range round.Criteria {
		form.Set("score_"+strconv.FormatInt(c, 10), "3")
	}
	if res, body := owner.post(path+"/scores", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("scores: %d %.600s", res.StatusCode, body)
	}
	if res, _ := lead.post(path+"/close", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d", res.StatusCode)
	}

	for _, who := range []*client{lead, owner, loginAt("observator@fosen.example")} {
		res, body := who.get(path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("closed round page: %d %.600s", res.StatusCode, body)
		}
		for _, want := range []string{`<span class="visually-hidden">ingen vurderinger</span>`, `<span class="badge todo">ingen vurderinger</span>`} {
			if !strings.Contains(body, want) {
				t.Errorf("the round page lacks %q", want)
			}
		}
		// The scored service keeps its median (3) in its rows.
		first := body[strings.Index(body, `id="rs-`+strconv.FormatInt(round.Services[0], 10)+`"`):]
		first = first[:strings.Index(first, "</tbody>")]
		if !strings.Contains(first, `<td class="num">3,0</td>`) || strings.Contains(first, "ingen vurderinger") {
			t.Errorf("the scored service: %s", first)
		}
		for _, page := range []string{"/priority/rounds", "/priority", "/priority?round=" + strconv.FormatInt(round.ID, 10)} {
			if res, body := who.get(page); res.StatusCode != http.StatusOK {
				t.Errorf("%s: %d %.300s", page, res.StatusCode, body)
			}
		}
	}
	if res, _ := lead.post("/lang", url.Values{"lang": {"en"}, "next": {path}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("to English: %d", res.StatusCode)
	}
	res, body := lead.get(path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("in English: %d", res.StatusCode)
	}
	for _, want := range []string{`<span class="visually-hidden">no scores</span>`, `<span class="badge todo">no scores</span>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the English page lacks %q", want)
		}
	}
}
