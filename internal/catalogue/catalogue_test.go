package catalogue_test

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

func TestParseLegalBasis(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []catalogue.LegalRef
	}{
		{"Plan- og bygningsloven § 20-1", []catalogue.LegalRef{{Law: "Plan- og bygningsloven", Section: "20-1"}}},
		{" Forvaltningsloven §11a ; Opplæringslova § 7-1 andre ledd\n\n", []catalogue.LegalRef{
			{Law: "Forvaltningsloven", Section: "11a"}, {Law: "Opplæringslova", Section: "7-1 andre ledd"}}},
		{"Forvaltningsloven § 11;\r\nOpplæringslova § 7-1;", []catalogue.LegalRef{
			{Law: "Forvaltningsloven", Section: "11"}, {Law: "Opplæringslova", Section: "7-1"}}},
		{"", nil},
		// Parsing only splits; what is wrong is the validation's to say.
		{"Forvaltningsloven", []catalogue.LegalRef{{Law: "Forvaltningsloven"}}},
		{"§ 12", []catalogue.LegalRef{{Section: "12"}}},
		{"A § 1; ; B § 2", []catalogue.LegalRef{{Law: "A", Section: "1"}, {}, {Law: "B", Section: "2"}}},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got := catalogue.ParseLegalBasis(tc.in)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ParseLegalBasis(%q) = %#v, want %#v", tc.in, got, tc.want)
			}
			if again := catalogue.ParseLegalBasis(catalogue.FormatLegalBasis(got)); !reflect.DeepEqual(again, got) {
				t.Errorf("format and parse again = %#v", again)
			}
		})
	}
}

// TestValidateLegalBasis pins that a service's legal basis is checked by
// the value itself, whichever door it came through, and named by the
// reference's JSON path.
func TestValidateLegalBasis(t *testing.T) {
	valid := catalogue.Service{Slug: "byggesak", NameNB: "Byggesak", Area: "plan-bygg", KostraFunction: "302", TargetGroup: "innbygger"}
	for _, tc := range []struct {
		name   string
		refs   []catalogue.LegalRef
		fields []string
		code   string
	}{
		{"valid", []catalogue.LegalRef{{Law: "Plan- og bygningsloven", Section: "20-1"}, {Law: "Forvaltningsloven", Section: "11a andre ledd"}}, nil, ""},
		{"line break in the law", []catalogue.LegalRef{{Law: "Plan- og\nbygningsloven", Section: "20-1"}}, []string{"legal_basis[0].law"}, "catalogue.legal_law_chars"},
		{"carriage return", []catalogue.LegalRef{{Law: "Plan\r", Section: "20-1"}}, []string{"legal_basis[0].law"}, "catalogue.legal_law_chars"},
		{"line separator", []catalogue.LegalRef{{Law: "Plan\u2028loven", Section: "20-1"}}, []string{"legal_basis[0].law"}, "catalogue.legal_law_chars"},
		{"semicolon in the law", []catalogue.LegalRef{{Law: "A; B", Section: "1"}}, []string{"legal_basis[0].law"}, "catalogue.legal_law_chars"},
		{"section sign in the law", []catalogue.LegalRef{{Law: "A § 2", Section: "1"}}, []string{"legal_basis[0].law"}, "catalogue.legal_law_chars"},
		{"no law", []catalogue.LegalRef{{Section: "12"}}, []string{"legal_basis[0].law"}, "catalogue.legal_ref_format"},
		{"section sign with nothing after it", []catalogue.LegalRef{{Law: "Forvaltningsloven"}}, []string{"legal_basis[0].section"}, "catalogue.legal_ref_format"},
		{"not a section", []catalogue.LegalRef{{Law: "Forvaltningsloven", Section: "tolv"}}, []string{"legal_basis[0].section"}, "catalogue.legal_ref_format"},
		{"line break in the section", []catalogue.LegalRef{{Law: "Forvaltningsloven", Section: "11\n12"}}, []string{"legal_basis[0].section"}, "catalogue.legal_ref_format"},
		{"empty reference", []catalogue.LegalRef{{Law: "A", Section: "1"}, {}}, []string{"legal_basis[1]"}, "catalogue.legal_ref_empty"},
		{"blank reference", []catalogue.LegalRef{{Law: " ", Section: " "}}, []string{"legal_basis[0]"}, "catalogue.legal_ref_empty"},
		{"every wrong reference at once", []catalogue.LegalRef{{Law: "A\nB", Section: "x"}, {Law: "C", Section: "1"}, {}},
			[]string{"legal_basis[0].law", "legal_basis[0].section", "legal_basis[2]"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := valid
			s.LegalBasis = tc.refs
			err := s.Validate()
			if tc.fields == nil {
				must(t, err)
				return
			}
			wantFields(t, err, tc.fields...)
			if tc.code != "" {
				if got := domain.AsError(err).Fields[0].Code; got != tc.code {
					t.Errorf("code = %s, want %s", got, tc.code)
				}
			}
		})
	}
}

func TestValidateRefusesNaN(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		ms := catalogue.MunicipalService{Offered: catalogue.OfferedYes, EmployeeMinutes: ptr(v), HourlyCost: ptr(v),
			Channels: catalogue.Channels{Paper: ptr(v)}}
		wantFields(t, ms.Validate(), "employee_minutes", "hourly_cost", "channels.paper")
	}
}

func TestMunicipalityActiveOn(t *testing.T) {
	day := func(y int, m time.Month, d int) *time.Time { v := time.Date(y, m, d, 0, 0, 0, 0, time.UTC); return &v }
	m := catalogue.Municipality{ValidFrom: day(2018, 1, 1), ValidTo: day(2020, 1, 1)}
	for _, tc := range []struct {
		on   *time.Time
		want bool
	}{
		{day(2017, 12, 31), false},
		{day(2018, 1, 1), true},
		{day(2019, 12, 31), true},
		{day(2020, 1, 1), false},
	} {
		if got := m.ActiveOn(*tc.on); got != tc.want {
			t.Errorf("ActiveOn(%s) = %v, want %v", tc.on.Format(time.DateOnly), got, tc.want)
		}
	}
	if !(catalogue.Municipality{}).ActiveOn(*day(1900, 1, 1)) {
		t.Error("a municipality without dates is not active")
	}
}

func TestEmployeeHoursPerYear(t *testing.T) {
	ms := catalogue.MunicipalService{AnnualCases: ptr(int64(120)), EmployeeMinutes: ptr(30.0)}
	if h, ok := ms.EmployeeHoursPerYear(); !ok || h != 60 {
		t.Errorf("EmployeeHoursPerYear = %v, %v; want 60, true", h, ok)
	}
	ms.EmployeeMinutes = nil
	if _, ok := ms.EmployeeHoursPerYear(); ok {
		t.Error("hours without minutes")
	}
}

func TestValidateKinds(t *testing.T) {
	err := catalogue.Service{}.Validate()
	if domain.KindOf(err) != domain.KindInvalid {
		t.Fatalf("empty service: %v", err)
	}
	wantFields(t, err, "slug", "name_nb", "area", "kostra_function", "target_group")
	wantFields(t, catalogue.Municipality{Population: ptr(int64(-1)), PopulationYear: ptr(int64(1700))}.Validate(),
		"number", "name", "population", "population_year")
}

// FuzzLegalRefRoundTrip checks that a reference the validation accepts,
// from whichever door, reads back as itself from the form's notation: no
// law can hide a separator.
func FuzzLegalRefRoundTrip(f *testing.F) {
	for _, s := range [][2]string{{"Plan- og bygningsloven", "20-1"}, {"Plan- og\nbygningsloven", "20-1"}, {"A; B", "1"},
		{"Lov", ""}, {"", ""}, {"Lov § 2", "3"}, {"Lov\u2028x", "1"}, {"Forvaltningsloven", "11a andre ledd"}} {
		f.Add(s[0], s[1])
	}
	valid := catalogue.Service{Slug: "s", NameNB: "S", Area: "plan-bygg", KostraFunction: "302", TargetGroup: "innbygger"}
	f.Fuzz(func(t *testing.T, law, section string) {
		s := valid
		s.LegalBasis = []catalogue.LegalRef{{Law: law, Section: section}}
		if s.Validate() != nil {
			return
		}
		want := []catalogue.LegalRef{{Law: strings.TrimSpace(law), Section: section}}
		if got := catalogue.ParseLegalBasis(catalogue.FormatLegalBasis(s.LegalBasis)); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q § %q reads back as %#v", law, section, got)
		}
	})
}
