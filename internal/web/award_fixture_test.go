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
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// awardEnv is an app of its own, on a clock the test moves, holding a
// tender that is opened and evaluated but not yet awarded: two bids
// (Alfa NOK 100 000, Beta 120 000), a specification of two requirements
// generated from the process module's confirmed requirements of one
// service, price 30 % and quality 70 %, one evaluator who has scored, the
// consensus (Beta ahead) and the answers to the specification. The
// programme lead and the tender's officer act for the buyer; each bidder
// has a portal user. Built through the managers.
type awardEnv struct {
	t          *testing.T
	app        *app.App
	clock      *domain.ManualClock
	srv        *httptest.Server
	tender     procurement.Tender
	other      procurement.Tender
	spec       []procurement.SpecRequirement
	bidA, bidB domain.ID
	supA, supB procurement.Supplier
	slug       string
	officer    domain.Principal
}

const (
	awardPassword = "et-langt-passord-for-tildeling"
	awardLead     = "leder@tildeling.example"
	awardOfficer  = "innkjoper@tildeling.example"
	awardSellerA  = "selger@alfa.example"
	awardSellerB  = "selger@beta.example"
)

func newAwardEnv(t *testing.T) *awardEnv {
	t.Helper()
	ctx := context.Background()
	// Monday 5 October 2026, 10:00 in Oslo.
	clock := domain.NewManualClock(time.Date(2026, time.October, 5, 8, 0, 0, 0, time.UTC))
	cfg := app.DefaultConfig()
	cfg.DB = filepath.Join(t.TempDir(), "awarding.db")
	cfg.CreateBidKey = true
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	e := &awardEnv{t: t, app: a, clock: clock, slug: "byggesak-tildeling"}
	collab, err := a.DB.Catalogue().CreateCollaboration(ctx, catalogue.Collaboration{Slug: "tildeling", Name: "Tildelingstest"})
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
	user := func(email string, role domain.Role, muni domain.ID) domain.Principal {
		u, err := a.Accounts.CreateUser(ctx, sys, account.NewUser{Email: email, Name: email, Password: awardPassword,
			Grants: []domain.Grant{{Role: role, MunicipalityID: muni}}})
		if err != nil {
			t.Fatal(err)
		}
		return u.Principal()
	}
	lead := user(awardLead, domain.RoleProgrammeLead, 0)
	e.officer = user(awardOfficer, domain.RoleCoordinator, munis[0].ID)
	evaluator := user("evaluator@tildeling.example", domain.RoleEvaluator, 0)
	sellerA := user(awardSellerA, domain.RoleSupplier, 0)
	sellerB := user(awardSellerB, domain.RoleSupplier, 0)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	svc, err := a.Catalogue.CreateService(ctx, lead, catalogue.Service{Slug: e.slug, NameNB: "Byggesak (tildelingstest)",
		Area: "plan-bygg", KostraFunction: "301", TargetGroup: "innbygger"})
	must(err)
	for _, q := range []process.Requirement{
		{Text: "Søknaden skal kunne sendes digitalt.", Type: "functional", Priority: "must", Status: "confirmed"},
		{Text: "Løsningen bør hente eiendomsdata fra Matrikkelen.", Type: "integration", Priority: "should", Status: "confirmed"},
	} {
		_, err := a.Processes.SaveRequirement(ctx, lead, e.slug, q)
		must(err)
	}
	m := a.Procurement
	e.supA, err = m.SaveSupplier(ctx, sys, procurement.Supplier{Name: "Alfa Data AS", OrgNumber: "974760673"})
	must(err)
	e.supB, err = m.SaveSupplier(ctx, sys, procurement.Supplier{Name: "Beta Systemer AS", OrgNumber: "923609016"})
	must(err)
	must(m.LinkSupplierUser(ctx, sys, e.supA.ID, awardSellerA))
	must(m.LinkSupplierUser(ctx, sys, e.supB.ID, awardSellerB))

	now := clock.Now()
	tender := func(ref string) procurement.Tender {
		// NOK 1 500 000: part II (national notice), § 10-2's standstill.
		tn, err := m.CreateTender(ctx, sys, procurement.Tender{Reference: ref, Title: "Fagsystem for byggesak " + ref,
			Procedure: procurement.ProcNationalOpen, EstimatedValue: 1_500_000, CPV: "72000000-5",
			Items: []procurement.Item{{ServiceID: svc.ID}},
			Milestones: []procurement.Milestone{{Kind: procurement.MilestoneDeadline, At: now.Add(2 * time.Hour)},
				{Kind: procurement.MilestoneOpening, At: now.Add(3 * time.Hour)}}})
		must(err)
		tn, err = m.SetOfficers(ctx, sys, tn.ID, tn.Version, domain.Editors{e.officer.UserID})
		must(err)
		_, err = m.GenerateSpecification(ctx, e.officer, tn.ID)
		must(err)
		tn, err = m.Publish(ctx, sys, tn.ID, tn.Version)
		must(err)
		return tn
	}
	e.tender, e.other = tender("TILDELING-1"), tender("TILDELING-2")
	e.spec, err = m.Specification(ctx, e.officer, e.tender.ID)
	must(err)
	if len(e.spec) != 2 {
		t.Fatalf("specification: %d requirements, want 2", len(e.spec))
	}
	bid := func(p domain.Principal, total string) domain.ID {
		rc, err := m.SubmitBid(ctx, p, e.tender.ID, procurement.BidInput{Total: total,
			Files: []procurement.File{{Name: "tilbud.txt", ContentType: "text/plain", Content: []byte("Tilbud " + total)}}})
		must(err)
		return rc.BidID
	}
	e.bidA, e.bidB = bid(sellerA, "100 000"), bid(sellerB, "120 000")

	clock.Advance(3 * time.Hour)
	_, err = m.ConfirmOpening(ctx, lead, e.tender.ID)
	must(err)
	e.tender, err = m.ConfirmOpening(ctx, e.officer, e.tender.ID)
	must(err)
	ev, err := m.SetupEvaluation(ctx, e.officer, e.tender.ID, procurement.Evaluation{PriceModel: procurement.PriceLinear,
		Evaluators: domain.Editors{evaluator.UserID}, Criteria: []procurement.Criterion{
			{Key: "price", Name: "Pris", Weight: 30, Price: true},
			{Key: "quality", Name: "Kvalitet", Weight: 70}}})
	must(err)
	_, err = m.SaveScores(ctx, evaluator, e.tender.ID, []procurement.Score{
		{BidID: e.bidA, Criterion: "quality", Points: 6, Reason: "Svak gjennomføringsplan."},
		{BidID: e.bidB, Criterion: "quality", Points: 9, Reason: "God forståelse av oppdraget."}})
	must(err)
	ev, err = m.SetConsensus(ctx, e.officer, e.tender.ID, ev.Version, []procurement.Consensus{
		{BidID: e.bidA, Criterion: "quality", Points: 6, Reason: "Enige."},
		{BidID: e.bidB, Criterion: "quality", Points: 9, Reason: "Enige."}})
	must(err)
	yes, no := true, false
	_, err = m.SaveAnswers(ctx, e.officer, e.tender.ID, ev.Version, []procurement.Answer{
		{BidID: e.bidA, RequirementID: e.spec[0].ID, Met: &yes, Place: "side 3"},
		{BidID: e.bidA, RequirementID: e.spec[1].ID, Met: &no, Note: "Ingen integrasjon mot Matrikkelen."},
		{BidID: e.bidB, RequirementID: e.spec[0].ID, Met: &yes, Place: "vedlegg 2, side 4"},
		{BidID: e.bidB, RequirementID: e.spec[1].ID, Met: &yes, Place: "vedlegg 2, side 7"}})
	must(err)
	e.tender, err = m.Tender(ctx, e.officer, e.tender.ID)
	must(err)

	e.srv = httptest.NewServer(a.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

// login is a session of the user with e-mail email on the env's app.
func (e *awardEnv) login(email string) *client {
	e.t.Helper()
	c := &client{t: e.t, base: e.srv.URL, jar: map[string]*http.Cookie{},
		http: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	c.get("/login")
	if res, _ := c.post("/login", url.Values{"email": {email}, "password": {awardPassword}}); res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login %s: status %d", email, res.StatusCode)
	}
	c.get("/accessibility")
	return c
}

// path is the tender's buyer page sub (tender 0: the env's tender).
func (e *awardEnv) path(sub string) string {
	return "/procurement/" + strconv.FormatInt(e.tender.ID, 10) + "/" + sub
}

// page reads path as c, failing unless it answers 200; the text with
// entities and non-breaking spaces as plain text.
func (e *awardEnv) page(c *client, path string) string {
	e.t.Helper()
	res, body := c.get(path)
	if res.StatusCode != http.StatusOK {
		e.t.Fatalf("%s: status %d\n%.600s", path, res.StatusCode, body)
	}
	return plain(body)
}

// plain is a page's text with entities and non-breaking spaces resolved.
func plain(body string) string {
	return strings.ReplaceAll(html.UnescapeString(body), "\u00a0", " ")
}

// award decides the award through the form: electronic, 14 days (the
// seed's).
func (e *awardEnv) award(c *client) {
	e.t.Helper()
	res, body := c.post(e.path("award"), url.Values{"reasons": {"Beta viste best forståelse av oppdraget."},
		"electronic": {"on"}, "min_days": {"14"}})
	if res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("award: status %d\n%.800s", res.StatusCode, body)
	}
}
