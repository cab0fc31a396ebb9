package benefit_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/domain/domaintest"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlite"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

// rowsFixture is a collaboration with two municipalities, A and B, that
// both offer byggesak, and users in every role; the subject-matter owner
// ownerA is responsible for byggesak in A.
type rowsFixture struct {
	t    *testing.T
	ctx  context.Context
	db   *sqlstore.DB
	mgr  *benefit.Manager
	a, b catalogue.Municipality

	lead, coordA, coordB, ownerA, otherOwnerA, leaderA, observer, supplier domain.Principal
}

var rowsStart = time.Date(2025, time.March, 3, 9, 0, 0, 0, time.UTC)

func newRowsFixture(t *testing.T) *rowsFixture {
	t.Helper()
	ctx := context.Background()
	clock := domain.NewManualClock(rowsStart)
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"), clock)
	domaintest.Must(t, err)
	t.Cleanup(func() { db.Close() })
	cat := db.Catalogue()
	f := &rowsFixture{t: t, ctx: ctx, db: db}
	f.mgr = benefit.NewManager(db.Benefits(), catalogue.NewManager(cat, clock), nil, clock)
	collab, err := cat.CreateCollaboration(ctx, catalogue.Collaboration{Slug: "fosen", Name: "Fosen"})
	domaintest.Must(t, err)
	munis := []catalogue.Municipality{{Number: "5054", Name: "Indre Fosen"}, {Number: "5057", Name: "Ørland"}}
	domaintest.Must(t, cat.SaveMunicipalities(ctx, collab, munis))
	f.a, f.b = munis[0], munis[1]
	svcs := []catalogue.Service{{Slug: "byggesak", NameNB: "Byggesak", Area: "plan-bygg", KostraFunction: "302", TargetGroup: "innbygger"}}
	domaintest.Must(t, cat.SaveServices(ctx, collab, svcs))

	user := func(email string, grants ...domain.Grant) domain.Principal {
		acc := db.Accounts()
		u := account.User{CollaborationID: collab, Email: email, Name: "Navn " + email, Lang: "nb", PasswordHash: "x", CreatedAt: rowsStart}
		id, err := acc.CreateUser(ctx, u)
		domaintest.Must(t, err)
		domaintest.Must(t, acc.SetGrants(ctx, id, grants))
		u.ID, u.Grants = id, grants
		return u.Principal()
	}
	f.lead = user("leder@fosen.no", domain.Grant{Role: domain.RoleProgrammeLead})
	f.coordA = user("koord@a.no", domain.Grant{Role: domain.RoleCoordinator, MunicipalityID: f.a.ID})
	f.coordB = user("koord@b.no", domain.Grant{Role: domain.RoleCoordinator, MunicipalityID: f.b.ID})
	f.ownerA = user("fag@a.no", domain.Grant{Role: domain.RoleSubjectOwner, MunicipalityID: f.a.ID})
	f.otherOwnerA = user("fag2@a.no", domain.Grant{Role: domain.RoleSubjectOwner, MunicipalityID: f.a.ID})
	f.leaderA = user("ledelse@a.no", domain.Grant{Role: domain.RoleLeadership, MunicipalityID: f.a.ID})
	f.observer = user("observator@fosen.no", domain.Grant{Role: domain.RoleObserver})
	f.supplier = user("selger@leverandor.no", domain.Grant{Role: domain.RoleSupplier})

	cases, cost := int64(120), 800.0
	facts := func(m catalogue.Municipality, responsible domain.ID) catalogue.MunicipalService {
		return catalogue.MunicipalService{ServiceID: svcs[0].ID, MunicipalityID: m.ID, Offered: catalogue.OfferedYes,
			AnnualCases: &cases, HourlyCost: &cost, ResponsibleUserID: responsible,
			Provenance: map[catalogue.Fact]catalogue.Provenance{}, UpdatedAt: rowsStart}
	}
	domaintest.Must(t, cat.SaveMunicipalServices(ctx, collab, []catalogue.MunicipalService{facts(f.a, f.ownerA.UserID), facts(f.b, 0)}))
	return f
}

// stored returns the stored case; the test fails when there is none.
func (f *rowsFixture) stored() benefit.Record {
	f.t.Helper()
	v, err := f.mgr.Case(f.ctx, f.lead, "byggesak")
	domaintest.Must(f.t, err)
	if !v.Stored {
		f.t.Fatal("no stored case")
	}
	return v.Record
}

// row returns the index of municipality m's row in c.
func row(t *testing.T, c benefit.Case, m catalogue.Municipality) int {
	t.Helper()
	i := slices.IndexFunc(c.Municipalities, func(in benefit.MunicipalityInput) bool { return in.Municipality == m.Number })
	if i < 0 {
		t.Fatalf("no row of %s in %+v", m.Name, c.Municipalities)
	}
	return i
}

// The probe of issue 12: Rissa's coordinator set Osen's hourly cost to
// 9 999 through the API. A coordinator of one municipality changing
// another's row is forbidden, the message names that municipality, and
// nothing is stored.
func TestSaveRefusesAnotherMunicipalitysRow(t *testing.T) {
	f := newRowsFixture(t)
	draft, err := f.mgr.Case(f.ctx, f.lead, "byggesak")
	domaintest.Must(t, err)
	_, err = f.mgr.Save(f.ctx, f.lead, "byggesak", draft.Record.Case, 0)
	domaintest.Must(t, err)
	before := f.stored()

	c := before.Case
	c.Municipalities = slices.Clone(c.Municipalities)
	c.Municipalities[row(t, c, f.b)].HourlyCost = benefit.Exact(9999)
	_, err = f.mgr.Save(f.ctx, f.coordA, "byggesak", c, before.Version)
	domaintest.WantErr(t, err, domain.KindForbidden, "benefit.row_forbidden")
	if de := domain.AsError(err); len(de.Params) != 1 || de.Params[0] != f.b.Name {
		t.Errorf("params = %v, want the municipality %q", de.Params, f.b.Name)
	}
	after := f.stored()
	if after.Version != before.Version || after.Case.Municipalities[row(t, after.Case, f.b)].HourlyCost != benefit.Exact(800) {
		t.Errorf("stored after the refused save: v%d %+v", after.Version, after.Case.Municipalities)
	}

	// The same save by B's own coordinator is allowed.
	rec, err := f.mgr.Save(f.ctx, f.coordB, "byggesak", c, before.Version)
	domaintest.Must(t, err)
	if rec.Version != before.Version+1 {
		t.Errorf("version = %d, want %d", rec.Version, before.Version+1)
	}
}

// TestSaveRowRights is the row rule of a benefit case, change by change
// and role by role: a municipality's row is its coordinator's, its
// responsible subject-matter owner's and the programme lead's; the shared
// parts and rows of no municipality are the programme lead's.
func TestSaveRowRights(t *testing.T) {
	f := newRowsFixture(t)
	changes := []struct {
		name   string
		change func(c *benefit.Case)
	}{
		{"row A", func(c *benefit.Case) { c.Municipalities[row(t, *c, f.a)].Cases = benefit.Exact(130) }},
		{"row B", func(c *benefit.Case) { c.Municipalities[row(t, *c, f.b)].HourlyCost = benefit.Exact(9999) }},
		{"remove row B", func(c *benefit.Case) {
			c.Municipalities = slices.Delete(c.Municipalities, row(t, *c, f.b), row(t, *c, f.b)+1)
		}},
		{"rename row A to B", func(c *benefit.Case) { c.Municipalities[row(t, *c, f.a)].Municipality = f.b.Number }},
		{"add a row of no municipality", func(c *benefit.Case) {
			c.Municipalities = append(c.Municipalities, benefit.MunicipalityInput{Municipality: "Osen"})
		}},
		{"discount rate", func(c *benefit.Case) { c.Settings.DiscountRate = 0.07 }},
		{"a cost", func(c *benefit.Case) {
			c.Costs = append(c.Costs, benefit.Cost{ID: "lisens", Name: "Lisens", Kind: benefit.CostLicence, Amount: benefit.Exact(1)})
		}},
		{"uptake", func(c *benefit.Case) { c.Uptake = []benefit.Range{benefit.Exact(1)} }},
	}
	type who struct {
		name    string
		p       domain.Principal
		allowed []string // the changes allowed; every other is forbidden
		kind    domain.Kind
	}
	all := []string{"row A", "row B", "remove row B", "rename row A to B", "add a row of no municipality", "discount rate", "a cost", "uptake"}
	for _, w := range []who{
		{"programme lead", f.lead, all, domain.KindForbidden},
		{"coordinator of A", f.coordA, []string{"row A"}, domain.KindForbidden},
		{"coordinator of B", f.coordB, []string{"row B", "remove row B"}, domain.KindForbidden},
		{"subject owner of A, responsible", f.ownerA, []string{"row A"}, domain.KindForbidden},
		{"subject owner of A, not responsible", f.otherOwnerA, nil, domain.KindForbidden},
		{"leadership of A", f.leaderA, nil, domain.KindForbidden},
		{"observer", f.observer, nil, domain.KindForbidden},
		{"supplier", f.supplier, nil, domain.KindForbidden},
		{"anonymous", domain.Principal{}, nil, domain.KindUnauthorized},
	} {
		for _, ch := range changes {
			t.Run(w.name+"/"+ch.name, func(t *testing.T) {
				v, err := f.mgr.Case(f.ctx, f.lead, "byggesak")
				domaintest.Must(t, err)
				c := v.Record.Case
				c.Municipalities = slices.Clone(c.Municipalities)
				ch.change(&c)
				rec, err := f.mgr.Save(f.ctx, w.p, "byggesak", c, v.Record.Version)
				if slices.Contains(w.allowed, ch.name) {
					domaintest.Must(t, err)
					// Put the case back for the next change.
					_, err = f.mgr.Save(f.ctx, f.lead, "byggesak", v.Record.Case, rec.Version)
					domaintest.Must(t, err)
					return
				}
				domaintest.WantErr(t, err, w.kind, "")
				if v.Stored {
					if after := f.stored(); after.Version != v.Record.Version {
						t.Errorf("a refused save stored version %d", after.Version)
					}
				}
			})
		}
	}
}

// A coordinator saves a first case from the draft, changing the own row;
// a save from a version that is no longer current is stale, not
// forbidden, whatever changed in between.
func TestSaveRowsFirstAndStale(t *testing.T) {
	f := newRowsFixture(t)
	draft, err := f.mgr.Case(f.ctx, f.coordA, "byggesak")
	domaintest.Must(t, err)
	c := draft.Record.Case
	c.Municipalities = slices.Clone(c.Municipalities)
	c.Municipalities[row(t, c, f.a)].MinutesSaved = benefit.Exact(30)
	rec, err := f.mgr.Save(f.ctx, f.coordA, "byggesak", c, 0)
	domaintest.Must(t, err)

	// B's coordinator started from the draft too: the save is stale.
	_, err = f.mgr.Save(f.ctx, f.coordB, "byggesak", draft.Record.Case, 0)
	domaintest.WantErr(t, err, domain.KindConflict, "error.stale")
	c2 := rec.Case
	c2.Municipalities = slices.Clone(c2.Municipalities)
	c2.Municipalities[row(t, c2, f.b)].Cases = benefit.Exact(99)
	_, err = f.mgr.Save(f.ctx, f.coordB, "byggesak", c2, rec.Version+1)
	domaintest.WantErr(t, err, domain.KindConflict, "error.stale")
	_, err = f.mgr.Save(f.ctx, f.coordB, "byggesak", c2, rec.Version)
	domaintest.Must(t, err)

	// A first save that changes another municipality's row is refused.
	f2 := newRowsFixture(t)
	d2, err := f2.mgr.Case(f2.ctx, f2.coordA, "byggesak")
	domaintest.Must(t, err)
	c3 := d2.Record.Case
	c3.Municipalities = slices.Clone(c3.Municipalities)
	c3.Municipalities[row(t, c3, f2.b)].HourlyCost = benefit.Exact(9999)
	_, err = f2.mgr.Save(f2.ctx, f2.coordA, "byggesak", c3, 0)
	domaintest.WantErr(t, err, domain.KindForbidden, "benefit.row_forbidden")
	if v, err := f2.mgr.Case(f2.ctx, f2.lead, "byggesak"); err != nil || v.Stored {
		t.Errorf("after a refused first save: stored %v, %v", v.Stored, err)
	}
}

// TestSaveAssignedEditor checks that a user the programme lead assigns to
// the service changes the case's shared parts, but still not another
// municipality's row.
func TestSaveAssignedEditor(t *testing.T) {
	f := newRowsFixture(t)
	draft, err := f.mgr.Case(f.ctx, f.lead, "byggesak")
	domaintest.Must(t, err)
	rec, err := f.mgr.Save(f.ctx, f.lead, "byggesak", draft.Record.Case, 0)
	domaintest.Must(t, err)
	c := rec.Case
	c.Settings.DiscountRate = 0.05
	_, err = f.mgr.Save(f.ctx, f.coordA, "byggesak", c, rec.Version)
	domaintest.WantErr(t, err, domain.KindForbidden, "benefit.shared_forbidden")

	svc, err := f.db.Catalogue().ServiceBySlug(f.ctx, f.lead.CollaborationID, "byggesak")
	domaintest.Must(t, err)
	domaintest.Must(t, f.db.Catalogue().SetServiceEditors(f.ctx, f.lead.CollaborationID, svc.ID, []domain.ID{f.coordA.UserID}))
	r, err := f.mgr.Rights(f.ctx, f.coordA, "byggesak")
	domaintest.Must(t, err)
	if !r.Shared || !r.Row(f.a.ID) || r.Row(f.b.ID) {
		t.Errorf("rights of the assigned coordinator of A = %+v", r)
	}
	rec, err = f.mgr.Save(f.ctx, f.coordA, "byggesak", c, rec.Version)
	domaintest.Must(t, err)
	c = rec.Case
	c.Municipalities = slices.Clone(c.Municipalities)
	c.Municipalities[row(t, c, f.b)].HourlyCost = benefit.Exact(9999)
	_, err = f.mgr.Save(f.ctx, f.coordA, "byggesak", c, rec.Version)
	domaintest.WantErr(t, err, domain.KindForbidden, "benefit.row_forbidden")
}
