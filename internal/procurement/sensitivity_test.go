package procurement

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// handExample: price 30 %, quality 50 %, competence 20 %.
//
//	A: 10, 6, 7 → 3.0 + 3.0 + 1.4 = 7.4
//	B:  8, 8, 6 → 2.4 + 4.0 + 1.2 = 7.6
//	C:  6, 7, 9 → 1.8 + 3.5 + 1.8 = 7.1
func handExample() Scores {
	return Scores{
		Bidders:  []string{"A", "B", "C"},
		Criteria: []string{"price", "quality", "competence"},
		Weights:  []float64{0.3, 0.5, 0.2},
		Points:   [][]float64{{10, 6, 7}, {8, 8, 6}, {6, 7, 9}},
	}
}

func TestTotalsAndRanking(t *testing.T) {
	s := handExample()
	if errs := s.Check(); errs != nil {
		t.Fatal(errs)
	}
	if got := Totals(s); !slices.Equal(got, []float64{7.4, 7.6, 7.1}) {
		t.Errorf("Totals = %v", got)
	}
	if got := Ranking(s); !slices.Equal(got, []int{1, 0, 2}) {
		t.Errorf("Ranking = %v, want B, A, C", got)
	}
}

func TestRankingTiesKeepOrder(t *testing.T) {
	// Z: 0.7 × 30/7 and Y: 0.1 × 3 + 0.2 × 3 + 0.7 × 3 are both 3 on paper;
	// as floats Z's is 2.9999999999999996. They tie, in the order of s.
	s := Scores{
		Bidders:  []string{"X", "Z", "Y"},
		Criteria: []string{"a", "b", "c"},
		Weights:  []float64{0.1, 0.2, 0.7},
		Points:   [][]float64{{1, 1, 1}, {0, 0, 30.0 / 7}, {3, 3, 3}},
	}
	if tot := Totals(s); tot[1] != 3 || tot[2] != 3 {
		t.Fatalf("totals %v: Z and Y should both be 3", tot)
	}
	if got := Ranking(s); !slices.Equal(got, []int{1, 2, 0}) {
		t.Errorf("Ranking = %v, want the tie in index order: Z, Y, X", got)
	}
}

func TestWeightToFlipHandChecked(t *testing.T) {
	s := handExample()
	cases := []struct {
		criterion int
		delta     float64
		winner    int
	}{
		// Price: others rescaled to 5/7 and 2/7; A and B meet at price
		// weight 4/11 (A 44/7 + x·26/7, B 52/7 + x·4/7); C would need it
		// down to 1/15, further away.
		{0, 4.0/11 - 0.3, 0},
		// Quality: A meets B at 4/9 going down (A 8.8 − 2.8x, B 7.2 +
		// 0.8x); C only ties B at 0 and loses the tie.
		{1, 4.0/9 - 0.5, 0},
		// Competence: C meets B at 11/35 going up (C 6.625 + 2.375x, B 8 −
		// 2x), before A at 1/3.
		{2, 11.0/35 - 0.2, 2},
	}
	for _, c := range cases {
		delta, w, ok := WeightToFlip(s, c.criterion)
		if !ok || w != c.winner || math.Abs(delta-c.delta) > 1e-12 {
			t.Errorf("criterion %d: WeightToFlip = %v, %d, %v; want %v, %d", c.criterion, delta, w, ok, c.delta, c.winner)
		}
	}
	// At exactly 4/11 for price A and B tie at 588/77; A comes first in s
	// and so wins there.
	at := Reweighted(s, 0, 4.0/11)
	tot := Totals(at)
	if math.Abs(tot[0]-588.0/77) > 1e-9 || tot[0] != tot[1] || Winner(at) != 0 {
		t.Errorf("at 4/11: totals %v, winner %d", tot, Winner(at))
	}
	if got := at.Weights; math.Abs(got[1]-5.0/11) > 1e-12 || math.Abs(got[2]-2.0/11) > 1e-12 {
		t.Errorf("rescaled weights %v, want 4/11, 5/11, 2/11", got)
	}
}

func TestWeightToFlipNone(t *testing.T) {
	// A leads on every criterion: no weighting changes the winner.
	s := Scores{
		Bidders:  []string{"A", "B"},
		Criteria: []string{"price", "quality"},
		Weights:  []float64{0.4, 0.6},
		Points:   [][]float64{{9, 9}, {8, 5}},
	}
	for c := range 2 {
		if d, w, ok := WeightToFlip(s, c); ok {
			t.Errorf("criterion %d: %v, %d, true; want no flip", c, d, w)
		}
	}
	if _, _, ok := WeightToFlip(Scores{Weights: []float64{1}, Points: [][]float64{{5}}}, 0); ok {
		t.Error("one bidder cannot be overtaken")
	}
	if _, _, ok := WeightToFlip(s, 2); ok {
		t.Error("a criterion out of range answered")
	}
}

func TestWeightToFlipCrossingBeyondRange(t *testing.T) {
	// With price weight x: A = 6 + 2x, B = 5 + 2.8x; B catches A only at
	// x = 1.25, beyond the range.
	s := Scores{
		Bidders:  []string{"A", "B"},
		Criteria: []string{"price", "quality"},
		Weights:  []float64{0.5, 0.5},
		Points:   [][]float64{{8, 6}, {7.8, 5}},
	}
	if d, w, ok := WeightToFlip(s, 0); ok {
		t.Errorf("crossing at 1.25 reported as %v, %d", d, w)
	}
}

// winnerAt is the winner with criterion's weight set to x.
func winnerAt(s Scores, c int, x float64) int { return Winner(Reweighted(s, c, x)) }

// TestWeightToFlipProperties checks on random evaluations that the delta
// returned really changes the winner just past it, that no smaller change
// in either direction does, and that a brute-force scan of the weight finds
// the same first change.
func TestWeightToFlipProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 2026))
	const h = 1e-6
	checked := 0
	for trial := 0; trial < 200; trial++ {
		n, m := 2+rng.IntN(4), 2+rng.IntN(4)
		s := Scores{Weights: make([]float64, m)}
		sum := 0.0
		for j := range s.Weights {
			s.Weights[j] = 0.05 + rng.Float64()
			sum += s.Weights[j]
		}
		for j := range s.Weights {
			s.Weights[j] /= sum
		}
		for range n {
			row := make([]float64, m)
			for j := range row {
				row[j] = 10 * rng.Float64()
			}
			s.Points = append(s.Points, row)
			s.Bidders = append(s.Bidders, "")
		}
		s.Criteria = make([]string, m)
		if errs := s.Check(); errs != nil {
			t.Fatal(errs)
		}
		c := rng.IntN(m)
		k := Winner(s)
		wc := s.Weights[c]
		delta, nw, ok := WeightToFlip(s, c)

		// Brute force: the first weight on a fine grid, walking out from wc
		// both ways, where the winner differs.
		const steps = 2000
		first := math.Inf(1)
		for i := 0; i <= steps; i++ {
			x := float64(i) / steps
			if winnerAt(s, c, x) != k && math.Abs(x-wc) < math.Abs(first) {
				first = x - wc
			}
		}
		if !ok {
			if !math.IsInf(first, 1) {
				t.Fatalf("trial %d: no flip reported, but at weight %v the winner changes", trial, wc+first)
			}
			continue
		}
		if nw == k {
			t.Fatalf("trial %d: new winner is the old one", trial)
		}
		if math.Abs(first-delta) > 1.0/steps+1e-9 {
			t.Fatalf("trial %d: delta %v, brute force %v", trial, delta, first)
		}
		dir := 1.0
		if delta < 0 {
			dir = -1
		}
		if past := wc + delta + dir*h; past >= 0 && past <= 1 {
			if got := winnerAt(s, c, past); got != nw {
				t.Fatalf("trial %d: just past delta %v the winner is %d, want %d", trial, delta, got, nw)
			}
		}
		for _, f := range []float64{0, 0.25, 0.5, 0.9, 0.999} {
			if math.Abs(delta)*(1-f) < 1e-6 {
				continue // too close to the crossing for float totals to tell
			}
			for _, sign := range []float64{1, -1} {
				x := wc + sign*f*delta
				if x < 0 || x > 1 {
					continue
				}
				if got := winnerAt(s, c, x); got != k {
					t.Fatalf("trial %d: change %v, smaller than %v, already makes %d win", trial, x-wc, delta, got)
				}
			}
		}
		checked++
	}
	t.Logf("%d of 200 random cases had a flip", checked)
	if checked < 60 {
		t.Errorf("only %d of 200 random cases had a flip; the generator tests too little", checked)
	}
}

func TestCheck(t *testing.T) {
	s := Scores{
		Bidders:  []string{"A", "B"},
		Criteria: []string{"price", "quality"},
		Weights:  []float64{0.3, 0.6},
		Points:   [][]float64{{10, 11}, {math.NaN(), 5, 1}},
	}
	want := map[string]string{
		"weights":      "procurement.scoring.weights_sum",
		"points[0][1]": "procurement.scoring.point_range",
		"points[1]":    "procurement.scoring.count",
	}
	got := map[string]string{}
	for _, e := range s.Check() {
		got[e.Field] = e.Code
	}
	if len(got) != len(want) {
		t.Errorf("Check = %v, want %v", got, want)
	}
	for f, code := range want {
		if got[f] != code {
			t.Errorf("%s: %q, want %q", f, got[f], code)
		}
	}
	for _, e := range s.Check() {
		if e.Field == "weights" && (len(e.Params) != 1 || e.Params[0] != "90") {
			t.Errorf("weights_sum param %v, want the sum 90", e.Params)
		}
	}
	bad := Scores{Criteria: []string{"a", "b"}, Weights: []float64{1.5, -0.5}}
	codes := map[string]string{}
	for _, e := range bad.Check() {
		codes[e.Field] = e.Code
	}
	if codes["weights[0]"] != "procurement.scoring.weight_range" || codes["weights[1]"] != "procurement.scoring.weight_range" {
		t.Errorf("out-of-range weights: %v", codes)
	}
	if _, sum := codes["weights"]; sum {
		t.Error("a sum error on top of range errors blames the field twice")
	}
	linear := handExample()
	linear.Points[2][0] = -5 // linear price points may be negative
	if errs := linear.Check(); errs != nil {
		t.Errorf("negative price points refused: %v", errs)
	}
}

func TestComparePriceModels(t *testing.T) {
	// Price 40 %, quality 60 %. A is cheap and weak, B dear and strong.
	// Linear: A 10, B 10 − 10 × 0.8 = 2 → A 0.4×10 + 0.6×5 = 7.0,
	// B 0.4×2 + 0.6×9 = 6.2: A wins.
	// Proportional: B 10/1.8 = 5.556 → B 2.222 + 5.4 = 7.622: B wins.
	s := Scores{
		Bidders:  []string{"A", "B"},
		Criteria: []string{"price", "quality"},
		Weights:  []float64{0.4, 0.6},
		Points:   [][]float64{{0, 5}, {0, 9}},
	}
	check, err := ComparePriceModels(s, 0, []float64{100_000, 180_000}, PriceLinear)
	if err != nil {
		t.Fatal(err)
	}
	if check.Winner != 0 || check.OtherWinner != 1 || !check.Changed() || check.OtherModel != PriceProportional {
		t.Errorf("check = %+v", check)
	}
	if math.Abs(check.Totals[0]-7.0) > 1e-9 || math.Abs(check.Totals[1]-6.2) > 1e-9 || math.Abs(check.OtherTotals[1]-(0.4*100.0/18+5.4)) > 1e-9 {
		t.Errorf("totals %v / %v", check.Totals, check.OtherTotals)
	}
	if s.Points[0][0] != 0 {
		t.Error("ComparePriceModels changed its input")
	}
	same, err := ComparePriceModels(s, 0, []float64{100_000, 110_000}, PriceProportional)
	if err != nil || same.Changed() {
		t.Errorf("close prices: %+v, %v", same, err)
	}
	if _, err := ComparePriceModels(s, 0, []float64{100_000, 0}, PriceLinear); err == nil || err.Error() != "procurement.price_not_positive" {
		t.Errorf("zero price: %v", err)
	}
	if _, err := ComparePriceModels(s, 0, []float64{100_000}, PriceLinear); err == nil {
		t.Error("one price for two bidders accepted")
	}
	if _, err := ComparePriceModels(s, 0, []float64{1, 2}, "auction"); err == nil || err.Error() != "field.one_of" {
		t.Errorf("unknown model: %v", err)
	}
}
