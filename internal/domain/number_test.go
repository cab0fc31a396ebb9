package domain_test

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

func TestParseNumber(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		code string
	}{
		{"1234", 1234, ""},
		{"12.5", 12.5, ""},
		{"12,5", 12.5, ""},
		{"-0,25", -0.25, ""},
		{"−3,5", -3.5, ""},
		{"6 619", 6619, ""},
		{"6\u00a0619", 6619, ""},
		{"6\u202f619", 6619, ""},
		{"1 234 567,891", 1234567.891, ""},
		{"1 234.5", 1234.5, ""},
		{" 42 ", 42, ""},
		{"\t12,5\n", 12.5, ""},
		{"0", 0, ""},
		{"007", 7, ""},
		{"1E-3", 0.001, ""},
		{"1e3", 1000, ""},
		{"2.5e+2", 250, ""},
		{"4.9999999999999996E-2", 0.049999999999999996, ""},
		{"", 0, domain.CodeRequired},
		{"   ", 0, domain.CodeRequired},
		{"nan", 0, domain.CodeNotANumber},
		{"NaN", 0, domain.CodeNotANumber},
		{"inf", 0, domain.CodeNotANumber},
		{"-Inf", 0, domain.CodeNotANumber},
		{"+Inf", 0, domain.CodeNotANumber},
		{"infinity", 0, domain.CodeNotANumber},
		{"1e400", 0, domain.CodeOutOfRange},
		{"-1e400", 0, domain.CodeOutOfRange},
		{"12,5,3", 0, domain.CodeNotANumber},
		{"12.5.3", 0, domain.CodeNotANumber},
		{"1.234,5", 0, domain.CodeNotANumber},
		{"1,234.5", 0, domain.CodeNotANumber},
		{"0x10", 0, domain.CodeNotANumber},
		{"0x1p-2", 0, domain.CodeNotANumber},
		{"12 34", 0, domain.CodeNotANumber},
		{"1234 567", 0, domain.CodeNotANumber},
		{"1 2345", 0, domain.CodeNotANumber},
		{"1  234", 0, domain.CodeNotANumber},
		{"1,", 0, domain.CodeNotANumber},
		{",5", 0, domain.CodeNotANumber},
		{".5", 0, domain.CodeNotANumber},
		{"-", 0, domain.CodeNotANumber},
		{"--5", 0, domain.CodeNotANumber},
		{"+5", 0, domain.CodeNotANumber},
		{"12 %", 0, domain.CodeNotANumber},
		{"1,5e3", 0, domain.CodeNotANumber},
		{"1 234e3", 0, domain.CodeNotANumber},
		{"1e", 0, domain.CodeNotANumber},
		{"1e+", 0, domain.CodeNotANumber},
		{"1_000", 0, domain.CodeNotANumber},
		{"tolv", 0, domain.CodeNotANumber},
		{"١٢", 0, domain.CodeNotANumber}, // Arabic-Indic digits
	} {
		got, code := domain.ParseNumber(tc.in)
		if code != tc.code || got != tc.want {
			t.Errorf("ParseNumber(%q) = %v, %q; want %v, %q", tc.in, got, code, tc.want, tc.code)
		}
	}
}

func TestParseInt(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		code string
	}{
		{"6619", 6619, ""},
		{"6 619", 6619, ""},
		{"-3", -3, ""},
		{"−3", -3, ""},
		{"12,0", 12, ""},
		{"12.00", 12, ""},
		{"1E3", 1000, ""},
		{"9223372036854775807", math.MaxInt64, ""},
		{"-9223372036854775808", math.MinInt64, ""},
		{"9223372036854775808", 0, domain.CodeOutOfRange},
		{"1e19", 0, domain.CodeOutOfRange},
		{"1e400", 0, domain.CodeOutOfRange},
		{"12,5", 0, domain.CodeNotAnInteger},
		{"1.5E0", 0, domain.CodeNotAnInteger},
		{"nan", 0, domain.CodeNotANumber},
		{"inf", 0, domain.CodeNotANumber},
		{"12,5,3", 0, domain.CodeNotANumber},
		{"tre", 0, domain.CodeNotANumber},
		{"", 0, domain.CodeRequired},
	} {
		got, code := domain.ParseInt(tc.in)
		if code != tc.code || got != tc.want {
			t.Errorf("ParseInt(%q) = %v, %q; want %v, %q", tc.in, got, code, tc.want, tc.code)
		}
	}
}

// FuzzParseNumber checks what must hold for any text: a number read is
// finite, a code is one of the documented ones, ParseInt agrees with
// ParseNumber, and a number written back in either notation reads again
// as itself.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"12,5", "6 619", "1E-3", "nan", "1e400", "12,5,3", "−3", "1 234 567,891", "0x10", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, code := domain.ParseNumber(s)
		switch code {
		case "":
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("ParseNumber(%q) = %v", s, v)
			}
			plain := strconv.FormatFloat(v, 'g', -1, 64)
			if again, code := domain.ParseNumber(plain); code != "" || again != v {
				t.Fatalf("ParseNumber(%q) = %v; written %q reads %v, %q", s, v, plain, again, code)
			}
			nb := strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
			if again, code := domain.ParseNumber(nb); code != "" || again != v {
				t.Fatalf("ParseNumber(%q) = %v; written %q reads %v, %q", s, v, nb, again, code)
			}
		case domain.CodeRequired:
			if strings.TrimSpace(s) != "" {
				t.Fatalf("ParseNumber(%q): required", s)
			}
		case domain.CodeNotANumber, domain.CodeOutOfRange:
		default:
			t.Fatalf("ParseNumber(%q): unknown code %q", s, code)
		}
		n, icode := domain.ParseInt(s)
		switch {
		case icode == "" && code != "":
			t.Fatalf("ParseInt(%q) = %v but ParseNumber refuses it (%q)", s, n, code)
		case icode == "" && float64(n) != v && math.Abs(float64(n)-v) > math.Abs(v)*1e-15:
			t.Fatalf("ParseInt(%q) = %v, ParseNumber %v", s, n, v)
		case code == domain.CodeNotANumber && icode != domain.CodeNotANumber:
			t.Fatalf("ParseInt(%q) code %q, ParseNumber %q", s, icode, code)
		}
	})
}
