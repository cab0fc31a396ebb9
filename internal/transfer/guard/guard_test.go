package guard_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer/guard"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer/guard/guardtest"
)

func code(err error) string {
	if err == nil {
		return ""
	}
	de := domain.AsError(err)
	if len(de.Fields) == 1 {
		return de.Fields[0].Code
	}
	return de.Code
}

// The scanner reads XML as spreadsheet writers write it: prefixed names,
// quoted '>' in attributes, self-closing cells, comments, CDATA, rows
// without numbers, and counts only cells and their text.
func TestCheckXLSXScansTheSheet(t *testing.T) {
	l := guard.Limits{Columns: 3, CellBytes: 8, Rows: 2}
	cases := []struct {
		name, sheet, want string
	}{
		{"within", `<row r="1"><c r="A1"><v>12345678</v></c><c r="B1"/><c r="C1" t="s"><v>0</v></c></row><row><c><v>1</v></c></row>`, ""},
		{"prefixed names", `<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c/><x:c/><x:c/></x:row>`, "import.too_many_columns"},
		{"quoted > in an attribute", `<row r="1" x="a>b" y='c>"d'><c r="A1"><v>1</v></c></row>`, ""},
		{"column by reference", `<row r="1"><c r="D1"><v>1</v></c></row>`, "import.too_many_columns"},
		{"cell text over the limit", `<row r="1"><c r="A1" t="inlineStr"><is><r><t>12345</t></r><r><t>6789</t></r></is></c></row>`, "import.cell_too_large"},
		{"CDATA counts as text", `<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[123456789]]></t></is></c></row>`, "import.cell_too_large"},
		{"comments are skipped", `<!-- a comment > with > marks --><row r="1"><c r="A1"><v>1</v></c></row>`, ""},
		{"rows over the limit", `<row r="1"><c/></row><row r="2"><c/></row><row r="3"><c/></row>`, "import.too_many_rows"},
		{"empty rows are not counted", `<row r="1"/><row r="2"></row><row r="3"><c/></row><row r="4"><c/></row>`, ""},
		{"a DOCTYPE is refused", `<!DOCTYPE x [<!ENTITY a "b">]><row r="1"><c/></row>`, "import.unreadable"},
		{"text outside cells is bounded", `<row r="1"><c/></row><foo>123456789</foo>`, "import.cell_too_large"},
		{"cells over the limit in all", `<row r="1"><c/><c/></row><row r="2"><c/><c/></row><row r="3"><c/></row>`, "import.too_many_rows"},
		{"an attribute as large as a cell", `<row r="1"><c r="A1" x="` + strings.Repeat("y", 70<<10) + `"/></row>`, "import.cell_too_large"},
	}
	for _, c := range cases {
		data := guardtest.RawWorkbook(t, "Fakta", func(w io.Writer) { _, _ = io.WriteString(w, c.sheet) }, nil)
		if got := code(guard.CheckXLSX(data, l, nil)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// Only the sheets the reader reads are scanned; the error names the sheet.
func TestCheckXLSXNamesTheSheet(t *testing.T) {
	data := guardtest.RawWorkbook(t, "Les meg", func(w io.Writer) {
		_, _ = io.WriteString(w, `<row r="1"><c/><c/><c/><c/></row>`)
	}, nil)
	l := guard.Limits{Columns: 3}
	if err := guard.CheckXLSX(data, l, func(s string) bool { return s == "Fakta" }); err != nil {
		t.Fatalf("a sheet not read: %v", err)
	}
	err := guard.CheckXLSX(data, l, nil)
	if de := domain.AsError(err); code(err) != "import.too_many_columns" || de.Fields[0].Params[0] != "Les meg" || de.Fields[0].Params[1] != 1 {
		t.Fatalf("error %v, want too many columns in Les meg, line 1", err)
	}
}

func TestCheckXLSXOfAFileThatIsNoZip(t *testing.T) {
	if got := code(guard.CheckXLSX([]byte("not a zip"), guard.Limits{}, nil)); got != "import.unreadable" {
		t.Fatalf("%q", got)
	}
}

// Lines are handed on whole; the first too long is named by its number,
// also the last one without a line end.
func TestLineReader(t *testing.T) {
	l := guard.Limits{LineBytes: 4}
	got, err := io.ReadAll(l.NewLineReader(strings.NewReader("abcd\nef\r\n\nxyz")))
	if err != nil || string(got) != "abcd\nef\r\n\nxyz" {
		t.Fatalf("%q, %v", got, err)
	}
	for _, c := range []struct {
		in   string
		line int
	}{{"abcde\n", 1}, {"ab\nabc\nabcdef", 3}, {"a\r\nabcd\r\n", 2}} {
		_, err := io.ReadAll(l.NewLineReader(strings.NewReader(c.in)))
		e, ok := guard.AsLineTooLong(err)
		if !ok || e.Line != c.line || e.Limit != 4 {
			t.Errorf("%q: %v, want line %d too long", c.in, err, c.line)
		}
	}
}

func TestReadAll(t *testing.T) {
	l := guard.Limits{FileBytes: 3}
	if b, err := l.ReadAll(bytes.NewReader([]byte("abc"))); err != nil || string(b) != "abc" {
		t.Fatalf("%q, %v", b, err)
	}
	if _, err := l.ReadAll(bytes.NewReader([]byte("abcd"))); code(err) != "import.too_large" {
		t.Fatalf("%v", err)
	}
}

// Cells are bounded in all, in a sheet and among the shared strings.
func TestCheckXLSXBoundsCellsInAll(t *testing.T) {
	l := guard.Limits{Cells: 4}
	data := guardtest.RawWorkbook(t, "Fakta", func(w io.Writer) {
		_, _ = io.WriteString(w, `<row r="1"><c/><c/><c/></row><row r="2"><c/><c/></row>`)
	}, nil)
	if got := code(guard.CheckXLSX(data, l, nil)); got != "import.too_many_cells" {
		t.Errorf("sheet: %q", got)
	}
	data = guardtest.RawWorkbook(t, "Fakta", func(w io.Writer) {}, func(w io.Writer) {
		_, _ = io.WriteString(w, `<sst>`+strings.Repeat(`<si><t>a</t></si>`, 5)+`</sst>`)
	})
	if got := code(guard.CheckXLSX(data, l, nil)); got != "import.too_many_cells" {
		t.Errorf("shared strings: %q", got)
	}
}

// A sheet kept outside xl/worksheets/ (the relationships may name any
// part, and excelize reads it) is checked all the same.
func TestCheckXLSXFindsSheetsWhereExcelizeDoes(t *testing.T) {
	data := guardtest.RawWorkbookAt(t, "Fakta", "data/rows.xml", func(w io.Writer) {
		_, _ = io.WriteString(w, `<row r="1"><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c><c><v>4</v></c></row>`)
	}, nil)
	if got := code(guard.CheckXLSX(data, guard.Limits{Columns: 3}, func(s string) bool { return s == "Fakta" })); got != "import.too_many_columns" {
		t.Errorf("%q, want import.too_many_columns", got)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Fakta")
	if err != nil || len(rows) != 1 || len(rows[0]) != 4 {
		t.Fatalf("excelize reads %v, %v", rows, err)
	}
}
