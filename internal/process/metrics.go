package process

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// DefaultMinutesPerDay turns tv:waitingDays into minutes of lead time: one
// working day of 7.5 hours, the usual day in Norwegian public
// administration. Waiting is counted in working time so that lead time and
// touch time share a unit and their ratio (cycle efficiency) means
// something.
const DefaultMinutesPerDay = 450

// Options tune Compute.
type Options struct {
	// MinutesPerDay converts waiting days into minutes; zero, negative or
	// not finite means DefaultMinutesPerDay.
	MinutesPerDay float64
}

// Metrics are the figures of one BPMN file: one Figures per process (pool),
// in file order, and a Total over the whole model.
//
// Total joins the processes by their message flows: its lead time is the
// longest path across pools (a citizen's application, the municipality's
// handling, the decision back), its rework loops include loops that pass
// through another pool, and its media breaks include pairs of activities
// joined by a message flow. Counts and sums (activities, touch time,
// value-adding time, control-flow complexity) are the sums of the processes.
//
// Warnings are the faults the reader worked around in the file
// (Definitions.Warnings): the figures are those of the model without what
// they name, so they are shown beside the figures. WarningsMore counts
// those beyond the first MaxWarnings.
type Metrics struct {
	MinutesPerDay float64   `json:"minutes_per_day"`
	Total         Figures   `json:"total"`
	Processes     []Figures `json:"processes"`
	Warnings      []Warning `json:"warnings,omitempty"`
	WarningsMore  int       `json:"warnings_more,omitempty"`
}

// Figures are the metrics of one process or of the whole model. Each one is
// defined on its field. Every activity counted is a leaf activity: a task, a
// call activity, or a subprocess with no activities inside; a subprocess
// with activities inside counts through them, and its own extension
// attributes are ignored.
//
// A missing extension attribute is never guessed: a metric it feeds is
// computed from the values that are there (so it is a lower bound) and
// Incomplete says which element lacks what.
type Figures struct {
	Process string `json:"process,omitempty"` // process id; empty for the total
	Name    string `json:"name,omitempty"`    // process name, else its pool's name

	// Activities is the number of leaf activities.
	Activities int `json:"activities"`
	// Manual: manualTask, or any other activity with tv:automated="false"
	// and no tv:system.
	Manual int `json:"manual"`
	// User: userTask, or any other activity with tv:automated="false" and a
	// tv:system (a person working in a system).
	User int `json:"user"`
	// Automated: serviceTask, scriptTask, businessRuleTask, sendTask, or any
	// activity with tv:automated="true" (which wins over the task type).
	// Activities none of the three rules classify (task, receiveTask,
	// callActivity without tv:automated) are reported incomplete.
	Automated int `json:"automated"`
	// AutomationShare is Automated / Activities (0 without activities).
	AutomationShare float64 `json:"automation_share"`
	// HandOffs counts sequence flows whose source and target lie in
	// different lanes, plus message flows (work changing pools). A process
	// counts the message flows it sends; the total counts all. A process
	// without lanes has no lane hand-offs; in a process with lanes a node
	// no lane holds is reported incomplete.
	HandOffs int `json:"hand_offs"`
	// MediaBreaks counts pairs of activities that follow each other (through
	// any gateways and events between them) whose tv:medium differs, or
	// whose tv:system differs when both have one. A pair side without
	// tv:medium is reported incomplete; a missing tv:system is normal.
	MediaBreaks int `json:"media_breaks"`
	// ReworkLoops is the number of strongly connected components (Tarjan) of
	// the sequence-flow graph with more than one node or a self-loop.
	// Loops that share a node count once.
	ReworkLoops int `json:"rework_loops"`
	// TouchMinutes is the sum of tv:employeeMinutes over all activities:
	// the work modelled, every alternative branch included.
	TouchMinutes float64 `json:"touch_minutes"`
	// LeadMinutes is the longest path from a start event (or, without one,
	// a node nothing flows into) to an end event (or, without one, a node
	// nothing flows out of), ignoring the back edges a
	// depth-first search finds. An activity weighs tv:employeeMinutes +
	// tv:waitingDays × MinutesPerDay, an event its waiting days, a gateway
	// nothing. Parallel branches thus give the critical path; exclusive
	// ones the slowest alternative.
	LeadMinutes float64 `json:"lead_minutes"`
	// ValueAddingMinutes is the sum of tv:employeeMinutes of activities
	// whose tv:valueClass is value-adding.
	ValueAddingMinutes float64 `json:"value_adding_minutes"`
	// CycleEfficiency is ValueAddingMinutes / LeadMinutes (0 when lead time
	// is 0).
	CycleEfficiency float64 `json:"cycle_efficiency"`
	// ControlFlowComplexity is Cardoso's CFC (2005), summed over split
	// gateways (more than one outgoing sequence flow): exclusive and
	// event-based add n outgoing flows, inclusive and complex 2^n − 1
	// (at most 2^31 − 1 per split), parallel 1.
	ControlFlowComplexity int `json:"control_flow_complexity"`
	// Incomplete lists, sorted, what could not be computed fully, as
	// "metric: element lacks attribute": the first MaxIncomplete of them,
	// so that a model with thousands of bare tasks does not make every
	// page and API response that shows its figures large.
	Incomplete []string `json:"incomplete,omitempty"`
	// IncompleteMore is how many more there are than Incomplete lists.
	IncompleteMore int `json:"incomplete_more,omitempty"`
}

// MaxIncomplete is how many entries Figures.Incomplete lists at most.
const MaxIncomplete = 100

// capIncomplete keeps the first MaxIncomplete entries of a sorted
// Incomplete and counts the rest in IncompleteMore.
func (f *Figures) capIncomplete() {
	if n := len(f.Incomplete); n > MaxIncomplete {
		f.IncompleteMore += n - MaxIncomplete
		f.Incomplete = slices.Clip(f.Incomplete[:MaxIncomplete])
	}
}

// bound caps the Incomplete lists of metrics stored before they were
// capped, so that an old stored version costs a page no more than a new
// one.
func (m *Metrics) bound() {
	if m == nil {
		return
	}
	m.Total.capIncomplete()
	for i := range m.Processes {
		m.Processes[i].capIncomplete()
	}
	m.Warnings = capWarnings(m.Warnings, &m.WarningsMore)
}

// Compute returns the metrics of d with DefaultMinutesPerDay.
func Compute(d *Definitions) Metrics { return ComputeWith(d, Options{}) }

// ComputeWith returns the metrics of d, which is expected to come from
// Parse, with d's warnings; sequence flows of a hand-made model whose ends
// are not nodes of their process are skipped.
func ComputeWith(d *Definitions, o Options) Metrics {
	mpd := o.MinutesPerDay
	if !(mpd > 0) || math.IsInf(mpd, 0) {
		mpd = DefaultMinutesPerDay
	}
	m := Metrics{MinutesPerDay: mpd, Processes: []Figures{},
		Warnings: slices.Clone(d.Warnings), WarningsMore: d.WarningsMore}
	m.Warnings = capWarnings(m.Warnings, &m.WarningsMore)
	all := make([]*Process, len(d.Processes))
	for i := range d.Processes {
		p := &d.Processes[i]
		all[i] = p
		f := figures([]*Process{p}, sentBy(d, p), mpd)
		f.Process, f.Name = p.ID, p.Name
		if f.Name == "" {
			for _, pt := range d.Participants {
				if pt.ProcessRef == p.ID {
					f.Name = pt.Name
				}
			}
		}
		m.Processes = append(m.Processes, f)
	}
	m.Total = figures(all, d.MessageFlows, mpd)
	return m
}

// sentBy returns the message flows leaving p or its pool.
func sentBy(d *Definitions, p *Process) []MessageFlow {
	from := map[string]bool{}
	for _, n := range p.Nodes {
		from[n.ID] = true
	}
	for _, pt := range d.Participants {
		if pt.ProcessRef == p.ID && pt.ID != "" {
			from[pt.ID] = true
		}
	}
	var out []MessageFlow
	for _, mf := range d.MessageFlows {
		if from[mf.SourceRef] {
			out = append(out, mf)
		}
	}
	return out
}

// graph is the flow graph of a set of processes. A subprocess with flow
// nodes inside has two vertices: flows enter at its entry, which leads to
// its inner start events, and leave from its exit, which its inner end
// events lead to. A boundary event is reached from the activity it sits on.
type graph struct {
	node []*Node // node of each vertex
	exit []bool  // the vertex is a subprocess's exit
	succ [][]int
	in   map[string]int // vertex where flows enter a node
	out  map[string]int // vertex flows leave a node from
}

func (g *graph) add(n *Node, exit bool) int {
	g.node = append(g.node, n)
	g.exit = append(g.exit, exit)
	g.succ = append(g.succ, nil)
	return len(g.node) - 1
}

func (g *graph) edge(from, to int) { g.succ[from] = append(g.succ[from], to) }

// model is what figures needs about a set of processes.
type model struct {
	nodes    []*Node
	byID     map[string]*Node
	leaf     map[string]bool // leaf activities
	outFlows map[string]int  // outgoing sequence flows per node
	g        *graph
}

func build(procs []*Process, msgs []MessageFlow) *model {
	m := &model{byID: map[string]*Node{}, leaf: map[string]bool{}, outFlows: map[string]int{}}
	g := &graph{in: map[string]int{}, out: map[string]int{}}
	m.g = g
	kids := map[string][]*Node{}
	inner := map[string]bool{} // subprocesses with activities inside
	for _, p := range procs {
		for i := range p.Nodes {
			n := &p.Nodes[i]
			m.nodes = append(m.nodes, n)
			m.byID[n.ID] = n
			if n.Parent != "" {
				kids[n.Parent] = append(kids[n.Parent], n)
			}
		}
	}
	for _, n := range m.nodes {
		if n.IsActivity() {
			for p := m.byID[n.Parent]; p != nil && !inner[p.ID]; p = m.byID[p.Parent] {
				inner[p.ID] = true
			}
		}
	}
	for _, n := range m.nodes {
		v := g.add(n, false)
		g.in[n.ID], g.out[n.ID] = v, v
		if len(kids[n.ID]) > 0 {
			g.out[n.ID] = g.add(n, true)
		}
		m.leaf[n.ID] = n.IsActivity() && !inner[n.ID]
	}
	inFlows := map[string]int{}
	for _, p := range procs {
		for _, f := range p.Flows {
			if m.byID[f.SourceRef] == nil || m.byID[f.TargetRef] == nil {
				continue // only a hand-made model can have these; Parse leaves them out
			}
			g.edge(g.out[f.SourceRef], g.in[f.TargetRef])
			m.outFlows[f.SourceRef]++
			inFlows[f.TargetRef]++
		}
	}
	for _, n := range m.nodes {
		if ks := kids[n.ID]; len(ks) > 0 {
			starts := pick(ks, func(k *Node) bool { return k.Kind == "startEvent" })
			if len(starts) == 0 {
				starts = pick(ks, func(k *Node) bool { return k.Kind != "boundaryEvent" && inFlows[k.ID] == 0 })
			}
			ends := pick(ks, func(k *Node) bool { return k.Kind == "endEvent" })
			if len(ends) == 0 {
				ends = pick(ks, func(k *Node) bool { return m.outFlows[k.ID] == 0 })
			}
			for _, k := range starts {
				g.edge(g.in[n.ID], g.in[k.ID])
			}
			for _, k := range ends {
				g.edge(g.out[k.ID], g.out[n.ID])
			}
			if len(starts) == 0 || len(ends) == 0 {
				g.edge(g.in[n.ID], g.out[n.ID])
			}
		}
		if host, ok := m.byID[n.AttachedTo]; ok && n.Kind == "boundaryEvent" {
			g.edge(g.in[host.ID], g.in[n.ID])
		}
	}
	for _, mf := range msgs {
		if m.byID[mf.SourceRef] != nil && m.byID[mf.TargetRef] != nil {
			g.edge(g.out[mf.SourceRef], g.in[mf.TargetRef])
		}
	}
	return m
}

func pick(ns []*Node, keep func(*Node) bool) []*Node {
	var out []*Node
	for _, n := range ns {
		if keep(n) {
			out = append(out, n)
		}
	}
	return out
}

// figures computes the metrics of procs; msgs are the message flows counted
// as their hand-offs, and those with both ends in procs join them.
func figures(procs []*Process, msgs []MessageFlow, mpd float64) Figures {
	m := build(procs, msgs)
	var f Figures
	incomplete := map[string]bool{}
	lack := func(metric string, n *Node, what string) {
		incomplete[fmt.Sprintf("%s: %s lacks %s", metric, n.ID, what)] = true
	}

	for _, n := range m.nodes {
		if !m.leaf[n.ID] {
			continue
		}
		a := n.Attrs
		f.Activities++
		switch classify(n) {
		case "automated":
			f.Automated++
		case "user":
			f.User++
		case "manual":
			f.Manual++
		default:
			lack("automation", n, "automated")
		}
		if a.EmployeeMinutes == nil {
			lack("touch_time", n, "employeeMinutes")
		} else {
			f.TouchMinutes += *a.EmployeeMinutes
		}
		switch {
		case a.ValueClass == "":
			lack("value_adding_time", n, "valueClass")
		case a.ValueClass == ValueAdding && a.EmployeeMinutes == nil:
			lack("value_adding_time", n, "employeeMinutes")
		case a.ValueClass == ValueAdding:
			f.ValueAddingMinutes += *a.EmployeeMinutes
		}
	}
	if f.Activities > 0 {
		f.AutomationShare = float64(f.Automated) / float64(f.Activities)
	}

	for _, p := range procs {
		if len(p.Lanes) == 0 {
			continue
		}
		for _, fl := range p.Flows {
			s, t := m.byID[fl.SourceRef], m.byID[fl.TargetRef]
			if s == nil || t == nil {
				continue
			}
			for _, n := range []*Node{s, t} {
				if n.Lane == "" {
					incomplete[fmt.Sprintf("hand_offs: %s has no lane", n.ID)] = true
				}
			}
			if s.Lane != "" && t.Lane != "" && s.Lane != t.Lane {
				f.HandOffs++
			}
		}
	}
	f.HandOffs += len(msgs)

	for _, n := range m.nodes {
		if k := m.outFlows[n.ID]; k > 1 {
			switch n.Kind {
			case "exclusiveGateway", "eventBasedGateway":
				f.ControlFlowComplexity += k
			case "inclusiveGateway", "complexGateway":
				f.ControlFlowComplexity += inclusiveCFC(k)
			case "parallelGateway":
				f.ControlFlowComplexity++
			}
		}
	}

	f.MediaBreaks = m.mediaBreaks(lack)
	f.ReworkLoops = m.g.loops()
	f.LeadMinutes = m.leadTime(mpd, lack, incomplete)

	if f.LeadMinutes > 0 {
		f.CycleEfficiency = f.ValueAddingMinutes / f.LeadMinutes
	} else if f.Activities > 0 {
		incomplete["cycle_efficiency: lead time is zero"] = true
	}
	for k := range incomplete {
		if strings.HasPrefix(k, "lead_time: ") || strings.HasPrefix(k, "value_adding_time: ") {
			incomplete["cycle_efficiency: lead_time or value_adding_time is incomplete"] = true
			break
		}
	}
	for k := range incomplete {
		f.Incomplete = append(f.Incomplete, k)
	}
	slices.Sort(f.Incomplete)
	f.capIncomplete()
	return f
}

// maxSplitCFC caps one inclusive or complex split's 2^n − 1: from 31
// outgoing flows on the figure no longer means anything to a reader, and
// uncapped it would overflow.
const maxSplitCFC = 1<<31 - 1

func inclusiveCFC(k int) int {
	if k >= 31 {
		return maxSplitCFC
	}
	return 1<<k - 1
}

// classify returns "automated", "user", "manual" or "" for an activity.
func classify(n *Node) string {
	auto := n.Attrs.Automated
	if auto != nil && *auto {
		return "automated"
	}
	switch n.Kind {
	case "serviceTask", "scriptTask", "businessRuleTask", "sendTask":
		return "automated"
	case "userTask":
		return "user"
	case "manualTask":
		return "manual"
	}
	switch {
	case auto == nil:
		return ""
	case n.Attrs.System != "":
		return "user"
	}
	return "manual"
}

// mediaBreaks counts the pairs of leaf activities that follow each other
// with only gateways, events and subprocess boundaries between them.
func (m *model) mediaBreaks(lack func(string, *Node, string)) int {
	g := m.g
	breaks := 0
	// A missing medium is reported once per activity, not once per pair:
	// a wide split (n activities after one gateway) has n² pairs.
	lacking := map[*Node]bool{}
	note := func(n *Node) {
		if !lacking[n] {
			lacking[n] = true
			lack("media_breaks", n, "medium")
		}
	}
	for _, a := range m.nodes {
		if !m.leaf[a.ID] {
			continue
		}
		seen := map[int]bool{g.in[a.ID]: true, g.out[a.ID]: true}
		queue := []int{g.in[a.ID], g.out[a.ID]}
		paired := map[string]bool{}
		for len(queue) > 0 {
			v := queue[0]
			queue = queue[1:]
			for _, u := range g.succ[v] {
				if seen[u] {
					continue
				}
				seen[u] = true
				b := g.node[u]
				if g.exit[u] || !m.leaf[b.ID] {
					queue = append(queue, u)
					continue
				}
				if b == a || paired[b.ID] {
					continue
				}
				paired[b.ID] = true
				ma, mb := a.Attrs.Medium, b.Attrs.Medium
				if ma == "" {
					note(a)
				}
				if mb == "" {
					note(b)
				}
				sa, sb := a.Attrs.System, b.Attrs.System
				if (ma != "" && mb != "" && ma != mb) || (sa != "" && sb != "" && sa != sb) {
					breaks++
				}
			}
		}
	}
	return breaks
}

// loops counts the strongly connected components (Tarjan 1972) that hold a
// cycle: more than one vertex, or one vertex with an edge to itself.
func (g *graph) loops() int {
	n := len(g.succ)
	index, low := make([]int, n), make([]int, n)
	for i := range index {
		index[i] = -1
	}
	on := make([]bool, n)
	var stack []int
	next, count := 0, 0
	var strong func(v int)
	strong = func(v int) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		on[v] = true
		for _, u := range g.succ[v] {
			if index[u] < 0 {
				strong(u)
				low[v] = min(low[v], low[u])
			} else if on[u] {
				low[v] = min(low[v], index[u])
			}
		}
		if low[v] != index[v] {
			return
		}
		size := 0
		for {
			w := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			on[w] = false
			size++
			if w == v {
				break
			}
		}
		if size > 1 || slices.Contains(g.succ[v], v) {
			count++
		}
	}
	for v := range n {
		if index[v] < 0 {
			strong(v)
		}
	}
	return count
}

// leadTime is the longest weighted path from the sources, on the graph
// without the back edges of a depth-first search from them.
func (m *model) leadTime(mpd float64, lack func(string, *Node, string), incomplete map[string]bool) float64 {
	g := m.g
	n := len(g.succ)
	indeg := make([]int, n)
	for _, us := range g.succ {
		for _, u := range us {
			indeg[u]++
		}
	}
	var sources []int
	for _, nd := range m.nodes {
		if nd.Parent == "" && nd.Kind == "startEvent" {
			sources = append(sources, g.in[nd.ID])
		}
	}
	if len(sources) == 0 {
		for _, nd := range m.nodes {
			if v := g.in[nd.ID]; nd.Parent == "" && nd.Kind != "boundaryEvent" && indeg[v] == 0 {
				sources = append(sources, v)
			}
		}
	}
	if len(sources) == 0 {
		if len(m.nodes) > 0 {
			incomplete["lead_time: no start event"] = true
		}
		return 0
	}

	weight := func(v int) float64 {
		if g.exit[v] {
			return 0
		}
		nd := g.node[v]
		a := nd.Attrs
		w := 0.0
		switch {
		case m.leaf[nd.ID]:
			if a.EmployeeMinutes == nil {
				lack("lead_time", nd, "employeeMinutes")
			} else {
				w += *a.EmployeeMinutes
			}
			if a.WaitingDays == nil {
				lack("lead_time", nd, "waitingDays")
			} else {
				w += *a.WaitingDays * mpd
			}
		case nd.IsEvent() && a.WaitingDays != nil:
			w += *a.WaitingDays * mpd
		}
		return w
	}

	const (
		unseen = iota
		active
		done
	)
	state := make([]int, n)
	back := make([][]bool, n)
	var post []int
	var visit func(v int)
	visit = func(v int) {
		state[v] = active
		back[v] = make([]bool, len(g.succ[v]))
		for i, u := range g.succ[v] {
			switch state[u] {
			case unseen:
				visit(u)
			case active:
				back[v][i] = true
			}
		}
		state[v] = done
		post = append(post, v)
	}
	for _, s := range sources {
		if state[s] == unseen {
			visit(s)
		}
	}

	w := make([]float64, n)
	dist := make([]float64, n)
	for v := range n {
		dist[v] = -1
		if state[v] != unseen {
			w[v] = weight(v)
		}
	}
	for _, s := range sources {
		dist[s] = w[s]
	}
	for i := len(post) - 1; i >= 0; i-- {
		v := post[i]
		if dist[v] < 0 {
			continue
		}
		for j, u := range g.succ[v] {
			if !back[v][j] {
				dist[u] = max(dist[u], dist[v]+w[u])
			}
		}
	}

	// Paths end at the end events; a path cut short by a dropped back edge
	// (the rework branch) does not end the process.
	var ends []int
	for _, nd := range m.nodes {
		if nd.Parent == "" && nd.Kind == "endEvent" {
			ends = append(ends, g.out[nd.ID])
		}
	}
	if len(ends) == 0 {
		for _, nd := range m.nodes {
			if v := g.out[nd.ID]; nd.Parent == "" && len(g.succ[v]) == 0 {
				ends = append(ends, v)
			}
		}
	}
	lead := -1.0
	for _, v := range ends {
		lead = max(lead, dist[v])
	}
	if lead < 0 {
		incomplete["lead_time: no end event reachable from a start event"] = true
		return 0
	}
	return lead
}
