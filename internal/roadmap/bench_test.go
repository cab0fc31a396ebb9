package roadmap

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkSolve runs the instance sizes at their time limits and
// reports objective, gap and seconds (make bench).
func BenchmarkSolve(b *testing.B) {
	for _, c := range []struct {
		n, T  int
		limit time.Duration
	}{{60, 5, 5 * time.Second}, {230, 6, 10 * time.Second}, {1000, 8, 30 * time.Second}} {
		b.Run(fmt.Sprintf("%dx%d", c.n, c.T), func(b *testing.B) {
			inst := Generate(c.n, c.T, 1)
			var res Result
			for b.Loop() {
				var err error
				if res, err = Solve(context.Background(), inst, Options{TimeLimit: c.limit}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(res.Objective, "objective")
			b.ReportMetric(100*res.Gap, "gap%")
			b.ReportMetric(res.Seconds, "seconds")
		})
	}
}
