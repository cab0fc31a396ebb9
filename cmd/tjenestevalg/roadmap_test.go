package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
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
