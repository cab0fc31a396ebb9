package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// StartRun is one start of a server: from starting its process until its
// /healthz first answers 200.
type StartRun struct {
	Ready float64 `json:"ready_ms"` // process start until the first 200
	// CPU is the server's user and system CPU time at that moment: what
	// the start itself cost, whatever else the machine was doing.
	CPU float64 `json:"cpu_ms"`
	RSS int64   `json:"rss_bytes"` // VmRSS when ready
	HWM int64   `json:"hwm_bytes"` // VmHWM when ready
	// Resident is the part of the evicted files still in the page cache
	// just before the start (0 to 1; -1 when nothing was evicted): a
	// start is cold only as far as it is near 0.
	Resident float64 `json:"resident_before"`
}

// StartOptions say how to start the server and when it is up.
type StartOptions struct {
	URL     string   // its base URL; /healthz is polled
	Command []string // the server's command line
	// Evict lists files (the binary, the database) to drop from the page
	// cache before each start, as far as the kernel lets an unprivileged
	// process (posix_fadvise DONTNEED after fdatasync; a file mapped by a
	// running process stays).
	Evict   []string
	Timeout time.Duration // for one start; 0 for 60 s
	Output  io.Writer     // the server's output; nil discards it
}

// Start starts the server, polls its /healthz every 2 ms until it answers
// 200, reads its CPU time and memory, and stops it (SIGTERM, then waits).
// A server that exits or does not answer in time is an error.
func Start(ctx context.Context, o StartOptions) (StartRun, error) {
	base, err := ParseTarget(o.URL)
	if err != nil {
		return StartRun{}, err
	}
	if len(o.Command) == 0 {
		return StartRun{}, errors.New("bench: no command to start")
	}
	if o.Timeout == 0 {
		o.Timeout = time.Minute
	}
	run := StartRun{Resident: -1}
	if len(o.Evict) > 0 {
		if run.Resident, err = Evict(o.Evict...); err != nil {
			return StartRun{}, err
		}
	}
	health := base.String() + "/healthz"
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	cmd := exec.Command(o.Command[0], o.Command[1:]...)
	cmd.Stdout, cmd.Stderr = o.Output, o.Output
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return StartRun{}, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}
	deadline := time.NewTimer(o.Timeout)
	defer deadline.Stop()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		if ok := healthy(ctx, client, health); ok {
			run.Ready = float64(time.Since(t0).Microseconds()) / 1000
			break
		}
		select {
		case err := <-exited:
			return StartRun{}, fmt.Errorf("bench: the server exited before it answered: %v", err)
		case <-ctx.Done():
			stop()
			return StartRun{}, ctx.Err()
		case <-deadline.C:
			stop()
			return StartRun{}, fmt.Errorf("bench: %s did not answer 200 within %v", health, o.Timeout)
		case <-tick.C:
		}
	}
	pid := cmd.Process.Pid
	cpu, err := ProcessCPU(pid)
	if err == nil {
		run.CPU = float64(cpu.Microseconds()) / 1000
		run.RSS, err = statusOf(pid, "VmRSS")
	}
	if err == nil {
		run.HWM, err = statusOf(pid, "VmHWM")
	}
	stop()
	return run, err
}

// healthy reports whether url answers 200 now.
func healthy(ctx context.Context, c *http.Client, url string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false
	}
	resp, err := c.Do(req)
	if err != nil {
		return false
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// statusOf reads one value of /proc/PID/status in bytes (Linux only).
func statusOf(pid int, key string) (int64, error) {
	fh, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer fh.Close()
	return StatusValue(fh, key)
}

// RSS returns the resident memory (VmRSS) of a process on this machine, in
// bytes, from /proc (Linux only).
func RSS(pid int) (int64, error) { return statusOf(pid, "VmRSS") }
