package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog/noark/noarkgen"
)

// xesReport is what bench eventlog-xes prints: the log written, counted as
// it was written, for the benchmark to check the statistics against.
type xesReport struct {
	File   string `json:"file"`
	Bytes  int64  `json:"bytes"`
	Cases  int    `json:"cases"`
	Events int    `json:"events"`
	Seed   uint64 `json:"seed"`
}

func benchEventlogXES(args []string, stdout, stderr io.Writer) error {
	f := benchFlags("eventlog-xes", "eventlog-xes --out FILE [--size 100MB | --events N] [--seed S] [--json]", stderr)
	out := f.String("out", "", "the XES file to write")
	size := f.String("size", "", "about how large the file is to be, e.g. 100MB (10^6 bytes) or 64MiB; overrides --events")
	events := f.Int("events", 200000, "at least this many events (whole cases are written)")
	seed := f.Uint64("seed", 1, "random seed; the same seed and size write the same file")
	asJSON := f.Bool("json", false, "print what was written as JSON")
	if err := f.Parse(args); err != nil {
		return err
	}
	if *out == "" || f.NArg() > 0 {
		f.Usage()
		return exitError(2)
	}
	n := *events
	if *size != "" {
		bytes, err := parseSize(*size)
		if err != nil {
			return err
		}
		if n, err = eventsForSize(bytes, *seed); err != nil {
			return err
		}
	}
	if n <= 0 {
		return errors.New("--events: want a positive number")
	}
	fh, err := os.Create(*out)
	if err != nil {
		return err
	}
	c := &tagCounter{w: fh}
	err = eventlog.GenerateXES(c, eventlog.XESOptions{Events: n, Seed: *seed})
	if cerr := fh.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	rep := xesReport{File: *out, Bytes: c.bytes, Cases: c.traces, Events: c.events, Seed: *seed}
	if *asJSON {
		return writeJSON(stdout, rep)
	}
	fmt.Fprintf(stdout, "%s: %.1f MB, %d cases, %d events (seed %d)\n", rep.File, float64(rep.Bytes)/1e6, rep.Cases, rep.Events, rep.Seed)
	return nil
}

// eventsForSize is how many events make a generated log of about size
// bytes, from the bytes an event takes in a sample of the same seed.
func eventsForSize(size int64, seed uint64) (int, error) {
	const sample = 10000
	c := &tagCounter{w: io.Discard}
	if err := eventlog.GenerateXES(c, eventlog.XESOptions{Events: sample, Seed: seed}); err != nil {
		return 0, err
	}
	perEvent := float64(c.bytes) / float64(c.events)
	return max(1, int(math.Round(float64(size)/perEvent))), nil
}

// tagCounter passes bytes on and counts them and the <trace> and <event>
// elements in them (the generator writes no other element of those names).
type tagCounter struct {
	w              io.Writer
	bytes          int64
	traces, events int
	tail, buf      []byte // tail: the last bytes written, for a tag cut between writes
}

var (
	traceTag = []byte("<trace>")
	eventTag = []byte("<event>")
)

func (c *tagCounter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.bytes += int64(n)
	// The tail is shorter than a tag, so no tag is counted twice.
	c.buf = append(append(c.buf[:0], c.tail...), p[:n]...)
	c.traces += bytes.Count(c.buf, traceTag)
	c.events += bytes.Count(c.buf, eventTag)
	k := min(len(c.buf), len(traceTag)-1)
	c.tail = append(c.tail[:0], c.buf[len(c.buf)-k:]...)
	return n, err
}

// parseSize reads a size such as 100MB (10^6), 64MiB (2^20), 1.5GB or
// 5000 (bytes).
func parseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		mult   float64
	}{
		{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30},
		{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"K", 1e3}, {"M", 1e6}, {"G", 1e9}, {"B", 1},
	}
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := 1.0
	for _, u := range units {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || !(v > 0) || v*mult > 1<<40 {
		return 0, fmt.Errorf("--size %q: want a size such as 100MB or 64MiB", s)
	}
	return int64(v * mult), nil
}

// noarkReport is what bench noark prints: the extract written and the
// figures a correct reader finds in it.
type noarkReport struct {
	Out          string `json:"out"`
	Bytes        int64  `json:"bytes"`
	Cases        int    `json:"cases"`
	Journalposts int    `json:"journal_entries"`
	Events       int    `json:"events"`
	OpenCases    int    `json:"open_cases"`
	Seed         uint64 `json:"seed"`
}

func benchNoark(args []string, stdout, stderr io.Writer) error {
	f := benchFlags("noark", "noark --out DIR|FILE.zip|FILE.tar [--entries 100000] [--seed S] [--json]", stderr)
	out := f.String("out", "", "the extract's folder to write, or a .zip, .tar or .tar.gz to pack it in")
	entries := f.Int("entries", 100000, "at least this many journal entries (whole cases are written)")
	years := f.Int("years", 3, "the years the cases start over, from 2022")
	seed := f.Uint64("seed", 1, "random seed; the same seed and entries write the same extract")
	asJSON := f.Bool("json", false, "print what was written as JSON")
	if err := f.Parse(args); err != nil {
		return err
	}
	if *out == "" || f.NArg() > 0 || *entries <= 0 || *years <= 0 {
		f.Usage()
		return exitError(2)
	}
	o := noarkgen.Options{Year: 2022, Years: *years, Seed: int64(*seed)}
	write := func(o noarkgen.Options) (noarkgen.Info, error) {
		switch strings.ToLower(filepath.Ext(*out)) {
		case ".zip", ".tar", ".gz", ".tgz":
			return noarkgen.WriteArchive(*out, o)
		}
		if err := os.RemoveAll(*out); err != nil {
			return noarkgen.Info{}, err
		}
		return noarkgen.Generate(*out, o)
	}
	// Cases hold a varying number of entries: start from the generator's
	// average and add cases until there are enough.
	o.Cases = max(1, *entries/6)
	var info noarkgen.Info
	for {
		var err error
		if info, err = write(o); err != nil {
			return err
		}
		if info.Journalposts >= *entries {
			break
		}
		perCase := float64(info.Journalposts) / float64(info.Cases)
		o.Cases += max(1, int(math.Ceil(float64(*entries-info.Journalposts)/perCase)))
	}
	rep := noarkReport{Out: *out, Bytes: treeSize(*out), Cases: info.Cases, Journalposts: info.Journalposts,
		Events: info.Events, OpenCases: info.OpenCases, Seed: *seed}
	if *asJSON {
		return writeJSON(stdout, rep)
	}
	fmt.Fprintf(stdout, "%s: %.1f MB, %d cases, %d journal entries, %d events, %d cases open (seed %d)\n",
		rep.Out, float64(rep.Bytes)/1e6, rep.Cases, rep.Journalposts, rep.Events, rep.OpenCases, rep.Seed)
	return nil
}

// treeSize is the bytes of the files at or below path (0 where unreadable).
func treeSize(path string) int64 {
	var n int64
	filepath.WalkDir(path, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
