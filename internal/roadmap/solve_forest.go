package roadmap

import "math"

// forestDual minimises the forest Lagrangian of the whole plan (the bound
// of the year search at its root: budgets and hours priced, each service's
// first requirement kept) over the multipliers, by subgradient steps that
// start from the root's (lam, mu), are halved after stalling and restart
// from the best point. The root's multipliers are tuned for the plain
// Lagrangian (requirements relaxed); for the forest they are off by
// enough to matter: on 1 000 × 8 seed 1 the forest bound goes from
// 405.65 M to 405.30 M in 2 000 steps (0.12 s). It returns the best bound
// and leaves the best multipliers in b.flam, b.fmu; it stops after iters
// steps or when ctx ends (any multipliers give a valid bound).
func (b *search) forestDual(iters int) float64 {
	m := b.m
	y := newForest(b)
	b.fy = y
	lam, mu := append([]float64(nil), b.lam[0]...), append([]float64(nil), b.mu[0]...)
	if b.flam != nil {
		lam, mu = append(lam[:0], b.flam...), append(mu[:0], b.fmu...)
	}
	b.flam, b.fmu = append([]float64(nil), lam...), append([]float64(nil), mu...)
	b.fy = y
	target := b.incumbent()
	best := math.Inf(1)
	theta, stall := 0.1, 0
	for it := range iters {
		if it%8 == 7 && b.ctx.Err() != nil {
			break
		}
		L := y.bound(0, lam, mu, y.gb, y.gc)
		if math.IsInf(L, -1) {
			return L // no plan below the fixings
		}
		if L < best-tol(L) {
			best, stall = L, 0
			copy(b.flam, lam)
			copy(b.fmu, mu)
			b.forestFix(y, L)
		} else if stall++; stall > 50 {
			if theta /= 1.5; theta < 1e-6 {
				break
			}
			stall = 0
			copy(lam, b.flam)
			copy(mu, b.fmu)
			continue
		}
		if best <= target+tol(target) || math.IsInf(target, -1) && it > 0 {
			break
		}
		norm := 0.0
		for u := range m.T {
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
		step := theta * (L - target) / norm
		for u := range m.T {
			lam[u] = math.Max(0, lam[u]-step*y.gb[u])
			mu[u] = math.Max(0, mu[u]-step*y.gc[u])
		}
	}
	return best
}

// forestFix bans, for each service without requirements, the years (and
// "not started") whose forced choice takes the forest bound L below the
// incumbent: no better plan makes that choice. The tables are those of
// y.bound(0, …) at the multipliers that gave L; forcing service i (a root
// of the forest) to year t changes only its tree's term, from its best
// to f[i][t] (its users at their best later years).
func (b *search) forestFix(y *yearSearch, L float64) {
	if b.best == nil {
		return
	}
	m := b.m
	inc := b.best.obj
	lim := inc - tol(inc) - 1e-9*math.Abs(L)
	for i := range m.n {
		if y.parent[i] >= 0 || m.excl[i] {
			continue
		}
		v := y.sufV[i][0]
		if y.noneOK[i] && v <= 0 {
			v = 0
		}
		if math.IsInf(v, -1) {
			continue
		}
		for t := range m.T {
			if !b.ban[i][t] && !math.IsInf(y.f[i][t], -1) && L-v+y.f[i][t] < lim {
				b.ban[i][t] = true
			}
		}
		if y.noneOK[i] && !m.must[i] && L-v < lim {
			b.banNone[i] = true
		}
	}
}

// forestScores are the scores of the forest bound at its best multipliers
// (forestDual must have run): per service and year its reduced value with
// its users' best later years added, so that a requirement scores what
// the services it opens the way for are worth. Nil when it has not run.
func (b *search) forestScores() [][]float64 {
	y := b.fy
	if y == nil {
		return nil
	}
	m := b.m
	if math.IsInf(y.bound(0, b.flam, b.fmu, nil, nil), -1) {
		return nil
	}
	sc := make([][]float64, m.n)
	for i := range sc {
		sc[i] = make([]float64, m.T)
		for t := range m.T {
			sc[i][t] = y.f[i][t]
			if math.IsInf(sc[i][t], -1) {
				sc[i][t] = -math.MaxFloat64
			}
		}
	}
	return sc
}
