package priority

import (
	"math"
	"slices"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

func standingView() RankingView {
	return RankingView{
		Rankings: Rankings{
			Municipal: [][]float64{{1, 2, 3, 4}, {4, 2, 3, 1}},
			Joint: []JointRanking{
				{Method: MethodWeightedSum, Rank: []float64{1, 2, 3, 4}, Scores: []float64{0.9, 0.7, 0.5, 0.1}},
				{Method: MethodBorda, Rank: []float64{2.5, 1, 2.5, 4}, Scores: []float64{4, 5, 4, 1}},
			},
		},
		Services:       []catalogue.Service{{ID: 10}, {ID: 20}, {ID: 30}, {ID: 40}},
		Municipalities: []catalogue.Municipality{{ID: 1}, {ID: 2}},
	}
}

func TestStandings(t *testing.T) {
	v := standingView()
	// A Borda decision: service 10 was 1st, 20 3rd, 30 2nd; 40 is new.
	dec := Decision{Method: MethodBorda, Ranking: []byte(`[{"id":10,"rank":1},{"id":30,"rank":2},{"id":20,"rank":3}]`)}
	st := v.Standings(&dec)
	if len(st) != 4 {
		t.Fatalf("%d standings", len(st))
	}
	// Moves are by the decision's method (Borda), not the weighted sum.
	for i, want := range []struct {
		moved float64
		isNew bool
	}{{-1.5, false}, {2, false}, {-0.5, false}, {0, true}} {
		if st[i].Moved != want.moved || st[i].New != want.isNew {
			t.Errorf("service %d: moved %v new %v, want %v %v", st[i].Service.ID, st[i].Moved, st[i].New, want.moved, want.isNew)
		}
	}
	if !slices.Equal(st[0].Municipal, []float64{1, 4}) || !slices.Equal(st[0].Heat, []int{1, 4}) {
		t.Errorf("service 10: municipal %v heat %v", st[0].Municipal, st[0].Heat)
	}
	if math.Abs(st[0].Spread-1.5) > 1e-12 || st[1].Spread != 0 {
		t.Errorf("spreads %v %v, want 1.5 and 0", st[0].Spread, st[1].Spread)
	}
	if !slices.Equal(st[1].Ranks, []float64{2, 1}) || !slices.Equal(st[1].Scores, []float64{0.7, 5}) {
		t.Errorf("service 20: ranks %v scores %v", st[1].Ranks, st[1].Scores)
	}
	// Without a decision nothing moved or is new.
	for _, s := range v.Standings(nil) {
		if s.Moved != 0 || s.New {
			t.Errorf("no decision, yet %+v", s)
		}
	}
	SortStandings(st, MethodBorda)
	var order []domain.ID
	for _, s := range st {
		order = append(order, s.Service.ID)
	}
	if !slices.Equal(order, []domain.ID{20, 10, 30, 40}) {
		t.Errorf("by Borda: %v", order)
	}
	SortStandings(st, "nonsense")
	if st[0].Service.ID != 10 {
		t.Errorf("an unknown method does not sort by the first: %v", st[0].Service.ID)
	}
	if ranks, ok := v.RanksBy(MethodBorda); !ok || ranks[20] != 1 || ranks[30] != 2.5 {
		t.Errorf("ranks by Borda %v %v", ranks, ok)
	}
	if _, ok := v.RanksBy("nonsense"); ok {
		t.Error("ranks by an unknown method")
	}
}

func TestHeatLevel(t *testing.T) {
	for _, c := range []struct {
		rank float64
		n    int
		want int
	}{{1, 1, 1}, {1, 10, 1}, {2, 10, 1}, {3, 10, 2}, {10, 10, 5}, {5.5, 10, 3}, {1, 3, 1}, {3, 3, 4}} {
		if got := heatLevel(c.rank, c.n); got != c.want {
			t.Errorf("heatLevel(%v, %d) = %d, want %d", c.rank, c.n, got, c.want)
		}
	}
}

func TestDecisionWeightsByCriterion(t *testing.T) {
	crits := []Criterion{{Key: "gain", Name: "Gevinst"}, {Key: "risk", Name: "Risiko"}}
	d := Decision{Weights: []byte(`{"risk":0.25,"gone":0.1,"gain":0.65}`)}
	got := d.WeightsByCriterion(crits)
	want := []DecisionWeight{{Key: "gain", Criterion: crits[0], Known: true, Weight: 0.65},
		{Key: "risk", Criterion: crits[1], Known: true, Weight: 0.25}, {Key: "gone", Weight: 0.1}}
	if len(got) != len(want) {
		t.Fatalf("%+v", got)
	}
	for i := range want {
		if got[i].Key != want[i].Key || got[i].Known != want[i].Known || got[i].Weight != want[i].Weight || got[i].Criterion.Name != want[i].Criterion.Name {
			t.Errorf("%d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if w := (Decision{Weights: []byte(`[0.5, 0.5]`)}).WeightsByCriterion(crits); w != nil {
		t.Errorf("weights from an array: %+v", w)
	}
}
