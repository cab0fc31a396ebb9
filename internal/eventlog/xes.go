package eventlog

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"strconv"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
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
	x := xesReader{b: b, sc: newXMLScanner(src)}
	return x.run()
}

// xesSource undoes gzip and a non-UTF-8 encoding (UTF-16 by its
// byte-order mark, Latin-1 or Windows-1252 by the XML declaration).
func xesSource(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, &ReadError{Code: CodeRead, Params: []any{err.Error()}}
	}
	if len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, &ReadError{Code: CodeBadGzip}
		}
		zr.Multistream(true)
		br = bufio.NewReaderSize(gzipErrors{zr}, 64<<10)
	}
	head, _ = br.Peek(256)
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		_, _ = br.Discard(3)
		return br, nil
	case bytes.HasPrefix(head, []byte("\xfe\xff")), bytes.HasPrefix(head, []byte("\xff\xfe")):
		return unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder().Reader(br), nil
	}
	if bytes.HasPrefix(head, []byte("<?xml")) {
		decl := head
		if i := bytes.Index(decl, []byte("?>")); i >= 0 {
			decl = decl[:i]
		}
		decl = bytes.ToLower(decl)
		for _, enc := range [][]byte{[]byte("iso-8859-1"), []byte("latin1"), []byte("latin-1")} {
			if bytes.Contains(decl, enc) {
				return charmap.ISO8859_1.NewDecoder().Reader(br), nil
			}
		}
		if bytes.Contains(decl, []byte("windows-1252")) || bytes.Contains(decl, []byte("cp1252")) {
			return charmap.Windows1252.NewDecoder().Reader(br), nil
		}
	}
	return br, nil
}

// gzipErrors marks errors of the decompressor as CodeBadGzip.
type gzipErrors struct{ r io.Reader }

func (g gzipErrors) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = &ReadError{Code: CodeBadGzip}
	}
	return n, err
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
	sc *xmlScanner

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
		tok, err := sc.next()
		if err != nil {
			return x.readError(err)
		}
		switch tok {
		case tokEOF:
			if x.events == 0 {
				return &ReadError{Code: CodeNoEvents}
			}
			return nil
		case tokStart:
			if err := x.start(localName(sc.name)); err != nil {
				return err
			}
		case tokEnd:
			x.end()
		}
	}
}

func (x *xesReader) readError(err error) error {
	var se *syntaxError
	if errors.As(err, &se) {
		if !x.sc.seenRoot {
			return &ReadError{Line: se.line, Code: CodeNotEventLog}
		}
		return &ReadError{Line: se.line, Code: CodeMalformedXML, Params: []any{se.msg}}
	}
	var re *ReadError
	if errors.As(err, &re) {
		return re
	}
	return &ReadError{Line: x.sc.line(), Code: CodeRead, Params: []any{err.Error()}}
}

// start handles an element start; depth counts it (the root is 1).
func (x *xesReader) start(name []byte) error {
	sc := x.sc
	switch sc.depth {
	case 1:
		if string(name) != "log" {
			return &ReadError{Line: sc.line(), Code: CodeNotEventLog}
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
	switch x.sc.depth {
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
			return &ReadError{Line: x.sc.line(), Code: CodeBadTimestamp, Params: []any{string(v)}}
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
	var key, value []byte
	for _, a := range x.sc.attrs {
		switch string(a.name) {
		case "key":
			key = a.value
		case "value":
			value = a.value
		}
	}
	return x.keyKind(key), value
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
	for _, a := range x.sc.attrs {
		switch string(a.name) {
		case "name":
			name = string(bytes.ToLower(a.value))
		case "prefix":
			prefix = string(a.value)
		case "uri":
			uri = string(bytes.ToLower(a.value))
		}
	}
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
	out, ok := unescape(v, x.scratch)
	if !ok {
		return v
	}
	if len(out) > 0 && &out[0] != &v[0] {
		x.scratch = out
	}
	return out
}
