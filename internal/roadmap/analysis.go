package roadmap

import (
	"context"
	"math"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Run solves scenario sc of r within limit and returns its outcome: the
// optimiser's plan with its bound, and the greedy baseline in the
// roadmap's ranking order. A scenario whose must-items cannot all be
// planned gets an outcome with Problems and no plan; any other invalid
// instance is an error.
func Run(ctx context.Context, r Roadmap, sc Scenario, limit time.Duration, now time.Time) (Outcome, error) {
	return RunWithin(ctx, r, sc, Options{TimeLimit: limit}, now)
}

// RunWithin is Run with the optimiser's options: its time limit and the
// sizes it accepts.
func RunWithin(ctx context.Context, r Roadmap, sc Scenario, opts Options, now time.Time) (Outcome, error) {
	inst := r.Instance(sc)
	out := Outcome{SolvedAt: now, Digest: Digest(inst)}
	res, err := Solve(ctx, inst, opts)
	if err != nil {
		de := domain.AsError(err)
		if de.Kind != domain.KindInvalid {
			return Outcome{}, err
		}
		out.Problems = de.Fields
		if len(out.Problems) == 0 {
			out.Problems = []domain.FieldError{domain.Field("", de.Code)}
		}
		out.Optimum = Result{Solver: "builtin"}
		return out, nil
	}
	res.Solver = "builtin"
	if math.IsInf(res.Gap, 0) || math.IsNaN(res.Gap) {
		res.Gap = 0
	}
	out.Optimum = res
	if g, err := Greedy(inst, r.Order()); err == nil {
		g.Bound, g.Gap = 0, 0 // a heuristic has neither; JSON has no NaN
		out.Greedy = &g
	}
	return out, nil
}

// Analysis is what a scenario's page shows: the plan's yearly use, each
// item's start in the optimum and in the greedy baseline, and why the
// items that are left out or wait do so.
type Analysis struct {
	Scenario Scenario
	Instance Instance
	Stale    bool
	// Optimum and Greedy are the plans' objectives and yearly use; Greedy
	// is nil when the scenario has no baseline.
	Optimum *Evaluation
	Greedy  *Evaluation
	// Start and GreedyStart give each item's planning year (absent: not
	// started).
	Start       map[string]int
	GreedyStart map[string]int
	// Value is v(i,t) of each item at its start in the optimum.
	Value map[string]float64
	// Why explains every item that is not started, or starts after the
	// first year.
	Why map[string][]Reason
}

// Difference is the optimum's objective less the greedy baseline's.
func (a Analysis) Difference() (float64, bool) {
	if a.Optimum == nil || a.Greedy == nil {
		return 0, false
	}
	return a.Optimum.Objective - a.Greedy.Objective, true
}

// Analyse evaluates scenario sc's stored outcome against the roadmap.
func Analyse(r Roadmap, sc Scenario) (Analysis, error) {
	inst := r.Instance(sc)
	a := Analysis{Scenario: sc, Instance: inst, Stale: r.Stale(sc), Start: map[string]int{}, GreedyStart: map[string]int{},
		Value: map[string]float64{}, Why: map[string][]Reason{}}
	if sc.Outcome == nil || len(sc.Outcome.Problems) > 0 || a.Stale {
		return a, nil
	}
	ev, err := Evaluate(inst, sc.Outcome.Optimum.Plan)
	if err != nil {
		return a, err
	}
	a.Optimum = &ev
	idx := indexOf(r.Items)
	for _, st := range sc.Outcome.Optimum.Plan {
		a.Start[st.ID] = st.Year
		if i, ok := idx[st.ID]; ok {
			a.Value[st.ID] = inst.Value(inst.Services[i], st.Year)
		}
	}
	if g := sc.Outcome.Greedy; g != nil {
		gev, err := Evaluate(inst, g.Plan)
		if err != nil {
			return a, err
		}
		a.Greedy = &gev
		for _, st := range g.Plan {
			a.GreedyStart[st.ID] = st.Year
		}
	}
	for _, it := range r.Items {
		if t, ok := a.Start[it.Key]; ok && t == 0 {
			continue
		}
		why, err := WhyNot(inst, sc.Outcome.Optimum.Plan, it.Key)
		if err != nil {
			return a, err
		}
		a.Why[it.Key] = why
	}
	return a, nil
}
