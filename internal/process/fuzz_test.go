package process_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// FuzzParse feeds Parse every test file and what the fuzzer makes of them.
// Parse must never panic and must refuse with ErrInvalid; what it accepts
// must keep only sequence flows within their process and at most
// MaxWarnings warnings, and Compute must score it without panicking, with
// finite numbers (so that the JSON encoder takes them) and a total whose
// counts are the sums of the processes' counts. ParseLimited must agree with Parse on a file within
// its limit.
//
//	go test -run='^$' -fuzz=FuzzParse -fuzztime=60s ./internal/process/
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"*.bpmn", "tools/*.bpmn", "tools/bad/*.bpmn"} {
		files, err := filepath.Glob(filepath.Join("testdata", pattern))
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := process.Parse(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, process.ErrInvalid) {
				t.Fatalf("error %q does not wrap ErrInvalid", err)
			}
			if d != nil {
				t.Fatalf("Parse returned %+v with error %v", d, err)
			}
			return
		}
		if _, err := process.ParseLimited(bytes.NewReader(data), int64(len(data))+1); err != nil {
			t.Fatalf("Parse accepts the file but ParseLimited does not: %v", err)
		}
		checkKept(t, d)
		for _, mpd := range []float64{0, 1, 1440} {
			m := process.ComputeWith(d, process.Options{MinutesPerDay: mpd})
			var activities, manual, user, automated int
			for _, p := range m.Processes {
				checkFigures(t, p)
				activities += p.Activities
				manual += p.Manual
				user += p.User
				automated += p.Automated
			}
			checkFigures(t, m.Total)
			if got, want := []int{m.Total.Activities, m.Total.Manual, m.Total.User, m.Total.Automated},
				[]int{activities, manual, user, automated}; !equalInts(got, want) {
				t.Fatalf("total activities, manual, user, automated %v; the processes sum to %v", got, want)
			}
			if _, err := json.Marshal(m); err != nil {
				t.Fatalf("metrics do not encode: %v", err)
			}
		}
	})
}

// checkKept fails unless every sequence flow Parse keeps joins two flow
// nodes of its own process (the others are warnings) and the warnings are
// capped.
func checkKept(t *testing.T, d *process.Definitions) {
	t.Helper()
	if len(d.Warnings) > process.MaxWarnings || d.WarningsMore < 0 || d.WarningsMore > 0 && len(d.Warnings) < process.MaxWarnings {
		t.Fatalf("%d warnings and %d more", len(d.Warnings), d.WarningsMore)
	}
	for _, p := range d.Processes {
		in := map[string]bool{}
		for _, n := range p.Nodes {
			in[n.ID] = true
		}
		for _, f := range p.Flows {
			if !in[f.SourceRef] || !in[f.TargetRef] {
				t.Fatalf("process %q keeps flow %+v whose ends are not all its nodes", p.ID, f)
			}
		}
	}
}

func checkFigures(t *testing.T, f process.Figures) {
	t.Helper()
	for name, v := range map[string]float64{
		"automation share": f.AutomationShare, "touch": f.TouchMinutes, "lead": f.LeadMinutes,
		"value-adding": f.ValueAddingMinutes, "cycle efficiency": f.CycleEfficiency,
	} {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			t.Fatalf("%s = %v in %+v", name, v, f)
		}
	}
	if f.AutomationShare > 1 {
		t.Fatalf("automation share %v > 1", f.AutomationShare)
	}
	for name, v := range map[string]int{
		"activities": f.Activities, "manual": f.Manual, "user": f.User, "automated": f.Automated,
		"hand-offs": f.HandOffs, "media breaks": f.MediaBreaks, "loops": f.ReworkLoops,
	} {
		if v < 0 {
			t.Fatalf("%s = %d", name, v)
		}
	}
	if f.Manual+f.User+f.Automated > f.Activities {
		t.Fatalf("manual %d + user %d + automated %d > activities %d", f.Manual, f.User, f.Automated, f.Activities)
	}
}
