package procurement

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// odf builds the start of an ODF package: a stored first entry "mimetype".
func odf(mime string) []byte {
	h := make([]byte, 30)
	copy(h, "PK\x03\x04")
	h[26] = byte(len("mimetype"))
	return append(append(h, "mimetype"...), mime...)
}

func TestCheckFile(t *testing.T) {
	l := DefaultFileLimits()
	pdf := []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj")
	zip := []byte("PK\x03\x04\x14\x00\x06\x00")
	exe := []byte("MZ\x90\x00\x03\x00\x00\x00")
	for _, c := range []struct {
		name  string
		head  []byte
		size  int64
		codes []string
	}{
		{"Tilbud.pdf", pdf, 1000, nil},
		{"TILBUD.PDF", pdf, 1000, nil},
		{"svar.docx", zip, 5000, nil},
		{"priser.xlsx", zip, 5000, nil},
		{"presentasjon.pptx", zip, 5000, nil},
		{"svar.odt", odf("application/vnd.oasis.opendocument.text"), 5000, nil},
		{"priser.ods", odf("application/vnd.oasis.opendocument.spreadsheet"), 5000, nil},
		{"svar.odt", odf("application/vnd.oasis.opendocument.spreadsheet"), 5000, []string{"procurement.file_type"}},
		{"svar.odt", zip, 5000, []string{"procurement.file_type"}},
		{"notat.txt", []byte("Pris: 100 000 kr, levering i Åfjord"), 36, nil},
		{"priser.csv", []byte("vare;pris\nA;1,5\n"), 16, nil},
		{"notat.txt", []byte("ab\xc3"), 4000, nil},                                  // a character cut by the head
		{"notat.txt", []byte("ab\xc3"), 3, []string{"procurement.file_type"}},       // the whole file ends broken
		{"notat.txt", []byte("ab\xff\xfecd"), 6, []string{"procurement.file_type"}}, // not UTF-8
		{"data.csv", []byte("a,b\x00c"), 5, []string{"procurement.file_type"}},
		{"tilbud.pdf", exe, 40_000, []string{"procurement.file_type"}}, // an executable renamed
		{"tilbud.docx", exe, 40_000, []string{"procurement.file_type"}},
		{"tilbud.exe", exe, 40_000, []string{"procurement.file_type"}},
		{"tilbud.zip", zip, 40_000, []string{"procurement.file_type"}},
		{"../../etc/passwd", []byte("root:x:0:0"), 10, []string{"procurement.file_type"}},
		{"tomt.pdf", nil, 0, []string{"procurement.file_empty"}},
		{"stor.pdf", pdf, 25<<20 + 1, []string{"procurement.file_too_large"}},
		{"akkurat.pdf", pdf, 25 << 20, nil},
		{"stor.exe", exe, 30 << 20, []string{"procurement.file_too_large", "procurement.file_type"}},
		{"kort.pdf", []byte("%PD"), 3, []string{"procurement.file_type"}},
	} {
		errs := CheckFile("files[0]", c.name, c.head, c.size, l)
		var codes []string
		for _, e := range errs {
			codes = append(codes, e.Code)
			if e.Field != "files[0]" || len(e.Params) == 0 || e.Params[0] != CleanFileName(c.name) {
				t.Errorf("%q: error %+v must be at the field and name the cleaned file", c.name, e)
			}
		}
		if strings.Join(codes, ",") != strings.Join(c.codes, ",") {
			t.Errorf("CheckFile(%q, %d bytes) = %v, want %v", c.name, c.size, codes, c.codes)
		}
	}
	errs := CheckFile("f", "stor.pdf", pdf, 26<<20, l)
	if len(errs) != 1 || errs[0].Params[1] != int64(25) {
		t.Errorf("too large must name the limit in MiB: %+v", errs)
	}
}

func TestCheckBid(t *testing.T) {
	l := DefaultFileLimits()
	if errs := CheckBid("files", 20, 50<<20, l); len(errs) != 0 {
		t.Errorf("at the limits: %v", errs)
	}
	errs := CheckBid("files", 21, 50<<20+1, l)
	if len(errs) != 2 || errs[0].Code != "procurement.too_many_files" || errs[1].Code != "procurement.bid_too_large" ||
		errs[0].Params[0] != 20 || errs[1].Params[0] != int64(50) {
		t.Errorf("over the limits: %+v", errs)
	}
}

func TestCleanFileName(t *testing.T) {
	long := strings.Repeat("æ", 150) + ".pdf" // 304 bytes
	for _, c := range []struct{ in, want string }{
		{"Tilbud fra Leverandør AS.pdf", "Tilbud fra Leverandør AS.pdf"},
		{"../../etc/passwd", "passwd"},
		{`C:\Users\ola\Documents\tilbud.docx`, "tilbud.docx"},
		{"/", "file"},
		{"..", "file"},
		{"", "file"},
		{"   ", "file"},
		{".htaccess", "htaccess"},
		{"a\x00b\nc\td.pdf", "abcd.pdf"},
		{"tilbud\u202efdp.exe", "tilbudfdp.exe"}, // would show as "tilbudexe.pdf"
		{`hva?<svar>:"x"|*.txt`, "hva__svar___x___.txt"},
		{"bad\xffname.pdf", "badname.pdf"},
		{"  spaced .pdf  ", "spaced .pdf"},
	} {
		if got := CleanFileName(c.in); got != c.want {
			t.Errorf("CleanFileName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	got := CleanFileName(long)
	if len(got) > 200 || !utf8.ValidString(got) || !strings.HasSuffix(got, ".pdf") || !strings.HasPrefix(got, "æææ") {
		t.Errorf("long name cut badly: %d bytes %q", len(got), got)
	}
}
