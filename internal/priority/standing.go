package priority

import (
	"cmp"
	"encoding/json"
	"slices"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/priority/method"
)

// The decision maths of the prioritisation page: each service's standing
// in a ranking (its place by every joint method, its place in each
// municipality, how contested it is, how far it moved since a decision)
// and a decision's frozen weights by criterion. Pure: values in, values
// out, so that the web layer only renders.

// HeatLevels is how many shades the heat map of municipal ranks has.
const HeatLevels = 5

// ServiceStanding is one service's standing in a ranking.
type ServiceStanding struct {
	Service catalogue.Service
	// Ranks and Scores by joint method, in the order of RankingView.Joint.
	Ranks  []float64
	Scores []float64
	// Municipal is its rank in each municipality (RankingView's order),
	// Heat that rank in fifths of the list (1 the top fifth, HeatLevels
	// the bottom).
	Municipal []float64
	Heat      []int
	// Spread is the standard deviation of the municipal ranks (dividing
	// by N): how contested the service is.
	Spread float64
	// Since the decision the standing was compared with (if any): Moved
	// is how many places it rose by the decision's method (negative: it
	// fell; tied places make halves), New that the decision did not rank
	// it.
	Moved float64
	New   bool
}

// Standings lays the ranking out by service, in the view's service
// order. When since is given, each service's place by since's method is
// compared with its place in since (a decision of another method, or one
// that cannot be read, is compared by the first joint method).
func (v RankingView) Standings(since *Decision) []ServiceStanding {
	n := len(v.Services)
	var before map[domain.ID]float64
	compareBy := 0
	if since != nil {
		before = since.Ranks()
		if i := slices.IndexFunc(v.Joint, func(j JointRanking) bool { return j.Method == since.Method }); i >= 0 {
			compareBy = i
		}
	}
	out := make([]ServiceStanding, n)
	for si, svc := range v.Services {
		st := ServiceStanding{Service: svc}
		for _, j := range v.Joint {
			st.Ranks = append(st.Ranks, j.Rank[si])
			st.Scores = append(st.Scores, j.Scores[si])
		}
		for mi := range v.Municipalities {
			rk := v.Municipal[mi][si]
			st.Municipal = append(st.Municipal, rk)
			st.Heat = append(st.Heat, heatLevel(rk, n))
		}
		if sp, err := method.Dispersion(st.Municipal); err == nil {
			st.Spread = sp.SD
		}
		if before != nil && compareBy < len(st.Ranks) {
			if old, ok := before[svc.ID]; ok {
				st.Moved = old - st.Ranks[compareBy]
			} else {
				st.New = true
			}
		}
		out[si] = st
	}
	return out
}

// SortStandings orders the standings by their rank by one joint method
// (by name; an unknown name sorts by the first), ties keeping their order.
func SortStandings(list []ServiceStanding, by string) {
	i := max(0, slices.Index(JointMethods, by))
	slices.SortStableFunc(list, func(a, b ServiceStanding) int {
		if i >= len(a.Ranks) || i >= len(b.Ranks) {
			return 0
		}
		return cmp.Compare(a.Ranks[i], b.Ranks[i])
	})
}

// heatLevel puts a rank of n into fifths of the list: 1 the top fifth.
func heatLevel(rank float64, n int) int {
	if n <= 1 {
		return 1
	}
	return max(1, min(HeatLevels, 1+int(HeatLevels*(rank-1)/float64(n))))
}

// Ranks reads the places a decision froze, by service; nil when its
// ranking cannot be read.
func (d Decision) Ranks() map[domain.ID]float64 {
	list, err := d.Services()
	if err != nil {
		return nil
	}
	out := make(map[domain.ID]float64, len(list))
	for _, s := range list {
		out[s.ID] = s.Rank
	}
	return out
}

// RanksBy returns each service's place today by one joint method; false
// when the view has no such method.
func (v RankingView) RanksBy(method string) (map[domain.ID]float64, bool) {
	j, ok := v.ByMethod(method)
	if !ok {
		return nil, false
	}
	out := make(map[domain.ID]float64, len(v.Services))
	for si, svc := range v.Services {
		out[svc.ID] = j.Rank[si]
	}
	return out, true
}

// DecisionWeight is one criterion's weight in a decision. Criterion is
// the criterion with that key today; Known is false when none has it
// (only the key is left to show).
type DecisionWeight struct {
	Key       string
	Criterion Criterion
	Known     bool
	Weight    float64
}

// WeightsByCriterion names the group weights a decision froze by the
// criteria (a decision stores them by key): the criteria's order first,
// then keys no criterion has, by key. A payload that is not an object of
// weights by key (a decision may hold any JSON) gives none.
func (d Decision) WeightsByCriterion(criteria []Criterion) []DecisionWeight {
	var byKey map[string]float64
	if err := json.Unmarshal(d.Weights, &byKey); err != nil {
		return nil
	}
	out := make([]DecisionWeight, 0, len(byKey))
	for _, c := range criteria {
		if w, ok := byKey[c.Key]; ok {
			out = append(out, DecisionWeight{Key: c.Key, Criterion: c, Known: true, Weight: w})
			delete(byKey, c.Key)
		}
	}
	rest := make([]string, 0, len(byKey))
	for k := range byKey {
		rest = append(rest, k)
	}
	slices.Sort(rest)
	for _, k := range rest {
		out = append(out, DecisionWeight{Key: k, Weight: byKey[k]})
	}
	return out
}
