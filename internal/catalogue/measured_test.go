package catalogue_test

import (
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// TestSaveMeasured: an event log's figures land as facts with provenance
// measured and their measurement, in the history, and stay measured only
// while nobody changes them.
func TestSaveMeasured(t *testing.T) {
	f := newFixture(t)
	ms := f.mustFacts(f.lead, catalogue.MunicipalService{ServiceID: f.svc.ID, MunicipalityID: f.a.ID,
		Offered: catalogue.OfferedYes, AnnualCases: ptr[int64](120), HourlyCost: ptr(700.0)})
	from := time.Date(2022, 1, 3, 0, 0, 0, 0, time.UTC)
	to := time.Date(2024, 12, 20, 0, 0, 0, 0, time.UTC)
	mm := catalogue.Measurement{LogID: 7, File: "byggesak.zip", From: from, To: to, Cases: 300}
	ms.AnnualCases, ms.LeadTimeDays = ptr[int64](100), ptr(41.5)
	got, err := f.mgr.SaveMeasured(f.ctx, f.lead, ms, map[catalogue.Fact]catalogue.Measurement{
		catalogue.FactAnnualCases: mm, catalogue.FactLeadTimeDays: mm})
	must(t, err)
	stored := f.facts(f.svc.ID, f.a.ID)
	if stored.Version != got.Version || *stored.AnnualCases != 100 || *stored.LeadTimeDays != 41.5 {
		t.Fatalf("stored %+v", stored)
	}
	for _, fact := range []catalogue.Fact{catalogue.FactAnnualCases, catalogue.FactLeadTimeDays} {
		if stored.Provenance[fact] != catalogue.ProvenanceMeasured {
			t.Errorf("%s provenance = %q", fact, stored.Provenance[fact])
		}
		if m := stored.MeasuredFrom(string(fact)); m == nil || *m != mm {
			t.Errorf("%s measurement = %+v, want %+v", fact, m, mm)
		}
	}
	if stored.Provenance[catalogue.FactHourlyCost] != catalogue.ProvenanceEstimated || stored.MeasuredFrom("hourly_cost") != nil {
		t.Errorf("hourly cost = %q %+v, want estimated without measurement", stored.Provenance[catalogue.FactHourlyCost], stored.MeasuredFrom("hourly_cost"))
	}
	h := f.changes(catalogue.EntityMunicipalService, stored.ID)
	fields := map[string]bool{}
	for _, c := range h[0].Fields {
		fields[c.Field] = true
	}
	for _, want := range []string{"annual_cases", "lead_time_days", "annual_cases_source", "lead_time_days_source", "measured"} {
		if !fields[want] {
			t.Errorf("history lacks %s: %+v", want, h[0].Fields)
		}
	}

	// A save through the form that keeps the values keeps the measurement,
	// even though the form never sends it (and cannot forge one).
	stored.Systems = "eByggesak"
	stored.Measured = map[catalogue.Fact]catalogue.Measurement{catalogue.FactHourlyCost: mm}
	stored.Provenance[catalogue.FactHourlyCost] = catalogue.ProvenanceMeasured
	stored = f.mustFacts(f.lead, stored)
	if stored.MeasuredFrom("annual_cases") == nil || stored.MeasuredFrom("lead_time_days") == nil || stored.MeasuredFrom("hourly_cost") != nil {
		t.Errorf("after an unrelated edit: %+v", stored.Measured)
	}
	// Changing a measured number makes it no longer that measurement.
	stored.AnnualCases = ptr[int64](110)
	stored = f.mustFacts(f.lead, stored)
	if stored.MeasuredFrom("annual_cases") != nil || stored.MeasuredFrom("lead_time_days") == nil {
		t.Errorf("after changing the cases: %+v", stored.Measured)
	}

	// Stale and forbidden writes change nothing.
	_, err = f.mgr.SaveMeasured(f.ctx, f.lead, got, map[catalogue.Fact]catalogue.Measurement{catalogue.FactAnnualCases: mm})
	wantErr(t, err, domain.KindConflict, "error.stale")
	owner := f.principal("eier@fosen.no", domain.Grant{Role: domain.RoleSubjectOwner, MunicipalityID: f.a.ID})
	_, err = f.mgr.SaveMeasured(f.ctx, owner, stored, map[catalogue.Fact]catalogue.Measurement{catalogue.FactAnnualCases: mm})
	wantErr(t, err, domain.KindForbidden, "")
	// A measurement of a number that is not given is refused.
	stored.LeadTimeDays = nil
	_, err = f.mgr.SaveMeasured(f.ctx, f.lead, stored, map[catalogue.Fact]catalogue.Measurement{catalogue.FactLeadTimeDays: mm})
	wantFields(t, err, "measured.lead_time_days")
}

// TestLeadTimeValidated: the lead time is a number of days like the other
// numbers: not negative, not NaN.
func TestLeadTimeValidated(t *testing.T) {
	f := newFixture(t)
	_, err := f.mgr.SaveMunicipalService(f.ctx, f.lead, catalogue.MunicipalService{ServiceID: f.svc.ID, MunicipalityID: f.a.ID,
		Offered: catalogue.OfferedYes, LeadTimeDays: ptr(-1.0)})
	wantFields(t, err, "lead_time_days")
}
