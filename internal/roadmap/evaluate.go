package roadmap

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// model is an instance compiled to indices for the algorithms.
type model struct {
	inst     Instance
	n, T     int
	idx      map[string]int
	cost     []float64
	hours    []float64
	val      [][]float64 // val[i][t] = v(i,t)
	req      [][]int
	must     []bool
	excl     []bool
	earliest []int
	budget   []float64
	capacity []float64
}

// compile validates inst within the default sizes and builds its model.
func compile(inst Instance) (*model, error) {
	return compileWithin(inst, SizeLimits{})
}

// compileWithin validates inst within limits and builds its model, in
// time linear in its size (services × years × horizon).
func compileWithin(inst Instance, limits SizeLimits) (*model, error) {
	if err := inst.ValidateWithin(limits); err != nil {
		return nil, err
	}
	m := &model{inst: inst, n: len(inst.Services), T: len(inst.Years), idx: inst.index()}
	m.earliest = inst.depths(m.idx)
	for _, y := range inst.Years {
		m.budget = append(m.budget, y.Budget)
		m.capacity = append(m.capacity, y.Capacity)
	}
	disc := inst.discounts()
	seen := make([]int, m.n) // seen[j] == i+1: j is already in i's requirements
	for i, s := range inst.Services {
		m.cost = append(m.cost, s.Cost)
		m.hours = append(m.hours, s.Hours)
		m.must = append(m.must, s.Must)
		m.excl = append(m.excl, s.Exclude)
		v := make([]float64, m.T)
		for t := range v {
			v[t] = value(s, t, inst.Horizon, disc)
		}
		m.val = append(m.val, v)
		var r []int
		for _, id := range s.Requires {
			if j := m.idx[id]; seen[j] != i+1 {
				seen[j] = i + 1
				r = append(r, j)
			}
		}
		m.req = append(m.req, r)
	}
	return m, nil
}

// eps is the tolerance of resource and objective comparisons.
const eps = 1e-7

func fits(used, add, limit float64) bool { return used+add <= limit+eps*max(1, math.Abs(limit)) }

// YearUse is one year's spend and hours against its limits.
type YearUse struct {
	Year        int      `json:"year"`
	Spend       float64  `json:"spend"`
	Budget      float64  `json:"budget"`
	BudgetUse   float64  `json:"budget_use"`
	Hours       float64  `json:"hours"`
	Capacity    float64  `json:"capacity"`
	CapacityUse float64  `json:"capacity_use"`
	Starts      []string `json:"starts"`
}

// Evaluation is a plan's objective, yearly use and feasibility problems
// (codes roadmap.plan_*; none when the plan is feasible).
type Evaluation struct {
	Objective float64             `json:"objective"`
	Years     []YearUse           `json:"years"`
	Problems  []domain.FieldError `json:"problems,omitempty"`
}

// Feasible reports whether the plan meets every constraint.
func (e Evaluation) Feasible() bool { return len(e.Problems) == 0 }

func ratio(a, b float64) float64 {
	if b == 0 {
		if a == 0 {
			return 0
		}
		return math.Inf(1)
	}
	return a / b
}

// Evaluate computes a plan's objective and yearly use and lists what it
// violates. It returns a domain Invalid error only for an invalid instance.
func Evaluate(inst Instance, plan []Start) (Evaluation, error) {
	m, err := compile(inst)
	if err != nil {
		return Evaluation{}, err
	}
	return m.evaluate(plan), nil
}

func (m *model) evaluate(plan []Start) Evaluation {
	var ev Evaluation
	prob := func(field, code string, params ...any) {
		ev.Problems = append(ev.Problems, domain.Field(field, code, params...))
	}
	ev.Years = make([]YearUse, m.T)
	for t := range ev.Years {
		ev.Years[t] = YearUse{Year: t, Budget: m.budget[t], Capacity: m.capacity[t], Starts: []string{}}
	}
	start := make([]int, m.n)
	for i := range start {
		start[i] = -1
	}
	for k, st := range plan {
		i, ok := m.idx[st.ID]
		p := fmt.Sprintf("plan[%d]", k)
		switch {
		case !ok:
			prob(p, "roadmap.plan_unknown_id", st.ID)
			continue
		case start[i] >= 0:
			prob(p, "roadmap.plan_duplicate", st.ID)
			continue
		case st.Year < 0 || st.Year >= m.T:
			prob(p, "roadmap.plan_year_range", st.ID, st.Year, m.T)
			continue
		}
		start[i] = st.Year
		if m.excl[i] {
			prob(p, "roadmap.plan_excluded", st.ID)
		}
		y := &ev.Years[st.Year]
		y.Spend += m.cost[i]
		y.Hours += m.hours[i]
		y.Starts = append(y.Starts, st.ID)
		ev.Objective += m.val[i][st.Year]
	}
	for i := range m.n {
		id := m.inst.Services[i].ID
		if m.must[i] && start[i] < 0 {
			prob(id, "roadmap.plan_must_missing", id)
		}
		if start[i] < 0 {
			continue
		}
		for _, j := range m.req[i] {
			if start[j] < 0 {
				prob(id, "roadmap.plan_requires_missing", id, m.inst.Services[j].ID)
			} else if start[j] >= start[i] {
				prob(id, "roadmap.plan_requires_late", id, m.inst.Services[j].ID, start[j], start[i])
			}
		}
	}
	for t := range ev.Years {
		y := &ev.Years[t]
		y.BudgetUse, y.CapacityUse = ratio(y.Spend, y.Budget), ratio(y.Hours, y.Capacity)
		if !fits(0, y.Spend, y.Budget) {
			prob(fmt.Sprintf("years[%d].budget", t), "roadmap.plan_over_budget", t, y.Spend, y.Budget)
		}
		if !fits(0, y.Hours, y.Capacity) {
			prob(fmt.Sprintf("years[%d].capacity", t), "roadmap.plan_over_capacity", t, y.Hours, y.Capacity)
		}
	}
	return ev
}

// state is a partial plan with its yearly use, for the constructive heuristics.
type state struct {
	start []int
	spend []float64
	hours []float64
	obj   float64
}

func (m *model) newState() *state {
	s := &state{start: make([]int, m.n), spend: make([]float64, m.T), hours: make([]float64, m.T)}
	for i := range s.start {
		s.start[i] = -1
	}
	return s
}

func (s *state) clone() *state {
	return &state{start: slices.Clone(s.start), spend: slices.Clone(s.spend), hours: slices.Clone(s.hours), obj: s.obj}
}

func (m *model) set(s *state, i, t int) {
	s.start[i] = t
	s.spend[t] += m.cost[i]
	s.hours[t] += m.hours[i]
	s.obj += m.val[i][t]
}

// lowest is the first year i may start given its started requirements, or
// -1 when a requirement is not started.
func (m *model) lowest(s *state, i int) int {
	lo := m.earliest[i]
	for _, j := range m.req[i] {
		if s.start[j] < 0 {
			return -1
		}
		lo = max(lo, s.start[j]+1)
	}
	return lo
}

// place starts i and, first, the requirements it lacks. With best it picks
// the year of highest value among those with room, else the earliest. It
// changes nothing and returns false when i cannot be placed.
func (m *model) place(s *state, i int, best bool) bool {
	if s.start[i] >= 0 {
		return true
	}
	if m.excl[i] {
		return false
	}
	try := s.clone()
	for _, j := range m.req[i] {
		if !m.place(try, j, best) {
			return false
		}
	}
	lo := m.lowest(try, i)
	pick := -1
	for t := max(lo, 0); t < m.T; t++ {
		if fits(try.spend[t], m.cost[i], m.budget[t]) && fits(try.hours[t], m.hours[i], m.capacity[t]) {
			if !best {
				pick = t
				break
			}
			if pick < 0 || m.val[i][t] > m.val[i][pick] {
				pick = t
			}
		}
	}
	if pick < 0 {
		return false
	}
	m.set(try, i, pick)
	*s = *try
	return true
}

func (m *model) plan(s *state) []Start {
	var out []Start
	for i, t := range s.start {
		if t >= 0 {
			out = append(out, Start{ID: m.inst.Services[i].ID, Year: t})
		}
	}
	slices.SortStableFunc(out, func(a, b Start) int { return a.Year - b.Year })
	return out
}

// Greedy is the baseline "in ranking order, as long as money and people
// last": must-services first, then the services in order, each in the
// earliest year with room after its requirements (which it pulls in
// first). Ids in order that are unknown are an Invalid error; services not
// named are left out.
func Greedy(inst Instance, order []string) (Result, error) {
	m, err := compile(inst)
	if err != nil {
		return Result{}, err
	}
	s := m.newState()
	for i := range m.n {
		if m.must[i] {
			m.place(s, i, false)
		}
	}
	for k, id := range order {
		i, ok := m.idx[id]
		if !ok {
			return Result{}, domain.Invalid("error.invalid_fields", domain.Field(fmt.Sprintf("order[%d]", k), "roadmap.unknown_id", id))
		}
		m.place(s, i, false)
	}
	res := Result{Objective: s.obj, Bound: math.NaN(), Gap: math.NaN(), Plan: m.plan(s), Solver: "greedy"}
	if ev := m.evaluate(res.Plan); !ev.Feasible() {
		return res, m.infeasible()
	}
	return res, nil
}

// density ranks services for the heuristics and the search: best value
// per share of the total budget and capacity.
func (m *model) density(i int) float64 {
	var tb, tc float64
	for t := range m.T {
		tb += m.budget[t]
		tc += m.capacity[t]
	}
	w := ratio(m.cost[i], tb) + ratio(m.hours[i], tc)
	best := slices.Max(m.val[i])
	if w <= 0 || math.IsInf(w, 0) {
		if math.IsInf(w, 0) {
			return math.Inf(-1)
		}
		return math.Inf(1) * sign(best)
	}
	return best / w
}

func sign(x float64) float64 {
	if x < 0 {
		return -1
	}
	return 1
}

// greedyDensity is Solve's first incumbent: must-services, then services
// of positive value by density, each in its best year with room. When
// stop (may be nil) says so it returns the plan so far, a valid one.
func (m *model) greedyDensity(stop func() bool) *state {
	s := m.newState()
	for i := range m.n {
		if m.must[i] {
			if halt(stop, i+1) {
				return s
			}
			m.place(s, i, true)
		}
	}
	order := make([]int, m.n)
	d := make([]float64, m.n)
	for i := range order {
		order[i], d[i] = i, m.density(i)
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpDesc(d[a], d[b]) })
	for k, i := range order {
		if halt(stop, k+1) {
			return s
		}
		if slices.Max(m.val[i]) > 0 {
			try := s.clone()
			if m.place(try, i, true) && try.obj > s.obj {
				*s = *try
			}
		}
	}
	return s
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// infeasible explains why the must-services cannot all be planned: the
// years whose budget or capacity they exceed when each starts as early as
// its requirements allow. Code roadmap.infeasible with fields
// roadmap.must_over_budget / roadmap.must_over_capacity (year, need,
// limit, services) or roadmap.must_over_total.
func (m *model) infeasible() error {
	// The must-services and all they require, directly or not: one walk
	// over the dependencies for all of them.
	forced := make([]bool, m.n)
	var todo []int
	for i := range m.n {
		if m.must[i] {
			forced[i] = true
			todo = append(todo, i)
		}
	}
	for len(todo) > 0 {
		i := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		for _, j := range m.req[i] {
			if !forced[j] {
				forced[j] = true
				todo = append(todo, j)
			}
		}
	}
	spend, hours := make([]float64, m.T), make([]float64, m.T)
	ids := make([][]string, m.T)
	var totC, totH, totB, totCap float64
	for i := range m.n {
		if forced[i] && m.earliest[i] < m.T {
			t := m.earliest[i]
			spend[t] += m.cost[i]
			hours[t] += m.hours[i]
			ids[t] = append(ids[t], m.inst.Services[i].ID)
			totC += m.cost[i]
			totH += m.hours[i]
		}
	}
	var f []domain.FieldError
	for t := range m.T {
		totB += m.budget[t]
		totCap += m.capacity[t]
		if !fits(0, spend[t], m.budget[t]) {
			f = append(f, domain.Field(fmt.Sprintf("years[%d].budget", t), "roadmap.must_over_budget", t, spend[t], m.budget[t], strings.Join(ids[t], ", ")))
		}
		if !fits(0, hours[t], m.capacity[t]) {
			f = append(f, domain.Field(fmt.Sprintf("years[%d].capacity", t), "roadmap.must_over_capacity", t, hours[t], m.capacity[t], strings.Join(ids[t], ", ")))
		}
	}
	if !fits(0, totC, totB) || !fits(0, totH, totCap) {
		f = append(f, domain.Field("years", "roadmap.must_over_total", totC, totB, totH, totCap))
	}
	if len(f) == 0 {
		f = append(f, domain.Field("services", "roadmap.must_no_schedule"))
	}
	return domain.Invalid("roadmap.infeasible", f...)
}
