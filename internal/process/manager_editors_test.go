package process_test

import (
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// TestAssignedEditors checks the other half of the row rule: the users
// the programme lead assigns to a service edit its shared artefacts (to-be
// and adapted processes, obstacles, requirements) like the programme lead,
// while other municipalities' as-is processes stay out of their reach.
func TestAssignedEditors(t *testing.T) {
	f := newFixture(t)
	withTargets(t, f)
	o, err := f.mgr.Overview(f.ctx, f.lead, "byggesak")
	must(t, err)
	edit := []process.Edit{{Op: "set", Element: "Sjekk", Attrs: map[string]string{"employeeMinutes": "12"}}}
	law := process.Obstacle{Element: "Sjekk", Category: "law", LegalReference: "Forvaltningsloven § 17",
		Description: "Saken skal være godt nok opplyst.", Status: "open"}
	word := func(c process.Candidate) string { return c.Type + ": " + c.Subject }

	// Not assigned: refused.
	_, _, err = f.mgr.EditSteps(f.ctx, f.coordB, "byggesak", o.ToBe.ID, edit, "", 1)
	wantErr(t, err, domain.KindForbidden, "")
	_, err = f.mgr.SaveObstacle(f.ctx, f.ownerA, "byggesak", law)
	wantErr(t, err, domain.KindForbidden, "")

	must(t, f.db.Catalogue().SetServiceEditors(f.ctx, f.collab, f.svc.ID, []domain.ID{f.coordB.UserID, f.ownerA.UserID, f.observer.UserID}))
	_, _, err = f.mgr.EditSteps(f.ctx, f.coordB, "byggesak", o.ToBe.ID, edit, "", 1)
	must(t, err)
	_, _, err = f.mgr.Save(f.ctx, f.coordB, "byggesak", process.Adapted, 0, linear(step{id: "Mottak", name: "Søk", minutes: 5}), "", 1)
	must(t, err)
	_, err = f.mgr.SaveObstacle(f.ctx, f.ownerA, "byggesak", law)
	must(t, err)
	_, err = f.mgr.DeriveRequirements(f.ctx, f.coordB, "byggesak", word)
	must(t, err)
	// An assigned observer still only reads; an assigned coordinator of B
	// still may not touch A's as-is process.
	_, err = f.mgr.SaveObstacle(f.ctx, f.observer, "byggesak", law)
	wantErr(t, err, domain.KindForbidden, "")
	_, _, err = f.mgr.EditSteps(f.ctx, f.coordB, "byggesak", o.AsIs[0].ID, edit, "", 1)
	wantErr(t, err, domain.KindForbidden, "")
}
