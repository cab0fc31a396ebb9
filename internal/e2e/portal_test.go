package e2e_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/demo"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// TestPortal runs the portal scenario on its own (go test -run Portal);
// a full run has it among TestBrowser's scenarios.
func TestPortal(t *testing.T) {
	if skipReason != "" {
		t.Skip(skipReason)
	}
	if flag.Lookup("test.run").Value.String() == "" {
		t.Skip("TestBrowser runs the portal scenario")
	}
	testPortal(t)
}

// portalRuns numbers the portal scenario's runs in this process, so each
// makes its own user, organisation and tender.
var portalRuns atomic.Int32

// portalOrgNumbers are valid organisation numbers (mod 11) for the runs.
var portalOrgNumbers = []string{"973100033", "973100041", "973100068"}

// portalTender makes, through the managers, a supplier user of its own
// organisation, invited to a published limited tender with a document;
// it returns the user's e-mail and the tender.
func portalTender(t *testing.T) (string, procurement.Tender) {
	t.Helper()
	ctx := context.Background()
	collab, err := theApp.DB.Catalogue().CollaborationBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	sys := domain.SystemPrincipal(collab.ID)
	pm := theApp.Procurement
	run := int(portalRuns.Add(1)) - 1
	email := fmt.Sprintf("portal.e2e%d@leverandor.example", run)
	if _, err := theApp.Accounts.CreateUser(ctx, sys, account.NewUser{Email: email, Name: "Portal-leverandør", Password: demoPassword,
		Grants: []domain.Grant{{Role: domain.RoleSupplier}}}); err != nil {
		t.Fatal(err)
	}
	sup, err := pm.SaveSupplier(ctx, sys, procurement.Supplier{Name: "Nettleveranser E2E AS", OrgNumber: portalOrgNumbers[run%len(portalOrgNumbers)]})
	if err != nil {
		t.Fatal(err)
	}
	if err := pm.LinkSupplierUser(ctx, sys, sup.ID, email); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().AddDate(0, 6, 0).Truncate(time.Minute)
	tn, err := pm.CreateTender(ctx, sys, procurement.Tender{Reference: fmt.Sprintf("E2E-PORTAL-%d", run), Title: "Innbyggerportal",
		Description: "Anskaffelse av innbyggerportal med digital søknad.", Procedure: procurement.ProcBelowThreshold,
		EstimatedValue: 900_000, CPV: "72000000-5", Lots: []procurement.Lot{{Number: 1, Title: "Portal"}, {Number: 2, Title: "Drift"}},
		Milestones: []procurement.Milestone{{Kind: procurement.MilestoneDeadline, At: deadline},
			{Kind: procurement.MilestoneOpening, At: deadline.Add(time.Hour)}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := pm.Invite(ctx, sys, tn.ID, sup.ID); err != nil {
		t.Fatal(err)
	}
	doc, err := pm.AddDocument(ctx, sys, tn.ID, procurement.DocTender, "Konkurransegrunnlag",
		procurement.File{Name: "konkurransegrunnlag.pdf", ContentType: "application/pdf", Content: []byte("%PDF-1.4\n% grunnlag\n%%EOF\n")}, "Første versjon")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pm.PublishDocument(ctx, sys, tn.ID, doc.ID, doc.Version); err != nil {
		t.Fatal(err)
	}
	if tn, err = pm.Publish(ctx, sys, tn.ID, tn.Version); err != nil {
		t.Fatal(err)
	}
	return email, tn
}

// testPortal is a supplier's way through the portal with the keyboard
// alone: the list, the tender, a bid refused for a file type and then
// received with a receipt, a question, and the withdrawal with its
// confirmation; every page checked by axe and at 320 px.
func testPortal(t *testing.T) {
	email, tn := portalTender(t)
	b := newTab(t)
	b.loginTo(email, "portal", "/portal")
	if nav := b.navTexts(); !slices.Equal(nav, []string{"Konkurranser", "Varsler"}) {
		t.Errorf("a supplier's navigation is %q, want only the portal and its notices", nav)
	}
	if got := b.text("main"); !strings.Contains(got, "Nettleveranser E2E AS") || !strings.Contains(got, "E2E-PORTAL") {
		t.Fatalf("the portal lacks the organisation or the tender: %q", got)
	}
	id := strconv.FormatInt(tn.ID, 10)
	path := "/portal/tenders/" + id

	// To the tender with the keyboard.
	b.tabTo("tender-"+id, 12)
	if st := b.follow("portal tender", enter()); st != 200 {
		t.Fatalf("open the tender: status %d", st)
	}
	if p := b.path(); p != path {
		t.Fatalf("Enter on the tender's link led to %s", p)
	}
	if b.count(`a[href$="/versions/1"]`) != 1 {
		t.Error("the published document's version is not offered")
	}

	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pdf := write("tilbud.pdf", "%PDF-1.4\n% tilbud\n%%EOF\n")
	csv := write("priser.csv", "linje;pris\n1;100\n")
	exe := write("program.exe", "MZ\x90\x00binary")

	// A bid whose third file is of a type not allowed: refused at the
	// file field, the summary takes focus.
	b.tabTo("f-total", 40)
	b.press("1 250 000,50")
	b.do("choose three files", chromedp.SetUploadFiles(chromedp.CSS("#f-files"), []string{pdf, csv, exe}))
	b.do("focus the submit button", chromedp.Focus(chromedp.CSS(`form.portal-bid button[type=submit]`)))
	if st := b.follow("portal tender with errors", enter()); st != 422 {
		t.Fatalf("a bid with an .exe: status %d, want 422", st)
	}
	b.expectFocus("form-message", "the error summary")
	if v, _ := b.attr("#f-files", "aria-invalid"); v != "true" {
		t.Error("the file field is not marked invalid")
	}
	if got := b.text("#e-files"); !strings.Contains(got, "program.exe") {
		t.Errorf("the file field's message %q does not name the file", got)
	}
	if got := b.value("#f-total"); got != "1 250 000,50" {
		t.Errorf("the typed total was not kept: %q", got)
	}

	// The same bid without it: received, with its receipt.
	b.do("choose two files", chromedp.SetUploadFiles(chromedp.CSS("#f-files"), []string{pdf, csv}))
	b.do("focus the submit button", chromedp.Focus(chromedp.CSS(`form.portal-bid button[type=submit]`)))
	if st := b.follow("portal receipt (submitted)", enter()); st != 200 {
		t.Fatalf("submit: status %d, %q", st, b.text("main"))
	}
	if got := b.text("#receipt-digest"); len(strings.ReplaceAll(got, "\u200b", "")) != 64 {
		t.Errorf("the receipt's digest is %q", got)
	}
	if got := b.text("table.portal-receipt-files"); !strings.Contains(got, "tilbud.pdf") || !strings.Contains(got, "priser.csv") {
		t.Errorf("the receipt does not name the files: %q", got)
	}
	if got := b.text("#receipt-time"); !strings.Contains(got, "(UTC ") {
		t.Errorf("the receipt's time is %q", got)
	}
	receipt, _ := b.attr(`a[href*="/receipts/"]`, "href")
	if st := b.open("portal receipt", receipt); st != 200 {
		t.Fatalf("the receipt at its address: status %d", st)
	}

	// A question.
	b.open("portal tender", path)
	b.tabTo("f-text", 40)
	b.press("Kan delkontrakt 2 prises per år?")
	b.do("focus the ask button", chromedp.Focus(chromedp.CSS(`form.portal-ask button[type=submit]`)))
	if st := b.follow("portal tender (question sent)", enter()); st != 200 {
		t.Fatalf("ask: status %d", st)
	}
	if got := b.text("#my-questions"); !strings.Contains(got, "Kan delkontrakt 2 prises per år?") || !strings.Contains(got, "Venter på svar") {
		t.Errorf("the question is not listed as awaiting an answer: %q", got)
	}

	// Withdraw: first asked to confirm, then withdrawn.
	b.do("focus the withdraw button", chromedp.Focus(chromedp.CSS(`form.portal-withdraw button`)))
	if st := b.follow("portal withdraw", enter()); st != 200 {
		t.Fatalf("withdraw: status %d", st)
	}
	b.expectFocus("form-message", "the confirmation question")
	b.do("focus the confirm button", chromedp.Focus(chromedp.CSS(`button.primary`)))
	if st := b.follow("portal receipt (withdrawn)", enter()); st != 200 {
		t.Fatalf("confirm the withdrawal: status %d", st)
	}
	if got := b.text("#receipt-status"); !strings.Contains(got, "Trukket") {
		t.Errorf("the receipt after withdrawing says %q", got)
	}

	// Another tender's id is not found.
	if st := b.open("error 404", "/portal/tenders/999999"); st != 404 {
		t.Errorf("a tender that is not there: status %d", st)
	}
}
