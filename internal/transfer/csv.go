package transfer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer/guard"
)

// codeCSVSyntax is the problem of a line the CSV reader cannot split into
// fields, such as a stray quote.
const codeCSVSyntax = "import.csv_syntax"

// peekSize is how much of a CSV file is looked at to tell its separator
// and encoding.
const peekSize = 64 << 10

const bom = "\ufeff"

// ReadCSV reads one CSV file within guard.DefaultLimits; its kind is
// recognised from the header row. sheet names the file in problems.
// Fields may be separated by commas or, as Norwegian Excel saves them, by
// semicolons; a file that is not UTF-8 is read as Windows-1252, the other
// encoding Excel saves CSV in. It returns an invalid error
// "import.unreadable" when the file is empty or binary or its header row
// cannot be split into fields, the guard's errors for a file beyond the
// limits, and the reader's errors.
func ReadCSV(r io.Reader, sheet string) (catalogue.Batch, error) {
	return readCSV(r, sheet, guard.DefaultLimits)
}

// readCSV reads a CSV file as a stream within l: the file's size, the
// length of each line (refused before the CSV reader gathers it), the
// fields per record, the length of each field, the number of records and
// of fields in all.
func readCSV(r io.Reader, sheet string, l guard.Limits) (catalogue.Batch, error) {
	size := &sizeReader{r: r, left: l.FileBytes}
	src, comma, err := prepareCSV(size)
	if err != nil {
		return catalogue.Batch{}, csvError(err, sheet, size, l)
	}
	cr := csv.NewReader(l.NewLineReader(src))
	cr.Comma = comma
	cr.FieldsPerRecord = -1 // short and long rows are read; missing cells are empty
	cr.ReuseRecord = true

	var b catalogue.Batch
	header, err := cr.Read()
	var pe *csv.ParseError
	switch {
	case errors.Is(err, io.EOF):
		return catalogue.Batch{}, errUnreadable()
	case err != nil && !errors.As(err, &pe):
		return catalogue.Batch{}, csvError(err, sheet, size, l)
	case err != nil:
		return catalogue.Batch{}, errUnreadable()
	}
	line, _ := cr.FieldPos(0)
	if err := checkRecord(header, sheet, line, l); err != nil {
		return catalogue.Batch{}, err
	}
	lay := newLayout(sheet, "", header, line, &b)
	if lay == nil {
		return b, nil
	}
	rows, cells := 0, len(header)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.As(err, &pe) {
			// The reader goes on with the next line: report and continue.
			b.AddProblem(catalogue.Problem{Sheet: sheet, Line: pe.Line, Code: codeCSVSyntax})
			continue
		}
		if err != nil {
			return catalogue.Batch{}, csvError(err, sheet, size, l)
		}
		line, _ := cr.FieldPos(0)
		if err := checkRecord(rec, sheet, line, l); err != nil {
			return catalogue.Batch{}, err
		}
		if rows++; rows > l.Rows {
			return catalogue.Batch{}, l.TooManyRows(sheet)
		}
		if cells += len(rec); cells > l.Cells {
			return catalogue.Batch{}, l.TooManyCells(sheet)
		}
		lay.read(rec, line, &b)
	}
	return b, nil
}

// checkRecord refuses a record with more fields than l.Columns or a
// field longer than l.CellBytes.
func checkRecord(rec []string, sheet string, line int, l guard.Limits) error {
	if len(rec) > l.Columns {
		return l.TooManyColumns(sheet, line)
	}
	for _, f := range rec {
		if len(f) > l.CellBytes {
			return l.CellTooLarge(sheet, line)
		}
	}
	return nil
}

// csvError turns an error of reading a CSV file into the guard's error
// when the file broke a limit, else into an internal one.
func csvError(err error, sheet string, size *sizeReader, l guard.Limits) error {
	if e, ok := guard.AsLineTooLong(err); ok {
		return e.Invalid(sheet)
	}
	if size.over {
		return l.TooLarge()
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	return readError(err)
}

// sizeReader fails once more than left bytes have been read.
type sizeReader struct {
	r    io.Reader
	left int64
	over bool
}

var errFileTooLarge = errors.New("transfer: file too large")

func (s *sizeReader) Read(p []byte) (int, error) {
	if s.left <= 0 {
		// One byte more tells a file of exactly the limit from a larger one.
		var one [1]byte
		n, err := io.ReadFull(s.r, one[:])
		if n == 0 {
			return 0, err
		}
		s.over = true
		return 0, errFileTooLarge
	}
	if int64(len(p)) > s.left {
		p = p[:s.left]
	}
	n, err := s.r.Read(p)
	s.left -= int64(n)
	return n, err
}

// prepareCSV looks at the start of a CSV file to drop a byte order mark,
// refuse binary data, choose the separator from the header line and the
// encoding from whether the text is UTF-8.
func prepareCSV(r io.Reader) (io.Reader, rune, error) {
	br := bufio.NewReaderSize(r, peekSize)
	head, err := br.Peek(peekSize)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, 0, readError(err)
	}
	isUTF8 := bytes.HasPrefix(head, []byte(bom))
	if isUTF8 {
		_, _ = br.Discard(len(bom))
		head = head[len(bom):]
	}
	if len(bytes.TrimSpace(head)) == 0 || bytes.IndexByte(head, 0) >= 0 {
		return nil, 0, errUnreadable()
	}
	comma := ','
	first := head
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		first = head[:i]
	}
	if bytes.IndexByte(first, ';') >= 0 && bytes.IndexByte(first, ',') < 0 {
		comma = ';'
	}
	if !isUTF8 && !validUTF8(head, len(head) == peekSize) {
		return charmap.Windows1252.NewDecoder().Reader(br), comma, nil
	}
	return br, comma, nil
}

// validUTF8 reports whether b is UTF-8; when cut, b may end inside a
// character.
func validUTF8(b []byte, cut bool) bool {
	if utf8.Valid(b) {
		return true
	}
	if !cut {
		return false
	}
	for i := 1; i < utf8.UTFMax && i < len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			return utf8.Valid(b[:len(b)-i])
		}
	}
	return false
}

// WriteCSV writes one kind as CSV: UTF-8 with a byte order mark (so that
// Excel shows æøå), a header row, fields as RFC 4180 quotes them, commas,
// CRLF line ends, numbers with a decimal point and dates as YYYY-MM-DD. It
// returns an invalid error for an unknown kind, an internal error when a
// fact's service or municipality or a successor is missing from d, and
// the writer's errors.
func WriteCSV(w io.Writer, kind Kind, d Data) error {
	columns, ok := columnsOf(kind)
	if !ok {
		return errUnknownKind(kind)
	}
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	rec := make([]string, len(columns))
	for i, c := range columns {
		rec[i] = c.name
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	err := eachRow(kind, d, func(vals []any) error {
		for i, v := range vals {
			rec[i] = formatCSV(v)
		}
		return cw.Write(rec)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
