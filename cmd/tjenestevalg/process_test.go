package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bpmnFile is a file from the process package's test data.
func bpmnFile(parts ...string) string {
	return filepath.Join(append([]string{"..", "..", "internal", "process", "testdata"}, parts...)...)
}

func TestProcessMetricsText(t *testing.T) {
	sam := bpmnFile("samhandling.bpmn")
	ea := bpmnFile("tools", "enterprise-architect.bpmn")
	code, out, errOut := cli(t, "process", "metrics", sam, ea)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	// Figures worked out by hand in the process package's tests.
	for _, want := range []string{
		sam + "\n" +
			"                                   Søker  Behandle byggesøknad      Total\n" +
			"  Activities                           2                     2          4\n" +
			"    manual / user / automated  0 / 1 / 1             0 / 1 / 1  0 / 2 / 2\n" +
			"  Automation share                  50 %                  50 %       50 %\n" +
			"  Hand-offs                            1                     1          2\n" +
			"  Media breaks                         0                     1          2\n" +
			"  Rework loops                         0                     0          0\n" +
			"  Touch time (min)                    61                   100        161\n" +
			"  Lead time (min)                     61                  1450       1511\n" +
			"  Value-adding time (min)             60                    90        150\n" +
			"  Process cycle efficiency        98.4 %                 6.2 %      9.9 %\n" +
			"  Control-flow complexity              0                     0          0\n",
		"\n" + ea + "\n",
		"  Lead time (min)                     91                         37817      37908\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks\n%s\nin\n%s", want, out)
		}
	}
	if strings.Contains(out, "Incomplete") {
		t.Errorf("complete models listed as incomplete:\n%s", out)
	}
}

func TestProcessMetricsIncomplete(t *testing.T) {
	code, out, _ := cli(t, "process", "metrics", bpmnFile("tools", "signavio.bpmn"))
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"  Incomplete in Tildele trygghetsalarm:\n",
		"    touch_time: sid-2C3D4E5F-REGISTRERE lacks employeeMinutes\n",
		"  Incomplete in the whole model:\n    media_breaks: sid-0A1B2C3D-SENDE lacks medium\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q in\n%s", want, out)
		}
	}
}

// TestProcessMetricsBadFiles: each file that cannot be read gets its
// reason, the others are still reported, and the exit status is 1.
func TestProcessMetricsBadFiles(t *testing.T) {
	dir := t.TempDir()
	large := filepath.Join(dir, "stor.bpmn")
	content := `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">` +
		strings.Repeat("<documentation>"+strings.Repeat("x", 1000)+"</documentation>\n", 10_600) + "</definitions>"
	if err := os.WriteFile(large, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	good := bpmnFile("gateways.bpmn")
	missing := filepath.Join(dir, "finnes-ikke.bpmn")
	xxe := bpmnFile("tools", "bad", "external-entity.bpmn")
	truncated := bpmnFile("tools", "bad", "truncated.bpmn")
	code, out, errOut := cli(t, "process", "metrics", missing, large, good, xxe, truncated, dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.HasPrefix(out, good+"\n") || !strings.Contains(out, "Tildele kommunal bolig") {
		t.Errorf("the readable file is not reported:\n%s", out)
	}
	for _, want := range []string{
		missing + ": cannot open: no such file or directory\n",
		large + ": invalid BPMN: the file is larger than 10 MiB, the limit\n",
		xxe + ": invalid BPMN: DOCTYPE is not allowed (line 2)",
		truncated + ": invalid BPMN: not well-formed XML: unexpected end of file at line 38",
		dir + ": is a directory, not a BPMN file\n",
		"5 of 6 files could not be read.\n",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q in\n%s", want, errOut)
		}
	}
	if code, _, errOut := cli(t, "process", "metrics", "--max-size", "0.001", good); code != 1 ||
		!strings.Contains(errOut, "larger than 0.00099945068359375 MiB") {
		t.Errorf("--max-size: exit %d, %s", code, errOut)
	}
}

func TestProcessMetricsJSON(t *testing.T) {
	good := bpmnFile("gateways.bpmn")
	bad := bpmnFile("tools", "bad", "billion-laughs.bpmn")
	// Flags may follow the files.
	code, out, errOut := cli(t, "process", "metrics", good, bad, "--json", "--minutes-per-day", "480")
	if code != 1 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var doc struct {
		Files []map[string]json.RawMessage `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v in\n%s", err, out)
	}
	if len(doc.Files) != 2 {
		t.Fatalf("files = %d", len(doc.Files))
	}
	var file, msg string
	_ = json.Unmarshal(doc.Files[1]["file"], &file)
	_ = json.Unmarshal(doc.Files[1]["error"], &msg)
	if file != bad || !strings.Contains(msg, "DOCTYPE is not allowed") || doc.Files[1]["metrics"] != nil {
		t.Errorf("bad file entry: %s", out)
	}
	var m struct {
		MinutesPerDay float64                      `json:"minutes_per_day"`
		Total         map[string]json.RawMessage   `json:"total"`
		Processes     []map[string]json.RawMessage `json:"processes"`
	}
	if err := json.Unmarshal(doc.Files[0]["metrics"], &m); err != nil || doc.Files[0]["error"] != nil {
		t.Fatalf("good file entry: %v\n%s", err, out)
	}
	// Motta 10, legeerklæring 15 + 10 × 480, startlån 40 + 2 × 480, Sende 5.
	if m.MinutesPerDay != 480 || string(m.Total["lead_minutes"]) != "5830" || len(m.Processes) != 1 {
		t.Errorf("minutes per day %v, lead %s, processes %d", m.MinutesPerDay, m.Total["lead_minutes"], len(m.Processes))
	}
	for _, key := range []string{"activities", "manual", "user", "automated", "automation_share", "hand_offs",
		"media_breaks", "rework_loops", "touch_minutes", "lead_minutes", "value_adding_minutes",
		"cycle_efficiency", "control_flow_complexity"} {
		if m.Total[key] == nil || m.Processes[0][key] == nil {
			t.Errorf("key %q missing", key)
		}
	}
	if string(m.Processes[0]["process"]) != `"Process_Bolig"` || string(m.Processes[0]["name"]) != `"Tildele kommunal bolig"` {
		t.Errorf("process %s, name %s", m.Processes[0]["process"], m.Processes[0]["name"])
	}

	code, out, _ = cli(t, "process", "metrics", "--json", bpmnFile("missing-attributes.bpmn"))
	if code != 0 || !strings.Contains(out, `"incomplete": [`) {
		t.Errorf("all files read: exit %d\n%s", code, out)
	}
}

func TestProcessUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"process", "--help"}, 0, "Usage: tjenestevalg process SUBCOMMAND"},
		{[]string{"process"}, 2, "Usage: tjenestevalg process SUBCOMMAND"},
		{[]string{"process", "draw"}, 2, "Usage: tjenestevalg process SUBCOMMAND"},
		{[]string{"process", "metrics", "--help"}, 0, "Usage: tjenestevalg process metrics [--json]"},
		{[]string{"process", "metrics"}, 2, "Usage: tjenestevalg process metrics"},
		{[]string{"process", "metrics", "--minutes-per-day", "0", "x.bpmn"}, 2, "--minutes-per-day 0: want 1 to 1440"},
		{[]string{"process", "metrics", "--minutes-per-day", "NaN", "x.bpmn"}, 2, "want 1 to 1440"},
		{[]string{"process", "metrics", "--max-size", "-1", "x.bpmn"}, 2, "--max-size -1"},
		{[]string{"process", "metrics", "--frobnicate", "x.bpmn"}, 2, "flag provided but not defined: -frobnicate"},
	} {
		code, _, errOut := cli(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
	// A file named like a flag, after "--".
	code, _, errOut := cli(t, "process", "metrics", "--", "--json")
	if code != 1 || !strings.Contains(errOut, "--json: cannot open") {
		t.Errorf("after --: exit %d, %q", code, errOut)
	}
}

// TestProcessMetricsWarnings lists what the reader worked around below the
// figures, in the language asked for, as the pages and --json do.
func TestProcessMetricsWarnings(t *testing.T) {
	f := bpmnFile("tools", "signavio-cross-pool.bpmn")
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"  2 faults in the file\n", "    Sequence flow «sid-SF-s3» in process «sid-Process-Soker»: targetRef «sid-K-REGISTRERE» lies in another process", "crosses the border of a subprocess"}},
		{"nb", []string{"  2 feil i filen\n", "    Sekvensflyten «sid-SF-s3» i prosessen «sid-Process-Soker»", "krysser grensen til en delprosess"}},
	} {
		code, out, errOut := cli(t, "process", "metrics", "--lang", c.lang, f)
		if code != 0 || errOut != "" {
			t.Fatalf("%s: exit %d, stderr %q", c.lang, code, errOut)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %q in\n%s", c.lang, w, out)
			}
		}
	}
	// A model without faults lists none.
	_, out, _ := cli(t, "process", "metrics", "--lang", "en", bpmnFile("samhandling.bpmn"))
	if strings.Contains(out, "faults in the file") {
		t.Errorf("warnings listed for a clean model:\n%s", out)
	}
}
