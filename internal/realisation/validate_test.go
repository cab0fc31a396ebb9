package realisation_test

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/realisation"
)

// codes lists "field:code" of errs.
func codes(errs []domain.FieldError) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = e.Field + ":" + e.Code
	}
	slices.Sort(out)
	return out
}

func TestIndicatorValidate(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(*realisation.Indicator)
		want   []string
	}{
		{"valid", func(*realisation.Indicator) {}, nil},
		{"no interval given: the default", func(i *realisation.Indicator) { i.IntervalMonths = 0 }, nil},
		{"blank texts", func(i *realisation.Indicator) { i.Gain, i.Name, i.Unit, i.Class = " ", "", "\t", "" },
			[]string{"class:field.required", "gain:field.required", "name:field.required", "unit:field.required"}},
		{"unknown class", func(i *realisation.Indicator) { i.Class = "economic" }, []string{"class:field.one_of"}},
		{"no dates", func(i *realisation.Indicator) { i.BaselineDate, i.TargetDate = time.Time{}, time.Time{} },
			[]string{"baseline_date:field.required", "target_date:field.required"}},
		{"target date on the baseline date", func(i *realisation.Indicator) { i.TargetDate = i.BaselineDate },
			[]string{"target_date:realisation.target_date"}},
		{"target date before the baseline date", func(i *realisation.Indicator) { i.TargetDate = day(2024, 1, 1) },
			[]string{"target_date:realisation.target_date"}},
		{"target date later the same day counts as the same day", func(i *realisation.Indicator) { i.TargetDate = i.BaselineDate.Add(20 * time.Hour) },
			[]string{"target_date:realisation.target_date"}},
		{"target equals baseline", func(i *realisation.Indicator) { i.Target = i.Baseline },
			[]string{"target:realisation.target_equals_baseline"}},
		{"not finite", func(i *realisation.Indicator) { i.Baseline, i.Target = math.NaN(), math.Inf(1) },
			[]string{"baseline:field.not_a_number", "target:field.not_a_number"}},
		{"interval too long", func(i *realisation.Indicator) { i.IntervalMonths = 25 }, []string{"interval_months:realisation.interval"}},
		{"interval negative", func(i *realisation.Indicator) { i.IntervalMonths = -1 }, []string{"interval_months:realisation.interval"}},
		{"no owner", func(i *realisation.Indicator) { i.OwnerID = 0 }, []string{"owner_id:field.required"}},
		{"texts too long", func(i *realisation.Indicator) {
			i.Name, i.Unit, i.Risk, i.Measures, i.Gain = strings.Repeat("å", 201), strings.Repeat("x", 41), strings.Repeat("r", 4001),
				strings.Repeat("m", 4001), strings.Repeat("g", 201)
		}, []string{"gain:field.too_long", "measures:field.too_long", "name:field.too_long", "risk:field.too_long", "unit:field.too_long"}},
		{"texts at their limits", func(i *realisation.Indicator) {
			i.Name, i.Unit, i.Risk = strings.Repeat("å", 200), strings.Repeat("x", 40), strings.Repeat("r", 4000)
		}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			ind := down
			c.change(&ind)
			ind.Normalize()
			if got := codes(ind.Validate()); !slices.Equal(got, c.want) {
				t.Errorf("Validate = %v, want %v", got, c.want)
			}
		})
	}
}

func TestMeasurementValidate(t *testing.T) {
	today := day(2025, 6, 1)
	for _, c := range []struct {
		name string
		m    realisation.Measurement
		want []string
	}{
		{"valid", realisation.Measurement{Value: 8, Date: day(2025, 5, 1)}, nil},
		{"on the baseline date and today", realisation.Measurement{Value: 8, Date: day(2025, 1, 1)}, nil},
		{"today", realisation.Measurement{Value: -3, Date: today}, nil},
		{"no date", realisation.Measurement{Value: 8}, []string{"date:field.required"}},
		{"tomorrow", realisation.Measurement{Value: 8, Date: day(2025, 6, 2)}, []string{"date:realisation.future_date"}},
		{"before the baseline", realisation.Measurement{Value: 8, Date: day(2024, 12, 31)}, []string{"date:realisation.before_baseline"}},
		{"NaN", realisation.Measurement{Value: math.NaN(), Date: today}, []string{"value:field.not_a_number"}},
		{"infinite", realisation.Measurement{Value: math.Inf(-1), Date: today}, []string{"value:field.not_a_number"}},
		{"long comment", realisation.Measurement{Value: 1, Date: today, Comment: strings.Repeat("k", 1001)}, []string{"comment:field.too_long"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			x := c.m
			x.Normalize()
			if got := codes(x.Validate(down, today)); !slices.Equal(got, c.want) {
				t.Errorf("Validate = %v, want %v", got, c.want)
			}
		})
	}
}
