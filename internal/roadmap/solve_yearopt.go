package roadmap

import "math"

// yearOpt re-plans one year of s exactly: the services of year t that
// may leave (not must, no started user) and the services not started whose
// requirements start before t compete in a two-dimensional knapsack for
// the room that the others leave. It applies the result when it is
// better and reports whether it did.
func (h *heur) yearOpt(s *state, t int, ks *knap) bool {
	m := h.m
	ra := m.budget[t] + eps*max(1, math.Abs(m.budget[t])) - s.spend[t]
	rb := m.capacity[t] + eps*max(1, math.Abs(m.capacity[t])) - s.hours[t]
	old := 0.0
	h.items = h.items[:0]
	for i := range m.n {
		switch st := s.start[i]; {
		case st == t && h.removable(s, i):
			ra += m.cost[i]
			rb += m.hours[i]
			old += m.val[i][t]
			h.items = append(h.items, kitem{p: m.val[i][t], a: m.cost[i], b: m.hours[i], id: i})
		case st < 0 && !m.excl[i] && t >= m.earliest[i] && h.reqBefore(s, i, t):
			h.items = append(h.items, kitem{p: m.val[i][t], a: m.cost[i], b: m.hours[i], id: i})
		}
	}
	// A little less room than the exact fit, so that sums in another
	// order still pass fits.
	ra -= 1e-9 * max(1, math.Abs(m.budget[t]))
	rb -= 1e-9 * max(1, math.Abs(m.capacity[t]))
	_, val, _ := ks.solve(h.items, ra, rb)
	if val <= old+tol(s.obj) {
		return false
	}
	try := s.clone()
	for _, it := range h.items {
		if try.start[it.id] == t {
			m.unsetState(try, it.id)
		}
	}
	for x, in := range ks.best {
		if in {
			i := ks.it[x].id
			if !h.canAt(try, i, t) {
				return false
			}
			m.set(try, i, t)
		}
	}
	if try.obj <= s.obj+tol(s.obj) {
		return false
	}
	*s = *try
	return true
}

// reqBefore reports whether every requirement of i starts before year t.
func (h *heur) reqBefore(s *state, i, t int) bool {
	for _, j := range h.m.req[i] {
		if s.start[j] < 0 || s.start[j] >= t {
			return false
		}
	}
	return true
}

// polish alternates the local search and the exact re-planning of each
// year until neither improves s.
func (h *heur) polish(s *state, stop func() bool) {
	for round := 0; round < 50; round++ {
		h.localSearch(s, stop)
		improved := false
		for t := range h.m.T {
			if stop != nil && stop() {
				return
			}
			if h.yearOpt(s, t, h.ks) {
				improved = true
			}
		}
		if !improved {
			return
		}
	}
}

// sequential builds a plan year by year: the must-services first, then
// in each year the exact knapsack of the services not started (with their
// requirements before that year) by profit v(i,t) − price[i], so that a
// service is kept for a later year when its price says it is worth more
// there. It returns nil when the must-services do not fit.
func (h *heur) sequential(price []float64) *state {
	m := h.m
	s := m.newState()
	for i := range m.n {
		if m.must[i] && !m.place(s, i, true) {
			return nil
		}
	}
	for t := range m.T {
		h.fillYear(s, t, price)
	}
	return s
}

// lns improves the incumbent by ruin and re-plan: it empties one or two
// random years, fills them again by exact knapsacks with prices perturbed
// by noise, polishes, and keeps the result when it is not much worse
// (always when better). It stops at stop() or after iters rounds.
func (b *search) lns(price []float64, iters int, stop func() bool) {
	if b.best == nil {
		return
	}
	m, h := b.m, b.h
	rng := b.random()
	cur := b.best.clone()
	p := make([]float64, m.n)
	for it := 0; it < iters && !stop(); it++ {
		s := cur.clone()
		t1 := rng.IntN(m.T)
		t2 := t1
		if m.T > 1 && rng.IntN(2) == 0 {
			for t2 == t1 {
				t2 = rng.IntN(m.T)
			}
		}
		for again := true; again; {
			again = false
			for i := range m.n {
				if st := s.start[i]; (st == t1 || st == t2) && h.removable(s, i) {
					m.unsetState(s, i)
					again = true
				}
			}
		}
		noise := 0.5 * rng.Float64()
		for i := range p {
			p[i] = price[i] * (1 + noise*(2*rng.Float64()-1))
		}
		for _, t := range []int{min(t1, t2), max(t1, t2)} {
			h.fillYear(s, t, p)
		}
		h.polish(s, stop)
		if s.obj >= cur.obj-2e-3*math.Abs(cur.obj)*rng.Float64() {
			cur = s
		}
		if b.offer(s.clone()) {
			cur = b.best.clone()
		}
	}
}

// fillYear adds to year t of s the exact knapsack of the services not
// started (requirements before t) by profit v(i,t) − price[i].
func (h *heur) fillYear(s *state, t int, price []float64) {
	m := h.m
	ra := m.budget[t] + eps*max(1, math.Abs(m.budget[t])) - s.spend[t] - 1e-9*max(1, math.Abs(m.budget[t]))
	rb := m.capacity[t] + eps*max(1, math.Abs(m.capacity[t])) - s.hours[t] - 1e-9*max(1, math.Abs(m.capacity[t]))
	h.items = h.items[:0]
	for i := range m.n {
		if s.start[i] < 0 && !m.excl[i] && t >= m.earliest[i] && m.val[i][t] > 0 && h.reqBefore(s, i, t) {
			h.items = append(h.items, kitem{p: m.val[i][t] - price[i], a: m.cost[i], b: m.hours[i], id: i})
		}
	}
	h.ks.solve(h.items, ra, rb)
	for x, in := range h.ks.best {
		if i := h.ks.it[x].id; in && h.canAt(s, i, t) {
			m.set(s, i, t)
		}
	}
}
