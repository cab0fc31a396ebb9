package transfer

import (
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
)

// The grammar itself is domain.ParseNumber's (tested there); these pin
// what the spreadsheet import relies on, CSV and XLSX alike.
func TestParseFloat(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"1234", 1234, true},
		{"1234,5", 1234.5, true},
		{"-0,25", -0.25, true},
		{"6 619", 6619, true},
		{"6\u00a0619", 6619, true},
		{"1 234 567,891", 1234567.891, true},
		{"1E-3", 0.001, true},
		{"1e3", 1000, true}, // an exponent now reads in a CSV file too: one grammar for every door
		{"4.9999999999999996E-2", 0.049999999999999996, true},
		{"12 34", 0, false},
		{"1.234,5", 0, false},
		{"1,", 0, false},
		{"+5", 0, false},
		{"12 %", 0, false},
		{"Inf", 0, false},
		{"NaN", 0, false},
		{"1e999", 0, false},
		{"0x10", 0, false},
		{"tolv", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseFloat(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("parseFloat(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseInt(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		code string
	}{
		{"6619", 6619, ""},
		{"6 619", 6619, ""},
		{"-3", -3, ""},
		{"12,0", 12, ""},
		{"12.00", 12, ""},
		{"9223372036854775807", 9223372036854775807, ""},
		{"9223372036854775808", 0, codeNotAnInteger},
		{"12,5", 0, codeNotAnInteger},
		{"1E3", 1000, ""},
		{"1.5E0", 0, codeNotAnInteger},
		{"nan", 0, codeNotANumber},
		{"tre", 0, codeNotANumber},
	}
	for _, tt := range tests {
		got, code := parseInt(tt.in)
		if code != tt.code || got != tt.want {
			t.Errorf("parseInt(%q) = %v, %q; want %v, %q", tt.in, got, code, tt.want, tt.code)
		}
	}
}

func TestParseBool(t *testing.T) {
	for _, in := range []string{"true", "TRUE", "Ja", "yes", "1", "Sann"} {
		if v, ok := parseBool(in); !v || !ok {
			t.Errorf("parseBool(%q) = %v, %v", in, v, ok)
		}
	}
	for _, in := range []string{"false", "FALSE", "nei", "No", "0", "usann"} {
		if v, ok := parseBool(in); v || !ok {
			t.Errorf("parseBool(%q) = %v, %v", in, v, ok)
		}
	}
	for _, in := range []string{"kanskje", "2", "j", "x"} {
		if _, ok := parseBool(in); ok {
			t.Errorf("parseBool(%q) accepted", in)
		}
	}
}

func TestParseDate(t *testing.T) {
	jan1 := time.Date(2020, time.January, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in              string
		excel, date1904 bool
		want            time.Time
		ok              bool
	}{
		{"2020-01-01", false, false, jan1, true},
		{"01.01.2020", false, false, jan1, true},
		{"1.1.2020", false, false, jan1, true},
		{"31.12.1837", false, false, time.Date(1837, time.December, 31, 0, 0, 0, 0, time.UTC), true},
		{"2020-1-1", false, false, time.Time{}, false},
		{"01/01/2020", false, false, time.Time{}, false},
		{"31.02.2020", false, false, time.Time{}, false},
		{"43831", false, false, time.Time{}, false},
		{"43831", true, false, jan1, true},
		{"43831.75", true, false, jan1, true},
		{"42369", true, true, jan1, true},
		{"2020-01-01T00:00:00Z", true, false, jan1, true},
		{"0", true, false, time.Time{}, false},
		{"i fjor", true, false, time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.in, tt.excel, tt.date1904)
		if ok != tt.ok || !got.Equal(tt.want) || (ok && got.Location() != time.UTC) {
			t.Errorf("parseDate(%q, %v, %v) = %v, %v; want %v, %v", tt.in, tt.excel, tt.date1904, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseOfferedAndProvenance(t *testing.T) {
	offered := map[string]catalogue.Offered{
		"": catalogue.OfferedYes, "Ja": catalogue.OfferedYes, "yes": catalogue.OfferedYes,
		"nei": catalogue.OfferedNo, "NO": catalogue.OfferedNo,
		"annen": catalogue.OfferedOther, "Other": catalogue.OfferedOther,
		"kanskje": "kanskje",
	}
	for in, want := range offered {
		if got := parseOffered(in); got != want {
			t.Errorf("parseOffered(%q) = %q, want %q", in, got, want)
		}
	}
	provenance := map[string]catalogue.Provenance{
		"estimert": catalogue.ProvenanceEstimated, "Estimated": catalogue.ProvenanceEstimated,
		"Målt": catalogue.ProvenanceMeasured, "measured": catalogue.ProvenanceMeasured,
		"importert": catalogue.ProvenanceImported, "illustrativ": catalogue.ProvenanceIllustrative,
		"gjetning": "gjetning",
	}
	for in, want := range provenance {
		if got := parseProvenance(in); got != want {
			t.Errorf("parseProvenance(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPadDigits(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"301", 4, "0301"},
		{"0301", 4, "0301"},
		{"5001", 4, "5001"},
		{"1", 3, "001"},
		{"", 4, ""},
		{"30a", 4, "30a"},
		{"12345", 4, "12345"},
	}
	for _, tt := range tests {
		if got := padDigits(tt.in, tt.width); got != tt.want {
			t.Errorf("padDigits(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
}
