package realisation_test

import (
	"reflect"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/realisation"
)

// TestIndicatorsOnlyThroughTheirService names byggesak's indicator and
// measurement under skjenkebevilling, whose plan has an indicator of the
// same name: every write is not found before the form is checked (no
// "name taken" from the other plan, no field errors), and nothing changes.
func TestIndicatorsOnlyThroughTheirService(t *testing.T) {
	f := newFixture(t)
	ind := f.withPlan()
	x, err := f.mgr.AddMeasurement(f.ctx, f.lead, "byggesak", realisation.Measurement{IndicatorID: ind.ID, Value: 9, Date: day(2025, 3, 1)})
	must(t, err)
	_, err = f.mgr.CreatePlan(f.ctx, f.lead, "skjenkebevilling")
	must(t, err)
	_, err = f.mgr.SaveIndicator(f.ctx, f.lead, "skjenkebevilling", f.hours())
	must(t, err)

	plans := func() []realisation.PlanView {
		t.Helper()
		var out []realisation.PlanView
		for _, slug := range []string{"byggesak", "skjenkebevilling"} {
			v, err := f.mgr.Plan(f.ctx, f.lead, slug)
			must(t, err)
			out = append(out, v)
		}
		return out
	}
	before := plans()

	const other = "skjenkebevilling"
	invalid := ind
	invalid.Name, invalid.Class = "", "money"
	for name, call := range map[string]func() error{
		"SaveIndicator":         func() error { _, err := f.mgr.SaveIndicator(f.ctx, f.lead, other, ind); return err },
		"SaveIndicator invalid": func() error { _, err := f.mgr.SaveIndicator(f.ctx, f.lead, other, invalid); return err },
		"DeleteIndicator":       func() error { return f.mgr.DeleteIndicator(f.ctx, f.lead, other, ind.ID, ind.Version) },
		"AddMeasurement": func() error {
			_, err := f.mgr.AddMeasurement(f.ctx, f.lead, other, realisation.Measurement{IndicatorID: ind.ID, Value: 8, Date: day(2025, 3, 2)})
			return err
		},
		"AddMeasurement invalid": func() error {
			_, err := f.mgr.AddMeasurement(f.ctx, f.lead, other, realisation.Measurement{IndicatorID: ind.ID})
			return err
		},
		"DeleteMeasurement": func() error { return f.mgr.DeleteMeasurement(f.ctx, f.lead, other, x.ID) },
	} {
		if err := call(); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("%s under %s: %v, want not found", name, other, err)
		}
	}
	if after := plans(); !reflect.DeepEqual(before, after) {
		t.Errorf("calls under another service changed the plans\n%+v\nto\n%+v", before, after)
	}
}
