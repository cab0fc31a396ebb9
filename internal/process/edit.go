package process

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// Edits let users change a model without the drawing canvas (the table view
// for keyboard and screen-reader users). A version's XML is stored as the
// user's tool wrote it and never re-marshalled, so an edit is a splice: only
// the bytes of the start tags and elements it concerns change, and comments,
// whitespace, prefixes, tool extensions and diagram interchange around them
// stay byte for byte.

// The operations an Edit carries.
const (
	OpSet          = "set"           // set or remove attributes of a flow node or sequence flow
	OpAddStep      = "add-step"      // add a task after a flow node
	OpRemoveStep   = "remove-step"   // remove a task between two sequence flows
	OpAddFlow      = "add-flow"      // add a sequence flow from Element to Target
	OpRemoveFlow   = "remove-flow"   // remove a sequence flow
	OpRetargetFlow = "retarget-flow" // point a sequence flow at Target
)

// Edit is one change to a model. Fields an operation does not use are
// ignored.
type Edit struct {
	Op string
	// Element is the id of the node or flow the edit concerns; for add-step
	// the node after which the task is added, for add-flow the source.
	Element string
	// Attrs, for set and add-step: "name" (the BPMN name) and the local
	// names of the tv: attributes (employeeMinutes, waitingDays, actor,
	// system, medium, valueClass, automated). An empty value removes the
	// attribute. Sequence flows (set, add-flow) take only "name".
	Attrs map[string]string
	// Kind is the task type add-step adds (task, userTask, manualTask, …);
	// "task" when empty.
	Kind string
	// Target is the node add-flow and retarget-flow point the flow at.
	Target string
	// NewID is the id of the task (add-step) or flow (add-flow) to add;
	// a free id is generated when empty.
	NewID string
}

// ErrEdit is wrapped by every error Apply returns for an edit it refuses. It
// wraps ErrInvalid, so a service treats a refused edit as invalid input.
var ErrEdit = fmt.Errorf("%w: edit refused", ErrInvalid)

// EditError says which edit of a list Apply refused and why. It wraps
// ErrEdit and, when a value was refused, the reader's *AttributeError.
type EditError struct {
	Index   int // position of the edit in the list, from 0
	Op      string
	Element string
	Err     error
}

func (e *EditError) Error() string {
	reason := e.Err.Error()
	if ae, ok := errors.AsType[*AttributeError](e.Err); ok {
		reason = fmt.Sprintf("attribute tv:%s=%q: %s", ae.Attribute, ae.Value, ae.Reason)
	}
	return fmt.Sprintf("invalid BPMN: edit %d (%s %q) refused: %s", e.Index+1, e.Op, e.Element, reason)
}

// Unwrap makes errors.Is(err, ErrEdit) and errors.Is(err, ErrInvalid) hold.
func (e *EditError) Unwrap() []error { return []error{ErrEdit, e.Err} }

// Apply applies edits in order to the BPMN file src and returns the new
// file; src is not modified. It is all or nothing: the first edit refused
// returns an *EditError (wrapping ErrEdit and ErrInvalid) and no file. A
// src that Parse refuses returns Parse's error. Every intermediate result is
// read again with Parse, so Apply never returns a file Parse would refuse.
//
// set changes attributes on the start tag of a flow node or sequence flow,
// with values checked as Parse checks them. tv: attributes use the prefix
// the file binds to ExtensionNS; when it binds none, xmlns:tv (or tv2, …) is
// added to the root element.
//
// add-step adds a task after a node in the same (sub)process and lanes. The
// node's one outgoing sequence flow, if any, now leaves the new task, and a
// new flow joins the node to it; a node with several outgoing flows is
// refused. Where the node has a shape in the diagram, the task gets one to
// its right and the new flow a line.
//
// remove-step removes a task with exactly one incoming and one outgoing
// sequence flow: the incoming flow goes on to the outgoing flow's target.
// Events, gateways, subprocesses and tasks with boundary events, message
// flows or other references to them are refused.
//
// add-flow, remove-flow and retarget-flow add, remove and re-point sequence
// flows between nodes of the same (sub)process, with their lines in the
// diagram.
//
// The <incoming>/<outgoing> children some tools write are kept in step on
// nodes that have them. New markup follows the file's prefixes, indentation,
// line endings and encoding; a file whose encoding would not come back byte
// for byte is refused with ErrEdit.
func Apply(src []byte, edits []Edit) ([]byte, error) { return apply(src, edits, DefaultLimits) }

// apply is Apply within the model limits lim.
func apply(src []byte, edits []Edit, lim Limits) ([]byte, error) {
	if _, err := ParseWith(bytes.NewReader(src), -1, lim); err != nil {
		return nil, err
	}
	if len(edits) == 0 {
		return bytes.Clone(src), nil
	}
	d, err := openDocument(src)
	if err != nil {
		return nil, err
	}
	for i, ed := range edits {
		fail := func(err error) error { return &EditError{Index: i, Op: ed.Op, Element: ed.Element, Err: err} }
		if err := d.apply(ed); err != nil {
			return nil, fail(err)
		}
		out, err := d.output()
		if err == nil {
			_, err = ParseWith(bytes.NewReader(out), -1, lim)
		}
		if err != nil {
			return nil, fail(fmt.Errorf("the result would not be a valid BPMN file: %w", err))
		}
	}
	return d.output()
}

// ddNS is the namespace of the diagram interchange's waypoints.
const ddNS = "http://www.omg.org/spec/DD/20100524/DI"

// editableAttrs are the keys Edit.Attrs accepts, in the order new
// attributes are written.
var editableAttrs = []string{"name", "employeeMinutes", "waitingDays", "actor", "system", "medium", "valueClass", "automated"}

// Size and spacing of a shape add-step draws, as bpmn-js draws a task.
const (
	newTaskWidth  = 100
	newTaskHeight = 80
	newTaskGap    = 50
)

func (d *document) apply(ed Edit) error {
	p := &patch{tags: map[*elem][]attrChange{}, decls: map[string]string{}}
	var err error
	switch ed.Op {
	case OpSet:
		err = d.set(p, ed)
	case OpAddStep:
		err = d.addStep(p, ed)
	case OpRemoveStep:
		err = d.removeStep(p, ed)
	case OpAddFlow:
		err = d.addFlow(p, ed)
	case OpRemoveFlow:
		err = d.removeFlow(p, ed)
	case OpRetargetFlow:
		err = d.retargetFlow(p, ed)
	default:
		err = fmt.Errorf("unknown operation %q (want one of %s)", ed.Op,
			strings.Join([]string{OpSet, OpAddStep, OpRemoveStep, OpAddFlow, OpRemoveFlow, OpRetargetFlow}, ", "))
	}
	if err != nil {
		return err
	}
	return d.commit(p)
}

func (d *document) set(p *patch, ed Edit) error {
	e, err := d.element(ed.Element)
	if err != nil {
		return err
	}
	isFlow := e.is("sequenceFlow")
	if !isFlow && !isNode(e) {
		return fmt.Errorf("<%s> is neither a flow node nor a sequence flow", e.name.Local)
	}
	ss, err := settings(ed.Element, ed.Attrs, !isFlow)
	if err != nil {
		return err
	}
	if len(ss) == 0 {
		return errors.New("no attributes to set")
	}
	for _, s := range ss {
		c := attrChange{value: s.value, remove: s.value == ""}
		if s.key == "name" {
			c.match, c.name, c.after = []string{"name"}, "name", "id"
		} else {
			for _, px := range d.prefixesFor(e, ExtensionNS) {
				c.match = append(c.match, px+":"+s.key)
			}
			if !c.remove {
				c.name = d.ensureNS(p, e, ExtensionNS, "tv") + ":" + s.key
			}
		}
		p.set(e, c)
	}
	return nil
}

func (d *document) addStep(p *patch, ed Edit) error {
	x, err := d.node(ed.Element)
	if err != nil {
		return err
	}
	parent := x.parent
	if !isContainer(parent) {
		return errors.New("the node is not inside a process")
	}
	if x.name.Local == "endEvent" {
		return errors.New("an end event has no outgoing flow; add the step after the node before it")
	}
	kind := cmp.Or(ed.Kind, "task")
	if !taskKinds[kind] {
		return fmt.Errorf("unknown task kind %q (want one of %s)", kind, strings.Join(slices.Sorted(maps.Keys(taskKinds)), ", "))
	}
	xid := x.attr("id")
	outs := d.flowsWhere("sourceRef", xid)
	if len(outs) > 1 {
		return fmt.Errorf("the node has %d outgoing sequence flows (%s); pick one: add the task with add-flow and retarget-flow",
			len(outs), strings.Join(ids(outs), ", "))
	}
	taskID, err := d.newID(ed.NewID, "Activity")
	if err != nil {
		return err
	}
	ss, err := settings(taskID, ed.Attrs, true)
	if err != nil {
		return err
	}
	flowID, _ := d.newID("", "Flow")
	var f *elem
	if len(outs) == 1 {
		f = outs[0]
	}

	// The task, after the node.
	bp := d.prefixAt(p, parent, ModelNS, x.prefix)
	open := "<" + qualify(bp, kind) + attrText("id", taskID)
	for _, s := range ss {
		name := s.key
		if s.value == "" {
			continue
		}
		if name != "name" {
			name = d.ensureNS(p, parent, ExtensionNS, "tv") + ":" + name
		}
		open += attrText(name, s.value)
	}
	lines := []line{{0, open + d.slash}}
	if d.usesRefsAnywhere() {
		lines = []line{{0, open + ">"}, {1, refText(bp, "incoming", flowID)}}
		if f != nil {
			lines = append(lines, line{1, refText(bp, "outgoing", f.attr("id"))})
		}
		lines = append(lines, line{0, "</" + qualify(bp, kind) + ">"})
	}
	d.insertAfter(p, x, lines)

	// The node's outgoing flow now leaves the task; a new flow joins them.
	if f != nil {
		fid := f.attr("id")
		p.set(f, attrChange{match: []string{"sourceRef"}, name: "sourceRef", value: taskID})
		if x.attr("default") == fid {
			p.set(x, attrChange{match: []string{"default"}, name: "default", value: flowID})
		}
		if r := refChild(x, "outgoing", fid); r != nil {
			d.setText(p, r, flowID)
		} else {
			d.addRef(p, x, "outgoing", flowID)
		}
	} else {
		d.addRef(p, x, "outgoing", flowID)
	}
	anchor := f
	if anchor == nil {
		anchor = lastChild(parent, func(c *elem) bool { return c.is("sequenceFlow") })
	}
	if anchor == nil {
		anchor = x
	}
	d.insertAfter(p, anchor, []line{{0, "<" + qualify(bp, "sequenceFlow") + attrText("id", flowID) +
		attrText("sourceRef", xid) + attrText("targetRef", taskID) + d.slash}})

	for _, r := range d.laneRefs(xid) {
		d.insertAfter(p, r, []line{{0, refText(r.prefix, "flowNodeRef", taskID)}})
	}

	// Diagram: a shape right of the node's, a line to it, and the taken-over
	// flow's line starting from it.
	for _, sh := range d.shapes(xid) {
		b, ok := bounds(sh)
		if !ok {
			continue
		}
		nb := box{x: b.x + b.w + newTaskGap, y: b.y + b.h/2 - newTaskHeight/2, w: newTaskWidth, h: newTaskHeight}
		d.insertAfter(p, sh, d.shapeLines(sh, taskID, nb))
		d.insertAfter(p, sh, d.edgeLines(p, sh, flowID, route(b, nb)))
		if f == nil {
			continue
		}
		for _, e := range d.edges(f.attr("id")) {
			if wps := waypoints(e); plane(e) == plane(sh) && len(wps) > 0 {
				moveWaypoint(p, wps[0], nb.x+nb.w, nb.y+nb.h/2)
			}
		}
	}
	return nil
}

func (d *document) removeStep(p *patch, ed Edit) error {
	x, err := d.node(ed.Element)
	if err != nil {
		return err
	}
	id := x.attr("id")
	if !taskKinds[x.name.Local] && x.name.Local != "callActivity" {
		return fmt.Errorf("<%s> is not a task; remove-step removes tasks only", x.name.Local)
	}
	ins, outs := d.flowsWhere("targetRef", id), d.flowsWhere("sourceRef", id)
	if len(ins) != 1 || len(outs) != 1 || ins[0] == outs[0] {
		return fmt.Errorf("the task has %d incoming and %d outgoing sequence flows; remove-step needs exactly one of each (remove or retarget flows first)",
			len(ins), len(outs))
	}
	in, out := ins[0], outs[0]
	inID, outID, next := in.attr("id"), out.attr("id"), out.attr("targetRef")
	for _, e := range d.all {
		switch {
		case e.is("boundaryEvent") && e.attr("attachedToRef") == id:
			return fmt.Errorf("boundary event %q is attached to the task; remove it first", e.attr("id"))
		case e.is("messageFlow") && (e.attr("sourceRef") == id || e.attr("targetRef") == id):
			return fmt.Errorf("message flow %q starts or ends at the task; remove it first", e.attr("id"))
		}
	}
	removed := append([]*elem{x, out}, d.shapes(id)...)
	removed = append(removed, d.edges(outID)...)
	if err := d.unreferenced(id, removed, func(e *elem, attr string) bool { return e == in && attr == "targetRef" }); err != nil {
		return err
	}
	if err := d.unreferenced(outID, removed, nil); err != nil {
		return err
	}

	p.set(in, attrChange{match: []string{"targetRef"}, name: "targetRef", value: next})
	for _, e := range removed {
		d.remove(p, e)
	}
	for _, r := range d.laneRefs(id) {
		d.remove(p, r)
	}
	if b := d.byID[next]; b != nil {
		if r := refChild(b, "incoming", outID); r != nil {
			d.setText(p, r, inID)
		} else {
			d.addRef(p, b, "incoming", inID)
		}
	}
	for _, e := range d.edges(inID) {
		d.retargetEdge(p, e, next)
	}
	return nil
}

func (d *document) addFlow(p *patch, ed Edit) error {
	s, err := d.node(ed.Element)
	if err != nil {
		return err
	}
	t, err := d.node(ed.Target)
	if err != nil {
		return fmt.Errorf("target: %w", err)
	}
	if err := checkEnds(s, t); err != nil {
		return err
	}
	flowID, err := d.newID(ed.NewID, "Flow")
	if err != nil {
		return err
	}
	ss, err := settings(flowID, ed.Attrs, false)
	if err != nil {
		return err
	}
	sid, tid := s.attr("id"), t.attr("id")
	bp := d.prefixAt(p, s.parent, ModelNS, s.prefix)
	tag := "<" + qualify(bp, "sequenceFlow") + attrText("id", flowID)
	for _, a := range ss {
		if a.value != "" {
			tag += attrText(a.key, a.value)
		}
	}
	tag += attrText("sourceRef", sid) + attrText("targetRef", tid) + d.slash
	anchor := lastChild(s.parent, func(c *elem) bool { return c.is("sequenceFlow") })
	if anchor == nil {
		anchor = lastChild(s.parent, isNode)
	}
	d.insertAfter(p, anchor, []line{{0, tag}})
	d.addRef(p, t, "incoming", flowID)
	d.addRef(p, s, "outgoing", flowID)
	for _, sh := range d.shapes(sid) {
		sb, ok := bounds(sh)
		tb, ok2 := bounds(d.shapeIn(plane(sh), tid))
		if ok && ok2 {
			d.insertAfter(p, sh, d.edgeLines(p, sh, flowID, route(sb, tb)))
		}
	}
	return nil
}

func (d *document) removeFlow(p *patch, ed Edit) error {
	f, err := d.seqFlow(ed.Element)
	if err != nil {
		return err
	}
	id := f.attr("id")
	src, tgt := d.byID[f.attr("sourceRef")], d.byID[f.attr("targetRef")]
	removed := append([]*elem{f}, d.edges(id)...)
	if err := d.unreferenced(id, removed, func(e *elem, attr string) bool { return e == src && attr == "default" }); err != nil {
		return err
	}
	for _, e := range removed {
		d.remove(p, e)
	}
	if src != nil {
		d.removeRef(p, src, "outgoing", id)
		if src.attr("default") == id {
			p.set(src, attrChange{match: []string{"default"}, remove: true})
		}
	}
	if tgt != nil {
		d.removeRef(p, tgt, "incoming", id)
	}
	return nil
}

func (d *document) retargetFlow(p *patch, ed Edit) error {
	f, err := d.seqFlow(ed.Element)
	if err != nil {
		return err
	}
	t, err := d.node(ed.Target)
	if err != nil {
		return fmt.Errorf("target: %w", err)
	}
	id, tid := f.attr("id"), t.attr("id")
	s := d.byID[f.attr("sourceRef")]
	if err := checkEnds(s, t); err != nil {
		return err
	}
	old := f.attr("targetRef")
	if old == tid {
		return nil
	}
	p.set(f, attrChange{match: []string{"targetRef"}, name: "targetRef", value: tid})
	if o := d.byID[old]; o != nil {
		d.removeRef(p, o, "incoming", id)
	}
	d.addRef(p, t, "incoming", id)
	for _, e := range d.edges(id) {
		d.retargetEdge(p, e, tid)
	}
	return nil
}

// checkEnds refuses a sequence flow from s to t that BPMN does not allow or
// that would cross a (sub)process border.
func checkEnds(s, t *elem) error {
	switch {
	case s == nil:
		return errors.New("the flow has no source node")
	case s.name.Local == "endEvent":
		return fmt.Errorf("%q is an end event; nothing flows out of it", s.attr("id"))
	case t.name.Local == "startEvent" || t.name.Local == "boundaryEvent":
		return fmt.Errorf("%q is a %s; no sequence flow may enter it", t.attr("id"), t.name.Local)
	case !isContainer(s.parent) || s.parent != t.parent:
		return fmt.Errorf("%q and %q are not in the same process or subprocess", s.attr("id"), t.attr("id"))
	}
	return nil
}

// unreferenced refuses to remove id while an element that stays refers to
// it by attribute (an association, a default flow), except where allowed.
func (d *document) unreferenced(id string, removed []*elem, allowed func(*elem, string) bool) error {
	for _, e := range d.all {
		if slices.ContainsFunc(removed, e.within) {
			continue
		}
		for _, a := range e.attrs {
			if a.Name.Space != "" || a.Name.Local == "id" || a.Name.Local == "name" || a.Name.Local == "xmlns" ||
				!slices.Contains(strings.Fields(a.Value), id) || allowed != nil && allowed(e, a.Name.Local) {
				continue
			}
			return fmt.Errorf("<%s> %q refers to %q (%s); remove or change that first", e.name.Local, e.attr("id"), id, a.Name.Local)
		}
	}
	return nil
}

// retargetEdge moves the last waypoint of a sequence flow's line to the
// left middle of the target's shape in the same diagram.
func (d *document) retargetEdge(p *patch, e *elem, target string) {
	b, ok := bounds(d.shapeIn(plane(e), target))
	if wps := waypoints(e); ok && len(wps) > 0 {
		moveWaypoint(p, wps[len(wps)-1], b.x, b.y+b.h/2)
	}
}

type setting struct{ key, value string }

// settings checks Edit.Attrs for element id: known keys only (only "name"
// unless tv), characters XML can hold, and extension values Parse accepts.
// It returns them in the order editableAttrs lists them, values trimmed as
// the reader trims them.
func settings(id string, attrs map[string]string, tv bool) ([]setting, error) {
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		switch {
		case !slices.Contains(editableAttrs, k):
			return nil, fmt.Errorf("unknown attribute %q (want one of %s)", k, strings.Join(editableAttrs, ", "))
		case !tv && k != "name":
			return nil, fmt.Errorf("attribute %q: a sequence flow takes only a name", k)
		}
	}
	var out []setting
	for _, k := range editableAttrs {
		v, ok := attrs[k]
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		if !utf8.ValidString(v) {
			return nil, fmt.Errorf("attribute %s: not valid UTF-8", k)
		}
		if i := strings.IndexFunc(v, func(r rune) bool { return !isXMLChar(r) }); i >= 0 {
			r, _ := utf8.DecodeRuneInString(v[i:])
			return nil, fmt.Errorf("attribute %s: the character %U cannot be stored in XML", k, r)
		}
		if k != "name" && v != "" {
			if _, err := parseAttributes(id, []xml.Attr{{Name: xml.Name{Space: ExtensionNS, Local: k}, Value: v}}); err != nil {
				return nil, err
			}
		}
		out = append(out, setting{k, v})
	}
	return out, nil
}

func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// newID returns given if it is a free, well-formed id, else an error;
// without one, the first free base_1, base_2, ….
func (d *document) newID(given, base string) (string, error) {
	if given != "" {
		if !isNCName(given) {
			return "", fmt.Errorf("new id %q is not a valid id (letters, digits, _ - . and not starting with a digit)", given)
		}
		if d.ids[given] {
			return "", fmt.Errorf("new id %q is already in use", given)
		}
		d.ids[given] = true
		return given, nil
	}
	for n := 1; ; n++ {
		if id := base + "_" + strconv.Itoa(n); !d.ids[id] {
			d.ids[id] = true
			return id, nil
		}
	}
}

// uniqueID returns id, or id_2, id_3 … if it is taken.
func (d *document) uniqueID(id string) string {
	c := id
	for n := 2; d.ids[c]; n++ {
		c = id + "_" + strconv.Itoa(n)
	}
	d.ids[c] = true
	return c
}

func isNCName(s string) bool {
	for i, r := range s {
		ok := unicode.IsLetter(r) || r == '_'
		if i > 0 {
			ok = ok || unicode.IsDigit(r) || r == '-' || r == '.' || unicode.Is(unicode.M, r)
		}
		if !ok {
			return false
		}
	}
	return s != ""
}

// document is the file being edited with an index of its elements and
// their byte ranges, rebuilt after every edit.
type document struct {
	src   []byte            // UTF-8, whatever the file's encoding (see openDocument)
	enc   encoding.Encoding // the file's encoding when it is not UTF-8
	raw   func(rune) bool   // whether new text may hold r as it is, else as a reference
	root  *elem
	all   []*elem          // document order
	byID  map[string]*elem // BPMN model elements
	ids   map[string]bool  // every id in any namespace, and ids handed out
	eol   string           // line ending for new lines
	unit  string           // one level of indentation
	slash string           // how the file closes empty elements: "/>" or " />"
}

// elem is an element with its byte ranges in document.src: the start tag is
// src[start:tagEnd], the end tag src[closeStart:end]; an empty-element tag
// has closeStart == tagEnd == end.
type elem struct {
	name     xml.Name   // namespace resolved
	prefix   string     // as written
	attrs    []xml.Attr // as written: Name.Space is the prefix
	ns       map[string]string
	parent   *elem
	children []*elem
	text     string

	start, tagEnd, closeStart, end int
}

func (e *elem) is(local string) bool { return e.name.Space == ModelNS && e.name.Local == local }

func (e *elem) isDI(local string) bool { return e.name.Space == DINS && e.name.Local == local }

// attr returns an unprefixed attribute, trimmed as the reader trims it.
func (e *elem) attr(local string) string {
	for _, a := range e.attrs {
		if a.Name.Space == "" && a.Name.Local == local {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// lookup resolves a prefix in e's scope; "" is the default namespace.
func (e *elem) lookup(prefix string) string {
	for x := e; x != nil; x = x.parent {
		if uri, ok := x.ns[prefix]; ok {
			return uri
		}
	}
	if prefix == "xml" {
		return "http://www.w3.org/XML/1998/namespace"
	}
	return ""
}

// within reports whether e is anc or inside it.
func (e *elem) within(anc *elem) bool {
	for x := e; x != nil; x = x.parent {
		if x == anc {
			return true
		}
	}
	return false
}

func isNode(e *elem) bool { return e.name.Space == ModelNS && nodeKinds[e.name.Local] }

func isContainer(e *elem) bool {
	return e != nil && (e.is("process") || e.name.Space == ModelNS && containerKinds[e.name.Local])
}

// openDocument reads src for editing. Edits work on a UTF-8 copy; a file
// in another encoding the reader accepts (UTF-16, or a single-byte encoding
// it declares) is decoded, and encoded again by output. A file that would
// not come back byte for byte is refused (ErrEdit).
func openDocument(src []byte) (*document, error) {
	d := &document{src: bytes.Clone(src)}
	switch {
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}), bytes.HasPrefix(src, []byte{'<', 0, '?', 0}):
		d.enc = xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM)
	case bytes.HasPrefix(src, []byte{0xFE, 0xFF}), bytes.HasPrefix(src, []byte{0, '<', 0, '?'}):
		d.enc = xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM)
	default:
		// The labels charsetReader accepts, read the same way. UTF-16
		// labels on a file that is not UTF-16 are 8-bit text read as UTF-8.
		switch label := strings.ToLower(strings.TrimSpace(declaredEncoding(src))); label {
		case "", "utf-8", "utf8", "utf-16", "utf-16le", "utf-16be", "ucs-2", "unicode":
		case "us-ascii", "ascii":
			d.raw = func(r rune) bool { return r < utf8.RuneSelf }
		case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252":
			d.enc = charmap.Windows1252
		case "iso-8859-15", "iso8859-15", "latin9", "latin-9":
			d.enc = charmap.ISO8859_15
		default:
			return nil, fmt.Errorf("%w: files in the encoding %q cannot be edited; save the file as UTF-8", ErrEdit, label)
		}
	}
	if d.enc != nil {
		u, err := d.enc.NewDecoder().Bytes(src)
		if err == nil {
			d.src = u
			var back []byte
			if back, err = d.output(); err == nil && !bytes.Equal(back, src) {
				err = errors.New("bytes it does not define")
			}
		}
		if err != nil {
			return nil, fmt.Errorf("%w: the file's encoding cannot be kept (%v); save the file as UTF-8", ErrEdit, err)
		}
		if cm, ok := d.enc.(*charmap.Charmap); ok {
			d.raw = func(r rune) bool { _, ok := cm.EncodeRune(r); return ok }
		}
	}
	d.eol = "\n"
	if i := bytes.IndexByte(d.src, '\n'); i > 0 && d.src[i-1] == '\r' {
		d.eol = "\r\n"
	}
	return d, d.scan()
}

// output returns the file in its own encoding.
func (d *document) output() ([]byte, error) {
	if d.enc == nil {
		return d.src, nil
	}
	return d.enc.NewEncoder().Bytes(d.src)
}

// encodeNew makes new markup fit the file's encoding: characters it cannot
// hold become character references. New text holds them only in attribute
// values and character data, where references are allowed.
func (d *document) encodeNew(s string) string {
	if d.raw == nil {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r < utf8.RuneSelf || d.raw(r) {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, "&#%d;", r)
		}
	}
	return b.String()
}

var errStop = errors.New("stop")

func declaredEncoding(src []byte) string {
	var enc string
	dec := xml.NewDecoder(bytes.NewReader(src))
	dec.CharsetReader = func(charset string, _ io.Reader) (io.Reader, error) {
		enc = charset
		return nil, errStop
	}
	for {
		tok, err := dec.RawToken()
		if _, ok := tok.(xml.StartElement); ok || err != nil {
			return enc
		}
	}
}

// scan indexes d.src. It reads raw tokens, resolving prefixes itself, since
// edits must write the prefixes the file uses; the decoder's offsets give
// each element's byte range.
func (d *document) scan() error {
	d.root, d.all = nil, nil
	d.byID, d.ids = map[string]*elem{}, map[string]bool{}
	d.slash = "/>"
	slashSeen := false
	dec := xml.NewDecoder(bytes.NewReader(d.src))
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil } // already UTF-8
	var stack []*elem
	for {
		off := int(dec.InputOffset())
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%w: not well-formed XML: %v", ErrInvalid, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			e := &elem{prefix: t.Name.Space, attrs: slices.Clone(t.Attr), start: off, tagEnd: int(dec.InputOffset())}
			e.name.Local = t.Name.Local
			for _, a := range e.attrs {
				switch {
				case a.Name.Space == "xmlns":
					e.bind(a.Name.Local, a.Value)
				case a.Name.Space == "" && a.Name.Local == "xmlns":
					e.bind("", a.Value)
				}
			}
			if n := len(stack); n > 0 {
				e.parent = stack[n-1]
				e.parent.children = append(e.parent.children, e)
			} else if d.root == nil {
				d.root = e
			}
			e.name.Space = e.lookup(e.prefix)
			if id := e.attr("id"); id != "" {
				d.ids[id] = true
				// An id given twice addresses the element the reader reads:
				// the first, or one of a kind the reader follows by id (a
				// flow node, a sequence flow) over one it does not (an
				// event definition).
				if old := d.byID[id]; e.name.Space == ModelNS &&
					(old == nil || idKind(old.name.Local) == otherKind && idKind(e.name.Local) != otherKind) {
					d.byID[id] = e
				}
			}
			if !slashSeen && bytes.HasSuffix(d.src[:e.tagEnd], []byte("/>")) {
				slashSeen = true
				if isSpace(d.src[e.tagEnd-3]) {
					d.slash = " />"
				}
			}
			d.all = append(d.all, e)
			stack = append(stack, e)
		case xml.EndElement:
			if len(stack) == 0 {
				return fmt.Errorf("%w: unexpected end tag", ErrInvalid)
			}
			e := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			e.closeStart, e.end = off, int(dec.InputOffset())
		case xml.CharData:
			if n := len(stack); n > 0 {
				stack[n-1].text += string(t)
			}
		}
	}
	if d.root == nil {
		return fmt.Errorf("%w: not an XML document", ErrInvalid)
	}
	d.unit = "  "
	for _, e := range d.all {
		if e.parent == nil {
			continue
		}
		ci, own := d.indent(e.start)
		pi, pown := d.indent(e.parent.start)
		if own && pown && len(ci) > len(pi) && strings.HasPrefix(ci, pi) {
			d.unit = ci[len(pi):]
			break
		}
	}
	return nil
}

func (e *elem) bind(prefix, uri string) {
	if e.ns == nil {
		e.ns = map[string]string{}
	}
	e.ns[prefix] = uri
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func (d *document) element(id string) (*elem, error) {
	if id == "" {
		return nil, errors.New("no element id given")
	}
	e := d.byID[id]
	if e == nil {
		return nil, fmt.Errorf("no element with id %q", id)
	}
	return e, nil
}

func (d *document) node(id string) (*elem, error) {
	e, err := d.element(id)
	if err != nil {
		return nil, err
	}
	if !isNode(e) {
		return nil, fmt.Errorf("%q is a <%s>, not a flow node", id, e.name.Local)
	}
	return e, nil
}

func (d *document) seqFlow(id string) (*elem, error) {
	e, err := d.element(id)
	if err != nil {
		return nil, err
	}
	if !e.is("sequenceFlow") {
		return nil, fmt.Errorf("%q is a <%s>, not a sequence flow", id, e.name.Local)
	}
	return e, nil
}

// flowsWhere returns the sequence flows whose attribute attr (sourceRef or
// targetRef) is id.
func (d *document) flowsWhere(attr, id string) []*elem {
	var out []*elem
	for _, e := range d.all {
		if e.is("sequenceFlow") && e.attr(attr) == id {
			out = append(out, e)
		}
	}
	return out
}

func ids(es []*elem) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.attr("id"))
	}
	return out
}

func (d *document) laneRefs(id string) []*elem {
	var out []*elem
	for _, e := range d.all {
		if e.is("flowNodeRef") && strings.TrimSpace(e.text) == id {
			out = append(out, e)
		}
	}
	return out
}

func (d *document) usesRefsAnywhere() bool { return slices.ContainsFunc(d.all, usesRefs) }

// usesRefs reports whether a node lists its flows in <incoming>/<outgoing>
// children, as bpmn-js writes them; only such nodes are kept in step.
func usesRefs(e *elem) bool {
	return isNode(e) && slices.ContainsFunc(e.children, func(c *elem) bool { return c.is("incoming") || c.is("outgoing") })
}

func refChild(e *elem, local, id string) *elem {
	for _, c := range e.children {
		if c.is(local) && strings.TrimSpace(c.text) == id {
			return c
		}
	}
	return nil
}

func lastChild(e *elem, ok func(*elem) bool) *elem {
	for _, c := range slices.Backward(e.children) {
		if ok(c) {
			return c
		}
	}
	return nil
}

// addRef adds <incoming>/<outgoing> id to a node that lists its flows,
// after the others of its kind (incoming before outgoing, as the schema
// orders them).
func (d *document) addRef(p *patch, e *elem, local, id string) {
	if !usesRefs(e) || refChild(e, local, id) != nil {
		return
	}
	lastIn := lastChild(e, func(c *elem) bool { return c.is("incoming") })
	lastOut := lastChild(e, func(c *elem) bool { return c.is("outgoing") })
	mk := func(like *elem) []line { return []line{{0, refText(like.prefix, local, id)}} }
	switch {
	case local == "incoming" && lastIn != nil:
		d.insertAfter(p, lastIn, mk(lastIn))
	case local == "incoming":
		first := e.children[slices.IndexFunc(e.children, func(c *elem) bool { return c.is("outgoing") })]
		d.insertBefore(p, first, mk(first))
	case lastOut != nil:
		d.insertAfter(p, lastOut, mk(lastOut))
	default:
		d.insertAfter(p, lastIn, mk(lastIn))
	}
}

func (d *document) removeRef(p *patch, e *elem, local, id string) {
	if r := refChild(e, local, id); r != nil {
		d.remove(p, r)
	}
}

// prefixesFor returns the prefixes bound to ns in e's scope, nearest first.
func (d *document) prefixesFor(e *elem, ns string) []string {
	var out []string
	for x := e; x != nil; x = x.parent {
		for _, px := range slices.Sorted(maps.Keys(x.ns)) {
			if px != "" && x.ns[px] == ns && e.lookup(px) == ns && !slices.Contains(out, px) {
				out = append(out, px)
			}
		}
	}
	return out
}

// prefixAt returns a prefix for elements in ns at e: preferred if it is
// bound to ns there, else the default namespace or another bound prefix,
// else a new one (ensureNS).
func (d *document) prefixAt(p *patch, e *elem, ns, preferred string) string {
	if e.lookup(preferred) == ns {
		return preferred
	}
	if e.lookup("") == ns {
		return ""
	}
	return d.ensureNS(p, e, ns, preferred)
}

// ensureNS returns a prefix bound to ns in e's scope. Without one it binds
// preferred on the root element, or preferred2, preferred3 … when the file
// already uses that prefix anywhere.
func (d *document) ensureNS(p *patch, e *elem, ns, preferred string) string {
	if ps := d.prefixesFor(e, ns); len(ps) > 0 {
		return ps[0]
	}
	if px, ok := p.decls[ns]; ok {
		return px
	}
	used := map[string]bool{}
	for _, x := range d.all {
		used[x.prefix] = true
		for px := range x.ns {
			used[px] = true
		}
		for _, a := range x.attrs {
			used[a.Name.Space] = true
		}
	}
	for _, px := range p.decls {
		used[px] = true
	}
	px := preferred
	for n := 2; used[px] || strings.HasPrefix(strings.ToLower(px), "xml"); n++ {
		px = preferred + strconv.Itoa(n)
	}
	p.decls[ns] = px
	p.set(d.root, attrChange{name: "xmlns:" + px, value: ns, decl: true})
	return px
}

func qualify(prefix, local string) string {
	if prefix == "" {
		return local
	}
	return prefix + ":" + local
}

func attrText(name, value string) string { return " " + name + `="` + escapeXML(value, '"') + `"` }

func refText(prefix, local, id string) string {
	q := qualify(prefix, local)
	return "<" + q + ">" + escapeXML(id, 0) + "</" + q + ">"
}

// escapeXML escapes s for an attribute value in quote (or, with 0, for
// character data). Tabs and line breaks become references, since a parser
// would otherwise turn them into spaces in an attribute.
func escapeXML(s string, quote byte) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"' && quote == '"':
			b.WriteString("&quot;")
		case r == '\'' && quote == '\'':
			b.WriteString("&apos;")
		case r == '\n':
			b.WriteString("&#xA;")
		case r == '\r':
			b.WriteString("&#xD;")
		case r == '\t':
			b.WriteString("&#x9;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Diagram interchange.

type box struct{ x, y, w, h float64 }

type point struct{ x, y float64 }

func (d *document) shapes(id string) []*elem { return d.di("BPMNShape", id) }

func (d *document) edges(id string) []*elem { return d.di("BPMNEdge", id) }

func (d *document) di(local, id string) []*elem {
	var out []*elem
	for _, e := range d.all {
		if e.isDI(local) && e.attr("bpmnElement") == id {
			out = append(out, e)
		}
	}
	return out
}

// shapeIn returns id's shape in plane pl, or nil.
func (d *document) shapeIn(pl *elem, id string) *elem {
	for _, s := range d.shapes(id) {
		if plane(s) == pl {
			return s
		}
	}
	return nil
}

func plane(e *elem) *elem {
	for x := e.parent; x != nil; x = x.parent {
		if x.isDI("BPMNPlane") {
			return x
		}
	}
	return nil
}

func boundsOf(sh *elem) *elem {
	if sh == nil {
		return nil
	}
	return lastChild(sh, func(c *elem) bool { return c.name.Local == "Bounds" })
}

func bounds(sh *elem) (box, bool) {
	bs := boundsOf(sh)
	if bs == nil {
		return box{}, false
	}
	var v [4]float64
	for i, k := range []string{"x", "y", "width", "height"} {
		f, err := strconv.ParseFloat(bs.attr(k), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return box{}, false
		}
		v[i] = f
	}
	return box{v[0], v[1], v[2], v[3]}, true
}

func waypoints(edge *elem) []*elem {
	var out []*elem
	for _, c := range edge.children {
		if c.name.Local == "waypoint" {
			out = append(out, c)
		}
	}
	return out
}

func moveWaypoint(p *patch, wp *elem, x, y float64) {
	p.set(wp, attrChange{match: []string{"x"}, name: "x", value: num(x)})
	p.set(wp, attrChange{match: []string{"y"}, name: "y", value: num(y)})
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// route draws a line from the right middle of a to b: straight to b's left
// middle when they are level, else across and then down or up into b.
func route(a, b box) []point {
	from := point{a.x + a.w, a.y + a.h/2}
	if from.y == b.y+b.h/2 {
		return []point{from, {b.x, from.y}}
	}
	cx, end := b.x+b.w/2, b.y
	if from.y > b.y+b.h/2 {
		end = b.y + b.h
	}
	return []point{from, {cx, from.y}, {cx, end}}
}

func (d *document) shapeLines(like *elem, id string, b box) []line {
	q := qualify(like.prefix, "BPMNShape")
	bq := qualify(boundsOf(like).prefix, "Bounds")
	return []line{
		{0, "<" + q + attrText("id", d.uniqueID(id+"_di")) + attrText("bpmnElement", id) + ">"},
		{1, "<" + bq + attrText("x", num(b.x)) + attrText("y", num(b.y)) +
			attrText("width", num(b.w)) + attrText("height", num(b.h)) + d.slash},
		{0, "</" + q + ">"},
	}
}

func (d *document) edgeLines(p *patch, like *elem, id string, pts []point) []line {
	q := qualify(like.prefix, "BPMNEdge")
	wq := qualify(d.ensureNS(p, like, ddNS, "di"), "waypoint")
	lines := []line{{0, "<" + q + attrText("id", d.uniqueID(id+"_di")) + attrText("bpmnElement", id) + ">"}}
	for _, pt := range pts {
		lines = append(lines, line{1, "<" + wq + attrText("x", num(pt.x)) + attrText("y", num(pt.y)) + d.slash})
	}
	return append(lines, line{0, "</" + q + ">"})
}

// Splicing.

// line is one line of new markup, depth levels deeper than its first.
type line struct {
	depth int
	text  string
}

type splice struct {
	start, end int
	text       string
}

// patch collects the splices of one edit. Start-tag changes are gathered
// per element and applied to the tag together, so that several changes to
// one tag do not overlap.
type patch struct {
	splices []splice
	tags    map[*elem][]attrChange
	order   []*elem
	decls   map[string]string // namespace → prefix this patch binds on the root
}

func (p *patch) set(e *elem, c attrChange) {
	if _, ok := p.tags[e]; !ok {
		p.order = append(p.order, e)
	}
	p.tags[e] = append(p.tags[e], c)
}

// lineStart returns where the line holding pos starts and whether only
// blanks stand between it and pos.
func (d *document) lineStart(pos int) (int, bool) {
	i := pos
	for i > 0 && (d.src[i-1] == ' ' || d.src[i-1] == '\t') {
		i--
	}
	return i, i == 0 || d.src[i-1] == '\n'
}

func (d *document) indent(pos int) (string, bool) {
	i, own := d.lineStart(pos)
	if !own {
		return "", false
	}
	return string(d.src[i:pos]), true
}

// block renders lines: each on a new line at indent when the anchor element
// stands on a line of its own, else run together.
func (d *document) block(lines []line, indent string, own bool) string {
	var b strings.Builder
	for _, l := range lines {
		if own {
			b.WriteString(d.eol + indent + strings.Repeat(d.unit, l.depth))
		}
		b.WriteString(l.text)
	}
	return b.String()
}

func (d *document) insertAfter(p *patch, e *elem, lines []line) {
	ind, own := d.indent(e.start)
	p.splices = append(p.splices, splice{e.end, e.end, d.block(lines, ind, own)})
}

func (d *document) insertBefore(p *patch, e *elem, lines []line) {
	ind, own := d.indent(e.start)
	s := d.block(lines, ind, own)
	if own {
		s = s[len(d.eol)+len(ind):] + d.eol + ind
	}
	p.splices = append(p.splices, splice{e.start, e.start, s})
}

func (d *document) setText(p *patch, e *elem, text string) {
	p.splices = append(p.splices, splice{e.tagEnd, e.closeStart, escapeXML(text, 0)})
}

// remove deletes an element, with its line when it stands on one alone.
func (d *document) remove(p *patch, e *elem) {
	start, end := e.start, e.end
	if ls, own := d.lineStart(e.start); own {
		j := end
		for j < len(d.src) && (d.src[j] == ' ' || d.src[j] == '\t') {
			j++
		}
		switch {
		case bytes.HasPrefix(d.src[j:], []byte("\r\n")):
			start, end = ls, j+2
		case j < len(d.src) && d.src[j] == '\n':
			start, end = ls, j+1
		}
	}
	p.splices = append(p.splices, splice{start, end, ""})
}

// commit applies p to the file and indexes it again.
func (d *document) commit(p *patch) error {
	sp := slices.Clone(p.splices)
	for _, e := range p.order {
		tag := bytes.Clone(d.src[e.start:e.tagEnd])
		for _, c := range p.tags[e] {
			tag = c.apply(tag, d.encodeNew)
		}
		sp = append(sp, splice{e.start, e.tagEnd, string(tag)})
	}
	for i := range sp {
		sp[i].text = d.encodeNew(sp[i].text)
	}
	slices.SortStableFunc(sp, func(a, b splice) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end))
	})
	var out bytes.Buffer
	pos := 0
	for _, s := range sp {
		if s.start < pos {
			return errors.New("internal error: overlapping changes")
		}
		out.Write(d.src[pos:s.start])
		out.WriteString(s.text)
		pos = s.end
	}
	out.Write(d.src[pos:])
	d.src = out.Bytes()
	return d.scan()
}

// attrChange sets, replaces or removes one attribute of a start tag.
type attrChange struct {
	match  []string // names, as written, of the attribute it replaces
	name   string   // name written when adding
	after  string   // add after this attribute when present (else last)
	value  string
	remove bool
	decl   bool // a namespace declaration: added after the last one
}

// tagAttr is an attribute's place in a start tag: ws is where the blanks
// before it begin; the value is tag[valStart:valEnd].
type tagAttr struct {
	name                             string
	ws, start, end, valStart, valEnd int
	quote                            byte
}

// lexTag finds the attributes of a start tag the decoder has already
// accepted as well-formed.
func lexTag(tag []byte) (attrs []tagAttr, nameEnd int) {
	i := 1
	for i < len(tag) && !isSpace(tag[i]) && tag[i] != '/' && tag[i] != '>' {
		i++
	}
	nameEnd = i
	for {
		ws := i
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i >= len(tag) || tag[i] == '/' || tag[i] == '>' {
			return attrs, nameEnd
		}
		a := tagAttr{ws: ws, start: i}
		for i < len(tag) && tag[i] != '=' && !isSpace(tag[i]) {
			i++
		}
		a.name = string(tag[a.start:i])
		for i < len(tag) && tag[i] != '"' && tag[i] != '\'' {
			i++
		}
		if i >= len(tag) {
			return attrs, nameEnd
		}
		a.quote, a.valStart = tag[i], i+1
		j := bytes.IndexByte(tag[a.valStart:], a.quote)
		if j < 0 {
			return attrs, nameEnd
		}
		a.valEnd = a.valStart + j
		a.end = a.valEnd + 1
		i = a.end
		attrs = append(attrs, a)
	}
}

func (c attrChange) apply(tag []byte, enc func(string) string) []byte {
	for {
		attrs, nameEnd := lexTag(tag)
		var hits []int
		for k, a := range attrs {
			if slices.Contains(c.match, a.name) {
				hits = append(hits, k)
			}
		}
		switch {
		case c.remove && len(hits) == 0:
			return tag
		case c.remove || len(hits) > 1: // a second binding of the same attribute goes
			start, end := removal(tag, attrs, hits[len(hits)-1])
			tag = spliceBytes(tag, start, end, "")
			continue
		case len(hits) == 1:
			a := attrs[hits[0]]
			return spliceBytes(tag, a.valStart, a.valEnd, enc(escapeXML(c.value, a.quote)))
		}
		at, ws, quote := nameEnd, " ", byte('"')
		if len(attrs) > 0 {
			last := attrs[len(attrs)-1]
			at, quote = last.end, last.quote
		}
		for _, a := range attrs {
			if a.name == c.after || c.decl && (a.name == "xmlns" || strings.HasPrefix(a.name, "xmlns:")) {
				at, quote = a.end, a.quote
				if blank := tag[a.ws:a.start]; c.decl && bytes.ContainsRune(blank, '\n') {
					ws = string(blank)
				}
			}
		}
		q := string(quote)
		return spliceBytes(tag, at, at, ws+c.name+"="+q+enc(escapeXML(c.value, quote))+q)
	}
}

// removal returns the bytes to delete for attrs[k]: the attribute and the
// blanks before it, or, when it begins a line followed by another attribute
// on that line, the attribute and the blanks after it.
func removal(tag []byte, attrs []tagAttr, k int) (int, int) {
	a := attrs[k]
	if k+1 < len(attrs) && bytes.ContainsRune(tag[a.ws:a.start], '\n') && !bytes.ContainsRune(tag[a.end:attrs[k+1].start], '\n') {
		return a.start, attrs[k+1].start
	}
	return a.ws, a.end
}

func spliceBytes(b []byte, start, end int, text string) []byte {
	out := make([]byte, 0, len(b)-(end-start)+len(text))
	out = append(out, b[:start]...)
	out = append(out, text...)
	return append(out, b[end:]...)
}
