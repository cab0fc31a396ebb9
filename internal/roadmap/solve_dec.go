package roadmap

import (
	"math"
	"math/bits"
)

// The year decomposition: relaxing "each service starts at most once"
// (multipliers u) and the requirements (multipliers w) leaves one
// two-dimensional knapsack per year, which knap solves (exactly up to its
// node limit). Any multipliers give a valid bound, but on the generated
// instances it stays above the forest bound of treeBound (60x5: 22.07 M
// against 21.96 M), so Solve uses it for its prices: u_i is what service i
// is worth elsewhere, which guides the year-by-year heuristic.

// free marks a service not yet decided in a node.
const free = -2

// dep is a requirement: service j requires service i.
type dep struct{ j, i int }

// dnode is a partial plan for the decomposition: services fixed to a
// year, fixed to "not started" or free with the years still allowed.
type dnode struct {
	fixed        []int
	allow        []uint64
	need         []bool // free services that must start
	spend, hours []float64
	obj          float64
	u            []float64 // per service
	w            []float64 // per requirement and year: len(deps)·T
}

// dec holds the model's requirement lists and scratch space for the
// Lagrangian of the year decomposition.
type dec struct {
	m        *model
	deps     []dep
	users    [][]int
	ks       *knap
	prof     [][]float64 // prof[i][t]: Lagrangian profit of (i,t)
	items    []kitem
	sel      [][]int // sel[t]: services the year-t knapsack takes
	ub       []float64
	gu       []float64
	gw       []float64
	exact    bool
	stallMax int
}

func newDec(m *model) *dec {
	d := &dec{m: m, users: make([][]int, m.n), ks: newKnap(2000), stallMax: 20}
	for j := range m.n {
		for _, i := range m.req[j] {
			d.deps = append(d.deps, dep{j, i})
			d.users[i] = append(d.users[i], j)
		}
	}
	d.prof = make([][]float64, m.n)
	for i := range d.prof {
		d.prof[i] = make([]float64, m.T)
	}
	d.sel = make([][]int, m.T)
	d.ub = make([]float64, m.T)
	d.gu = make([]float64, m.n)
	d.gw = make([]float64, len(d.deps)*m.T)
	return d
}

// root is the node with nothing decided.
func (d *dec) root() *dnode {
	m := d.m
	nd := &dnode{fixed: make([]int, m.n), allow: make([]uint64, m.n), need: make([]bool, m.n),
		spend: make([]float64, m.T), hours: make([]float64, m.T),
		u: make([]float64, m.n), w: make([]float64, len(d.deps)*m.T)}
	for i := range m.n {
		nd.fixed[i] = free
		if m.excl[i] {
			nd.fixed[i] = -1
			continue
		}
		for t := m.earliest[i]; t < m.T; t++ {
			nd.allow[i] |= 1 << t
		}
		nd.need[i] = m.must[i]
	}
	return nd
}

func above(t int) uint64 { return ^uint64(0) << (t + 1) }        // years > t
func below(t int) uint64 { return (uint64(1) << max(t, 0)) - 1 } // years < t

// fix starts free service i in year t of the node.
func (d *dec) fix(nd *dnode, i, t int) {
	m := d.m
	nd.fixed[i] = t
	nd.allow[i] = 0
	nd.need[i] = false
	nd.spend[t] += m.cost[i]
	nd.hours[t] += m.hours[i]
	nd.obj += m.val[i][t]
}

// propagate narrows the free services' years by room, requirements and
// users until nothing changes; a free service that must start in its only
// allowed year is fixed. It returns false when the node has no plan.
func (d *dec) propagate(nd *dnode) bool {
	m := d.m
	for changed := true; changed; {
		changed = false
		for i := range m.n {
			if nd.fixed[i] != free {
				continue
			}
			a := nd.allow[i]
			for x := a; x != 0; x &= x - 1 {
				t := bits.TrailingZeros64(x)
				if !fits(nd.spend[t], m.cost[i], m.budget[t]) || !fits(nd.hours[t], m.hours[i], m.capacity[t]) {
					a &^= 1 << t
				}
			}
			for _, j := range m.req[i] {
				switch f := nd.fixed[j]; {
				case f == -1:
					a = 0
				case f >= 0:
					a &= above(f)
				case nd.allow[j] != 0:
					a &= above(bits.TrailingZeros64(nd.allow[j]))
				}
			}
			need := nd.need[i]
			for _, u := range d.users[i] {
				switch f := nd.fixed[u]; {
				case f >= 0:
					a &= below(f)
					need = true
				case f == free && nd.need[u] && nd.allow[u] != 0:
					a &= below(63 - bits.LeadingZeros64(nd.allow[u]))
					need = true
				}
			}
			if a != nd.allow[i] || need != nd.need[i] {
				nd.allow[i], nd.need[i] = a, need
				changed = true
			}
			switch {
			case a == 0 && need:
				return false
			case a == 0:
				nd.fixed[i] = -1
				changed = true
			case need && a&(a-1) == 0:
				d.fix(nd, i, bits.TrailingZeros64(a))
				changed = true
			}
		}
	}
	return true
}

// lagrange evaluates the Lagrangian bound of the node at its multipliers;
// it fills d.sel with the knapsacks' choices and d.ub with their bounds.
func (d *dec) lagrange(nd *dnode) float64 {
	m := d.m
	T := m.T
	L := nd.obj
	for i := range m.n {
		if nd.fixed[i] != free {
			continue
		}
		L += nd.u[i]
		for t := range T {
			d.prof[i][t] = m.val[i][t] - nd.u[i]
		}
	}
	for k, dp := range d.deps {
		if nd.fixed[dp.j] != free || nd.fixed[dp.i] != free {
			continue
		}
		w := nd.w[k*T : (k+1)*T]
		acc := 0.0 // Σ_{t>s} w_t, built from the last year down
		for s := T - 1; s >= 0; s-- {
			d.prof[dp.i][s] += acc
			d.prof[dp.j][s] -= w[s]
			acc += w[s]
		}
	}
	d.exact = true
	for t := range T {
		d.items = d.items[:0]
		for i := range m.n {
			if nd.fixed[i] == free && nd.allow[i]&(1<<t) != 0 {
				d.items = append(d.items, kitem{p: d.prof[i][t], a: m.cost[i], b: m.hours[i], id: i})
			}
		}
		ca := m.budget[t] + eps*max(1, math.Abs(m.budget[t]))*1.001 - nd.spend[t]
		cb := m.capacity[t] + eps*max(1, math.Abs(m.capacity[t]))*1.001 - nd.hours[t]
		ub, _, ex := d.ks.solve(d.items, ca, cb)
		d.exact = d.exact && ex
		d.ub[t] = ub
		L += ub
		d.sel[t] = d.sel[t][:0]
		for x, in := range d.ks.best {
			if in {
				d.sel[t] = append(d.sel[t], d.ks.it[x].id)
			}
		}
	}
	return L
}

// subgradient fills d.gu and d.gw from d.sel and returns the squared norm
// of the projected subgradient.
func (d *dec) subgradient(nd *dnode) float64 {
	m := d.m
	T := m.T
	for i := range m.n {
		d.gu[i] = 1
	}
	for t := range T {
		for _, i := range d.sel[t] {
			d.gu[i]--
		}
	}
	norm := 0.0
	for i := range m.n {
		if nd.fixed[i] != free || (!nd.need[i] && nd.u[i] <= 0 && d.gu[i] > 0) {
			d.gu[i] = 0
		}
		norm += d.gu[i] * d.gu[i]
	}
	clear(d.gw)
	for k, dp := range d.deps {
		if nd.fixed[dp.j] != free || nd.fixed[dp.i] != free {
			continue
		}
		for t := range T {
			g := float64(d.countBefore(dp.i, t))
			if d.chose(dp.j, t) {
				g--
			}
			if nd.w[k*T+t] <= 0 && g > 0 {
				g = 0
			}
			d.gw[k*T+t] = g
			norm += g * g
		}
	}
	return norm
}

// countBefore counts the years before t whose knapsack takes i.
func (d *dec) countBefore(i, t int) int {
	c := 0
	for s := range t {
		if d.chose(i, s) {
			c++
		}
	}
	return c
}

func (d *dec) chose(i, t int) bool {
	for _, k := range d.sel[t] {
		if k == i {
			return true
		}
	}
	return false
}

// step moves the multipliers against the subgradient.
func (d *dec) step(nd *dnode, step float64) {
	for i, g := range d.gu {
		if g == 0 {
			continue
		}
		nd.u[i] -= step * g
		if !nd.need[i] && nd.u[i] < 0 {
			nd.u[i] = 0
		}
	}
	for k, g := range d.gw {
		if g != 0 {
			nd.w[k] = math.Max(0, nd.w[k]-step*g)
		}
	}
}

// optimise runs up to iters subgradient steps (Polyak towards target)
// and leaves the node at the best multipliers found; it returns that
// bound. stop is polled every step.
func (d *dec) optimise(nd *dnode, iters int, target float64, theta float64, stop func() bool) float64 {
	bestL := math.Inf(1)
	bu, bw := append([]float64(nil), nd.u...), append([]float64(nil), nd.w...)
	stall := 0
	for it := 0; it < iters; it++ {
		L := d.lagrange(nd)
		if L < bestL-1e-9*math.Abs(L) {
			bestL, stall = L, 0
			copy(bu, nd.u)
			copy(bw, nd.w)
		} else if stall++; stall >= d.stallMax {
			theta, stall = theta/2, 0
		}
		if bestL <= target+tol(target) || theta < 1e-6 || (stop != nil && stop()) {
			break
		}
		norm := d.subgradient(nd)
		if norm == 0 {
			break
		}
		gap := math.Max(L-target, 1e-4*math.Abs(L)+1e-6)
		d.step(nd, theta*gap/norm)
	}
	copy(nd.u, bu)
	copy(nd.w, bw)
	return bestL
}
