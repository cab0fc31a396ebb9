// Package guard holds an uploaded spreadsheet to limits before a reader
// materialises it, so that a small hostile file (a zip bomb, a header row
// of millions of cells, one cell of a gigabyte, a CSV line of 50 MB) is
// refused in fixed memory with a message naming the limit, instead of
// being read into gigabytes.
//
// A workbook (.xlsx) is checked by CheckXLSX before excelize opens it: the
// zip directory's sizes (which archive/zip holds every entry to while
// unpacking), then a byte scan of the shared strings and the sheets read,
// which counts rows and cells and measures each cell's text without
// building any of it; the measurement import (internal/realisation) does
// so. The catalogue import (internal/transfer) reads its sheets in one
// streaming pass that counts and measures as it reads, after OpenXLSX has
// checked the zip directory, and refuses with the same errors. A CSV file
// is read through a LineReader, which stops at the first line longer than
// the limit.
//
// Every refusal is an invalid error on the field "file" whose code names
// the limit: "import.too_large" [MB], "import.unzipped_too_large" [MB],
// "import.too_many_rows" [sheet, limit], "import.too_many_columns" [sheet,
// line, limit], "import.too_many_cells" [sheet, limit] (for the shared
// strings, sheet is "sharedStrings.xml"), "import.cell_too_large" [sheet,
// line, limit in bytes], "import.shared_string_too_large" [limit in bytes]
// and "import.line_too_long" [file, line, limit in bytes].
package guard

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Limits bound what one import file may hold. A zero field takes its
// value from DefaultLimits.
type Limits struct {
	// FileBytes is the largest file, as uploaded.
	FileBytes int64
	// UnzippedBytes is the most a workbook's parts may unpack to together.
	UnzippedBytes int64
	// Rows is the most rows with any cell one sheet or CSV file may have.
	Rows int
	// Columns is the most cells one row may have (or the highest column
	// a cell may name).
	Columns int
	// Cells is the most cells one sheet or CSV file may have in all (a
	// sheet of Rows rows of Columns cells would take minutes to read),
	// and the most strings a workbook may share among its cells.
	Cells int
	// CellBytes is the longest text of one cell, shared string or CSV
	// field, in bytes.
	CellBytes int
	// LineBytes is the longest line of a CSV file, in bytes.
	LineBytes int
}

// DefaultLimits accept the national data set (357 municipalities × 230
// services: 82 110 fact rows, a 70 MB sheet, 15 MB as .xlsx, 12 MB as CSV)
// with room to spare: three times its rows, seven times its unpacked
// sheet, twelve times its 2.1 million cells. Columns go far beyond the 30 a table has, for files with notes
// beside the data; a cell holds Excel's own largest (32 767 characters,
// up to four bytes each).
var DefaultLimits = Limits{
	FileBytes:     64 << 20,
	UnzippedBytes: 512 << 20,
	Rows:          250_000,
	Columns:       1024,
	Cells:         25_000_000,
	CellBytes:     128 << 10,
	LineBytes:     1 << 20,
}

// OrDefault returns l with every zero (or negative) field set to its default.
func (l Limits) OrDefault() Limits {
	d := DefaultLimits
	if l.FileBytes <= 0 {
		l.FileBytes = d.FileBytes
	}
	if l.UnzippedBytes <= 0 {
		l.UnzippedBytes = d.UnzippedBytes
	}
	if l.Rows <= 0 {
		l.Rows = d.Rows
	}
	if l.Columns <= 0 {
		l.Columns = d.Columns
	}
	if l.Cells <= 0 {
		l.Cells = d.Cells
	}
	if l.CellBytes <= 0 {
		l.CellBytes = d.CellBytes
	}
	if l.LineBytes <= 0 {
		l.LineBytes = d.LineBytes
	}
	return l
}

// refuse is the invalid error of a file over a limit.
func refuse(code string, params ...any) error {
	return domain.Invalid("error.invalid_fields", domain.Field("file", code, params...))
}

// megabytes rounds n bytes up to whole MiB, for messages.
func megabytes(n int64) int64 { return (n + 1<<20 - 1) >> 20 }

// TooLarge is the error of a file larger than FileBytes.
func (l Limits) TooLarge() error {
	return refuse("import.too_large", megabytes(l.OrDefault().FileBytes))
}

// TooManyRows is the error of a sheet or CSV file with more than Rows rows.
func (l Limits) TooManyRows(sheet string) error {
	return refuse("import.too_many_rows", sheet, l.OrDefault().Rows)
}

// TooManyColumns is the error of a row with more than Columns cells.
func (l Limits) TooManyColumns(sheet string, line int) error {
	return refuse("import.too_many_columns", sheet, line, l.OrDefault().Columns)
}

// TooManyCells is the error of a sheet or CSV file with more than Cells
// cells in all.
func (l Limits) TooManyCells(sheet string) error {
	return refuse("import.too_many_cells", sheet, l.OrDefault().Cells)
}

// CellTooLarge is the error of a cell longer than CellBytes.
func (l Limits) CellTooLarge(sheet string, line int) error {
	return refuse("import.cell_too_large", sheet, line, l.OrDefault().CellBytes)
}

// SharedStringTooLarge is the error of a workbook's shared string longer
// than CellBytes.
func (l Limits) SharedStringTooLarge() error {
	return refuse("import.shared_string_too_large", l.OrDefault().CellBytes)
}

// ReadAll reads a whole file of at most FileBytes; a larger one is
// refused with "import.too_large" after reading one byte past the limit.
// Errors of r are returned wrapped (an internal error).
func (l Limits) ReadAll(r io.Reader) ([]byte, error) {
	l = l.OrDefault()
	data, err := io.ReadAll(io.LimitReader(r, l.FileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("guard: read: %w", err)
	}
	if int64(len(data)) > l.FileBytes {
		return nil, l.TooLarge()
	}
	return data, nil
}

// LineReader passes a CSV file through line by line, and fails with a
// *LineTooLong error at the first line longer than its limit: a line is
// handed on only once it is whole, so the CSV reader never gathers or
// splits any of a line that is too long, and what it holds at once is
// bounded by the limit, not by the file. Lines are counted from 1 at each
// "\n".
type LineReader struct {
	br      *bufio.Reader
	limit   int
	line    int    // the line being handed on, from 1
	pending []byte // the rest of it
	err     error  // the error after pending
}

// NewLineReader returns a reader of r refusing lines longer than
// l.LineBytes.
func (l Limits) NewLineReader(r io.Reader) *LineReader {
	limit := l.OrDefault().LineBytes
	// One byte more than the limit holds a line of the limit with its "\n".
	return &LineReader{br: bufio.NewReaderSize(r, limit+1), limit: limit}
}

// LineTooLong is the error of a line over the limit; it is an invalid
// error through Invalid.
type LineTooLong struct {
	Line  int
	Limit int
}

func (e *LineTooLong) Error() string {
	return fmt.Sprintf("guard: line %d longer than %d bytes", e.Line, e.Limit)
}

// Invalid is the user's error for the line, in the file named sheet.
func (e *LineTooLong) Invalid(sheet string) error {
	return refuse("import.line_too_long", sheet, e.Line, e.Limit)
}

func (lr *LineReader) Read(p []byte) (int, error) {
	if len(lr.pending) == 0 {
		if lr.err != nil {
			return 0, lr.err
		}
		line, err := lr.br.ReadSlice('\n')
		lr.line++
		n := len(line)
		if n > 0 && line[n-1] == '\n' {
			n--
		}
		if errors.Is(err, bufio.ErrBufferFull) || n > lr.limit {
			lr.err = &LineTooLong{Line: lr.line, Limit: lr.limit}
			return 0, lr.err
		}
		// The slice stays valid until the next ReadSlice, after it is handed on.
		lr.pending, lr.err = line, err
		if len(line) == 0 {
			return 0, err
		}
	}
	n := copy(p, lr.pending)
	lr.pending = lr.pending[n:]
	return n, nil
}

// AsLineTooLong returns the *LineTooLong in err's chain.
func AsLineTooLong(err error) (*LineTooLong, bool) {
	var e *LineTooLong
	ok := errors.As(err, &e)
	return e, ok
}
