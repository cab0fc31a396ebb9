// Package storetest is the contract every database implementation of the
// module stores must pass: the same tests run against SQLite and PostgreSQL.
package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/domain/domaintest"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

// Opener makes a fresh, migrated database for each call, whose stores read
// time from clock (nil for the system clock).
type Opener func(t *testing.T, clock domain.Clock) *sqlstore.DB

// Run runs the contract against databases made by open.
func Run(t *testing.T, openClock Opener) {
	open := func(t *testing.T) *sqlstore.DB { return openClock(t, nil) }
	t.Run("Clock", func(t *testing.T) { testClock(t, openClock) })
	t.Run("DataVersionPerTransaction", func(t *testing.T) { testDataVersionPerTransaction(t, open) })
	t.Run("Catalogue", func(t *testing.T) { testCatalogue(t, open) })
	t.Run("Accounts", func(t *testing.T) { testAccounts(t, open) })
	t.Run("Processes", func(t *testing.T) { testProcesses(t, open) })
	t.Run("Realisation", func(t *testing.T) { testRealisation(t, open) })
	t.Run("Benefits", func(t *testing.T) { testBenefits(t, open) })
	t.Run("Roadmaps", func(t *testing.T) { testRoadmaps(t, open) })
	t.Run("RoadmapEditors", func(t *testing.T) { testRoadmapEditors(t, open) })
	t.Run("Priority", func(t *testing.T) { testPriority(t, open) })
	t.Run("Procurement", func(t *testing.T) { testProcurement(t, open) })
	t.Run("ProcurementEvaluation", func(t *testing.T) { testProcEvaluation(t, open) })
	t.Run("Eventlogs", func(t *testing.T) { testEventlogs(t, open) })
}

// env is one fresh database with the helpers the tests share.
type env struct {
	t   *testing.T
	ctx context.Context
	db  *sqlstore.DB
	cat catalogue.Store
	acc account.Store
}

func newEnv(t *testing.T, open func(t *testing.T) *sqlstore.DB) *env {
	t.Helper()
	db := open(t)
	return &env{t: t, ctx: context.Background(), db: db, cat: db.Catalogue(), acc: db.Accounts()}
}

// must fails the test on an unexpected error.
func must(t *testing.T, err error) {
	t.Helper()
	domaintest.Must(t, err)
}

// wantKind fails the test unless err is a domain error of kind want.
func wantKind(t *testing.T, err error, want domain.Kind) {
	t.Helper()
	domaintest.WantErr(t, err, want, "")
}

func ptr[T any](v T) *T { return &v }

// at is a fixed instant with microsecond precision, which every database keeps.
func at(day, hour, minute, second, micro int) time.Time {
	return time.Date(2025, time.March, day, hour, minute, second, micro*1000, time.UTC)
}

func (e *env) collab(slug string) domain.ID {
	e.t.Helper()
	id, err := e.cat.CreateCollaboration(e.ctx, catalogue.Collaboration{Slug: slug, Name: "Samarbeid " + slug})
	must(e.t, err)
	return id
}

// service returns a valid service with the given slug.
func service(slug string) catalogue.Service {
	return catalogue.Service{Slug: slug, NameNB: "Tjeneste " + slug, Area: "plan-bygg", KostraFunction: "302",
		TargetGroup: "innbygger"}
}

func (e *env) services(collab domain.ID, list ...catalogue.Service) []catalogue.Service {
	e.t.Helper()
	must(e.t, e.cat.SaveServices(e.ctx, collab, list))
	return list
}

func (e *env) municipality(collab domain.ID, number, name string) catalogue.Municipality {
	e.t.Helper()
	list := []catalogue.Municipality{{Number: number, Name: name}}
	must(e.t, e.cat.SaveMunicipalities(e.ctx, collab, list))
	return list[0]
}

func (e *env) facts(collab domain.ID, list ...catalogue.MunicipalService) []catalogue.MunicipalService {
	e.t.Helper()
	must(e.t, e.cat.SaveMunicipalServices(e.ctx, collab, list))
	return list
}

// user creates a user of collab with the given e-mail.
func (e *env) user(collab domain.ID, email string) account.User {
	e.t.Helper()
	u := account.User{CollaborationID: collab, Email: email, Name: "Bruker " + email, Lang: "nb",
		PasswordHash: "$argon2id$not-a-real-hash", CreatedAt: at(1, 8, 0, 0, 0)}
	id, err := e.acc.CreateUser(e.ctx, u)
	must(e.t, err)
	u.ID = id
	return u
}

// sameTime fails the test unless got is want's instant to the microsecond
// (PostgreSQL keeps no more), in UTC.
func sameTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if d := got.Sub(want); d <= -time.Microsecond || d >= time.Microsecond {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
	if got.Location() != time.UTC {
		t.Errorf("%s location = %v, want UTC", what, got.Location())
	}
}

func slugN(prefix string, i int) string { return fmt.Sprintf("%s-%04d", prefix, i) }

// optString shows an optional value in failure messages.
func optString[T any](p *T) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprint(*p)
}

// saved fails the test unless a save that returns the new version
// succeeded with version want: the locking rule of package sqlstore.
func saved(t *testing.T, want int) func(int, error) {
	return func(got int, err error) {
		t.Helper()
		must(t, err)
		if got != want {
			t.Errorf("save returned version %d, want %d", got, want)
		}
	}
}

// errOf is the error of a save that returns the new version.
func errOf(_ int, err error) error { return err }
