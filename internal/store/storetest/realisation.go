package storetest

import (
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/domain/domaintest"
	"github.com/tjenestevalg/tjenestevalg/internal/realisation"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

func testRealisation(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	t.Run("Plans", func(t *testing.T) { testRealisationPlans(t, open) })
	t.Run("Indicators", func(t *testing.T) { testRealisationIndicators(t, open) })
	t.Run("Measurements", func(t *testing.T) { testRealisationMeasurements(t, open) })
	t.Run("Notifications", func(t *testing.T) { testRealisationNotifications(t, open) })
}

func realisationDay(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// realisationEnv is a collaboration with a plan for service s1, an owner,
// and a second collaboration.
type realisationEnv struct {
	*env
	st          realisation.Store
	c, other    domain.ID
	svc, svc2   domain.ID
	plan        realisation.Plan
	owner, user domain.ID
}

func newRealisationEnv(t *testing.T, open func(t *testing.T) *sqlstore.DB) *realisationEnv {
	t.Helper()
	e := &realisationEnv{env: newEnv(t, open)}
	e.st = e.db.Realisation()
	e.c, e.other = e.collab("fosen"), e.collab("namdal")
	svcs := e.services(e.c, service("s1"), service("s2"))
	e.svc, e.svc2 = svcs[0].ID, svcs[1].ID
	e.owner, e.user = e.env.user(e.c, "eier@fosen.no").ID, e.env.user(e.c, "bruker@fosen.no").ID
	e.plan = realisation.Plan{CollaborationID: e.c, ServiceID: e.svc, Version: 1, UpdatedBy: "Åse", UpdatedAt: at(1, 8, 0, 0, 1)}
	id, err := e.st.CreatePlan(e.ctx, e.plan)
	must(t, err)
	e.plan.ID = id
	return e
}

func (e *realisationEnv) indicator(name string) realisation.Indicator {
	return realisation.Indicator{PlanID: e.plan.ID, Gain: "Frigjort saksbehandlertid", Class: realisation.ClassEfficiency,
		Name: name, Unit: "timer", Baseline: 12.5, BaselineDate: realisationDay(2025, 1, 1), Target: 8.25, TargetDate: realisationDay(2026, 1, 1),
		OwnerID: e.owner, Measures: "Digital søknad", Risk: "Lav bruk", IntervalMonths: 3, UpdatedBy: "Åse",
		UpdatedAt: at(2, 8, 0, 0, 0)}
}

func (e *realisationEnv) addIndicator(name string) realisation.Indicator {
	e.t.Helper()
	ind := e.indicator(name)
	id, err := e.st.CreateIndicator(e.ctx, e.c, ind)
	must(e.t, err)
	ind.ID, ind.Version = id, 1
	return ind
}

func testRealisationPlans(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newRealisationEnv(t, open)
	got, err := e.st.PlanOf(e.ctx, e.c, e.svc)
	must(t, err)
	sameTime(t, "plan updated_at", got.UpdatedAt, e.plan.UpdatedAt)
	got.UpdatedAt = e.plan.UpdatedAt
	if got != e.plan {
		t.Errorf("PlanOf = %+v, want %+v", got, e.plan)
	}
	// One plan per service.
	_, err = e.st.CreatePlan(e.ctx, e.plan)
	wantKind(t, err, domain.KindConflict)
	_, err = e.st.PlanOf(e.ctx, e.c, e.svc2)
	domaintest.WantErr(t, err, domain.KindNotFound, "realisation.plan_not_found")
	// Another collaboration sees nothing and changes nothing.
	_, err = e.st.PlanOf(e.ctx, e.other, e.svc)
	wantKind(t, err, domain.KindNotFound)
	wantKind(t, e.st.TouchPlan(e.ctx, e.other, e.plan.ID, "Per", at(3, 8, 0, 0, 0)), domain.KindNotFound)

	before, err := e.cat.DataVersion(e.ctx, e.c)
	must(t, err)
	must(t, e.st.TouchPlan(e.ctx, e.c, e.plan.ID, "Per", at(3, 8, 0, 0, 0)))
	if after, err := e.cat.DataVersion(e.ctx, e.c); err != nil || after <= before {
		t.Errorf("data version after TouchPlan = %d, %v; want above %d", after, err, before)
	}
	got, err = e.st.PlanOf(e.ctx, e.c, e.svc)
	must(t, err)
	if got.Version != 2 || got.UpdatedBy != "Per" {
		t.Errorf("after TouchPlan: %+v", got)
	}
	sameTime(t, "touched plan", got.UpdatedAt, at(3, 8, 0, 0, 0))

	// An atomic view rolls back every write when its function fails.
	err = e.st.Atomic(e.ctx, func(st realisation.Store) error {
		if _, err := st.CreatePlan(e.ctx, realisation.Plan{CollaborationID: e.c, ServiceID: e.svc2, UpdatedAt: at(4, 8, 0, 0, 0)}); err != nil {
			return err
		}
		return domain.Conflict("error.stale")
	})
	wantKind(t, err, domain.KindConflict)
	_, err = e.st.PlanOf(e.ctx, e.c, e.svc2)
	wantKind(t, err, domain.KindNotFound)
}

func testRealisationIndicators(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newRealisationEnv(t, open)
	ind := e.addIndicator("Timer per byggesak")
	second := e.addIndicator("Andel digitale søknader")

	got, err := e.st.Indicator(e.ctx, e.c, ind.ID)
	must(t, err)
	want := ind
	want.OwnerName = "Bruker eier@fosen.no" // filled from the user
	sameTime(t, "indicator updated_at", got.UpdatedAt, want.UpdatedAt)
	got.UpdatedAt = want.UpdatedAt
	if got != want {
		t.Errorf("Indicator = %+v\nwant %+v", got, want)
	}
	if list, err := e.st.Indicators(e.ctx, e.c, e.plan.ID); err != nil || len(list) != 2 || list[0].ID != ind.ID || list[1].ID != second.ID {
		t.Errorf("Indicators = %+v, %v", list, err)
	}
	// Names are unique within a plan.
	_, err = e.st.CreateIndicator(e.ctx, e.c, e.indicator("Timer per byggesak"))
	wantKind(t, err, domain.KindConflict)
	// Not under another collaboration's plan.
	_, err = e.st.CreateIndicator(e.ctx, e.other, e.indicator("Ny"))
	wantKind(t, err, domain.KindNotFound)

	// An update at the read version lands and raises it; a stale one is a
	// conflict and changes nothing.
	ind.Target, ind.TargetDate, ind.OwnerID, ind.IntervalMonths = 6, realisationDay(2026, 6, 30), e.user, 6
	saved(t, ind.Version+1)(e.st.UpdateIndicator(e.ctx, e.c, ind))
	stale := ind
	stale.Target = 1
	wantKind(t, errOf(e.st.UpdateIndicator(e.ctx, e.c, stale)), domain.KindConflict)
	got, err = e.st.Indicator(e.ctx, e.c, ind.ID)
	must(t, err)
	if got.Version != 2 || got.Target != 6 || !got.TargetDate.Equal(realisationDay(2026, 6, 30)) || got.OwnerID != e.user ||
		got.OwnerName != "Bruker bruker@fosen.no" || got.IntervalMonths != 6 {
		t.Errorf("after update: %+v", got)
	}

	// Another collaboration sees and changes nothing.
	_, err = e.st.Indicator(e.ctx, e.other, ind.ID)
	wantKind(t, err, domain.KindNotFound)
	if list, err := e.st.Indicators(e.ctx, e.other, e.plan.ID); err != nil || len(list) != 0 {
		t.Errorf("another collaboration's Indicators = %v, %v", list, err)
	}
	foreign := got
	wantKind(t, errOf(e.st.UpdateIndicator(e.ctx, e.other, foreign)), domain.KindNotFound)
	wantKind(t, e.st.DeleteIndicator(e.ctx, e.other, ind.ID, 2), domain.KindNotFound)

	wantKind(t, e.st.DeleteIndicator(e.ctx, e.c, ind.ID, 1), domain.KindConflict)
	must(t, e.st.DeleteIndicator(e.ctx, e.c, ind.ID, 2))
	_, err = e.st.Indicator(e.ctx, e.c, ind.ID)
	wantKind(t, err, domain.KindNotFound)
	wantKind(t, e.st.DeleteIndicator(e.ctx, e.c, ind.ID, 2), domain.KindNotFound)
}

func testRealisationMeasurements(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newRealisationEnv(t, open)
	a, b := e.addIndicator("A"), e.addIndicator("B")
	m1 := realisation.Measurement{IndicatorID: a.ID, Value: 11.75, Date: realisationDay(2025, 4, 1), Comment: "første", UserID: e.owner,
		UserName: "Eier", CreatedAt: at(5, 8, 0, 0, 0)}
	// Recorded later but dated earlier; and one by the system (no user).
	m0 := realisation.Measurement{IndicatorID: a.ID, Value: 12, Date: realisationDay(2025, 2, 1), UserName: "system", CreatedAt: at(6, 8, 0, 0, 0)}
	mb := realisation.Measurement{IndicatorID: b.ID, Value: 40, Date: realisationDay(2025, 3, 1), UserID: e.user, UserName: "Bruker", CreatedAt: at(7, 8, 0, 0, 0)}
	for _, m := range []*realisation.Measurement{&m1, &m0, &mb} {
		id, err := e.st.AddMeasurement(e.ctx, e.c, *m)
		must(t, err)
		m.ID = id
	}
	list, err := e.st.Measurements(e.ctx, e.c, e.plan.ID)
	must(t, err)
	if len(list) != 3 || list[0].ID != m0.ID || list[1].ID != m1.ID || list[2].ID != mb.ID {
		t.Fatalf("Measurements = %+v, want by indicator and date", list)
	}
	got := list[1]
	sameTime(t, "measurement created_at", got.CreatedAt, m1.CreatedAt)
	got.CreatedAt = m1.CreatedAt
	if got != m1 {
		t.Errorf("measurement = %+v\nwant %+v", got, m1)
	}
	if list[0].UserID != 0 || list[0].UserName != "system" {
		t.Errorf("system measurement = %+v", list[0])
	}
	if one, err := e.st.Measurement(e.ctx, e.c, mb.ID); err != nil || one.Value != 40 || !one.Date.Equal(realisationDay(2025, 3, 1)) {
		t.Errorf("Measurement = %+v, %v", one, err)
	}

	// Tracked: each indicator with its latest measurement by date.
	tracked, err := e.st.Tracked(e.ctx, e.c)
	must(t, err)
	if len(tracked) != 2 || tracked[0].ID != a.ID || tracked[0].Latest == nil || tracked[0].Latest.ID != m1.ID ||
		tracked[0].ServiceSlug != "s1" || tracked[0].CollaborationID != e.c || tracked[0].ServiceID != e.svc ||
		tracked[1].Latest == nil || tracked[1].Latest.Value != 40 {
		t.Errorf("Tracked = %+v", tracked)
	}
	c := e.addIndicator("C")
	if all, err := e.st.Tracked(e.ctx, 0); err != nil || len(all) != 3 || all[2].ID != c.ID || all[2].Latest != nil {
		t.Errorf("Tracked(all) = %+v, %v; want C without a measurement", all, err)
	}

	// Another collaboration sees and adds nothing.
	_, err = e.st.AddMeasurement(e.ctx, e.other, m1)
	wantKind(t, err, domain.KindNotFound)
	_, err = e.st.Measurement(e.ctx, e.other, m1.ID)
	wantKind(t, err, domain.KindNotFound)
	if list, err := e.st.Measurements(e.ctx, e.other, e.plan.ID); err != nil || len(list) != 0 {
		t.Errorf("another collaboration's Measurements = %v, %v", list, err)
	}
	if list, err := e.st.Tracked(e.ctx, e.other); err != nil || len(list) != 0 {
		t.Errorf("another collaboration's Tracked = %v, %v", list, err)
	}
	wantKind(t, e.st.DeleteMeasurement(e.ctx, e.other, m1.ID), domain.KindNotFound)

	must(t, e.st.DeleteMeasurement(e.ctx, e.c, m1.ID))
	wantKind(t, e.st.DeleteMeasurement(e.ctx, e.c, m1.ID), domain.KindNotFound)
	// Removing an indicator removes its measurements.
	must(t, e.st.DeleteIndicator(e.ctx, e.c, b.ID, 1))
	if list, err := e.st.Measurements(e.ctx, e.c, e.plan.ID); err != nil || len(list) != 1 || list[0].ID != m0.ID {
		t.Errorf("after deletes: %+v, %v", list, err)
	}
}

func testRealisationNotifications(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newRealisationEnv(t, open)
	a, b := e.addIndicator("A"), e.addIndicator("B")
	n := realisation.Notification{CollaborationID: e.c, UserID: e.owner, Kind: realisation.KindMeasurementDue,
		ServiceID: e.svc, IndicatorID: a.ID, DueDate: realisationDay(2025, 4, 1), CreatedAt: at(8, 8, 0, 0, 0)}
	created, err := e.st.AddNotification(e.ctx, n)
	if err != nil || !created {
		t.Fatalf("AddNotification = %v, %v; want created", created, err)
	}
	// The same indicator and due date again: nothing, even for another user.
	again := n
	again.UserID, again.CreatedAt = e.user, at(9, 8, 0, 0, 0)
	if created, err := e.st.AddNotification(e.ctx, again); err != nil || created {
		t.Errorf("second AddNotification = %v, %v; want not created", created, err)
	}
	later := n
	later.IndicatorID, later.DueDate, later.CreatedAt = b.ID, realisationDay(2025, 7, 1), at(10, 8, 0, 0, 0)
	if created, err := e.st.AddNotification(e.ctx, later); err != nil || !created {
		t.Errorf("other indicator's AddNotification = %v, %v", created, err)
	}

	list, err := e.st.Notifications(e.ctx, e.c, e.owner)
	must(t, err)
	if len(list) != 2 || list[0].IndicatorID != b.ID || list[1].IndicatorID != a.ID {
		t.Fatalf("Notifications = %+v, want newest first", list)
	}
	got := list[1]
	sameTime(t, "notification created_at", got.CreatedAt, n.CreatedAt)
	if got.Kind != realisation.KindMeasurementDue || got.ServiceSlug != "s1" || got.ServiceNameNB != "Tjeneste s1" ||
		got.IndicatorName != "A" || !got.DueDate.Equal(realisationDay(2025, 4, 1)) || got.ReadAt != nil || got.UserID != e.owner {
		t.Errorf("notification = %+v", got)
	}
	if list, err := e.st.Notifications(e.ctx, e.c, e.user); err != nil || len(list) != 0 {
		t.Errorf("another user's notifications = %+v, %v", list, err)
	}
	if list, err := e.st.Notifications(e.ctx, e.other, e.owner); err != nil || len(list) != 0 {
		t.Errorf("another collaboration's notifications = %+v, %v", list, err)
	}

	// Read once; reading again keeps the first time. Only the owner can.
	wantKind(t, e.st.MarkNotificationRead(e.ctx, e.c, e.user, got.ID, at(11, 8, 0, 0, 0)), domain.KindNotFound)
	wantKind(t, e.st.MarkNotificationRead(e.ctx, e.other, e.owner, got.ID, at(11, 8, 0, 0, 0)), domain.KindNotFound)
	must(t, e.st.MarkNotificationRead(e.ctx, e.c, e.owner, got.ID, at(11, 8, 0, 0, 0)))
	must(t, e.st.MarkNotificationRead(e.ctx, e.c, e.owner, got.ID, at(12, 8, 0, 0, 0)))
	list, err = e.st.Notifications(e.ctx, e.c, e.owner)
	must(t, err)
	if list[1].ReadAt == nil || list[0].ReadAt != nil {
		t.Fatalf("read marks = %v, %v", list[0].ReadAt, list[1].ReadAt)
	}
	sameTime(t, "read_at", *list[1].ReadAt, at(11, 8, 0, 0, 0))

	// Removing an indicator removes its notifications.
	must(t, e.st.DeleteIndicator(e.ctx, e.c, a.ID, 1))
	if list, err := e.st.Notifications(e.ctx, e.c, e.owner); err != nil || len(list) != 1 || list[0].IndicatorID != b.ID {
		t.Errorf("after deleting A: %+v, %v", list, err)
	}
}
