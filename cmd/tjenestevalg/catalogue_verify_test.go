package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue/opencatalogue"
)

// The command prints the same counts as JSON and as text, and its exit
// status says whether every check passed.
func TestCatalogueVerify(t *testing.T) {
	want := 0
	if !opencatalogue.Verify().OK() {
		want = 1
	}
	code, out, errOut := cli(t, "catalogue", "verify", "--json")
	if code != want {
		t.Fatalf("exit %d, want %d: %s", code, want, errOut)
	}
	var rep opencatalogue.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if rep.Version != opencatalogue.Version || rep.Services != 253 || rep.MandatedReferences == 0 || rep.Problems == nil {
		t.Errorf("report %+v", rep)
	}
	code, out, _ = cli(t, "catalogue", "verify")
	if code != want || !strings.Contains(out, "mandated services' references verified against a named source") || !strings.Contains(out, "253 services") {
		t.Errorf("text: exit %d\n%s", code, out)
	}
	if code, _, _ := cli(t, "catalogue", "verify", "extra"); code != 2 {
		t.Errorf("extra argument: exit %d, want 2", code)
	}
}
