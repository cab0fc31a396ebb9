package storetest

import (
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

// testEventlogs checks that a log comes back as saved through its
// statuses, with optimistic versions, progress written without a version
// change, statistics only for a finished import, the importing logs of
// every collaboration for resuming, and nothing visible to another
// collaboration; and that a municipal service's lead time and
// measurements come back as saved.
func testEventlogs(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	st := e.db.Eventlogs()
	c, other := e.collab("fosen"), e.collab("namdal")
	svc := e.services(c, service("byggesak"))[0]
	mu := e.municipality(c, "5054", "Indre Fosen")

	_, err := st.Log(e.ctx, c, 1)
	wantKind(t, err, domain.KindNotFound)
	before, err := e.cat.DataVersion(e.ctx, c)
	must(t, err)
	l, err := st.CreateLog(e.ctx, eventlog.Log{CollaborationID: c, Name: "byggesak.csv", Format: eventlog.FormatCSV, Size: 1234,
		SHA256: "ab12", Status: eventlog.StatusMapping, Header: []string{"Sak", "Aktivitet", "Tid"},
		Sample: [][]string{{"1", "Mottatt", "2024-01-02"}}, WorkFile: "x1/byggesak.csv", UploadedBy: "Åse", CreatedAt: at(1, 8, 0, 0, 0)})
	must(t, err)
	if l.ID == 0 || l.Version != 1 {
		t.Fatalf("CreateLog = %+v", l)
	}
	if after, err := e.cat.DataVersion(e.ctx, c); err != nil || after <= before {
		t.Errorf("data version after CreateLog = %d, %v; want above %d", after, err, before)
	}
	got, err := st.Log(e.ctx, c, l.ID)
	must(t, err)
	if got.Name != "byggesak.csv" || got.Status != eventlog.StatusMapping || len(got.Header) != 3 || got.Sample[0][1] != "Mottatt" ||
		got.WorkFile != "x1/byggesak.csv" || got.Stats != nil || got.Mapping != nil || !got.FinishedAt.IsZero() || got.ServiceID != 0 {
		t.Errorf("Log = %+v", got)
	}
	sameTime(t, "eventlog created_at", got.CreatedAt, at(1, 8, 0, 0, 0))

	// Mapping set: importing; progress written without a version change.
	got.Status, got.Mapping = eventlog.StatusImporting, &eventlog.Mapping{Case: "Sak", Activity: "Aktivitet", Time: "Tid"}
	saved(t, 2)(st.SaveLog(e.ctx, got))
	got.Version = 2
	must(t, st.SetRead(e.ctx, c, l.ID, 600))
	if again, err := st.Log(e.ctx, c, l.ID); err != nil || again.Read != 600 || again.Version != 2 || again.Mapping.Time != "Tid" {
		t.Errorf("after SetRead: %+v, %v", again, err)
	}
	must(t, st.SetRead(e.ctx, other, l.ID, 900)) // another collaboration's progress writes nothing

	// Leases: one server claims an import, a second cannot until the
	// lease has ended; renewing moves the end, releasing frees it at once.
	t0 := at(1, 9, 0, 0, 0)
	claim := func(collab domain.ID, now time.Time, want bool) {
		t.Helper()
		if ok, err := st.Claim(e.ctx, collab, l.ID, now, now.Add(2*time.Minute)); err != nil || ok != want {
			t.Errorf("Claim at %s = %v, %v; want %v", now.Format("15:04:05"), ok, err, want)
		}
	}
	claim(c, t0, true)
	claim(c, t0.Add(time.Minute), false)   // held by the first
	claim(other, t0.Add(time.Hour), false) // another collaboration's log is no claim of its
	must(t, st.Lease(e.ctx, c, l.ID, t0.Add(5*time.Minute)))
	claim(c, t0.Add(3*time.Minute), false)         // renewed
	claim(c, t0.Add(5*time.Minute), true)          // ended: taken over
	must(t, st.Lease(e.ctx, c, l.ID, time.Time{})) // released
	claim(c, t0.Add(5*time.Minute+time.Second), true)
	if again, err := st.Log(e.ctx, c, l.ID); err != nil || again.Version != 2 {
		t.Errorf("a lease changed the log's version: %+v, %v", again, err)
	}
	if imp, err := st.Importing(e.ctx); err != nil || len(imp) != 1 || imp[0].ID != l.ID || imp[0].CollaborationID != c {
		t.Errorf("Importing = %+v, %v", imp, err)
	}
	if files, err := st.WorkFiles(e.ctx); err != nil || len(files) != 1 || files[0] != "x1/byggesak.csv" {
		t.Errorf("WorkFiles = %v, %v", files, err)
	}

	// Statistics are stored only with a finished import.
	stats := &eventlog.Stats{Format: eventlog.FormatCSV, Cases: 3, Events: 9, From: at(1, 0, 0, 0, 0), To: at(9, 0, 0, 0, 0),
		CaseDuration: eventlog.Durations{Median: 86400}, CasesPerYear: []eventlog.YearCount{{Year: 2025, Cases: 3}}}
	failed := got
	failed.Status, failed.Stats = eventlog.StatusFailed, stats
	if _, err := st.SaveLog(e.ctx, failed); err == nil {
		t.Error("a failed log with statistics was stored")
	}
	got.Status, got.Stats, got.Read, got.WorkFile, got.FinishedAt = eventlog.StatusDone, stats, 1234, "", at(1, 9, 0, 0, 0)
	got.MunicipalityID, got.ServiceID = mu.ID, svc.ID
	saved(t, 3)(st.SaveLog(e.ctx, got))
	got.Version = 3
	claim(c, t0.Add(time.Hour), false) // a finished import is no one's to claim
	again, err := st.Log(e.ctx, c, l.ID)
	must(t, err)
	if again.Stats == nil || again.Stats.Cases != 3 || again.Stats.CaseDuration.Median != 86400 || again.Stats.CasesPerYear[0].Year != 2025 ||
		again.ServiceID != svc.ID || again.MunicipalityID != mu.ID || again.WorkFile != "" || again.Read != 1234 {
		t.Errorf("done: %+v", again)
	}
	sameTime(t, "eventlog stats from", again.Stats.From, at(1, 0, 0, 0, 0))
	sameTime(t, "eventlog finished_at", again.FinishedAt, at(1, 9, 0, 0, 0))
	if imp, err := st.Importing(e.ctx); err != nil || len(imp) != 0 {
		t.Errorf("Importing after done = %+v, %v", imp, err)
	}
	wantKind(t, errOf(st.SaveLog(e.ctx, failed)), domain.KindConflict) // stale

	// A failed import: its error, no statistics.
	f, err := st.CreateLog(e.ctx, eventlog.Log{CollaborationID: c, Name: "feil.xes", Format: eventlog.FormatXES, Size: 10,
		SHA256: "cd34", Status: eventlog.StatusImporting, WorkFile: "x2/feil.xes", UploadedBy: "Åse", CreatedAt: at(2, 8, 0, 0, 0)})
	must(t, err)
	f.Status, f.Error, f.ErrorParams, f.ErrorLine, f.ErrorFile, f.WorkFile = eventlog.StatusFailed, "eventlog.error.bad_timestamp",
		[]string{"i går"}, 17, "feil.xes", ""
	saved(t, 2)(st.SaveLog(e.ctx, f))
	if g, err := st.Log(e.ctx, c, f.ID); err != nil || g.Error != "eventlog.error.bad_timestamp" || g.ErrorParams[0] != "i går" ||
		g.ErrorLine != 17 || g.ErrorFile != "feil.xes" || g.Stats != nil {
		t.Errorf("failed log = %+v, %v", g, err)
	}

	// Another collaboration sees nothing; lists are newest first.
	_, err = st.Log(e.ctx, other, l.ID)
	wantKind(t, err, domain.KindNotFound)
	if list, err := st.Logs(e.ctx, other); err != nil || len(list) != 0 {
		t.Errorf("other's Logs = %+v, %v", list, err)
	}
	if list, err := st.Logs(e.ctx, c); err != nil || len(list) != 2 || list[0].ID != f.ID || list[1].Stats == nil {
		t.Errorf("Logs = %+v, %v", list, err)
	}
	wantKind(t, st.DeleteLog(e.ctx, other, l.ID, 3), domain.KindNotFound)
	wantKind(t, st.DeleteLog(e.ctx, c, l.ID, 2), domain.KindConflict)
	must(t, st.DeleteLog(e.ctx, c, l.ID, 3))
	_, err = st.Log(e.ctx, c, l.ID)
	wantKind(t, err, domain.KindNotFound)

	// A municipal service's lead time and measurements.
	mm := catalogue.Measurement{LogID: f.ID, File: "byggesak.csv", From: at(1, 0, 0, 0, 0), To: at(9, 0, 0, 0, 0), Cases: 3}
	ms := e.facts(c, catalogue.MunicipalService{ServiceID: svc.ID, MunicipalityID: mu.ID, Offered: catalogue.OfferedYes,
		AnnualCases: ptr[int64](120), LeadTimeDays: ptr(12.5),
		Provenance: map[catalogue.Fact]catalogue.Provenance{catalogue.FactAnnualCases: catalogue.ProvenanceMeasured, catalogue.FactLeadTimeDays: catalogue.ProvenanceMeasured},
		Measured:   map[catalogue.Fact]catalogue.Measurement{catalogue.FactAnnualCases: mm, catalogue.FactLeadTimeDays: mm}})[0]
	back, err := e.cat.MunicipalService(e.ctx, c, svc.ID, mu.ID)
	must(t, err)
	if back.ID != ms.ID || back.LeadTimeDays == nil || *back.LeadTimeDays != 12.5 || back.Provenance[catalogue.FactLeadTimeDays] != catalogue.ProvenanceMeasured ||
		back.Measured[catalogue.FactAnnualCases].Cases != 3 || back.Measured[catalogue.FactLeadTimeDays].File != "byggesak.csv" {
		t.Errorf("facts with measurements = %+v", back)
	}
	sameTime(t, "measurement from", back.Measured[catalogue.FactAnnualCases].From.In(time.UTC), at(1, 0, 0, 0, 0))
	back.Measured, back.LeadTimeDays = nil, nil
	delete(back.Provenance, catalogue.FactLeadTimeDays)
	e.facts(c, back)
	if again, err := e.cat.MunicipalService(e.ctx, c, svc.ID, mu.ID); err != nil || again.Measured != nil || again.LeadTimeDays != nil {
		t.Errorf("measurements cleared: %+v, %v", again, err)
	}
}
