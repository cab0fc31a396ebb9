package roadmap

import (
	"container/heap"
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// Result is a solved plan. Bound is a proven upper bound on the objective
// and Gap = (Bound − Objective)/|Bound|; Optimal only when proven.
type Result struct {
	Objective float64 `json:"objective"`
	Bound     float64 `json:"bound"`
	Gap       float64 `json:"gap"`
	Optimal   bool    `json:"optimal"`
	Seconds   float64 `json:"seconds"`
	Plan      []Start `json:"plan"`
	Nodes     int64   `json:"nodes"`
	Solver    string  `json:"solver"`
}

// Progress is reported while Solve runs.
type Progress struct {
	Elapsed   time.Duration
	Nodes     int64
	Objective float64
	Bound     float64
}

// Options control Solve. A zero TimeLimit means no limit (the context
// still ends the search).
type Options struct {
	TimeLimit time.Duration
	Progress  func(Progress)
	// ProgressEvery is the interval between reports (default 1 s).
	ProgressEvery time.Duration
	// Limits bound the instance's size (zero fields: DefaultSizeLimits).
	Limits SizeLimits
}

// Solve finds the plan of largest total discounted net benefit by branch
// and bound: heuristic plans to start from, an upper bound from the
// Lagrangian relaxation of the yearly budget and capacity constraints
// (multipliers by subgradient, refined at the nodes), and a depth-first
// search, year by year for instances up to n·T = 2 000 (solve_year.go,
// with the open year's knapsack kept exact in the bound), else deciding
// each service's start year or "not started" in turn. At the time
// limit, or when ctx ends, it returns the best plan and the best proven
// bound: every phase (the model, the order, the heuristics, the bounds, the
// search) reads the clock in its loops, so that it answers within a
// fraction of a second of the limit for any instance within opts.Limits.
// It returns a domain Invalid error for an invalid or oversized instance
// (ValidateWithin), roadmap.infeasible when no plan meets the
// must-services, and ctx's error (context.DeadlineExceeded at the time
// limit, context.Canceled) when it stopped before it found any plan.
func Solve(ctx context.Context, inst Instance, opts Options) (Result, error) {
	began := time.Now()
	if opts.TimeLimit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, began.Add(opts.TimeLimit))
		defer cancel()
	}
	m, err := compileWithin(inst, opts.Limits)
	if err != nil {
		return Result{}, err
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	b := newSearch(m, opts, began)
	b.ctx = ctx
	b.h.stop = func() bool { return ctx.Err() != nil }
	b.run()
	if ctx.Err() != nil && !b.stopped && b.best == nil {
		b.stopped = true
	}
	if b.best == nil {
		if b.stopped {
			if err := ctx.Err(); err != nil {
				return Result{}, err
			}
			return Result{}, context.DeadlineExceeded
		}
		return Result{}, m.infeasible()
	}
	res := Result{Objective: b.best.obj, Plan: m.plan(b.best), Nodes: b.nodes, Solver: "builtin"}
	if b.stopped {
		res.Bound = math.Max(math.Min(b.rootBound, b.openBound), res.Objective)
	} else {
		res.Bound, res.Optimal = res.Objective, true
	}
	res.Gap = gap(res.Bound, res.Objective)
	if res.Gap <= 1e-9 {
		res.Gap, res.Optimal = 0, true
	}
	res.Seconds = time.Since(began).Seconds()
	return res, nil
}

func gap(bound, obj float64) float64 {
	if bound == obj {
		return 0
	}
	return (bound - obj) / math.Max(math.Abs(bound), 1e-9)
}

type search struct {
	m         *model
	opts      Options
	ctx       context.Context
	began     time.Time
	lastRep   time.Time
	order     []int
	s         *state
	best      *state
	nodes     int64
	stopped   bool
	rootBound float64
	openBound float64
	lam, mu   [][]float64 // multipliers per depth, normalised by the limits
	choice    []int       // relaxed choice per service (scratch)
	pos       []int
	h         *heur
	ban       [][]bool    // ban[i][t]: (i,t) fixed to 0 by reduced cost
	banNone   []bool      // banNone[i]: i must start (by reduced cost)
	rootRed   [][]float64 // reduced values at the root multipliers
	rootBest  []float64   // per service best reduced value at the root
	rootL     float64     // Lagrangian value at the root multipliers
	rng       *rand.Rand
	nodeBound []float64   // per depth: the bound of the node being explored
	flam, fmu []float64   // the forest bound's best multipliers at the root (forestDual)
	fy        *yearSearch // forestDual's tables
}

func newSearch(m *model, opts Options, began time.Time) *search {
	b := &search{m: m, opts: opts, began: began, lastRep: began, openBound: math.Inf(-1), choice: make([]int, m.n), h: newHeur(m)}
	b.ban = make([][]bool, m.n)
	for i := range b.ban {
		b.ban[i] = make([]bool, m.T)
	}
	b.banNone = make([]bool, m.n)
	if b.opts.ProgressEvery <= 0 {
		b.opts.ProgressEvery = time.Second
	}
	// Topological order, by density among the services ready.
	d := make([]float64, m.n)
	for i := range d {
		d[i] = m.density(i)
	}
	indeg := make([]int, m.n)
	users := make([][]int, m.n)
	for i := range m.n {
		for _, j := range m.req[i] {
			indeg[i]++
			users[j] = append(users[j], i)
		}
	}
	// The ready services wait in a heap, densest first, ties by index:
	// the same order as taking the best of the list each time, in
	// O(n log n) rather than O(n²) (a million services took minutes).
	ready := &readyHeap{d: d}
	for i := range m.n {
		if indeg[i] == 0 {
			ready.ids = append(ready.ids, i)
		}
	}
	heap.Init(ready)
	for ready.Len() > 0 {
		i := heap.Pop(ready).(int)
		b.order = append(b.order, i)
		for _, u := range users[i] {
			if indeg[u]--; indeg[u] == 0 {
				heap.Push(ready, u)
			}
		}
	}
	b.nodeBound = make([]float64, m.n+1)
	b.lam = make([][]float64, m.n+1)
	b.mu = make([][]float64, m.n+1)
	for k := range b.lam {
		b.lam[k], b.mu[k] = make([]float64, m.T), make([]float64, m.T)
	}
	return b
}

// readyHeap orders services by density, highest first, then by index.
type readyHeap struct {
	ids []int
	d   []float64
}

func (h *readyHeap) Len() int { return len(h.ids) }
func (h *readyHeap) Less(a, b int) bool {
	x, y := h.ids[a], h.ids[b]
	return h.d[x] > h.d[y] || (h.d[x] == h.d[y] && x < y)
}
func (h *readyHeap) Swap(a, b int) { h.ids[a], h.ids[b] = h.ids[b], h.ids[a] }
func (h *readyHeap) Push(x any)    { h.ids = append(h.ids, x.(int)) }
func (h *readyHeap) Pop() any {
	last := h.ids[len(h.ids)-1]
	h.ids = h.ids[:len(h.ids)-1]
	return last
}

// lagrange is the Lagrangian bound on the services order[k:] given the
// partial plan s, with multipliers lam, mu (per unit of each limit). It
// fills b.choice and returns the subgradients (normalised slack).
func (b *search) lagrange(k int, lam, mu []float64, gb, gc []float64) float64 {
	m, s := b.m, b.s
	L := 0.0
	for t := range m.T {
		rb, rc := m.budget[t]-s.spend[t], m.capacity[t]-s.hours[t]
		L += lam[t] + mu[t]
		if gb != nil {
			gb[t], gc[t] = 1, 1
		}
		_ = rb
		_ = rc
	}
	for t := range m.T {
		// The multipliers price the remaining limits: λ·(remaining/limit).
		if m.budget[t] > 0 {
			L -= lam[t] * s.spend[t] / m.budget[t]
			if gb != nil {
				gb[t] -= s.spend[t] / m.budget[t]
			}
		}
		if m.capacity[t] > 0 {
			L -= mu[t] * s.hours[t] / m.capacity[t]
			if gc != nil {
				gc[t] -= s.hours[t] / m.capacity[t]
			}
		}
	}
	for _, i := range b.order[k:] {
		b.choice[i] = -1
		if m.excl[i] {
			continue
		}
		lo := m.lowest(s, i)
		for _, j := range m.req[i] {
			if s.start[j] < 0 && !b.pending(j, k) {
				lo = -1
			}
		}
		if lo < 0 {
			lo = m.earliest[i]
			if !b.reqOpen(i, k) {
				lo = m.T
			}
		}
		bestV, bestT := 0.0, -1
		if m.must[i] || b.banNone[i] {
			bestV = math.Inf(-1)
		}
		for t := lo; t < m.T; t++ {
			if b.ban[i][t] || !fits(s.spend[t], m.cost[i], m.budget[t]) || !fits(s.hours[t], m.hours[i], m.capacity[t]) {
				continue
			}
			r := m.val[i][t]
			if m.budget[t] > 0 {
				r -= lam[t] * m.cost[i] / m.budget[t]
			}
			if m.capacity[t] > 0 {
				r -= mu[t] * m.hours[i] / m.capacity[t]
			}
			if r > bestV {
				bestV, bestT = r, t
			}
		}
		if math.IsInf(bestV, -1) {
			return math.Inf(-1)
		}
		L += bestV
		if bestT >= 0 {
			b.choice[i] = bestT
			if gb != nil {
				if m.budget[bestT] > 0 {
					gb[bestT] -= m.cost[i] / m.budget[bestT]
				}
				if m.capacity[bestT] > 0 {
					gc[bestT] -= m.hours[i] / m.capacity[bestT]
				}
			}
		}
	}
	return L
}

// pos is each service's place in the order (built lazily).
func (b *search) pending(j, k int) bool {
	return b.posOf(j) >= k
}

var _ = slices.Index[[]int]

func (b *search) posOf(j int) int {
	if b.pos == nil {
		b.pos = make([]int, b.m.n)
		for p, i := range b.order {
			b.pos[i] = p
		}
	}
	return b.pos[j]
}

// reqOpen reports whether every requirement of i is started or still undecided.
func (b *search) reqOpen(i, k int) bool {
	for _, j := range b.m.req[i] {
		if b.s.start[j] < 0 && b.posOf(j) < k {
			return false
		}
	}
	return true
}

// improve runs subgradient steps on the multipliers of depth k towards
// the target value and returns the best bound found.
func (b *search) improve(k int, iters int, target float64, theta float64) float64 {
	m := b.m
	lam, mu := b.lam[k], b.mu[k]
	gb, gc := make([]float64, m.T), make([]float64, m.T)
	bestL := math.Inf(1)
	bl, bm := slices.Clone(lam), slices.Clone(mu)
	stall := 0
	for i := range iters {
		// Any multipliers give a valid bound: at the time limit the best
		// so far is kept. The look costs nothing against a step over all
		// services (32 steps of 10 000 × 10 took 0.7 s under the race
		// detector); the first step always runs, so there is a bound.
		if i > 0 && b.ctx.Err() != nil {
			break
		}
		L := b.lagrange(k, lam, mu, gb, gc)
		if math.IsInf(L, -1) {
			return L
		}
		if L < bestL-1e-12 {
			bestL, stall = L, 0
			copy(bl, lam)
			copy(bm, mu)
		} else if stall++; stall > 20 {
			theta /= 2
			stall = 0
		}
		if bestL <= target {
			break
		}
		norm := 0.0
		for t := range m.T {
			// Projected subgradient: a zero multiplier with slack stays.
			if lam[t] <= 0 && gb[t] > 0 {
				gb[t] = 0
			}
			if mu[t] <= 0 && gc[t] > 0 {
				gc[t] = 0
			}
			norm += gb[t]*gb[t] + gc[t]*gc[t]
		}
		if norm < 1e-18 {
			break
		}
		step := theta * math.Max(L-target, 1e-9*math.Abs(L)+1e-9) / norm
		for t := range m.T {
			lam[t] = math.Max(0, lam[t]-step*gb[t])
			mu[t] = math.Max(0, mu[t]-step*gc[t])
		}
	}
	copy(lam, bl)
	copy(mu, bm)
	return bestL
}

func (b *search) run() {
	if b.run0() {
		return
	}
	if m := b.m; m.n*m.T <= yearSearchMax {
		newYearSearch(b).run()
		return
	}
	if !b.dfs(0) && math.IsInf(b.openBound, -1) {
		// Stopped at the root itself: nothing below it is covered by a
		// child's bound, so the root's bound stands.
		b.openBound = math.Inf(1)
	}
}

// run0 is the root: the incumbent from the heuristics, the root bound and
// the reduced-cost fixing. It reports whether the root proves the plan.
func (b *search) run0() bool {
	m := b.m
	b.s = m.newState()
	if g := m.greedyDensity(b.h.stop); m.evaluate(m.plan(g)).Feasible() {
		b.best = g
	}
	target := math.Inf(-1)
	if b.best != nil {
		target = b.best.obj
	}
	// Start multipliers at the average value density of the money.
	for t := range m.T {
		b.lam[0][t], b.mu[0][t] = 0, 0
	}
	iters := 3000
	if m.n > 300 {
		iters = 1000
	}
	t0 := target
	if math.IsInf(t0, -1) {
		t0 = 0
	}
	b.rootBound = b.improve(0, iters, t0, 2)
	b.primal()
	if b.best != nil {
		b.rootBound = math.Min(b.rootBound, b.improve(0, 2*iters, b.best.obj, 1))
	}
	b.rootReduced()
	b.fix()
	b.rootBound = math.Min(b.rootBound, b.treeBound(b.lam[0], b.mu[0]))
	if b.best != nil {
		b.rootBound = math.Min(b.rootBound, b.forestDual(forestSteps))
	}
	b.report(true)
	return b.best != nil && b.rootBound <= b.best.obj+tol(b.best.obj)
}

// yearSearchMax is the largest n·T searched year by year (solve_year.go):
// measured better on 60 × 5 (proves the optimum) and as good on 230 × 6;
// 1 000 × 8 keeps the depth-first search by service, whose time limit was
// kept more closely there (0.34 s against 0.48 s for a 0.3 s limit,
// measured before the year search read the clock in its subgradient).
const yearSearchMax = 2000

// forestSteps is the most subgradient steps forestDual takes at the root:
// on 1 000 × 8 it stalls within 2 000 (a step there takes 60 µs).
const forestSteps = 3000

func tol(x float64) float64 { return 1e-9 * math.Max(1, math.Abs(x)) }

func (b *search) report(force bool) {
	if b.opts.Progress == nil {
		return
	}
	now := time.Now()
	if !force && now.Sub(b.lastRep) < b.opts.ProgressEvery {
		return
	}
	b.lastRep = now
	p := Progress{Elapsed: now.Sub(b.began), Nodes: b.nodes, Bound: b.rootBound, Objective: math.NaN()}
	if b.best != nil {
		p.Objective = b.best.obj
	}
	b.opts.Progress(p)
}

func (b *search) incumbent() float64 {
	if b.best == nil {
		return math.Inf(-1)
	}
	return b.best.obj
}

// options lists the choices for order[k]: years with room (by reduced
// value) and −1 for "not started".
func (b *search) options(k int) []int {
	m, s := b.m, b.s
	i := b.order[k]
	var out []int
	if !m.excl[i] {
		if lo := m.lowest(s, i); lo >= 0 {
			lam, mu := b.lam[k], b.mu[k]
			red := func(t int) float64 {
				r := m.val[i][t]
				if m.budget[t] > 0 {
					r -= lam[t] * m.cost[i] / m.budget[t]
				}
				if m.capacity[t] > 0 {
					r -= mu[t] * m.hours[i] / m.capacity[t]
				}
				return r
			}
			for t := lo; t < m.T; t++ {
				if !b.ban[i][t] && fits(s.spend[t], m.cost[i], m.budget[t]) && fits(s.hours[t], m.hours[i], m.capacity[t]) {
					out = append(out, t)
				}
			}
			slices.SortStableFunc(out, func(a, c int) int { return cmpDesc(red(a), red(c)) })
		}
	}
	if !m.must[i] && !b.banNone[i] {
		// Not starting first when starting costs more than it earns.
		if len(out) > 0 && b.choice[i] < 0 {
			out = append([]int{-1}, out...)
		} else {
			out = append(out, -1)
		}
	}
	return out
}

func (b *search) unset(i, t int) {
	m, s := b.m, b.s
	s.start[i] = -1
	s.spend[t] -= m.cost[i]
	s.hours[t] -= m.hours[i]
	s.obj -= m.val[i][t]
}

// dfs explores order[k:]; it returns false when the search stopped.
func (b *search) dfs(k int) bool {
	b.nodes++
	// The context at every node: a node costs a Lagrangian pass over all
	// services, far more than the look, and on the largest instances
	// sixteen of them outlast a short limit.
	if b.ctx.Err() != nil {
		b.stopped = true
	}
	if b.nodes&15 == 0 {
		b.report(false)
	}
	if b.stopped {
		return false
	}
	m, s := b.m, b.s
	if k == len(b.order) {
		if s.obj > b.incumbent()+tol(s.obj) {
			b.newIncumbent(s.clone())
		}
		return true
	}
	copy(b.lam[k+1], b.lam[k])
	copy(b.mu[k+1], b.mu[k])
	inc := b.incumbent()
	L := b.lagrange(k, b.lam[k], b.mu[k], nil, nil)
	if s.obj+L <= inc+tol(inc) {
		return true
	}
	if k < len(b.order)-1 && !math.IsInf(inc, -1) {
		L = b.improve(k, 8, inc-s.obj, 1)
		if s.obj+L <= inc+tol(inc) {
			return true
		}
		b.lagrange(k, b.lam[k], b.mu[k], nil, nil) // refresh choices
	}
	b.nodeBound[k] = s.obj + L
	i := b.order[k]
	opts := b.options(k)
	for x, t := range opts {
		copy(b.lam[k+1], b.lam[k])
		copy(b.mu[k+1], b.mu[k])
		if t >= 0 {
			m.set(s, i, t)
		}
		ok := b.dfs(k + 1)
		if t >= 0 {
			b.unset(i, t)
		}
		if !ok {
			b.boundOpen(k, opts[x:])
			return false
		}
	}
	return true
}

// boundOpen raises openBound to cover the children opts of the node at
// depth k, not (fully) explored when the search stopped: near the root
// each child is bounded on its own, deeper down (where there are many
// frames to unwind) by the node's bound, which covers them all.
func (b *search) boundOpen(k int, opts []int) {
	// On a model over boundOpenCells each child's bound (a Lagrangian
	// pass) is too slow to take at every frame once time is up.
	if k >= 48 || b.m.n*b.m.T > boundOpenCells {
		b.openBound = math.Max(b.openBound, b.nodeBound[k])
		return
	}
	m, s, i := b.m, b.s, b.order[k]
	for _, u := range opts {
		if u >= 0 {
			m.set(s, i, u)
		}
		b.openBound = math.Max(b.openBound, b.childBound(k, u))
		if u >= 0 {
			b.unset(i, u)
		}
	}
}

// boundOpenCells is the largest n·T whose open children boundOpen bounds
// one by one: above the 1 000 × 8 benchmark, whose reported bound stays
// as it was.
const boundOpenCells = 20000

// childBound bounds the subtree below the current partial plan at depth k+1.
func (b *search) childBound(k, _ int) float64 {
	L := b.lagrange(k+1, b.lam[k], b.mu[k], nil, nil)
	return b.s.obj + L
}
