package roadmap

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// primal runs the constructive heuristics with local search from several
// orders and keeps the best plan as the incumbent.
func (b *search) primal() {
	m, h := b.m, b.h
	stop := func() bool { return b.ctx.Err() != nil }
	if stop() {
		return
	}
	if b.best != nil {
		c := b.best.clone()
		h.polish(c, stop)
		b.offer(c)
	}
	lam, mu := b.lam[0], b.mu[0]
	red := func(f float64) [][]float64 {
		sc := make([][]float64, m.n)
		for i := range sc {
			sc[i] = make([]float64, m.T)
			for t := range m.T {
				r := m.val[i][t]
				if m.budget[t] > 0 {
					r -= f * lam[t] * m.cost[i] / m.budget[t]
				}
				if m.capacity[t] > 0 {
					r -= f * mu[t] * m.hours[i] / m.capacity[t]
				}
				sc[i][t] = r
			}
		}
		return sc
	}
	dens := make([][]float64, m.n)
	plain := make([][]float64, m.n)
	for i := range dens {
		dens[i], plain[i] = make([]float64, m.T), make([]float64, m.T)
		for t := range m.T {
			w := ratio(m.cost[i], m.budget[t]) + ratio(m.hours[i], m.capacity[t])
			plain[i][t] = m.val[i][t]
			dens[i][t] = m.val[i][t] / math.Max(w, 1e-12)
		}
	}
	for _, sc := range [][][]float64{red(1), dens, red(0.8), red(1.2), red(0.5), plain} {
		if stop() {
			return
		}
		s := h.construct(sc)
		if s == nil {
			continue
		}
		h.polish(s, stop)
		b.offer(s)
	}
	price := b.decPrices(stop)
	// The forest bound's scores: a requirement carries what its users are
	// worth (the plain reduced values see only its own value).
	var forest [][]float64
	if b.best != nil && !stop() {
		b.forestDual(forestSteps)
		if forest = b.forestScores(); forest != nil {
			if s := h.construct(forest); s != nil {
				h.polish(s, stop)
				b.offer(s)
			}
		}
	}
	var deadline time.Time
	rounds := 6
	if b.opts.TimeLimit > 0 {
		// Up to three quarters of the limit: where the heuristics keep
		// finding better plans (230 × 6, 1 000 × 8) the tree search finds
		// none and its bound stays the root's; where the tree search can
		// prove the optimum (60 × 5) the heuristics stall within a second.
		deadline = b.began.Add(b.opts.TimeLimit * 3 / 4)
		rounds = math.MaxInt
	}
	late := func() bool { return stop() || (!deadline.IsZero() && time.Now().After(deadline)) }
	// Two searches from the incumbent in turn: random drops refilled by
	// the reduced values, and whole years re-planned by exact knapsacks.
	// With a time limit they stop when they stop paying: after 20 + n
	// rounds without a better plan (a round of the 16-service demo takes
	// half a millisecond, so it gives up at once, while on 230 × 6 and
	// 1 000 × 8 better plans come every few rounds until the share of the
	// limit is spent), or when the plan reaches the root bound.
	stall, stallMax := 0, 20+m.n
	if m.n*m.T <= windowMin {
		stallMax = 10
	}
	for r := 0; r < rounds && !late() && stall < stallMax; r++ {
		if b.best != nil && b.best.obj >= b.rootBound-tol(b.rootBound) {
			break
		}
		before := b.incumbent()
		if forest != nil && r%2 == 1 {
			b.ils(forest, deadline, 50)
		} else {
			b.ils(red(1), deadline, 50)
		}
		b.lns(price, 20, late)
		if !deadline.IsZero() && m.n*m.T > windowMin {
			// Two consecutive years re-planned exactly, each for a
			// hundredth of the limit at most.
			for t0 := 0; t0+1 < m.T && !late(); t0++ {
				end := time.Now().Add(b.opts.TimeLimit / 100)
				if end.After(deadline) {
					end = deadline
				}
				b.window(t0, end)
			}
		}
		if b.incumbent() > before {
			stall = 0
		} else {
			stall++
		}
	}
}

// decPrices runs the year decomposition's subgradient at the root, offers
// the plan built year by year from its prices (the multipliers of "starts
// at most once") and returns those prices.
func (b *search) decPrices(stop func() bool) []float64 {
	m := b.m
	if stop() {
		return make([]float64, m.n)
	}
	d := newDec(m)
	nd := d.root()
	if m.T > 64 || !d.propagate(nd) {
		return make([]float64, m.n)
	}
	iters := 300
	if m.n > 300 {
		iters = 60
	}
	if b.opts.TimeLimit > 0 {
		end := b.began.Add(b.opts.TimeLimit * 3 / 20)
		stop = func() bool { return b.ctx.Err() != nil || time.Now().After(end) }
	}
	d.optimise(nd, iters, b.incumbent(), 1, stop)
	s := b.h.sequential(nd.u)
	if s != nil {
		b.h.polish(s, stop)
		b.offer(s)
	}
	return nd.u
}

// random is the heuristics' generator, seeded by the instance's size so
// that a run without time limit is deterministic.
func (b *search) random() *rand.Rand {
	if b.rng == nil {
		b.rng = rand.New(rand.NewPCG(uint64(b.m.n), uint64(b.m.T)))
	}
	return b.rng
}

// offer makes s the incumbent when it is feasible and better.
func (b *search) offer(s *state) bool {
	if s == nil || s.obj <= b.incumbent()+tol(s.obj) || !b.m.evaluate(b.m.plan(s)).Feasible() {
		return false
	}
	b.best = s
	return true
}

// newIncumbent takes a plan found by the search, improves it by local
// search and tightens the reduced-cost fixing.
func (b *search) newIncumbent(s *state) {
	b.offer(s)
	c := s.clone()
	b.h.polish(c, func() bool { return b.ctx.Err() != nil })
	b.offer(c)
	b.fix()
	b.report(true)
}

// rootReduced stores the reduced values under the root multipliers; the
// partial plan must be empty.
func (b *search) rootReduced() {
	m := b.m
	lam, mu := b.lam[0], b.mu[0]
	b.rootL = b.lagrange(0, lam, mu, nil, nil)
	b.rootRed = make([][]float64, m.n)
	b.rootBest = make([]float64, m.n)
	for i := range m.n {
		b.rootRed[i] = make([]float64, m.T)
		best := 0.0
		if m.must[i] {
			best = math.Inf(-1)
		}
		for t := range m.T {
			r := math.Inf(-1)
			if !m.excl[i] && t >= m.earliest[i] && fits(0, m.cost[i], m.budget[t]) && fits(0, m.hours[i], m.capacity[t]) {
				r = m.val[i][t]
				if m.budget[t] > 0 {
					r -= lam[t] * m.cost[i] / m.budget[t]
				}
				if m.capacity[t] > 0 {
					r -= mu[t] * m.hours[i] / m.capacity[t]
				}
			}
			b.rootRed[i][t] = r
			best = math.Max(best, r)
		}
		b.rootBest[i] = best
	}
}

// fix bans the pairs (i,t) (and "not started") whose forced choice lowers
// the root Lagrangian bound below the incumbent: no better plan uses them.
func (b *search) fix() {
	if b.best == nil || b.rootRed == nil || math.IsInf(b.rootL, 0) {
		return
	}
	m := b.m
	inc := b.best.obj
	lim := inc - tol(inc) - 1e-9*math.Abs(b.rootL)
	for i := range m.n {
		if math.IsInf(b.rootBest[i], -1) {
			continue
		}
		for t := range m.T {
			if b.rootL-b.rootBest[i]+b.rootRed[i][t] < lim {
				b.ban[i][t] = true
			}
		}
		if !m.must[i] && b.rootL-b.rootBest[i] < lim {
			b.banNone[i] = true
		}
	}
}

// ils perturbs the incumbent (drops a random part of it, refills by the
// scores) and runs the local search, keeping improvements, until the
// deadline or iters rounds.
func (b *search) ils(score [][]float64, deadline time.Time, iters int) {
	if b.best == nil {
		return
	}
	m, h := b.m, b.h
	rng := b.random()
	stop := func() bool { return b.ctx.Err() != nil || (!deadline.IsZero() && time.Now().After(deadline)) }
	order := make([]int, m.n)
	for i := range order {
		order[i] = i
	}
	cur := b.best.clone()
	for it := 0; it < iters && !stop(); it++ {
		s := cur.clone()
		frac := 0.05 + 0.2*rng.Float64()
		// Drop users before what they require: go by descending earliest.
		for _, i := range rng.Perm(m.n) {
			if s.start[i] >= 0 && rng.Float64() < frac && h.removable(s, i) {
				m.unsetState(s, i)
			}
		}
		rng.Shuffle(len(order), func(a, c int) { order[a], order[c] = order[c], order[a] })
		noise := 0.3 * rng.Float64()
		key := make([]float64, m.n)
		for _, i := range order {
			key[i] = slices.Max(score[i]) * (1 + noise*(rng.Float64()-0.5))
		}
		slices.SortStableFunc(order, func(a, c int) int { return cmpDesc(key[a], key[c]) })
		for _, i := range order {
			if s.start[i] >= 0 || m.excl[i] {
				continue
			}
			bt := -1
			for t := range m.T {
				if m.val[i][t] > 0 && h.canAt(s, i, t) && (bt < 0 || score[i][t] > score[i][bt]) {
					bt = t
				}
			}
			if bt >= 0 {
				m.set(s, i, bt)
			}
		}
		h.polish(s, stop)
		if s.obj >= cur.obj-1e-3*math.Abs(cur.obj)*rng.Float64() {
			cur = s
		}
		if b.offer(s.clone()) {
			cur = b.best.clone()
		}
	}
}
