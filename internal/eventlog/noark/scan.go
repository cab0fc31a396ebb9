package noark

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// scanner is a small streaming XML tokenizer for the large files of an
// extract. encoding/xml reads about 20 MB/s here, and an extract of
// 100 000 journal entries is 200–300 MB; this reads the same at several
// hundred MB/s because it finds tags with bytes.IndexByte, decodes text
// only where the reader keeps it, and passes over skipped subtrees
// without tokenizing them. It checks what the reader relies on — tags
// nest and close, the file is XML at all — and no more: no DTD, no
// validation. Names are matched by local name.
type scanner struct {
	r        io.Reader
	buf      []byte
	pos, end int
	eof      bool
	line     int // line of buf[pos]
	latin1   bool
	err      error

	// capture gathers the decoded text of the current element into text
	// until the next tag.
	capture bool
	text    []byte

	pendingEnd bool // a self-closing tag's end is due
	tok        token
	closeTag   []byte
}

type token struct {
	end   bool
	qname []byte // prefix:local as written
	local []byte
	attrs []byte // raw attribute text of a start tag
	line  int
}

var errSyntax = errors.New("xml syntax")

// Bounds against hostile input: no tag or kept text of an extract comes
// near them, and beyond them the buffer would grow with the file.
const (
	maxTag  = 64 << 10
	maxText = 64 << 10
)

func newScanner(r io.Reader) *scanner {
	return &scanner{r: r, buf: make([]byte, 256<<10), line: 1}
}

// fill reads more input, keeping buf[pos:end]; false at end of input.
func (s *scanner) fill() bool {
	if s.eof {
		return false
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.pos, s.end = 0, n
	}
	if s.end == len(s.buf) {
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.eof = true
			if err != io.EOF {
				s.err = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
}

// advance moves pos to i, counting the lines passed.
func (s *scanner) advance(i int) {
	s.line += bytes.Count(s.buf[s.pos:i], []byte{'\n'})
	s.pos = i
}

// find returns the index of sep at or after from (in buf), reading more
// input as needed; -1 at end of input. With discard the bytes passed are
// dropped as it goes, so a long comment or skipped subtree costs no
// memory; without, what it keeps is bounded by maxText.
func (s *scanner) find(sep []byte, from int, discard bool) int {
	for {
		if i := bytes.Index(s.buf[from:s.end], sep); i >= 0 {
			return from + i
		}
		keep := max(from, s.end-len(sep)+1)
		if discard {
			s.advance(keep)
		} else if s.end-s.pos > maxText {
			return -1
		}
		off := keep - s.pos
		if !s.fill() {
			return -1
		}
		from = s.pos + off
	}
}

// next returns the next start or end tag. Text before it is gathered when
// capture is set. io.EOF at the end of input; errSyntax when the input is
// not XML.
func (s *scanner) next() (*token, error) {
	if s.pendingEnd {
		s.pendingEnd = false
		s.tok.end = true
		return &s.tok, nil
	}
	for {
		i := bytes.IndexByte(s.buf[s.pos:s.end], '<')
		if i < 0 {
			if !s.capture {
				s.advance(s.end)
			} else if s.end-s.pos > maxText {
				return nil, errSyntax
			} // else keep the text until its end is in the buffer: an entity may be cut
			if !s.fill() {
				if s.err != nil {
					return nil, s.err
				}
				return nil, io.EOF
			}
			continue
		}
		if i > 0 {
			if s.capture {
				s.appendText(s.buf[s.pos : s.pos+i])
			}
			s.advance(s.pos + i)
		}
		for s.end-s.pos < 9 && s.fill() {
		}
		rest := s.buf[s.pos:s.end]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			j := s.find([]byte("-->"), s.pos+4, true)
			if j < 0 {
				return nil, errSyntax
			}
			s.advance(j + 3)
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			j := s.find([]byte("]]>"), s.pos+9, !s.capture)
			if j < 0 {
				return nil, errSyntax
			}
			if s.capture {
				s.text = append(s.text, s.buf[s.pos+9:j]...)
			}
			s.advance(j + 3)
		case bytes.HasPrefix(rest, []byte("<?")):
			j := s.find([]byte("?>"), s.pos+2, false)
			if j < 0 {
				return nil, errSyntax
			}
			if bytes.HasPrefix(s.buf[s.pos:j], []byte("<?xml ")) {
				decl := bytes.ToLower(s.buf[s.pos:j])
				s.latin1 = bytes.Contains(decl, []byte("iso-8859-1")) || bytes.Contains(decl, []byte("windows-1252")) || bytes.Contains(decl, []byte("latin1"))
			}
			s.advance(j + 2)
		case bytes.HasPrefix(rest, []byte("<!")):
			j := s.find([]byte(">"), s.pos+2, true)
			if j < 0 {
				return nil, errSyntax
			}
			s.advance(j + 1)
		default:
			return s.tag()
		}
	}
}

// tag reads the tag at pos.
func (s *scanner) tag() (*token, error) {
	// find the closing '>' outside quotes
	start := s.pos
	j, quote := start+1, byte(0)
	for {
		for ; j < s.end; j++ {
			c := s.buf[j]
			if quote != 0 {
				if c == quote {
					quote = 0
				}
				continue
			}
			if c == '"' || c == '\'' {
				quote = c
			} else if c == '>' {
				break
			} else if c == '<' {
				return nil, errSyntax
			}
		}
		if j < s.end {
			break
		}
		if j-s.pos > maxTag {
			return nil, errSyntax
		}
		off := j - s.pos
		if !s.fill() {
			return nil, errSyntax
		}
		start, j = s.pos, s.pos+off
	}
	body := s.buf[start+1 : j] // without < and >
	t := &s.tok
	t.line = s.line
	t.end = false
	t.attrs = nil
	if len(body) > 0 && body[0] == '/' {
		t.end = true
		body = bytes.TrimRight(body[1:], " \t\r\n")
	}
	self := false
	if !t.end && len(body) > 0 && body[len(body)-1] == '/' {
		self = true
		body = body[:len(body)-1]
	}
	n := 0
	for n < len(body) && !isSpace(body[n]) {
		n++
	}
	if n == 0 {
		return nil, errSyntax
	}
	t.qname = body[:n]
	t.local = t.qname
	if k := bytes.LastIndexByte(t.qname, ':'); k >= 0 {
		t.local = t.qname[k+1:]
	}
	if t.end && n != len(body) {
		return nil, errSyntax
	}
	t.attrs = body[n:]
	s.advance(j + 1)
	s.pendingEnd = self
	return t, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// skip passes over the content and end tag of the element whose start tag
// (qname) was just read. Elements skipped do not nest in themselves.
func (s *scanner) skip(qname []byte) error {
	if s.pendingEnd {
		s.pendingEnd = false
		return nil
	}
	s.closeTag = append(append(s.closeTag[:0], "</"...), qname...)
	closeTag := s.closeTag
	from := s.pos
	for {
		j := s.find(closeTag, from, true)
		if j < 0 {
			return errSyntax
		}
		k := j + len(closeTag)
		for {
			for k < s.end && isSpace(s.buf[k]) {
				k++
			}
			if k < s.end {
				break
			}
			off := k - s.pos
			jo := j - s.pos
			if !s.fill() {
				return errSyntax
			}
			k, j = s.pos+off, s.pos+jo
		}
		if s.buf[k] == '>' {
			s.advance(k + 1)
			return nil
		}
		from = k
	}
}

// attr returns the value of the attribute whose local name is local and
// that has a prefix (xsi:type), or "".
func attrPrefixed(attrs []byte, local string) string {
	for len(attrs) > 0 {
		eq := bytes.IndexByte(attrs, '=')
		if eq < 0 {
			return ""
		}
		name := bytes.TrimSpace(attrs[:eq])
		rest := bytes.TrimLeft(attrs[eq+1:], " \t\r\n")
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			return ""
		}
		end := bytes.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return ""
		}
		value := rest[1 : 1+end]
		if k := bytes.LastIndexByte(name, ':'); k >= 0 && string(name[k+1:]) == local {
			return string(value)
		}
		attrs = rest[end+2:]
	}
	return ""
}

// appendText adds raw text, decoding entities and (in a Latin-1 file)
// bytes above 127.
func (s *scanner) appendText(b []byte) {
	for len(b) > 0 {
		i := bytes.IndexByte(b, '&')
		if i < 0 {
			s.appendChars(b)
			return
		}
		s.appendChars(b[:i])
		b = b[i:]
		semi := bytes.IndexByte(b, ';')
		if semi < 0 || semi > 12 {
			s.text = append(s.text, '&')
			b = b[1:]
			continue
		}
		ent := string(b[1:semi])
		switch ent {
		case "amp":
			s.text = append(s.text, '&')
		case "lt":
			s.text = append(s.text, '<')
		case "gt":
			s.text = append(s.text, '>')
		case "quot":
			s.text = append(s.text, '"')
		case "apos":
			s.text = append(s.text, '\'')
		default:
			var r uint64
			var err error
			if len(ent) > 2 && (ent[:2] == "#x" || ent[:2] == "#X") {
				r, err = strconv.ParseUint(ent[2:], 16, 32)
			} else if len(ent) > 1 && ent[0] == '#' {
				r, err = strconv.ParseUint(ent[1:], 10, 32)
			} else {
				err = errSyntax
			}
			if err != nil {
				s.text = append(s.text, b[:semi+1]...)
			} else {
				s.text = utf8.AppendRune(s.text, rune(r))
			}
		}
		b = b[semi+1:]
	}
}

func (s *scanner) appendChars(b []byte) {
	if !s.latin1 {
		s.text = append(s.text, b...)
		return
	}
	for _, c := range b {
		s.text = utf8.AppendRune(s.text, rune(c))
	}
}
