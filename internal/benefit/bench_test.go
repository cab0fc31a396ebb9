package benefit

import (
	"math/rand/v2"
	"runtime"
	"testing"
)

// BenchmarkPortfolio simulates the portfolio: 230 services of 7
// municipalities each, every input uncertain, 10 years, 10 000 iterations.
// Target (issue 4): under 1 s per op on 2 cores, under 200 MiB.
func BenchmarkPortfolio(b *testing.B) {
	const services, iterations = 230, 10000
	rng := rand.New(rand.NewPCG(230, 7))
	cases := make([]Case, services)
	for i := range cases {
		cases[i] = randomCase(rng, 7, 10)
	}
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := SimulatePortfolio(cases, iterations, 1); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	perOp := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(services*iterations)/perOp/float64(runtime.GOMAXPROCS(0)), "service-iterations/s/core")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "MiB-alloc/op")
	b.ReportMetric(float64(after.Sys)/(1<<20), "MiB-sys")
}
