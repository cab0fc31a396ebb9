package process_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// benchModel writes, the same every time, a large model as bpmn-js would
// save it: one pool with five lanes, the given number of tasks with every
// tv: attribute, an exclusive split every ten tasks, a parallel block every
// fifty, a rework loop every hundred, incoming/outgoing children and a DI
// shape or edge for everything. A thousand tasks make about 1 MB.
func benchModel(tasks int) []byte {
	type node struct {
		id, kind, lane string
		row            int
		attrs          string
		in, out        []string
	}
	var nodes []*node
	byID := map[string]*node{}
	type flow struct{ id, from, to string }
	var flows []flow
	lanes := []string{"Lane_Mottak", "Lane_Saksbehandler", "Lane_Fagansvarlig", "Lane_Leder", "Lane_Arkiv"}
	add := func(id, kind string, lane int, attrs string) string {
		n := &node{id: id, kind: kind, lane: lanes[lane%len(lanes)], row: lane % len(lanes), attrs: attrs}
		nodes = append(nodes, n)
		byID[id] = n
		return id
	}
	connect := func(from, to string) {
		f := flow{fmt.Sprintf("Flow_%d", len(flows)+1), from, to}
		flows = append(flows, f)
		byID[from].out = append(byID[from].out, f.id)
		byID[to].in = append(byID[to].in, f.id)
	}
	kinds := []string{"userTask", "serviceTask", "manualTask", "userTask", "sendTask", "task"}
	media := []string{"system", "system", "paper", "email", "portal", "phone"}
	systems := []string{"Elements", "Public 360", "", "Outlook", "SvarUt", ""}
	classes := []string{"value-adding", "business-necessary", "non-value-adding"}
	task := func(i int) string {
		k := i % len(kinds)
		attrs := fmt.Sprintf(` tv:employeeMinutes="%d" tv:waitingDays="%g" tv:medium="%s" tv:valueClass="%s" tv:actor="Saksbehandler %d"`,
			i*7%60+1, float64(i%5)/2, media[k], classes[i%len(classes)], i%9)
		if systems[k] != "" {
			attrs += fmt.Sprintf(` tv:system="%s"`, systems[k])
		}
		if kinds[k] == "task" {
			attrs += ` tv:automated="false"`
		}
		return add(fmt.Sprintf("Activity_%04d", i), kinds[k], i/7, attrs)
	}

	prev := add("StartEvent_1", "startEvent", 0, "")
	skip := map[int]string{} // task index → split gateway that may jump to it
	for i := 0; i < tasks; i++ {
		if i%50 == 29 && i+1 < tasks { // parallel block of two tasks
			split := add(fmt.Sprintf("Gateway_Par_%04d", i), "parallelGateway", i/7, "")
			join := add(fmt.Sprintf("Gateway_Join_%04d", i), "parallelGateway", i/7, "")
			connect(prev, split)
			a, b := task(i), task(i+1)
			connect(split, a)
			connect(split, b)
			connect(a, join)
			connect(b, join)
			prev = join
			i++
			continue
		}
		id := task(i)
		connect(prev, id)
		if g, ok := skip[i]; ok {
			connect(g, id)
		}
		prev = id
		switch {
		case i%100 == 99: // rework: back five tasks
			g := add(fmt.Sprintf("Gateway_Loop_%04d", i), "exclusiveGateway", i/7, ` tv:waitingDays="0"`)
			connect(id, g)
			connect(g, fmt.Sprintf("Activity_%04d", i-5))
			prev = g
		case i%10 == 4 && i+2 < tasks: // the next task may be skipped
			g := add(fmt.Sprintf("Gateway_Skip_%04d", i), "exclusiveGateway", i/7, "")
			connect(id, g)
			skip[i+2] = g
			prev = g
		}
	}
	connect(prev, add("EndEvent_1", "endEvent", 0, ""))

	var w strings.Builder
	w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:tv="https://tjenestevalg.no/bpmn/1.0" id="Definitions_Bench" targetNamespace="http://bpmn.io/schema/bpmn" exporter="bpmn-js (https://demo.bpmn.io)" exporterVersion="17.11.1">
  <bpmn:collaboration id="Collaboration_1">
    <bpmn:participant id="Participant_1" name="Kommunen" processRef="Process_Bench" />
  </bpmn:collaboration>
  <bpmn:process id="Process_Bench" name="Stor saksbehandling" isExecutable="false">
    <bpmn:laneSet id="LaneSet_1">
`)
	for _, l := range lanes {
		fmt.Fprintf(&w, "      <bpmn:lane id=%q name=%q>\n", l, strings.TrimPrefix(l, "Lane_"))
		for _, n := range nodes {
			if n.lane == l {
				fmt.Fprintf(&w, "        <bpmn:flowNodeRef>%s</bpmn:flowNodeRef>\n", n.id)
			}
		}
		w.WriteString("      </bpmn:lane>\n")
	}
	w.WriteString("    </bpmn:laneSet>\n")
	for _, n := range nodes {
		fmt.Fprintf(&w, "    <bpmn:%s id=%q name=\"Steg %s\"%s>\n", n.kind, n.id, n.id, n.attrs)
		for _, f := range n.in {
			fmt.Fprintf(&w, "      <bpmn:incoming>%s</bpmn:incoming>\n", f)
		}
		for _, f := range n.out {
			fmt.Fprintf(&w, "      <bpmn:outgoing>%s</bpmn:outgoing>\n", f)
		}
		fmt.Fprintf(&w, "    </bpmn:%s>\n", n.kind)
	}
	for _, f := range flows {
		fmt.Fprintf(&w, "    <bpmn:sequenceFlow id=%q sourceRef=%q targetRef=%q />\n", f.id, f.from, f.to)
	}
	w.WriteString("  </bpmn:process>\n  <bpmndi:BPMNDiagram id=\"BPMNDiagram_1\">\n    <bpmndi:BPMNPlane id=\"BPMNPlane_1\" bpmnElement=\"Collaboration_1\">\n")
	x := map[string]int{}
	y := map[string]int{}
	for i, n := range nodes {
		x[n.id], y[n.id] = 200+i*130, 100+150*n.row
		fmt.Fprintf(&w, "      <bpmndi:BPMNShape id=\"%s_di\" bpmnElement=%q>\n        <dc:Bounds x=\"%d\" y=\"%d\" width=\"100\" height=\"80\" />\n      </bpmndi:BPMNShape>\n",
			n.id, n.id, x[n.id], y[n.id])
	}
	for _, f := range flows {
		fmt.Fprintf(&w, "      <bpmndi:BPMNEdge id=\"%s_di\" bpmnElement=%q>\n        <di:waypoint x=\"%d\" y=\"%d\" />\n        <di:waypoint x=\"%d\" y=\"%d\" />\n      </bpmndi:BPMNEdge>\n",
			f.id, f.id, x[f.from]+100, y[f.from]+40, x[f.to], y[f.to]+40)
	}
	w.WriteString("    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n</bpmn:definitions>\n")
	return []byte(w.String())
}

// TestBenchModel keeps the benchmark's model what it claims to be.
func TestBenchModel(t *testing.T) {
	src := benchModel(1000)
	if n := len(src); n < 900_000 || n > 1_300_000 {
		t.Errorf("model is %d bytes, want about 1 MB", n)
	}
	d, err := process.ParseLimited(bytes.NewReader(src), 0)
	if err != nil {
		t.Fatal(err)
	}
	f := process.Compute(d).Total
	// 20 parallel blocks (CFC 1 each), 100 skip splits and 10 loop
	// gateways (2 each).
	if f.Activities != 1000 || f.ReworkLoops != 10 || f.ControlFlowComplexity != 20+2*110 || len(f.Incomplete) != 0 {
		t.Errorf("activities %d, loops %d, CFC %d, incomplete %q", f.Activities, f.ReworkLoops, f.ControlFlowComplexity, f.Incomplete)
	}
	if f.HandOffs == 0 || f.MediaBreaks == 0 || f.LeadMinutes <= 0 {
		t.Errorf("hand-offs %d, media breaks %d, lead %v", f.HandOffs, f.MediaBreaks, f.LeadMinutes)
	}
}

// BenchmarkParseAndCompute reads the 1 MB model and computes its metrics,
// what an upload costs the server. Target: under 50 ms per operation.
func BenchmarkParseAndCompute(b *testing.B) {
	src := benchModel(1000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		d, err := process.ParseLimited(bytes.NewReader(src), 0)
		if err != nil {
			b.Fatal(err)
		}
		if m := process.Compute(d); m.Total.Activities != 1000 {
			b.Fatalf("activities = %d", m.Total.Activities)
		}
	}
}

// BenchmarkParse and BenchmarkCompute split the cost between reading and
// scoring.
func BenchmarkParse(b *testing.B) {
	src := benchModel(1000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := process.Parse(bytes.NewReader(src)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompute(b *testing.B) {
	d, err := process.Parse(bytes.NewReader(benchModel(1000)))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		process.Compute(d)
	}
}
