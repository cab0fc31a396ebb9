package realisation

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// Direction says whether an indicator's gain shows as a higher value (up:
// more cases handled digitally) or a lower one (down: hours per case). It
// follows from the target: up when the target is above the baseline.
type Direction string

// The directions.
const (
	Up   Direction = "up"
	Down Direction = "down"
)

// Direction returns the way the indicator's value should move.
func (ind Indicator) Direction() Direction {
	if ind.Target < ind.Baseline {
		return Down
	}
	return Up
}

// State is where an indicator stands against its plan.
type State string

// The states; see Status for the rule.
const (
	NotMeasured State = "not_measured"
	Achieved    State = "achieved"
	OnTrack     State = "on_track"
	Behind      State = "behind"
)

// Planned returns the value the plan expects at date: the baseline up to
// the baseline date, the target from the target date on, and in between
// the straight line from one to the other, by calendar days.
func Planned(ind Indicator, date time.Time) float64 {
	from, to, d := Day(ind.BaselineDate), Day(ind.TargetDate), Day(date)
	if !d.After(from) || !to.After(from) {
		return ind.Baseline
	}
	if !d.Before(to) {
		return ind.Target
	}
	share := d.Sub(from).Hours() / to.Sub(from).Hours()
	return ind.Baseline + (ind.Target-ind.Baseline)*share
}

// Progress returns how far value has come from the baseline towards the
// target: 0 at the baseline, 1 at the target, negative when it moved the
// wrong way, above 1 beyond the target.
func Progress(ind Indicator, value float64) float64 {
	if ind.Target == ind.Baseline {
		return 0
	}
	return (value - ind.Baseline) / (ind.Target - ind.Baseline)
}

// reached reports whether v is at goal or beyond it in the indicator's
// direction. A rounding error of the interpolation (49.99999999 for 50)
// does not count against it.
func reached(ind Indicator, v, goal float64) bool {
	eps := 1e-9 * math.Max(1, math.Abs(goal))
	if ind.Direction() == Down {
		return v <= goal+eps
	}
	return v >= goal-eps
}

// compareMeasurements orders measurements by date, then by when they were
// recorded, then by id: the last is the latest.
func compareMeasurements(a, b Measurement) int {
	return cmp.Or(Day(a.Date).Compare(Day(b.Date)), a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
}

// Sorted returns a copy of ms in time order: by date, then by when they
// were recorded.
func Sorted(ms []Measurement) []Measurement {
	out := slices.Clone(ms)
	slices.SortStableFunc(out, compareMeasurements)
	return out
}

// Latest returns the latest of ms: the one with the latest date, of those
// the one recorded last. ok is false when ms is empty.
func Latest(ms []Measurement) (latest Measurement, ok bool) {
	for _, m := range ms {
		if !ok || compareMeasurements(m, latest) >= 0 {
			latest, ok = m, true
		}
	}
	return latest, ok
}

// Status returns where ind stands on today, from its measurements ms.
// Measurements dated after today do not count. The rule, from the latest
// measurement:
//
//   - not_measured: there is none yet;
//   - achieved: it has reached the target in the indicator's direction
//     (at or above the target for an indicator that goes up, at or below
//     for one that goes down);
//   - on_track: it is at or beyond the planned value at its own date (see
//     Planned), and the target date has not passed — once today is after
//     the target date, only the target itself counts;
//   - behind: otherwise.
func Status(ind Indicator, ms []Measurement, today time.Time) State {
	today = Day(today)
	var counted []Measurement
	for _, m := range ms {
		if !Day(m.Date).After(today) {
			counted = append(counted, m)
		}
	}
	latest, ok := Latest(counted)
	switch {
	case !ok:
		return NotMeasured
	case reached(ind, latest.Value, ind.Target):
		return Achieved
	case today.After(Day(ind.TargetDate)):
		return Behind
	case reached(ind, latest.Value, Planned(ind, latest.Date)):
		return OnTrack
	}
	return Behind
}

// AddMonths returns the date n months after day, on the same day of the
// month or the month's last day when it is shorter: 31 January plus one
// month is 28 (or 29) February, not 3 March.
func AddMonths(day time.Time, n int) time.Time {
	day = Day(day)
	first := time.Date(day.Year(), day.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(day.Day(), last)-1)
}

// NextDue returns the date the next measurement of ind is due: the date
// of its latest measurement, or its baseline date before the first one,
// plus its interval in months.
func NextDue(ind Indicator, ms []Measurement) time.Time {
	from := ind.BaselineDate
	if latest, ok := Latest(ms); ok {
		from = latest.Date
	}
	interval := ind.IntervalMonths
	if interval < 1 {
		interval = DefaultIntervalMonths
	}
	return AddMonths(from, interval)
}

// Done reports whether the follow-up of ind is over: its latest
// measurement is dated on or after the target date and has reached the
// target, so the gain is documented as realised. An indicator that misses
// its target stays followed up until it reaches it or the plan drops it.
func Done(ind Indicator, ms []Measurement) bool {
	latest, ok := Latest(ms)
	return ok && !Day(latest.Date).Before(Day(ind.TargetDate)) && reached(ind, latest.Value, ind.Target)
}

// Due reports whether a measurement of ind is due on today: NextDue is
// today or earlier, and the follow-up is not Done.
func Due(ind Indicator, ms []Measurement, today time.Time) bool {
	return !NextDue(ind, ms).After(Day(today)) && !Done(ind, ms)
}

// Point is one point of a chart: a value at a date.
type Point struct {
	Date  time.Time `json:"date"`
	Value float64   `json:"value"`
}

// Series is what a chart of planned against realised draws for one
// indicator.
type Series struct {
	Unit string `json:"unit"`
	// Planned is the plan's straight line: the baseline at the baseline
	// date, the target at the target date, and the target held to the
	// last measurement when one is later.
	Planned []Point `json:"planned"`
	// Realised starts at the baseline (the nullpunkt is a measurement too)
	// and follows the measurements in time order.
	Realised []Point `json:"realised"`
}

// Chart returns the series of ind and its measurements ms.
func Chart(ind Indicator, ms []Measurement) Series {
	s := Series{Unit: ind.Unit,
		Planned:  []Point{{Day(ind.BaselineDate), ind.Baseline}, {Day(ind.TargetDate), ind.Target}},
		Realised: []Point{{Day(ind.BaselineDate), ind.Baseline}},
	}
	sorted := Sorted(ms)
	for _, m := range sorted {
		s.Realised = append(s.Realised, Point{Day(m.Date), m.Value})
	}
	if n := len(sorted); n > 0 && Day(sorted[n-1].Date).After(Day(ind.TargetDate)) {
		s.Planned = append(s.Planned, Point{Day(sorted[n-1].Date), ind.Target})
	}
	return s
}
