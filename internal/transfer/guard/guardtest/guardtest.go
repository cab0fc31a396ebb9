// Package guardtest builds hostile spreadsheets cheaply for tests: by
// hand, without excelize, so that a part of many megabytes costs
// milliseconds and a few kilobytes.
package guardtest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"strings"
	"testing"
)

// RawWorkbook writes a minimal .xlsx by hand, without excelize: one sheet
// named sheet whose XML writeSheet streams, and shared strings when
// writeSST is not nil. Parts are deflated at the fastest level, so a part
// of many megabytes costs little to build and is a few kilobytes small.
func RawWorkbook(t testing.TB, sheet string, writeSheet, writeSST func(w io.Writer)) []byte {
	t.Helper()
	return RawWorkbookAt(t, sheet, "xl/worksheets/sheet1.xml", writeSheet, writeSST)
}

// RawWorkbookAt is RawWorkbook with the sheet's XML in the part named
// part, which the workbook's relationships name by an absolute target.
func RawWorkbookAt(t testing.TB, sheet, part string, writeSheet, writeSST func(w io.Writer)) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	add := func(name string, write func(w io.Writer)) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		write(w)
	}
	text := func(s string) func(io.Writer) { return func(w io.Writer) { _, _ = io.WriteString(w, s) } }
	sstType := ""
	if writeSST != nil {
		sstType = `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`
	}
	add("[Content_Types].xml", text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/`+part+`" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`+sstType+`</Types>`))
	add("_rels/.rels", text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`))
	add("xl/workbook.xml", text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="`+sheet+`" sheetId="1" r:id="rId1"/></sheets></workbook>`))
	sstRel := ""
	if writeSST != nil {
		sstRel = `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`
	}
	add("xl/_rels/workbook.xml.rels", text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/`+part+`"/>`+sstRel+`</Relationships>`))
	add(part, func(w io.Writer) {
		_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		writeSheet(w)
		_, _ = io.WriteString(w, `</sheetData></worksheet>`)
	})
	if writeSST != nil {
		add("xl/sharedStrings.xml", writeSST)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Repeat writes s n times, in blocks.
func Repeat(w io.Writer, s string, n int) {
	block := strings.Repeat(s, 4096)
	for ; n >= 4096; n -= 4096 {
		_, _ = io.WriteString(w, block)
	}
	_, _ = io.WriteString(w, strings.Repeat(s, n))
}
