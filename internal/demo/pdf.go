package demo

import (
	"bytes"
	"fmt"
	"strings"
)

// textPDF returns a one-page PDF (A4, Helvetica 11 pt) with title and
// lines, built here so that the demo's tender documents and bids are real
// PDF files without shipping any: Helvetica with WinAnsiEncoding covers
// Norwegian letters, which are written as their Latin-1 bytes. Lines past
// the page's end are dropped; the demo's texts are short.
func textPDF(title string, lines []string) []byte {
	var content bytes.Buffer
	content.WriteString("BT /F1 14 Tf 56 790 Td 16 TL (" + pdfString(title) + ") Tj T* /F1 11 Tf 14 TL T*\n")
	n := 0
	for _, l := range lines {
		for _, w := range wrap(l, 90) {
			if n == 50 {
				break
			}
			content.WriteString("(" + pdfString(w) + ") Tj T*\n")
			n++
		}
	}
	content.WriteString("ET\n")

	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// pdfString escapes s for a PDF literal string in WinAnsiEncoding: Latin-1
// letters as their byte, dashes and quotes as ASCII, anything else '?'.
func pdfString(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == '(' || r == ')':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '–' || r == '—':
			b.WriteByte('-')
		case r == '«' || r == '»' || r == '“' || r == '”':
			b.WriteByte('"')
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		case r >= 0xa0 && r <= 0xff:
			b.WriteByte(byte(r))
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// wrap breaks s into lines of at most width characters at spaces.
func wrap(s string, width int) []string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return []string{""}
	}
	var out []string
	line := words[0]
	for _, w := range words[1:] {
		if len([]rune(line))+1+len([]rune(w)) > width {
			out = append(out, line)
			line = w
			continue
		}
		line += " " + w
	}
	return append(out, line)
}
