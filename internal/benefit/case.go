// Package benefit computes the gain potential of digitalising a service:
// a benefit case (gevinstanalyse) of yearly gains and costs over an
// analysis period, its net present value and the measures derived from it,
// its uncertainty by Monte Carlo simulation and a tornado of the inputs
// that move it most — and the status of a benefit-realisation plan
// (gevinstrealiseringsplan) from its measurements.
//
// Everything here is pure: values in, values out. Prices are real, in the
// case's price year; cash flows are discounted with the real discount rate
// of Finansdepartementet's circular R-109/2021 (4 % by default).
package benefit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
)

// Range is a number given either exactly or as low / likely / high. In
// JSON it is a plain number, or an object {"low":…, "likely":…, "high":…}.
// Likely is the value the deterministic result uses; the Monte Carlo
// simulation draws from the triangular distribution over [Low, High] with
// its mode at Likely.
type Range struct {
	Low, Likely, High float64
}

// Exact returns a Range without uncertainty.
func Exact(v float64) Range { return Range{v, v, v} }

// Uncertain reports whether the range is wider than one value.
func (r Range) Uncertain() bool { return r.Low != r.High }

// MarshalJSON writes an exact range as a number.
func (r Range) MarshalJSON() ([]byte, error) {
	if !r.Uncertain() && r.Likely == r.Low {
		return json.Marshal(r.Likely)
	}
	return json.Marshal(struct {
		Low    float64 `json:"low"`
		Likely float64 `json:"likely"`
		High   float64 `json:"high"`
	}{r.Low, r.Likely, r.High})
}

// UnmarshalJSON reads a number or a {low, likely, high} object; a missing
// low or high is the likely value. Unknown keys are refused; null leaves
// the range as it is.
func (r *Range) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	const want = `a range is a number or {"low": …, "likely": …, "high": …}`
	if len(b) > 0 && b[0] == '{' {
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			return fmt.Errorf("%s: %w", want, err)
		}
		var vals [3]*float64
		for k, v := range raw {
			i := slices.Index([]string{"low", "likely", "high"}, k)
			if i < 0 {
				return fmt.Errorf("%s; unknown key %q", want, k)
			}
			if string(bytes.TrimSpace(v)) == "null" {
				continue
			}
			var f float64
			if err := json.Unmarshal(v, &f); err != nil {
				return fmt.Errorf("%s; %q is not a number", want, k)
			}
			vals[i] = &f
		}
		if vals[1] == nil {
			return fmt.Errorf(`%s; "likely" is missing`, want)
		}
		r.Likely = *vals[1]
		r.Low, r.High = r.Likely, r.Likely
		if vals[0] != nil {
			r.Low = *vals[0]
		}
		if vals[2] != nil {
			r.High = *vals[2]
		}
		return nil
	}
	if string(b) == "null" {
		return nil // as encoding/json does for a missing value
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("%s, not %s", want, jsonKind(b))
	}
	*r = Exact(v)
	return nil
}

// Case is a benefit case of one service at collaboration level, with the
// per-municipality inputs its time gains are computed from. It is also the
// JSON format of the API and of `tjenestevalg benefit evaluate`
// (docs/benefit-case.md).
type Case struct {
	Service        string              `json:"service,omitempty"` // slug, for the reader
	Name           string              `json:"name,omitempty"`
	Settings       Settings            `json:"settings"`
	Municipalities []MunicipalityInput `json:"municipalities"`
	Gains          []Gain              `json:"gains"`
	Costs          []Cost              `json:"costs"`
	// Uptake is the share (0–1) of the full gain realised in analysis year
	// 1, 2, …; the last value holds for the remaining years. Empty means 1
	// from year 1.
	Uptake []Range `json:"uptake"`
}

// Settings are the analysis' parameters.
type Settings struct {
	// Years is the analysis period: gains and yearly costs in years 1…Years,
	// one-off costs in year 0 unless a cost says otherwise. Default 10.
	Years int `json:"years"`
	// DiscountRate is the real rate, 0.04 by default (R-109/2021).
	DiscountRate float64 `json:"discount_rate"`
	// PriceYear is the year the amounts are priced in (kroneår).
	PriceYear int `json:"price_year"`
	// CitizenHourValue values an hour of citizens' time in NOK; no official
	// figure exists, so it is a setting of each analysis (0: not valued).
	CitizenHourValue Range `json:"citizen_hour_value"`
}

// Defaults of an analysis.
const (
	DefaultYears        = 10
	DefaultDiscountRate = 0.04
)

// MunicipalityInput is one municipality's part of the time gains.
type MunicipalityInput struct {
	Municipality string `json:"municipality"` // kommunenummer or name, for the reader
	Name         string `json:"name,omitempty"`
	// Cases is the yearly case volume; CasesSource says where it came from
	// (measured, estimated, imported, illustrative).
	Cases       Range  `json:"cases"`
	CasesSource string `json:"cases_source,omitempty"`
	// CasesNote says where measured cases came from ("målt fra <file>,
	// <time frame>, n saker"); set with them from the catalogue.
	CasesNote string `json:"cases_note,omitempty"`
	// HourlyCost is an employee hour in NOK, social costs included.
	HourlyCost Range `json:"hourly_cost"`
	// MinutesSaved is employee minutes saved per case (from the process
	// comparison: as-is minus adapted).
	MinutesSaved       Range  `json:"minutes_saved"`
	MinutesSavedSource string `json:"minutes_saved_source,omitempty"`
	// CitizenMinutesSaved is citizens' minutes saved per case.
	CitizenMinutesSaved Range `json:"citizen_minutes_saved"`
}

// Gain kinds. Employee and citizen time are computed from the
// municipalities' inputs; a direct saving is an amount per year; a
// qualitative gain is scored 1–5 and not valued in kroner.
const (
	GainEmployeeTime = "employee_time"
	GainCitizenTime  = "citizen_time"
	GainDirect       = "direct_saving"
	GainQualitative  = "qualitative"
)

// DFØ's gain classes: efficiency (budget cut, or freed time for other use),
// quality, and gains for others (citizens, businesses, other public bodies).
const (
	ClassEfficiency = "efficiency"
	ClassQuality    = "quality"
	ClassOthers     = "others"
)

// Gain is one gain of the case.
type Gain struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	Class string `json:"class"`
	// Annual is a direct saving's NOK per year at full uptake.
	Annual Range `json:"annual"`
	// Score is a qualitative gain's 1–5.
	Score int `json:"score,omitempty"`
	// FreedForOtherUse marks employee time that is redeployed rather than
	// cut from the budget (DFØ's "alternativ anvendelse"); it is valued the
	// same and shown apart.
	FreedForOtherUse bool `json:"freed_for_other_use,omitempty"`
}

// Cost kinds: one-off (investment, implementation, training) fall in Year
// (0 by default); yearly (licence, operation) in every year 1…Years.
const (
	CostInvestment     = "investment"
	CostImplementation = "implementation"
	CostTraining       = "training"
	CostLicence        = "licence"
	CostOperation      = "operation"
)

// Cost is one cost of the case: an amount in NOK plus, for implementation
// and training, hours valued at the municipalities' mean hourly cost.
type Cost struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Amount Range  `json:"amount"`
	Hours  Range  `json:"hours"`
	Year   int    `json:"year,omitempty"` // a one-off cost's year, 0 … Years
}

// OneOff reports whether the cost falls once rather than every year.
func (c Cost) OneOff() bool { return c.Kind != CostLicence && c.Kind != CostOperation }

// Normalized returns the settings the calculation uses: a zero Years is the
// default period of 10 years. A zero DiscountRate stays a real 0 %; only a
// JSON document without "discount_rate" gets the default 4 %.
func (s Settings) Normalized() Settings {
	if s.Years == 0 {
		s.Years = DefaultYears
	}
	return s
}

// UnmarshalJSON reads the settings with the defaults for what the document
// leaves out: 10 years and a 4 % discount rate. Unknown keys are refused,
// so that a misspelt "discount_rate" cannot fall back to the default
// unnoticed.
func (s *Settings) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	d := Settings{Years: DefaultYears, DiscountRate: DefaultDiscountRate}
	if err := decodeValue("", b, &d); err != nil {
		return err
	}
	*s = d
	return nil
}

// UnmarshalJSON reads a case strictly: unknown keys are refused, settings
// left out get their defaults (Settings.UnmarshalJSON), and an error names
// the path of the value it is about (*JSONError).
func (c *Case) UnmarshalJSON(b []byte) error {
	d := Case{Settings: Settings{Years: DefaultYears, DiscountRate: DefaultDiscountRate}}
	if err := decodeValue("", b, &d); err != nil {
		return err
	}
	*c = d
	return nil
}

// ClassOrDefault is the gain's DFØ class, or when none is given the usual
// one of its kind: freed employee time and direct savings are efficiency
// gains, citizens' time a gain for others, a qualitative gain a quality
// gain.
func (g Gain) ClassOrDefault() string {
	if g.Class != "" {
		return g.Class
	}
	switch g.Kind {
	case GainCitizenTime:
		return ClassOthers
	case GainQualitative:
		return ClassQuality
	}
	return ClassEfficiency
}

// GainKinds, GainClasses and CostKinds list the values a gain's and a
// cost's kind and class may take, in the order forms show them.
var (
	GainKinds   = []string{GainEmployeeTime, GainCitizenTime, GainDirect, GainQualitative}
	GainClasses = []string{ClassEfficiency, ClassQuality, ClassOthers}
	CostKinds   = []string{CostInvestment, CostImplementation, CostTraining, CostLicence, CostOperation}
)
