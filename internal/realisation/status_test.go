package realisation_test

import (
	"math"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/realisation"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// down is an indicator that should fall: 10 hours per case on 1 January
// 2025 to 6 hours on 1 January 2026 (365 days), measured every 3 months.
var down = realisation.Indicator{ID: 1, Gain: "Frigjort saksbehandlertid", Class: realisation.ClassEfficiency,
	Name: "Timer per byggesak", Unit: "timer", Baseline: 10, BaselineDate: day(2025, 1, 1), Target: 6,
	TargetDate: day(2026, 1, 1), OwnerID: 7, IntervalMonths: 3}

// up is an indicator that should rise: 20 % to 80 % over the same year.
var up = realisation.Indicator{ID: 2, Gain: "Spart tid for innbyggere", Class: realisation.ClassOthers,
	Name: "Andel digitale søknader", Unit: "%", Baseline: 20, BaselineDate: day(2025, 1, 1), Target: 80,
	TargetDate: day(2026, 1, 1), OwnerID: 7, IntervalMonths: 3}

func m(d time.Time, v float64) realisation.Measurement {
	return realisation.Measurement{Date: d, Value: v}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestPlanned(t *testing.T) {
	for _, c := range []struct {
		name string
		ind  realisation.Indicator
		at   time.Time
		want float64
	}{
		{"before the baseline date: the baseline", down, day(2024, 6, 1), 10},
		{"on the baseline date", down, day(2025, 1, 1), 10},
		{"halfway by days (day 182 of 365)", down, day(2025, 7, 2), 10 - 4*182.0/365},
		{"a time of day counts as its day", down, time.Date(2025, 7, 2, 23, 59, 0, 0, time.UTC), 10 - 4*182.0/365},
		{"on the target date", down, day(2026, 1, 1), 6},
		{"after the target date: the target", down, day(2027, 1, 1), 6},
		{"rising, a quarter in (day 90 of 365)", up, day(2025, 4, 1), 20 + 60*90.0/365},
		{"rising, on the target date", up, day(2026, 1, 1), 80},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := realisation.Planned(c.ind, c.at); !near(got, c.want) {
				t.Errorf("Planned = %v, want %v", got, c.want)
			}
		})
	}
}

func TestDirectionAndProgress(t *testing.T) {
	if down.Direction() != realisation.Down || up.Direction() != realisation.Up {
		t.Errorf("directions = %v, %v", down.Direction(), up.Direction())
	}
	for _, c := range []struct {
		ind   realisation.Indicator
		value float64
		want  float64
	}{{down, 10, 0}, {down, 8, 0.5}, {down, 6, 1}, {down, 11, -0.25}, {up, 50, 0.5}, {up, 110, 1.5}} {
		if got := realisation.Progress(c.ind, c.value); !near(got, c.want) {
			t.Errorf("Progress(%s, %v) = %v, want %v", c.ind.Name, c.value, got, c.want)
		}
	}
}

func TestStatus(t *testing.T) {
	today := day(2025, 10, 1)
	for _, c := range []struct {
		name  string
		ind   realisation.Indicator
		ms    []realisation.Measurement
		today time.Time
		want  realisation.State
	}{
		{"no measurement", down, nil, today, realisation.NotMeasured},
		{"only a measurement after today", down, []realisation.Measurement{m(day(2025, 12, 1), 5)}, today, realisation.NotMeasured},
		// Planned on 1 July (day 181): 10 − 4·181/365 ≈ 8.016.
		{"falling, below the planned value", down, []realisation.Measurement{m(day(2025, 7, 1), 8)}, today, realisation.OnTrack},
		{"falling, exactly the planned value", down, []realisation.Measurement{m(day(2025, 7, 1), 10-4*181.0/365)}, today, realisation.OnTrack},
		{"falling, above the planned value", down, []realisation.Measurement{m(day(2025, 7, 1), 8.1)}, today, realisation.Behind},
		{"falling, the target reached early", down, []realisation.Measurement{m(day(2025, 7, 1), 6)}, today, realisation.Achieved},
		{"falling, beyond the target", down, []realisation.Measurement{m(day(2025, 7, 1), 5.5)}, today, realisation.Achieved},
		{"the latest counts, not the best", down, []realisation.Measurement{m(day(2025, 4, 1), 6), m(day(2025, 7, 1), 9)}, today, realisation.Behind},
		{"the latest by date, whatever the order given", down, []realisation.Measurement{m(day(2025, 7, 1), 6), m(day(2025, 4, 1), 9)}, today, realisation.Achieved},
		{"rising, above the planned value", up, []realisation.Measurement{m(day(2025, 4, 1), 40)}, today, realisation.OnTrack},
		{"rising, below the planned value", up, []realisation.Measurement{m(day(2025, 4, 1), 30)}, today, realisation.Behind},
		{"rising, moved the wrong way", up, []realisation.Measurement{m(day(2025, 4, 1), 15)}, today, realisation.Behind},
		{"rising, target reached", up, []realisation.Measurement{m(day(2025, 9, 1), 80)}, today, realisation.Achieved},
		{"on the baseline date, at the baseline", up, []realisation.Measurement{m(day(2025, 1, 1), 20)}, today, realisation.OnTrack},
		{"on track when measured, but the target date has passed", up, []realisation.Measurement{m(day(2025, 9, 1), 75)}, day(2026, 2, 1), realisation.Behind},
		{"achieved stays achieved after the target date", up, []realisation.Measurement{m(day(2025, 9, 1), 81)}, day(2027, 1, 1), realisation.Achieved},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := realisation.Status(c.ind, c.ms, c.today); got != c.want {
				t.Errorf("Status = %s, want %s", got, c.want)
			}
		})
	}
}

func TestAddMonths(t *testing.T) {
	for _, c := range []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{day(2025, 1, 15), 3, day(2025, 4, 15)},
		{day(2025, 1, 31), 1, day(2025, 2, 28)},
		{day(2024, 1, 31), 1, day(2024, 2, 29)},
		{day(2025, 8, 31), 6, day(2026, 2, 28)},
		{day(2025, 11, 30), 3, day(2026, 2, 28)},
		{day(2025, 12, 1), 24, day(2027, 12, 1)},
	} {
		if got := realisation.AddMonths(c.from, c.n); !got.Equal(c.want) {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", c.from.Format(time.DateOnly), c.n, got.Format(time.DateOnly), c.want.Format(time.DateOnly))
		}
	}
}

func TestNextDueAndDue(t *testing.T) {
	monthly := down
	monthly.IntervalMonths = 1
	for _, c := range []struct {
		name    string
		ind     realisation.Indicator
		ms      []realisation.Measurement
		today   time.Time
		next    time.Time
		due     bool
		done    bool
		comment string
	}{
		{name: "before the first measurement: from the baseline date", ind: down, today: day(2025, 3, 31), next: day(2025, 4, 1)},
		{name: "on the due date", ind: down, today: day(2025, 4, 1), next: day(2025, 4, 1), due: true},
		{name: "overdue", ind: down, today: day(2025, 9, 1), next: day(2025, 4, 1), due: true},
		{name: "from the latest measurement", ind: down, ms: []realisation.Measurement{m(day(2025, 2, 10), 9), m(day(2025, 5, 20), 8)},
			today: day(2025, 8, 19), next: day(2025, 8, 20)},
		{name: "from the latest measurement, due", ind: down, ms: []realisation.Measurement{m(day(2025, 5, 20), 8)},
			today: day(2025, 8, 20), next: day(2025, 8, 20), due: true},
		{name: "monthly, from the end of January", ind: monthly, ms: []realisation.Measurement{m(day(2025, 1, 31), 9)},
			today: day(2025, 2, 28), next: day(2025, 2, 28), due: true},
		{name: "achieved before the target date: still followed", ind: down, ms: []realisation.Measurement{m(day(2025, 10, 1), 5)},
			today: day(2026, 1, 1), next: day(2026, 1, 1), due: true},
		{name: "achieved on the target date: done", ind: down, ms: []realisation.Measurement{m(day(2026, 1, 1), 6)},
			today: day(2026, 6, 1), next: day(2026, 4, 1), done: true},
		{name: "achieved after the target date: done", ind: down, ms: []realisation.Measurement{m(day(2026, 2, 1), 5.9)},
			today: day(2026, 6, 1), next: day(2026, 5, 1), done: true},
		{name: "missed at the target date: still followed", ind: down, ms: []realisation.Measurement{m(day(2026, 1, 5), 7)},
			today: day(2026, 4, 5), next: day(2026, 4, 5), due: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := realisation.NextDue(c.ind, c.ms); !got.Equal(c.next) {
				t.Errorf("NextDue = %s, want %s", got.Format(time.DateOnly), c.next.Format(time.DateOnly))
			}
			if got := realisation.Due(c.ind, c.ms, c.today); got != c.due {
				t.Errorf("Due = %v, want %v", got, c.due)
			}
			if got := realisation.Done(c.ind, c.ms); got != c.done {
				t.Errorf("Done = %v, want %v", got, c.done)
			}
		})
	}
}

func TestToday(t *testing.T) {
	for _, c := range []struct {
		now  time.Time
		want time.Time
	}{
		// 23:30 UTC on 31 March is already 1 April in Oslo (summer time).
		{time.Date(2025, 3, 31, 23, 30, 0, 0, time.UTC), day(2025, 4, 1)},
		{time.Date(2025, 12, 31, 22, 59, 0, 0, time.UTC), day(2025, 12, 31)},
		{time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC), day(2026, 1, 1)},
	} {
		if got := realisation.Today(c.now); !got.Equal(c.want) {
			t.Errorf("Today(%v) = %v, want %v", c.now, got, c.want)
		}
	}
}

func TestChart(t *testing.T) {
	ms := []realisation.Measurement{m(day(2026, 3, 1), 5.5), m(day(2025, 4, 1), 9)}
	s := realisation.Chart(down, ms)
	wantPlanned := []realisation.Point{{day(2025, 1, 1), 10}, {day(2026, 1, 1), 6}, {day(2026, 3, 1), 6}}
	wantRealised := []realisation.Point{{day(2025, 1, 1), 10}, {day(2025, 4, 1), 9}, {day(2026, 3, 1), 5.5}}
	if !samePoints(s.Planned, wantPlanned) || !samePoints(s.Realised, wantRealised) || s.Unit != "timer" {
		t.Errorf("Chart = %+v", s)
	}
	// Without measurements after the target date, the planned line ends there.
	s = realisation.Chart(up, nil)
	if len(s.Planned) != 2 || len(s.Realised) != 1 || s.Realised[0].Value != 20 {
		t.Errorf("Chart without measurements = %+v", s)
	}
}

func samePoints(a, b []realisation.Point) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Date.Equal(b[i].Date) || !near(a[i].Value, b[i].Value) {
			return false
		}
	}
	return true
}

func TestEvaluate(t *testing.T) {
	ms := []realisation.Measurement{{ID: 2, Date: day(2025, 7, 2), Value: 8}, {ID: 1, Date: day(2025, 4, 1), Value: 9.5}}
	v := realisation.Evaluate(down, ms, day(2025, 10, 15))
	if len(v.Measurements) != 2 || v.Measurements[0].ID != 1 {
		t.Fatalf("measurements not in time order: %+v", v.Measurements)
	}
	planned := 10 - 4*182.0/365
	if x := v.Measurements[1]; !near(x.Planned, planned) || !near(x.Deviation, 8-planned) {
		t.Errorf("planned %v deviation %v, want %v and %v", x.Planned, x.Deviation, planned, 8-planned)
	}
	if v.Status != realisation.OnTrack || v.Direction != realisation.Down || v.Progress == nil || !near(*v.Progress, 0.5) ||
		!v.NextDue.Equal(day(2025, 10, 2)) || !v.Due || v.Done || !near(v.PlannedToday, 10-4*287.0/365) {
		t.Errorf("Evaluate = %+v", v)
	}
}
