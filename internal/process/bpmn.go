// Package process reads BPMN 2.0 process models drawn in any modelling tool
// and computes the metrics Tjenestevalg shows and compares between
// municipalities: activities, automation, hand-offs, media breaks, rework
// loops, touch time, lead time, process cycle efficiency and control-flow
// complexity.
//
// Reading and metrics are pure, values in and values out, so an upload, a
// stored version and a test file are scored by the same code. The Manager
// (manager.go) keeps versioned models per service through the Store it
// declares; like every manager it decides who may do what.
package process

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// The namespaces the reader matches. Tools bind them to any prefix
// (bpmn:, bpmn2:, semantic:, model: or the default namespace), so elements
// are recognised by namespace URI, never by prefix.
const (
	ModelNS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
	DINS    = "http://www.omg.org/spec/BPMN/20100524/DI"
	// ExtensionNS holds Tjenestevalg's own attributes on flow nodes
	// (conventionally prefixed tv:).
	ExtensionNS = "https://tjenestevalg.no/bpmn/1.0"
)

// ErrInvalid is wrapped by every error Parse returns, so that a service can
// refuse an upload as invalid input with errors.Is and show the message,
// which names the element and attribute at fault.
var ErrInvalid = errors.New("invalid BPMN")

// AttributeError reports a Tjenestevalg extension attribute whose value
// cannot be used. It wraps ErrInvalid.
type AttributeError struct {
	Element   string // id of the flow node
	Attribute string // local name, e.g. "medium"
	Value     string
	Reason    string
}

func (e *AttributeError) Error() string {
	return fmt.Sprintf("invalid BPMN: element %q: attribute tv:%s=%q: %s", e.Element, e.Attribute, e.Value, e.Reason)
}

// Unwrap makes errors.Is(err, ErrInvalid) hold.
func (e *AttributeError) Unwrap() error { return ErrInvalid }

// Definitions is one BPMN file: its processes (pools), the participants of
// its collaborations and the message flows between them. Diagrams counts
// the BPMNDiagram elements; the diagram interchange is otherwise ignored.
type Definitions struct {
	Processes    []Process
	Participants []Participant
	MessageFlows []MessageFlow
	Diagrams     int
}

// Participant is a pool of a collaboration; ProcessRef is empty for a
// collapsed (black-box) pool.
type Participant struct {
	ID, Name, ProcessRef string
}

// MessageFlow connects two pools. Its ends are flow nodes or participants;
// they are not checked, since tools also point them at conversation nodes.
type MessageFlow struct {
	ID, Name, SourceRef, TargetRef string
}

// Process is one process with everything inside it: the flow nodes and
// sequence flows of its subprocesses are listed too, the nodes with the
// subprocess as Parent.
type Process struct {
	ID, Name string
	Nodes    []Node
	Flows    []Flow
	Lanes    []Lane
}

// Flow is a sequence flow.
type Flow struct {
	ID, Name, SourceRef, TargetRef string
}

// Lane is a lane; Parent is the enclosing lane of a lane in a childLaneSet.
type Lane struct {
	ID, Name, Parent string
	FlowNodeRefs     []string
}

// Node is a flow node. Kind is the element's local name ("userTask",
// "exclusiveGateway"). Parent is the id of the enclosing subprocess or "".
// Lane is the innermost lane listing the node; a node no lane lists takes
// the lane of the activity it is attached to or of its subprocess.
// AttachedTo is the activity a boundary event sits on.
type Node struct {
	ID, Name, Kind string
	Parent         string
	Lane           string
	AttachedTo     string
	Attrs          Attributes
}

// Attributes are Tjenestevalg's extension attributes of a flow node. A nil
// pointer or empty string means the modeller has not filled it in, which the
// metrics report as incomplete rather than guess.
type Attributes struct {
	EmployeeMinutes *float64
	WaitingDays     *float64
	Actor           string
	System          string
	Medium          string // one of Media
	ValueClass      string // one of ValueClasses
	Automated       *bool
}

// The values tv:medium and tv:valueClass accept.
var (
	Media        = []string{"paper", "email", "phone", "system", "portal"}
	ValueClasses = []string{ValueAdding, "business-necessary", "non-value-adding"}
)

// ValueAdding is the value class whose time counts as value-adding.
const ValueAdding = "value-adding"

var (
	taskKinds = set("task", "manualTask", "userTask", "serviceTask", "scriptTask",
		"businessRuleTask", "sendTask", "receiveTask")
	containerKinds = set("subProcess", "adHocSubProcess", "transaction")
	activityKinds  = union(taskKinds, containerKinds, set("callActivity"))
	eventKinds     = set("startEvent", "endEvent", "intermediateCatchEvent",
		"intermediateThrowEvent", "boundaryEvent")
	gatewayKinds = set("exclusiveGateway", "inclusiveGateway", "parallelGateway",
		"eventBasedGateway", "complexGateway")
	nodeKinds = union(activityKinds, eventKinds, gatewayKinds)
)

// IsActivity reports whether n is a task, call activity or subprocess.
func (n Node) IsActivity() bool { return activityKinds[n.Kind] }

// IsTask reports whether n is a task of any kind.
func (n Node) IsTask() bool { return taskKinds[n.Kind] }

// IsSubProcess reports whether n can contain flow nodes of its own.
func (n Node) IsSubProcess() bool { return containerKinds[n.Kind] }

// IsGateway reports whether n is a gateway of any kind.
func (n Node) IsGateway() bool { return gatewayKinds[n.Kind] }

// IsEvent reports whether n is an event of any kind.
func (n Node) IsEvent() bool { return eventKinds[n.Kind] }

// Parse reads a BPMN 2.0 file. Every error wraps ErrInvalid and says what is
// wrong: not XML, no definitions root in the BPMN namespace, duplicate ids,
// a sequence flow pointing at a node its process does not have, or an
// extension attribute with an unusable value (*AttributeError). Unknown
// elements and attributes, including tool-specific extensions, are ignored;
// an empty extension attribute counts as not filled in.
func Parse(r io.Reader) (*Definitions, error) {
	root, err := readTree(r)
	if err != nil {
		return nil, err
	}
	if root.name.Space != ModelNS || root.name.Local != "definitions" {
		return nil, fmt.Errorf("%w: root element is <%s> in namespace %q, want <definitions> in %s",
			ErrInvalid, root.name.Local, root.name.Space, ModelNS)
	}
	if err := checkIDs(root, map[string]bool{}); err != nil {
		return nil, err
	}
	d := &Definitions{}
	for _, c := range root.children {
		switch {
		case c.is("process"):
			p, err := parseProcess(c)
			if err != nil {
				return nil, err
			}
			d.Processes = append(d.Processes, p)
		case c.is("collaboration"):
			for _, cc := range c.children {
				switch {
				case cc.is("participant"):
					d.Participants = append(d.Participants, Participant{
						ID: cc.attr("id"), Name: cc.attr("name"), ProcessRef: cc.attr("processRef"),
					})
				case cc.is("messageFlow"):
					d.MessageFlows = append(d.MessageFlows, MessageFlow{
						ID: cc.attr("id"), Name: cc.attr("name"),
						SourceRef: cc.attr("sourceRef"), TargetRef: cc.attr("targetRef"),
					})
				}
			}
		case c.name.Space == DINS && c.name.Local == "BPMNDiagram":
			d.Diagrams++
		}
	}
	return d, nil
}

// element is a node of the XML tree; the whole file is read first because
// tools write sequence flows before or after the nodes they connect.
type element struct {
	name     xml.Name
	attrs    []xml.Attr
	children []*element
	text     []byte
}

func (e *element) is(local string) bool { return e.name.Space == ModelNS && e.name.Local == local }

// attr returns an unqualified attribute, the form BPMN uses for its own.
func (e *element) attr(local string) string {
	for _, a := range e.attrs {
		if a.Name.Space == "" && a.Name.Local == local {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

func readTree(r io.Reader) (*element, error) {
	dec := xml.NewDecoder(r)
	dec.CharsetReader = charsetReader
	var root *element
	var stack []*element
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: not well-formed XML: %v", ErrInvalid, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			e := &element{name: t.Name, attrs: t.Attr}
			if len(stack) == 0 {
				root = e
			} else {
				top := stack[len(stack)-1]
				top.children = append(top.children, e)
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				top.text = append(top.text, t...)
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("%w: not an XML document", ErrInvalid)
	}
	return root, nil
}

// charsetReader accepts the one legacy encoding older Windows tools still
// declare; everything else must be UTF-8.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "iso-8859-1", "latin1", "latin-1":
		b, err := io.ReadAll(input)
		if err != nil {
			return nil, err
		}
		var sb strings.Builder
		for _, c := range b {
			sb.WriteRune(rune(c))
		}
		return strings.NewReader(sb.String()), nil
	}
	return nil, fmt.Errorf("unsupported encoding %q (save the file as UTF-8)", charset)
}

// checkIDs refuses a file in which two BPMN elements share an id: references
// would be ambiguous.
func checkIDs(e *element, seen map[string]bool) error {
	if e.name.Space == ModelNS {
		if id := e.attr("id"); id != "" {
			if seen[id] {
				return fmt.Errorf("%w: duplicate id %q (on <%s>)", ErrInvalid, id, e.name.Local)
			}
			seen[id] = true
		}
	}
	for _, c := range e.children {
		if err := checkIDs(c, seen); err != nil {
			return err
		}
	}
	return nil
}

type laneRef struct {
	lane  string
	depth int
}

func parseProcess(e *element) (Process, error) {
	p := Process{ID: e.attr("id"), Name: e.attr("name")}
	lanes := map[string]laneRef{}
	if err := collect(&p, e, "", lanes); err != nil {
		return Process{}, err
	}
	index := make(map[string]int, len(p.Nodes))
	for i, n := range p.Nodes {
		index[n.ID] = i
	}
	for _, f := range p.Flows {
		for _, ref := range []struct{ name, id string }{{"sourceRef", f.SourceRef}, {"targetRef", f.TargetRef}} {
			if ref.id == "" {
				return Process{}, fmt.Errorf("%w: sequence flow %q has no %s", ErrInvalid, f.ID, ref.name)
			}
			if _, ok := index[ref.id]; !ok {
				return Process{}, fmt.Errorf("%w: sequence flow %q: %s %q is not a flow node of process %q",
					ErrInvalid, f.ID, ref.name, ref.id, p.ID)
			}
		}
	}
	// Parents and hosts come before what they enclose in document order
	// except boundary events, which may precede their activity: two passes.
	for range 2 {
		for i := range p.Nodes {
			n := &p.Nodes[i]
			if l, ok := lanes[n.ID]; ok {
				n.Lane = l.lane
				continue
			}
			if j, ok := index[n.AttachedTo]; ok && p.Nodes[j].Lane != "" {
				n.Lane = p.Nodes[j].Lane
			} else if j, ok := index[n.Parent]; ok {
				n.Lane = p.Nodes[j].Lane
			}
		}
	}
	return p, nil
}

// collect gathers the flow nodes, sequence flows and lanes of a process or
// subprocess element into p.
func collect(p *Process, e *element, parent string, lanes map[string]laneRef) error {
	for _, c := range e.children {
		if c.name.Space != ModelNS {
			continue
		}
		switch local := c.name.Local; {
		case nodeKinds[local]:
			id := c.attr("id")
			if id == "" {
				return fmt.Errorf("%w: <%s> %q in process %q has no id", ErrInvalid, local, c.attr("name"), p.ID)
			}
			attrs, err := parseAttributes(id, c.attrs)
			if err != nil {
				return err
			}
			p.Nodes = append(p.Nodes, Node{
				ID: id, Name: c.attr("name"), Kind: local, Parent: parent,
				AttachedTo: c.attr("attachedToRef"), Attrs: attrs,
			})
			if containerKinds[local] {
				if err := collect(p, c, id, lanes); err != nil {
					return err
				}
			}
		case local == "sequenceFlow":
			p.Flows = append(p.Flows, Flow{
				ID: c.attr("id"), Name: c.attr("name"),
				SourceRef: c.attr("sourceRef"), TargetRef: c.attr("targetRef"),
			})
		case local == "laneSet":
			collectLanes(p, c, "", 0, lanes)
		}
	}
	return nil
}

// collectLanes records the lanes of a laneSet; a node listed by nested lanes
// belongs to the innermost (deepest) one.
func collectLanes(p *Process, set *element, parent string, depth int, lanes map[string]laneRef) {
	for _, l := range set.children {
		if !l.is("lane") {
			continue
		}
		lane := Lane{ID: l.attr("id"), Name: l.attr("name"), Parent: parent}
		for _, c := range l.children {
			if c.is("flowNodeRef") {
				ref := strings.TrimSpace(string(c.text))
				lane.FlowNodeRefs = append(lane.FlowNodeRefs, ref)
				if old, ok := lanes[ref]; !ok || depth > old.depth {
					lanes[ref] = laneRef{lane.ID, depth}
				}
			}
		}
		p.Lanes = append(p.Lanes, lane)
		for _, c := range l.children {
			if c.is("childLaneSet") {
				collectLanes(p, c, lane.ID, depth+1, lanes)
			}
		}
	}
}

func parseAttributes(id string, attrs []xml.Attr) (Attributes, error) {
	var a Attributes
	for _, at := range attrs {
		if at.Name.Space != ExtensionNS {
			continue
		}
		v := strings.TrimSpace(at.Value)
		if v == "" {
			continue
		}
		bad := func(reason string) error {
			return &AttributeError{Element: id, Attribute: at.Name.Local, Value: at.Value, Reason: reason}
		}
		switch at.Name.Local {
		case "employeeMinutes", "waitingDays":
			f, err := strconv.ParseFloat(v, 64)
			switch {
			case err != nil && strings.Contains(v, ","):
				return a, bad("not a number (write the decimal separator as a point)")
			case err != nil || math.IsNaN(f) || math.IsInf(f, 0):
				return a, bad("not a number")
			case f < 0:
				return a, bad("negative")
			}
			if at.Name.Local == "employeeMinutes" {
				a.EmployeeMinutes = &f
			} else {
				a.WaitingDays = &f
			}
		case "actor":
			a.Actor = v
		case "system":
			a.System = v
		case "medium":
			if !slices.Contains(Media, v) {
				return a, bad("want one of " + strings.Join(Media, ", "))
			}
			a.Medium = v
		case "valueClass":
			if !slices.Contains(ValueClasses, v) {
				return a, bad("want one of " + strings.Join(ValueClasses, ", "))
			}
			a.ValueClass = v
		case "automated":
			var b bool
			switch v {
			case "true", "1":
				b = true
			case "false", "0":
			default:
				return a, bad("want true or false")
			}
			a.Automated = &b
		}
	}
	return a, nil
}

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

func union(sets ...map[string]bool) map[string]bool {
	m := map[string]bool{}
	for _, s := range sets {
		for k := range s {
			m[k] = true
		}
	}
	return m
}
