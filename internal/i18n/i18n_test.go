package i18n

import (
	"slices"
	"testing"
	"time"
)

func TestLanguagesHaveTheSameKeys(t *testing.T) {
	nb, en := Keys("nb"), Keys("en")
	for _, k := range nb {
		if !slices.Contains(en, k) {
			t.Errorf("%q is in nb.json but not in en.json", k)
		}
	}
	for _, k := range en {
		if !slices.Contains(nb, k) {
			t.Errorf("%q is in en.json but not in nb.json", k)
		}
	}
}

// Whether every key the code uses or builds is translated is checked in
// internal/web (TestEveryUsedKeyIsTranslated), the one package that sees
// every module's values; this package cannot import them.

func TestNumbersAndDates(t *testing.T) {
	for _, c := range []struct {
		lang Lang
		f    float64
		dec  int
		want string
	}{
		{"nb", 6619, 0, "6\u00a0619"}, {"en", 6619, 0, "6,619"}, {"nb", 12.5, 1, "12,5"}, {"en", 12.5, 1, "12.5"},
		{"nb", -1234567.891, 2, "−1\u00a0234\u00a0567,89"}, {"nb", 964, 0, "964"},
	} {
		if got := c.lang.Number(c.f, c.dec); got != c.want {
			t.Errorf("%s Number(%v, %d) = %q, want %q", c.lang, c.f, c.dec, got, c.want)
		}
	}
	d := time.Date(2017, 4, 1, 10, 30, 0, 0, time.UTC)
	if got := Lang("nb").Date(d); got != "01.04.2017" {
		t.Errorf("nb date %q", got)
	}
	if got := Lang("nb").DateTime(d); got != "01.04.2017 kl. 12.30" {
		t.Errorf("nb date-time in Oslo summer time: %q", got)
	}
}

func TestMatch(t *testing.T) {
	for in, want := range map[string]string{"": "nb", "en-GB,en;q=0.9": "en", "nn-NO": "nb", "de, en;q=0.5": "en", "fr": "nb"} {
		if got := Match(in); got != want {
			t.Errorf("Match(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Lang("en").T("auth.password_too_short", 10); got != "The password must have at least 10 characters." {
		t.Errorf("T with params: %q", got)
	}
	if got := Lang("nb").T("catalogue.channels_sum", 80.5); got != "Kanalandelene blir til sammen 80,5 %, ikke 100." {
		t.Errorf("float param in bokmål: %q", got)
	}
	if got := Lang("nb").T("field.at_most", 100000.0); got != "Høyst 100\u00a0000." {
		t.Errorf("large float param: %q", got)
	}
	if got := Lang("en").T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key: %q", got)
	}
}
