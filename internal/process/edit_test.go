package process_test

import (
	"bytes"
	"cmp"
	"errors"

	"os"
	"path/filepath"
	"slices"

	"strconv"
	"strings"

	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/process"
	xunicode "golang.org/x/text/encoding/unicode"
)

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustApply(t *testing.T, src []byte, edits ...process.Edit) []byte {
	t.Helper()
	out, err := process.Apply(src, edits)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	return out
}

func parseBytes(t *testing.T, b []byte) *process.Definitions {
	t.Helper()
	d, err := process.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, b)
	}
	return d
}

// lookupNode returns the node with id and its process.
func lookupNode(d *process.Definitions, id string) (process.Node, process.Process, bool) {
	for _, p := range d.Processes {
		for _, n := range p.Nodes {
			if n.ID == id {
				return n, p, true
			}
		}
	}
	return process.Node{}, process.Process{}, false
}

func lookupFlow(d *process.Definitions, id string) (process.Flow, bool) {
	for _, p := range d.Processes {
		for _, f := range p.Flows {
			if f.ID == id {
				return f, true
			}
		}
	}
	return process.Flow{}, false
}

// tagRange returns the byte range of the start tag carrying id="id".
func tagRange(t *testing.T, src []byte, id string) (int, int) {
	t.Helper()
	i := bytes.Index(src, []byte(` id="`+id+`"`))
	if i < 0 {
		t.Fatalf("no element with id %q", id)
	}
	start := bytes.LastIndexByte(src[:i], '<')
	return start, i + bytes.IndexByte(src[i:], '>') + 1
}

// changedRange returns the range of a that b does not share as a common
// prefix or suffix.
func changedRange(a, b []byte) (int, int) {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	return pre, len(a) - suf
}

// wantOnlyTagChanged fails unless out differs from src only inside the
// start tag of id.
func wantOnlyTagChanged(t *testing.T, src, out []byte, id string) {
	t.Helper()
	start, end := tagRange(t, src, id)
	if from, to := changedRange(src, out); from < start || to > end {
		t.Errorf("bytes %d–%d changed, want only the start tag of %s at %d–%d:\n%s", from, to, id, start, end, out)
	}
}

// TestApplySetKeepsTheRest changes tv:employeeMinutes on files written with
// every prefix convention and encoding the reader accepts: only that start
// tag changes, and touch time follows.
func TestApplySetKeepsTheRest(t *testing.T) {
	for _, tc := range []struct {
		file, id string
		from, to float64
	}{
		{"byggesak-default.bpmn", "Task_Registrere", 10, 25},
		{"byggesak-bpmn2.bpmn", "Task_Registrere", 10, 25},
		{"byggesak-semantic.bpmn", "Task_Registrere", 10, 25},
		{"gateways.bpmn", "Task_Motta", 10, 25},
		{"nested-lanes.bpmn", "Task_Behandle", 20, 35},
		{"two-diagrams.bpmn", "Task_1", 12.5, 27.5},
		{"latin1.bpmn", "Task_1", 7.5, 22.5},
		{"edit/startlan.bpmn", "Task_Motta", 10, 25},
	} {
		t.Run(tc.file, func(t *testing.T) {
			src := readTestdata(t, tc.file)
			out := mustApply(t, src, process.Edit{Op: process.OpSet, Element: tc.id,
				Attrs: map[string]string{"employeeMinutes": strconv.FormatFloat(tc.to, 'f', -1, 64)}})
			wantOnlyTagChanged(t, src, out, tc.id)
			before, after := parseBytes(t, src), parseBytes(t, out)
			n, _, _ := lookupNode(after, tc.id)
			if n.Attrs.EmployeeMinutes == nil || *n.Attrs.EmployeeMinutes != tc.to {
				t.Errorf("employeeMinutes = %v, want %v", n.Attrs.EmployeeMinutes, tc.to)
			}
			if got := process.Compute(after).Total.TouchMinutes - process.Compute(before).Total.TouchMinutes; got != tc.to-tc.from {
				t.Errorf("touch time rose by %v, want %v", got, tc.to-tc.from)
			}
		})
	}
}

// TestApplyGolden runs each operation on a file written as bpmn-js writes
// them (incoming/outgoing children, full diagram interchange) and compares
// the whole result with testdata/edit/startlan.<case>.golden.bpmn; run with
// -update to rewrite them after checking the difference by eye.
func TestApplyGolden(t *testing.T) {
	src := readTestdata(t, "edit/startlan.bpmn")
	for _, tc := range []struct {
		name  string
		edits []process.Edit
	}{
		{"set", []process.Edit{
			{Op: process.OpSet, Element: "Task_Vurdere", Attrs: map[string]string{
				"name": "Vurdere søknad & økonomi", "employeeMinutes": "60", "waitingDays": "", "automated": "false",
			}},
			{Op: process.OpSet, Element: "Flow_4", Attrs: map[string]string{"name": `"Ja"`}},
		}},
		{"add-step", []process.Edit{{Op: process.OpAddStep, Element: "Task_Motta", Kind: "userTask",
			Attrs: map[string]string{"name": "Registrere søknad", "system": "Familia", "medium": "system", "employeeMinutes": "5"}}}},
		{"remove-step", []process.Edit{{Op: process.OpRemoveStep, Element: "Task_Vedtak"}}},
		{"add-flow", []process.Edit{
			{Op: process.OpAddFlow, Element: "Gateway_Innvilget", Target: "End_1", Attrs: map[string]string{"name": "Trukket"}},
			{Op: process.OpAddFlow, Element: "Task_Purre", Target: "End_1", NewID: "Flow_Purret"},
		}},
		{"remove-flow", []process.Edit{{Op: process.OpRemoveFlow, Element: "Flow_5"}}},
		{"retarget-flow", []process.Edit{{Op: process.OpRetargetFlow, Element: "Flow_9", Target: "End_1"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := mustApply(t, src, tc.edits...)
			parseBytes(t, got)
			golden := filepath.Join("testdata", "edit", "startlan."+tc.name+".golden.bpmn")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs:\n%s", golden, got)
			}
		})
	}
}

// reaches reports whether a path of sequence flows leads from one node to
// another.
func reaches(p process.Process, from, to string) bool {
	seen := map[string]bool{from: true}
	for queue := []string{from}; len(queue) > 0; queue = queue[1:] {
		if queue[0] == to {
			return true
		}
		for _, f := range p.Flows {
			if f.SourceRef == queue[0] && !seen[f.TargetRef] {
				seen[f.TargetRef] = true
				queue = append(queue, f.TargetRef)
			}
		}
	}
	return false
}

// TestApplyAddStep adds a task after a node in files with each prefix,
// lanes, nested lanes, a subprocess and diagram interchange: the task joins
// the node's process, parent and lane, takes over its outgoing flow, and
// counts in the metrics.
func TestApplyAddStep(t *testing.T) {
	for _, tc := range []struct {
		file, after, next string // next: the node after, before the edit
	}{
		{"byggesak-default.bpmn", "Task_Motta", "Task_Registrere"},
		{"byggesak-bpmn2.bpmn", "Task_Motta", "Task_Registrere"},
		{"byggesak-semantic.bpmn", "Task_Vedtak", "Task_Sende"},
		{"gateways.bpmn", "Task_Sende", "End_1"},
		{"subprocess.bpmn", "Task_Vurdere", "Task_Skrive"},
		{"subprocess.bpmn", "Timer_Frist", "Task_Purre"},
		{"nested-lanes.bpmn", "Task_Behandle", "Task_Godkjenne"},
		{"two-diagrams.bpmn", "Task_1", "End_1"},
		{"samhandling.bpmn", "Task_Vurdere", "Task_SendeVedtak"},
		{"latin1.bpmn", "Start_1", "Task_1"},
		{"edit/startlan.bpmn", "Task_Vurdere", "Gateway_Innvilget"},
	} {
		t.Run(tc.file+"/"+tc.after, func(t *testing.T) {
			src := readTestdata(t, tc.file)
			out := mustApply(t, src, process.Edit{Op: process.OpAddStep, Element: tc.after, Kind: "serviceTask", NewID: "Task_Ny",
				Attrs: map[string]string{"name": "Sjekke i register", "employeeMinutes": "5", "waitingDays": "0", "medium": "system"}})
			before, after := parseBytes(t, src), parseBytes(t, out)
			x, _, _ := lookupNode(after, tc.after)
			n, p, ok := lookupNode(after, "Task_Ny")
			if !ok {
				t.Fatalf("no new task in\n%s", out)
			}
			if n.Kind != "serviceTask" || n.Name != "Sjekke i register" || n.Parent != x.Parent || n.Lane != x.Lane || *n.Attrs.EmployeeMinutes != 5 {
				t.Errorf("new task = %+v, want a serviceTask beside %+v", n, x)
			}
			var in, out2 int
			for _, f := range p.Flows {
				switch {
				case f.SourceRef == tc.after && f.TargetRef == "Task_Ny":
					in++
				case f.SourceRef == "Task_Ny" && f.TargetRef == tc.next:
					out2++
				case f.SourceRef == tc.after && f.TargetRef == tc.next:
					t.Errorf("flow %s still joins %s to %s", f.ID, tc.after, tc.next)
				}
			}
			if in != 1 || out2 != 1 || !reaches(p, tc.after, tc.next) {
				t.Errorf("flows in %d, out %d, want %s → Task_Ny → %s:\n%+v", in, out2, tc.after, tc.next, p.Flows)
			}
			for _, l := range p.Lanes {
				if slices.Contains(l.FlowNodeRefs, tc.after) != slices.Contains(l.FlowNodeRefs, "Task_Ny") {
					t.Errorf("lane %s lists %v", l.ID, l.FlowNodeRefs)
				}
			}
			mb, ma := process.Compute(before).Total, process.Compute(after).Total
			if ma.Activities != mb.Activities+1 || ma.Automated != mb.Automated+1 || ma.TouchMinutes != mb.TouchMinutes+5 {
				t.Errorf("activities %d → %d, automated %d → %d, touch %v → %v", mb.Activities, ma.Activities,
					mb.Automated, ma.Automated, mb.TouchMinutes, ma.TouchMinutes)
			}
		})
	}
}

// TestApplyAddStepDiagram checks the shapes and lines add-step draws where
// the file has only the node's shape (no waypoints yet, so the DD
// namespace gets bound) and where it has two diagrams.
func TestApplyAddStepDiagram(t *testing.T) {
	out := mustApply(t, readTestdata(t, "byggesak-default.bpmn"), process.Edit{Op: process.OpAddStep, Element: "Task_Motta"})
	for _, want := range []string{
		"\n             xmlns:di=\"http://www.omg.org/spec/DD/20100524/DI\"\n",
		"\n    <task id=\"Activity_1\"/>\n",
		"\n    <sequenceFlow id=\"Flow_10\" sourceRef=\"Task_Motta\" targetRef=\"Activity_1\"/>\n",
		"\n        <flowNodeRef>Activity_1</flowNodeRef>\n",
		`
      <bpmndi:BPMNShape id="Activity_1_di" bpmnElement="Activity_1">
        <dc:Bounds x="350" y="80" width="100" height="80"/>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_10_di" bpmnElement="Flow_10">
        <di:waypoint x="300" y="120"/>
        <di:waypoint x="350" y="120"/>
      </bpmndi:BPMNEdge>
`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("result lacks %q:\n%s", want, out)
		}
	}

	out = mustApply(t, readTestdata(t, "two-diagrams.bpmn"), process.Edit{Op: process.OpAddStep, Element: "Task_1"})
	if got := strings.Count(string(out), "<bpmndi:BPMNShape"); got != 2 {
		t.Errorf("%d shapes, want the old one and one in the diagram that has Task_1:\n%s", got, out)
	}
}

// TestApplyRemoveStep removes a task between two flows: the flow before it
// goes on to the next node, and the task leaves lanes, diagram and metrics.
func TestApplyRemoveStep(t *testing.T) {
	for _, tc := range []struct {
		file, id, in, next string
		minutes            float64
	}{
		{"byggesak-default.bpmn", "Task_Registrere", "Flow_2", "Task_Vurdere", 10},
		{"byggesak-bpmn2.bpmn", "Task_Motta", "Flow_1", "Task_Registrere", 15},
		{"byggesak-semantic.bpmn", "Task_Registrere", "Flow_2", "Task_Vurdere", 10},
		{"gateways.bpmn", "Task_Lege", "F03", "Join_And", 15},
		{"nested-lanes.bpmn", "Task_Godkjenne", "Flow_2", "Task_Sende", 5},
		{"subprocess.bpmn", "Task_Vurdere", "Sub_Flow_1", "Task_Skrive", 30},
		{"samhandling.bpmn", "Task_Vurdere", "Flow_K1", "Task_SendeVedtak", 90},
		{"edit/startlan.bpmn", "Task_Avslag", "Flow_5", "End_1", 5},
	} {
		t.Run(tc.file+"/"+tc.id, func(t *testing.T) {
			src := readTestdata(t, tc.file)
			out := mustApply(t, src, process.Edit{Op: process.OpRemoveStep, Element: tc.id})
			before, after := parseBytes(t, src), parseBytes(t, out)
			if _, _, ok := lookupNode(after, tc.id); ok || strings.Contains(string(out), `"`+tc.id+`"`) || strings.Contains(string(out), ">"+tc.id+"<") {
				t.Errorf("%s is still there:\n%s", tc.id, out)
			}
			if f, _ := lookupFlow(after, tc.in); f.TargetRef != tc.next {
				t.Errorf("%s = %+v, want it to go on to %s", tc.in, f, tc.next)
			}
			mb, ma := process.Compute(before).Total, process.Compute(after).Total
			if ma.Activities != mb.Activities-1 || ma.TouchMinutes != mb.TouchMinutes-tc.minutes {
				t.Errorf("activities %d → %d, touch %v → %v", mb.Activities, ma.Activities, mb.TouchMinutes, ma.TouchMinutes)
			}
			if bytes.Contains(out, []byte("\n\n")) || bytes.Contains(out, []byte("\n    \n")) {
				t.Errorf("removal left an empty line:\n%s", out)
			}
		})
	}
}

// TestApplyFlows adds, removes and re-points flows out of an exclusive
// gateway and checks control-flow complexity (n outgoing flows).
func TestApplyFlows(t *testing.T) {
	src := readTestdata(t, "gateways.bpmn")
	cfc := process.Compute(parseBytes(t, src)).Total.ControlFlowComplexity
	for _, tc := range []struct {
		edit    process.Edit
		flow    process.Flow // as it must read after the edit; empty ID: gone
		cfcDiff int
	}{
		{process.Edit{Op: process.OpAddFlow, Element: "Split_Xor", Target: "End_1", Attrs: map[string]string{"name": "Trukket"}},
			process.Flow{ID: "Flow_1", Name: "Trukket", SourceRef: "Split_Xor", TargetRef: "End_1"}, 1},
		{process.Edit{Op: process.OpAddFlow, Element: "Split_Xor", Target: "End_1", NewID: "F_Trukket"},
			process.Flow{ID: "F_Trukket", SourceRef: "Split_Xor", TargetRef: "End_1"}, 1},
		{process.Edit{Op: process.OpRemoveFlow, Element: "F16"}, process.Flow{}, -2},
		{process.Edit{Op: process.OpRetargetFlow, Element: "F16", Target: "End_1"},
			process.Flow{ID: "F16", Name: "Nei", SourceRef: "Split_Xor", TargetRef: "End_1"}, 0},
	} {
		t.Run(tc.edit.Op, func(t *testing.T) {
			out := mustApply(t, src, tc.edit)
			d := parseBytes(t, out)
			id := cmp.Or(tc.flow.ID, tc.edit.Element)
			if f, ok := lookupFlow(d, id); f != tc.flow || ok != (tc.flow.ID != "") {
				t.Errorf("flow %s = %+v (present %v), want %+v", id, f, ok, tc.flow)
			}
			if got := process.Compute(d).Total.ControlFlowComplexity; got != cfc+tc.cfcDiff {
				t.Errorf("control-flow complexity %d → %d, want %+d", cfc, got, tc.cfcDiff)
			}
		})
	}
}

// TestApplyRefuses lists edits Apply must refuse, each with an error that
// wraps ErrEdit and ErrInvalid and names the element.
func TestApplyRefuses(t *testing.T) {
	set := func(id, k, v string) process.Edit {
		return process.Edit{Op: process.OpSet, Element: id, Attrs: map[string]string{k: v}}
	}
	for _, tc := range []struct {
		file string
		edit process.Edit
		want string // in the message
	}{
		{"byggesak-default.bpmn", set("Task_Nope", "name", "x"), `no element with id "Task_Nope"`},
		{"byggesak-default.bpmn", set("Task_Motta", "medium", "fax"), `attribute tv:medium="fax": want one of paper`},
		{"byggesak-default.bpmn", set("Task_Motta", "employeeMinutes", "-1"), "negative"},
		{"byggesak-default.bpmn", set("Task_Motta", "employeeMinutes", "1,5"), "decimal separator"},
		{"byggesak-default.bpmn", set("Task_Motta", "employeeMinutes", "2e6"), "more than 1000000 minutes"},
		{"byggesak-default.bpmn", set("Task_Motta", "waitingDays", "Inf"), "not a number"},
		{"byggesak-default.bpmn", set("Task_Motta", "valueClass", "useful"), "want one of value-adding"},
		{"byggesak-default.bpmn", set("Task_Motta", "automated", "ja"), "want true or false"},
		{"byggesak-default.bpmn", set("Task_Motta", "colour", "red"), `unknown attribute "colour"`},
		{"byggesak-default.bpmn", set("Task_Motta", "name", "bell\a"), "U+0007"},
		{"byggesak-default.bpmn", set("Flow_1", "employeeMinutes", "5"), "takes only a name"},
		{"byggesak-default.bpmn", set("Lane_Byggesak", "name", "x"), "neither a flow node nor a sequence flow"},
		{"byggesak-default.bpmn", process.Edit{Op: process.OpSet, Element: "Task_Motta"}, "no attributes"},
		{"byggesak-default.bpmn", process.Edit{Op: "rename", Element: "Task_Motta"}, `unknown operation "rename"`},
		{"byggesak-default.bpmn", process.Edit{Op: process.OpRemoveStep, Element: "Gateway_Komplett"}, "<exclusiveGateway> is not a task"},
		{"byggesak-default.bpmn", process.Edit{Op: process.OpRemoveStep, Element: "Start_Mottatt"}, "<startEvent> is not a task"},
		{"byggesak-default.bpmn", process.Edit{Op: process.OpRemoveStep, Element: "Task_Vurdere"}, "2 incoming and 1 outgoing"},
		{"edit/startlan.bpmn", process.Edit{Op: process.OpRemoveStep, Element: "Task_Vurdere"}, `boundary event "Timer_Frist"`},
		{"samhandling.bpmn", process.Edit{Op: process.OpRemoveStep, Element: "Task_SendeSoknad"}, `message flow "Message_Soknad"`},
		{"edit/startlan.bpmn", process.Edit{Op: process.OpRemoveStep, Element: "Task_Purre"}, `<association> "Association_1" refers to "Task_Purre" (sourceRef)`},
		{"byggesak-default.bpmn", process.Edit{Op: process.OpAddStep, Element: "Gateway_Komplett"}, "2 outgoing sequence flows (Flow_5, Flow_6)"},
		{"byggesak-default.bpmn", process.Edit{Op: process.OpAddStep, Element: "End_Sendt"}, "end event"},
		{"byggesak-default.bpmn", process.Edit{Op: process.OpAddStep, Element: "Task_Motta", Kind: "subProcess"}, `unknown task kind "subProcess"`},
		{"byggesak-default.bpmn", process.Edit{Op: process.OpAddStep, Element: "Task_Motta", NewID: "Flow_1"}, `"Flow_1" is already in use`},
		{"byggesak-default.bpmn", process.Edit{Op: process.OpAddStep, Element: "Task_Motta", NewID: "1 oppgave"}, "not a valid id"},
		{"byggesak-default.bpmn", process.Edit{Op: process.OpAddStep, Element: "Task_Motta", Attrs: map[string]string{"medium": "fax"}}, `tv:medium="fax"`},
		{"subprocess.bpmn", process.Edit{Op: process.OpAddFlow, Element: "Task_Vurdere", Target: "Task_Sende"}, "not in the same process or subprocess"},
		{"samhandling.bpmn", process.Edit{Op: process.OpRetargetFlow, Element: "Flow_K2", Target: "End_Soker"}, "not in the same process"},
		{"byggesak-default.bpmn", process.Edit{Op: process.OpAddFlow, Element: "Task_Motta", Target: "Start_Mottatt"}, "no sequence flow may enter it"},
		{"byggesak-default.bpmn", process.Edit{Op: process.OpAddFlow, Element: "End_Sendt", Target: "Task_Motta"}, "nothing flows out of it"},
		{"byggesak-default.bpmn", process.Edit{Op: process.OpAddFlow, Element: "Task_Motta", Target: "Nowhere"}, `target: no element with id "Nowhere"`},
		{"byggesak-default.bpmn", process.Edit{Op: process.OpRemoveFlow, Element: "Task_Motta"}, "not a sequence flow"},
		{"byggesak-default.bpmn", process.Edit{Op: process.OpRetargetFlow, Element: "Flow_1", Target: "Lane_Byggesak"}, "not a flow node"},
	} {
		t.Run(tc.edit.Op+"/"+tc.edit.Element, func(t *testing.T) {
			_, err := process.Apply(readTestdata(t, tc.file), []process.Edit{tc.edit})
			if !errors.Is(err, process.ErrEdit) || !errors.Is(err, process.ErrInvalid) {
				t.Fatalf("err = %v, want ErrEdit", err)
			}
			var ee *process.EditError
			if !errors.As(err, &ee) || ee.Index != 0 || ee.Element != tc.edit.Element {
				t.Errorf("err = %#v, want an EditError for edit 0", err)
			}
			if msg := err.Error(); !strings.Contains(msg, tc.want) || !strings.Contains(msg, `"`+tc.edit.Element+`"`) {
				t.Errorf("err = %q, want it to name %s and say %q", msg, tc.edit.Element, tc.want)
			}
		})
	}
}

// TestApplyAttributeError: a refused value is the reader's *AttributeError,
// so the table view can mark the cell.
func TestApplyAttributeError(t *testing.T) {
	_, err := process.Apply(readTestdata(t, "byggesak-default.bpmn"), []process.Edit{
		{Op: process.OpSet, Element: "Task_Motta", Attrs: map[string]string{"medium": "fax"}},
	})
	var ae *process.AttributeError
	if !errors.As(err, &ae) || ae.Element != "Task_Motta" || ae.Attribute != "medium" || ae.Value != "fax" {
		t.Errorf("err = %v, want an AttributeError for Task_Motta tv:medium", err)
	}
}

// TestApplyAllOrNothing: when the second edit fails, nothing is returned
// and the input is untouched.
func TestApplyAllOrNothing(t *testing.T) {
	src := readTestdata(t, "byggesak-default.bpmn")
	orig := bytes.Clone(src)
	out, err := process.Apply(src, []process.Edit{
		{Op: process.OpSet, Element: "Task_Motta", Attrs: map[string]string{"employeeMinutes": "99"}},
		{Op: process.OpRemoveStep, Element: "Gateway_Komplett"},
	})
	var ee *process.EditError
	if !errors.As(err, &ee) || ee.Index != 1 || out != nil {
		t.Errorf("Apply = %d bytes, %v; want no file and an error for edit 1", len(out), err)
	}
	if !bytes.Equal(src, orig) {
		t.Error("Apply modified its input")
	}
	if !strings.HasPrefix(err.Error(), `invalid BPMN: edit 2 (remove-step "Gateway_Komplett") refused: `) {
		t.Errorf("err = %q", err)
	}
}

// TestApplyBatch: later edits see earlier ones (a task added then given
// attributes, then removed again, gives back the original metrics).
func TestApplyBatch(t *testing.T) {
	src := readTestdata(t, "byggesak-semantic.bpmn")
	out := mustApply(t, src,
		process.Edit{Op: process.OpAddStep, Element: "Task_Motta"},
		process.Edit{Op: process.OpSet, Element: "Activity_1", Attrs: map[string]string{"employeeMinutes": "7", "medium": "paper"}},
		process.Edit{Op: process.OpRemoveStep, Element: "Activity_1"},
	)
	if got, want := process.Compute(parseBytes(t, out)), process.Compute(parseBytes(t, src)); got.Total.TouchMinutes != want.Total.TouchMinutes ||
		got.Total.Activities != want.Total.Activities || got.Total.LeadMinutes != want.Total.LeadMinutes {
		t.Errorf("metrics after add and remove = %+v, want %+v", got.Total, want.Total)
	}
	if out := mustApply(t, src); !bytes.Equal(out, src) {
		t.Error("no edits changed the file")
	}
}

// TestApplyBindsNamespace: a file without the extension namespace gets
// xmlns:tv on its root, or tv2 when tv means something else; removing an
// attribute that is not there changes nothing.
func TestApplyBindsNamespace(t *testing.T) {
	const head = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"%s id="D">
  <process id="P">
    <startEvent id="S"/>
    <task id='T' name='Kari'/>
    <sequenceFlow id="F" sourceRef="S" targetRef="T"/>
  </process>
</definitions>
`
	for _, tc := range []struct{ decl, want string }{
		{``, ` xmlns:tv="https://tjenestevalg.no/bpmn/1.0"`},
		{` xmlns:tv="urn:other"`, ` xmlns:tv="urn:other" xmlns:tv2="https://tjenestevalg.no/bpmn/1.0"`},
	} {
		src := []byte(strings.Replace(head, "%s", tc.decl, 1))
		out := mustApply(t, src,
			process.Edit{Op: process.OpSet, Element: "T", Attrs: map[string]string{"employeeMinutes": "12", "name": `Kari's "sak"`, "system": ""}})
		prefix := strings.TrimPrefix(strings.Fields(tc.want)[len(strings.Fields(tc.want))-1], "xmlns:")
		prefix = prefix[:strings.IndexByte(prefix, '=')]
		want := strings.Replace(head, "%s", tc.want, 1)
		want = strings.Replace(want, `<task id='T' name='Kari'/>`, `<task id='T' name='Kari&apos;s "sak"' `+prefix+`:employeeMinutes='12'/>`, 1)
		if string(out) != want {
			t.Errorf("got\n%s\nwant\n%s", out, want)
		}
		if n, _, _ := lookupNode(parseBytes(t, out), "T"); n.Name != `Kari's "sak"` || *n.Attrs.EmployeeMinutes != 12 {
			t.Errorf("T = %+v", n)
		}
	}
}

// TestApplyNames: names may hold any Unicode and markup characters, and
// line breaks survive as references.
func TestApplyNames(t *testing.T) {
	src := readTestdata(t, "two-diagrams.bpmn")
	for _, name := range []string{
		"Árvvoštallat ohcama – vurdere søknad 🏠",
		`<b>"Kari & Ola"</b>`,
		"to\nlinjer\tog tab",
	} {
		out := mustApply(t, src, process.Edit{Op: process.OpSet, Element: "Task_1", Attrs: map[string]string{"name": name}})
		wantOnlyTagChanged(t, src, out, "Task_1")
		if n, _, _ := lookupNode(parseBytes(t, out), "Task_1"); n.Name != name {
			t.Errorf("name = %q, want %q", n.Name, name)
		}
	}
	out := mustApply(t, src, process.Edit{Op: process.OpSet, Element: "Task_1", Attrs: map[string]string{"name": ""}})
	if n, _, _ := lookupNode(parseBytes(t, out), "Task_1"); n.Name != "" || bytes.Contains(out, []byte(`id="Task_1" name=`)) {
		t.Errorf("name not removed:\n%s", out)
	}
}

// TestApplyRemovesAttributes keeps the layout of a start tag written over
// several lines when attributes go.
func TestApplyRemovesAttributes(t *testing.T) {
	src := readTestdata(t, "byggesak-default.bpmn")
	out := mustApply(t, src, process.Edit{Op: process.OpSet, Element: "Task_Registrere",
		Attrs: map[string]string{"medium": "", "waitingDays": "", "actor": "Servicetorget 2"}})
	want := `    <userTask id="Task_Registrere" name="Registrere søknad" tv:actor="Servicetorget 2" tv:system="Websak"
              tv:employeeMinutes="10" tv:valueClass="business-necessary"/>`
	if !strings.Contains(string(out), want) {
		t.Errorf("result lacks\n%s\n%s", want, out)
	}
	wantOnlyTagChanged(t, src, out, "Task_Registrere")
}

// TestApplyLineEndingsAndBOM: files from Windows tools with CRLF line
// endings and a byte order mark keep both.
func TestApplyLineEndingsAndBOM(t *testing.T) {
	crlf := bytes.ReplaceAll(readTestdata(t, "edit/startlan.bpmn"), []byte("\n"), []byte("\r\n"))
	bom := append([]byte("\ufeff"), readTestdata(t, "byggesak-default.bpmn")...)
	for name, src := range map[string][]byte{"crlf": crlf, "bom": bom, "bom+crlf": append([]byte("\ufeff"), crlf...)} {
		t.Run(name, func(t *testing.T) {
			out := mustApply(t, src, process.Edit{Op: process.OpSet, Element: "Task_Motta", Attrs: map[string]string{"employeeMinutes": "25"}})
			wantOnlyTagChanged(t, src, out, "Task_Motta")
			if n, _, _ := lookupNode(parseBytes(t, out), "Task_Motta"); *n.Attrs.EmployeeMinutes != 25 {
				t.Errorf("Task_Motta = %+v", n)
			}
			for _, ed := range []process.Edit{
				{Op: process.OpAddStep, Element: "Task_Motta", Attrs: map[string]string{"name": "Ny"}},
				{Op: process.OpRemoveStep, Element: "Task_Motta"},
				{Op: process.OpAddFlow, Element: "Task_Motta", Target: "End_1"},
			} {
				if ed.Target == "End_1" && name == "bom" {
					ed.Target = "End_Sendt"
				}
				out := mustApply(t, src, ed)
				parseBytes(t, out)
				if bytes.HasPrefix(src, []byte("\ufeff")) != bytes.HasPrefix(out, []byte("\ufeff")) {
					t.Errorf("%s: byte order mark lost", ed.Op)
				}
				if bytes.Contains(src, []byte("\r\n")) && bytes.Count(out, []byte("\n")) != bytes.Count(out, []byte("\r\n")) {
					t.Errorf("%s: a line ends without CR:\n%q", ed.Op, out)
				}
			}
		})
	}
}

// TestApplyEncodings: a file in another encoding the reader accepts stays
// in it, byte for byte outside the edit; characters the encoding cannot hold
// become character references.
func TestApplyEncodings(t *testing.T) {
	// ISO-8859-1 is read as windows-1252, which has the dash but no omega.
	src := readTestdata(t, "latin1.bpmn")
	out := mustApply(t, src, process.Edit{Op: process.OpSet, Element: "Task_1", Attrs: map[string]string{"name": "Motta søknad – Ω"}})
	wantOnlyTagChanged(t, src, out, "Task_1")
	if !bytes.Contains(out, []byte("name=\"Motta s\xf8knad \x96 &#937;\"")) {
		t.Errorf("name not written in windows-1252:\n%q", out)
	}
	if n, _, _ := lookupNode(parseBytes(t, out), "Task_1"); n.Name != "Motta søknad – Ω" {
		t.Errorf("name = %q", n.Name)
	}
	out = mustApply(t, src, process.Edit{Op: process.OpAddStep, Element: "Task_1", Attrs: map[string]string{"name": "Arkivere på papir"}})
	if !bytes.Contains(out, []byte("name=\"Arkivere p\xe5 papir\"")) || !bytes.Contains(out, []byte("S\xf8knad om b\xe5tplass")) {
		t.Errorf("add-step broke the encoding:\n%q", out)
	}

	// A byte windows-1252 leaves undefined could not be written back.
	odd := bytes.Replace(src, []byte("Motta"), []byte("Mo\x81ta"), 1)
	parseBytes(t, odd)
	if _, err := process.Apply(odd, []process.Edit{{Op: process.OpSet, Element: "Task_1", Attrs: map[string]string{"name": "x"}}}); !errors.Is(err, process.ErrEdit) {
		t.Errorf("err = %v, want the encoding refused", err)
	}

	// US-ASCII: everything else becomes a reference.
	ascii := bytes.Replace(readTestdata(t, "missing-attributes.bpmn"), []byte(`encoding="UTF-8"`), []byte(`encoding="US-ASCII"`), 1)
	out = mustApply(t, ascii, process.Edit{Op: process.OpSet, Element: "Task_Motta", Attrs: map[string]string{"name": "Søknad"}})
	wantOnlyTagChanged(t, ascii, out, "Task_Motta")
	if !bytes.Contains(out, []byte(`name="S&#248;knad"`)) {
		t.Errorf("name not written as ASCII:\n%s", out)
	}

	// UTF-16 with a byte order mark, little- and big-endian: the same edit
	// as on the UTF-8 file, encoded.
	utf8src := bytes.Replace(readTestdata(t, "edit/startlan.bpmn"), []byte(`encoding="UTF-8"`), []byte(`encoding="UTF-16"`), 1)
	edits := []process.Edit{
		{Op: process.OpSet, Element: "Task_Motta", Attrs: map[string]string{"name": "Motta søknad 🏠"}},
		{Op: process.OpAddStep, Element: "Task_Motta", Attrs: map[string]string{"name": "Årsak"}},
	}
	want := mustApply(t, utf8src, edits...)
	for _, e := range []xunicode.Endianness{xunicode.LittleEndian, xunicode.BigEndian} {
		enc := xunicode.UTF16(e, xunicode.UseBOM)
		src, err := enc.NewEncoder().Bytes(utf8src)
		if err != nil {
			t.Fatal(err)
		}
		out := mustApply(t, src, edits...)
		got, err := enc.NewDecoder().Bytes(out)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("UTF-16 (%v) result differs from the UTF-8 one: %v\n%s", e, err, got)
		}
		if back, _ := enc.NewEncoder().Bytes(want); !bytes.Equal(out, back) {
			t.Errorf("UTF-16 (%v) result is not the UTF-8 one encoded", e)
		}
	}
}

// TestApplyRefusesBrokenInput: a file Parse refuses is refused as it is,
// not as an edit.
func TestApplyRefusesBrokenInput(t *testing.T) {
	_, err := process.Apply([]byte("<definitions"), []process.Edit{{Op: process.OpSet}})
	if !errors.Is(err, process.ErrInvalid) || errors.Is(err, process.ErrEdit) {
		t.Errorf("err = %v, want ErrInvalid from Parse", err)
	}
}
