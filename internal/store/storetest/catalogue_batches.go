package storetest

import (
	"fmt"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

// testFactBatches saves facts in batches of several statements' worth (an
// import at national scale: full chunks share one prepared statement, the
// last is shorter): every new fact gets its own id and values, and an
// update of all of them raises each version once.
func testFactBatches(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	c := e.collab("fosen")
	var svcs []catalogue.Service
	for i := range 45 {
		svcs = append(svcs, service(fmt.Sprintf("s%02d", i)))
	}
	e.services(c, svcs...)
	var munis []catalogue.Municipality
	for i := range 53 {
		munis = append(munis, e.municipality(c, fmt.Sprintf("%04d", 100+i), fmt.Sprint("Kommune ", i)))
	}
	type key struct{ s, m domain.ID }
	var list []catalogue.MunicipalService // 2 385 facts: two full chunks and a part
	for _, s := range svcs {
		for _, m := range munis {
			n := int64(len(list))
			list = append(list, catalogue.MunicipalService{ServiceID: s.ID, MunicipalityID: m.ID, Offered: catalogue.OfferedYes,
				AnnualCases: ptr(n), Systems: fmt.Sprint("system ", n%7),
				Provenance: map[catalogue.Fact]catalogue.Provenance{catalogue.FactAnnualCases: catalogue.ProvenanceImported}})
		}
	}
	e.facts(c, list...)
	check := func(version int, add int64) {
		t.Helper()
		got, err := e.cat.MunicipalServices(e.ctx, c, 0)
		must(t, err)
		byKey := map[key]catalogue.MunicipalService{}
		for _, f := range got {
			byKey[key{f.ServiceID, f.MunicipalityID}] = f
		}
		if len(got) != len(list) || len(byKey) != len(list) {
			t.Fatalf("stored %d facts (%d pairs), want %d", len(got), len(byKey), len(list))
		}
		ids := map[domain.ID]bool{}
		for i, f := range list {
			g := byKey[key{f.ServiceID, f.MunicipalityID}]
			if g.ID == 0 || g.ID != f.ID || ids[g.ID] || g.AnnualCases == nil || *g.AnnualCases != int64(i)+add ||
				g.Version != version || f.Version != version || g.Systems != f.Systems {
				t.Fatalf("fact %d: stored %+v, saved %+v; want version %d", i, g, f, version)
			}
			ids[g.ID] = true
		}
	}
	check(1, 0)
	for i := range list {
		*list[i].AnnualCases++
	}
	e.facts(c, list...)
	check(2, 1)
}
