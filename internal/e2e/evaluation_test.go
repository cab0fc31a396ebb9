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

// evaluationTender makes, through the managers on a clock of its own, a
// limited tender opened two months ago with bids from two suppliers of
// its own (100 000 and 120 000 kr), its evaluation set up with an
// evaluator of its own on the committee; it returns the tender, the
// evaluator's e-mail and the bids.
func evaluationTender(t *testing.T) (procurement.Tender, string, []domain.ID) {
	t.Helper()
	ctx := context.Background()
	collab, err := theApp.DB.Catalogue().CollaborationBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	sys := domain.SystemPrincipal(collab.ID)
	user := func(email string, role domain.Role) account.User {
		u, err := theApp.Accounts.CreateUser(ctx, sys, account.NewUser{Email: email, Name: email, Password: demoPassword,
			Grants: []domain.Grant{{Role: role}}})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	lookup := func(email string) account.User {
		u, err := theApp.Accounts.UserByEmail(ctx, sys, email)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	const evaluator = "evaluator.e2e@fosen.example"
	ev := user(evaluator, domain.RoleEvaluator)
	lead, coord := lookup("programleder@fosen.example").Principal(), lookup("koordinator.rissa@fosen.example")
	base := time.Now().AddDate(0, -2, 0).Truncate(time.Minute)
	clock := domain.NewManualClock(base)
	m := theApp.Procurement.WithClock(clock)
	tn, err := m.CreateTender(ctx, lead, procurement.Tender{Reference: "E2E-EVAL-1", Title: "Prosessanalyse (evaluering)",
		Procedure: procurement.ProcNationalRestricted, EstimatedValue: 1_600_000, CPV: "79411000-8",
		Milestones: []procurement.Milestone{{Kind: procurement.MilestoneDeadline, At: base.Add(2 * time.Hour)},
			{Kind: procurement.MilestoneOpening, At: base.Add(3 * time.Hour)}}})
	if err != nil {
		t.Fatal(err)
	}
	if tn, err = m.SetOfficers(ctx, lead, tn.ID, tn.Version, domain.Editors{coord.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.SaveSpecRequirement(ctx, lead, tn.ID, procurement.SpecRequirement{Text: "Prosessene leveres som BPMN 2.0.", Priority: "must"}); err != nil {
		t.Fatal(err)
	}
	doc, err := m.AddDocument(ctx, lead, tn.ID, procurement.DocTender, "Konkurransegrunnlag",
		procurement.File{Name: "grunnlag.txt", ContentType: "text/plain", Content: []byte("Konkurransegrunnlag\n")}, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.PublishDocument(ctx, lead, tn.ID, doc.ID, doc.Version); err != nil {
		t.Fatal(err)
	}
	var sellers []domain.Principal
	for i, s := range []struct{ name, org string }{{"Evaluering A AS", "915000029"}, {"Evaluering B AS", "915000037"}} {
		sup, err := m.SaveSupplier(ctx, sys, procurement.Supplier{Name: s.name, OrgNumber: s.org})
		if err != nil {
			t.Fatal(err)
		}
		email := "selger" + strconv.Itoa(i) + "@evaluering-e2e.example"
		u := user(email, domain.RoleSupplier)
		if err := m.LinkSupplierUser(ctx, sys, sup.ID, email); err != nil {
			t.Fatal(err)
		}
		if err := m.Invite(ctx, lead, tn.ID, sup.ID); err != nil {
			t.Fatal(err)
		}
		sellers = append(sellers, u.Principal())
	}
	if tn, err = m.Tender(ctx, lead, tn.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Publish(ctx, lead, tn.ID, tn.Version); err != nil {
		t.Fatal(err)
	}
	var bids []domain.ID
	for i, total := range []string{"100 000", "120 000"} {
		clock.Advance(10 * time.Minute)
		rc, err := m.SubmitBid(ctx, sellers[i], tn.ID, procurement.BidInput{Total: total,
			Files: []procurement.File{{Name: "tilbud.txt", ContentType: "text/plain", Content: []byte("Tilbud\n")}}})
		if err != nil {
			t.Fatal(err)
		}
		bids = append(bids, rc.BidID)
	}
	clock.Advance(base.Add(4 * time.Hour).Sub(clock.Now()))
	for _, p := range []domain.Principal{lead, coord.Principal()} {
		if tn, err = m.ConfirmOpening(ctx, p, tn.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := m.SetupEvaluation(ctx, lead, tn.ID, procurement.Evaluation{PriceModel: procurement.PriceLinear,
		Evaluators: domain.Editors{ev.ID},
		Criteria: []procurement.Criterion{{Key: "pris", Name: "Pris", Weight: 30, Price: true},
			{Key: "kvalitet", Name: "Kvalitet", Weight: 50, Sub: []procurement.SubCriterion{
				{Key: "forstaelse", Name: "Oppdragsforståelse", Weight: 60}, {Key: "metode", Name: "Metode", Weight: 40}}},
			{Key: "kompetanse", Name: "Kompetanse", Weight: 20}}}); err != nil {
		t.Fatal(err)
	}
	return tn, evaluator, bids
}

// testEvaluation: the programme lead is refused weights that sum to 90 %
// at the criteria and saves them at 100 %; the evaluator reaches the
// scoring sheet by keyboard, is refused points out of range at the field,
// scores every bid; the lead sets the consensus beside the spread and
// reads the results with the hand-checked totals (A 7,20, B 7,90).
func testEvaluation(t *testing.T) {
	tn, evaluator, _ := evaluationTender(t)
	e := "/procurement/" + strconv.FormatInt(tn.ID, 10) + "/evaluation"

	b := newTab(t)
	b.loginTo("programleder@fosen.example", "evaluation setup", e)
	setValue(b, `[name="criteria[2].weight"]`, "10")
	if st := b.follow("evaluation setup with errors", click(`form[action$="/evaluation"] button.primary`)); st != 422 {
		t.Fatalf("weights summing to 90: status %d", st)
	}
	if msg := b.text("#e-criteria"); !strings.Contains(msg, "100") {
		t.Errorf("the criteria's message %q does not say the weights must sum to 100", msg)
	}
	b.expectFocus("form-message", "the error summary")
	setValue(b, `[name="criteria[2].weight"]`, "20")
	if st := b.follow("evaluation setup", click(`form[action$="/evaluation"] button.primary`)); st != 200 {
		t.Fatalf("set-up: status %d: %q", st, b.text("main"))
	}

	s := newTab(t)
	s.loginTo(evaluator, "evaluation setup (evaluator)", e)
	s.tabTo("eval-scores", 30)
	if st := s.follow("evaluation scores", enter()); st != 200 {
		t.Fatalf("Enter on the scores tab: status %d", st)
	}
	if note := s.text(".notice"); !strings.Contains(note, "Du ser bare dine egne poeng") {
		t.Errorf("the blind rule is not shown: %q", note)
	}
	points := []string{"6", "5", "7", "9", "8", "6"}
	for i, p := range points {
		row := "scores[" + strconv.Itoa(i) + "]"
		setValue(s, `[name="`+row+`.points"]`, p)
		setValue(s, `[name="`+row+`.reason"]`, "Begrunnelse "+strconv.Itoa(i))
	}
	setValue(s, `[name="scores[0].points"]`, "11")
	if st := s.follow("evaluation scores with errors", click(`form[action$="/scores"] button.primary`)); st != 422 {
		t.Fatalf("points out of range: status %d", st)
	}
	if v, _ := s.attr(`[name="scores[0].points"]`, "aria-invalid"); v != "true" {
		t.Error("the points out of range are not marked invalid")
	}
	setValue(s, `[name="scores[0].points"]`, "6")
	if st := s.follow("evaluation scores saved", click(`form[action$="/scores"] button.primary`)); st != 200 {
		t.Fatalf("scores: status %d", st)
	}

	b.open("evaluation consensus", e+"/consensus")
	if txt := strings.ReplaceAll(b.text("main"), "\u00a0", " "); !strings.Contains(txt, "Standardavvik") {
		t.Errorf("the consensus page does not show the spread: %q", txt)
	}
	for i, p := range points {
		row := "consensus[" + strconv.Itoa(i) + "]"
		setValue(b, `[name="`+row+`.points"]`, p)
		setValue(b, `[name="`+row+`.reason"]`, "Enige")
	}
	if st := b.follow("evaluation consensus saved", click(`form[action$="/consensus"] button.primary`)); st != 200 {
		t.Fatalf("consensus: status %d", st)
	}
	b.open("evaluation results", e+"/results")
	txt := strings.ReplaceAll(b.text("main"), "\u00a0", " ")
	for _, want := range []string{"7,90", "7,20", "Evaluering B AS"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the results lack %q: %q", want, txt)
		}
	}
}
