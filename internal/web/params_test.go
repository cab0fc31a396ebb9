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
