package method

import (
	"cmp"
	"math/bits"
	"slices"
)

// Limits of the exact Kemeny–Young search, which takes O(2ⁿ·n) time and
// 9·2ⁿ bytes.
const (
	// DefaultExactLimit is the largest number of candidates ranked exactly
	// when Kemeny's limit is 0 (about 10 ms and 2.4 MB).
	DefaultExactLimit = 18
	// MaxExactLimit is the largest limit accepted (about 50 ms and 10 MB).
	MaxExactLimit = 20
)

// Bounds of the heuristic's work: O(rounds · (sweeps·n² + n·2^w·w²)).
const (
	kemenyMaxRounds = 50 // rounds of insertion sweeps and a window pass
	kemenyMaxSweeps = 50 // insertion sweeps within a round
	kemenyWindow    = 7  // candidates reordered exactly within a window
)

// KemenyResult is a Kemeny–Young ranking: a strict order of the candidates
// that agrees with as many pairwise preferences on the ballots as possible.
type KemenyResult struct {
	Ranking
	// Score is the order's agreement score: Σ over pairs (x above y in the
	// order) of d[x][y], the count of ballots that rank x above y too.
	Score float64 `json:"score"`
	// Exact reports that the order was found by the exact search.
	Exact bool `json:"exact"`
	// Optimal reports that the order is proven optimal: found by the exact
	// search or scoring the upper bound.
	Optimal bool `json:"optimal"`
	// Bound is an upper bound on the best score (Score itself when exact).
	Bound float64 `json:"bound"`
	// Gap is Bound − Score: the heuristic's order is at most this far
	// from the optimum.
	Gap float64 `json:"gap"`
	// Rounds of the heuristic's improvement (0 when exact).
	Rounds int `json:"rounds"`
}

// Kemeny ranks the candidates by the Kemeny–Young method. Up to limit
// candidates (0 means DefaultExactLimit; at most MaxExactLimit) it finds an
// optimal order exactly by dynamic programming over subsets (O(2ⁿ·n)); among equally
// good orders it prefers the smaller index higher. Above, a heuristic
// starts from the Copeland order and from the order by net pairwise
// preference, improves each by moving single candidates to their best
// place and by reordering windows of 7 adjacent candidates exactly until
// neither helps, and keeps the better; it reports an upper bound on the
// optimum (docs/priority-methods.md) so the gap is known, and calls the
// order optimal when it reaches the bound.
//
// Ranking.Scores holds each candidate's share of the agreement score:
// Σ d[c][y] over the candidates y ranked below c. Errors as Borda, and
// "limit" (field.between 0 MaxExactLimit).
func Kemeny(ballots []Ballot, n, limit int) (KemenyResult, error) {
	if limit < 0 || limit > MaxExactLimit {
		return KemenyResult{}, invalid("limit", "field.between", 0, MaxExactLimit)
	}
	if limit == 0 {
		limit = DefaultExactLimit
	}
	p, err := newProfile(ballots, n)
	if err != nil {
		return KemenyResult{}, err
	}
	d := p.pairwise()
	var r KemenyResult
	var order []int
	if n <= limit {
		order = kemenyExact(d)
		r.Exact = true
	} else {
		order, r.Rounds = kemenyHeuristic(d, p.tol())
	}
	r.Score = KemenyScore(d, order)
	if r.Exact {
		r.Bound = r.Score
	} else {
		r.Bound = max(kemenyBound(d, p.tol()), r.Score)
	}
	r.Gap = r.Bound - r.Score
	if r.Gap <= p.tol() {
		r.Gap = 0
	}
	r.Optimal = r.Exact || r.Gap == 0
	groups := make([][]int, n)
	for i, c := range order {
		groups[i] = []int{c}
	}
	r.Ranking = rankingFromOrder(groups, contributions(d, order))
	return r, nil
}

// KemenyScore is the agreement score of a strict order (best first) with
// the pairwise matrix d: Σ d[x][y] over the pairs with x above y.
func KemenyScore(d [][]float64, order []int) float64 {
	s := 0.0
	for a, x := range order {
		for _, y := range order[a+1:] {
			s += d[x][y]
		}
	}
	return s
}

// contributions splits the agreement score among the candidates.
func contributions(d [][]float64, order []int) []float64 {
	s := make([]float64, len(order))
	for a, x := range order {
		for _, y := range order[a+1:] {
			s[x] += d[x][y]
		}
	}
	return s
}

// kemenyExact finds an optimal order by dynamic programming over subsets:
// best[S] is the largest agreement of an order of S, and the candidate
// placed last in S gains d[i][c] from every other i in S. The column sums
// Σ_{i∈T} d[i][c] come from two tables over the low and high halves of
// the bits of T, so a step is O(1).
func kemenyExact(d [][]float64) []int {
	n := len(d)
	if n == 0 {
		return nil
	}
	lo := n / 2
	hi := n - lo
	loMask := uint32(1)<<lo - 1
	lowTab := make([][]float64, n)
	highTab := make([][]float64, n)
	for c := range n {
		lt := make([]float64, 1<<lo)
		for m := uint32(1); m < 1<<lo; m++ {
			i := bits.TrailingZeros32(m)
			lt[m] = lt[m&(m-1)] + d[i][c]
		}
		ht := make([]float64, 1<<hi)
		for m := uint32(1); m < 1<<hi; m++ {
			i := bits.TrailingZeros32(m) + lo
			ht[m] = ht[m&(m-1)] + d[i][c]
		}
		lowTab[c], highTab[c] = lt, ht
	}
	size := uint32(1) << n
	best := make([]float64, size)
	last := make([]uint8, size)
	for s := uint32(1); s < size; s++ {
		first := true
		var b float64
		var arg int
		// The largest index first, kept on ties: smaller indices end up
		// higher in the order.
		for m := s; m != 0; {
			c := 31 - bits.LeadingZeros32(m)
			m &^= 1 << c
			t := s &^ (1 << c)
			v := best[t] + lowTab[c][t&loMask] + highTab[c][t>>lo]
			if first || v > b {
				b, arg, first = v, c, false
			}
		}
		best[s], last[s] = b, uint8(arg)
	}
	order := make([]int, n)
	s := size - 1
	for k := n - 1; k >= 0; k-- {
		c := int(last[s])
		order[k] = c
		s &^= 1 << c
	}
	return order
}

// kemenyHeuristic improves two starting orders by local search and returns
// the better, with the rounds taken.
func kemenyHeuristic(d [][]float64, tol float64) ([]int, int) {
	n := len(d)
	net := make([]float64, n)
	for i := range n {
		for j := range n {
			net[i] += d[i][j] - d[j][i]
		}
	}
	cope := copelandScores(d, tol)
	byNet := func(a, b int) int {
		if c := cmp.Compare(net[b], net[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	}
	start1 := make([]int, n)
	for i := range start1 {
		start1[i] = i
	}
	start2 := slices.Clone(start1)
	slices.SortStableFunc(start1, func(a, b int) int {
		if c := cmp.Compare(cope[b], cope[a]); c != 0 {
			return c
		}
		return byNet(a, b)
	})
	slices.SortStableFunc(start2, byNet)

	best, rounds := localSearch(d, start1, tol)
	if !slices.Equal(start1, start2) {
		o2, r2 := localSearch(d, start2, tol)
		rounds += r2
		if KemenyScore(d, o2) > KemenyScore(d, best)+tol {
			best = o2
		}
	}
	return best, rounds
}

// localSearch alternates insertion sweeps and exact window reordering
// until neither improves the score by more than tol.
func localSearch(d [][]float64, order []int, tol float64) ([]int, int) {
	order = slices.Clone(order)
	rounds := 0
	for rounds < kemenyMaxRounds {
		rounds++
		moved := false
		for sweep := 0; sweep < kemenyMaxSweeps && insertionSweep(d, order, tol); sweep++ {
			moved = true
		}
		if !windowPass(d, order, tol) && !moved {
			break
		}
	}
	return order, rounds
}

// insertionSweep moves each candidate in turn to the place that raises the
// score most, if that gain exceeds tol; it reports whether any moved.
// O(n²).
func insertionSweep(d [][]float64, order []int, tol float64) bool {
	n := len(order)
	improved := false
	for _, x := range slices.Clone(order) {
		p := slices.Index(order, x)
		bestGain, bestQ := tol, p
		gain := 0.0
		for q := p - 1; q >= 0; q-- { // x moves above order[q]
			y := order[q]
			gain += d[x][y] - d[y][x]
			if gain > bestGain {
				bestGain, bestQ = gain, q
			}
		}
		gain = 0
		for q := p + 1; q < n; q++ { // x moves below order[q]
			y := order[q]
			gain += d[y][x] - d[x][y]
			if gain > bestGain {
				bestGain, bestQ = gain, q
			}
		}
		if bestQ == p {
			continue
		}
		if bestQ < p {
			copy(order[bestQ+1:p+1], order[bestQ:p])
		} else {
			copy(order[p:bestQ], order[p+1:bestQ+1])
		}
		order[bestQ] = x
		improved = true
	}
	return improved
}

// windowPass reorders each window of kemenyWindow adjacent candidates
// optimally (the pairs with candidates outside the window are unaffected)
// where that gains more than tol; it reports whether any changed.
func windowPass(d [][]float64, order []int, tol float64) bool {
	w := min(kemenyWindow, len(order))
	if w < 2 {
		return false
	}
	sub := make([][]float64, w)
	for i := range sub {
		sub[i] = make([]float64, w)
	}
	improved := false
	for start := 0; start+w <= len(order); start++ {
		win := order[start : start+w]
		for i, x := range win {
			for j, y := range win {
				sub[i][j] = d[x][y]
			}
		}
		perm := kemenyExact(sub)
		cur := make([]int, w)
		for i := range cur {
			cur[i] = i
		}
		if KemenyScore(sub, perm) > KemenyScore(sub, cur)+tol {
			re := make([]int, w)
			for i, k := range perm {
				re[i] = win[k]
			}
			copy(win, re)
			improved = true
		}
	}
	return improved
}

// kemenyBound is an upper bound on the best agreement score. Each pair
// contributes at most max(d_ij, d_ji). Where the majority preferences
// form a cycle i→j→k→i, every order reverses at least one of its links,
// losing that link's margin d_ij − d_ji; the cycles of three are packed
// greedily, each taking the smallest margin left on its links and
// lowering all three by it, and the packed amounts are subtracted. The
// bound is valid however the packing is chosen. O(n³).
func kemenyBound(d [][]float64, tol float64) float64 {
	n := len(d)
	bound := 0.0
	margin := make([][]float64, n) // margin[i][j] > 0: i beats j by that much
	for i := range n {
		margin[i] = make([]float64, n)
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			bound += max(d[i][j], d[j][i])
			if m := d[i][j] - d[j][i]; m > tol {
				margin[i][j] = m
			} else if m < -tol {
				margin[j][i] = -m
			}
		}
	}
	packed := 0.0
	for i := range n {
		for j := i + 1; j < n; j++ {
			for k := j + 1; k < n; k++ {
				// i→j→k→i or i→k→j→i.
				if y := min(margin[i][j], margin[j][k], margin[k][i]); y > 0 {
					margin[i][j] -= y
					margin[j][k] -= y
					margin[k][i] -= y
					packed += y
				}
				if y := min(margin[i][k], margin[k][j], margin[j][i]); y > 0 {
					margin[i][k] -= y
					margin[k][j] -= y
					margin[j][i] -= y
					packed += y
				}
			}
		}
	}
	return bound - packed
}
