package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// MiB is a mebibyte.
const MiB = 1 << 20

// StatusValue reads one "Key:  value kB" line of a /proc/PID/status file
// and returns its value in bytes. It returns an error when the key is
// missing or its value is not a number of kB.
func StatusValue(r io.Reader, key string) (int64, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || k != key {
			continue
		}
		f := strings.Fields(v)
		if len(f) != 2 || f[1] != "kB" {
			return 0, fmt.Errorf("bench: %s: unexpected value %q", key, strings.TrimSpace(v))
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("bench: %s: %w", key, err)
		}
		return n << 10, nil
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("bench: no %s in the status", key)
}

// PeakRSS returns the peak resident memory (VmHWM, the high-water mark) of
// a process on this machine, in bytes, from /proc (Linux only).
func PeakRSS(pid int) (int64, error) {
	fh, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer fh.Close()
	return StatusValue(fh, "VmHWM")
}

// userHZ is the unit of the CPU times in /proc/PID/stat: Linux reports
// them in 1/100 s whatever the kernel's own tick.
const userHZ = 100

// StatCPU reads the user and system CPU time, all threads together, from
// the contents of a /proc/PID/stat file. It returns an error when the
// contents are not of that format.
func StatCPU(stat string) (time.Duration, error) {
	// The command name in parentheses may hold spaces and parentheses; the
	// fields after the last ")" start with the state, field 3.
	i := strings.LastIndexByte(stat, ')')
	f := strings.Fields(stat[i+1:])
	if i < 0 || len(f) < 13 {
		return 0, fmt.Errorf("bench: not a /proc/PID/stat line: %.40q", stat)
	}
	var ticks int64
	for _, v := range f[11:13] { // utime (14), stime (15)
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("bench: /proc/PID/stat: %w", err)
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / userHZ, nil
}

// ProcessCPU returns the CPU time a process on this machine has used so
// far, from /proc (Linux only). Unlike wall times it hardly depends on what
// else the machine is doing, so it tells a slow page from a busy machine.
func ProcessCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	return StatCPU(string(b))
}

// Usage is what running a command cost.
type Usage struct {
	Wall   float64 `json:"wall_s"`
	User   float64 `json:"user_s"`
	System float64 `json:"sys_s"`
	MaxRSS int64   `json:"max_rss_bytes"` // peak resident memory, 0 where unknown
	Exit   int     `json:"exit"`
}

// Time runs name with args, its output going to stdout and stderr, and
// returns its wall time, CPU time and peak resident memory as the kernel
// counts them for the child (what /usr/bin/time -v reports). A command
// that runs but fails is not an error: its Usage says its exit status.
func Time(ctx context.Context, stdout, stderr io.Writer, name string, args ...string) (Usage, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	t0 := time.Now()
	err := cmd.Run()
	wall := time.Since(t0)
	if cmd.ProcessState == nil {
		return Usage{}, err
	}
	ps := cmd.ProcessState
	return Usage{Wall: wall.Seconds(), User: ps.UserTime().Seconds(), System: ps.SystemTime().Seconds(),
		MaxRSS: maxRSS(ps), Exit: ps.ExitCode()}, nil
}
