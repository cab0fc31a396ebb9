package eventlog

import (
	"bytes"
	"errors"
	"io"
	"strconv"

	"github.com/tjenestevalg/tjenestevalg/internal/xmlscan"
)

// ReadXES reads an XES (IEEE 1849) event log into b, streaming: plain or
// gzip (sniffed from the first bytes, whatever the name says). A trace's
// concept:name attribute is its case id (a trace without one gets
// "trace-N", its position in the file, and a warning); an event's
// concept:name is its activity, time:timestamp its time,
// lifecycle:transition its lifecycle and org:resource its resource.
//
// What real exports contain is read around: elements are matched by
// local name, so a namespace (or none) does not matter; an extension
// declared with another prefix or an old URI (code.deckfour.org,
// www.xes-standard.org) is recognised by its URI or name; nested and list
// attributes, globals, classifiers and log attributes are skipped; each
// timestamp keeps its own offset; events out of order are sorted by the
// Builder; every lifecycle transition is an event (see Stats for which
// count as activity occurrences). Events without a name or a time are
// counted as warnings.
//
// Errors: *ReadError — CodeNotEventLog (not XML, or a root other than
// log), CodeMalformedXML with the line, CodeBadTimestamp with the line and
// value, CodeBadGzip, CodeNoEvents, CodeRead.
func ReadXES(r io.Reader, b *Builder) error {
	src, err := xesSource(r)
	if err != nil {
		return err
	}
	x := xesReader{b: b, sc: xmlscan.New(src, xmlscan.DefaultLimits)}
	return x.run()
}

// xesSource undoes gzip (sniffed) and a non-UTF-8 encoding (see
// xmlscan.Decode).
func xesSource(r io.Reader) (io.Reader, error) {
	br, err := ungzip(r)
	if err != nil {
		return nil, err
	}
	src, err := xmlscan.Decode(br)
	if err != nil {
		var re *ReadError
		if errors.As(err, &re) {
			return nil, re
		}
		return nil, &ReadError{Code: CodeRead, Params: []any{err.Error()}}
	}
	return src, nil
}

// The keys read, by extension.
const (
	keyOther = iota
	keyName
	keyTime
	keyLifecycle
	keyResource
)

type xesReader struct {
	b  *Builder
	sc *xmlscan.Scanner

	traces  int
	events  int
	inTrace bool
	inEvent bool
	// The trace at hand.
	traceName []byte
	hasName   bool
	pending   []event
	// The event at hand.
	ev      event
	hasAct  bool
	hasTime bool

	// Prefixes declared for the standard extensions under other names.
	prefixes map[string]int // "cn:name" style keys → key kind
	scratch  []byte
}

func (x *xesReader) run() error {
	sc := x.sc
	for {
		kind, err := sc.Next()
		if err != nil {
			return x.readError(err)
		}
		switch kind {
		case xmlscan.EOF:
			if x.events == 0 {
				return &ReadError{Code: CodeNoEvents}
			}
			return nil
		case xmlscan.Start:
			if err := x.start(sc.Local()); err != nil {
				return err
			}
		case xmlscan.End:
			x.end()
		}
	}
}

func (x *xesReader) readError(err error) error {
	var se *xmlscan.SyntaxError
	if errors.As(err, &se) {
		if !x.sc.SeenRoot() {
			return &ReadError{Line: se.Line, Code: CodeNotEventLog}
		}
		return &ReadError{Line: se.Line, Code: CodeMalformedXML, Params: []any{se.Msg}}
	}
	var re *ReadError
	if errors.As(err, &re) {
		return re
	}
	return &ReadError{Line: x.sc.Line(), Code: CodeRead, Params: []any{err.Error()}}
}

// start handles an element start; depth counts it (the root is 1).
func (x *xesReader) start(name []byte) error {
	sc := x.sc
	switch sc.Depth() {
	case 1:
		if string(name) != "log" {
			return &ReadError{Line: sc.Line(), Code: CodeNotEventLog}
		}
	case 2:
		switch string(name) {
		case "trace":
			x.inTrace = true
			x.traces++
			x.hasName = false
			x.traceName = x.traceName[:0]
			x.pending = x.pending[:0]
		case "extension":
			x.extension()
		case "event":
			x.b.Warn(WarnEventWithoutCase) // an event outside any trace
		}
	case 3:
		if !x.inTrace {
			return nil
		}
		if string(name) == "event" {
			x.inEvent = true
			x.ev = event{res: -1, kind: kindOcc}
			x.hasAct, x.hasTime = false, false
			return nil
		}
		if k, v := x.keyValue(); k == keyName {
			x.traceName = append(x.traceName[:0], x.unescaped(v)...)
			x.hasName = true
		}
	case 4:
		if x.inEvent {
			return x.eventAttribute()
		}
	}
	return nil
}

func (x *xesReader) end() {
	switch x.sc.Depth() {
	case 1:
		if x.inTrace {
			x.endTrace()
		}
	case 2:
		if x.inEvent {
			x.endEvent()
		}
	}
}

// eventAttribute reads one attribute of the event at hand.
func (x *xesReader) eventAttribute() error {
	k, v := x.keyValue()
	switch k {
	case keyName:
		x.ev.act = x.b.acts.idBytes(x.unescaped(v))
		x.hasAct = len(v) > 0
	case keyTime:
		ns, ok := parseTime(v)
		if !ok {
			return &ReadError{Line: x.sc.Line(), Code: CodeBadTimestamp, Params: []any{string(v)}}
		}
		x.ev.t = ns
		x.hasTime = true
	case keyLifecycle:
		v = x.unescaped(v)
		if len(v) == 0 || equalFoldASCII(string(v), "complete") {
			x.ev.kind |= kindOcc
		} else {
			x.ev.kind &^= kindOcc
		}
	case keyResource:
		if len(v) > 0 {
			x.ev.res = x.b.res.idBytes(x.unescaped(v))
		}
	}
	return nil
}

func (x *xesReader) endEvent() {
	x.inEvent = false
	switch {
	case !x.hasAct:
		x.b.Warn(WarnEventWithoutActivity)
	case !x.hasTime:
		x.b.Warn(WarnEventWithoutTime)
	default:
		x.pending = append(x.pending, x.ev)
	}
}

func (x *xesReader) endTrace() {
	x.inTrace = false
	if len(x.pending) == 0 {
		x.b.Warn(WarnCaseWithoutEvents)
		return
	}
	name := string(x.traceName)
	if !x.hasName || name == "" {
		x.b.Warn(WarnTraceWithoutName)
		name = "trace-" + strconv.Itoa(x.traces)
	}
	ci := x.b.caseOf(name)
	for _, e := range x.pending {
		x.b.addEvent(ci, e)
	}
	x.events += len(x.pending)
}

// keyValue is the kind of the current attribute element's key and its raw
// value.
func (x *xesReader) keyValue() (int, []byte) {
	return x.keyKind(x.sc.Attr("key")), x.sc.Attr("value")
}

func (x *xesReader) keyKind(key []byte) int {
	switch string(key) {
	case "concept:name":
		return keyName
	case "time:timestamp":
		return keyTime
	case "lifecycle:transition":
		return keyLifecycle
	case "org:resource":
		return keyResource
	}
	if x.prefixes != nil {
		return x.prefixes[string(key)]
	}
	return keyOther
}

// extension records the prefix of a standard extension declared under a
// name other than the usual one, recognised by its URI's file or its name.
func (x *xesReader) extension() {
	var name, prefix, uri string
	name = string(bytes.ToLower(x.sc.Attr("name")))
	prefix = string(x.sc.Attr("prefix"))
	uri = string(bytes.ToLower(x.sc.Attr("uri")))
	if prefix == "" {
		return
	}
	std := func(ext string) bool {
		return name == ext || bytes.HasSuffix([]byte(uri), []byte("/"+ext+".xesext"))
	}
	keys := map[string]int{}
	switch {
	case std("concept"):
		keys[prefix+":name"] = keyName
	case std("time"):
		keys[prefix+":timestamp"] = keyTime
	case std("lifecycle"):
		keys[prefix+":transition"] = keyLifecycle
	case std("org"):
		keys[prefix+":resource"] = keyResource
	}
	for k, v := range keys {
		if x.prefixes == nil {
			x.prefixes = map[string]int{}
		}
		x.prefixes[k] = v
	}
}

// unescaped resolves entities in v (into a scratch buffer valid until the
// next call); a malformed reference is kept as written.
func (x *xesReader) unescaped(v []byte) []byte {
	if bytes.IndexByte(v, '&') < 0 {
		return v
	}
	x.scratch = xmlscan.AppendUnescaped(x.scratch[:0], v)
	return x.scratch
}
