// Package roadmap plans the order of digitalisation: which services start in
// which planning year so that the discounted net benefit is largest under
// yearly budgets, staff capacity and dependencies. It is pure: values in,
// values out; the external solvers are reached through files only.
package roadmap

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Year is one planning year's limits: money and staff hours.
type Year struct {
	Budget   float64 `json:"budget"`
	Capacity float64 `json:"capacity"`
}

// Service is a candidate for the plan. A common component (ID-porten, KS
// Fiks …) is a service without benefit of its own that others require.
type Service struct {
	ID            string   `json:"id"`
	Cost          float64  `json:"cost"`
	Hours         float64  `json:"hours"`
	AnnualBenefit float64  `json:"annual_benefit"`
	Requires      []string `json:"requires,omitempty"`
	Must          bool     `json:"must,omitempty"`
	Exclude       bool     `json:"exclude,omitempty"`
}

// Instance is the planning problem; its JSON form is the CLI's file format.
type Instance struct {
	DiscountRate float64   `json:"discount_rate"`
	Horizon      int       `json:"horizon"`
	Years        []Year    `json:"years"`
	Services     []Service `json:"services"`
}

// Start is one service's start year (0-based) in a plan.
type Start struct {
	ID   string `json:"id"`
	Year int    `json:"year"`
}

// MaxDiscountRate is the largest discount rate accepted.
const MaxDiscountRate = 0.2

// ReadInstance decodes and validates an instance within the default
// sizes. Syntax and type errors name the line, column and JSON path; it
// returns domain Invalid errors.
func ReadInstance(r io.Reader) (Instance, error) {
	return ReadInstanceWithin(r, SizeLimits{})
}

// ReadInstanceWithin is ReadInstance with the sizes limits (zero fields:
// the defaults).
func ReadInstanceWithin(r io.Reader, limits SizeLimits) (Instance, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Instance{}, err
	}
	var inst Instance
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&inst); err != nil {
		return Instance{}, jsonError(data, err)
	}
	if err := inst.ValidateWithin(limits); err != nil {
		return Instance{}, err
	}
	return inst, nil
}

// jsonError turns a decoding error into an Invalid error with a position.
func jsonError(data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		l, c := lineCol(data, se.Offset)
		return domain.Invalid("error.invalid_fields", domain.Field(fmt.Sprintf("line %d, column %d", l, c), "roadmap.json_syntax", se.Error()))
	case errors.As(err, &te):
		l, c := lineCol(data, te.Offset)
		return domain.Invalid("error.invalid_fields", domain.Field(te.Field, "roadmap.json_type", fmt.Sprintf("line %d, column %d: want %s, got %s", l, c, te.Type, te.Value)))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return domain.Invalid("error.invalid_fields", domain.Field("line 1", "roadmap.json_syntax", "empty or truncated file"))
	}
	return domain.Invalid("error.invalid_fields", domain.Field("", "roadmap.json_syntax", err.Error()))
}

func lineCol(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// index maps ids to positions.
func (inst Instance) index() map[string]int {
	m := make(map[string]int, len(inst.Services))
	for i, s := range inst.Services {
		m[s.ID] = i
	}
	return m
}

// Validate checks the instance and names the services or years at fault.
// Codes (all as fields of domain.Invalid("error.invalid_fields")):
// roadmap.no_years, roadmap.discount_rate_range, roadmap.horizon_short,
// roadmap.negative, roadmap.not_finite, roadmap.id_missing,
// roadmap.id_duplicate, roadmap.unknown_requires, roadmap.cycle,
// roadmap.must_excluded, roadmap.must_requires_excluded,
// roadmap.must_cost_exceeds_budgets, roadmap.must_hours_exceed_capacity,
// roadmap.must_chain_too_long, and those of ValidateWithin's limits. The
// sizes are DefaultSizeLimits.
func (inst Instance) Validate() error {
	return inst.ValidateWithin(SizeLimits{})
}

// maxProblems is how many must-service problems of one kind Validate
// lists: enough to act on, and a bound on its work.
const maxProblems = 100

// ValidateWithin is Validate with the sizes limits (zero fields: the
// defaults). An instance over them is refused first, by its counts alone
// (roadmap.too_many_services, roadmap.too_many_years,
// roadmap.too_many_cells, roadmap.too_many_dependencies), and a horizon
// over MaxHorizon years is roadmap.horizon_range: the rest of the checks
// then run in time linear in the instance.
func (inst Instance) ValidateWithin(limits SizeLimits) error {
	T := len(inst.Years)
	if errs := limits.check("services", "years", len(inst.Services), T, inst.dependencies()); len(errs) > 0 {
		return domain.Invalid("error.invalid_fields", errs...)
	}
	var errs []domain.FieldError
	add := func(field, code string, params ...any) {
		errs = append(errs, domain.Field(field, code, params...))
	}
	if T == 0 {
		add("years", "roadmap.no_years")
	}
	if !(inst.DiscountRate >= 0 && inst.DiscountRate <= MaxDiscountRate) {
		add("discount_rate", "roadmap.discount_rate_range", inst.DiscountRate, 0, MaxDiscountRate)
	}
	switch {
	case inst.Horizon < T:
		add("horizon", "roadmap.horizon_short", inst.Horizon, T)
	case inst.Horizon > MaxHorizon:
		add("horizon", "roadmap.horizon_range", inst.Horizon, T, MaxHorizon)
	}
	num := func(field string, v float64) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			add(field, "roadmap.not_finite", v)
		} else if v < 0 {
			add(field, "roadmap.negative", v)
		}
	}
	for t, y := range inst.Years {
		num(fmt.Sprintf("years[%d].budget", t), y.Budget)
		num(fmt.Sprintf("years[%d].capacity", t), y.Capacity)
	}
	idx := map[string]int{}
	for i, s := range inst.Services {
		p := fmt.Sprintf("services[%d]", i)
		if strings.TrimSpace(s.ID) == "" {
			add(p+".id", "roadmap.id_missing")
		} else if j, dup := idx[s.ID]; dup {
			add(p+".id", "roadmap.id_duplicate", s.ID, j)
		} else {
			idx[s.ID] = i
		}
		num(p+".cost", s.Cost)
		num(p+".hours", s.Hours)
		num(p+".annual_benefit", s.AnnualBenefit)
		if s.Must && s.Exclude {
			add(p, "roadmap.must_excluded", s.ID)
		}
	}
	for i, s := range inst.Services {
		for k, r := range s.Requires {
			if _, ok := idx[r]; !ok {
				add(fmt.Sprintf("services[%d].requires[%d]", i, k), "roadmap.unknown_requires", s.ID, r)
			}
		}
	}
	if len(errs) > 0 {
		return domain.Invalid("error.invalid_fields", errs...)
	}
	if cyc := inst.findCycle(idx); cyc != nil {
		return domain.Invalid("error.invalid_fields", domain.Field("services", "roadmap.cycle", strings.Join(cyc, " → ")))
	}
	depth := inst.depths(idx)
	// Whether an excluded service is among each service's requirements,
	// direct or not (in one pass), so that only the must-services at fault
	// walk their requirements, and at most maxProblems of them.
	excluded := inst.requiresExcluded(idx)
	reported := 0
	for i, s := range inst.Services {
		if !s.Must {
			continue
		}
		p := fmt.Sprintf("services[%d]", i)
		if excluded[i] && reported < maxProblems {
			reported++
			for _, r := range inst.closure(idx, i) {
				if inst.Services[r].Exclude {
					add(p, "roadmap.must_requires_excluded", s.ID, inst.Services[r].ID)
				}
			}
		}
		fitsCost, fitsHours := false, false
		for t := depth[i]; t < T; t++ {
			fitsCost = fitsCost || s.Cost <= inst.Years[t].Budget
			fitsHours = fitsHours || s.Hours <= inst.Years[t].Capacity
		}
		switch {
		case depth[i] >= T:
			add(p, "roadmap.must_chain_too_long", s.ID, depth[i]+1, T)
		case !fitsCost:
			add(p+".cost", "roadmap.must_cost_exceeds_budgets", s.ID, s.Cost)
		case !fitsHours:
			add(p+".hours", "roadmap.must_hours_exceed_capacity", s.ID, s.Hours)
		}
	}
	if len(errs) > 0 {
		return domain.Invalid("error.invalid_fields", errs...)
	}
	return nil
}

// findCycle returns the ids of a dependency cycle, first id repeated at
// the end, or nil.
func (inst Instance) findCycle(idx map[string]int) []string {
	const (
		white = iota
		grey
		black
	)
	colour := make([]int, len(inst.Services))
	var stack []int
	var found []string
	var visit func(i int) bool
	visit = func(i int) bool {
		colour[i] = grey
		stack = append(stack, i)
		for _, r := range inst.Services[i].Requires {
			j := idx[r]
			if colour[j] == grey {
				k := slices.Index(stack, j)
				for _, s := range stack[k:] {
					found = append(found, inst.Services[s].ID)
				}
				found = append(found, inst.Services[j].ID)
				return true
			}
			if colour[j] == white && visit(j) {
				return true
			}
		}
		stack = stack[:len(stack)-1]
		colour[i] = black
		return false
	}
	for i := range inst.Services {
		if colour[i] == white && visit(i) {
			return found
		}
	}
	return nil
}

// depths is each service's earliest start year: the length of its longest
// chain of requirements. The instance must be acyclic.
func (inst Instance) depths(idx map[string]int) []int {
	d := make([]int, len(inst.Services))
	done := make([]bool, len(inst.Services))
	var f func(i int) int
	f = func(i int) int {
		if done[i] {
			return d[i]
		}
		best := 0
		for _, r := range inst.Services[i].Requires {
			best = max(best, f(idx[r])+1)
		}
		d[i], done[i] = best, true
		return best
	}
	for i := range inst.Services {
		f(i)
	}
	return d
}

// requiresExcluded tells for each service whether it requires an
// excluded service, directly or not. The instance must be acyclic.
func (inst Instance) requiresExcluded(idx map[string]int) []bool {
	out := make([]bool, len(inst.Services))
	done := make([]bool, len(inst.Services))
	var f func(i int) bool
	f = func(i int) bool {
		if done[i] {
			return out[i]
		}
		done[i] = true
		for _, r := range inst.Services[i].Requires {
			j := idx[r]
			if inst.Services[j].Exclude || f(j) {
				out[i] = true
			}
		}
		return out[i]
	}
	for i := range inst.Services {
		f(i)
	}
	return out
}

// closure lists the services i requires, directly or not.
func (inst Instance) closure(idx map[string]int, i int) []int {
	seen := map[int]bool{}
	var out []int
	var f func(k int)
	f = func(k int) {
		for _, r := range inst.Services[k].Requires {
			j := idx[r]
			if !seen[j] {
				seen[j] = true
				out = append(out, j)
				f(j)
			}
		}
	}
	f(i)
	return out
}

// Value is v(i,t): the annual benefit discounted over years t+1 … horizon
// minus the cost discounted to year t.
func (inst Instance) Value(s Service, t int) float64 {
	r := inst.DiscountRate
	v := 0.0
	for y := t + 1; y <= inst.Horizon; y++ {
		v += s.AnnualBenefit / math.Pow(1+r, float64(y))
	}
	return v - s.Cost/math.Pow(1+r, float64(t))
}

// discounts are (1+r)^y for y = 0 … horizon: what Value divides by,
// computed once per instance rather than once per service and year (the
// optimiser's model, at up to DefaultSizeLimits.Cells × MaxHorizon).
func (inst Instance) discounts() []float64 {
	d := make([]float64, max(inst.Horizon, 0)+1)
	for y := range d {
		d[y] = math.Pow(1+inst.DiscountRate, float64(y))
	}
	return d
}

// value is Value with the discounts given (the same sums, in the same
// order, so the same numbers to the last bit); t must be at most the
// horizon.
func value(s Service, t, horizon int, disc []float64) float64 {
	v := 0.0
	for y := t + 1; y <= horizon; y++ {
		v += s.AnnualBenefit / disc[y]
	}
	return v - s.Cost/disc[t]
}
