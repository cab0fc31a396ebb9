package realisation_test

import (
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/realisation"
)

// TestAssignedEditors checks that the users the programme lead assigns to
// a service keep its realisation plan like the programme lead (issue 12,
// item 5), and only that service's.
func TestAssignedEditors(t *testing.T) {
	f := newFixture(t)
	_, err := f.mgr.CreatePlan(f.ctx, f.coordA, "byggesak")
	wantErr(t, err, domain.KindForbidden, "")
	svc, err := f.db.Catalogue().ServiceBySlug(f.ctx, f.collab, "byggesak")
	must(t, err)
	must(t, f.db.Catalogue().SetServiceEditors(f.ctx, f.collab, svc.ID, []domain.ID{f.coordA.UserID}))

	_, err = f.mgr.CreatePlan(f.ctx, f.coordA, "byggesak")
	must(t, err)
	ind, err := f.mgr.SaveIndicator(f.ctx, f.coordA, "byggesak", f.hours())
	must(t, err)
	v, err := f.mgr.Plan(f.ctx, f.coordA, "byggesak")
	must(t, err)
	if !v.CanEdit || !v.Indicators[0].CanMeasure {
		t.Errorf("the assigned editor: can edit %v, measure %v", v.CanEdit, v.Indicators[0].CanMeasure)
	}
	_, err = f.mgr.AddMeasurement(f.ctx, f.coordA, "byggesak", realisation.Measurement{IndicatorID: ind.ID, Value: 9, Date: day(2025, 3, 1)})
	must(t, err)
	// Not for another service, nor for the unassigned coordinator.
	_, err = f.mgr.CreatePlan(f.ctx, f.coordA, "skjenkebevilling")
	wantErr(t, err, domain.KindForbidden, "")
	_, err = f.mgr.SaveIndicator(f.ctx, f.coordB, "byggesak", f.hours())
	wantErr(t, err, domain.KindForbidden, "")
	wantErr(t, f.mgr.DeleteIndicator(f.ctx, f.coordB, "byggesak", ind.ID, ind.Version), domain.KindForbidden, "")
	must(t, f.mgr.DeleteIndicator(f.ctx, f.coordA, "byggesak", ind.ID, ind.Version))
}
