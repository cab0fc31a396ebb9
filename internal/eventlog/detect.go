package eventlog

import (
	"bytes"
	"compress/gzip"
	"io"
	"path/filepath"
	"strings"
)

// Detect tells an event log's format from its name and its first bytes
// (head; 4 KiB or more is plenty, fewer work): by content first, so a log
// with a misleading extension is still read, then by the name's extension
// for what content cannot tell apart.
//
//   - XES: an XML document whose root element is "log", plain or gzip.
//   - CSV: text whose first line has a comma, semicolon or tab, plain or
//     gzip.
//   - Noark 5: XML rooted at "arkiv" (arkivstruktur.xml), "addml"
//     (arkivuttrekk.xml) or "endringslogg", or a zip or tar archive (its
//     contents are checked when it is read).
//
// Errors: *ReadError with CodeNotEventLog for anything else.
func Detect(name string, head []byte) (Format, error) {
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b:
		zr, err := gzip.NewReader(bytes.NewReader(head))
		if err != nil {
			break
		}
		inner := make([]byte, 4096)
		n, _ := io.ReadFull(zr, inner)
		inner = inner[:n]
		if isTar(inner) {
			return FormatNoark, nil
		}
		switch root := xmlRoot(inner); {
		case root == "log":
			return FormatXES, nil
		case root == "" && looksLikeCSV(inner):
			return FormatCSV, nil
		}
		if n == 0 && (ext == ".gz" || ext == ".xes") {
			return FormatXES, nil // a head too short to decompress anything
		}
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")), isTar(head):
		return FormatNoark, nil
	default:
		switch xmlRoot(head) {
		case "log":
			return FormatXES, nil
		case "arkiv", "addml", "endringslogg", "arkivuttrekk":
			return FormatNoark, nil
		case "":
			if looksLikeCSV(head) {
				return FormatCSV, nil
			}
		}
	}
	return "", &ReadError{File: name, Code: CodeNotEventLog}
}

func isTar(b []byte) bool {
	return len(b) >= 262 && bytes.Equal(b[257:262], []byte("ustar"))
}

// xmlRoot is the local name of the first element in head, "" when head
// does not start like XML (after a byte-order mark, the declaration,
// comments and a doctype).
func xmlRoot(head []byte) string {
	b := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	for {
		b = bytes.TrimLeft(b, " \t\r\n")
		switch {
		case bytes.HasPrefix(b, []byte("<?")):
			i := bytes.Index(b, []byte("?>"))
			if i < 0 {
				return ""
			}
			b = b[i+2:]
		case bytes.HasPrefix(b, []byte("<!--")):
			i := bytes.Index(b, []byte("-->"))
			if i < 0 {
				return ""
			}
			b = b[i+3:]
		case bytes.HasPrefix(b, []byte("<!")):
			i := bytes.IndexByte(b, '>')
			if i < 0 {
				return ""
			}
			b = b[i+1:]
		case bytes.HasPrefix(b, []byte("<")):
			end := bytes.IndexAny(b[1:], " \t\r\n/>")
			if end < 0 {
				return ""
			}
			name := string(b[1 : 1+end])
			if i := strings.LastIndexByte(name, ':'); i >= 0 {
				name = name[i+1:]
			}
			return strings.ToLower(name)
		default:
			return ""
		}
	}
}

// looksLikeCSV: text without NUL bytes whose first line holds a
// delimiter.
func looksLikeCSV(head []byte) bool {
	if len(head) == 0 || bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	line := head
	if i := bytes.IndexAny(head, "\r\n"); i >= 0 {
		line = head[:i]
	}
	return bytes.ContainsAny(line, ",;\t")
}
