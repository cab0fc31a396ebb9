package method

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestRankOf(t *testing.T) {
	for _, tt := range []struct{ in, want []float64 }{
		{[]float64{3, 1, 3, 2}, []float64{1.5, 4, 1.5, 3}},
		{[]float64{5}, []float64{1}},
		{[]float64{}, []float64{}},
		{[]float64{1, 1, 1}, []float64{2, 2, 2}},
		{[]float64{0.1 + 0.2, 0.3, 0}, []float64{1.5, 1.5, 3}}, // equal in exact arithmetic
		{[]float64{math.NaN(), 1, 2}, []float64{3, 2, 1}},
	} {
		if got := RankOf(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("RankOf(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if got := OrderOf([]float64{2, 5, 2}); !slices.EqualFunc(got, [][]int{{1}, {0, 2}}, slices.Equal) {
		t.Errorf("OrderOf %v", got)
	}
}

func TestWeightedSum(t *testing.T) {
	s := WeightedSum([][]float64{{1, 0}, {0.5, 0.5}, {0, 1}}, []float64{0.75, 0.25})
	if !slices.Equal(s, []float64{0.75, 0.5, 0.25}) {
		t.Errorf("sums %v", s)
	}
	defer func() {
		if recover() == nil {
			t.Error("a short row must panic")
		}
	}()
	WeightedSum([][]float64{{1}}, []float64{0.5, 0.5})
}

func TestValidateScores(t *testing.T) {
	for _, tt := range []struct {
		name    string
		scores  [][]float64
		weights []float64
		field   string
		code    string
	}{
		{"no services", nil, []float64{1}, "scores", CodeEmpty},
		{"no weights", [][]float64{{}}, nil, "weights", CodeEmpty},
		{"short row", [][]float64{{1, 2}, {1}}, []float64{1, 1}, "scores[1]", CodeSize},
		{"NaN", [][]float64{{1, math.NaN()}}, []float64{1, 1}, "scores[0][1]", "field.not_a_number"},
		{"negative weight", [][]float64{{1, 2}}, []float64{1, -1}, "weights[1]", "field.not_negative"},
		{"zero weights", [][]float64{{1, 2}}, []float64{0, 0}, "weights", CodeAllZero},
	} {
		if err := ValidateScores(tt.scores, tt.weights); !hasField(err, tt.field, tt.code) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	mustNoErr(t, ValidateScores([][]float64{{1, 2}}, []float64{1, 0}))
}

// topSet is the set of the top k by weighted sum, ties to the smaller
// index, as TopKStability defines it.
func topSet(scores [][]float64, w []float64, k int) []int {
	v := WeightedSum(scores, w)
	ix := make([]int, len(v))
	for i := range ix {
		ix[i] = i
	}
	slices.SortStableFunc(ix, func(a, b int) int {
		switch {
		case v[a] > v[b]:
			return -1
		case v[a] < v[b]:
			return 1
		}
		return 0
	})
	top := slices.Clone(ix[:k])
	slices.Sort(top)
	return top
}

// moved returns the weights with criterion c at t, the others rescaled.
func moved(w []float64, c int, t float64) []float64 {
	out := make([]float64, len(w))
	for j := range w {
		if j == c {
			out[j] = t
		} else {
			out[j] = w[j] * (1 - t) / (1 - w[c])
		}
	}
	return out
}

// TestTopKStability checks the exact margins against the top-k set just
// inside and just outside them.
func TestTopKStability(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for trial := range 100 {
		n, m := 5+rng.IntN(30), 2+rng.IntN(5)
		k := 1 + rng.IntN(n-1)
		scores := make([][]float64, n)
		for i := range scores {
			scores[i] = make([]float64, m)
			for j := range scores[i] {
				scores[i][j] = rng.Float64()
			}
		}
		w := make([]float64, m)
		sum := 0.0
		for j := range w {
			w[j] = 0.05 + rng.Float64()
			sum += w[j]
		}
		for j := range w {
			w[j] /= sum
		}
		base := topSet(scores, w, k)
		margins := TopKStability(scores, w, k)
		for c, mg := range margins {
			if mg.Criterion != c || math.Abs(mg.Weight-w[c]) > 1e-15 || mg.Low > mg.Weight || mg.High < mg.Weight ||
				math.Abs(mg.Down-(mg.Weight-mg.Low)) > 1e-15 || math.Abs(mg.Up-(mg.High-mg.Weight)) > 1e-15 {
				t.Fatalf("trial %d criterion %d: %+v", trial, c, mg)
			}
			// Unchanged strictly inside.
			for _, f := range []float64{0.001, 0.25, 0.5, 0.75, 0.999} {
				tt := mg.Low + f*(mg.High-mg.Low)
				if got := topSet(scores, moved(w, c, tt), k); !slices.Equal(got, base) {
					t.Errorf("trial %d criterion %d: set changes at %v inside [%v, %v]", trial, c, tt, mg.Low, mg.High)
				}
			}
			// Changed just outside, with the services named.
			if mg.UpLeaves >= 0 {
				got := topSet(scores, moved(w, c, math.Min(1, mg.High+1e-7)), k)
				if slices.Equal(got, base) || slices.Contains(got, mg.UpLeaves) || !slices.Contains(got, mg.UpEnters) {
					t.Errorf("trial %d criterion %d: above High %v set %v (was %v), %d leaves, %d enters", trial, c, mg.High, got, base, mg.UpLeaves, mg.UpEnters)
				}
			} else if mg.High != 1 {
				t.Errorf("trial %d: High %v without a change", trial, mg.High)
			}
			if mg.DownLeaves >= 0 {
				got := topSet(scores, moved(w, c, math.Max(0, mg.Low-1e-7)), k)
				if slices.Equal(got, base) || slices.Contains(got, mg.DownLeaves) || !slices.Contains(got, mg.DownEnters) {
					t.Errorf("trial %d criterion %d: below Low %v set %v (was %v)", trial, c, mg.Low, got, base)
				}
			} else if mg.Low != 0 {
				t.Errorf("trial %d: Low %v without a change", trial, mg.Low)
			}
		}
	}
}

func TestTopKStabilityEdges(t *testing.T) {
	scores := [][]float64{{1, 0}, {0, 1}, {0.4, 0.4}}
	// Weights 0.5/0.5 (given unnormalised): sums 0.5, 0.5, 0.4; top 1 is
	// service 0 by index. Any rise of criterion 1 lets service 1 in.
	m := TopKStability(scores, []float64{2, 2}, 1)
	if m[1].High != 0.5 || m[1].UpLeaves != 0 || m[1].UpEnters != 1 || m[0].Low != 0.5 || m[0].High != 1 {
		t.Errorf("tie at the boundary: %+v", m)
	}
	for _, k := range []int{0, 3, 5} {
		for _, mg := range TopKStability(scores, []float64{1, 1}, k) {
			if mg.Low != 0 || mg.High != 1 || mg.UpLeaves != -1 || mg.DownLeaves != -1 {
				t.Errorf("k %d: %+v", k, mg)
			}
		}
	}
	if m := TopKStability(scores, []float64{1, 0}, 1); m[0].Weight != 1 || m[0].Low != 0.5 || m[0].DownEnters != 1 {
		// Weight 1: the others share 1 − t equally; service 1 (sum t·0 +
		// (1−t)·1) passes service 0 (t) below t = 0.5.
		t.Errorf("weight 1: %+v", m[0])
	}
	if m := TopKStability([][]float64{{1}, {2}}, []float64{1}, 1); m[0].Low != 1 || m[0].High != 1 {
		t.Errorf("single criterion: %+v", m[0])
	}
}
