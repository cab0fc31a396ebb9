package guard

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

const (
	// maxParts is the most entries a workbook's zip may have; a workbook
	// of three sheets has about a dozen.
	maxParts = 10_000
	// spillBytes is the size from which excelize unpacks a sheet or the
	// shared strings to a temporary file instead of memory (its
	// UnzipXMLSizeLimit default); every smaller part sits in memory.
	spillBytes = 16 << 20
	// maxInMemory bounds the parts excelize keeps in memory together.
	maxInMemory = 128 << 20
	// maxIndexBytes bounds the workbook's list of sheets and its
	// relationships, parsed here whole.
	maxIndexBytes = 8 << 20
	// markupSlack is how much longer than a cell a tag or comment may be.
	markupSlack = 64 << 10
)

// errUnreadable is the error of a file that is not a workbook.
func errUnreadable() error {
	return domain.Invalid("import.unreadable", domain.Field("file", "import.unreadable"))
}

// CheckXLSX checks a workbook against l before it is opened: the parts'
// unpacked sizes as the zip directory declares them (archive/zip refuses
// an entry that unpacks to more than it declares), then, unpacking as a
// stream, every shared string's length and, in each sheet whose name want
// accepts (every sheet when want is nil or a sheet's name cannot be told),
// the number of rows and of cells per row and each cell's length. It
// returns nil for a workbook within the limits, the invalid errors of the
// package doc for one beyond them, "import.unreadable" for a file that is
// not a zip archive, and wrapped errors of unpacking.
func CheckXLSX(data []byte, l Limits, want func(sheet string) bool) error {
	l = l.OrDefault()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return errUnreadable()
	}
	if len(zr.File) > maxParts {
		return errUnreadable()
	}
	var total, inMemory uint64
	var sst *zip.File
	var sheets []*zip.File
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		size := f.UncompressedSize64
		total += size
		if total > uint64(l.UnzippedBytes) {
			return refuse("import.unzipped_too_large", megabytes(l.UnzippedBytes))
		}
		name := strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))
		parts[name] = f
		spilled := false
		switch {
		case name == "xl/sharedstrings.xml":
			sst, spilled = f, size > spillBytes
		case strings.HasPrefix(name, "xl/worksheets/") && path.Dir(name) == "xl/worksheets":
			sheets = append(sheets, f)
			spilled = size > spillBytes
		}
		if !spilled {
			inMemory += size
			if inMemory > maxInMemory {
				return refuse("import.unzipped_too_large", megabytes(maxInMemory))
			}
		}
	}
	if sst != nil {
		if err := scanPart(sst, "", true, l); err != nil {
			return err
		}
	}
	names := sheetNames(parts)
	for _, f := range sheets {
		label, known := names[strings.ToLower(f.Name)]
		if known && want != nil && !want(label) {
			continue
		}
		if !known {
			label = path.Base(f.Name)
		}
		if err := scanPart(f, label, false, l); err != nil {
			return err
		}
	}
	return nil
}

// sheetNames maps each worksheet part (lower case) to its sheet's name,
// from the workbook and its relationships; a part it cannot name is left
// out.
func sheetNames(parts map[string]*zip.File) map[string]string {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	out := map[string]string{}
	if decodeIndex(parts["xl/workbook.xml"], &wb) != nil || decodeIndex(parts["xl/_rels/workbook.xml.rels"], &rels) != nil {
		return out
	}
	target := map[string]string{}
	for _, r := range rels.Rel {
		t := strings.ReplaceAll(r.Target, `\`, "/")
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = strings.ToLower(t)
	}
	for _, s := range wb.Sheets {
		if t, ok := target[s.ID]; ok {
			out[t] = s.Name
		}
	}
	return out
}

func decodeIndex(f *zip.File, v any) error {
	if f == nil || f.UncompressedSize64 > maxIndexBytes {
		return errors.New("guard: no index")
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, maxIndexBytes)).Decode(v)
}

// scanPart unpacks one part as a stream and scans it.
func scanPart(f *zip.File, sheet string, sst bool, l Limits) error {
	rc, err := f.Open()
	if err != nil {
		return errUnreadable()
	}
	defer rc.Close()
	s := scanner{br: bufio.NewReaderSize(rc, 64<<10), sheet: sheet, sst: sst, l: l}
	err = s.run()
	var fe zipFormatError
	if errors.As(err, &fe) {
		return errUnreadable()
	}
	return err
}

// zipFormatError marks an error of unpacking a part: the file is broken.
type zipFormatError struct{ err error }

func (e zipFormatError) Error() string { return "guard: unpack: " + e.err.Error() }

// scanner reads the XML of a sheet or of the shared strings byte by byte,
// without building tokens: it only tells tags from text, counts rows and
// cells, and measures text, so its memory is its buffer.
type scanner struct {
	br    *bufio.Reader
	sheet string
	sst   bool
	l     Limits

	row     int  // the current row's number
	rows    int  // rows with a cell so far
	counted bool // the current row is counted in rows
	cells   int  // cells in the current row
	total   int  // cells (or shared strings) so far
	inside  bool // within a cell (<c>) or a shared string (<si>)
	text    int  // text in the current cell or string, or the current run outside
	head    []byte
}

func (s *scanner) tooLarge() error {
	if s.sst {
		return refuse("import.shared_string_too_large", s.l.CellBytes)
	}
	return s.l.CellTooLarge(s.sheet, s.row)
}

func (s *scanner) run() error {
	for {
		chunk, err := s.br.ReadSlice('<')
		n := len(chunk)
		if err == nil {
			n--
		}
		s.text += n
		if s.text > s.l.CellBytes {
			return s.tooLarge()
		}
		switch {
		case err == nil:
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			return nil
		default:
			return zipFormatError{err}
		}
		if err := s.markup(); err != nil {
			return err
		}
	}
}

// markup reads what follows a '<': a tag, a comment, a processing
// instruction or a CDATA section (whose content is text).
func (s *scanner) markup() error {
	max := s.l.CellBytes + markupSlack
	peek, _ := s.br.Peek(9)
	switch {
	case bytes.HasPrefix(peek, []byte("![CDATA[")):
		n, err := s.skipPast("]]>", max)
		if err != nil {
			return err
		}
		s.text += n - len("![CDATA[]]>")
		if s.text > s.l.CellBytes {
			return s.tooLarge()
		}
		return nil
	case bytes.HasPrefix(peek, []byte("!--")):
		_, err := s.skipPast("-->", max)
		return err
	case bytes.HasPrefix(peek, []byte("?")):
		_, err := s.skipPast("?>", max)
		return err
	case bytes.HasPrefix(peek, []byte("!")):
		return errUnreadable() // a DOCTYPE: no spreadsheet writes one
	}
	return s.tag(max)
}

// skipPast reads past end (which ends in '>') and returns how many bytes
// it read.
func (s *scanner) skipPast(end string, max int) (int, error) {
	total := 0
	var tail []byte
	for {
		chunk, err := s.br.ReadSlice('>')
		total += len(chunk)
		if total > max {
			return total, s.markupTooLarge()
		}
		tail = append(tail, chunk[max0(len(chunk)-len(end)):]...)
		tail = tail[max0(len(tail)-len(end)):]
		switch {
		case err == nil:
			if bytes.HasSuffix(tail, []byte(end)) && total >= len(end) {
				return total, nil
			}
		case errors.Is(err, bufio.ErrBufferFull):
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return total, errUnreadable()
		default:
			return total, zipFormatError{err}
		}
	}
}

func max0(n int) int { return max(n, 0) }

func (s *scanner) markupTooLarge() error {
	if s.sst {
		return refuse("import.shared_string_too_large", s.l.CellBytes)
	}
	return s.l.CellTooLarge(s.sheet, s.row)
}

// tag reads an element's tag up to its '>' (which may stand in a quoted
// attribute value), keeping its first bytes to tell its name and the
// reference of a row or cell, and acts on it.
func (s *scanner) tag(max int) error {
	const keep = 96
	s.head = s.head[:0]
	total := 0
	var quote, prev byte // prev: the last byte of the chunk before
	for {
		chunk, err := s.br.ReadSlice('>')
		total += len(chunk)
		if total > max {
			return s.markupTooLarge()
		}
		if quote != 0 || bytes.IndexByte(chunk, '\'') >= 0 || bytes.Count(chunk, []byte{'"'})%2 != 0 {
			for _, c := range chunk {
				switch {
				case quote != 0:
					if c == quote {
						quote = 0
					}
				case c == '"' || c == '\'':
					quote = c
				}
			}
		} // else: the chunk closes every double quote it opens
		if len(s.head) < keep {
			s.head = append(s.head, chunk[:min(len(chunk), keep-len(s.head))]...)
		}
		switch {
		case err == nil:
			if quote == 0 {
				before := prev
				if len(chunk) >= 2 {
					before = chunk[len(chunk)-2]
				}
				return s.element(before == '/')
			}
		case errors.Is(err, bufio.ErrBufferFull):
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return errUnreadable()
		default:
			return zipFormatError{err}
		}
		if len(chunk) > 0 {
			prev = chunk[len(chunk)-1]
		}
	}
}

// element acts on a tag whose first bytes are in s.head.
func (s *scanner) element(selfClosing bool) error {
	h := s.head
	end := len(h) > 0 && h[0] == '/'
	if end {
		h = h[1:]
	}
	i := 0
	for i < len(h) && h[i] != ' ' && h[i] != '\t' && h[i] != '\r' && h[i] != '\n' && h[i] != '/' && h[i] != '>' {
		i++
	}
	name := h[:i]
	if j := bytes.IndexByte(name, ':'); j >= 0 {
		name = name[j+1:]
	}
	attrs := h[i:]
	switch {
	case s.sst && string(name) == "si":
		s.inside = !end && !selfClosing
		s.text = 0
		if !end {
			if s.total++; s.total > s.l.Cells {
				return s.l.TooManyCells("sharedStrings.xml")
			}
		}
	case !s.sst && string(name) == "row" && !end:
		if r, ok := number(attr(attrs, 'r')); ok {
			s.row = r
		} else {
			s.row++
		}
		s.cells, s.counted = 0, false
	case !s.sst && string(name) == "c":
		if end {
			s.inside, s.text = false, 0
			return nil
		}
		return s.cell(attrs, selfClosing)
	default:
		if !s.inside {
			s.text = 0 // each run of text outside cells is measured alone
		}
	}
	return nil
}

// cell counts a cell of the current row.
func (s *scanner) cell(attrs []byte, selfClosing bool) error {
	s.cells++
	if s.total++; s.total > s.l.Cells {
		return s.l.TooManyCells(s.sheet)
	}
	col := s.cells
	if c, ok := column(attr(attrs, 'r')); ok {
		col = max(col, c)
	}
	if col > s.l.Columns {
		return s.l.TooManyColumns(s.sheet, s.row)
	}
	if !s.counted {
		s.counted = true
		s.rows++
		if s.rows > s.l.Rows {
			return s.l.TooManyRows(s.sheet)
		}
	}
	s.inside, s.text = !selfClosing, 0
	return nil
}

// attr returns the value of the one-letter attribute name in a tag's
// first bytes ("" when it is not among them).
func attr(attrs []byte, name byte) []byte {
	for i := 0; i+3 < len(attrs); i++ {
		c := attrs[i]
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			continue
		}
		if attrs[i+1] != name || attrs[i+2] != '=' || (attrs[i+3] != '"' && attrs[i+3] != '\'') {
			continue
		}
		v := attrs[i+4:]
		if j := bytes.IndexByte(v, attrs[i+3]); j >= 0 {
			return v[:j]
		}
		return nil
	}
	return nil
}

// number reads a row number of up to seven digits.
func number(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 7 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// column reads the column of a cell reference such as "AB12": 28.
func column(ref []byte) (int, bool) {
	n, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		if i == 4 {
			return 1 << 30, true // beyond any limit
		}
		n = n*26 + int(c-'a'+1)
	}
	return n, i > 0
}
