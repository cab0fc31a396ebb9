package method

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// The published reference results of FACTS.md, reproduced exactly.

// drinks is Saaty's (2008) drinks matrix: coffee, wine, tea, beer, sodas,
// milk, water.
var drinks = [][]float64{
	{1, 9, 5, 2, 1, 1, 1. / 2},
	{1. / 9, 1, 1. / 3, 1. / 9, 1. / 9, 1. / 9, 1. / 9},
	{1. / 5, 3, 1, 1. / 3, 1. / 4, 1. / 3, 1. / 9},
	{1. / 2, 9, 3, 1, 1. / 2, 1, 1. / 3},
	{1, 9, 4, 2, 1, 2, 1. / 2},
	{1, 9, 3, 1, 1. / 2, 1, 1. / 3},
	{2, 9, 9, 3, 2, 3, 1},
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func TestAHPDrinks(t *testing.T) {
	r, err := AHP(drinks)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{.177, .019, .042, .116, .190, .129, .327}
	for i, w := range r.Weights {
		if round3(w) != want[i] {
			t.Errorf("weight %d = %.5f, want %.3f", i, w, want[i])
		}
	}
	if round3(r.CR) != 0.022 {
		t.Errorf("CR = %.5f, want 0.022", r.CR)
	}
	if r.RI != 1.32 || !r.Acceptable {
		t.Errorf("RI %v, acceptable %v", r.RI, r.Acceptable)
	}
	sum := 0.0
	for _, w := range r.Weights {
		sum += w
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("weights sum to %v", sum)
	}
	if want := r.CI / r.RI; r.CR != want || math.Abs(r.CI-(r.LambdaMax-7)/6) > 1e-15 {
		t.Errorf("λmax %v CI %v CR %v", r.LambdaMax, r.CI, r.CR)
	}
	// The weights are an eigenvector: (Aw)_i = λmax·w_i.
	for i, row := range drinks {
		s := 0.0
		for j, a := range row {
			s += a * r.Weights[j]
		}
		if math.Abs(s-r.LambdaMax*r.Weights[i]) > 1e-10 {
			t.Errorf("row %d: (Aw) = %v, λw = %v", i, s, r.LambdaMax*r.Weights[i])
		}
	}
	t.Logf("λmax %.4f CI %.4f CR %.4f worst %+v after %d iterations", r.LambdaMax, r.CI, r.CR, *r.Worst, r.Iterations)
}

func TestGroupJudgementsFacts(t *testing.T) {
	m := func(a float64) [][]float64 { return [][]float64{{1, a}, {1 / a, 1}} }
	g, err := GroupJudgements([][][]float64{m(2), m(3), m(4)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := math.Cbrt(24); math.Abs(g[0][1]-want) > 1e-12 || round3(g[0][1]) != 2.884 || math.Abs(g[1][0]*g[0][1]-1) > 1e-15 {
		t.Errorf("AIJ of 2, 3, 4 = %v, want 24^(1/3) = %v", g[0][1], want)
	}
}

// schulze45 is the 45-voter example, candidates A–E.
func schulze45(t *testing.T) ([]Ballot, []string) {
	t.Helper()
	b, names, err := ParseBallots(strings.NewReader(`5,A>C>B>E>D
5,A>D>E>C>B
8,B>E>D>A>C
3,C>A>B>E>D
7,C>A>E>B>D
2,C>B>A>D>E
7,D>C>E>B>A
8,E>B>A>D>C
`))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, []string{"A", "C", "B", "E", "D"}) {
		t.Fatalf("names %v", names)
	}
	// Renumber to A..E = 0..4.
	perm := []int{0, 2, 1, 4, 3} // parsed index → A..E index
	for _, x := range b {
		for _, g := range x.Order {
			for k, c := range g {
				g[k] = perm[c]
			}
		}
	}
	return b, []string{"A", "B", "C", "D", "E"}
}

func TestSchulzeFacts(t *testing.T) {
	b, names := schulze45(t)
	r, err := Schulze(b, 5)
	if err != nil {
		t.Fatal(err)
	}
	wantD := [][]float64{
		{0, 20, 26, 30, 22},
		{25, 0, 16, 33, 18},
		{19, 29, 0, 17, 24},
		{15, 12, 28, 0, 14},
		{23, 27, 21, 31, 0},
	}
	for i := range wantD {
		if !slices.Equal(r.D[i], wantD[i]) {
			t.Errorf("d row %s = %v, want %v", names[i], r.D[i], wantD[i])
		}
	}
	if got := orderNames(r.Order, names); got != "E>A>C>B>D" {
		t.Errorf("Schulze order %s, want E>A>C>B>D", got)
	}
	// Strongest paths, worked out by hand from d.
	wantP := [][]float64{
		{0, 28, 28, 30, 24},
		{25, 0, 28, 33, 24},
		{25, 29, 0, 29, 24},
		{25, 28, 28, 0, 24},
		{25, 28, 28, 31, 0},
	}
	for i := range wantP {
		if !slices.Equal(r.P[i], wantP[i]) {
			t.Errorf("p row %s = %v, want %v", names[i], r.P[i], wantP[i])
		}
	}
}

func orderNames(order [][]int, names []string) string {
	var parts []string
	for _, g := range order {
		var s []string
		for _, c := range g {
			s = append(s, names[c])
		}
		parts = append(parts, strings.Join(s, "="))
	}
	return strings.Join(parts, ">")
}

func tennessee(t *testing.T) ([]Ballot, []string) {
	t.Helper()
	b, names, err := ParseBallots(strings.NewReader("count,ranking\n42,M>N>C>K\n26,N>C>K>M\n15,C>K>N>M\n17,K>C>N>M\n"))
	if err != nil {
		t.Fatal(err)
	}
	return b, names
}

func TestTennesseeFacts(t *testing.T) {
	b, names := tennessee(t)
	k, err := Kemeny(b, len(names), 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := orderNames(k.Order, names); got != "N>C>K>M" || k.Score != 393 || !k.Optimal || !k.Exact || k.Bound != 393 {
		t.Errorf("Kemeny %s score %v optimal %v bound %v", got, k.Score, k.Optimal, k.Bound)
	}
	// The heuristic finds it too, and proves it with the bound.
	h, err := Kemeny(b, len(names), 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := orderNames(h.Order, names); got != "N>C>K>M" || h.Score != 393 || !h.Optimal || h.Exact || h.Gap != 0 {
		t.Errorf("heuristic %s score %v optimal %v bound %v", got, h.Score, h.Optimal, h.Bound)
	}
	bo, err := Borda(b, len(names))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"N": 194, "C": 173, "M": 126, "K": 107}
	for i, n := range names {
		if bo.Scores[i] != want[n] {
			t.Errorf("Borda %s = %v, want %v", n, bo.Scores[i], want[n])
		}
	}
	if got := orderNames(bo.Order, names); got != "N>C>M>K" {
		t.Errorf("Borda order %s", got)
	}
	c, err := Copeland(b, len(names))
	if err != nil {
		t.Fatal(err)
	}
	if got := orderNames(c.Order, names); got != "N>C>K>M" {
		t.Errorf("Copeland order %s", got)
	}
}

func TestKendallWFacts(t *testing.T) {
	ranks := [][]float64{
		{8, 4, 2, 3, 5, 1, 6, 7},
		{7, 3, 1, 4, 5, 2, 6, 8},
		{8, 2, 5, 6, 7, 1, 4, 3},
		{8, 3, 4, 2, 5, 1, 6, 7},
	}
	w, c, err := KendallW(ranks)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.RankSums, []float64{31, 12, 12, 15, 22, 5, 22, 25}) || c.S != 500 || c.Ties != 0 {
		t.Errorf("rank sums %v, S %v, ties %v", c.RankSums, c.S, c.Ties)
	}
	if round3(w) != 0.744 || w != c.W || w != 12*500.0/(16*(512-8)) {
		t.Errorf("W = %v, want 0.744", w)
	}
}
