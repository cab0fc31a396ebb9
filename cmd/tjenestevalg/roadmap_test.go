package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/roadmap"
)

func roadmapExample() string {
	return filepath.Join("..", "..", "docs", "examples", "roadmap", "fosen.json")
}

func TestRoadmapSolveText(t *testing.T) {
	code, out, errOut := cli(t, "roadmap", "solve", "--instance", roadmapExample())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Year 0  spend", "startlan", "Optimal         true", "Gap             0.0000 %"} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "renovasjon") {
		t.Errorf("excluded service planned:\n%s", out)
	}
}

func TestRoadmapSolveJSONAndSolvers(t *testing.T) {
	code, out, errOut := cli(t, "roadmap", "solve", "--instance", roadmapExample(), "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res struct {
		Objective, Bound, Gap float64
		Optimal               bool
		Plan                  []struct {
			ID   string
			Year int
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || !res.Optimal || len(res.Plan) == 0 || res.Bound != res.Objective {
		t.Fatalf("%v %s", err, out)
	}
}

func TestRoadmapExportAndGenerate(t *testing.T) {
	code, out, _ := cli(t, "roadmap", "export", "--instance", roadmapExample(), "--format", "lp")
	if code != 0 || !strings.HasPrefix(out, "\\ Tjenestevalg roadmap") || !strings.Contains(out, "Binary") {
		t.Errorf("lp: %d %s", code, out)
	}
	code, out, _ = cli(t, "roadmap", "export", "--instance", roadmapExample(), "--format", "mps")
	if code != 0 || !strings.Contains(out, "ENDATA") {
		t.Errorf("mps: %d %s", code, out)
	}
	code, out, _ = cli(t, "roadmap", "generate", "--services", "7", "--years", "2", "--seed", "3")
	_, again, _ := cli(t, "roadmap", "generate", "--services", "7", "--years", "2", "--seed", "3")
	if code != 0 || out != again || !strings.Contains(out, `"discount_rate": 0.04`) {
		t.Errorf("generate: %d %s", code, out)
	}
	code, dflt, _ := cli(t, "roadmap", "generate", "--services", "7", "--years", "2", "--seed", "3", "--dependencies", "0.15", "--budget", "1", "--capacity", "1")
	if code != 0 || dflt != out {
		t.Errorf("generate with the default options: %d, differs from without: %v", code, dflt != out)
	}
	code, none, _ := cli(t, "roadmap", "generate", "--services", "40", "--years", "2", "--dependencies", "0", "--budget", "0.5")
	if code != 0 || strings.Contains(none, "requires") {
		t.Errorf("generate --dependencies 0: %d %s", code, none)
	}
	for _, bad := range [][]string{{"--dependencies", "1.5"}, {"--budget", "0"}, {"--capacity", "-1"}} {
		if code, _, _ := cli(t, append([]string{"roadmap", "generate"}, bad...)...); code != 2 {
			t.Errorf("generate %v: status %d, want 2", bad, code)
		}
	}
}

func TestRoadmapBadFiles(t *testing.T) {
	bad := writePriorityFile(t, "bad.json", "{\n  \"horizon\": 3,\n  \"years\": [x]\n}")
	code, _, errOut := cli(t, "roadmap", "solve", "--instance", bad)
	if code != 1 || !strings.Contains(errOut, "line 3, column") {
		t.Errorf("syntax: %d %s", code, errOut)
	}
	cyc := writePriorityFile(t, "cyc.json", `{"discount_rate":0.04,"horizon":3,"years":[{"budget":1,"capacity":1}],"services":[{"id":"a","requires":["b"]},{"id":"b","requires":["a"]},{"id":"c","requires":["nope"]}]}`)
	code, _, errOut = cli(t, "roadmap", "solve", "--instance", cyc)
	if code != 1 || !strings.Contains(errOut, `services[2].requires[0]: c requires "nope"`) {
		t.Errorf("unknown: %d %s", code, errOut)
	}
	inf := writePriorityFile(t, "inf.json", `{"discount_rate":0.04,"horizon":3,"years":[{"budget":10,"capacity":10}],"services":[{"id":"a","cost":8,"must":true},{"id":"b","cost":8,"must":true}]}`)
	code, _, errOut = cli(t, "roadmap", "solve", "--instance", inf)
	if code != 1 || !strings.Contains(errOut, "years[0].budget: year 0: must-services (a, b)") {
		t.Errorf("infeasible: %d %s", code, errOut)
	}
	if code, _, _ := cli(t, "roadmap", "nonsense"); code != 2 {
		t.Errorf("usage: %d", code)
	}
}

// An instance beyond the sizes is refused with its path and the flag to
// raise (issue 12, item 8).
func TestRoadmapSolveSizes(t *testing.T) {
	code, _, errOut := cli(t, "roadmap", "solve", "--instance", roadmapExample(), "--max-services", "3")
	if code != 1 || !strings.Contains(errOut, "fosen.json:services: ") || !strings.Contains(errOut, "more than the 3 accepted (--max-services)") {
		t.Errorf("services: %d %s", code, errOut)
	}
	code, _, errOut = cli(t, "roadmap", "solve", "--instance", roadmapExample(), "--max-dependencies", "1")
	if code != 1 || !strings.Contains(errOut, "(--max-dependencies)") {
		t.Errorf("dependencies: %d %s", code, errOut)
	}
	if code, _, errOut := cli(t, "roadmap", "solve", "--instance", roadmapExample(), "--max-cells", "100000"); code != 0 {
		t.Errorf("within the sizes: %d %s", code, errOut)
	}
}

// A signal (the context ends) stops the solve: the best plan so far is
// printed, with a note on stderr; with none, a clear message.
func TestRoadmapSolveInterrupted(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "big.json")
	b, err := json.Marshal(roadmap.Generate(2000, 10, 4))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(500*time.Millisecond, cancel)
	var out, errb bytes.Buffer
	began := time.Now()
	code := run(ctx, []string{"roadmap", "solve", "--instance", file, "--time-limit", "10m"}, &out, &errb)
	if took := time.Since(began); took > 30*time.Second {
		t.Errorf("stopped %v after the signal", took)
	}
	switch code {
	case 0:
		if !strings.Contains(errb.String(), "stopped by a signal; the best plan found so far follows") || !strings.Contains(out.String(), "Optimal         false") {
			t.Errorf("interrupted with a plan:\n%s\n%s", out.String(), errb.String())
		}
	case 1:
		if !strings.Contains(errb.String(), "stopped by a signal before any plan was found") {
			t.Errorf("interrupted without a plan: %s", errb.String())
		}
	default:
		t.Errorf("exit %d: %s", code, errb.String())
	}
}
