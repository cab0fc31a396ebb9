package procurement

import (
	"slices"
	"testing"
)

func TestCheckProcedure(t *testing.T) {
	for _, c := range []struct {
		proc  string
		part  Part
		code  string
		param any
	}{
		{"open", PartIII, "", nil},
		{"competitive_dialogue", PartIII, "", nil},
		{"negotiated", PartIII, "", nil},
		{"national_open", PartIII, "procurement.procedure_not_allowed", "III"},
		{"below_threshold", PartIII, "procurement.procedure_not_allowed", "III"},
		{"national_restricted", PartII, "", nil},
		{"open", PartII, "procurement.procedure_not_allowed", "II"},
		{"below_threshold", PartII, "procurement.procedure_not_allowed", "II"},
		{"below_threshold", PartI, "", nil},
		{"national_open", PartI, "", nil},
		{"restricted", PartI, "procurement.procedure_not_allowed", "I"},
		{"below_threshold", PartNone, "", nil},
		{"negotiated", PartNone, "procurement.procedure_not_allowed_below_minimum", nil},
		{"", PartII, "field.required", nil},
		{"direct", PartIII, "field.one_of", nil},
		{"Open", PartIII, "field.one_of", nil},
	} {
		errs := CheckProcedure("procedure", c.proc, c.part)
		switch {
		case c.code == "" && len(errs) > 0:
			t.Errorf("%q in part %v: %v", c.proc, c.part, errs)
		case c.code != "" && (len(errs) != 1 || errs[0].Code != c.code || errs[0].Field != "procedure"):
			t.Errorf("%q in part %v: %v, want %s", c.proc, c.part, errs, c.code)
		case c.param != nil && (len(errs[0].Params) != 1 || errs[0].Params[0] != c.param):
			t.Errorf("%q in part %v: params %v, want %v", c.proc, c.part, errs[0].Params, c.param)
		}
	}
}

func TestEveryPartAllowsKnownProceduresOnly(t *testing.T) {
	for _, p := range Parts {
		allowed := AllowedProcedures(p)
		if len(allowed) == 0 {
			t.Errorf("part %v allows nothing", p)
		}
		for _, proc := range allowed {
			if !slices.Contains(Procedures, proc) {
				t.Errorf("part %v allows unknown %q", p, proc)
			}
		}
	}
}

func TestLimited(t *testing.T) {
	for proc, want := range map[string]bool{
		"open": false, "national_open": false, "restricted": true, "national_restricted": true,
		"negotiated": true, "competitive_dialogue": true, "below_threshold": true, "nonsense": false,
	} {
		if got := Limited(proc); got != want {
			t.Errorf("Limited(%q) = %v, want %v", proc, got, want)
		}
	}
}

// The OCDS codes must be in the standard's codelist: OCDS 1.1.5
// codelists/method.csv lists open, selective, limited and direct.
func TestOCDSMethodIsInTheCodelist(t *testing.T) {
	codes := []string{"open", "selective", "limited", "direct"}
	want := map[string]string{
		"open": "open", "national_open": "open", "restricted": "selective", "national_restricted": "selective",
		"negotiated": "selective", "competitive_dialogue": "selective", "below_threshold": "limited",
	}
	for _, proc := range Procedures {
		got := OCDSMethod(proc)
		if got != want[proc] || !slices.Contains(codes, got) {
			t.Errorf("OCDSMethod(%q) = %q, want %q from %v", proc, got, want[proc], codes)
		}
	}
	if OCDSMethod("x") != "" {
		t.Error("unknown procedure has an OCDS method")
	}
}

func TestEFormsProcedureType(t *testing.T) {
	// BR-BT-00105-0135 (subtype 16) and -0139 (E3), eForms SDK 1.15.1.
	allowed := []string{"comp-dial", "innovation", "neg-w-call", "open", "oth-mult", "oth-single", "restricted"}
	want := map[string]string{
		"open": "open", "national_open": "open", "restricted": "restricted", "national_restricted": "restricted",
		"negotiated": "neg-w-call", "competitive_dialogue": "comp-dial", "below_threshold": "oth-single",
	}
	for _, proc := range Procedures {
		got := EFormsProcedureType(proc)
		if got != want[proc] || !slices.Contains(allowed, got) {
			t.Errorf("EFormsProcedureType(%q) = %q, want %q", proc, got, want[proc])
		}
	}
	if EFormsProcedureType("x") != "" {
		t.Error("unknown procedure has an eForms code")
	}
}
