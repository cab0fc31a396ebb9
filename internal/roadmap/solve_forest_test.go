package roadmap

import (
	"context"
	"math"
	"testing"
	"time"
)

// TestForestDualValid: the forest bound with its own multipliers is never
// below the optimum (brute force on small instances with chains, shared
// requirements and must-services; Solve's proven optimum on 60 × 5) and
// never above the bound it starts from.
func TestForestDualValid(t *testing.T) {
	check := func(name string, inst Instance, want float64) {
		t.Helper()
		m, err := compile(inst)
		if err != nil {
			t.Fatal(err)
		}
		b := newSearch(m, Options{}, time.Now())
		b.ctx = context.Background()
		b.s = m.newState()
		b.improve(0, 300, want, 2)
		start := b.treeBound(b.lam[0], b.mu[0])
		b.best = &state{obj: want} // the target of the steps
		fd := b.forestDual(forestSteps)
		low := want - 1e-6*math.Max(1, math.Abs(want))
		if fd < low {
			t.Errorf("%s: forest bound %v < optimum %v", name, fd, want)
		}
		if fd > start+1e-6*math.Max(1, math.Abs(start)) {
			t.Errorf("%s: forest bound %v above the tree bound %v it starts from", name, fd, start)
		}
		if b.flam == nil {
			t.Errorf("%s: no multipliers kept", name)
		}
	}
	for seed := uint64(300); seed < 380; seed++ {
		n := 4 + int(seed%3)
		inst := Generate(n, 1+int(seed%3), seed)
		switch seed % 3 {
		case 0:
			inst.Services[2].Requires = []string{inst.Services[0].ID}
			inst.Services[3].Requires = []string{inst.Services[2].ID}
		case 1:
			inst.Services[2].Requires = []string{inst.Services[0].ID}
			inst.Services[3].Requires = []string{inst.Services[0].ID}
			inst.Services[3].Must = true
		}
		want, ok := brute(t, inst)
		if !ok {
			continue
		}
		check("brute", inst, want)
	}
	// The optima of 60 × 5 seeds 1 and 2, proven by Solve and by CBC
	// (docs/benchmarks.md).
	for seed, want := range map[uint64]float64{1: 21606207.626895495, 2: 19890252.676571462} {
		check("60x5", Generate(60, 5, seed), want)
	}
}

// TestForestScoresCarryUsers: a requirement worth nothing by itself
// scores what its user is worth when it starts early enough for it, so
// that the heuristics built on the scores start it.
func TestForestScoresCarryUsers(t *testing.T) {
	inst := Instance{DiscountRate: 0.04, Horizon: 8, Years: []Year{{Budget: 1000, Capacity: 100}, {Budget: 1000, Capacity: 100}}, Services: []Service{
		{ID: "a", Cost: 400, Hours: 10},
		{ID: "b", Cost: 400, Hours: 10, AnnualBenefit: 900, Requires: []string{"a"}},
	}}
	m, err := compile(inst)
	if err != nil {
		t.Fatal(err)
	}
	b := newSearch(m, Options{}, time.Now())
	b.ctx = context.Background()
	b.s = m.newState()
	b.best = m.newState() // the empty plan as incumbent
	if b.forestScores() != nil {
		t.Fatal("scores before forestDual")
	}
	b.forestDual(forestSteps)
	sc := b.forestScores()
	if sc == nil {
		t.Fatal("no scores")
	}
	if !(m.val[0][0] < 0 && sc[0][0] > 0 && sc[0][0] > sc[0][1]) {
		t.Errorf("requirement a: value %v, scores %v: want its user's worth in year 0", m.val[0][0], sc[0])
	}
	res, err := Solve(context.Background(), inst, Options{})
	if err != nil || len(res.Plan) != 2 {
		t.Errorf("plan %v, %v: want a in year 0 and b in year 1", res.Plan, err)
	}
}
