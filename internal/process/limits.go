package process

import (
	"errors"
	"fmt"
)

// Limits bound what one BPMN model may hold. They are far above any process
// a person draws (the largest demo model has a few dozen flow nodes, the
// 1 000-task benchmark model of docs/benchmarks.md 1 152 flow nodes,
// 1 281 sequence flows and 5 lanes) and low enough that a model inside them
// costs every page that reads it a bounded time and memory. The reader
// checks them while it reads, so a file over a limit is refused after the
// first element too many, not after it has been read whole.
//
// A zero field means its default (DefaultLimits); the operator sets them
// with the --max-bpmn-* flags (see README).
type Limits struct {
	Processes int // processes (pools with a process)
	FlowNodes int // tasks, events, gateways, call activities and subprocesses, in all processes
	Lanes     int // lanes, nested ones included
	Flows     int // sequence flows and message flows together
	Depth     int // subprocesses inside one another
	AttrBytes int // bytes of one attribute value (a name, an id, a tv: attribute) or one lane reference
}

// DefaultLimits are the limits unless configured otherwise.
var DefaultLimits = Limits{Processes: 100, FlowNodes: 5_000, Lanes: 200, Flows: 10_000, Depth: 20, AttrBytes: 16 << 10}

// WithDefaults returns l with every zero or negative field set to its
// default.
func (l Limits) WithDefaults() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.Processes, DefaultLimits.Processes)
	def(&l.FlowNodes, DefaultLimits.FlowNodes)
	def(&l.Lanes, DefaultLimits.Lanes)
	def(&l.Flows, DefaultLimits.Flows)
	def(&l.Depth, DefaultLimits.Depth)
	def(&l.AttrBytes, DefaultLimits.AttrBytes)
	return l
}

// The names of the limits, as LimitError.Limit gives them; each has the
// i18n message "process.limit.<name>".
const (
	LimitProcesses = "processes"
	LimitFlowNodes = "flow_nodes"
	LimitLanes     = "lanes"
	LimitFlows     = "flows"
	LimitDepth     = "depth"
	LimitAttrBytes = "attr_bytes"
	// LimitLaneRefs is the lanes' references to flow nodes, at most four
	// per flow node (a node is listed by its lane and each lane around it).
	LimitLaneRefs = "lane_refs"
)

// laneRefs is how many flowNodeRef elements a model may have.
func laneRefs(l Limits) int { return 4 * l.FlowNodes }

// LimitNames lists the Limit* names.
var LimitNames = []string{LimitProcesses, LimitFlowNodes, LimitLanes, LimitLaneRefs, LimitFlows, LimitDepth, LimitAttrBytes}

// LimitError is a model over one of its Limits. The reader stops at the
// first element over the limit, so Count is Max+1 (for AttrBytes: the
// length of the value, which the XML reader has already bounded by
// MaxTokenSize). It wraps ErrInvalid.
type LimitError struct {
	Limit string // one of the Limit* names
	Max   int
	Count int // what the reader had counted when it stopped
	Line  int // where it stopped
}

func (e *LimitError) Error() string {
	what := map[string]string{
		LimitProcesses: "processes",
		LimitFlowNodes: "flow nodes (tasks, events, gateways)",
		LimitLanes:     "lanes",
		LimitLaneRefs:  "references from lanes to flow nodes",
		LimitFlows:     "sequence and message flows",
		LimitDepth:     "subprocesses inside one another",
		LimitAttrBytes: "bytes in one attribute value",
	}[e.Limit]
	return fmt.Sprintf("invalid BPMN: more than %d %s (stopped at %d, line %d); no process model is that large",
		e.Max, what, e.Count, e.Line)
}

// Unwrap makes errors.Is(err, ErrInvalid) hold.
func (e *LimitError) Unwrap() error { return ErrInvalid }

// AsLimitError returns the LimitError in err's chain, if any.
func AsLimitError(err error) (*LimitError, bool) {
	var le *LimitError
	ok := errors.As(err, &le)
	return le, ok
}

func limitError(limit string, max, count, line int) error {
	return &LimitError{Limit: limit, Max: max, Count: count, Line: line}
}
