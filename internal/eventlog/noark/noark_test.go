package noark_test

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog/noark"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog/noark/noarkgen"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/sharedfiles"
)

var testKey = []byte("a fixed key, so that reads compare")

// read opens and reads path with the test key.
func read(t testing.TB, path string, skipSums bool) (eventlog.Stats, noark.Info, error) {
	t.Helper()
	x, err := noark.Open(path)
	if err != nil {
		return eventlog.Stats{}, noark.Info{}, err
	}
	defer x.Close()
	x.Key, x.SkipChecksums = testKey, skipSums
	b := eventlog.NewBuilder(eventlog.FormatNoark)
	info, err := noark.Read(x, b)
	return b.Stats(), info, err
}

func mustRead(t testing.TB, path string) (eventlog.Stats, noark.Info) {
	t.Helper()
	s, info, err := read(t, path, false)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return s, info
}

func readErr(t *testing.T, err error) *eventlog.ReadError {
	t.Helper()
	var re *eventlog.ReadError
	if !errors.As(err, &re) {
		t.Fatalf("want *eventlog.ReadError, got %v", err)
	}
	return re
}

func count(list []eventlog.Count, name string) int {
	for _, c := range list {
		if c.Name == name {
			return c.Count
		}
	}
	return 0
}

// The figures of the shared sample, worked out by hand from its XML:
// two saksmapper (2011/230, 2012/200), each an incoming letter answered
// by an outgoing one; times without a zone are Norwegian summer time.
//   - 2011/230: mottattDato 2011-09-09T09:10:00, sendtDato
//     2011-09-10T16:00:00: 30 h 50 min = 111 000 s.
//   - 2012/200: mottattDato 2012-10-10T11:55:01, sendtDato
//     2012-10-10T15:00:00: 3 h 4 min 59 s = 11 099 s.
//
// Both are closed (saksstatus Avsluttet). The entries' case handlers
// (korrespondansepart/saksbehandler) are "Lars H.Hansen" three times and
// "Linda Hansen" once: two resources, one hand-over (Lars → Linda in
// 2012/200). endringslogg.xml only changes titles, which are not events.
func TestSharedSample(t *testing.T) {
	dir := sharedfiles.Require(t, "data/noark5/sample-uttrekk")

	// The sample's arkivuttrekk.xml carries stale sums: the first file it
	// lists that is verified unparsed, arkivstruktur.xsd, has b89da6… listed
	// and f09978… on disk (sha256sum).
	_, _, err := read(t, dir, false)
	re := readErr(t, err)
	if re.Code != noark.ErrChecksum || re.File != "arkivstruktur.xsd" {
		t.Fatalf("checksum error: got %+v", re)
	}

	s, info, err := read(t, dir, true)
	if err != nil {
		t.Fatal(err)
	}
	if s.Cases != 2 || s.Events != 4 || s.Activities != 2 || s.Resources != 2 || s.Variants != 1 {
		t.Errorf("cases/events/activities/resources/variants = %d/%d/%d/%d/%d, want 2/4/2/2/1",
			s.Cases, s.Events, s.Activities, s.Resources, s.Variants)
	}
	if got := count(s.DFG.Nodes, noark.ActivityIncoming); got != 2 {
		t.Errorf("incoming = %d, want 2", got)
	}
	if got := count(s.DFG.Nodes, noark.ActivityOutgoing); got != 2 {
		t.Errorf("outgoing = %d, want 2", got)
	}
	if s.OpenCases == nil || *s.OpenCases != 0 {
		t.Errorf("open cases = %v, want 0", s.OpenCases)
	}
	if s.FirstReply == nil || s.FirstReplyCases != 2 {
		t.Fatalf("first reply = %v over %d cases, want 2 cases", s.FirstReply, s.FirstReplyCases)
	}
	want := eventlog.Durations{Median: 61049.5, Mean: 61049.5, P90: 11099 + 0.9*(111000-11099), Min: 11099, Max: 111000}
	if !closeTo(*s.FirstReply, want) || !closeTo(s.CaseDuration, want) {
		t.Errorf("first reply %+v, case duration %+v, want %+v", *s.FirstReply, s.CaseDuration, want)
	}
	if first := time.Date(2011, 9, 9, 7, 10, 0, 0, time.UTC); !s.From.Equal(first) {
		t.Errorf("from = %v, want %v", s.From, first)
	}
	if len(s.Handovers) != 1 || s.Handovers[0].Count != 1 || !strings.HasPrefix(s.Handovers[0].From, "saksbehandler-") {
		t.Errorf("handovers = %+v, want one between two pseudonymous handlers", s.Handovers)
	}
	if info.Version != "3.0" || info.Saksmapper != 2 || info.Journalposts != 4 || info.OpenCases != 0 {
		t.Errorf("info = %+v", info)
	}

	// No personal data: titles, correspondents, addresses, handlers.
	stats, _ := json.Marshal(s)
	infoJSON, _ := json.Marshal(info)
	for _, personal := range []string{"Petter", "Strand", "Knut", "Nærum", "Lars", "Linda", "Hansen",
		"drammensveien", "tilbygg", "klage", "pstrand", "raadhuset", "arkivtjenesten", "Søknad"} {
		for _, doc := range [][]byte{stats, infoJSON} {
			if strings.Contains(strings.ToLower(string(doc)), strings.ToLower(personal)) {
				t.Errorf("%q reached the statistics: %s", personal, doc)
			}
		}
	}
}

func closeTo(a, b eventlog.Durations) bool {
	eq := func(x, y float64) bool { return math.Abs(x-y) < 1e-6*math.Max(1, math.Abs(y)) }
	return eq(a.Median, b.Median) && eq(a.Mean, b.Mean) && eq(a.P90, b.P90) && eq(a.Min, b.Min) && eq(a.Max, b.Max)
}

// summary is the numpy-style summary the statistics promise, computed
// here from the generator's truth.
func summary(xs []float64) eventlog.Durations {
	if len(xs) == 0 {
		return eventlog.Durations{}
	}
	q := func(p float64) float64 {
		pos := p * float64(len(xs)-1)
		lo := int(math.Floor(pos))
		if lo >= len(xs)-1 {
			return xs[len(xs)-1]
		}
		return xs[lo] + (pos-float64(lo))*(xs[lo+1]-xs[lo])
	}
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return eventlog.Durations{Median: q(0.5), Mean: sum / float64(len(xs)), P90: q(0.9), Min: xs[0], Max: xs[len(xs)-1]}
}

func TestGeneratedExtractHasTheGeneratedFigures(t *testing.T) {
	dir := t.TempDir()
	truth, err := noarkgen.Generate(dir, noarkgen.Options{Municipality: "Åfjord", Number: "5058", Cases: 120, Year: 2023, Years: 2, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	s, info := mustRead(t, dir)
	if s.Cases != truth.Cases || s.Events != truth.Events || s.Resources != truth.Resources {
		t.Errorf("cases/events/resources = %d/%d/%d, want %d/%d/%d", s.Cases, s.Events, s.Resources, truth.Cases, truth.Events, truth.Resources)
	}
	if s.OpenCases == nil || *s.OpenCases != truth.OpenCases || truth.OpenCases == 0 {
		t.Errorf("open cases = %v, want %d (> 0)", s.OpenCases, truth.OpenCases)
	}
	if s.Activities != len(truth.Activities) {
		t.Errorf("activities = %d, want %d", s.Activities, len(truth.Activities))
	}
	for name, n := range truth.Activities {
		if got := count(s.DFG.Nodes, name); got != n {
			t.Errorf("%s: %d events, want %d", name, got, n)
		}
	}
	if want := summary(truth.CaseDurations); !closeTo(s.CaseDuration, want) {
		t.Errorf("case duration %+v, want %+v", s.CaseDuration, want)
	}
	if s.FirstReply == nil || s.FirstReplyCases != len(truth.FirstReplies) || !closeTo(*s.FirstReply, summary(truth.FirstReplies)) {
		t.Errorf("first reply %v over %d, want %+v over %d", s.FirstReply, s.FirstReplyCases, summary(truth.FirstReplies), len(truth.FirstReplies))
	}
	if !s.From.Equal(truth.From) || !s.To.Equal(truth.To) {
		t.Errorf("time frame %v–%v, want %v–%v", s.From, s.To, truth.From, truth.To)
	}
	if len(s.CasesPerYear) != 2 {
		t.Errorf("cases per year = %+v, want two years", s.CasesPerYear)
	}
	if info.Journalposts != truth.Journalposts || info.Flows != truth.Flows || info.StatusChanges != truth.StatusChanges || info.Handovers != truth.Handovers {
		t.Errorf("info = %+v, truth = %+v", info, truth)
	}
	if !reflect.DeepEqual(info.Verified, []string{noark.FileChanges, noark.FileStructure}) || info.Version != "5.0" {
		t.Errorf("verified %v, version %q", info.Verified, info.Version)
	}
	if len(info.Classes) != 1 || info.Classes[0] != (eventlog.Count{Name: "L42", Count: truth.Cases}) {
		t.Errorf("classes = %+v", info.Classes)
	}
	if per := float64(truth.Journalposts) / float64(truth.Cases); per < 4 || per > 8 {
		t.Errorf("%.1f journal entries per case, want 4–8", per)
	}
	// The generated titles and people never reach the statistics.
	doc, _ := json.Marshal(s)
	for _, word := range []string{"Søknad", "gnr", "Fjordveien", "Statsforvalteren", "Fosen", "Bakken"} {
		if strings.Contains(string(doc), word) {
			t.Errorf("%q reached the statistics", word)
		}
	}
	raw, _ := os.ReadFile(filepath.Join(dir, noark.FileDescription))
	if !strings.Contains(string(raw), noarkgen.Generated) {
		t.Error("arkivuttrekk.xml does not say the extract is generated")
	}
}

func TestGeneratorIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	o := noarkgen.Options{Cases: 30, Seed: 3}
	if _, err := noarkgen.Generate(a, o); err != nil {
		t.Fatal(err)
	}
	if _, err := noarkgen.Generate(b, o); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{noark.FileStructure, noark.FileChanges, noark.FileDescription} {
		x, _ := os.ReadFile(filepath.Join(a, f))
		y, _ := os.ReadFile(filepath.Join(b, f))
		if string(x) != string(y) {
			t.Errorf("%s differs between two runs with one seed", f)
		}
	}
}

// A folder, a .zip, a .tar, a .tar.gz and a lone arkivstruktur.xml (a
// file of another name, as uploads are stored) give the same figures.
func TestEveryPackagingGivesTheSameStats(t *testing.T) {
	tmp := t.TempDir()
	o := noarkgen.Options{Cases: 40, Seed: 11}
	dir := filepath.Join(tmp, "folder")
	if _, err := noarkgen.Generate(dir, o); err != nil {
		t.Fatal(err)
	}
	want, _ := mustRead(t, dir)
	wantJSON, _ := json.Marshal(want)
	for _, name := range []string{"x.zip", "x.tar", "x.tar.gz"} {
		p := filepath.Join(tmp, name)
		if _, err := noarkgen.WriteArchive(p, o); err != nil {
			t.Fatal(err)
		}
		up := filepath.Join(tmp, "upload-"+name+".bin") // the kind comes from the content
		if err := os.Rename(p, up); err != nil {
			t.Fatal(err)
		}
		got, info := mustRead(t, up)
		if j, _ := json.Marshal(got); string(j) != string(wantJSON) {
			t.Errorf("%s: stats differ from the folder's", name)
		}
		if len(info.Verified) != 2 {
			t.Errorf("%s: verified %v", name, info.Verified)
		}
	}
	// A lone arkivstruktur.xml: the same figures, without checksums, but
	// also without endringslogg.xml's status changes.
	lone := filepath.Join(tmp, "upload-123")
	raw, err := os.ReadFile(filepath.Join(dir, noark.FileStructure))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(lone, raw, 0o644)
	got, info := mustRead(t, lone)
	if got.Cases != want.Cases || info.StatusChanges != 0 || count(got.Warnings, noark.WarnNoChecksums) != 1 {
		t.Errorf("lone file: cases %d (want %d), status changes %d, warnings %+v", got.Cases, want.Cases, info.StatusChanges, got.Warnings)
	}
	// arkivstruktur.xml by its own name reads the files beside it.
	got, _ = mustRead(t, filepath.Join(dir, noark.FileStructure))
	if j, _ := json.Marshal(got); string(j) != string(wantJSON) {
		t.Error("arkivstruktur.xml given by path: stats differ from the folder's")
	}
}

func TestChecksumMismatchNamesTheFile(t *testing.T) {
	for _, file := range []string{noark.FileStructure, noark.FileChanges} {
		dir := t.TempDir()
		if _, err := noarkgen.Generate(dir, noarkgen.Options{Cases: 5, Seed: 1}); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, file)
		raw, _ := os.ReadFile(p)
		os.WriteFile(p, append(raw, '\n'), 0o644) // still well-formed, different bytes
		_, _, err := read(t, dir, false)
		re := readErr(t, err)
		if re.Code != noark.ErrChecksum || re.File != file {
			t.Errorf("%s changed: got %+v", file, re)
		}
	}
}

func TestBadInput(t *testing.T) {
	t.Run("no extract", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("hello"), 0o644)
		_, err := noark.Open(dir)
		if re := readErr(t, err); re.Code != noark.ErrNotExtract {
			t.Errorf("got %+v", re)
		}
		_, err = noark.Open(filepath.Join(dir, "notes.txt"))
		if re := readErr(t, err); re.Code != noark.ErrNotExtract {
			t.Errorf("got %+v", re)
		}
	})
	gen := func(t *testing.T) (string, []byte) {
		dir := t.TempDir()
		if _, err := noarkgen.Generate(dir, noarkgen.Options{Cases: 5, Seed: 2}); err != nil {
			t.Fatal(err)
		}
		os.Remove(filepath.Join(dir, noark.FileDescription)) // no sums: the damage is what is reported
		raw, _ := os.ReadFile(filepath.Join(dir, noark.FileStructure))
		return dir, raw
	}
	lineOf := func(raw []byte, needle string) int {
		i := strings.Index(string(raw), needle)
		return strings.Count(string(raw[:i]), "\n") + 1
	}
	t.Run("truncated", func(t *testing.T) {
		dir, raw := gen(t)
		os.WriteFile(filepath.Join(dir, noark.FileStructure), raw[:len(raw)/2], 0o644)
		_, _, err := read(t, dir, false)
		if re := readErr(t, err); re.Code != noark.ErrNotXML || re.File != noark.FileStructure || re.Line == 0 {
			t.Errorf("got %+v", re)
		}
	})
	t.Run("mismatched tag", func(t *testing.T) {
		dir, raw := gen(t)
		bad := strings.Replace(string(raw), "</journalposttype>", "</journalstatus>", 1)
		os.WriteFile(filepath.Join(dir, noark.FileStructure), []byte(bad), 0o644)
		_, _, err := read(t, dir, false)
		re := readErr(t, err)
		if re.Code != noark.ErrNotXML || re.Line != lineOf([]byte(bad), "</journalstatus>") {
			t.Errorf("got %+v, want line %d", re, lineOf([]byte(bad), "</journalstatus>"))
		}
	})
	t.Run("bad date", func(t *testing.T) {
		dir, raw := gen(t)
		bad := strings.Replace(string(raw), "<mottattDato>", "<mottattDato>31.02.", 1)
		os.WriteFile(filepath.Join(dir, noark.FileStructure), []byte(bad), 0o644)
		_, _, err := read(t, dir, false)
		re := readErr(t, err)
		if re.Code != noark.ErrDate || re.File != noark.FileStructure || re.Line != lineOf([]byte(bad), "<mottattDato>31.02.") {
			t.Errorf("got %+v", re)
		}
	})
	t.Run("bad date in endringslogg", func(t *testing.T) {
		dir, _ := gen(t)
		p := filepath.Join(dir, noark.FileChanges)
		raw, _ := os.ReadFile(p)
		bad := strings.Replace(string(raw), "<endretDato>", "<endretDato>i går ", 1)
		os.WriteFile(p, []byte(bad), 0o644)
		_, _, err := read(t, dir, false)
		re := readErr(t, err)
		if re.Code != noark.ErrDate || re.File != noark.FileChanges || re.Line != lineOf([]byte(bad), "<endretDato>i går") {
			t.Errorf("got %+v", re)
		}
	})
	t.Run("nested too deep", func(t *testing.T) {
		dir := t.TempDir()
		deep := "<arkiv>" + strings.Repeat("<mappe>", 100000)
		os.WriteFile(filepath.Join(dir, noark.FileStructure), []byte(deep), 0o644)
		_, _, err := read(t, dir, false)
		if re := readErr(t, err); re.Code != noark.ErrNotXML {
			t.Errorf("got %+v", re)
		}
	})
	t.Run("not xml", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, noark.FileStructure), []byte("PDF-1.4 \x00\x01 binary"), 0o644)
		_, _, err := read(t, dir, false)
		if re := readErr(t, err); re.Code != noark.ErrNotXML && re.Code != noark.ErrNotExtract {
			t.Errorf("got %+v", re)
		}
	})
}

// Older versions and other systems: no namespace or a prefixed one,
// codes instead of names, element names instead of xsi:type, dates with
// zones, archive notes, document flows, logged status changes and
// hand-overs, a classification by national identity number (not kept).
func TestVersionsAndVariants(t *testing.T) {
	dir := t.TempDir()
	structure := `<?xml version="1.0" encoding="utf-8"?>
<n5:arkiv xmlns:n5="http://www.arkivverket.no/standarder/noark5/arkivstruktur" xmlns:x="http://www.w3.org/2001/XMLSchema-instance">
 <n5:arkivdel>
  <n5:klassifikasjonssystem>
   <n5:klassifikasjonstype>Fødselsnummer</n5:klassifikasjonstype>
   <n5:klasse>
    <n5:klasseID>01017012345</n5:klasseID>
    <n5:mappe x:type="n5:saksmappe">
     <n5:systemID>S1</n5:systemID>
     <n5:mappeID>2020/1</n5:mappeID>
     <n5:tittel>Ola Nordmann &amp; co</n5:tittel>
     <n5:registrering x:type="journalpost">
      <n5:systemID>J1</n5:systemID>
      <n5:journalposttype>I</n5:journalposttype>
      <n5:journaldato>2020-03-02</n5:journaldato>
      <n5:mottattDato>2020-03-01T10:00:00Z</n5:mottattDato>
      <n5:korrespondansepart><n5:korrespondansepartNavn>Ola Nordmann</n5:korrespondansepartNavn><n5:saksbehandler>Kari Lie</n5:saksbehandler></n5:korrespondansepart>
     </n5:registrering>
     <n5:registrering x:type="arkivnotat">
      <n5:systemID>A1</n5:systemID>
      <n5:dokumentetsDato>2020-03-03</n5:dokumentetsDato>
     </n5:registrering>
     <n5:registrering x:type="journalpost">
      <n5:systemID>J2</n5:systemID>
      <n5:journalposttype>U</n5:journalposttype>
      <n5:journaldato>2020-03-05</n5:journaldato>
      <n5:sendtDato>2020-03-05T12:00:00.5+01:00</n5:sendtDato>
      <n5:dokumentflyt>
       <n5:flytTil>Leder Leder</n5:flytTil><n5:flytFra>Kari Lie</n5:flytFra>
       <n5:flytMottattDato>2020-03-04T09:00:00</n5:flytMottattDato>
       <n5:flytSendtDato>2020-03-04T08:00:00</n5:flytSendtDato>
       <n5:flytStatus>Sendt tilbake til saksbehandler med kommentarer</n5:flytStatus>
      </n5:dokumentflyt>
     </n5:registrering>
     <n5:saksansvarlig>Kari Lie</n5:saksansvarlig>
     <n5:saksstatus>B</n5:saksstatus>
    </n5:mappe>
   </n5:klasse>
  </n5:klassifikasjonssystem>
 </n5:arkivdel>
</n5:arkiv>`
	changes := `<endringslogg>
 <endring><referanseArkivenhet>S1</referanseArkivenhet><referanseMetadata>M052</referanseMetadata><endretDato>2020-03-02T08:00:00</endretDato><endretAv>Kari Lie</endretAv><tidligereVerdi>R</tidligereVerdi><nyVerdi>Under behandling</nyVerdi></endring>
 <endring><referanseArkivenhet>J2</referanseArkivenhet><referanseMetadata>saksbehandler</referanseMetadata><endretDato>2020-03-06T08:00:00</endretDato><endretAv>system</endretAv><tidligereVerdi>Kari Lie</tidligereVerdi><nyVerdi>Per Hansen</nyVerdi></endring>
 <endring><referanseArkivenhet>S1</referanseArkivenhet><referanseMetadata>tittel</referanseMetadata><endretDato>2020-03-07T08:00:00</endretDato><endretAv>system</endretAv><tidligereVerdi>Ola</tidligereVerdi><nyVerdi>Ola Nordmann</nyVerdi></endring>
</endringslogg>`
	os.WriteFile(filepath.Join(dir, noark.FileStructure), []byte(structure), 0o644)
	os.WriteFile(filepath.Join(dir, noark.FileChanges), []byte(changes), 0o644)
	s, info := mustRead(t, dir)
	want := map[string]int{
		noark.ActivityIncoming: 1, noark.ActivityNote: 1, noark.ActivityOutgoing: 1,
		noark.ActivityForApproval: 1, noark.ActivityReturned: 1,
		noark.ActivityStatusPrefix + "Under behandling": 1, noark.ActivityNewHandler: 1,
	}
	if s.Cases != 1 || s.Events != 7 || s.Activities != len(want) {
		t.Errorf("cases/events/activities = %d/%d/%d, want 1/7/%d: %+v", s.Cases, s.Events, s.Activities, len(want), s.DFG.Nodes)
	}
	for name, n := range want {
		if count(s.DFG.Nodes, name) != n {
			t.Errorf("%s: %d, want %d", name, count(s.DFG.Nodes, name), n)
		}
	}
	if s.OpenCases == nil || *s.OpenCases != 1 {
		t.Errorf("open = %v, want 1 (saksstatus B)", s.OpenCases)
	}
	// mottattDato 10:00Z to sendtDato 11:00:00.5Z four days later.
	if s.FirstReply == nil || s.FirstReply.Median != (4*24+1)*3600+0.5 {
		t.Errorf("first reply = %+v", s.FirstReply)
	}
	if len(info.Classes) != 0 {
		t.Errorf("a personal classification was kept: %+v", info.Classes)
	}
	if s.Resources != 3 { // Kari Lie (entries, note by default, flow, status change), Leder Leder, Per Hansen
		t.Errorf("resources = %d, want 3", s.Resources)
	}
	doc, _ := json.Marshal(s)
	if strings.Contains(string(doc), "Kari") || strings.Contains(string(doc), "Ola") || strings.Contains(string(doc), "0101") {
		t.Errorf("personal data in %s", doc)
	}
	if count(s.Warnings, noark.WarnNoChecksums) != 1 {
		t.Errorf("warnings = %+v, want the missing arkivuttrekk.xml", s.Warnings)
	}
}

// BenchmarkRead100k reads a generated extract of about 100 000 journal
// entries (17 300 cases) with its statistics; the issue asks for under
// 10 s.
func BenchmarkRead100k(b *testing.B) {
	dir := b.TempDir()
	truth, err := noarkgen.Generate(dir, noarkgen.Options{Cases: 17300, Seed: 1, Years: 3})
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, f := range truth.Files {
		st, _ := os.Stat(filepath.Join(dir, f))
		size += st.Size()
	}
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		s, _ := mustRead(b, dir)
		if s.Cases != truth.Cases {
			b.Fatalf("cases %d, want %d", s.Cases, truth.Cases)
		}
	}
	b.ReportMetric(float64(truth.Journalposts), "journalposts")
}

// Every code the reader hands out reaches the user in both languages.
func TestCodesTranslated(t *testing.T) {
	codes := []string{noark.ErrNotExtract, noark.ErrNotXML, noark.ErrDate, noark.ErrChecksum, noark.ErrUnreadable,
		noark.WarnNoChecksums, noark.WarnListedMissing, noark.WarnAlgorithm, noark.WarnNoDate, noark.WarnEntryWithoutCase}
	for _, lang := range []i18n.Lang{"nb", "en"} {
		for _, c := range codes {
			if !lang.Has(c) {
				t.Errorf("%s: no message for %s", lang, c)
			}
		}
	}
}
