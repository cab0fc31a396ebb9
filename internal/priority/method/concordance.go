package method

// Concordance is the detail of Kendall's coefficient of concordance.
type Concordance struct {
	// Raters (m) and Items (n).
	Raters int `json:"raters"`
	Items  int `json:"items"`
	// W is Kendall's W with the tie correction, 0 (no agreement) to 1
	// (identical rankings); 0 where it is undefined (a single item, or
	// every rater tying all items).
	W float64 `json:"w"`
	// RankSums are the items' sums of ranks over the raters.
	RankSums []float64 `json:"rank_sums"`
	// S is Σ (R_i − m(n+1)/2)², the spread of the rank sums.
	S float64 `json:"s"`
	// Ties is Σ over raters and groups of tied items of t³ − t.
	Ties float64 `json:"ties"`
	// ChiSquare = m(n−1)W, approximately χ² with DF = n−1 degrees of
	// freedom when the raters are independent (for n > 7).
	ChiSquare float64 `json:"chi_square"`
	DF        int     `json:"df"`
	// MeanSpearman is the mean Spearman correlation over all pairs of
	// raters, (mW − 1)/(m − 1); 0 for a single rater.
	MeanSpearman float64 `json:"mean_spearman"`
}

// KendallW measures how far raters agree in ranking the same items.
// ranks is raters × items; each row may hold ranks or any scores, since it
// is first turned into ranks in increasing order of its values with tied
// values sharing the average rank (a row of proper ranks, 1 = best, is
// left as it is). Then
//
//	W = 12S / (m²(n³ − n) − m·ΣT),  S = Σ_i (R_i − m(n+1)/2)²,
//
// with R_i the rank sum of item i and T = Σ (t³ − t) over the groups of t
// tied items in a row. Errors are invalid: fields "ranks" (CodeEmpty),
// "ranks[r]" (CodeSize: every rater must rank every item) and
// "ranks[r][i]" (field.not_a_number).
func KendallW(ranks [][]float64) (float64, Concordance, error) {
	var errs fieldErrors
	if len(ranks) == 0 || len(ranks[0]) == 0 {
		errs.add("ranks", CodeEmpty)
		return 0, Concordance{}, errs.err()
	}
	m, n := len(ranks), len(ranks[0])
	for r, row := range ranks {
		if len(row) != n {
			errs.add(idx("ranks", r), CodeSize, len(row), n)
			continue
		}
		for i, x := range row {
			if !finite(x) {
				errs.add(idx2("ranks", r, i), "field.not_a_number")
			}
		}
	}
	if err := errs.err(); err != nil {
		return 0, Concordance{}, err
	}
	c := Concordance{Raters: m, Items: n, RankSums: make([]float64, n), DF: n - 1}
	neg := make([]float64, n)
	for _, row := range ranks {
		// Ranks ascending: the smallest value gets rank 1.
		for i, x := range row {
			neg[i] = -x
		}
		place := 0
		for _, g := range orderExact(neg) {
			t := float64(len(g))
			r := float64(place) + (t+1)/2
			for _, i := range g {
				c.RankSums[i] += r
			}
			c.Ties += t*t*t - t
			place += len(g)
		}
	}
	mean := float64(m) * float64(n+1) / 2
	for _, r := range c.RankSums {
		c.S += (r - mean) * (r - mean)
	}
	mf, nf := float64(m), float64(n)
	if den := mf*mf*(nf*nf*nf-nf) - mf*c.Ties; den > 0 {
		c.W = 12 * c.S / den
	}
	c.ChiSquare = mf * (nf - 1) * c.W
	if m > 1 {
		c.MeanSpearman = (mf*c.W - 1) / (mf - 1)
	}
	return c.W, c, nil
}
