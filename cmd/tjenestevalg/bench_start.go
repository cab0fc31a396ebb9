package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/bench"
)

// startReport is what bench start prints as JSON.
type startReport struct {
	Runs []bench.StartRun `json:"runs"`
	// Medians over the runs after the first (the first is the cold one
	// when files are evicted before it only).
	ReadyMedian float64 `json:"ready_ms_median"`
	CPUMedian   float64 `json:"cpu_ms_median"`
	RSSMax      int64   `json:"rss_bytes_max"`
}

func benchStart(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := benchFlags("start", "start --url http://127.0.0.1:PORT [--runs 5] [--evict FILE …] [--evict-first] [--json] -- COMMAND [ARG…]", stderr)
	var o bench.StartOptions
	f.StringVar(&o.URL, "url", "", "base URL the server listens on (127.0.0.1, localhost or ::1 only); /healthz is polled")
	runs := f.Int("runs", 5, "how many times to start the server, one after the other")
	var evict pathList
	f.Var(&evict, "evict", "file to drop from the page cache before a start (the binary, the database), repeatable")
	first := f.Bool("evict-first", false, "evict before the first start only: one cold start, then warm ones")
	f.DurationVar(&o.Timeout, "timeout", time.Minute, "how long one start may take")
	asJSON := f.Bool("json", false, "print the figures as JSON")
	if err := f.Parse(args); err != nil {
		return err
	}
	if f.NArg() == 0 || *runs < 1 {
		f.Usage()
		return exitError(2)
	}
	o.Command, o.Output = f.Args(), stderr
	var rep startReport
	for i := range *runs {
		o.Evict = evict
		if *first && i > 0 {
			o.Evict = nil
		}
		r, err := bench.Start(ctx, o)
		if err != nil {
			return err
		}
		rep.Runs = append(rep.Runs, r)
		rep.RSSMax = max(rep.RSSMax, r.RSS)
		if !*asJSON {
			res := "-"
			if r.Resident >= 0 {
				res = fmt.Sprintf("%.0f %%", 100*r.Resident)
			}
			fmt.Fprintf(stdout, "start %d: ready %7.1f ms  CPU %6.1f ms  RSS %5.1f MiB  peak %5.1f MiB  evicted files resident before: %s\n",
				i+1, r.Ready, r.CPU, float64(r.RSS)/bench.MiB, float64(r.HWM)/bench.MiB, res)
		}
	}
	rest := rep.Runs
	if len(rest) > 1 {
		rest = rest[1:]
	}
	rep.ReadyMedian = median(rest, func(r bench.StartRun) float64 { return r.Ready })
	rep.CPUMedian = median(rest, func(r bench.StartRun) float64 { return r.CPU })
	if *asJSON {
		return writeJSON(stdout, rep)
	}
	fmt.Fprintf(stdout, "median of starts 2–%d (all when one): ready %.1f ms  CPU %.1f ms\n", len(rep.Runs), rep.ReadyMedian, rep.CPUMedian)
	return nil
}

// median is the middle value of runs by v (the lower one of an even count).
func median(runs []bench.StartRun, v func(bench.StartRun) float64) float64 {
	if len(runs) == 0 {
		return 0
	}
	xs := make([]float64, len(runs))
	for i, r := range runs {
		xs[i] = v(r)
	}
	slices.Sort(xs)
	return xs[(len(xs)-1)/2]
}
