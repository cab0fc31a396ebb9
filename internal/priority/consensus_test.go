package priority

import (
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/priority/method"
)

// A round closed before every service got scores has a summary, or an
// explicit missing one, for every service and criterion, in the results'
// order (issue 12, item 7); the missing ones do not count in the shares.
func TestConsensusWithMissingScores(t *testing.T) {
	crits := []Criterion{{ID: 1, Scale: Scale{Min: 1, Max: 5}}, {ID: 2, Scale: Scale{Min: 1, Max: 5}}}
	res := Results{Services: []ServiceResult{
		{ServiceID: 10, Criteria: []CriterionResult{{CriterionID: 1, Values: []float64{3, 3, 4}}, {CriterionID: 2}}},
		{ServiceID: 20, Criteria: []CriterionResult{{CriterionID: 1}, {CriterionID: 2}}},
		{ServiceID: 30, Criteria: []CriterionResult{{CriterionID: 1, Values: []float64{2, 2}}, {CriterionID: 2, Values: []float64{5, 5}}}},
	}}
	prev := Results{Services: []ServiceResult{{ServiceID: 20, Criteria: []CriterionResult{{CriterionID: 1, Values: []float64{1}}}}}}
	got := Consensus(res, &prev, crits, method.DefaultConsensusRule())
	if len(got.Services) != 3 {
		t.Fatalf("services = %+v", got.Services)
	}
	for _, sc := range got.Services {
		if len(sc.Criteria) != 2 || sc.Criteria[0].CriterionID != 1 || sc.Criteria[1].CriterionID != 2 {
			t.Errorf("service %d criteria = %+v, want one entry per criterion in order", sc.ServiceID, sc.Criteria)
		}
	}
	partly, none, full := got.Services[0], got.Services[1], got.Services[2]
	if partly.Consensus || partly.Unscored() || partly.For(1).Missing || !partly.For(2).Missing || partly.For(1).Summary.Median != 3 {
		t.Errorf("partly scored = %+v", partly)
	}
	if none.Consensus || !none.Unscored() || none.For(1).HasPrevious {
		t.Errorf("unscored = %+v", none)
	}
	if !full.Consensus || full.Unscored() {
		t.Errorf("fully scored = %+v", full)
	}
	if c := full.For(99); !c.Missing || c.CriterionID != 99 {
		t.Errorf("an unknown criterion = %+v, want missing", c)
	}
	if got.ConsensusShare != 1 {
		t.Errorf("consensus share %v, want 1 (missing cells do not count)", got.ConsensusShare)
	}
}
