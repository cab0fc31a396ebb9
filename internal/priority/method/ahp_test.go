package method

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestAHPConsistent(t *testing.T) {
	w := []float64{0.5, 0.3, 0.15, 0.05}
	m := make([][]float64, len(w))
	for i := range m {
		m[i] = make([]float64, len(w))
		for j := range m[i] {
			m[i][j] = w[i] / w[j]
		}
	}
	r, err := AHP(m)
	mustNoErr(t, err)
	for i := range w {
		if math.Abs(r.Weights[i]-w[i]) > 1e-12 {
			t.Errorf("weight %d = %v, want %v", i, r.Weights[i], w[i])
		}
	}
	if math.Abs(r.LambdaMax-4) > 1e-12 || r.CR > 1e-12 || r.Worst != nil || !r.Acceptable {
		t.Errorf("consistent matrix: λmax %v CR %v worst %v", r.LambdaMax, r.CR, r.Worst)
	}
}

func TestAHPSmall(t *testing.T) {
	r, err := AHP([][]float64{{1}})
	mustNoErr(t, err)
	if !slices.Equal(r.Weights, []float64{1}) || r.CR != 0 || r.CI != 0 {
		t.Errorf("n = 1: %+v", r)
	}
	r, err = AHP([][]float64{{1, 3}, {1. / 3, 1}})
	mustNoErr(t, err)
	if math.Abs(r.Weights[0]-0.75) > 1e-12 || r.CR != 0 || r.RI != 0 || r.Worst != nil {
		t.Errorf("n = 2: %+v", r)
	}
}

// TestAHPWorst: spoiling one judgement of a consistent matrix makes it the
// worst.
func TestAHPWorst(t *testing.T) {
	w := []float64{8, 4, 2, 1, 1}
	m := make([][]float64, len(w))
	for i := range m {
		m[i] = make([]float64, len(w))
		for j := range m[i] {
			m[i][j] = w[i] / w[j]
		}
	}
	m[1][3], m[3][1] = 1./4, 4
	r, err := AHP(m)
	mustNoErr(t, err)
	if r.Worst == nil || r.Worst.I != 1 || r.Worst.J != 3 || r.Worst.Value != 0.25 {
		t.Fatalf("worst %+v", r.Worst)
	}
	if f := r.Weights[1] / r.Weights[3]; r.Worst.Fitting != f || !(f > 0.25 && f < 4) {
		t.Errorf("fitting %v, want %v (between the spoilt 1/4 and the consistent 4)", r.Worst.Fitting, f)
	}
	// λmax − n is Σ_{i<j} (ε + 1/ε − 2)/n.
	sum := 0.0
	for i := range m {
		for j := i + 1; j < len(m); j++ {
			e := m[i][j] * r.Weights[j] / r.Weights[i]
			sum += e + 1/e - 2
		}
	}
	if math.Abs(r.LambdaMax-5-sum/5) > 1e-9 {
		t.Errorf("λmax %v, decomposition %v", r.LambdaMax, 5+sum/5)
	}
}

// TestAHPRandom: random reciprocal matrices converge, with λmax ≥ n and
// weights an eigenvector.
func TestAHPRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for range 200 {
		m := randomAHP(rng, 2+rng.IntN(12))
		r, err := AHP(m)
		mustNoErr(t, err)
		n := float64(len(m))
		if r.LambdaMax < n-1e-9 || r.Iterations >= eigenMaxIterations {
			t.Fatalf("λmax %v for n %v after %d", r.LambdaMax, n, r.Iterations)
		}
		for i, row := range m {
			s := 0.0
			for j, a := range row {
				s += a * r.Weights[j]
			}
			if math.Abs(s-r.LambdaMax*r.Weights[i]) > 1e-9 {
				t.Fatalf("not an eigenvector")
			}
		}
		if len(m) > 10 && r.RI != 1.49 {
			t.Errorf("RI %v for n %d", r.RI, len(m))
		}
	}
}

// saaty are the judgements of Saaty's scale.
var saaty = []float64{1. / 9, 1. / 8, 1. / 7, 1. / 6, 1. / 5, 1. / 4, 1. / 3, 1. / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9}

func randomAHP(rng *rand.Rand, n int) [][]float64 {
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		m[i][i] = 1
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			v := saaty[rng.IntN(len(saaty))]
			m[i][j], m[j][i] = v, 1/v
		}
	}
	return m
}

func TestAHPErrors(t *testing.T) {
	tests := []struct {
		name  string
		m     [][]float64
		field string
		code  string
	}{
		{"empty", nil, "matrix", CodeEmpty},
		{"ragged", [][]float64{{1, 2}, {0.5}}, "matrix[1]", CodeNotSquare},
		{"zero", [][]float64{{1, 0}, {2, 1}}, "matrix[0][1]", CodeNotPositive},
		{"negative", [][]float64{{1, -2}, {-0.5, 1}}, "matrix[1][0]", CodeNotPositive},
		{"infinite", [][]float64{{1, math.Inf(1)}, {0, 1}}, "matrix[0][1]", "field.not_a_number"},
		{"NaN", [][]float64{{math.NaN()}}, "matrix[0][0]", "field.not_a_number"},
		{"diagonal", [][]float64{{2}}, "matrix[0][0]", CodeDiagonal},
		{"not reciprocal", [][]float64{{1, 3, 1}, {1. / 3, 1, 2}, {1, 0.5001, 1}}, "matrix[2][1]", CodeNotReciprocal},
		{"0.33 is not 1/3", [][]float64{{1, 3}, {0.33, 1}}, "matrix[1][0]", CodeNotReciprocal},
	}
	for _, tt := range tests {
		_, err := AHP(tt.m)
		if !hasField(err, tt.field, tt.code) {
			t.Errorf("%s: %v, want %s %s", tt.name, err, tt.field, tt.code)
		}
	}
	// Within the relative tolerance is fine.
	if _, err := AHP([][]float64{{1, 3}, {1. / 3 * (1 + 1e-10), 1}}); err != nil {
		t.Errorf("reciprocal within 1e-9: %v", err)
	}
}

func TestParseJudgement(t *testing.T) {
	good := map[string]float64{"3": 3, "1/3": 1. / 3, " 1 / 9 ": 1. / 9, "0,5": 0.5, "0.5": 0.5, "1,5/3": 0.5, "+2": 2, ".5": 0.5}
	for s, want := range good {
		got, err := ParseJudgement(s)
		if err != nil || math.Abs(got-want) > 1e-15 {
			t.Errorf("%q = %v, %v; want %v", s, got, err, want)
		}
	}
	bad := map[string]string{"": CodeNumber, "abc": CodeNumber, "1/": CodeNumber, "1/0": CodeNumber, "1e3": CodeNumber,
		"Inf": CodeNumber, "NaN": CodeNumber, "1,000.5": CodeNumber, "1/2/3": CodeNumber, "0x10": CodeNumber, "--1": CodeNumber,
		"0": CodeNotPositive, "-3": CodeNotPositive, "0/5": CodeNotPositive}
	for s, code := range bad {
		if _, err := ParseJudgement(s); !hasField(err, "judgement", code) {
			t.Errorf("%q: %v, want %s", s, err, code)
		}
	}
}

func TestGroupJudgements(t *testing.T) {
	a := [][]float64{{1, 2, 4}, {0.5, 1, 2}, {0.25, 0.5, 1}}
	b := [][]float64{{1, 8, 1}, {1. / 8, 1, 1. / 2}, {1, 2, 1}}
	// Weighted by population 3:1.
	g, err := GroupJudgements([][][]float64{a, b}, []float64{300, 100})
	mustNoErr(t, err)
	want := math.Pow(2, 0.75) * math.Pow(8, 0.25)
	if math.Abs(g[0][1]-want) > 1e-12 || math.Abs(g[1][0]*g[0][1]-1) > 1e-15 || g[2][2] != 1 {
		t.Errorf("weighted AIJ %v, want %v", g[0][1], want)
	}
	// A single matrix is its own group judgement.
	g, err = GroupJudgements([][][]float64{a}, nil)
	mustNoErr(t, err)
	for i := range a {
		for j := range a {
			if math.Abs(g[i][j]-a[i][j]) > 1e-15 {
				t.Errorf("g[%d][%d] = %v", i, j, g[i][j])
			}
		}
	}
	tests := []struct {
		name    string
		ms      [][][]float64
		weights []float64
		field   string
		code    string
	}{
		{"none", nil, nil, "matrices", CodeEmpty},
		{"sizes", [][][]float64{a, {{1}}}, nil, "matrices[1]", CodeSize},
		{"bad entry", [][][]float64{a, {{1, 2, 4}, {0.5, 1, 2}, {0.25, 0.4, 1}}}, nil, "matrices[1][2][1]", CodeNotReciprocal},
		{"weights length", [][][]float64{a, b}, []float64{1}, "weights", CodeSize},
		{"negative weight", [][][]float64{a, b}, []float64{1, -1}, "weights[1]", "field.not_negative"},
		{"zero weights", [][][]float64{a, b}, []float64{0, 0}, "weights", CodeAllZero},
	}
	for _, tt := range tests {
		if _, err := GroupJudgements(tt.ms, tt.weights); !hasField(err, tt.field, tt.code) {
			t.Errorf("%s: %v, want %s %s", tt.name, err, tt.field, tt.code)
		}
	}
}

func TestDirectAndSwingWeights(t *testing.T) {
	w, err := DirectWeights([]float64{50, 30, 20, 0})
	mustNoErr(t, err)
	if !slices.Equal(w, []float64{0.5, 0.3, 0.2, 0}) {
		t.Errorf("direct %v", w)
	}
	w, err = SwingWeights([]float64{100, 50, 50, 0})
	mustNoErr(t, err)
	if !slices.Equal(w, []float64{0.5, 0.25, 0.25, 0}) {
		t.Errorf("swing %v", w)
	}
	for _, tt := range []struct {
		name  string
		err   error
		field string
		code  string
	}{
		{"direct empty", second(DirectWeights(nil)), "points", CodeEmpty},
		{"direct zero", second(DirectWeights([]float64{0, 0})), "points", CodeAllZero},
		{"direct negative", second(DirectWeights([]float64{1, -1})), "points[1]", "field.not_negative"},
		{"direct NaN", second(DirectWeights([]float64{math.NaN()})), "points[0]", "field.not_a_number"},
		{"swing top", second(SwingWeights([]float64{80, 50})), "ratings", CodeSwingTop},
		{"swing range", second(SwingWeights([]float64{100, 120})), "ratings[1]", "field.between"},
		{"swing empty", second(SwingWeights(nil)), "ratings", CodeEmpty},
		{"rank empty", second(RankWeights(nil)), "ranks", CodeEmpty},
	} {
		if !hasField(tt.err, tt.field, tt.code) {
			t.Errorf("%s: %v", tt.name, tt.err)
		}
	}
	// Rank-order centroid: 3 criteria weigh 11/18, 5/18, 2/18.
	w, err = RankWeights([]float64{2, 1, 3})
	mustNoErr(t, err)
	for i, want := range []float64{5. / 18, 11. / 18, 2. / 18} {
		if math.Abs(w[i]-want) > 1e-15 {
			t.Errorf("ROC %v", w)
		}
	}
	// Ties share: 1, 2, 2 and 1, 2, 2 written 1, 3, 3 give the same.
	a, _ := RankWeights([]float64{1, 2, 2})
	b, _ := RankWeights([]float64{1, 3, 3})
	if !slices.Equal(a, b) || math.Abs(a[1]-(5./18+2./18)/2) > 1e-15 {
		t.Errorf("tied ROC %v %v", a, b)
	}
}

func second[T any](_ T, err error) error { return err }
