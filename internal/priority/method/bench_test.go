package method

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// The national scale of issue 5: 230 services scored on 6 criteria by 357
// municipalities, each with its own AHP judgements.
const (
	nationalServices       = 230
	nationalMunicipalities = 357
	nationalCriteria       = 6
)

// nationalData is the input of the national benchmark.
type nationalData struct {
	matrices   [][][]float64 // per municipality, criteria × criteria
	scores     [][][]float64 // per municipality, services × criteria, normalised 0–1
	population []float64     // per municipality
}

// newNationalData draws the benchmark's input. With agreement, a service's
// score on a criterion is a national level (1–5) plus municipal noise
// (σ = 1), rounded and clamped to 1–5, as real scores share much; without,
// every score is uniform on 1–5, the hardest case for Kemeny.
func newNationalData(seed uint64, agreement bool) nationalData {
	rng := rand.New(rand.NewPCG(seed, 7))
	var d nationalData
	level := make([][]float64, nationalServices)
	for s := range level {
		level[s] = make([]float64, nationalCriteria)
		for c := range level[s] {
			level[s][c] = 1 + 4*rng.Float64()
		}
	}
	for range nationalMunicipalities {
		d.matrices = append(d.matrices, randomAHP(rng, nationalCriteria))
		d.population = append(d.population, float64(200+rng.IntN(100000)))
		sc := make([][]float64, nationalServices)
		for s := range sc {
			sc[s] = make([]float64, nationalCriteria)
			for c := range sc[s] {
				x := float64(1 + rng.IntN(5))
				if agreement {
					x = math.Round(min(5, max(1, level[s][c]+rng.NormFloat64())))
				}
				sc[s][c] = (x - 1) / 4
			}
		}
		d.scores = append(d.scores, sc)
	}
	return d
}

// nationalResult is what the pipeline computes.
type nationalResult struct {
	groupWeights []float64
	joint        []float64 // weighted sum of mean scores with group weights
	borda        Ranking
	copeland     Ranking
	schulze      SchulzeResult
	kemeny       KemenyResult
	w            float64
	margins      []WeightMargin
	contested    []Contested
}

// national runs the whole joint prioritisation: weights per municipality
// and group weights (AIJ, by population), each municipality's ranking by
// weighted sum, the joint rankings by weighted sum, Borda, Copeland,
// Schulze and Kemeny, Kendall's W, the sensitivity of the top 10 and the
// most contested services.
func national(tb testing.TB, d nationalData) nationalResult {
	var r nationalResult
	g, err := GroupJudgements(d.matrices, d.population)
	if err != nil {
		tb.Fatal(err)
	}
	ga, err := AHP(g)
	if err != nil {
		tb.Fatal(err)
	}
	r.groupWeights = ga.Weights
	ballots := make([]Ballot, len(d.scores))
	ranks := make([][]float64, len(d.scores))
	mean := make([][]float64, nationalServices)
	for s := range mean {
		mean[s] = make([]float64, nationalCriteria)
	}
	for k, sc := range d.scores {
		a, err := AHP(d.matrices[k])
		if err != nil {
			tb.Fatal(err)
		}
		sums := WeightedSum(sc, a.Weights)
		ballots[k] = Ballot{Count: 1, Order: OrderOf(sums)}
		ranks[k] = RankOf(sums)
		for s, row := range sc {
			for c, x := range row {
				mean[s][c] += x / float64(len(d.scores))
			}
		}
	}
	r.joint = WeightedSum(mean, r.groupWeights)
	r.margins = TopKStability(mean, r.groupWeights, 10)
	if r.borda, err = Borda(ballots, nationalServices); err != nil {
		tb.Fatal(err)
	}
	if r.copeland, err = Copeland(ballots, nationalServices); err != nil {
		tb.Fatal(err)
	}
	if r.schulze, err = Schulze(ballots, nationalServices); err != nil {
		tb.Fatal(err)
	}
	if r.kemeny, err = Kemeny(ballots, nationalServices, 0); err != nil {
		tb.Fatal(err)
	}
	if r.w, _, err = KendallW(ranks); err != nil {
		tb.Fatal(err)
	}
	// Ranks are "1 = best", so the most contested have the widest spread.
	if r.contested, err = MostContested(ranks, 10); err != nil {
		tb.Fatal(err)
	}
	return r
}

// TestNationalScale runs the national pipeline once on each kind of data,
// logging the time and the Kemeny heuristic's quality.
func TestNationalScale(t *testing.T) {
	if testing.Short() {
		t.Skip("national scale")
	}
	for _, agreement := range []bool{true, false} {
		d := newNationalData(1, agreement)
		start := time.Now()
		r := national(t, d)
		elapsed := time.Since(start)
		k := r.kemeny
		if k.Exact || k.Score > k.Bound || len(k.Order) != nationalServices || r.w < 0 || r.w > 1 {
			t.Errorf("agreement %v: Kemeny %+v, W %v", agreement, k.Score, r.w)
		}
		// The heuristic's order is at least as good as the orders of the
		// other methods.
		for name, o := range map[string][][]int{"borda": r.borda.Order, "copeland": r.copeland.Order, "schulze": r.schulze.Order} {
			if s := KemenyScore(r.schulze.D, flatten(o)); s > k.Score {
				t.Errorf("agreement %v: %s order scores %v > Kemeny heuristic %v", agreement, name, s, k.Score)
			}
		}
		t.Logf("agreement %v: %v; W %.3f; Kemeny score %.0f, bound %.0f, gap %.0f (%.3f %%), optimal %v, rounds %d",
			agreement, elapsed.Round(time.Millisecond), r.w, k.Score, k.Bound, k.Gap, 100*k.Gap/k.Bound, k.Optimal, k.Rounds)
	}
}

// BenchmarkNational is issue 5's performance target: the whole joint
// prioritisation of 230 services by 357 municipalities in under 2 s.
func BenchmarkNational(b *testing.B) {
	for _, c := range []struct {
		name      string
		agreement bool
	}{{"agreeing", true}, {"random", false}} {
		d := newNationalData(1, c.agreement)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				national(b, d)
			}
		})
	}
}

// BenchmarkNationalSteps times each step of BenchmarkNational on the
// uniformly random scores.
func BenchmarkNationalSteps(b *testing.B) {
	d := newNationalData(1, false)
	ballots := make([]Ballot, len(d.scores))
	ranks := make([][]float64, len(d.scores))
	for k, sc := range d.scores {
		a, _ := AHP(d.matrices[k])
		sums := WeightedSum(sc, a.Weights)
		ballots[k] = Ballot{Count: 1, Order: OrderOf(sums)}
		ranks[k] = RankOf(sums)
	}
	n := nationalServices
	steps := []struct {
		name string
		f    func() error
	}{
		{"group-weights", func() error {
			g, err := GroupJudgements(d.matrices, d.population)
			if err == nil {
				_, err = AHP(g)
			}
			return err
		}},
		{"municipal-rankings", func() error {
			for k, sc := range d.scores {
				a, err := AHP(d.matrices[k])
				if err != nil {
					return err
				}
				OrderOf(WeightedSum(sc, a.Weights))
			}
			return nil
		}},
		{"borda", func() error { _, err := Borda(ballots, n); return err }},
		{"copeland", func() error { _, err := Copeland(ballots, n); return err }},
		{"schulze", func() error { _, err := Schulze(ballots, n); return err }},
		{"kemeny", func() error { _, err := Kemeny(ballots, n, 0); return err }},
		{"kendall-w", func() error { _, _, err := KendallW(ranks); return err }},
	}
	for _, s := range steps {
		b.Run(s.name, func(b *testing.B) {
			for b.Loop() {
				if err := s.f(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkKemenyExact times the exact search at its default and largest
// limits.
func BenchmarkKemenyExact(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 5))
	for _, n := range []int{DefaultExactLimit, MaxExactLimit} {
		ballots := randomProfile(rng, n, 50)
		b.Run(string(rune('0'+n/10))+string(rune('0'+n%10)), func(b *testing.B) {
			for b.Loop() {
				if _, err := Kemeny(ballots, n, n); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
