package eventlog_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
)

func readXES(t *testing.T, src string) (eventlog.Stats, error) {
	t.Helper()
	b := eventlog.NewBuilder(eventlog.FormatXES)
	err := eventlog.ReadXES(strings.NewReader(src), b)
	return b.Stats(), err
}

func readError(t *testing.T, err error) *eventlog.ReadError {
	t.Helper()
	var re *eventlog.ReadError
	if !errors.As(err, &re) {
		t.Fatalf("error %v (%T), want a *ReadError", err, err)
	}
	return re
}

// The same log gzip-compressed, and fed a byte at a time (every token cut
// at every place), reads to the same figures.
func TestReadXESGzipAndChunks(t *testing.T) {
	raw, err := os.ReadFile("testdata/running-example.xes")
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(raw)
	zw.Close()
	for name, r := range map[string]func() *bytes.Reader{
		"gzip":     func() *bytes.Reader { return bytes.NewReader(gz.Bytes()) },
		"one byte": func() *bytes.Reader { return bytes.NewReader(raw) },
	} {
		t.Run(name, func(t *testing.T) {
			b := eventlog.NewBuilder(eventlog.FormatXES)
			if err := eventlog.ReadXES(iotest.OneByteReader(r()), b); err != nil {
				t.Fatal(err)
			}
			s := b.Stats()
			if s.Cases != 6 || s.Events != 42 || s.Variants != 6 || s.CaseDuration.Median != 815940 {
				t.Errorf("cases %d events %d variants %d median %v", s.Cases, s.Events, s.Variants, s.CaseDuration.Median)
			}
		})
	}
}

// Variants of how real files spell the same log, each one case of two
// events one hour apart.
func TestReadXESSpellings(t *testing.T) {
	event := func(prefix, name, ts string) string {
		return `<string key="` + prefix + `:name" value="` + name + `"/><date key="time:timestamp" value="` + ts + `"/>`
	}
	for _, c := range []struct {
		name, src, want1 string
	}{
		{"no namespace, no extensions",
			`<log><trace><string key="concept:name" value="k"/><event>` + event("concept", "a", "2024-01-01T10:00:00Z") +
				`</event><event>` + event("concept", "b", "2024-01-01T11:00:00Z") + `</event></trace></log>`, "a"},
		{"prefixed elements",
			`<?xml version="1.0"?><xes:log xmlns:xes="http://www.xes-standard.org/"><xes:trace><xes:string key="concept:name" value="k"/>` +
				`<xes:event>` + event("concept", "a", "2024-01-01T10:00:00+00:00") + `</xes:event><xes:event>` +
				event("concept", "b", "2024-01-01T12:00:00+01:00") + `</xes:event></xes:trace></xes:log>`, "a"},
		{"old extension URI with another prefix",
			`<log><extension name="Concept" prefix="cn" uri="http://code.deckfour.org/xes/concept.xesext"/>` +
				`<trace><string key="cn:name" value="k"/><event>` + event("cn", "a", "2024-01-01T10:00:00.000Z") +
				`</event><event>` + event("cn", "b", "2024-01-01T11:00:00.000Z") + `</event></trace></log>`, "a"},
		{"self-closing, single quotes, entities, comments",
			"<!-- x --><log>\n<trace><string key='concept:name' value='k'/>\n<event>" + event("concept", "&#229;&#x5F; &lt;1&gt;", "2024-01-01T10:00:00Z") +
				"<!-- <event> --></event><event>" + event("concept", "b", "2024-01-01T11:00:00Z") + "</event><event/></trace></log>\n<?pi x?>\n", "å_ <1>"},
		{"byte-order mark and Latin-1",
			"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><log><trace><string key=\"concept:name\" value=\"k\"/><event>" +
				event("concept", "s\xf8knad", "2024-01-01T10:00:00Z") + "</event><event>" + event("concept", "b", "2024-01-01T11:00:00Z") +
				"</event></trace></log>", "søknad"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := readXES(t, c.src)
			if err != nil {
				t.Fatal(err)
			}
			if s.Cases != 1 || s.Events != 2 || s.CaseDuration.Max != 3600 {
				t.Fatalf("cases %d events %d duration %v", s.Cases, s.Events, s.CaseDuration.Max)
			}
			if got := s.TopVariants[0].Activities[0]; got != c.want1 {
				t.Errorf("first activity %q, want %q", got, c.want1)
			}
		})
	}
}

// A tag longer than the reader's buffer is read whole.
func TestReadXESLongValue(t *testing.T) {
	long := strings.Repeat("x", 600<<10)
	s, err := readXES(t, `<log><trace><string key="concept:name" value="k"/><event><string key="note" value="`+long+
		`"/><string key="concept:name" value="a"/><date key="time:timestamp" value="2024-01-01T10:00:00Z"/></event></trace></log>`)
	if err != nil || s.Events != 1 {
		t.Fatalf("events %d, err %v", s.Events, err)
	}
}

// Bad input: the code a user sees and the line it points at.
func TestReadXESBadInput(t *testing.T) {
	for _, c := range []struct {
		name, src string
		code      string
		line      int
	}{
		{"not XML", "PNG\x89 this is no log", eventlog.CodeNotEventLog, 1},
		{"another XML document", "<?xml version=\"1.0\"?>\n<html><body/></html>", eventlog.CodeNotEventLog, 2},
		{"empty", "", eventlog.CodeNotEventLog, 1},
		{"a log without events", "<log>\n<trace/>\n</log>", eventlog.CodeNoEvents, 0},
		{"unclosed element", "<log>\n<trace>\n<event>\n<string key=\"concept:name\" value=\"a\"/>\n</trace>\n</log>", eventlog.CodeMalformedXML, 5},
		{"truncated file", "<log>\n<trace>\n<event>\n<string key=\"concept:name\" value=\"a\"/>\n<date key=\"time:ti", eventlog.CodeMalformedXML, 5},
		{"unquoted attribute", "<log>\n<trace>\n<string key=concept:name value=\"a\"/>\n</trace></log>", eventlog.CodeMalformedXML, 3},
		{"bad timestamp", "<log>\n<trace>\n<event>\n<string key=\"concept:name\" value=\"a\"/>\n<date key=\"time:timestamp\" value=\"31/12/2024\"/>\n</event></trace></log>",
			eventlog.CodeBadTimestamp, 5},
		{"impossible date", "<log><trace><event><string key=\"concept:name\" value=\"a\"/>\n\n<date key=\"time:timestamp\" value=\"2024-02-30T10:00:00Z\"/></event></trace></log>",
			eventlog.CodeBadTimestamp, 3},
		{"text after the root", "<log><trace><event><string key=\"concept:name\" value=\"a\"/><date key=\"time:timestamp\" value=\"2024-02-03T10:00:00Z\"/></event></trace></log>\ngarbage",
			eventlog.CodeMalformedXML, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := readXES(t, c.src)
			re := readError(t, err)
			if re.Code != c.code || re.Line != c.line {
				t.Errorf("error %v (code %s line %d), want code %s line %d", err, re.Code, re.Line, c.code, c.line)
			}
		})
	}
}

func TestReadXESBadGzip(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(bytes.Repeat([]byte("<log><trace></trace></log>"), 100))
	zw.Close()
	cut := gz.Bytes()[:gz.Len()/2]
	b := eventlog.NewBuilder(eventlog.FormatXES)
	re := readError(t, eventlog.ReadXES(bytes.NewReader(cut), b))
	if re.Code != eventlog.CodeBadGzip && re.Code != eventlog.CodeMalformedXML {
		t.Errorf("code %s", re.Code)
	}
	re = readError(t, eventlog.ReadXES(bytes.NewReader([]byte{0x1f, 0x8b, 0, 0}), b))
	if re.Code != eventlog.CodeBadGzip {
		t.Errorf("code %s", re.Code)
	}
}

// The generator's log reads back with the events it promised.
func TestGenerateXES(t *testing.T) {
	var a, b bytes.Buffer
	if err := eventlog.GenerateXES(&a, eventlog.XESOptions{Events: 2000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	if err := eventlog.GenerateXES(&b, eventlog.XESOptions{Events: 2000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same seed wrote different logs")
	}
	per := a.Len() / 2000
	bl := eventlog.NewBuilder(eventlog.FormatXES)
	if err := eventlog.ReadXES(&a, bl); err != nil {
		t.Fatal(err)
	}
	s := bl.Stats()
	if s.Events < 2000 || s.Events > 2100 || s.Cases < 50 || s.Activities < 8 || len(s.Warnings) != 0 {
		t.Errorf("events %d cases %d activities %d warnings %v", s.Events, s.Cases, s.Activities, s.Warnings)
	}
	// Each activity is logged twice, so events are twice the occurrences.
	occ := 0
	for _, a := range s.ActivityList {
		occ += a.Events
	}
	if occ*2 != s.Events {
		t.Errorf("occurrences %d, events %d", occ, s.Events)
	}
	if per < 400 || per > 600 {
		t.Errorf("%d bytes per event, want about 500", per)
	}
}

// Hostile input is refused before it costs memory: a tag of 17 MiB, and
// elements nested deeper than any log.
func TestReadXESHostile(t *testing.T) {
	for name, src := range map[string]string{
		"long tag":     "<log>\n<trace><string key=\"note\" value=\"" + strings.Repeat("x", 17<<20) + "\"/></trace></log>",
		"deep nesting": "<log>\n" + strings.Repeat("<a>", 20000) + strings.Repeat("</a>", 20000) + "</log>",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := readXES(t, src)
			if re := readError(t, err); re.Code != eventlog.CodeMalformedXML || re.Line != 2 {
				t.Errorf("%v", err)
			}
		})
	}
}
