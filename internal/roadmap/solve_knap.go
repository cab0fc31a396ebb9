package roadmap

import (
	"math"
	"slices"
)

// kitem is an item of one year's knapsack: a service's adjusted profit,
// its cost (a) and its hours (b).
type kitem struct {
	p, a, b float64
	id      int
}

// knap solves two-dimensional 0-1 knapsacks (budget and hours) by
// depth-first branch and bound. The bound at a node is the smallest of
// three Dantzig bounds: on the budget alone, on the hours alone and on
// their sum as shares of the capacities (a surrogate constraint). Beyond
// its node limit it stops and answers the root bound, which stays a valid
// upper bound, with the best set found.
type knap struct {
	it         []kitem
	byA, byB   []int // item positions by profit per cost, per hour
	cur, best  []bool
	bestV      float64
	nodes      int
	limit      int
	maxItems   int // when > 0, only this many items of best surrogate efficiency (heuristics)
	capA, capB float64
	sa, sb     float64 // surrogate scales: 1/capacity
}

func newKnap(limit int) *knap { return &knap{limit: limit} }

// solve maximises Σ p over the items with Σ a ≤ capA and Σ b ≤ capB; it
// returns an upper bound, the value of the best set and whether that set
// is proven optimal. The chosen items are those with k.best[x] after the
// call, in k.it's order (sorted by surrogate efficiency).
func (k *knap) solve(items []kitem, capA, capB float64) (ub, val float64, exact bool) {
	k.it = k.it[:0]
	for _, x := range items {
		if x.p > 0 && x.a <= capA && x.b <= capB {
			k.it = append(k.it, x)
		}
	}
	k.capA, k.capB = capA, capB
	k.sa, k.sb = 1/math.Max(capA, 1e-12), 1/math.Max(capB, 1e-12)
	slices.SortFunc(k.it, func(x, y kitem) int {
		return cmpDesc(x.p/(x.a*k.sa+x.b*k.sb+1e-15), y.p/(y.a*k.sa+y.b*k.sb+1e-15))
	})
	if k.maxItems > 0 && len(k.it) > k.maxItems {
		k.it = k.it[:k.maxItems]
	}
	n := len(k.it)
	k.byA = resize(k.byA, n)
	k.byB = resize(k.byB, n)
	for x := range n {
		k.byA[x], k.byB[x] = x, x
	}
	slices.SortFunc(k.byA, func(x, y int) int { return cmpDesc(k.it[x].p/(k.it[x].a+1e-15), k.it[y].p/(k.it[y].a+1e-15)) })
	slices.SortFunc(k.byB, func(x, y int) int { return cmpDesc(k.it[x].p/(k.it[x].b+1e-15), k.it[y].p/(k.it[y].b+1e-15)) })
	k.cur = resizeBool(k.cur, n)
	k.best = resizeBool(k.best, n)
	clear(k.cur)
	clear(k.best)
	k.bestV, k.nodes = 0, 0
	root := k.bound(0, capA, capB)
	k.dfs(0, capA, capB, 0)
	if k.nodes > k.limit {
		return math.Max(root, k.bestV), k.bestV, false
	}
	return k.bestV, k.bestV, true
}

func resize(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	return s[:n]
}

func resizeBool(s []bool, n int) []bool {
	if cap(s) < n {
		return make([]bool, n)
	}
	return s[:n]
}

// dfs decides item x onwards with remaining capacities ra, rb and value v.
func (k *knap) dfs(x int, ra, rb, v float64) {
	if v > k.bestV {
		k.bestV = v
		copy(k.best, k.cur)
	}
	if x == len(k.it) || k.nodes > k.limit {
		return
	}
	k.nodes++
	if v+k.bound(x, ra, rb) <= k.bestV*(1+1e-12)+1e-9 {
		return
	}
	it := k.it[x]
	if it.a <= ra && it.b <= rb {
		k.cur[x] = true
		k.dfs(x+1, ra-it.a, rb-it.b, v+it.p)
		k.cur[x] = false
	}
	k.dfs(x+1, ra, rb, v)
}

// bound is the smallest Dantzig bound on the items x… given the room left.
func (k *knap) bound(x int, ra, rb float64) float64 {
	// Surrogate: the items are in this order.
	rs := ra*k.sa + rb*k.sb
	s := 0.0
	for _, it := range k.it[x:] {
		if it.a > ra || it.b > rb {
			continue
		}
		w := it.a*k.sa + it.b*k.sb
		if w <= rs {
			rs -= w
			s += it.p
			continue
		}
		s += it.p * rs / w
		break
	}
	return math.Min(s, math.Min(k.dantzig(k.byA, x, ra, rb, true), k.dantzig(k.byB, x, ra, rb, false)))
}

// dantzig is the LP bound of one dimension over the undecided items.
func (k *knap) dantzig(ord []int, x int, ra, rb float64, onA bool) float64 {
	r := rb
	if onA {
		r = ra
	}
	s := 0.0
	for _, y := range ord {
		if y < x {
			continue
		}
		it := k.it[y]
		if it.a > ra || it.b > rb {
			continue
		}
		w := it.b
		if onA {
			w = it.a
		}
		if w <= r {
			r -= w
			s += it.p
			continue
		}
		s += it.p * r / w
		break
	}
	return s
}
