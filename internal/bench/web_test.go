package bench_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/bench"
)

// TestUploadAndLoad imports a small data set through the web import, as
// scripts/bench.sh does, then loads its pages. It checks what happened, not
// how fast.
func TestUploadAndLoad(t *testing.T) {
	s := newSite(t, t.TempDir())
	d := generate(t, 6, 8, 1)
	files, err := bench.WriteFiles(t.TempDir(), d)
	if err != nil {
		t.Fatal(err)
	}
	c := s.client(t, 2)
	ctx := context.Background()
	for _, name := range files.CSV() {
		up, err := c.Import(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		if up.File != filepath.Base(name) || up.Bytes == 0 {
			t.Errorf("%s: %+v", name, up)
		}
	}
	facts, err := s.app.Catalogue.AllFacts(ctx, s.system)
	if err != nil || len(facts) != 48 {
		t.Fatalf("%d facts after the import, want 48 (%v)", len(facts), err)
	}

	res, err := bench.Run(ctx, c, bench.Load{Paths: []string{"/services", pagePath(d)}, Concurrency: 3,
		Duration: time.Minute, MaxRequests: 12})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, p := range res.Paths {
		total += p.Requests
		if p.Errors != 0 || p.Requests == 0 || p.P95 <= 0 || p.P95 > p.Max || p.Bytes == 0 {
			t.Errorf("%s: %+v", p.Path, p)
		}
	}
	if total != 12 {
		t.Errorf("%d requests, want the 12 of --max-requests", total)
	}
	var out strings.Builder
	if err := res.WriteTable(&out); err != nil || !strings.Contains(out.String(), "/services") {
		t.Errorf("table: %v\n%s", err, out.String())
	}

	// A page that does not exist counts as errors, not as fast pages.
	res, err = bench.Run(ctx, c, bench.Load{Paths: []string{"/services/no-such-service"}, Concurrency: 1, Duration: time.Minute, MaxRequests: 2})
	if err != nil || res.Paths[0].Errors != 2 || res.Paths[0].FirstError == "" {
		t.Errorf("missing page: %+v, %v", res.Paths, err)
	}
}

// TestLoadSignedOut shows that a client whose session is gone counts every
// redirect to the login form as an error.
func TestLoadSignedOut(t *testing.T) {
	s := newSite(t, t.TempDir())
	u, err := bench.ParseTarget(s.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	c := bench.NewClient(u, 1)
	defer c.Close()
	res, err := bench.Run(context.Background(), c, bench.Load{Paths: []string{"/services"}, Concurrency: 1, Duration: time.Minute, MaxRequests: 3})
	if err != nil || res.Paths[0].Errors != 3 {
		t.Errorf("signed out: %+v, %v", res.Paths, err)
	}
}

func TestLoginRefused(t *testing.T) {
	s := newSite(t, t.TempDir())
	u, _ := bench.ParseTarget(s.srv.URL)
	c := bench.NewClient(u, 1)
	defer c.Close()
	if err := c.Login(context.Background(), leadEmail, "not-the-password"); err == nil {
		t.Error("a wrong password: no error")
	}
}

// TestImportProblems shows that an import the preview refuses is an error
// naming the problems, and that nothing is confirmed.
func TestImportProblems(t *testing.T) {
	s := newSite(t, t.TempDir())
	d := generate(t, 2, 2, 1)
	files, err := bench.WriteFiles(t.TempDir(), d)
	if err != nil {
		t.Fatal(err)
	}
	c := s.client(t, 1)
	// Facts before their services and municipalities: every row is unknown.
	_, err = c.Import(context.Background(), files.Facts)
	if err == nil || !strings.Contains(err.Error(), "facts.csv:2") {
		t.Errorf("facts without services: %v", err)
	}
	facts, _ := s.app.Catalogue.AllFacts(context.Background(), s.system)
	if len(facts) != 0 {
		t.Errorf("%d facts saved", len(facts))
	}
	if _, err := c.Import(context.Background(), filepath.Join(t.TempDir(), "missing.csv")); !os.IsNotExist(err) {
		t.Errorf("a missing file: %v", err)
	}
}
