package eventlog

import (
	"bytes"
	"errors"
	"io"
)

// xmlScanner is a streaming XML tokenizer made for event logs: it hands
// over start and end elements with their attributes as slices of its own
// buffer (valid until the next call), skips text, comments, processing
// instructions, CDATA and the doctype, and checks what makes a file
// unreadable — tags that do not nest, attributes without quotes, a
// truncated file — reporting the line. It reads through a fixed buffer
// that grows only for a single tag longer than it, so memory does not grow
// with the file. encoding/xml does the same work several times slower
// (see BenchmarkReadXES).
type xmlScanner struct {
	r   io.Reader
	buf []byte
	pos int // next unread byte
	end int // end of valid bytes
	eof bool

	lineBase int // line number at buf[linePos]
	linePos  int

	depth    int
	names    []byte // the open elements' names, end to end
	nameEnds []int
	seenRoot bool

	// The current token.
	name      []byte
	attrs     []xmlAttr
	selfClose bool
}

type xmlAttr struct{ name, value []byte }

type xmlToken int

const (
	tokEOF xmlToken = iota
	tokStart
	tokEnd
)

// maxXMLDepth refuses hostile nesting before it costs memory.
const maxXMLDepth = 10000

// maxXMLToken bounds one tag, comment or doctype (the buffer grows to hold
// it), so a hostile file cannot make memory grow with its size.
const maxXMLToken = 16 << 20

// errNeedMore: the token at pos runs past end; fill and try again.
var errNeedMore = errors.New("need more input")

// syntaxError is malformed XML at a line.
type syntaxError struct {
	line int
	msg  string
}

func (e *syntaxError) Error() string { return e.msg }

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{r: r, buf: make([]byte, 256<<10), lineBase: 1}
}

// line is the 1-based line of buf[pos].
func (s *xmlScanner) line() int {
	return s.lineAt(s.pos)
}

func (s *xmlScanner) lineAt(p int) int {
	return s.lineBase + bytes.Count(s.buf[s.linePos:p], []byte{'\n'})
}

func (s *xmlScanner) fail(msg string) error {
	return &syntaxError{line: s.line(), msg: msg}
}

// fill keeps buf[pos:end], moves it to the front and reads more; it grows
// the buffer when nothing of it can be dropped. It returns io.EOF when
// nothing more comes.
func (s *xmlScanner) fill() error {
	if s.eof {
		return io.EOF
	}
	if s.pos > 0 {
		s.lineBase = s.lineAt(s.pos)
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.end = n
		s.pos = 0
		s.linePos = 0
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= maxXMLToken {
			return s.fail("markup longer than 16 MiB")
		}
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			if errors.Is(err, io.EOF) {
				s.eof = true
				if n > 0 {
					return nil
				}
				return io.EOF
			}
			return err
		}
		if n > 0 {
			return nil
		}
	}
}

// next returns the next start or end element (tokEOF at the end of a
// well-formed document). Errors: *syntaxError for malformed XML, or the
// reader's error.
func (s *xmlScanner) next() (xmlToken, error) {
	if s.selfClose {
		s.selfClose = false
		s.pop()
		return tokEnd, nil
	}
	for {
		i := bytes.IndexByte(s.buf[s.pos:s.end], '<')
		if i < 0 {
			if err := s.text(s.buf[s.pos:s.end]); err != nil {
				return tokEOF, err
			}
			s.pos = s.end
			if err := s.fill(); err != nil {
				if errors.Is(err, io.EOF) {
					return s.atEOF()
				}
				return tokEOF, err
			}
			continue
		}
		if i > 0 {
			if err := s.text(s.buf[s.pos : s.pos+i]); err != nil {
				return tokEOF, err
			}
			s.pos += i
		}
		tok, n, err := s.markup(s.buf[s.pos:s.end])
		if errors.Is(err, errNeedMore) {
			if err := s.fill(); err != nil {
				if errors.Is(err, io.EOF) {
					return tokEOF, s.fail("unexpected end of file inside markup")
				}
				return tokEOF, err
			}
			continue
		}
		if err != nil {
			return tokEOF, err
		}
		s.pos += n
		if tok != tokEOF {
			return tok, nil
		}
	}
}

func (s *xmlScanner) atEOF() (xmlToken, error) {
	if s.depth > 0 {
		return tokEOF, s.fail("unexpected end of file: <" + string(s.top()) + "> not closed")
	}
	if !s.seenRoot {
		return tokEOF, s.fail("no root element")
	}
	return tokEOF, nil
}

// text checks character data: only whitespace outside the root element.
func (s *xmlScanner) text(b []byte) error {
	if s.depth > 0 {
		return nil
	}
	for i, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return &syntaxError{line: s.lineAt(s.pos + i), msg: "text outside the root element"}
		}
	}
	return nil
}

// markup reads the markup at the start of b (b[0] == '<'): it returns the
// token (tokEOF for markup that is skipped) and its length.
func (s *xmlScanner) markup(b []byte) (xmlToken, int, error) {
	if len(b) < 2 {
		return tokEOF, 0, errNeedMore
	}
	switch b[1] {
	case '/':
		return s.endTag(b)
	case '?':
		i := bytes.Index(b, []byte("?>"))
		if i < 0 {
			return tokEOF, 0, errNeedMore
		}
		return tokEOF, i + 2, nil
	case '!':
		switch {
		case bytes.HasPrefix(b, []byte("<!--")):
			i := bytes.Index(b[4:], []byte("-->"))
			if i < 0 {
				return tokEOF, 0, errNeedMore
			}
			return tokEOF, 4 + i + 3, nil
		case bytes.HasPrefix(b, []byte("<![CDATA[")):
			if s.depth == 0 {
				return tokEOF, 0, s.fail("CDATA outside the root element")
			}
			i := bytes.Index(b[9:], []byte("]]>"))
			if i < 0 {
				return tokEOF, 0, errNeedMore
			}
			return tokEOF, 9 + i + 3, nil
		case bytes.HasPrefix(b, []byte("<!DOCTYPE")):
			depth := 0
			for i := 9; i < len(b); i++ {
				switch b[i] {
				case '[':
					depth++
				case ']':
					depth--
				case '>':
					if depth <= 0 {
						return tokEOF, i + 1, nil
					}
				}
			}
			return tokEOF, 0, errNeedMore
		case len(b) < 9:
			return tokEOF, 0, errNeedMore
		}
		return tokEOF, 0, s.fail("unknown markup <!")
	}
	return s.startTag(b)
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// nameEnd is the index in b of the first byte that ends a name.
func nameEnd(b []byte, from int) int {
	for i := from; i < len(b); i++ {
		switch b[i] {
		case ' ', '\n', '\t', '\r', '/', '>', '=', '<', '"', '\'':
			return i
		}
	}
	return len(b)
}

func (s *xmlScanner) startTag(b []byte) (xmlToken, int, error) {
	i := nameEnd(b, 1)
	if i == len(b) {
		return tokEOF, 0, errNeedMore
	}
	if i == 1 {
		return tokEOF, 0, s.fail("element without a name")
	}
	name := b[1:i]
	if s.depth == 0 && s.seenRoot {
		return tokEOF, 0, s.fail("a second root element <" + string(name) + ">")
	}
	s.attrs = s.attrs[:0]
	for {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return tokEOF, 0, errNeedMore
		}
		switch b[i] {
		case '>':
			s.name = name
			if err := s.push(name); err != nil {
				return tokEOF, 0, err
			}
			return tokStart, i + 1, nil
		case '/':
			if i+1 >= len(b) {
				return tokEOF, 0, errNeedMore
			}
			if b[i+1] != '>' {
				return tokEOF, 0, s.fail("expected /> in <" + string(name) + ">")
			}
			s.name = name
			if err := s.push(name); err != nil {
				return tokEOF, 0, err
			}
			s.selfClose = true
			return tokStart, i + 2, nil
		}
		if !isSpace(b[i-1]) {
			return tokEOF, 0, s.fail("attributes of <" + string(name) + "> not separated by space")
		}
		ne := nameEnd(b, i)
		if ne == len(b) {
			return tokEOF, 0, errNeedMore
		}
		if ne == i {
			return tokEOF, 0, s.fail("unexpected character in <" + string(name) + ">")
		}
		an := b[i:ne]
		i = ne
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return tokEOF, 0, errNeedMore
		}
		if b[i] != '=' {
			return tokEOF, 0, s.fail("attribute " + string(an) + " without a value")
		}
		i++
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return tokEOF, 0, errNeedMore
		}
		q := b[i]
		if q != '"' && q != '\'' {
			return tokEOF, 0, s.fail("value of attribute " + string(an) + " not quoted")
		}
		j := bytes.IndexByte(b[i+1:], q)
		if j < 0 {
			return tokEOF, 0, errNeedMore
		}
		v := b[i+1 : i+1+j]
		if bytes.IndexByte(v, '<') >= 0 {
			return tokEOF, 0, s.fail("< in the value of attribute " + string(an))
		}
		s.attrs = append(s.attrs, xmlAttr{name: an, value: v})
		i += j + 2
	}
}

func (s *xmlScanner) endTag(b []byte) (xmlToken, int, error) {
	i := nameEnd(b, 2)
	if i == len(b) {
		return tokEOF, 0, errNeedMore
	}
	name := b[2:i]
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	if i >= len(b) {
		return tokEOF, 0, errNeedMore
	}
	if b[i] != '>' {
		return tokEOF, 0, s.fail("malformed end tag </" + string(name) + ">")
	}
	if s.depth == 0 {
		return tokEOF, 0, s.fail("end tag </" + string(name) + "> without a start")
	}
	if top := s.top(); !bytes.Equal(top, name) {
		return tokEOF, 0, s.fail("end tag </" + string(name) + "> does not match <" + string(top) + ">")
	}
	s.name = name
	s.pop()
	return tokEnd, i + 1, nil
}

func (s *xmlScanner) push(name []byte) error {
	if s.depth >= maxXMLDepth {
		return s.fail("elements nested more than 10 000 deep")
	}
	s.seenRoot = true
	s.names = append(s.names, name...)
	s.nameEnds = append(s.nameEnds, len(s.names))
	s.depth++
	return nil
}

func (s *xmlScanner) pop() {
	s.depth--
	s.nameEnds = s.nameEnds[:s.depth]
	if s.depth == 0 {
		s.names = s.names[:0]
	} else {
		s.names = s.names[:s.nameEnds[s.depth-1]]
	}
}

func (s *xmlScanner) top() []byte {
	start := 0
	if s.depth > 1 {
		start = s.nameEnds[s.depth-2]
	}
	return s.names[start:]
}

// localName drops a namespace prefix.
func localName(name []byte) []byte {
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// unescape replaces XML's predefined entities and character references in
// an attribute value; ok is false for an unknown or malformed reference.
// Values without '&' come back as they are.
func unescape(v []byte, scratch []byte) ([]byte, bool) {
	if bytes.IndexByte(v, '&') < 0 {
		return v, true
	}
	out := scratch[:0]
	for len(v) > 0 {
		i := bytes.IndexByte(v, '&')
		if i < 0 {
			out = append(out, v...)
			break
		}
		out = append(out, v[:i]...)
		v = v[i:]
		j := bytes.IndexByte(v, ';')
		if j < 0 {
			return nil, false
		}
		ref := v[1:j]
		v = v[j+1:]
		switch string(ref) {
		case "amp":
			out = append(out, '&')
		case "lt":
			out = append(out, '<')
		case "gt":
			out = append(out, '>')
		case "quot":
			out = append(out, '"')
		case "apos":
			out = append(out, '\'')
		default:
			if len(ref) < 2 || ref[0] != '#' {
				return nil, false
			}
			r, ok := charRef(ref[1:])
			if !ok {
				return nil, false
			}
			out = appendRune(out, r)
		}
	}
	return out, true
}

func charRef(ref []byte) (rune, bool) {
	base := 10
	if ref[0] == 'x' || ref[0] == 'X' {
		base, ref = 16, ref[1:]
	}
	if len(ref) == 0 || len(ref) > 8 {
		return 0, false
	}
	var n rune
	for _, c := range ref {
		var d rune
		switch {
		case '0' <= c && c <= '9':
			d = rune(c - '0')
		case base == 16 && 'a' <= c && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && 'A' <= c && c <= 'F':
			d = rune(c-'A') + 10
		default:
			return 0, false
		}
		n = n*rune(base) + d
	}
	if n == 0 || n > 0x10FFFF || (0xD800 <= n && n <= 0xDFFF) {
		return 0, false
	}
	return n, true
}

func appendRune(b []byte, r rune) []byte {
	return append(b, string(r)...)
}
