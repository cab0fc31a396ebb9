package roadmap

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"testing"
	"time"
)

// yearRootBounds returns the year search's two bounds at its root (the
// forest Lagrangian and the one with year 0's knapsack exact) for
// multipliers refined towards target and for random ones.
func yearRootBounds(t *testing.T, inst Instance, target float64, rng *rand.Rand) []float64 {
	t.Helper()
	m, err := compile(inst)
	if err != nil {
		t.Fatal(err)
	}
	b := newSearch(m, Options{}, time.Now())
	b.ctx = context.Background()
	b.s = m.newState()
	y := newYearSearch(b)
	y.enter(0)
	var out []float64
	for k := range 4 {
		if k > 0 {
			for u := range m.T {
				scale := (math.Abs(target) + 1) / float64(m.T)
				y.lam[0][u], y.mu[0][u] = rng.Float64()*scale, rng.Float64()*scale
			}
		}
		L := y.refine(0, 0, 100*(1-min(k, 1))+1, target, 1)
		L0 := y.bound(0, y.lam[0], y.mu[0], nil, nil)
		out = append(out, L, L0, y.knapBound(0, 0, y.lam[0], y.mu[0], L0))
	}
	return out
}

// TestYearBoundsValid checks on random small instances (requirements,
// chains, must- and excluded services) that the year search's bounds at
// the root are at least the brute-force optimum.
func TestYearBoundsValid(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for seed := uint64(300); seed < 500; seed++ {
		n := 4 + int(seed%3)
		inst := Generate(n, 1+int(seed%3), seed)
		switch seed % 5 {
		case 0:
			inst.Services[n-1].Requires = []string{inst.Services[1].ID}
		case 1:
			inst.Services[2].Requires = []string{inst.Services[0].ID}
			inst.Services[3].Requires = []string{inst.Services[2].ID, inst.Services[1].ID}
			inst.Services[1].Requires = []string{inst.Services[0].ID}
		case 2:
			inst.Services[2].Requires = []string{inst.Services[0].ID}
			inst.Services[3].Requires = []string{inst.Services[0].ID}
			inst.Services[3].Must = true
		case 3:
			inst.Services[1].Exclude = true
			inst.Services[0].Must = true
		}
		want, ok := brute(t, inst)
		if !ok {
			continue
		}
		for x, L := range yearRootBounds(t, inst, want, rng) {
			if L < want-1e-6*math.Max(1, math.Abs(want)) {
				t.Errorf("seed %d: bound %d = %v < optimum %v", seed, x, L, want)
			}
		}
		// The year search's inner nodes, through Solve.
		res, err := Solve(context.Background(), inst, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Optimal || !near(res.Objective, want) {
			t.Errorf("seed %d: Solve %v (optimal %v), brute force %v", seed, res.Objective, res.Optimal, want)
		}
	}
}

// TestYearBoundsCBC checks the year search's root bounds and Solve
// against CBC's proven optimum on generated 20 × 3 instances.
func TestYearBoundsCBC(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for seed := uint64(1); seed <= 3; seed++ {
		inst := Generate(20, 3, seed)
		ext, err := RunSolver(context.Background(), "cbc", inst, 60*time.Second)
		if errors.Is(err, ErrNotInstalled) {
			if os.Getenv("TEST_REQUIRE_SOLVERS") == "1" {
				t.Fatal(err)
			}
			t.Skip(err)
		}
		if err != nil {
			t.Fatal(err)
		}
		if !ext.Optimal {
			t.Fatalf("seed %d: CBC did not prove its plan: %+v", seed, ext)
		}
		want := ext.Objective
		for x, L := range yearRootBounds(t, inst, want, rng) {
			if L < want-1e-6*math.Max(1, math.Abs(want)) {
				t.Errorf("seed %d: bound %d = %v < CBC's optimum %v", seed, x, L, want)
			}
		}
		res, err := Solve(context.Background(), inst, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Optimal || !near(res.Objective, want) {
			t.Errorf("seed %d: Solve %v (optimal %v), CBC %v", seed, res.Objective, res.Optimal, want)
		}
	}
}

// TestYearSearchAgreesWithDFS checks the year search against the
// depth-first search by service on instances too large for brute force.
func TestYearSearchAgreesWithDFS(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		inst := Generate(18+int(seed%3), 2+int(seed%3), seed)
		switch seed % 3 {
		case 1:
			// The cheapest service must start: the must-services fit.
			c := 0
			for i, sv := range inst.Services {
				if sv.Cost < inst.Services[c].Cost {
					c = i
				}
			}
			inst.Services[c].Must = true
			if k := len(inst.Services) - 1; k != c {
				inst.Services[k].Requires = append(inst.Services[k].Requires, inst.Services[c].ID)
			}
		case 2:
			inst.Services[2].Exclude = true
		}
		m, err := compile(inst)
		if err != nil {
			t.Fatal(err)
		}
		b := newSearch(m, Options{}, time.Now())
		b.ctx = context.Background()
		if !b.run0() {
			b.dfs(0)
		}
		res, err := Solve(context.Background(), inst, Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("seed %d: %d nodes, depth-first %d", seed, res.Nodes, b.nodes)
		if b.best == nil || b.stopped || !res.Optimal || !near(res.Objective, b.best.obj) {
			t.Errorf("seed %d: year search %v (optimal %v), depth-first %v", seed, res.Objective, res.Optimal, b.best)
		}
	}
}
