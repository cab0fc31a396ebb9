package priority

import (
	"math"
	"slices"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/priority/method"
)

// Weighing is what an elicitation gives for the active criteria: the
// weights in their order and, for AHP, the consistency of the judgements.
type Weighing struct {
	Weights []float64
	AHP     *method.AHPResult // nil unless the elicitation is AHP
}

// MatrixFor returns e's AHP matrix with rows and columns in the order of
// keys; false unless e compares exactly those criteria (in any order).
func (e Elicitation) MatrixFor(keys []string) ([][]float64, bool) {
	idx, ok := keyOrder(e.Criteria, keys)
	if !ok || len(e.Matrix) != len(keys) {
		return nil, false
	}
	m := make([][]float64, len(keys))
	for a := range keys {
		if len(e.Matrix[idx[a]]) != len(keys) {
			return nil, false
		}
		m[a] = make([]float64, len(keys))
		for b := range keys {
			m[a][b] = e.Matrix[idx[a]][idx[b]]
		}
	}
	return m, true
}

// PointsFor returns e's direct or swing points in the order of keys;
// false unless e gives points for exactly those criteria.
func (e Elicitation) PointsFor(keys []string) ([]float64, bool) {
	idx, ok := keyOrder(e.Criteria, keys)
	if !ok || len(e.Points) != len(keys) {
		return nil, false
	}
	out := make([]float64, len(keys))
	for k := range keys {
		out[k] = e.Points[idx[k]]
	}
	return out, true
}

// WeightsFor computes the weights e gives, in the order of keys (the
// active criteria). It is the one reading of an elicitation, shared by the
// weights page and the rankings, so that a municipality's weights are the
// same wherever they show. False when e was given for other criteria than
// keys (it is stale: the criteria changed since) or cannot be computed.
func (e Elicitation) WeightsFor(keys []string) (Weighing, bool) {
	switch e.Method {
	case MethodAHP:
		m, ok := e.MatrixFor(keys)
		if !ok {
			return Weighing{}, false
		}
		res, err := method.AHP(m)
		if err != nil {
			return Weighing{}, false
		}
		return Weighing{Weights: res.Weights, AHP: &res}, true
	case MethodDirect, MethodSwing:
		points, ok := e.PointsFor(keys)
		if !ok {
			return Weighing{}, false
		}
		w, err := method.DirectWeights(points)
		if e.Method == MethodSwing {
			w, err = method.SwingWeights(points)
		}
		if err != nil {
			return Weighing{}, false
		}
		return Weighing{Weights: w}, true
	}
	return Weighing{}, false
}

// keyOrder returns, for each of keys, its place in given; false unless
// given holds the same keys.
func keyOrder(given, keys []string) ([]int, bool) {
	if len(given) != len(keys) {
		return nil, false
	}
	idx := make([]int, len(keys))
	for k, key := range keys {
		idx[k] = slices.Index(given, key)
		if idx[k] < 0 {
			return nil, false
		}
	}
	return idx, true
}

// GroupMember is one municipality taking part, with its current weights
// (nil when it has given none).
type GroupMember struct {
	Municipality catalogue.Municipality
	Elicitation  *Elicitation
}

// GroupRule says how group weights were formed.
type GroupRule string

// The rules of the group weights.
const (
	// GroupAIJ is the AHP of the weighted geometric mean of the
	// municipalities' judgement matrices: every included municipality
	// compared the criteria in pairs.
	GroupAIJ GroupRule = "aij"
	// GroupGeometricMean is the normalised weighted geometric mean of the
	// municipalities' weight vectors: at least one used direct points or
	// swing weighting, so there are no judgements to aggregate.
	GroupGeometricMean GroupRule = "geometric_mean"
	// GroupEqual is equal weights: no municipality's weights count.
	GroupEqual GroupRule = "equal"
)

// LeftOutReason says why a municipality's weights do not count in the
// group weights.
type LeftOutReason string

// The reasons a municipality is left out of the group weights.
const (
	LeftOutNoWeights    LeftOutReason = "no_weights"    // it has given none
	LeftOutStale        LeftOutReason = "stale"         // given for other criteria than the active ones
	LeftOutNoPopulation LeftOutReason = "no_population" // weighting by population, and it has no figure
)

// GroupContribution is a municipality whose weights count: how it gave
// them, its weights (active criteria order) and its weight in the mean (the
// population, or 1).
type GroupContribution struct {
	Municipality catalogue.Municipality
	Method       Method
	Weights      []float64
	Weight       float64
}

// GroupLeftOut is a municipality whose weights do not count, and why.
type GroupLeftOut struct {
	Municipality catalogue.Municipality
	Reason       LeftOutReason
}

// GroupWeights are the group's criterion weights with how they came about.
type GroupWeights struct {
	// Weights in the order of the active criteria; they sum to 1.
	Weights []float64
	Rule    GroupRule
	// AHP is the consistency of the group matrix (GroupAIJ only).
	AHP          *method.AHPResult
	ByPopulation bool
	Included     []GroupContribution
	LeftOut      []GroupLeftOut
}

// minWeight stands in for a zero weight in the geometric mean, whose
// logarithm would otherwise be −∞ and wipe out the criterion for all.
const minWeight = 1e-9

// ComputeGroupWeights is the one computation of the group weights, used
// by the weights page and the rankings alike. The rule:
//
//   - A municipality counts when it has weights for exactly the active
//     criteria (in any order); without weights, or with weights given for
//     other criteria, it is left out (LeftOutNoWeights, LeftOutStale).
//   - Weighted by population, each municipality counts with its
//     population; one without a positive population figure cannot be
//     weighed and is left out (LeftOutNoPopulation) — it is never counted
//     as one inhabitant beside thousands. Otherwise each counts once.
//   - When every municipality that counts compared the criteria in pairs,
//     the group weights are the AHP weights of the weighted geometric mean
//     of their matrices (AIJ, GroupAIJ), with the group matrix's
//     consistency; when any used direct points or swing weighting, they
//     are the normalised weighted geometric mean of the weight vectors
//     (GroupGeometricMean; a zero weight counts as 1e-9); when none
//     counts, the weights are equal (GroupEqual).
//
// active are the active criteria in order; members keep their order in
// Included and LeftOut. A pure function: values in, values out.
func ComputeGroupWeights(active []Criterion, members []GroupMember, byPopulation bool) GroupWeights {
	keys := make([]string, len(active))
	for i, c := range active {
		keys[i] = c.Key
	}
	g := GroupWeights{ByPopulation: byPopulation}
	var matrices [][][]float64
	allAHP := true
	for _, x := range members {
		if x.Elicitation == nil {
			g.LeftOut = append(g.LeftOut, GroupLeftOut{Municipality: x.Municipality, Reason: LeftOutNoWeights})
			continue
		}
		e := *x.Elicitation
		w, ok := e.WeightsFor(keys)
		if !ok {
			g.LeftOut = append(g.LeftOut, GroupLeftOut{Municipality: x.Municipality, Reason: LeftOutStale})
			continue
		}
		weight := 1.0
		if byPopulation {
			pop := x.Municipality.Population
			if pop == nil || *pop <= 0 {
				g.LeftOut = append(g.LeftOut, GroupLeftOut{Municipality: x.Municipality, Reason: LeftOutNoPopulation})
				continue
			}
			weight = float64(*pop)
		}
		g.Included = append(g.Included, GroupContribution{Municipality: x.Municipality, Method: e.Method,
			Weights: w.Weights, Weight: weight})
		if e.Method == MethodAHP {
			m, _ := e.MatrixFor(keys)
			matrices = append(matrices, m)
		} else {
			allAHP = false
		}
	}
	n := len(keys)
	if len(g.Included) == 0 || n == 0 {
		g.Rule, g.Weights = GroupEqual, make([]float64, n)
		for i := range g.Weights {
			g.Weights[i] = 1 / float64(n)
		}
		return g
	}
	counts := make([]float64, len(g.Included))
	for i, c := range g.Included {
		counts[i] = c.Weight
	}
	if allAHP {
		if gm, err := method.GroupJudgements(matrices, counts); err == nil {
			if res, err := method.AHP(gm); err == nil {
				g.Rule, g.Weights, g.AHP = GroupAIJ, res.Weights, &res
				return g
			}
		}
		// Matrices that passed AHP always aggregate; should they not, the
		// weight vectors still give an answer.
	}
	g.Rule, g.Weights = GroupGeometricMean, make([]float64, n)
	var total, wSum float64
	for _, c := range counts {
		wSum += c
	}
	for i := range n {
		var logSum float64
		for k, c := range g.Included {
			logSum += counts[k] * math.Log(max(c.Weights[i], minWeight))
		}
		g.Weights[i] = math.Exp(logSum / wSum)
		total += g.Weights[i]
	}
	for i := range g.Weights {
		g.Weights[i] /= total
	}
	return g
}
