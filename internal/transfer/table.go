package transfer

import (
	"encoding/csv"
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"
)

// Table is a plain list for export: one sheet, a header row and rows of
// strings, int64, float64, bool or time.Time. Reports outside the catalogue
// (a requirement specification, a benefit case's yearly table) are written
// through it so that every export shares the same CSV conventions and
// formula-injection guard.
type Table struct {
	Sheet  string
	Header []string
	Widths []float64 // column widths in the XLSX; 0 or missing: from the header
	Rows   [][]any
}

// WriteTableCSV writes t as CSV the way WriteCSV writes the catalogue:
// UTF-8 with a byte order mark, commas, CRLF, text that a spreadsheet would
// run as a formula prefixed with an apostrophe.
func WriteTableCSV(w io.Writer, t Table) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(t.Header); err != nil {
		return err
	}
	rec := make([]string, len(t.Header))
	for _, row := range t.Rows {
		for i := range rec {
			rec[i] = ""
			if i < len(row) {
				rec[i] = formatCSV(row[i])
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteTableXLSX writes t as a one-sheet workbook: a bold header row that
// stays in view, typed cells (numbers as numbers, dates as date cells), and
// wrapped text in wide columns.
func WriteTableXLSX(w io.Writer, t Table) error { return WriteTablesXLSX(w, t) }

// WriteTablesXLSX writes each table as a sheet of one workbook, in order,
// the way WriteTableXLSX writes one. Sheet names must be unique.
func WriteTablesXLSX(w io.Writer, ts ...Table) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	first := f.GetSheetName(0)
	for i, t := range ts {
		name := t.Sheet
		if name == "" {
			name = fmt.Sprintf("Ark%d", i+1)
		}
		if i == 0 {
			err = f.SetSheetName(first, name)
		} else {
			_, err = f.NewSheet(name)
		}
		if err != nil {
			return err
		}
		if err := writeTableSheet(f, name, t, bold, wrap, date); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}

// writeTableSheet streams one table into sheet name.
func writeTableSheet(f *excelize.File, name string, t Table, bold, wrap, date int) error {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, h := range t.Header {
		width := float64(max(12, len(h)+2))
		if i < len(t.Widths) && t.Widths[i] > 0 {
			width = t.Widths[i]
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	header := make([]any, len(t.Header))
	for i, h := range t.Header {
		header[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for r, row := range t.Rows {
		vals := make([]any, len(row))
		for i, v := range row {
			switch v := v.(type) {
			case string:
				vals[i] = excelize.Cell{StyleID: wrap, Value: v}
			case time.Time:
				vals[i] = dateCell(v, date)
			default:
				vals[i] = v
			}
		}
		cell, err := excelize.CoordinatesToCellName(1, r+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	return sw.Flush()
}
