package process_test

import (
	"bytes"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// hostileModel streams, without holding it, the file of the probe in
// issue 12: one process with n bare tasks, 24 bytes each (400 000 make
// 9.6 MB), inside the 10 MiB file limit.
type hostileModel struct {
	n, i   int
	buf    []byte
	closed bool
}

func newHostileModel(n int) *hostileModel {
	return &hostileModel{n: n, buf: []byte(defsOpen + `<process id="P">`)}
}

func (h *hostileModel) Read(p []byte) (int, error) {
	for len(h.buf) < len(p) && !h.closed {
		if h.i < h.n {
			h.buf = fmt.Appendf(h.buf, `<task id="Task_%06d"/>`, h.i)
			h.i++
		} else {
			h.buf = append(h.buf, `</process></definitions>`...)
			h.closed = true
		}
	}
	if len(h.buf) == 0 {
		return 0, io.EOF
	}
	k := copy(p, h.buf)
	h.buf = h.buf[k:]
	return k, nil
}

// The probe's file is refused by the reader as soon as it has read one
// flow node more than the limit: a few hundred kilobytes of a 9.4 MB file,
// and a few megabytes of memory instead of hundreds.
func TestHostileModelStopsTheReaderEarly(t *testing.T) {
	size, _ := io.Copy(io.Discard, newHostileModel(400_000))
	if size < 9<<20 || size > process.DefaultMaxFileSize {
		t.Fatalf("the generated file is %d bytes; want the probe's 9–10 MiB", size)
	}
	in := &countingReader{r: newHostileModel(400_000)}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := process.ParseWith(in, process.DefaultMaxFileSize, process.Limits{})
	runtime.ReadMemStats(&after)
	le, ok := process.AsLimitError(err)
	if !ok {
		t.Fatalf("error %v, want a LimitError", err)
	}
	if le.Limit != process.LimitFlowNodes || le.Max != 5000 || le.Count != 5001 {
		t.Errorf("stopped with %+v, want flow nodes 5001 over the limit 5000", le)
	}
	checkRefused(t, err, "more than 5000 flow nodes", "stopped at 5001")
	if in.n > 512<<10 {
		t.Errorf("the reader read %d bytes of a %d-byte file before refusing it; want it to stop after the first 5001 tasks", in.n, size)
	}
	t.Logf("refused after reading %d of %d bytes, allocating %d KiB", in.n, size, (after.TotalAlloc-before.TotalAlloc)>>10)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
		t.Errorf("refusing the file allocated %d MiB; want a few", alloc>>20)
	}
}

// Each limit is checked on its own, a model at a limit passes, and the
// error says which limit and how far the reader got. (The namespace
// declarations are attributes too, 43 bytes here.)
func TestModelLimits(t *testing.T) {
	lim := process.Limits{Processes: 2, FlowNodes: 4, Lanes: 2, Flows: 3, Depth: 2, AttrBytes: 50}
	nodes := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, `<task id="T%d"/>`, i)
		}
		return b.String()
	}
	flows := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, `<sequenceFlow id="F%d" sourceRef="T0" targetRef="T1"/>`, i)
		}
		return b.String()
	}
	lanes := func(n int) string {
		var b strings.Builder
		b.WriteString(`<laneSet id="LS">`)
		for i := range n {
			fmt.Fprintf(&b, `<lane id="L%d"><flowNodeRef>T0</flowNodeRef></lane>`, i)
		}
		b.WriteString(`</laneSet>`)
		return b.String()
	}
	sub := func(depth int) string {
		var b strings.Builder
		for i := range depth {
			fmt.Fprintf(&b, `<subProcess id="S%d">`, i)
		}
		b.WriteString(strings.Repeat(`</subProcess>`, depth))
		return b.String()
	}
	doc := func(body string) string { return defsOpen + `<process id="P">` + body + `</process></definitions>` }
	for _, tc := range []struct {
		name, src string
		limit     string // "" passes
		count     int
	}{
		{"nodes at the limit", doc(nodes(4)), "", 0},
		{"nodes over", doc(nodes(5)), process.LimitFlowNodes, 5},
		{"flows at the limit", doc(nodes(2) + flows(3)), "", 0},
		{"flows over", doc(nodes(2) + flows(4)), process.LimitFlows, 4},
		{"message flows count as flows", defsOpen + `<collaboration id="C">` +
			strings.Repeat(`<messageFlow sourceRef="a" targetRef="b"/>`, 4) + `</collaboration></definitions>`, process.LimitFlows, 4},
		{"lanes at the limit", doc(nodes(1) + lanes(2)), "", 0},
		{"lanes over", doc(nodes(1) + lanes(3)), process.LimitLanes, 3},
		{"subprocesses two deep", doc(sub(2)), "", 0},
		{"subprocesses three deep", doc(sub(3)), process.LimitDepth, 3},
		{"subprocesses side by side", doc(sub(2) + `<subProcess id="X"><subProcess id="Y"/></subProcess>`), "", 0},
		{"processes over", defsOpen + `<process id="P1"/><process id="P2"/><process id="P3"/></definitions>`, process.LimitProcesses, 3},
		{"a long name", doc(`<task id="T" name="` + strings.Repeat("x", 51) + `"/>`), process.LimitAttrBytes, 51},
		{"a long lane reference", doc(`<laneSet><lane id="L"><flowNodeRef>` + strings.Repeat("x", 30) + `<!-- -->` +
			strings.Repeat("x", 30) + `</flowNodeRef></lane></laneSet>`), process.LimitAttrBytes, 60},
		{"a long attribute in the diagram", defsOpen + `<bpmndi:BPMNDiagram xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" id="D" name="` +
			strings.Repeat("x", 51) + `"/></definitions>`, process.LimitAttrBytes, 51},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := process.ParseWith(strings.NewReader(tc.src), 0, lim)
			if tc.limit == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			le, ok := process.AsLimitError(err)
			if !ok {
				t.Fatalf("error %v, want a LimitError on %s", err, tc.limit)
			}
			if le.Limit != tc.limit || le.Count != tc.count {
				t.Errorf("stopped with %+v, want %s at %d", le, tc.limit, tc.count)
			}
		})
	}
}

// The default limits take the largest models the app knows comfortably:
// the 1 000-task benchmark model of docs/benchmarks.md (and five of them
// in one file would still pass) and every test and demo file.
func TestDefaultLimitsAcceptRealModels(t *testing.T) {
	d, err := process.ParseWith(bytes.NewReader(benchModel(4000)), -1, process.Limits{})
	if err != nil {
		t.Fatalf("the 4 000-task benchmark model: %v", err)
	}
	if n := len(d.Processes[0].Nodes); n < 4000 || n > process.DefaultLimits.FlowNodes {
		t.Errorf("%d flow nodes", n)
	}
}

// Every door that stores a model goes through Save, which refuses a model
// over a limit on the file field, naming the limit and the count.
func TestSaveRefusesAModelOverTheLimits(t *testing.T) {
	f := newFixture(t)
	hostile, _ := io.ReadAll(newHostileModel(400_000))
	_, _, err := f.mgr.Save(f.ctx, f.lead, f.svc.Slug, process.Adapted, 0, hostile, "", 0)
	if domain.KindOf(err) != domain.KindInvalid {
		t.Fatalf("error %v, want invalid", err)
	}
	var fe domain.FieldError
	for _, e := range domain.AsError(err).Fields {
		if e.Field == "file" {
			fe = e
		}
	}
	if fe.Code != "process.limit.flow_nodes" || fmt.Sprint(fe.Params) != "[5000 5001]" {
		t.Errorf("file error %+v, want process.limit.flow_nodes with 5000 and 5001", fe)
	}
	if ms, _ := f.mgr.Models(f.ctx, f.lead, f.svc.Slug); len(ms) != 0 {
		t.Errorf("a refused model was stored: %+v", ms)
	}

	// A lower configured limit applies the same way.
	f.mgr.SetLimits(process.Limits{FlowNodes: 3})
	src := defsOpen + `<process id="P"><startEvent id="S"/><task id="T1"/><task id="T2"/><endEvent id="E"/></process></definitions>`
	_, _, err = f.mgr.Save(f.ctx, f.lead, f.svc.Slug, process.ToBe, 0, []byte(src), "", 0)
	if fs := domain.AsError(err).Fields; len(fs) != 1 || fs[0].Code != "process.limit.flow_nodes" || fmt.Sprint(fs[0].Params) != "[3 4]" {
		t.Errorf("with 3 flow nodes allowed: %v", err)
	}
	if got := f.mgr.Limits(); got.FlowNodes != 3 || got.Lanes != process.DefaultLimits.Lanes {
		t.Errorf("limits %+v: zero fields take their defaults", got)
	}
}

// Figures list at most MaxIncomplete notes and count the rest.
func TestIncompleteNotesAreCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString(defsOpen + `<process id="P">`)
	for i := range 1000 {
		fmt.Fprintf(&b, `<task id="T%d"/>`, i)
	}
	b.WriteString(`</process></definitions>`)
	d, err := process.Parse(strings.NewReader(b.String()))
	must(t, err)
	m := process.Compute(d)
	for _, f := range append(m.Processes, m.Total) {
		if len(f.Incomplete) != process.MaxIncomplete || f.IncompleteMore < 1000 {
			t.Errorf("%q: %d notes listed and %d more; want %d listed and at least 1000 more",
				f.Process, len(f.Incomplete), f.IncompleteMore, process.MaxIncomplete)
		}
	}
}

// What Parse does not read is read past, not kept while reading: a file
// full of a task's incoming references, documentation and diagram shapes
// reads as its one task and one diagram. (The allocation is logged; the
// tree of such a file was the bulk of a read's memory before.)
func TestUnreadPartsAreReadPast(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(defsOpen + `<process id="P"><task id="T">`)
	for b.Len() < 3<<20 {
		b.WriteString(`<incoming>F</incoming><documentation>Tekst</documentation>`)
	}
	b.WriteString(`</task></process><bpmndi:BPMNDiagram xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" id="D">`)
	for b.Len() < 6<<20 {
		b.WriteString(`<bpmndi:BPMNShape bpmnElement="T"/>`)
	}
	b.WriteString(`</bpmndi:BPMNDiagram></definitions>`)
	src := b.Bytes()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	d, err := process.Parse(bytes.NewReader(src))
	runtime.ReadMemStats(&after)
	must(t, err)
	if len(d.Processes) != 1 || len(d.Processes[0].Nodes) != 1 || d.Diagrams != 1 {
		t.Fatalf("read %+v", d)
	}
	t.Logf("a %d-byte file: %d KiB allocated while reading", len(src), (after.TotalAlloc-before.TotalAlloc)>>10)
	// A duplicate id in a part that is read past is still found; as a
	// message and a task are never confused, it is a warning.
	dup := defsOpen + `<message id="M"/><process id="P"><task id="M"/></process></definitions>`
	d, err = process.Parse(strings.NewReader(dup))
	must(t, err)
	if want := []process.Warning{{Code: process.WarnDuplicateIDKept, ID: "M", Params: []string{"task", "1", "message"}}}; !reflect.DeepEqual(d.Warnings, want) {
		t.Errorf("duplicate id across a message and a task: warnings %+v, want %+v", d.Warnings, want)
	}
}
