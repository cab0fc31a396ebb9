package roadmap

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// A collaboration's roadmap: the candidates (decided services and common
// components) with their cost, staff hours and annual benefit, and the
// scenarios that plan them under different limits. Each scenario keeps its
// last solved plan, so the pages show it without solving again.

// Item kinds: a decided service, or a common component (ID-porten, KS
// Fiks, an archive integration …) that has a cost and no benefit of its
// own and that services require.
const (
	KindService   = "service"
	KindComponent = "component"
)

// Where an item's figures came from (Item.Source).
const (
	SourceBenefitCase  = "benefit_case"  // a stored benefit case
	SourceBenefitDraft = "benefit_draft" // the draft of a service without a stored case
	SourceManual       = "manual"        // typed in on the roadmap
)

// Limits of a roadmap.
const (
	MaxItems     = 2000
	MaxScenarios = 12
	MaxYears     = 30
	MaxHorizon   = 100
	MaxNameLen   = 200
	MaxNoteLen   = 1000
)

var keyPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,79}$`)

// Item is a candidate of the roadmap. Its Key is the service's slug, or a
// component's own key, and is the id in the optimiser's instance.
type Item struct {
	Key       string    `json:"key"`
	Kind      string    `json:"kind"`
	Name      string    `json:"name"`
	ServiceID domain.ID `json:"service_id,omitempty"`
	// Rank is the place in the decision's ranking (ties share a rank);
	// 0 when the item is not ranked (components, services added by hand).
	Rank          float64  `json:"rank,omitempty"`
	Cost          float64  `json:"cost"`
	Hours         float64  `json:"hours"`
	AnnualBenefit float64  `json:"annual_benefit"`
	Requires      []string `json:"requires,omitempty"`
	Source        string   `json:"source,omitempty"`
	// SourceVersion is the benefit case's version the figures were read
	// from (SourceBenefitCase only).
	SourceVersion int `json:"source_version,omitempty"`
	// Note says what the figures rest on, e.g. that they are illustrative.
	Note string `json:"note,omitempty"`
}

// Scenario is one set of limits and forced choices over the items: the
// calendar year of planning year 0, the discount rate, the horizon of the
// benefits (in years from the first planning year), each planning year's
// budget and staff hours, and the items that must be or must not be
// started. Outcome is the last solve, nil before the first.
type Scenario struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	FirstYear    int      `json:"first_year"`
	DiscountRate float64  `json:"discount_rate"`
	Horizon      int      `json:"horizon"`
	Years        []Year   `json:"years"`
	Must         []string `json:"must,omitempty"`
	Exclude      []string `json:"exclude,omitempty"`
	Outcome      *Outcome `json:"outcome,omitempty"`
}

// Outcome is a scenario's solved plan and its greedy baseline, or, when
// the scenario has no plan (its must-items cannot all fit), the reasons.
// Digest identifies the instance solved, so that a result that no longer
// matches its inputs shows as stale.
type Outcome struct {
	Optimum  Result              `json:"optimum"`
	Greedy   *Result             `json:"greedy,omitempty"`
	Problems []domain.FieldError `json:"problems,omitempty"`
	SolvedAt time.Time           `json:"solved_at"`
	Digest   string              `json:"digest"`
}

// Roadmap is a collaboration's roadmap. DecisionID is the prioritisation
// decision its services came from (0: chosen by hand).
type Roadmap struct {
	DecisionID domain.ID  `json:"decision_id,omitempty"`
	Items      []Item     `json:"items"`
	Scenarios  []Scenario `json:"scenarios"`
}

// Record is a stored roadmap: one per collaboration.
type Record struct {
	CollaborationID domain.ID `json:"collaboration_id"`
	Roadmap         Roadmap   `json:"roadmap"`
	Version         int       `json:"version"`
	UpdatedBy       string    `json:"updated_by"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// Item returns the item with key.
func (r Roadmap) Item(key string) (Item, bool) {
	i := slices.IndexFunc(r.Items, func(it Item) bool { return it.Key == key })
	if i < 0 {
		return Item{}, false
	}
	return r.Items[i], true
}

// Scenario returns the scenario with id and its position.
func (r Roadmap) Scenario(id string) (Scenario, int, bool) {
	i := slices.IndexFunc(r.Scenarios, func(s Scenario) bool { return s.ID == id })
	if i < 0 {
		return Scenario{}, -1, false
	}
	return r.Scenarios[i], i, true
}

// NextScenarioID is an id no scenario of r has: "s1", "s2" …
func (r Roadmap) NextScenarioID() string {
	n := 0
	for _, s := range r.Scenarios {
		if k, err := strconv.Atoi(strings.TrimPrefix(s.ID, "s")); err == nil && k > n {
			n = k
		}
	}
	return "s" + strconv.Itoa(n+1)
}

// Instance is the optimiser's problem for scenario sc: every item in the
// roadmap's order, with the scenario's limits and forced choices.
func (r Roadmap) Instance(sc Scenario) Instance {
	inst := Instance{DiscountRate: sc.DiscountRate, Horizon: sc.Horizon, Years: slices.Clone(sc.Years)}
	for _, it := range r.Items {
		inst.Services = append(inst.Services, Service{ID: it.Key, Cost: it.Cost, Hours: it.Hours,
			AnnualBenefit: it.AnnualBenefit, Requires: slices.Clone(it.Requires),
			Must: slices.Contains(sc.Must, it.Key), Exclude: slices.Contains(sc.Exclude, it.Key)})
	}
	return inst
}

// Order is the greedy baseline's order: the ranked services by rank, then
// the other services in the roadmap's order. Components are left to be
// pulled in by the services that require them.
func (r Roadmap) Order() []string {
	var items []Item
	for _, it := range r.Items {
		if it.Kind == KindService {
			items = append(items, it)
		}
	}
	slices.SortStableFunc(items, func(a, b Item) int {
		switch {
		case a.Rank > 0 && b.Rank > 0:
			return cmpAsc(a.Rank, b.Rank)
		case a.Rank > 0:
			return -1
		case b.Rank > 0:
			return 1
		}
		return 0
	})
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Key
	}
	return out
}

func cmpAsc(a, b float64) int { return -cmpDesc(a, b) }

// Digest identifies an instance: a hash of its JSON form.
func Digest(inst Instance) string {
	b, err := json.Marshal(inst)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// Stale reports whether the scenario's outcome was solved from other
// inputs than the roadmap now holds (or it was never solved).
func (r Roadmap) Stale(sc Scenario) bool {
	return sc.Outcome == nil || sc.Outcome.Digest != Digest(r.Instance(sc))
}

// Validate checks the roadmap and names the item or scenario at fault by
// its path (items[i].cost, scenarios[k].years[t].budget …). Codes:
// field.required, field.too_long, field.one_of, roadmap.key_format,
// roadmap.key_duplicate, roadmap.negative, roadmap.not_finite,
// roadmap.unknown_requires, roadmap.requires_self, roadmap.cycle,
// roadmap.too_many_items, roadmap.too_many_scenarios,
// roadmap.name_duplicate, roadmap.first_year_range, roadmap.no_years,
// roadmap.too_many_years, roadmap.horizon_range,
// roadmap.discount_pct_range, roadmap.unknown_item, roadmap.must_excluded.
// Whether a scenario's must-items fit is the solver's question, not this.
// The optimiser's sizes are DefaultSizeLimits (see ValidateWithin).
func (r Roadmap) Validate() error {
	return r.ValidateWithin(SizeLimits{})
}

// ValidateWithin is Validate with the optimiser's sizes limits (zero
// fields: the defaults), so that every roadmap an edit stores can be
// solved: roadmap.too_many_dependencies at items (count, limit) and
// roadmap.too_many_cells at scenarios[k].years (items, years, product,
// limit), besides MaxItems and MaxYears.
func (r Roadmap) ValidateWithin(limits SizeLimits) error {
	limits = limits.orDefault()
	var errs []domain.FieldError
	if len(r.Items) > MaxItems {
		errs = append(errs, domain.Field("items", "roadmap.too_many_items", MaxItems))
	} else if len(r.Items) > limits.Services {
		errs = append(errs, domain.Field("items", "roadmap.too_many_items", limits.Services))
	}
	deps := 0
	for _, it := range r.Items {
		deps += len(it.Requires)
	}
	if deps > limits.Dependencies {
		errs = append(errs, domain.Field("items", "roadmap.too_many_dependencies", deps, limits.Dependencies))
	}
	if len(errs) > 0 {
		// By the counts alone, before any work on each item.
		return domain.Invalid("error.invalid_fields", errs...)
	}
	keys := map[string]int{}
	for i, it := range r.Items {
		p := fmt.Sprintf("items[%d]", i)
		switch {
		case !keyPattern.MatchString(it.Key):
			errs = append(errs, domain.Field(p+".key", "roadmap.key_format", it.Key))
		case keys[it.Key] > 0:
			errs = append(errs, domain.Field(p+".key", "roadmap.key_duplicate", it.Key))
		default:
			keys[it.Key] = i + 1
		}
		errs = domain.OneOf(errs, p+".kind", it.Kind, []string{KindService, KindComponent})
		errs = domain.Required(errs, p+".name", strings.TrimSpace(it.Name))
		errs = domain.MaxLen(errs, p+".name", it.Name, MaxNameLen)
		errs = domain.MaxLen(errs, p+".note", it.Note, MaxNoteLen)
		errs = amount(errs, p+".cost", it.Cost)
		errs = amount(errs, p+".hours", it.Hours)
		errs = amount(errs, p+".annual_benefit", it.AnnualBenefit)
		errs = amount(errs, p+".rank", it.Rank)
	}
	for i, it := range r.Items {
		for k, req := range it.Requires {
			f := fmt.Sprintf("items[%d].requires[%d]", i, k)
			if req == it.Key {
				errs = append(errs, domain.Field(f, "roadmap.requires_self", it.Key))
			} else if keys[req] == 0 {
				errs = append(errs, domain.Field(f, "roadmap.unknown_requires", it.Key, req))
			}
		}
	}
	if len(r.Scenarios) > MaxScenarios {
		errs = append(errs, domain.Field("scenarios", "roadmap.too_many_scenarios", MaxScenarios))
	}
	ids, names := map[string]bool{}, map[string]bool{}
	for k, sc := range r.Scenarios {
		p := fmt.Sprintf("scenarios[%d]", k)
		if sc.ID == "" || ids[sc.ID] {
			errs = append(errs, domain.Field(p+".id", "roadmap.key_duplicate", sc.ID))
		}
		ids[sc.ID] = true
		name := strings.TrimSpace(sc.Name)
		errs = domain.Required(errs, p+".name", name)
		errs = domain.MaxLen(errs, p+".name", sc.Name, MaxNameLen)
		if name != "" && names[strings.ToLower(name)] {
			errs = append(errs, domain.Field(p+".name", "roadmap.name_duplicate", name))
		}
		names[strings.ToLower(name)] = true
		errs = append(errs, sc.check(p, keys)...)
		if len(sc.Years) > limits.Years && len(sc.Years) <= MaxYears {
			errs = append(errs, domain.Field(p+".years", "roadmap.too_many_years", limits.Years))
		}
		if cells := len(r.Items) * len(sc.Years); cells > limits.Cells {
			errs = append(errs, domain.Field(p+".years", "roadmap.too_many_cells", len(r.Items), len(sc.Years), cells, limits.Cells))
		}
	}
	if len(errs) > 0 {
		return domain.Invalid("error.invalid_fields", errs...)
	}
	if cyc := r.Instance(Scenario{}).findCycle(indexOf(r.Items)); cyc != nil {
		return domain.Invalid("error.invalid_fields", domain.Field("items", "roadmap.cycle", strings.Join(cyc, " → ")))
	}
	return nil
}

// check validates a scenario's settings and forced choices.
func (sc Scenario) check(p string, keys map[string]int) []domain.FieldError {
	var errs []domain.FieldError
	if sc.FirstYear < 2000 || sc.FirstYear > 2100 {
		errs = append(errs, domain.Field(p+".first_year", "roadmap.first_year_range", sc.FirstYear, 2000, 2100))
	}
	switch {
	case len(sc.Years) == 0:
		errs = append(errs, domain.Field(p+".years", "roadmap.no_years"))
	case len(sc.Years) > MaxYears:
		errs = append(errs, domain.Field(p+".years", "roadmap.too_many_years", MaxYears))
	}
	if sc.Horizon < len(sc.Years) || sc.Horizon > MaxHorizon {
		errs = append(errs, domain.Field(p+".horizon", "roadmap.horizon_range", sc.Horizon, len(sc.Years), MaxHorizon))
	}
	if !(sc.DiscountRate >= 0 && sc.DiscountRate <= MaxDiscountRate) {
		errs = append(errs, domain.Field(p+".discount_rate", "roadmap.discount_pct_range", sc.DiscountRate*100, 0.0, MaxDiscountRate*100))
	}
	for t, y := range sc.Years {
		errs = amount(errs, fmt.Sprintf("%s.years[%d].budget", p, t), y.Budget)
		errs = amount(errs, fmt.Sprintf("%s.years[%d].capacity", p, t), y.Capacity)
	}
	for k, key := range sc.Must {
		if keys[key] == 0 {
			errs = append(errs, domain.Field(fmt.Sprintf("%s.must[%d]", p, k), "roadmap.unknown_item", key))
		}
		if slices.Contains(sc.Exclude, key) {
			errs = append(errs, domain.Field(fmt.Sprintf("%s.must[%d]", p, k), "roadmap.must_excluded", key))
		}
	}
	for k, key := range sc.Exclude {
		if keys[key] == 0 {
			errs = append(errs, domain.Field(fmt.Sprintf("%s.exclude[%d]", p, k), "roadmap.unknown_item", key))
		}
	}
	return errs
}

// amount fails a number that is not finite or negative.
func amount(errs []domain.FieldError, field string, v float64) []domain.FieldError {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return append(errs, domain.Field(field, "roadmap.not_finite", v))
	case v < 0:
		return append(errs, domain.Field(field, "roadmap.negative", v))
	}
	return errs
}

func indexOf(items []Item) map[string]int {
	m := make(map[string]int, len(items))
	for i, it := range items {
		m[it.Key] = i
	}
	return m
}

// Required lists the items that require key.
func (r Roadmap) Required(key string) []string {
	var out []string
	for _, it := range r.Items {
		if slices.Contains(it.Requires, key) {
			out = append(out, it.Key)
		}
	}
	return out
}

// KeyFor makes an item key from a name: lower case ASCII letters, digits
// and hyphens ("KS Fiks – SvarUt" → "ks-fiks-svarut"), unique among taken.
func KeyFor(name string, taken func(string) bool) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch r {
		case 'æ':
			b.WriteString("ae")
		case 'ø':
			b.WriteString("o")
		case 'å':
			b.WriteString("a")
		default:
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				b.WriteRune(r)
			} else {
				if !dash && b.Len() > 0 {
					b.WriteByte('-')
				}
				dash = true
				continue
			}
		}
		dash = false
	}
	key := strings.Trim(b.String(), "-")
	if len(key) > 70 {
		key = strings.Trim(key[:70], "-")
	}
	if key == "" {
		key = "komponent"
	}
	base := key
	for n := 2; taken(key); n++ {
		key = fmt.Sprintf("%s-%d", base, n)
	}
	return key
}
