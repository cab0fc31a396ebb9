package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"
)

// Load says how to load the server: which pages, by how many clients, for
// how long.
type Load struct {
	Paths       []string
	Concurrency int           // clients requesting at the same time
	Duration    time.Duration // measured time, after the warm-up
	Warmup      time.Duration // requests started in it are not measured
	MaxRequests int           // bound on all requests, warm-up included; 0 for DefaultMaxRequests
	Timeout     time.Duration // per request; 0 for DefaultTimeout
	// Fresh adds a query parameter unique to each request, so that no
	// page the server keeps answers it: every request is a new render.
	Fresh bool
}

// Defaults of Load.
const (
	DefaultMaxRequests = 1_000_000
	DefaultTimeout     = 30 * time.Second
)

// Validate reports what is wrong with l.
func (l Load) Validate() error {
	var errs []error
	if len(l.Paths) == 0 {
		errs = append(errs, errors.New("bench: give at least one --path"))
	}
	for _, p := range l.Paths {
		if len(p) == 0 || p[0] != '/' {
			errs = append(errs, fmt.Errorf("bench: --path %q must start with /", p))
		}
	}
	if l.Concurrency < 1 || l.Concurrency > 1000 {
		errs = append(errs, fmt.Errorf("bench: --concurrency must be 1 to 1000, not %d", l.Concurrency))
	}
	if l.Duration <= 0 {
		errs = append(errs, errors.New("bench: --duration must be positive"))
	}
	if l.Warmup < 0 || l.MaxRequests < 0 || l.Timeout < 0 {
		errs = append(errs, errors.New("bench: --warmup, --max-requests and --timeout may not be negative"))
	}
	return errors.Join(errs...)
}

// PathStats are the figures of one page. Latencies are of the successful
// requests, from sending the request to reading the last byte of the body.
type PathStats struct {
	Path       string  `json:"path"`
	Requests   int     `json:"requests"` // measured requests, errors included
	Errors     int     `json:"errors"`   // transport errors and statuses other than 200
	Throughput float64 `json:"throughput_rps"`
	P50        float64 `json:"p50_ms"`
	P95        float64 `json:"p95_ms"`
	P99        float64 `json:"p99_ms"`
	Max        float64 `json:"max_ms"`
	Bytes      int64   `json:"bytes"` // body size of the last successful response
	FirstError string  `json:"first_error,omitempty"`
}

// LoadResult is the outcome of Run.
type LoadResult struct {
	Concurrency int         `json:"concurrency"`
	Window      float64     `json:"window_s"` // measured seconds
	Warmup      float64     `json:"warmup_s"`
	Sent        int         `json:"sent"` // all requests, warm-up included
	Paths       []PathStats `json:"paths"`
	// The server's CPU time over the whole run and per request sent, when
	// its process is known (see ProcessCPU); a database server's own CPU
	// time is not in it.
	ServerCPU        float64 `json:"server_cpu_s,omitempty"`
	ServerCPURequest float64 `json:"server_cpu_ms_per_request,omitempty"`
}

// SetServerCPU records the server's CPU time used over the run.
func (r *LoadResult) SetServerCPU(d time.Duration) {
	r.ServerCPU = d.Seconds()
	if r.Sent > 0 {
		r.ServerCPURequest = math.Round(float64(d.Microseconds())/float64(r.Sent)/10) / 100
	}
}

// sample is what one worker saw of one path.
type sample struct {
	latencies  []time.Duration
	errors     int
	bytes      int64
	firstError string
}

// Run loads the server through c: l.Concurrency workers request l.Paths in
// turn (each worker starting at a different one) until the warm-up and
// l.Duration have passed or l.MaxRequests are sent, whichever comes first.
// A request in flight at the end is waited for. It returns an error only
// when l is invalid or ctx ends; failed requests are counted, not returned.
func Run(ctx context.Context, c *Client, l Load) (LoadResult, error) {
	if err := l.Validate(); err != nil {
		return LoadResult{}, err
	}
	if l.MaxRequests == 0 {
		l.MaxRequests = DefaultMaxRequests
	}
	if l.Timeout == 0 {
		l.Timeout = DefaultTimeout
	}
	start := time.Now()
	measureFrom := start.Add(l.Warmup)
	end := measureFrom.Add(l.Duration)
	var issued, sent atomic.Int64
	results := make([][]sample, l.Concurrency)
	var wg sync.WaitGroup
	for w := range l.Concurrency {
		results[w] = make([]sample, len(l.Paths))
		wg.Go(func() {
			mine := results[w]
			for i := w % len(l.Paths); ; i = (i + 1) % len(l.Paths) {
				t0 := time.Now()
				if !t0.Before(end) || ctx.Err() != nil || issued.Add(1) > int64(l.MaxRequests) {
					return
				}
				path := l.Paths[i]
				if l.Fresh {
					path = withFresh(path, issued.Load())
				}
				n, err := fetch(ctx, c, path, l.Timeout)
				d := time.Since(t0)
				sent.Add(1)
				if t0.Before(measureFrom) {
					continue
				}
				s := &mine[i]
				if err != nil {
					s.errors++
					if s.firstError == "" {
						s.firstError = err.Error()
					}
					continue
				}
				s.latencies = append(s.latencies, d)
				s.bytes = n
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return LoadResult{}, err
	}
	window := time.Since(measureFrom)
	res := LoadResult{Concurrency: l.Concurrency, Window: window.Seconds(), Warmup: l.Warmup.Seconds(), Sent: int(sent.Load())}
	for i, p := range l.Paths {
		var all sample
		for w := range results {
			s := results[w][i]
			all.latencies = append(all.latencies, s.latencies...)
			all.errors += s.errors
			all.bytes = max(all.bytes, s.bytes)
			if all.firstError == "" {
				all.firstError = s.firstError
			}
		}
		st := Summarize(p, all.latencies, all.errors, window)
		st.Bytes, st.FirstError = all.bytes, all.firstError
		res.Paths = append(res.Paths, st)
	}
	return res, nil
}

// fetch requests path and reads the whole body; a status other than 200
// is an error. It returns the body's size.
// withFresh adds the query parameter fresh=n to path.
func withFresh(path string, n int64) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + "fresh=" + strconv.FormatInt(n, 10)
}

func fetch(ctx context.Context, c *Client, path string, timeout time.Duration) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.URL(path), nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil {
		return n, err
	}
	if resp.StatusCode != http.StatusOK {
		return n, fmt.Errorf("GET %s: status %d", path, resp.StatusCode)
	}
	return n, nil
}

// Summarize computes a page's figures from the latencies of its successful
// requests, its errors and the measured window. Percentiles are nearest
// rank: p95 is the smallest latency at least 95 % of requests did not
// exceed. latencies is sorted in place.
func Summarize(path string, latencies []time.Duration, errs int, window time.Duration) PathStats {
	st := PathStats{Path: path, Requests: len(latencies) + errs, Errors: errs}
	if window > 0 {
		st.Throughput = float64(st.Requests) / window.Seconds()
	}
	if len(latencies) == 0 {
		return st
	}
	slices.Sort(latencies)
	st.P50 = ms(Percentile(latencies, 0.50))
	st.P95 = ms(Percentile(latencies, 0.95))
	st.P99 = ms(Percentile(latencies, 0.99))
	st.Max = ms(latencies[len(latencies)-1])
	return st
}

// Percentile returns the nearest-rank p-quantile (0 < p ≤ 1) of sorted,
// or 0 for none.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

func ms(d time.Duration) float64 { return math.Round(float64(d.Microseconds())/10) / 100 }

// WriteTable writes r as a table for people.
func (r LoadResult) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "%d clients, %.1f s measured after %.1f s warm-up\n", r.Concurrency, r.Window, r.Warmup)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "path\trequests\terrors\treq/s\tp50 ms\tp95 ms\tp99 ms\tmax ms\tKiB\t")
	for _, p := range r.Paths {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.0f\t\n",
			p.Path, p.Requests, p.Errors, p.Throughput, p.P50, p.P95, p.P99, p.Max, float64(p.Bytes)/1024)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if r.ServerCPU > 0 {
		fmt.Fprintf(w, "server CPU %.1f s for %d requests (warm-up included): %.1f ms a request\n", r.ServerCPU, r.Sent, r.ServerCPURequest)
	}
	for _, p := range r.Paths {
		if p.FirstError != "" {
			fmt.Fprintf(w, "first error on %s: %s\n", p.Path, p.FirstError)
		}
	}
	return nil
}
