package storetest

import (
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/roadmap"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

// testRoadmaps checks that a roadmap comes back as it was saved, items,
// scenarios and solved plans included, with optimistic versions, the data
// version bumped, and nothing visible to another collaboration.
func testRoadmaps(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	st := e.db.Roadmaps()
	c, other := e.collab("fosen"), e.collab("namdal")
	_, err := st.Roadmap(e.ctx, c)
	wantKind(t, err, domain.KindNotFound)

	r := roadmap.Roadmap{DecisionID: 7,
		Items: []roadmap.Item{
			{Key: "id-porten", Kind: roadmap.KindComponent, Name: "ID-porten", Cost: 150000, Hours: 300, Source: roadmap.SourceManual},
			{Key: "byggesak", Kind: roadmap.KindService, Name: "Byggesak – ærend", ServiceID: 3, Rank: 1.5, Cost: 900000,
				Hours: 1200, AnnualBenefit: 410000, Requires: []string{"id-porten"}, Source: roadmap.SourceBenefitCase, SourceVersion: 2},
		},
		Scenarios: []roadmap.Scenario{{ID: "s1", Name: "Basis", FirstYear: 2027, DiscountRate: 0.04, Horizon: 10,
			Years: []roadmap.Year{{Budget: 1e6, Capacity: 2000}, {Budget: 1.5e6, Capacity: 2500}}, Must: []string{"byggesak"},
			Outcome: &roadmap.Outcome{Optimum: roadmap.Result{Objective: 1234.5, Bound: 1300, Gap: 0.05,
				Plan: []roadmap.Start{{ID: "id-porten", Year: 0}, {ID: "byggesak", Year: 1}}}, Digest: "abc", SolvedAt: at(1, 7, 0, 0, 0),
				Problems: []domain.FieldError{domain.Field("years[0].budget", "roadmap.must_over_budget", 0, 2.0, 1.0, "byggesak")}}}},
	}
	before, err := e.cat.DataVersion(e.ctx, c)
	must(t, err)
	saved(t, 1)(st.SaveRoadmap(e.ctx, roadmap.Record{CollaborationID: c, Roadmap: r, UpdatedBy: "Åse", UpdatedAt: at(1, 8, 0, 0, 0)}))
	if after, err := e.cat.DataVersion(e.ctx, c); err != nil || after <= before {
		t.Errorf("data version after SaveRoadmap = %d, %v; want above %d", after, err, before)
	}
	// A second insert is a conflict.
	wantKind(t, errOf(st.SaveRoadmap(e.ctx, roadmap.Record{CollaborationID: c, Roadmap: r, UpdatedAt: at(1, 9, 0, 0, 0)})), domain.KindConflict)

	got, err := st.Roadmap(e.ctx, c)
	must(t, err)
	it, ok := got.Roadmap.Item("byggesak")
	sc, _, sok := got.Roadmap.Scenario("s1")
	if got.Version != 1 || got.UpdatedBy != "Åse" || got.Roadmap.DecisionID != 7 || !ok || it.Name != "Byggesak – ærend" ||
		it.Rank != 1.5 || it.Requires[0] != "id-porten" || it.SourceVersion != 2 || !sok || sc.Years[1].Capacity != 2500 ||
		sc.Outcome == nil || sc.Outcome.Optimum.Plan[1].Year != 1 || sc.Outcome.Problems[0].Code != "roadmap.must_over_budget" {
		t.Errorf("Roadmap = %+v", got)
	}
	sameTime(t, "roadmap updated_at", got.UpdatedAt, at(1, 8, 0, 0, 0))
	sameTime(t, "solved_at", sc.Outcome.SolvedAt, at(1, 7, 0, 0, 0))

	got.Roadmap.Scenarios[0].Name = "Stram"
	saved(t, got.Version+1)(st.SaveRoadmap(e.ctx, got)) // at version 1
	wantKind(t, errOf(st.SaveRoadmap(e.ctx, got)), domain.KindConflict)
	if again, err := st.Roadmap(e.ctx, c); err != nil || again.Version != 2 || again.Roadmap.Scenarios[0].Name != "Stram" {
		t.Errorf("after update: %+v, %v", again, err)
	}

	_, err = st.Roadmap(e.ctx, other)
	wantKind(t, err, domain.KindNotFound)
	foreign := got
	foreign.CollaborationID, foreign.Version = other, 2
	wantKind(t, errOf(st.SaveRoadmap(e.ctx, foreign)), domain.KindNotFound)
}
