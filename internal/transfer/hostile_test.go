package transfer

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer/guard"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer/guard/guardtest"
)

// The files of the security probe (issue 12), built cheaply in the test:
// each is refused with a message naming the limit, in bounded memory.

// measure runs f and returns the bytes it allocated.
func measure(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// wantRefused asserts err is an invalid error on the file with code, and
// that its message's parameters include the limit.
func wantRefused(t *testing.T, err error, code string, limit any) {
	t.Helper()
	de := domain.AsError(err)
	if de.Kind != domain.KindInvalid || len(de.Fields) != 1 || de.Fields[0].Field != "file" || de.Fields[0].Code != code {
		t.Fatalf("error %v, want invalid file %s", err, code)
	}
	for _, p := range de.Fields[0].Params {
		if fmt.Sprint(p) == fmt.Sprint(limit) {
			return
		}
	}
	t.Fatalf("error %v does not name the limit %v", err, limit)
}

// The probe's 3 MB workbook whose header row had 27.7 million cells took
// 410 s and 6.8 GB. Two million cells here: refused at the limit, having
// looked at little more than the limit's cells.
func TestXLSXHeaderOfMillionsOfCellsIsRefused(t *testing.T) {
	data := guardtest.RawWorkbook(t, "Fakta", func(w io.Writer) {
		_, _ = io.WriteString(w, `<row r="1">`)
		guardtest.Repeat(w, `<c t="inlineStr"><is><t>x</t></is></c>`, 2_000_000)
		_, _ = io.WriteString(w, `</row>`)
	}, nil)
	var err error
	alloc := measure(func() { _, err = Read(bytes.NewReader(data), "fakta.xlsx") })
	wantRefused(t, err, "import.too_many_columns", guard.DefaultLimits.Columns)
	if alloc > 16<<20 {
		t.Errorf("allocated %d MiB to refuse it", alloc>>20)
	}
}

// A cell that names a column beyond the limit is refused too: excelize
// would fill the row up to it.
func TestXLSXCellFarRightIsRefused(t *testing.T) {
	data := guardtest.RawWorkbook(t, "Fakta", func(w io.Writer) {
		_, _ = io.WriteString(w, `<row r="1"><c r="A1" t="inlineStr"><is><t>service</t></is></c><c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>`)
	}, nil)
	_, err := Read(bytes.NewReader(data), "fakta.xlsx")
	wantRefused(t, err, "import.too_many_columns", guard.DefaultLimits.Columns)
}

// The probe's 1 MB workbook with one cell of 1 000 MB took 3.2 GB. A
// shared string of 20 MB and an inline cell of 2 MB: refused, streaming.
func TestXLSXHugeCellIsRefused(t *testing.T) {
	shared := guardtest.RawWorkbook(t, "Fakta", func(w io.Writer) {
		_, _ = io.WriteString(w, `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)
	}, func(w io.Writer) {
		_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>`)
		guardtest.Repeat(w, "x", 20<<20)
		_, _ = io.WriteString(w, `</t></si></sst>`)
	})
	var err error
	alloc := measure(func() { _, err = Read(bytes.NewReader(shared), "fakta.xlsx") })
	wantRefused(t, err, "import.shared_string_too_large", guard.DefaultLimits.CellBytes)
	if alloc > 16<<20 {
		t.Errorf("allocated %d MiB to refuse it", alloc>>20)
	}

	inline := guardtest.RawWorkbook(t, "Fakta", func(w io.Writer) {
		_, _ = io.WriteString(w, `<row r="1"><c r="A1" t="inlineStr"><is><t>service</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>`)
		guardtest.Repeat(w, "x", 2<<20)
		_, _ = io.WriteString(w, `</t></is></c></row>`)
	}, nil)
	_, err = Read(bytes.NewReader(inline), "fakta.xlsx")
	wantRefused(t, err, "import.cell_too_large", guard.DefaultLimits.CellBytes)
	if de := domain.AsError(err); de.Fields[0].Params[1] != 2 {
		t.Errorf("error %v, want line 2", err)
	}
}

// A zip bomb: a part that declares it unpacks to 2 GB is refused from the
// zip's directory, before anything is unpacked.
func TestXLSXZipBombIsRefused(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/sharedStrings.xml", Method: zip.Deflate,
		CompressedSize64: 2, UncompressedSize64: 2 << 30})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write([]byte{3, 0})
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	var rerr error
	alloc := measure(func() { _, rerr = Read(bytes.NewReader(buf.Bytes()), "bombe.xlsx") })
	wantRefused(t, rerr, "import.unzipped_too_large", int64(guard.DefaultLimits.UnzippedBytes>>20))
	if alloc > 4<<20 {
		t.Errorf("allocated %d MiB to refuse it", alloc>>20)
	}
}

// Rows beyond the limit are refused by the guard, and by the reader of a
// CSV file.
func TestTooManyRowsAreRefused(t *testing.T) {
	limits := guard.Limits{Rows: 10}
	data := guardtest.RawWorkbook(t, "Kommuner", func(w io.Writer) {
		for i := 1; i <= 12; i++ {
			fmt.Fprintf(w, `<row r="%d"><c r="A%d"><v>%d</v></c></row>`, i, i, i)
		}
	}, nil)
	_, err := Limited(limits)(bytes.NewReader(data), "kommuner.xlsx")
	wantRefused(t, err, "import.too_many_rows", 10)

	csvData := "number,name\n" + strings.Repeat("0301,Oslo\n", 11)
	_, err = Limited(limits)(strings.NewReader(csvData), "kommuner.csv")
	wantRefused(t, err, "import.too_many_rows", 10)
}

// The probe's CSV header line of 50 MB took 6.7 GB ("26 214 401 feil"):
// refused at the limit, with its line number, without gathering the line.
func TestCSVLineOf50MBIsRefused(t *testing.T) {
	data := bytes.Repeat([]byte("a,"), 25<<20)
	var err error
	alloc := measure(func() { _, err = Read(bytes.NewReader(data), "fakta.csv") })
	wantRefused(t, err, "import.line_too_long", guard.DefaultLimits.LineBytes)
	if de := domain.AsError(err); de.Fields[0].Params[1] != 1 {
		t.Errorf("error %v, want line 1", err)
	}
	if alloc > 16<<20 {
		t.Errorf("allocated %d MiB to refuse it", alloc>>20)
	}

	// A long line further down is named by its line.
	data = []byte("number,name\n0301,Oslo\n0302," + strings.Repeat("x", 2<<20) + "\n")
	_, err = Read(bytes.NewReader(data), "kommuner.csv")
	wantRefused(t, err, "import.line_too_long", guard.DefaultLimits.LineBytes)
	if de := domain.AsError(err); de.Fields[0].Params[1] != 3 {
		t.Errorf("error %v, want line 3", err)
	}
}

// Columns and cells of a CSV file are bounded like a workbook's; a file
// over the size limit is refused as too large.
func TestCSVColumnsCellsAndSizeAreBounded(t *testing.T) {
	limits := guard.Limits{Columns: 5, CellBytes: 10, FileBytes: 100, Cells: 16}
	read := Limited(limits)
	_, err := read(strings.NewReader("number,name,a,b,c,d\n"), "k.csv")
	wantRefused(t, err, "import.too_many_columns", 5)
	_, err = read(strings.NewReader("number,name\n0301,\"Oslo kommune\"\n"), "k.csv")
	wantRefused(t, err, "import.cell_too_large", 10)
	_, err = read(strings.NewReader("number,name\n"+strings.Repeat("0301,Oslo\n", 10)), "k.csv")
	wantRefused(t, err, "import.too_large", int64(1))
	_, err = read(strings.NewReader("number,name\n"+strings.Repeat("0301,Oslo\n", 8)), "k.csv")
	wantRefused(t, err, "import.too_many_cells", 16)
	if _, err := read(strings.NewReader("number,name\n"+strings.Repeat("0301,Oslo\n", 7)), "k.csv"); err != nil {
		t.Fatalf("a file just under the limits: %v", err)
	}
}

// A file with a problem on every row reports the first MaxProblems and
// counts the rest, instead of holding them all.
func TestProblemsAreCapped(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("service,municipality,annual_cases\n")
	for range 1000 {
		sb.WriteString("byggesak,0301,mange\n")
	}
	b, err := Read(strings.NewReader(sb.String()), "fakta.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Problems) != catalogue.MaxProblems || b.MoreProblems != 1000-catalogue.MaxProblems || b.ProblemCount() != 1000 {
		t.Fatalf("%d problems kept, %d more; want %d and %d", len(b.Problems), b.MoreProblems, catalogue.MaxProblems, 1000-catalogue.MaxProblems)
	}
}

// The national data set is well within the default limits, as a workbook
// and as CSV.
func TestNationalDataSetWithinTheLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("national data set")
	}
	d := fullCatalogue()
	var x bytes.Buffer
	if err := WriteXLSX(&x, d); err != nil {
		t.Fatal(err)
	}
	b, err := Read(bytes.NewReader(x.Bytes()), "katalog.xlsx")
	if err != nil || len(b.Facts) != len(d.Facts) || len(b.Problems) > 0 {
		t.Fatalf("xlsx: %d facts, %d problems, %v", len(b.Facts), len(b.Problems), err)
	}
	var c bytes.Buffer
	if err := WriteCSV(&c, KindFacts, d); err != nil {
		t.Fatal(err)
	}
	b, err = Read(bytes.NewReader(c.Bytes()), "fakta.csv")
	if err != nil || len(b.Facts) != len(d.Facts) || len(b.Problems) > 0 {
		t.Fatalf("csv: %d facts, %d problems, %v", len(b.Facts), len(b.Problems), err)
	}
}
