package roadmap

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
)

// memStore is the Store contract in memory (the SQL one is checked by the
// store contract suite).
type memStore struct {
	mu      sync.Mutex
	recs    map[domain.ID]Record
	editors map[domain.ID]domain.Editors
}

func (s *memStore) Editors(_ context.Context, c domain.ID) (domain.Editors, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.editors[c]), nil
}

// SetEditors knows users 1–99 of every collaboration, as the tests name them.
func (s *memStore) SetEditors(_ context.Context, c domain.ID, users []domain.ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range users {
		if u < 1 || u > 99 {
			return domain.NotFound("auth.user_not_found")
		}
	}
	if s.editors == nil {
		s.editors = map[domain.ID]domain.Editors{}
	}
	s.editors[c] = slices.Clone(users)
	return nil
}

func (s *memStore) Roadmap(_ context.Context, c domain.ID) (Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.recs[c]
	if !ok {
		return Record{}, domain.NotFound("roadmap.not_found")
	}
	var cp Roadmap
	_ = clone(r.Roadmap, &cp)
	r.Roadmap = cp
	return r, nil
}

func (s *memStore) SaveRoadmap(_ context.Context, r Record) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.recs[r.CollaborationID]
	if (r.Version == 0) == ok || (ok && old.Version != r.Version) {
		return 0, domain.Conflict("error.stale")
	}
	r.Version++
	s.recs[r.CollaborationID] = r
	return r.Version, nil
}

type fakeBenefits map[string]benefit.Case

func (f fakeBenefits) Case(_ context.Context, _ domain.Principal, slug string) (benefit.View, error) {
	c, ok := f[slug]
	if !ok {
		return benefit.View{}, domain.NotFound("catalogue.service_not_found")
	}
	return benefit.View{Service: catalogue.Service{ID: int64(len(slug)), Slug: slug, NameNB: "Tjeneste " + slug},
		Record: benefit.Record{Case: c, Version: 3}, Stored: true}, nil
}

type fakeDecisions []priority.RankedService

func (f fakeDecisions) Decision(_ context.Context, _ domain.Principal, id domain.ID) (priority.DecisionView, error) {
	if id != 9 {
		return priority.DecisionView{}, domain.NotFound("priority.decision_not_found")
	}
	b, _ := json.Marshal([]priority.RankedService(f))
	return priority.DecisionView{Decision: priority.Decision{ID: 9, Ranking: b}}, nil
}

// caseOf is a benefit case of one municipality: 600 cases a year saving
// minutes each at 600 NOK an hour, a one-off cost and a yearly licence.
func caseOf(minutes, oneOff, hours, licence float64) benefit.Case {
	return benefit.Case{Settings: benefit.Settings{Years: 10, DiscountRate: 0.04},
		Municipalities: []benefit.MunicipalityInput{{Municipality: "5054", Cases: benefit.Exact(600), HourlyCost: benefit.Exact(600),
			MinutesSaved: benefit.Exact(minutes)}},
		Gains: []benefit.Gain{{ID: "tid", Name: "Tid", Kind: benefit.GainEmployeeTime, Class: benefit.ClassEfficiency}},
		Costs: []benefit.Cost{{ID: "inv", Name: "Innføring", Kind: benefit.CostImplementation, Amount: benefit.Exact(oneOff), Hours: benefit.Exact(hours)},
			{ID: "lis", Name: "Lisens", Kind: benefit.CostLicence, Amount: benefit.Exact(licence)}}}
}

func newTestManager() (*Manager, domain.Principal) {
	ben := fakeBenefits{"a": caseOf(60, 400000, 300, 50000), "b": caseOf(30, 300000, 200, 20000), "c": caseOf(90, 900000, 600, 100000)}
	dec := fakeDecisions{{Slug: "b", Rank: 1}, {Slug: "a", Rank: 2}, {Slug: "c", Rank: 3}}
	m := NewManager(&memStore{recs: map[domain.ID]Record{}}, ben, dec, domain.NewManualClock(time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)))
	m.Limit = 0
	return m, domain.SystemPrincipal(1)
}

func TestFiguresFromBenefitCase(t *testing.T) {
	cost, hours, annual, err := Figures(caseOf(60, 400000, 300, 50000))
	if err != nil {
		t.Fatal(err)
	}
	// 600 cases × 1 h × 600 NOK = 360 000 a year, less 50 000 licence.
	if cost != 400000 || hours != 300 || annual != 310000 {
		t.Errorf("Figures = %v, %v, %v; want 400000, 300, 310000", cost, hours, annual)
	}
	if _, _, annual, _ := Figures(caseOf(1, 0, 0, 90000)); annual != 0 {
		t.Errorf("a case whose licence exceeds its gain: annual %v, want 0", annual)
	}
}

func TestRoadmapFromDecisionAndEdits(t *testing.T) {
	ctx := context.Background()
	m, p := newTestManager()
	if rec, err := m.Roadmap(ctx, p); err != nil || rec.Version != 0 || len(rec.Roadmap.Items) != 0 {
		t.Fatalf("empty roadmap = %+v, %v", rec, err)
	}
	if _, err := m.FromDecision(ctx, p, 8, 0); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("unknown decision: %v", err)
	}
	rec, err := m.FromDecision(ctx, p, 9, 0)
	if err != nil {
		t.Fatal(err)
	}
	r := rec.Roadmap
	if rec.Version != 1 || r.DecisionID != 9 || len(r.Items) != 3 || len(r.Scenarios) != 1 {
		t.Fatalf("from decision: %+v", rec)
	}
	if it, _ := r.Item("a"); it.Cost != 400000 || it.Hours != 300 || it.AnnualBenefit != 310000 || it.Rank != 2 ||
		it.Source != SourceBenefitCase || it.SourceVersion != 3 {
		t.Errorf("item a = %+v", it)
	}
	if got := r.Order(); len(got) != 3 || got[0] != "b" || got[2] != "c" {
		t.Errorf("greedy order %v", got)
	}
	sc := r.Scenarios[0]
	if sc.FirstYear != 2027 || len(sc.Years) != 4 || sc.Years[0].Budget != 200000 || sc.Outcome == nil || !sc.Outcome.Optimum.Optimal ||
		sc.Outcome.Greedy == nil || r.Stale(sc) {
		t.Fatalf("first scenario = %+v", sc)
	}

	// A stale version is refused, and so is an edit by someone who may not.
	if _, err := m.SaveItem(ctx, p, "a", Item{Cost: 1}, 0); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("stale edit: %v", err)
	}
	leader := domain.Principal{UserID: 5, CollaborationID: 1, Grants: []domain.Grant{{Role: domain.RoleLeadership, MunicipalityID: 2}}}
	if _, err := m.SaveItem(ctx, leader, "a", Item{Cost: 1}, 1); domain.KindOf(err) != domain.KindForbidden {
		t.Errorf("leadership edit: %v", err)
	}
	if _, err := m.Roadmap(ctx, leader); err != nil {
		t.Errorf("leadership may read: %v", err)
	}

	// A component that a must-service requires: added, required, and then
	// it cannot be removed while required.
	rec, err = m.SaveItem(ctx, p, "", Item{Name: "KS Fiks – SvarUt", Cost: 100000, Hours: 50}, 1)
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Roadmap.Items[3]
	if comp.Key != "ks-fiks-svarut" || comp.Kind != KindComponent || comp.Source != SourceManual {
		t.Errorf("component = %+v", comp)
	}
	a, _ := rec.Roadmap.Item("a")
	a.Requires = []string{comp.Key}
	rec, err = m.SaveItem(ctx, p, "a", a, rec.Version)
	if err != nil {
		t.Fatal(err)
	}
	sc = rec.Roadmap.Scenarios[0]
	if rec.Roadmap.Stale(sc) {
		t.Errorf("the scenario was not solved again after the edit")
	}
	plan := map[string]int{}
	for _, s := range sc.Outcome.Optimum.Plan {
		plan[s.ID] = s.Year
	}
	if y, ok := plan["a"]; ok && plan[comp.Key] >= y {
		t.Errorf("a starts before its component: %v", sc.Outcome.Optimum.Plan)
	}
	if _, err := m.DeleteItem(ctx, p, comp.Key, rec.Version); domain.KindOf(err) != domain.KindInvalid {
		t.Errorf("deleting a required component: %v", err)
	}

	// A cycle is refused, naming the items.
	comp.Requires = []string{"a"}
	if _, err := m.SaveItem(ctx, p, comp.Key, comp, rec.Version); !hasField(err, "items", "roadmap.cycle") {
		t.Errorf("cycle: %v", err)
	}

	// A scenario whose must-service cannot fit is refused whole; a copy
	// with a larger budget gives a plan with c in it.
	sc.Must = []string{"c"}
	if _, err := m.SaveScenario(ctx, p, sc, rec.Version); domain.KindOf(err) != domain.KindInvalid {
		t.Errorf("infeasible must: %v", err)
	}
	if again, _ := m.Roadmap(ctx, p); again.Version != rec.Version {
		t.Errorf("a refused scenario was stored")
	}
	rec, id, err := m.CopyScenario(ctx, p, sc.ID, "Romslig", rec.Version)
	if err != nil {
		t.Fatal(err)
	}
	big, _, _ := rec.Roadmap.Scenario(id)
	big.Must = []string{"c"}
	for k := range big.Years {
		big.Years[k] = Year{Budget: 2e6, Capacity: 2000}
	}
	rec, err = m.SaveScenario(ctx, p, big, rec.Version)
	if err != nil {
		t.Fatal(err)
	}
	_, an, err := m.Analyse(ctx, p, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := an.Start["c"]; !ok || an.Optimum == nil || an.Stale {
		t.Errorf("must c not planned: %+v", an)
	}
	if d, ok := an.Difference(); !ok || d < -1e-6 {
		t.Errorf("optimum below the greedy baseline by %v", d)
	}
	// Raising c's cost beyond every budget keeps the item edit but leaves
	// the scenario that must have c without a plan, saying why.
	c, _ := rec.Roadmap.Item("c")
	c.Cost = 9e6
	rec, err = m.SaveItem(ctx, p, "c", c, rec.Version)
	if err != nil {
		t.Fatal(err)
	}
	big, _, _ = rec.Roadmap.Scenario(id)
	if big.Outcome == nil || len(big.Outcome.Problems) == 0 {
		t.Errorf("no problems for the infeasible scenario: %+v", big.Outcome)
	}
	if it, _ := rec.Roadmap.Item("c"); it.Source != SourceManual {
		t.Errorf("changed figures keep source %q", it.Source)
	}
	rec, err = m.DeleteScenario(ctx, p, id, rec.Version)
	if err != nil || len(rec.Roadmap.Scenarios) != 1 {
		t.Errorf("delete scenario: %v", err)
	}
}

func hasField(err error, field, code string) bool {
	for _, f := range domain.AsError(err).Fields {
		if f.Field == field && f.Code == code {
			return true
		}
	}
	return false
}

func TestRoadmapValidate(t *testing.T) {
	r := Roadmap{Items: []Item{{Key: "a", Kind: KindService, Name: "A", Cost: -1}, {Key: "a", Kind: "x", Name: ""},
		{Key: "B C", Kind: KindComponent, Name: "B", Requires: []string{"zz", "B C"}}},
		Scenarios: []Scenario{{ID: "s1", Name: "X", FirstYear: 1999, Horizon: 1, DiscountRate: 0.5,
			Years: []Year{{Budget: -5}, {}}, Must: []string{"a", "q"}, Exclude: []string{"a"}}, {ID: "s1", Name: "x"}}}
	err := r.Validate()
	for _, want := range [][2]string{{"items[0].cost", "roadmap.negative"}, {"items[1].key", "roadmap.key_duplicate"},
		{"items[1].kind", "field.one_of"}, {"items[1].name", "field.required"}, {"items[2].key", "roadmap.key_format"},
		{"items[2].requires[0]", "roadmap.unknown_requires"}, {"scenarios[0].first_year", "roadmap.first_year_range"},
		{"scenarios[0].horizon", "roadmap.horizon_range"}, {"scenarios[0].discount_rate", "roadmap.discount_pct_range"},
		{"scenarios[0].years[0].budget", "roadmap.negative"}, {"scenarios[0].must[0]", "roadmap.must_excluded"},
		{"scenarios[0].must[1]", "roadmap.unknown_item"}, {"scenarios[1].id", "roadmap.key_duplicate"},
		{"scenarios[1].name", "roadmap.name_duplicate"}, {"scenarios[1].years", "roadmap.no_years"}} {
		if !hasField(err, want[0], want[1]) {
			t.Errorf("missing %s %s in %v", want[0], want[1], err)
		}
	}
	if k := KeyFor("Sak/arkiv – Ørland", func(k string) bool { return k == "sak-arkiv-orland" }); k != "sak-arkiv-orland-2" {
		t.Errorf("KeyFor = %q", k)
	}
}

// An edit that takes the roadmap beyond the optimiser's sizes is refused
// with the field at fault, and nothing is stored (issue 12, item 8).
func TestRoadmapEditWithinSizes(t *testing.T) {
	ctx := context.Background()
	m, p := newTestManager()
	rec, err := m.FromDecision(ctx, p, 9, 0)
	if err != nil {
		t.Fatal(err)
	}
	m.Sizes = SizeLimits{Dependencies: 1}
	a, _ := rec.Roadmap.Item("a")
	a.Requires = []string{"b", "c"}
	if _, err := m.SaveItem(ctx, p, "a", a, rec.Version); !hasField(err, "items", "roadmap.too_many_dependencies") {
		t.Errorf("two dependencies over a limit of one: %v", err)
	}
	m.Sizes = SizeLimits{Cells: 3 * 4}
	a.Requires = []string{"b"}
	next, err := m.SaveItem(ctx, p, "a", a, rec.Version)
	if err != nil {
		t.Fatalf("at the limits: %v", err)
	}
	m.Sizes = SizeLimits{Cells: 3*4 - 1}
	a.Cost++
	if _, err := m.SaveItem(ctx, p, "a", a, next.Version); !hasField(err, "scenarios[0].years", "roadmap.too_many_cells") {
		t.Errorf("3 items × 4 years over 11: %v", err)
	}
	if now, _ := m.Roadmap(ctx, p); now.Version != next.Version {
		t.Errorf("a refused edit was stored: version %d, want %d", now.Version, next.Version)
	}
}

// TestRoadmapEditors checks the row rule for the roadmap (issue 12, item
// 5): a shared artefact of the collaboration, changed by the programme
// lead and the coordinators and subject-matter owners the lead assigns.
func TestRoadmapEditors(t *testing.T) {
	ctx := context.Background()
	m, sys := newTestManager()
	lead := domain.Principal{UserID: 1, CollaborationID: 1, Grants: []domain.Grant{{Role: domain.RoleProgrammeLead}}}
	coord := domain.Principal{UserID: 2, CollaborationID: 1, Grants: []domain.Grant{{Role: domain.RoleCoordinator, MunicipalityID: 2}}}
	observer := domain.Principal{UserID: 3, CollaborationID: 1, Grants: []domain.Grant{{Role: domain.RoleObserver}}}
	rec, err := m.FromDecision(ctx, sys, 9, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.SaveItem(ctx, coord, "a", Item{Cost: 1}, rec.Version); domain.KindOf(err) != domain.KindForbidden {
		t.Fatalf("an unassigned coordinator's edit: %v", err)
	}
	for _, p := range []domain.Principal{coord, observer} {
		if err := m.SetEditors(ctx, p, []domain.ID{coord.UserID}); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("%d assigns: %v, want forbidden", p.UserID, err)
		}
	}
	if err := m.SetEditors(ctx, lead, []domain.ID{500}); domain.KindOf(err) != domain.KindInvalid {
		t.Errorf("an unknown user: %v, want invalid", err)
	}
	if err := m.SetEditors(ctx, lead, []domain.ID{observer.UserID, coord.UserID, coord.UserID}); err != nil {
		t.Fatal(err)
	}
	if eds, err := m.Editors(ctx, observer); err != nil || !slices.Equal(eds, domain.Editors{coord.UserID, observer.UserID}) {
		t.Errorf("editors = %v, %v", eds, err)
	}
	for _, tc := range []struct {
		p    domain.Principal
		want bool
	}{{lead, true}, {coord, true}, {observer, false}} {
		if ok, err := m.MayEdit(ctx, tc.p); err != nil || ok != tc.want {
			t.Errorf("MayEdit(%d) = %v, %v; want %v", tc.p.UserID, ok, err, tc.want)
		}
	}
	if _, err := m.SaveItem(ctx, coord, "a", Item{Cost: 1}, rec.Version); err != nil {
		t.Errorf("the assigned coordinator's edit: %v", err)
	}
	if _, err := m.SaveItem(ctx, observer, "a", Item{Cost: 1}, rec.Version+1); domain.KindOf(err) != domain.KindForbidden {
		t.Errorf("an assigned observer's edit: %v", err)
	}
}
