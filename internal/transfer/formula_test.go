package transfer_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer"
)

// Text a spreadsheet would run as a formula is exported with an apostrophe
// in front, and reads back as it was.
func TestCSVGuardsAgainstFormulas(t *testing.T) {
	d := transfer.Data{Services: []catalogue.Service{{Slug: "s", NameNB: "=HYPERLINK(\"http://x\")", Description: "-punkt", Notes: "@sum",
		Area: "styring", KostraFunction: "120", TargetGroup: "innbygger"}}}
	var buf bytes.Buffer
	if err := transfer.WriteCSV(&buf, transfer.KindServices, d); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"'=HYPERLINK(""http://x"")"`) || !strings.Contains(buf.String(), ",'-punkt,") {
		t.Fatalf("formula-like text not guarded:\n%s", buf.String())
	}
	b, err := transfer.ReadCSV(&buf, "services.csv")
	if err != nil || len(b.Services) != 1 {
		t.Fatalf("read back: %v %+v", err, b)
	}
	s := b.Services[0].Service
	if s.NameNB != `=HYPERLINK("http://x")` || s.Description != "-punkt" || s.Notes != "@sum" {
		t.Errorf("read back %q %q %q", s.NameNB, s.Description, s.Notes)
	}
}
