package procurement_test

import (
	"context"
	"crypto/rand"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/domain/domaintest"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlite"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

var must, wantErr = domaintest.Must, domaintest.WantErr

// start is a Monday morning in March 2026.
var start = time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)

// fixture is a collaboration in a fresh SQLite database with a service,
// internal users in every role, two supplier organisations with a user
// each, and a manager with a server key.
type fixture struct {
	t       *testing.T
	ctx     context.Context
	db      *sqlstore.DB
	path    string
	clock   *domain.ManualClock
	mgr     *procurement.Manager
	collab  domain.ID
	service domain.ID
	reqs    *fakeRequirements
	mail    *recordingMailer
	limits  procurement.FileLimits

	lead, officer, coordB, observer, evaluator, supplierA, supplierB, loose domain.Principal
	supA, supB                                                              procurement.Supplier
}

type fakeRequirements struct{ list []process.Requirement }

func (f *fakeRequirements) AllRequirements(ctx context.Context, p domain.Principal) ([]process.Requirement, error) {
	return f.list, nil
}

type recordingMailer struct {
	mu   sync.Mutex
	sent []string
}

func (r *recordingMailer) SendNotice(ctx context.Context, to account.User, t procurement.Tender, n procurement.Notice) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, to.Email+" "+n.Kind)
	return nil
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	clock := domain.NewManualClock(start)
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := sqlite.Open(ctx, path, clock)
	must(t, err)
	t.Cleanup(func() { db.Close() })
	f := &fixture{t: t, ctx: ctx, db: db, path: path, clock: clock, reqs: &fakeRequirements{}, mail: &recordingMailer{}}
	cat := db.Catalogue()
	f.collab, err = cat.CreateCollaboration(ctx, catalogue.Collaboration{Slug: "fosen", Name: "Fosen"})
	must(t, err)
	munis := []catalogue.Municipality{{Number: "5054", Name: "Indre Fosen"}, {Number: "5057", Name: "Ørland"}}
	must(t, cat.SaveMunicipalities(ctx, f.collab, munis))
	must(t, cat.SaveServices(ctx, f.collab, []catalogue.Service{
		{Slug: "byggesak", NameNB: "Byggesak", Area: "plan-bygg", KostraFunction: "302", TargetGroup: "innbygger"},
	}))
	svcs, err := cat.Services(ctx, f.collab)
	must(t, err)
	f.service = svcs[0].ID
	key := make([]byte, 32)
	rand.Read(key)
	f.limits = procurement.FileLimits{MaxFileBytes: 1 << 20, MaxBidBytes: 2 << 20, MaxFiles: 3}
	f.mgr = procurement.NewManager(db.Procurement(), procurement.Config{Services: cat, Requirements: f.reqs,
		Users: db.Accounts(), Mailer: f.mail, Clock: clock, ServerKey: key, FileLimits: f.limits})

	f.lead = f.principal("leder@fosen.no", domain.Grant{Role: domain.RoleProgrammeLead})
	f.officer = f.principal("koord@a.no", domain.Grant{Role: domain.RoleCoordinator, MunicipalityID: munis[0].ID})
	f.coordB = f.principal("koord@b.no", domain.Grant{Role: domain.RoleCoordinator, MunicipalityID: munis[1].ID})
	f.observer = f.principal("observator@fosen.no", domain.Grant{Role: domain.RoleObserver})
	f.evaluator = f.principal("evaluator@fosen.no", domain.Grant{Role: domain.RoleEvaluator})
	f.supplierA = f.principal("salg@alfa.no", domain.Grant{Role: domain.RoleSupplier})
	f.supplierB = f.principal("salg@beta.no", domain.Grant{Role: domain.RoleSupplier})
	f.loose = f.principal("ingen@gamma.no", domain.Grant{Role: domain.RoleSupplier})
	f.supA, err = f.mgr.SaveSupplier(ctx, f.lead, procurement.Supplier{Name: "Alfa AS", OrgNumber: "974 760 673"})
	must(t, err)
	f.supB, err = f.mgr.SaveSupplier(ctx, f.lead, procurement.Supplier{Name: "Beta AS", OrgNumber: "923609016"})
	must(t, err)
	must(t, f.mgr.LinkSupplierUser(ctx, f.lead, f.supA.ID, "salg@alfa.no"))
	must(t, f.mgr.LinkSupplierUser(ctx, f.lead, f.supB.ID, "salg@beta.no"))
	return f
}

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

// deadline and opening of the tenders the tests publish.
var (
	deadline = start.Add(10 * 24 * time.Hour)
	opening  = deadline.Add(time.Hour)
)

// tender creates a tender of procedure proc with the coordinator of A as
// officer and publishes it: an open procedure when limited is false, and
// a restricted one (below the EEA threshold: national) with supplier A
// invited when true.
func (f *fixture) tender(ref string, limited bool) procurement.Tender {
	f.t.Helper()
	value := 2_000_000.0
	part := procurement.DerivePart(value, false, procurement.DefaultThresholds())
	var proc string
	for _, p := range procurement.AllowedProcedures(part) {
		if procurement.Limited(p) == limited {
			proc = p
			break
		}
	}
	if proc == "" {
		f.t.Fatalf("no procedure with limited=%v for part %v", limited, part)
	}
	t, err := f.mgr.CreateTender(f.ctx, f.lead, procurement.Tender{Reference: ref, Title: "Digital byggesak",
		Procedure: proc, EstimatedValue: value, CPV: "72000000-5", Items: []procurement.Item{{ServiceID: f.service}},
		Milestones: []procurement.Milestone{{Kind: procurement.MilestoneDeadline, At: deadline}, {Kind: procurement.MilestoneOpening, At: opening}}})
	must(f.t, err)
	t, err = f.mgr.SetOfficers(f.ctx, f.lead, t.ID, t.Version, domain.Editors{f.officer.UserID})
	must(f.t, err)
	if limited {
		must(f.t, f.mgr.Invite(f.ctx, f.officer, t.ID, f.supA.ID))
	}
	t, err = f.mgr.Publish(f.ctx, f.officer, t.ID, t.Version)
	must(f.t, err)
	return t
}

// pdf is a small PDF whose text is marker.
func pdf(name, marker string) procurement.File {
	return procurement.File{Name: name, ContentType: "application/pdf", Content: []byte("%PDF-1.7\n" + marker + "\n%%EOF\n")}
}

// bid submits a bid of principal p with one PDF.
func (f *fixture) bid(p domain.Principal, tender domain.ID, total, marker string) procurement.Receipt {
	f.t.Helper()
	r, err := f.mgr.SubmitBid(f.ctx, p, tender, procurement.BidInput{Total: total, Files: []procurement.File{pdf("tilbud.pdf", marker)}})
	must(f.t, err)
	return r
}

// setTo moves the clock to at.
func (f *fixture) setTo(at time.Time) {
	f.clock.Advance(at.Sub(f.clock.Now()))
}

// open lets the lead and the officer confirm the opening at the opening time.
func (f *fixture) open(tender domain.ID) procurement.Tender {
	f.t.Helper()
	if f.clock.Now().Before(opening) {
		f.setTo(opening)
	}
	_, err := f.mgr.ConfirmOpening(f.ctx, f.lead, tender)
	must(f.t, err)
	t, err := f.mgr.ConfirmOpening(f.ctx, f.officer, tender)
	must(f.t, err)
	if t.Status != procurement.StatusOpened || t.Opening == nil {
		f.t.Fatalf("tender after two confirmations: status %s, record %v", t.Status, t.Opening)
	}
	return t
}

// entries returns the tender's log through the store (the manager's Log
// is itself logged and checked; tests look at the rows).
func (f *fixture) entries(tender domain.ID) []procurement.LogEntry {
	f.t.Helper()
	es, err := f.db.Procurement().Log(f.ctx, f.collab, tender)
	must(f.t, err)
	return es
}

// refused reports whether the log has a refusal of action by p.
func (f *fixture) refused(tender domain.ID, p domain.Principal, action string) bool {
	return slices.ContainsFunc(f.entries(tender), func(e procurement.LogEntry) bool {
		return e.ActorID == p.UserID && e.Action == action && e.Outcome == procurement.OutcomeRefused
	})
}

// logged reports whether the log has an ok entry of action by p.
func (f *fixture) logged(tender domain.ID, p domain.Principal, action string) bool {
	return slices.ContainsFunc(f.entries(tender), func(e procurement.LogEntry) bool {
		return e.ActorID == p.UserID && e.Action == action && e.Outcome == procurement.OutcomeOK
	})
}

func (f *fixture) wantRefused(tender domain.ID, p domain.Principal, action string) {
	f.t.Helper()
	if !f.refused(tender, p, action) {
		f.t.Fatalf("no refusal of %s by %s in the log", action, p.Name)
	}
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
