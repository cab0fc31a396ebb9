package benefit

import (
	"math"
	"math/rand/v2"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// MaxIterations bounds a simulation (its draws are kept to find the
// percentiles: 8 bytes each).
const MaxIterations = 1_000_000

// blockSize is the number of iterations drawn from one generator. The
// blocks, not the goroutines, fix the random streams, so a result does not
// depend on GOMAXPROCS.
const blockSize = 1024

// HistogramBins is the number of bins of a simulation's histogram.
const HistogramBins = 20

// Simulation summarises the NPV over the Monte Carlo draws.
type Simulation struct {
	Iterations int     `json:"iterations"`
	Seed       uint64  `json:"seed"`
	Mean       float64 `json:"mean"`
	StdDev     float64 `json:"std_dev"`
	// P10, P50 and P90 interpolate linearly between the sorted draws
	// (Hyndman and Fan's type 7, as in Excel's PERCENTILE.INC).
	P10 float64 `json:"p10"`
	P50 float64 `json:"p50"`
	P90 float64 `json:"p90"`
	// ProbNegative is the share of draws with NPV < 0.
	ProbNegative float64   `json:"prob_negative"`
	Min          float64   `json:"min"`
	Max          float64   `json:"max"`
	Histogram    Histogram `json:"histogram"`
}

// Histogram counts the draws in equal bins from Min to Max: bin i holds
// Edges[i] ≤ x < Edges[i+1], the last bin its upper edge too. It has
// HistogramBins bins, or one (with equal edges) when every draw is equal.
type Histogram struct {
	Edges  []float64 `json:"edges"`
	Counts []int     `json:"counts"`
}

// Simulate draws the NPV iterations times: every range with Low < High
// independently from the triangular distribution over [Low, High] with its
// mode at Likely (uptake values stay within [0, 1]), every other input at
// its value. The result depends only on the case, iterations and seed —
// not on GOMAXPROCS — and equals SimulatePortfolio's for the same case.
// Errors: invalid (the case's fields, or "iterations" with
// "benefit.iterations" outside 1 … MaxIterations).
func Simulate(c Case, iterations int, seed uint64) (Simulation, error) {
	if err := checkIterations(iterations); err != nil {
		return Simulation{}, err
	}
	if err := invalid(c); err != nil {
		return Simulation{}, err
	}
	m := compile(c)
	draws := make([]float64, iterations)
	blocks := (iterations + blockSize - 1) / blockSize
	workers := min(runtime.GOMAXPROCS(0), blocks)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			v := make([]float64, m.scratch)
			for {
				b := int(next.Add(1) - 1)
				if b >= blocks {
					return
				}
				m.run(v, draws, b, seed)
			}
		})
	}
	wg.Wait()
	return summarise(draws, seed), nil
}

// SimulatePortfolio simulates each case as Simulate does, with the same
// results, spreading the cases over all cores. Each worker keeps one
// buffer of draws; an iteration allocates nothing. Errors: invalid, with
// the fields of every invalid case under "cases[i]." (or "iterations").
func SimulatePortfolio(cases []Case, iterations int, seed uint64) ([]Simulation, error) {
	if err := checkIterations(iterations); err != nil {
		return nil, err
	}
	var fields []domain.FieldError
	for i, c := range cases {
		for _, f := range Validate(c) {
			f.Field = "cases[" + strconv.Itoa(i) + "]." + f.Field
			fields = append(fields, f)
		}
	}
	if len(fields) > 0 {
		return nil, domain.Invalid("error.invalid_fields", fields...)
	}
	out := make([]Simulation, len(cases))
	workers := runtime.GOMAXPROCS(0)
	if len(cases) < workers {
		// Too few cases to keep the cores busy: spread each case's blocks.
		for i, c := range cases {
			s, err := Simulate(c, iterations, seed)
			if err != nil {
				return nil, err
			}
			out[i] = s
		}
		return out, nil
	}
	models := make([]*model, len(cases))
	scratch := 0
	for i, c := range cases {
		models[i] = compile(c)
		scratch = max(scratch, models[i].scratch)
	}
	blocks := (iterations + blockSize - 1) / blockSize
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			v := make([]float64, scratch)
			draws := make([]float64, iterations)
			for {
				i := int(next.Add(1) - 1)
				if i >= len(models) {
					return
				}
				m := models[i]
				for b := range blocks {
					m.run(v[:m.scratch], draws, b, seed)
				}
				out[i] = summarise(draws, seed)
			}
		})
	}
	wg.Wait()
	return out, nil
}

func checkIterations(n int) error {
	if n < 1 || n > MaxIterations {
		return domain.Invalid("error.invalid_fields", domain.Field("iterations", CodeIterations, 1, MaxIterations))
	}
	return nil
}

// run draws block b's iterations into draws, using v as the values.
func (m *model) run(v, draws []float64, b int, seed uint64) {
	lo := b * blockSize
	hi := min(lo+blockSize, len(draws))
	out := draws[lo:hi]
	if len(m.samp) == 0 {
		x := m.npv(m.vals)
		for i := range out {
			out[i] = x
		}
		return
	}
	copy(v, m.vals)
	var g rand.PCG
	g.Seed(splitmix(seed), splitmix(seed^splitmix(uint64(b)+0x632be59bd9b4e019)))
	samp := m.samp
	for i := range out {
		for k := range samp {
			s := &samp[k]
			v[s.idx] = s.draw(g.Uint64())
		}
		out[i] = m.npv(v)
	}
}

// splitmix is SplitMix64's finaliser: it spreads a seed's bits so that
// neighbouring seeds and block numbers give unrelated generators.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// summarise computes the statistics of the draws, reordering them.
func summarise(draws []float64, seed uint64) Simulation {
	n := len(draws)
	s := Simulation{Iterations: n, Seed: seed, Min: draws[0], Max: draws[0]}
	// Mean and variance about the first draw: exact when all draws are
	// equal, and in a fixed order so the result is reproducible.
	shift := draws[0]
	var sum, sq float64
	neg := 0
	for _, x := range draws {
		d := x - shift
		sum += d
		sq += d * d
		if x < 0 {
			neg++
		}
		if x < s.Min {
			s.Min = x
		}
		if x > s.Max {
			s.Max = x
		}
	}
	mean := sum / float64(n)
	s.Mean = shift + mean
	if n > 1 {
		s.StdDev = math.Sqrt(max(0, (sq-float64(n)*mean*mean)/float64(n-1)))
	}
	s.ProbNegative = float64(neg) / float64(n)
	s.Histogram = histogram(draws, s.Min, s.Max)
	// The percentiles need only a few order statistics: select them rather
	// than sort (the draws' order does not change the values found).
	s.P10, s.P50, s.P90 = quantiles(draws)
	return s
}

// quantiles returns the type 7 P10, P50 and P90 of x, reordering x.
func quantiles(x []float64) (p10, p50, p90 float64) {
	n := len(x)
	at := func(p float64) (int, float64) {
		h := float64(n-1) * p
		k := int(h)
		return k, h - float64(k)
	}
	interp := func(lo, hi, f float64) float64 {
		if f == 0 || lo == hi {
			return lo
		}
		return lo + f*(hi-lo)
	}
	k50, f50 := at(0.5)
	selectK(x, k50)
	next50 := minOf(x[k50+1:], x[k50])
	p50 = interp(x[k50], next50, f50)
	k10, f10 := at(0.1)
	selectK(x[:k50+1], k10)
	next10 := next50
	if k10 < k50 {
		next10 = minOf(x[k10+1:k50+1], 0)
	}
	p10 = interp(x[k10], next10, f10)
	k90, f90 := at(0.9)
	selectK(x[k50:], k90-k50)
	p90 = interp(x[k90], minOf(x[k90+1:], x[k90]), f90)
	return p10, p50, p90
}

// minOf is the least of x, or def when x is empty.
func minOf(x []float64, def float64) float64 {
	if len(x) == 0 {
		return def
	}
	m := x[0]
	for _, v := range x[1:] {
		if v < m {
			m = v
		}
	}
	return m
}

// selectK reorders x so that x[k] is the value it would hold sorted, with
// no greater value before it and no smaller one after (Hoare's selection
// with a median-of-three pivot).
func selectK(x []float64, k int) {
	lo, hi := 0, len(x)-1
	for hi > lo {
		if hi-lo < 16 {
			for i := lo + 1; i <= hi; i++ {
				for j := i; j > lo && x[j] < x[j-1]; j-- {
					x[j], x[j-1] = x[j-1], x[j]
				}
			}
			return
		}
		mid := lo + (hi-lo)/2
		if x[mid] < x[lo] {
			x[mid], x[lo] = x[lo], x[mid]
		}
		if x[hi] < x[lo] {
			x[hi], x[lo] = x[lo], x[hi]
		}
		if x[hi] < x[mid] {
			x[hi], x[mid] = x[mid], x[hi]
		}
		pivot := x[mid]
		i, j := lo, hi
		for i <= j {
			for x[i] < pivot {
				i++
			}
			for x[j] > pivot {
				j--
			}
			if i <= j {
				x[i], x[j] = x[j], x[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return // j < k < i: x[k] equals the pivot
		}
	}
}

// quantile is the type 7 quantile of sorted x: h = (n−1)p, interpolating
// between x[⌊h⌋] and x[⌊h⌋+1]. The simulation selects rather than sorts;
// this is its reference.
func quantile(x []float64, p float64) float64 {
	h := float64(len(x)-1) * p
	k := int(h)
	if k+1 >= len(x) {
		return x[len(x)-1]
	}
	lo, hi := x[k], x[k+1]
	if lo == hi {
		return lo
	}
	return lo + (h-float64(k))*(hi-lo)
}

func histogram(x []float64, lo, hi float64) Histogram {
	if lo == hi {
		return Histogram{Edges: []float64{lo, hi}, Counts: []int{len(x)}}
	}
	h := Histogram{Edges: make([]float64, HistogramBins+1), Counts: make([]int, HistogramBins)}
	w := (hi - lo) / HistogramBins
	for i := range h.Edges {
		h.Edges[i] = lo + float64(i)*w
	}
	h.Edges[HistogramBins] = hi
	for _, v := range x {
		i := int((v - lo) / w)
		h.Counts[min(max(i, 0), HistogramBins-1)]++
	}
	return h
}
