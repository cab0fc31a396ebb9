package procurement_test

import (
	"slices"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

func fields(errs []domain.FieldError) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Field+" "+e.Code)
	}
	return out
}

func TestTenderValidate(t *testing.T) {
	at := func(h int) time.Time { return start.Add(time.Duration(h) * time.Hour) }
	ok := procurement.Tender{Reference: "FOSEN-2026-01", Title: "Byggesak", Procedure: procurement.ProcNationalOpen,
		EstimatedValue: 2_000_000, CPV: "72000000-5",
		Milestones: []procurement.Milestone{{Kind: procurement.MilestoneDeadline, At: at(1)}, {Kind: procurement.MilestoneOpening, At: at(1)}}}
	for _, c := range []struct {
		name       string
		edit       func(*procurement.Tender)
		publishing bool
		want       []string
	}{
		{"valid, opening at the deadline", func(*procurement.Tender) {}, true, nil},
		{"reference too long", func(t *procurement.Tender) { t.Reference = "ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJX" }, false, []string{"reference field.too_long"}},
		{"reference with spaces", func(t *procurement.Tender) { t.Reference = "X " }, false, []string{"reference procurement.reference_spaces"}},
		{"CPV without check digit", func(t *procurement.Tender) { t.CPV = "72000000" }, false, []string{"cpv procurement.cpv_invalid"}},
		{"CPV with letters", func(t *procurement.Tender) { t.CPV = "7200000A-5" }, false, []string{"cpv procurement.cpv_invalid"}},
		{"EEA procedure below the threshold", func(t *procurement.Tender) { t.Procedure = procurement.ProcOpen }, false,
			[]string{"procedure procurement.procedure_not_allowed"}},
		{"opening before deadline", func(t *procurement.Tender) { t.Milestones[1].At = at(0) }, false, []string{"milestones[1].at procurement.milestone_order"}},
		{"kinds out of order", func(t *procurement.Tender) {
			t.Milestones = []procurement.Milestone{{Kind: procurement.MilestoneAward, At: at(0)}, {Kind: procurement.MilestoneDeadline, At: at(1)}}
		}, false, []string{"milestones[1].kind procurement.milestone_order"}},
		{"duplicate and unknown", func(t *procurement.Tender) {
			t.Milestones = append(t.Milestones, procurement.Milestone{Kind: procurement.MilestoneOpening, At: at(2)}, procurement.Milestone{Kind: "party", At: at(3)})
		}, false, []string{"milestones[2].kind procurement.milestone_duplicate", "milestones[3].kind field.one_of"}},
		{"deadline required to publish", func(t *procurement.Tender) { t.Milestones = nil }, true, []string{"milestones procurement.deadline_required"}},
		{"lots numbered from 1", func(t *procurement.Tender) {
			t.Lots = []procurement.Lot{{Number: 1, Title: "A"}, {Number: 3, Title: "B"}}
		}, false, []string{"lots[1].number procurement.lot_number"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			x := ok
			x.Milestones = slices.Clone(ok.Milestones)
			c.edit(&x)
			got := fields(x.Validate(procurement.DefaultThresholds(), c.publishing))
			if !slices.Equal(got, c.want) {
				t.Fatalf("errors %v, want %v", got, c.want)
			}
		})
	}
}

func TestSupplierValidate(t *testing.T) {
	for _, c := range []struct {
		s    procurement.Supplier
		want []string
	}{
		{procurement.Supplier{Name: "Alfa AS", OrgNumber: "974 760 673", ContactEmail: "post@alfa.no"}, nil},
		{procurement.Supplier{Name: " ", OrgNumber: "974760674", ContactEmail: "post@"},
			[]string{"name field.required", "org_number procurement.orgnr_invalid", "contact_email procurement.email_invalid"}},
		{procurement.Supplier{Name: "Beta", ContactEmail: "Beta <post@beta.no>"},
			[]string{"org_number field.required", "contact_email procurement.email_invalid"}},
	} {
		s := c.s
		if got := fields(s.Validate()); !slices.Equal(got, c.want) {
			t.Errorf("%+v: errors %v, want %v", c.s, got, c.want)
		}
	}
	s := procurement.Supplier{Name: "Alfa", OrgNumber: "974 760 673"}
	s.Validate()
	if s.OrgNumber != "974760673" {
		t.Errorf("org number kept as %q", s.OrgNumber)
	}
}

func TestEqualTreatment(t *testing.T) {
	meet := func(s domain.ID, min int) procurement.Meeting {
		return procurement.Meeting{SupplierID: s, Start: start, Minutes: min}
	}
	published := procurement.Document{ID: 10, Published: true, Versions: []procurement.DocVersion{{N: 1}}}
	draft := procurement.Document{ID: 11, Versions: []procurement.DocVersion{{N: 1}}}
	for _, c := range []struct {
		name string
		d    procurement.Dialogue
		want []procurement.Finding
	}{
		{"equal", procurement.Dialogue{Interested: []domain.ID{1, 2}, Meetings: []procurement.Meeting{meet(1, 60), meet(2, 60)},
			Conference: procurement.DialogueConference{Material: []domain.ID{10}}}, nil},
		{"no meeting for 3", procurement.Dialogue{Interested: []domain.ID{1, 3}, Meetings: []procurement.Meeting{meet(1, 60)}},
			[]procurement.Finding{{Code: procurement.FindingNoMeeting, SupplierID: 3, Meeting: -1}}},
		{"a shorter slot", procurement.Dialogue{Interested: []domain.ID{1, 2, 3},
			Meetings: []procurement.Meeting{meet(1, 60), meet(2, 45), meet(3, 60)}},
			[]procurement.Finding{{Code: procurement.FindingUnequalSlot, SupplierID: 2, Meeting: 1, Minutes: 60}}},
		{"a tie reports the shorter", procurement.Dialogue{Meetings: []procurement.Meeting{meet(1, 30), meet(2, 60)}},
			[]procurement.Finding{{Code: procurement.FindingUnequalSlot, SupplierID: 1, Meeting: 0, Minutes: 60}}},
		{"material unpublished or missing", procurement.Dialogue{Conference: procurement.DialogueConference{Material: []domain.ID{10, 11, 12}}},
			[]procurement.Finding{{Code: procurement.FindingMaterialHidden, DocumentID: 11, Meeting: -1}, {Code: procurement.FindingMaterialHidden, DocumentID: 12, Meeting: -1}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := procurement.EqualTreatment(c.d, []procurement.Document{published, draft})
			if !slices.Equal(got, c.want) {
				t.Fatalf("findings %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestMergeSpec(t *testing.T) {
	req := func(id, svc domain.ID, text, prio, status string) process.Requirement {
		return process.Requirement{ID: id, ServiceID: svc, Text: text, Priority: prio, Status: status}
	}
	cur := []procurement.SpecRequirement{
		{ID: 1, Number: "K-1", Position: 1, SourceID: 100, ServiceID: 7, Text: "Old text", Priority: "must"},
		{ID: 2, Number: "K-2", Position: 2, SourceID: 101, ServiceID: 7, Text: "Edited here", Priority: "should", Edited: true},
		{ID: 3, Number: "K-3", Position: 3, SourceID: 102, ServiceID: 7, Text: "Gone", Priority: "must"},
		{ID: 4, Number: "K-4", Position: 4, Text: "Written here", Priority: "must"},
		{ID: 5, Number: "K-5", Position: 5, SourceID: 103, ServiceID: 7, Text: "Same", Priority: "must"},
		{ID: 6, Number: "K-6", Position: 6, SourceID: 104, ServiceID: 7, Text: "Back", Priority: "must", Removed: true},
	}
	reqs := []process.Requirement{
		req(100, 7, "New text", "must", "confirmed"),
		req(101, 7, "Changed at source", "must", "confirmed"),
		req(103, 7, "Same", "must", "confirmed"),
		req(104, 7, "Back", "must", "confirmed"),
		req(105, 7, "Brand new", "should", "confirmed"),
		req(106, 7, "Candidate only", "must", "candidate"),
		req(107, 8, "Other service", "must", "confirmed"),
	}
	changes, sum := procurement.MergeSpec(cur, reqs, []domain.ID{7})
	if sum != (procurement.SpecMerge{Added: 1, Updated: 2, Kept: 2, Removed: 1}) {
		t.Fatalf("summary %+v", sum)
	}
	var got []string
	for _, c := range changes {
		r := c.Requirement
		got = append(got, c.Op+" "+r.Number+" "+r.Text)
		if c.Op == procurement.SpecAdd && (r.ID != 0 || r.SourceID != 105 || r.Priority != "should") {
			t.Errorf("added %+v", r)
		}
	}
	want := []string{"update K-1 New text", "update K-6 Back", "add K-7 Brand new", "remove K-3 Gone"}
	if !slices.Equal(got, want) {
		t.Fatalf("changes %q, want %q", got, want)
	}
	if cur[0].Text != "Old text" {
		t.Error("MergeSpec changed its input")
	}
}
