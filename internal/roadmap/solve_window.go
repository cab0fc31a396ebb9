package roadmap

import (
	"context"
	"math"
	"time"
)

// windowMin is the smallest n·T whose heuristics re-plan windows of two
// years (with a time limit only, as the windows end by the clock): on
// 60 × 5 the year search of the whole instance does better, and the
// windows' time in every round delays it.
const windowMin = 1000

// window re-plans two consecutive years t0, t0+1 of the incumbent exactly
// (up to the deadline): the services started there and those not started
// form a two-year instance, the rest of the plan stays, and the year
// search solves it from the incumbent's part. It reports whether the
// incumbent improved.
func (b *search) window(t0 int, deadline time.Time) bool {
	m := b.m
	if b.best == nil || m.T < 2 || t0+1 >= m.T {
		return false
	}
	cur := b.best
	// The free services and their place in the sub-instance.
	pos := make([]int, m.n)
	var free []int
	for i := range m.n {
		pos[i] = -1
		if m.excl[i] {
			continue
		}
		if st := cur.start[i]; st == t0 || st == t0+1 || st < 0 {
			pos[i] = len(free)
			free = append(free, i)
		}
	}
	if len(free) == 0 || 2*len(free) > yearSearchMax {
		return false
	}
	sub := &model{n: len(free), T: 2, idx: map[string]int{}}
	sub.inst.Years = []Year{{Budget: m.budget[t0], Capacity: m.capacity[t0]}, {Budget: m.budget[t0+1], Capacity: m.capacity[t0+1]}}
	sub.budget = []float64{m.budget[t0], m.budget[t0+1]}
	sub.capacity = []float64{m.capacity[t0], m.capacity[t0+1]}
	for k, i := range free {
		id := m.inst.Services[i].ID
		sub.inst.Services = append(sub.inst.Services, Service{ID: id})
		sub.idx[id] = k
		sub.cost = append(sub.cost, m.cost[i])
		sub.hours = append(sub.hours, m.hours[i])
		sub.val = append(sub.val, []float64{m.val[i][t0], m.val[i][t0+1]})
		excl := false
		var req []int
		for _, j := range m.req[i] {
			switch st := cur.start[j]; {
			case pos[j] >= 0:
				req = append(req, pos[j])
			case st < 0 || st > t0+1:
				excl = true // its requirement stays after the window or out
			}
			// Started before t0: met in both years.
		}
		// A user that stays after the window needs i started in it; one
		// that stays before it cannot be (i would be started already).
		must := m.must[i]
		for _, u := range b.h.users[i] {
			if st := cur.start[u]; st > t0+1 && pos[u] < 0 {
				must = true
			}
		}
		sub.req = append(sub.req, req)
		sub.must = append(sub.must, must)
		sub.excl = append(sub.excl, excl && !must)
		if excl && must {
			return false // cannot happen for a feasible incumbent
		}
	}
	// Earliest years by requirement depth within the window.
	sub.earliest = make([]int, sub.n)
	for changed := true; changed; {
		changed = false
		for k := range sub.n {
			for _, j := range sub.req[k] {
				if e := sub.earliest[j] + 1; e > sub.earliest[k] {
					sub.earliest[k], changed = e, true
				}
			}
		}
	}
	for k := range sub.n {
		if sub.earliest[k] > 1 {
			if sub.must[k] {
				return false
			}
			sub.excl[k] = true
		}
	}
	seed := sub.newState()
	for k, i := range free {
		if st := cur.start[i]; st >= 0 {
			sub.set(seed, k, st-t0)
		}
	}
	if !sub.evaluate(sub.plan(seed)).Feasible() {
		return false
	}
	ctx, cancel := context.WithDeadline(b.ctx, deadline)
	defer cancel()
	sb := newSearch(sub, Options{}, time.Now())
	sb.ctx = ctx
	sb.h.stop = func() bool { return ctx.Err() != nil }
	sb.s = sub.newState()
	sb.best = seed
	sb.rootBound = sb.improve(0, 300, seed.obj, 1)
	sb.rootReduced()
	sb.fix()
	if sb.rootBound > seed.obj+tol(seed.obj) {
		newYearSearch(sb).run()
	}
	if sb.best.obj <= seed.obj+tol(seed.obj)+1e-9*math.Abs(cur.obj) {
		return false
	}
	s := cur.clone()
	for _, i := range free {
		if s.start[i] >= 0 {
			m.unsetState(s, i)
		}
	}
	for k, i := range free {
		if st := sb.best.start[k]; st >= 0 {
			m.set(s, i, st+t0)
		}
	}
	return b.offer(s)
}
