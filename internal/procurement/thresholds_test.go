package procurement

import (
	"slices"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

func TestDerivePartAtTheLimits(t *testing.T) {
	th := DefaultThresholds()
	for _, c := range []struct {
		value float64
		works bool
		want  Part
	}{
		{-1, false, PartNone},
		{0, false, PartNone},
		{99_999, false, PartNone},
		{100_000, false, PartI}, // "minimum 100 000": the limit itself is in
		{1_299_999, false, PartI},
		{1_300_000, false, PartII}, // "lik eller overstiger"
		{2_299_999.99, false, PartII},
		{2_300_000, false, PartIII},
		{2_300_000, true, PartII}, // works have their own, higher threshold
		{57_799_999, true, PartII},
		{57_800_000, true, PartIII},
		{500_000, true, PartI},
	} {
		if got := DerivePart(c.value, c.works, th); got != c.want {
			t.Errorf("DerivePart(%v, works %v) = %v, want %v", c.value, c.works, got, c.want)
		}
	}
}

func TestDefaultThresholdsAreValidAndNameTheirSource(t *testing.T) {
	th := DefaultThresholds()
	if errs := th.Validate(); len(errs) > 0 {
		t.Fatalf("default thresholds invalid: %v", errs)
	}
	if th.Minimum != 100_000 || th.National != 1_300_000 || th.EEAGoodsServices != 2_300_000 || th.EEAWorks != 57_800_000 {
		t.Errorf("default thresholds %+v", th)
	}
}

func TestThresholdsValidate(t *testing.T) {
	fields := func(errs []domain.FieldError) []string {
		var out []string
		for _, e := range errs {
			out = append(out, e.Field+":"+e.Code)
		}
		return out
	}
	for _, c := range []struct {
		name string
		edit func(*Thresholds)
		want []string
	}{
		{"zero and negative", func(t *Thresholds) { t.Minimum, t.EEAWorks = 0, -5 },
			[]string{"minimum:procurement.threshold_positive", "eea_works:procurement.threshold_positive"}},
		{"national not above minimum", func(t *Thresholds) { t.National = 100_000 },
			[]string{"national:procurement.threshold_order"}},
		{"EEA below national", func(t *Thresholds) { t.EEAGoodsServices = 1_000_000 },
			[]string{"eea_goods_services:procurement.threshold_order"}},
		{"works below goods", func(t *Thresholds) { t.EEAWorks = 2_000_000 },
			[]string{"eea_works:procurement.threshold_below"}},
		{"works equal to goods is allowed", func(t *Thresholds) { t.EEAWorks = t.EEAGoodsServices }, nil},
		{"no source", func(t *Thresholds) { t.Source = "" }, []string{"source:field.required"}},
	} {
		th := DefaultThresholds()
		c.edit(&th)
		if got := fields(th.Validate()); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestPartNames(t *testing.T) {
	var names, keys []string
	for _, p := range Parts {
		names = append(names, p.String())
		keys = append(keys, p.Key())
	}
	if !slices.Equal(names, []string{"none", "I", "II", "III"}) || !slices.Equal(keys, []string{"none", "i", "ii", "iii"}) {
		t.Errorf("names %v keys %v", names, keys)
	}
	var zero Part
	if zero != PartNone {
		t.Error("the zero part must not claim the regulation applies")
	}
}
