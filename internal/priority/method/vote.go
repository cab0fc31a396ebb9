package method

import "math"

// Borda ranks the candidates by Borda count: on each ballot a candidate
// scores the number of candidates ranked below it, and tied candidates
// share the average of the points of the places they occupy (two tied at
// the top of four score 2.5 each); left-out candidates tie at the bottom.
// Scores are the count-weighted sums. Candidates whose scores differ by
// less than 1e-9 of the total count tie.
//
// Errors are invalid: fields "n" (CodeEmpty, CodeTooLarge), "ballots"
// (CodeEmpty), "ballots[k].count" (CodeCount), "ballots[k].order"
// (CodeCandidateRange, CodeCandidateTwice, CodeRankingSyntax). Copeland,
// Schulze, Kemeny and Pairwise return the same.
func Borda(ballots []Ballot, n int) (Ranking, error) {
	p, err := newProfile(ballots, n)
	if err != nil {
		return Ranking{}, err
	}
	return newRanking(p.borda(), p.tol()), nil
}

func (p *profile) borda() []float64 {
	s := make([]float64, p.n)
	for _, b := range p.ballots {
		below := p.n
		for _, g := range b.Order {
			below -= len(g)
			pts := b.Count * (float64(below) + float64(len(g)-1)/2)
			for _, c := range g {
				s[c] += pts
			}
		}
	}
	return s
}

// Copeland ranks the candidates by their pairwise contests: a candidate
// scores 1 for every other candidate more ballots rank below it than above
// it, and ½ for every pairwise tie (equal within 1e-9 of the total count).
// Equal scores tie. Errors as Borda.
func Copeland(ballots []Ballot, n int) (Ranking, error) {
	p, err := newProfile(ballots, n)
	if err != nil {
		return Ranking{}, err
	}
	return newRanking(copelandScores(p.pairwise(), p.tol()), 0), nil
}

func copelandScores(d [][]float64, tol float64) []float64 {
	n := len(d)
	s := make([]float64, n)
	for i := range n {
		for j := range n {
			if i == j {
				continue
			}
			switch diff := d[i][j] - d[j][i]; {
			case diff > tol:
				s[i]++
			case diff >= -tol:
				s[i] += 0.5
			}
		}
	}
	return s
}

// SchulzeResult is the Schulze ranking with its matrices.
type SchulzeResult struct {
	Ranking
	// D is the pairwise preference matrix: D[i][j] ballots rank i above j.
	D [][]float64 `json:"d"`
	// P is the strongest-path matrix: P[i][j] is the strength of the
	// strongest path from i to j, where a path's strength is its weakest
	// link and a link i→j exists, with strength D[i][j], when
	// D[i][j] > D[j][i]; 0 when there is no path.
	P [][]float64 `json:"p"`
}

// Schulze ranks the candidates by the Schulze method (the "winning votes"
// measure of a link): candidate x is ranked above y when P[x][y] > P[y][x].
// That relation is transitive; candidates neither of which is above the
// other tie. Scores are the number of candidates a candidate is above, and
// the order sorts by them, which is the relation itself wherever
// non-ranking is transitive. Sums within 1e-9 of the total count are
// equal. O(n³) time. Errors as Borda.
func Schulze(ballots []Ballot, n int) (SchulzeResult, error) {
	p, err := newProfile(ballots, n)
	if err != nil {
		return SchulzeResult{}, err
	}
	d := p.pairwise()
	tol := p.tol()
	ps := strongestPaths(d, tol)
	scores := make([]float64, n)
	for x := range n {
		for y := range n {
			if x != y && ps[x][y] > ps[y][x]+tol {
				scores[x]++
			}
		}
	}
	return SchulzeResult{Ranking: newRanking(scores, 0), D: d, P: ps}, nil
}

// strongestPaths computes the widest paths by the Floyd–Warshall scheme.
func strongestPaths(d [][]float64, tol float64) [][]float64 {
	n := len(d)
	flat := make([]float64, n*n)
	p := make([][]float64, n)
	for i := range p {
		p[i] = flat[i*n : (i+1)*n : (i+1)*n]
		for j := range n {
			if i != j && d[i][j] > d[j][i]+tol {
				p[i][j] = d[i][j]
			}
		}
	}
	for k := range n {
		pk := p[k]
		for i := range n {
			if i == k {
				continue
			}
			pik := p[i][k]
			if pik == 0 {
				continue
			}
			pi := p[i]
			for j := range n {
				if j == i || j == k {
					continue
				}
				if v := math.Min(pik, pk[j]); v > pi[j] {
					pi[j] = v
				}
			}
		}
	}
	return p
}
