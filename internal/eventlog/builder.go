package eventlog

import (
	"slices"
	"time"
)

// Builder accumulates a log's events, one at a time, and computes its
// Stats at the end. It keeps per case a compact slice (interned activity
// and resource numbers with the time in Unix nanoseconds), never the file,
// so memory grows with the events kept, not with the file's attributes.
// Cases may arrive interleaved and events out of order; Stats sorts each
// case by time (stably, so equal times keep the file's order). A Builder is
// not safe for concurrent use.
type Builder struct {
	format   Format
	acts     interner
	res      interner
	caseIdx  map[string]int32
	cases    []caseRec
	events   int
	anyOcc   bool // some event is complete (or has no lifecycle)
	anyDir   bool // some event has a direction (Noark)
	anyOpen  bool // SetOpen was called
	warnings map[string]int
}

// caseRec is one case: its events and whether it is still open.
type caseRec struct {
	ev   []event
	open int8 // 0 not told, 1 open, 2 closed
}

// event is one event as kept: 24 bytes whatever the file said about it.
type event struct {
	t    int64 // Unix nanoseconds
	act  int32
	res  int32 // -1: none
	kind uint8 // kindOcc | direction
}

const (
	kindOcc      uint8 = 1 << 0 // lifecycle complete or absent: an activity occurrence
	kindIn       uint8 = 1 << 1
	kindOut      uint8 = 1 << 2
	kindInternal uint8 = 1 << 3
)

// interner numbers distinct strings in order of first appearance.
type interner struct {
	ids   map[string]int32
	names []string
}

func (in *interner) id(s string) int32 {
	if id, ok := in.ids[s]; ok {
		return id
	}
	return in.add(s)
}

// idBytes looks b up without allocating when it was seen before.
func (in *interner) idBytes(b []byte) int32 {
	if id, ok := in.ids[string(b)]; ok {
		return id
	}
	return in.add(string(b))
}

func (in *interner) add(s string) int32 {
	if in.ids == nil {
		in.ids = make(map[string]int32)
	}
	id := int32(len(in.names))
	in.ids[s] = id
	in.names = append(in.names, s)
	return id
}

// NewBuilder starts the statistics of a log of format f (recorded in
// Stats.Format).
func NewBuilder(f Format) *Builder {
	return &Builder{format: f, caseIdx: make(map[string]int32), warnings: make(map[string]int)}
}

// Add counts one event. An event without a case, an activity or a time
// is not counted; a warning is counted instead.
func (b *Builder) Add(e Event) {
	switch {
	case e.Case == "":
		b.Warn(WarnEventWithoutCase)
		return
	case e.Activity == "":
		b.Warn(WarnEventWithoutActivity)
		return
	case e.Time.IsZero():
		b.Warn(WarnEventWithoutTime)
		return
	}
	res := int32(-1)
	if e.Resource != "" {
		res = b.res.id(e.Resource)
	}
	b.addEvent(b.caseOf(e.Case), event{
		t:    e.Time.UnixNano(),
		act:  b.acts.id(e.Activity),
		res:  res,
		kind: lifecycleKind(e.Lifecycle) | directionKind(e.Direction),
	})
}

// SetOpen records whether a case is still open (Noark: saksstatus and
// avsluttetDato). Stats.OpenCases counts the open cases that have events;
// it is set only when SetOpen was called at all.
func (b *Builder) SetOpen(caseID string, open bool) {
	if caseID == "" {
		return
	}
	b.anyOpen = true
	c := &b.cases[b.caseOf(caseID)]
	c.open = 2
	if open {
		c.open = 1
	}
}

// Warn counts a warning: a translation key ("eventlog.warning.*") of
// something read around.
func (b *Builder) Warn(code string) {
	b.warnings[code]++
}

func (b *Builder) caseOf(id string) int32 {
	if i, ok := b.caseIdx[id]; ok {
		return i
	}
	i := int32(len(b.cases))
	b.caseIdx[id] = i
	b.cases = append(b.cases, caseRec{})
	return i
}

func (b *Builder) addEvent(ci int32, e event) {
	b.events++
	if e.kind&kindOcc != 0 {
		b.anyOcc = true
	}
	if e.kind&(kindIn|kindOut|kindInternal) != 0 {
		b.anyDir = true
	}
	b.cases[ci].ev = append(b.cases[ci].ev, e)
}

// lifecycleKind tells whether an event with this lifecycle transition is
// an occurrence of its activity: "complete" or none at all.
func lifecycleKind(lc string) uint8 {
	if lc == "" || equalFoldASCII(lc, "complete") {
		return kindOcc
	}
	return 0
}

func directionKind(d Direction) uint8 {
	switch d {
	case DirectionIn:
		return kindIn
	case DirectionOut:
		return kindOut
	case DirectionInternal:
		return kindInternal
	}
	return 0
}

func equalFoldASCII(s, t string) bool {
	if len(s) != len(t) {
		return false
	}
	for i := 0; i < len(s); i++ {
		a, b := s[i], t[i]
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}

// sortCase orders a case's events by time, keeping the file's order among
// equal times.
func sortCase(ev []event) {
	if slices.IsSortedFunc(ev, cmpEvent) {
		return
	}
	slices.SortStableFunc(ev, cmpEvent)
}

func cmpEvent(a, b event) int {
	switch {
	case a.t < b.t:
		return -1
	case a.t > b.t:
		return 1
	}
	return 0
}

func utc(ns int64) time.Time { return time.Unix(0, ns).UTC() }
