package noark

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/xml"
	"errors"
	"hash"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
	"github.com/tjenestevalg/tjenestevalg/internal/xmlscan"
)

// Sink receives what the reader finds; *eventlog.Builder is one.
type Sink interface {
	Add(e eventlog.Event)
	SetOpen(caseID string, open bool)
	Warn(code string)
}

// Info describes an extract as read: its Noark version, the files read or
// verified, and how many of each record it held. It holds no personal
// data.
type Info struct {
	Version       string           `json:"version"`             // from arkivuttrekk.xml, else the schema's version
	Files         []string         `json:"files"`               // files read or verified, relative to the extract
	Verified      []string         `json:"verified"`            // files whose SHA-256 matched arkivuttrekk.xml
	Saksmapper    int              `json:"saksmapper"`          // cases read (case folders with at least one event)
	EmptyCases    int              `json:"empty_cases"`         // case folders without a dated entry (not in the statistics)
	Journalposts  int              `json:"journalposts"`        // journal entries read
	Arkivnotater  int              `json:"arkivnotater"`        // archive notes read
	StatusChanges int              `json:"status_changes"`      // saksstatus changes from endringslogg.xml
	Handovers     int              `json:"handovers"`           // handler or unit changes from endringslogg.xml
	Flows         int              `json:"flows"`               // dokumentflyt steps read
	Events        int              `json:"events"`              // events given to the statistics
	OpenCases     int              `json:"open_cases"`          // cases not closed
	Classes       []eventlog.Count `json:"classes,omitempty"`   // cases per class id (non-personal classifications only)
	Unchecked     []string         `json:"unchecked,omitempty"` // files listed without a SHA-256, or absent
}

// Read reads the extract into s: first arkivuttrekk.xml (the checksums;
// the files that are not parsed are verified at once), then
// endringslogg.xml, then arkivstruktur.xml as a stream; the two parsed
// files are hashed while they are read and compared at their end. A
// failed read may have given s part of the extract: discard s then.
//
// Errors: *eventlog.ReadError — ErrChecksum naming the file whose SHA-256
// differs, ErrNotXML or ErrDate with file and line, ErrUnreadable.
func Read(x *Extract, s Sink) (Info, error) {
	info := Info{Files: []string{}, Verified: []string{}}
	key := x.Key
	if len(key) == 0 {
		key = make([]byte, 32)
		rand.Read(key)
	}
	ps := &pseudonymiser{key: key, cache: map[string]string{}}

	sums := map[string]listed{}
	if f, err := x.open(FileDescription); err == nil {
		d, err := readDescription(f, FileDescription)
		f.Close()
		if err != nil {
			return info, err
		}
		info.Files = append(info.Files, FileDescription)
		info.Version = d.version
		for _, l := range d.files {
			name := cleanListed(l.name)
			if name == "" || name == FileDescription {
				continue
			}
			l.name = name
			if !isSHA256(l.algorithm) {
				s.Warn(WarnAlgorithm)
				info.Unchecked = append(info.Unchecked, name)
				continue
			}
			if name == FileStructure || name == FileChanges {
				sums[name] = l
				continue
			}
			if x.SkipChecksums {
				continue
			}
			switch err := x.checkFile(l); {
			case errors.Is(err, fs.ErrNotExist):
				s.Warn(WarnListedMissing)
				info.Unchecked = append(info.Unchecked, name)
			case err != nil:
				return info, err
			default:
				info.Files = append(info.Files, name)
				info.Verified = append(info.Verified, name)
			}
		}
	} else {
		s.Warn(WarnNoChecksums)
	}
	if info.Version == "" {
		info.Version = schemaVersion(x)
	}

	changes := map[string][]change{}
	if f, err := x.open(FileChanges); err == nil {
		h, r := x.hashing(f, sums, FileChanges)
		err := readChanges(r, ps, changes)
		f.Close()
		if err != nil {
			return info, err
		}
		if err := x.verify(h, sums, FileChanges, &info); err != nil {
			return info, err
		}
		info.Files = append(info.Files, FileChanges)
	} else if _, listedToo := sums[FileChanges]; listedToo {
		s.Warn(WarnListedMissing)
		info.Unchecked = append(info.Unchecked, FileChanges)
	}

	f, err := x.open(FileStructure)
	if err != nil {
		return info, &eventlog.ReadError{File: FileStructure, Code: ErrNotExtract}
	}
	defer f.Close()
	h, r := x.hashing(f, sums, FileStructure)
	sc, err := newScanner(r)
	if err != nil {
		return info, scanError(FileStructure, 0, err)
	}
	p := &parser{sc: sc, names: map[string]string{}, file: FileStructure, s: s, ps: ps, changes: changes, info: &info, classes: map[string]int{}}
	if err := p.run(); err != nil {
		return info, err
	}
	if err := x.verify(h, sums, FileStructure, &info); err != nil {
		return info, err
	}
	info.Files = append(info.Files, FileStructure)
	for c, n := range p.classes {
		info.Classes = append(info.Classes, eventlog.Count{Name: c, Count: n})
	}
	sort.Slice(info.Classes, func(i, j int) bool {
		a, b := info.Classes[i], info.Classes[j]
		return a.Count > b.Count || a.Count == b.Count && a.Name < b.Name
	})
	return info, nil
}

// ReadFile opens the extract at path (see Open), reads it into s (see
// Read) and closes it: what the manager and the CLI need for a stored
// upload or a path given.
//
// Errors: those of Open and Read.
func ReadFile(path string, s Sink) (Info, error) {
	x, err := Open(path)
	if err != nil {
		return Info{}, err
	}
	defer x.Close()
	return Read(x, s)
}

// hashing tees r into a SHA-256 when the file is listed with a sum.
func (x *Extract) hashing(r io.Reader, sums map[string]listed, name string) (hash.Hash, io.Reader) {
	if _, ok := sums[name]; !ok || x.SkipChecksums {
		return nil, r
	}
	h := sha256.New()
	return h, io.TeeReader(r, h)
}

func (x *Extract) verify(h hash.Hash, sums map[string]listed, name string, info *Info) error {
	if h == nil {
		return nil
	}
	if err := compareSum(h, sums[name]); err != nil {
		return err
	}
	info.Verified = append(info.Verified, name)
	return nil
}

// schemaVersion is the version attribute of arkivstruktur.xsd's schema
// element, read from its first kilobytes, or "".
func schemaVersion(x *Extract) string {
	f, err := x.open("arkivstruktur.xsd")
	if err != nil {
		return ""
	}
	defer f.Close()
	dec := xml.NewDecoder(io.LimitReader(f, 16<<10))
	for {
		tok, err := dec.RawToken()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, a := range se.Attr {
				if a.Name.Local == "version" {
					return a.Value
				}
			}
			return ""
		}
	}
}

// change is one relevant line of endringslogg.xml, already reduced to an
// activity and a pseudonymous resource.
type change struct {
	at       time.Time
	activity string
	resource string
	status   bool // a saksstatus change (else a hand-over)
}

// readChanges keeps the changes of saksstatus (M052), administrativEnhet
// (M305), saksansvarlig (M306) and saksbehandler (M307), by the systemID
// they refer to; all other changes (titles among them) are passed over.
//
// Errors: *eventlog.ReadError with ErrNotXML or ErrDate.
func readChanges(r io.Reader, ps *pseudonymiser, out map[string][]change) error {
	sc, err := newScanner(r)
	if err != nil {
		return scanError(FileChanges, 0, err)
	}
	var ref, meta, date, by, newValue string
	dateLine := 0
	for {
		tok, err := sc.Next()
		if err != nil {
			return scanError(FileChanges, sc.Line(), err)
		}
		if tok == xmlscan.EOF {
			return nil
		}
		local := sc.Local()
		if tok == xmlscan.Start {
			switch string(local) {
			case "endring":
				ref, meta, date, by, newValue = "", "", "", "", ""
			case "referanseArkivenhet", "referanseMetadata", "endretDato", "endretAv", "nyVerdi":
				sc.Capture()
				if string(local) == "endretDato" {
					dateLine = sc.Line()
				}
			case "tidligereVerdi":
				if err := sc.Skip(); err != nil {
					return scanError(FileChanges, sc.Line(), err)
				}
			}
			continue
		}
		v := ""
		if text, ok := sc.Text(); ok {
			v = strings.TrimSpace(string(text))
		}
		switch string(local) {
		case "referanseArkivenhet":
			ref = v
		case "referanseMetadata":
			meta = v
		case "endretDato":
			date = v
		case "endretAv":
			by = v
		case "nyVerdi":
			newValue = v
		case "endring":
			kind := metadataKind(meta)
			if kind == "" || ref == "" {
				break
			}
			at, ok := parseTime(date)
			if !ok {
				return &eventlog.ReadError{File: FileChanges, Line: dateLine, Code: ErrDate, Params: []any{date}}
			}
			if at.IsZero() {
				break
			}
			c := change{at: at}
			switch kind {
			case "status":
				name, _, known := caseStatus(newValue)
				c.activity, c.status = ActivityStatusChanged, true
				if known {
					c.activity = ActivityStatusPrefix + name
				}
				c.resource = ps.name(ResourceHandler, by)
			case "handler":
				c.activity, c.resource = ActivityNewHandler, ps.name(ResourceHandler, newValue)
			case "unit":
				c.activity, c.resource = ActivityNewUnit, ps.name(ResourceUnit, newValue)
			}
			out[ref] = append(out[ref], c)
		}
	}
}

// metadataKind is which kind of change a referanseMetadata names, by
// element name or metadata number; "" for the changes not read.
func metadataKind(v string) string {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "saksstatus", "m052":
		return "status"
	case "saksansvarlig", "saksbehandler", "m306", "m307":
		return "handler"
	case "administrativenhet", "m305":
		return "unit"
	}
	return ""
}

// folder is an open mappe.
type folder struct {
	kind        string // xsi:type or element name, lower case
	systemID    string
	mappeID     string
	status      string
	closedDate  bool
	handler     string // pseudonym of saksansvarlig
	unit        string // pseudonym of administrativEnhet
	class       string
	events      []pending
	hasOwnEntry bool
}

// pending is an event waiting for its case's end, where the case's
// default resource is known.
type pending struct {
	at       time.Time
	activity string
	dir      eventlog.Direction
	resource string
}

// entry is an open registrering.
type entry struct {
	kind                             string
	systemID                         string
	jpType                           string
	journal, received, sent, docDate time.Time
	created                          time.Time
	handler, unit                    string
	flows                            []pending
	flowTo, flowFrom, flowStatus     string
	flowReceived, flowSent           time.Time
}

type parser struct {
	sc      *xmlscan.Scanner
	names   map[string]string
	file    string
	s       Sink
	ps      *pseudonymiser
	changes map[string][]change
	info    *Info
	classes map[string]int

	stack     []string
	folders   []*folder
	entry     *entry
	klasse    []string
	classType string
	line      int
	anonymous int
}

// maxDepth bounds the nesting read (an extract nests some ten levels; a
// hostile file could nest millions).
const maxDepth = 256

// skipped are subtrees the reader never looks into: they hold titles,
// names, addresses and document metadata, none of which it needs.
var skipped = map[string]bool{
	"dokumentbeskrivelse": true, "part": true, "merknad": true, "kryssreferanse": true,
	"virksomhetsspesifikkeMetadata": true, "skjerming": true, "gradering": true,
	"kassasjon": true, "utfoertKassasjon": true, "sletting": true, "presedens": true,
	"elektroniskSignatur": true, "moetedeltaker": true, "avskrivning": true,
	"konvertering": true, "arkivskaper": true, "noekkelord": true, "tittel": true,
	"offentligTittel": true, "beskrivelse": true, "forfatter": true,
	"korrespondansepartNavn": true, "postadresse": true, "epostadresse": true,
	"telefonnummer": true, "kontaktperson": true, "flytMerknad": true,
}

// captured are the leaf elements whose text the reader reads.
var captured = map[string]bool{
	"systemID": true, "mappeID": true, "saksstatus": true, "avsluttetDato": true,
	"administrativEnhet": true, "saksansvarlig": true, "saksbehandler": true,
	"journalposttype": true, "journaldato": true, "mottattDato": true, "sendtDato": true,
	"dokumentetsDato": true, "opprettetDato": true, "flytTil": true, "flytFra": true,
	"flytMottattDato": true, "flytSendtDato": true, "flytStatus": true, "klasseID": true,
	"klassifikasjonstype": true,
}

func isFolder(name string) bool {
	return name == "mappe" || name == "saksmappe" || name == "moetemappe"
}

func isEntry(name string) bool {
	switch name {
	case "registrering", "journalpost", "arkivnotat", "basisregistrering", "moeteregistrering":
		return true
	}
	return false
}

func (p *parser) xmlErr(why string) error {
	return &eventlog.ReadError{File: p.file, Line: p.sc.Line(), Code: ErrNotXML, Params: []any{why}}
}

// newScanner scans an extract's XML file in any encoding xmlscan.Decode
// knows. Tags and kept text are bounded at 64 KiB: no extract comes near.
// Errors: the reader's.
func newScanner(r io.Reader) (*xmlscan.Scanner, error) {
	src, err := xmlscan.Decode(r)
	if err != nil {
		return nil, err
	}
	return xmlscan.New(src, xmlscan.Limits{Tag: 64 << 10, Text: 64 << 10}), nil
}

// scanError is the read error for an error of the scanner or the reader
// under it: ErrNotXML with the line for malformed XML, else CodeRead.
func scanError(file string, line int, err error) error {
	var se *xmlscan.SyntaxError
	if errors.As(err, &se) {
		return &eventlog.ReadError{File: file, Line: se.Line, Code: ErrNotXML, Params: []any{se.Msg}}
	}
	return &eventlog.ReadError{File: file, Line: line, Code: eventlog.CodeRead, Params: []any{err.Error()}}
}

// name interns an element name: few names, many elements.
func (p *parser) name(b []byte) string {
	if s, ok := p.names[string(b)]; ok {
		return s
	}
	s := string(b)
	p.names[s] = s
	return s
}

func (p *parser) run() error {
	sc := p.sc
	for {
		tok, err := sc.Next()
		if err != nil {
			return scanError(p.file, sc.Line(), err)
		}
		if tok == xmlscan.EOF {
			return nil
		}
		if tok == xmlscan.Start {
			name := p.name(sc.Local())
			if sc.Depth() == 1 && name != "arkiv" {
				return &eventlog.ReadError{File: p.file, Line: sc.Line(), Code: ErrNotExtract}
			}
			if skipped[name] {
				if err := sc.Skip(); err != nil {
					return scanError(p.file, sc.Line(), err)
				}
				continue
			}
			if len(p.stack) >= maxDepth {
				return p.xmlErr("nested too deep")
			}
			p.stack = append(p.stack, name)
			switch {
			case isFolder(name):
				f := &folder{kind: strings.ToLower(xsiType(sc, name))}
				if n := len(p.klasse); n > 0 {
					f.class = p.klasse[n-1]
				}
				p.folders = append(p.folders, f)
			case isEntry(name):
				p.entry = &entry{kind: strings.ToLower(xsiType(sc, name))}
			case name == "dokumentflyt" && p.entry != nil:
				e := p.entry
				e.flowTo, e.flowFrom, e.flowStatus = "", "", ""
				e.flowReceived, e.flowSent = time.Time{}, time.Time{}
			case name == "klasse":
				p.klasse = append(p.klasse, "")
			case name == "klassifikasjonssystem":
				p.classType = ""
			case captured[name]:
				sc.Capture()
				p.line = sc.Line()
			}
			continue
		}
		n := len(p.stack)
		name := p.stack[n-1] // the scanner checked the end tag matches
		if text, ok := sc.Text(); ok {
			parent := ""
			if n >= 2 {
				parent = p.stack[n-2]
			}
			if err := p.value(parent, name, strings.TrimSpace(string(text))); err != nil {
				return err
			}
		}
		switch {
		case isFolder(name):
			p.endFolder()
		case isEntry(name):
			p.endEntry()
		case name == "dokumentflyt" && p.entry != nil:
			p.endFlow()
		case name == "klasse":
			p.klasse = p.klasse[:len(p.klasse)-1]
		}
		p.stack = p.stack[:n-1]
	}
}

// xsiType is the local part of the current element's xsi:type (a type
// attribute with a prefix), else its name.
func xsiType(sc *xmlscan.Scanner, name string) string {
	v := ""
	for _, a := range sc.Attrs() {
		if bytes.IndexByte(a.Name, ':') >= 0 && string(xmlscan.LocalName(a.Name)) == "type" {
			v = string(a.Value)
			break
		}
	}
	if v == "" {
		return name
	}
	if i := strings.LastIndexByte(v, ':'); i >= 0 {
		v = v[i+1:]
	}
	return v
}

func (p *parser) date(v string) (time.Time, error) {
	t, ok := parseTime(v)
	if !ok {
		return t, &eventlog.ReadError{File: p.file, Line: p.line, Code: ErrDate, Params: []any{v}}
	}
	return t, nil
}

// value takes the text of a captured element by where it stands.
func (p *parser) value(parent, name, v string) error {
	e := p.entry
	switch {
	case e != nil && isEntry(parent):
		switch name {
		case "systemID":
			e.systemID = v
		case "journalposttype":
			e.jpType = v
		case "saksbehandler":
			e.handler = p.ps.name(ResourceHandler, v)
		case "administrativEnhet":
			e.unit = p.ps.name(ResourceUnit, v)
		case "journaldato", "mottattDato", "sendtDato", "dokumentetsDato", "opprettetDato":
			t, err := p.date(v)
			if err != nil {
				return err
			}
			switch name {
			case "journaldato":
				e.journal = t
			case "mottattDato":
				e.received = t
			case "sendtDato":
				e.sent = t
			case "dokumentetsDato":
				e.docDate = t
			case "opprettetDato":
				e.created = t
			}
		}
	case e != nil && parent == "korrespondansepart":
		switch {
		case name == "saksbehandler" && e.handler == "":
			e.handler = p.ps.name(ResourceHandler, v)
		case name == "administrativEnhet" && e.unit == "":
			e.unit = p.ps.name(ResourceUnit, v)
		}
	case e != nil && parent == "dokumentflyt":
		switch name {
		case "flytTil":
			e.flowTo = p.ps.name(ResourceHandler, v)
		case "flytFra":
			e.flowFrom = p.ps.name(ResourceHandler, v)
		case "flytStatus":
			e.flowStatus = flowStatus(v)
		case "flytMottattDato", "flytSendtDato":
			t, err := p.date(v)
			if err != nil {
				return err
			}
			if name == "flytMottattDato" {
				e.flowReceived = t
			} else {
				e.flowSent = t
			}
		}
	case e == nil && isFolder(parent) && len(p.folders) > 0:
		f := p.folders[len(p.folders)-1]
		switch name {
		case "systemID":
			f.systemID = v
		case "mappeID":
			f.mappeID = v
		case "saksstatus":
			f.status = v
		case "avsluttetDato":
			t, err := p.date(v)
			if err != nil {
				return err
			}
			f.closedDate = !t.IsZero()
		case "saksansvarlig":
			f.handler = p.ps.name(ResourceHandler, v)
		case "administrativEnhet":
			f.unit = p.ps.name(ResourceUnit, v)
		}
	case parent == "klasse" && name == "klasseID" && len(p.klasse) > 0:
		if personalClassification(p.classType) || !plainClassID(v) {
			v = ""
		}
		p.klasse[len(p.klasse)-1] = v
	case parent == "klassifikasjonssystem" && name == "klassifikasjonstype":
		p.classType = v
	}
	return nil
}

// personalClassification reports classification systems whose class ids
// identify a person or a property (fødselsnummer, gårds- og bruksnummer).
func personalClassification(v string) bool {
	k := fold(v)
	return strings.Contains(k, "fodsel") || strings.Contains(k, "person") ||
		strings.Contains(k, "gards") || strings.Contains(k, "gnr") || k == "fnr" || k == "gbnr"
}

// plainClassID accepts short ids of a subject or function key (L42,
// 611, 03.4) and refuses anything long or shaped like a national
// identity number.
func plainClassID(v string) bool {
	if v == "" || len(v) > 16 {
		return false
	}
	digits := 0
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r == '.', r == '-', r == ' ', r == '&':
		default:
			return false
		}
	}
	return digits < 9
}

func (p *parser) endFlow() {
	e := p.entry
	p.info.Flows++
	first, last := e.flowSent, e.flowReceived
	if first.IsZero() || (!last.IsZero() && last.Before(first)) {
		first, last = last, first
	}
	status := e.flowStatus
	if status == "" {
		status = ActivityFlowDone
	}
	if !first.IsZero() {
		e.flows = append(e.flows, pending{at: first, activity: ActivityForApproval, resource: e.flowFrom})
	}
	if !last.IsZero() {
		e.flows = append(e.flows, pending{at: last, activity: status, resource: e.flowTo})
	}
}

// caseFolder is the folder a registrering belongs to: the innermost
// saksmappe, else the innermost folder that is not a meeting folder.
func (p *parser) caseFolder() *folder {
	for i := len(p.folders) - 1; i >= 0; i-- {
		if p.folders[i].kind == "saksmappe" {
			return p.folders[i]
		}
	}
	for i := len(p.folders) - 1; i >= 0; i-- {
		if p.folders[i].kind != "moetemappe" {
			return p.folders[i]
		}
	}
	return nil
}

func (p *parser) endEntry() {
	e := p.entry
	p.entry = nil
	var evs []pending
	kind := e.kind
	if (kind == "registrering" || kind == "basisregistrering") && e.jpType != "" {
		kind = "journalpost"
	}
	res := e.handler
	if res == "" {
		res = e.unit
	}
	switch kind {
	case "journalpost":
		p.info.Journalposts++
		activity, dir := entryType(e.jpType)
		at := e.journal
		switch {
		case dir == eventlog.DirectionIn && !e.received.IsZero():
			at = e.received
		case dir == eventlog.DirectionOut && !e.sent.IsZero():
			at = e.sent
		}
		for _, alt := range []time.Time{e.docDate, e.created} {
			if at.IsZero() {
				at = alt
			}
		}
		if at.IsZero() {
			p.s.Warn(WarnNoDate)
		} else {
			evs = append(evs, pending{at: at, activity: activity, dir: dir, resource: res})
		}
	case "arkivnotat":
		p.info.Arkivnotater++
		at := e.docDate
		if at.IsZero() {
			at = e.created
		}
		if at.IsZero() {
			p.s.Warn(WarnNoDate)
		} else {
			evs = append(evs, pending{at: at, activity: ActivityNote, dir: eventlog.DirectionInternal, resource: res})
		}
	}
	evs = append(evs, e.flows...)
	evs = append(evs, p.changed(e.systemID)...)
	if len(evs) == 0 {
		return
	}
	f := p.caseFolder()
	if f == nil {
		p.s.Warn(WarnEntryWithoutCase)
		return
	}
	f.events = append(f.events, evs...)
	f.hasOwnEntry = true
}

// changed turns the changes logged for systemID into events.
func (p *parser) changed(systemID string) []pending {
	cs, ok := p.changes[systemID]
	if !ok || systemID == "" {
		return nil
	}
	delete(p.changes, systemID)
	out := make([]pending, 0, len(cs))
	for _, c := range cs {
		if c.status {
			p.info.StatusChanges++
		} else {
			p.info.Handovers++
		}
		out = append(out, pending{at: c.at, activity: c.activity, resource: c.resource})
	}
	return out
}

func (p *parser) endFolder() {
	f := p.folders[len(p.folders)-1]
	p.folders = p.folders[:len(p.folders)-1]
	if f.kind == "moetemappe" || (f.kind != "saksmappe" && !f.hasOwnEntry) {
		return
	}
	f.events = append(f.events, p.changed(f.systemID)...)
	if len(f.events) == 0 {
		p.info.EmptyCases++
		return
	}
	id := f.mappeID
	if id == "" {
		id = f.systemID
	}
	if id == "" {
		p.anonymous++
		id = "mappe-" + strconv.Itoa(p.anonymous)
	}
	res := f.handler
	if res == "" {
		res = f.unit
	}
	for _, ev := range f.events {
		r := ev.resource
		if r == "" {
			r = res
		}
		p.s.Add(eventlog.Event{Case: id, Activity: ev.activity, Time: ev.at.UTC(), Resource: r, Direction: ev.dir})
	}
	p.info.Events += len(f.events)
	p.info.Saksmapper++
	open := !f.closedDate
	if _, closed, known := caseStatus(f.status); known {
		open = !closed
	}
	if open {
		p.info.OpenCases++
	}
	p.s.SetOpen(id, open)
	if f.class != "" {
		p.classes[f.class]++
	}
}
