package catalogue_test

import (
	"maps"
	"reflect"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/history"
)

func sameMap(a, b map[catalogue.Fact]catalogue.Provenance) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// Rows with the same sources share one map; other sources, no sources and
// facts the catalogue does not know keep their own.
func TestShareProvenance(t *testing.T) {
	src := func(kv ...string) map[catalogue.Fact]catalogue.Provenance {
		m := map[catalogue.Fact]catalogue.Provenance{}
		for i := 0; i < len(kv); i += 2 {
			m[catalogue.Fact(kv[i])] = catalogue.Provenance(kv[i+1])
		}
		return m
	}
	var b catalogue.Batch
	for _, m := range []map[catalogue.Fact]catalogue.Provenance{
		src("annual_cases", "measured", "maturity", "estimated"),
		src("maturity", "estimated", "annual_cases", "measured"),
		src("annual_cases", "measured"),
		nil,
		src("annual_cases", "measured", "maturity", "estimated"),
		src("no_such_fact", "measured"),
		src("no_such_fact", "measured"),
	} {
		b.Facts = append(b.Facts, catalogue.FactRow{Facts: catalogue.MunicipalService{Provenance: m}})
	}
	want := make([]map[catalogue.Fact]catalogue.Provenance, len(b.Facts))
	for i, r := range b.Facts {
		want[i] = maps.Clone(r.Facts.Provenance)
	}
	b.ShareProvenance()
	p := func(i int) map[catalogue.Fact]catalogue.Provenance { return b.Facts[i].Facts.Provenance }
	if !sameMap(p(0), p(1)) || !sameMap(p(0), p(4)) || sameMap(p(0), p(2)) || sameMap(p(5), p(6)) || p(3) != nil {
		t.Errorf("shared maps: %v", b.Facts)
	}
	for i := range b.Facts {
		if !maps.Equal(p(i), want[i]) {
			t.Errorf("row %d: %v, want %v", i, p(i), want[i])
		}
	}
}

// An import that keeps an existing fact's sources for the columns its
// file lacks copies the row's map: the other rows sharing it, and the
// batch, keep theirs.
func TestImportKeepsSharedProvenance(t *testing.T) {
	f := newFixture(t)
	old := f.mustFacts(f.lead, catalogue.MunicipalService{ServiceID: f.svc.ID, MunicipalityID: f.a.ID, Offered: catalogue.OfferedYes,
		AnnualCases: ptr(int64(10)), Maturity: ptr(int64(2)),
		Provenance: map[catalogue.Fact]catalogue.Provenance{catalogue.FactAnnualCases: catalogue.ProvenanceMeasured, catalogue.FactMaturity: catalogue.ProvenanceEstimated}})
	shared := map[catalogue.Fact]catalogue.Provenance{catalogue.FactAnnualCases: catalogue.ProvenanceImported}
	// Row 2 updates A's fact without a maturity column: its maturity and
	// that source are kept. Row 3 creates B's fact with the same map.
	cols := []string{"service", "municipality", "offered", "annual_cases", "annual_cases_source"}
	b := catalogue.Batch{Facts: []catalogue.FactRow{
		{Row: catalogue.Row{Sheet: "fakta.csv", Line: 2, Columns: cols}, ServiceSlug: f.svc.Slug, MunicipalityNumber: f.a.Number,
			Facts: catalogue.MunicipalService{Offered: catalogue.OfferedYes, AnnualCases: ptr(int64(11)), Provenance: shared}},
		{Row: catalogue.Row{Sheet: "fakta.csv", Line: 3, Columns: cols}, ServiceSlug: f.svc.Slug, MunicipalityNumber: f.b.Number,
			Facts: catalogue.MunicipalService{Offered: catalogue.OfferedYes, AnnualCases: ptr(int64(12)), Provenance: shared}},
	}}
	rep, err := f.mgr.Import(f.ctx, f.lead, b, true)
	must(t, err)
	if !rep.Committed || rep.Facts.Updated != 1 || rep.Facts.Created != 1 {
		t.Fatalf("report %+v", rep)
	}
	if len(shared) != 1 || shared[catalogue.FactAnnualCases] != catalogue.ProvenanceImported {
		t.Errorf("the batch's shared map changed: %v", shared)
	}
	a, err := f.store.MunicipalService(f.ctx, f.collab, f.svc.ID, f.a.ID)
	must(t, err)
	wantA := map[catalogue.Fact]catalogue.Provenance{catalogue.FactAnnualCases: catalogue.ProvenanceImported, catalogue.FactMaturity: catalogue.ProvenanceEstimated}
	if *a.AnnualCases != 11 || *a.Maturity != 2 || !maps.Equal(a.Provenance, wantA) {
		t.Errorf("A's fact %+v, provenance %v; want %v", a, a.Provenance, wantA)
	}
	bf, err := f.store.MunicipalService(f.ctx, f.collab, f.svc.ID, f.b.ID)
	must(t, err)
	if *bf.AnnualCases != 12 || !maps.Equal(bf.Provenance, shared) {
		t.Errorf("B's fact %+v, provenance %v", bf, bf.Provenance)
	}
	// Each fact is in the history as this import left it.
	if ch := f.changes(catalogue.EntityMunicipalService, old.ID); len(ch) != 2 || ch[0].Action != history.ActionImport {
		t.Errorf("A's history %+v", ch)
	}
	if ch := f.changes(catalogue.EntityMunicipalService, bf.ID); len(ch) != 1 || ch[0].Action != history.ActionCreate {
		t.Errorf("B's history %+v", ch)
	}
}
