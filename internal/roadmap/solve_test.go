package roadmap

import (
	"context"
	"math"
	"os"
	"testing"
	"time"
)

// brute enumerates every plan of a tiny instance.
func brute(t *testing.T, inst Instance) (float64, bool) {
	t.Helper()
	m, err := compile(inst)
	if err != nil {
		return 0, false
	}
	best, found := math.Inf(-1), false
	start := make([]int, m.n)
	var rec func(i int)
	rec = func(i int) {
		if i == m.n {
			var plan []Start
			for k, y := range start {
				if y >= 0 {
					plan = append(plan, Start{ID: inst.Services[k].ID, Year: y})
				}
			}
			if ev := m.evaluate(plan); ev.Feasible() && ev.Objective > best {
				best, found = ev.Objective, true
			}
			return
		}
		for y := -1; y < m.T; y++ {
			start[i] = y
			rec(i + 1)
		}
	}
	rec(0)
	return best, found
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(a)) }

func TestSolveEqualsBruteForce(t *testing.T) {
	for seed := uint64(1); seed <= 60; seed++ {
		n := 3 + int(seed%4)
		inst := Generate(n, 1+int(seed%3), seed)
		switch seed % 5 {
		case 1:
			inst.Services[0].Must = true
		case 2:
			inst.Services[1].Exclude = true
		case 3:
			inst.Services[n-1].Requires = []string{inst.Services[0].ID}
			inst.Services[0].AnnualBenefit = 0
		}
		want, ok := brute(t, inst)
		res, err := Solve(context.Background(), inst, Options{})
		if !ok {
			if err == nil {
				t.Errorf("seed %d: brute force finds no plan, Solve %v", seed, res)
			}
			continue
		}
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if !near(res.Objective, want) || !res.Optimal || res.Bound < res.Objective-1e-6 {
			t.Errorf("seed %d: Solve %v (optimal %v, bound %v), brute force %v", seed, res.Objective, res.Optimal, res.Bound, want)
		}
		ev, _ := Evaluate(inst, res.Plan)
		if !ev.Feasible() || !near(ev.Objective, res.Objective) {
			t.Errorf("seed %d: plan infeasible %v or objective %v≠%v", seed, ev.Problems, ev.Objective, res.Objective)
		}
	}
}

func TestSolveTimeLimitBound(t *testing.T) {
	inst := Generate(200, 6, 7)
	var reports int
	res, err := Solve(context.Background(), inst, Options{TimeLimit: 300 * time.Millisecond, Progress: func(Progress) { reports++ }, ProgressEvery: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if res.Bound < res.Objective-1e-6 || reports == 0 {
		t.Errorf("%+v reports %d", res, reports)
	}
	ev, _ := Evaluate(inst, res.Plan)
	if !ev.Feasible() {
		t.Errorf("infeasible: %v", ev.Problems)
	}
	t.Logf("200×6 in 0.3 s: objective %.0f bound %.0f gap %.4f nodes %d", res.Objective, res.Bound, res.Gap, res.Nodes)
}

// TestSmallInstanceTimeLimit checks that a time limit does not change the
// result of an instance the search proves: the demo's roadmap comes back
// optimal with the objective of the run without limit.
func TestSmallInstanceTimeLimit(t *testing.T) {
	f, err := os.Open("testdata/demo-roadmap.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	inst, err := ReadInstance(f)
	if err != nil {
		t.Fatal(err)
	}
	free, err := Solve(context.Background(), inst, Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Solve(context.Background(), inst, Options{TimeLimit: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if !free.Optimal || !res.Optimal || !near(res.Objective, free.Objective) {
		t.Errorf("with limit %+v, without %+v", res, free)
	}
}
