package demo

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// SeedWinner is the supplier the demo's evaluation chooses for the seed's
// tender, and SeedContract its contract's reference.
const (
	SeedWinner   = "Prosessverkstedet AS"
	SeedContract = "FOSEN-2017-02-K1"
)

// seedCriteria are the seed tender's award criteria. The seed names no
// criteria or weights: these (price 30 %, quality and understanding of the
// assignment 50 % in two sub-criteria, competence 20 %) are ILLUSTRATIVE,
// and the tender document says the same.
var seedCriteria = []procurement.Criterion{
	{Key: "pris", Name: "Pris", Weight: 30, Price: true},
	{Key: "kvalitet", Name: "Kvalitet og oppdragsforståelse", Weight: 50, Sub: []procurement.SubCriterion{
		{Key: "forstaelse", Name: "Forståelse av oppdraget (presentasjonen)", Weight: 60},
		{Key: "metode", Name: "Metode og gjennomføring", Weight: 40},
	}},
	{Key: "kompetanse", Name: "Kompetanse", Weight: 20},
}

// seedScore is one bidder's illustrative points from each evaluator on
// each scored key, and the reasons the committee gives.
type seedScore struct {
	supplier string
	// points[key] = {evaluator 1, evaluator 2}
	points  map[string][2]float64
	reasons map[string]string
	minutes string
}

var seedScores = []seedScore{
	{"Prosessverkstedet AS",
		map[string][2]float64{"kvalitet.forstaelse": {9, 9}, "kvalitet.metode": {9, 8}, "kompetanse": {8, 8}},
		map[string]string{
			"kvalitet.forstaelse": "Viste med eksempler fra byggesak hvordan ønsket prosess tilpasses lov og forskrift; svarte presist på spørsmål.",
			"kvalitet.metode":     "Felles verksteder per tjeneste med alle sju kommunene, tidsmåling før og etter, BPMN-leveranse.",
			"kompetanse":          "To rådgivere med dokumentert erfaring fra kommunal tjenesteutvikling og prosessmodellering.",
		},
		"Presenterte felles verksteder per tjeneste og et eksempel på ønsket prosess for byggesak. Spørsmål om tidsbruk for fagansvarlige ble besvart med en konkret plan."},
	{"Tjenestedesign Midt AS",
		map[string][2]float64{"kvalitet.forstaelse": {7, 7}, "kvalitet.metode": {7, 6}, "kompetanse": {7, 7}},
		map[string]string{
			"kvalitet.forstaelse": "God forståelse av tjenestedesign, mindre av tilpasningen til regelverket.",
			"kvalitet.metode":     "Intervjuer i hver kommune; mer tidkrevende for fagansvarlige enn felles verksteder.",
			"kompetanse":          "Erfaren tjenestedesigner; mindre erfaring med prosessmodellering i BPMN.",
		},
		"Presenterte en tjenestedesignmetode med intervjuer i hver kommune. Leveransen er brukerreiser; BPMN kan leveres som tillegg."},
	{"Fjordgevinst Rådgivning AS",
		map[string][2]float64{"kvalitet.forstaelse": {7, 6}, "kvalitet.metode": {6, 6}, "kompetanse": {7, 7}},
		map[string]string{
			"kvalitet.forstaelse": "Forstod oppdraget, men la vekt på gevinstberegning framfor kartlegging av dagens prosess.",
			"kvalitet.metode":     "Standardisert metode; lite om hvordan hindringer i regelverket dokumenteres.",
			"kompetanse":          "Sterk på gevinstrealisering, mindre erfaring fra kommunal saksbehandling.",
		},
		"Presenterte over video, som svaret i spørsmål-og-svar-loggen tillot. La vekt på gevinstberegning og en standard metode."},
	{"Kystlinje Analyse AS",
		map[string][2]float64{"kvalitet.forstaelse": {8, 7}, "kvalitet.metode": {7, 8}, "kompetanse": {8, 8}},
		map[string]string{
			"kvalitet.forstaelse": "God forståelse av de tre tjenestene; mindre konkret om tilpasning til regelverket.",
			"kvalitet.metode":     "Verksteder og tidsmåling; plan for fagansvarliges tid var mindre konkret.",
			"kompetanse":          "Team med analyse- og prosesserfaring fra flere kommuner.",
		},
		"Presenterte verksteder og tidsmåling med eksempler fra barnehageopptak. Leverer BPMN."},
}

// finishSeedTender replays the seed's tender from its bid deadline to the
// signed contract on the stepped clock, as the seed tells it: the opening
// confirmed by the two officers, the evaluation set up, the must
// requirements checked, four presentations of 30 minutes with minutes,
// every evaluator's scores with reasons, the consensus, the award the day
// after the presentations with all four bidders notified at once
// (electronically, 14 days' standstill), no complaint, the contract signed
// the day after the standstill ended with its value, the winner's
// commitments handed over to the realisation plans, and the facts the
// award notice needs. Points, minutes and times are illustrative.
func finishSeedTender(ctx context.Context, mgr *procurement.Manager, clock *stepClock, lead, coord domain.Principal,
	evaluators []domain.Principal, sups []procurement.Supplier, id domain.ID) error {
	clock.now = oslo("2017-04-20T13:02")
	if _, err := mgr.ConfirmOpening(ctx, lead, id); err != nil {
		return fmt.Errorf("opening (programme lead): %w", err)
	}
	clock.now = oslo("2017-04-20T13:04")
	t, err := mgr.ConfirmOpening(ctx, coord, id)
	if err != nil {
		return fmt.Errorf("opening (coordinator): %w", err)
	}
	bidOf := map[string]domain.ID{}
	for _, b := range t.Opening.Bids {
		bidOf[b.Supplier] = b.BidID
	}

	// The committee and the presentations' slots, the day after the
	// opening: 30 minutes each with 15 minutes between.
	clock.now = oslo("2017-04-21T10:00")
	ev := procurement.Evaluation{Criteria: seedCriteria, PriceModel: procurement.PriceLinear}
	for _, e := range evaluators {
		ev.Evaluators = append(ev.Evaluators, e.UserID)
	}
	start := oslo("2017-04-25T09:00")
	for i, s := range seedScores {
		ev.Presentations = append(ev.Presentations, procurement.Presentation{BidID: bidOf[s.supplier],
			Start: start.Add(time.Duration(i) * 45 * time.Minute), Minutes: 30})
	}
	if ev, err = mgr.SetupEvaluation(ctx, lead, id, ev); err != nil {
		return fmt.Errorf("evaluation set-up: %w", err)
	}

	// The must requirements, checked against each bid.
	spec, err := mgr.Specification(ctx, lead, id)
	if err != nil {
		return err
	}
	var answers []procurement.Answer
	yes := true
	for _, b := range t.Opening.Bids {
		for _, r := range spec {
			if r.Removed || r.Priority != "must" {
				continue
			}
			answers = append(answers, procurement.Answer{BidID: b.BidID, RequirementID: r.ID, Met: &yes,
				Place: "Tilbudet, oppdragsforståelse (" + r.Number + ")"})
		}
	}
	clock.now = oslo("2017-04-21T14:00")
	if ev, err = mgr.SaveAnswers(ctx, lead, id, ev.Version, answers); err != nil {
		return fmt.Errorf("must requirements: %w", err)
	}

	// The presentations, with minutes.
	clock.now = oslo("2017-04-25T12:30")
	for i := range ev.Presentations {
		ev.Presentations[i].Notes = seedScores[i].minutes
	}
	if ev, err = mgr.SetupEvaluation(ctx, lead, id, ev); err != nil {
		return fmt.Errorf("presentation minutes: %w", err)
	}

	// Each evaluator scores every bid on every key, blind to the other.
	for e, p := range evaluators {
		clock.now = oslo("2017-04-25T14:00").Add(time.Duration(e) * time.Hour)
		var scores []procurement.Score
		for _, s := range seedScores {
			for _, key := range procurement.ScoreKeys(seedCriteria) {
				scores = append(scores, procurement.Score{BidID: bidOf[s.supplier], Criterion: key,
					Points: s.points[key][e], Reason: s.reasons[key]})
			}
		}
		if _, err := mgr.SaveScores(ctx, p, id, scores); err != nil {
			return fmt.Errorf("scores of evaluator %d: %w", e+1, err)
		}
	}

	// The consensus: the mean of the two, to the nearest half point.
	clock.now = oslo("2017-04-25T16:30")
	var cs []procurement.Consensus
	for _, s := range seedScores {
		for _, key := range procurement.ScoreKeys(seedCriteria) {
			pts := s.points[key]
			cs = append(cs, procurement.Consensus{BidID: bidOf[s.supplier], Criterion: key,
				Points: math.Round((pts[0] + pts[1])) / 2, Reason: "Omforent i evalueringsmøtet: " + s.reasons[key]})
		}
	}
	if _, err = mgr.SetConsensus(ctx, lead, id, ev.Version, cs); err != nil {
		return fmt.Errorf("consensus: %w", err)
	}

	// The award the next day, all four notified at once.
	clock.now = oslo("2017-04-26T12:00")
	res, err := mgr.Results(ctx, lead, id)
	if err != nil {
		return fmt.Errorf("results: %w", err)
	}
	if res.Winner != bidOf[SeedWinner] {
		return fmt.Errorf("the demo's scores should choose %s", SeedWinner)
	}
	aw, err := mgr.DecideAward(ctx, lead, id, procurement.AwardInput{
		Reasons: SeedWinner + " hadde den beste forståelsen av oppdraget: presentasjonen viste hvordan ønsket prosess " +
			"tilpasses lov og forskrift, med felles verksteder per tjeneste som sparer fagansvarliges tid, og tidsmåling " +
			"før og etter slik at gevinsten kan følges opp. Teamet har dokumentert erfaring fra kommunal tjenesteutvikling. " +
			"Prisen var nest lavest; forspranget på kvalitet veier opp for prisforskjellen.",
		Electronic: true,
		MinDays:    14,
	})
	if err != nil {
		return fmt.Errorf("award: %w", err)
	}

	// No complaint came; the contract is signed the day after the
	// standstill ended, and the commitments go to the realisation plans.
	clock.now = aw.StandstillEnd.Add(10 * time.Hour)
	winner := t.Opening.Bids[0]
	for _, b := range t.Opening.Bids {
		if b.BidID == aw.WinnerBidID {
			winner = b
		}
	}
	if _, err := mgr.SignContract(ctx, lead, id, procurement.ContractInput{Reference: SeedContract, SignedAt: clock.now,
		Value: fmt.Sprintf("%.0f", winner.Price.Total)}); err != nil {
		return fmt.Errorf("contract: %w", err)
	}

	// What the award notice states about the contract and the bidders
	// (illustrative addresses and sizes of the fictional firms).
	clock.now = clock.now.Add(time.Hour)
	facts := procurement.NoticeFacts{ContractMonths: 6, Subcontracting: "no"}
	towns := []struct{ post, town, size string }{
		{"7011", "Trondheim", "small"}, {"7042", "Trondheim", "small"}, {"7130", "Brekstad", "micro"}, {"7170", "Åfjord", "micro"},
	}
	for i, s := range sups[:4] {
		facts.Suppliers = append(facts.Suppliers, procurement.SupplierFacts{SupplierID: s.ID,
			PostCode: towns[i].post, Town: towns[i].town, NUTS: "NO060", Size: towns[i].size})
	}
	if t, err = mgr.Tender(ctx, lead, id); err != nil {
		return err
	}
	if _, err := mgr.SaveNoticeFacts(ctx, lead, id, t.Version, facts); err != nil {
		return fmt.Errorf("notice facts: %w", err)
	}
	if !strings.HasPrefix(winner.Supplier, SeedWinner) {
		return fmt.Errorf("contract with %s, want %s", winner.Supplier, SeedWinner)
	}
	return nil
}

// ClosedTender is the reference of the demo's third tender, closed and not
// yet opened: the opening is left for the user to confirm.
const ClosedTender = "FOSEN-2017-03"

// loadClosedTender replays a second limited tender of 2017 in the seed
// tender's pattern, shorter (no dialogue, no specification), to its bid
// deadline: published to three candidates with one tender document, three
// bids received in time. It stays closed, so that a user can confirm the
// opening as the programme lead and the Rissa coordinator (its officers)
// and see the opening record. Values, prices and dates are illustrative.
func loadClosedTender(ctx context.Context, mgr *procurement.Manager, clock *stepClock, lead domain.Principal,
	officers domain.Editors, items []procurement.Item, sups []procurement.Supplier, users []domain.Principal) error {
	clock.now = oslo("2017-05-15T09:00")
	ms := []procurement.Milestone{
		{Kind: procurement.MilestoneNotice, At: oslo("2017-05-22T09:00")},
		{Kind: procurement.MilestoneQuestions, At: oslo("2017-06-02T12:00")},
		{Kind: procurement.MilestoneDeadline, At: oslo("2017-06-12T12:00")},
		{Kind: procurement.MilestoneOpening, At: oslo("2017-06-12T13:00")},
	}
	t, err := mgr.CreateTender(ctx, lead, procurement.Tender{
		Reference: ClosedTender,
		Title:     "Opplæring i prosessmodellering for fagansvarlige",
		Description: "Kurs i BPMN-modellering for fagansvarlige i de sju kommunene, slik at de selv kan vedlikeholde " +
			"prosessene fra arbeidsprosessanalysene. Begrenset tilbudskonkurranse med tre kandidater. Datoer, verdi, " +
			"priser og leverandører er illustrative (demo).",
		Procedure:      procurement.ProcNationalRestricted,
		EstimatedValue: 1_450_000,
		Buyer:          seedBuyer,
		// 80500000-9: training services.
		CPV:        "80500000-9",
		Items:      items,
		Milestones: ms,
	})
	if err != nil {
		return err
	}
	if t, err = mgr.SetOfficers(ctx, lead, t.ID, t.Version, officers); err != nil {
		return err
	}
	clock.now = oslo("2017-05-22T08:30")
	doc, err := mgr.AddDocument(ctx, lead, t.ID, procurement.DocTender, "Konkurransegrunnlag", pdfFile("konkurransegrunnlag.pdf",
		"Konkurransegrunnlag "+ClosedTender+": Opplæring i prosessmodellering", []string{
			"Oppdragsgiver: Rissa kommune som vertskommune for Fosen-samarbeidet (demo).",
			"Prosedyre: begrenset tilbudskonkurranse, anskaffelsesforskriften del II. Tre kandidater.",
			"Tilbudsfrist 12.06.2017 kl. 12.00. Tildelingskriterier: kvalitet 60 %, pris 40 %.",
			"Alle datoer, verdier og navn er illustrative.",
		}), "Første utgave")
	if err != nil {
		return err
	}
	if _, err := mgr.PublishDocument(ctx, lead, t.ID, doc.ID, doc.Version); err != nil {
		return err
	}
	for _, s := range sups[1:4] {
		if err := mgr.Invite(ctx, lead, t.ID, s.ID); err != nil {
			return fmt.Errorf("invite %s: %w", s.Name, err)
		}
	}
	clock.now = oslo("2017-05-22T09:00")
	if t, err = mgr.Tender(ctx, lead, t.ID); err != nil {
		return err
	}
	if _, err = mgr.Publish(ctx, lead, t.ID, t.Version); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	for i, b := range []struct{ at, total string }{
		{"2017-06-08T15:20", "1 180 000"}, {"2017-06-09T10:05", "1 320 000"}, {"2017-06-12T11:41", "1 095 000"},
	} {
		clock.now = oslo(b.at)
		d := demoSuppliers[i+1]
		if _, err := mgr.SubmitBid(ctx, users[i+1], t.ID, procurement.BidInput{Total: b.total,
			Note: "Tilbud fra " + d.name + " (illustrativt)",
			Files: []procurement.File{pdfFile("tilbud-"+strings.TrimSuffix(d.domain, ".example")+".pdf", "Tilbud fra "+d.name, []string{
				"Til: Fosen-samarbeidet, " + ClosedTender + " Opplæring i prosessmodellering.",
				"Samlet pris eks. mva.: NOK " + b.total + ". Illustrativt demotilbud.",
			})}}); err != nil {
			return fmt.Errorf("bid %s: %w", d.name, err)
		}
	}
	return nil
}
