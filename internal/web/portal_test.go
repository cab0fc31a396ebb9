package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/app"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/demo"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// The supplier portal's fixtures, made through the managers once for the
// package's tests and the authorisation matrix: two supplier
// organisations with a user each, a limited tender only the first is
// invited to, an open tender both see, documents, questions and bids.
const (
	// portalUserA is the matrix's supplier login, linked to the
	// procurement fixtures' first supplier (procurement_fixture_test.go);
	// that organisation is invited to the limited tender and has a bid in it.
	portalUserA = "leverandor@firma.example"
	// portalUserB belongs to another organisation, not invited to the
	// limited tender; it has a bid and an unpublished question in the
	// open tender.
	portalUserB = "tilbyder@annet.example"
	// portalUserNone has the supplier role but no organisation.
	portalUserNone = "uten.organisasjon@firma.example"
	portalNameB    = "Annet Leverandørselskap AS"
)

type portalFixture struct {
	sys              domain.Principal
	nameA            string // the name of A's organisation
	pA, pB           domain.Principal
	limited, open    domain.ID
	doc              domain.ID // a published document of the limited tender, two versions
	docV1, docV2     []byte
	questionA        domain.ID // A's own question in the limited tender, unanswered
	questionB        domain.ID // B's question in the open tender, answered but not published
	publishedAnswer  string    // the answer to B's published question in the open tender
	publishedAskText string
	bidA             domain.ID // A's bid in the limited tender
	bidB             domain.ID // B's bid in the open tender
}

var (
	portalOnce sync.Once
	portalFx   *portalFixture
	portalErr  error
)

// portalPDF is a small file that passes the PDF check.
func portalPDF(text string) []byte { return []byte("%PDF-1.4\n% " + text + "\n%%EOF\n") }

func portalFixtures(t *testing.T) *portalFixture {
	t.Helper()
	portalOnce.Do(func() { portalFx, portalErr = makePortalFixtures(context.Background()) })
	if portalErr != nil {
		t.Fatalf("portal fixtures: %v", portalErr)
	}
	return portalFx
}

func makePortalFixtures(ctx context.Context) (*portalFixture, error) {
	a := shared.app
	pm := a.Procurement
	c, err := a.DB.Catalogue().CollaborationBySlug(ctx, demo.Slug)
	if err != nil {
		return nil, err
	}
	fx := &portalFixture{sys: domain.SystemPrincipal(c.ID)}
	sys := fx.sys
	for _, email := range []string{portalUserB, portalUserNone} {
		if _, err := a.Accounts.CreateUser(ctx, sys, account.NewUser{Email: email, Name: "Leverandør " + email, Password: demo.Password,
			Grants: []domain.Grant{{Role: domain.RoleSupplier}}}); err != nil {
			return nil, err
		}
	}
	principal := func(email string) (domain.Principal, error) {
		u, err := a.Accounts.UserByEmail(ctx, sys, email)
		return u.Principal(), err
	}
	// A is the supplier the procurement fixtures linked the matrix's
	// supplier user to.
	supA, _, err := pm.PortalOrganisation(ctx, mustPrincipal(a.Accounts.UserByEmail(ctx, sys, portalUserA)))
	if err != nil || supA.ID == 0 {
		return nil, fmt.Errorf("supplier A: %v (%s is linked to none)", err, portalUserA)
	}
	fx.nameA = supA.Name
	supB, err := pm.SaveSupplier(ctx, sys, procurement.Supplier{Name: portalNameB, OrgNumber: "973100017", ContactEmail: "post@annet.example"})
	if err != nil {
		return nil, fmt.Errorf("supplier B: %w", err)
	}
	if err := pm.LinkSupplierUser(ctx, sys, supB.ID, portalUserB); err != nil {
		return nil, fmt.Errorf("link B: %w", err)
	}
	if fx.pA, err = principal(portalUserA); err != nil {
		return nil, err
	}
	if fx.pB, err = principal(portalUserB); err != nil {
		return nil, err
	}
	// Deadlines a year ahead: the shared app runs on the wall clock; the
	// late bid has its own app and clock (TestPortalLateBid).
	now := a.Clock.Now()
	milestones := []procurement.Milestone{
		{Kind: procurement.MilestoneQuestions, At: now.AddDate(0, 11, 0).Truncate(time.Minute)},
		{Kind: procurement.MilestoneDeadline, At: now.AddDate(1, 0, 0).Truncate(time.Minute)},
		{Kind: procurement.MilestoneOpening, At: now.AddDate(1, 0, 0).Truncate(time.Minute).Add(time.Hour)},
	}
	limited, err := pm.CreateTender(ctx, sys, procurement.Tender{Reference: "PORTAL-BEGR", Title: "Saksbehandlingssystem (begrenset)",
		Description: "Anskaffelse av saksbehandlingssystem for byggesak.", Procedure: procurement.ProcBelowThreshold,
		EstimatedValue: 800_000, CPV: "72000000-5", Milestones: milestones,
		Lots: []procurement.Lot{{Number: 1, Title: "Programvare"}, {Number: 2, Title: "Opplæring"}}})
	if err != nil {
		return nil, fmt.Errorf("limited tender: %w", err)
	}
	if err := pm.Invite(ctx, sys, limited.ID, supA.ID); err != nil {
		return nil, fmt.Errorf("invite: %w", err)
	}
	fx.docV1, fx.docV2 = portalPDF("versjon 1"), portalPDF("versjon 2 med rettelser")
	doc, err := pm.AddDocument(ctx, sys, limited.ID, procurement.DocTender, "Konkurransegrunnlag",
		procurement.File{Name: "konkurransegrunnlag.pdf", ContentType: "application/pdf", Content: fx.docV1}, "Første versjon")
	if err != nil {
		return nil, fmt.Errorf("document: %w", err)
	}
	if doc, err = pm.PublishDocument(ctx, sys, limited.ID, doc.ID, doc.Version); err != nil {
		return nil, fmt.Errorf("publish document: %w", err)
	}
	if limited, err = pm.Publish(ctx, sys, limited.ID, limited.Version); err != nil {
		return nil, fmt.Errorf("publish limited: %w", err)
	}
	if doc, err = pm.AddDocumentVersion(ctx, sys, limited.ID, doc.ID,
		procurement.File{Name: "konkurransegrunnlag.pdf", ContentType: "application/pdf", Content: fx.docV2}, "Rettet frist for spørsmål"); err != nil {
		return nil, fmt.Errorf("document version: %w", err)
	}
	fx.limited, fx.doc = limited.ID, doc.ID

	open, err := pm.CreateTender(ctx, sys, procurement.Tender{Reference: "PORTAL-AAPEN", Title: "Digital postkasse (åpen)",
		Description: "Åpen tilbudskonkurranse.", Procedure: procurement.ProcNationalOpen, EstimatedValue: 1_500_000,
		CPV: "72000000-5", Milestones: milestones})
	if err != nil {
		return nil, fmt.Errorf("open tender: %w", err)
	}
	if open, err = pm.Publish(ctx, sys, open.ID, open.Version); err != nil {
		return nil, fmt.Errorf("publish open: %w", err)
	}
	fx.open = open.ID

	qA, err := pm.Ask(ctx, fx.pA, limited.ID, "Kan opplæringen holdes digitalt?")
	if err != nil {
		return nil, fmt.Errorf("ask A: %w", err)
	}
	fx.questionA = qA.ID
	fx.publishedAskText = "Hvilket arkivformat skal brukes?"
	fx.publishedAnswer = "Noark 5, som beskrevet i bilag 2."
	pub, err := pm.Ask(ctx, fx.pB, open.ID, fx.publishedAskText)
	if err != nil {
		return nil, fmt.Errorf("ask B: %w", err)
	}
	if _, err := pm.AnswerQuestion(ctx, sys, open.ID, pub.ID, pub.Version, fx.publishedAnswer, true); err != nil {
		return nil, fmt.Errorf("answer: %w", err)
	}
	qB, err := pm.Ask(ctx, fx.pB, open.ID, "Er det mulig å levere i to faser?")
	if err != nil {
		return nil, fmt.Errorf("ask B: %w", err)
	}
	if _, err := pm.AnswerQuestion(ctx, sys, open.ID, qB.ID, qB.Version, "Nei.", false); err != nil {
		return nil, fmt.Errorf("answer privately: %w", err)
	}
	fx.questionB = qB.ID

	rA, err := pm.SubmitBid(ctx, fx.pA, limited.ID, procurement.BidInput{Total: "1 200 000", Lots: map[int]string{1: "900 000", 2: "300 000"},
		Files: []procurement.File{{Name: "tilbud.pdf", ContentType: "application/pdf", Content: portalPDF("tilbud A")}}})
	if err != nil {
		return nil, fmt.Errorf("bid A: %w", err)
	}
	fx.bidA = rA.BidID
	rB, err := pm.SubmitBid(ctx, fx.pB, open.ID, procurement.BidInput{Total: "2000000",
		Files: []procurement.File{{Name: "tilbud-b.pdf", ContentType: "application/pdf", Content: portalPDF("tilbud B")}}})
	if err != nil {
		return nil, fmt.Errorf("bid B: %w", err)
	}
	fx.bidB = rB.BidID
	return fx, nil
}

func idStr(id domain.ID) string { return strconv.FormatInt(id, 10) }

func (fx *portalFixture) tenderPath(id domain.ID) string { return "/portal/tenders/" + idStr(id) }

// postFiles sends a multipart form with files as a browser does.
func (c *client) postFiles(path string, fields url.Values, files []procurement.File) (*http.Response, string) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="files"; filename="%s"`, f.Name))
		h.Set("Content-Type", f.ContentType)
		w, _ := mw.CreatePart(h)
		_, _ = w.Write(f.Content)
	}
	_ = mw.Close()
	return c.send(http.MethodPost, path, mw.FormDataContentType(), buf.String())
}

// portalRefusals counts a tender's refused log entries.
func portalRefusals(t *testing.T, fx *portalFixture, tender domain.ID) int {
	t.Helper()
	lv, err := shared.app.Procurement.Log(context.Background(), fx.sys, tender)
	if err != nil {
		t.Fatal(err)
	}
	if !lv.Intact {
		t.Errorf("the log of tender %d fails its check at %d", tender, lv.FirstBad)
	}
	n := 0
	for _, e := range lv.Entries {
		if e.Outcome == "refused" {
			n++
		}
	}
	return n
}

// A supplier sees its organisation, the tenders it may see with their
// deadline in Oslo time, and lands there from the front page; another
// organisation's user does not see the limited tender; a supplier user
// without an organisation is told why the portal is empty.
func TestPortalList(t *testing.T) {
	fx := portalFixtures(t)
	a := login(t, portalUserA)
	for _, path := range []string{"/portal", "/"} {
		res, body := a.get(path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d", path, res.StatusCode)
		}
		for _, want := range []string{fx.nameA, "PORTAL-BEGR", "PORTAL-AAPEN", `href="/portal/tenders/` + idStr(fx.limited) + `"`} {
			if !strings.Contains(body, want) {
				t.Errorf("%s as A lacks %q", path, want)
			}
		}
		if strings.Contains(body, `href="/services"`) {
			t.Errorf("%s: a supplier-only user is shown the internal navigation", path)
		}
	}
	lim, _ := shared.app.Procurement.PortalTender(context.Background(), fx.pA, fx.limited)
	_, body := a.get("/portal")
	if want := procurement.Display(lim.Tender.Deadline(), "nb"); !strings.Contains(body, want) {
		t.Errorf("the list does not show the deadline in Oslo time %q", want)
	}

	// The latest notices: the document's new version and the answer.
	notices := body[strings.Index(body, `id="notices"`):]
	for _, want := range []string{"Nytt dokument eller ny versjon", "Konkurransegrunnlag v2", "Nytt svar på spørsmål"} {
		if !strings.Contains(notices, want) {
			t.Errorf("the portal's notices lack %q", want)
		}
	}

	b := login(t, portalUserB)
	_, body = b.get("/portal")
	if !strings.Contains(body, "PORTAL-AAPEN") || strings.Contains(body, "PORTAL-BEGR") || !strings.Contains(body, portalNameB) {
		t.Errorf("B's portal: open tender shown %v, limited shown %v", strings.Contains(body, "PORTAL-AAPEN"), strings.Contains(body, "PORTAL-BEGR"))
	}
	none := login(t, portalUserNone)
	res, body := none.get("/portal")
	if res.StatusCode != 200 || !strings.Contains(body, `id="portal-no-organisation"`) || strings.Contains(body, "PORTAL-AAPEN") {
		t.Errorf("a supplier without an organisation: status %d, message shown %v", res.StatusCode, strings.Contains(body, "portal-no-organisation"))
	}
}

// The tender page shows the description, the milestones in Oslo time,
// every version of a published document with its digest, the published
// answers without the asker, the organisation's own questions with their
// status, and the bid form with a field per lot.
func TestPortalTenderPage(t *testing.T) {
	fx := portalFixtures(t)
	a := login(t, portalUserA)
	res, body := a.get(fx.tenderPath(fx.limited))
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	body = unbroken(body)
	sum1, sum2 := sha256.Sum256(fx.docV1), sha256.Sum256(fx.docV2)
	lim, _ := shared.app.Procurement.PortalTender(context.Background(), fx.pA, fx.limited)
	for _, want := range []string{"Anskaffelse av saksbehandlingssystem", hex.EncodeToString(sum1[:]), hex.EncodeToString(sum2[:]),
		"/documents/" + idStr(fx.doc) + "/versions/1", "/documents/" + idStr(fx.doc) + "/versions/2", "Rettet frist for spørsmål",
		procurement.Display(lim.Tender.Deadline(), "nb"), "Kan opplæringen holdes digitalt?", "Venter på svar",
		`name="lot_1"`, `name="lot_2"`, `name="files"`, `enctype="multipart/form-data"`, "/receipts/" + idStr(fx.bidA)} {
		if !strings.Contains(body, want) {
			t.Errorf("the limited tender's page lacks %q", want)
		}
	}
	// B's published answer reaches A without B's name; B's private
	// question and answer do not.
	_, body = a.get(fx.tenderPath(fx.open))
	if !strings.Contains(body, fx.publishedAnswer) || !strings.Contains(body, fx.publishedAskText) {
		t.Error("the published answer is not shown to another supplier")
	}
	for _, leak := range []string{portalNameB, portalUserB, "Er det mulig å levere i to faser?"} {
		if strings.Contains(body, leak) {
			t.Errorf("the open tender's page shows A %q", leak)
		}
	}
	// English.
	a.post("/lang", url.Values{"lang": {"en"}, "next": {"/"}})
	_, body = a.get(fx.tenderPath(fx.limited))
	if !strings.Contains(body, "Awaiting an answer") || !strings.Contains(body, procurement.Display(lim.Tender.Deadline(), "en")) {
		t.Error("the English page lacks the question's status or the deadline in English notation")
	}
}

// A document version downloads as an attachment under its name, exactly
// as published.
func TestPortalDocumentDownload(t *testing.T) {
	fx := portalFixtures(t)
	a := login(t, portalUserA)
	for n, want := range map[int][]byte{1: fx.docV1, 2: fx.docV2} {
		res, body := a.get(fmt.Sprintf("%s/documents/%d/versions/%d", fx.tenderPath(fx.limited), fx.doc, n))
		if res.StatusCode != 200 || body != string(want) {
			t.Fatalf("version %d: status %d, body %q", n, res.StatusCode, body)
		}
		if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, "konkurransegrunnlag.pdf") {
			t.Errorf("version %d: Content-Disposition %q", n, cd)
		}
	}
	res, _ := a.get(fmt.Sprintf("%s/documents/%d/versions/9", fx.tenderPath(fx.limited), fx.doc))
	if res.StatusCode != 404 {
		t.Errorf("a version that does not exist: status %d", res.StatusCode)
	}
}

// Another organisation's tender, bid (receipt) and question are not
// found through every door, pages and API, and each attempt on an
// existing tender is logged as refused; nothing is written.
func TestPortalOtherSuppliersNotFound(t *testing.T) {
	fx := portalFixtures(t)
	a, b := login(t, portalUserA), login(t, portalUserB)
	lim, open := fx.tenderPath(fx.limited), fx.tenderPath(fx.open)
	before := portalRefusals(t, fx, fx.limited)
	questionsBefore, _ := shared.app.Procurement.Questions(context.Background(), fx.sys, fx.limited)
	for _, tc := range []struct {
		name string
		c    *client
		do   func(c *client) (*http.Response, string)
	}{
		{"B opens the limited tender", b, func(c *client) (*http.Response, string) { return c.get(lim) }},
		{"B opens the limited tender by API", b, func(c *client) (*http.Response, string) { return c.get("/api/v1" + lim) }},
		{"B downloads its document", b, func(c *client) (*http.Response, string) {
			return c.get(fmt.Sprintf("%s/documents/%d/versions/1", lim, fx.doc))
		}},
		{"B asks in it", b, func(c *client) (*http.Response, string) {
			return c.post(lim+"/questions", url.Values{"text": {"Hei?"}})
		}},
		{"B asks in it by API", b, func(c *client) (*http.Response, string) {
			return c.send(http.MethodPost, "/api/v1"+lim+"/questions", "application/json", `{"text":"Hei?"}`)
		}},
		{"B bids in it", b, func(c *client) (*http.Response, string) {
			return c.postFiles(lim+"/bid", url.Values{"total": {"100"}}, []procurement.File{{Name: "t.pdf", ContentType: "application/pdf", Content: portalPDF("x")}})
		}},
		{"B withdraws in it", b, func(c *client) (*http.Response, string) {
			return c.post(lim+"/bid/withdraw", url.Values{"confirm": {"yes"}})
		}},
		{"B reads A's receipt", b, func(c *client) (*http.Response, string) { return c.get(lim + "/receipts/" + idStr(fx.bidA)) }},
		{"B reads A's receipt through the open tender", b, func(c *client) (*http.Response, string) {
			return c.get(open + "/receipts/" + idStr(fx.bidA))
		}},
		{"A reads B's receipt", a, func(c *client) (*http.Response, string) { return c.get(open + "/receipts/" + idStr(fx.bidB)) }},
		{"A reads B's question", a, func(c *client) (*http.Response, string) { return c.get(open + "/questions/" + idStr(fx.questionB)) }},
		{"A reads B's question by API", a, func(c *client) (*http.Response, string) {
			return c.get("/api/v1" + open + "/questions/" + idStr(fx.questionB))
		}},
		{"B reads A's question", b, func(c *client) (*http.Response, string) { return c.get(lim + "/questions/" + idStr(fx.questionA)) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.c.t = t
			res, body := tc.do(tc.c)
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("status %d, want 404\n%.300s", res.StatusCode, body)
			}
			if strings.Contains(body, "PORTAL-BEGR") || strings.Contains(body, "Saksbehandlingssystem") {
				t.Error("the refusal reveals the tender")
			}
		})
	}
	if after := portalRefusals(t, fx, fx.limited); after < before+8 {
		t.Errorf("refusals logged on the limited tender: %d → %d, want at least 8 more", before, after)
	}
	questionsAfter, _ := shared.app.Procurement.Questions(context.Background(), fx.sys, fx.limited)
	if len(questionsAfter) != len(questionsBefore) {
		t.Errorf("questions of the limited tender: %d → %d", len(questionsBefore), len(questionsAfter))
	}
	if rc, err := shared.app.Procurement.Receipt(context.Background(), fx.pA, fx.limited, fx.bidA); err != nil || rc.Status != procurement.BidSubmitted {
		t.Errorf("A's bid after B's attempts: %+v, %v", rc, err)
	}
}

// A bid with a file of a type not allowed (files[2]), a file over the size
// limit, or a price that is no number is refused on its field in the
// user's language, logged, and the earlier bid stays as it was.
func TestPortalBidRefused(t *testing.T) {
	fx := portalFixtures(t)
	a := login(t, portalUserA)
	lim := fx.tenderPath(fx.limited)
	ok1 := procurement.File{Name: "tilbudsbrev.pdf", ContentType: "application/pdf", Content: portalPDF("brev")}
	ok2 := procurement.File{Name: "priser.csv", ContentType: "text/csv", Content: []byte("linje;pris\n1;100\n")}
	big := procurement.File{Name: "stor.pdf", ContentType: "application/pdf",
		Content: append(portalPDF("stor"), make([]byte, procurement.DefaultFileLimits().MaxFileBytes)...)}
	for _, tc := range []struct {
		name, lang string
		fields     url.Values
		files      []procurement.File
		field      string // the form field marked invalid
		want       string // in the message
	}{
		{"files[2] of a type not allowed", "nb", url.Values{"total": {"1 000 000,50"}},
			[]procurement.File{ok1, ok2, {Name: "program.exe", ContentType: "application/octet-stream", Content: []byte("MZ\x90\x00binary")}},
			"files", "«program.exe» er ikke en tillatt filtype"},
		{"files[2] renamed to .pdf, in English", "en", url.Values{"total": {"1000000.50"}},
			[]procurement.File{ok1, ok2, {Name: "faktura.pdf", ContentType: "application/pdf", Content: []byte("MZ\x90\x00binary")}},
			"files", "“faktura.pdf” is not an accepted file type"},
		{"a file over the size limit", "nb", url.Values{"total": {"1000000"}}, []procurement.File{ok1, big},
			"files", "«stor.pdf» er for stor"},
		{"a price that is no number", "nb", url.Values{"total": {"en million"}}, []procurement.File{ok1}, "total", ""},
		{"a lot's price that is no number", "nb", url.Values{"total": {"1000"}, "lot_2": {"mye"}}, []procurement.File{ok1}, "lot_2", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a.t = t
			a.post("/lang", url.Values{"lang": {tc.lang}, "next": {"/"}})
			before := portalRefusals(t, fx, fx.limited)
			res, body := a.postFiles(lim+"/bid", tc.fields, tc.files)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422\n%.500s", res.StatusCode, body)
			}
			if !strings.Contains(body, `id="f-`+tc.field+`"`) || !strings.Contains(body, `id="e-`+tc.field+`"`) || !strings.Contains(body, `href="#f-`+tc.field+`"`) {
				t.Errorf("the message is not at the field %s", tc.field)
			}
			if tc.want != "" && !strings.Contains(body, tc.want) {
				t.Errorf("the page lacks %q", tc.want)
			}
			if tc.lang == "en" && !strings.Contains(body, "is not an accepted file type") {
				t.Errorf("the English message is missing:\n%.2000s", body)
			}
			if after := portalRefusals(t, fx, fx.limited); after != before+1 {
				t.Errorf("refusals logged: %d → %d, want one more", before, after)
			}
			rc, err := shared.app.Procurement.Receipt(context.Background(), fx.pA, fx.limited, fx.bidA)
			if err != nil || rc.Status != procurement.BidSubmitted {
				t.Errorf("the earlier bid after the refusal: %+v, %v", rc, err)
			}
			v, _ := shared.app.Procurement.PortalTender(context.Background(), fx.pA, fx.limited)
			if v.Receipt == nil || v.Receipt.BidID != fx.bidA {
				t.Errorf("the organisation's current bid changed: %+v", v.Receipt)
			}
		})
	}
	a.post("/lang", url.Values{"lang": {"nb"}, "next": {"/"}})
}

// A bid typed in Norwegian notation with two files is received and
// receipted (exact time, digests of the bid and of each file); replacing
// marks the earlier one replaced; withdrawing asks first, then withdraws.
func TestPortalBidSubmitReplaceWithdraw(t *testing.T) {
	fx := portalFixtures(t)
	b := login(t, portalUserB)
	open := fx.tenderPath(fx.open)
	f1 := procurement.File{Name: "tilbud.pdf", ContentType: "application/pdf", Content: portalPDF("nytt tilbud")}
	f2 := procurement.File{Name: "vedlegg.txt", ContentType: "text/plain", Content: []byte("Vedlegg til tilbudet – æøå\n")}
	res, body := b.postFiles(open+"/bid", url.Values{"total": {"1 250 000,50"}, "note": {"Inkluderer drift i tre år."}}, []procurement.File{f1, f2})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("submit: status %d", res.StatusCode)
	}
	m := regexp.MustCompile(`href="(/portal/tenders/\d+/receipts/(\d+))"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the receipt shown after submitting has no link to its own address")
	}
	receipt := m[1]
	firstID, _ := strconv.ParseInt(m[2], 10, 64)
	body = unbroken(body)
	rc, err := shared.app.Procurement.Receipt(context.Background(), fx.pB, fx.open, firstID)
	if err != nil {
		t.Fatal(err)
	}
	_, again := b.get(receipt)
	again = unbroken(again)
	for i, f := range []procurement.File{f1, f2} {
		sum := hex.EncodeToString(sha256sum(f.Content))
		if !strings.Contains(body, sum) || !strings.Contains(body, f.Name) {
			t.Errorf("the receipt shown after submitting lacks %s or its SHA-256", f.Name)
		}
		if !strings.Contains(again, sum) || !strings.Contains(again, "Fil "+strconv.Itoa(i+1)) {
			t.Errorf("the receipt at its address lacks file %d's SHA-256", i+1)
		}
	}
	for _, page := range []string{body, again} {
		for _, want := range []string{"Levert", portalNameB, "PORTAL-AAPEN", procurement.Exact(rc.ReceivedAt), rc.Digest,
			`id="receipt-digest"`, "/static/print."} {
			if !strings.Contains(page, want) {
				t.Errorf("the receipt lacks %q", want)
			}
		}
	}

	// Replace.
	res, _ = b.postFiles(open+"/bid", url.Values{"total": {"1200000"}}, []procurement.File{f1})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("replace: status %d", res.StatusCode)
	}
	if rc, _ := shared.app.Procurement.Receipt(context.Background(), fx.pB, fx.open, firstID); rc.Status != procurement.BidReplaced {
		t.Errorf("the first bid after replacing: %q", rc.Status)
	}
	_, body = b.get(receipt)
	if !strings.Contains(body, "Erstattet") {
		t.Error("the first receipt does not say it was replaced")
	}

	// Withdraw: first a confirmation, nothing changed; then withdrawn.
	res, body = b.post(open+"/bid/withdraw", nil)
	if res.StatusCode != 200 || !strings.Contains(body, `name="confirm" value="yes"`) {
		t.Fatalf("withdraw without confirming: status %d", res.StatusCode)
	}
	v, _ := shared.app.Procurement.PortalTender(context.Background(), fx.pB, fx.open)
	if v.Receipt == nil || v.Receipt.Status != procurement.BidSubmitted {
		t.Fatalf("asking to confirm changed the bid: %+v", v.Receipt)
	}
	res, _ = b.post(open+"/bid/withdraw", url.Values{"confirm": {"yes"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw: status %d", res.StatusCode)
	}
	_, body = b.get(res.Header.Get("Location"))
	if !strings.Contains(body, "Trukket") {
		t.Error("the receipt after withdrawing does not say so")
	}
	// B bids again so the fixture keeps a bid in the open tender.
	if res, _ := b.postFiles(open+"/bid", url.Values{"total": {"2 000 000"}}, []procurement.File{f1}); res.StatusCode != http.StatusOK {
		t.Fatalf("bid again: status %d", res.StatusCode)
	}
}

// A question through the form and the API lands among the organisation's
// own questions; an empty one is refused on its field.
func TestPortalAsk(t *testing.T) {
	fx := portalFixtures(t)
	b := login(t, portalUserB)
	open := fx.tenderPath(fx.open)
	res, body := b.post(open+"/questions", url.Values{"text": {"   "}})
	if res.StatusCode != 422 || !strings.Contains(body, `id="e-text"`) {
		t.Errorf("an empty question: status %d, message at the field %v", res.StatusCode, strings.Contains(body, `id="e-text"`))
	}
	res, _ = b.post(open+"/questions", url.Values{"text": {"Gjelder kravet om universell utforming også PDF?"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("ask: status %d", res.StatusCode)
	}
	_, body = b.get(res.Header.Get("Location"))
	if !strings.Contains(body, "Gjelder kravet om universell utforming også PDF?") || !strings.Contains(body, "Spørsmålet er sendt") {
		t.Error("the question is not among the organisation's questions")
	}
	res, body = b.send(http.MethodPost, "/api/v1"+open+"/questions", "application/json", `{"text":"Via API?"}`)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("API ask: status %d %s", res.StatusCode, body)
	}
	var q struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
	}
	if err := json.Unmarshal([]byte(body), &q); err != nil || q.ID == 0 || q.Status != "awaiting" {
		t.Errorf("API question: %s (%v)", body, err)
	}
	res, body = b.get("/api/v1" + open + "/questions/" + idStr(q.ID))
	if res.StatusCode != 200 || !strings.Contains(body, "Via API?") {
		t.Errorf("API question read: %d %s", res.StatusCode, body)
	}
	res, body = b.send(http.MethodPost, "/api/v1"+open+"/questions", "application/json", `{"text":""}`)
	if res.StatusCode != 422 || !strings.Contains(body, `"text"`) {
		t.Errorf("API empty question: %d %s", res.StatusCode, body)
	}
}

// The API lists the tenders with the organisation, and a tender without
// what only the buyer sees.
func TestPortalAPI(t *testing.T) {
	fx := portalFixtures(t)
	a := login(t, portalUserA)
	res, body := a.get("/api/v1/portal/tenders")
	var list struct {
		Organisation *struct{ Name string } `json:"organisation"`
		Tenders      []struct {
			ID      int64  `json:"id"`
			State   string `json:"state"`
			Invited bool   `json:"invited"`
			HasBid  bool   `json:"has_bid"`
		} `json:"tenders"`
	}
	if err := json.Unmarshal([]byte(body), &list); err != nil || res.StatusCode != 200 || list.Organisation == nil || list.Organisation.Name != fx.nameA {
		t.Fatalf("list: %d %v %s", res.StatusCode, err, body)
	}
	found := false
	for _, tn := range list.Tenders {
		if tn.ID == fx.limited {
			found = tn.Invited && tn.HasBid && tn.State == procurement.StatusPublished
		}
	}
	if !found {
		t.Errorf("the limited tender is not listed as invited with a bid: %s", body)
	}
	res, body = a.get("/api/v1" + fx.tenderPath(fx.open))
	if res.StatusCode != 200 || !strings.Contains(body, fx.publishedAnswer) {
		t.Fatalf("tender: %d %s", res.StatusCode, body)
	}
	for _, leak := range []string{`"officers"`, `"dialogue"`, `"asked_by"`, portalNameB} {
		if strings.Contains(body, leak) {
			t.Errorf("the tender's JSON has %s", leak)
		}
	}
	none := login(t, portalUserNone)
	res, body = none.get("/api/v1/portal/tenders")
	if res.StatusCode != 200 || !strings.Contains(body, `"organisation": null`) {
		t.Errorf("without an organisation: %d %s", res.StatusCode, body)
	}
}

// A bid one second after the deadline is refused with a message in the
// user's language, logged, and the bid sent before the deadline stays as
// it was; withdrawing is refused too. The app runs on a clock of its own.
func TestPortalLateBid(t *testing.T) {
	ctx := t.Context()
	cfg := app.DefaultConfig()
	cfg.DB = filepath.Join(t.TempDir(), "late.db")
	cfg.CreateBidKey = true
	start := time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)
	clock := domain.NewManualClock(start)
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	cid, err := a.DB.Catalogue().CreateCollaboration(ctx, catalogue.Collaboration{Slug: "sent", Name: "Sent levert"})
	if err != nil {
		t.Fatal(err)
	}
	sys := domain.SystemPrincipal(cid)
	const email = "sen@firma.example"
	if _, err := a.Accounts.CreateUser(ctx, sys, account.NewUser{Email: email, Name: "Sen Leverandør", Password: demo.Password,
		Grants: []domain.Grant{{Role: domain.RoleSupplier}}}); err != nil {
		t.Fatal(err)
	}
	sup, err := a.Procurement.SaveSupplier(ctx, sys, procurement.Supplier{Name: "Sent AS", OrgNumber: "973100025"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Procurement.LinkSupplierUser(ctx, sys, sup.ID, email); err != nil {
		t.Fatal(err)
	}
	deadline := start.Add(time.Hour)
	tn, err := a.Procurement.CreateTender(ctx, sys, procurement.Tender{Reference: "SENT-1", Title: "Sen konkurranse",
		Procedure: procurement.ProcNationalOpen, EstimatedValue: 1_500_000, Milestones: []procurement.Milestone{
			{Kind: procurement.MilestoneDeadline, At: deadline}, {Kind: procurement.MilestoneOpening, At: deadline.Add(time.Hour)}}})
	if err != nil {
		t.Fatal(err)
	}
	if tn, err = a.Procurement.Publish(ctx, sys, tn.ID, tn.Version); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	path := "/portal/tenders/" + idStr(tn.ID)
	file := []procurement.File{{Name: "tilbud.pdf", ContentType: "application/pdf", Content: portalPDF("i tide")}}

	c := loginAt(t, srv.URL, email)
	res, _ := c.postFiles(path+"/bid", url.Values{"total": {"1 000 000"}}, file)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("a bid before the deadline: status %d", res.StatusCode)
	}
	u, _ := a.Accounts.UserByEmail(ctx, sys, email)
	onTime, err := a.Procurement.PortalTender(ctx, u.Principal(), tn.ID)
	if err != nil || onTime.Receipt == nil {
		t.Fatalf("no receipt before the deadline: %v", err)
	}
	refusals := func() int {
		lv, err := a.Procurement.Log(ctx, sys, tn.ID)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range lv.Entries {
			if e.Outcome == "refused" {
				n++
			}
		}
		return n
	}
	before := refusals()

	clock.Advance(deadline.Sub(start) + time.Second)
	c = loginAt(t, srv.URL, email)
	for _, lang := range []string{"nb", "en"} {
		c.post("/lang", url.Values{"lang": {lang}, "next": {"/"}})
		res, body := c.postFiles(path+"/bid", url.Values{"total": {"900 000"}}, file)
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("%s: a bid one second late: status %d, want 409", lang, res.StatusCode)
		}
		if msg := i18n.Lang(lang).T("procurement.deadline_passed"); !strings.Contains(body, msg) || msg == "procurement.deadline_passed" {
			t.Errorf("%s: the page lacks the message %q", lang, msg)
		}
		if strings.Contains(body, `action="`+path+`/bid"`) {
			t.Errorf("%s: the bid form is still offered after the deadline", lang)
		}
	}
	res, _ = c.post(path+"/bid/withdraw", url.Values{"confirm": {"yes"}})
	if res.StatusCode != http.StatusConflict {
		t.Errorf("withdrawing after the deadline: status %d, want 409", res.StatusCode)
	}
	if after := refusals(); after != before+3 {
		t.Errorf("refusals logged: %d → %d, want 3 more", before, after)
	}
	late, _ := a.Procurement.PortalTender(ctx, u.Principal(), tn.ID)
	if late.Receipt == nil || late.Receipt.BidID != onTime.Receipt.BidID || late.Receipt.Status != procurement.BidSubmitted ||
		late.Receipt.Digest != onTime.Receipt.Digest {
		t.Errorf("the bid before the deadline changed: %+v, was %+v", late.Receipt, onTime.Receipt)
	}
	if late.State != procurement.StateClosed {
		t.Errorf("the tender's state after the deadline: %q", late.State)
	}
}

func sha256sum(b []byte) []byte {
	s := sha256.Sum256(b)
	return s[:]
}

// unbroken drops the break opportunities the pages put into digests.
func unbroken(html string) string { return strings.ReplaceAll(html, "<wbr>", "") }

// mustPrincipal is the principal of a user read without error (an error
// gives the zero principal, which every manager refuses).
func mustPrincipal(u account.User, err error) domain.Principal {
	if err != nil {
		return domain.Principal{}
	}
	return u.Principal()
}
