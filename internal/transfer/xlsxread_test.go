package transfer

import (
	"archive/zip"
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer/guard"
)

// rawBook writes a workbook by hand, as other tools write theirs: one
// sheet whose sheetData is rows, shared strings when sst is not empty,
// and the 1904 date system when date1904.
func rawBook(t *testing.T, sheet, rows, sst string, date1904 bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, text string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	add("[Content_Types].xml", head+`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`)
	add("_rels/.rels", head+`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	pr := ""
	if date1904 {
		pr = `<workbookPr date1904="1"/>`
	}
	add("xl/workbook.xml", head+`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`+pr+`<sheets><sheet name="`+sheet+`" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", head+`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)
	add("xl/worksheets/sheet1.xml", head+`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+rows+`</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
	if sst != "" {
		add("xl/sharedStrings.xml", head+`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`+sst+`</sst>`)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type sheetRow struct {
	Line  int
	Cells []string
}

// excelizeRows reads a sheet as the reader before this one did: excelize's
// row iterator with the stored values, lines counted by the iterator.
func excelizeRows(t *testing.T, data []byte, sheet string) []sheetRow {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []sheetRow
	line := 0
	for rows.Next() {
		line++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(cells) > 0 {
			out = append(out, sheetRow{line, cells})
		}
	}
	return out
}

// streamedRows reads a sheet with this package's reader.
func streamedRows(t *testing.T, data []byte) []sheetRow {
	t.Helper()
	wb, err := guard.OpenXLSX(data, guard.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	var sst sharedStrings
	if wb.SharedStrings != nil {
		if sst, err = readSharedStrings(wb.SharedStrings, guard.DefaultLimits); err != nil {
			t.Fatal(err)
		}
	}
	var out []sheetRow
	err = scanSheet(wb.Sheets[0].Part, wb.Sheets[0].Name, &sst, guard.DefaultLimits, func(cells []string, line int) {
		if len(cells) > 0 {
			out = append(out, sheetRow{line, append([]string(nil), cells...)})
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The cells other tools write read as excelize read them: shared strings
// with rich text and phonetic runs, inline strings, t="str", "b", "e",
// "d", formulas with and without a cached value, cells without r=,
// cells placed left of the one before, empty and self-closing cells,
// rows without r=, entities, CDATA, line ends, "_xHHHH_" escapes, shared
// string indexes that are out of range or not numbers.
func TestStreamedCellsAsExcelizeReadThem(t *testing.T) {
	sst := `<si><t>plain</t></si>` +
		`<si><r><rPr><b/><sz val="11"/></rPr><t>rich </t></r><r><t xml:space="preserve">text </t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh><phoneticPr fontId="1"/></si>` +
		`<si><t>a_x000D_b_x005F_x0041_c_x0041__xD800_</t></si>` +
		"<si><t>one\r\ntwo\rthree&#13;&#10;four</t></si>" +
		`<si><t/></si>` +
		`<si><t>Ålesund &amp; Æ</t></si>`
	rows := `<row r="1" spans="1:3" customFormat="false" ht="12.8" hidden="false"><c r="A1" s="0" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c><c t="s"><v> 2 </v></c><c t="s"><v>3</v></c></row>` +
		`<row r="3"><c t="inlineStr"><is><t>inline</t></is></c><c t="inlineStr"><is><r><t>in</t></r><r><rPr/><t>line</t></r></is></c>` +
		`<c t="str"><f>A1&amp;"x"</f><v>cached</v></c><c t="b"><v>1</v></c><c t="b"><v>0</v></c><c t="e"><f>NA()</f><v>#N/A</v></c><c t="d"><v>2024-01-01T00:00:00Z</v></c></row>` +
		`<row><c><v>42</v></c><c s="1"><v>45292</v></c><c><f>SUM(A1)</f></c><c r="F4"><v>1.5E-3</v></c><c r="E4"><v>left</v></c><c><v>-0</v></c></row>` +
		`<row r="6"><c r="A6" s="2"/><c r="B6"></c><c r="C6" t="s"/></row>` +
		`<row r="7"><c r="A7" t="inlineStr"><is><t>multi` + "\r\n" + `line&#x0D;` + "\n" + `crlf</t></is></c><c r="B7"><v>&lt;&amp;&gt;&#229;</v></c>` +
		`<c r="C7" t="inlineStr"><is><t><![CDATA[cd<ata]]></t></is></c><c r="D7" t="s"><v>99</v></c><c r="E7" t="s"><v>x</v></c><c r="F7" t="inlineStr"><v>vv</v></c>` +
		`<c r="G7" t="s"><v>4</v></c><c r="H7" t="s"><v>5</v></c><c r="I7"><!-- a comment --><v>7</v></c></row>` +
		`<row r="9" spans="1:1"/>` +
		`<row r="10"><c r="B10"><v>only B</v></c><c r="AA10"><v>far</v></c></row>`
	data := rawBook(t, "Fakta", rows, sst, false)
	want := excelizeRows(t, data, "Fakta")
	got := streamedRows(t, data)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("streamed rows differ from excelize's\n got %+v\nwant %+v", got, want)
	}
	if len(want) < 5 {
		t.Fatalf("excelize read only %d rows: the test reads too little", len(want))
	}
}

// The national data set written by WriteXLSX reads row for row as excelize
// read it.
func TestStreamedWorkbookAsExcelizeReadIt(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, sampleData()); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	wb, err := guard.OpenXLSX(data, guard.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range wb.Sheets {
		want := excelizeRows(t, data, sh.Name)
		var got []sheetRow
		if err := scanSheet(sh.Part, sh.Name, &sharedStrings{}, guard.DefaultLimits, func(cells []string, line int) {
			if len(cells) > 0 {
				got = append(got, sheetRow{line, append([]string(nil), cells...)})
			}
		}); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: streamed rows differ\n got %+v\nwant %+v", sh.Name, got, want)
		}
	}
}

// Serial dates count from 1904 in a workbook that says so, from 1900 in
// any other.
func TestReadWorkbookDateSystems(t *testing.T) {
	rows := `<row r="1"><c r="A1" t="inlineStr"><is><t>number</t></is></c><c r="B1" t="inlineStr"><is><t>name</t></is></c><c r="C1" t="inlineStr"><is><t>valid_from</t></is></c></row>` +
		`<row r="2"><c r="A2" t="inlineStr"><is><t>1507</t></is></c><c r="B2" t="inlineStr"><is><t>Ålesund</t></is></c><c r="C2" s="1"><v>43831</v></c></row>`
	for _, c := range []struct {
		date1904 bool
		want     time.Time
	}{
		{false, time.Date(2020, time.January, 1, 0, 0, 0, 0, time.UTC)},
		{true, time.Date(2024, time.January, 2, 0, 0, 0, 0, time.UTC)},
	} {
		b, err := ReadXLSX(bytes.NewReader(rawBook(t, "Kommuner", rows, "", c.date1904)))
		if err != nil || len(b.Problems) > 0 || len(b.Municipalities) != 1 {
			t.Fatalf("1904 %v: %v, %+v", c.date1904, err, b)
		}
		if got := b.Municipalities[0].Municipality.ValidFrom; got == nil || !got.Equal(c.want) {
			t.Errorf("1904 %v: valid_from %v, want %v", c.date1904, got, c.want)
		}
	}
}

// A sheet whose XML is not well-formed is unreadable, where excelize's
// iterator stopped at the fault and read the rows before it as the whole
// sheet.
func TestReadMalformedSheetIsUnreadable(t *testing.T) {
	for name, rows := range map[string]string{
		"unclosed":      `<row r="1"><c r="A1" t="inlineStr"><is><t>number</t></is></c></row><row r="2"><c r="A2"><v>1</v></row>`,
		"bad reference": `<row r="1"><c r="1A" t="inlineStr"><is><t>number</t></is></c></row>`,
		"bad row":       `<row r="x"><c t="inlineStr"><is><t>number</t></is></c></row>`,
		"row too far":   `<row r="1048577"><c t="inlineStr"><is><t>number</t></is></c></row>`,
	} {
		_, err := ReadXLSX(bytes.NewReader(rawBook(t, "Kommuner", rows, "", false)))
		if err == nil || err.Error() != errUnreadable().Error() {
			t.Errorf("%s: %v, want unreadable", name, err)
		}
	}
}

// A formula longer than a cell may be is refused like a long value; too
// many shared strings like too many cells.
func TestReadWorkbookHoldsFormulasAndSharedStringsToTheLimits(t *testing.T) {
	limits := guard.Limits{CellBytes: 100, Cells: 3}
	rows := `<row r="1"><c r="A1" t="inlineStr"><is><t>number</t></is></c></row><row r="2"><c r="A2"><f>` + strings.Repeat("A", 101) + `</f><v>1</v></c></row>`
	_, err := Limited(limits)(bytes.NewReader(rawBook(t, "Kommuner", rows, "", false)), "k.xlsx")
	wantRefused(t, err, "import.cell_too_large", 100)

	sst := strings.Repeat(`<si><t>x</t></si>`, 4)
	_, err = Limited(limits)(bytes.NewReader(rawBook(t, "Kommuner", `<row r="1"><c t="s"><v>0</v></c></row>`, sst, false)), "k.xlsx")
	wantRefused(t, err, "import.too_many_cells", 3)

	// A shared string of rich text runs is measured whole.
	sst = `<si><r><t>` + strings.Repeat("x", 60) + `</t></r><r><t>` + strings.Repeat("y", 60) + `</t></r></si>`
	_, err = Limited(limits)(bytes.NewReader(rawBook(t, "Kommuner", `<row r="1"><c t="s"><v>0</v></c></row>`, sst, false)), "k.xlsx")
	wantRefused(t, err, "import.shared_string_too_large", 100)
}

// A tag far longer than a cell may be (beyond the scanner's buffer) is
// refused as a cell too large, on its row.
func TestReadWorkbookLongTagNamesItsRow(t *testing.T) {
	limits := guard.Limits{CellBytes: 100}
	rows := `<row r="1"><c r="A1" t="inlineStr"><is><t>number</t></is></c></row><row r="2"><c r="A2" x="` + strings.Repeat("a", 300<<10) + `"><v>1</v></c></row>`
	_, err := Limited(limits)(bytes.NewReader(rawBook(t, "Kommuner", rows, "", false)), "k.xlsx")
	wantRefused(t, err, "import.cell_too_large", 100)
	if de := domain.AsError(err); de.Fields[0].Params[1] != 2 {
		t.Errorf("error %v, want line 2", err)
	}
}

// BenchmarkReadWorkbookRows scans every sheet of the national data set
// without decoding the rows, for the share of the scanner in
// BenchmarkReadFactsXLSX.
func BenchmarkReadWorkbookRows(b *testing.B) {
	d := fullCatalogue()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, d); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		wb, err := guard.OpenXLSX(data, guard.DefaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for _, sh := range wb.Sheets {
			if err := scanSheet(sh.Part, sh.Name, &sharedStrings{}, guard.DefaultLimits, func([]string, int) { n++ }); err != nil {
				b.Fatal(err)
			}
		}
		if n < len(d.Facts) {
			b.Fatal(fmt.Sprint("rows: ", n))
		}
	}
}
