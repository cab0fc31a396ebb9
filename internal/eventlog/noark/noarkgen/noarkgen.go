// Package noarkgen writes generated Noark 5 archive extracts of a
// municipality's building-permit cases (byggesaker): saksmapper with the
// incoming application, internal notes, requests for more information and
// their answers, a decision approved through dokumentflyt, status changes
// and hand-overs in endringslogg.xml, and an arkivuttrekk.xml with the
// SHA-256 of each file. Every extract says in its description that it is
// generated; the names in it are invented.
//
// The output depends only on the Options (the seed included), and Generate
// returns what it generated — the answers a reader must find — so tests
// and benchmarks can check the reader against it. The demo uses one small
// extract per Fosen municipality.
package noarkgen

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Oslo must load on hosts without a zone database

	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog/noark"
)

// Options say what to generate. Zero values take the defaults.
type Options struct {
	Municipality string // name without "kommune" (Åfjord), default "Eksempel"
	Number       string // kommunenummer, default "9999"
	Cases        int    // saksmapper, default 50; about 6 journal entries each
	Year         int    // the first year cases start in, default 2024
	Years        int    // how many years cases start over, default 1
	Seed         int64
}

// Info is what was generated: the figures a correct reader finds.
type Info struct {
	Files         []string       // files written, relative to the extract
	Cases         int            // saksmapper, each with events
	Journalposts  int            // journal entries
	Events        int            // journal entries + dokumentflyt steps + logged changes
	OpenCases     int            // cases with saksstatus "Under behandling"
	StatusChanges int            // saksstatus changes in endringslogg.xml
	Handovers     int            // saksansvarlig changes in endringslogg.xml
	Flows         int            // dokumentflyt elements
	Resources     int            // distinct people the events are attributed to
	Activities    map[string]int // events per activity name as the reader names them
	// CaseDurations are the seconds from each case's first to its last
	// event, sorted.
	CaseDurations []float64
	// FirstReplies are, for each case with an incoming entry and an
	// outgoing one after it, the seconds from its first incoming entry to
	// the first outgoing entry after that, sorted.
	FirstReplies []float64
	From, To     time.Time // first and last event
}

// Generated is the marker every generated extract carries in its
// descriptions.
const Generated = "GENERERT TESTUTTREKK – oppdiktede data, ikke et ekte arkiv (tjenestevalg noarkgen)"

var oslo = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

func (o *Options) defaults() {
	if o.Municipality == "" {
		o.Municipality = "Eksempel"
	}
	if o.Number == "" {
		o.Number = "9999"
	}
	if o.Cases <= 0 {
		o.Cases = 50
	}
	if o.Year == 0 {
		o.Year = 2024
	}
	if o.Years <= 0 {
		o.Years = 1
	}
}

// Generate writes arkivstruktur.xml, endringslogg.xml and arkivuttrekk.xml
// into dir (created if missing).
//
// Errors: the file system's.
func Generate(dir string, o Options) (Info, error) {
	o.defaults()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Info{}, err
	}
	g := newGen(o)
	sums := map[string]string{}
	write := func(name string, body func(w *bufio.Writer)) error {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		h := sha256.New()
		w := bufio.NewWriterSize(io.MultiWriter(f, h), 256<<10)
		body(w)
		if err := w.Flush(); err != nil {
			f.Close()
			return err
		}
		sums[name] = hex.EncodeToString(h.Sum(nil))
		return f.Close()
	}
	if err := write(noark.FileStructure, g.structure); err != nil {
		return Info{}, err
	}
	if err := write(noark.FileChanges, g.changeLog); err != nil {
		return Info{}, err
	}
	if err := write(noark.FileDescription, func(w *bufio.Writer) { g.description(w, sums) }); err != nil {
		return Info{}, err
	}
	info := g.truth()
	info.Files = []string{noark.FileDescription, noark.FileChanges, noark.FileStructure}
	return info, nil
}

// WriteArchive generates the extract into a .zip, .tar or .tar.gz (.tgz)
// at path, chosen by its extension, with the files in a folder named
// after the municipality's number (as delivered packages nest them).
//
// Errors: the file system's; an unknown extension.
func WriteArchive(path string, o Options) (Info, error) {
	o.defaults()
	tmp, err := os.MkdirTemp("", "noarkgen-*")
	if err != nil {
		return Info{}, err
	}
	defer os.RemoveAll(tmp)
	info, err := Generate(tmp, o)
	if err != nil {
		return info, err
	}
	out, err := os.Create(path)
	if err != nil {
		return info, err
	}
	folder := "uttrekk-" + o.Number + "/"
	stamp := time.Date(o.Year+o.Years, 1, 15, 12, 0, 0, 0, time.UTC)
	lower := strings.ToLower(path)
	switch {
	case strings.HasSuffix(lower, ".zip"):
		zw := zip.NewWriter(out)
		for _, name := range info.Files {
			w, err := zw.CreateHeader(&zip.FileHeader{Name: folder + name, Method: zip.Deflate, Modified: stamp})
			if err == nil {
				err = copyFile(w, filepath.Join(tmp, name))
			}
			if err != nil {
				out.Close()
				return info, err
			}
		}
		err = zw.Close()
	case strings.HasSuffix(lower, ".tar"), strings.HasSuffix(lower, ".tar.gz"), strings.HasSuffix(lower, ".tgz"):
		var w io.Writer = out
		var zw *gzip.Writer
		if !strings.HasSuffix(lower, ".tar") {
			zw = gzip.NewWriter(out)
			w = zw
		}
		tw := tar.NewWriter(w)
		for _, name := range info.Files {
			st, err := os.Stat(filepath.Join(tmp, name))
			if err == nil {
				err = tw.WriteHeader(&tar.Header{Name: folder + name, Mode: 0o644, Size: st.Size(), ModTime: stamp, Typeflag: tar.TypeReg, Format: tar.FormatPAX})
			}
			if err == nil {
				err = copyFile(tw, filepath.Join(tmp, name))
			}
			if err != nil {
				out.Close()
				return info, err
			}
		}
		err = tw.Close()
		if err == nil && zw != nil {
			err = zw.Close()
		}
	default:
		err = errors.New("noarkgen: the archive must end in .zip, .tar, .tar.gz or .tgz")
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return info, err
}

func copyFile(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

// The generated records.

type gcase struct {
	systemID, mappeID, title string
	year, seq                int
	opened, closed           time.Time // closed zero: still open
	unit, handler            string    // the final saksansvarlig
	entries                  []gentry
	changes                  []gchange
	applicant                string
	address                  string
}

type gentry struct {
	systemID string
	kind     string // I, U, N, X
	title    string
	at       time.Time // mottattDato, sendtDato or (internal) the journaldato's midnight
	handler  string
	flow     *gflow
}

type gflow struct {
	from, to       string
	sent, received time.Time
}

type gchange struct {
	ref, meta, by, old, new string
	at                      time.Time
}

type gen struct {
	o        Options
	r        *rand.Rand
	cases    []gcase
	handlers []string
	leaders  []string
	units    []string
}

var (
	firstNames = []string{"Ingrid", "Ola", "Kari", "Per", "Marit", "Jon", "Sigrid", "Lars", "Astrid", "Nils", "Hanne", "Erik", "Turid", "Knut", "Solveig", "Arne", "Randi", "Bjørn", "Liv", "Trond"}
	lastNames  = []string{"Fosen", "Bakken", "Strand", "Moen", "Haugen", "Lund", "Berg", "Aune", "Dahl", "Husby", "Rønning", "Vik", "Eide", "Myrvang", "Sæther", "Lian", "Hoff", "Skjærvold"}
	streets    = []string{"Fjordveien", "Kirkegata", "Skoleveien", "Havnegata", "Myrveien", "Bakkeveien", "Sjøgata", "Lensmannsveien"}
	tiltak     = []string{"enebolig", "tilbygg", "garasje", "fritidsbolig", "bruksendring", "riving av uthus", "terrasse", "naust", "fasadeendring"}
)

func newGen(o Options) *gen {
	g := &gen{o: o, r: rand.New(rand.NewPCG(uint64(o.Seed), uint64(o.Seed)^0x9e3779b97f4a7c15))}
	nh := max(3, o.Cases/400)
	for i := 0; i < nh; i++ {
		g.handlers = append(g.handlers, g.person())
	}
	g.leaders = []string{g.person(), g.person()}
	g.units = []string{"Byggesak", "Plan og byggesak"}
	for i := 0; i < o.Cases; i++ {
		g.cases = append(g.cases, g.makeCase(i))
	}
	return g
}

func (g *gen) person() string {
	return firstNames[g.r.IntN(len(firstNames))] + " " + lastNames[g.r.IntN(len(lastNames))]
}

func (g *gen) uuid() string {
	a, b := g.r.Uint64(), g.r.Uint64()
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", a>>32, (a>>16)&0xffff, a&0xfff, 0x8000|(b>>48)&0x3fff, b&0xffffffffffff)
}

// at rounds t to the second as written without a zone and read back in
// Norwegian time, so the truth is what a reader of the file finds.
func at(t time.Time) time.Time {
	s := t.In(oslo).Format("2006-01-02T15:04:05")
	u, _ := time.ParseInLocation("2006-01-02T15:04:05", s, oslo)
	return u
}

func midnight(t time.Time) time.Time {
	l := t.In(oslo)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, oslo)
}

// workTime moves t forward by days (and a random part of a working day)
// to a weekday between 08:00 and 15:59.
func (g *gen) workTime(t time.Time, minDays, maxDays int) time.Time {
	d := minDays
	if maxDays > minDays {
		d += g.r.IntN(maxDays - minDays + 1)
	}
	l := t.In(oslo).AddDate(0, 0, d)
	for l.Weekday() == time.Saturday || l.Weekday() == time.Sunday {
		l = l.AddDate(0, 0, 1)
	}
	n := time.Date(l.Year(), l.Month(), l.Day(), 8+g.r.IntN(8), g.r.IntN(60), g.r.IntN(60), 0, oslo)
	if !n.After(t) {
		n = t.Add(time.Duration(10+g.r.IntN(50)) * time.Minute)
	}
	return at(n)
}

func (g *gen) makeCase(i int) gcase {
	o := g.o
	year := o.Year + i*o.Years/o.Cases
	start := time.Date(year, 1, 2, 8, 0, 0, 0, oslo)
	start = g.workTime(start, 0, 340)
	c := gcase{
		systemID: g.uuid(), year: year, seq: i + 1, opened: start,
		unit: g.units[g.r.IntN(len(g.units))], applicant: g.person(),
		address: fmt.Sprintf("%s %d, gnr %d bnr %d", streets[g.r.IntN(len(streets))], 1+g.r.IntN(60), 1+g.r.IntN(120), 1+g.r.IntN(300)),
	}
	c.mappeID = fmt.Sprintf("%d/%d", year, 100+i)
	what := tiltak[g.r.IntN(len(tiltak))]
	c.title = "Søknad om tillatelse til tiltak – " + what + " – " + c.address
	handler := g.handlers[g.r.IntN(len(g.handlers))]
	add := func(kind, title string, t time.Time) *gentry {
		c.entries = append(c.entries, gentry{systemID: g.uuid(), kind: kind, title: title, at: t, handler: handler})
		return &c.entries[len(c.entries)-1]
	}
	status := func(t time.Time, old, new string) {
		c.changes = append(c.changes, gchange{ref: c.systemID, meta: "saksstatus", by: handler, old: old, new: new, at: t})
	}
	t := start
	add("I", "Søknad om "+what+" – "+c.address, t)
	t = g.workTime(t, 0, 3)
	status(t, "Opprettet av saksbehandler", "Under behandling")
	if g.r.IntN(100) < 15 { // a title corrected: names and addresses in the log, never read
		c.changes = append(c.changes, gchange{ref: c.systemID, meta: "tittel", by: handler, old: "Søknad – " + c.applicant, new: c.title, at: g.workTime(t, 0, 2)})
	}
	if g.r.IntN(100) < 60 {
		t = g.workTime(t, 0, 3)
		add("U", "Foreløpig svar – mottatt søknad", t)
	}
	if g.r.IntN(100) < 25 {
		t = g.workTime(t, 1, 14)
		add("I", "Merknad fra nabo – "+g.person(), t)
	}
	open := g.r.IntN(100) < 12
	if g.r.IntN(100) < 55 {
		t = midnight(g.workTime(t, 1, 6))
		add("N", "Intern vurdering – "+what, t)
	}
	rounds := 0
	switch p := g.r.IntN(100); {
	case p < 12:
		rounds = 2
	case p < 45:
		rounds = 1
	}
	if open {
		rounds = min(rounds, 1)
	}
	for k := 0; k < rounds; k++ {
		t = g.workTime(t, 2, 14)
		add("U", "Anmodning om tilleggsopplysninger – "+c.address, t)
		if open && k == rounds-1 && g.r.IntN(2) == 0 {
			break // still waiting for the applicant
		}
		t = g.workTime(t, 4, 30)
		add("I", "Tilleggsopplysninger fra "+c.applicant, t)
	}
	if g.r.IntN(100) < 25 {
		t = g.workTime(t, 1, 5)
		add("U", "Oversendelse til uttalelse – Statsforvalteren", t)
		t = g.workTime(t, 7, 28)
		add("I", "Uttalelse fra Statsforvalteren", t)
	}
	if g.r.IntN(100) < 10 { // hand-over to another case handler
		next := g.handlers[g.r.IntN(len(g.handlers))]
		if next != handler {
			t = g.workTime(t, 1, 5)
			c.changes = append(c.changes, gchange{ref: c.systemID, meta: "saksansvarlig", by: handler, old: handler, new: next, at: t})
			handler = next
		}
	}
	if g.r.IntN(100) < 20 {
		t = midnight(g.workTime(t, 1, 7))
		add("X", "Notat – befaring "+c.address, t)
	}
	if !open {
		t = g.workTime(t, 3, 25)
		var flow *gflow
		if g.r.IntN(100) < 60 {
			leader := g.leaders[g.r.IntN(len(g.leaders))]
			sent := t
			received := g.workTime(sent, 0, 3)
			flow = &gflow{from: handler, to: leader, sent: sent, received: received}
			t = g.workTime(received, 0, 1)
		}
		e := add("U", "Vedtak – "+what+" – "+c.address, t)
		e.flow = flow
		if g.r.IntN(100) < 40 {
			t = g.workTime(t, 30, 200)
			add("I", "Søknad om ferdigattest – "+c.address, t)
			t = g.workTime(t, 2, 20)
			add("U", "Ferdigattest – "+c.address, t)
		}
		t = g.workTime(t, 1, 10)
		status(t, "Under behandling", "Avsluttet")
		c.closed = t
	}
	c.handler = handler
	return c
}

// truth computes what a reader finds, by the reader's rules.
func (g *gen) truth() Info {
	info := Info{Activities: map[string]int{}}
	people := map[string]bool{}
	person := func(s string) {
		people[strings.ToLower(strings.ReplaceAll(s, " ", ""))] = true
	}
	type ev struct {
		t   time.Time
		dir eventlog.Direction
	}
	for _, c := range g.cases {
		var evs []ev
		addEv := func(t time.Time, activity string, dir eventlog.Direction) {
			evs = append(evs, ev{t, dir})
			info.Activities[activity]++
			info.Events++
			if info.From.IsZero() || t.Before(info.From) {
				info.From = t
			}
			if t.After(info.To) {
				info.To = t
			}
		}
		for _, e := range c.entries {
			info.Journalposts++
			activity, dir := kindActivity(e.kind)
			addEv(e.at, activity, dir)
			person(e.handler)
			if e.flow != nil {
				info.Flows++
				addEv(e.flow.sent, noark.ActivityForApproval, "")
				addEv(e.flow.received, noark.ActivityApproved, "")
				person(e.flow.from)
				person(e.flow.to)
			}
		}
		for _, ch := range c.changes {
			switch ch.meta {
			case "saksstatus":
				info.StatusChanges++
				addEv(ch.at, noark.ActivityStatusPrefix+ch.new, "")
				person(ch.by)
			case "saksansvarlig":
				info.Handovers++
				addEv(ch.at, noark.ActivityNewHandler, "")
				person(ch.new)
			}
		}
		info.Cases++
		if c.closed.IsZero() {
			info.OpenCases++
		}
		sort.SliceStable(evs, func(i, j int) bool { return evs[i].t.Before(evs[j].t) })
		info.CaseDurations = append(info.CaseDurations, evs[len(evs)-1].t.Sub(evs[0].t).Seconds())
		for i, e := range evs {
			if e.dir != eventlog.DirectionIn {
				continue
			}
			for _, f := range evs[i+1:] {
				if f.dir == eventlog.DirectionOut {
					info.FirstReplies = append(info.FirstReplies, f.t.Sub(e.t).Seconds())
					break
				}
			}
			break
		}
	}
	info.Resources = len(people)
	sort.Float64s(info.CaseDurations)
	sort.Float64s(info.FirstReplies)
	return info
}

func kindActivity(kind string) (string, eventlog.Direction) {
	switch kind {
	case "I":
		return noark.ActivityIncoming, eventlog.DirectionIn
	case "U":
		return noark.ActivityOutgoing, eventlog.DirectionOut
	case "N":
		return noark.ActivityInternalFollowUp, eventlog.DirectionInternal
	}
	return noark.ActivityInternal, eventlog.DirectionInternal
}

var kindName = map[string]string{
	"I": "Inngående dokument", "U": "Utgående dokument",
	"N": "Organinternt dokument for oppfølging", "X": "Organinternt dokument uten oppfølging",
}

// The writers.

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func dt(t time.Time) string   { return t.In(oslo).Format("2006-01-02T15:04:05") }
func date(t time.Time) string { return t.In(oslo).Format("2006-01-02") }

func elem(w *bufio.Writer, indent, name, value string) {
	w.WriteString(indent)
	w.WriteString("<" + name + ">")
	w.WriteString(value)
	w.WriteString("</" + name + ">\n")
}

func (g *gen) structure(w *bufio.Writer) {
	o := g.o
	first := time.Date(o.Year, 1, 1, 0, 0, 0, 0, oslo)
	last := time.Date(o.Year+o.Years, 1, 1, 0, 0, 0, 0, oslo)
	w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<arkiv xmlns="http://www.arkivverket.no/standarder/noark5/arkivstruktur" xmlns:n5mdk="http://www.arkivverket.no/standarder/noark5/metadatakatalog" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.arkivverket.no/standarder/noark5/arkivstruktur arkivstruktur.xsd">
`)
	elem(w, "  ", "systemID", g.uuid())
	elem(w, "  ", "tittel", esc(o.Municipality+" kommune – sakarkiv"))
	elem(w, "  ", "beskrivelse", esc(Generated))
	elem(w, "  ", "arkivstatus", "Avsluttet")
	elem(w, "  ", "opprettetDato", dt(first))
	elem(w, "  ", "opprettetAv", "noarkgen")
	w.WriteString("  <arkivskaper>\n")
	elem(w, "    ", "arkivskaperID", esc(o.Number))
	elem(w, "    ", "arkivskaperNavn", esc(o.Municipality+" kommune"))
	elem(w, "    ", "beskrivelse", esc(Generated))
	w.WriteString("  </arkivskaper>\n  <arkivdel>\n")
	elem(w, "    ", "systemID", g.uuid())
	elem(w, "    ", "tittel", "Byggesaker")
	elem(w, "    ", "beskrivelse", esc(Generated))
	elem(w, "    ", "arkivdelstatus", "Avsluttet periode")
	elem(w, "    ", "opprettetDato", dt(first))
	elem(w, "    ", "opprettetAv", "noarkgen")
	elem(w, "    ", "avsluttetDato", dt(last))
	elem(w, "    ", "avsluttetAv", "noarkgen")
	w.WriteString("    <klassifikasjonssystem>\n")
	elem(w, "      ", "systemID", g.uuid())
	elem(w, "      ", "klassifikasjonstype", "Emnebasert, hierarkisk arkivnøkkel")
	elem(w, "      ", "tittel", "K-koder")
	elem(w, "      ", "opprettetDato", dt(first))
	elem(w, "      ", "opprettetAv", "noarkgen")
	w.WriteString("      <klasse>\n")
	elem(w, "        ", "systemID", g.uuid())
	elem(w, "        ", "klasseID", "L42")
	elem(w, "        ", "tittel", "Byggesaker")
	elem(w, "        ", "opprettetDato", dt(first))
	elem(w, "        ", "opprettetAv", "noarkgen")
	for i := range g.cases {
		g.writeCase(w, &g.cases[i])
	}
	w.WriteString("      </klasse>\n    </klassifikasjonssystem>\n  </arkivdel>\n</arkiv>\n")
}

func (g *gen) writeCase(w *bufio.Writer, c *gcase) {
	const in = "          "
	w.WriteString("        <mappe xsi:type=\"saksmappe\">\n")
	elem(w, in, "systemID", c.systemID)
	elem(w, in, "mappeID", c.mappeID)
	elem(w, in, "tittel", esc(c.title))
	elem(w, in, "opprettetDato", dt(c.opened))
	elem(w, in, "opprettetAv", esc(c.handler))
	if !c.closed.IsZero() {
		elem(w, in, "avsluttetDato", dt(c.closed))
		elem(w, in, "avsluttetAv", esc(c.handler))
	}
	for n, e := range c.entries {
		g.writeEntry(w, c, n, e)
	}
	elem(w, in, "saksaar", fmt.Sprint(c.year))
	elem(w, in, "sakssekvensnummer", fmt.Sprint(100+c.seq-1))
	elem(w, in, "saksdato", date(c.opened))
	elem(w, in, "administrativEnhet", esc(c.unit))
	elem(w, in, "saksansvarlig", esc(c.handler))
	status := "Avsluttet"
	if c.closed.IsZero() {
		status = "Under behandling"
	}
	elem(w, in, "saksstatus", status)
	w.WriteString("        </mappe>\n")
}

func (g *gen) writeEntry(w *bufio.Writer, c *gcase, n int, e gentry) {
	const in = "            "
	w.WriteString("          <registrering xsi:type=\"journalpost\">\n")
	elem(w, in, "systemID", e.systemID)
	elem(w, in, "opprettetDato", dt(e.at))
	elem(w, in, "opprettetAv", esc(e.handler))
	elem(w, in, "arkivertDato", dt(e.at.Add(2*time.Hour)))
	elem(w, in, "arkivertAv", "arkiv")
	w.WriteString(in + "<dokumentbeskrivelse>\n")
	elem(w, in+"  ", "systemID", g.uuid())
	elem(w, in+"  ", "dokumenttype", "Brev")
	elem(w, in+"  ", "dokumentstatus", "Dokumentet er ferdigstilt")
	elem(w, in+"  ", "tittel", esc(e.title))
	elem(w, in+"  ", "opprettetDato", dt(e.at))
	elem(w, in+"  ", "opprettetAv", esc(e.handler))
	elem(w, in+"  ", "tilknyttetRegistreringSom", "Hoveddokument")
	elem(w, in+"  ", "dokumentnummer", "1")
	elem(w, in+"  ", "tilknyttetDato", dt(e.at))
	elem(w, in+"  ", "tilknyttetAv", esc(e.handler))
	w.WriteString(in + "</dokumentbeskrivelse>\n")
	elem(w, in, "tittel", esc(e.title))
	party, partyType := c.applicant, "Avsender"
	if e.kind == "U" {
		partyType = "Mottaker"
	} else if e.kind != "I" {
		party, partyType = e.handler, "Intern mottaker"
	}
	w.WriteString(in + "<korrespondansepart>\n")
	elem(w, in+"  ", "korrespondanseparttype", partyType)
	elem(w, in+"  ", "korrespondansepartNavn", esc(party))
	if e.kind == "I" || e.kind == "U" {
		elem(w, in+"  ", "postadresse", esc(c.address))
	}
	elem(w, in+"  ", "administrativEnhet", esc(c.unit))
	elem(w, in+"  ", "saksbehandler", esc(e.handler))
	w.WriteString(in + "</korrespondansepart>\n")
	elem(w, in, "journalaar", fmt.Sprint(e.at.In(oslo).Year()))
	elem(w, in, "journalsekvensnummer", fmt.Sprint(c.seq*10+n))
	elem(w, in, "journalpostnummer", fmt.Sprint(n+1))
	elem(w, in, "journalposttype", kindName[e.kind])
	elem(w, in, "journalstatus", "Arkivert")
	elem(w, in, "journaldato", date(e.at))
	elem(w, in, "dokumentetsDato", date(e.at))
	switch e.kind {
	case "I":
		elem(w, in, "mottattDato", dt(e.at))
	case "U":
		elem(w, in, "sendtDato", dt(e.at))
	}
	if f := e.flow; f != nil {
		w.WriteString(in + "<dokumentflyt>\n")
		elem(w, in+"  ", "flytTil", esc(f.to))
		elem(w, in+"  ", "flytFra", esc(f.from))
		elem(w, in+"  ", "flytMottattDato", dt(f.received))
		elem(w, in+"  ", "flytSendtDato", dt(f.sent))
		elem(w, in+"  ", "flytStatus", "Godkjent")
		w.WriteString(in + "</dokumentflyt>\n")
	}
	w.WriteString("          </registrering>\n")
}

func (g *gen) changeLog(w *bufio.Writer) {
	w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<endringslogg xmlns="http://www.arkivverket.no/standarder/noark5/endringslogg">
`)
	for _, c := range g.cases {
		for _, ch := range c.changes {
			w.WriteString("  <endring>\n")
			elem(w, "    ", "referanseArkivenhet", ch.ref)
			elem(w, "    ", "referanseMetadata", ch.meta)
			elem(w, "    ", "endretDato", dt(ch.at))
			elem(w, "    ", "endretAv", esc(ch.by))
			elem(w, "    ", "tidligereVerdi", esc(ch.old))
			elem(w, "    ", "nyVerdi", esc(ch.new))
			w.WriteString("  </endring>\n")
		}
	}
	w.WriteString("</endringslogg>\n")
}

func (g *gen) description(w *bufio.Writer, sums map[string]string) {
	o := g.o
	prop := func(indent, name, value string) {
		fmt.Fprintf(w, "%s<property name=%q>\n%s  <value>%s</value>\n%s</property>\n", indent, name, indent, esc(value), indent)
	}
	file := func(indent, name string) {
		w.WriteString(indent + "<property name=\"file\">\n" + indent + "  <properties>\n")
		prop(indent+"    ", "name", name)
		w.WriteString(indent + "    <property name=\"checksum\">\n" + indent + "      <properties>\n")
		prop(indent+"        ", "algorithm", "SHA256")
		prop(indent+"        ", "value", sums[name])
		w.WriteString(indent + "      </properties>\n" + indent + "    </property>\n" + indent + "  </properties>\n" + indent + "</property>\n")
	}
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<addml xmlns="http://www.arkivverket.no/standarder/addml" name="Noark 5-arkivuttrekk">
  <dataset>
    <description>%s</description>
    <reference>
      <context>
        <additionalElements>
          <additionalElement name="recordCreators">
            <additionalElements>
              <additionalElement name="recordCreator">
                <value>%s</value>
              </additionalElement>
            </additionalElements>
          </additionalElement>
          <additionalElement name="systemName">
            <value>tjenestevalg noarkgen (seed %d)</value>
          </additionalElement>
        </additionalElements>
      </context>
      <content>
        <additionalElements>
          <additionalElement name="archivalPeriod">
            <properties>
              <property name="startDate">
                <value>%d-01-01</value>
              </property>
              <property name="endDate">
                <value>%d-12-31</value>
              </property>
            </properties>
          </additionalElement>
        </additionalElements>
      </content>
    </reference>
    <dataObjects>
      <dataObject name="Noark 5 arkivuttrekk">
        <properties>
          <property name="info">
            <properties>
              <property name="type">
                <value>Noark 5</value>
                <properties>
                  <property name="version">
                    <value>5.0</value>
                  </property>
                </properties>
              </property>
            </properties>
          </property>
        </properties>
        <dataObjects>
`, esc(Generated+" – "+o.Municipality+" ("+o.Number+")"), esc(o.Municipality+" kommune"), o.Seed, o.Year, o.Year+o.Years-1)
	for _, name := range []string{noark.FileStructure, noark.FileChanges} {
		fmt.Fprintf(w, "          <dataObject name=%q>\n            <properties>\n", strings.TrimSuffix(name, ".xml"))
		file("              ", name)
		w.WriteString("            </properties>\n          </dataObject>\n")
	}
	w.WriteString("        </dataObjects>\n      </dataObject>\n    </dataObjects>\n  </dataset>\n</addml>\n")
}
