package e2e_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/demo"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// awardTender makes, through the managers, an opened and evaluated tender
// of the demo collaboration that is not yet awarded. Its timeline lies in
// the past (a manager on a clock of its own, as the demo loader replays
// the seed's tender): two suppliers with a portal user each bid before the
// deadline, the programme lead and the Rissa coordinator (its officer)
// open the bids, the programme lead scores as the evaluator and the
// officer sets the consensus (Beta ahead) and the answers. It returns the
// tender and the portal user of the bidder that does not win.
func awardTender(t *testing.T) (procurement.Tender, string) {
	t.Helper()
	ctx := context.Background()
	collab, err := theApp.DB.Catalogue().CollaborationBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	sys := domain.SystemPrincipal(collab.ID)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	principal := func(email string) domain.Principal {
		u, err := theApp.Accounts.UserByEmail(ctx, sys, email)
		must(err)
		return u.Principal()
	}
	lead, officer := principal("programleder@fosen.example"), principal("koordinator.rissa@fosen.example")
	svc, err := theApp.DB.Catalogue().ServiceBySlug(ctx, collab.ID, knownServiceSlug)
	must(err)
	clock := domain.NewManualClock(time.Now().Add(-24 * time.Hour).Truncate(time.Minute))
	m := theApp.Procurement.WithClock(clock)
	seller := func(email, name, org string) domain.Principal {
		_, err := theApp.Accounts.CreateUser(ctx, sys, account.NewUser{Email: email, Name: name, Password: demoPassword,
			Grants: []domain.Grant{{Role: domain.RoleSupplier}}})
		must(err)
		sup, err := m.SaveSupplier(ctx, sys, procurement.Supplier{Name: name, OrgNumber: org})
		must(err)
		must(m.LinkSupplierUser(ctx, sys, sup.ID, email))
		return principal(email)
	}
	alfa := seller("tilbud@alfa-e2e.example", "Alfa Tildeling E2E AS", "973100203")
	beta := seller("tilbud@beta-e2e.example", "Beta Tildeling E2E AS", "973100211")
	now := clock.Now()
	tn, err := m.CreateTender(ctx, sys, procurement.Tender{Reference: "E2E-TILDELING", Title: "Fagsystem for byggesak (tildeling)",
		Procedure: procurement.ProcNationalOpen, EstimatedValue: 1_500_000, CPV: "72000000-5",
		Items: []procurement.Item{{ServiceID: svc.ID}},
		Milestones: []procurement.Milestone{{Kind: procurement.MilestoneDeadline, At: now.Add(2 * time.Hour)},
			{Kind: procurement.MilestoneOpening, At: now.Add(3 * time.Hour)}}})
	must(err)
	tn, err = m.SetOfficers(ctx, sys, tn.ID, tn.Version, domain.Editors{officer.UserID})
	must(err)
	_, err = m.GenerateSpecification(ctx, officer, tn.ID)
	must(err)
	tn, err = m.Publish(ctx, sys, tn.ID, tn.Version)
	must(err)
	spec, err := m.Specification(ctx, officer, tn.ID)
	must(err)
	bid := func(p domain.Principal, total string) domain.ID {
		rc, err := m.SubmitBid(ctx, p, tn.ID, procurement.BidInput{Total: total,
			Files: []procurement.File{{Name: "tilbud.txt", ContentType: "text/plain", Content: []byte("Tilbud " + total)}}})
		must(err)
		return rc.BidID
	}
	bidA, bidB := bid(alfa, "100 000"), bid(beta, "120 000")
	clock.Advance(3 * time.Hour)
	_, err = m.ConfirmOpening(ctx, lead, tn.ID)
	must(err)
	_, err = m.ConfirmOpening(ctx, officer, tn.ID)
	must(err)
	ev, err := m.SetupEvaluation(ctx, officer, tn.ID, procurement.Evaluation{PriceModel: procurement.PriceLinear,
		Evaluators: domain.Editors{lead.UserID}, Criteria: []procurement.Criterion{
			{Key: "price", Name: "Pris", Weight: 30, Price: true}, {Key: "quality", Name: "Kvalitet", Weight: 70}}})
	must(err)
	_, err = m.SaveScores(ctx, lead, tn.ID, []procurement.Score{
		{BidID: bidA, Criterion: "quality", Points: 6, Reason: "Svak plan."},
		{BidID: bidB, Criterion: "quality", Points: 9, Reason: "God forståelse."}})
	must(err)
	ev, err = m.SetConsensus(ctx, officer, tn.ID, ev.Version, []procurement.Consensus{
		{BidID: bidA, Criterion: "quality", Points: 6, Reason: "Enige."},
		{BidID: bidB, Criterion: "quality", Points: 9, Reason: "Enige."}})
	must(err)
	yes := true
	var answers []procurement.Answer
	for _, r := range spec {
		answers = append(answers, procurement.Answer{BidID: bidA, RequirementID: r.ID, Met: &yes, Place: "side 2"},
			procurement.Answer{BidID: bidB, RequirementID: r.ID, Met: &yes, Place: "vedlegg 1"})
	}
	_, err = m.SaveAnswers(ctx, officer, tn.ID, ev.Version, answers)
	must(err)
	return tn, "tilbud@alfa-e2e.example"
}

// testAward is the buyer's way from the evaluated tender to the contract
// with the keyboard and the mouse: the award tab, a standstill in words
// refused at its field, the decision with the standstill's end and both
// letters sent at the same instant, a letter's edit refused, the contract
// refused inside the standstill with the message at the date, the
// traceability list and a chain; the losing bidder reads its letter and
// complains in the portal, and the complaint is on the buyer's page.
func testAward(t *testing.T) {
	tn, loser := awardTender(t)
	tp := "/procurement/" + strconv.FormatInt(tn.ID, 10)
	b := newTab(t)
	b.loginTo("koordinator.rissa@fosen.example", "procurement tender", tp)
	b.tabTo("tab-award", 40)
	if st := b.follow("award", enter()); st != 200 || b.path() != tp+"/award" {
		t.Fatalf("Enter on the award tab: status %d at %s", st, b.path())
	}
	if w := b.text("#proposed-winner"); w != "Beta Tildeling E2E AS" {
		t.Errorf("the proposed winner is %q", w)
	}
	b.fill("#f-reasons", "Beta viste best forståelse av oppdraget.")
	b.fill("#f-min_days", "fjorten")
	if st := b.follow("award with errors", click(`form[action$="/award"] button[type=submit]`)); st != 422 {
		t.Fatalf("a standstill in words: status %d", st)
	}
	if v, _ := b.attr("#f-min_days", "aria-invalid"); v != "true" {
		t.Error("the standstill field is not marked invalid")
	}
	b.expectFocus("form-message", "the error summary")
	b.fill("#f-min_days", "14")
	if st := b.follow("award decided", click(`form[action$="/award"] button[type=submit]`)); st != 200 {
		t.Fatalf("decide: status %d: %q", st, b.text("main"))
	}
	if w := b.text("#award-winner"); w != "Beta Tildeling E2E AS" {
		t.Errorf("the decision names %q", w)
	}
	if s := b.text("#standstill-end"); !strings.Contains(s, "14 dager") {
		t.Errorf("the standstill is %q, want 14 days", s)
	}
	if rule := b.text(".standstill-rule"); !strings.Contains(rule, "§ 10-2") || !strings.Contains(rule, "§ 7-6") {
		t.Errorf("the rule does not cite §§ 10-2 and 7-6: %q", rule)
	}
	sent := b.texts("td.letter-sent")
	if len(sent) != 2 || sent[0] != sent[1] {
		t.Errorf("letters sent at %q, want two at the same instant", sent)
	}
	if st := b.follow("award letter refused", click(`form[action*="/award/letters/"] button[type=submit]`)); st != 409 {
		t.Errorf("editing a sent letter: status %d, want 409", st)
	}
	if !strings.Contains(b.text("main"), "Brevet er sendt og kan ikke endres.") {
		t.Error("the refused edit does not say the letter is sent")
	}

	b.open("contract", tp+"/contract")
	today := time.Now().In(procurement.Oslo()).Format("2006-01-02T15:04")
	setValue(b, "#f-signed_at", today)
	b.fill("#f-contract_value", "1 200 000")
	b.fill("#f-contract_reference", "E2E-KONTRAKT")
	if st := b.follow("contract with errors", click(`form[action$="/contract"] button[type=submit]`)); st != 409 {
		t.Fatalf("signing inside the standstill: status %d", st)
	}
	if v, _ := b.attr("#f-signed_at", "aria-invalid"); v != "true" || !strings.Contains(b.text("#e-signed_at"), "karensperioden") {
		t.Errorf("the refusal is not at the date: %q", b.text("#e-signed_at"))
	}

	b.open("trace", tp+"/trace")
	links := b.count(`table.trace a[href*="/trace/"]`)
	if links == 0 {
		t.Fatal("the traceability list has no requirement")
	}
	if st := b.follow("trace chain", click(`table.trace a[href*="/trace/"]`)); st != 200 {
		t.Fatalf("a chain: status %d", st)
	}
	if s := b.text("main"); !strings.Contains(s, "vedlegg 1") || !strings.Contains(s, knownService) {
		t.Errorf("the chain lacks the answers or the service: %q", s)
	}

	p := newTab(t)
	portal := "/portal/tenders/" + strconv.FormatInt(tn.ID, 10)
	p.loginTo(loser, "portal tender", portal)
	if st := p.follow("portal award", click("#portal-award-link")); st != 200 {
		t.Fatalf("the portal's award page: status %d", st)
	}
	if n := p.count("article.letter"); n != 1 {
		t.Errorf("the bidder sees %d letters, want its own", n)
	}
	p.fill("#f-complaint", "Vi mener prisen er feil vurdert.")
	if st := p.follow("portal award complaint filed", click(`form[action$="/complaints"] button[type=submit]`)); st != 200 {
		t.Fatalf("filing a complaint: status %d", st)
	}
	b.open("complaints", tp+"/complaints")
	if s := b.text("main"); !strings.Contains(s, "Vi mener prisen er feil vurdert.") || !strings.Contains(s, "Alfa Tildeling E2E AS") {
		t.Errorf("the complaint is not on the buyer's page: %q", s)
	}
}
