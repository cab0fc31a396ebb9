package procurement

import (
	"errors"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
)

func TestParseLocal(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // UTC, RFC 3339
		err  error
	}{
		{"2026-03-14T12:00", "2026-03-14T11:00:00Z", nil},    // winter time, +01:00
		{"2026-06-14T12:00", "2026-06-14T10:00:00Z", nil},    // summer time, +02:00
		{"2026-03-14T12:00:30", "2026-03-14T11:00:30Z", nil}, // with seconds
		{"2026-03-14T12:00:30.250", "2026-03-14T11:00:30.25Z", nil},
		{" 2026-03-14T12:00 ", "2026-03-14T11:00:00Z", nil},
		// Summer time begins 2026-03-29 at 02:00 → 03:00: 02:30 never happens.
		{"2026-03-29T02:30", "", ErrDateTimeSkipped},
		{"2026-03-29T01:59", "2026-03-29T00:59:00Z", nil},
		{"2026-03-29T03:00", "2026-03-29T01:00:00Z", nil},
		// Summer time ends 2026-10-25 at 03:00 → 02:00: 02:30 happens twice;
		// the first, in summer time, is taken.
		{"2026-10-25T02:30", "2026-10-25T00:30:00Z", nil},
		{"2026-10-25T03:30", "2026-10-25T02:30:00Z", nil},
		{"", "", ErrMissing},
		{"2026-03-14", "", ErrDateTimeInvalid},
		{"14.03.2026 12:00", "", ErrDateTimeInvalid},
		{"2026-02-30T12:00", "", ErrDateTimeInvalid},
		{"2026-03-14T12:00Z", "", ErrDateTimeInvalid},
		{"2026-03-14T12:00+01:00", "", ErrDateTimeInvalid},
	} {
		got, err := ParseLocal(c.in)
		if !errors.Is(err, c.err) {
			t.Errorf("ParseLocal(%q) error %v, want %v", c.in, err, c.err)
			continue
		}
		if err != nil {
			continue
		}
		if got.Location() != time.UTC || got.Format(time.RFC3339Nano) != c.want {
			t.Errorf("ParseLocal(%q) = %s (%v), want %s", c.in, got.Format(time.RFC3339Nano), got.Location(), c.want)
		}
	}
}

func TestFormatLocalRoundTrips(t *testing.T) {
	for _, s := range []string{"2026-03-14T12:00", "2026-10-25T02:30", "2026-10-25T01:59:59", "2026-12-31T23:59"} {
		at, err := ParseLocal(s)
		if err != nil {
			t.Fatal(s, err)
		}
		if got := FormatLocal(at); got != s {
			t.Errorf("FormatLocal(ParseLocal(%q)) = %q", s, got)
		}
	}
	// The second 02:30 of 2026-10-25 (winter time) is shown as 02:30 too.
	second := time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC)
	if got := FormatLocal(second); got != "2026-10-25T02:30" {
		t.Errorf("second 02:30: %q", got)
	}
	if FormatLocal(time.Time{}) != "" || Display(time.Time{}, "nb") != "" {
		t.Error("the zero time must show as empty")
	}
}

func TestDisplayMatchesTheUIFormat(t *testing.T) {
	at := time.Date(2026, 3, 14, 11, 0, 0, 0, time.UTC)
	if got := Display(at, "nb"); got != "14.03.2026 kl. 12.00" {
		t.Errorf("nb: %q", got)
	}
	if got := Display(at, "en"); got != "2026-03-14 12:00" {
		t.Errorf("en: %q", got)
	}
	for _, at := range []time.Time{at, time.Date(2026, 7, 1, 22, 5, 0, 0, time.UTC)} {
		for _, lang := range i18n.Supported {
			if got, want := Display(at, lang), i18n.Lang(lang).DateTime(at); got != want {
				t.Errorf("Display %s %q differs from i18n's %q", lang, got, want)
			}
		}
	}
}

func TestExact(t *testing.T) {
	at := time.Date(2026, 3, 14, 11, 0, 0, 123456789, time.UTC)
	if got, want := Exact(at), "2026-03-14 12:00:00.123456 CET (UTC 2026-03-14T11:00:00.123456789Z)"; got != want {
		t.Errorf("Exact = %q, want %q", got, want)
	}
	summer := time.Date(2026, 6, 1, 8, 0, 0, 0, time.FixedZone("x", 5*3600))
	if got, want := Exact(summer), "2026-06-01 05:00:00.000000 CEST (UTC 2026-06-01T03:00:00Z)"; got != want {
		t.Errorf("Exact = %q, want %q", got, want)
	}
}
