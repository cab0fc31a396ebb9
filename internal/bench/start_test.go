package bench_test

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/bench"
)

// TestStart starts this test binary as a server (TestHelperServer) that
// answers 503 on /healthz for its first 300 ms and 200 afterwards.
func TestStart(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	file := filepath.Join(t.TempDir(), "db")
	if err := os.WriteFile(file, make([]byte, 1<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("BENCH_HELPER_SERVER", addr)
	r, err := bench.Start(context.Background(), bench.StartOptions{URL: "http://" + addr,
		Command: []string{self, "-test.run=^TestHelperServer$"}, Evict: []string{file}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Ready < 300 || r.Ready > 30_000 {
		t.Errorf("ready after %.1f ms; the helper answers 200 from 300 ms", r.Ready)
	}
	if r.RSS <= 0 || r.HWM < r.RSS || r.CPU < 0 {
		t.Errorf("memory and CPU: %+v", r)
	}
	if r.Resident < 0 || r.Resident > 1 {
		t.Errorf("resident part %v, want 0 to 1 after an eviction", r.Resident)
	}
	// Stopped afterwards: the port is free again.
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Error("the server still listens after Start")
	}

	t.Setenv("BENCH_HELPER_SERVER", "exit")
	_, err = bench.Start(context.Background(), bench.StartOptions{URL: "http://" + addr,
		Command: []string{self, "-test.run=^TestHelperServer$"}})
	if err == nil || !strings.Contains(err.Error(), "exited") {
		t.Errorf("a server that exits: %v", err)
	}
	if _, err := bench.Start(context.Background(), bench.StartOptions{URL: "http://example.com", Command: []string{self}}); err == nil {
		t.Error("a remote URL: no error")
	}
}

// TestHelperServer is TestStart's server; it does nothing unless TestStart
// started it.
func TestHelperServer(t *testing.T) {
	addr := os.Getenv("BENCH_HELPER_SERVER")
	switch addr {
	case "":
		return
	case "exit":
		os.Exit(1)
	}
	t0 := time.Now()
	srv := &http.Server{Addr: addr, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" || time.Since(t0) < 300*time.Millisecond {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	go func() { <-ctx.Done(); srv.Close() }()
	_ = srv.ListenAndServe()
	os.Exit(0)
}
