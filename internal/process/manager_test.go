package process_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/domain/domaintest"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlite"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

// fixture is a collaboration in a fresh SQLite database with two
// municipalities, A and B, one service, and users in every role.
type fixture struct {
	t      *testing.T
	ctx    context.Context
	db     *sqlstore.DB
	clock  *domain.ManualClock
	mgr    *process.Manager
	collab domain.ID
	a, b   catalogue.Municipality
	svc    catalogue.Service

	lead, coordA, coordB, ownerA, otherOwnerA, leaderA, observer, supplier domain.Principal
}

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
	f.mgr = process.NewManager(db.Processes(), cat, f.clock)
	f.collab, err = cat.CreateCollaboration(ctx, catalogue.Collaboration{Slug: "fosen", Name: "Fosen"})
	must(t, err)
	munis := []catalogue.Municipality{{Number: "5054", Name: "Indre Fosen"}, {Number: "5057", Name: "Ørland"}}
	must(t, cat.SaveMunicipalities(ctx, f.collab, munis))
	f.a, f.b = munis[0], munis[1]
	svcs := []catalogue.Service{{Slug: "byggesak", NameNB: "Byggesak", Area: "plan-bygg", KostraFunction: "302", TargetGroup: "innbygger"}}
	must(t, cat.SaveServices(ctx, f.collab, svcs))
	f.svc = svcs[0]

	f.lead = f.principal("leder@fosen.no", domain.Grant{Role: domain.RoleProgrammeLead})
	f.coordA = f.principal("koord@a.no", domain.Grant{Role: domain.RoleCoordinator, MunicipalityID: f.a.ID})
	f.coordB = f.principal("koord@b.no", domain.Grant{Role: domain.RoleCoordinator, MunicipalityID: f.b.ID})
	f.ownerA = f.principal("fag@a.no", domain.Grant{Role: domain.RoleSubjectOwner, MunicipalityID: f.a.ID})
	f.otherOwnerA = f.principal("fag2@a.no", domain.Grant{Role: domain.RoleSubjectOwner, MunicipalityID: f.a.ID})
	f.leaderA = f.principal("ledelse@a.no", domain.Grant{Role: domain.RoleLeadership, MunicipalityID: f.a.ID})
	f.observer = f.principal("observator@fosen.no", domain.Grant{Role: domain.RoleObserver})
	f.supplier = f.principal("selger@leverandor.no", domain.Grant{Role: domain.RoleSupplier})
	must(t, cat.SaveMunicipalServices(ctx, f.collab, []catalogue.MunicipalService{{
		ServiceID: f.svc.ID, MunicipalityID: f.a.ID, Offered: catalogue.OfferedYes, ResponsibleUserID: f.ownerA.UserID,
		Provenance: map[catalogue.Fact]catalogue.Provenance{}, UpdatedAt: start,
	}}))
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

// bpmn returns a test file: Signavio's semantic: prefix, comments and
// aligned attributes that re-marshalling would lose.
func bpmn(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "byggesak-semantic.bpmn"))
	must(t, err)
	return b
}

// must and wantErr are the shared assertions about domain errors.
var must, wantErr = domaintest.Must, domaintest.WantErr

// wantField fails the test unless err is invalid and names field.
func wantField(t *testing.T, err error, field string) {
	t.Helper()
	wantErr(t, err, domain.KindInvalid, "")
	for _, fe := range domain.AsError(err).Fields {
		if fe.Field == field {
			return
		}
	}
	t.Fatalf("err = %v, want a problem with field %q", err, field)
}

func TestSaveVersions(t *testing.T) {
	f := newFixture(t)
	x := bpmn(t)
	m, v, err := f.mgr.Save(f.ctx, f.ownerA, "byggesak", process.AsIs, f.a.ID, x, "første utkast", 0)
	must(t, err)
	if m.CurrentVersion != 1 || v.Version != 1 || m.MunicipalityID != f.a.ID || m.ServiceID != f.svc.ID || m.Variant != process.AsIs {
		t.Fatalf("first save = %+v, %+v", m, v)
	}
	if v.UserID != f.ownerA.UserID || v.UserName != f.ownerA.Name || !v.CreatedAt.Equal(start) {
		t.Errorf("version 1 by %d %q at %v, want the owner at %v", v.UserID, v.UserName, v.CreatedAt, start)
	}

	f.clock.Advance(time.Hour)
	// CRLF line ends and trailing blanks: still kept byte for byte.
	x2 := append(bytes.ReplaceAll(x, []byte("\n"), []byte("\r\n")), " \t\r\n"...)
	m2, v2, err := f.mgr.Save(f.ctx, f.coordA, "byggesak", process.AsIs, f.a.ID, x2, "andre runde", 1)
	must(t, err)
	if m2.ID != m.ID || m2.CurrentVersion != 2 || v2.Version != 2 || !v2.CreatedAt.Equal(start.Add(time.Hour)) {
		t.Fatalf("second save = %+v, %+v", m2, v2)
	}

	_, _, err = f.mgr.Save(f.ctx, f.lead, "byggesak", process.AsIs, f.a.ID, x, "fra gammel versjon", 1)
	wantErr(t, err, domain.KindConflict, "error.stale")
	_, _, err = f.mgr.Save(f.ctx, f.lead, "byggesak", process.ToBe, 0, x, "ny modell med base", 3)
	wantErr(t, err, domain.KindConflict, "error.stale")

	cm, cur, err := f.mgr.Current(f.ctx, f.observer, "byggesak", m.ID)
	must(t, err)
	if cm.CurrentVersion != 2 || cur.Version != 2 || !bytes.Equal([]byte(cur.XML), x2) {
		t.Errorf("current = v%d, XML identical %v; want v2 byte for byte", cur.Version, bytes.Equal([]byte(cur.XML), x2))
	}
	first, err := f.mgr.VersionOf(f.ctx, f.leaderA, "byggesak", m.ID, 1)
	must(t, err)
	if !bytes.Equal([]byte(first.XML), x) {
		t.Errorf("version 1 XML is not the file byte for byte")
	}
	_, err = f.mgr.VersionOf(f.ctx, f.lead, "byggesak", m.ID, 3)
	wantErr(t, err, domain.KindNotFound, "process.version_not_found")
	_, _, err = f.mgr.Current(f.ctx, f.lead, "byggesak", m.ID+1000)
	wantErr(t, err, domain.KindNotFound, "process.model_not_found")

	hist, err := f.mgr.History(f.ctx, f.lead, "byggesak", m.ID)
	must(t, err)
	if len(hist) != 2 || hist[0].Version != 2 || hist[0].Comment != "andre runde" || hist[1].Comment != "første utkast" {
		t.Fatalf("history = %+v, want v2 then v1 with comments", hist)
	}
	if hist[0].XML != "" || hist[0].UserID != f.coordA.UserID {
		t.Errorf("history entry = %+v, want no XML and the coordinator", hist[0])
	}

	toBe, _, err := f.mgr.Save(f.ctx, f.lead, "byggesak", process.ToBe, 0, x, "", 0)
	must(t, err)
	models, err := f.mgr.Models(f.ctx, f.observer, "byggesak")
	must(t, err)
	if len(models) != 2 || models[0].ID != m.ID || models[1].ID != toBe.ID {
		t.Errorf("models = %+v, want the as-is of A and the to-be", models)
	}
	_, err = f.mgr.Models(f.ctx, f.lead, "finnes-ikke")
	wantErr(t, err, domain.KindNotFound, "")
}

func TestSaveValidation(t *testing.T) {
	f := newFixture(t)
	x := bpmn(t)
	_, _, err := f.mgr.Save(f.ctx, f.lead, "byggesak", process.Variant("to-do"), 0, x, "", 0)
	wantField(t, err, "variant")
	_, _, err = f.mgr.Save(f.ctx, f.lead, "byggesak", process.AsIs, 0, x, "", 0)
	wantField(t, err, "municipality")
	_, _, err = f.mgr.Save(f.ctx, f.lead, "byggesak", process.ToBe, f.a.ID, x, "", 0)
	wantField(t, err, "municipality")
	_, _, err = f.mgr.Save(f.ctx, f.lead, "byggesak", process.AsIs, f.a.ID+1000, x, "", 0)
	wantField(t, err, "municipality")
	_, _, err = f.mgr.Save(f.ctx, f.lead, "byggesak", process.AsIs, f.a.ID, []byte("<definitions>not bpmn"), "", 0)
	wantErr(t, err, domain.KindInvalid, "process.invalid_bpmn")
	wantField(t, err, "file")
	_, _, err = f.mgr.Save(f.ctx, f.lead, "byggesak", process.AsIs, f.a.ID, nil, "", 0)
	wantField(t, err, "file")
	big := append(bytes.Clone(x), bytes.Repeat([]byte(" "), process.DefaultMaxFileSize)...)
	_, _, err = f.mgr.Save(f.ctx, f.lead, "byggesak", process.AsIs, f.a.ID, big, "", 0)
	wantErr(t, err, domain.KindInvalid, "process.too_large")
	// The limit is configurable: a smaller one refuses a file the default takes.
	f.mgr.SetMaxFileSize(int64(len(x)) - 1)
	_, _, err = f.mgr.Save(f.ctx, f.lead, "byggesak", process.AsIs, f.a.ID, x, "", 0)
	wantErr(t, err, domain.KindInvalid, "process.too_large")
	f.mgr.SetMaxFileSize(0)
	_, _, err = f.mgr.Save(f.ctx, f.lead, "byggesak", process.AsIs, f.a.ID, x, strings.Repeat("ø", process.MaxCommentLength+1), 0)
	wantField(t, err, "comment")
	_, _, err = f.mgr.Save(f.ctx, f.lead, "byggesak", process.AsIs, f.a.ID, x, strings.Repeat("ø", process.MaxCommentLength), 0)
	must(t, err)
	_, _, err = f.mgr.Save(f.ctx, f.lead, "finnes-ikke", process.ToBe, 0, x, "", 0)
	wantErr(t, err, domain.KindNotFound, "catalogue.service_not_found")

	// Nothing invalid was stored.
	models, err := f.mgr.Models(f.ctx, f.lead, "byggesak")
	must(t, err)
	if len(models) != 1 || models[0].CurrentVersion != 1 {
		t.Errorf("models = %+v, want only the one valid save", models)
	}
}

func TestAuthorisation(t *testing.T) {
	f := newFixture(t)
	x := bpmn(t)
	// A saved model of each variant, for the read checks.
	asIs, _, err := f.mgr.Save(f.ctx, f.lead, "byggesak", process.AsIs, f.a.ID, x, "", 0)
	must(t, err)

	var anonymous domain.Principal
	writes := []struct {
		name    string
		p       domain.Principal
		variant process.Variant
		muni    domain.ID
		want    domain.Kind // KindInternal: allowed
	}{
		{"programme lead, as-is", f.lead, process.AsIs, f.a.ID, domain.KindInternal},
		{"coordinator of A, as-is A", f.coordA, process.AsIs, f.a.ID, domain.KindInternal},
		{"coordinator of B, as-is A", f.coordB, process.AsIs, f.a.ID, domain.KindForbidden},
		{"responsible subject owner of A", f.ownerA, process.AsIs, f.a.ID, domain.KindInternal},
		{"subject owner of A, not responsible", f.otherOwnerA, process.AsIs, f.a.ID, domain.KindForbidden},
		{"subject owner of A, as-is B (no facts)", f.ownerA, process.AsIs, f.b.ID, domain.KindForbidden},
		{"leadership of A, as-is A", f.leaderA, process.AsIs, f.a.ID, domain.KindForbidden},
		{"observer, as-is A", f.observer, process.AsIs, f.a.ID, domain.KindForbidden},
		{"supplier, as-is A", f.supplier, process.AsIs, f.a.ID, domain.KindForbidden},
		{"anonymous, as-is A", anonymous, process.AsIs, f.a.ID, domain.KindUnauthorized},
		// The shared processes are the programme lead's (issue 12: and those
		// the lead assigns); coordinators edit their own as-is only.
		{"programme lead, to-be", f.lead, process.ToBe, 0, domain.KindInternal},
		{"coordinator of B, to-be", f.coordB, process.ToBe, 0, domain.KindForbidden},
		{"programme lead, adapted", f.lead, process.Adapted, 0, domain.KindInternal},
		{"coordinator of A, adapted", f.coordA, process.Adapted, 0, domain.KindForbidden},
		{"responsible subject owner, to-be", f.ownerA, process.ToBe, 0, domain.KindForbidden},
		{"leadership, to-be", f.leaderA, process.ToBe, 0, domain.KindForbidden},
		{"observer, adapted", f.observer, process.Adapted, 0, domain.KindForbidden},
		{"supplier, to-be", f.supplier, process.ToBe, 0, domain.KindForbidden},
		{"anonymous, to-be", anonymous, process.ToBe, 0, domain.KindUnauthorized},
	}
	for _, w := range writes {
		t.Run("write/"+w.name, func(t *testing.T) {
			base := 0
			if cur, err := f.mgr.Models(f.ctx, f.lead, "byggesak"); err == nil {
				for _, m := range cur {
					if m.Variant == w.variant && m.MunicipalityID == w.muni {
						base = m.CurrentVersion
					}
				}
			}
			// Bad content as well: a denied principal learns nothing about it.
			file := x
			if w.want != domain.KindInternal {
				file = []byte("not xml")
			}
			_, _, err := f.mgr.Save(f.ctx, w.p, "byggesak", w.variant, w.muni, file, "", base)
			if w.want == domain.KindInternal {
				must(t, err)
				return
			}
			wantErr(t, err, w.want, "")
		})
	}

	reads := []struct {
		name string
		p    domain.Principal
		want domain.Kind
	}{
		{"programme lead", f.lead, domain.KindInternal},
		{"coordinator of B", f.coordB, domain.KindInternal},
		{"subject owner", f.otherOwnerA, domain.KindInternal},
		{"leadership", f.leaderA, domain.KindInternal},
		{"observer", f.observer, domain.KindInternal},
		{"supplier", f.supplier, domain.KindForbidden},
		{"anonymous", anonymous, domain.KindUnauthorized},
	}
	for _, r := range reads {
		t.Run("read/"+r.name, func(t *testing.T) {
			_, err1 := f.mgr.Models(f.ctx, r.p, "byggesak")
			_, _, err2 := f.mgr.Current(f.ctx, r.p, "byggesak", asIs.ID)
			_, err3 := f.mgr.VersionOf(f.ctx, r.p, "byggesak", asIs.ID, 1)
			_, err4 := f.mgr.History(f.ctx, r.p, "byggesak", asIs.ID)
			for i, err := range []error{err1, err2, err3, err4} {
				if r.want == domain.KindInternal {
					if err != nil {
						t.Errorf("read %d: %v, want allowed", i+1, err)
					}
					continue
				}
				if err == nil || domain.KindOf(err) != r.want {
					t.Errorf("read %d: %v, want %v", i+1, err, r.want)
				}
			}
		})
	}
}
