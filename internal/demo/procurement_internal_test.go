package demo

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// The demo's organisation numbers are made up but must pass the check
// every supplier form applies.
func TestDemoSupplierOrgNumbers(t *testing.T) {
	for _, s := range demoSuppliers {
		if n, err := procurement.ParseOrgNumber(s.org); err != nil || n != s.org {
			t.Errorf("%s: %s: %v", s.name, s.org, err)
		}
	}
}

// The generated PDF is well-formed where readers look first: the header,
// every xref offset at its object, startxref at the table.
func TestDemoPDFStructure(t *testing.T) {
	b := textPDF("Konkurransegrunnlag (demo)", []string{"Tilbudsfrist 20.04.2017 kl. 12.00 – æøå ÆØÅ", "(parentes) og \\ skråstrek"})
	if !bytes.HasPrefix(b, []byte("%PDF-1.4\n")) || !bytes.HasSuffix(b, []byte("%%EOF\n")) {
		t.Fatalf("header or trailer missing")
	}
	m := regexp.MustCompile(`startxref\n(\d+)\n`).FindSubmatch(b)
	if m == nil {
		t.Fatal("no startxref")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if !bytes.HasPrefix(b[xref:], []byte("xref\n0 6\n")) {
		t.Fatalf("startxref %d does not point at the table", xref)
	}
	entries := regexp.MustCompile(`(\d{10}) 00000 n `).FindAllSubmatch(b[xref:], -1)
	if len(entries) != 5 {
		t.Fatalf("%d xref entries", len(entries))
	}
	for i, e := range entries {
		off, _ := strconv.Atoi(string(e[1]))
		if !bytes.HasPrefix(b[off:], fmt.Appendf(nil, "%d 0 obj\n", i+1)) {
			t.Errorf("object %d not at offset %d", i+1, off)
		}
	}
	if !bytes.Contains(b, []byte("\\(parentes\\)")) || !bytes.Contains(b, []byte("\xe6\xf8\xe5")) {
		t.Errorf("text not escaped or not in WinAnsi")
	}
}
