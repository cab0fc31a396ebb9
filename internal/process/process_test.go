package process_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func mustParseFile(t *testing.T, name string) *process.Definitions {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := process.Parse(f)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return d
}

func mustParse(t *testing.T, src string) *process.Definitions {
	t.Helper()
	d, err := process.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return d
}

func node(t *testing.T, d *process.Definitions, id string) process.Node {
	t.Helper()
	for _, p := range d.Processes {
		for _, n := range p.Nodes {
			if n.ID == id {
				return n
			}
		}
	}
	t.Fatalf("no node %q", id)
	return process.Node{}
}

func ptr[T any](v T) *T { return &v }

// TestParse checks what the reader keeps of each test file.
func TestParse(t *testing.T) {
	for _, tc := range []struct {
		file                      string
		processes, nodes, flows   int
		lanes, participants, msgs int
		diagrams                  int
		check                     func(t *testing.T, d *process.Definitions)
	}{
		{"byggesak-default.bpmn", 1, 9, 9, 2, 0, 0, 1, func(t *testing.T, d *process.Definitions) {
			want := process.Node{
				ID: "Task_Vurdere", Name: "Vurdere søknad", Kind: "userTask", Lane: "Lane_Byggesak",
				Attrs: process.Attributes{
					EmployeeMinutes: ptr(120.0), WaitingDays: ptr(5.0), Actor: "Byggesaksbehandler",
					System: "Websak", Medium: "system", ValueClass: "value-adding",
				},
			}
			if got := node(t, d, "Task_Vurdere"); !reflect.DeepEqual(got, want) {
				t.Errorf("Task_Vurdere = %+v, want %+v", got, want)
			}
			if got := node(t, d, "Task_Etterspor").Attrs.Automated; got == nil || *got {
				t.Errorf("Task_Etterspor automated = %v, want false", got)
			}
			if p := d.Processes[0]; p.Name != "Byggesøknad (som den er)" || p.Flows[4] != (process.Flow{
				ID: "Flow_5", Name: "Ja", SourceRef: "Gateway_Komplett", TargetRef: "Task_Vedtak",
			}) {
				t.Errorf("process = %q, flow 5 = %+v", p.Name, p.Flows[4])
			}
		}},
		{"samhandling.bpmn", 2, 9, 7, 0, 2, 2, 1, func(t *testing.T, d *process.Definitions) {
			if d.Participants[0] != (process.Participant{ID: "Participant_Soker", Name: "Søker", ProcessRef: "Process_Soker"}) {
				t.Errorf("participant = %+v", d.Participants[0])
			}
			if d.MessageFlows[1] != (process.MessageFlow{ID: "Message_Vedtak", Name: "Vedtak", SourceRef: "Task_SendeVedtak", TargetRef: "Catch_Vedtak"}) {
				t.Errorf("message flow = %+v", d.MessageFlows[1])
			}
		}},
		{"nested-lanes.bpmn", 1, 5, 4, 3, 0, 0, 0, func(t *testing.T, d *process.Definitions) {
			for id, lane := range map[string]string{
				"Start_1": "Lane_Saksbehandler", "Task_Behandle": "Lane_Saksbehandler",
				"Task_Godkjenne": "Lane_Leder", "End_1": "Lane_Saksbehandler",
			} {
				if got := node(t, d, id).Lane; got != lane {
					t.Errorf("%s lane = %q, want %q", id, got, lane)
				}
			}
			if l := d.Processes[0].Lanes[2]; l.ID != "Lane_Leder" || l.Parent != "Lane_Kommunen" {
				t.Errorf("lane = %+v, want Lane_Leder inside Lane_Kommunen", l)
			}
		}},
		{"subprocess.bpmn", 1, 11, 8, 0, 0, 0, 0, func(t *testing.T, d *process.Definitions) {
			for id, parent := range map[string]string{
				"Sub_Saksbehandling": "", "Task_Vurdere": "Sub_Saksbehandling", "Sub_End": "Sub_Saksbehandling", "Task_Sende": "",
			} {
				if got := node(t, d, id).Parent; got != parent {
					t.Errorf("%s parent = %q, want %q", id, got, parent)
				}
			}
			if got := node(t, d, "Timer_Frist").AttachedTo; got != "Sub_Saksbehandling" {
				t.Errorf("timer attached to %q", got)
			}
		}},
		{"two-diagrams.bpmn", 1, 3, 2, 0, 0, 0, 2, func(t *testing.T, d *process.Definitions) {
			n := node(t, d, "Task_1")
			if n.Name != "Árvvoštallat ohcama – vurdere søknad" || *n.Attrs.EmployeeMinutes != 12.5 || *n.Attrs.WaitingDays != 0.5 {
				t.Errorf("Task_1 = %+v", n)
			}
		}},
		{"latin1.bpmn", 1, 3, 2, 0, 0, 0, 0, func(t *testing.T, d *process.Definitions) {
			if got := d.Processes[0].Name; got != "Søknad om båtplass" {
				t.Errorf("name = %q", got)
			}
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			d := mustParseFile(t, tc.file)
			nodes, flows, lanes := 0, 0, 0
			for _, p := range d.Processes {
				nodes += len(p.Nodes)
				flows += len(p.Flows)
				lanes += len(p.Lanes)
			}
			got := []int{len(d.Processes), nodes, flows, lanes, len(d.Participants), len(d.MessageFlows), d.Diagrams}
			want := []int{tc.processes, tc.nodes, tc.flows, tc.lanes, tc.participants, tc.msgs, tc.diagrams}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("processes, nodes, flows, lanes, participants, message flows, diagrams = %v, want %v", got, want)
			}
			tc.check(t, d)
		})
	}
}

// TestPrefixesAgree reads one process written with three bindings of the
// BPMN namespace (default, semantic: as Signavio, bpmn2: as Eclipse): the
// model and its metrics must not depend on the prefix.
func TestPrefixesAgree(t *testing.T) {
	want := mustParseFile(t, "byggesak-default.bpmn")
	for _, name := range []string{"byggesak-semantic.bpmn", "byggesak-bpmn2.bpmn"} {
		got := mustParseFile(t, name)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s is read differently from byggesak-default.bpmn:\n got %+v\nwant %+v", name, got, want)
		}
		if gm, wm := process.Compute(got), process.Compute(want); !reflect.DeepEqual(gm, wm) {
			t.Errorf("%s metrics = %+v, want %+v", name, gm, wm)
		}
	}
}

// TestComputeByHand pins metrics worked out on paper from the test files.
// Lead times use 450 minutes per waiting day.
func TestComputeByHand(t *testing.T) {
	// Byggesøknad: critical path Motta (15 + 2 d) → Registrere (10 + 1 d) →
	// Vurdere (120 + 5 d) → Skrive vedtak (60 + 1 d) → Sende (5); the rework
	// branch (20 + 10 d) returns to Vurdere, so it is a loop, not a path to
	// the end. Hand-offs: Registrere→Vurdere, Komplett?→Be om, Be om→Vurdere.
	// Media breaks: paper→system, system→email, email→system, system→paper.
	bygg := process.Figures{
		Activities: 6, Manual: 2, User: 3, Automated: 1, AutomationShare: 1.0 / 6,
		HandOffs: 3, MediaBreaks: 4, ReworkLoops: 1,
		TouchMinutes: 230, LeadMinutes: 915 + 460 + 2370 + 510 + 5, ValueAddingMinutes: 180,
		CycleEfficiency: 180.0 / 4260, ControlFlowComplexity: 2,
	}
	// Søker: 60 + 1 minutes. Kommunen: Vurdere (90 + 3 d) and Sende (10),
	// system→email is a media break. Together, by the message flows: 61 +
	// 1450 minutes, and portal→system across the first message flow.
	soker := process.Figures{
		Process: "Process_Soker", Name: "Søker",
		Activities: 2, User: 1, Automated: 1, AutomationShare: 0.5, HandOffs: 1,
		TouchMinutes: 61, LeadMinutes: 61, ValueAddingMinutes: 60, CycleEfficiency: 60.0 / 61,
	}
	kommunen := process.Figures{
		Process: "Process_Kommunen", Name: "Behandle byggesøknad",
		Activities: 2, User: 1, Automated: 1, AutomationShare: 0.5, HandOffs: 1, MediaBreaks: 1,
		TouchMinutes: 100, LeadMinutes: 1450, ValueAddingMinutes: 90, CycleEfficiency: 90.0 / 1450,
	}
	samhandling := process.Figures{
		Activities: 4, User: 2, Automated: 2, AutomationShare: 0.5, HandOffs: 2, MediaBreaks: 2,
		TouchMinutes: 161, LeadMinutes: 1511, ValueAddingMinutes: 150, CycleEfficiency: 150.0 / 1511,
	}
	// Bolig: Motta (10) → max(legeerklæring 15 + 10 d, økonomi 30 + 2 d) →
	// max(tildele 20 + 1 d, startlån 40 + 2 d, NAV 5) → Sende (5).
	// CFC: parallel 1 + inclusive 2³−1 + exclusive 2. Media breaks: system→paper
	// into the statement, paper→system out of it to three activities.
	bolig := process.Figures{
		Process: "Process_Bolig", Name: "Tildele kommunal bolig",
		Activities: 7, Manual: 1, User: 4, Automated: 2, AutomationShare: 2.0 / 7, MediaBreaks: 4,
		TouchMinutes: 125, LeadMinutes: 10 + 4515 + 940 + 5, ValueAddingMinutes: 90,
		CycleEfficiency: 90.0 / 5470, ControlFlowComplexity: 10,
	}
	// Subprocess: its two tasks count, it does not; the timer branch (10)
	// is shorter than the normal one (30 + 1 d + 20 + 5).
	sub := process.Figures{
		Process: "Process_Sub", Name: "Søknad om skjenkebevilling",
		Activities: 4, Manual: 1, User: 2, Automated: 1, AutomationShare: 0.25, MediaBreaks: 1,
		TouchMinutes: 65, LeadMinutes: 505, ValueAddingMinutes: 50, CycleEfficiency: 50.0 / 505,
	}
	missing := process.Figures{
		Process: "Process_Missing", Name: "Søknad om startlån",
		Activities: 2, User: 1, TouchMinutes: 30, LeadMinutes: 30,
		Incomplete: []string{
			"automation: Task_Motta lacks automated",
			"cycle_efficiency: lead_time or value_adding_time is incomplete",
			"hand_offs: End_1 has no lane",
			"lead_time: Task_Motta lacks employeeMinutes",
			"lead_time: Task_Motta lacks waitingDays",
			"lead_time: Task_Vurdere lacks waitingDays",
			"media_breaks: Task_Motta lacks medium",
			"touch_time: Task_Motta lacks employeeMinutes",
			"value_adding_time: Task_Motta lacks valueClass",
			"value_adding_time: Task_Vurdere lacks valueClass",
		},
	}
	withID := func(f process.Figures, id, name string) process.Figures {
		f.Process, f.Name = id, name
		return f
	}
	total := func(f process.Figures) process.Figures { return withID(f, "", "") }
	for _, tc := range []struct {
		file      string
		processes []process.Figures
		total     process.Figures
	}{
		{"byggesak-default.bpmn", []process.Figures{withID(bygg, "Process_Bygg", "Byggesøknad (som den er)")}, bygg},
		{"samhandling.bpmn", []process.Figures{soker, kommunen}, samhandling},
		{"gateways.bpmn", []process.Figures{bolig}, total(bolig)},
		{"subprocess.bpmn", []process.Figures{sub}, total(sub)},
		{"missing-attributes.bpmn", []process.Figures{missing}, total(missing)},
	} {
		t.Run(tc.file, func(t *testing.T) {
			m := process.Compute(mustParseFile(t, tc.file))
			if m.MinutesPerDay != process.DefaultMinutesPerDay {
				t.Errorf("minutes per day = %v", m.MinutesPerDay)
			}
			if !reflect.DeepEqual(m.Processes, tc.processes) {
				t.Errorf("processes:\n got %+v\nwant %+v", m.Processes, tc.processes)
			}
			if !reflect.DeepEqual(m.Total, tc.total) {
				t.Errorf("total:\n got %+v\nwant %+v", m.Total, tc.total)
			}
		})
	}
}

func TestComputeMinutesPerDay(t *testing.T) {
	d := mustParseFile(t, "gateways.bpmn")
	m := process.ComputeWith(d, process.Options{MinutesPerDay: 480})
	// Motta 10, legeerklæring 15 + 10×480, startlån 40 + 2×480, Sende 5.
	if want := 10.0 + 4815 + 1000 + 5; m.Total.LeadMinutes != want || m.MinutesPerDay != 480 {
		t.Errorf("lead = %v at %v min/day, want %v", m.Total.LeadMinutes, m.MinutesPerDay, want)
	}
}

// TestComputeSmallModels covers graph shapes the files do not.
func TestComputeSmallModels(t *testing.T) {
	const head = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tv="https://tjenestevalg.no/bpmn/1.0"><process id="P">`
	const tail = `</process></definitions>`
	for _, tc := range []struct {
		name  string
		body  string
		check func(t *testing.T, f process.Figures)
	}{
		{"self-loop and a separate loop", `
			<startEvent id="S"/><task id="A" tv:automated="true"/><exclusiveGateway id="G"/>
			<task id="B" tv:automated="true"/><task id="C" tv:automated="true"/><endEvent id="E"/>
			<sequenceFlow id="f1" sourceRef="S" targetRef="A"/><sequenceFlow id="f2" sourceRef="A" targetRef="A"/>
			<sequenceFlow id="f3" sourceRef="A" targetRef="B"/><sequenceFlow id="f4" sourceRef="B" targetRef="G"/>
			<sequenceFlow id="f5" sourceRef="G" targetRef="C"/><sequenceFlow id="f6" sourceRef="C" targetRef="B"/>
			<sequenceFlow id="f7" sourceRef="G" targetRef="E"/>`,
			func(t *testing.T, f process.Figures) {
				if f.ReworkLoops != 2 || f.Automated != 3 || f.AutomationShare != 1 || f.ControlFlowComplexity != 2 {
					t.Errorf("loops %d, automated %d, share %v, cfc %d; want 2, 3, 1, 2", f.ReworkLoops, f.Automated, f.AutomationShare, f.ControlFlowComplexity)
				}
			}},
		{"system change is a media break even on one medium", `
			<startEvent id="S"/><userTask id="A" tv:medium="system" tv:system="Websak"/>
			<intermediateThrowEvent id="I"/><userTask id="B" tv:medium="system" tv:system="Familia"/>
			<task id="C" tv:medium="system" tv:automated="false" tv:system="Familia"/>
			<sequenceFlow id="f1" sourceRef="S" targetRef="A"/><sequenceFlow id="f2" sourceRef="A" targetRef="I"/>
			<sequenceFlow id="f3" sourceRef="I" targetRef="B"/><sequenceFlow id="f4" sourceRef="B" targetRef="C"/>`,
			func(t *testing.T, f process.Figures) {
				if f.MediaBreaks != 1 || f.User != 3 {
					t.Errorf("media breaks %d, user %d; want 1, 3", f.MediaBreaks, f.User)
				}
			}},
		{"no start or end event", `
			<manualTask id="A" tv:employeeMinutes="10" tv:waitingDays="1"/>
			<manualTask id="B" tv:employeeMinutes="20" tv:waitingDays="0"/>
			<complexGateway id="G"/><manualTask id="C" tv:employeeMinutes="0" tv:waitingDays="0"/>
			<sequenceFlow id="f1" sourceRef="A" targetRef="G"/><sequenceFlow id="f2" sourceRef="G" targetRef="B"/>
			<sequenceFlow id="f3" sourceRef="G" targetRef="C"/>`,
			func(t *testing.T, f process.Figures) {
				if f.LeadMinutes != 480 || f.ControlFlowComplexity != 3 || f.Manual != 3 {
					t.Errorf("lead %v, cfc %d, manual %d; want 480, 3, 3", f.LeadMinutes, f.ControlFlowComplexity, f.Manual)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := process.Compute(mustParse(t, head+tc.body+tail))
			tc.check(t, m.Processes[0])
		})
	}
}

func TestNodeKinds(t *testing.T) {
	for _, tc := range []struct {
		kind                              string
		activity, task, sub, gateway, evt bool
	}{
		{"task", true, true, false, false, false},
		{"businessRuleTask", true, true, false, false, false},
		{"callActivity", true, false, false, false, false},
		{"subProcess", true, false, true, false, false},
		{"eventBasedGateway", false, false, false, true, false},
		{"boundaryEvent", false, false, false, false, true},
		{"dataObject", false, false, false, false, false},
	} {
		n := process.Node{Kind: tc.kind}
		got := []bool{n.IsActivity(), n.IsTask(), n.IsSubProcess(), n.IsGateway(), n.IsEvent()}
		if want := []bool{tc.activity, tc.task, tc.sub, tc.gateway, tc.evt}; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: activity, task, subprocess, gateway, event = %v, want %v", tc.kind, got, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	const ns = `xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tv="https://tjenestevalg.no/bpmn/1.0"`
	wrap := func(body string) string {
		return `<definitions ` + ns + `><process id="P">` + body + `</process></definitions>`
	}
	for _, tc := range []struct {
		name, src string
		want      []string // substrings of the message
		attr      string   // attribute an *AttributeError must name
	}{
		{"empty", "", []string{"not an XML document"}, ""},
		{"plain text", "Motta søknad, vurdere søknad", []string{"not an XML document"}, ""},
		{"JSON", `{"process": "Byggesøknad"}`, []string{"not an XML document"}, ""},
		{"truncated", `<definitions ` + ns + `><process id="P">`, []string{"not well-formed XML"}, ""},
		{"HTML", `<html><body>Søknad</body></html>`, []string{"root element is <html>"}, ""},
		{"definitions without namespace", `<definitions><process id="P"/></definitions>`, []string{"root element is <definitions>", `namespace ""`}, ""},
		{"wrong namespace", `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/DI"/>`, []string{"root element", "20100524/DI"}, ""},
		{"duplicate id", wrap(`<task id="Task_1" name="Motta søknad"/><userTask id="Task_1" name="Vurdere søknad"/>`),
			[]string{`duplicate id "Task_1"`, "<userTask>", "two flow nodes"}, ""},
		{"duplicate flow node across processes", `<definitions ` + ns + `><process id="P"><task id="T"/></process>` +
			`<process id="Q"><endEvent id="T"/></process></definitions>`, []string{`duplicate id "T"`, "<endEvent>"}, ""},
		{"duplicate flow node after an event definition", wrap(`<startEvent id="S"><messageEventDefinition id="T"/></startEvent>` +
			`<task id="T"/><subProcess id="Sub"><task id="T"/></subProcess>`), []string{`duplicate id "T"`}, ""},
		{"node without id", wrap(`<task name="Motta søknad"/>`), []string{`<task> "Motta søknad"`, "no id"}, ""},
		{"fax", wrap(`<task id="Task_Faks" tv:medium="fax"/>`), []string{`"Task_Faks"`, "medium", `"fax"`, "paper, email"}, "medium"},
		{"decimal comma", wrap(`<task id="Task_1" tv:employeeMinutes="7,5"/>`), []string{`"Task_1"`, "employeeMinutes", "point"}, "employeeMinutes"},
		{"negative waiting", wrap(`<task id="Task_1" tv:waitingDays="-1"/>`), []string{"waitingDays", "negative"}, "waitingDays"},
		{"NaN minutes", wrap(`<task id="Task_1" tv:employeeMinutes="NaN"/>`), []string{"employeeMinutes", "not a number"}, "employeeMinutes"},
		{"automated yes", wrap(`<serviceTask id="Task_1" tv:automated="yes"/>`), []string{"automated", "true or false"}, "automated"},
		{"value class", wrap(`<task id="Task_1" tv:valueClass="waste"/>`), []string{"valueClass", "value-adding"}, "valueClass"},
		{"nested in subprocess", wrap(`<subProcess id="Sub"><task id="Task_Inner" tv:medium="telex"/></subProcess>`),
			[]string{`"Task_Inner"`, "medium"}, "medium"},
		{"unsupported encoding", `<?xml version="1.0" encoding="EBCDIC"?><definitions/>`, []string{"EBCDIC"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := process.Parse(strings.NewReader(tc.src))
			if err == nil {
				t.Fatalf("Parse = %+v, want an error", d)
			}
			if !errors.Is(err, process.ErrInvalid) {
				t.Errorf("error %q does not wrap ErrInvalid", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			var ae *process.AttributeError
			if errors.As(err, &ae) != (tc.attr != "") || (ae != nil && ae.Attribute != tc.attr) {
				t.Errorf("AttributeError = %+v, want attribute %q", ae, tc.attr)
			}
		})
	}
}

// TestParseIgnoresForeignMarkup: tool extensions, unprefixed foreign
// attributes and extension attributes on other elements do not disturb
// reading; an empty extension attribute counts as not filled in.
func TestParseIgnoresForeignMarkup(t *testing.T) {
	d := mustParse(t, `<semantic:definitions xmlns:semantic="http://www.omg.org/spec/BPMN/20100524/MODEL"
		xmlns:x="urn:example" xmlns:tv="https://tjenestevalg.no/bpmn/1.0">
		<semantic:process id="P" tv:medium="fax">
			<x:task id="P"/>
			<semantic:task id="A" x:medium="fax" tv:unknown="1" tv:medium=" " tv:system=" Websak ">
				<semantic:extensionElements><x:any id="A"/></semantic:extensionElements>
			</semantic:task>
		</semantic:process></semantic:definitions>`)
	if n := node(t, d, "A"); n.Attrs.Medium != "" || n.Attrs.System != "Websak" || n.Kind != "task" {
		t.Errorf("A = %+v", n)
	}
	if len(d.Processes[0].Nodes) != 1 {
		t.Errorf("nodes = %+v", d.Processes[0].Nodes)
	}
}

// TestGolden pins the full metrics of every test file. Run with -update
// after a deliberate change and review the diff.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.bpmn"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			got, err := json.MarshalIndent(process.Compute(mustParseFile(t, name)), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(file, ".bpmn") + ".golden.json"
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
				t.Errorf("%s differs:\n got %s\nwant %s", golden, got, want)
			}
		})
	}
}

// TestParseByteOrderMark: Windows tools start UTF-8 files with a BOM.
func TestParseByteOrderMark(t *testing.T) {
	d := mustParse(t, "\ufeff"+`<?xml version="1.0" encoding="UTF-8"?>`+
		`<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="P" name="Søknad"/></definitions>`)
	if len(d.Processes) != 1 || d.Processes[0].Name != "Søknad" {
		t.Errorf("processes = %+v", d.Processes)
	}
}

// TestComputeHandMadeModel: a model built in code, not read by Parse, may
// hold a flow to nowhere; Compute skips it rather than panic.
func TestComputeHandMadeModel(t *testing.T) {
	d := &process.Definitions{Processes: []process.Process{{
		ID:    "P",
		Nodes: []process.Node{{ID: "A", Kind: "manualTask", Lane: "L", Attrs: process.Attributes{EmployeeMinutes: ptr(5.0), WaitingDays: ptr(0.0)}}},
		Flows: []process.Flow{{ID: "F", SourceRef: "A", TargetRef: "Nowhere"}},
		Lanes: []process.Lane{{ID: "L"}},
	}}}
	m := process.ComputeWith(d, process.Options{MinutesPerDay: -1})
	if f := m.Total; f.Activities != 1 || f.TouchMinutes != 5 || f.LeadMinutes != 5 || m.MinutesPerDay != process.DefaultMinutesPerDay {
		t.Errorf("metrics = %+v", m)
	}
}
