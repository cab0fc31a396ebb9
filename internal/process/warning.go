package process

import "slices"

// Warning is a fault in a file that the reader worked around rather than
// refuse the file: other tools' exports contain them (SAP Signavio, Visual
// Paradigm and ARIS write sequence flows across pools and repeat the ids of
// event definitions), and bpmn-js opens such files with import warnings.
// The figures are computed without what a warning names, so the pages show
// the warnings beside them.
//
// Code is a message key (one of the Warn* constants); the message takes ID
// and then Params, in that order.
type Warning struct {
	Code   string   `json:"code"`
	ID     string   `json:"id"`
	Params []string `json:"params,omitempty"`
}

// Args are the message's arguments: ID, then Params.
func (w Warning) Args() []any {
	out := make([]any, 0, 1+len(w.Params))
	out = append(out, w.ID)
	for _, p := range w.Params {
		out = append(out, p)
	}
	return out
}

// The warnings' codes, with the Params each takes after ID.
const (
	// An id given earlier to another element; the later element is not
	// read. Params: the element, its line, the earlier element.
	WarnDuplicateID = "process.warning.duplicate_id"
	// An id given earlier to an element of another kind, which nothing
	// the reader follows confuses with this one (an event definition and
	// a flow node): both are read. Params: the element, its line, the
	// earlier element.
	WarnDuplicateIDKept = "process.warning.duplicate_id_kept"
	// A sequence flow without a source or target. Params: the attribute.
	WarnFlowNoRef = "process.warning.flow_no_ref"
	// A sequence flow to or from an id that is no flow node of the file.
	// Params: the attribute, the id.
	WarnFlowUnknownRef = "process.warning.flow_unknown_ref"
	// A sequence flow to or from a flow node of another process (pool).
	// Params: its process, the attribute, the node, the node's process.
	WarnFlowOtherProcess = "process.warning.flow_other_process"
	// A sequence flow across the border of a subprocess within its
	// process; it counts as drawn. Params: source, target.
	WarnFlowCrossesSubprocess = "process.warning.flow_crosses_subprocess"
	// A lane listing an id that is no flow node of its process. Params:
	// the id.
	WarnLaneUnknownRef = "process.warning.lane_unknown_ref"
	// A boundary event attached to no activity of its process. Params:
	// attachedToRef.
	WarnAttachedUnknown = "process.warning.attached_unknown"
)

// MaxWarnings is how many warnings a model lists at most; the rest are
// counted, so that a file repeating one id a hundred thousand times makes
// no page large.
const MaxWarnings = 100

// warnings collects a file's warnings in the order they are found, the
// first MaxWarnings of them.
type warnings struct {
	list []Warning
	more int
}

func (w *warnings) add(code, id string, params ...string) {
	if len(w.list) >= MaxWarnings {
		w.more++
		return
	}
	w.list = append(w.list, Warning{Code: code, ID: id, Params: params})
}

// capWarnings keeps the first MaxWarnings of list and counts the rest in
// more.
func capWarnings(list []Warning, more *int) []Warning {
	if n := len(list); n > MaxWarnings {
		*more += n - MaxWarnings
		return slices.Clip(list[:MaxWarnings])
	}
	return list
}
