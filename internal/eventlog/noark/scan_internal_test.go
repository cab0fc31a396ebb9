package noark

import (
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
)

// tokens lists what the scanner reports for doc: start and end tags by
// local name, the text of the elements named in keep, and the lines.
func tokens(t *testing.T, r io.Reader, keep ...string) []string {
	t.Helper()
	sc := newScanner(r)
	var out []string
	for {
		tok, err := sc.next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			out = append(out, "error")
			return out
		}
		name := string(tok.local)
		if tok.end {
			if sc.capture {
				out = append(out, "text:"+string(sc.text))
				sc.capture = false
			}
			out = append(out, "/"+name)
			continue
		}
		out = append(out, name+"@"+strconv.Itoa(tok.line))
		if name == "skip" {
			if err := sc.skip(tok.qname); err != nil {
				return append(out, "error")
			}
			continue
		}
		for _, k := range keep {
			if k == name {
				sc.capture, sc.text = true, sc.text[:0]
			}
		}
	}
}

func TestScannerReadsWhatTheReaderNeeds(t *testing.T) {
	doc := "\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- a <comment> -->\n<n5:a x:type=\"n5:b>c\" y='1'>\n" +
		"<v>&lt;&amp;&#229;&#xE6;<![CDATA[<raw>]]> x</v><e/>\n<skip><v>hidden</v>\n<x/></n5:skip-not></skip><v>after</v></n5:a>"
	want := []string{"a@3", "v@4", "text:<&åæ<raw> x", "/v", "e@4", "/e", "skip@5", "v@6", "text:after", "/v", "/a"}
	for name, r := range map[string]io.Reader{
		"whole":    strings.NewReader(doc),
		"one byte": iotest.OneByteReader(strings.NewReader(doc)),
	} {
		got := tokens(t, r, "v")
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s:\n got %v\nwant %v", name, got, want)
		}
	}
	text := "<a><v>" + strings.Repeat("1", maxText+10) + "</v></a>"
	if got := tokens(t, iotest.OneByteReader(strings.NewReader(text)), "v"); got[len(got)-1] != "error" {
		t.Errorf("unbounded text kept: %d tokens", len(got))
	}
	// Comments and skipped subtrees of any length pass in a buffer of
	// fixed size.
	big := strings.Repeat("y", 3<<20)
	huge := "<a><!--" + big + "--><skip><b>" + big + "</b></skip><v>1</v></a>"
	sc := newScanner(strings.NewReader(huge))
	for {
		tok, err := sc.next()
		if err != nil {
			break
		}
		if string(tok.local) == "skip" && !tok.end {
			sc.skip(tok.qname)
		}
	}
	if len(sc.buf) > 1<<20 {
		t.Errorf("the buffer grew to %d bytes", len(sc.buf))
	}
	if v := attrPrefixed([]byte(` x:type="n5:saksmappe" type="no"`), "type"); v != "n5:saksmappe" {
		t.Errorf("xsi:type = %q", v)
	}
	// Latin-1 files: the text the reader keeps is turned into UTF-8.
	latin := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a><v>Inng\xe5ende dokument</v></a>"
	if got := tokens(t, strings.NewReader(latin), "v"); got[2] != "text:Inngående dokument" {
		t.Errorf("latin-1: %v", got)
	}
	for _, bad := range []string{"<a><b", "<a <b>", "<a><!-- open", "<a></ b c>"} {
		if got := tokens(t, strings.NewReader(bad)); got[len(got)-1] != "error" {
			t.Errorf("%q: no error in %v", bad, got)
		}
	}
	long := "<a " + strings.Repeat("x", maxTag+10) + ">"
	if got := tokens(t, iotest.OneByteReader(strings.NewReader(long))); got[len(got)-1] != "error" {
		t.Errorf("a tag of %d bytes was read: %d tokens", len(long), len(got))
	}
}

func TestParseTime(t *testing.T) {
	oslo := func(y int, m time.Month, d, h, mi, s int) time.Time { return time.Date(y, m, d, h, mi, s, 0, oslo) }
	cases := map[string]time.Time{
		"2011-09-09T09:10:00":          oslo(2011, 9, 9, 9, 10, 0),
		"2011-09-09 09:10:00":          oslo(2011, 9, 9, 9, 10, 0),
		"2011-09-09T09:10":             oslo(2011, 9, 9, 9, 10, 0),
		"2011-09-09":                   oslo(2011, 9, 9, 0, 0, 0),
		"2011-12-09":                   oslo(2011, 12, 9, 0, 0, 0),
		"2011-09-09Z":                  time.Date(2011, 9, 9, 0, 0, 0, 0, time.UTC),
		"2011-09-09+01:00":             time.Date(2011, 9, 8, 23, 0, 0, 0, time.UTC),
		"2011-09-09T09:10:00Z":         time.Date(2011, 9, 9, 9, 10, 0, 0, time.UTC),
		"2011-09-09T09:10:00.25+02:00": time.Date(2011, 9, 9, 7, 10, 0, 250e6, time.UTC),
		" 2011-09-09T09:10:00.123456 ": oslo(2011, 9, 9, 9, 10, 0).Add(123456 * time.Microsecond),
		"":                             {},
	}
	for in, want := range cases {
		got, ok := parseTime(in)
		if !ok || !got.Equal(want) {
			t.Errorf("parseTime(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, bad := range []string{"09.09.2011", "2011-13-01", "yesterday", "2011-09-09T25:00:00"} {
		if _, ok := parseTime(bad); ok {
			t.Errorf("parseTime(%q) accepted", bad)
		}
	}
}

func TestCodeLists(t *testing.T) {
	for in, want := range map[string]string{
		"Inngående dokument": ActivityIncoming, "I": ActivityIncoming, "inngaaende": ActivityIncoming,
		"Utgående dokument": ActivityOutgoing, "u": ActivityOutgoing,
		"Organinternt dokument for oppfølging": ActivityInternalFollowUp, "N": ActivityInternalFollowUp,
		"X": ActivityInternal, "Saksframlegg": ActivityCaseReport, "Møtebok": "Møtebok",
		"": ActivityOtherEntry, strings.Repeat("lang ", 20): ActivityOtherEntry,
	} {
		if got, _ := entryType(in); got != want {
			t.Errorf("entryType(%q) = %q, want %q", in, got, want)
		}
	}
	if _, dir := entryType("Inngående dokument"); dir != eventlog.DirectionIn {
		t.Error("incoming is not in")
	}
	for in, closed := range map[string]bool{"Avsluttet": true, "A": true, "Utgår": true, "F": true, "Under behandling": false, "B": false, "R": false} {
		if _, c, known := caseStatus(in); !known || c != closed {
			t.Errorf("caseStatus(%q) closed=%v known=%v", in, c, known)
		}
	}
	p := &pseudonymiser{key: []byte("k"), cache: map[string]string{}}
	if a, b := p.name(ResourceHandler, "Lars H.Hansen"), p.name(ResourceHandler, " Lars H. Hansen"); a != b || !strings.HasPrefix(a, "saksbehandler-") || len(a) != len("saksbehandler-")+8 {
		t.Errorf("pseudonyms %q, %q", a, b)
	}
	if p.name(ResourceHandler, "NULL") != "" || p.name(ResourceUnit, "x") == p.name(ResourceHandler, "x") {
		t.Error("NULL is a name, or a unit and a person share a pseudonym")
	}
	q := &pseudonymiser{key: []byte("another read"), cache: map[string]string{}}
	if q.name(ResourceHandler, "Lars H.Hansen") == p.name(ResourceHandler, "Lars H.Hansen") {
		t.Error("two keys give one pseudonym")
	}
	for id, keep := range map[string]bool{"L42": true, "611": true, "03.4": true, "01017012345": false, "Ola Nordmanns vei 3": false} {
		if plainClassID(id) != keep {
			t.Errorf("plainClassID(%q) = %v", id, !keep)
		}
	}
}
