package eventlog_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/app/wiring"
	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/domain/domaintest"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog/noark/noarkgen"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/process/layout"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlite"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

// fixture is a collaboration in a fresh SQLite database with the managers
// wired as the app wires them: two municipalities, A and B, that both
// offer byggesak (120 cases a year, estimated), and users in every role;
// ownerA is responsible for byggesak in A.
type fixture struct {
	t      *testing.T
	ctx    context.Context
	db     *sqlstore.DB
	dir    string // the work folder
	clock  *domain.ManualClock
	m      wiring.Managers
	mgr    *eventlog.Manager
	collab domain.ID
	a, b   catalogue.Municipality
	svc    catalogue.Service

	lead, coordA, coordB, ownerA, otherOwnerA, leaderA, observer, supplier domain.Principal
}

var start = time.Date(2025, time.March, 3, 9, 0, 0, 0, time.UTC)

var must, wantErr = domaintest.Must, domaintest.WantErr

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	clock := domain.NewManualClock(start)
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"), clock)
	must(t, err)
	f := &fixture{t: t, ctx: ctx, db: db, dir: t.TempDir(), clock: clock}
	f.m = wiring.New(db, clock, wiring.Options{EventLogDir: f.dir})
	f.mgr = f.m.Eventlogs
	t.Cleanup(func() {
		f.mgr.Close()
		db.Close()
	})
	cat := db.Catalogue()
	f.collab, err = cat.CreateCollaboration(ctx, catalogue.Collaboration{Slug: "fosen", Name: "Fosen"})
	must(t, err)
	munis := []catalogue.Municipality{{Number: "5054", Name: "Indre Fosen"}, {Number: "5057", Name: "Ørland"}}
	must(t, cat.SaveMunicipalities(ctx, f.collab, munis))
	f.a, f.b = munis[0], munis[1]
	svcs := []catalogue.Service{{Slug: "byggesak", NameNB: "Byggesak", Area: "plan-bygg", KostraFunction: "302", TargetGroup: "innbygger"}}
	must(t, cat.SaveServices(ctx, f.collab, svcs))
	f.svc = svcs[0]
	user := func(email string, grants ...domain.Grant) domain.Principal {
		acc := db.Accounts()
		u := account.User{CollaborationID: f.collab, Email: email, Name: "Navn " + email, Lang: "nb", PasswordHash: "x", CreatedAt: start}
		id, err := acc.CreateUser(ctx, u)
		must(t, err)
		must(t, acc.SetGrants(ctx, id, grants))
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
	for _, mu := range []struct {
		m    catalogue.Municipality
		resp domain.ID
	}{{f.a, f.ownerA.UserID}, {f.b, 0}} {
		_, err := f.m.Catalogue.SaveMunicipalService(ctx, f.lead, catalogue.MunicipalService{ServiceID: f.svc.ID,
			MunicipalityID: mu.m.ID, Offered: catalogue.OfferedYes, AnnualCases: &cases, HourlyCost: &cost, ResponsibleUserID: mu.resp})
		must(t, err)
	}
	return f
}

// permitsCSV is a log with known answers: four cases started in 2024,
// whose time frame covers the whole year (1 January to 31 December), so
// 4 cases a year; case durations 21, 10, 29 and 30 days, median 25 days.
// "Vurdert" waits 11, 4 and 10 days (median 10), "Vedtak" 10, 6, 29 and
// 20 days (median 15).
const permitsCSV = `Sak;Aktivitet;Tid;Saksbehandler
1;Mottatt;01.01.2024 09:00;Kari
1;Vurdert;12.01.2024 09:00;Ola
1;Vedtak;22.01.2024 09:00;Ola
2;Mottatt;01.03.2024 09:00;Kari
2;Vurdert;05.03.2024 09:00;Ola
2;Vedtak;11.03.2024 09:00;Per
3;Mottatt;01.06.2024 09:00;Kari
3;Vedtak;30.06.2024 09:00;Per
4;Mottatt;01.12.2024 09:00;Kari
4;Vurdert;11.12.2024 09:00;Ola
4;Vedtak;31.12.2024 09:00;Ola
`

var permitsMapping = eventlog.Mapping{Case: "Sak", Activity: "Aktivitet", Time: "Tid", Resource: "Saksbehandler"}

// imported uploads permitsCSV as p, maps it and waits for the import.
func (f *fixture) imported(p domain.Principal) eventlog.Log {
	f.t.Helper()
	l, err := f.mgr.Upload(f.ctx, p, "byggesak.csv", strings.NewReader(permitsCSV))
	must(f.t, err)
	if l.Status != eventlog.StatusMapping || len(l.Header) != 4 || len(l.Sample) != 5 {
		f.t.Fatalf("uploaded CSV = %+v", l)
	}
	_, err = f.mgr.SetMapping(f.ctx, p, l.ID, permitsMapping)
	must(f.t, err)
	return f.done(p, l.ID)
}

// done waits for the import of log id and returns the log.
func (f *fixture) done(p domain.Principal, id domain.ID) eventlog.Log {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(f.ctx, 2*time.Minute)
	defer cancel()
	must(f.t, f.mgr.Wait(ctx, id))
	l, err := f.mgr.Log(f.ctx, p, id)
	must(f.t, err)
	return l
}

// workFiles lists what is left in the work folder.
func (f *fixture) workFiles() []string {
	f.t.Helper()
	var out []string
	must(f.t, filepath.WalkDir(f.dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, path)
		}
		return err
	}))
	return out
}

func TestImportCSVWithMapping(t *testing.T) {
	f := newFixture(t)
	l, err := f.mgr.Upload(f.ctx, f.observer, "C:\\Users\\kari\\byggesak.csv", strings.NewReader(permitsCSV))
	must(t, err)
	if l.Name != "byggesak.csv" || l.Format != eventlog.FormatCSV || l.Size != int64(len(permitsCSV)) || len(l.SHA256) != 64 ||
		l.Header[1] != "Aktivitet" || l.Sample[0][2] != "01.01.2024 09:00" || l.UploadedBy != f.observer.Name {
		t.Fatalf("upload = %+v", l)
	}
	if len(f.workFiles()) != 1 {
		t.Fatalf("work folder while waiting for the mapping: %v", f.workFiles())
	}
	// A mapping naming a column the file lacks: the fields, nothing started.
	_, err = f.mgr.SetMapping(f.ctx, f.observer, l.ID, eventlog.Mapping{Case: "Sak", Activity: "Hva", Time: ""})
	wantErr(t, err, domain.KindInvalid, "")
	var fields []string
	for _, fe := range domain.AsError(err).Fields {
		fields = append(fields, fe.Field)
	}
	if strings.Join(fields, ",") != "activity,time" {
		t.Errorf("mapping fields = %v", fields)
	}
	_, err = f.mgr.SetMapping(f.ctx, f.supplier, l.ID, permitsMapping)
	wantErr(t, err, domain.KindForbidden, "")
	_, err = f.mgr.SetMapping(f.ctx, f.observer, l.ID, permitsMapping)
	must(t, err)
	got := f.done(f.observer, l.ID)
	if got.Status != eventlog.StatusDone || got.Stats == nil || got.Progress() != 1 || got.Read != got.Size || got.FinishedAt.IsZero() {
		t.Fatalf("imported = %+v", got)
	}
	s := got.Stats
	if s.Cases != 4 || s.Events != 11 || s.Activities != 3 || s.Resources != 3 || s.CaseDuration.Median != 25*86400 {
		t.Errorf("stats = cases %d events %d activities %d resources %d median %v", s.Cases, s.Events, s.Activities, s.Resources, s.CaseDuration.Median)
	}
	if n, _ := eventlog.AnnualCases(*s); n != 4 {
		t.Errorf("annual cases = %d, want 4 (the whole of 2024)", n)
	}
	if files := f.workFiles(); len(files) != 0 {
		t.Errorf("work files left after the import: %v", files)
	}
	// The mapping is set once.
	_, err = f.mgr.SetMapping(f.ctx, f.observer, l.ID, permitsMapping)
	wantErr(t, err, domain.KindConflict, "eventlog.not_mapping")
}

// TestFailedImportStoresNothingPartial: a file that breaks off in the
// middle fails with its error and line, and no figures.
func TestFailedImportStoresNothingPartial(t *testing.T) {
	f := newFixture(t)
	xes := `<?xml version="1.0"?>
<log xes.version="1.0">
<trace><string key="concept:name" value="1"/>
<event><string key="concept:name" value="Mottatt"/><date key="time:timestamp" value="2024-01-01T09:00:00+01:00"/></event>
<event><string key="concept:name" value="Vedtak"/><date key="time:timestamp" value="i går"/></event>
</trace></log>`
	l, err := f.mgr.Upload(f.ctx, f.coordA, "logg.xes", strings.NewReader(xes))
	must(t, err)
	if l.Status != eventlog.StatusImporting || l.Format != eventlog.FormatXES {
		t.Fatalf("upload = %+v", l)
	}
	got := f.done(f.coordA, l.ID)
	if got.Status != eventlog.StatusFailed || got.Stats != nil || got.Error != "eventlog.error.bad_timestamp" ||
		got.ErrorLine != 5 || len(got.ErrorParams) != 1 || got.ErrorParams[0] != "i går" || got.ErrorFile != "logg.xes" {
		t.Errorf("failed import = %+v", got)
	}
	if files := f.workFiles(); len(files) != 0 {
		t.Errorf("work files left after the failure: %v", files)
	}
	// Attaching or applying a failed log is refused.
	_, err = f.mgr.Attach(f.ctx, f.coordA, l.ID, f.a.ID, "byggesak")
	wantErr(t, err, domain.KindConflict, "eventlog.not_done")
	_, err = f.mgr.Apply(f.ctx, f.coordA, l.ID)
	wantErr(t, err, domain.KindConflict, "eventlog.not_attached")
}

// TestUploadRefusesWhatIsNoLog: a file that is no event log is refused
// with the reader's message, and neither a log nor a file is kept.
func TestUploadRefusesWhatIsNoLog(t *testing.T) {
	f := newFixture(t)
	_, err := f.mgr.Upload(f.ctx, f.lead, "notat.txt", strings.NewReader("Bare tekst uten skilletegn\n"))
	wantErr(t, err, domain.KindInvalid, "eventlog.error.not_event_log")
	_, err = f.mgr.Upload(f.ctx, f.lead, "", strings.NewReader(permitsCSV))
	wantErr(t, err, domain.KindInvalid, "eventlog.name_required")
	_, err = f.mgr.Upload(f.ctx, f.supplier, "byggesak.csv", strings.NewReader(permitsCSV))
	wantErr(t, err, domain.KindForbidden, "")
	if logs, err := f.mgr.Logs(f.ctx, f.lead); err != nil || len(logs) != 0 {
		t.Errorf("logs = %+v, %v", logs, err)
	}
	if files := f.workFiles(); len(files) != 0 {
		t.Errorf("work files left: %v", files)
	}
}

// TestRights: internal users see and upload logs; attaching and applying
// are the municipality's row (its coordinator, the responsible
// subject-matter owner, the programme lead); suppliers see nothing.
func TestRights(t *testing.T) {
	f := newFixture(t)
	l := f.imported(f.observer)
	for _, p := range []domain.Principal{f.lead, f.coordA, f.coordB, f.ownerA, f.leaderA, f.observer} {
		if _, err := f.mgr.Log(f.ctx, p, l.ID); err != nil {
			t.Errorf("%s cannot read the log: %v", p.Name, err)
		}
		if logs, err := f.mgr.Logs(f.ctx, p); err != nil || len(logs) != 1 {
			t.Errorf("%s lists %d logs, %v", p.Name, len(logs), err)
		}
	}
	_, err := f.mgr.Log(f.ctx, f.supplier, l.ID)
	wantErr(t, err, domain.KindForbidden, "")
	_, err = f.mgr.Logs(f.ctx, f.supplier)
	wantErr(t, err, domain.KindForbidden, "")
	_, err = f.mgr.Log(f.ctx, domain.Principal{}, l.ID)
	if err == nil {
		t.Error("an anonymous principal read a log")
	}

	for _, c := range []struct {
		who     string
		p       domain.Principal
		allowed bool
	}{{"lead", f.lead, true}, {"coordinator A", f.coordA, true}, {"responsible owner A", f.ownerA, true},
		{"coordinator B", f.coordB, false}, {"other owner A", f.otherOwnerA, false}, {"leadership A", f.leaderA, false},
		{"observer", f.observer, false}, {"supplier", f.supplier, false}} {
		_, err := f.mgr.Attach(f.ctx, c.p, l.ID, f.a.ID, "byggesak")
		if c.allowed {
			must(t, err)
		} else {
			wantErr(t, err, domain.KindForbidden, "")
		}
	}
	// Attached to A: applying is A's row too.
	for _, c := range []struct {
		who     string
		p       domain.Principal
		allowed bool
	}{{"coordinator B", f.coordB, false}, {"observer", f.observer, false}, {"supplier", f.supplier, false},
		{"other owner A", f.otherOwnerA, false}, {"responsible owner A", f.ownerA, true}} {
		_, err := f.mgr.Apply(f.ctx, c.p, l.ID)
		if c.allowed {
			must(t, err)
		} else {
			wantErr(t, err, domain.KindForbidden, "")
		}
	}
	// Moving the log to B needs B's row and A's.
	_, err = f.mgr.Attach(f.ctx, f.coordB, l.ID, f.b.ID, "byggesak")
	wantErr(t, err, domain.KindForbidden, "")
	_, err = f.mgr.Attach(f.ctx, f.lead, l.ID, f.b.ID, "ingen-tjeneste")
	wantErr(t, err, domain.KindNotFound, "")
	// Deleting: the programme lead and the uploader.
	wantErr(t, f.mgr.Delete(f.ctx, f.coordA, l.ID), domain.KindForbidden, "")
	must(t, f.mgr.Delete(f.ctx, f.observer, l.ID))
	_, err = f.mgr.Log(f.ctx, f.lead, l.ID)
	wantErr(t, err, domain.KindNotFound, "")
}

// TestApply: the service's annual cases and lead time come from the log
// with provenance measured, recorded in the history, and the stored
// benefit case's row of the municipality follows, while a row the users
// typed their own figure into does not.
func TestApply(t *testing.T) {
	f := newFixture(t)
	view, err := f.m.Benefits.Case(f.ctx, f.lead, "byggesak")
	must(t, err)
	rec, err := f.m.Benefits.Save(f.ctx, f.lead, "byggesak", view.Record.Case, 0)
	must(t, err)
	if len(rec.Case.Municipalities) != 2 || rec.Case.Municipalities[0].Cases != benefit.Exact(120) {
		t.Fatalf("draft rows = %+v", rec.Case.Municipalities)
	}

	l := f.imported(f.coordA)
	_, err = f.mgr.Apply(f.ctx, f.coordA, l.ID)
	wantErr(t, err, domain.KindConflict, "eventlog.not_attached")
	l, err = f.mgr.Attach(f.ctx, f.coordA, l.ID, f.a.ID, "byggesak")
	must(t, err)
	if l.MunicipalityID != f.a.ID || l.ServiceID != f.svc.ID {
		t.Fatalf("attached = %+v", l)
	}
	ms, err := f.mgr.Apply(f.ctx, f.coordA, l.ID)
	must(t, err)
	_, _, stored, err := f.m.Catalogue.MunicipalService(f.ctx, f.lead, "byggesak", f.a.ID)
	must(t, err)
	if stored.Version != ms.Version || *stored.AnnualCases != 4 || *stored.LeadTimeDays != 25 ||
		stored.Provenance[catalogue.FactAnnualCases] != catalogue.ProvenanceMeasured ||
		stored.Provenance[catalogue.FactLeadTimeDays] != catalogue.ProvenanceMeasured ||
		stored.Provenance[catalogue.FactHourlyCost] != catalogue.ProvenanceEstimated {
		t.Errorf("facts after apply = %+v", stored)
	}
	mm := stored.MeasuredFrom("annual_cases")
	if mm == nil || mm.LogID != l.ID || mm.File != "byggesak.csv" || mm.Cases != 4 ||
		mm.From.Format(time.DateOnly) != "2024-01-01" || mm.To.Format(time.DateOnly) != "2024-12-31" {
		t.Errorf("measurement = %+v", mm)
	}
	h, err := f.m.Catalogue.History(f.ctx, f.lead, catalogue.EntityMunicipalService, stored.ID)
	must(t, err)
	if len(h) == 0 || h[0].UserName != f.coordA.Name {
		t.Fatalf("history = %+v", h)
	}
	changed := map[string]bool{}
	for _, c := range h[0].Fields {
		changed[c.Field] = true
	}
	if !changed["annual_cases"] || !changed["lead_time_days"] || !changed["annual_cases_source"] {
		t.Errorf("history fields = %+v", h[0].Fields)
	}

	after, err := f.m.Benefits.Case(f.ctx, f.lead, "byggesak")
	must(t, err)
	rowA, rowB := after.Record.Case.Municipalities[0], after.Record.Case.Municipalities[1]
	if rowA.Municipality != "5054" || rowA.Cases != benefit.Exact(4) || rowA.CasesSource != "measured" ||
		rowA.CasesNote != "målt fra byggesak.csv, 01.01.2024–31.12.2024, 4 saker" {
		t.Errorf("row A = %+v", rowA)
	}
	if rowB.Cases != benefit.Exact(120) || rowB.CasesSource != "estimated" || rowB.CasesNote != "" {
		t.Errorf("row B = %+v", rowB)
	}
	if after.Record.Version != rec.Version+1 {
		t.Errorf("case version = %d, want %d", after.Record.Version, rec.Version+1)
	}

	// A row whose figure the users typed themselves stays theirs.
	c := after.Record.Case
	c.Municipalities[0].Cases = benefit.Range{Low: 3, Likely: 5, High: 8}
	rec, err = f.m.Benefits.Save(f.ctx, f.lead, "byggesak", c, after.Record.Version)
	must(t, err)
	_, err = f.mgr.Apply(f.ctx, f.coordA, l.ID)
	must(t, err)
	again, err := f.m.Benefits.Case(f.ctx, f.lead, "byggesak")
	must(t, err)
	if again.Record.Version != rec.Version || again.Record.Case.Municipalities[0].Cases.Likely != 5 {
		t.Errorf("typed row after a second apply = %+v", again.Record.Case.Municipalities[0])
	}
}

// TestApplyIsOneTransaction: when the benefit case cannot be written, the
// facts are not changed either.
func TestApplyIsOneTransaction(t *testing.T) {
	f := newFixture(t)
	view, err := f.m.Benefits.Case(f.ctx, f.lead, "byggesak")
	must(t, err)
	_, err = f.m.Benefits.Save(f.ctx, f.lead, "byggesak", view.Record.Case, 0)
	must(t, err)
	l := f.imported(f.lead)
	_, err = f.mgr.Attach(f.ctx, f.lead, l.ID, f.a.ID, "byggesak")
	must(t, err)
	// The stored case becomes unreadable: its recompute fails.
	_, err = f.db.SQL().ExecContext(f.ctx, `UPDATE benefit_cases SET data = 'ikke json'`)
	must(t, err)
	if _, err := f.mgr.Apply(f.ctx, f.lead, l.ID); err == nil {
		t.Fatal("apply succeeded over an unreadable benefit case")
	}
	_, _, ms, err := f.m.Catalogue.MunicipalService(f.ctx, f.lead, "byggesak", f.a.ID)
	must(t, err)
	if *ms.AnnualCases != 120 || ms.LeadTimeDays != nil || ms.Provenance[catalogue.FactAnnualCases] != catalogue.ProvenanceEstimated {
		t.Errorf("facts after a failed apply = %+v", ms)
	}
}

// TestCompareAndApplyWaits: the log's activities beside the as-is model's
// tasks by normalised name, and the measured waits written into the
// model as its next version.
func TestCompareAndApplyWaits(t *testing.T) {
	f := newFixture(t)
	l := f.imported(f.lead)
	_, err := f.mgr.Attach(f.ctx, f.lead, l.ID, f.a.ID, "byggesak")
	must(t, err)
	_, err = f.mgr.Compare(f.ctx, f.lead, l.ID)
	wantErr(t, err, domain.KindNotFound, "eventlog.no_as_is")

	two := 2.0
	xml, err := layout.Build(layout.Spec{ID: "Process_A", Name: "Byggesak Indre Fosen", Steps: []layout.Step{
		{ID: "Start", Name: "Søknad", Kind: "startEvent"},
		{ID: "Task_Vurdere", Name: "  vurdert ", Kind: "userTask", WaitingDays: &two},
		{ID: "Task_Vedtak", Name: "VEDTAK", Kind: "userTask"},
		{ID: "Task_Arkiv", Name: "Arkivere", Kind: "userTask"},
		{ID: "End", Name: "Ferdig", Kind: "endEvent"},
	}, Flows: []layout.Flow{{From: "Start", To: "Task_Vurdere"}, {From: "Task_Vurdere", To: "Task_Vedtak"},
		{From: "Task_Vedtak", To: "Task_Arkiv"}, {From: "Task_Arkiv", To: "End"}}})
	must(t, err)
	model, _, err := f.m.Processes.Save(f.ctx, f.lead, "byggesak", process.AsIs, f.a.ID, xml, "", 0)
	must(t, err)

	c, err := f.mgr.Compare(f.ctx, f.observer, l.ID)
	must(t, err)
	if c.Model != "Indre Fosen" || len(c.Matched) != 2 {
		t.Fatalf("comparison = %+v", c)
	}
	want := []eventlog.TaskMatch{
		{TaskID: "Task_Vurdere", Task: "vurdert", Activity: "Vurdert", Occurrences: 3, MeasuredWaitDays: 10, ModelWaitDays: 2},
		{TaskID: "Task_Vedtak", Task: "VEDTAK", Activity: "Vedtak", Occurrences: 4, MeasuredWaitDays: 15},
	}
	for i, w := range want {
		if c.Matched[i] != w {
			t.Errorf("match %d = %+v, want %+v", i, c.Matched[i], w)
		}
	}
	if strings.Join(c.TasksNeverSeen, ",") != "Arkivere" || strings.Join(c.ActivitiesWithoutTask, ",") != "Mottatt" {
		t.Errorf("never seen %v, without task %v", c.TasksNeverSeen, c.ActivitiesWithoutTask)
	}

	wantErr(t, f.mgr.ApplyWaits(f.ctx, f.coordB, l.ID, []string{"Task_Vedtak"}), domain.KindForbidden, "")
	wantErr(t, f.mgr.ApplyWaits(f.ctx, f.coordA, l.ID, nil), domain.KindInvalid, "eventlog.tasks_required")
	wantErr(t, f.mgr.ApplyWaits(f.ctx, f.coordA, l.ID, []string{"Task_Arkiv"}), domain.KindInvalid, "eventlog.task_unknown")
	must(t, f.mgr.ApplyWaits(f.ctx, f.coordA, l.ID, []string{"Task_Vedtak", "Task_Vurdere"}))
	_, v, steps, err := f.m.Processes.Steps(f.ctx, f.lead, "byggesak", model.ID)
	must(t, err)
	if v.Version != 2 || !strings.Contains(v.Comment, "byggesak.csv") {
		t.Errorf("new version = %d %q", v.Version, v.Comment)
	}
	waits := map[string]float64{}
	for _, s := range steps {
		if s.Attrs.WaitingDays != nil {
			waits[s.ID] = *s.Attrs.WaitingDays
		}
	}
	if waits["Task_Vurdere"] != 10 || waits["Task_Vedtak"] != 15 || len(waits) != 2 {
		t.Errorf("waiting days in the model = %v", waits)
	}
}

// TestNoarkExtract: an uploaded Noark 5 extract (.zip) is read with its
// checksums, its figures are the generator's, and nothing is left in the
// work folder.
func TestNoarkExtract(t *testing.T) {
	f := newFixture(t)
	path := filepath.Join(t.TempDir(), "uttrekk.zip")
	info, err := noarkgen.WriteArchive(path, noarkgen.Options{Municipality: "Indre Fosen", Number: "5054", Cases: 40, Seed: 3})
	must(t, err)
	body, err := os.ReadFile(path)
	must(t, err)
	l, err := f.mgr.Upload(f.ctx, f.coordA, "uttrekk.zip", bytes.NewReader(body))
	must(t, err)
	if l.Format != eventlog.FormatNoark {
		t.Fatalf("format = %q", l.Format)
	}
	got := f.done(f.coordA, l.ID)
	if got.Status != eventlog.StatusDone || got.Stats.Cases != info.Cases || got.Stats.Events != info.Events {
		t.Errorf("noark import = %s %s, stats %+v; want %d cases, %d events", got.Status, got.Error, got.Stats, info.Cases, info.Events)
	}
	if files := f.workFiles(); len(files) != 0 {
		t.Errorf("work files left: %v", files)
	}
}

// leftImporting stores two logs a server left importing: there, whose
// work file is in the fixture's work folder, and gone, whose file is not.
func (f *fixture) leftImporting() (there, gone eventlog.Log) {
	t, st := f.t, f.db.Eventlogs()
	must(t, os.MkdirAll(filepath.Join(f.dir, "log-1"), 0o700))
	must(t, os.WriteFile(filepath.Join(f.dir, "log-1", "byggesak.csv"), []byte(permitsCSV), 0o600))
	there, err := st.CreateLog(f.ctx, eventlog.Log{CollaborationID: f.collab, Name: "byggesak.csv", Format: eventlog.FormatCSV,
		Size: int64(len(permitsCSV)), SHA256: "x", Status: eventlog.StatusImporting, Mapping: &permitsMapping,
		WorkFile: "log-1/byggesak.csv", CreatedAt: start})
	must(t, err)
	gone, err = st.CreateLog(f.ctx, eventlog.Log{CollaborationID: f.collab, Name: "borte.xes", Format: eventlog.FormatXES,
		Size: 10, SHA256: "y", Status: eventlog.StatusImporting, WorkFile: "log-2/borte.xes", CreatedAt: start})
	must(t, err)
	return there, gone
}

// TestResume: an import the server left running starts again when its file
// is there, and fails (eventlog.error.lost) when it is not.
func TestResume(t *testing.T) {
	f := newFixture(t)
	there, gone := f.leftImporting()

	// What an interrupted upload left: removed when it is old, kept while
	// it may still be arriving.
	for _, d := range []string{"log-old", "log-new"} {
		must(t, os.MkdirAll(filepath.Join(f.dir, d), 0o700))
		must(t, os.WriteFile(filepath.Join(f.dir, d, "uttrekk.zip"), []byte("PK"), 0o600))
	}
	old := time.Now().Add(-2 * time.Hour)
	must(t, os.Chtimes(filepath.Join(f.dir, "log-old"), old, old))
	must(t, os.Chtimes(filepath.Join(f.dir, "log-1"), old, old))

	must(t, f.mgr.Resume(f.ctx))
	if _, err := os.Stat(filepath.Join(f.dir, "log-old")); !os.IsNotExist(err) {
		t.Errorf("an old orphaned upload is still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(f.dir, "log-new", "uttrekk.zip")); err != nil {
		t.Errorf("an upload that may still be arriving was removed: %v", err)
	}
	must(t, os.RemoveAll(filepath.Join(f.dir, "log-new")))
	if l := f.done(f.lead, there.ID); l.Status != eventlog.StatusDone || l.Stats.Cases != 4 {
		t.Errorf("resumed = %s %s %+v", l.Status, l.Error, l.Stats)
	}
	if l := f.done(f.lead, gone.ID); l.Status != eventlog.StatusFailed || l.Error != eventlog.CodeLost || l.Stats != nil {
		t.Errorf("lost = %+v", l)
	}
	if files := f.workFiles(); len(files) != 0 {
		t.Errorf("work files left: %v", files)
	}
}

// TestResumeLeavesAnotherServersImport: with two servers on one database,
// an import the other server holds (its lease live) is neither started
// again nor failed for want of a file in this server's work folder; once
// that server has gone away (its lease ended), this one takes it over.
func TestResumeLeavesAnotherServersImport(t *testing.T) {
	f := newFixture(t)
	st := f.db.Eventlogs()
	// The other server runs both; elsewhere's file is on its disk only.
	there, elsewhere := f.leftImporting()
	for _, id := range []domain.ID{there.ID, elsewhere.ID} {
		if ok, err := st.Claim(f.ctx, f.collab, id, f.clock.Now(), f.clock.Now().Add(eventlog.ImportLease)); err != nil || !ok {
			t.Fatalf("Claim = %v, %v", ok, err)
		}
	}

	must(t, f.mgr.Resume(f.ctx))
	f.mgr.Close()
	for _, id := range []domain.ID{there.ID, elsewhere.ID} {
		if l, err := st.Log(f.ctx, f.collab, id); err != nil || l.Status != eventlog.StatusImporting || l.Error != "" {
			t.Errorf("another server's import after Resume = %s %s, %v; want importing, untouched", l.Status, l.Error, err)
		}
	}

	f.clock.Advance(eventlog.ImportLease) // the other server stopped renewing
	must(t, f.mgr.Resume(f.ctx))
	if l := f.done(f.lead, there.ID); l.Status != eventlog.StatusDone || l.Stats.Cases != 4 {
		t.Errorf("taken over = %s %s %+v", l.Status, l.Error, l.Stats)
	}
	if l := f.done(f.lead, elsewhere.ID); l.Status != eventlog.StatusFailed || l.Error != eventlog.CodeLost {
		t.Errorf("taken over without its file = %s %s", l.Status, l.Error)
	}
}

// TestImportHoldsItsLease: an import this server has started is held
// against other servers from the start (their Claim fails while it runs,
// and after it has finished there is nothing to claim); stopped with the
// server, it is released, so that the next start resumes it at once.
func TestImportHoldsItsLease(t *testing.T) {
	f := newFixture(t)
	st := f.db.Eventlogs()
	l, err := f.mgr.Upload(f.ctx, f.lead, "byggesak.csv", strings.NewReader(permitsCSV))
	must(t, err)
	_, err = f.mgr.SetMapping(f.ctx, f.lead, l.ID, permitsMapping)
	must(t, err)
	if ok, err := st.Claim(f.ctx, f.collab, l.ID, f.clock.Now(), f.clock.Now().Add(time.Minute)); err != nil || ok {
		t.Errorf("another server claimed an import running here: %v, %v", ok, err)
	}
	if got := f.done(f.lead, l.ID); got.Status != eventlog.StatusDone {
		t.Errorf("import = %s %s", got.Status, got.Error)
	}

	base, stop := context.WithCancel(context.Background())
	stop() // the server is stopping: the import cannot start
	m := wiring.New(f.db, f.clock, wiring.Options{EventLogDir: f.dir, Background: base})
	l, err = m.Eventlogs.Upload(f.ctx, f.lead, "byggesak.csv", strings.NewReader(permitsCSV))
	must(t, err)
	_, err = m.Eventlogs.SetMapping(f.ctx, f.lead, l.ID, permitsMapping)
	must(t, err)
	m.Eventlogs.Close()
	if ok, err := st.Claim(f.ctx, f.collab, l.ID, f.clock.Now(), f.clock.Now().Add(time.Minute)); err != nil || !ok {
		t.Errorf("an import stopped unfinished is still held: %v, %v", ok, err)
	}
}

// TestStoppedImportResumes: an import stopped with the server (its base
// context cancelled) stores nothing and keeps its file, and the next
// start finishes it.
func TestStoppedImportResumes(t *testing.T) {
	f := newFixture(t)
	base, stop := context.WithCancel(context.Background())
	stop() // the server is stopping: no import may start
	m := wiring.New(f.db, f.clock, wiring.Options{EventLogDir: f.dir, Background: base})
	l, err := m.Eventlogs.Upload(f.ctx, f.lead, "byggesak.csv", strings.NewReader(permitsCSV))
	must(t, err)
	_, err = m.Eventlogs.SetMapping(f.ctx, f.lead, l.ID, permitsMapping)
	must(t, err)
	m.Eventlogs.Close()
	if got, err := m.Eventlogs.Log(f.ctx, f.lead, l.ID); err != nil || got.Status != eventlog.StatusImporting || got.Stats != nil {
		t.Fatalf("stopped import = %+v, %v", got, err)
	}
	if len(f.workFiles()) != 1 {
		t.Fatalf("the stopped import's file is gone: %v", f.workFiles())
	}
	must(t, f.mgr.Resume(f.ctx))
	if got := f.done(f.lead, l.ID); got.Status != eventlog.StatusDone || got.Stats.Cases != 4 {
		t.Errorf("resumed = %+v", got)
	}
}
