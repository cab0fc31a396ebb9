package roadmap

import (
	"context"
	"math"
	"testing"
	"time"
)

// TestBoundValid checks on random small instances that the root bound and
// Solve's bound are at least the brute-force optimum, which is at least
// the objective, and that reduced-cost fixing keeps the optimum.
func TestBoundValid(t *testing.T) {
	for seed := uint64(100); seed < 220; seed++ {
		n := 4 + int(seed%3)
		inst := Generate(n, 1+int(seed%3), seed)
		switch seed % 4 {
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
		}
		want, ok := brute(t, inst)
		if !ok {
			continue
		}
		m, err := compile(inst)
		if err != nil {
			t.Fatal(err)
		}
		b := newSearch(m, Options{}, time.Now())
		b.ctx = context.Background()
		b.s = m.newState()
		b.rootBound = b.improve(0, 500, want, 2)
		if tb := b.treeBound(b.lam[0], b.mu[0]); tb < want-1e-6*math.Max(1, math.Abs(want)) {
			t.Errorf("seed %d: tree bound %v < optimum %v", seed, tb, want)
		}
		if b.rootBound < want-1e-6*math.Max(1, math.Abs(want)) {
			t.Errorf("seed %d: root bound %v < optimum %v", seed, b.rootBound, want)
		}
		res, err := Solve(context.Background(), inst, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Bound < want-1e-6*math.Max(1, math.Abs(want)) || res.Objective > want+1e-6*math.Max(1, math.Abs(want)) || !near(res.Objective, want) {
			t.Errorf("seed %d: bound %v optimum %v objective %v", seed, res.Bound, want, res.Objective)
		}
	}
}
