package procurement

import (
	"testing"
	"time"
)

func TestPeriodEnd(t *testing.T) {
	cases := []struct {
		name  string
		event string // Oslo wall time
		days  int
		want  string // exclusive end in UTC: 00:00 Oslo after the last day
	}{
		{"last day a Thursday", "2026-06-01 09:00", 10, "2026-06-11T22:00:00Z"},
		{"last day a Saturday runs to Monday", "2026-06-03 10:00", 10, "2026-06-15T22:00:00Z"},
		{"notice the Friday before Holy Week: last day Easter Monday, runs to Tuesday", "2026-03-27 14:00", 10, "2026-04-07T22:00:00Z"},
		{"the same notice, 15 days: last day a Saturday", "2026-03-27 14:00", 15, "2026-04-13T22:00:00Z"},
		{"last day 17 May (a Thursday)", "2029-05-07 12:00", 10, "2029-05-18T22:00:00Z"},
		{"last day 17 May and Whit Monday at once", "2027-05-07 12:00", 10, "2027-05-18T22:00:00Z"},
		{"Christmas Eve is a working day", "2026-12-14 12:00", 10, "2026-12-24T23:00:00Z"},
		{"last day Christmas Day runs past Boxing Day and the weekend", "2026-12-15 12:00", 10, "2026-12-28T23:00:00Z"},
		{"the Oslo day counts: 00:30 in Oslo is the day before in UTC", "2026-06-02 00:30", 10, "2026-06-12T22:00:00Z"},
		{"notice late in the evening counts from that day", "2026-06-01 23:59", 10, "2026-06-11T22:00:00Z"},
		// Two days from the Wednesday of Holy Week: Thursday and Friday are
		// holidays, the period runs to Tuesday and, needing two working
		// days (art. 3(5), unverified), to Wednesday.
		{"two days over Easter include two working days", "2026-04-01 12:00", 2, "2026-04-08T22:00:00Z"},
		{"across the change to summer time", "2026-03-20 12:00", 10, "2026-03-30T22:00:00Z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := PeriodEnd(oslo(t, c.event), c.days)
			if got.Format(time.RFC3339) != c.want {
				t.Errorf("PeriodEnd(%s, %d) = %s, want %s", c.event, c.days, got.Format(time.RFC3339), c.want)
			}
			if got.Location() != time.UTC {
				t.Errorf("end not in UTC: %v", got.Location())
			}
			if h, m, s := got.In(Oslo()).Clock(); h != 0 || m != 0 || s != 0 {
				t.Errorf("end %s is not midnight in Oslo", got.In(Oslo()))
			}
			if !IsWorkingDay(got.Add(-time.Nanosecond)) {
				t.Errorf("the period's last day %s is not a working day", got.Add(-time.Nanosecond).In(Oslo()).Format(time.DateOnly))
			}
		})
	}
}

func TestPeriodEndWithoutDays(t *testing.T) {
	at := oslo(t, "2026-06-01 09:00")
	if got := PeriodEnd(at, 0); !got.Equal(at) {
		t.Errorf("PeriodEnd(_, 0) = %s, want the event %s", got, at)
	}
}

func TestPeriodEndNeverEarlierThanCalendarDays(t *testing.T) {
	// For every start in two years and the lengths the product uses, the
	// end is at or after midnight following event day + days, and it is
	// later only when that day is not a working day.
	start := oslo(t, "2026-01-01 12:00")
	for i := 0; i < 730; i++ {
		event := start.AddDate(0, 0, i)
		for _, days := range []int{10, 14, 15} {
			y, m, d := event.Date()
			plain := time.Date(y, m, d+days+1, 0, 0, 0, 0, Oslo())
			got := PeriodEnd(event, days)
			if got.Before(plain) {
				t.Fatalf("PeriodEnd(%s, %d) = %s, before %s", event, days, got, plain)
			}
			if IsWorkingDay(plain.AddDate(0, 0, -1)) != got.Equal(plain) {
				t.Fatalf("PeriodEnd(%s, %d) = %s; calendar end %s", event, days, got, plain)
			}
		}
	}
}

func TestStandstill(t *testing.T) {
	notice := oslo(t, "2026-06-03 10:00") // a Wednesday
	cases := []struct {
		name       string
		part       Part
		electronic bool
		minDays    int
		wantDays   int
		wantEnd    string
	}{
		{"part III electronic", PartIII, true, 0, 10, "2026-06-15T22:00:00Z"},
		{"part III by letter", PartIII, false, 0, 15, "2026-06-18T22:00:00Z"},
		{"part II electronic default", PartII, true, 0, 10, "2026-06-15T22:00:00Z"},
		{"part II by letter", PartII, false, 0, 15, "2026-06-18T22:00:00Z"},
		{"the seed's 14 days", PartIII, true, 14, 14, "2026-06-17T22:00:00Z"},
		{"a shorter period is not allowed", PartIII, true, 5, 10, "2026-06-15T22:00:00Z"},
		{"14 days asked, 15 required by letter", PartIII, false, 14, 15, "2026-06-18T22:00:00Z"},
		{"part I voluntary", PartI, true, 14, 14, "2026-06-17T22:00:00Z"},
		{"part I none", PartI, true, 0, 0, "2026-06-03T08:00:00Z"},
		{"below part I none", PartNone, false, 0, 0, "2026-06-03T08:00:00Z"},
		{"negative minimum is none", PartNone, false, -3, 0, "2026-06-03T08:00:00Z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			days, end := Standstill(c.part, notice, c.electronic, c.minDays)
			if days != c.wantDays || end.Format(time.RFC3339) != c.wantEnd {
				t.Errorf("Standstill = %d, %s; want %d, %s", days, end.Format(time.RFC3339), c.wantDays, c.wantEnd)
			}
		})
	}
}

func TestStandstillFromGoodFriday(t *testing.T) {
	// A notice sent on Good Friday 2026 (3 April): ten days end on Monday
	// 13 April, an ordinary working day.
	days, end := Standstill(PartIII, oslo(t, "2026-04-03 11:00"), true, 0)
	if days != 10 || end.Format(time.RFC3339) != "2026-04-13T22:00:00Z" {
		t.Errorf("Standstill from Good Friday = %d, %s", days, end.Format(time.RFC3339))
	}
}
