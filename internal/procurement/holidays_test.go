package procurement

import (
	"testing"
	"time"
)

func TestEasterSundayKnownDates(t *testing.T) {
	for year, want := range map[int]string{
		2017: "2017-04-16",
		2024: "2024-03-31",
		2025: "2025-04-20",
		2026: "2026-04-05",
		2038: "2038-04-25", // the latest possible date
		2285: "2285-03-22", // the earliest possible date
	} {
		if got := easterSunday(year).Format(time.DateOnly); got != want {
			t.Errorf("easter %d = %s, want %s", year, got, want)
		}
	}
}

func TestHolidays2026(t *testing.T) {
	want := []struct{ date, name string }{
		{"2026-01-01", "procurement.holiday.new_year"},
		{"2026-04-02", "procurement.holiday.maundy_thursday"},
		{"2026-04-03", "procurement.holiday.good_friday"},
		{"2026-04-05", "procurement.holiday.easter_sunday"},
		{"2026-04-06", "procurement.holiday.easter_monday"},
		{"2026-05-01", "procurement.holiday.may_1"},
		{"2026-05-14", "procurement.holiday.ascension"}, // before 17 May this year
		{"2026-05-17", "procurement.holiday.may_17"},
		{"2026-05-24", "procurement.holiday.whit_sunday"},
		{"2026-05-25", "procurement.holiday.whit_monday"},
		{"2026-12-25", "procurement.holiday.christmas"},
		{"2026-12-26", "procurement.holiday.boxing_day"},
	}
	got := Holidays(2026)
	if len(got) != len(want) {
		t.Fatalf("got %d holidays, want %d: %v", len(got), len(want), got)
	}
	for i, w := range want {
		if d := got[i].Date.Format(time.DateOnly); d != w.date || got[i].Name != w.name {
			t.Errorf("holiday %d = %s %s, want %s %s", i, d, got[i].Name, w.date, w.name)
		}
	}
}

func TestHolidaysAreInDateOrderWhenEasterIsLate(t *testing.T) {
	// Easter 2038 is 25 April: Ascension 3 June, after 17 May.
	hs := Holidays(2038)
	for i := 1; i < len(hs); i++ {
		if !hs[i-1].Date.Before(hs[i].Date) {
			t.Fatalf("2038: %s (%s) not before %s (%s)", hs[i-1].Date.Format(time.DateOnly), hs[i-1].Name, hs[i].Date.Format(time.DateOnly), hs[i].Name)
		}
	}
	if hs[len(hs)-3].Name != "procurement.holiday.whit_monday" || hs[len(hs)-3].Date.Format(time.DateOnly) != "2038-06-14" {
		t.Errorf("2038 Whit Monday: %v", hs[len(hs)-3])
	}
}

func TestWhitMondayOn17May2027(t *testing.T) {
	n := 0
	for _, h := range Holidays(2027) {
		if h.Date.Format(time.DateOnly) == "2027-05-17" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("2027-05-17 is both Whit Monday and 17 May; listed %d times", n)
	}
}

func oslo(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := time.ParseInLocation("2006-01-02 15:04", s, Oslo())
	if err != nil {
		t.Fatal(err)
	}
	return at
}

func TestIsWorkingDay(t *testing.T) {
	cases := []struct {
		at   string
		want bool
	}{
		{"2026-04-01 12:00", true},  // Wednesday in Holy Week
		{"2026-04-02 12:00", false}, // Maundy Thursday
		{"2026-04-03 12:00", false}, // Good Friday
		{"2026-04-04 12:00", false}, // Saturday
		{"2026-04-06 12:00", false}, // Easter Monday
		{"2026-04-07 12:00", true},
		{"2026-05-14 12:00", false}, // Ascension Day
		{"2026-05-15 12:00", true},
		{"2029-05-17 12:00", false}, // 17 May on a Thursday
		{"2026-05-01 12:00", false}, // 1 May on a Friday
		{"2026-12-24 12:00", true},  // Christmas Eve is not a public holiday
		{"2026-12-31 12:00", true},
		{"2027-01-01 00:00", false},
		{"2026-12-31 23:30", true}, // 22:30 UTC, still 31 December in Oslo
	}
	for _, c := range cases {
		if got := IsWorkingDay(oslo(t, c.at)); got != c.want {
			t.Errorf("IsWorkingDay(%s Oslo) = %v, want %v", c.at, got, c.want)
		}
	}
	// The Oslo day counts, not the UTC one: 00:30 on New Year's Day in Oslo
	// is still 31 December in UTC.
	if IsWorkingDay(time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)) {
		t.Error("2026-12-31T23:30Z is New Year's Day in Oslo")
	}
}

func TestHolidayOn(t *testing.T) {
	if name, ok := HolidayOn(oslo(t, "2029-05-17 09:00")); !ok || name != "procurement.holiday.may_17" {
		t.Errorf("HolidayOn(17 May 2029) = %q, %v", name, ok)
	}
	if name, ok := HolidayOn(oslo(t, "2026-04-12 09:00")); ok {
		t.Errorf("an ordinary Sunday has no holiday name, got %q", name)
	}
}
