package process_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"

	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

const defsOpen = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tv="https://tjenestevalg.no/bpmn/1.0">`

// name finds the name of any element Parse keeps: process, node, lane,
// participant or message flow.
func name(d *process.Definitions, id string) string {
	for _, p := range d.Processes {
		if p.ID == id {
			return p.Name
		}
		for _, n := range p.Nodes {
			if n.ID == id {
				return n.Name
			}
		}
		for _, l := range p.Lanes {
			if l.ID == id {
				return l.Name
			}
		}
	}
	for _, pt := range d.Participants {
		if pt.ID == id {
			return pt.Name
		}
	}
	for _, mf := range d.MessageFlows {
		if mf.ID == id {
			return mf.Name
		}
	}
	return "(no element " + id + ")"
}

// TestToolFiles reads files imitating what other modelling tools write and
// checks figures counted by hand from the drawings: activities and their
// kinds, hand-offs (lane changes plus message flows), rework loops and
// control-flow complexity, and one name each, since the files come in four
// encodings. Files without tv: attributes still count activities, hand-offs,
// loops and CFC; only the timed metrics are incomplete.
func TestToolFiles(t *testing.T) {
	for _, tc := range []struct {
		file                       string
		processes, diagrams        int
		activities, manual, user   int
		automated, handOffs, loops int
		cfc                        int
		complete                   bool
		id, name                   string
		touch, lead, valueAdding   float64
		mediaBreaks, laneCount     int
	}{
		// Registrere (service) → Vurdere betjeningsevne (user, Saksbehandler) →
		// Komplett? → nei: Be om dokumentasjon (send) back to Vurdere (the
		// loop); ja: Godkjenne (user, Leder) → Sende vedtak (service). A timer on
		// Vurdere leads to Ringe søkeren (manual). Hand-offs: into and out of
		// Leder. Lead: 45 + 3 d, 15 + 2 d: 2310 minutes.
		{file: "camunda-modeler-5.bpmn", processes: 1, diagrams: 1,
			activities: 6, manual: 1, user: 2, automated: 3, handOffs: 2, loops: 1, cfc: 2, complete: true,
			id: "Activity_Betjeningsevne", name: "Vurdere betjeningsevne",
			touch: 75, lead: 2310, valueAdding: 45, mediaBreaks: 5, laneCount: 2},
		// Zeebe: user, service, plain task (unclassified without tv:automated)
		// and send; no lanes, no tv: attributes.
		{file: "camunda-8-zeebe.bpmn", processes: 1, diagrams: 1,
			activities: 4, user: 1, automated: 2, cfc: 2,
			id: "Process_Klage", name: "Klage på eiendomsskatt"},
		// Two pools. Kommunen: Registrere (Servicetorget) → Vurdere
		// (Tildeling) and Fatte vedtak (Tildeling) → Sende vedtak
		// (Servicetorget): two lane hand-offs, plus the two message flows.
		{file: "signavio.bpmn", processes: 2, diagrams: 1,
			activities: 6, manual: 1, user: 3, automated: 1, handOffs: 4, cfc: 2,
			id: "sid-D7B2C3E4-F5A6-4B7C-9D8E-0F1A2B3C4D5E", name: "Kommunen", laneCount: 2},
		// Nested lanes: Front Office → Sachbearbeitung (both inside
		// Bürgerbüro) → Poststelle: two hand-offs; the Nachfordern loop.
		{file: "aris.bpmn", processes: 1, diagrams: 1,
			activities: 5, manual: 1, user: 2, automated: 2, handOffs: 2, loops: 1, cfc: 2,
			id: "_10000002-3b7e-11e4-0d3e-0050569a6a2d", name: "Antrag auf Vollständigkeit prüfen", laneCount: 4},
		// The subprocess counts through its two tasks; its inner nodes take
		// its lane. One hand-off: school → municipality.
		{file: "bizagi.bpmn", processes: 1, diagrams: 2,
			activities: 7, user: 4, automated: 2, handOffs: 1, cfc: 2,
			id: "Id_01a1a1a1-0000-4000-8000-000000000001", name: "Ođđa skuvlajahki / Nytt skoleår", laneCount: 2},
		// UTF-16. Parallel split (CFC 1); Befaring lacks tv:valueClass and
		// Kontrollere gårdskart tv:waitingDays. Lead: 5 + 1 d, 40 + 10 d,
		// the longer branch 120 + 15 d, 30 + 2 d, 0 + 5 d = 15045.
		{file: "visio-process-modeler.bpmn", processes: 1, diagrams: 1,
			activities: 6, manual: 1, user: 4, automated: 1, handOffs: 1, cfc: 1,
			id: "Lane_Okonomi", name: "Økonomiavdelingen",
			touch: 215, lead: 15045, valueAdding: 70, mediaBreaks: 6, laneCount: 2},
		// windows-1252. Søker sends one message flow, Kommunen two (one to
		// the collapsed Kartverket pool) and changes lanes twice.
		{file: "enterprise-architect.bpmn", processes: 2, diagrams: 1,
			activities: 8, manual: 1, user: 4, automated: 3, handOffs: 5, cfc: 2, complete: true,
			id: "EAID_PAR00002_7A1B_4c2d_9E3F_0A1B2C3D4E5F", name: "Kommunen – plan og bygg",
			touch: 588, lead: 91 + 9180 + 945 + 27240 + 450 + 2, valueAdding: 555, mediaBreaks: 5, laneCount: 2},
		// Inclusive split of three (2³ − 1) and an exclusive one (2); a plain
		// task and a call activity classified by tv:automated.
		{file: "bpmn-io-colours.bpmn", processes: 1, diagrams: 1,
			activities: 7, manual: 1, user: 3, automated: 3, handOffs: 2, loops: 1, cfc: 9, complete: true,
			id: "Process_Stonad", name: "Søknad om økonomisk stønad",
			touch: 120, lead: 2310 + 3160 + 470, valueAdding: 110, mediaBreaks: 7, laneCount: 2},
	} {
		t.Run(tc.file, func(t *testing.T) {
			d := mustParseFile(t, filepath.Join("tools", tc.file))
			if len(d.Processes) != tc.processes || d.Diagrams != tc.diagrams {
				t.Errorf("processes %d, diagrams %d; want %d, %d", len(d.Processes), d.Diagrams, tc.processes, tc.diagrams)
			}
			if got := name(d, tc.id); got != tc.name {
				t.Errorf("name of %s = %q, want %q", tc.id, got, tc.name)
			}
			lanes := 0
			for _, p := range d.Processes {
				lanes += len(p.Lanes)
			}
			if lanes != tc.laneCount {
				t.Errorf("lanes = %d, want %d", lanes, tc.laneCount)
			}
			f := process.Compute(d).Total
			got := []int{f.Activities, f.Manual, f.User, f.Automated, f.HandOffs, f.ReworkLoops, f.ControlFlowComplexity, f.MediaBreaks}
			want := []int{tc.activities, tc.manual, tc.user, tc.automated, tc.handOffs, tc.loops, tc.cfc, tc.mediaBreaks}
			if !equalInts(got, want) {
				t.Errorf("activities, manual, user, automated, hand-offs, loops, CFC, media breaks = %v, want %v", got, want)
			}
			if f.TouchMinutes != tc.touch || f.LeadMinutes != tc.lead || f.ValueAddingMinutes != tc.valueAdding {
				t.Errorf("touch, lead, value-adding = %v, %v, %v; want %v, %v, %v",
					f.TouchMinutes, f.LeadMinutes, f.ValueAddingMinutes, tc.touch, tc.lead, tc.valueAdding)
			}
			if complete := len(f.Incomplete) == 0; complete != tc.complete {
				t.Errorf("complete = %v, want %v; incomplete: %q", complete, tc.complete, f.Incomplete)
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestToolFilesIncomplete: a file without any tv: attribute reports what
// each activity lacks, per metric.
func TestToolFilesIncomplete(t *testing.T) {
	f := process.Compute(mustParseFile(t, filepath.Join("tools", "signavio.bpmn"))).Processes[1]
	for _, want := range []string{
		"touch_time: sid-2C3D4E5F-REGISTRERE lacks employeeMinutes",
		"lead_time: sid-2C3D4E5F-REGISTRERE lacks waitingDays",
		"media_breaks: sid-2C3D4E5F-REGISTRERE lacks medium",
		"value_adding_time: sid-5F6A7B8C-BESOK lacks valueClass",
		"cycle_efficiency: lead time is zero",
	} {
		found := false
		for _, s := range f.Incomplete {
			found = found || s == want
		}
		if !found {
			t.Errorf("incomplete %q lacks %q", f.Incomplete, want)
		}
	}
}

// TestToolGolden pins the full metrics of every file in testdata/tools.
// Run with -update after a deliberate change and review the diff.
func TestToolGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "tools", "*.bpmn"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no tool files: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			got, err := json.MarshalIndent(process.Compute(mustParseFile(t, filepath.Join("tools", filepath.Base(file)))), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(file, ".bpmn") + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs:\n got %s\nwant %s", golden, got, want)
			}
		})
	}
}

// checkRefused fails unless err wraps ErrInvalid and mentions every want.
func checkRefused(t *testing.T, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one mentioning %q", want)
	}
	if !errors.Is(err, process.ErrInvalid) {
		t.Errorf("error %q does not wrap ErrInvalid", err)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not mention %q", err, w)
		}
	}
}

// TestParseHostileFiles: the files in testdata/tools/bad are refused with
// a message saying what and where.
func TestParseHostileFiles(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"external-entity.bpmn", []string{"DOCTYPE is not allowed (line 2)"}},
		{"billion-laughs.bpmn", []string{"DOCTYPE is not allowed (line 2)"}},
		{"truncated.bpmn", []string{"not well-formed XML", "unexpected end of file at line 38, column 98", "<process> is not closed"}},
		{"not-xml.bpmn", []string{"not an XML document", `begins with "Prosess: Søknad om startlån`}},
		{"empty.bpmn", []string{"not an XML document: the file is empty"}},
		{"dmn-not-bpmn.bpmn", []string{"root element is <definitions>", "DMN/20191111", "want <definitions> in http://www.omg.org/spec/BPMN/20100524/MODEL"}},
		{"decimal-comma.bpmn", []string{`"Task_Vurdere"`, `tv:employeeMinutes="7,5"`, "decimal separator"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", "tools", "bad", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			d, err := process.ParseLimited(f, 0)
			if d != nil {
				t.Errorf("Parse = %+v, want nil", d)
			}
			checkRefused(t, err, tc.want...)
		})
	}
}

// TestParseHostileInputs: inputs built in code, too large for files.
func TestParseHostileInputs(t *testing.T) {
	deep := func(n int) string {
		return defsOpen + strings.Repeat("<x>", n-1) + strings.Repeat("</x>", n-1) + "</definitions>"
	}
	big := strings.Repeat("x", process.MaxTokenSize+1)
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"nesting 257", deep(257), []string{"nesting deeper than 256 at line 1, column "}},
		{"nesting 257 on line 3", "\n\n" + deep(257), []string{"nesting deeper than 256 at line 3"}},
		{"attribute value over 1 MiB", defsOpen + `<process id="` + big + `"/></definitions>`,
			[]string{"longer than 1 MiB at line 1, column " + strconv.Itoa(len(defsOpen)+1)}},
		{"element name over 1 MiB", defsOpen + "\n<" + big + "/></definitions>", []string{"longer than 1 MiB at line 2, column 1"}},
		{"attribute name over 1 MiB", defsOpen + `<process ` + big + `="1"/></definitions>`, []string{"longer than 1 MiB"}},
		{"text over 1 MiB", defsOpen + `<documentation>` + big + `</documentation></definitions>`, []string{"longer than 1 MiB"}},
		{"comment over 1 MiB", defsOpen + `<!--` + big + `--></definitions>`, []string{"longer than 1 MiB"}},
		{"HTML page", "<!DOCTYPE html>\n<html><body>Søknad</body></html>", []string{"DOCTYPE is not allowed (line 1)"}},
		{"entity declaration", `<!ENTITY x "y">` + defsOpen + `</definitions>`, []string{`declaration <!ENTITY x "y"> is not allowed (line 1)`}},
		{"second root", defsOpen + "</definitions>\n" + defsOpen + "</definitions>", []string{"second root element <definitions> at line 2, column 1"}},
		{"mismatched tags", defsOpen + "\n<process id=\"P\">\n</task></definitions>",
			[]string{"not well-formed XML at line 3, column 8", "element <process> closed by </task>"}},
		{"undeclared entity", defsOpen + `<process id="P" name="&lol9;"/></definitions>`, []string{"not well-formed XML at line 1", "&lol9;"}},
		{"white space only", " \n\t\n", []string{"not an XML document: the file holds only white space"}},
		{"ZIP archive", "PK\x03\x04\x14\x00\x06\x00", []string{"ZIP archive"}},
		{"PDF", "%PDF-1.7\n", []string{"PDF document"}},
		{"binary", "\x00\x01\x02\x03garbage", []string{"binary data"}},
		{"Latin-1 text", "S\xf8knad om b\xe5tplass", []string{"binary data"}},
		{"long text cut in a character", strings.Repeat("ø", 30), []string{`begins with "øøøøøøøøøøøøøøøøøøøø…"`}},
		{"attribute twice", defsOpen + "\n" + `<process id="P"><task id="T" tv:medium="paper" name="A" tv:medium="system"/></process></definitions>`,
			[]string{"not well-formed XML at line 2, column 17: attribute {https://tjenestevalg.no/bpmn/1.0}medium repeated on <task>"}},
		{"many attributes, one twice", defsOpen + `<process id="P"` + strings.Repeat(` a="1" b="2" c="3"`, 4) + `/></definitions>`,
			[]string{"attribute a repeated on <process>"}},
		{"JSON", `{"bpmn": "<definitions/>"}`, []string{"begins like JSON"}},
		{"XML declaration only", `<?xml version="1.0"?>`, []string{"not an XML document: it has no root element"}},
		{"truncated in a tag", defsOpen + `<process id="P`, []string{"unexpected end of file at line 1", "<definitions> is not closed"}},
		{"truncated declaration", `<?xml version="1.0`, []string{"unexpected end of file at line 1, column 19"}},
		{"unsupported encoding", `<?xml version="1.0" encoding="EBCDIC-037"?>` + "\n" + defsOpen + `</definitions>`,
			[]string{`encoding "EBCDIC-037" is not supported`, "UTF-8", "(line 1)"}},
		{"XML 1.1", `<?xml version="1.1"?>` + defsOpen + `</definitions>`, []string{"1.1"}},
		{"waiting days beyond reason", defsOpen + `<process id="P"><task id="T" tv:waitingDays="1e300"/></process></definitions>`,
			[]string{`tv:waitingDays="1e300"`, "more than 100000 days"}},
		{"minutes beyond reason", defsOpen + `<process id="P"><task id="T" tv:employeeMinutes="2e6"/></process></definitions>`,
			[]string{"more than 1000000 minutes"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := process.Parse(strings.NewReader(tc.src))
			checkRefused(t, err, tc.want...)
		})
	}
	if _, err := process.Parse(strings.NewReader(deep(256))); err != nil {
		t.Errorf("nesting of 256: %v", err)
	}
}

// TestParseTooManyElements: a few megabytes of empty elements would take
// hundreds of megabytes as a tree, so the count is capped.
func TestParseTooManyElements(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a million elements")
	}
	n := process.MaxElements / 5
	src := defsOpen + strings.Repeat(`<a b="1" c="2" d="3" e="4"/>`, n) + "</definitions>"
	_, err := process.Parse(strings.NewReader(src))
	checkRefused(t, err, "more than 1000000 elements and attributes (line 1)")
}

// countingReader counts the bytes read from it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// endless is a well-formed start of a BPMN file that never ends.
type endless struct{ sent bool }

func (e *endless) Read(p []byte) (int, error) {
	if !e.sent {
		e.sent = true
		return copy(p, defsOpen), nil
	}
	const chunk = "<documentation>Søknad om startlån</documentation>\n"
	n := 0
	for n+len(chunk) <= len(p) {
		n += copy(p[n:], chunk)
	}
	if n == 0 {
		n = copy(p, " ")
	}
	return n, nil
}

func TestParseLimited(t *testing.T) {
	t.Run("stops after max+1 bytes", func(t *testing.T) {
		for _, max := range []int64{1, 100, 4095, 4096, 70_000, 3 << 20} {
			c := &countingReader{r: &endless{}}
			_, err := process.ParseLimited(c, max)
			checkRefused(t, err, "the file is larger than", "MiB, the limit")
			if c.n > max+1 {
				t.Errorf("max %d: read %d bytes", max, c.n)
			}
		}
	})
	t.Run("default is 10 MiB", func(t *testing.T) {
		c := &countingReader{r: &endless{}}
		_, err := process.ParseLimited(c, 0)
		checkRefused(t, err, "the file is larger than 10 MiB, the limit")
		if c.n != process.DefaultMaxFileSize+1 {
			t.Errorf("read %d bytes, want %d", c.n, process.DefaultMaxFileSize+1)
		}
	})
	t.Run("limit in decimal MiB", func(t *testing.T) {
		_, err := process.ParseLimited(&endless{}, 5<<19)
		checkRefused(t, err, "larger than 2.5 MiB")
	})
	src := defsOpen + `<process id="P" name="Søknad"/></definitions>`
	t.Run("a file of exactly max bytes", func(t *testing.T) {
		d, err := process.ParseLimited(strings.NewReader(src), int64(len(src)))
		if err != nil || d.Processes[0].Name != "Søknad" {
			t.Errorf("ParseLimited = %+v, %v", d, err)
		}
	})
	t.Run("one byte more", func(t *testing.T) {
		_, err := process.ParseLimited(strings.NewReader(src+"\n"), int64(len(src)))
		checkRefused(t, err, "the file is larger than")
	})
}

// TestParseEncodings: UTF-16 either way round, with or without a byte
// order mark; a .NET file declaring UTF-16 but written as UTF-8; and the
// 8-bit encodings Windows tools declare.
func TestParseEncodings(t *testing.T) {
	doc := func(enc string) string {
		return `<?xml version="1.0" encoding="` + enc + `"?>` + "\n" + defsOpen +
			`<process id="P" name="Søknad – ÆØÅ æøå € Ŋŧ ß"/></definitions>`
	}
	const want = "Søknad – ÆØÅ æøå € Ŋŧ ß"
	utf16 := func(order unicode.Endianness, bom unicode.BOMPolicy, s string) string {
		b, err := unicode.UTF16(order, bom).NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tc := range []struct {
		name, src, want string
	}{
		{"UTF-16LE with BOM", utf16(unicode.LittleEndian, unicode.UseBOM, doc("UTF-16")), want},
		{"UTF-16BE with BOM", utf16(unicode.BigEndian, unicode.UseBOM, doc("UTF-16")), want},
		{"UTF-16LE without BOM", utf16(unicode.LittleEndian, unicode.IgnoreBOM, doc("UTF-16")), want},
		{"UTF-16BE without BOM", utf16(unicode.BigEndian, unicode.IgnoreBOM, doc("utf-16")), want},
		{"UTF-8 declared UTF-16", doc("utf-16"), want},
		{"UTF-8 with BOM", "\uFEFF" + doc("UTF-8"), want},
		{"windows-1252", "<?xml version=\"1.0\" encoding=\"windows-1252\"?>" + defsOpen +
			"<process id=\"P\" name=\"S\xf8knad \x96 \x80 \xabvedtak\xbb\"/></definitions>", "Søknad – € «vedtak»"},
		{"ISO-8859-1", "<?xml version='1.0' encoding='ISO-8859-1'?>" + defsOpen +
			"<process id=\"P\" name=\"B\xe5tplass p\xe5 \xd8ya\"/></definitions>", "Båtplass på Øya"},
		{"ISO-8859-15", "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>" + defsOpen +
			"<process id=\"P\" name=\"Gebyr 100 \xa4\"/></definitions>", "Gebyr 100 €"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := process.Parse(strings.NewReader(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Processes[0].Name; got != tc.want {
				t.Errorf("name = %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("token limit after decoding", func(t *testing.T) {
		src := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + defsOpen +
			`<process id="` + strings.Repeat("\xe5", process.MaxTokenSize) + `"/></definitions>`
		_, err := process.Parse(strings.NewReader(src))
		checkRefused(t, err, "longer than 1 MiB")
	})
	t.Run("UTF-16 file over the limit", func(t *testing.T) {
		src := utf16(unicode.LittleEndian, unicode.UseBOM, doc("UTF-16")+strings.Repeat("<!-- fyll -->", 1000))
		_, err := process.ParseLimited(strings.NewReader(src), 4096)
		checkRefused(t, err, "the file is larger than")
	})
}
