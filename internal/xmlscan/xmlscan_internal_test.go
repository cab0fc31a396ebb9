package xmlscan

import (
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

var testLimits = Limits{Tag: 64 << 10, Text: 64 << 10}

// tokens lists what the scanner reports for a document: start and end
// tags by local name with their lines, the text of the elements named in
// keep, and "error" where it stops on one.
func tokens(t *testing.T, r io.Reader, keep ...string) []string {
	t.Helper()
	src, err := Decode(r)
	if err != nil {
		t.Fatal(err)
	}
	sc := New(src, testLimits)
	var out []string
	for {
		kind, err := sc.Next()
		if err != nil {
			return append(out, "error")
		}
		if text, ok := sc.Text(); ok {
			out = append(out, "text:"+string(text))
		}
		name := string(sc.Local())
		switch kind {
		case EOF:
			return out
		case End:
			out = append(out, "/"+name)
			continue
		}
		out = append(out, name+"@"+strconv.Itoa(sc.Line()))
		if name == "skip" {
			if err := sc.Skip(); err != nil {
				return append(out, "error")
			}
			continue
		}
		for _, k := range keep {
			if k == name {
				sc.Capture()
			}
		}
	}
}

func TestScannerReadsWhatTheReadersNeed(t *testing.T) {
	doc := "\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- a <comment> -> -->\n<n5:a x:type=\"n5:b>c\" y='1'>\n" +
		"<v>&lt;&amp;&#229;&#xE6;&bogus;<![CDATA[<raw>]]> x</v><e/>\n<skip><v>hidden</v>\n<x/></n5:skip-not></skip ><v>after</v></n5:a>\n"
	want := []string{"a@3", "v@4", "text:<&åæ&bogus;<raw> x", "/v", "e@4", "/e", "skip@5", "v@6", "text:after", "/v", "/a"}
	for name, r := range map[string]io.Reader{
		"whole":    strings.NewReader(doc),
		"one byte": iotest.OneByteReader(strings.NewReader(doc)),
	} {
		got := tokens(t, r, "v")
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s:\n got %v\nwant %v", name, got, want)
		}
	}

	sc := New(strings.NewReader(`<a xsi:type="n5:saksmappe" key='k&amp;v'/>`), DefaultLimits)
	if _, err := sc.Next(); err != nil {
		t.Fatal(err)
	}
	if v := sc.Attr("type"); string(v) != "n5:saksmappe" {
		t.Errorf("type = %q", v)
	}
	if v := AppendUnescaped(nil, sc.Attr("key")); string(v) != "k&v" {
		t.Errorf("key = %q", v)
	}

	// Encodings: UTF-16 by its byte-order mark, Latin-1 by the declaration.
	latin := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a><v>Inng\xe5ende dokument</v></a>"
	if got := tokens(t, strings.NewReader(latin), "v"); len(got) < 3 || got[2] != "text:Inngående dokument" {
		t.Errorf("latin-1: %v", got)
	}
	utf16 := []byte{0xff, 0xfe}
	for _, r := range "<a><v>søknad</v></a>" {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	if got := tokens(t, strings.NewReader(string(utf16)), "v"); len(got) < 3 || got[2] != "text:søknad" {
		t.Errorf("utf-16: %v", got)
	}
}

// Bad input stops the scanner with the line of what is wrong.
func TestScannerRefusesMalformedXML(t *testing.T) {
	for _, c := range []struct {
		src  string
		line int
	}{
		{"<a><b", 1}, {"<a <b>", 1}, {"<a>\n<!-- open", 2}, {"<a>\n</ b c>", 2}, {"<a>\n<b>\n</c></a>", 3},
		{"<a x=1/>", 1}, {"<a/>\ntext", 2}, {"<a/><b/>", 1}, {"", 1}, {"<a>\n<skip>\n<b/>", 3},
	} {
		src, _ := Decode(strings.NewReader(c.src))
		sc := New(src, testLimits)
		var err error
		for err == nil {
			var kind Kind
			kind, err = sc.Next()
			if kind == EOF && err == nil {
				break
			}
			if kind == Start && string(sc.Local()) == "skip" {
				err = sc.Skip()
			}
		}
		se, ok := err.(*SyntaxError)
		if !ok || se.Line != c.line {
			t.Errorf("%q: %v, want a syntax error at line %d", c.src, err, c.line)
		}
	}
}

// Hostile input is refused before it costs memory, and what is passed
// over costs none.
func TestScannerLimits(t *testing.T) {
	text := "<a><v>" + strings.Repeat("1", testLimits.Text+10) + "</v></a>"
	if got := tokens(t, iotest.OneByteReader(strings.NewReader(text)), "v"); got[len(got)-1] != "error" {
		t.Errorf("unbounded text kept: %v", got)
	}
	long := "<a " + strings.Repeat("x", testLimits.Tag+10) + ">"
	if got := tokens(t, iotest.OneByteReader(strings.NewReader(long))); got[len(got)-1] != "error" {
		t.Errorf("a tag of %d bytes was read: %v", len(long), got)
	}
	deep := strings.Repeat("<a>", DefaultLimits.Depth+1)
	if got := tokens(t, strings.NewReader(deep)); got[len(got)-1] != "error" || len(got) != DefaultLimits.Depth+1 {
		t.Errorf("nested %d deep: %d tokens", DefaultLimits.Depth+1, len(got))
	}
	// Comments, text not kept, CDATA not kept and skipped subtrees of any
	// length pass in a buffer of fixed size.
	big := strings.Repeat("y", 3<<20)
	huge := "<a><!--" + big + "-->" + big + "<![CDATA[" + big + "]]><skip><b>" + big + "</b></skip><v>1</v></a>"
	sc := New(strings.NewReader(huge), testLimits)
	for {
		kind, err := sc.Next()
		if err != nil {
			t.Fatal(err)
		}
		if kind == EOF {
			break
		}
		if kind == Start && string(sc.Local()) == "skip" {
			if err := sc.Skip(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(sc.buf) > 1<<20 {
		t.Errorf("the buffer grew to %d bytes", len(sc.buf))
	}
}

// With NormalizeNewlines, captured text ends its lines as XML says: "\r\n"
// and a lone "\r" become "\n", also across buffer refills and in CDATA,
// while &#13; stays a carriage return. Without it, text is kept as written.
func TestNormalizeNewlines(t *testing.T) {
	doc := "<a><t>one\r\ntwo\rthree&#13;&#10;four\r</t><t><![CDATA[x\r\ny]]>\r\nz</t></a>"
	read := func(normalize bool, r io.Reader) []string {
		sc := New(r, testLimits)
		if normalize {
			sc.NormalizeNewlines()
		}
		var out []string
		for {
			kind, err := sc.Next()
			if err != nil {
				t.Fatal(err)
			}
			if kind == EOF {
				return out
			}
			if kind == Start && string(sc.Local()) == "t" {
				sc.Capture()
			}
			if text, ok := sc.Text(); ok && kind == End {
				out = append(out, string(text))
			}
		}
	}
	want := []string{"one\ntwo\nthree\r\nfour\n", "x\ny\nz"}
	for _, r := range []io.Reader{strings.NewReader(doc), iotest.OneByteReader(strings.NewReader(doc))} {
		if got := read(true, r); !slices.Equal(got, want) {
			t.Errorf("normalised %q, want %q", got, want)
		}
	}
	if got := read(false, strings.NewReader(doc)); got[0] != "one\r\ntwo\rthree\r\nfour\r" {
		t.Errorf("as written %q", got)
	}
}

// Input beyond the Limits is told from malformed input.
func TestLimitErrors(t *testing.T) {
	for doc, limit := range map[string]bool{
		"<a>" + strings.Repeat("x", 100) + "</a>": true,
		"<a><b></a>": false,
	} {
		sc := New(strings.NewReader(doc), Limits{Text: 10})
		var err error
		for err == nil {
			var kind Kind
			if kind, err = sc.Next(); kind == EOF && err == nil {
				break
			}
			if kind == Start {
				sc.Capture()
			}
		}
		se, ok := err.(*SyntaxError)
		if !ok || se.Limit != limit {
			t.Errorf("%.20s: %v, want a syntax error with Limit %v", doc, err, limit)
		}
	}
}
