package storetest

import (
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

// testBenefits checks that a benefit case comes back as it was saved
// (ranges included), one per service, with optimistic versions and
// nothing visible to another collaboration.
func testBenefits(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	st := e.db.Benefits()
	c, other := e.collab("fosen"), e.collab("namdal")
	svcs := e.services(c, service("s1"), service("s2"))
	_, err := st.Case(e.ctx, c, svcs[0].ID)
	wantKind(t, err, domain.KindNotFound)

	bc := benefit.Case{Service: "s1", Name: "Byggesak",
		Settings: benefit.Settings{Years: 10, DiscountRate: 0.04, PriceYear: 2026, CitizenHourValue: benefit.Range{Low: 200, Likely: 300, High: 400}},
		Municipalities: []benefit.MunicipalityInput{{Municipality: "5054", Name: "Indre Fosen", Cases: benefit.Exact(120),
			CasesSource: "illustrative", HourlyCost: benefit.Exact(650), MinutesSaved: benefit.Range{Low: 60, Likely: 90, High: 150}}},
		Gains:  []benefit.Gain{{ID: "g1", Name: "Frigjort tid", Kind: benefit.GainEmployeeTime, Class: benefit.ClassEfficiency}},
		Costs:  []benefit.Cost{{ID: "k1", Name: "Innføring", Kind: benefit.CostImplementation, Amount: benefit.Exact(100000), Hours: benefit.Exact(40)}},
		Uptake: []benefit.Range{benefit.Exact(0.5), {Low: 0.6, Likely: 0.8, High: 1}},
	}
	before, err := e.cat.DataVersion(e.ctx, c)
	must(t, err)
	saved(t, 1)(st.SaveCase(e.ctx, benefit.Record{CollaborationID: c, ServiceID: svcs[0].ID, Case: bc, UpdatedBy: "Åse", UpdatedAt: at(1, 8, 0, 0, 0)}))
	if after, err := e.cat.DataVersion(e.ctx, c); err != nil || after <= before {
		t.Errorf("data version after SaveCase = %d, %v; want above %d", after, err, before)
	}
	// A second insert for the same service is a conflict.
	wantKind(t, errOf(st.SaveCase(e.ctx, benefit.Record{CollaborationID: c, ServiceID: svcs[0].ID, Case: bc, UpdatedAt: at(1, 9, 0, 0, 0)})), domain.KindConflict)

	got, err := st.Case(e.ctx, c, svcs[0].ID)
	must(t, err)
	if got.Version != 1 || got.UpdatedBy != "Åse" || got.Case.Settings.CitizenHourValue.High != 400 ||
		got.Case.Municipalities[0].MinutesSaved.Low != 60 || got.Case.Uptake[1].Likely != 0.8 || got.Case.Costs[0].Hours.Likely != 40 {
		t.Errorf("Case = %+v", got)
	}
	sameTime(t, "benefit updated_at", got.UpdatedAt, at(1, 8, 0, 0, 0))

	got.Case.Name = "Byggesak, revidert"
	saved(t, got.Version+1)(st.SaveCase(e.ctx, got)) // at version 1
	wantKind(t, errOf(st.SaveCase(e.ctx, got)), domain.KindConflict)
	if again, err := st.Case(e.ctx, c, svcs[0].ID); err != nil || again.Version != 2 || again.Case.Name != "Byggesak, revidert" {
		t.Errorf("after update: %+v, %v", again, err)
	}

	saved(t, 1)(st.SaveCase(e.ctx, benefit.Record{CollaborationID: c, ServiceID: svcs[1].ID, Case: benefit.Case{Name: "To"}, UpdatedAt: at(2, 8, 0, 0, 0)}))
	if list, err := st.Cases(e.ctx, c); err != nil || len(list) != 2 || list[0].ServiceID != svcs[0].ID {
		t.Errorf("Cases = %+v, %v", list, err)
	}
	_, err = st.Case(e.ctx, other, svcs[0].ID)
	wantKind(t, err, domain.KindNotFound)
	if list, err := st.Cases(e.ctx, other); err != nil || len(list) != 0 {
		t.Errorf("another collaboration's Cases = %v, %v", list, err)
	}
	foreign := got
	foreign.CollaborationID, foreign.Version = other, 2
	wantKind(t, errOf(st.SaveCase(e.ctx, foreign)), domain.KindNotFound)
}
