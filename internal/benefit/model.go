package benefit

// model is a case compiled to a flat form for the Monte Carlo simulation
// and the tornado: every input that enters the NPV is a slot of vals, and
// the NPV is a short loop over the slots with precomputed coefficients.
//
//	NPV = (Σ_j U_j D_j) × G − Σ_k w_k (A_k + H_k h̄)
//	G   = Σ_m cases_m minutes_m hourly_m / 60 + v_c Σ_m cases_m citizen_minutes_m / 60 + Σ_g annual_g
//	h̄   = Σ_m hourly_m / M
//
// where U_j is the j-th uptake value and D_j the sum of d_t over the years
// t it holds for, and w_k is d_year for a one-off cost and Σ_{t=1..N} d_t
// for a yearly one.
type model struct {
	nMuni   int       // vals[4m : 4m+4] = cases, hourly cost, minutes, citizen minutes
	cv      int       // index of the citizen hour value
	direct  [2]int    // vals[direct[0]:direct[1]] = direct savings
	uptake  [2]int    // vals[uptake[0]:uptake[1]] = uptake values U_j
	ucoef   []float64 // D_j
	costs   [2]int    // vals[costs[0]:costs[1]] = amount, hours pairs A_k, H_k
	wcost   []float64 // w_k
	vals    []float64 // the likely values
	samp    []sampler // the uncertain slots, in a fixed order
	src     []source  // what each sampler's slot is, for the tornado
	scratch int       // len(vals)
}

// source says which input of the case a sampler's slot holds: Field is
// its key, I the index of its municipality, gain, cost or uptake value.
type source struct {
	Field string
	I     int
}

// sampler draws one slot from triangular(lo, mode, hi) by Stein and
// Keblis' construction: for independent uniforms U, V on [0, 1),
// lo + (hi−lo)(c·max(U, V) + (1−c)·min(U, V)) with c = (mode−lo)/(hi−lo)
// has exactly the triangular distribution (Stein and Keblis 2009). It
// needs no square root and no unpredictable branch: U and V are the two
// 32-bit halves of one 64-bit draw (a resolution of 2⁻³² of the range), so
// p and q hold (hi−lo)·c and (hi−lo)·(1−c) scaled by 2⁻³².
type sampler struct {
	idx    int
	lo, hi float64
	p, q   float64
}

func newSampler(idx int, r Range) sampler {
	w := r.High - r.Low
	c := (r.Likely - r.Low) / w
	return sampler{idx: idx, lo: r.Low, hi: r.High, p: w * c * 0x1p-32, q: w * (1 - c) * 0x1p-32}
}

// draw turns one 64-bit random number into a draw of the slot, never
// outside [lo, hi].
func (s *sampler) draw(r uint64) float64 {
	a, b := r>>32, r&0xffffffff
	x := s.lo + s.p*float64(max(a, b)) + s.q*float64(min(a, b))
	if x > s.hi { // rounding only
		x = s.hi
	}
	return x
}

// compile builds the model of a valid case.
func compile(c Case) *model {
	s := c.Settings.Normalized()
	n := s.Years
	d := make([]float64, n+1)
	var annuity float64 // Σ_{t=1..N} d_t
	for t := range d {
		d[t] = discountFactor(s.DiscountRate, t)
		if t > 0 {
			annuity += d[t]
		}
	}
	m := &model{nMuni: len(c.Municipalities)}
	add := func(r Range, used bool, field string, i int) {
		idx := len(m.vals)
		if !used {
			m.vals = append(m.vals, 0)
			return
		}
		m.vals = append(m.vals, r.Likely)
		if r.Low < r.High {
			m.samp = append(m.samp, newSampler(idx, r))
			m.src = append(m.src, source{field, i})
		}
	}
	hasEmp, hasCit := hasGain(c, GainEmployeeTime), hasGain(c, GainCitizenTime)
	for i, mu := range c.Municipalities {
		add(mu.Cases, hasEmp || hasCit, "cases", i)
		add(mu.HourlyCost, true, "hourly_cost", i)
		add(mu.MinutesSaved, hasEmp, "minutes_saved", i)
		add(mu.CitizenMinutesSaved, hasCit, "citizen_minutes_saved", i)
	}
	m.cv = len(m.vals)
	add(s.CitizenHourValue, hasCit, "citizen_hour_value", 0)
	m.direct[0] = len(m.vals)
	for i, g := range c.Gains {
		if g.Kind == GainDirect {
			add(g.Annual, true, "annual", i)
		}
	}
	m.direct[1] = len(m.vals)
	m.uptake[0] = len(m.vals)
	if len(c.Uptake) == 0 {
		m.vals = append(m.vals, 1)
		m.ucoef = append(m.ucoef, annuity)
	}
	for j, u := range c.Uptake {
		if j+1 > n {
			break // holds for no year of the period
		}
		var w float64
		if j < len(c.Uptake)-1 {
			w = d[j+1]
		} else {
			for t := j + 1; t <= n; t++ {
				w += d[t]
			}
		}
		m.ucoef = append(m.ucoef, w)
		add(u, true, "uptake", j)
	}
	m.uptake[1] = len(m.vals)
	m.costs[0] = len(m.vals)
	for i, k := range c.Costs {
		add(k.Amount, true, "amount", i)
		add(k.Hours, true, "hours", i)
		if k.OneOff() {
			m.wcost = append(m.wcost, d[k.Year])
		} else {
			m.wcost = append(m.wcost, annuity)
		}
	}
	m.costs[1] = len(m.vals)
	m.scratch = len(m.vals)
	return m
}

// npv evaluates the model at the values v (a copy of vals with some slots
// changed).
func (m *model) npv(v []float64) float64 {
	var emp, cit, hsum float64
	mv := v[:4*m.nMuni]
	for i := 0; i+3 < len(mv); i += 4 {
		cases, hourly := mv[i], mv[i+1]
		emp += cases * mv[i+2] * hourly
		cit += cases * mv[i+3]
		hsum += hourly
	}
	var hbar float64
	if m.nMuni > 0 {
		hbar = hsum / float64(m.nMuni)
	}
	g := emp/60 + cit/60*v[m.cv]
	for _, x := range v[m.direct[0]:m.direct[1]] {
		g += x
	}
	var u float64
	uv := v[m.uptake[0]:m.uptake[1]]
	uc := m.ucoef[:len(uv)]
	for j, x := range uv {
		u += x * uc[j]
	}
	var cost float64
	cv := v[m.costs[0]:m.costs[1]]
	wc := m.wcost[:len(cv)/2]
	for k, w := range wc {
		cost += w * (cv[2*k] + cv[2*k+1]*hbar)
	}
	return u*g - cost
}
