package benefit

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Limits of a case's inputs.
const (
	MinYears        = 1
	MaxYears        = 50
	MinDiscountRate = 0.0
	MaxDiscountRate = 0.15
	MinScore        = 1
	MaxScore        = 5
	// MaxMagnitude bounds every amount, volume, time and rate, so that no
	// product of inputs can overflow to infinity.
	MaxMagnitude = 1e15
)

// Validation codes (translation keys) of the benefit package; the generic
// field.not_negative, field.not_a_number and field.one_of are used too.
const (
	CodeRangeOrder    = "benefit.range_order"    // params: low, likely, high
	CodeDiscountRate  = "benefit.discount_rate"  // params: min, max
	CodeYears         = "benefit.years"          // params: min, max
	CodeUptake        = "benefit.uptake"         // params: 0, 1
	CodeScore         = "benefit.score"          // params: min, max
	CodeDuplicateID   = "benefit.duplicate_id"   // params: the id
	CodeDuplicateKind = "benefit.duplicate_kind" // params: the kind
	CodeCostYear      = "benefit.cost_year"      // params: 0, the period's last year
	CodeTooLarge      = "benefit.too_large"      // params: the largest magnitude
	CodeIterations    = "benefit.iterations"     // params: 1, MaxIterations
)

// Validate returns every problem of the case, each on the path of its
// field ("settings.discount_rate", "municipalities[2].cases",
// "gains[0].annual", "costs[1].year", "uptake[3]"); none for a case
// Evaluate, Simulate and Tornado accept. A range reports at most one
// problem: not a number, too large, out of order, then its own limits.
func Validate(c Case) []domain.FieldError {
	var v validator
	s := c.Settings.Normalized()
	yearsOK := s.Years >= MinYears && s.Years <= MaxYears
	if !yearsOK {
		v.add(fieldPath{name: "settings.years"}, CodeYears, MinYears, MaxYears)
	}
	switch r := c.Settings.DiscountRate; {
	case math.IsNaN(r) || math.IsInf(r, 0):
		v.add(fieldPath{name: "settings.discount_rate"}, "field.not_a_number")
	case r < MinDiscountRate || r > MaxDiscountRate:
		v.add(fieldPath{name: "settings.discount_rate"}, CodeDiscountRate, MinDiscountRate, MaxDiscountRate)
	}
	v.amount(fieldPath{name: "settings.citizen_hour_value"}, c.Settings.CitizenHourValue)

	for i, m := range c.Municipalities {
		at := func(name string) fieldPath { return fieldPath{"municipalities", i, name} }
		v.amount(at("cases"), m.Cases)
		v.amount(at("hourly_cost"), m.HourlyCost)
		v.amount(at("minutes_saved"), m.MinutesSaved)
		v.amount(at("citizen_minutes_saved"), m.CitizenMinutesSaved)
	}

	var ids map[string]bool
	var timeKinds [2]bool
	for i, g := range c.Gains {
		at := func(name string) fieldPath { return fieldPath{"gains", i, name} }
		v.id(&ids, at("id"), g.ID)
		switch g.Kind {
		case GainEmployeeTime, GainCitizenTime:
			k := 0
			if g.Kind == GainCitizenTime {
				k = 1
			}
			if timeKinds[k] {
				v.add(at("kind"), CodeDuplicateKind, g.Kind)
			}
			timeKinds[k] = true
		case GainDirect, GainQualitative:
		default:
			v.add(at("kind"), "field.one_of", strings.Join(GainKinds, ", "))
		}
		if g.Class != "" && !slices.Contains(GainClasses, g.Class) {
			v.add(at("class"), "field.one_of", strings.Join(GainClasses, ", "))
		}
		v.amount(at("annual"), g.Annual)
		if g.Kind == GainQualitative && (g.Score < MinScore || g.Score > MaxScore) {
			v.add(at("score"), CodeScore, MinScore, MaxScore)
		}
	}

	ids = nil
	for i, k := range c.Costs {
		at := func(name string) fieldPath { return fieldPath{"costs", i, name} }
		v.id(&ids, at("id"), k.ID)
		if !slices.Contains(CostKinds, k.Kind) {
			v.add(at("kind"), "field.one_of", strings.Join(CostKinds, ", "))
		}
		v.amount(at("amount"), k.Amount)
		v.amount(at("hours"), k.Hours)
		if yearsOK && k.OneOff() && (k.Year < 0 || k.Year > s.Years) {
			v.add(at("year"), CodeCostYear, 0, s.Years)
		}
	}

	for i, u := range c.Uptake {
		p := fieldPath{"uptake", i, ""}
		if v.number(p, u) && (u.Low < 0 || u.High > 1) {
			v.add(p, CodeUptake, 0, 1)
		}
	}
	return v.errs
}

// fieldPath is a field's path, formatted only when it has a problem (a
// portfolio is validated whole before each simulation).
type fieldPath struct {
	list string // "municipalities", "gains", "costs", "uptake", or "" for name alone
	i    int
	name string
}

func (p fieldPath) String() string {
	if p.list == "" {
		return p.name
	}
	s := p.list + "[" + strconv.Itoa(p.i) + "]"
	if p.name != "" {
		s += "." + p.name
	}
	return s
}

type validator struct{ errs []domain.FieldError }

func (v *validator) add(p fieldPath, code string, params ...any) {
	v.errs = append(v.errs, domain.Field(p.String(), code, params...))
}

// number checks what every range must be: finite, not huge, in order. It
// reports whether the range passed.
func (v *validator) number(p fieldPath, r Range) bool {
	for _, x := range [3]float64{r.Low, r.Likely, r.High} {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			v.add(p, "field.not_a_number")
			return false
		}
	}
	for _, x := range [3]float64{r.Low, r.Likely, r.High} {
		if math.Abs(x) > MaxMagnitude {
			v.add(p, CodeTooLarge, MaxMagnitude)
			return false
		}
	}
	if r.Low > r.Likely || r.Likely > r.High {
		v.add(p, CodeRangeOrder, r.Low, r.Likely, r.High)
		return false
	}
	return true
}

// amount checks a range that cannot be negative.
func (v *validator) amount(p fieldPath, r Range) {
	if v.number(p, r) && r.Low < 0 {
		v.add(p, "field.not_negative")
	}
}

// id refuses a second use of a non-empty id.
func (v *validator) id(seen *map[string]bool, p fieldPath, id string) {
	if id == "" {
		return
	}
	if (*seen)[id] {
		v.add(p, CodeDuplicateID, id)
		return
	}
	if *seen == nil {
		*seen = map[string]bool{}
	}
	(*seen)[id] = true
}

// invalid is the error of a case Validate refuses, or nil.
func invalid(c Case) error {
	if errs := Validate(c); len(errs) > 0 {
		return domain.Invalid("error.invalid_fields", errs...)
	}
	return nil
}
