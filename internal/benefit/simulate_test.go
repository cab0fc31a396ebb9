package benefit

import (
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

func mustSimulate(t testing.TB, c Case, n int, seed uint64) Simulation {
	t.Helper()
	s, err := Simulate(c, n, seed)
	if err != nil {
		t.Fatalf("Simulate: %v", err)
	}
	return s
}

func TestSimulateReproducible(t *testing.T) {
	c := randomCase(rand.New(rand.NewPCG(3, 4)), 5, 10)
	const n = 5000 // five blocks, the last one partial
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(1)
	one := mustSimulate(t, c, n, 42)
	runtime.GOMAXPROCS(4)
	four := mustSimulate(t, c, n, 42)
	again := mustSimulate(t, c, n, 42)
	if !reflect.DeepEqual(one, four) || !reflect.DeepEqual(four, again) {
		t.Errorf("same seed, different results:\n%+v\n%+v", one, four)
	}
	other := mustSimulate(t, c, n, 43)
	if other.Mean == one.Mean || other.P50 == one.P50 {
		t.Errorf("seeds 42 and 43 gave the same result %+v", other)
	}
	port, err := SimulatePortfolio([]Case{c, handCase(), c, c, c}, n, 42)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(port[0], one) || !reflect.DeepEqual(port[4], one) {
		t.Errorf("portfolio differs from Simulate:\n%+v\n%+v", port[0], one)
	}
	runtime.GOMAXPROCS(1)
	port1, _ := SimulatePortfolio([]Case{c, handCase(), c, c, c}, n, 42)
	if !reflect.DeepEqual(port, port1) {
		t.Error("portfolio depends on GOMAXPROCS")
	}
}

// TestSimulateLinear draws a direct saving from triangular(0, 50, 100),
// with uptake 1, r = 0, one year and no costs, so NPV is the draw: mean
// and median 50 (standard deviation √(7500/18) ≈ 20.4, so the mean's
// standard error is 0.065 at 100 000 draws), P10 = √(0.1 × 5 000) ≈ 22.36
// and P90 = 100 − 22.36.
func TestSimulateLinear(t *testing.T) {
	c := Case{Settings: Settings{Years: 1, DiscountRate: 0},
		Gains: []Gain{{Kind: GainDirect, Annual: Range{0, 50, 100}}}}
	s := mustSimulate(t, c, 100000, 7)
	p10 := math.Sqrt(0.1 * 5000)
	for _, x := range []struct {
		what      string
		got, want float64
		tol       float64
	}{
		{"mean", s.Mean, 50, 0.3},
		{"P50", s.P50, 50, 0.4},
		{"P10", s.P10, p10, 0.4},
		{"P90", s.P90, 100 - p10, 0.4},
		{"std dev", s.StdDev, math.Sqrt(7500.0 / 18), 0.2},
	} {
		if math.Abs(x.got-x.want) > x.tol {
			t.Errorf("%s = %v, want %v ± %v", x.what, x.got, x.want, x.tol)
		}
	}
	if s.ProbNegative != 0 || s.Min < 0 || s.Max > 100 || s.Iterations != 100000 || s.Seed != 7 {
		t.Errorf("simulation %+v", s)
	}
	total := 0
	for _, n := range s.Histogram.Counts {
		total += n
	}
	if total != 100000 || len(s.Histogram.Counts) != HistogramBins || len(s.Histogram.Edges) != HistogramBins+1 ||
		s.Histogram.Edges[0] != s.Min || s.Histogram.Edges[HistogramBins] != s.Max {
		t.Errorf("histogram %+v", s.Histogram)
	}
	// The triangle's density: the middle bins hold the most.
	if s.Histogram.Counts[9] < 4*s.Histogram.Counts[0] {
		t.Errorf("histogram is not triangular: %v", s.Histogram.Counts)
	}
}

// TestSimulateSkewed checks the sampler on an asymmetric triangle (0, 20,
// 100): mean 40, and F(20) = 0.2, so P(draw < 20) is 0.2.
func TestSimulateSkewed(t *testing.T) {
	c := Case{Settings: Settings{Years: 1, DiscountRate: 0},
		Costs: []Cost{{Kind: CostInvestment, Amount: Range{0, 20, 100}}}}
	s := mustSimulate(t, c, 200000, 1)
	// NPV = −amount.
	if math.Abs(s.Mean+40) > 0.3 {
		t.Errorf("mean %v, want −40", s.Mean)
	}
	if s.ProbNegative < 0.999 {
		t.Errorf("P(NPV < 0) = %v", s.ProbNegative)
	}
	// P90 of −amount is −P10 of amount; P10 of the amount solves
	// x²/(100·20) = 0.1, x = √200 ≈ 14.14.
	if math.Abs(s.P90+math.Sqrt(200)) > 0.3 {
		t.Errorf("P90 %v, want %v", s.P90, -math.Sqrt(200))
	}
}

func TestSimulateExact(t *testing.T) {
	c := handCase()
	s := mustSimulate(t, c, 3000, 1)
	npv := mustEvaluate(t, c).NPV
	if s.P10 != npv || s.P50 != npv || s.P90 != npv || s.Mean != npv || s.Min != npv || s.Max != npv || s.StdDev != 0 {
		t.Errorf("exact case: %+v, NPV %v", s, npv)
	}
	if !reflect.DeepEqual(s.Histogram, Histogram{Edges: []float64{npv, npv}, Counts: []int{3000}}) {
		t.Errorf("histogram %+v", s.Histogram)
	}
}

func TestSimulateUptakeStaysInUnitInterval(t *testing.T) {
	c := Case{Settings: Settings{Years: 1, DiscountRate: 0},
		Gains:  []Gain{{Kind: GainDirect, Annual: Exact(100)}},
		Uptake: []Range{{0.9, 1, 1}}}
	s := mustSimulate(t, c, 20000, 5)
	if s.Max > 100 || s.Min < 90 {
		t.Errorf("uptake left [0.9, 1]: min %v max %v", s.Min, s.Max)
	}
}

func TestSimulateRefuses(t *testing.T) {
	for _, n := range []int{0, -1, MaxIterations + 1} {
		_, err := Simulate(handCase(), n, 1)
		if de := domain.AsError(err); de.Kind != domain.KindInvalid || de.Fields[0].Field != "iterations" || de.Fields[0].Code != CodeIterations {
			t.Errorf("%d iterations: %v", n, err)
		}
	}
	bad := handCase()
	bad.Uptake[0] = Exact(2)
	_, err := SimulatePortfolio([]Case{handCase(), bad}, 10, 1)
	if de := domain.AsError(err); de.Kind != domain.KindInvalid || de.Fields[0].Field != "cases[1].uptake[0]" {
		t.Errorf("portfolio with an invalid case: %v", err)
	}
}

func TestQuantileType7(t *testing.T) {
	x := []float64{1, 2, 3, 4, 10}
	// h = 4p: P10 → 0.4 → 1.4; P50 → 2 → 3; P90 → 3.6 → 4 + 0.6 × 6 = 7.6.
	for _, tt := range []struct{ p, want float64 }{{0.1, 1.4}, {0.5, 3}, {0.9, 7.6}, {0, 1}, {1, 10}} {
		if got := quantile(x, tt.p); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("quantile(%v) = %v, want %v", tt.p, got, tt.want)
		}
	}
}

func TestTornado(t *testing.T) {
	c := handCase()
	c.Municipalities[0].Cases = Range{1000, 1200, 1500}
	c.Costs[1].Amount = Range{30000, 50000, 80000}
	c.Uptake[0] = Range{0.25, 0.5, 0.75}
	bars, err := Tornado(c)
	if err != nil {
		t.Fatal(err)
	}
	// One case of A is worth 30/60 × 600 + 60/60 × 300 = 600 NOK a year at
	// full uptake, Σ u_t d_t = 2.294321802457897 → 1 376.593 NOK of NPV.
	// The licence's NPV per krone is −(d_1 + d_2 + d_3) = −2.775091033227.
	// Year 1's uptake weighs G d_1 = 950 000 / 1.04 = 913 461.538 NOK.
	const npv = 1485851.160673645881
	perCase := 600 * 2.294321802457897
	annuity := 2.775091033227122
	perUptake := 950000 / 1.04
	want := []Bar{
		{Path: "municipalities[0].cases", Field: "cases", Name: "A", Low: 1000, Likely: 1200, High: 1500,
			NPVLow: npv - 200*perCase, NPVHigh: npv + 300*perCase, Swing: 500 * perCase},
		{Path: "uptake[0]", Field: "uptake", Year: 1, Low: 0.25, Likely: 0.5, High: 0.75,
			NPVLow: npv - 0.25*perUptake, NPVHigh: npv + 0.25*perUptake, Swing: 0.5 * perUptake},
		{Path: "costs[1].amount", Field: "amount", Name: "Licence", Low: 30000, Likely: 50000, High: 80000,
			NPVLow: npv + 20000*annuity, NPVHigh: npv - 30000*annuity, Swing: 50000 * annuity},
	}
	if len(bars) != len(want) {
		t.Fatalf("bars %+v", bars)
	}
	for i, w := range want {
		b := bars[i]
		if b.Path != w.Path || b.Field != w.Field || b.Name != w.Name || b.Year != w.Year || b.Low != w.Low || b.Likely != w.Likely || b.High != w.High {
			t.Errorf("bar %d: %+v, want %+v", i, b, w)
		}
		near(t, w.Path+" NPV low", b.NPVLow, w.NPVLow)
		near(t, w.Path+" NPV high", b.NPVHigh, w.NPVHigh)
		near(t, w.Path+" swing", b.Swing, w.Swing)
	}
	// Inputs that do not enter the NPV get no bar.
	c = handCase()
	c.Gains = c.Gains[2:] // no time gains
	c.Municipalities[0].MinutesSaved = Range{10, 30, 50}
	c.Settings.CitizenHourValue = Range{100, 300, 500}
	c.Uptake = []Range{Exact(1), Exact(1), Exact(1), {0.5, 1, 1}} // year 4 > 3 years
	if bars, _ := Tornado(c); len(bars) != 0 {
		t.Errorf("bars for unused inputs: %+v", bars)
	}
}

// TestQuantilesSelect checks the selection against sorting, for small and
// tied samples too.
func TestQuantilesSelect(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for n := 1; n < 300; n++ {
		for _, ties := range []bool{false, true} {
			x := make([]float64, n)
			for i := range x {
				x[i] = rng.NormFloat64()
				if ties {
					x[i] = float64(rng.IntN(4))
				}
			}
			sorted := slices.Clone(x)
			slices.Sort(sorted)
			p10, p50, p90 := quantiles(x)
			if p10 != quantile(sorted, 0.1) || p50 != quantile(sorted, 0.5) || p90 != quantile(sorted, 0.9) {
				t.Fatalf("n %d ties %v: %v %v %v, want %v %v %v", n, ties, p10, p50, p90,
					quantile(sorted, 0.1), quantile(sorted, 0.5), quantile(sorted, 0.9))
			}
		}
	}
}
