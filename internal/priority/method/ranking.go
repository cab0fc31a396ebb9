package method

import (
	"cmp"
	"math"
	"slices"
)

// MaxCandidates bounds the candidates of a joint ranking, so that the
// O(n³) steps of Schulze and the Kemeny bound stay near a second.
const MaxCandidates = 1000

// Ballot is one ranking of the candidates 0…n−1, counted Count times (a
// number of voters, or a weight such as a population). Order lists groups
// of tied candidates, best first. Candidates the ballot leaves out share
// one place below all it lists.
type Ballot struct {
	Count float64 `json:"count"`
	Order [][]int `json:"order"`
}

// Ranking is a joint ranking of candidates 0…n−1.
type Ranking struct {
	// Order lists groups of tied candidates, best first; a group lists its
	// candidates by index.
	Order [][]int `json:"order"`
	// Rank is each candidate's place, 1 = best; tied candidates share the
	// average of the places they occupy (two tied for first are 1.5).
	Rank []float64 `json:"rank"`
	// Scores is each candidate's score under the method (see the method).
	Scores []float64 `json:"scores"`
}

// profile is validated ballots with each ballot's groups completed by the
// left-out candidates.
type profile struct {
	n       int
	ballots []Ballot // Order complete: every candidate in exactly one group
	total   float64  // Σ counts
}

// tol is the tolerance of comparisons of sums of counts: two totals closer
// than this are equal, so that the order of the ballots cannot decide a tie
// by rounding.
func (p *profile) tol() float64 { return 1e-9 * math.Max(1, p.total) }

// newProfile validates ballots over n candidates. Errors are invalid with
// fields "n" (CodeEmpty, CodeTooLarge), "ballots" (CodeEmpty),
// "ballots[k].count" (CodeCount) and "ballots[k].order"
// (CodeCandidateRange, CodeCandidateTwice, CodeRankingSyntax for an empty
// group).
func newProfile(ballots []Ballot, n int) (*profile, error) {
	if n < 1 {
		return nil, invalid("n", CodeEmpty)
	}
	if n > MaxCandidates {
		return nil, invalid("n", CodeTooLarge, MaxCandidates)
	}
	if len(ballots) == 0 {
		return nil, invalid("ballots", CodeEmpty)
	}
	var errs fieldErrors
	p := &profile{n: n, ballots: make([]Ballot, 0, len(ballots))}
	seen := make([]int, n) // ballot number + 1 that last listed the candidate
	for k, b := range ballots {
		if errs.full() {
			break
		}
		field := idx("ballots", k)
		if !finite(b.Count) || b.Count <= 0 {
			errs.add(field+".count", CodeCount, b.Count)
		}
		listed := 0
		ok := true
		for _, g := range b.Order {
			if len(g) == 0 {
				errs.add(field+".order", CodeRankingSyntax, "")
				ok = false
			}
			for _, c := range g {
				switch {
				case c < 0 || c >= n:
					errs.add(field+".order", CodeCandidateRange, c, n)
					ok = false
				case seen[c] == k+1:
					errs.add(field+".order", CodeCandidateTwice, c)
					ok = false
				default:
					seen[c] = k + 1
					listed++
				}
			}
		}
		if !ok {
			continue
		}
		order := b.Order
		if listed < n {
			rest := make([]int, 0, n-listed)
			for c := range n {
				if seen[c] != k+1 {
					rest = append(rest, c)
				}
			}
			order = append(slices.Clip(order), rest)
		}
		p.ballots = append(p.ballots, Ballot{Count: b.Count, Order: order})
		p.total += b.Count
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return p, nil
}

// pairwise returns d[i][j], the total count of ballots ranking i strictly
// above j.
func (p *profile) pairwise() [][]float64 {
	n := p.n
	flat := make([]float64, n*n)
	d := make([][]float64, n)
	for i := range d {
		d[i] = flat[i*n : (i+1)*n : (i+1)*n]
	}
	seq := make([]int, 0, n)
	for _, b := range p.ballots {
		seq = seq[:0]
		for _, g := range b.Order {
			seq = append(seq, g...)
		}
		start := 0
		for _, g := range b.Order {
			end := start + len(g)
			below := seq[end:]
			for _, i := range g {
				row := d[i]
				for _, j := range below {
					row[j] += b.Count
				}
			}
			start = end
		}
	}
	return d
}

// Pairwise returns the pairwise preference matrix of the ballots: d[i][j]
// is the total count of ballots that rank i strictly above j (ties count
// for neither). Errors as Borda.
func Pairwise(ballots []Ballot, n int) ([][]float64, error) {
	p, err := newProfile(ballots, n)
	if err != nil {
		return nil, err
	}
	return p.pairwise(), nil
}

// newRanking builds a ranking from the method's scores, higher better;
// scores within tol of the best of their group are tied.
func newRanking(scores []float64, tol float64) Ranking {
	return rankingFromOrder(groupByValue(scores, tol), scores)
}

// rankingFromOrder completes a ranking from its groups.
func rankingFromOrder(order [][]int, scores []float64) Ranking {
	n := 0
	for _, g := range order {
		n += len(g)
	}
	rank := make([]float64, n)
	place := 0
	for _, g := range order {
		r := float64(place) + float64(len(g)+1)/2
		for _, c := range g {
			rank[c] = r
		}
		place += len(g)
	}
	return Ranking{Order: order, Rank: rank, Scores: scores}
}

// groupByValue sorts indices by value, highest first (NaN last), and groups
// those within tol of the first of their group; a group lists its indices
// in increasing order.
func groupByValue(values []float64, tol float64) [][]int {
	n := len(values)
	ix := make([]int, n)
	for i := range ix {
		ix[i] = i
	}
	slices.SortStableFunc(ix, func(a, b int) int {
		va, vb := values[a], values[b]
		switch na, nb := math.IsNaN(va), math.IsNaN(vb); {
		case na && nb:
			return 0
		case na:
			return 1
		case nb:
			return -1
		}
		return cmp.Compare(vb, va)
	})
	var order [][]int
	for k := 0; k < n; {
		top := values[ix[k]]
		end := k + 1
		for end < n && (values[ix[end]] >= top-tol || (math.IsNaN(top) && math.IsNaN(values[ix[end]]))) {
			end++
		}
		g := slices.Clone(ix[k:end])
		slices.Sort(g)
		order = append(order, g)
		k = end
	}
	return order
}

// orderExact groups exactly equal values, highest first.
func orderExact(values []float64) [][]int { return groupByValue(values, 0) }

// relTol is the tolerance RankOf and OrderOf allow: 1e-9 of the largest
// magnitude, so that weighted sums equal in exact arithmetic tie.
func relTol(values []float64) float64 {
	m := 0.0
	for _, v := range values {
		if finite(v) {
			m = math.Max(m, math.Abs(v))
		}
	}
	return 1e-9 * m
}

// RankOf ranks values, the highest first: rank 1 is best and tied values
// share the average of their places (1, 2.5, 2.5, 4). A value within 1e-9
// times the largest magnitude of the highest value of its group ties with
// it, so that sums equal in exact arithmetic tie; NaN ranks last.
func RankOf(values []float64) []float64 {
	return rankingFromOrder(OrderOf(values), nil).Rank
}

// OrderOf groups the indices of values, highest first, with ties as in
// RankOf: the Order of a Ballot built from scores.
func OrderOf(values []float64) [][]int {
	return groupByValue(values, relTol(values))
}
