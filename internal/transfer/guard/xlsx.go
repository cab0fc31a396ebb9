package guard

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strconv"
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
// the number of rows and of cells, per row and in all, and each cell's
// length. The sheets are found as excelize finds them, so that no sheet
// it reads escapes the check. It returns nil for a workbook within the
// limits, the invalid errors of the package doc for one beyond them, and
// "import.unreadable" for a file that is not a zip archive or whose parts
// do not unpack. A reader that counts and measures as it reads needs only
// OpenXLSX.
func CheckXLSX(data []byte, l Limits, want func(sheet string) bool) error {
	l = l.OrDefault()
	parts, sst, err := openParts(data, l)
	if err != nil {
		return err
	}
	if sst != nil {
		if err := scanPart(sst, "", true, l); err != nil {
			return err
		}
	}
	sheets := map[string]string{}
	if ix, ok := readIndex(parts); ok {
		for _, sh := range ix.sheets {
			sheets[sh.part] = sh.name
		}
	} else {
		// No index to tell the sheets by: every worksheet part is checked.
		for name := range parts {
			if strings.HasPrefix(strings.ToLower(name), "xl/worksheets/") {
				sheets[name] = path.Base(name)
			}
		}
	}
	for name, label := range sheets {
		f, ok := parts[name]
		if !ok || want != nil && !want(label) {
			continue
		}
		if err := scanPart(f, label, false, l); err != nil {
			return err
		}
	}
	return nil
}

// Workbook is what a streaming reader needs of a workbook whose zip
// directory OpenXLSX has checked: its sheets in the workbook's order, its
// date system and its shared strings.
type Workbook struct {
	// Sheets are the workbook's sheets in its order; a sheet whose part
	// is missing has a nil Part.
	Sheets []Sheet
	// Date1904 tells that serial dates count from 1904.
	Date1904 bool
	// SharedStrings is the part of the shared strings, nil without one;
	// OpenXLSX holds it to SharedStringsBytes unpacked, so that a reader
	// may keep it in memory.
	SharedStrings *zip.File
}

// Sheet is a sheet of a Workbook.
type Sheet struct {
	Name string
	Part *zip.File
}

// SharedStringsBytes bounds the unpacked shared strings OpenXLSX accepts:
// a reader keeps them in memory while it reads the sheets.
const SharedStringsBytes = maxInMemory

// OpenXLSX opens a workbook for a reader that streams its parts and
// holds them to l itself (row, column, cell and length limits, with the
// errors of this package): it checks the zip directory as CheckXLSX does
// and reads the workbook's index (its list of sheets, found as excelize
// finds them, and its date system). It returns "import.unreadable" for a
// file that is not a zip archive or has no readable workbook index, and
// "import.unzipped_too_large" for parts, or shared strings, beyond the
// limits.
func OpenXLSX(data []byte, l Limits) (*Workbook, error) {
	l = l.OrDefault()
	parts, sst, err := openParts(data, l)
	if err != nil {
		return nil, err
	}
	if sst != nil && sst.UncompressedSize64 > SharedStringsBytes {
		return nil, refuse("import.unzipped_too_large", megabytes(SharedStringsBytes))
	}
	ix, ok := readIndex(parts)
	if !ok {
		return nil, errUnreadable()
	}
	wb := &Workbook{Date1904: ix.date1904, SharedStrings: sst}
	for _, sh := range ix.sheets {
		wb.Sheets = append(wb.Sheets, Sheet{Name: sh.name, Part: parts[sh.part]})
	}
	return wb, nil
}

// openParts reads the zip directory of data and checks the parts' sizes:
// in all against l, and those excelize would keep in memory against
// maxInMemory. It returns the parts by name and the shared strings' part.
func openParts(data []byte, l Limits) (map[string]*zip.File, *zip.File, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, errUnreadable()
	}
	if len(zr.File) > maxParts {
		return nil, nil, errUnreadable()
	}
	var total, inMemory uint64
	var sst *zip.File
	parts := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		size := f.UncompressedSize64
		if size > uint64(l.UnzippedBytes) || total > uint64(l.UnzippedBytes)-size {
			return nil, nil, refuse("import.unzipped_too_large", megabytes(l.UnzippedBytes))
		}
		total += size
		// Part names as excelize keeps them, and which parts it unpacks
		// to temporary files rather than memory.
		name := strings.ReplaceAll(f.Name, `\`, "/")
		parts[name] = f
		lower := strings.ToLower(name)
		spilled := false
		switch {
		case lower == "xl/sharedstrings.xml":
			sst, spilled = f, size > spillBytes
		case strings.HasPrefix(lower, "xl/worksheets/sheet"):
			spilled = size > spillBytes
		}
		if !spilled {
			if inMemory += size; inMemory > maxInMemory {
				return nil, nil, refuse("import.unzipped_too_large", megabytes(maxInMemory))
			}
		}
	}
	return parts, sst, nil
}

// index is a workbook's list of sheets, each with its part's name, in the
// workbook's order, and its date system.
type index struct {
	sheets   []struct{ name, part string }
	date1904 bool
}

// readIndex finds the part of each of the workbook's sheets as excelize
// does: the workbook named by the package's relationships, and each
// sheet's target among the workbook's relationships. ok is false when
// the workbook or its relationships cannot be read.
func readIndex(parts map[string]*zip.File) (ix index, ok bool) {
	type relationships struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	var root, rels relationships
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"id,attr"`
		} `xml:"sheets>sheet"`
	}
	if decodeIndex(parts["_rels/.rels"], &root) != nil {
		return index{}, false
	}
	book := ""
	for _, r := range root.Rel {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			book = strings.TrimPrefix(r.Target, "/")
			break
		}
	}
	dir := path.Dir(book)
	bookRels := strings.TrimPrefix(dir+"/_rels/"+path.Base(book)+".rels", "/")
	if dir == "." {
		bookRels = "_rels/" + path.Base(book) + ".rels"
	}
	if book == "" || decodeIndex(parts[book], &wb) != nil || decodeIndex(parts[bookRels], &rels) != nil {
		return index{}, false
	}
	target := map[string]string{}
	for _, r := range rels.Rel {
		t := strings.ReplaceAll(r.Target, `\`, "/")
		if !strings.HasPrefix(t, "/") {
			t = dir + "/" + t
		}
		target[r.ID] = strings.TrimPrefix(path.Clean(t), "/")
	}
	for _, sh := range wb.Sheets {
		if t, ok := target[sh.ID]; ok {
			ix.sheets = append(ix.sheets, struct{ name, part string }{sh.Name, t})
		}
	}
	// excelize reads the attribute as a boolean of XML Schema ("1", "true").
	ix.date1904, _ = strconv.ParseBool(strings.TrimSpace(wb.Pr.Date1904))
	return ix, true
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
		return s.l.SharedStringTooLarge()
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
