package record_test

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement/record"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the record written now; run with -update and review the diff.\n--- got ---\n%s", name, got)
	}
}

// The record reads as a complete protocol: every section in order, with
// what happened in the seed-like tender.
func TestRecordGolden(t *testing.T) {
	golden(t, "record_nb.golden.txt", record.Text(record.Lines(fosen(), "nb")))
	golden(t, "record_en.golden.txt", record.Text(record.Lines(fosen(), "en")))
}

func TestRecordStatesWhatHappened(t *testing.T) {
	text := record.Text(record.Lines(fosen(), "nb"))
	for _, want := range []string{
		"Protokoll for del I og III (FOA §§ 7-1 og 25-5)",
		"Begrenset anbudskonkurranse",
		"Alle interesserte leverandører fikk tilbud om møte med samme varighet",
		"5 i alt: 4 gjeldende, 1 erstattet av nyere innlevering, 0 trukket",
		"Kari Innkjøper (16.02.2026 kl. 12.05); Ola Økonomi (16.02.2026 kl. 12.07)",
		"| 1 | Kystdigital AS |",
		"Ingen klager mottatt.",
		"Karensperiode: 14 dager, utløper 12.03.2026 kl. 00.00",
		"Valgt leverandør: Kystdigital AS",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("record lacks %q", want)
		}
	}
	// Questions are anonymised: the supplier who asked is not named
	// beside the question.
	for _, ln := range record.Lines(fosen(), "nb") {
		if ln.Kind == record.KindSub && strings.HasPrefix(ln.Text, "Spørsmål") && strings.Contains(ln.Text, "Trønder") {
			t.Errorf("question names its author: %q", ln.Text)
		}
	}
}

// A tender with nothing after the publication says so section by section
// instead of leaving gaps.
func TestRecordEmptySectionsSaySo(t *testing.T) {
	d := procurement.Dossier{Tender: procurement.Tender{Reference: "X-1", Title: "Tom", Procedure: procurement.ProcNationalOpen,
		EstimatedValue: 1_500_000}, Part: procurement.PartII}
	text := record.Text(record.Lines(d, "nb"))
	for _, want := range []string{
		"Protokoll for del I og II (FOA §§ 7-1 og 10-5)",
		"Ingen markedsdialog er registrert.",
		"Fristene er ikke endret etter kunngjøring.",
		"Åpen prosedyre: alle leverandører kunne levere tilbud.",
		"Ingen spørsmål er stilt.",
		"Ingen tilbud er mottatt.",
		"Tilbudene er ikke åpnet.",
		"Evalueringen er ikke satt opp.",
		"Tildelingsbeslutning er ikke tatt.",
		"Ingen meddelelser er sendt.",
		"Ingen klager mottatt.",
		"Kontrakt er ikke inngått.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("empty record lacks %q", want)
		}
	}
	if got := record.Text(record.Lines(procurement.Dossier{Part: procurement.PartI}, "nb")); !strings.Contains(got, "Forenklet protokoll etter del I (FOA § 7-1)") {
		t.Errorf("part I record does not use the simplified form:\n%s", got)
	}
}

// The same dossier gives the same PDF bytes.
func TestPDFDeterministic(t *testing.T) {
	lines := record.Lines(fosen(), "nb")
	a, err := record.PDF(lines, "Anskaffelsesprotokoll FOSEN-2026-01")
	if err != nil {
		t.Fatal(err)
	}
	b, err := record.PDF(lines, "Anskaffelsesprotokoll FOSEN-2026-01")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(a, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", a[:min(len(a), 16)])
	}
	if !bytes.Equal(a, b) {
		t.Error("two renderings of the same record differ")
	}
	if !bytes.Contains(a, []byte("D:20260312")) {
		t.Error("the creation date is not the contract's signing day")
	}
}

// The PDF's text, as pdftotext reads it, has the Norwegian letters: the
// embedded font maps them.
func TestPDFRendersNorwegianLetters(t *testing.T) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("TEST_REQUIRE_PDFTOTEXT") == "1" {
			t.Fatal("pdftotext is required (Debian package poppler-utils)")
		}
		t.Skip("pdftotext not installed (apt-get install poppler-utils); set TEST_REQUIRE_PDFTOTEXT=1 to require it")
	}
	pdf, err := record.PDF(record.Lines(fosen(), "nb"), "Anskaffelsesprotokoll FOSEN-2026-01")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "record.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(out)
	for _, want := range []string{"Anskaffelsesprotokoll", "FOSEN-2026-01", "Kravspesifikasjon", "Tildeling",
		"Tilbudsfrist", "Åpning", "Kunngjøring", "Særlige", "Trønder Kommuneløsninger", "Ola Økonomi", "Ingen klager mottatt."} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	if !strings.Contains(strings.ReplaceAll(text, " ", ""), "1/4") {
		t.Error("no page numbers")
	}
}

// Every text the record writes is translated: a missing key would show as
// the key itself.
func TestRecordHasNoUntranslatedKeys(t *testing.T) {
	empty := procurement.Dossier{Tender: procurement.Tender{Procedure: procurement.ProcOpen}, Part: procurement.PartNone}
	for _, lang := range []string{"nb", "en"} {
		for _, d := range []procurement.Dossier{fosen(), empty} {
			text := record.Text(record.Lines(d, lang))
			for _, leak := range []string{"col.", "procurement.", "status.", "model.", "form_", "standstill.", "letters."} {
				if strings.Contains(text, leak) {
					t.Errorf("%s record shows an untranslated key (%q):\n%s", lang, leak, text)
				}
			}
		}
	}
}

// The exports the manager is given write the record and a valid OCDS
// package from the same dossier.
func TestNewExports(t *testing.T) {
	x := record.NewExports("nb", record.IllustrativeOCDS())
	pdf, err := x.Record(fosen())
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("record: %v", err)
	}
	pkg, err := x.OCDS(fosen())
	if err != nil {
		t.Fatalf("OCDS: %v", err)
	}
	if !bytes.Contains(pkg, []byte(`"ocds-xxxxxx-7"`)) {
		t.Errorf("the package does not use the illustrative prefix:\n%.400s", pkg)
	}
}
