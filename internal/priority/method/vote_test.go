package method

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// randomProfile draws ballots over n candidates with integer counts, some
// with ties and some leaving candidates out.
func randomProfile(rng *rand.Rand, n, ballots int) []Ballot {
	out := make([]Ballot, ballots)
	for k := range out {
		perm := rng.Perm(n)
		if rng.IntN(4) == 0 {
			perm = perm[:rng.IntN(n)+1]
		}
		var order [][]int
		for _, c := range perm {
			if len(order) > 0 && rng.IntN(5) == 0 {
				order[len(order)-1] = append(order[len(order)-1], c)
			} else {
				order = append(order, []int{c})
			}
		}
		out[k] = Ballot{Count: float64(rng.IntN(9) + 1), Order: order}
	}
	return out
}

type allResults struct {
	borda, copeland Ranking
	schulze         SchulzeResult
	kemeny          KemenyResult
}

func runAll(t *testing.T, b []Ballot, n, limit int) allResults {
	t.Helper()
	var r allResults
	var err error
	if r.borda, err = Borda(b, n); err != nil {
		t.Fatal(err)
	}
	if r.copeland, err = Copeland(b, n); err != nil {
		t.Fatal(err)
	}
	if r.schulze, err = Schulze(b, n); err != nil {
		t.Fatal(err)
	}
	if r.kemeny, err = Kemeny(b, n, limit); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestInvariantToBallotOrder: shuffling the ballots changes nothing.
func TestInvariantToBallotOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 50 {
		n := 2 + rng.IntN(9)
		b := randomProfile(rng, n, 1+rng.IntN(30))
		want := runAll(t, b, n, 0)
		shuffled := slices.Clone(b)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		got := runAll(t, shuffled, n, 0)
		for name, pair := range map[string][2]Ranking{
			"borda": {want.borda, got.borda}, "copeland": {want.copeland, got.copeland},
			"schulze": {want.schulze.Ranking, got.schulze.Ranking}, "kemeny": {want.kemeny.Ranking, got.kemeny.Ranking},
		} {
			if !slices.Equal(pair[0].Rank, pair[1].Rank) || !slices.Equal(pair[0].Scores, pair[1].Scores) {
				t.Errorf("trial %d %s: %v → %v", trial, name, pair[0].Rank, pair[1].Rank)
			}
		}
		if want.kemeny.Score != got.kemeny.Score {
			t.Errorf("trial %d: Kemeny score %v → %v", trial, want.kemeny.Score, got.kemeny.Score)
		}
	}
}

// TestInvariantToRenaming: numbering the candidates differently permutes
// the results the same way.
func TestInvariantToRenaming(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 50 {
		n := 2 + rng.IntN(9)
		b := randomProfile(rng, n, 1+rng.IntN(30))
		perm := rng.Perm(n) // old candidate c is new perm[c]
		renamed := make([]Ballot, len(b))
		for k, x := range b {
			order := make([][]int, len(x.Order))
			for g, grp := range x.Order {
				for _, c := range grp {
					order[g] = append(order[g], perm[c])
				}
			}
			renamed[k] = Ballot{Count: x.Count, Order: order}
		}
		want := runAll(t, b, n, 0)
		got := runAll(t, renamed, n, 0)
		for name, pair := range map[string][2]Ranking{
			"borda": {want.borda, got.borda}, "copeland": {want.copeland, got.copeland},
			"schulze": {want.schulze.Ranking, got.schulze.Ranking},
		} {
			for c := range n {
				if pair[0].Rank[c] != pair[1].Rank[perm[c]] || pair[0].Scores[c] != pair[1].Scores[perm[c]] {
					t.Errorf("trial %d %s: candidate %d rank %v score %v, renamed %v %v", trial, name, c,
						pair[0].Rank[c], pair[0].Scores[c], pair[1].Rank[perm[c]], pair[1].Scores[perm[c]])
				}
			}
		}
		// Kemeny may pick another of several optimal orders, but the
		// optimum is the same, and the renamed order is optimal for the
		// original ballots.
		if want.kemeny.Score != got.kemeny.Score {
			t.Errorf("trial %d: Kemeny score %v, renamed %v", trial, want.kemeny.Score, got.kemeny.Score)
		}
		inv := make([]int, n)
		for c, p := range perm {
			inv[p] = c
		}
		back := make([]int, n)
		for i, g := range got.kemeny.Order {
			back[i] = inv[g[0]]
		}
		if s := KemenyScore(want.schulze.D, back); s != want.kemeny.Score {
			t.Errorf("trial %d: renamed Kemeny order scores %v, not %v", trial, s, want.kemeny.Score)
		}
	}
}

// TestUnanimous: when every ballot gives the same strict ranking, every
// method returns it.
func TestUnanimous(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 2, 5, 12, 40} {
		perm := rng.Perm(n)
		var order [][]int
		for _, c := range perm {
			order = append(order, []int{c})
		}
		b := []Ballot{{Count: 3, Order: order}, {Count: 0.5, Order: order}, {Count: 7, Order: order}}
		r := runAll(t, b, n, 0)
		heur, err := Kemeny(b, n, 1)
		if err != nil {
			t.Fatal(err)
		}
		for name, got := range map[string]Ranking{"borda": r.borda, "copeland": r.copeland, "schulze": r.schulze.Ranking,
			"kemeny": r.kemeny.Ranking, "kemeny heuristic": heur.Ranking} {
			if !slices.EqualFunc(got.Order, order, slices.Equal) {
				t.Errorf("n %d %s: %v, want %v", n, name, got.Order, order)
			}
		}
		if !r.kemeny.Optimal || !heur.Optimal || heur.Score != 10.5*float64(n*(n-1)/2) {
			t.Errorf("n %d: Kemeny optimal %v, heuristic optimal %v score %v", n, r.kemeny.Optimal, heur.Optimal, heur.Score)
		}
	}
}

// TestKemenyExact compares the dynamic programme with trying every order.
func TestKemenyExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := range 40 {
		n := 1 + rng.IntN(7)
		b := randomProfile(rng, n, 1+rng.IntN(15))
		d, err := Pairwise(b, n)
		if err != nil {
			t.Fatal(err)
		}
		best := math.Inf(-1)
		permutations(n, func(p []int) { best = max(best, KemenyScore(d, p)) })
		k, err := Kemeny(b, n, 0)
		if err != nil {
			t.Fatal(err)
		}
		if k.Score != best || !k.Optimal || KemenyScore(d, flatten(k.Order)) != best {
			t.Errorf("trial %d: exact %v, brute force %v", trial, k.Score, best)
		}
		sum := 0.0
		for _, s := range k.Scores {
			sum += s
		}
		if sum != k.Score {
			t.Errorf("trial %d: contributions sum to %v, score %v", trial, sum, k.Score)
		}
	}
}

// TestKemenyHeuristic: the heuristic's score never exceeds the optimum,
// the bound never falls below it, and on random profiles it mostly finds
// the optimum.
func TestKemenyHeuristic(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	hits, trials := 0, 60
	for trial := range trials {
		n := 6 + rng.IntN(9)
		b := randomProfile(rng, n, 3+rng.IntN(40))
		exact, err := Kemeny(b, n, MaxExactLimit)
		if err != nil {
			t.Fatal(err)
		}
		h, err := Kemeny(b, n, 1)
		if err != nil {
			t.Fatal(err)
		}
		if h.Score > exact.Score || h.Bound < exact.Score || h.Gap != h.Bound-h.Score || h.Exact {
			t.Errorf("trial %d: heuristic %v bound %v, optimum %v", trial, h.Score, h.Bound, exact.Score)
		}
		if h.Optimal && h.Score != exact.Score {
			t.Errorf("trial %d: heuristic claims optimal at %v, optimum %v", trial, h.Score, exact.Score)
		}
		if h.Score == exact.Score {
			hits++
		}
	}
	if hits < trials*9/10 {
		t.Errorf("heuristic optimal in %d of %d", hits, trials)
	}
	t.Logf("heuristic optimal in %d of %d random profiles", hits, trials)
}

func TestKemenyLimit(t *testing.T) {
	b := []Ballot{{Count: 1, Order: [][]int{{0}, {1}}}}
	for _, limit := range []int{-1, MaxExactLimit + 1} {
		if _, err := Kemeny(b, 2, limit); !hasField(err, "limit", "field.between") {
			t.Errorf("limit %d: %v", limit, err)
		}
	}
}

func flatten(order [][]int) []int {
	var out []int
	for _, g := range order {
		out = append(out, g...)
	}
	return out
}

func permutations(n int, f func([]int)) {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	var rec func(k int)
	rec = func(k int) {
		if k == n {
			f(p)
			return
		}
		for i := k; i < n; i++ {
			p[k], p[i] = p[i], p[k]
			rec(k + 1)
			p[k], p[i] = p[i], p[k]
		}
	}
	rec(0)
}

// TestBordaTies: tied candidates share the points of their places, and
// left-out candidates tie at the bottom.
func TestBordaTies(t *testing.T) {
	b := []Ballot{{Count: 1, Order: [][]int{{2, 0}, {1}}}, {Count: 2, Order: [][]int{{3}}}}
	r, err := Borda(b, 4)
	if err != nil {
		t.Fatal(err)
	}
	// Ballot 1: 2 and 0 share 3+2 → 2.5 each, 1 gets 1, 3 (left out) 0.
	// Ballot 2 (×2): 3 gets 3, the others share 2+1+0 → 1 each.
	want := []float64{2.5 + 2, 1 + 2, 2.5 + 2, 6}
	if !slices.Equal(r.Scores, want) || !slices.Equal(r.Rank, []float64{2.5, 4, 2.5, 1}) {
		t.Errorf("scores %v rank %v, want %v", r.Scores, r.Rank, want)
	}
	if !slices.EqualFunc(r.Order, [][]int{{3}, {0, 2}, {1}}, slices.Equal) {
		t.Errorf("order %v", r.Order)
	}
}

// TestCondorcet: a candidate that beats every other pairwise wins under
// Copeland, Schulze and Kemeny.
func TestCondorcet(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	found := 0
	for range 200 {
		n := 3 + rng.IntN(6)
		b := randomProfile(rng, n, 1+rng.IntN(20))
		d, _ := Pairwise(b, n)
		winner := -1
		for c := range n {
			beats := true
			for o := range n {
				if o != c && d[c][o] <= d[o][c] {
					beats = false
				}
			}
			if beats {
				winner = c
			}
		}
		if winner < 0 {
			continue
		}
		found++
		r := runAll(t, b, n, 0)
		for name, got := range map[string]Ranking{"copeland": r.copeland, "schulze": r.schulze.Ranking, "kemeny": r.kemeny.Ranking} {
			if !slices.Equal(got.Order[0], []int{winner}) {
				t.Errorf("%s: first %v, Condorcet winner %d", name, got.Order[0], winner)
			}
		}
	}
	if found < 50 {
		t.Errorf("only %d profiles with a Condorcet winner", found)
	}
}

// TestSchulzeTransitive: the Schulze relation is a strict partial order and
// the order respects it.
func TestSchulzeTransitive(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for range 100 {
		n := 3 + rng.IntN(8)
		b := randomProfile(rng, n, 1+rng.IntN(10))
		r, err := Schulze(b, n)
		if err != nil {
			t.Fatal(err)
		}
		above := func(x, y int) bool { return r.P[x][y] > r.P[y][x] }
		for x := range n {
			for y := range n {
				if above(x, y) && r.Rank[x] >= r.Rank[y] {
					t.Errorf("%d above %d but ranked %v, %v", x, y, r.Rank[x], r.Rank[y])
				}
				for z := range n {
					if above(x, y) && above(y, z) && !above(x, z) {
						t.Errorf("not transitive: %d %d %d", x, y, z)
					}
				}
			}
		}
	}
}

func TestBallotErrors(t *testing.T) {
	tests := []struct {
		name    string
		ballots []Ballot
		n       int
		field   string
		code    string
	}{
		{"no candidates", []Ballot{{Count: 1}}, 0, "n", CodeEmpty},
		{"too many", []Ballot{{Count: 1}}, MaxCandidates + 1, "n", CodeTooLarge},
		{"no ballots", nil, 3, "ballots", CodeEmpty},
		{"zero count", []Ballot{{Count: 0, Order: [][]int{{0}}}}, 2, "ballots[0].count", CodeCount},
		{"NaN count", []Ballot{{Count: math.NaN(), Order: [][]int{{0}}}}, 2, "ballots[0].count", CodeCount},
		{"out of range", []Ballot{{Count: 1, Order: [][]int{{0}}}, {Count: 1, Order: [][]int{{2}}}}, 2, "ballots[1].order", CodeCandidateRange},
		{"twice", []Ballot{{Count: 1, Order: [][]int{{0}, {1, 0}}}}, 2, "ballots[0].order", CodeCandidateTwice},
		{"empty group", []Ballot{{Count: 1, Order: [][]int{{0}, {}}}}, 2, "ballots[0].order", CodeRankingSyntax},
	}
	for _, tt := range tests {
		_, err := Borda(tt.ballots, tt.n)
		if !hasField(err, tt.field, tt.code) {
			t.Errorf("%s: %v, want %s %s", tt.name, err, tt.field, tt.code)
		}
	}
}
