package benefit_test

import (
	"slices"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/domain/domaintest"
)

// TestRecomputeCases: after a municipality's annual cases were measured,
// its row of the stored case takes the new figure (its uncertainty
// scaled alike), the provenance measured and the text saying where it
// came from; other rows and rows with figures of their own stay.
func TestRecomputeCases(t *testing.T) {
	f := newRowsFixture(t)
	draft, err := f.mgr.Case(f.ctx, f.lead, "byggesak")
	domaintest.Must(t, err)
	c := draft.Record.Case
	c.Municipalities = slices.Clone(c.Municipalities)
	c.Municipalities[row(t, c, f.a)].Cases = benefit.Range{Low: 102, Likely: 120, High: 138}
	before, err := f.mgr.Save(f.ctx, f.lead, "byggesak", c, 0)
	domaintest.Must(t, err)

	ms, err := f.db.Catalogue().MunicipalService(f.ctx, before.CollaborationID, before.ServiceID, f.a.ID)
	domaintest.Must(t, err)
	previous, cases := ms.AnnualCases, int64(60)
	ms.AnnualCases = &cases
	ms.Provenance[catalogue.FactAnnualCases] = catalogue.ProvenanceMeasured
	ms.Measured = map[catalogue.Fact]catalogue.Measurement{catalogue.FactAnnualCases: {LogID: 1, File: "uttrekk.zip",
		From: time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 12, 30, 0, 0, 0, 0, time.UTC), Cases: 121}}

	domaintest.WantErr(t, f.mgr.RecomputeCases(f.ctx, f.coordB, "byggesak", ms, previous), domain.KindForbidden, "")
	domaintest.WantErr(t, f.mgr.RecomputeCases(f.ctx, f.otherOwnerA, "byggesak", ms, previous), domain.KindForbidden, "")
	domaintest.Must(t, f.mgr.RecomputeCases(f.ctx, f.ownerA, "byggesak", ms, previous))
	after := f.stored()
	a, b := after.Case.Municipalities[row(t, after.Case, f.a)], after.Case.Municipalities[row(t, after.Case, f.b)]
	if a.Cases != (benefit.Range{Low: 51, Likely: 60, High: 69}) || a.CasesSource != "measured" ||
		a.CasesNote != "målt fra uttrekk.zip, 02.01.2023–30.12.2024, 121 saker" {
		t.Errorf("row A = %+v", a)
	}
	if b.Cases != benefit.Exact(120) || b.CasesNote != "" {
		t.Errorf("row B = %+v", b)
	}
	if after.Version != before.Version+1 || after.UpdatedBy != f.ownerA.Name {
		t.Errorf("record = v%d by %q", after.Version, after.UpdatedBy)
	}

	// Measured again: the row follows from its measured figure; a row the
	// users gave a figure of their own does not.
	next := int64(70)
	old := ms.AnnualCases
	ms.AnnualCases = &next
	domaintest.Must(t, f.mgr.RecomputeCases(f.ctx, f.lead, "byggesak", ms, old))
	if got := f.stored().Case.Municipalities[row(t, after.Case, f.a)].Cases.Likely; got != 70 {
		t.Errorf("re-measured cases = %v, want 70", got)
	}
	own := f.stored()
	own.Case.Municipalities[row(t, own.Case, f.a)].Cases = benefit.Exact(99)
	own, err = f.mgr.Save(f.ctx, f.lead, "byggesak", own.Case, own.Version)
	domaintest.Must(t, err)
	domaintest.Must(t, f.mgr.RecomputeCases(f.ctx, f.lead, "byggesak", ms, &next))
	if got := f.stored(); got.Version != own.Version || got.Case.Municipalities[row(t, got.Case, f.a)].Cases.Likely != 99 {
		t.Errorf("a row with its own figure changed: %+v", got.Case.Municipalities)
	}
}
