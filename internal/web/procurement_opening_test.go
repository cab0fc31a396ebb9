package web_test

import (
	"context"
	"html"
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

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/app"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// TestProcurementOpeningThroughThePages runs a tender past its deadline on
// an app of its own with a clock the test moves: before the deadline the
// bids page says only that the bids are sealed; after it, one person's
// confirmation does not open them and the same person again is refused;
// the second person's opens them, and the opening record shows the bid
// with its exact time of receipt, its price and that it is intact, and its
// file downloads as sent. The access log's chain is intact throughout.
func TestProcurementOpeningThroughThePages(t *testing.T) {
	ctx := context.Background()
	clock := domain.NewManualClock(time.Date(2026, time.October, 5, 8, 0, 0, 0, time.UTC))
	cfg := app.DefaultConfig()
	cfg.DB = filepath.Join(t.TempDir(), "opening.db")
	cfg.CreateBidKey = true
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), clock)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	collab, err := a.DB.Catalogue().CreateCollaboration(ctx, catalogue.Collaboration{Slug: "aapning", Name: "Åpningstest"})
	if err != nil {
		t.Fatal(err)
	}
	sys := domain.SystemPrincipal(collab)
	cat := a.DB.Catalogue()
	if err := cat.SaveMunicipalities(ctx, collab, []catalogue.Municipality{{Number: "5054", Name: "Indre Fosen"}}); err != nil {
		t.Fatal(err)
	}
	munis, err := cat.Municipalities(ctx, collab)
	if err != nil || len(munis) != 1 {
		t.Fatalf("municipalities: %v %v", munis, err)
	}
	const password = "et-langt-passord-for-test"
	user := func(email string, role domain.Role, muni domain.ID) account.User {
		u, err := a.Accounts.CreateUser(ctx, sys, account.NewUser{Email: email, Name: email, Password: password,
			Grants: []domain.Grant{{Role: role, MunicipalityID: muni}}})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	user("leder@aapning.example", domain.RoleProgrammeLead, 0)
	officer := user("saksbehandler@aapning.example", domain.RoleCoordinator, munis[0].ID)
	seller := user("selger@firma.example", domain.RoleSupplier, 0)
	m := a.Procurement
	sup, err := m.SaveSupplier(ctx, sys, procurement.Supplier{Name: "Fosen IT AS", OrgNumber: "974760673"})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.LinkSupplierUser(ctx, sys, sup.ID, seller.Email); err != nil {
		t.Fatal(err)
	}
	now := clock.Now()
	tender, err := m.CreateTender(ctx, sys, procurement.Tender{Reference: "AAPNING-1", Title: "Fagsystem",
		Procedure: procurement.ProcNationalOpen, EstimatedValue: 900_000,
		Milestones: []procurement.Milestone{{Kind: procurement.MilestoneDeadline, At: now.Add(2 * time.Hour)},
			{Kind: procurement.MilestoneOpening, At: now.Add(3 * time.Hour)}}})
	if err != nil {
		t.Fatal(err)
	}
	if tender, err = m.SetOfficers(ctx, sys, tender.ID, tender.Version, domain.Editors{officer.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err = m.Publish(ctx, sys, tender.ID, tender.Version); err != nil {
		t.Fatal(err)
	}
	file := []byte("Tilbud fra Fosen IT AS\n")
	receipt, err := m.SubmitBid(ctx, seller.Principal(), tender.ID, procurement.BidInput{Total: "123 456,50",
		Files: []procurement.File{{Name: "tilbud.txt", ContentType: "text/plain", Content: file}}})
	if err != nil {
		t.Fatal(err)
	}

	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	loginAt := func(email string) *client {
		c := &client{t: t, base: srv.URL, jar: map[string]*http.Cookie{},
			http: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
		c.get("/login")
		if res, _ := c.post("/login", url.Values{"email": {email}, "password": {password}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("login %s: status %d", email, res.StatusCode)
		}
		c.get("/accessibility")
		return c
	}
	lead, clerk := loginAt("leder@aapning.example"), loginAt("saksbehandler@aapning.example")
	tp := "/procurement/" + strconv.FormatInt(tender.ID, 10)
	page := func(c *client, path string) string {
		t.Helper()
		res, body := c.get(path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d\n%.400s", path, res.StatusCode, body)
		}
		return strings.ReplaceAll(html.UnescapeString(body), "\u00a0", " ")
	}

	body := page(lead, tp+"/bids")
	if !strings.Contains(body, "forseglet til "+procurement.Display(now.Add(3*time.Hour), "nb")) || strings.Contains(body, "bids/open") {
		t.Errorf("before the deadline the bids page says more than that the bids are sealed")
	}
	if res, _ := lead.post(tp+"/bids/open", nil); res.StatusCode != http.StatusConflict {
		t.Errorf("confirming before the opening time: status %d, want 409", res.StatusCode)
	}

	clock.Advance(3 * time.Hour)
	body = page(lead, tp+"/bids")
	if !strings.Contains(body, "Antall tilbud mottatt: 1") || !strings.Contains(body, "bids/open") {
		t.Errorf("after the opening time the lead is not offered to confirm:\n%.600s", body)
	}
	if res, _ := lead.post(tp+"/bids/open", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first confirmation: status %d", res.StatusCode)
	}
	if res, _ := lead.post(tp+"/bids/open", nil); res.StatusCode != http.StatusConflict {
		t.Errorf("the same person twice: status %d, want 409", res.StatusCode)
	}
	if body = page(lead, tp+"/bids"); strings.Contains(body, "Åpningsprotokoll") {
		t.Error("one confirmation opened the bids")
	}
	if res, _ := clerk.post(tp+"/bids/open", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second confirmation: status %d", res.StatusCode)
	}
	body = page(clerk, tp+"/bids")
	for _, want := range []string{"Åpningsprotokoll", "Fosen IT AS", "123 456,50", procurement.Exact(receipt.ReceivedAt), receipt.Digest} {
		if !strings.Contains(body, want) {
			t.Errorf("the opening record lacks %q", want)
		}
	}
	if strings.Contains(body, "Nei – kan ikke åpnes") {
		t.Error("the bid is shown as not intact")
	}
	res, got := clerk.get(tp + "/bids/" + strconv.FormatInt(receipt.BidID, 10) + "/files/1")
	if res.StatusCode != 200 || got != string(file) || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("bid file: status %d, %q, disposition %q", res.StatusCode, got, res.Header.Get("Content-Disposition"))
	}
	if body = page(lead, tp+"/log"); !strings.Contains(body, "Loggen er hel") {
		t.Error("the access log's chain is not shown intact")
	}
}
