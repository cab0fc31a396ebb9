package benefit

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// handCase is the case the tests compute by hand:
//
//	Municipality A: 1 200 cases × 30 min / 60 = 600 h × 600 NOK = 360 000 NOK employee time
//	                1 200 cases × 60 min / 60 = 1 200 h × 300 NOK = 360 000 NOK citizen time
//	Municipality B:   600 cases × 20 min / 60 = 200 h × 500 NOK = 100 000 NOK employee time
//	                  600 cases × 30 min / 60 = 300 h × 300 NOK =  90 000 NOK citizen time
//	Direct saving (postage): 40 000 NOK
//	Full yearly gain G = 460 000 + 450 000 + 40 000 = 950 000 NOK
//	Mean hourly cost h̄ = (600 + 500) / 2 = 550 NOK
//	Investment in year 0: 500 000 + 100 h × 550 = 555 000 NOK
//	Licence every year 1…3: 50 000 NOK
//	Uptake 0.5 in year 1, then 1; 3 years at 4 %.
//
//	t  u    gains    costs    net       d_t = 1/1.04^t        PV net                 cumulative PV
//	0  0          0  555 000  −555 000  1                     −555 000               −555 000
//	1  0.5  475 000   50 000   425 000  0.961538461538461538   408 653.846153846154   −146 346.153846153846
//	2  1    950 000   50 000   900 000  0.924556213017751479   832 100.591715976331    685 754.437869822485
//	3  1    950 000   50 000   900 000  0.888996358670914884   800 096.722803823396  1 485 851.160673645881
//
//	PV benefits = 475 000 d_1 + 950 000 (d_2 + d_3) = 2 179 605.712335002276
//	PV costs    = 555 000 + 50 000 (d_1 + d_2 + d_3)  =   693 754.551661356395
//	NPV         = 1 485 851.160673645881
//	per krone   = NPV / 555 000 = 2.677209298511074
//	BCR         = 2 179 605.712… / 693 754.551… = 3.141753386864894
//	payback     = year 2 (the first cumulative PV ≥ 0)
//	Σ u_t d_t   = 0.5 d_1 + d_2 + d_3 = 2.294321802457897; A's share of PV benefits = 720 000 / 950 000
func handCase() Case {
	return Case{
		Service: "postal-permit", Name: "Hand case",
		Settings: Settings{Years: 3, DiscountRate: 0.04, PriceYear: 2025, CitizenHourValue: Exact(300)},
		Municipalities: []MunicipalityInput{
			{Municipality: "5055", Name: "A", Cases: Exact(1200), HourlyCost: Exact(600), MinutesSaved: Exact(30), CitizenMinutesSaved: Exact(60)},
			{Municipality: "5056", Name: "B", Cases: Exact(600), HourlyCost: Exact(500), MinutesSaved: Exact(20), CitizenMinutesSaved: Exact(30)},
		},
		Gains: []Gain{
			{ID: "tid", Name: "Employee time", Kind: GainEmployeeTime, Class: ClassEfficiency, FreedForOtherUse: true},
			{ID: "innb", Name: "Citizens' time", Kind: GainCitizenTime, Class: ClassOthers},
			{ID: "porto", Name: "Postage", Kind: GainDirect, Annual: Exact(40000)},
			{ID: "kval", Name: "Better service", Kind: GainQualitative, Class: ClassQuality, Score: 4},
		},
		Costs: []Cost{
			{ID: "inv", Name: "System", Kind: CostInvestment, Amount: Exact(500000), Hours: Exact(100)},
			{ID: "lis", Name: "Licence", Kind: CostLicence, Amount: Exact(50000)},
		},
		Uptake: []Range{Exact(0.5), Exact(1)},
	}
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.12f, want %.12f", what, got, want)
	}
}

func mustEvaluate(t *testing.T, c Case) Result {
	t.Helper()
	r, err := Evaluate(c)
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	return r
}

func TestEvaluateHandCase(t *testing.T) {
	r := mustEvaluate(t, handCase())
	d := []float64{1, 0.961538461538461538, 0.924556213017751479, 0.888996358670914884}
	type row struct{ u, emp, cit, direct, oneOff, yearly, pvNet, cum float64 }
	want := []row{
		{0, 0, 0, 0, 555000, 0, -555000, -555000},
		{0.5, 230000, 225000, 20000, 0, 50000, 408653.846153846154, -146346.153846153846},
		{1, 460000, 450000, 40000, 0, 50000, 832100.591715976331, 685754.437869822485},
		{1, 460000, 450000, 40000, 0, 50000, 800096.722803823396, 1485851.160673645881},
	}
	if len(r.Table) != 4 {
		t.Fatalf("table has %d rows, want 4", len(r.Table))
	}
	for i, w := range want {
		g := r.Table[i]
		p := "year " + string(rune('0'+i)) + " "
		if g.Year != i {
			t.Errorf("%syear = %d", p, g.Year)
		}
		near(t, p+"uptake", g.Uptake, w.u)
		near(t, p+"employee time", g.ByKind.EmployeeTime, w.emp)
		near(t, p+"citizen time", g.ByKind.CitizenTime, w.cit)
		near(t, p+"direct", g.ByKind.DirectSaving, w.direct)
		near(t, p+"gains", g.Gains, w.emp+w.cit+w.direct)
		near(t, p+"efficiency", g.ByClass.Efficiency, w.emp+w.direct)
		near(t, p+"others", g.ByClass.Others, w.cit)
		near(t, p+"quality", g.ByClass.Quality, 0)
		near(t, p+"freed", g.ByClass.FreedForOtherUse, w.emp)
		near(t, p+"one-off", g.OneOffCosts, w.oneOff)
		near(t, p+"yearly", g.YearlyCosts, w.yearly)
		near(t, p+"net", g.Net, w.emp+w.cit+w.direct-w.oneOff-w.yearly)
		near(t, p+"d", g.DiscountFactor, d[i])
		near(t, p+"PV net", g.PVNet, w.pvNet)
		near(t, p+"cumulative", g.CumulativePV, w.cum)
	}
	near(t, "mean hourly cost", r.MeanHourlyCost, 550)
	near(t, "PV benefits", r.PVBenefits, 2179605.712335002276)
	near(t, "PV costs", r.PVCosts, 693754.551661356395)
	near(t, "PV investment", r.PVInvestment, 555000)
	near(t, "NPV", r.NPV, 1485851.160673645881)
	if r.NPVPerKrone == nil || r.BenefitCostRatio == nil || r.PaybackYear == nil {
		t.Fatalf("undefined measure: %+v", r)
	}
	near(t, "per krone", *r.NPVPerKrone, 2.677209298511074)
	near(t, "BCR", *r.BenefitCostRatio, 3.141753386864894)
	if *r.PaybackYear != 2 {
		t.Errorf("payback year %d, want 2", *r.PaybackYear)
	}
	near(t, "full employee", r.FullUptake.EmployeeTime, 460000)
	near(t, "full citizen", r.FullUptake.CitizenTime, 450000)
	near(t, "full direct", r.FullUptake.DirectSaving, 40000)

	a := r.Municipalities[0]
	near(t, "A employee hours", a.EmployeeHours, 600)
	near(t, "A employee time", a.EmployeeTime, 360000)
	near(t, "A citizen hours", a.CitizenHours, 1200)
	near(t, "A citizen time", a.CitizenTime, 360000)
	near(t, "A PV employee", a.PVEmployeeTime, 360000*2.294321802457897)
	near(t, "A share", a.ShareOfPVBenefits, 720000.0/950000)
	near(t, "B share", r.Municipalities[1].ShareOfPVBenefits, 190000.0/950000)

	near(t, "investment value", r.Costs[0].Value, 555000)
	near(t, "licence PV", r.Costs[1].PV, 50000*(d[1]+d[2]+d[3]))
	near(t, "postage PV", r.Gains[2].PV, 40000*2.294321802457897)
	if g := r.Gains[2]; g.Class != ClassEfficiency || g.Annual != 40000 {
		t.Errorf("direct saving result %+v: want class efficiency by default, annual 40 000", g)
	}
	if g := r.Gains[3]; g.PV != 0 || g.Score != 4 {
		t.Errorf("qualitative gain %+v: want no value, score 4", g)
	}
	if _, err := json.Marshal(r); err != nil {
		t.Errorf("result does not encode: %v", err)
	}
}

func TestPayback(t *testing.T) {
	// Never: the licence (50 000 a year) exceeds the gain (40 000).
	c := Case{Settings: Settings{Years: 5},
		Gains: []Gain{{Kind: GainDirect, Annual: Exact(40000)}},
		Costs: []Cost{{Kind: CostInvestment, Amount: Exact(1000)}, {Kind: CostLicence, Amount: Exact(50000)}}}
	if r := mustEvaluate(t, c); r.PaybackYear != nil {
		t.Errorf("never: payback %d", *r.PaybackYear)
	}
	// Year 0: no cost in year 0 (the implementation falls in year 1).
	c = Case{Settings: Settings{Years: 5},
		Gains: []Gain{{Kind: GainDirect, Annual: Exact(40000)}},
		Costs: []Cost{{Kind: CostImplementation, Amount: Exact(100000), Year: 1}}}
	if r := mustEvaluate(t, c); r.PaybackYear == nil || *r.PaybackYear != 0 {
		t.Errorf("year 0: payback %v", r.PaybackYear)
	}
	// Mid-period, r = 0: −100 000, then +40 000 a year: cumulative −60 000,
	// −20 000, +20 000 in year 3.
	c.Costs[0].Year = 0
	if r := mustEvaluate(t, c); r.PaybackYear == nil || *r.PaybackYear != 3 {
		t.Errorf("mid-period: payback %v, want 3", r.PaybackYear)
	}
	// Exactly zero counts as paid back: −80 000, then +40 000 a year.
	c.Costs[0].Amount = Exact(80000)
	if r := mustEvaluate(t, c); r.PaybackYear == nil || *r.PaybackYear != 2 {
		t.Errorf("break-even: payback %v, want 2", r.PaybackYear)
	}
}

func TestUndefinedRatios(t *testing.T) {
	// No costs at all: neither ratio is defined.
	c := Case{Gains: []Gain{{Kind: GainDirect, Annual: Exact(1000)}}}
	r := mustEvaluate(t, c)
	if r.NPVPerKrone != nil || r.BenefitCostRatio != nil {
		t.Errorf("no costs: per krone %v, BCR %v, want both undefined", r.NPVPerKrone, r.BenefitCostRatio)
	}
	// Only a yearly cost: no investment, so no NPV per krone.
	c.Costs = []Cost{{Kind: CostOperation, Amount: Exact(100)}}
	r = mustEvaluate(t, c)
	if r.NPVPerKrone != nil || r.BenefitCostRatio == nil {
		t.Errorf("yearly cost only: per krone %v, BCR %v", r.NPVPerKrone, r.BenefitCostRatio)
	} else {
		near(t, "BCR", *r.BenefitCostRatio, 10)
	}
	b, err := json.Marshal(map[string]any{"r": r})
	if err != nil || !strings.Contains(string(b), `"npv_per_krone":null`) {
		t.Errorf("JSON %s, %v", b, err)
	}
	// Defaults: 10 years at 4 %; an empty case is all zeros and paid back
	// in year 0.
	r = mustEvaluate(t, Case{Settings: Settings{DiscountRate: DefaultDiscountRate}})
	if r.Years != 10 || len(r.Table) != 11 || r.NPV != 0 || r.PaybackYear == nil || *r.PaybackYear != 0 {
		t.Errorf("empty case: %+v", r)
	}
}

// TestHoursAndYears checks the hour-valued costs, a one-off cost in a later
// year, and a zero discount rate.
func TestHoursAndYears(t *testing.T) {
	c := Case{Settings: Settings{Years: 4, DiscountRate: 0},
		Municipalities: []MunicipalityInput{{HourlyCost: Exact(400)}, {HourlyCost: Exact(800)}},
		Costs: []Cost{
			{Kind: CostTraining, Hours: Exact(10), Year: 2},                          // 10 × 600 = 6 000 in year 2
			{Kind: CostOperation, Amount: Exact(1000), Hours: Exact(1)},              // 1 600 in years 1…4
			{Kind: CostImplementation, Amount: Exact(500), Hours: Exact(0), Year: 4}, // 500 in year 4
		}}
	r := mustEvaluate(t, c)
	wantCosts := []float64{0, 1600, 7600, 1600, 2100}
	for i, w := range wantCosts {
		near(t, "costs", r.Table[i].Costs, w)
	}
	near(t, "NPV", r.NPV, -(6000 + 4*1600 + 500))
	near(t, "PV investment", r.PVInvestment, 6500)
	near(t, "per krone", *r.NPVPerKrone, -12900.0/6500)
}

func TestUptakeHoldsLastValue(t *testing.T) {
	up := []Range{Exact(0.2), Exact(0.6)}
	for tt, want := range []float64{0, 0.2, 0.6, 0.6, 0.6} {
		if got := uptakeAt(up, tt); got != want {
			t.Errorf("u_%d = %v, want %v", tt, got, want)
		}
	}
	if uptakeAt(nil, 3) != 1 || uptakeAt(nil, 0) != 0 {
		t.Error("empty uptake: want 1 from year 1, 0 in year 0")
	}
}

func TestEvaluateRefusesInvalid(t *testing.T) {
	c := handCase()
	c.Municipalities[1].Cases = Exact(-5)
	_, err := Evaluate(c)
	de := domain.AsError(err)
	if de.Kind != domain.KindInvalid || de.Code != "error.invalid_fields" || len(de.Fields) != 1 ||
		de.Fields[0].Field != "municipalities[1].cases" || de.Fields[0].Code != "field.not_negative" {
		t.Fatalf("err = %v", err)
	}
}

// TestModelMatchesEvaluate checks the compiled form the simulation and the
// tornado use against Evaluate on random cases.
func TestModelMatchesEvaluate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		c := randomCase(rng, 1+rng.IntN(8), 1+rng.IntN(20))
		if i%3 == 0 {
			c.Uptake = nil
		}
		if i%5 == 0 {
			c.Gains = c.Gains[2:] // no time gains
		}
		r := mustEvaluate(t, c)
		m := compile(c)
		got := m.npv(m.vals)
		if math.Abs(got-r.NPV) > 1e-9*math.Max(1, math.Abs(r.NPV)) {
			t.Fatalf("case %d: model NPV %v, Evaluate %v", i, got, r.NPV)
		}
	}
}

// randomCase is a valid case with every input uncertain.
func randomCase(rng *rand.Rand, munis, years int) Case {
	tri := func(lo, hi float64) Range {
		a, b, c := lo+rng.Float64()*(hi-lo), lo+rng.Float64()*(hi-lo), lo+rng.Float64()*(hi-lo)
		s := []float64{a, b, c}
		if s[0] > s[1] {
			s[0], s[1] = s[1], s[0]
		}
		if s[1] > s[2] {
			s[1], s[2] = s[2], s[1]
		}
		if s[0] > s[1] {
			s[0], s[1] = s[1], s[0]
		}
		return Range{s[0], s[1], s[2]}
	}
	c := Case{Settings: Settings{Years: years, DiscountRate: rng.Float64() * 0.1, CitizenHourValue: tri(100, 500)}}
	for range munis {
		c.Municipalities = append(c.Municipalities, MunicipalityInput{
			Cases: tri(50, 5000), HourlyCost: tri(450, 900), MinutesSaved: tri(0, 60), CitizenMinutesSaved: tri(0, 120)})
	}
	c.Gains = []Gain{
		{ID: "e", Kind: GainEmployeeTime}, {ID: "c", Kind: GainCitizenTime},
		{ID: "d1", Kind: GainDirect, Annual: tri(0, 100000)}, {ID: "d2", Kind: GainDirect, Annual: tri(0, 20000)},
		{ID: "q", Kind: GainQualitative, Score: 3},
	}
	c.Costs = []Cost{
		{ID: "i", Kind: CostInvestment, Amount: tri(100000, 2000000), Hours: tri(0, 500)},
		{ID: "t", Kind: CostTraining, Hours: tri(10, 400), Year: rng.IntN(years + 1)},
		{ID: "l", Kind: CostLicence, Amount: tri(10000, 200000)},
		{ID: "o", Kind: CostOperation, Amount: tri(0, 50000), Hours: tri(0, 100)},
	}
	for range 1 + rng.IntN(4) {
		c.Uptake = append(c.Uptake, tri(0, 1))
	}
	return c
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *Case)
		field  string
		code   string
		params []any
	}{
		{"years too many", func(c *Case) { c.Settings.Years = 51 }, "settings.years", CodeYears, []any{1, 50}},
		{"years negative", func(c *Case) { c.Settings.Years = -1 }, "settings.years", CodeYears, []any{1, 50}},
		{"discount rate", func(c *Case) { c.Settings.DiscountRate = 0.2 }, "settings.discount_rate", CodeDiscountRate, []any{0.0, 0.15}},
		{"discount rate negative", func(c *Case) { c.Settings.DiscountRate = -0.01 }, "settings.discount_rate", CodeDiscountRate, []any{0.0, 0.15}},
		{"discount rate NaN", func(c *Case) { c.Settings.DiscountRate = math.NaN() }, "settings.discount_rate", "field.not_a_number", nil},
		{"citizen hour value", func(c *Case) { c.Settings.CitizenHourValue = Exact(-1) }, "settings.citizen_hour_value", "field.not_negative", nil},
		{"negative volume", func(c *Case) { c.Municipalities[1].Cases = Range{-10, 5, 20} }, "municipalities[1].cases", "field.not_negative", nil},
		{"negative hourly cost", func(c *Case) { c.Municipalities[0].HourlyCost = Exact(-600) }, "municipalities[0].hourly_cost", "field.not_negative", nil},
		{"negative minutes", func(c *Case) { c.Municipalities[0].MinutesSaved = Exact(-3) }, "municipalities[0].minutes_saved", "field.not_negative", nil},
		{"range order", func(c *Case) { c.Municipalities[1].CitizenMinutesSaved = Range{40, 30, 50} }, "municipalities[1].citizen_minutes_saved", CodeRangeOrder, []any{40.0, 30.0, 50.0}},
		{"range order high", func(c *Case) { c.Gains[2].Annual = Range{1, 3, 2} }, "gains[2].annual", CodeRangeOrder, []any{1.0, 3.0, 2.0}},
		{"infinite", func(c *Case) { c.Gains[2].Annual = Range{1, 2, math.Inf(1)} }, "gains[2].annual", "field.not_a_number", nil},
		{"too large", func(c *Case) { c.Municipalities[0].Cases = Exact(2e15) }, "municipalities[0].cases", CodeTooLarge, []any{1e15}},
		{"gain kind", func(c *Case) { c.Gains[1].Kind = "time" }, "gains[1].kind", "field.one_of", []any{"employee_time, citizen_time, direct_saving, qualitative"}},
		{"gain class", func(c *Case) { c.Gains[0].Class = "budget" }, "gains[0].class", "field.one_of", []any{"efficiency, quality, others"}},
		{"score", func(c *Case) { c.Gains[3].Score = 6 }, "gains[3].score", CodeScore, []any{1, 5}},
		{"score missing", func(c *Case) { c.Gains[3].Score = 0 }, "gains[3].score", CodeScore, []any{1, 5}},
		{"duplicate gain id", func(c *Case) { c.Gains[2].ID = "tid" }, "gains[2].id", CodeDuplicateID, []any{"tid"}},
		{"duplicate time kind", func(c *Case) { c.Gains[2].Kind = GainEmployeeTime }, "gains[2].kind", CodeDuplicateKind, []any{GainEmployeeTime}},
		{"cost kind", func(c *Case) { c.Costs[0].Kind = "" }, "costs[0].kind", "field.one_of", []any{"investment, implementation, training, licence, operation"}},
		{"negative cost", func(c *Case) { c.Costs[1].Amount = Exact(-1) }, "costs[1].amount", "field.not_negative", nil},
		{"negative hours", func(c *Case) { c.Costs[0].Hours = Range{-1, 0, 1} }, "costs[0].hours", "field.not_negative", nil},
		{"duplicate cost id", func(c *Case) { c.Costs[1].ID = "inv" }, "costs[1].id", CodeDuplicateID, []any{"inv"}},
		{"cost year", func(c *Case) { c.Costs[0].Year = 4 }, "costs[0].year", CodeCostYear, []any{0, 3}},
		{"cost year negative", func(c *Case) { c.Costs[0].Year = -1 }, "costs[0].year", CodeCostYear, []any{0, 3}},
		{"uptake above 1", func(c *Case) { c.Uptake = append(c.Uptake, Exact(1), Exact(1.2)) }, "uptake[3]", CodeUptake, []any{0, 1}},
		{"uptake high above 1", func(c *Case) { c.Uptake[1] = Range{0.8, 1, 1.1} }, "uptake[1]", CodeUptake, []any{0, 1}},
		{"uptake negative", func(c *Case) { c.Uptake[0] = Range{-0.1, 0, 0.2} }, "uptake[0]", CodeUptake, []any{0, 1}},
		{"uptake order", func(c *Case) { c.Uptake[0] = Range{0.5, 0.4, 0.6} }, "uptake[0]", CodeRangeOrder, []any{0.5, 0.4, 0.6}},
	}
	if errs := Validate(handCase()); len(errs) != 0 {
		t.Fatalf("hand case: %v", errs)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := handCase()
			tt.change(&c)
			errs := Validate(c)
			want := []domain.FieldError{domain.Field(tt.field, tt.code, tt.params...)}
			if !reflect.DeepEqual(errs, want) {
				t.Errorf("got %#v\nwant %#v", errs, want)
			}
		})
	}
	// Go's zero Years is the default period; a yearly cost's year is ignored.
	c := handCase()
	c.Settings.Years = 0
	c.Costs[1].Year = 99
	c.Costs[0].Year = 10
	if errs := Validate(c); len(errs) != 0 {
		t.Errorf("zero years: %v", errs)
	}
}
