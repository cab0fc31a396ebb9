package storetest

import (
	"slices"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

// testServiceEditors checks the stored side of the row rule (issue 12,
// item 5): the editors the programme lead assigns to a service's shared
// artefacts are kept per service, replaced whole, raise the data version,
// and never name a user or a service of another collaboration.
func testServiceEditors(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	collab, other := e.collab("fosen"), e.collab("namdal")
	svcs := []catalogue.Service{service("byggesak"), service("skjenkebevilling")}
	must(t, e.cat.SaveServices(e.ctx, collab, svcs))
	foreign := []catalogue.Service{service("byggesak")}
	must(t, e.cat.SaveServices(e.ctx, other, foreign))
	a, b := e.user(collab, "a@fosen.no"), e.user(collab, "b@fosen.no")
	stranger := e.user(other, "c@namdal.no")

	editors := func(svc domain.ID) domain.Editors {
		t.Helper()
		got, err := e.cat.ServiceEditors(e.ctx, collab, svc)
		must(t, err)
		return got
	}
	if got := editors(svcs[0].ID); len(got) != 0 {
		t.Fatalf("a new service has editors %v", got)
	}
	before, err := e.cat.DataVersion(e.ctx, collab)
	must(t, err)
	must(t, e.cat.SetServiceEditors(e.ctx, collab, svcs[0].ID, []domain.ID{b.ID, a.ID}))
	if got := editors(svcs[0].ID); !slices.Equal(got, domain.Editors{min(a.ID, b.ID), max(a.ID, b.ID)}) {
		t.Errorf("editors = %v, want %d and %d in id order", got, a.ID, b.ID)
	}
	if got := editors(svcs[1].ID); len(got) != 0 {
		t.Errorf("the other service has editors %v", got)
	}
	if after, err := e.cat.DataVersion(e.ctx, collab); err != nil || after <= before {
		t.Errorf("data version %d → %d (%v): an assignment must raise it", before, after, err)
	}

	// Replaced whole; an empty list removes every editor.
	must(t, e.cat.SetServiceEditors(e.ctx, collab, svcs[0].ID, []domain.ID{b.ID}))
	if got := editors(svcs[0].ID); !slices.Equal(got, domain.Editors{b.ID}) {
		t.Errorf("after replacing: %v, want [%d]", got, b.ID)
	}

	// Another collaboration's user, or its service, is not found, and
	// nothing changes.
	wantKind(t, e.cat.SetServiceEditors(e.ctx, collab, svcs[0].ID, []domain.ID{a.ID, stranger.ID}), domain.KindNotFound)
	if got := editors(svcs[0].ID); !slices.Equal(got, domain.Editors{b.ID}) {
		t.Errorf("after a refused assignment: %v, want [%d]", got, b.ID)
	}
	wantKind(t, e.cat.SetServiceEditors(e.ctx, collab, foreign[0].ID, []domain.ID{a.ID}), domain.KindNotFound)
	if got, err := e.cat.ServiceEditors(e.ctx, other, svcs[0].ID); err != nil || len(got) != 0 {
		t.Errorf("another collaboration reads %v, %v", got, err)
	}

	must(t, e.cat.SetServiceEditors(e.ctx, collab, svcs[0].ID, nil))
	if got := editors(svcs[0].ID); len(got) != 0 {
		t.Errorf("after removing all: %v", got)
	}
}

// testRoadmapEditors checks the roadmap's assigned editors the same way:
// per collaboration, replaced whole, the data version raised, never
// another collaboration's user.
func testRoadmapEditors(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	st := e.db.Roadmaps()
	collab, other := e.collab("fosen"), e.collab("namdal")
	a, b := e.user(collab, "a@fosen.no"), e.user(collab, "b@fosen.no")
	stranger := e.user(other, "c@namdal.no")
	editors := func(c domain.ID) domain.Editors {
		t.Helper()
		got, err := st.Editors(e.ctx, c)
		must(t, err)
		return got
	}
	if got := editors(collab); len(got) != 0 {
		t.Fatalf("a new collaboration's roadmap has editors %v", got)
	}
	before, err := e.cat.DataVersion(e.ctx, collab)
	must(t, err)
	must(t, st.SetEditors(e.ctx, collab, []domain.ID{b.ID, a.ID}))
	if got := editors(collab); !slices.Equal(got, domain.Editors{min(a.ID, b.ID), max(a.ID, b.ID)}) {
		t.Errorf("editors = %v", got)
	}
	if after, err := e.cat.DataVersion(e.ctx, collab); err != nil || after <= before {
		t.Errorf("data version %d → %d (%v): an assignment must raise it", before, after, err)
	}
	wantKind(t, st.SetEditors(e.ctx, collab, []domain.ID{stranger.ID}), domain.KindNotFound)
	if got := editors(collab); len(got) != 2 {
		t.Errorf("after a refused assignment: %v", got)
	}
	if got := editors(other); len(got) != 0 {
		t.Errorf("another collaboration's roadmap has editors %v", got)
	}
	must(t, st.SetEditors(e.ctx, collab, nil))
	if got := editors(collab); len(got) != 0 {
		t.Errorf("after removing all: %v", got)
	}
}
