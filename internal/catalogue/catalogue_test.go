package catalogue_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

func TestParseLegalBasis(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []catalogue.LegalRef
		bad  bool
	}{
		{"Plan- og bygningsloven § 20-1", []catalogue.LegalRef{{Law: "Plan- og bygningsloven", Section: "20-1"}}, false},
		{" Forvaltningsloven §11a ; Opplæringslova § 7-1 andre ledd\n\n", []catalogue.LegalRef{
			{Law: "Forvaltningsloven", Section: "11a"}, {Law: "Opplæringslova", Section: "7-1 andre ledd"}}, false},
		{"", nil, false},
		{"Forvaltningsloven", nil, true},
		{"§ 12", nil, true},
		{"Forvaltningsloven § tolv", nil, true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := catalogue.ParseLegalBasis(tc.in)
			if tc.bad {
				wantFields(t, err, "legal_basis")
				return
			}
			must(t, err)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ParseLegalBasis(%q) = %v, want %v", tc.in, got, tc.want)
			}
			if again, err := catalogue.ParseLegalBasis(catalogue.FormatLegalBasis(got)); err != nil || !reflect.DeepEqual(again, got) {
				t.Errorf("format and parse again = %v, %v", again, err)
			}
		})
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
