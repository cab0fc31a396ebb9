package method

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestKendallWProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	// Identical raters: W = 1, also with ties and with scores instead of
	// ranks.
	for range 20 {
		n, m := 2+rng.IntN(10), 2+rng.IntN(6)
		row := make([]float64, n)
		for i := range row {
			row[i] = float64(rng.IntN(4))
		}
		if slices.Min(row) == slices.Max(row) {
			row[0]++
		}
		ranks := make([][]float64, m)
		for r := range ranks {
			ranks[r] = row
		}
		w, c, err := KendallW(ranks)
		mustNoErr(t, err)
		if math.Abs(w-1) > 1e-12 || math.Abs(c.MeanSpearman-1) > 1e-12 {
			t.Errorf("identical raters %v: W = %v", row, w)
		}
	}
	// Two raters in opposite orders, or every order rotated once: W = 0.
	w, _, err := KendallW([][]float64{{1, 2, 3, 4}, {4, 3, 2, 1}})
	mustNoErr(t, err)
	if w != 0 {
		t.Errorf("opposite raters: W = %v", w)
	}
	w, _, err = KendallW([][]float64{{1, 2, 3}, {2, 3, 1}, {3, 1, 2}})
	mustNoErr(t, err)
	if w != 0 {
		t.Errorf("Latin square: W = %v", w)
	}
	// Everything tied: W is undefined, reported 0.
	w, _, err = KendallW([][]float64{{1, 1}, {2, 2}})
	mustNoErr(t, err)
	if w != 0 {
		t.Errorf("all tied: %v", w)
	}
}

// TestKendallWTies works the tie correction out by hand: rank sums 2.5,
// 3.5, 6 against a mean of 4, S = 6.5, ΣT = 2³ − 2 = 6, so W = 12·6.5 /
// (4·24 − 2·6) = 78/84.
func TestKendallWTies(t *testing.T) {
	w, c, err := KendallW([][]float64{{1, 2, 3}, {1, 1, 3}})
	mustNoErr(t, err)
	if !slices.Equal(c.RankSums, []float64{2.5, 3.5, 6}) || c.S != 6.5 || c.Ties != 6 || math.Abs(w-78./84) > 1e-15 {
		t.Errorf("W %v detail %+v", w, c)
	}
	if c.DF != 2 || math.Abs(c.ChiSquare-2*2*w) > 1e-15 {
		t.Errorf("χ² %v df %d", c.ChiSquare, c.DF)
	}
}

func TestKendallWErrors(t *testing.T) {
	for _, tt := range []struct {
		name  string
		ranks [][]float64
		field string
		code  string
	}{
		{"none", nil, "ranks", CodeEmpty},
		{"ragged", [][]float64{{1, 2}, {1}}, "ranks[1]", CodeSize},
		{"NaN", [][]float64{{1, math.NaN()}}, "ranks[0][1]", "field.not_a_number"},
	} {
		if _, _, err := KendallW(tt.ranks); !hasField(err, tt.field, tt.code) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}
