package roadmap

import "math"

// treeBound is the root Lagrangian bound with multipliers lam, mu where
// each service's first requirement is kept (a forest, solved exactly by
// dynamic programming: a service starts only after its parent) and its
// other requirements are relaxed. It is at most the plain root bound.
func (b *search) treeBound(lam, mu []float64) float64 {
	m := b.m
	parent := make([]int, m.n)
	for i := range m.n {
		parent[i] = -1
		if len(m.req[i]) > 0 {
			parent[i] = m.req[i][0]
		}
	}
	f := make([][]float64, m.n)
	mustIn := make([]bool, m.n)
	for i := range f {
		f[i] = make([]float64, m.T)
		mustIn[i] = m.must[i]
	}
	L := 0.0
	for t := range m.T {
		L += lam[t] + mu[t]
	}
	for t := range m.T {
		for i := range m.n {
			r := math.Inf(-1)
			if !m.excl[i] && !b.ban[i][t] && t >= m.earliest[i] && fits(0, m.cost[i], m.budget[t]) && fits(0, m.hours[i], m.capacity[t]) {
				r = m.val[i][t]
				if m.budget[t] > 0 {
					r -= lam[t] * m.cost[i] / m.budget[t]
				}
				if m.capacity[t] > 0 {
					r -= mu[t] * m.hours[i] / m.capacity[t]
				}
			}
			f[i][t] = r
		}
	}
	// Users after what they require: reverse topological order.
	for k := len(b.order) - 1; k >= 0; k-- {
		u := b.order[k]
		none := 0.0
		if mustIn[u] || b.banNone[u] {
			none = math.Inf(-1)
		}
		p := parent[u]
		if p < 0 {
			best := none
			for t := range m.T {
				best = math.Max(best, f[u][t])
			}
			L += best
			continue
		}
		if mustIn[u] {
			mustIn[p] = true
		}
		// after[t] = best of u's subtree when p starts in year t.
		after := math.Max(none, math.Inf(-1))
		_ = after
		for t := range m.T {
			best := none
			for t2 := t + 1; t2 < m.T; t2++ {
				best = math.Max(best, f[u][t2])
			}
			f[p][t] += best
		}
	}
	return L
}
