package priority

import (
	"math"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/priority/method"
)

// Two criteria (benefit, higher better; cost, lower better), three
// services, two municipalities.
func rankingCase() RankingInput {
	nan := math.NaN()
	return RankingInput{
		Criteria: []Criterion{{Key: "benefit", Direction: HigherBetter}, {Key: "cost", Direction: LowerBetter}},
		Services: []domain.ID{1, 2, 3}, Municipalities: []domain.ID{10, 20},
		Values: [][][]float64{
			{{5, 3, 1}, {4, 3, nan}}, // benefit
			{{1, 3, 5}, {2, 3, 5}},   // cost
		},
		GroupWeights: []float64{0.75, 0.25},
	}
}

func TestRankByHand(t *testing.T) {
	r, err := Rank(rankingCase())
	if err != nil {
		t.Fatal(err)
	}
	// Benefit scales over 1…5: municipality 10 gives 1, .5, 0; municipality
	// 20 gives .75, .5 and 0.5 for the unknown. Cost (1…5, lower better):
	// 10 gives 1, .5, 0; 20 gives .75, .5, 0.
	// Municipality 10: service 1 = .75·1 + .25·1 = 1; 2 = .5; 3 = 0.
	if got := r.MunicipalScore[0]; !near(got[0], 1) || !near(got[1], 0.5) || !near(got[2], 0) {
		t.Errorf("municipality 10's scores = %v", got)
	}
	// Municipality 20: 1 = .75·.75 + .25·.75 = .75; 2 = .5; 3 = .75·.5 + 0 = .375.
	if got := r.MunicipalScore[1]; !near(got[0], 0.75) || !near(got[1], 0.5) || !near(got[2], 0.375) {
		t.Errorf("municipality 20's scores = %v", got)
	}
	// Both rank 1 > 2 > 3: every method agrees and W is 1.
	for _, j := range r.Joint {
		if j.Rank[0] != 1 || j.Rank[1] != 2 || j.Rank[2] != 3 {
			t.Errorf("%s ranks %v, want 1 2 3", j.Method, j.Rank)
		}
	}
	if !near(r.Concordance.W, 1) {
		t.Errorf("W = %v, want 1 for identical rankings", r.Concordance.W)
	}
	if len(r.Joint) != len(JointMethods) {
		t.Errorf("%d joint rankings", len(r.Joint))
	}
}

func TestRankDisagreement(t *testing.T) {
	in := rankingCase()
	// Municipality 20 now prefers service 3 on benefit.
	in.Values[0][1] = []float64{1, 3, 5}
	in.Weights = [][]float64{nil, {1, 0}}
	r, err := Rank(in)
	if err != nil {
		t.Fatal(err)
	}
	if r.Municipal[1][2] != 1 {
		t.Errorf("municipality 20 with its own weights ranks service 3 at %v, want first", r.Municipal[1][2])
	}
	if r.Concordance.W >= 1 {
		t.Errorf("W = %v for disagreeing municipalities", r.Concordance.W)
	}
	if len(r.Contested) == 0 || r.Contested[0].SD == 0 {
		t.Errorf("no contested service: %+v", r.Contested)
	}
	if _, err := Rank(RankingInput{}); domain.KindOf(err) != domain.KindInvalid {
		t.Errorf("empty input: %v", err)
	}
}

func TestConsensusRounds(t *testing.T) {
	crit := []Criterion{{ID: 7, Key: "nytte", Scale: Scale{Min: 1, Max: 5}}}
	res := func(n int, values ...float64) Results {
		return Results{Round: RoundView{Round: Round{Number: n}},
			Services: []ServiceResult{{ServiceID: 1, Criteria: []CriterionResult{{CriterionID: 7, Values: values}}}}}
	}
	r1 := res(1, 1, 2, 4, 5, 5)
	r2 := res(2, 3, 4, 4, 4, 5)
	c1 := Consensus(r1, nil, crit, method.DefaultConsensusRule())
	c2 := Consensus(r2, &r1, crit, method.DefaultConsensusRule())
	if c1.ConsensusShare != 0 || c2.ConsensusShare != 1 {
		t.Errorf("consensus round 1 %v, round 2 %v; want 0 then 1", c1.ConsensusShare, c2.ConsensusShare)
	}
	if c1.HasPrevious || !c2.HasPrevious || c2.StableShare != 1 {
		// the median stayed at 4
		t.Errorf("stability: %+v", c2)
	}
	if cc := c2.Services[0].Criteria[0]; cc.MedianShift != 0 || cc.IQRShift >= 0 {
		t.Errorf("shift: %+v", cc)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
