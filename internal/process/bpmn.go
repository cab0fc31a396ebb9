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
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
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
// Warnings are the faults the reader worked around, in the order found:
// the first MaxWarnings, and WarningsMore counts the rest.
type Definitions struct {
	Processes    []Process
	Participants []Participant
	MessageFlows []MessageFlow
	Diagrams     int
	Warnings     []Warning
	WarningsMore int
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
// subprocess as Parent. A sequence flow the reader could not follow (see
// Parse) is not in Flows.
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

// Limits on what Parse reads. They protect the server's memory and time from
// hostile or broken files; no model a person draws comes near them.
const (
	MaxNesting   = 256       // elements inside one another
	MaxElements  = 1_000_000 // elements and attributes in one file
	MaxTokenSize = 1 << 20   // bytes of one tag with its attributes, one text or one comment
)

// Upper bounds of the numeric extension attributes: far above any real
// activity, and low enough that sums over MaxElements activities stay finite.
const (
	MaxEmployeeMinutes = 1_000_000 // about 2 200 working days
	MaxWaitingDays     = 100_000   // about 270 years
)

// Parse reads a BPMN 2.0 file. Every error wraps ErrInvalid and says what is
// wrong and, when the XML decoder can tell, at which line and column: not
// XML, not well-formed (a truncated file, an attribute given twice), a
// DOCTYPE (refused outright, so no entity is ever declared, expanded or
// fetched), nesting deeper than MaxNesting, more than MaxElements elements
// and attributes (each costs memory, so a small file cannot hold millions),
// a tag, text or comment over MaxTokenSize bytes, no definitions root in the
// BPMN namespace, two flow nodes with one id (sequence flows, lanes and
// message flows name nodes by id, so which one they mean would be a
// guess), a flow node without an id, or an extension attribute with an
// unusable value (*AttributeError). Unknown elements and attributes,
// including tool-specific extensions, are ignored; an empty extension
// attribute counts as not filled in.
//
// Faults that other tools' exports contain and that leave the model
// readable are worked around and listed in Definitions.Warnings, as bpmn-js
// lists its import warnings:
//   - an id given twice where one of the two is no flow node (event
//     definitions repeated by copy and paste): when both elements are of a
//     kind the reader follows by id (two sequence flows, two lanes, two
//     processes), the later one is not read, as bpmn-js drops it; when they
//     are of different kinds (an event definition and a flow node), nothing
//     the reader follows confuses them and both are read;
//   - a sequence flow without a source or target, to an id that is no flow
//     node, or to a flow node of another process (a pool's flow drawn into
//     another pool): it is left out of Flows, so the figures are those of
//     the graph without it;
//   - a sequence flow that crosses the border of a subprocess within its
//     process: it is kept as drawn, since its path is clear;
//   - a lane listing, or a boundary event attached to, an id that is no
//     flow node of its process: the reference is ignored.
//
// Files are UTF-8, UTF-16 with a byte order mark, or declare ISO-8859-1,
// ISO-8859-15 or windows-1252. Parse reads r to its end whatever its size,
// within DefaultLimits; a caller taking files from users calls ParseLimited
// or ParseWith.
func Parse(r io.Reader) (*Definitions, error) { return parse(r, -1, DefaultLimits) }

// ParseLimited is Parse for a file of at most max bytes; max ≤ 0 means
// DefaultMaxFileSize. A larger file is refused with an error wrapping
// ErrInvalid that gives the limit in MiB, after at most max+1 bytes have
// been read from r.
func ParseLimited(r io.Reader, max int64) (*Definitions, error) {
	if max <= 0 {
		max = DefaultMaxFileSize
	}
	return parse(r, max, DefaultLimits)
}

// ParseWith reads a file of at most max bytes (0: DefaultMaxFileSize;
// negative: any size) within the model limits lim (zero fields:
// DefaultLimits). A model over one of them is refused with a *LimitError as
// soon as the reader meets the first element or value too many, so a
// hostile file costs what its first few thousand elements cost.
func ParseWith(r io.Reader, max int64, lim Limits) (*Definitions, error) {
	if max == 0 {
		max = DefaultMaxFileSize
	}
	return parse(r, max, lim)
}

func parse(r io.Reader, limit int64, lim Limits) (*Definitions, error) {
	var warn warnings
	root, err := readTree(r, limit, lim.WithDefaults(), &warn)
	if err != nil {
		return nil, err
	}
	d := &Definitions{}
	var flowParents [][]string // per process, the container of each flow
	for _, c := range root.children {
		switch {
		case c.is("process"):
			p, parents, err := parseProcess(c)
			if err != nil {
				return nil, err
			}
			d.Processes = append(d.Processes, p)
			flowParents = append(flowParents, parents)
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
	resolve(d, flowParents, &warn)
	d.Warnings, d.WarningsMore = warn.list, warn.more
	return d, nil
}

// element is a node of the XML tree; the whole file is read first because
// tools write sequence flows before or after the nodes they connect. The
// diagram interchange (shapes, edges, waypoints: most of a file) is not
// kept: only its BPMNDiagram elements are counted.
type element struct {
	name     xml.Name
	attrs    []xml.Attr
	children []*element
	text     []byte // of a flowNodeRef only
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

// readTree reads the XML tree of a BPMN file of at most limit bytes (limit
// < 0: none) and checks its root, its ids and the model limits lim. It
// stops at the first thing it refuses, so a hostile file costs no more than
// its first offending token. An element whose id repeats that of an earlier
// element of its kind is not kept (nor what is inside it), and warn says
// so.
func readTree(r io.Reader, limit int64, lim Limits, warn *warnings) (*element, error) {
	if limit >= 0 {
		r = &sizeLimit{r: r, left: limit + 1, max: limit}
	}
	src, err := sniff(r)
	if err != nil {
		return nil, err
	}
	in := newTokenReader(src)
	dec := xml.NewDecoder(in)
	dec.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		decoded, err := charsetReader(label, input)
		if err != nil || decoded == input {
			return decoded, err
		}
		in = newTokenReader(decoded) // count the decoded bytes from here on
		return in, nil
	}
	var root *element
	var stack []*element
	elements := 0
	skip := 0         // depth inside an element that is not kept
	dropping := false // the element not kept repeats an id: its content is not read at all
	var procs, nodes, lanes, refs, flows, depth int
	ids := idSet{}
	var container []bool // per kept element on the stack: a subprocess
	for {
		line, col := dec.InputPos() // where the next token starts
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if in.err != nil && in.err != io.EOF {
				// The decoder may have reported its own complaint about
				// the bytes before the reader stopped (a cut UTF-8
				// sequence); the reader's reason comes first.
				err = in.err
			}
			return nil, readError(err, dec, stack, line, col)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if elements += 1 + len(t.Attr); elements > MaxElements {
				return nil, fmt.Errorf("%w: more than %d elements and attributes (line %d); no process model is that large",
					ErrInvalid, MaxElements, line)
			}
			if len(stack)+skip >= MaxNesting {
				return nil, fmt.Errorf("%w: nesting deeper than %d at line %d, column %d", ErrInvalid, MaxNesting, line, col)
			}
			if a, ok := repeated(t.Attr); ok {
				return nil, fmt.Errorf("%w: not well-formed XML at line %d, column %d: attribute %s repeated on <%s>",
					ErrInvalid, line, col, qualified(a), t.Name.Local)
			}
			for _, a := range t.Attr {
				if len(a.Value) > lim.AttrBytes {
					return nil, limitError(LimitAttrBytes, lim.AttrBytes, len(a.Value), line)
				}
			}
			if skip > 0 {
				skip++
				if !dropping {
					ids.note(t, false, line, warn)
				}
				break
			}
			if len(stack) == 0 {
				switch {
				case root != nil:
					return nil, fmt.Errorf("%w: a second root element <%s> at line %d, column %d; a file has one <definitions>",
						ErrInvalid, t.Name.Local, line, col)
				case t.Name.Space != ModelNS || t.Name.Local != "definitions":
					return nil, fmt.Errorf("%w: root element is <%s> in namespace %q, want <definitions> in %s",
						ErrInvalid, t.Name.Local, t.Name.Space, ModelNS)
				}
				ids.note(t, false, line, warn)
				root = &element{name: t.Name, attrs: t.Attr}
				stack, container = append(stack, root), append(container, false)
				break
			}
			top := stack[len(stack)-1]
			keep, inside := kept(top, t.Name)
			switch ok, err := ids.note(t, keep, line, warn); {
			case err != nil:
				return nil, err
			case !ok:
				skip, dropping = 1, true
			case !keep:
				skip = 1 // nothing Parse reads: neither kept nor counted
			}
			if skip > 0 {
				break
			}
			sub := false
			switch local := t.Name.Local; {
			case nodeKinds[local]:
				if nodes++; nodes > lim.FlowNodes {
					return nil, limitError(LimitFlowNodes, lim.FlowNodes, nodes, line)
				}
				if sub = containerKinds[local]; sub {
					if depth++; depth > lim.Depth {
						return nil, limitError(LimitDepth, lim.Depth, depth, line)
					}
				}
			case local == "process":
				if procs++; procs > lim.Processes {
					return nil, limitError(LimitProcesses, lim.Processes, procs, line)
				}
			case local == "lane":
				if lanes++; lanes > lim.Lanes {
					return nil, limitError(LimitLanes, lim.Lanes, lanes, line)
				}
			case local == "flowNodeRef":
				if refs++; refs > laneRefs(lim) {
					return nil, limitError(LimitLaneRefs, laneRefs(lim), refs, line)
				}
			case local == "sequenceFlow", local == "messageFlow":
				if flows++; flows > lim.Flows {
					return nil, limitError(LimitFlows, lim.Flows, flows, line)
				}
			}
			e := &element{name: t.Name, attrs: t.Attr}
			if t.Name.Space == DINS {
				e.attrs = nil // counted, not read
			}
			top.children = append(top.children, e)
			if !inside {
				skip = 1
				break
			}
			stack = append(stack, e)
			container = append(container, sub)
		case xml.EndElement:
			if skip > 0 {
				skip--
				dropping = dropping && skip > 0
				break
			}
			if container[len(container)-1] {
				depth--
			}
			stack, container = stack[:len(stack)-1], container[:len(container)-1]
		case xml.CharData:
			// Only lanes' node references are read from text; the white
			// space between the other elements would cost time and memory.
			if n := len(stack); skip == 0 && n > 0 && stack[n-1].is("flowNodeRef") {
				if stack[n-1].text = append(stack[n-1].text, t...); len(stack[n-1].text) > lim.AttrBytes {
					return nil, limitError(LimitAttrBytes, lim.AttrBytes, len(stack[n-1].text), line)
				}
			}
		case xml.Directive:
			if len(t) >= 7 && strings.EqualFold(string(t[:7]), "DOCTYPE") {
				return nil, fmt.Errorf("%w: DOCTYPE is not allowed (line %d): a BPMN file has none, "+
					"and the entities it declares could expand without end or read other files", ErrInvalid, line)
			}
			return nil, fmt.Errorf("%w: the declaration <!%s> is not allowed (line %d)", ErrInvalid, clip(t, 20), line)
		}
		in.mark()
	}
	if len(stack) > 0 { // encoding/xml reports this itself; kept for safety
		line, col := dec.InputPos()
		return nil, fmt.Errorf("%w: not well-formed XML: unexpected end of file at line %d, column %d: <%s> is not closed",
			ErrInvalid, line, col, stack[len(stack)-1].name.Local)
	}
	if root == nil {
		return nil, fmt.Errorf("%w: not an XML document: it has no root element", ErrInvalid)
	}
	return root, nil
}

// readError explains an error of the XML decoder, which stopped at a token
// that began at line, col.
func readError(err error, dec *xml.Decoder, stack []*element, line, col int) error {
	var tooLarge *sizeError
	var charset *charsetError
	var syntax *xml.SyntaxError
	at, atCol := dec.InputPos() // where the decoder stopped
	switch {
	case errors.As(err, &tooLarge):
		return fmt.Errorf("%w: %v", ErrInvalid, tooLarge)
	case errors.Is(err, errTokenTooLong):
		return fmt.Errorf("%w: a name, attribute value, text or comment longer than %d MiB at line %d, column %d",
			ErrInvalid, MaxTokenSize>>20, line, col)
	case errors.As(err, &charset):
		return fmt.Errorf("%w: %v (line %d)", ErrInvalid, charset, at)
	case errors.As(err, &syntax) && strings.HasPrefix(syntax.Msg, "unexpected EOF"),
		errors.Is(err, io.ErrUnexpectedEOF):
		open := ""
		if len(stack) > 0 {
			open = fmt.Sprintf(": <%s> is not closed", stack[len(stack)-1].name.Local)
		}
		return fmt.Errorf("%w: not well-formed XML: unexpected end of file at line %d, column %d%s", ErrInvalid, at, atCol, open)
	case syntax != nil:
		return fmt.Errorf("%w: not well-formed XML at line %d, column %d: %s", ErrInvalid, at, atCol, syntax.Msg)
	}
	return fmt.Errorf("%w: not well-formed XML at line %d, column %d: %w", ErrInvalid, at, atCol, err)
}

// repeated returns an attribute given twice, which XML forbids; encoding/xml
// does not check it, and a tool would read one of the two values.
func repeated(attrs []xml.Attr) (xml.Name, bool) {
	if len(attrs) <= 8 {
		for i := range attrs {
			for j := range i {
				if attrs[i].Name == attrs[j].Name {
					return attrs[i].Name, true
				}
			}
		}
		return xml.Name{}, false
	}
	seen := make(map[xml.Name]bool, len(attrs))
	for _, a := range attrs {
		if seen[a.Name] {
			return a.Name, true
		}
		seen[a.Name] = true
	}
	return xml.Name{}, false
}

// qualified writes a name for a message: {namespace}local or local.
func qualified(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return "{" + n.Space + "}" + n.Local
}

// clip returns the start of b for a message, at most n bytes and valid UTF-8.
func clip(b []byte, n int) string {
	s := strings.ToValidUTF8(string(b[:min(len(b), n)]), "")
	if len(b) > n {
		s += "…"
	}
	return s
}

// sniff checks the start of a file: a file that is empty or does not begin
// with "<" is no XML document, whatever the decoder would make of it. A
// UTF-16 file is decoded to UTF-8 here, since the decoder reads bytes.
func sniff(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 4096)
	head, err := br.Peek(4)
	if err != nil && err != io.EOF {
		return nil, peekError(err)
	}
	src := io.Reader(br)
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		src = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case bytes.Equal(head, []byte{'<', 0, '?', 0}):
		src = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder())
	case bytes.Equal(head, []byte{0, '<', 0, '?'}):
		src = transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder())
	}
	if src != io.Reader(br) {
		br = bufio.NewReaderSize(src, 4096)
	}
	head, err = br.Peek(512)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, peekError(err)
	}
	text := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\uFEFF")), " \t\r\n")
	switch {
	case len(head) == 0:
		return nil, fmt.Errorf("%w: not an XML document: the file is empty", ErrInvalid)
	case len(text) == 0 && len(head) < 512:
		return nil, fmt.Errorf("%w: not an XML document: the file holds only white space", ErrInvalid)
	case len(text) > 0 && text[0] != '<':
		return nil, fmt.Errorf("%w: not an XML document: %s", ErrInvalid, describeStart(text))
	}
	return br, nil
}

func peekError(err error) error {
	var tooLarge *sizeError
	if errors.As(err, &tooLarge) {
		return fmt.Errorf("%w: %v", ErrInvalid, tooLarge)
	}
	return fmt.Errorf("%w: reading the file: %w", ErrInvalid, err)
}

// describeStart says what a file that is not XML begins with.
func describeStart(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return "it is a ZIP archive (an Office file or a tool's own format?); export the model as BPMN 2.0 XML"
	case bytes.HasPrefix(b, []byte("%PDF")):
		return "it is a PDF document; export the model as BPMN 2.0 XML"
	case bytes.HasPrefix(b, []byte("{")) || bytes.HasPrefix(b, []byte("[")):
		return "it begins like JSON; export the model as BPMN 2.0 XML"
	}
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
		b = b[:i]
	}
	head := b[:min(len(b), 40)]
	for i := 0; i < utf8.UTFMax-1 && len(head) < len(b) && !utf8.Valid(head); i++ {
		head = head[:len(head)-1] // a character cut at the end
	}
	if !utf8.Valid(head) || bytes.ContainsFunc(head, func(r rune) bool { return r < ' ' && r != '\t' }) {
		return "it begins with binary data"
	}
	s := clip(b, 40)
	return fmt.Sprintf("it begins with %q", s)
}

// sizeLimit passes at most max bytes of r and fails on the next one, having
// read max+1 bytes and no more.
type sizeLimit struct {
	r         io.Reader
	left, max int64
}

func (s *sizeLimit) Read(p []byte) (int, error) {
	if s.left <= 0 {
		return 0, &sizeError{s.max}
	}
	p = p[:min(int64(len(p)), s.left)]
	n, err := s.r.Read(p)
	if s.left -= int64(n); s.left <= 0 {
		return 0, &sizeError{s.max}
	}
	return n, err
}

// sizeError is a file larger than the limit.
type sizeError struct{ max int64 }

func (e *sizeError) Error() string {
	return fmt.Sprintf("the file is larger than %s MiB, the limit", strconv.FormatFloat(float64(e.max)/(1<<20), 'f', -1, 64))
}

var errTokenTooLong = errors.New("token too long")

// tokenReader hands the decoder its bytes and refuses to hand out more than
// MaxTokenSize since the end of the last token: the decoder holds a whole
// tag, text or comment in memory before returning it, so this bounds what
// one token can cost.
type tokenReader struct {
	r    io.Reader
	buf  []byte
	i, n int
	base int64 // bytes handed out before buf
	from int64 // bytes handed out when the last token ended
	err  error
}

func newTokenReader(r io.Reader) *tokenReader {
	return &tokenReader{r: r, buf: make([]byte, 16<<10)}
}

// mark records that a token has ended.
func (t *tokenReader) mark() { t.from = t.base + int64(t.i) }

func (t *tokenReader) ReadByte() (byte, error) {
	if t.i < t.n {
		b := t.buf[t.i]
		t.i++
		return b, nil
	}
	if err := t.fill(); err != nil {
		return 0, err
	}
	t.i++
	return t.buf[0], nil
}

func (t *tokenReader) fill() error {
	if t.err != nil {
		return t.err
	}
	t.base += int64(t.n)
	t.i, t.n = 0, 0
	allow := t.from + MaxTokenSize - t.base
	if allow <= 0 {
		t.err = errTokenTooLong
		return t.err
	}
	for range 100 {
		n, err := t.r.Read(t.buf[:min(int64(len(t.buf)), allow)])
		if n > 0 {
			t.n = n
			return nil
		}
		if err != nil {
			t.err = err
			return err
		}
	}
	t.err = io.ErrNoProgress
	return t.err
}

// Read serves the decoder's CharsetReader, which takes over the rest of the
// input.
func (t *tokenReader) Read(p []byte) (int, error) {
	if t.i < t.n {
		k := copy(p, t.buf[t.i:t.n])
		t.i += k
		return k, nil
	}
	if t.err != nil {
		return 0, t.err
	}
	n, err := t.r.Read(p)
	if err != nil {
		t.err = err
	}
	return n, err
}

// charsetError is an encoding the reader does not know.
type charsetError struct{ label string }

func (e *charsetError) Error() string {
	return fmt.Sprintf("the file's encoding %q is not supported (save it as UTF-8)", e.label)
}

// charsetReader decodes the legacy encodings Windows tools still declare.
// ISO-8859-1 is read as windows-1252, its superset in practice, as browsers
// do. A file declaring UTF-16 is UTF-8 by now: either sniff has decoded it,
// or the tool declared UTF-16 but wrote 8-bit text, as .NET programs writing
// through a string often do (the decoder could read the declaration).
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-16", "utf-16le", "utf-16be", "ucs-2", "unicode", "us-ascii", "ascii":
		return input, nil
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252":
		return charmap.Windows1252.NewDecoder().Reader(input), nil
	case "iso-8859-15", "iso8859-15", "latin9", "latin-9":
		return charmap.ISO8859_15.NewDecoder().Reader(input), nil
	}
	return nil, &charsetError{label}
}

// kept says whether the reader keeps an element named n inside parent,
// and whether it keeps what is inside it: only what parse reads is kept
// (processes with their flow nodes, sequence flows and lanes, the
// collaboration's participants and message flows, and the diagrams, which
// are only counted), so memory follows the model limits, not the file:
// documentation, extensions, a flow node's incoming and outgoing
// references and the diagram's shapes are read past.
func kept(parent *element, n xml.Name) (keep, inside bool) {
	if n.Space == DINS {
		return parent.is("definitions") && n.Local == "BPMNDiagram", false
	}
	if n.Space != ModelNS || parent.name.Space != ModelNS {
		return false, false
	}
	switch p := parent.name.Local; {
	case p == "definitions":
		return n.Local == "process" || n.Local == "collaboration", true
	case p == "collaboration":
		return n.Local == "participant" || n.Local == "messageFlow", false
	case p == "process" || containerKinds[p]:
		switch {
		case nodeKinds[n.Local]:
			return true, containerKinds[n.Local]
		case n.Local == "sequenceFlow":
			return true, false
		case n.Local == "laneSet":
			return true, true
		}
	case p == "laneSet" || p == "childLaneSet":
		return n.Local == "lane", true
	case p == "lane":
		return n.Local == "flowNodeRef" || n.Local == "childLaneSet", true
	}
	return false, false
}

// attrValue returns an unqualified attribute's value as written.
func attrValue(attrs []xml.Attr, local string) string {
	for _, a := range attrs {
		if a.Name.Space == "" && a.Name.Local == local {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// idSet records the ids of a file's BPMN elements as they come, in the
// parts of the file that are not kept too, with the kinds of element that
// bear each one: references must be unambiguous.
type idSet map[string]idUse

type idUse struct {
	first string // the local name of the first element with the id
	kinds uint16 // idKind bits of the kept elements with the id
}

// idKind is the kind of a kept element as far as ids go: references name a
// flow node, a process, a lane … each by its id, so two elements of one
// kind must not share one, while an id shared across kinds misleads no
// reference the reader follows. Elements not kept are of kind 0 here.
func idKind(local string) uint16 {
	if nodeKinds[local] {
		return 1
	}
	for i, k := range []string{"sequenceFlow", "process", "laneSet", "lane", "childLaneSet",
		"collaboration", "participant", "messageFlow"} {
		if local == k {
			return 2 << i
		}
	}
	return otherKind
}

// otherKind is the idKind of an element no reference the reader follows
// names.
const otherKind = 1 << 15

// note records the id of element t, which the reader keeps or not, and
// reports whether t may be kept: not when it repeats the id of an earlier
// element of its kind (a warning), and an error when both are flow nodes.
func (s idSet) note(t xml.StartElement, keep bool, line int, warn *warnings) (bool, error) {
	if t.Name.Space != ModelNS {
		return true, nil
	}
	id := attrValue(t.Attr, "id")
	if id == "" {
		return true, nil
	}
	var kind uint16
	if keep {
		kind = idKind(t.Name.Local)
	}
	use, seen := s[id]
	switch {
	case !seen:
		s[id] = idUse{first: t.Name.Local, kinds: kind}
		return true, nil
	case kind == 1 && use.kinds&1 != 0:
		return false, fmt.Errorf("%w: duplicate id %q (on <%s> at line %d): two flow nodes with one id "+
			"make the flows to and from them ambiguous", ErrInvalid, id, t.Name.Local, line)
	case kind == 0 || use.kinds&kind != 0:
		warn.add(WarnDuplicateID, id, t.Name.Local, strconv.Itoa(line), use.first)
		return kind == 0, nil
	}
	warn.add(WarnDuplicateIDKept, id, t.Name.Local, strconv.Itoa(line), use.first)
	use.kinds |= kind
	s[id] = use
	return true, nil
}

type laneRef struct {
	lane  string
	depth int
}

// parseProcess reads a process element. Its flows are checked by
// resolve, which sees every process; parents are the containers (the
// subprocess, or "" for the process) the flows are drawn in.
func parseProcess(e *element) (p Process, parents []string, err error) {
	p = Process{ID: e.attr("id"), Name: e.attr("name")}
	lanes := map[string]laneRef{}
	if err := collect(&p, e, "", lanes, &parents); err != nil {
		return Process{}, nil, err
	}
	index := make(map[string]int, len(p.Nodes))
	for i, n := range p.Nodes {
		index[n.ID] = i
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
	return p, parents, nil
}

// resolve checks the references of d's processes, each of which names its
// flows' containers in parents: a sequence flow the graph cannot hold is
// taken out of its process's Flows, and every reference that leads nowhere
// is a warning (see Parse).
func resolve(d *Definitions, parents [][]string, warn *warnings) {
	type place struct {
		proc   int
		parent string
	}
	nodes := map[string]place{}
	for pi, p := range d.Processes {
		for _, n := range p.Nodes {
			nodes[n.ID] = place{pi, n.Parent}
		}
	}
	for pi := range d.Processes {
		p := &d.Processes[pi]
		kept := p.Flows[:0]
		for fi, f := range p.Flows {
			ok := true
			for _, ref := range []struct{ name, id string }{{"sourceRef", f.SourceRef}, {"targetRef", f.TargetRef}} {
				at, found := nodes[ref.id]
				switch {
				case ref.id == "":
					warn.add(WarnFlowNoRef, f.ID, ref.name)
				case !found:
					warn.add(WarnFlowUnknownRef, f.ID, ref.name, ref.id)
				case at.proc != pi:
					warn.add(WarnFlowOtherProcess, f.ID, p.ID, ref.name, ref.id, d.Processes[at.proc].ID)
				default:
					continue
				}
				ok = false
				break
			}
			if !ok {
				continue
			}
			if in := parents[pi][fi]; nodes[f.SourceRef].parent != in || nodes[f.TargetRef].parent != in {
				warn.add(WarnFlowCrossesSubprocess, f.ID, f.SourceRef, f.TargetRef)
			}
			kept = append(kept, f)
		}
		clear(p.Flows[len(kept):])
		p.Flows = slices.Clip(kept)
		for _, l := range p.Lanes {
			for _, ref := range l.FlowNodeRefs {
				if at, found := nodes[ref]; ref != "" && (!found || at.proc != pi) {
					warn.add(WarnLaneUnknownRef, l.ID, ref)
				}
			}
		}
		for _, n := range p.Nodes {
			if at, found := nodes[n.AttachedTo]; n.Kind == "boundaryEvent" && (!found || at.proc != pi) {
				warn.add(WarnAttachedUnknown, n.ID, n.AttachedTo)
			}
		}
	}
}

// collect gathers the flow nodes, sequence flows and lanes of a process or
// subprocess element into p, and the container of each flow into parents.
func collect(p *Process, e *element, parent string, lanes map[string]laneRef, parents *[]string) error {
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
				if err := collect(p, c, id, lanes, parents); err != nil {
					return err
				}
			}
		case local == "sequenceFlow":
			p.Flows = append(p.Flows, Flow{
				ID: c.attr("id"), Name: c.attr("name"),
				SourceRef: c.attr("sourceRef"), TargetRef: c.attr("targetRef"),
			})
			*parents = append(*parents, parent)
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
			case at.Name.Local == "employeeMinutes" && f > MaxEmployeeMinutes:
				return a, bad(fmt.Sprintf("more than %d minutes", MaxEmployeeMinutes))
			case at.Name.Local == "waitingDays" && f > MaxWaitingDays:
				return a, bad(fmt.Sprintf("more than %d days", MaxWaitingDays))
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
