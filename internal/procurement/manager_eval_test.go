package procurement_test

import (
	"context"
	"crypto/rand"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
	"github.com/tjenestevalg/tjenestevalg/internal/realisation"
)

// flakySender fails while fail is set and records what it delivered.
type flakySender struct {
	mu       sync.Mutex
	fail     bool
	attempts int
	sent     []string
}

func (s *flakySender) Send(_ context.Context, m procurement.OutboxMail) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempts++
	if s.fail {
		return errors.New("smtp: connection refused")
	}
	s.sent = append(s.sent, m.To)
	return nil
}

// evalFixture is the fixture with a manager that also has the realisation
// plans, the letters' words and a flaky sender, a second evaluator, and
// an opened tender: Alfa's bid of NOK 100 000 and Beta's of 120 000 (the
// FACTS.md price figures), a specification of a must and a should
// requirement.
type evalFixture struct {
	*fixture
	real   *realisation.Manager
	sender *flakySender
	eval2  domain.Principal
	tender procurement.Tender
	bidA   domain.ID
	bidB   domain.ID
	spec   []procurement.SpecRequirement
}

func newEvalFixture(t *testing.T) *evalFixture {
	t.Helper()
	f := &evalFixture{fixture: newFixture(t), sender: &flakySender{}}
	key := make([]byte, 32)
	rand.Read(key)
	f.real = realisation.NewManager(f.db.Realisation(), f.db.Catalogue(), f.db.Accounts(), f.clock)
	f.mgr = procurement.NewManager(f.db.Procurement(), procurement.Config{Services: f.db.Catalogue(), Requirements: f.reqs,
		Users: f.db.Accounts(), Mailer: f.mail, Clock: f.clock, ServerKey: key, FileLimits: f.limits,
		Realisation: f.real, Sender: f.sender, Words: i18n.Lang(procurement.LetterLang).T})
	f.eval2 = f.principal("evaluator2@fosen.no", domain.Grant{Role: domain.RoleEvaluator})
	f.tender = f.fixture.tender("FOSEN-EV", false)
	f.reqs.list = []process.Requirement{
		{ID: 1, ServiceID: f.service, Text: "Søknad skal kunne sendes digitalt", Priority: "must", Status: "confirmed", SourceElement: "Task_1", SourceName: "Motta søknad"},
		{ID: 2, ServiceID: f.service, Text: "Integrasjon mot Matrikkelen", Priority: "should", Status: "confirmed"},
	}
	_, err := f.mgr.GenerateSpecification(f.ctx, f.officer, f.tender.ID)
	must(t, err)
	f.spec, err = f.mgr.Specification(f.ctx, f.officer, f.tender.ID)
	must(t, err)
	f.bidA = f.bid(f.supplierA, f.tender.ID, "100 000", "alfa-innhold").BidID
	f.bidB = f.bid(f.supplierB, f.tender.ID, "120000", "beta-innhold").BidID
	return f
}

// setup gives the tender the example's criteria (price 30 %, quality 70 %
// in two sub-criteria) and both evaluators.
func (f *evalFixture) setup() procurement.Evaluation {
	f.t.Helper()
	ev, err := f.mgr.SetupEvaluation(f.ctx, f.officer, f.tender.ID, procurement.Evaluation{Criteria: criteria,
		PriceModel: procurement.PriceLinear, Evaluators: domain.Editors{f.evaluator.UserID, f.eval2.UserID}})
	must(f.t, err)
	return ev
}

// score lets p give both bids points on both sub-criteria.
func (f *evalFixture) score(p domain.Principal, a1, a2, b1, b2 float64) {
	f.t.Helper()
	_, err := f.mgr.SaveScores(f.ctx, p, f.tender.ID, []procurement.Score{
		{BidID: f.bidA, Criterion: "quality.understanding", Points: a1, Reason: "begrunnelse"},
		{BidID: f.bidA, Criterion: "quality.plan", Points: a2, Reason: "begrunnelse"},
		{BidID: f.bidB, Criterion: "quality.understanding", Points: b1, Reason: "begrunnelse"},
		{BidID: f.bidB, Criterion: "quality.plan", Points: b2, Reason: "begrunnelse"},
	})
	must(f.t, err)
}

func fieldsOf(err error) []string {
	var out []string
	for _, fe := range domain.AsError(err).Fields {
		out = append(out, fe.Field+" "+fe.Code)
	}
	return out
}

// awarded runs the evaluation to the award: both evaluators score, the
// consensus (Alfa 6 and 8, Beta 9 and 9) and the answers are set, and the
// officer awards with a 14-day standstill, as the seed's tender had.
func (f *evalFixture) awarded() procurement.Award {
	f.t.Helper()
	ev := f.setup()
	f.open(f.tender.ID)
	f.score(f.evaluator, 6, 7, 9, 8)
	f.score(f.eval2, 6, 9, 9, 10)
	ev, err := f.mgr.SetConsensus(f.ctx, f.officer, f.tender.ID, ev.Version, []procurement.Consensus{
		{BidID: f.bidA, Criterion: "quality.understanding", Points: 6, Reason: "enige"},
		{BidID: f.bidA, Criterion: "quality.plan", Points: 8, Reason: "enige"},
		{BidID: f.bidB, Criterion: "quality.understanding", Points: 9, Reason: "enige"},
		{BidID: f.bidB, Criterion: "quality.plan", Points: 9, Reason: "enige"},
	})
	must(f.t, err)
	yes := true
	_, err = f.mgr.SaveAnswers(f.ctx, f.officer, f.tender.ID, ev.Version, []procurement.Answer{
		{BidID: f.bidB, RequirementID: f.spec[0].ID, Met: &yes, Place: "vedlegg 2, side 4"},
		{BidID: f.bidB, RequirementID: f.spec[1].ID, Met: &yes, Place: "vedlegg 2, side 7"},
		{BidID: f.bidA, RequirementID: f.spec[0].ID, Met: &yes, Place: "side 3"},
	})
	must(f.t, err)
	aw, err := f.mgr.DecideAward(f.ctx, f.officer, f.tender.ID, procurement.AwardInput{
		Reasons: "Beta viste best forståelse av oppdraget.", Electronic: true, MinDays: 14})
	must(f.t, err)
	return aw
}

func TestSetupIsForTheTendersOfficersAndValidated(t *testing.T) {
	f := newEvalFixture(t)
	bad := procurement.Evaluation{PriceModel: procurement.PriceLinear, Criteria: []procurement.Criterion{
		{Key: "price", Name: "Pris", Weight: 30, Price: true}, {Key: "quality", Name: "Kvalitet", Weight: 0}},
		Evaluators: domain.Editors{f.supplierA.UserID}}
	_, err := f.mgr.SetupEvaluation(f.ctx, f.officer, f.tender.ID, bad)
	wantErr(t, err, domain.KindInvalid, "")
	got := fieldsOf(err)
	for _, want := range []string{"criteria[1].weight procurement.weight_range", "evaluators[0] procurement.evaluator_invalid"} {
		if !slices.Contains(got, want) {
			t.Errorf("missing %q in %v", want, got)
		}
	}
	for _, p := range []domain.Principal{f.observer, f.evaluator, f.supplierA} {
		_, err := f.mgr.SetupEvaluation(f.ctx, p, f.tender.ID, procurement.Evaluation{Criteria: criteria, PriceModel: procurement.PriceLinear})
		wantErr(t, err, domain.KindForbidden, "")
		f.wantRefused(f.tender.ID, p, procurement.ActEvalSetup)
	}
	// Not found before invalid.
	_, err = f.mgr.SetupEvaluation(f.ctx, f.officer, 9999, bad)
	wantErr(t, err, domain.KindNotFound, "procurement.tender_not_found")
	f.setup()
}

// Before the opening an evaluator gets nothing of the bids; after it, the
// bids of the tender they evaluate.
func TestEvaluatorsReadOpenedBidsOnlyAfterTheOpening(t *testing.T) {
	f := newEvalFixture(t)
	f.setup()
	f.setTo(opening)
	_, err := f.mgr.BidFile(f.ctx, f.evaluator, f.tender.ID, f.bidA, 1)
	wantErr(t, err, domain.KindForbidden, "")
	_, err = f.mgr.OpeningRecord(f.ctx, f.evaluator, f.tender.ID)
	wantErr(t, err, domain.KindForbidden, "")
	f.open(f.tender.ID)
	file, err := f.mgr.BidFile(f.ctx, f.evaluator, f.tender.ID, f.bidA, 1)
	must(t, err)
	if !strings.Contains(string(file.Content), "alfa-innhold") {
		t.Fatalf("evaluator read %q", file.Content)
	}
	rec, err := f.mgr.OpeningRecord(f.ctx, f.eval2, f.tender.ID)
	must(t, err)
	if len(rec.Bids) != 2 || rec.Bids[0].Price.Total != 100_000 {
		t.Fatalf("record %+v", rec)
	}
	if !f.logged(f.tender.ID, f.evaluator, procurement.ActBidFileRead) {
		t.Error("the evaluator's read is not logged")
	}
	// An evaluator not on this committee, and a supplier, get nothing.
	other := f.principal("evaluator3@fosen.no", domain.Grant{Role: domain.RoleEvaluator})
	_, err = f.mgr.BidFile(f.ctx, other, f.tender.ID, f.bidA, 1)
	wantErr(t, err, domain.KindForbidden, "")
	_, err = f.mgr.BidFile(f.ctx, f.supplierB, f.tender.ID, f.bidA, 1)
	wantErr(t, err, domain.KindForbidden, "")
}

func TestScoringIsBlindUntilEveryEvaluatorHasScored(t *testing.T) {
	f := newEvalFixture(t)
	ev := f.setup()
	f.open(f.tender.ID)

	_, err := f.mgr.SaveScores(f.ctx, f.evaluator, f.tender.ID, []procurement.Score{
		{BidID: f.bidA, Criterion: "quality.plan", Points: 11, Reason: ""}, {BidID: f.bidA, Criterion: "price", Points: 5, Reason: "x"}})
	wantErr(t, err, domain.KindInvalid, "")
	for _, want := range []string{"scores[0].points procurement.points_range", "scores[0].reason field.required", "scores[1].criterion procurement.criterion_not_scored"} {
		if !slices.Contains(fieldsOf(err), want) {
			t.Errorf("missing %q in %v", want, fieldsOf(err))
		}
	}
	_, err = f.mgr.SaveScores(f.ctx, f.officer, f.tender.ID, []procurement.Score{{BidID: f.bidA, Criterion: "quality.plan", Points: 5, Reason: "x"}})
	wantErr(t, err, domain.KindForbidden, "")

	f.score(f.evaluator, 6, 7, 9, 8)
	v, err := f.mgr.Evaluation(f.ctx, f.evaluator, f.tender.ID)
	must(t, err)
	if !v.Blind || len(v.Scores) != 4 || slices.ContainsFunc(v.Scores, func(s procurement.Score) bool { return s.EvaluatorID != f.evaluator.UserID }) {
		t.Fatalf("evaluator 1 while blind: blind %v, scores %+v", v.Blind, v.Scores)
	}
	v, err = f.mgr.Evaluation(f.ctx, f.eval2, f.tender.ID)
	must(t, err)
	if len(v.Scores) != 0 {
		t.Fatalf("evaluator 2 sees %d scores of the other before scoring", len(v.Scores))
	}
	v, err = f.mgr.Evaluation(f.ctx, f.officer, f.tender.ID)
	must(t, err)
	if len(v.Scores) != 0 || len(v.Spreads) != 0 || !v.Progress[0].Finished || v.Progress[1].Finished {
		t.Fatalf("officer while blind: scores %d, spreads %d, progress %+v", len(v.Scores), len(v.Spreads), v.Progress)
	}
	_, err = f.mgr.Evaluation(f.ctx, f.supplierA, f.tender.ID)
	wantErr(t, err, domain.KindForbidden, "")

	_, err = f.mgr.SetConsensus(f.ctx, f.officer, f.tender.ID, ev.Version, []procurement.Consensus{{BidID: f.bidA, Criterion: "quality.plan", Points: 7, Reason: "r"}})
	wantErr(t, err, domain.KindConflict, "procurement.scoring_incomplete")
	_, err = f.mgr.DecideAward(f.ctx, f.officer, f.tender.ID, procurement.AwardInput{Reasons: "r", Electronic: true})
	wantErr(t, err, domain.KindConflict, "procurement.scoring_incomplete")
	f.wantRefused(f.tender.ID, f.officer, procurement.ActAward)

	f.score(f.eval2, 6, 9, 9, 10)
	v, err = f.mgr.Evaluation(f.ctx, f.evaluator, f.tender.ID)
	must(t, err)
	if v.Blind || len(v.Scores) != 8 {
		t.Fatalf("after both scored: blind %v, %d scores", v.Blind, len(v.Scores))
	}
	i := slices.IndexFunc(v.Spreads, func(s procurement.Spread) bool { return s.BidID == f.bidA && s.Criterion == "quality.plan" })
	if i < 0 || v.Spreads[i].Min != 7 || v.Spreads[i].Max != 9 || v.Spreads[i].StdDev != 1 {
		t.Fatalf("spread of Alfa's plan: %+v", v.Spreads)
	}
	// Consensus complete is still required for the award.
	_, err = f.mgr.DecideAward(f.ctx, f.officer, f.tender.ID, procurement.AwardInput{Reasons: "r", Electronic: true})
	wantErr(t, err, domain.KindConflict, "procurement.scoring_incomplete")
}

func TestAwardLettersStandstillAndOutbox(t *testing.T) {
	f := newEvalFixture(t)
	aw := f.awarded()

	res, err := f.mgr.Results(f.ctx, f.evaluator, f.tender.ID)
	must(t, err)
	a, _ := res.Bid(f.bidA)
	b, _ := res.Bid(f.bidB)
	if res.Winner != f.bidB || !near(a.Total, 7.9) || !near(b.Total, 8.7) || b.Points[0] != 8 {
		t.Fatalf("results: winner %d, Alfa %+v, Beta %+v", res.Winner, a, b)
	}
	// Part II (NOK 2 million), sent electronically: 10 days, 14 chosen.
	// Notified Thursday 12 March 2026; the 14th day is Thursday 26 March,
	// so the contract may be signed from 27 March 00:00 in Oslo.
	if aw.WinnerBidID != f.bidB || aw.StandstillDays != 14 || !aw.StandstillEnd.Equal(time.Date(2026, 3, 26, 23, 0, 0, 0, time.UTC)) {
		t.Fatalf("award %+v", aw)
	}
	letters, err := f.mgr.Letters(f.ctx, f.officer, f.tender.ID)
	must(t, err)
	if len(letters) != 2 {
		t.Fatalf("%d letters", len(letters))
	}
	for _, l := range letters {
		if !l.SentAt.Equal(aw.NotifiedAt) || l.Digest != procurement.LetterDigest(l) {
			t.Errorf("letter %d: sent %v (award notified %v), digest ok %v", l.ID, l.SentAt, aw.NotifiedAt, l.Digest == procurement.LetterDigest(l))
		}
	}
	toAlfa := letters[slices.IndexFunc(letters, func(l procurement.Letter) bool { return l.BidID == f.bidA })]
	for _, want := range []string{"Beta AS", "Beta viste best forståelse", "7,9", "8,7", "2 av 2", "27.03.2026 kl. 00.00"} {
		if !strings.Contains(toAlfa.Body, want) {
			t.Errorf("Alfa's letter lacks %q:\n%s", want, toAlfa.Body)
		}
	}
	_, err = f.mgr.DecideAward(f.ctx, f.officer, f.tender.ID, procurement.AwardInput{Reasons: "igjen", Electronic: true})
	wantErr(t, err, domain.KindConflict, "procurement.award_exists")
	_, err = f.mgr.EditLetter(f.ctx, f.officer, f.tender.ID, toAlfa.ID, "Ny", "Ny tekst")
	wantErr(t, err, domain.KindConflict, "procurement.letter_sent")
	f.wantRefused(f.tender.ID, f.officer, procurement.ActLetterEdit)
	_, err = f.mgr.SaveScores(f.ctx, f.evaluator, f.tender.ID, []procurement.Score{{BidID: f.bidA, Criterion: "quality.plan", Points: 1, Reason: "x"}})
	wantErr(t, err, domain.KindConflict, "procurement.award_exists")

	// The portal shows each supplier its own letter only.
	pa, err := f.mgr.PortalAward(f.ctx, f.supplierA, f.tender.ID)
	must(t, err)
	if len(pa.Letters) != 1 || pa.Letters[0].ID != toAlfa.ID || !pa.CanComplain {
		t.Fatalf("Alfa's portal: %+v", pa)
	}

	// The outbox: the mail server is down, then back.
	f.sender.fail = true
	n, err := f.mgr.SendDueMail(f.ctx, f.clock.Now())
	must(t, err)
	if n != 0 || f.sender.attempts != 2 {
		t.Fatalf("failing run: sent %d, attempts %d", n, f.sender.attempts)
	}
	n, _ = f.mgr.SendDueMail(f.ctx, f.clock.Now())
	if n != 0 || f.sender.attempts != 2 {
		t.Fatalf("retried at once: attempts %d", f.sender.attempts)
	}
	f.sender.fail = false
	f.clock.Advance(procurement.RetryDelay(1))
	n, err = f.mgr.SendDueMail(f.ctx, f.clock.Now())
	must(t, err)
	f.clock.Advance(time.Hour)
	m, _ := f.mgr.SendDueMail(f.ctx, f.clock.Now())
	slices.Sort(f.sender.sent)
	if n != 2 || m != 0 || !slices.Equal(f.sender.sent, []string{"salg@alfa.no", "salg@beta.no"}) {
		t.Fatalf("after recovery: sent %d then %d, delivered %v", n, m, f.sender.sent)
	}
}

func TestContractAfterStandstillHandsCommitmentsToRealisation(t *testing.T) {
	f := newEvalFixture(t)
	aw := f.awarded()
	in := procurement.ContractInput{Reference: "K-2026-17", Value: "1 250 000"}

	_, err := f.mgr.SignContract(f.ctx, f.officer, f.tender.ID, in)
	wantErr(t, err, domain.KindConflict, "procurement.standstill_not_ended")
	f.wantRefused(f.tender.ID, f.officer, procurement.ActContract)

	c, err := f.mgr.FileComplaint(f.ctx, f.supplierA, f.tender.ID, "Vi mener poengene for forståelse er feil.")
	must(t, err)
	f.setTo(aw.StandstillEnd.Add(-time.Second))
	_, err = f.mgr.SignContract(f.ctx, f.officer, f.tender.ID, in)
	wantErr(t, err, domain.KindConflict, "procurement.standstill_not_ended")
	f.setTo(aw.StandstillEnd)
	_, err = f.mgr.FileComplaint(f.ctx, f.supplierB, f.tender.ID, "For sent.")
	wantErr(t, err, domain.KindConflict, "procurement.not_in_standstill")
	_, err = f.mgr.SignContract(f.ctx, f.officer, f.tender.ID, in)
	wantErr(t, err, domain.KindConflict, "procurement.complaint_open")
	_, err = f.mgr.AnswerComplaint(f.ctx, f.officer, f.tender.ID, c.ID, c.Version, "Poengene står.", false)
	must(t, err)

	_, err = f.mgr.SignContract(f.ctx, f.officer, f.tender.ID, procurement.ContractInput{Reference: "", Value: "0"})
	wantErr(t, err, domain.KindInvalid, "")
	if got := fieldsOf(err); !slices.Contains(got, "reference field.required") || !slices.Contains(got, "value procurement.value_positive") {
		t.Fatalf("fields %v", got)
	}
	contract, err := f.mgr.SignContract(f.ctx, f.officer, f.tender.ID, in)
	must(t, err)
	if contract.Value != 1_250_000 || contract.BidID != f.bidB || len(contract.Commitments) != 2 {
		t.Fatalf("contract %+v", contract)
	}
	plan, err := f.real.Plan(f.ctx, f.officer, "byggesak")
	must(t, err)
	for _, cm := range contract.Commitments {
		if cm.IndicatorID == 0 || !slices.ContainsFunc(plan.Indicators, func(iv realisation.IndicatorView) bool { return iv.ID == cm.IndicatorID }) {
			t.Errorf("commitment %+v not linked to an indicator of the plan", cm)
		}
	}
	stored, err := f.mgr.Contract(f.ctx, f.observer, f.tender.ID)
	must(t, err)
	if stored.Commitments[0].IndicatorID != contract.Commitments[0].IndicatorID {
		t.Fatalf("stored commitments %+v", stored.Commitments)
	}
	_, err = f.mgr.SignContract(f.ctx, f.officer, f.tender.ID, in)
	wantErr(t, err, domain.KindConflict, "procurement.contract_exists")

	// Traceability: the must requirement's chain is whole, down to the
	// latest measurement; the should requirement's source is gone and
	// Alfa never answered it.
	_, err = f.real.AddMeasurement(f.ctx, f.officer, "byggesak", realisation.Measurement{IndicatorID: contract.Commitments[0].IndicatorID,
		Value: 40, Date: f.clock.Now()})
	must(t, err)
	f.reqs.list = f.reqs.list[:1]
	chains, err := f.mgr.Traceability(f.ctx, f.officer, f.tender.ID)
	must(t, err)
	if len(chains) != 2 {
		t.Fatalf("%d chains", len(chains))
	}
	whole := chains[0]
	if len(whole.Broken) != 0 || whole.Source == nil || whole.Source.SourceElement != "Task_1" || len(whole.Answers) != 2 ||
		whole.Commitment == nil || whole.Indicator == nil || whole.Latest == nil || whole.Latest.Value != 40 {
		t.Fatalf("whole chain %+v", whole)
	}
	if !slices.Contains(whole.Answers[1].Points, 9.0) || !whole.Answers[1].Winner {
		t.Errorf("Beta's answer without its points: %+v", whole.Answers[1])
	}
	if broken := chains[1].Broken; !slices.Equal(broken, []string{procurement.LinkSource, procurement.LinkAnswers}) {
		t.Fatalf("broken links of K-2: %v", broken)
	}
	one, err := f.mgr.Trace(f.ctx, f.officer, f.tender.ID, f.spec[0].ID)
	must(t, err)
	if one.Requirement.ID != f.spec[0].ID || len(one.Broken) != 0 {
		t.Fatalf("trace of K-1 %+v", one)
	}
	_, err = f.mgr.Traceability(f.ctx, f.evaluator, f.tender.ID)
	wantErr(t, err, domain.KindForbidden, "")

	// The dossier has everything recorded.
	d, err := f.mgr.Dossier(f.ctx, f.officer, f.tender.ID)
	must(t, err)
	if d.Tender.ID != f.tender.ID || len(d.Services) != 1 || d.Services[0].Slug != "byggesak" || len(d.Suppliers) != 2 ||
		len(d.Specification) != 2 || len(d.Bids) != 2 || d.Opening == nil || d.Evaluation == nil || len(d.Scores) != 8 ||
		d.Award == nil || len(d.Letters) != 2 || len(d.Complaints) != 1 || d.Contract == nil || len(d.Contract.Commitments) != 2 ||
		d.Part != procurement.PartII {
		t.Fatalf("dossier incomplete: %+v", d)
	}
	_, err = f.mgr.Dossier(f.ctx, f.evaluator, f.tender.ID)
	wantErr(t, err, domain.KindForbidden, "")
	f.wantRefused(f.tender.ID, f.evaluator, procurement.ActDossier)
	if !f.logged(f.tender.ID, f.officer, procurement.ActDossier) {
		t.Error("the dossier read is not logged")
	}
	// The log still checks after all of it.
	lv, err := f.mgr.Log(f.ctx, f.lead, f.tender.ID)
	must(t, err)
	if !lv.Intact {
		t.Fatalf("log broken at %d", lv.FirstBad)
	}
}

// A bid found not to meet a must requirement is flagged; rejecting it
// takes a reason, leaves it out of the scoring, and its bidder's letter
// says why.
func TestMustRequirementFlagsAndRejection(t *testing.T) {
	f := newEvalFixture(t)
	ev := f.setup()
	f.open(f.tender.ID)
	start := f.clock.Now().Add(24 * time.Hour)
	_, err := f.mgr.SetupEvaluation(f.ctx, f.officer, f.tender.ID, procurement.Evaluation{Version: ev.Version, Criteria: criteria,
		PriceModel: procurement.PriceLinear, Evaluators: ev.Evaluators, Presentations: []procurement.Presentation{
			{BidID: f.bidA, Start: start, Minutes: 30}, {BidID: f.bidB, Start: start.Add(time.Hour), Minutes: 0}}})
	wantErr(t, err, domain.KindInvalid, "")
	if got := fieldsOf(err); !slices.Equal(got, []string{"presentations[1].minutes procurement.minutes_positive"}) {
		t.Fatalf("fields %v", got)
	}
	no := false
	_, err = f.mgr.SaveAnswers(f.ctx, f.officer, f.tender.ID, ev.Version, []procurement.Answer{{BidID: f.bidA, RequirementID: f.spec[0].ID, Met: &no}})
	wantErr(t, err, domain.KindInvalid, "")
	if got := fieldsOf(err); !slices.Equal(got, []string{"answers[0].note procurement.not_met_reason"}) {
		t.Fatalf("fields %v", got)
	}
	ev, err = f.mgr.SaveAnswers(f.ctx, f.officer, f.tender.ID, ev.Version, []procurement.Answer{
		{BidID: f.bidA, RequirementID: f.spec[0].ID, Met: &no, Note: "Bare papirsøknad"}})
	must(t, err)
	v, err := f.mgr.Evaluation(f.ctx, f.officer, f.tender.ID)
	must(t, err)
	if !slices.Equal(v.MustFailures[f.bidA], []domain.ID{f.spec[0].ID}) || len(v.MustFailures[f.bidB]) != 0 {
		t.Fatalf("must failures %v", v.MustFailures)
	}
	_, err = f.mgr.RejectBid(f.ctx, f.officer, f.tender.ID, ev.Version, f.bidA, " ")
	wantErr(t, err, domain.KindInvalid, "")
	_, err = f.mgr.RejectBid(f.ctx, f.evaluator, f.tender.ID, ev.Version, f.bidA, "K-1 ikke oppfylt")
	wantErr(t, err, domain.KindForbidden, "")
	ev, err = f.mgr.RejectBid(f.ctx, f.officer, f.tender.ID, ev.Version, f.bidA, "K-1 ikke oppfylt")
	must(t, err)

	// Only Beta is scored now.
	for _, p := range []domain.Principal{f.evaluator, f.eval2} {
		_, err := f.mgr.SaveScores(f.ctx, p, f.tender.ID, []procurement.Score{
			{BidID: f.bidB, Criterion: "quality.understanding", Points: 8, Reason: "r"}, {BidID: f.bidB, Criterion: "quality.plan", Points: 8, Reason: "r"}})
		must(t, err)
	}
	ev, err = f.mgr.SetConsensus(f.ctx, f.officer, f.tender.ID, ev.Version, []procurement.Consensus{
		{BidID: f.bidB, Criterion: "quality.understanding", Points: 8, Reason: "r"}, {BidID: f.bidB, Criterion: "quality.plan", Points: 8, Reason: "r"}})
	must(t, err)
	aw, err := f.mgr.DecideAward(f.ctx, f.officer, f.tender.ID, procurement.AwardInput{Reasons: "Eneste gyldige tilbud.", MinDays: 14})
	must(t, err)
	if aw.WinnerBidID != f.bidB || aw.StandstillDays != 15 {
		t.Fatalf("award %+v (by post: 15 days, more than the 14 chosen)", aw)
	}
	pa, err := f.mgr.PortalAward(f.ctx, f.supplierA, f.tender.ID)
	must(t, err)
	if len(pa.Letters) != 1 || !strings.Contains(pa.Letters[0].Body, "K-1 ikke oppfylt") {
		t.Fatalf("Alfa's letters %+v", pa.Letters)
	}
	// A complaint received by post is registered by the buyer.
	c, err := f.mgr.RegisterComplaint(f.ctx, f.officer, f.tender.ID, f.supA.ID, "Klage per brev.", time.Time{})
	must(t, err)
	_, err = f.mgr.RegisterComplaint(f.ctx, f.officer, f.tender.ID, 9999, "", f.clock.Now().Add(time.Hour))
	wantErr(t, err, domain.KindInvalid, "")
	if got := fieldsOf(err); len(got) != 3 {
		t.Fatalf("fields %v", got)
	}
	list, err := f.mgr.Complaints(f.ctx, f.officer, f.tender.ID)
	must(t, err)
	if len(list) != 1 || list[0].ID != c.ID {
		t.Fatalf("complaints %+v", list)
	}
}
