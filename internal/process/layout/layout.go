// Package layout writes a complete BPMN 2.0 file, diagram included, from a
// small spec of steps, lanes and flows. The demo's process models and the
// "new process from blank" action are written as specs rather than as
// hand-drawn XML: a spec is short enough to review, and the drawing follows
// from it, so the file opens laid out in bpmn-js and Camunda Modeler.
//
// The layout is a grid. A node's column is its longest-path rank from the
// start events, ignoring the back edges a depth-first search finds (the
// rework loops); its row is its lane, with extra rows in a lane where its
// branches run side by side. Sequence flows are orthogonal: right, then up or
// down in the gap between two columns, then right; a flow that would run
// through nodes of its own row passes above them, and a back edge runs
// below the nodes it returns past.
//
// Build is pure, a spec in and bytes out, like the reader and the metrics
// of package process.
package layout

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// Step is one flow node of a spec. Kind is the BPMN element's local name,
// one of Kinds. Lane names one of the spec's lanes and is empty when the
// spec has none. The other fields are Tjenestevalg's extension attributes
// (see process.Attributes): a nil pointer or an empty string leaves the
// attribute out.
type Step struct {
	ID, Name             string
	Kind                 string
	Lane                 string
	Minutes, WaitingDays *float64
	Actor, System        string
	Medium, ValueClass   string
	Automated            *bool
}

// Flow is a sequence flow between two steps. An empty ID becomes
// "Flow_<From>_<To>".
type Flow struct{ ID, From, To, Name string }

// Spec is one process in one pool. ID is the process id (made from Name
// when empty); the pool carries Name. Lanes are listed top to bottom.
type Spec struct {
	ID, Name string
	Lanes    []string
	Steps    []Step
	Flows    []Flow
}

// Kinds lists the step kinds Build accepts. An intermediateCatchEvent is
// written with a message event definition: in these models it waits for a
// reply (a statement, an answer to an offer), and a catch event without a
// definition is not valid BPMN.
var Kinds = []string{
	"startEvent", "endEvent", "intermediateCatchEvent",
	"task", "userTask", "manualTask", "serviceTask", "sendTask", "receiveTask", "scriptTask", "businessRuleTask",
	"exclusiveGateway", "parallelGateway", "inclusiveGateway",
}

// ErrInvalid is wrapped by every error Build returns: the spec is at fault,
// and the message names the step, flow or lane.
var ErrInvalid = errors.New("invalid process spec")

// SpecError reports the part of a spec Build cannot use. It wraps
// ErrInvalid.
type SpecError struct {
	What   string // "step", "flow", "lane" or "spec"
	ID     string // the step or flow id, or the lane name
	Reason string
}

func (e *SpecError) Error() string {
	if e.What == "spec" {
		return fmt.Sprintf("%v: %s", ErrInvalid, e.Reason)
	}
	return fmt.Sprintf("%v: %s %q: %s", ErrInvalid, e.What, e.ID, e.Reason)
}

// Unwrap makes errors.Is(err, ErrInvalid) hold.
func (e *SpecError) Unwrap() error { return ErrInvalid }

// Blank is the spec of a new process: a start event, one task and an end
// event, without lanes or figures, so that the metrics list what the
// modeller still has to fill in.
func Blank(name string) Spec {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "Ny prosess"
	}
	return Spec{
		ID:   "Process_" + xmlID(name),
		Name: name,
		Steps: []Step{
			{ID: "StartEvent_1", Name: "Start", Kind: "startEvent"},
			{ID: "Task_1", Name: "Ny oppgave", Kind: "task"},
			{ID: "EndEvent_1", Name: "Slutt", Kind: "endEvent"},
		},
		Flows: []Flow{{From: "StartEvent_1", To: "Task_1"}, {From: "Task_1", To: "EndEvent_1"}},
	}
}

// The grid. A cell is colW × rowH and shapes are centred in it, so a
// vertical line on a column boundary never crosses a shape, and above and
// below a task there are 20 px free for flows.
const (
	originX, originY = 160, 80
	strip            = 30 // the pool's and the lanes' name strips
	padding          = 20 // before the first column and after the last
	colW, rowH       = 160, 120
)

// size returns the width and height of a kind's shape.
func size(kind string) (w, h int) {
	switch {
	case isEvent(kind):
		return 36, 36
	case isGateway(kind):
		return 50, 50
	}
	return 100, 80
}

func isEvent(kind string) bool   { return strings.HasSuffix(kind, "Event") }
func isGateway(kind string) bool { return strings.HasSuffix(kind, "Gateway") }

type rect struct{ x, y, w, h int }

func (r rect) cx() int     { return r.x + r.w/2 }
func (r rect) cy() int     { return r.y + r.h/2 }
func (r rect) right() int  { return r.x + r.w }
func (r rect) bottom() int { return r.y + r.h }

type point struct{ x, y int }

// Build returns the BPMN 2.0 XML of s: a collaboration with one pool, the
// process with its lane set, flow nodes (with their extension attributes
// and incoming/outgoing references) and sequence flows, and a diagram with
// a shape for the pool, every lane and every node and an edge for every
// flow. The same spec always gives the same bytes.
//
// A spec Build cannot use gives a *SpecError (wrapping ErrInvalid) naming
// the first fault: no steps, an id that is missing, not XML-safe or used
// twice, an unknown kind or lane, a figure that is negative or not finite,
// a medium or value class process.Parse would refuse, a flow from or to a
// step that does not exist, out of an end event or into a start event.
func Build(s Spec) ([]byte, error) {
	g, err := check(s)
	if err != nil {
		return nil, err
	}
	g.rank()
	g.place()
	g.route()
	return g.write(), nil
}

// graph is a checked spec and its drawing.
type graph struct {
	s     Spec
	flows []Flow // ids filled in
	index map[string]int
	lane  []int   // lane index per step
	out   [][]int // flow indexes leaving each step, in spec order
	in    [][]int // flow indexes entering each step

	ids                                              *idSet
	definitions, collaboration, participant, process string
	laneSet, diagram, plane                          string
	laneIDs                                          []string
	eventDefs                                        []string // per step; "" when none

	back []bool // per flow
	pre  []int  // steps in the order the depth-first search reached them
	col  []int  // per step
	row  []int  // per step: global row

	cols, rows   int
	laneRow0     []int // first global row of each lane
	laneRowCount []int
	contentX     int
	occupied     [][]bool // [row][col]
	shape        []rect   // per step
	pool         rect
	lanes        []rect
	edges        [][]point // per flow
}

func check(s Spec) (*graph, error) {
	bad := func(what, id, format string, args ...any) error {
		return &SpecError{What: what, ID: id, Reason: fmt.Sprintf(format, args...)}
	}
	if len(s.Steps) == 0 {
		return nil, bad("spec", "", "no steps")
	}
	if s.ID != "" && !validID(s.ID) {
		return nil, bad("spec", "", "process id %q is not an XML name (letters, digits, _ - . and no leading digit)", s.ID)
	}
	g := &graph{s: s, index: map[string]int{}, ids: newIDSet()}
	if s.ID != "" {
		g.ids.reserve(s.ID)
	}
	laneIndex := map[string]int{}
	for i, name := range s.Lanes {
		if strings.TrimSpace(name) == "" {
			return nil, bad("lane", name, "lane %d has no name", i+1)
		}
		if _, dup := laneIndex[name]; dup {
			return nil, bad("lane", name, "listed twice")
		}
		laneIndex[name] = i
	}
	for i, st := range s.Steps {
		switch {
		case st.ID == "":
			return nil, bad("step", st.Name, "step %d has no id", i+1)
		case !validID(st.ID):
			return nil, bad("step", st.ID, "id is not an XML name (letters, digits, _ - . and no leading digit)")
		case g.ids.taken(st.ID):
			return nil, bad("step", st.ID, "id used twice")
		case !slices.Contains(Kinds, st.Kind):
			return nil, bad("step", st.ID, "unknown kind %q, want one of %s", st.Kind, strings.Join(Kinds, ", "))
		}
		g.ids.reserve(st.ID)
		g.index[st.ID] = i
		switch l, ok := laneIndex[st.Lane]; {
		case len(s.Lanes) == 0 && st.Lane != "":
			return nil, bad("step", st.ID, "lane %q, but the spec has no lanes", st.Lane)
		case len(s.Lanes) > 0 && st.Lane == "":
			return nil, bad("step", st.ID, "no lane (the spec has lanes: %s)", strings.Join(s.Lanes, ", "))
		case len(s.Lanes) > 0 && !ok:
			return nil, bad("step", st.ID, "unknown lane %q, want one of %s", st.Lane, strings.Join(s.Lanes, ", "))
		default:
			g.lane = append(g.lane, l)
		}
		for _, f := range []struct {
			name string
			v    *float64
		}{{"minutes", st.Minutes}, {"waiting days", st.WaitingDays}} {
			if f.v != nil && (math.IsNaN(*f.v) || math.IsInf(*f.v, 0) || *f.v < 0) {
				return nil, bad("step", st.ID, "%s %v: want a finite number ≥ 0", f.name, *f.v)
			}
		}
		if st.Medium != "" && !slices.Contains(process.Media, st.Medium) {
			return nil, bad("step", st.ID, "medium %q, want one of %s", st.Medium, strings.Join(process.Media, ", "))
		}
		if st.ValueClass != "" && !slices.Contains(process.ValueClasses, st.ValueClass) {
			return nil, bad("step", st.ID, "value class %q, want one of %s", st.ValueClass, strings.Join(process.ValueClasses, ", "))
		}
	}
	for _, f := range s.Flows {
		if f.ID == "" {
			continue
		}
		if !validID(f.ID) {
			return nil, bad("flow", f.ID, "id is not an XML name (letters, digits, _ - . and no leading digit)")
		}
		if g.ids.taken(f.ID) {
			return nil, bad("flow", f.ID, "id used twice")
		}
		g.ids.reserve(f.ID)
	}
	g.out = make([][]int, len(s.Steps))
	g.in = make([][]int, len(s.Steps))
	for i, f := range s.Flows {
		name := f.ID
		if name == "" {
			name = f.From + " → " + f.To
		}
		from, okFrom := g.index[f.From]
		to, okTo := g.index[f.To]
		switch {
		case !okFrom:
			return nil, bad("flow", name, "from unknown step %q", f.From)
		case !okTo:
			return nil, bad("flow", name, "to unknown step %q", f.To)
		case s.Steps[from].Kind == "endEvent":
			return nil, bad("flow", name, "leaves end event %q", f.From)
		case s.Steps[to].Kind == "startEvent":
			return nil, bad("flow", name, "enters start event %q", f.To)
		}
		g.out[from] = append(g.out[from], i)
		g.in[to] = append(g.in[to], i)
	}
	g.assignIDs()
	return g, nil
}

// assignIDs fills in flow ids and the ids of the generated elements. The
// spec's own ids are reserved first, so a generated id that would clash
// gets a suffix instead.
func (g *graph) assignIDs() {
	base := g.s.ID
	if base == "" {
		base = "Process_" + xmlID(g.s.Name)
	}
	g.process = base
	if g.s.ID == "" {
		g.process = g.ids.gen(base)
	}
	g.flows = slices.Clone(g.s.Flows)
	for i := range g.flows {
		if g.flows[i].ID == "" {
			g.flows[i].ID = g.ids.gen("Flow_" + g.flows[i].From + "_" + g.flows[i].To)
		}
	}
	g.definitions = g.ids.gen("Definitions_" + g.process)
	g.collaboration = g.ids.gen("Collaboration_" + g.process)
	g.participant = g.ids.gen("Participant_" + g.process)
	if len(g.s.Lanes) > 0 {
		g.laneSet = g.ids.gen("LaneSet_" + g.process)
		for _, l := range g.s.Lanes {
			g.laneIDs = append(g.laneIDs, g.ids.gen("Lane_"+xmlID(l)))
		}
	}
	g.eventDefs = make([]string, len(g.s.Steps))
	for i, st := range g.s.Steps {
		if st.Kind == "intermediateCatchEvent" {
			g.eventDefs[i] = g.ids.gen("MessageEventDefinition_" + st.ID)
		}
	}
	g.diagram = g.ids.gen("BPMNDiagram_" + g.process)
	g.plane = g.ids.gen("BPMNPlane_" + g.process)
}

// rank sets each step's column: its longest-path rank from the start
// events on the graph without the back edges of a depth-first search.
func (g *graph) rank() {
	n := len(g.s.Steps)
	const (
		unseen = iota
		active
		done
	)
	state := make([]int, n)
	g.back = make([]bool, len(g.flows))
	var post []int
	g.pre = make([]int, 0, n)
	var visit func(v int)
	visit = func(v int) {
		state[v] = active
		g.pre = append(g.pre, v)
		for _, f := range g.out[v] {
			switch u := g.index[g.flows[f].To]; state[u] {
			case unseen:
				visit(u)
			case active:
				g.back[f] = true
			}
		}
		state[v] = done
		post = append(post, v)
	}
	// Start events first, then steps nothing flows into, then whatever a
	// cycle without an entry left over.
	for _, pass := range []func(int) bool{
		func(i int) bool { return g.s.Steps[i].Kind == "startEvent" },
		func(i int) bool { return len(g.in[i]) == 0 },
		func(int) bool { return true },
	} {
		for i := range n {
			if state[i] == unseen && pass(i) {
				visit(i)
			}
		}
	}
	g.col = make([]int, n)
	for i := len(post) - 1; i >= 0; i-- {
		v := post[i]
		for _, f := range g.out[v] {
			if !g.back[f] {
				u := g.index[g.flows[f].To]
				g.col[u] = max(g.col[u], g.col[v]+1)
			}
		}
	}
}

// place lays the pool, the lanes and the shapes on the grid.
func (g *graph) place() {
	n := len(g.s.Steps)
	laneCount := max(1, len(g.s.Lanes))
	g.cols = slices.Max(g.col) + 1
	// Steps sharing a lane and a column are stacked. Column by column, a
	// step keeps the row of the first step in its lane that flows into it,
	// so a branch stays on one line; when that row is taken it gets the
	// first free one. The search reaches a split's first flow first, so
	// that branch keeps the line.
	order := slices.Clone(g.pre)
	slices.SortStableFunc(order, func(a, b int) int { return g.col[a] - g.col[b] })
	sub := make([]int, n)
	taken := map[[3]int]bool{} // lane, column, row within the lane
	g.laneRowCount = make([]int, laneCount)
	for _, i := range order {
		want := 0
		for _, f := range g.in[i] {
			if p := g.index[g.flows[f].From]; !g.back[f] && g.lane[p] == g.lane[i] {
				want = sub[p]
				break
			}
		}
		r := want
		if taken[[3]int{g.lane[i], g.col[i], r}] {
			for r = 0; taken[[3]int{g.lane[i], g.col[i], r}]; r++ {
			}
		}
		sub[i] = r
		taken[[3]int{g.lane[i], g.col[i], r}] = true
		g.laneRowCount[g.lane[i]] = max(g.laneRowCount[g.lane[i]], r+1)
	}
	g.laneRow0 = make([]int, laneCount)
	for l := range laneCount {
		g.laneRowCount[l] = max(1, g.laneRowCount[l])
		g.laneRow0[l] = g.rows
		g.rows += g.laneRowCount[l]
	}
	g.contentX = originX + strip + padding
	if len(g.s.Lanes) > 0 {
		g.contentX += strip
	}
	g.pool = rect{originX, originY, g.contentX - originX + g.cols*colW + padding, g.rows * rowH}
	for l := range g.s.Lanes {
		g.lanes = append(g.lanes, rect{originX + strip, originY + g.laneRow0[l]*rowH, g.pool.w - strip, g.laneRowCount[l] * rowH})
	}
	g.occupied = make([][]bool, g.rows)
	for r := range g.occupied {
		g.occupied[r] = make([]bool, g.cols)
	}
	g.row = make([]int, n)
	g.shape = make([]rect, n)
	for i, st := range g.s.Steps {
		g.row[i] = g.laneRow0[g.lane[i]] + sub[i]
		g.occupied[g.row[i]][g.col[i]] = true
		w, h := size(st.Kind)
		g.shape[i] = rect{g.colX(g.col[i]) + (colW-w)/2, g.rowY(g.row[i]) + (rowH-h)/2, w, h}
	}
}

// colX is the left edge of a column: a line between two columns' shapes.
func (g *graph) colX(c int) int { return g.contentX + c*colW }

func (g *graph) rowY(r int) int { return originY + r*rowH }

// clear reports whether row r has no shape in the columns strictly between
// a and b.
func (g *graph) clear(r, a, b int) bool {
	for c := a + 1; c < b; c++ {
		if g.occupied[r][c] {
			return false
		}
	}
	return true
}

// freeBelow reports whether column c has no shape in the rows below row r
// down to row low.
func (g *graph) freeBelow(c, r, low int) bool {
	for rr := r + 1; rr <= low; rr++ {
		if g.occupied[rr][c] {
			return false
		}
	}
	return true
}

// route draws every flow as an orthogonal line.
func (g *graph) route() {
	g.edges = make([][]point, len(g.flows))
	for i, f := range g.flows {
		si, ti := g.index[f.From], g.index[f.To]
		s, t := g.shape[si], g.shape[ti]
		sc, tc, sr, tr := g.col[si], g.col[ti], g.row[si], g.row[ti]
		switch {
		case g.back[i]:
			// Below both rows, then back and up into the target. Where a
			// shape is in the way of the straight drop from the source (or
			// the climb into the target), turn in the gap beside it.
			low := max(sr, tr)
			y := g.rowY(low) + rowH - 10
			sx, tx := s.cx(), t.cx()
			if si == ti {
				sx, tx = s.cx()+s.w/4, s.cx()-s.w/4
			}
			var pts []point
			if g.freeBelow(sc, sr, low) {
				pts = append(pts, point{sx, s.bottom()})
			} else {
				sx = g.colX(sc + 1)
				pts = append(pts, point{s.right(), s.cy()}, point{sx, s.cy()})
			}
			pts = append(pts, point{sx, y})
			if g.freeBelow(tc, tr, low) {
				pts = append(pts, point{tx, y}, point{tx, t.bottom()})
			} else {
				tx = g.colX(tc)
				pts = append(pts, point{tx, y}, point{tx, t.cy()}, point{t.x, t.cy()})
			}
			g.edges[i] = pts
		case sr == tr && g.clear(sr, sc, tc):
			g.edges[i] = []point{{s.right(), s.cy()}, {t.x, t.cy()}}
		case sr == tr:
			// Over the nodes in between, in the free band above the row.
			y := g.rowY(sr) + 10
			g.edges[i] = []point{{s.cx(), s.y}, {s.cx(), y}, {t.cx(), y}, {t.cx(), t.y}}
		case g.clear(tr, sc, tc):
			// Turn in the gap after the source, then along the target's row.
			x := g.colX(sc + 1)
			g.edges[i] = []point{{s.right(), s.cy()}, {x, s.cy()}, {x, t.cy()}, {t.x, t.cy()}}
		case g.clear(sr, sc, tc):
			// Along the source's row, then turn in the gap before the target.
			x := g.colX(tc)
			g.edges[i] = []point{{s.right(), s.cy()}, {x, s.cy()}, {x, t.cy()}, {t.x, t.cy()}}
		default:
			// Both rows have shapes on the way: across in the free band
			// at the top of the target's row, between the two gaps.
			x1, x2, y := g.colX(sc+1), g.colX(tc), g.rowY(tr)+10
			g.edges[i] = []point{{s.right(), s.cy()}, {x1, s.cy()}, {x1, y}, {x2, y}, {x2, t.cy()}, {t.x, t.cy()}}
		}
	}
}

// The namespaces of the file. BPMN itself is bound to bpmn:, as bpmn-js
// writes it.
const (
	ddDC = "http://www.omg.org/spec/DD/20100524/DC"
	ddDI = "http://www.omg.org/spec/DD/20100524/DI"
	// TargetNamespace is the target namespace of every file Build writes.
	TargetNamespace = "https://tjenestevalg.no/bpmn/processes"
)

// xw writes indented XML with escaped attribute values.
type xw struct {
	b     bytes.Buffer
	depth int
}

// open writes a start tag; attrs are name, value pairs, and an empty value
// leaves the attribute out. self closes the element at once.
func (w *xw) open(name string, self bool, attrs ...string) {
	w.b.WriteString(strings.Repeat("  ", w.depth))
	w.b.WriteString("<" + name)
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] == "" {
			continue
		}
		w.b.WriteString(" " + attrs[i] + `="`)
		xml.EscapeText(&w.b, []byte(attrs[i+1])) // bytes.Buffer writes never fail
		w.b.WriteString(`"`)
	}
	if self {
		w.b.WriteString("/>\n")
		return
	}
	w.b.WriteString(">\n")
	w.depth++
}

func (w *xw) close(name string) {
	w.depth--
	w.b.WriteString(strings.Repeat("  ", w.depth) + "</" + name + ">\n")
}

// text writes an element holding only text.
func (w *xw) text(name, value string) {
	w.b.WriteString(strings.Repeat("  ", w.depth) + "<" + name + ">")
	xml.EscapeText(&w.b, []byte(value))
	w.b.WriteString("</" + name + ">\n")
}

func num(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

func boolean(b *bool) string {
	if b == nil {
		return ""
	}
	return strconv.FormatBool(*b)
}

func itoa(i int) string { return strconv.Itoa(i) }

func (g *graph) write() []byte {
	w := &xw{}
	w.b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w.open("bpmn:definitions", false,
		"xmlns:bpmn", process.ModelNS, "xmlns:bpmndi", process.DINS,
		"xmlns:dc", ddDC, "xmlns:di", ddDI, "xmlns:tv", process.ExtensionNS,
		"id", g.definitions, "targetNamespace", TargetNamespace, "exporter", "Tjenestevalg", "exporterVersion", "1")

	w.open("bpmn:collaboration", false, "id", g.collaboration)
	w.open("bpmn:participant", true, "id", g.participant, "name", g.s.Name, "processRef", g.process)
	w.close("bpmn:collaboration")

	w.open("bpmn:process", false, "id", g.process, "name", g.s.Name, "isExecutable", "false")
	if len(g.s.Lanes) > 0 {
		w.open("bpmn:laneSet", false, "id", g.laneSet)
		for l, name := range g.s.Lanes {
			w.open("bpmn:lane", false, "id", g.laneIDs[l], "name", name)
			for i, st := range g.s.Steps {
				if g.lane[i] == l {
					w.text("bpmn:flowNodeRef", st.ID)
				}
			}
			w.close("bpmn:lane")
		}
		w.close("bpmn:laneSet")
	}
	for i, st := range g.s.Steps {
		attrs := []string{"id", st.ID, "name", st.Name,
			"tv:employeeMinutes", num(st.Minutes), "tv:waitingDays", num(st.WaitingDays),
			"tv:actor", st.Actor, "tv:system", st.System, "tv:medium", st.Medium,
			"tv:valueClass", st.ValueClass, "tv:automated", boolean(st.Automated)}
		if len(g.in[i])+len(g.out[i]) == 0 && g.eventDefs[i] == "" {
			w.open("bpmn:"+st.Kind, true, attrs...)
			continue
		}
		w.open("bpmn:"+st.Kind, false, attrs...)
		for _, f := range g.in[i] {
			w.text("bpmn:incoming", g.flows[f].ID)
		}
		for _, f := range g.out[i] {
			w.text("bpmn:outgoing", g.flows[f].ID)
		}
		if g.eventDefs[i] != "" {
			w.open("bpmn:messageEventDefinition", true, "id", g.eventDefs[i])
		}
		w.close("bpmn:" + st.Kind)
	}
	for _, f := range g.flows {
		w.open("bpmn:sequenceFlow", true, "id", f.ID, "name", f.Name, "sourceRef", f.From, "targetRef", f.To)
	}
	w.close("bpmn:process")

	w.open("bpmndi:BPMNDiagram", false, "id", g.diagram)
	w.open("bpmndi:BPMNPlane", false, "id", g.plane, "bpmnElement", g.collaboration)
	g.writeShape(w, g.participant, g.pool, "isHorizontal", "true")
	for l := range g.s.Lanes {
		g.writeShape(w, g.laneIDs[l], g.lanes[l], "isHorizontal", "true")
	}
	for i, st := range g.s.Steps {
		var extra []string
		if st.Kind == "exclusiveGateway" {
			extra = []string{"isMarkerVisible", "true"}
		}
		r := g.shape[i]
		var label *rect
		switch {
		case st.Name == "":
		case isEvent(st.Kind):
			label = &rect{r.cx() - 45, r.bottom() + 5, 90, 27}
		case isGateway(st.Kind):
			label = &rect{r.cx() - 45, r.y - 32, 90, 27}
		}
		w.open("bpmndi:BPMNShape", false, append([]string{"id", g.ids.gen(st.ID + "_di"), "bpmnElement", st.ID}, extra...)...)
		writeBounds(w, r)
		if label != nil {
			w.open("bpmndi:BPMNLabel", false)
			writeBounds(w, *label)
			w.close("bpmndi:BPMNLabel")
		}
		w.close("bpmndi:BPMNShape")
	}
	for i, f := range g.flows {
		w.open("bpmndi:BPMNEdge", false, "id", g.ids.gen(f.ID+"_di"), "bpmnElement", f.ID)
		pts := g.edges[i]
		for _, p := range pts {
			w.open("di:waypoint", true, "x", itoa(p.x), "y", itoa(p.y))
		}
		if f.Name != "" {
			// Beside the first segment: above it when it runs across,
			// right of it when it runs up or down.
			width := min(120, 10+7*utf8.RuneCountInString(f.Name))
			label := rect{pts[0].x + 5, pts[0].y - 20, width, 14}
			if pts[0].x == pts[1].x {
				label = rect{pts[0].x + 5, (pts[0].y+pts[1].y)/2 - 7, width, 14}
			}
			w.open("bpmndi:BPMNLabel", false)
			writeBounds(w, label)
			w.close("bpmndi:BPMNLabel")
		}
		w.close("bpmndi:BPMNEdge")
	}
	w.close("bpmndi:BPMNPlane")
	w.close("bpmndi:BPMNDiagram")
	w.close("bpmn:definitions")
	return w.b.Bytes()
}

func (g *graph) writeShape(w *xw, element string, r rect, extra ...string) {
	w.open("bpmndi:BPMNShape", false, append([]string{"id", g.ids.gen(element + "_di"), "bpmnElement", element}, extra...)...)
	writeBounds(w, r)
	w.close("bpmndi:BPMNShape")
}

func writeBounds(w *xw, r rect) {
	w.open("dc:Bounds", true, "x", itoa(r.x), "y", itoa(r.y), "width", itoa(r.w), "height", itoa(r.h))
}

// idSet hands out unique ids: the spec's own first, then generated ones
// with a numeric suffix when the plain form is taken.
type idSet struct{ used map[string]bool }

func newIDSet() *idSet { return &idSet{used: map[string]bool{}} }

func (s *idSet) taken(id string) bool { return s.used[id] }

func (s *idSet) reserve(id string) { s.used[id] = true }

func (s *idSet) gen(base string) string {
	id := base
	for n := 2; s.used[id]; n++ {
		id = base + "_" + strconv.Itoa(n)
	}
	s.used[id] = true
	return id
}

// validID reports whether id is an XML name without a colon in ASCII, the
// form bpmn-js and Camunda Modeler generate and every tool accepts.
func validID(id string) bool {
	if id == "" {
		return false
	}
	for i, r := range id {
		switch {
		case r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z':
		case i > 0 && (r == '-' || r == '.' || r >= '0' && r <= '9'):
		default:
			return false
		}
	}
	return true
}

// xmlID makes an id fragment from a name: Norwegian letters spelt in ASCII,
// every run of other characters an id cannot hold one underscore.
func xmlID(name string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.TrimSpace(name) {
		s := ""
		switch {
		case r == 'æ':
			s = "ae"
		case r == 'Æ':
			s = "Ae"
		case r == 'ø' || r == 'ö':
			s = "o"
		case r == 'Ø' || r == 'Ö':
			s = "O"
		case r == 'å' || r == 'á' || r == 'ä':
			s = "a"
		case r == 'Å' || r == 'Á' || r == 'Ä':
			s = "A"
		case r == '_' || r == '-' || r == '.' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			s = string(r)
		default:
			gap = true
			continue
		}
		if gap && b.Len() > 0 {
			b.WriteByte('_')
		}
		gap = false
		b.WriteString(s)
	}
	if b.Len() == 0 {
		return "1"
	}
	return b.String()
}
