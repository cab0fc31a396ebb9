package storetest

import (
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

func testProcessRegisters(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	t.Run("Metrics", func(t *testing.T) { testProcessMetrics(t, open) })
	t.Run("Obstacles", func(t *testing.T) { testObstacles(t, open) })
	t.Run("Requirements", func(t *testing.T) { testRequirements(t, open) })
}

// testProcessMetrics checks that a version's metrics come back with it and
// with the models of a service, and that Models(0) lists every service's.
func testProcessMetrics(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	st := e.db.Processes()
	c := e.collab("fosen")
	svcs := e.services(c, service("s1"), service("s2"))
	m1 := e.model(process.Model{CollaborationID: c, ServiceID: svcs[0].ID, Variant: process.ToBe, UpdatedAt: at(1, 8, 0, 0, 0)})
	m2 := e.model(process.Model{CollaborationID: c, ServiceID: svcs[1].ID, Variant: process.ToBe, UpdatedAt: at(1, 8, 0, 0, 0)})
	metrics := &process.Metrics{MinutesPerDay: 450, Total: process.Figures{Activities: 3, TouchMinutes: 42.5,
		Incomplete: []string{"lead_time: T1 lacks waitingDays"}}, Processes: []process.Figures{{Process: "P", Activities: 3}}}
	_, err := st.AddVersion(e.ctx, m1, process.Version{XML: processXML, UserName: "Åse", CreatedAt: at(2, 8, 0, 0, 0),
		Metrics: metrics})
	must(t, err)
	v, err := st.Version(e.ctx, c, m1.ID, 1)
	must(t, err)
	if v.Metrics == nil || v.Metrics.Total.TouchMinutes != 42.5 || len(v.Metrics.Total.Incomplete) != 1 || len(v.Metrics.Processes) != 1 {
		t.Errorf("Version metrics = %+v", v.Metrics)
	}
	list, err := st.Models(e.ctx, c, svcs[0].ID)
	must(t, err)
	if len(list) != 1 || list[0].Metrics == nil || list[0].Metrics.Total.Activities != 3 || list[0].UpdatedBy != "Åse" {
		t.Errorf("Models = %+v, want the current version's metrics and saver", list)
	}
	all, err := st.Models(e.ctx, c, 0)
	must(t, err)
	if len(all) != 2 || all[0].ID != m1.ID || all[1].ID != m2.ID || all[1].Metrics != nil {
		t.Errorf("Models(0) = %+v, want both services' models, the second without a version", all)
	}
}

func testObstacles(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	st := e.db.Processes()
	c, other := e.collab("fosen"), e.collab("namdal")
	svcs := e.services(c, service("s1"), service("s2"))
	o := process.Obstacle{CollaborationID: c, ServiceID: svcs[0].ID, Element: "Task_Varsel", ElementName: "Varsle naboer",
		Category: "law", LegalReference: "Plan- og bygningsloven § 21-3", Description: "Nabovarsel må sendes.",
		Remedy: "Forskriftsendring", Status: "open", UpdatedBy: "Åse", UpdatedAt: at(1, 8, 0, 0, 1)}
	before, err := e.cat.DataVersion(e.ctx, c)
	must(t, err)
	id, err := st.CreateObstacle(e.ctx, o)
	must(t, err)
	if after, err := e.cat.DataVersion(e.ctx, c); err != nil || after <= before {
		t.Errorf("data version after CreateObstacle = %d, %v; want above %d", after, err, before)
	}
	o2 := o
	o2.ServiceID, o2.Element, o2.Category, o2.LegalReference = svcs[1].ID, "Task_X", "technological", ""
	id2, err := st.CreateObstacle(e.ctx, o2)
	must(t, err)

	got, err := st.Obstacle(e.ctx, c, id)
	must(t, err)
	o.ID, o.Version = id, 1
	sameTime(t, "obstacle updated_at", got.UpdatedAt, o.UpdatedAt)
	got.UpdatedAt = o.UpdatedAt
	if got != o {
		t.Errorf("Obstacle = %+v\nwant %+v", got, o)
	}
	if list, err := st.Obstacles(e.ctx, c, svcs[0].ID); err != nil || len(list) != 1 || list[0].ID != id {
		t.Errorf("Obstacles(s1) = %+v, %v", list, err)
	}
	if list, err := st.Obstacles(e.ctx, c, 0); err != nil || len(list) != 2 || list[1].ID != id2 {
		t.Errorf("Obstacles(all) = %+v, %v", list, err)
	}

	// An update at the read version lands and increments it; a stale one
	// is a conflict and changes nothing.
	o.Status, o.Remedy = "in-progress", "Søknad om dispensasjon"
	saved(t, o.Version+1)(st.UpdateObstacle(e.ctx, o))
	_, err = st.UpdateObstacle(e.ctx, o)
	wantKind(t, err, domain.KindConflict)
	got, err = st.Obstacle(e.ctx, c, id)
	must(t, err)
	if got.Version != 2 || got.Status != "in-progress" || got.Remedy != "Søknad om dispensasjon" {
		t.Errorf("after update: %+v", got)
	}

	// Another collaboration sees and changes nothing.
	_, err = st.Obstacle(e.ctx, other, id)
	wantKind(t, err, domain.KindNotFound)
	if list, err := st.Obstacles(e.ctx, other, 0); err != nil || len(list) != 0 {
		t.Errorf("another collaboration's Obstacles = %v, %v", list, err)
	}
	foreign := got
	foreign.CollaborationID = other
	wantKind(t, errOf(st.UpdateObstacle(e.ctx, foreign)), domain.KindNotFound)
	wantKind(t, st.DeleteObstacle(e.ctx, other, id, 2), domain.KindNotFound)

	wantKind(t, st.DeleteObstacle(e.ctx, c, id, 1), domain.KindConflict)
	must(t, st.DeleteObstacle(e.ctx, c, id, 2))
	_, err = st.Obstacle(e.ctx, c, id)
	wantKind(t, err, domain.KindNotFound)
	wantKind(t, st.DeleteObstacle(e.ctx, c, id, 2), domain.KindNotFound)
}

func testRequirements(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	st := e.db.Processes()
	c, other := e.collab("fosen"), e.collab("namdal")
	svcs := e.services(c, service("s1"), service("s2"))
	q := process.Requirement{CollaborationID: c, ServiceID: svcs[0].ID, Key: "automation:Task_Sjekk",
		Text: "Løsningen skal sjekke «komplett» søknad", Type: "automation", Priority: "must", Status: "candidate",
		SourceVariant: process.Adapted, SourceElement: "Task_Sjekk", SourceName: "Sjekk", UpdatedBy: "Åse",
		UpdatedAt: at(1, 8, 0, 0, 0)}
	id, err := st.CreateRequirement(e.ctx, q)
	must(t, err)
	// A second requirement with the same key in the same service is a
	// conflict; the same key in another service, and requirements written
	// by hand (no key), are not.
	_, err = st.CreateRequirement(e.ctx, q)
	wantKind(t, err, domain.KindConflict)
	q2 := q
	q2.ServiceID = svcs[1].ID
	_, err = st.CreateRequirement(e.ctx, q2)
	must(t, err)
	hand := process.Requirement{CollaborationID: c, ServiceID: svcs[0].ID, Text: "Skal arkivere", Type: "functional",
		Priority: "should", Status: "confirmed", UpdatedAt: at(1, 9, 0, 0, 0)}
	for range 2 {
		_, err = st.CreateRequirement(e.ctx, hand)
		must(t, err)
	}
	got, err := st.Requirement(e.ctx, c, id)
	must(t, err)
	q.ID, q.Version = id, 1
	sameTime(t, "requirement updated_at", got.UpdatedAt, q.UpdatedAt)
	got.UpdatedAt = q.UpdatedAt
	if got != q {
		t.Errorf("Requirement = %+v\nwant %+v", got, q)
	}
	if list, err := st.Requirements(e.ctx, c, svcs[0].ID); err != nil || len(list) != 3 || list[0].ID != id {
		t.Errorf("Requirements(s1) = %+v, %v", list, err)
	}
	if list, err := st.Requirements(e.ctx, c, 0); err != nil || len(list) != 4 {
		t.Errorf("Requirements(all) = %d, %v; want 4", len(list), err)
	}

	q.Status, q.Text = "confirmed", "Løsningen skal automatisk sjekke at søknaden er komplett"
	saved(t, q.Version+1)(st.UpdateRequirement(e.ctx, q))
	wantKind(t, errOf(st.UpdateRequirement(e.ctx, q)), domain.KindConflict)
	if got, err := st.Requirement(e.ctx, c, id); err != nil || got.Version != 2 || got.Status != "confirmed" || got.Key != q.Key {
		t.Errorf("after update: %+v, %v", got, err)
	}

	_, err = st.Requirement(e.ctx, other, id)
	wantKind(t, err, domain.KindNotFound)
	if list, err := st.Requirements(e.ctx, other, 0); err != nil || len(list) != 0 {
		t.Errorf("another collaboration's Requirements = %v, %v", list, err)
	}
	wantKind(t, st.DeleteRequirement(e.ctx, other, id, 2), domain.KindNotFound)
	wantKind(t, st.DeleteRequirement(e.ctx, c, id, 1), domain.KindConflict)
	must(t, st.DeleteRequirement(e.ctx, c, id, 2))
	_, err = st.Requirement(e.ctx, c, id)
	wantKind(t, err, domain.KindNotFound)
}
