package storetest

import (
	"errors"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

// testCatalogueDecisions checks the stored "keep" decisions on the open
// catalogue's corrections: kept per collaboration, slug and field, a later
// decision replacing the earlier one, a decision raising the data version
// (the pages that show waiting changes are cached by it), and another
// collaboration's decisions never read.
func testCatalogueDecisions(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	collab, other := e.collab("fosen"), e.collab("namdal")
	u := e.user(collab, "lead@fosen.no")
	if got, err := e.cat.CatalogueDecisions(e.ctx, collab); err != nil || len(got) != 0 {
		t.Fatalf("a new collaboration has decisions %v (%v)", got, err)
	}
	before, err := e.cat.DataVersion(e.ctx, collab)
	must(t, err)
	first := []catalogue.Decision{
		{Slug: "byggesak", Field: "legal_basis", Kept: "Plan- og bygningsloven § 20-1", Version: "2026-12", UserID: u.ID, At: at(3, 10, 0, 0, 0)},
		{Slug: "byggesak", Field: "notes", Kept: "", Version: "2026-12", At: at(3, 10, 0, 0, 0)},
	}
	must(t, e.cat.SaveCatalogueDecisions(e.ctx, collab, first))
	if after, err := e.cat.DataVersion(e.ctx, collab); err != nil || after <= before {
		t.Errorf("data version %d → %d (%v): a decision must raise it", before, after, err)
	}
	got, err := e.cat.CatalogueDecisions(e.ctx, collab)
	must(t, err)
	if len(got) != 2 || got[0] != first[0] || got[1] != first[1] {
		t.Fatalf("decisions = %+v, want %+v", got, first)
	}

	// The same slug and field again replaces the decision.
	again := catalogue.Decision{Slug: "byggesak", Field: "legal_basis", Kept: "Plan- og bygningsloven § 20-2", Version: "2027-06", UserID: u.ID, At: at(4, 9, 30, 0, 0)}
	must(t, e.cat.SaveCatalogueDecisions(e.ctx, collab, []catalogue.Decision{again}))
	got, err = e.cat.CatalogueDecisions(e.ctx, collab)
	must(t, err)
	if len(got) != 2 || got[0] != again || got[1] != first[1] {
		t.Errorf("after a second decision: %+v, want %+v and %+v", got, again, first[1])
	}

	if got, err := e.cat.CatalogueDecisions(e.ctx, other); err != nil || len(got) != 0 {
		t.Errorf("another collaboration reads decisions %v (%v)", got, err)
	}

	// Inside a transaction that fails, nothing is kept.
	errRollback := errors.New("roll back")
	err = e.cat.Atomic(e.ctx, func(st catalogue.Store) error {
		must(t, st.SaveCatalogueDecisions(e.ctx, other, []catalogue.Decision{{Slug: "x", Field: "notes", Version: "v", At: at(5, 0, 0, 0, 0)}}))
		return errRollback
	})
	if err != errRollback {
		t.Fatalf("Atomic = %v, want the function's error", err)
	}
	if got, err := e.cat.CatalogueDecisions(e.ctx, other); err != nil || len(got) != 0 {
		t.Errorf("a rolled-back decision was kept: %v (%v)", got, err)
	}
}
