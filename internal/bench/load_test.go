package bench_test

import (
	"context"
	"errors"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/bench"
)

func TestParseTarget(t *testing.T) {
	for _, c := range []struct {
		url  string
		ok   bool
		want string
	}{
		{"http://127.0.0.1:8080", true, "http://127.0.0.1:8080"},
		{"http://localhost:8080/", true, "http://localhost:8080"},
		{"http://LOCALHOST:8080/app/", true, "http://LOCALHOST:8080/app"},
		{"https://[::1]:8443", true, "https://[::1]:8443"},
		{"http://127.0.0.2:8080", false, ""},
		{"http://10.0.0.5:8080", false, ""},
		{"http://example.com", false, ""},
		{"http://localhost.example.com", false, ""},
		{"http://127.0.0.1.nip.io", false, ""},
		{"http://evil@127.0.0.1:8080", false, ""},
		{"ftp://127.0.0.1", false, ""},
		{"127.0.0.1:8080", false, ""},
		{"http://127.0.0.1:8080/?x=1", false, ""},
	} {
		u, err := bench.ParseTarget(c.url)
		if (err == nil) != c.ok {
			t.Errorf("%s: error %v, want ok %v", c.url, err, c.ok)
			continue
		}
		if c.ok && u.String() != c.want {
			t.Errorf("%s: %s, want %s", c.url, u, c.want)
		}
	}
	if _, err := bench.ParseTarget("http://192.168.1.1"); !errors.Is(err, bench.ErrNotLoopback) {
		t.Errorf("a LAN address: %v, want ErrNotLoopback", err)
	}
}

func TestPercentile(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		out := make([]time.Duration, len(ns))
		for i, n := range ns {
			out[i] = time.Duration(n) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	for _, c := range []struct {
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{nil, 0.95, 0},
		{ms(7), 0.5, 7 * time.Millisecond},
		{ms(7), 0.99, 7 * time.Millisecond},
		{ms(1, 2), 0.5, 1 * time.Millisecond},
		{ms(1, 2), 0.51, 2 * time.Millisecond},
		{ms(hundred...), 0.95, 95 * time.Millisecond},
		{ms(hundred...), 0.99, 99 * time.Millisecond},
		{ms(hundred...), 1, 100 * time.Millisecond},
	} {
		if got := bench.Percentile(c.sorted, c.p); got != c.want {
			t.Errorf("p%.2f of %d: %v, want %v", c.p, len(c.sorted), got, c.want)
		}
	}
}

func TestSummarize(t *testing.T) {
	lat := []time.Duration{30 * time.Millisecond, 10 * time.Millisecond, 20 * time.Millisecond, 40 * time.Millisecond}
	got := bench.Summarize("/services", lat, 1, 2*time.Second)
	want := bench.PathStats{Path: "/services", Requests: 5, Errors: 1, Throughput: 2.5, P50: 20, P95: 40, P99: 40, Max: 40}
	if got != want {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if got := bench.Summarize("/x", nil, 3, 0); got != (bench.PathStats{Path: "/x", Requests: 3, Errors: 3}) {
		t.Errorf("only errors: %+v", got)
	}
}

func TestLoadValidate(t *testing.T) {
	ok := bench.Load{Paths: []string{"/services"}, Concurrency: 20, Duration: time.Second}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, mod := range []func(*bench.Load){
		func(l *bench.Load) { l.Paths = nil },
		func(l *bench.Load) { l.Paths = []string{"services"} },
		func(l *bench.Load) { l.Concurrency = 0 },
		func(l *bench.Load) { l.Duration = 0 },
		func(l *bench.Load) { l.Warmup = -time.Second },
	} {
		l := ok
		l.Paths = append([]string(nil), ok.Paths...)
		mod(&l)
		if l.Validate() == nil {
			t.Errorf("%+v: no error", l)
		}
	}
}

func TestStatusValue(t *testing.T) {
	status := "Name:\ttjenestevalg\nVmPeak:\t 1300000 kB\nVmHWM:\t  417272 kB\nVmRSS:\t  300000 kB\n"
	n, err := bench.StatusValue(strings.NewReader(status), "VmHWM")
	if err != nil || n != 417272*1024 {
		t.Errorf("VmHWM: %d, %v", n, err)
	}
	if _, err := bench.StatusValue(strings.NewReader(status), "VmSwap"); err == nil {
		t.Error("a missing key: no error")
	}
	if _, err := bench.StatusValue(strings.NewReader("VmHWM:\tlots\n"), "VmHWM"); err == nil {
		t.Error("a bad value: no error")
	}
}

func TestStatCPU(t *testing.T) {
	// utime 250 and stime 50 ticks of 1/100 s; the name holds ") (" to
	// show that fields are counted from the last parenthesis.
	stat := "4242 (tjeneste) (valg) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 9 0 100 1000000 5000"
	d, err := bench.StatCPU(stat)
	if err != nil || d != 3*time.Second {
		t.Errorf("StatCPU: %v, %v; want 3s", d, err)
	}
	for _, bad := range []string{"", "4242 (x) S 1 2", "4242 (x) S 1 4242 4242 0 -1 4194560 100 0 0 0 lots 50 0"} {
		if _, err := bench.StatCPU(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	if runtime.GOOS == "linux" {
		if _, err := bench.ProcessCPU(os.Getpid()); err != nil {
			t.Errorf("own CPU time: %v", err)
		}
	}
}

func TestSetServerCPU(t *testing.T) {
	r := bench.LoadResult{Sent: 400}
	r.SetServerCPU(10 * time.Second)
	if r.ServerCPU != 10 || r.ServerCPURequest != 25 {
		t.Errorf("%+v; want 10 s, 25 ms a request", r)
	}
}

func TestPeakRSS(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	n, err := bench.PeakRSS(os.Getpid())
	if err != nil || n <= 0 {
		t.Errorf("own peak memory: %d, %v", n, err)
	}
}

// TestTime runs this test binary as the command: once running no test,
// once running TestHelperExit, which exits with status 3.
func TestTime(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	u, err := bench.Time(context.Background(), io.Discard, io.Discard, self, "-test.run=^$")
	if err != nil || u.Exit != 0 || u.Wall <= 0 {
		t.Errorf("a passing command: %+v, %v", u, err)
	}
	if runtime.GOOS == "linux" && u.MaxRSS <= 0 {
		t.Errorf("no peak memory: %+v", u)
	}
	t.Setenv("BENCH_HELPER_EXIT", "3") // the child inherits it
	u, err = bench.Time(context.Background(), io.Discard, io.Discard, self, "-test.run=^TestHelperExit$")
	if err != nil || u.Exit != 3 {
		t.Errorf("a failing command: %+v, %v", u, err)
	}
	if _, err := bench.Time(context.Background(), io.Discard, io.Discard, "/nonexistent/command"); err == nil {
		t.Error("a missing command: no error")
	}
}

// TestHelperExit is TestTime's failing command; it does nothing unless
// TestTime started it.
func TestHelperExit(t *testing.T) {
	if os.Getenv("BENCH_HELPER_EXIT") == "3" {
		os.Exit(3)
	}
}
