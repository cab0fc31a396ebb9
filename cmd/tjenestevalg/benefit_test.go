package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
)

const exampleCase = "../../docs/examples/benefit-case.json"

func TestBenefitEvaluateExample(t *testing.T) {
	code, out, errOut := cli(t, "benefit", "evaluate", "--case", exampleCase)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"Skjenkebevilling – digital søknad (illustrativt eksempel) [skjenkebevilling]",
		"10 years (t = 0…10), real discount rate 4.00 %, NOK in 2025 prices",
		"Net present value (NPV = PV benefits − PV costs)  1,929,379",
		"NPV per krone invested (NPV / PV investment)           6.48",
		"Payback year (first cumulative PV ≥ 0)                    2",
		"Year  Uptake  Employee time",
		"  1     50.0 %        109,750        68,700   4,000  182,450         24,700        32,350   125,400  0.961538",
		"Qualitative gains, not valued: Færre mangelfulle søknader (score 4)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "Monte Carlo") || strings.Contains(out, "Tornado") {
		t.Errorf("simulation without --iterations:\n%s", out)
	}

	code, out, errOut = cli(t, "benefit", "evaluate", "--case", exampleCase, "--iterations", "2000", "--seed", "5", "--top", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Monte Carlo: NPV over 2,000 iterations, seed 5", "P10", "P(NPV < 0)",
		"settings.citizen_hour_value", "municipalities[1].cases (Ørland)", "(9 more; --top 12 shows all)"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

func TestBenefitEvaluateJSON(t *testing.T) {
	args := []string{"benefit", "evaluate", "--case", exampleCase, "--iterations", "3000", "--seed", "9", "--json"}
	code, out, errOut := cli(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Result     benefit.Result      `json:"result"`
		Simulation *benefit.Simulation `json:"simulation"`
		Tornado    []benefit.Bar       `json:"tornado"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	b, _ := os.ReadFile(exampleCase)
	var c benefit.Case
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	want, _ := benefit.Evaluate(c)
	if math.Abs(doc.Result.NPV-want.NPV) > 1e-6 || doc.Simulation == nil || doc.Simulation.Iterations != 3000 ||
		doc.Simulation.Seed != 9 || len(doc.Tornado) != 12 {
		t.Errorf("JSON output: NPV %v (want %v), simulation %+v, %d bars", doc.Result.NPV, want.NPV, doc.Simulation, len(doc.Tornado))
	}
	if _, again, _ := cli(t, args...); again != out {
		t.Error("the same seed gave different output")
	}
	_, out, _ = cli(t, "benefit", "evaluate", "--case", exampleCase, "--json")
	if !strings.Contains(out, `"simulation": null`) || !strings.Contains(out, `"tornado": null`) {
		t.Errorf("without --iterations:\n%s", out[len(out)-200:])
	}
}

func TestBenefitEvaluateBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, doc string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	invalid := write("invalid.json", `{
  "settings": {"years": 3, "discount_rate": 0.2},
  "municipalities": [
    {"municipality": "1", "cases": -4, "hourly_cost": {"low": 700, "likely": 600, "high": 800}}
  ],
  "uptake": [0.5, {"likely": 1.2}]
}`)
	syntax := write("syntax.json", "{\n  \"settings\": {\"years\": 3,}\n}")
	typed := write("typed.json", "{\n  \"gains\": [\n    {\"kind\": \"direct_saving\", \"annual\": \"lots\"}\n  ]\n}")
	unknown := write("unknown.json", `{"settings": {"discount-rate": 0.03}}`)
	tests := []struct {
		file string
		want []string
	}{
		{invalid, []string{
			invalid + ":2:45: settings.discount_rate: the real discount rate must be between 0 and 0.15",
			invalid + ":4:36: municipalities[0].cases: must not be negative",
			invalid + ":4:55: municipalities[0].hourly_cost: low ≤ likely ≤ high is required, not low 700, likely 600, high 800",
			invalid + ":6:19: uptake[1]: uptake is a share from 0 to 1",
			"4 problems; nothing computed.",
		}},
		{syntax, []string{syntax + ":2:28: invalid JSON: invalid character '}'"}},
		{typed, []string{typed + ":3:41: gains[0].annual: a range is a number or"}},
		{unknown, []string{unknown + `:1:32: settings.discount-rate: unknown key "discount-rate"`}},
		{filepath.Join(dir, "missing.json"), []string{"cannot open"}},
	}
	for _, tt := range tests {
		code, out, errOut := cli(t, "benefit", "evaluate", "--case", tt.file)
		if code != 1 || out != "" {
			t.Errorf("%s: exit %d, stdout %q", tt.file, code, out)
		}
		for _, w := range tt.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("missing %q in\n%s", w, errOut)
			}
		}
	}
	for _, args := range [][]string{{}, {"--case", exampleCase, "--iterations", "-5"}, {"--case", exampleCase, "extra"}} {
		if code, _, _ := cli(t, append([]string{"benefit", "evaluate"}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, _ := cli(t, "benefit", "frobnicate"); code != 2 {
		t.Errorf("unknown subcommand: exit %d", code)
	}
}

func TestBenefitEvaluateXLSX(t *testing.T) {
	out := filepath.Join(t.TempDir(), "case.xlsx")
	code, stdout, errOut := cli(t, "benefit", "evaluate", "--case", exampleCase, "--xlsx", out, "--lang", "en")
	if code != 0 || !strings.Contains(stdout, "Wrote "+out) {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if st, err := os.Stat(out); err != nil || st.Size() < 1000 {
		t.Errorf("workbook: %v", err)
	}
}
