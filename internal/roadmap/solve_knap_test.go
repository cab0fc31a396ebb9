package roadmap

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// TestKnapExact compares the knapsack solver with enumeration, and checks
// that a node limit still gives an upper bound and a feasible set.
func TestKnapExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 300 {
		n := 1 + rng.IntN(12)
		items := make([]kitem, n)
		for x := range items {
			items[x] = kitem{p: rng.Float64()*10 - 2, a: float64(rng.IntN(10)), b: float64(rng.IntN(10)), id: x}
		}
		ca, cb := float64(rng.IntN(25)), float64(rng.IntN(25))
		want := 0.0
		for mask := range 1 << n {
			var p, a, b float64
			for x := range n {
				if mask&(1<<x) != 0 {
					p, a, b = p+items[x].p, a+items[x].a, b+items[x].b
				}
			}
			if a <= ca && b <= cb {
				want = math.Max(want, p)
			}
		}
		for _, limit := range []int{100000, 3} {
			k := newKnap(limit)
			ub, val, exact := k.solve(items, ca, cb)
			var p, a, b float64
			for x, in := range k.best {
				if in {
					p, a, b = p+k.it[x].p, a+k.it[x].a, b+k.it[x].b
				}
			}
			if a > ca || b > cb || math.Abs(p-val) > 1e-9 || ub < want-1e-9 || val > want+1e-9 || (exact && math.Abs(val-want) > 1e-9) {
				t.Fatalf("round %d limit %d: ub %v val %v (set %v, %v/%v %v/%v) exact %v, want %v", round, limit, ub, val, p, a, ca, b, cb, exact, want)
			}
		}
	}
}

// TestYearDecompositionBound checks that the year decomposition's bound
// is at least the brute-force optimum at any multipliers reached, at the
// root and after propagation, and that the plans of the year-by-year
// heuristic and the exact re-planning of a year are feasible.
func TestYearDecompositionBound(t *testing.T) {
	for seed := uint64(300); seed < 380; seed++ {
		n := 4 + int(seed%3)
		inst := Generate(n, 1+int(seed%3), seed)
		switch seed % 4 {
		case 0:
			inst.Services[n-1].Requires = []string{inst.Services[1].ID}
		case 1:
			inst.Services[2].Requires = []string{inst.Services[0].ID}
			inst.Services[3].Requires = []string{inst.Services[2].ID, inst.Services[1].ID}
		case 2:
			inst.Services[3].Requires = []string{inst.Services[0].ID}
			inst.Services[3].Must = true
		}
		want, ok := brute(t, inst)
		if !ok {
			continue
		}
		m, err := compile(inst)
		if err != nil {
			t.Fatal(err)
		}
		d := newDec(m)
		nd := d.root()
		if !d.propagate(nd) {
			t.Fatalf("seed %d: root found infeasible", seed)
		}
		for _, target := range []float64{want, want - math.Abs(want) - 1} {
			if L := d.optimise(nd, 200, target, 1, nil); L < want-1e-6*math.Max(1, math.Abs(want)) {
				t.Errorf("seed %d: year decomposition bound %v < optimum %v", seed, L, want)
			}
		}
		b := newSearch(m, Options{}, time.Now())
		b.ctx = context.Background()
		s := b.h.sequential(nd.u)
		if s == nil {
			continue
		}
		b.h.polish(s, nil)
		if ev := m.evaluate(m.plan(s)); !ev.Feasible() || !near(ev.Objective, s.obj) || s.obj > want+1e-6*math.Max(1, math.Abs(want)) {
			t.Errorf("seed %d: heuristic plan %v (%v) infeasible %v or above the optimum %v", seed, s.obj, ev.Objective, ev.Problems, want)
		}
	}
}
