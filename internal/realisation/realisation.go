// Package realisation follows up the gains of the services a collaboration
// has chosen: a benefit-realisation plan (gevinstrealiseringsplan) per
// service names, for each gain, an indicator with its unit, a baseline
// (nullpunkt) and a target with their dates, the owner responsible for
// realising it (gevinstansvarlig) in the line organisation, the measures
// (tiltak) and the risk, as DFØ's guide asks. Measurements recorded over
// time are compared with the straight line from baseline to target, which
// gives each indicator a status, a chart of planned against realised, and
// reminders to its owner when a measurement is due.
//
// The calculations (Planned, Status, NextDue, Due, Chart) are pure; the
// Manager owns the rights and the rules, the Store only stores.
package realisation

import (
	"math"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// DFØ's gain classes: efficiency (a budget cut, or time freed for other
// use), quality, and gains for others (citizens, businesses, other public
// bodies). The same words as the benefit case uses.
const (
	ClassEfficiency = "efficiency"
	ClassQuality    = "quality"
	ClassOthers     = "others"
)

// Classes lists the gain classes in the order the UI presents them.
var Classes = []string{ClassEfficiency, ClassQuality, ClassOthers}

// DefaultIntervalMonths is how often an indicator is measured unless its
// plan says otherwise; MaxIntervalMonths the longest interval accepted.
const (
	DefaultIntervalMonths = 3
	MaxIntervalMonths     = 24
)

// Limits on texts, in characters.
const (
	maxName    = 200
	maxUnit    = 40
	maxLong    = 4000
	maxComment = 1000
)

// Plan is the benefit-realisation plan of one service of a collaboration;
// a service has at most one. Its version rises with every change to its
// indicators, so that UpdatedBy and UpdatedAt say who changed it last.
type Plan struct {
	ID              domain.ID `json:"id"`
	CollaborationID domain.ID `json:"-"`
	ServiceID       domain.ID `json:"service_id"`
	Version         int       `json:"version"`
	UpdatedBy       string    `json:"updated_by"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// Indicator follows one gain of a plan: where it starts (Baseline at
// BaselineDate, the nullpunkt), where it should be (Target at TargetDate),
// who answers for it (the owner) and how often it is measured. Whether a
// higher value is better follows from the target: see Direction. Dates are
// calendar days, kept as midnight UTC.
type Indicator struct {
	ID             domain.ID `json:"id"`
	PlanID         domain.ID `json:"plan_id"`
	Gain           string    `json:"gain"`  // the gain it follows, e.g. "Frigjort saksbehandlertid"
	Class          string    `json:"class"` // one of Classes
	Name           string    `json:"name"`  // e.g. "Saksbehandlingstid per byggesak"
	Unit           string    `json:"unit"`  // "timer", "kr", "%", "dager" …
	Baseline       float64   `json:"baseline"`
	BaselineDate   time.Time `json:"baseline_date"`
	Target         float64   `json:"target"`
	TargetDate     time.Time `json:"target_date"`
	OwnerID        domain.ID `json:"owner_id"`   // the gevinstansvarlig, a user of the collaboration
	OwnerName      string    `json:"owner_name"` // the owner's current name, filled when read
	Measures       string    `json:"measures"`   // tiltak
	Risk           string    `json:"risk"`
	IntervalMonths int       `json:"interval_months"`
	Version        int       `json:"version"`
	UpdatedBy      string    `json:"updated_by"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Measurement is one value of an indicator at a date, and who recorded it.
type Measurement struct {
	ID          domain.ID `json:"id"`
	IndicatorID domain.ID `json:"indicator_id"`
	Value       float64   `json:"value"`
	Date        time.Time `json:"date"`
	Comment     string    `json:"comment"`
	UserID      domain.ID `json:"user_id,omitempty"` // 0 for the system (CLI, demo)
	UserName    string    `json:"user_name"`
	CreatedAt   time.Time `json:"created_at"`
}

// Day returns t's calendar date as midnight UTC, the form every date of
// this package takes.
func Day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// norway is the time zone whose calendar decides what "today" is.
var norway = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// Today returns the date in Norway at the instant now, as midnight UTC: a
// measurement taken on the evening of the 31st in Oslo belongs to the 31st.
func Today(now time.Time) time.Time { return Day(now.In(norway)) }

// Normalize trims the indicator's texts, keeps its dates as days and gives
// it the default interval when it has none.
func (ind *Indicator) Normalize() {
	for _, s := range []*string{&ind.Gain, &ind.Class, &ind.Name, &ind.Unit, &ind.Measures, &ind.Risk} {
		*s = strings.TrimSpace(*s)
	}
	ind.BaselineDate, ind.TargetDate = Day(ind.BaselineDate), Day(ind.TargetDate)
	if ind.IntervalMonths == 0 {
		ind.IntervalMonths = DefaultIntervalMonths
	}
}

// Validate returns the field errors of an indicator: a gain, a known class,
// a name, a unit and an owner; finite baseline and target that differ; both
// dates, the target's after the baseline's; an interval of 1 to 24 months;
// texts within their limits.
func (ind Indicator) Validate() []domain.FieldError {
	var errs []domain.FieldError
	errs = domain.Required(errs, "gain", ind.Gain)
	errs = domain.OneOf(errs, "class", ind.Class, Classes)
	errs = domain.Required(errs, "name", ind.Name)
	errs = domain.Required(errs, "unit", ind.Unit)
	errs = domain.MaxLen(errs, "gain", ind.Gain, maxName)
	errs = domain.MaxLen(errs, "name", ind.Name, maxName)
	errs = domain.MaxLen(errs, "unit", ind.Unit, maxUnit)
	errs = domain.MaxLen(errs, "measures", ind.Measures, maxLong)
	errs = domain.MaxLen(errs, "risk", ind.Risk, maxLong)
	finite := true
	for _, f := range []struct {
		name string
		v    float64
	}{{"baseline", ind.Baseline}, {"target", ind.Target}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			errs = append(errs, domain.Field(f.name, "field.not_a_number"))
			finite = false
		}
	}
	if finite && ind.Target == ind.Baseline {
		errs = append(errs, domain.Field("target", "realisation.target_equals_baseline"))
	}
	if ind.BaselineDate.IsZero() {
		errs = append(errs, domain.Field("baseline_date", "field.required"))
	}
	if ind.TargetDate.IsZero() {
		errs = append(errs, domain.Field("target_date", "field.required"))
	}
	if !ind.BaselineDate.IsZero() && !ind.TargetDate.IsZero() && !Day(ind.TargetDate).After(Day(ind.BaselineDate)) {
		errs = append(errs, domain.Field("target_date", "realisation.target_date"))
	}
	if ind.IntervalMonths < 1 || ind.IntervalMonths > MaxIntervalMonths {
		errs = append(errs, domain.Field("interval_months", "realisation.interval", 1, MaxIntervalMonths))
	}
	if ind.OwnerID == 0 {
		errs = append(errs, domain.Field("owner_id", "field.required"))
	}
	return errs
}

// Normalize trims the comment and keeps the date as a day.
func (m *Measurement) Normalize() {
	m.Comment = strings.TrimSpace(m.Comment)
	m.Date = Day(m.Date)
}

// Validate returns the field errors of a measurement of ind recorded on
// today: a finite value, a date neither after today (a value cannot be
// measured in advance) nor before the indicator's baseline date (the
// baseline is where measuring starts), a comment within its limit.
func (m Measurement) Validate(ind Indicator, today time.Time) []domain.FieldError {
	var errs []domain.FieldError
	if math.IsNaN(m.Value) || math.IsInf(m.Value, 0) {
		errs = append(errs, domain.Field("value", "field.not_a_number"))
	}
	switch d := Day(m.Date); {
	case d.IsZero():
		errs = append(errs, domain.Field("date", "field.required"))
	case d.After(Day(today)):
		errs = append(errs, domain.Field("date", "realisation.future_date", Day(today).Format(time.DateOnly)))
	case d.Before(Day(ind.BaselineDate)):
		errs = append(errs, domain.Field("date", "realisation.before_baseline", Day(ind.BaselineDate).Format(time.DateOnly)))
	}
	return domain.MaxLen(errs, "comment", m.Comment, maxComment)
}
