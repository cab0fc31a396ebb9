package roadmap

import (
	"math"
	"slices"
)

// heur holds what the primal heuristics need beyond the model: the
// services that require each service.
type heur struct {
	m     *model
	users [][]int
	ks    *knap
	items []kitem
	// stop, when set, tells the long loops to end early (the search's
	// context is over); what they built so far stays a valid plan.
	stop func() bool
}

// checkEvery is how many steps of a loop over the services run between
// two looks at the clock: cheap against the steps, and often enough that
// no loop outlasts its time limit by much.
const checkEvery = 64

// halt reports whether stop is set and says to stop; it looks only every
// checkEvery-th step k (and at k = 0).
func halt(stop func() bool, k int) bool {
	return stop != nil && k%checkEvery == 0 && stop()
}

func newHeur(m *model) *heur {
	h := &heur{m: m, users: make([][]int, m.n), ks: &knap{limit: 3000, maxItems: 40}}
	for i := range m.n {
		for _, j := range m.req[i] {
			h.users[j] = append(h.users[j], i)
		}
	}
	return h
}

func (m *model) unsetState(s *state, i int) {
	t := s.start[i]
	s.start[i] = -1
	s.spend[t] -= m.cost[i]
	s.hours[t] -= m.hours[i]
	s.obj -= m.val[i][t]
}

// canAt reports whether the unstarted service i may start in year t of s:
// room, its requirements started earlier and its started users later.
func (h *heur) canAt(s *state, i, t int) bool {
	m := h.m
	if m.excl[i] || t < m.earliest[i] {
		return false
	}
	if !fits(s.spend[t], m.cost[i], m.budget[t]) || !fits(s.hours[t], m.hours[i], m.capacity[t]) {
		return false
	}
	return h.orderOK(s, i, t)
}

func (h *heur) orderOK(s *state, i, t int) bool {
	for _, j := range h.m.req[i] {
		if s.start[j] < 0 || s.start[j] >= t {
			return false
		}
	}
	for _, u := range h.users[i] {
		if s.start[u] >= 0 && s.start[u] <= t {
			return false
		}
	}
	return true
}

// removable reports whether the started service i may leave the plan.
func (h *heur) removable(s *state, i int) bool {
	if h.m.must[i] {
		return false
	}
	for _, u := range h.users[i] {
		if s.start[u] >= 0 {
			return false
		}
	}
	return true
}

// construct builds a plan: must-services first, then the pairs (i,t) by
// descending score, each when it fits (pulling in missing requirements
// when that still pays). It returns nil when the must-services do not fit.
func (h *heur) construct(score [][]float64) *state {
	m := h.m
	s := m.newState()
	for i := range m.n {
		if m.must[i] && !m.place(s, i, true) {
			return nil
		}
	}
	type pair struct {
		i, t int
		sc   float64
	}
	var ps []pair
	for i := range m.n {
		if m.excl[i] {
			continue
		}
		for t := m.earliest[i]; t < m.T; t++ {
			if score[i][t] > 0 && m.val[i][t] > 0 {
				ps = append(ps, pair{i, t, score[i][t]})
			}
		}
	}
	slices.SortStableFunc(ps, func(a, b pair) int { return cmpDesc(a.sc, b.sc) })
	for range 2 {
		for k, p := range ps {
			if halt(h.stop, k+1) {
				return s
			}
			if s.start[p.i] >= 0 {
				continue
			}
			if h.canAt(s, p.i, p.t) {
				m.set(s, p.i, p.t)
				continue
			}
			missing := false
			for _, j := range m.req[p.i] {
				if s.start[j] < 0 {
					missing = true
				}
			}
			if !missing {
				continue
			}
			try := s.clone()
			ok := true
			for _, j := range m.req[p.i] {
				if !m.place(try, j, false) {
					ok = false
					break
				}
			}
			if ok && h.canAt(try, p.i, p.t) {
				m.set(try, p.i, p.t)
				if try.obj > s.obj {
					*s = *try
				}
			}
		}
	}
	return s
}

// localSearch improves a feasible plan in place until no move helps:
// move a service to another year, drop a loss-making one, insert a
// missing one (possibly after taking out or moving one or two services of
// that year).
func (h *heur) localSearch(s *state, stop func() bool) {
	m := h.m
	minGain := func() float64 { return 1e-9 * math.Max(1, math.Abs(s.obj)) }
	inYear := make([][]int, m.T)
	for pass := 0; pass < 1000; pass++ {
		if stop != nil && stop() {
			return
		}
		improved := false
		// Moves and drops.
		for i := range m.n {
			if halt(stop, i+1) {
				return
			}
			t := s.start[i]
			if t < 0 {
				continue
			}
			if m.val[i][t] < -minGain() && h.removable(s, i) {
				m.unsetState(s, i)
				improved = true
				continue
			}
			m.unsetState(s, i)
			bt := t
			for u := range m.T {
				if u != t && m.val[i][u] > m.val[i][bt]+minGain() && h.canAt(s, i, u) {
					bt = u
				}
			}
			m.set(s, i, bt)
			improved = improved || bt != t
		}
		for t := range m.T {
			inYear[t] = inYear[t][:0]
		}
		for i, t := range s.start {
			if t >= 0 {
				inYear[t] = append(inYear[t], i)
			}
		}
		// Inserts.
		for i := range m.n {
			if halt(stop, i+1) {
				return
			}
			if s.start[i] >= 0 || m.excl[i] {
				continue
			}
			if h.insert(s, i, inYear, minGain()) {
				improved = true
				for t := range m.T {
					inYear[t] = inYear[t][:0]
				}
				for k, t := range s.start {
					if t >= 0 {
						inYear[t] = append(inYear[t], k)
					}
				}
			}
		}
		if !improved {
			return
		}
	}
}

// insert tries to start i with a gain; it applies the best move found.
func (h *heur) insert(s *state, i int, inYear [][]int, minGain float64) bool {
	m := h.m
	bestGain, bestT, bestK1, bestK2, bestT1 := minGain, -1, -1, -1, -1
	for t := m.earliest[i]; t < m.T; t++ {
		v := m.val[i][t]
		if v <= minGain || !h.orderOK(s, i, t) {
			continue
		}
		if fits(s.spend[t], m.cost[i], m.budget[t]) && fits(s.hours[t], m.hours[i], m.capacity[t]) {
			if v > bestGain {
				bestGain, bestT, bestK1, bestK2, bestT1 = v, t, -1, -1, -1
			}
			continue
		}
		needC := s.spend[t] + m.cost[i] - m.budget[t]
		needH := s.hours[t] + m.hours[i] - m.capacity[t]
		ys := inYear[t]
		for a, k1 := range ys {
			if slices.Contains(m.req[i], k1) {
				continue
			}
			// k1 leaves year t: dropped or moved to t1.
			lossDrop := math.Inf(1)
			if h.removable(s, k1) {
				lossDrop = m.val[k1][t]
			}
			ok1 := m.cost[k1] >= needC-eps*max(1, m.budget[t]) && m.hours[k1] >= needH-eps*max(1, m.capacity[t])
			if ok1 {
				if g := v - lossDrop; g > bestGain {
					bestGain, bestT, bestK1, bestK2, bestT1 = g, t, k1, -1, -1
				}
				m.unsetState(s, k1)
				for t1 := range m.T {
					// The gain before the (costlier) room and order test.
					if g := v + m.val[k1][t1] - m.val[k1][t]; t1 != t && g > bestGain && h.canAt(s, k1, t1) {
						bestGain, bestT, bestK1, bestK2, bestT1 = g, t, k1, -1, t1
					}
				}
				m.set(s, k1, t)
				continue
			}
			if math.IsInf(lossDrop, 1) || v-lossDrop <= bestGain {
				continue
			}
			// The cheap tests first: this loop is quadratic in the year's
			// services and was most of the heuristics' time on 1 000 × 8.
			g1 := v - lossDrop
			for _, k2 := range ys[a+1:] {
				g := g1 - m.val[k2][t]
				if g <= bestGain || m.cost[k1]+m.cost[k2] < needC-eps*max(1, m.budget[t]) || m.hours[k1]+m.hours[k2] < needH-eps*max(1, m.capacity[t]) {
					continue
				}
				if slices.Contains(m.req[i], k2) || !h.removable(s, k2) {
					continue
				}
				bestGain, bestT, bestK1, bestK2, bestT1 = g, t, k1, k2, -1
			}
		}
	}
	if bestT < 0 {
		return false
	}
	try := s.clone()
	if bestK1 >= 0 {
		m.unsetState(try, bestK1)
	}
	if bestK2 >= 0 {
		m.unsetState(try, bestK2)
	}
	if bestT1 >= 0 {
		if !h.canAt(try, bestK1, bestT1) {
			return false
		}
		m.set(try, bestK1, bestT1)
	}
	if !h.canAt(try, i, bestT) || try.obj+m.val[i][bestT] <= s.obj+minGain {
		return false
	}
	m.set(try, i, bestT)
	*s = *try
	return true
}
