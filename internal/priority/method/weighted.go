package method

import (
	"fmt"
	"slices"
)

// ValidateScores checks a services × criteria score table and its weights
// before WeightedSum and TopKStability, which trust their input: at least
// one service and criterion, every row as long as weights, every score
// finite, weights non-negative, finite and not all zero. Errors are invalid
// with fields "scores" (CodeEmpty), "scores[i]" (CodeSize),
// "scores[i][j]" (field.not_a_number), "weights" (CodeEmpty, CodeAllZero)
// and "weights[j]" (field.not_a_number, field.not_negative).
func ValidateScores(scores [][]float64, weights []float64) error {
	var errs fieldErrors
	if _, err := normalise(weights, "weights"); err != nil {
		errs.list = append(errs.list, fieldsOf(err)...)
	}
	if len(scores) == 0 {
		errs.add("scores", CodeEmpty)
	}
	for i, row := range scores {
		if len(row) != len(weights) {
			errs.add(idx("scores", i), CodeSize, len(row), len(weights))
			continue
		}
		for j, x := range row {
			if !finite(x) {
				errs.add(idx2("scores", i, j), "field.not_a_number")
			}
		}
	}
	return errs.err()
}

// WeightedSum returns each service's Σ_j weights[j]·scores[i][j]. Scores
// are services × criteria, already oriented so that higher is better and
// normalised to a common scale; weights are used as given (normalised
// weights keep the sums on the scores' scale). Check the input with
// ValidateScores: a row whose length differs from weights panics.
func WeightedSum(scores [][]float64, weights []float64) []float64 {
	out := make([]float64, len(scores))
	for i, row := range scores {
		if len(row) != len(weights) {
			panic(fmt.Sprintf("method.WeightedSum: row %d has %d scores for %d weights", i, len(row), len(weights)))
		}
		s := 0.0
		for j, x := range row {
			s += weights[j] * x
		}
		out[i] = s
	}
	return out
}

// WeightMargin tells how far one criterion's weight can move, the other
// weights rescaled in proportion so that all sum to 1, before the set of
// the top k services by weighted sum changes.
type WeightMargin struct {
	Criterion int `json:"criterion"`
	// Weight is the criterion's normalised weight now.
	Weight float64 `json:"weight"`
	// Low and High bound the weights, Low ≤ Weight ≤ High, within which
	// the top-k set stays as it is; at Low (High) a service outside ties
	// one inside and beyond it replaces it. Low is 0 (High is 1) when no
	// weight in that direction changes the set.
	Low  float64 `json:"low"`
	High float64 `json:"high"`
	// Down = Weight − Low and Up = High − Weight.
	Down float64 `json:"down"`
	Up   float64 `json:"up"`
	// DownLeaves leaves the top k for DownEnters just below Low; UpLeaves
	// and UpEnters just above High. −1 where the set does not change.
	DownLeaves int `json:"down_leaves"`
	DownEnters int `json:"down_enters"`
	UpLeaves   int `json:"up_leaves"`
	UpEnters   int `json:"up_enters"`
}

// TopKStability returns, for each criterion, how far its weight can move
// down and up before the set (not the order) of the top k services by
// weighted sum changes. The weights are first normalised to sum 1; moving
// criterion c to weight t scales every other weight by (1−t)/(1−w_c), or,
// when w_c is 1, shares 1−t equally among the others. Each service's sum
// is then linear in t, so the set changes only where an outside service's
// line crosses an inside one's: the nearest such crossing on each side of
// w_c is exact, found among the k·(n−k) pairs. Ties at the current weights
// go to the smaller index. k ≤ 0 or k ≥ n (nothing can change) gives Low
// 0 and High 1; a single criterion cannot move (Low = High = 1).
// O(m·(n·m + k·(n−k))) for n services and m criteria. Check the input with
// ValidateScores: a row whose length differs from weights panics, weights
// that do not pass give meaningless margins.
func TopKStability(scores [][]float64, weights []float64, k int) []WeightMargin {
	n, m := len(scores), len(weights)
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	w := make([]float64, m)
	for j := range w {
		w[j] = weights[j] / sum
	}
	v := WeightedSum(scores, w)
	ix := make([]int, n)
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
	var in, out []int
	if k > 0 && k < n {
		in, out = ix[:k], ix[k:]
	}
	margins := make([]WeightMargin, m)
	a := make([]float64, n)
	b := make([]float64, n)
	for c := range m {
		wc := w[c]
		mg := WeightMargin{Criterion: c, Weight: wc, Low: 0, High: 1,
			DownLeaves: -1, DownEnters: -1, UpLeaves: -1, UpEnters: -1}
		if m == 1 {
			mg.Low, mg.High = 1, 1
			margins[c] = mg
			continue
		}
		for s, row := range scores {
			a[s] = row[c]
			if wc < 1 {
				b[s] = (v[s] - wc*row[c]) / (1 - wc)
			} else {
				t := 0.0
				for j, x := range row {
					if j != c {
						t += x
					}
				}
				b[s] = t / float64(m-1)
			}
		}
		for _, s := range in {
			for _, u := range out {
				d0 := max(0, (a[s]-a[u])*wc+(b[s]-b[u])*(1-wc))
				slope := (a[s] - a[u]) - (b[s] - b[u])
				switch {
				case slope < 0:
					if t := wc + d0/-slope; t < mg.High {
						mg.High, mg.UpLeaves, mg.UpEnters = t, s, u
					}
				case slope > 0:
					if t := wc - d0/slope; t > mg.Low {
						mg.Low, mg.DownLeaves, mg.DownEnters = t, s, u
					}
				}
			}
		}
		mg.Low = min(mg.Low, wc)
		mg.High = max(mg.High, wc)
		mg.Down, mg.Up = wc-mg.Low, mg.High-wc
		margins[c] = mg
	}
	return margins
}
