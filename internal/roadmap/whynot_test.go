package roadmap

import (
	"slices"
	"testing"
)

// TestWhyNotYearsAfterRequirements checks that a service waiting for its
// requirement is not said to wait for money in the years before that
// requirement lets it start.
func TestWhyNotYearsAfterRequirements(t *testing.T) {
	inst := Instance{DiscountRate: 0.04, Horizon: 8, Years: []Year{{Budget: 10, Capacity: 10}, {Budget: 10, Capacity: 10}, {Budget: 10, Capacity: 10}},
		Services: []Service{
			{ID: "komponent", Cost: 4, Hours: 1},
			{ID: "tjeneste", Cost: 8, Hours: 1, AnnualBenefit: 5, Requires: []string{"komponent"}},
			{ID: "annen", Cost: 7, Hours: 1, AnnualBenefit: 6},
		}}
	// The component in year 1 and the other service filling year 2:
	// "tjeneste" may start in year 2 only, where the budget is used up.
	plan := []Start{{ID: "komponent", Year: 1}, {ID: "annen", Year: 2}}
	rs, err := WhyNot(inst, plan, "tjeneste")
	if err != nil {
		t.Fatal(err)
	}
	var budget []int
	for _, r := range rs {
		if r.Code == "roadmap.why_budget" {
			budget = r.Params[0].([]int)
		}
	}
	if !slices.Equal(budget, []int{2}) {
		t.Errorf("budget years = %v, want [2] (reasons %+v)", budget, rs)
	}
}
