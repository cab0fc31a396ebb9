package roadmap

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

func codes(err error) string {
	de := domain.AsError(err)
	var b strings.Builder
	b.WriteString(de.Code)
	for _, f := range de.Fields {
		b.WriteString(" " + f.Field + ":" + f.Code)
	}
	return b.String()
}

func TestValidate(t *testing.T) {
	for _, c := range []struct{ json, want string }{
		{`{"discount_rate":0.3,"horizon":1,"years":[{"budget":1,"capacity":1},{"budget":-1,"capacity":1}],"services":[]}`,
			"discount_rate:roadmap.discount_rate_range horizon:roadmap.horizon_short years[1].budget:roadmap.negative"},
		{`{"discount_rate":0.04,"horizon":3,"years":[{"budget":1,"capacity":1}],"services":[{"id":"a","requires":["zz"]},{"id":"a"}]}`,
			"services[1].id:roadmap.id_duplicate services[0].requires[0]:roadmap.unknown_requires"},
		{`{"discount_rate":0.04,"horizon":3,"years":[{"budget":1,"capacity":1}],"services":[{"id":"a","requires":["b"]},{"id":"b","requires":["a"]}]}`,
			"services:roadmap.cycle"},
		{`{"discount_rate":0.04,"horizon":3,"years":[{"budget":1,"capacity":1}],"services":[{"id":"a","cost":5,"must":true},{"id":"b","must":true,"exclude":true},{"id":"c","must":true,"requires":["d"]},{"id":"d","exclude":true}]}`,
			"services[1]:roadmap.must_excluded"},
		{`{"discount_rate":0.04,"horizon":3,"years":[{"budget":1,"capacity":1}],"services":[{"id":"a","cost":5,"must":true},{"id":"c","must":true,"requires":["d"]},{"id":"d","exclude":true}]}`,
			"services[0].cost:roadmap.must_cost_exceeds_budgets services[1]:roadmap.must_requires_excluded services[1]:roadmap.must_chain_too_long"},
		{`{"discount_rate":0.04,"horizon":3,"years":[{"budget":1,"capacity":1}],"services":[{"id":"a","cost":"x"}]}`,
			"services.cost:roadmap.json_type"},
		{"{\n\"horizon\": 3,,}", "line 2, column 15:roadmap.json_syntax"},
	} {
		_, err := ReadInstance(strings.NewReader(c.json))
		if got := codes(err); got != "error.invalid_fields "+c.want {
			t.Errorf("%s\n got %s\nwant %s", c.json, got, c.want)
		}
	}
	_, err := ReadInstance(strings.NewReader(`{"discount_rate":0.04,"horizon":3,"years":[{"budget":1,"capacity":1}],"services":[{"id":"a","requires":["b"]},{"id":"b","requires":["a"]}]}`))
	if !strings.Contains(err.Error(), "a → b → a") {
		t.Errorf("cycle not named: %v", err)
	}
}

func TestInfeasibleNamesYears(t *testing.T) {
	inst := Instance{DiscountRate: 0.04, Horizon: 4, Years: []Year{{Budget: 10, Capacity: 10}, {Budget: 10, Capacity: 10}},
		Services: []Service{{ID: "a", Cost: 8, Must: true}, {ID: "b", Cost: 8, Must: true}, {ID: "c", Cost: 8, Must: true}}}
	_, err := Solve(context.Background(), inst, Options{})
	if got := codes(err); got != "roadmap.infeasible years[0].budget:roadmap.must_over_budget years:roadmap.must_over_total" {
		t.Errorf("got %s (%v)", got, err)
	}
}

func TestDependencyMustExcludeAndWhyNot(t *testing.T) {
	inst := Instance{DiscountRate: 0.04, Horizon: 6, Years: []Year{{Budget: 10, Capacity: 100}, {Budget: 10, Capacity: 100}, {Budget: 10, Capacity: 100}},
		Services: []Service{
			{ID: "idporten", Cost: 4, Hours: 1},
			{ID: "a", Cost: 5, Hours: 1, AnnualBenefit: 6, Requires: []string{"idporten"}},
			{ID: "b", Cost: 9, Hours: 1, AnnualBenefit: 5},
			{ID: "x", Cost: 1, AnnualBenefit: 9, Exclude: true},
			{ID: "neg", Cost: 9, AnnualBenefit: 0.1},
			{ID: "m", Cost: 3, AnnualBenefit: 0, Must: true},
		}}
	res, err := Solve(context.Background(), inst, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := brute(t, inst)
	if !near(res.Objective, want) {
		t.Errorf("objective %v, brute %v", res.Objective, want)
	}
	start := map[string]int{}
	for _, s := range res.Plan {
		start[s.ID] = s.Year
	}
	if ya, ok := start["a"]; ok && start["idporten"] >= ya {
		t.Errorf("a before its requirement: %v", res.Plan)
	}
	if _, ok := start["x"]; ok {
		t.Errorf("excluded planned")
	}
	if _, ok := start["m"]; !ok {
		t.Errorf("must missing")
	}
	for id, want := range map[string]string{"x": "excluded", "neg": "negative at any start", "a": "requires idporten"} {
		rs, err := WhyNot(inst, res.Plan, id)
		if err != nil {
			t.Fatal(err)
		}
		var all []string
		for _, r := range rs {
			all = append(all, r.Text)
		}
		if !strings.Contains(strings.Join(all, "; "), want) {
			t.Errorf("why not %s: %v (plan %v)", id, all, res.Plan)
		}
	}
	g, err := Greedy(inst, []string{"b", "a", "neg"})
	if err != nil || g.Objective > res.Objective+1e-9 {
		t.Errorf("greedy %v %v", g, err)
	}
	if _, err := WhyNot(inst, nil, "nope"); !errors.Is(err, err) || domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("unknown id: %v", err)
	}
}
