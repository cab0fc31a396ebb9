package main

import (
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/eventlog/noark/noarkgen"
)

const knownMap = "case=Sak,activity=Aktivitet,time=Tidspunkt,resource=Saksbehandler"

// statsJSON runs eventlog stats --json and decodes its object.
func statsJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	code, out, errOut := cli(t, append([]string{"eventlog", "stats", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("eventlog stats %v: exit %d\n%s", args, code, errOut)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("eventlog stats %v: not a JSON object: %v\n%s", args, err, out)
	}
	return m
}

// TestEventlogStatsKnownLog reads the same three cases as XES, as gzipped
// XES and as CSV, plain and gzipped: the figures a script relies on (the keys) are
// the log's known answers, whichever the format. The durations are 3 h,
// 2 h and 5 h; case c2's events are out of order in the file.
func TestEventlogStatsKnownLog(t *testing.T) {
	xes := filepath.Join("testdata", "eventlog", "known.xes")
	gz := filepath.Join(t.TempDir(), "known.xes.gz")
	gzipFile(t, xes, gz)
	csvGz := filepath.Join(t.TempDir(), "known.csv.gz")
	gzipFile(t, filepath.Join("testdata", "eventlog", "known.csv"), csvGz)

	for _, args := range [][]string{
		{xes},
		{gz},
		{"--map", knownMap, filepath.Join("testdata", "eventlog", "known.csv")},
		{"--map", knownMap, csvGz},
		{filepath.Join("testdata", "eventlog", "known.csv"), "--map", knownMap}, // flags after the file
	} {
		m := statsJSON(t, args...)
		for k, want := range map[string]float64{"cases": 3, "events": 9, "activities": 3, "resources": 2, "variants": 3} {
			if got, ok := m[k].(float64); !ok || got != want {
				t.Errorf("%v: %s = %v, want %v", args, k, m[k], want)
			}
		}
		d, ok := m["case_duration_seconds"].(map[string]any)
		if !ok {
			t.Fatalf("%v: no case_duration_seconds object: %v", args, m)
		}
		// numpy's linear interpolation: P90 of 7200, 10800, 18000 is
		// 10800 + 0.8 × 7200.
		for k, want := range map[string]float64{"median": 10800, "mean": 12000, "p90": 16560, "min": 7200, "max": 18000} {
			if got, ok := d[k].(float64); !ok || got != want {
				t.Errorf("%v: case_duration_seconds.%s = %v, want %v", args, k, d[k], want)
			}
		}
		if _, ok := m["first_reply_seconds"]; ok {
			t.Errorf("%v: first reply is for Noark extracts only: %v", args, m["first_reply_seconds"])
		}
	}
}

// TestEventlogStatsSummary is the readable form: the counts, the case
// duration in hours, the rework of B and the hand-overs.
func TestEventlogStatsSummary(t *testing.T) {
	code, out, errOut := cli(t, "eventlog", "stats", filepath.Join("testdata", "eventlog", "known.xes"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"Cases", "3", "Events", "9", "Variants",
		"median 3.0 h", "mean 3.3 h", "max 5.0 h",
		"2024: 2, 2025: 1",
		"A → B → C", "A → B → B → C", "A → C",
		"R1 → R2: 2", "R2 → R1: 2",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
}

// TestEventlogStatsBadInput: a CSV without its mapping, a mapping that
// leaves out the timestamp, a timestamp that is not one, a file that is no
// log at all, a missing file: each a message naming the file (and line
// where there is one) and a non-zero exit status.
func TestEventlogStatsBadInput(t *testing.T) {
	csv := filepath.Join("testdata", "eventlog", "known.csv")
	bad := filepath.Join("testdata", "eventlog", "badtime.csv")
	csvGz := filepath.Join(t.TempDir(), "known.csv.gz")
	gzipFile(t, csv, csvGz)
	for _, c := range []struct {
		name string
		args []string
		want []string
	}{
		{"csv without --map", []string{csv}, []string{csv, "--map", "case=", "activity=", "time=", "Tidspunkt"}},
		{"gzipped csv without --map", []string{csvGz}, []string{csvGz, "--map", "Tidspunkt"}},
		{"mapping without time", []string{"--map", "case=Sak,activity=Aktivitet", csv}, []string{"time"}},
		{"unparseable timestamp", []string{"--lang", "en", "--map", "case=Sak,activity=Aktivitet,time=Tidspunkt", bad}, []string{bad + ":3:"}},
		{"not a log", []string{filepath.Join("testdata", "eventlog", "letter.pdf")}, []string{"letter.pdf"}},
		{"missing file", []string{filepath.Join("testdata", "eventlog", "nope.xes")}, []string{"nope.xes", "cannot open"}},
		{"--map on XES", []string{"--map", knownMap, filepath.Join("testdata", "eventlog", "known.xes")}, []string{"--map is for CSV"}},
	} {
		code, out, errOut := cli(t, append([]string{"eventlog", "stats", "--json"}, c.args...)...)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1\n%s", c.name, code, errOut)
		}
		if out != "" {
			t.Errorf("%s: printed figures for bad input: %s", c.name, out)
		}
		for _, w := range c.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%s: message lacks %q: %s", c.name, w, errOut)
			}
		}
	}
	if code, _, _ := cli(t, "eventlog", "stats"); code != 2 {
		t.Errorf("no file: exit %d, want 2", code)
	}
	if code, _, _ := cli(t, "eventlog", "frobnicate"); code != 2 {
		t.Errorf("unknown subcommand: exit %d, want 2", code)
	}
}

// TestEventlogStatsNoark reads a generated Noark 5 extract as its folder,
// its arkivstruktur.xml, a .zip and a .tar: the cases, events, open cases and
// first replies the generator knows it wrote. Then the extract is changed
// after its checksums were written: refused, naming the file.
func TestEventlogStatsNoark(t *testing.T) {
	dir := t.TempDir()
	ex := filepath.Join(dir, "uttrekk")
	o := noarkgen.Options{Cases: 30, Seed: 7}
	info, err := noarkgen.Generate(ex, o)
	if err != nil {
		t.Fatal(err)
	}
	zip, tar := filepath.Join(dir, "uttrekk.zip"), filepath.Join(dir, "uttrekk.tar")
	for _, a := range []string{zip, tar} {
		if _, err := noarkgen.WriteArchive(a, o); err != nil {
			t.Fatal(err)
		}
	}
	for _, path := range []string{ex, filepath.Join(ex, "arkivstruktur.xml"), zip, tar} {
		m := statsJSON(t, path)
		if m["format"] != "noark5" {
			t.Errorf("%s: format %v", path, m["format"])
		}
		for k, want := range map[string]int{
			"cases": info.Cases, "events": info.Events, "open_cases": info.OpenCases,
			"first_reply_cases": len(info.FirstReplies), "resources": info.Resources,
		} {
			if got, ok := m[k].(float64); !ok || int(got) != want {
				t.Errorf("%s: %s = %v, want %d", path, k, m[k], want)
			}
		}
		d, _ := m["case_duration_seconds"].(map[string]any)
		if n := len(info.CaseDurations); d == nil || d["max"] != info.CaseDurations[n-1] || d["min"] != info.CaseDurations[0] {
			t.Errorf("%s: case_duration_seconds %v, want min %v max %v", path, d, info.CaseDurations[0], info.CaseDurations[len(info.CaseDurations)-1])
		}
		if _, ok := m["first_reply_seconds"].(map[string]any); !ok {
			t.Errorf("%s: no first_reply_seconds: %v", path, m["first_reply_seconds"])
		}
	}
	code, out, _ := cli(t, "eventlog", "stats", ex)
	if code != 0 || !strings.Contains(out, "Open cases") || !strings.Contains(out, "First reply") {
		t.Errorf("summary of an extract: %d\n%s", code, out)
	}

	structure := filepath.Join(ex, "arkivstruktur.xml")
	b, err := os.ReadFile(structure)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(structure, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := cli(t, "eventlog", "stats", "--json", ex)
	if code != 1 || out != "" || !strings.Contains(errOut, ex) || !strings.Contains(errOut, "arkivstruktur.xml") {
		t.Errorf("changed extract: exit %d, stdout %q, message %s", code, out, errOut)
	}
}

// TestBenchEventlogGenerators: the benchmark's generators write what they
// report — a log near the size asked and an extract with at least the
// entries asked — and the statistics find the cases and events they
// counted, as scripts/bench-eventlog.sh checks at full size.
func TestBenchEventlogGenerators(t *testing.T) {
	dir := t.TempDir()
	genJSON := func(args ...string) map[string]any {
		t.Helper()
		code, out, errOut := cli(t, append([]string{"bench"}, args...)...)
		var m map[string]any
		if err := json.Unmarshal([]byte(out), &m); code != 0 || err != nil {
			t.Fatalf("bench %v: exit %d, %v\n%s%s", args, code, err, out, errOut)
		}
		return m
	}
	xes := filepath.Join(dir, "gen.xes")
	g := genJSON("eventlog-xes", "--out", xes, "--size", "300kB", "--seed", "3", "--json")
	fi, err := os.Stat(xes)
	if err != nil {
		t.Fatal(err)
	}
	if b := g["bytes"].(float64); b != float64(fi.Size()) || b < 270000 || b > 330000 {
		t.Errorf("--size 300kB wrote %d bytes, reported %v", fi.Size(), g["bytes"])
	}
	ex := filepath.Join(dir, "uttrekk")
	n := genJSON("noark", "--out", ex, "--entries", "400", "--json")
	if e := n["journal_entries"].(float64); e < 400 || e > 460 {
		t.Errorf("--entries 400 wrote %v journal entries", e)
	}
	for path, want := range map[string]map[string]any{xes: g, ex: n} {
		st := statsJSON(t, path)
		for _, k := range []string{"cases", "events"} {
			if st[k] != want[k] {
				t.Errorf("%s: stats %s = %v, the generator wrote %v", path, k, st[k], want[k])
			}
		}
	}
	if code, _, errOut := cli(t, "bench", "eventlog-xes", "--out", xes, "--size", "lots"); code != 1 || !strings.Contains(errOut, "--size") {
		t.Errorf("--size lots: exit %d %s", code, errOut)
	}
}

func gzipFile(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	fh, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(fh)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := fh.Close(); err != nil {
		t.Fatal(err)
	}
}
