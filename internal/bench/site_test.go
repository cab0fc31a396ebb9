package bench_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/app"
	"github.com/tjenestevalg/tjenestevalg/internal/bench"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer"
)

// The programme lead every site has.
const (
	leadEmail    = "leder@bench.example"
	leadPassword = "benchmark-password"
)

// site is the application on a fresh SQLite database in dir, with an empty
// collaboration and its programme lead, served on a loopback port.
type site struct {
	app    *app.App
	srv    *httptest.Server
	system domain.Principal // the collaboration's system principal, for imports without the web
	lead   domain.Principal // the programme lead, for the web's two-step import without HTTP
}

func newSite(tb testing.TB, dir string) *site { return newSiteWith(tb, dir, nil) }

// newSiteWith is newSite with the configuration adjusted by adjust.
func newSiteWith(tb testing.TB, dir string, adjust func(*app.Config)) *site {
	tb.Helper()
	ctx := context.Background()
	cfg := app.DefaultConfig()
	cfg.DB = filepath.Join(dir, "bench.db")
	cfg.LogLevel = "error"
	if adjust != nil {
		adjust(&cfg)
	}
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { a.Close() })
	id, err := a.DB.Catalogue().CreateCollaboration(ctx, catalogue.Collaboration{Slug: "bench", Name: "Bench"})
	if err != nil {
		tb.Fatal(err)
	}
	s := &site{app: a, system: domain.SystemPrincipal(id)}
	lead, err := a.Accounts.CreateUser(ctx, s.system, account.NewUser{Email: leadEmail, Name: "Programme Lead", Password: leadPassword,
		Lang: "nb", Grants: []domain.Grant{{Role: domain.RoleProgrammeLead}}})
	if err != nil {
		tb.Fatal(err)
	}
	s.lead = lead.Principal()
	s.srv = httptest.NewServer(a.Handler())
	tb.Cleanup(s.srv.Close)
	return s
}

// client returns a client logged in as the programme lead.
func (s *site) client(tb testing.TB, conns int) *bench.Client {
	tb.Helper()
	u, err := bench.ParseTarget(s.srv.URL)
	if err != nil {
		tb.Fatal(err)
	}
	c := bench.NewClient(u, conns)
	tb.Cleanup(c.Close)
	if err := c.Login(context.Background(), leadEmail, leadPassword); err != nil {
		tb.Fatal(err)
	}
	return c
}

// importData imports d without the web, as the CLI does.
func (s *site) importData(tb testing.TB, d transfer.Data) {
	tb.Helper()
	var buf bytes.Buffer
	if err := transfer.WriteXLSX(&buf, d); err != nil {
		tb.Fatal(err)
	}
	s.importFile(tb, buf.Bytes(), "data.xlsx")
}

// importFile reads and imports one file as the CLI does, failing on any
// problem.
func (s *site) importFile(tb testing.TB, data []byte, name string) {
	tb.Helper()
	b, err := transfer.Read(bytes.NewReader(data), name)
	if err != nil {
		tb.Fatal(err)
	}
	rep, err := s.app.Catalogue.Import(context.Background(), s.system, b, true)
	if err != nil {
		tb.Fatal(err)
	}
	if len(rep.Problems) > 0 {
		tb.Fatalf("import %s: %d problems, first %+v", name, len(rep.Problems), rep.Problems[0])
	}
	if !rep.Committed {
		tb.Fatalf("import %s: not committed", name)
	}
}

// pagePath is the service page of the first service.
func pagePath(d transfer.Data) string { return "/services/" + url.PathEscape(d.Services[0].Slug) }
