package transfer

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer/guard"
	"github.com/tjenestevalg/tjenestevalg/internal/xmlscan"
)

// The workbook reader: one streaming pass over each sheet's XML that both
// holds it to the guard's limits and yields its cells. excelize decoded
// every cell with encoding/xml (3–5 s for the national facts sheet of
// 70 MB) after the guard had read the same XML once to count it; the
// scanner of internal/xmlscan reads it at several hundred MB/s. excelize
// stays the writer of workbooks.
//
// The cells are what excelize's Rows.Columns returned with RawCellValue,
// so that files from other tools read as they did: shared strings (rich
// text runs joined, phonetic runs left out), inline strings, t="str",
// t="b" ("1" or "0"), t="e", t="d" (the ISO text), numbers and dates as
// stored (serial day numbers, read in date columns), a formula's cached
// value; "_xHHHH_" escapes decoded in strings; a cell placed by its r=
// attribute or, without one, after the cell before; cells with no value
// and no formula left out, so a row ends at its last value.

// markupBytes is how much longer than a cell a tag may be.
const markupBytes = 64 << 10

// maxDepth bounds the nesting of a sheet or the shared strings; a sheet
// nests seven deep (worksheet, sheetData, row, c, is, r, t).
const maxDepth = 256

// Excel's own bounds, beyond which excelize refused a cell reference.
const (
	excelRows    = 1_048_576
	excelColumns = 16_384
)

// readWorkbook reads the sheets of a workbook opened by guard.OpenXLSX
// into b: those sheetKind knows, in the workbook's order. It returns the
// guard's errors for a sheet beyond l and "import.unreadable" for parts
// that do not unpack or are not well-formed XML.
func readWorkbook(wb *guard.Workbook, l guard.Limits, b *catalogue.Batch) (found bool, err error) {
	var sst sharedStrings
	if wb.SharedStrings != nil {
		if sst, err = readSharedStrings(wb.SharedStrings, l); err != nil {
			return false, err
		}
	}
	for _, sh := range wb.Sheets {
		kind, ok := sheetKind(sh.Name)
		if !ok {
			continue
		}
		found = true
		if sh.Part == nil {
			return false, errUnreadable()
		}
		if err := readSheet(sh.Part, sh.Name, kind, wb.Date1904, &sst, l, b); err != nil {
			return false, err
		}
	}
	return found, nil
}

// scan opens a part for the scanner, with the limits of a cell.
func scan(part *zip.File, l guard.Limits) (*xmlscan.Scanner, io.Closer, error) {
	rc, err := part.Open()
	if err != nil {
		return nil, nil, errUnreadable()
	}
	sc := xmlscan.New(rc, xmlscan.Limits{Tag: l.CellBytes + markupBytes, Text: l.CellBytes, Depth: maxDepth})
	sc.NormalizeNewlines()
	return sc, rc, nil
}

// scanError maps what the scanner returns: its limits to tooLarge, all
// else (malformed XML, a part that does not unpack) to unreadable.
func scanError(err error, tooLarge func() error) error {
	var se *xmlscan.SyntaxError
	if errors.As(err, &se) && se.Limit {
		return tooLarge()
	}
	return errUnreadable()
}

// sharedStrings are the workbook's shared strings end to end in text,
// the i-th ending at ends[i]: one allocation for all of them, and each
// cell that names one shares its memory.
type sharedStrings struct {
	text string
	ends []uint32
}

// at is the i-th string; ok is false for an index out of range.
func (s *sharedStrings) at(i int) (string, bool) {
	if i < 0 || i >= len(s.ends) {
		return "", false
	}
	start := uint32(0)
	if i > 0 {
		start = s.ends[i-1]
	}
	return s.text[start:s.ends[i]], true
}

// readSharedStrings reads the shared strings part, held to l: at most
// l.Cells strings of at most l.CellBytes each (guard.OpenXLSX has bounded
// the part's size, and so their total).
func readSharedStrings(part *zip.File, l guard.Limits) (sharedStrings, error) {
	l = l.OrDefault()
	sc, rc, err := scan(part, l)
	if err != nil {
		return sharedStrings{}, err
	}
	defer rc.Close()
	var (
		buf   []byte
		ends  []uint32
		start int
		inSI  bool
	)
	for {
		kind, err := sc.Next()
		if err != nil {
			return sharedStrings{}, scanError(err, l.SharedStringTooLarge)
		}
		if kind == xmlscan.EOF {
			break
		}
		switch local := sc.Local(); {
		case kind == xmlscan.Start && string(local) == "si":
			if len(ends) >= l.Cells {
				return sharedStrings{}, l.TooManyCells("sharedStrings.xml")
			}
			inSI, start = true, len(buf)
		case kind == xmlscan.Start && string(local) == "rPh" && inSI:
			if err := sc.Skip(); err != nil {
				return sharedStrings{}, scanError(err, l.SharedStringTooLarge)
			}
		case kind == xmlscan.Start && string(local) == "t" && inSI:
			sc.Capture()
		case kind == xmlscan.End && string(local) == "t" && inSI:
			text, _ := sc.Text()
			if len(buf)-start+len(text) > l.CellBytes {
				return sharedStrings{}, l.SharedStringTooLarge()
			}
			buf = append(buf, text...)
		case kind == xmlscan.End && string(local) == "si":
			buf = appendEscaped(buf[:start], buf[start:])
			ends = append(ends, uint32(len(buf)))
			inSI = false
		}
	}
	return sharedStrings{text: string(buf), ends: ends}, nil
}

// appendEscaped decodes the escapes "_xHHHH_" of OOXML strings (a
// character XML cannot hold; "_x005F_" is the underscore that keeps an
// escape's text literal) as excelize does, a surrogate becoming nothing.
// s may be dst's own tail: the result is never longer.
func appendEscaped(dst, s []byte) []byte {
	if bytes.Index(s, []byte("_x")) < 0 {
		return append(dst, s...)
	}
	out := dst
	for i := 0; i < len(s); {
		if r, ok := escapeAt(s[i:]); ok {
			if r >= 0 {
				out = utf8.AppendRune(out, r)
			}
			i += 7
			continue
		}
		out = append(out, s[i])
		i++
	}
	return out
}

// escapeAt reads an escape "_xHHHH_" at the start of s: the rune it
// stands for, -1 for a surrogate, which stands for nothing.
func escapeAt(s []byte) (rune, bool) {
	if len(s) < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_' {
		return 0, false
	}
	n, err := strconv.ParseUint(string(s[2:6]), 16, 32)
	if err != nil {
		return 0, false
	}
	if 0xD800 <= n && n <= 0xDFFF {
		return -1, true
	}
	return rune(n), true
}

// Cell types, from a cell's t= attribute.
const (
	cellOther  = iota // a number, a date, an error, a formula's text, a boolean: the stored value
	cellShared        // t="s": an index into the shared strings
	cellInline        // t="inlineStr": the text of <is>, else of <v>
)

// sheetReader reads one sheet's XML into rows of cells.
type sheetReader struct {
	sc    *xmlscan.Scanner
	name  string
	l     guard.Limits
	sst   *sharedStrings
	onRow func(cells []string, line int)

	row   int // the current row's number
	rows  int // rows with a cell so far
	total int // cells so far

	// The current row: its values end to end in vals, each cell's place
	// in parts, turned into strings at the row's end in one allocation.
	vals  []byte
	parts []cellPart
	cells []string
	col   int // the current cell's column, from 1
	count int // cells (<c>) in the current row

	// The current cell.
	typ       int
	formula   bool
	v         []byte // the text of <v>
	is        []byte // the text of <is>
	hasIS     bool
	cellBytes int // text in the cell so far
}

// cellPart is a cell of the current row: a shared string, or vals[from:to].
type cellPart struct {
	col      int
	from, to int
	shared   string
	isShared bool
}

// readSheet reads one sheet of kind into b. Its lines are the sheet's row
// numbers (a row without r= follows the one before); rows without any
// text are skipped, and the header is the first row with text. The sheet
// is held to l as the guard held it: rows with a cell, cells per row (or
// the column a cell names) and in all, and each cell's text.
func readSheet(part *zip.File, name string, kind Kind, date1904 bool, sst *sharedStrings, l guard.Limits, b *catalogue.Batch) error {
	var lay *layout
	return scanSheet(part, name, sst, l, func(cells []string, line int) {
		switch {
		case lay != nil:
			lay.read(cells, line, b)
		case !blank(cells):
			lay = newLayout(name, kind, cells, line, b)
			lay.excel, lay.date1904 = true, date1904
		}
	})
}

// scanSheet hands each row of a sheet to onRow with its line; cells is
// reused for the next row, its strings are not.
func scanSheet(part *zip.File, name string, sst *sharedStrings, l guard.Limits, onRow func(cells []string, line int)) error {
	l = l.OrDefault()
	sc, rc, err := scan(part, l)
	if err != nil {
		return err
	}
	defer rc.Close()
	r := &sheetReader{sc: sc, name: name, l: l, sst: sst, onRow: onRow}
	return r.run()
}

func (r *sheetReader) tooLarge() error { return r.l.CellTooLarge(r.name, r.row) }

func (r *sheetReader) fail(err error) error { return scanError(err, r.tooLarge) }

// run reads up to the end of sheetData (what follows it holds no cells).
func (r *sheetReader) run() error {
	inData, inRow, inCell, inIS := false, false, false, false
	for {
		kind, err := r.sc.Next()
		if err != nil {
			return r.fail(err)
		}
		if kind == xmlscan.EOF {
			return nil
		}
		local := r.sc.Local()
		if kind == xmlscan.Start {
			switch {
			case !inData:
				inData = string(local) == "sheetData"
			case inCell:
				switch string(local) {
				case "v", "f":
					r.formula = r.formula || string(local) == "f"
					r.sc.Capture()
				case "is":
					inIS, r.hasIS = true, true
				case "t":
					if inIS {
						r.sc.Capture()
					}
				case "rPh":
					if err := r.sc.Skip(); err != nil {
						return r.fail(err)
					}
				}
			case inRow && string(local) == "c":
				if err := r.startCell(); err != nil {
					return err
				}
				inCell = true
			case string(local) == "row":
				if err := r.startRow(); err != nil {
					return err
				}
				inRow = true
			}
			continue
		}
		// An end tag.
		switch {
		case !inData:
		case inCell:
			switch string(local) {
			case "v":
				text, _ := r.sc.Text()
				if err := r.measure(text); err != nil {
					return err
				}
				r.v = append(r.v[:0], text...)
			case "f":
				text, _ := r.sc.Text()
				if err := r.measure(text); err != nil {
					return err
				}
			case "t":
				if inIS {
					text, _ := r.sc.Text()
					if err := r.measure(text); err != nil {
						return err
					}
					r.is = append(r.is, text...)
				}
			case "is":
				inIS = false
			case "c":
				r.endCell()
				inCell, inIS = false, false
			}
		case inRow && string(local) == "row":
			r.endRow()
			inRow = false
		case string(local) == "sheetData":
			return nil
		}
	}
}

// measure adds a piece of a cell's text to the cell's length.
func (r *sheetReader) measure(text []byte) error {
	if r.cellBytes += len(text); r.cellBytes > r.l.CellBytes {
		return r.tooLarge()
	}
	return nil
}

func (r *sheetReader) startRow() error {
	n := r.row + 1
	if ref := r.sc.Attr("r"); ref != nil {
		v, err := strconv.Atoi(string(ref))
		if err != nil || v > excelRows || v < 0 {
			return errUnreadable()
		}
		if v > 0 {
			n = v
		}
	}
	r.row = n
	r.vals, r.parts, r.col, r.count = r.vals[:0], r.parts[:0], 0, 0
	return nil
}

func (r *sheetReader) startCell() error {
	r.count++
	if r.total++; r.total > r.l.Cells {
		return r.l.TooManyCells(r.name)
	}
	r.col++
	if ref := r.sc.Attr("r"); ref != nil {
		col, ok := cellColumn(ref)
		if !ok {
			return errUnreadable()
		}
		r.col = col
	}
	if max(r.col, r.count) > r.l.Columns {
		return r.l.TooManyColumns(r.name, r.row)
	}
	if r.count == 1 {
		if r.rows++; r.rows > r.l.Rows {
			return r.l.TooManyRows(r.name)
		}
	}
	r.typ = cellOther
	switch string(r.sc.Attr("t")) {
	case "s":
		r.typ = cellShared
	case "inlineStr":
		r.typ = cellInline
	}
	r.formula, r.hasIS, r.cellBytes = false, false, 0
	r.v, r.is = r.v[:0], r.is[:0]
	return nil
}

// endCell keeps the cell's value when it has one or a formula.
func (r *sheetReader) endCell() {
	p := cellPart{col: r.col}
	switch {
	case r.typ == cellShared && len(r.v) > 0:
		i, err := strconv.Atoi(string(bytes.TrimSpace(r.v)))
		if err != nil {
			i = 0 // as excelize reads it
		}
		p.shared, _ = r.sst.at(i)
		p.isShared = true
	case r.typ == cellInline && r.hasIS:
		p.from = len(r.vals)
		r.vals = appendEscaped(r.vals, r.is)
		p.to = len(r.vals)
	default:
		p.from = len(r.vals)
		r.vals = append(r.vals, r.v...)
		p.to = len(r.vals)
	}
	if p.shared == "" && p.from == p.to && !r.formula {
		return
	}
	r.parts = append(r.parts, p)
}

// endRow hands the row's cells on, each at its column: a cell that names
// a column left of the one before follows it, as excelize placed it.
func (r *sheetReader) endRow() {
	vals := string(r.vals)
	r.cells = r.cells[:0]
	for _, p := range r.parts {
		for len(r.cells) < p.col-1 {
			r.cells = append(r.cells, "")
		}
		if p.isShared {
			r.cells = append(r.cells, p.shared)
		} else {
			r.cells = append(r.cells, vals[p.from:p.to])
		}
	}
	r.onRow(r.cells, r.row)
}

// cellColumn reads the column of a cell reference such as "AB12": 28. A
// reference that is not letters and a row number is not one; a column
// beyond Excel's counts as beyond any limit.
func cellColumn(ref []byte) (int, bool) {
	n, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		if n <= excelColumns {
			n = n*26 + int(c-'a'+1)
		}
	}
	if i == 0 || i == len(ref) {
		return 0, false
	}
	row, err := strconv.Atoi(string(ref[i:]))
	if err != nil || row < 1 || row > excelRows {
		return 0, false
	}
	if n > excelColumns {
		return 1 << 30, true
	}
	return n, true
}
