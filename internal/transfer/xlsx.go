package transfer

import (
	"errors"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer/guard"
)

// codeNoKnownSheet is the problem of a workbook without any sheet the
// import reads; its parameter lists the sheet names looked for.
const codeNoKnownSheet = "import.no_known_sheet"

// ReadXLSX reads a workbook within guard.DefaultLimits; see readXLSX.
func ReadXLSX(r io.Reader) (catalogue.Batch, error) {
	return readXLSX(r, guard.DefaultLimits)
}

// readXLSX reads a workbook's sheets "Tjenester", "Kommuner" and "Fakta"
// (or "Services", "Municipalities" and "Facts", in any case); other sheets,
// such as a read-me, are ignored, and a workbook with none of them gets a
// problem. A sheet's header is its first non-empty row. The zip directory
// is checked by guard.OpenXLSX, so that no part unpacks beyond l; each
// sheet is then read in one streaming pass that holds it to l as it goes
// (xlsxread.go), so a sheet of a hundred thousand rows never sits in
// memory, and a hostile one is refused at the limit it passes. It returns
// an invalid error "import.unreadable" when the file is not an .xlsx
// workbook, the guard's errors for one beyond the limits, and the
// reader's errors.
func readXLSX(r io.Reader, l guard.Limits) (b catalogue.Batch, err error) {
	src := &errReader{r: r}
	data, err := l.ReadAll(src)
	if err != nil {
		if src.err != nil {
			return catalogue.Batch{}, readError(src.err)
		}
		return catalogue.Batch{}, err
	}
	wb, err := guard.OpenXLSX(data, l)
	if err != nil {
		return catalogue.Batch{}, err
	}
	found, err := readWorkbook(wb, l, &b)
	if err != nil {
		return catalogue.Batch{}, err
	}
	if !found {
		b.AddProblem(catalogue.Problem{Code: codeNoKnownSheet, Params: []any{sheetNames()}})
	}
	return b, nil
}

// errReader remembers the error of the reader under it, to tell a failed
// upload from a file that is not a workbook.
type errReader struct {
	r   io.Reader
	err error
}

func (e *errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		e.err = err
	}
	return n, err
}

// WriteXLSX writes a workbook with the sheets Tjenester, Kommuner and Fakta,
// each with its header row even when it has no rows, so the file doubles
// as a template. Numbers are numeric cells, dates are date cells shown in
// the reader's own date format, codes such as 0301 are text; the header
// row is bold and stays in view when scrolling. It returns an internal
// error when a fact's service or municipality or a successor is missing
// from d, and the writer's errors.
func WriteXLSX(w io.Writer, d Data) (err error) {
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
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // the locale's short date
	if err != nil {
		return err
	}
	for i, s := range sheets {
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), s.nb)
		} else {
			_, err = f.NewSheet(s.nb)
		}
		if err != nil {
			return err
		}
		if err := writeSheet(f, s.nb, s.kind, d, bold, date); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

func writeSheet(f *excelize.File, name string, kind Kind, d Data, bold, date int) error {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	columns, _ := columnsOf(kind)
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, c := range columns {
		if err := sw.SetColWidth(i+1, i+1, float64(max(12, len(c.name)+2))); err != nil {
			return err
		}
	}
	header := make([]any, len(columns))
	for i, c := range columns {
		header[i] = excelize.Cell{StyleID: bold, Value: c.name}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	row := 1
	err = eachRow(kind, d, func(vals []any) error {
		row++
		for i, v := range vals {
			if t, ok := v.(time.Time); ok {
				vals[i] = dateCell(t, date)
			}
		}
		cell, err := excelize.CoordinatesToCellName(1, row)
		if err != nil {
			return err
		}
		return sw.SetRow(cell, vals)
	})
	if err != nil {
		return err
	}
	return sw.Flush()
}

// dateCell writes a date as a date cell, or as ISO text when Excel cannot
// hold it: its serial dates start in 1900 and count a 29 February 1900
// that never was, and a municipality's valid_from may well be 1838.
func dateCell(t time.Time, style int) any {
	if t.Year() < 1900 || t.Year() == 1900 && t.Month() < time.March {
		return t.Format(dateLayout)
	}
	return excelize.Cell{StyleID: style, Value: t}
}
