package procurement_test

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// criteria are the example's award criteria: price 30 %, quality 70 % in
// two equal sub-criteria.
var criteria = []procurement.Criterion{
	{Key: "price", Name: "Pris", Weight: 30, Price: true},
	{Key: "quality", Name: "Kvalitet", Weight: 70, Sub: []procurement.SubCriterion{
		{Key: "understanding", Name: "Forståelse", Weight: 50}, {Key: "plan", Name: "Gjennomføring", Weight: 50}}},
}

func TestEvaluationValidateReportsEveryFieldAtOnce(t *testing.T) {
	good := procurement.Evaluation{Criteria: criteria, PriceModel: procurement.PriceLinear}
	if errs := good.Validate(); len(errs) != 0 {
		t.Fatalf("valid evaluation refused: %v", fields(errs))
	}
	// 33.33 + 33.33 + 33.34 is 100 as typed.
	thirds := procurement.Evaluation{PriceModel: procurement.PriceProportional, Criteria: []procurement.Criterion{
		{Key: "a", Name: "A", Weight: 33.33}, {Key: "b", Name: "B", Weight: 33.33}, {Key: "c", Name: "C", Weight: 33.34}}}
	if errs := thirds.Validate(); len(errs) != 0 {
		t.Fatalf("thirds refused: %v", fields(errs))
	}
	bad := procurement.Evaluation{PriceModel: "cheapest", Criteria: []procurement.Criterion{
		{Key: "price", Name: "Pris", Weight: 30, Price: true},
		{Key: "price", Name: "Pris igjen", Weight: 30, Price: true},
		{Key: "q", Name: "", Weight: 0, Sub: []procurement.SubCriterion{{Key: "x", Name: "X", Weight: 60}, {Key: "x", Name: "Y", Weight: 30}}},
	}, Presentations: []procurement.Presentation{{BidID: 1, Start: time.Now(), Minutes: 0}}}
	got := fields(bad.Validate())
	for _, want := range []string{
		"criteria[1].key procurement.criterion_key_taken",
		"criteria[1].price procurement.one_price_criterion",
		"criteria[2].name field.required",
		"criteria[2].weight procurement.weight_range",
		"criteria[2].sub[1].key procurement.criterion_key_taken",
		"criteria[2].sub procurement.sub_weights_sum",
		"price_model field.one_of",
		"presentations[0].minutes procurement.minutes_positive",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("missing %q in %v", want, got)
		}
	}
	sum := procurement.Evaluation{PriceModel: procurement.PriceLinear, Criteria: []procurement.Criterion{
		{Key: "a", Name: "A", Weight: 40}, {Key: "b", Name: "B", Weight: 50}}}
	if got := fields(sum.Validate()); !slices.Contains(got, "criteria procurement.weights_sum") {
		t.Errorf("weights summing to 90 accepted: %v", got)
	}
}

func TestCheckScoresNeedsPointsInRangeAndAReason(t *testing.T) {
	keys := procurement.ScoreKeys(criteria)
	if want := []string{"quality.understanding", "quality.plan"}; !slices.Equal(keys, want) {
		t.Fatalf("score keys %v, want %v (price is never scored by hand)", keys, want)
	}
	got := fields(procurement.CheckScores([]procurement.Score{
		{BidID: 1, Criterion: "quality.plan", Points: 11, Reason: "ok"},
		{BidID: 1, Criterion: "price", Points: 5, Reason: "ok"},
		{BidID: 9, Criterion: "quality.understanding", Points: 5, Reason: " "},
	}, []domain.ID{1, 2}, keys))
	for _, want := range []string{"scores[0].points procurement.points_range", "scores[1].criterion procurement.criterion_not_scored",
		"scores[2].bid_id procurement.bid_not_evaluated", "scores[2].reason field.required"} {
		if !slices.Contains(got, want) {
			t.Errorf("missing %q in %v", want, got)
		}
	}
}

// record is an opening record with the FACTS.md prices: Pb = 100 000 and
// Pe = 120 000 (linear 8.0, proportional 8.33).
func record() procurement.OpeningRecord {
	return procurement.OpeningRecord{Bids: []procurement.OpenedBid{
		{Number: 1, BidID: 11, SupplierID: 1, Supplier: "Alfa AS", Price: procurement.PriceForm{Total: 100_000}, Intact: true},
		{Number: 2, BidID: 12, SupplierID: 2, Supplier: "Beta AS", Price: procurement.PriceForm{Total: 120_000}, Intact: true},
	}}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestComputeTotalsOnAHandCheckedExample(t *testing.T) {
	ev := procurement.Evaluation{Criteria: criteria, PriceModel: procurement.PriceLinear}
	if _, err := procurement.Compute(ev, record()); domain.KindOf(err) != domain.KindConflict {
		t.Fatalf("without consensus: %v, want procurement.scoring_incomplete", err)
	}
	ev.Consensus = []procurement.Consensus{
		{BidID: 11, Criterion: "quality.understanding", Points: 6, Reason: "r"},
		{BidID: 11, Criterion: "quality.plan", Points: 8, Reason: "r"},
		{BidID: 12, Criterion: "quality.understanding", Points: 9, Reason: "r"},
		{BidID: 12, Criterion: "quality.plan", Points: 9, Reason: "r"},
	}
	res, err := procurement.Compute(ev, record())
	must(t, err)
	// Alfa: price 10, quality (6+8)/2 = 7 → 0.3×10 + 0.7×7 = 7.9.
	// Beta: price 10 − 10×20 000/100 000 = 8, quality 9 → 2.4 + 6.3 = 8.7.
	a, _ := res.Bid(11)
	b, _ := res.Bid(12)
	if !near(a.Points[0], 10) || !near(a.Points[1], 7) || !near(a.Total, 7.9) || a.Rank != 2 {
		t.Errorf("Alfa %+v, want points [10 7], total 7.9, rank 2", a)
	}
	if !near(b.Points[0], 8) || !near(b.Points[1], 9) || !near(b.Total, 8.7) || b.Rank != 1 {
		t.Errorf("Beta %+v, want points [8 9], total 8.7, rank 1", b)
	}
	if res.Winner != 12 {
		t.Errorf("winner %d, want Beta's bid 12", res.Winner)
	}
	if res.PriceCheck == nil || math.Abs(res.PriceCheck.OtherPoints[1]-8.333) > 0.001 || res.PriceCheck.Changed() {
		t.Errorf("price check %+v: proportional gives Beta 8.33 and the same winner", res.PriceCheck)
	}
	// The price weight must rise until 0.3 + d: Alfa's total 10x + 7(1−x)
	// meets Beta's 8x + 9(1−x) at x = 0.5, so d = 20 points.
	if f := res.Flips[0]; !f.OK || math.Abs(f.Delta-20) > 1e-6 || f.NewWinner != 11 {
		t.Errorf("price flip %+v, want +20 points to Alfa", f)
	}
	// A rejected bid drops out of the ranking.
	ev.Rejections = []procurement.Rejection{{BidID: 12, Reason: "skal-krav"}}
	res, err = procurement.Compute(ev, record())
	must(t, err)
	if res.Winner != 11 || len(res.Bids) != 1 {
		t.Errorf("after rejecting Beta: winner %d of %d bids", res.Winner, len(res.Bids))
	}
}

func TestSpreadsAndProgress(t *testing.T) {
	keys := []string{"q"}
	bids := []domain.ID{1}
	scores := []procurement.Score{{BidID: 1, EvaluatorID: 7, Criterion: "q", Points: 4}, {BidID: 1, EvaluatorID: 8, Criterion: "q", Points: 8}}
	sp := procurement.Spreads(scores, bids, keys)
	if len(sp) != 1 || sp[0].Min != 4 || sp[0].Max != 8 || sp[0].Mean != 6 || sp[0].StdDev != 2 {
		t.Errorf("spread %+v, want min 4 max 8 mean 6 sd 2", sp)
	}
	if procurement.AllScored(domain.Editors{7, 8, 9}, scores, bids, keys) {
		t.Error("all scored with evaluator 9 missing")
	}
	pr := procurement.Progress(domain.Editors{7, 9}, scores, bids, keys)
	if !pr[0].Finished || pr[1].Finished || pr[1].Of != 1 {
		t.Errorf("progress %+v", pr)
	}
}

func TestLetterSaysWinnerPointsRankAndStandstill(t *testing.T) {
	end := time.Date(2026, 4, 1, 22, 0, 0, 0, time.UTC) // 2 April 00:00 in Oslo
	f := procurement.LetterFacts{Reference: "FOSEN-1", Title: "Digital byggesak", Buyer: "Fosen", Supplier: "Alfa AS",
		Winner: "Beta AS", Reasons: "Best forståelse.", Criteria: criteria, WinnerPoints: []float64{8, 9}, WinnerTotal: 8.7,
		OwnPoints: []float64{10, 7}, OwnTotal: 7.9, Rank: 2, Bidders: 2, StandstillEnd: end}
	subj, body := procurement.WriteLetter(i18n.Lang("nb").T, "nb", f)
	for _, want := range []string{"Beta AS", "Best forståelse.", "8,7", "7,9", "2 av 2", "02.04.2026 kl. 00.00"} {
		if !strings.Contains(body, want) {
			t.Errorf("letter lacks %q:\n%s", want, body)
		}
	}
	if !strings.Contains(subj, "FOSEN-1") {
		t.Errorf("subject %q", subj)
	}
	_, en := procurement.WriteLetter(i18n.Lang("en").T, "en", f)
	if !strings.Contains(en, "2 of 2") || !strings.Contains(en, "2026-04-02 00:00") {
		t.Errorf("English letter:\n%s", en)
	}
}

func TestRetryDelayGrows(t *testing.T) {
	prev := time.Duration(0)
	for n := 1; n < 20; n++ {
		d := procurement.RetryDelay(n)
		if d < prev || d > 24*time.Hour {
			t.Fatalf("delay %d = %v after %v", n, d, prev)
		}
		prev = d
	}
	if procurement.RetryDelay(1) != time.Minute || procurement.RetryDelay(3) != 4*time.Minute {
		t.Errorf("delays %v %v", procurement.RetryDelay(1), procurement.RetryDelay(3))
	}
}
