package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

func TestPathID(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  domain.ID
		ok    bool
	}{
		{"42", 42, true},
		{"1", 1, true},
		{"", 0, false},
		{"0", 0, false},
		{"-3", 0, false},
		{"4x", 0, false},
		{" 4", 0, false},
		{"99999999999999999999", 0, false},
	} {
		r := httptest.NewRequest("GET", "/x", nil)
		r.SetPathValue("id", tc.value)
		got, err := pathID(r, "id")
		switch {
		case tc.ok && (err != nil || got != tc.want):
			t.Errorf("pathID(%q) = %d, %v; want %d", tc.value, got, err, tc.want)
		case !tc.ok && domain.KindOf(err) != domain.KindNotFound:
			t.Errorf("pathID(%q) = %d, %v; want not found", tc.value, got, err)
		}
	}
}

func TestFormVersion(t *testing.T) {
	for _, tc := range []struct {
		body string
		want int
		ok   bool
	}{
		{"", 0, true},
		{"version=", 0, true},
		{"version=0", 0, true},
		{"version=7", 7, true},
		{"version=+7", 7, true},
		{"version=%207%20", 7, true},
		{"version=-1", 0, false},
		{"version=sju", 0, false},
		{"version=7.0", 0, false},
		{"version=1e3", 0, false},
	} {
		r := httptest.NewRequest("POST", "/x", strings.NewReader(tc.body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		got, err := formVersion(r)
		if tc.ok {
			if err != nil || got != tc.want {
				t.Errorf("formVersion(%q) = %d, %v; want %d", tc.body, got, err, tc.want)
			}
			continue
		}
		de, isDomain := err.(*domain.Error)
		if !isDomain || de.Kind != domain.KindInvalid || len(de.Fields) != 1 || de.Fields[0].Field != "version" || de.Fields[0].Code != "error.version_invalid" {
			t.Errorf("formVersion(%q) = %d, %#v; want invalid on version", tc.body, got, err)
		}
	}
}

func TestFormID(t *testing.T) {
	for _, tc := range []struct {
		query string
		want  domain.ID
		ok    bool
	}{
		{"", 0, true},
		{"municipality=", 0, true},
		{"municipality=%20", 0, true},
		{"municipality=12", 12, true},
		{"municipality=%2012%20", 12, true},
		{"municipality=0", 0, true}, // a select's "none"
		{"municipality=-3", 0, false},
		{"municipality=abc", 0, false},
		{"municipality=1.5", 0, false},
		{"municipality=99999999999999999999", 0, false},
	} {
		r := httptest.NewRequest("GET", "/x?"+tc.query, nil)
		got, err := formID(r, "municipality")
		if tc.ok {
			if err != nil || got != tc.want {
				t.Errorf("formID(%q) = %d, %v; want %d", tc.query, got, err, tc.want)
			}
			continue
		}
		de, isDomain := err.(*domain.Error)
		if !isDomain || de.Kind != domain.KindInvalid || len(de.Fields) != 1 || de.Fields[0].Field != "municipality" ||
			de.Fields[0].Code != "field.unknown_choice" || got != 0 {
			t.Errorf("formID(%q) = %d, %#v; want invalid on municipality", tc.query, got, err)
		}
	}
}

// formNumber and formInt attach the parser's own code to the field.
func TestFormNumber(t *testing.T) {
	for _, tc := range []struct {
		text    string
		number  float64
		code    string
		integer int64
		intCode string
	}{
		{"12,5", 12.5, "", 0, "field.not_an_integer"},
		{"1 234", 1234, "", 1234, ""},
		{"", 0, "field.required", 0, "field.required"},
		{"nan", 0, "field.not_a_number", 0, "field.not_an_integer"},
		{"sju", 0, "field.not_a_number", 0, "field.not_an_integer"},
		{"1e400", 0, "field.out_of_range", 0, "field.out_of_range"},
	} {
		var errs []domain.FieldError
		v := formNumber("f", tc.text, &errs)
		if v != tc.number || (tc.code == "") != (len(errs) == 0) || (len(errs) == 1 && (errs[0].Field != "f" || errs[0].Code != tc.code)) || len(errs) > 1 {
			t.Errorf("formNumber(%q) = %v, %v; want %v, %q", tc.text, v, errs, tc.number, tc.code)
		}
		errs = nil
		n := formInt("f", tc.text, &errs)
		if n != tc.integer || (tc.intCode == "") != (len(errs) == 0) || (len(errs) == 1 && errs[0].Code != tc.intCode) || len(errs) > 1 {
			t.Errorf("formInt(%q) = %v, %v; want %v, %q", tc.text, n, errs, tc.integer, tc.intCode)
		}
	}
}
