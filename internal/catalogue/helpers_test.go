package catalogue_test

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/domain/domaintest"
	"github.com/tjenestevalg/tjenestevalg/internal/history"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlite"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

// fixture is a collaboration in a fresh SQLite database with two
// municipalities, A and B, and one service.
type fixture struct {
	t      *testing.T
	ctx    context.Context
	db     *sqlstore.DB
	store  catalogue.Store
	clock  *domain.ManualClock
	mgr    *catalogue.Manager
	collab domain.ID
	lead   domain.Principal // programme lead, a real user
	a, b   catalogue.Municipality
	svc    catalogue.Service
}

var start = time.Date(2025, time.March, 3, 9, 0, 0, 0, time.UTC)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	clock := domain.NewManualClock(start)
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"), clock)
	must(t, err)
	t.Cleanup(func() { db.Close() })
	f := &fixture{t: t, ctx: ctx, db: db, store: db.Catalogue(), clock: clock}
	f.mgr = catalogue.NewManager(f.store, f.clock)
	f.collab, err = f.store.CreateCollaboration(ctx, catalogue.Collaboration{Slug: "fosen", Name: "Fosen"})
	must(t, err)
	f.lead = f.principal("leder@fosen.no", domain.Grant{Role: domain.RoleProgrammeLead})
	f.a = f.mustMunicipality(catalogue.Municipality{Number: "5054", Name: "Indre Fosen"})
	f.b = f.mustMunicipality(catalogue.Municipality{Number: "5057", Name: "Ørland"})
	f.svc = f.mustService(validService("byggesak"))
	return f
}

// principal creates a user with the given grants and returns them as a principal.
func (f *fixture) principal(email string, grants ...domain.Grant) domain.Principal {
	f.t.Helper()
	acc := f.db.Accounts()
	u := account.User{CollaborationID: f.collab, Email: email, Name: "Navn " + email, Lang: "nb", PasswordHash: "x", CreatedAt: start}
	id, err := acc.CreateUser(f.ctx, u)
	must(f.t, err)
	must(f.t, acc.SetGrants(f.ctx, id, grants))
	u.ID, u.Grants = id, grants
	return u.Principal()
}

func (f *fixture) mustService(s catalogue.Service) catalogue.Service {
	f.t.Helper()
	s, err := f.mgr.CreateService(f.ctx, f.lead, s)
	must(f.t, err)
	return s
}

func (f *fixture) mustMunicipality(m catalogue.Municipality) catalogue.Municipality {
	f.t.Helper()
	m, err := f.mgr.SaveMunicipality(f.ctx, f.lead, m)
	must(f.t, err)
	return m
}

func (f *fixture) mustFacts(p domain.Principal, ms catalogue.MunicipalService) catalogue.MunicipalService {
	f.t.Helper()
	ms, err := f.mgr.SaveMunicipalService(f.ctx, p, ms)
	must(f.t, err)
	return ms
}

// facts reads the stored facts of service s in municipality m.
func (f *fixture) facts(s, m domain.ID) catalogue.MunicipalService {
	f.t.Helper()
	ms, err := f.store.MunicipalService(f.ctx, f.collab, s, m)
	must(f.t, err)
	return ms
}

func (f *fixture) changes(entity string, id domain.ID) []history.Change {
	f.t.Helper()
	c, err := f.store.Changes(f.ctx, f.collab, entity, id)
	must(f.t, err)
	return c
}

// counts returns how many services, municipalities and facts are stored.
func (f *fixture) counts() [3]int {
	f.t.Helper()
	s, err := f.store.Services(f.ctx, f.collab)
	must(f.t, err)
	m, err := f.store.Municipalities(f.ctx, f.collab)
	must(f.t, err)
	ms, err := f.store.MunicipalServices(f.ctx, f.collab, 0)
	must(f.t, err)
	return [3]int{len(s), len(m), len(ms)}
}

func validService(slug string) catalogue.Service {
	return catalogue.Service{Slug: slug, NameNB: "Tjeneste " + slug, Area: "plan-bygg", KostraFunction: "302",
		TargetGroup: "innbygger", Mandated: true,
		LegalBasis: []catalogue.LegalRef{{Law: "Plan- og bygningsloven", Section: "20-1"}}}
}

// must and wantErr are the shared assertions about domain errors.
var must, wantErr = domaintest.Must, domaintest.WantErr

// wantFields fails the test unless err is invalid naming exactly the given fields.
func wantFields(t *testing.T, err error, fields ...string) {
	t.Helper()
	wantErr(t, err, domain.KindInvalid, "")
	var got []string
	for _, fe := range domain.AsError(err).Fields {
		got = append(got, fe.Field)
	}
	slices.Sort(got)
	fields = slices.Sorted(slices.Values(fields))
	if !slices.Equal(got, fields) {
		t.Fatalf("invalid fields = %v, want %v (%v)", got, fields, err)
	}
}

func ptr[T any](v T) *T { return &v }

func sameFields(t *testing.T, got, want []history.FieldChange) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changed fields\n got %v\nwant %v", got, want)
	}
}

func itoa(id domain.ID) string { return strconv.FormatInt(id, 10) }
