package procurement

import (
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // Europe/Oslo must load on hosts without a zone database
)

// osloZone is loaded once; with time/tzdata embedded it cannot fail, and a
// fixed zone would show deadlines an hour wrong half the year, so failure
// panics rather than guessing.
var osloZone = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		panic("procurement: Europe/Oslo: " + err.Error())
	}
	return loc
})

// Oslo returns Norway's time zone, the one every procurement time is shown
// and typed in; times are stored in UTC.
func Oslo() *time.Location { return osloZone() }

// The layouts an HTML datetime-local input sends: minutes, or seconds with
// an optional fraction when the input's step asks for them.
var localLayouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999"}

// ParseLocal reads a datetime-local value ("2026-03-14T12:00", seconds and
// a fraction optional) as wall time in Oslo and returns the instant in UTC.
//
// Daylight saving makes some wall times ambiguous and some impossible, and
// a bid deadline must not be either silently:
//   - a time in the overlap when summer time ends (2026-10-25T02:30 happens
//     twice) is read as its first occurrence, in summer time:
//     2026-10-25T00:30Z, the earlier deadline;
//   - a time in the gap when summer time begins (2026-03-29T02:30 never
//     happens on Oslo clocks) is refused with ErrDateTimeSkipped, so the
//     user picks a time that exists.
//
// Errors: ErrMissing for an empty value, ErrDateTimeInvalid for text that
// is not a datetime-local value, ErrDateTimeSkipped as above.
func ParseLocal(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, ErrMissing
	}
	var wall time.Time
	var err error
	for _, layout := range localLayouts {
		if wall, err = time.Parse(layout, s); err == nil {
			break
		}
	}
	if err != nil {
		return time.Time{}, ErrDateTimeInvalid
	}
	// wall holds the typed fields in UTC. Try each offset Oslo uses around
	// that moment; an instant whose Oslo wall clock shows the same fields is
	// a reading of it. time.Date leaves the choice in a transition open, so
	// it is made here.
	loc := Oslo()
	var found time.Time
	seen := map[int]bool{}
	for _, probe := range []time.Duration{-24 * time.Hour, 0, 24 * time.Hour} {
		_, off := wall.Add(probe).In(loc).Zone()
		if seen[off] {
			continue
		}
		seen[off] = true
		at := wall.Add(-time.Duration(off) * time.Second)
		if !sameWall(at.In(loc), wall) {
			continue
		}
		if found.IsZero() || at.Before(found) {
			found = at
		}
	}
	if found.IsZero() {
		return time.Time{}, ErrDateTimeSkipped
	}
	return found.UTC(), nil
}

// sameWall reports whether a shows the wall clock fields of w.
func sameWall(a, w time.Time) bool {
	ay, am, ad := a.Date()
	wy, wm, wd := w.Date()
	return ay == wy && am == wm && ad == wd && a.Hour() == w.Hour() &&
		a.Minute() == w.Minute() && a.Second() == w.Second() && a.Nanosecond() == w.Nanosecond()
}

// FormatLocal returns t as a datetime-local value in Oslo, the value a form
// shows for editing: minutes, with seconds only when t has any, so that
// ParseLocal(FormatLocal(t)) gives t back to the second. The zero time is "".
func FormatLocal(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Oslo()).Truncate(time.Second)
	if t.Second() != 0 {
		return t.Format("2006-01-02T15:04:05")
	}
	return t.Format("2006-01-02T15:04")
}

// Display returns t in Oslo as the UI writes a date and time in lang: the
// layouts of i18n.Lang.DateTime ("14.03.2026 kl. 12.00" in bokmål,
// "2026-03-14 12:00" in English; a test keeps them equal). They are not
// called from here because internal/i18n may be initialised before
// time/tzdata and then fall back to a fixed CET zone. The zero time is "".
func Display(t time.Time, lang string) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Oslo())
	if lang == "en" {
		return t.Format("2006-01-02 15:04")
	}
	return t.Format("02.01.2006 kl. 15.04")
}

// Exact returns t as a receipt states it: Oslo time to the microsecond with
// the zone, then the stored UTC instant in full, for instance
// "2026-03-14 12:00:00.123456 CET (UTC 2026-03-14T11:00:00.123456789Z)".
// Directive 2014/24/EU Annex IV (a) asks that the exact time and date of
// receipt can be determined precisely; the UTC part is what is stored.
func Exact(t time.Time) string {
	return t.In(Oslo()).Format("2006-01-02 15:04:05.000000 MST") +
		" (UTC " + t.UTC().Format(time.RFC3339Nano) + ")"
}
