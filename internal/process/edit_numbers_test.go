package process_test

import (
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// A step's minutes are typed by a person: Norwegian notation is read, and
// the BPMN file gets them in the plain notation its attributes use.
func TestEditStepsReadsNorwegianNumbers(t *testing.T) {
	if errs := process.ValidateAttrs(map[string]string{"employeeMinutes": "12,5", "waitingDays": "1 000"}); len(errs) != 0 {
		t.Errorf("Norwegian numbers refused: %v", errs)
	}
	for _, bad := range []string{"nan", "inf", "1e400", "12,5,3"} {
		if errs := process.ValidateAttrs(map[string]string{"employeeMinutes": bad}); len(errs) != 1 || errs[0].Field != "employeeMinutes" {
			t.Errorf("employeeMinutes %q: %v, want one problem on the field", bad, errs)
		}
	}
	f := newFixture(t)
	withTargets(t, f)
	o, err := f.mgr.Overview(f.ctx, f.lead, "byggesak")
	must(t, err)
	attrs := map[string]string{"employeeMinutes": "12,5"}
	_, v, err := f.mgr.EditSteps(f.ctx, f.lead, "byggesak", o.ToBe.ID,
		[]process.Edit{{Op: "set", Element: "Sjekk", Attrs: attrs}}, "", 1)
	must(t, err)
	if !strings.Contains(v.XML, `tv:employeeMinutes="12.5"`) || v.Metrics == nil || v.Metrics.Total.TouchMinutes != 12.5 {
		t.Errorf("after setting 12,5 minutes: metrics %+v, XML has 12.5: %v", v.Metrics, strings.Contains(v.XML, `"12.5"`))
	}
	if attrs["employeeMinutes"] != "12,5" {
		t.Errorf("the caller's edit was changed to %q", attrs["employeeMinutes"])
	}
}
