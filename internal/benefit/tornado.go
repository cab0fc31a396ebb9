package benefit

import (
	"cmp"
	"math"
	"slices"
	"strconv"
)

// Bar is one uncertain input of a tornado chart: the NPV with the input at
// its low and at its high value, every other input at its likely value.
type Bar struct {
	// Path names the input as Validate does ("municipalities[2].cases").
	Path string `json:"path"`
	// Field is the input's key: cases, hourly_cost, minutes_saved,
	// citizen_minutes_saved, citizen_hour_value, annual, amount, hours or
	// uptake.
	Field string `json:"field"`
	// Name is the municipality's name (its number when it has none), the
	// gain's or the cost's name; empty for settings and uptake.
	Name string `json:"name,omitempty"`
	// Year is the first analysis year an uptake value holds for.
	Year    int     `json:"year,omitempty"`
	Low     float64 `json:"low"`
	Likely  float64 `json:"likely"`
	High    float64 `json:"high"`
	NPVLow  float64 `json:"npv_low"`
	NPVHigh float64 `json:"npv_high"`
	// Swing is |NPVHigh − NPVLow|, the bar's length.
	Swing float64 `json:"swing"`
}

// Tornado returns a bar for every uncertain input (Low < High) that enters
// the NPV, longest swing first; inputs of equal swing keep the case's
// order. Inputs that cannot move the NPV are left out: minutes when the
// case has no gain of that kind, the citizen hour value without a
// citizen-time gain, uptake values beyond the period. Errors: invalid (the
// case's fields).
func Tornado(c Case) ([]Bar, error) {
	if err := invalid(c); err != nil {
		return nil, err
	}
	m := compile(c)
	v := slices.Clone(m.vals)
	bars := make([]Bar, len(m.samp))
	for i, s := range m.samp {
		b := label(c, m.src[i])
		b.Low, b.High = s.lo, s.hi
		b.Likely = m.vals[s.idx]
		v[s.idx] = b.Low
		b.NPVLow = m.npv(v)
		v[s.idx] = b.High
		b.NPVHigh = m.npv(v)
		v[s.idx] = m.vals[s.idx]
		b.Swing = math.Abs(b.NPVHigh - b.NPVLow)
		bars[i] = b
	}
	slices.SortStableFunc(bars, func(a, b Bar) int { return cmp.Compare(b.Swing, a.Swing) })
	return bars, nil
}

// label names the input src of the case: its path and what it belongs to.
func label(c Case, src source) Bar {
	i := strconv.Itoa(src.I)
	switch src.Field {
	case "citizen_hour_value":
		return Bar{Path: "settings." + src.Field, Field: src.Field}
	case "annual":
		return Bar{Path: "gains[" + i + "]." + src.Field, Field: src.Field, Name: c.Gains[src.I].Name}
	case "uptake":
		return Bar{Path: "uptake[" + i + "]", Field: src.Field, Year: src.I + 1}
	case "amount", "hours":
		return Bar{Path: "costs[" + i + "]." + src.Field, Field: src.Field, Name: c.Costs[src.I].Name}
	}
	m := c.Municipalities[src.I]
	name := m.Name
	if name == "" {
		name = m.Municipality
	}
	return Bar{Path: "municipalities[" + i + "]." + src.Field, Field: src.Field, Name: name}
}
