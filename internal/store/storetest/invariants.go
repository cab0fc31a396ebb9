package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

// testClock checks that the stores take the time of records saved without
// one, and of the migrations, from the clock they were opened with, not
// from the wall clock.
func testClock(t *testing.T, open Opener) {
	fixed := time.Date(2031, time.May, 6, 7, 8, 9, 123456000, time.UTC)
	clock := domain.NewManualClock(fixed)
	db := open(t, clock)
	e := &env{t: t, ctx: t.Context(), db: db, cat: db.Catalogue(), acc: db.Accounts()}
	c := e.collab("fosen")

	svc := e.services(c, service("s1"))[0] // no UpdatedAt
	got, err := e.cat.Service(e.ctx, c, svc.ID)
	must(t, err)
	sameTime(t, "service updated_at", got.UpdatedAt, fixed)

	clock.Advance(time.Hour)
	id, err := db.Processes().CreateModel(e.ctx, process.Model{CollaborationID: c, ServiceID: svc.ID, Variant: process.ToBe})
	must(t, err)
	m, err := db.Processes().Model(e.ctx, c, id)
	must(t, err)
	sameTime(t, "process model updated_at", m.UpdatedAt, fixed.Add(time.Hour))

	var applied string
	if err := db.SQL().QueryRowContext(e.ctx, `SELECT MIN(applied_at) FROM schema_migrations`).Scan(&applied); err != nil {
		t.Fatal(err)
	}
	if want := fixed.Format(time.RFC3339); applied != want {
		t.Errorf("migration applied_at = %s, want the clock's %s", applied, want)
	}
}

// testDataVersionPerTransaction checks the rule of the page cache: a
// committed transaction that wrote a collaboration's data raises its data
// version exactly once, however many writes it made and through however
// many modules' stores; one rolled back does not; a read never does.
func testDataVersionPerTransaction(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	c, other := e.collab("fosen"), e.collab("namdal")
	version := func(collab domain.ID) int64 {
		t.Helper()
		v, err := e.cat.DataVersion(e.ctx, collab)
		must(t, err)
		return v
	}
	start := version(c)

	// One write outside a transaction: once.
	svc := e.services(c, service("s1"))[0]
	if v := version(c); v != start+1 {
		t.Errorf("one write raised the data version to %d from %d, want %d", v, start, start+1)
	}

	// Reads: never.
	before := version(c)
	_, _ = e.cat.Services(e.ctx, c)
	_, _ = e.cat.ServiceSummaries(e.ctx, c, 0)
	_, _ = e.db.Processes().Obstacles(e.ctx, c, 0)
	_, _ = e.db.Benefits().Cases(e.ctx, c)
	if v := version(c); v != before {
		t.Errorf("reads raised the data version to %d from %d", v, before)
	}

	// Many writes through several modules in one transaction: once for
	// each collaboration written.
	before, beforeOther := version(c), version(other)
	err := e.db.Atomic(e.ctx, func(tx *sqlstore.DB) error {
		if err := tx.Catalogue().SaveServices(e.ctx, c, []catalogue.Service{service("s2"), service("s3")}); err != nil {
			return err
		}
		if err := tx.Catalogue().SaveMunicipalities(e.ctx, c, []catalogue.Municipality{{Number: "5054", Name: "Indre Fosen"}}); err != nil {
			return err
		}
		if _, err := tx.Processes().CreateObstacle(e.ctx, process.Obstacle{CollaborationID: c, ServiceID: svc.ID,
			Element: "T1", Category: "legal", Description: "Krav om signatur", Status: "open"}); err != nil {
			return err
		}
		if _, err := tx.Benefits().SaveCase(e.ctx, benefit.Record{CollaborationID: c, ServiceID: svc.ID, Case: benefit.Case{Service: "s1", Name: "Byggesak"},
			UpdatedBy: "Åse"}); err != nil {
			return err
		}
		return tx.Catalogue().SaveServices(e.ctx, other, []catalogue.Service{service("s1")})
	})
	must(t, err)
	if v := version(c); v != before+1 {
		t.Errorf("a transaction of five writes raised the data version to %d from %d, want %d", v, before, before+1)
	}
	if v := version(other); v != beforeOther+1 {
		t.Errorf("the other collaboration written in the same transaction is at %d from %d, want %d", v, beforeOther, beforeOther+1)
	}

	// A rolled-back transaction: not at all, and nothing stays.
	before = version(c)
	boom := errors.New("roll back")
	err = e.db.Atomic(e.ctx, func(tx *sqlstore.DB) error {
		if err := tx.Catalogue().SaveServices(e.ctx, c, []catalogue.Service{service("s4")}); err != nil {
			return err
		}
		if _, err := tx.Processes().CreateObstacle(e.ctx, process.Obstacle{CollaborationID: c, ServiceID: svc.ID,
			Element: "T2", Category: "legal", Description: "x", Status: "open"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Atomic = %v, want the callback's error", err)
	}
	if v := version(c); v != before {
		t.Errorf("a rolled-back transaction left the data version at %d, want %d", v, before)
	}
	if _, err := e.cat.ServiceBySlug(e.ctx, c, "s4"); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("a rolled-back service is there: %v", err)
	}

	// A write refused as stale writes nothing and raises nothing.
	before = version(c)
	stale := svc
	stale.Version = 99
	wantKind(t, e.cat.SaveServices(e.ctx, c, []catalogue.Service{stale}), domain.KindConflict)
	if v := version(c); v != before {
		t.Errorf("a stale write raised the data version to %d from %d", v, before)
	}
}
