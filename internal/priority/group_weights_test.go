package priority

import (
	"math"
	"slices"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/priority/method"
)

func TestComputeGroupWeights(t *testing.T) {
	active := []Criterion{{Key: "a", Active: true}, {Key: "b", Active: true}, {Key: "c", Active: true}}
	pop := func(n int64) *int64 { return &n }
	muni := func(id domain.ID, name string, p *int64) catalogue.Municipality {
		return catalogue.Municipality{ID: id, Name: name, Population: p}
	}
	// AHP over a, b, c: a twice b, b three times c (consistent).
	ahpABC := Elicitation{Method: MethodAHP, Criteria: []string{"a", "b", "c"},
		Matrix: [][]float64{{1, 2, 6}, {1. / 2, 1, 3}, {1. / 6, 1. / 3, 1}}}
	// The same judgements with the criteria in another order.
	ahpCAB := Elicitation{Method: MethodAHP, Criteria: []string{"c", "a", "b"},
		Matrix: [][]float64{{1, 1. / 6, 1. / 3}, {6, 1, 2}, {3, 1. / 2, 1}}}
	// Another AHP: all equal.
	ahpEqual := Elicitation{Method: MethodAHP, Criteria: []string{"a", "b", "c"},
		Matrix: [][]float64{{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}}
	direct := Elicitation{Method: MethodDirect, Criteria: []string{"b", "a", "c"}, Points: []float64{20, 50, 30}}
	swing := Elicitation{Method: MethodSwing, Criteria: []string{"a", "b", "c"}, Points: []float64{100, 50, 50}}
	stale := Elicitation{Method: MethodDirect, Criteria: []string{"a", "b"}, Points: []float64{1, 1}}

	geo := func(ws [][]float64, counts []float64) []float64 {
		out := make([]float64, 3)
		var total, sum float64
		for _, c := range counts {
			sum += c
		}
		for i := range out {
			var l float64
			for k, w := range ws {
				l += counts[k] * math.Log(w[i])
			}
			out[i] = math.Exp(l / sum)
			total += out[i]
		}
		for i := range out {
			out[i] /= total
		}
		return out
	}
	aij := func(ms [][][]float64, counts []float64) []float64 {
		g, err := method.GroupJudgements(ms, counts)
		if err != nil {
			t.Fatal(err)
		}
		r, err := method.AHP(g)
		if err != nil {
			t.Fatal(err)
		}
		return r.Weights
	}
	abc := [][]float64{{1, 2, 6}, {1. / 2, 1, 3}, {1. / 6, 1. / 3, 1}}
	eq := [][]float64{{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}

	tests := []struct {
		name         string
		members      []GroupMember
		byPopulation bool
		rule         GroupRule
		want         []float64
		included     []string
		leftOut      map[string]LeftOutReason
		hasAHP       bool
	}{
		{name: "nobody has weights: equal",
			members: []GroupMember{{Municipality: muni(1, "A", pop(100))}},
			rule:    GroupEqual, want: []float64{1. / 3, 1. / 3, 1. / 3},
			leftOut: map[string]LeftOutReason{"A": LeftOutNoWeights}},
		{name: "all AHP: AIJ, criteria order of the elicitation does not matter",
			members: []GroupMember{{Municipality: muni(1, "A", nil), Elicitation: &ahpCAB}, {Municipality: muni(2, "B", nil), Elicitation: &ahpEqual}},
			rule:    GroupAIJ, want: aij([][][]float64{abc, eq}, nil), included: []string{"A", "B"}, hasAHP: true},
		{name: "all AHP by population: AIJ weighted",
			members:      []GroupMember{{Municipality: muni(1, "A", pop(3000)), Elicitation: &ahpABC}, {Municipality: muni(2, "B", pop(1000)), Elicitation: &ahpEqual}},
			byPopulation: true,
			rule:         GroupAIJ, want: aij([][][]float64{abc, eq}, []float64{3000, 1000}), included: []string{"A", "B"}, hasAHP: true},
		{name: "mixed AHP, direct and swing: geometric mean of the weight vectors",
			members: []GroupMember{{Municipality: muni(1, "A", nil), Elicitation: &ahpABC},
				{Municipality: muni(2, "B", nil), Elicitation: &direct}, {Municipality: muni(3, "C", nil), Elicitation: &swing},
				{Municipality: muni(4, "D", nil), Elicitation: &stale}, {Municipality: muni(5, "E", nil)}},
			rule:     GroupGeometricMean,
			want:     geo([][]float64{{0.6, 0.3, 0.1}, {0.5, 0.2, 0.3}, {0.5, 0.25, 0.25}}, []float64{1, 1, 1}),
			included: []string{"A", "B", "C"},
			leftOut:  map[string]LeftOutReason{"D": LeftOutStale, "E": LeftOutNoWeights}},
		{name: "mixed by population, one without a population figure left out",
			members: []GroupMember{{Municipality: muni(1, "A", pop(2000)), Elicitation: &ahpABC},
				{Municipality: muni(2, "B", pop(6000)), Elicitation: &direct}, {Municipality: muni(3, "C", nil), Elicitation: &swing},
				{Municipality: muni(4, "D", pop(0)), Elicitation: &ahpEqual}},
			byPopulation: true,
			rule:         GroupGeometricMean,
			want:         geo([][]float64{{0.6, 0.3, 0.1}, {0.5, 0.2, 0.3}}, []float64{2000, 6000}),
			included:     []string{"A", "B"},
			leftOut:      map[string]LeftOutReason{"C": LeftOutNoPopulation, "D": LeftOutNoPopulation}},
		{name: "missing population does not matter when weighting equally",
			members: []GroupMember{{Municipality: muni(1, "A", nil), Elicitation: &ahpABC}, {Municipality: muni(2, "B", pop(10)), Elicitation: &ahpEqual}},
			rule:    GroupAIJ, want: aij([][][]float64{abc, eq}, nil), included: []string{"A", "B"}, hasAHP: true},
		{name: "the only AHP municipality without a figure: what remains is direct",
			members: []GroupMember{{Municipality: muni(1, "A", nil), Elicitation: &ahpABC},
				{Municipality: muni(2, "B", pop(500)), Elicitation: &direct}},
			byPopulation: true,
			rule:         GroupGeometricMean, want: []float64{0.5, 0.2, 0.3}, included: []string{"B"},
			leftOut: map[string]LeftOutReason{"A": LeftOutNoPopulation}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := ComputeGroupWeights(active, tc.members, tc.byPopulation)
			if g.Rule != tc.rule {
				t.Errorf("rule %q, want %q", g.Rule, tc.rule)
			}
			if len(g.Weights) != len(tc.want) {
				t.Fatalf("weights %v, want %v", g.Weights, tc.want)
			}
			var sum float64
			for i := range g.Weights {
				sum += g.Weights[i]
				if math.Abs(g.Weights[i]-tc.want[i]) > 1e-9 {
					t.Errorf("weights %v, want %v", g.Weights, tc.want)
					break
				}
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Errorf("weights sum to %v", sum)
			}
			var inc []string
			for _, c := range g.Included {
				inc = append(inc, c.Municipality.Name)
			}
			if !slices.Equal(inc, tc.included) {
				t.Errorf("included %v, want %v", inc, tc.included)
			}
			left := map[string]LeftOutReason{}
			for _, l := range g.LeftOut {
				left[l.Municipality.Name] = l.Reason
			}
			if len(left) != len(tc.leftOut) {
				t.Errorf("left out %v, want %v", left, tc.leftOut)
			}
			for k, v := range tc.leftOut {
				if left[k] != v {
					t.Errorf("left out %v, want %v", left, tc.leftOut)
				}
			}
			if (g.AHP != nil) != tc.hasAHP {
				t.Errorf("AHP consistency %v, want it: %v", g.AHP, tc.hasAHP)
			}
			if g.ByPopulation != tc.byPopulation {
				t.Errorf("by population %v", g.ByPopulation)
			}
		})
	}
}

func TestWeightsForAlignsTheCriteria(t *testing.T) {
	keys := []string{"a", "b", "c"}
	e := Elicitation{Method: MethodDirect, Criteria: []string{"c", "a", "b"}, Points: []float64{10, 60, 30}}
	w, ok := e.WeightsFor(keys)
	if !ok || math.Abs(w.Weights[0]-0.6) > 1e-12 || math.Abs(w.Weights[2]-0.1) > 1e-12 || w.AHP != nil {
		t.Errorf("aligned direct weights %v %v", w, ok)
	}
	if _, ok := e.WeightsFor([]string{"a", "b"}); ok {
		t.Error("weights for other criteria count")
	}
	if _, ok := (Elicitation{Method: "vote", Criteria: keys}).WeightsFor(keys); ok {
		t.Error("an unknown method counts")
	}
	m := Elicitation{Method: MethodAHP, Criteria: []string{"b", "a"}, Matrix: [][]float64{{1, 3}, {1. / 3, 1}}}
	w, ok = m.WeightsFor([]string{"a", "b"})
	if !ok || w.AHP == nil || math.Abs(w.Weights[0]-0.25) > 1e-9 {
		t.Errorf("aligned AHP weights %v %v", w, ok)
	}
}
