package roadmap

import (
	"context"
	"testing"
	"time"
)

// TestWindow checks the exact re-planning of two consecutive years: on
// two-year instances it frees every service, so from the greedy plan it
// reaches Solve's optimum; on longer ones each window keeps the plan
// feasible and never makes it worse.
func TestWindow(t *testing.T) {
	for seed := uint64(1); seed <= 8; seed++ {
		T := 2 + int(seed%3)
		inst := Generate(24, T, seed)
		if seed%2 == 0 {
			inst.Services[23].Requires = append(inst.Services[23].Requires, inst.Services[2].ID)
		}
		m, err := compile(inst)
		if err != nil {
			t.Fatal(err)
		}
		b := newSearch(m, Options{}, time.Now())
		b.ctx = context.Background()
		b.s = m.newState()
		b.best = m.greedyDensity(nil)
		if !m.evaluate(m.plan(b.best)).Feasible() {
			t.Fatalf("seed %d: greedy plan infeasible", seed)
		}
		for t0 := 0; t0+1 < T; t0++ {
			before := b.best.obj
			b.window(t0, time.Now().Add(time.Minute))
			if ev := m.evaluate(m.plan(b.best)); !ev.Feasible() || !near(ev.Objective, b.best.obj) || b.best.obj < before-1e-6 {
				t.Fatalf("seed %d window %d: %v, objective %v (was %v)", seed, t0, ev.Problems, b.best.obj, before)
			}
		}
		t.Logf("seed %d: greedy %.0f, after the windows %.0f", seed, m.greedyDensity(nil).obj, b.best.obj)
		if T == 2 {
			res, err := Solve(context.Background(), inst, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !near(res.Objective, b.best.obj) {
				t.Errorf("seed %d: window %v, Solve %v", seed, b.best.obj, res.Objective)
			}
		}
	}
}
