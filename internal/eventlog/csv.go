package eventlog

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// CSVHeader reads a CSV file's header and up to five rows after it, for
// the column-mapping step. The delimiter is sniffed from the first line
// (comma, semicolon or tab, whichever occurs most outside quotes); a
// UTF-8 byte-order mark is dropped and a file that is not UTF-8 is read
// as Windows-1252 (Excel's Norwegian default).
//
// Errors: *ReadError (CodeMalformedCSV with the line, CodeNoEvents for an
// empty file, CodeRead).
func CSVHeader(r io.Reader) (header []string, sample [][]string, err error) {
	cr, err := newCSVReader(r)
	if err != nil {
		return nil, nil, err
	}
	header, err = readRecord(cr)
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil, &ReadError{Code: CodeNoEvents}
		}
		return nil, nil, err
	}
	header = slicesCloneTrim(header)
	for len(sample) < 5 {
		rec, err := readRecord(cr)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		sample = append(sample, append([]string(nil), rec...))
	}
	return header, sample, nil
}

// ReadCSV reads a CSV event log, one event per row, with the columns
// named by m, into b. Times are read as parseTime says (RFC 3339,
// "2006-01-02 15:04:05", "02.01.2006 15:04(:05)"; without an offset in
// Europe/Oslo). Rows without a case, an activity or a time are counted as
// warnings, not events; a file without one event is an error.
//
// Errors: *ReadError — the mapping's (CodeMappingMissing,
// CodeMappingColumn; line 1), CodeBadTimestamp with the line and value,
// CodeMalformedCSV with the line, CodeNoEvents, CodeRead.
func ReadCSV(r io.Reader, m Mapping, b *Builder) error {
	cr, err := newCSVReader(r)
	if err != nil {
		return err
	}
	header, err := readRecord(cr)
	if err != nil {
		if errors.Is(err, io.EOF) {
			return &ReadError{Code: CodeNoEvents}
		}
		return err
	}
	if err := m.Validate(header); err != nil {
		de := domain.AsError(err)
		re := &ReadError{Line: 1, Code: de.Code}
		if len(de.Fields) > 0 {
			re.Code, re.Params = de.Fields[0].Code, de.Fields[0].Params
		}
		return re
	}
	ci, ai, ti := columnIndex(header, m.Case), columnIndex(header, m.Activity), columnIndex(header, m.Time)
	ri, li := columnIndex(header, m.Resource), columnIndex(header, m.Lifecycle)
	cell := func(rec []string, i int) string {
		if i < 0 || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	kept := b.events
	for {
		rec, err := readRecord(cr)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		e := Event{Case: cell(rec, ci), Activity: cell(rec, ai), Resource: cell(rec, ri), Lifecycle: strings.ToLower(cell(rec, li))}
		ts := cell(rec, ti)
		if ts != "" && e.Case != "" && e.Activity != "" {
			ns, ok := parseTime([]byte(ts))
			if !ok {
				line, _ := cr.FieldPos(ti)
				return &ReadError{Line: line, Code: CodeBadTimestamp, Params: []any{ts}}
			}
			e.Time = utc(ns)
		}
		b.Add(e)
	}
	if b.events == kept {
		return &ReadError{Code: CodeNoEvents}
	}
	return nil
}

// newCSVReader undoes gzip (sniffed), sniffs the encoding and the delimiter and sets up a
// lenient reader: bare quotes are tolerated and rows may be ragged.
func newCSVReader(r io.Reader) (*csv.Reader, error) {
	br, err := ungzip(r)
	if err != nil {
		return nil, err
	}
	head, err := br.Peek(64 << 10)
	var re *ReadError
	if errors.As(err, &re) {
		return nil, re
	}
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, &ReadError{Code: CodeRead, Params: []any{err.Error()}}
	}
	var src io.Reader = br
	if bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
		head = head[3:]
	}
	if !validUTF8Prefix(head) {
		src = charmap.Windows1252.NewDecoder().Reader(br)
	}
	cr := csv.NewReader(src)
	cr.Comma = sniffDelimiter(head)
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return cr, nil
}

// validUTF8Prefix is utf8.Valid allowing a rune cut off at the end.
func validUTF8Prefix(b []byte) bool {
	for i := 0; i < 3 && len(b) > 0 && !utf8.Valid(b); i++ {
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}

// sniffDelimiter picks the delimiter occurring most in the first line
// outside quotes; comma when none does.
func sniffDelimiter(head []byte) rune {
	counts := map[byte]int{}
	quoted := false
	for _, c := range head {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if !quoted && (c == '\n' || c == '\r') {
			break
		}
		if !quoted && (c == ',' || c == ';' || c == '\t') {
			counts[c]++
		}
	}
	best := byte(',')
	for _, c := range []byte{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return rune(best)
}

// readRecord reads one row; parse errors become a *ReadError with the line.
func readRecord(cr *csv.Reader) ([]string, error) {
	rec, err := cr.Read()
	if err == nil || errors.Is(err, io.EOF) {
		return rec, err
	}
	var re *ReadError // the decompressor's, say
	if errors.As(err, &re) {
		return nil, re
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, &ReadError{Line: pe.Line, Code: CodeMalformedCSV, Params: []any{pe.Err.Error()}}
	}
	return nil, &ReadError{Code: CodeRead, Params: []any{err.Error()}}
}

func slicesCloneTrim(rec []string) []string {
	out := make([]string, len(rec))
	for i, s := range rec {
		out[i] = strings.TrimSpace(s)
	}
	return out
}
