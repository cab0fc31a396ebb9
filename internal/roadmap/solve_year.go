package roadmap

import (
	"encoding/binary"
	"math"
	"slices"
)

// The year-major search decides the plan one year at a time: for year t
// it goes through the candidates (services not started whose
// requirements started before t) and either starts each in year t or
// rules year t out for it. When a year is closed its spare room is known
// exactly. At every node the bound is the Lagrangian of the open years
// (budgets and hours priced, the first requirement of each service kept
// as a forest; multipliers warm-started from the parent and refined by a
// few subgradient steps), and then the same relaxation with the open
// year's budget and hours kept exact as a two-dimensional knapsack
// (knapBound). Two facts prune further:
//
//   - a candidate left out of a year that still fits the year's room when
//     it closes (doomed: is sure to), is worth something there and less
//     in any later year would be better started then: the plan can be
//     improved, so no optimal plan lies below (moving it earlier keeps
//     its requirements before it and its users after it);
//   - what follows the start of a year depends only on the set of
//     services started before it, so a year entered with a set already
//     explored with at least the same value is skipped (repeated).

type yearSearch struct {
	b        *search
	lo       []int       // the earliest year still allowed per service
	e        []int       // scratch: earliest possible year per service
	cand     [][]int     // per year: the candidates in the order tried
	sufC     [][]float64 // per year: cost of the candidates from position p on
	sufH     [][]float64 // … and their hours
	elig     [][]bool    // per year and position: left out, it would be dominated if it still fit
	lam, mu  [][]float64 // per depth, per unit of each limit (as search)
	nodeB    []float64   // per depth: the node's bound
	f        [][]float64 // forest DP: value of i's subtree when i starts in y
	sufV     [][]float64 // best of f[i][y2] over y2 ≥ y
	sufA     [][]int     // its year
	noneOK   []bool
	choice   []int
	parent   []int
	kids     [][]int
	gb, gc   []float64
	bl, bm   []float64
	ra, rb   []float64 // per year: the room left (scratch of bound)
	pl, pm   []float64 // per year: the multipliers per unit of money and hours
	maxDepth int
	covered  bool // the stop's open subtree is in openBound
	fresh    bool // the tables of bound are those of the multipliers refine kept
	seen     map[string]float64
	key      []byte
	ks       *knap
	items    []kitem
}

// newForest returns a yearSearch holding what the forest bound works
// with: each service's first requirement as its parent, its earliest
// year, and the per-year multiplier buffers. The year search adds its
// candidates and knapsack state; the root's forest dual uses it as is.
func newForest(b *search) *yearSearch {
	m := b.m
	y := &yearSearch{b: b, lo: make([]int, m.n), e: make([]int, m.n),
		noneOK: make([]bool, m.n), choice: make([]int, m.n), parent: make([]int, m.n), kids: make([][]int, m.n),
		gb: make([]float64, m.T), gc: make([]float64, m.T),
		ra: make([]float64, m.T), rb: make([]float64, m.T), pl: make([]float64, m.T), pm: make([]float64, m.T)}
	y.f, y.sufV, y.sufA = make([][]float64, m.n), make([][]float64, m.n), make([][]int, m.n)
	for i := range m.n {
		y.f[i], y.sufV[i], y.sufA[i] = make([]float64, m.T+1), make([]float64, m.T+1), make([]int, m.T+1)
		y.parent[i] = -1
		if len(m.req[i]) > 0 {
			y.parent[i] = m.req[i][0]
			y.kids[m.req[i][0]] = append(y.kids[m.req[i][0]], i)
		}
		y.lo[i] = m.earliest[i]
	}
	return y
}

func newYearSearch(b *search) *yearSearch {
	m := b.m
	y := newForest(b)
	y.cand, y.sufC, y.sufH, y.elig = make([][]int, m.T), make([][]float64, m.T), make([][]float64, m.T), make([][]bool, m.T)
	y.bl, y.bm = make([]float64, m.T), make([]float64, m.T)
	// Depth: each candidate of each year is one level, plus the year closes.
	y.maxDepth = m.n*m.T + m.T + 2
	y.lam, y.mu = make([][]float64, y.maxDepth), make([][]float64, y.maxDepth)
	for k := range y.lam {
		y.lam[k], y.mu[k] = make([]float64, m.T), make([]float64, m.T)
	}
	y.nodeB = make([]float64, y.maxDepth)
	y.ks = newKnap(knapLimit)
	copy(y.lam[0], b.lam[0])
	copy(y.mu[0], b.mu[0])
	if b.flam != nil {
		// The multipliers tuned for this search's own bound.
		copy(y.lam[0], b.flam)
		copy(y.mu[0], b.fmu)
	}
	return y
}

// bound is the Lagrangian bound on what the services not started can
// add in years t.. with multipliers lam, mu; it fills choice (the relaxed
// plan's years) and, when gb is not nil, the subgradients (slack as a
// share of each limit).
func (y *yearSearch) bound(t int, lam, mu []float64, gb, gc []float64) float64 {
	b, m, s := y.b, y.b.m, y.b.s
	L := 0.0
	for u := t; u < m.T; u++ {
		if m.budget[u] > 0 {
			r := (m.budget[u] - s.spend[u]) / m.budget[u]
			L += lam[u] * r
			if gb != nil {
				gb[u] = r
			}
		}
		if m.capacity[u] > 0 {
			r := (m.capacity[u] - s.hours[u]) / m.capacity[u]
			L += mu[u] * r
			if gc != nil {
				gc[u] = r
			}
		}
	}
	// Room per year (a hair more than fits allows: a larger relaxation
	// stays a bound) and the prices per unit.
	for u := t; u < m.T; u++ {
		y.ra[u] = m.budget[u] + 2*eps*max(1, math.Abs(m.budget[u])) - s.spend[u]
		y.rb[u] = m.capacity[u] + 2*eps*max(1, math.Abs(m.capacity[u])) - s.hours[u]
		y.pl[u], y.pm[u] = 0, 0
		if m.budget[u] > 0 {
			y.pl[u] = lam[u] / m.budget[u]
		}
		if m.capacity[u] > 0 {
			y.pm[u] = mu[u] / m.capacity[u]
		}
	}
	// Earliest years, requirements before users.
	for _, i := range b.order {
		if s.start[i] >= 0 {
			continue
		}
		e := max(t, y.lo[i])
		if m.excl[i] {
			e = m.T
		}
		for _, j := range m.req[i] {
			if s.start[j] >= 0 {
				e = max(e, s.start[j]+1)
			} else {
				e = max(e, y.e[j]+1)
			}
		}
		y.e[i] = min(e, m.T)
	}
	// Forest DP, users before what they require.
	for k := len(b.order) - 1; k >= 0; k-- {
		i := b.order[k]
		if s.start[i] >= 0 {
			continue
		}
		ok := !m.must[i] && !b.banNone[i]
		fi := y.f[i]
		for u := range m.T {
			fi[u] = math.Inf(-1)
		}
		ci, hi, vi, bi := m.cost[i], m.hours[i], m.val[i], b.ban[i]
		for u := y.e[i]; u < m.T; u++ {
			if ci > y.ra[u] || hi > y.rb[u] || bi[u] {
				continue
			}
			fi[u] = vi[u] - y.pl[u]*ci - y.pm[u]*hi
		}
		for _, c := range y.kids[i] {
			if s.start[c] >= 0 {
				continue
			}
			if !y.noneOK[c] {
				ok = false
			}
			for u := range m.T {
				w := y.sufV[c][u+1]
				if y.noneOK[c] {
					w = max(w, 0)
				}
				fi[u] += w
			}
		}
		y.noneOK[i] = ok
		y.sufV[i][m.T], y.sufA[i][m.T] = math.Inf(-1), -1
		for u := m.T - 1; u >= 0; u-- {
			y.sufV[i][u], y.sufA[i][u] = y.sufV[i][u+1], y.sufA[i][u+1]
			if fi[u] > y.sufV[i][u] {
				y.sufV[i][u], y.sufA[i][u] = fi[u], u
			}
		}
	}
	// The roots of the forest, and the relaxed plan top-down.
	for _, i := range b.order {
		if s.start[i] >= 0 {
			continue
		}
		p := y.parent[i]
		if p < 0 || s.start[p] >= 0 {
			v, a := y.sufV[i][0], y.sufA[i][0]
			if y.noneOK[i] && v <= 0 {
				v, a = 0, -1
			}
			if math.IsInf(v, -1) {
				return math.Inf(-1)
			}
			L += v
			y.choice[i] = a
		} else {
			y.choice[i] = -1
			if q := y.choice[p]; q >= 0 {
				v, a := y.sufV[i][q+1], y.sufA[i][q+1]
				if !(y.noneOK[i] && v <= 0) {
					y.choice[i] = a
				}
			}
		}
		if a := y.choice[i]; a >= 0 && gb != nil {
			if m.budget[a] > 0 {
				gb[a] -= m.cost[i] / m.budget[a]
			}
			if m.capacity[a] > 0 {
				gc[a] -= m.hours[i] / m.capacity[a]
			}
		}
	}
	return L
}

// knapBound is the bound of the same relaxation with year t's budget and
// hours kept exact: the candidates from position p on either start in
// year t (with their users' best later years) or take their best later
// year, and a two-dimensional knapsack chooses the first group. It needs
// the tables of a call of bound(t, lam, mu) with L its value.
func (y *yearSearch) knapBound(t, p int, lam, mu []float64, L float64) float64 {
	m, s := y.b.m, y.b.s
	orig := L
	if m.budget[t] > 0 {
		L -= lam[t] * (m.budget[t] - s.spend[t]) / m.budget[t]
	}
	if m.capacity[t] > 0 {
		L -= mu[t] * (m.capacity[t] - s.hours[t]) / m.capacity[t]
	}
	y.items = y.items[:0]
	for _, i := range y.cand[t][p:] {
		if s.start[i] >= 0 {
			continue
		}
		root := y.sufV[i][0]
		if y.noneOK[i] && root < 0 {
			root = 0
		}
		alt := y.sufV[i][t+1]
		if y.noneOK[i] && alt < 0 {
			alt = 0
		}
		if math.IsInf(alt, -1) {
			return orig // i cannot wait: keep the priced year
		}
		L += alt - root
		if math.IsInf(y.f[i][t], -1) {
			continue
		}
		now := y.f[i][t]
		if m.budget[t] > 0 {
			now += lam[t] * m.cost[i] / m.budget[t]
		}
		if m.capacity[t] > 0 {
			now += mu[t] * m.hours[i] / m.capacity[t]
		}
		if now > alt {
			y.items = append(y.items, kitem{p: now - alt, a: m.cost[i], b: m.hours[i], id: i})
		}
	}
	ra := m.budget[t] + eps*max(1, math.Abs(m.budget[t])) - s.spend[t]
	rb := m.capacity[t] + eps*max(1, math.Abs(m.capacity[t])) - s.hours[t]
	ub, _, _ := y.ks.solve(y.items, ra, rb)
	return L + ub
}

// refine runs subgradient steps on the multipliers of depth d towards
// target and returns the best bound; the best multipliers stay in d.
func (y *yearSearch) refine(t, d, iters int, target, theta float64) float64 {
	m := y.b.m
	lam, mu := y.lam[d], y.mu[d]
	bestL := math.Inf(1)
	bl, bm := y.bl, y.bm
	y.fresh = false
	for it := range iters {
		if it%8 == 7 && y.b.ctx.Err() != nil {
			break // any multipliers give a valid bound
		}
		L := y.bound(t, lam, mu, y.gb, y.gc)
		if math.IsInf(L, -1) {
			return L
		}
		y.fresh = L < bestL
		if y.fresh {
			bestL = L
			copy(bl, lam)
			copy(bm, mu)
		}
		if bestL <= target || it == iters-1 {
			break
		}
		y.fresh = false // the step below moves the multipliers
		norm := 0.0
		for u := t; u < m.T; u++ {
			if lam[u] <= 0 && y.gb[u] > 0 {
				y.gb[u] = 0
			}
			if mu[u] <= 0 && y.gc[u] > 0 {
				y.gc[u] = 0
			}
			norm += y.gb[u]*y.gb[u] + y.gc[u]*y.gc[u]
		}
		if norm < 1e-18 {
			break
		}
		step := theta * math.Max(L-target, 1e-9*math.Abs(L)+1e-9) / norm
		for u := t; u < m.T; u++ {
			lam[u] = math.Max(0, lam[u]-step*y.gb[u])
			mu[u] = math.Max(0, mu[u]-step*y.gc[u])
		}
	}
	copy(lam, bl)
	copy(mu, bm)
	return bestL
}

// enter lists year t's candidates, the best value density first.
func (y *yearSearch) enter(t int) {
	b, m, s := y.b, y.b.m, y.b.s
	c := y.cand[t][:0]
	for _, i := range b.order {
		if s.start[i] >= 0 || m.excl[i] || y.lo[i] > t || b.ban[i][t] {
			continue
		}
		if !fits(s.spend[t], m.cost[i], m.budget[t]) || !fits(s.hours[t], m.hours[i], m.capacity[t]) {
			continue
		}
		ok := true
		for _, j := range m.req[i] {
			if s.start[j] < 0 || s.start[j] >= t {
				ok = false
			}
		}
		if ok {
			c = append(c, i)
		}
	}
	key := func(i int) float64 {
		return m.val[i][t] / math.Max(ratio(m.cost[i], m.budget[t])+ratio(m.hours[i], m.capacity[t]), 1e-12)
	}
	slices.SortStableFunc(c, func(a, d int) int { return cmpDesc(key(a), key(d)) })
	y.cand[t] = c
	sc, sh, el := y.sufC[t][:0], y.sufH[t][:0], y.elig[t][:0]
	sc, sh = append(sc, make([]float64, len(c)+1)...), append(sh, make([]float64, len(c)+1)...)
	for p := len(c) - 1; p >= 0; p-- {
		sc[p], sh[p] = sc[p+1]+m.cost[c[p]], sh[p+1]+m.hours[c[p]]
	}
	for _, i := range c {
		ok := m.val[i][t] > 0
		for u := t + 1; u < m.T; u++ {
			if m.val[i][u] >= m.val[i][t] {
				ok = false
			}
		}
		el = append(el, ok)
	}
	y.sufC[t], y.sufH[t], y.elig[t] = sc, sh, el
}

// doomed reports, at position p of year t, whether a candidate left out
// before p would still fit when the year closes whatever the candidates
// from p on do: the year's close would find the plan dominated.
func (y *yearSearch) doomed(t, p int) bool {
	m, s := y.b.m, y.b.s
	ra := m.budget[t] - s.spend[t] - y.sufC[t][p]
	rh := m.capacity[t] - s.hours[t] - y.sufH[t][p]
	if ra < 0 && rh < 0 {
		return false
	}
	for x, i := range y.cand[t][:p] {
		if y.elig[t][x] && s.start[i] < 0 && fits(s.spend[t]+y.sufC[t][p], m.cost[i], m.budget[t]) && fits(s.hours[t]+y.sufH[t][p], m.hours[i], m.capacity[t]) {
			return true
		}
	}
	return false
}

// dominated reports, when year t closes, whether a candidate left out
// would be better started in year t: then the plan is not optimal.
func (y *yearSearch) dominated(t int) bool {
	m, s := y.b.m, y.b.s
	for x, i := range y.cand[t] {
		if y.elig[t][x] && s.start[i] < 0 && fits(s.spend[t], m.cost[i], m.budget[t]) && fits(s.hours[t], m.hours[i], m.capacity[t]) {
			return true
		}
	}
	return false
}

// repeated reports whether year t is entered with a set of started
// services already explored with at least the same value: what follows
// depends only on that set (requirements need only have started), so the
// earlier exploration covers this one. It records the set otherwise.
func (y *yearSearch) repeated(t int) bool {
	m, s := y.b.m, y.b.s
	k := binary.AppendUvarint(y.key[:0], uint64(t))
	var w byte
	for i := range m.n {
		if s.start[i] >= 0 {
			w |= 1 << (i & 7)
		}
		if i&7 == 7 || i == m.n-1 {
			k = append(k, w)
			w = 0
		}
	}
	y.key = k
	if v, ok := y.seen[string(k)]; ok && s.obj <= v {
		return true
	}
	if y.seen == nil {
		y.seen = map[string]float64{}
	}
	if len(y.seen) < 1<<21 {
		y.seen[string(k)] = s.obj
	}
	return false
}

// run searches the whole tree below the empty plan.
func (y *yearSearch) run() {
	y.b.s = y.b.m.newState()
	y.enter(0)
	if !y.node(0, 0, 0) && !y.covered {
		y.b.openBound = math.Inf(1)
	}
}

// node explores year t from its p-th candidate at depth d; it returns
// false when the search stopped (openBound then covers the open part).
func (y *yearSearch) node(t, p, d int) bool {
	b, m, s := y.b, y.b.m, y.b.s
	b.nodes++
	if b.nodes&15 == 0 {
		if b.ctx.Err() != nil {
			b.stopped = true
		}
		b.report(false)
	}
	if b.stopped {
		return false
	}
	if p == len(y.cand[t]) {
		if y.dominated(t) || (t+1 < m.T && y.repeated(t+1)) {
			return true
		}
		if t+1 == m.T {
			if s.obj > b.incumbent()+tol(s.obj) && m.evaluate(m.plan(s)).Feasible() {
				b.newIncumbent(s.clone())
			}
			return true
		}
		copy(y.lam[d+1], y.lam[d])
		copy(y.mu[d+1], y.mu[d])
		y.enter(t + 1)
		return y.node(t+1, 0, d+1)
	}
	if y.doomed(t, p) {
		return true
	}
	inc := b.incumbent()
	// Subgradient steps near the root and where a year begins; below,
	// the parent's multipliers as they are: a step costs as much as a
	// node, and the year's exact knapsack (knapBound) prunes more per
	// unit of time than steps do (60 × 5 seed 8: 356 k nodes in 5.1 s
	// with six steps per node, 432 k in 2.7 s without).
	iters := 1
	if d < 8 || p == 0 {
		iters = 60
	}
	L := y.refine(t, d, iters, inc-s.obj, 1)
	if s.obj+L <= inc+tol(inc) {
		return true
	}
	// y.choice is the relaxed plan at the best multipliers; the year's
	// exact knapsack does not change it. The tables are refine's when its
	// last step was its best.
	L0 := L
	if !y.fresh {
		L0 = y.bound(t, y.lam[d], y.mu[d], nil, nil)
	}
	L = math.Min(L, y.knapBound(t, p, y.lam[d], y.mu[d], L0))
	if s.obj+L <= inc+tol(inc) {
		return true
	}
	y.nodeB[d] = s.obj + L
	i := y.cand[t][p]
	in := fits(s.spend[t], m.cost[i], m.budget[t]) && fits(s.hours[t], m.hours[i], m.capacity[t])
	out := !(m.must[i] && t == m.T-1)
	// The relaxed plan's choice first: it leads to good plans early.
	first := []bool{true, false}
	if y.choice[i] != t {
		first = []bool{false, true}
	}
	for x, start := range first {
		if (start && !in) || (!start && !out) {
			continue
		}
		copy(y.lam[d+1], y.lam[d])
		copy(y.mu[d+1], y.mu[d])
		if !y.branch(i, t, p, d, start) {
			if !y.covered {
				// The stop came below: this node's bound covers both branches.
				b.openBound = math.Max(b.openBound, y.nodeB[d])
				y.covered = true
			} else if x == 0 && ((!start && in) || (start && out)) {
				// The other branch is open too.
				old := y.apply(i, t, !start)
				if L2 := y.bound(t, y.lam[d], y.mu[d], nil, nil); !math.IsInf(L2, -1) {
					b.openBound = math.Max(b.openBound, s.obj+L2)
				}
				y.undo(i, t, !start, old)
			}
			return false
		}
	}
	return true
}

// branch explores the child of node (t, p, d) that starts i in year t or
// rules year t out for it.
func (y *yearSearch) branch(i, t, p, d int, start bool) bool {
	old := y.apply(i, t, start)
	ok := y.node(t, p+1, d+1)
	y.undo(i, t, start, old)
	return ok
}

func (y *yearSearch) apply(i, t int, start bool) int {
	old := y.lo[i]
	if start {
		y.b.m.set(y.b.s, i, t)
	} else {
		y.lo[i] = t + 1
	}
	return old
}

func (y *yearSearch) undo(i, t int, start bool, old int) {
	if start {
		y.b.unset(i, t)
	} else {
		y.lo[i] = old
	}
}

const knapLimit = 2000
