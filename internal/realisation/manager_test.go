package realisation_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/domain/domaintest"
	"github.com/tjenestevalg/tjenestevalg/internal/realisation"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlite"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

// fixture is a collaboration in a fresh SQLite database with two
// municipalities, A and B, two services, and users in every role; the
// subject-matter owner in A is the owner (gevinstansvarlig) of the
// indicators the tests add.
type fixture struct {
	t      *testing.T
	ctx    context.Context
	db     *sqlstore.DB
	clock  *domain.ManualClock
	mgr    *realisation.Manager
	collab domain.ID
	a, b   catalogue.Municipality

	lead, coordA, coordB, ownerA, otherOwnerA, leaderA, observer, supplier, evaluator domain.Principal
	outsider                                                                          domain.Principal // a user of another collaboration
}

// start is a Monday morning in March 2025.
var start = time.Date(2025, time.March, 3, 9, 0, 0, 0, time.UTC)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	clock := domain.NewManualClock(start)
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"), clock)
	must(t, err)
	t.Cleanup(func() { db.Close() })
	cat := db.Catalogue()
	f := &fixture{t: t, ctx: ctx, db: db, clock: clock}
	f.mgr = realisation.NewManager(db.Realisation(), cat, db.Accounts(), f.clock)
	f.collab, err = cat.CreateCollaboration(ctx, catalogue.Collaboration{Slug: "fosen", Name: "Fosen"})
	must(t, err)
	munis := []catalogue.Municipality{{Number: "5054", Name: "Indre Fosen"}, {Number: "5057", Name: "Ørland"}}
	must(t, cat.SaveMunicipalities(ctx, f.collab, munis))
	f.a, f.b = munis[0], munis[1]
	must(t, cat.SaveServices(ctx, f.collab, []catalogue.Service{
		{Slug: "byggesak", NameNB: "Byggesak", NameEN: "Building permit", Area: "plan-bygg", KostraFunction: "302", TargetGroup: "innbygger"},
		{Slug: "skjenkebevilling", NameNB: "Skjenkebevilling", Area: "naering", KostraFunction: "325", TargetGroup: "virksomhet"},
	}))

	f.lead = f.principal(f.collab, "leder@fosen.no", domain.Grant{Role: domain.RoleProgrammeLead})
	f.coordA = f.principal(f.collab, "koord@a.no", domain.Grant{Role: domain.RoleCoordinator, MunicipalityID: f.a.ID})
	f.coordB = f.principal(f.collab, "koord@b.no", domain.Grant{Role: domain.RoleCoordinator, MunicipalityID: f.b.ID})
	f.ownerA = f.principal(f.collab, "fag@a.no", domain.Grant{Role: domain.RoleSubjectOwner, MunicipalityID: f.a.ID})
	f.otherOwnerA = f.principal(f.collab, "fag2@a.no", domain.Grant{Role: domain.RoleSubjectOwner, MunicipalityID: f.a.ID})
	f.leaderA = f.principal(f.collab, "ledelse@a.no", domain.Grant{Role: domain.RoleLeadership, MunicipalityID: f.a.ID})
	f.observer = f.principal(f.collab, "observator@fosen.no", domain.Grant{Role: domain.RoleObserver})
	f.supplier = f.principal(f.collab, "selger@leverandor.no", domain.Grant{Role: domain.RoleSupplier})
	f.evaluator = f.principal(f.collab, "evaluator@fosen.no", domain.Grant{Role: domain.RoleEvaluator})
	other, err := cat.CreateCollaboration(ctx, catalogue.Collaboration{Slug: "namdal", Name: "Namdal"})
	must(t, err)
	f.outsider = f.principal(other, "leder@namdal.no", domain.Grant{Role: domain.RoleProgrammeLead})
	return f
}

// principal creates a user of collab with the given grants and returns them as a principal.
func (f *fixture) principal(collab domain.ID, email string, grants ...domain.Grant) domain.Principal {
	f.t.Helper()
	acc := f.db.Accounts()
	u := account.User{CollaborationID: collab, Email: email, Name: "Navn " + email, Lang: "nb", PasswordHash: "x", CreatedAt: start}
	id, err := acc.CreateUser(f.ctx, u)
	must(f.t, err)
	must(f.t, acc.SetGrants(f.ctx, id, grants))
	u.ID, u.Grants = id, grants
	return u.Principal()
}

// must and wantErr are the shared assertions about domain errors.
var must, wantErr = domaintest.Must, domaintest.WantErr

// wantField fails the test unless err is invalid with code on field.
func wantField(t *testing.T, err error, field, code string) {
	t.Helper()
	wantErr(t, err, domain.KindInvalid, "")
	for _, fe := range domain.AsError(err).Fields {
		if fe.Field == field && fe.Code == code {
			return
		}
	}
	t.Fatalf("err = %v, want %s on %q", err, code, field)
}

// hours is an indicator owned by ownerA: 10 hours per case on 15 January
// 2025, 6 hours on 15 January 2026, measured every 3 months.
func (f *fixture) hours() realisation.Indicator {
	return realisation.Indicator{Gain: "Frigjort saksbehandlertid", Class: realisation.ClassEfficiency,
		Name: "Timer per byggesak", Unit: "timer", Baseline: 10, BaselineDate: day(2025, 1, 15), Target: 6,
		TargetDate: day(2026, 1, 15), OwnerID: f.ownerA.UserID, Measures: "Digital søknad", Risk: "Lav bruk"}
}

// withPlan creates the plan of byggesak with the hours indicator.
func (f *fixture) withPlan() realisation.Indicator {
	f.t.Helper()
	_, err := f.mgr.CreatePlan(f.ctx, f.lead, "byggesak")
	must(f.t, err)
	ind, err := f.mgr.SaveIndicator(f.ctx, f.lead, "byggesak", f.hours())
	must(f.t, err)
	return ind
}

func TestPlanRights(t *testing.T) {
	f := newFixture(t)
	_, err := f.mgr.Plan(f.ctx, f.observer, "byggesak")
	wantErr(t, err, domain.KindNotFound, "realisation.plan_not_found")

	// The plan is shared (issue 12): only the programme lead creates plans
	// and edits indicators, not the coordinators.
	for _, p := range []domain.Principal{f.coordA, f.ownerA, f.leaderA, f.observer, f.supplier, f.evaluator} {
		_, err := f.mgr.CreatePlan(f.ctx, p, "byggesak")
		wantErr(t, err, domain.KindForbidden, "")
	}
	_, err = f.mgr.CreatePlan(f.ctx, domain.Principal{}, "byggesak")
	wantErr(t, err, domain.KindUnauthorized, "")
	_, err = f.mgr.CreatePlan(f.ctx, f.outsider, "byggesak")
	wantErr(t, err, domain.KindNotFound, "") // another collaboration's service
	pl, err := f.mgr.CreatePlan(f.ctx, f.lead, "byggesak")
	must(t, err)
	if pl.ID == 0 || pl.Version != 1 || pl.UpdatedBy != f.lead.Name || !pl.UpdatedAt.Equal(start) {
		t.Errorf("plan = %+v", pl)
	}
	_, err = f.mgr.CreatePlan(f.ctx, f.lead, "byggesak")
	wantErr(t, err, domain.KindConflict, "realisation.plan_exists")
	_, err = f.mgr.CreatePlan(f.ctx, domain.SystemPrincipal(f.collab), "skjenkebevilling")
	must(t, err)

	for _, p := range []domain.Principal{f.coordA, f.coordB, f.ownerA, f.otherOwnerA, f.leaderA, f.observer, f.supplier, f.evaluator, f.outsider} {
		_, err := f.mgr.SaveIndicator(f.ctx, p, "byggesak", f.hours())
		if domain.KindOf(err) != domain.KindForbidden && domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("SaveIndicator by %s: %v, want forbidden", p.Name, err)
		}
	}
	ind, err := f.mgr.SaveIndicator(f.ctx, f.lead, "byggesak", f.hours())
	must(t, err)
	if ind.ID == 0 || ind.Version != 1 || ind.OwnerName != f.ownerA.Name || ind.IntervalMonths != 3 || ind.UpdatedBy != f.lead.Name {
		t.Errorf("saved indicator = %+v", ind)
	}

	// Every internal user reads the plan; suppliers and evaluators do not.
	for _, p := range []domain.Principal{f.lead, f.coordA, f.ownerA, f.leaderA, f.observer} {
		v, err := f.mgr.Plan(f.ctx, p, "byggesak")
		must(t, err)
		if len(v.Indicators) != 1 || v.Service.Slug != "byggesak" || v.Version != 2 {
			t.Errorf("plan for %s = %+v", p.Name, v)
		}
		wantEdit := p.UserID == f.lead.UserID
		wantMeasure := wantEdit || p.UserID == f.ownerA.UserID
		if v.CanEdit != wantEdit || v.Indicators[0].CanMeasure != wantMeasure {
			t.Errorf("%s: can edit %v, measure %v; want %v, %v", p.Name, v.CanEdit, v.Indicators[0].CanMeasure, wantEdit, wantMeasure)
		}
	}
	for _, p := range []domain.Principal{f.supplier, f.evaluator} {
		_, err := f.mgr.Plan(f.ctx, p, "byggesak")
		wantErr(t, err, domain.KindForbidden, "")
	}
	_, err = f.mgr.Plan(f.ctx, domain.Principal{}, "byggesak")
	wantErr(t, err, domain.KindUnauthorized, "")

	// Measurements: the plan's editors and the indicator's owner.
	x := realisation.Measurement{IndicatorID: ind.ID, Value: 9.5, Date: day(2025, 3, 1), Comment: "  første  "}
	for _, p := range []domain.Principal{f.coordB, f.otherOwnerA, f.leaderA, f.observer, f.supplier, f.evaluator} {
		_, err := f.mgr.AddMeasurement(f.ctx, p, "byggesak", x)
		wantErr(t, err, domain.KindForbidden, "")
	}
	_, err = f.mgr.AddMeasurement(f.ctx, f.outsider, "byggesak", x)
	wantErr(t, err, domain.KindNotFound, "")
	var recorded []realisation.Measurement
	for _, p := range []domain.Principal{f.ownerA, f.lead} {
		got, err := f.mgr.AddMeasurement(f.ctx, p, "byggesak", x)
		must(t, err)
		if got.ID == 0 || got.UserID != p.UserID || got.UserName != p.Name || got.Comment != "første" || !got.CreatedAt.Equal(start) {
			t.Errorf("measurement by %s = %+v", p.Name, got)
		}
		recorded = append(recorded, got)
	}
	for _, p := range []domain.Principal{f.otherOwnerA, f.leaderA, f.observer} {
		wantErr(t, f.mgr.DeleteMeasurement(f.ctx, p, "byggesak", recorded[0].ID), domain.KindForbidden, "")
	}
	must(t, f.mgr.DeleteMeasurement(f.ctx, f.ownerA, "byggesak", recorded[0].ID))
	wantErr(t, f.mgr.DeleteMeasurement(f.ctx, f.ownerA, "byggesak", recorded[0].ID), domain.KindNotFound, "")
	wantErr(t, f.mgr.DeleteMeasurement(f.ctx, f.lead, "skjenkebevilling", recorded[1].ID), domain.KindNotFound, "realisation.measurement_not_found")

	// Deleting indicators: the editors only, at the current version.
	for _, p := range []domain.Principal{f.coordA, f.ownerA, f.leaderA, f.observer, f.supplier} {
		wantErr(t, f.mgr.DeleteIndicator(f.ctx, p, "byggesak", ind.ID, ind.Version), domain.KindForbidden, "")
	}
	wantErr(t, f.mgr.DeleteIndicator(f.ctx, f.lead, "skjenkebevilling", ind.ID, ind.Version), domain.KindNotFound, "realisation.indicator_not_found")
	wantErr(t, f.mgr.DeleteIndicator(f.ctx, f.lead, "byggesak", ind.ID, ind.Version+1), domain.KindConflict, "error.stale")
	must(t, f.mgr.DeleteIndicator(f.ctx, f.lead, "byggesak", ind.ID, ind.Version))
	v, err := f.mgr.Plan(f.ctx, f.observer, "byggesak")
	must(t, err)
	if len(v.Indicators) != 0 || v.Version != 3 || v.UpdatedBy != f.lead.Name {
		t.Errorf("plan after delete = %+v", v)
	}
}

func TestSaveIndicatorRules(t *testing.T) {
	f := newFixture(t)
	_, err := f.mgr.SaveIndicator(f.ctx, f.lead, "byggesak", f.hours())
	wantErr(t, err, domain.KindNotFound, "realisation.plan_not_found")
	ind := f.withPlan()

	bad := f.hours()
	bad.Name, bad.Target, bad.TargetDate, bad.IntervalMonths, bad.Class = "", 10, day(2024, 1, 1), 30, "money"
	_, err = f.mgr.SaveIndicator(f.ctx, f.lead, "byggesak", bad)
	wantField(t, err, "name", "field.required")
	wantField(t, err, "target", "realisation.target_equals_baseline")
	wantField(t, err, "target_date", "realisation.target_date")
	wantField(t, err, "interval_months", "realisation.interval")
	wantField(t, err, "class", "field.one_of")

	// The owner must be an internal, active user of the collaboration.
	for _, owner := range []domain.ID{f.supplier.UserID, f.evaluator.UserID, f.outsider.UserID, 999999} {
		o := f.hours()
		o.Name, o.OwnerID = "Ny indikator", owner
		_, err := f.mgr.SaveIndicator(f.ctx, f.lead, "byggesak", o)
		wantField(t, err, "owner_id", "realisation.unknown_owner")
	}
	// A leader may own a gain.
	o := f.hours()
	o.Name, o.OwnerID = "Andel digitale søknader", f.leaderA.UserID
	o.Baseline, o.Target, o.Unit, o.Class = 20, 80, "%", realisation.ClassOthers
	second, err := f.mgr.SaveIndicator(f.ctx, f.lead, "byggesak", o)
	must(t, err)

	// Names are unique within a plan, in any case.
	dup := f.hours()
	dup.Name = "  TIMER PER BYGGESAK "
	_, err = f.mgr.SaveIndicator(f.ctx, f.lead, "byggesak", dup)
	wantField(t, err, "name", "realisation.name_taken")
	// … but the same name is fine in another service's plan.
	_, err = f.mgr.CreatePlan(f.ctx, f.lead, "skjenkebevilling")
	must(t, err)
	_, err = f.mgr.SaveIndicator(f.ctx, f.lead, "skjenkebevilling", f.hours())
	must(t, err)

	// Updates go at the version read; a stale one is a conflict.
	f.clock.Advance(time.Hour)
	ind.Target, ind.IntervalMonths = 5, 6
	saved, err := f.mgr.SaveIndicator(f.ctx, f.lead, "byggesak", ind)
	must(t, err)
	if saved.Version != 2 || saved.Target != 5 || !saved.UpdatedAt.Equal(start.Add(time.Hour)) {
		t.Errorf("updated = %+v", saved)
	}
	_, err = f.mgr.SaveIndicator(f.ctx, f.lead, "byggesak", ind)
	wantErr(t, err, domain.KindConflict, "error.stale")
	// Renaming to its own name in another case is no clash.
	saved.Name = "timer per byggesak"
	saved, err = f.mgr.SaveIndicator(f.ctx, f.lead, "byggesak", saved)
	must(t, err)
	// An indicator is changed through its own service only.
	_, err = f.mgr.SaveIndicator(f.ctx, f.lead, "skjenkebevilling", second)
	wantErr(t, err, domain.KindNotFound, "realisation.indicator_not_found")

	v, err := f.mgr.Plan(f.ctx, f.observer, "byggesak")
	must(t, err)
	if len(v.Indicators) != 2 || v.Indicators[0].Name != "timer per byggesak" || v.Indicators[0].Version != 3 ||
		v.Indicators[1].OwnerName != f.leaderA.Name || v.Version != 5 {
		t.Errorf("plan = version %d, %+v", v.Version, v.Indicators)
	}
}

// TestStatusFromMeasurements follows an indicator through a year with the
// clock: not measured, on track, behind, achieved.
func TestStatusFromMeasurements(t *testing.T) {
	f := newFixture(t)
	ind := f.withPlan()
	state := func() realisation.IndicatorView {
		t.Helper()
		v, err := f.mgr.Plan(f.ctx, f.observer, "byggesak")
		must(t, err)
		return v.Indicators[0]
	}
	add := func(d time.Time, value float64) {
		t.Helper()
		_, err := f.mgr.AddMeasurement(f.ctx, f.ownerA, "byggesak", realisation.Measurement{IndicatorID: ind.ID, Value: value, Date: d})
		must(t, err)
	}
	if v := state(); v.Status != realisation.NotMeasured || !v.NextDue.Equal(day(2025, 4, 15)) || v.Due || v.Progress != nil {
		t.Fatalf("at the start: %+v", v)
	}
	// A measurement cannot be dated after today, nor before the baseline.
	_, err := f.mgr.AddMeasurement(f.ctx, f.ownerA, "byggesak", realisation.Measurement{IndicatorID: ind.ID, Value: 9, Date: day(2025, 3, 4)})
	wantField(t, err, "date", "realisation.future_date")
	_, err = f.mgr.AddMeasurement(f.ctx, f.ownerA, "byggesak", realisation.Measurement{IndicatorID: ind.ID, Value: 9, Date: day(2025, 1, 14)})
	wantField(t, err, "date", "realisation.before_baseline")

	f.clock.Advance(60 * 24 * time.Hour) // 2 May 2025
	if v := state(); !v.Due {
		t.Errorf("on 2 May the April measurement is due: %+v", v)
	}
	// Planned on 15 April (day 90 of 365): 10 − 4·90/365 ≈ 9.01.
	add(day(2025, 4, 15), 9)
	v := state()
	if v.Status != realisation.OnTrack || v.Due || !v.NextDue.Equal(day(2025, 7, 15)) || len(v.Measurements) != 1 ||
		!near(v.Measurements[0].Planned, 10-4*90.0/365) || !near(*v.Progress, 0.25) {
		t.Errorf("after an on-track measurement: %+v", v)
	}
	f.clock.Advance(80 * 24 * time.Hour) // 21 July 2025
	add(day(2025, 7, 20), 9.2)
	if v := state(); v.Status != realisation.Behind || !near(v.Measurements[1].Deviation, 9.2-realisation.Planned(ind, day(2025, 7, 20))) {
		t.Errorf("after a behind measurement: %+v", v)
	}
	f.clock.Advance(200 * 24 * time.Hour) // 6 February 2026
	add(day(2026, 1, 15), 5.8)
	if v := state(); v.Status != realisation.Achieved || !v.Done || v.Due {
		t.Errorf("after reaching the target: %+v", v)
	}
}

func TestImportAllOrNothing(t *testing.T) {
	f := newFixture(t)
	hours := f.withPlan()
	share := f.hours()
	share.Name, share.OwnerID, share.Baseline, share.Target, share.Unit = "Andel digitale søknader", f.otherOwnerA.UserID, 20, 80, "%"
	share, err := f.mgr.SaveIndicator(f.ctx, f.lead, "byggesak", share)
	must(t, err)
	cols := realisation.Columns{Indicator: "Indikator", Date: "Dato", Value: "Verdi", Comment: "Kommentar"}
	batch := realisation.Batch{Sheet: "Målinger", Columns: cols, Rows: []realisation.MeasurementRow{
		{Line: 2, Indicator: "timer per byggesak", Date: day(2025, 2, 1), Value: 9.8},
		{Line: 3, Indicator: "Ukjent", Date: day(2025, 2, 1), Value: 1},
		{Line: 4, Indicator: "Timer per byggesak", Date: day(2025, 4, 1), Value: 9},   // after today
		{Line: 5, Indicator: "Timer per byggesak", Date: day(2024, 12, 1), Value: 11}, // before the baseline
		{Line: 6, Indicator: "Timer per byggesak", Date: day(2025, 2, 1), Value: 9.8}, // line 2 again
		{Line: 7, Indicator: formatID(share.ID), Date: day(2025, 2, 1), Value: 25},    // by id, not ownerA's
		{Line: 8, Indicator: "Ukjent", Unreadable: true},
		{Line: 10, Date: day(2025, 2, 1), Value: 1},                   // no indicator
		{Line: 11, Date: day(2025, 2, 1), Value: 1, Unreadable: true}, // no indicator, as the reader said
	}, Problems: []catalogue.Problem{
		{Sheet: "Målinger", Line: 8, Column: "Dato", Code: "import.not_a_date", Params: []any{"i går"}},
		{Sheet: "Målinger", Line: 11, Column: "Indikator", Code: "field.required"},
	}}
	rep, err := f.mgr.ImportMeasurements(f.ctx, f.ownerA, "byggesak", batch)
	must(t, err)
	want := []catalogue.Problem{
		{Sheet: "Målinger", Line: 8, Column: "Dato", Code: "import.not_a_date", Params: []any{"i går"}},
		{Sheet: "Målinger", Line: 11, Column: "Indikator", Code: "field.required"},
		{Sheet: "Målinger", Line: 3, Column: "Indikator", Code: "realisation.unknown_indicator", Params: []any{"Ukjent"}},
		{Sheet: "Målinger", Line: 4, Column: "Dato", Code: "realisation.future_date", Params: []any{"2025-03-03"}},
		{Sheet: "Målinger", Line: 5, Column: "Dato", Code: "realisation.before_baseline", Params: []any{"2025-01-15"}},
		{Sheet: "Målinger", Line: 6, Column: "Indikator", Code: "import.duplicate_row", Params: []any{2}},
		{Sheet: "Målinger", Line: 7, Column: "Indikator", Code: "realisation.measure_forbidden", Params: []any{"Andel digitale søknader"}},
		{Sheet: "Målinger", Line: 8, Column: "Indikator", Code: "realisation.unknown_indicator", Params: []any{"Ukjent"}},
		{Sheet: "Målinger", Line: 10, Column: "Indikator", Code: "field.required"},
	}
	if rep.Committed || rep.Imported != 0 || !sameProblems(rep.Problems, want) {
		t.Errorf("report = %+v\nwant problems %+v", rep, want)
	}
	if v, err := f.mgr.Plan(f.ctx, f.observer, "byggesak"); err != nil || len(v.Indicators[0].Measurements) != 0 {
		t.Fatalf("a bad import wrote measurements: %+v, %v", v, err)
	}

	// The good rows alone: all written; the same file again changes nothing.
	batch.Rows, batch.Problems = batch.Rows[:1], nil
	batch.Rows = append(batch.Rows, realisation.MeasurementRow{Line: 9, Indicator: "Timer per byggesak", Date: day(2025, 3, 1), Value: 9.5, Comment: "ok"})
	rep, err = f.mgr.ImportMeasurements(f.ctx, f.ownerA, "byggesak", batch)
	must(t, err)
	if !rep.Committed || rep.Imported != 2 || len(rep.Problems) != 0 {
		t.Errorf("good import = %+v", rep)
	}
	rep, err = f.mgr.ImportMeasurements(f.ctx, f.ownerA, "byggesak", batch)
	must(t, err)
	if !rep.Committed || rep.Imported != 0 || rep.Unchanged != 2 {
		t.Errorf("repeated import = %+v", rep)
	}
	v, err := f.mgr.Plan(f.ctx, f.observer, "byggesak")
	must(t, err)
	if ms := v.Indicators[0].Measurements; len(ms) != 2 || ms[0].UserID != f.ownerA.UserID || ms[1].Comment != "ok" || ms[0].IndicatorID != hours.ID {
		t.Errorf("imported = %+v", ms)
	}

	// Whoever may measure none of the plan's indicators may not import.
	for _, p := range []domain.Principal{f.observer, f.leaderA} {
		_, err := f.mgr.ImportMeasurements(f.ctx, p, "byggesak", batch)
		wantErr(t, err, domain.KindForbidden, "")
	}
	_, err = f.mgr.ImportMeasurements(f.ctx, f.supplier, "byggesak", batch)
	wantErr(t, err, domain.KindForbidden, "")
}

func formatID(id domain.ID) string { return strconv.FormatInt(id, 10) }

func sameProblems(got, want []catalogue.Problem) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Sheet != w.Sheet || g.Line != w.Line || g.Column != w.Column || g.Code != w.Code || len(g.Params) != len(w.Params) {
			return false
		}
		for j := range g.Params {
			if g.Params[j] != w.Params[j] {
				return false
			}
		}
	}
	return true
}

// TestImportWorkbook imports a file as a user uploads it: the export with
// a row added.
func TestImportWorkbook(t *testing.T) {
	f := newFixture(t)
	ind := f.withPlan()
	_, err := f.mgr.AddMeasurement(f.ctx, f.ownerA, "byggesak", realisation.Measurement{IndicatorID: ind.ID, Value: 9.8, Date: day(2025, 2, 1)})
	must(t, err)
	v, err := f.mgr.Plan(f.ctx, f.ownerA, "byggesak")
	must(t, err)
	var buf bytes.Buffer
	must(t, realisation.WritePlanXLSX(&buf, v, "nb"))
	book := openBook(t, buf.Bytes())
	must(t, book.SetCellValue("Målinger", "A3", "Timer per byggesak"))
	must(t, book.SetCellValue("Målinger", "B3", day(2025, 3, 1)))
	must(t, book.SetCellStr("Målinger", "C3", "9,4"))
	var edited bytes.Buffer
	_, err = book.WriteTo(&edited)
	must(t, err)

	b, err := realisation.ReadMeasurements(&edited, "plan.xlsx")
	must(t, err)
	rep, err := f.mgr.ImportMeasurements(f.ctx, f.ownerA, "byggesak", b)
	must(t, err)
	if !rep.Committed || rep.Imported != 1 || rep.Unchanged != 1 {
		t.Fatalf("import = %+v", rep)
	}
	v, err = f.mgr.Plan(f.ctx, f.ownerA, "byggesak")
	must(t, err)
	if ms := v.Indicators[0].Measurements; len(ms) != 2 || ms[1].Value != 9.4 || !ms[1].Date.Equal(day(2025, 3, 1)) {
		t.Errorf("measurements = %+v", ms)
	}
}

func TestDueAndNotifications(t *testing.T) {
	f := newFixture(t)
	ind := f.withPlan() // due 15 April 2025, every 3 months
	_, err := f.mgr.CreatePlan(f.ctx, f.lead, "skjenkebevilling")
	must(t, err)
	other := f.hours()
	other.Name, other.OwnerID, other.BaselineDate, other.TargetDate = "Dager til vedtak", f.leaderA.UserID, day(2025, 1, 1), day(2025, 12, 31)
	other.IntervalMonths = 1
	other, err = f.mgr.SaveIndicator(f.ctx, f.lead, "skjenkebevilling", other) // due 1 February, 1 March …
	must(t, err)

	due, err := f.mgr.Due(f.ctx, f.observer)
	must(t, err)
	if len(due) != 1 || due[0].Indicator.ID != other.ID || due[0].ServiceSlug != "skjenkebevilling" ||
		!due[0].NextDue.Equal(day(2025, 2, 1)) || due[0].Indicator.OwnerName != f.leaderA.Name || due[0].Latest != nil ||
		due[0].Status != realisation.NotMeasured {
		t.Fatalf("due on 3 March = %+v", due)
	}
	_, err = f.mgr.Due(f.ctx, f.supplier)
	wantErr(t, err, domain.KindForbidden, "")

	// One notification per indicator and due date, however often the job
	// runs, and from several servers at once.
	var wg sync.WaitGroup
	counts := make([]int, 4)
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := f.mgr.NotifyDue(f.ctx, f.clock.Now())
			if err != nil {
				t.Error(err)
			}
			counts[i] = n
		}()
	}
	wg.Wait()
	if total := counts[0] + counts[1] + counts[2] + counts[3]; total != 1 {
		t.Errorf("concurrent NotifyDue created %d (%v), want 1", total, counts)
	}
	if n, err := f.mgr.NotifyDue(f.ctx, f.clock.Now()); err != nil || n != 0 {
		t.Errorf("NotifyDue again = %d, %v; want 0", n, err)
	}
	list, err := f.mgr.Notifications(f.ctx, f.leaderA)
	must(t, err)
	if len(list) != 1 || list[0].IndicatorID != other.ID || list[0].IndicatorName != "Dager til vedtak" ||
		list[0].ServiceSlug != "skjenkebevilling" || !list[0].DueDate.Equal(day(2025, 2, 1)) || list[0].ReadAt != nil ||
		list[0].Kind != realisation.KindMeasurementDue {
		t.Fatalf("leader's notifications = %+v", list)
	}
	if l, err := f.mgr.Notifications(f.ctx, f.ownerA); err != nil || len(l) != 0 {
		t.Errorf("owner's notifications before April = %+v, %v", l, err)
	}

	// Only the recipient can mark it read.
	wantErr(t, f.mgr.MarkRead(f.ctx, f.ownerA, list[0].ID), domain.KindNotFound, "")
	wantErr(t, f.mgr.MarkRead(f.ctx, domain.SystemPrincipal(f.collab), list[0].ID), domain.KindNotFound, "")
	wantErr(t, f.mgr.MarkRead(f.ctx, f.supplier, list[0].ID), domain.KindForbidden, "")
	f.clock.Advance(time.Minute)
	must(t, f.mgr.MarkRead(f.ctx, f.leaderA, list[0].ID))
	list, err = f.mgr.Notifications(f.ctx, f.leaderA)
	must(t, err)
	if list[0].ReadAt == nil || !list[0].ReadAt.Equal(start.Add(time.Minute)) {
		t.Errorf("read at = %v", list[0].ReadAt)
	}

	// The owner measures; the next reminder comes a month after that
	// measurement, and the hours indicator's on 15 April.
	_, err = f.mgr.AddMeasurement(f.ctx, f.leaderA, "skjenkebevilling", realisation.Measurement{IndicatorID: other.ID, Value: 9, Date: day(2025, 3, 3)})
	must(t, err)
	if n, err := f.mgr.NotifyDue(f.ctx, f.clock.Now()); err != nil || n != 0 {
		t.Errorf("NotifyDue after measuring = %d, %v", n, err)
	}
	f.clock.Advance(43 * 24 * time.Hour) // 15 April 2025
	if n, err := f.mgr.NotifyDue(f.ctx, f.clock.Now()); err != nil || n != 2 {
		t.Errorf("NotifyDue on 15 April = %d, %v; want 2", n, err)
	}
	owner, err := f.mgr.Notifications(f.ctx, f.ownerA)
	must(t, err)
	if len(owner) != 1 || owner[0].IndicatorID != ind.ID || !owner[0].DueDate.Equal(day(2025, 4, 15)) || !owner[0].CreatedAt.Equal(f.clock.Now()) {
		t.Errorf("owner's notifications = %+v", owner)
	}
	leader, err := f.mgr.Notifications(f.ctx, f.leaderA)
	must(t, err)
	if len(leader) != 2 || !leader[0].DueDate.Equal(day(2025, 4, 3)) {
		t.Errorf("leader's notifications = %+v", leader)
	}
	due, err = f.mgr.Due(f.ctx, f.lead)
	must(t, err)
	if len(due) != 2 || due[0].Indicator.ID != other.ID || due[0].Latest == nil || due[0].Latest.Value != 9 || due[1].Indicator.ID != ind.ID {
		t.Errorf("due on 15 April = %+v", due)
	}
	if l, err := f.mgr.Notifications(f.ctx, domain.SystemPrincipal(f.collab)); err != nil || l != nil {
		t.Errorf("system's notifications = %v, %v", l, err)
	}
}
