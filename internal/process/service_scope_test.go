package process_test

import (
	"reflect"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// TestObjectsOnlyThroughTheirService names byggesak's models, obstacle and
// requirement under another service: every read and write is not found,
// even with a form that would not validate, and nothing is stored. (The
// probe saved byggesak's process as a new version of barnehageplass's
// through the table edit.)
func TestObjectsOnlyThroughTheirService(t *testing.T) {
	f := newFixture(t)
	withTargets(t, f)
	cat := f.db.Catalogue()
	must(t, cat.SaveServices(f.ctx, f.collab, []catalogue.Service{{Slug: "barnehageplass", NameNB: "Barnehageplass",
		Area: "oppvekst", KostraFunction: "201", TargetGroup: "innbygger"}}))
	_, _, err := f.mgr.Save(f.ctx, f.lead, "barnehageplass", process.ToBe, 0,
		linear(step{id: "Soknad", name: "Søk barnehageplass", medium: "portal"}), "", 0)
	must(t, err)
	o, err := f.mgr.Overview(f.ctx, f.lead, "byggesak")
	must(t, err)
	toBe, asIs := o.ToBe.ID, o.AsIs[0].ID
	ob, err := f.mgr.SaveObstacle(f.ctx, f.lead, "byggesak", process.Obstacle{Element: "Sjekk", Category: "other",
		Description: "Manuell kontroll", Status: "open"})
	must(t, err)
	q, err := f.mgr.SaveRequirement(f.ctx, f.lead, "byggesak", process.Requirement{Text: "Løsningen skal arkivere vedtak.",
		Type: "functional", Priority: "must", Status: "confirmed"})
	must(t, err)

	// state is what any of the calls below could change.
	state := func() any {
		t.Helper()
		var out []any
		for _, slug := range []string{"byggesak", "barnehageplass"} {
			models, err := f.mgr.Models(f.ctx, f.lead, slug)
			must(t, err)
			reg, err := f.mgr.Obstacles(f.ctx, f.lead, slug)
			must(t, err)
			reqs, err := f.mgr.Requirements(f.ctx, f.lead, slug)
			must(t, err)
			out = append(out, models, reg.List, reqs)
		}
		return out
	}
	before := state()

	edit := []process.Edit{{Op: "set", Element: "Sjekk", Attrs: map[string]string{"employeeMinutes": "12"}}}
	const other = "barnehageplass"
	for name, call := range map[string]func(p domain.Principal) error{
		"Current": func(p domain.Principal) error { _, _, err := f.mgr.Current(f.ctx, p, other, toBe); return err },
		"Current as-is": func(p domain.Principal) error {
			_, _, err := f.mgr.Current(f.ctx, p, other, asIs)
			return err
		},
		"VersionOf": func(p domain.Principal) error { _, err := f.mgr.VersionOf(f.ctx, p, other, toBe, 1); return err },
		"History":   func(p domain.Principal) error { _, err := f.mgr.History(f.ctx, p, other, toBe); return err },
		"Steps":     func(p domain.Principal) error { _, _, _, err := f.mgr.Steps(f.ctx, p, other, toBe); return err },
		"EditSteps": func(p domain.Principal) error {
			_, _, err := f.mgr.EditSteps(f.ctx, p, other, toBe, edit, "", 1)
			return err
		},
		"EditSteps as-is": func(p domain.Principal) error {
			_, _, err := f.mgr.EditSteps(f.ctx, p, other, asIs, edit, "", 1)
			return err
		},
		"SaveObstacle": func(p domain.Principal) error {
			upd := ob
			upd.Status = "resolved"
			_, err := f.mgr.SaveObstacle(f.ctx, p, other, upd)
			return err
		},
		"SaveObstacle invalid": func(p domain.Principal) error {
			_, err := f.mgr.SaveObstacle(f.ctx, p, other, process.Obstacle{ID: ob.ID, Version: ob.Version})
			return err
		},
		"DeleteObstacle": func(p domain.Principal) error { return f.mgr.DeleteObstacle(f.ctx, p, other, ob.ID, ob.Version) },
		"SaveRequirement": func(p domain.Principal) error {
			upd := q
			upd.Status = "dropped"
			_, err := f.mgr.SaveRequirement(f.ctx, p, other, upd)
			return err
		},
		"SaveRequirement invalid": func(p domain.Principal) error {
			_, err := f.mgr.SaveRequirement(f.ctx, p, other, process.Requirement{ID: q.ID, Version: q.Version})
			return err
		},
	} {
		// The programme lead may do all of it within the service.
		if err := call(f.lead); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("%s under %s: %v, want not found", name, other, err)
		}
	}
	if after := state(); !reflect.DeepEqual(before, after) {
		t.Errorf("calls under another service changed\n%+v\nto\n%+v", before, after)
	}

	// Under its own service the same model reads fine.
	if _, _, _, err := f.mgr.Steps(f.ctx, f.lead, "byggesak", toBe); err != nil {
		t.Errorf("Steps under byggesak: %v", err)
	}
}
