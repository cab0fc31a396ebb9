package demo_test

import (
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/demo"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
)

// TestDemoEventLogs: a new user finds each Fosen municipality's generated
// Noark extract imported and attached to the building permit, measured
// figures in place of estimates where it was applied (in the facts and
// the benefit case), and Leksvik's and Osen's left to apply.
func TestDemoEventLogs(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo")
	}
	ctx := t.Context()
	a, _ := openDemo(t)
	u, err := a.DB.Accounts().UserByEmail(ctx, "programleder@fosen.example")
	if err != nil {
		t.Fatal(err)
	}
	lead := u.Principal()
	logs, err := a.Eventlogs.Logs(ctx, lead)
	if err != nil || len(logs) != 7 {
		t.Fatalf("logs: %d, %v", len(logs), err)
	}
	view, err := a.Catalogue.Service(ctx, lead, demo.EventLogService)
	if err != nil {
		t.Fatal(err)
	}
	bc, err := a.Benefits.Case(ctx, lead, demo.EventLogService)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, r := range bc.Record.Case.Municipalities {
		rows[r.Municipality] = r.CasesSource
	}
	applied := 0
	for _, l := range logs {
		if l.Status != eventlog.StatusDone || l.Format != eventlog.FormatNoark || l.Stats == nil || l.Stats.Cases < 30 ||
			l.MunicipalityID == 0 || !strings.Contains(l.Name, "generert") {
			t.Errorf("log %s: %s %s, attached to %d", l.Name, l.Status, l.Error, l.MunicipalityID)
			continue
		}
		var mu catalogue.Municipality
		for _, m := range view.Municipalities {
			if m.ID == l.MunicipalityID {
				mu = m
			}
		}
		f := view.Facts[l.MunicipalityID]
		measured := f.Provenance[catalogue.FactAnnualCases] == catalogue.ProvenanceMeasured
		left := strings.Contains(l.Name, "leksvik") || strings.Contains(l.Name, "osen")
		if measured == left {
			t.Errorf("%s: annual cases %s, left for a user %v", mu.Name, f.Provenance[catalogue.FactAnnualCases], left)
		}
		if !measured {
			continue
		}
		applied++
		if mm := f.MeasuredFrom("lead_time_days"); mm == nil || mm.LogID != l.ID || f.LeadTimeDays == nil || *f.LeadTimeDays <= 0 {
			t.Errorf("%s: lead time %v from %+v", mu.Name, f.LeadTimeDays, mm)
		}
		if rows[mu.Number] != "measured" {
			t.Errorf("%s: benefit row's cases %q, want measured", mu.Name, rows[mu.Number])
		}
	}
	if applied != 5 {
		t.Errorf("applied in %d municipalities, want 5", applied)
	}
}
