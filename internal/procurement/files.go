package procurement

import (
	"bytes"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// FileLimits bound what a supplier may upload with a bid and what a buyer
// may attach to a tender: a sealed bid is stored encrypted and whole, so its
// size is bounded before it is read.
type FileLimits struct {
	MaxFileBytes int64 `json:"max_file_bytes"`
	MaxBidBytes  int64 `json:"max_bid_bytes"`
	MaxFiles     int   `json:"max_files"`
}

const bytesPerMiB = 1 << 20

// DefaultFileLimits returns 25 MiB per file, 50 MiB per bid and 20 files:
// room for a bid's documents in PDF and Office formats; a setting.
func DefaultFileLimits() FileLimits {
	return FileLimits{MaxFileBytes: 25 * bytesPerMiB, MaxBidBytes: 50 * bytesPerMiB, MaxFiles: 20}
}

// fileKind is how a file type is recognised from its first bytes.
type fileKind int

const (
	kindPDF fileKind = iota
	kindOOXML
	kindODF
	kindText
)

// fileTypes maps the accepted extensions to their kind; for ODF the
// mimetype its first entry must name.
var fileTypes = map[string]struct {
	kind fileKind
	mime string
}{
	".pdf":  {kind: kindPDF},
	".docx": {kind: kindOOXML},
	".xlsx": {kind: kindOOXML},
	".pptx": {kind: kindOOXML},
	".odt":  {kind: kindODF, mime: "application/vnd.oasis.opendocument.text"},
	".ods":  {kind: kindODF, mime: "application/vnd.oasis.opendocument.spreadsheet"},
	".txt":  {kind: kindText},
	".csv":  {kind: kindText},
}

// FileExtensions lists the accepted extensions, for the upload form's
// accept attribute and its help text.
var FileExtensions = []string{".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".txt", ".csv"}

// CheckFile checks one uploaded file at field path: name as the client sent
// it, head its first bytes (512 are enough; all of them for a smaller file),
// size its length. A file must be both named and made as one of the
// accepted types, so that an executable renamed to .pdf is refused:
// PDF starts with "%PDF-"; .docx/.xlsx/.pptx are ZIP archives
// ("PK\x03\x04"); .odt/.ods are ZIP archives whose first entry is the
// stored "mimetype" naming the type (ODF 1.2 part 3, 3.3); .txt/.csv must
// be UTF-8 without NUL bytes.
//
// Errors (params: the cleaned name first): "procurement.file_empty" for
// 0 bytes, "procurement.file_too_large" (name, limit in MiB),
// "procurement.file_type" (name) for any other type. An empty file reports
// only that it is empty.
func CheckFile(path string, name string, head []byte, size int64, l FileLimits) []domain.FieldError {
	clean := CleanFileName(name)
	if size <= 0 {
		return []domain.FieldError{domain.Field(path, "procurement.file_empty", clean)}
	}
	var errs []domain.FieldError
	if size > l.MaxFileBytes {
		errs = append(errs, domain.Field(path, "procurement.file_too_large", clean, l.MaxFileBytes/bytesPerMiB))
	}
	if int64(len(head)) > size {
		head = head[:size]
	}
	if !sniffed(clean, head, int64(len(head)) == size) {
		errs = append(errs, domain.Field(path, "procurement.file_type", clean))
	}
	return errs
}

// sniffed reports whether head is the start of a file of the type name's
// extension says; whole tells that head is the entire file.
func sniffed(name string, head []byte, whole bool) bool {
	t, ok := fileTypes[strings.ToLower(path.Ext(name))]
	if !ok {
		return false
	}
	switch t.kind {
	case kindPDF:
		return bytes.HasPrefix(head, []byte("%PDF-"))
	case kindOOXML:
		return bytes.HasPrefix(head, []byte("PK\x03\x04"))
	case kindODF:
		// Local file header: 30 fixed bytes, then the name, then (stored,
		// uncompressed) the data.
		const fixed = 30
		entry := fixed + len("mimetype")
		return bytes.HasPrefix(head, []byte("PK\x03\x04")) && len(head) >= entry+len(t.mime) &&
			string(head[fixed:entry]) == "mimetype" &&
			bytes.HasPrefix(head[entry:], []byte(t.mime))
	case kindText:
		if bytes.IndexByte(head, 0) >= 0 {
			return false
		}
		if !whole {
			head = trimPartialRune(head)
		}
		return utf8.Valid(head)
	}
	return false
}

// trimPartialRune drops an incomplete UTF-8 sequence at the end of b, where
// a head cut from a longer file may split a character.
func trimPartialRune(b []byte) []byte {
	for i := 1; i <= utf8.UTFMax-1 && i <= len(b); i++ {
		c := b[len(b)-i]
		if c < 0x80 {
			return b // ASCII: nothing is cut
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			return b
		}
	}
	return b
}

// CheckBid checks a bid's files together: at most MaxFiles files
// ("procurement.too_many_files", param: the limit) of at most MaxBidBytes in
// total ("procurement.bid_too_large", param: the limit in MiB), both at path.
func CheckBid(path string, files int, total int64, l FileLimits) []domain.FieldError {
	var errs []domain.FieldError
	if files > l.MaxFiles {
		errs = append(errs, domain.Field(path, "procurement.too_many_files", l.MaxFiles))
	}
	if total > l.MaxBidBytes {
		errs = append(errs, domain.Field(path, "procurement.bid_too_large", l.MaxBidBytes/bytesPerMiB))
	}
	return errs
}

// maxFileName is the longest name kept, in bytes of UTF-8.
const maxFileName = 200

// CleanFileName returns the name to store and show for an uploaded file:
// the last element of any path the client sent (either separator), without
// control characters, bidirectional overrides (which can make "exe.pdf"
// look like "fdp.exe") or characters Windows refuses in names (<>:"|?*,
// which become "_"), trimmed of spaces and leading dots, invalid UTF-8
// dropped, and cut to 200 bytes on a character boundary keeping a short
// extension. A name with nothing left is "file".
func CleanFileName(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r), isBidiControl(r):
			return -1
		case strings.ContainsRune(`<>:"|?*`, r):
			return '_'
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ".")
	name = strings.TrimSpace(name)
	if len(name) > maxFileName {
		ext := path.Ext(name)
		if len(ext) > 16 {
			ext = ""
		}
		stem := name[:len(name)-len(ext)]
		cut := maxFileName - len(ext)
		for cut > 0 && !utf8.RuneStart(stem[cut]) {
			cut--
		}
		name = strings.TrimSpace(stem[:cut]) + ext
	}
	if name == "" {
		return "file"
	}
	return name
}

// isBidiControl reports the invisible characters that reorder text.
func isBidiControl(r rune) bool {
	return r == '\u200e' || r == '\u200f' || r == '\u061c' ||
		(r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}
