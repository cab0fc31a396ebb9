package opencatalogue

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite services.csv as the last release with the corrections applied")

// The shipped catalogue is the last release with every correction
// applied, so no change to services.csv escapes the reviewable
// corrections files. After adding a corrections file, run
// go test ./internal/catalogue/opencatalogue -run TestServicesAreHistoryPlusCorrections -update
func TestServicesAreHistoryPlusCorrections(t *testing.T) {
	h := History()
	prev := mustRead("history/" + h[len(h)-1].File)
	cs, err := Corrections()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Apply(prev, cs)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(FileName, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(got, mustRead(FileName)) {
		t.Fatalf("services.csv is not %s with the corrections applied; run with -update after checking the corrections", h[len(h)-1].File)
	}
}

func TestApplyWritesTheFileAsShipped(t *testing.T) {
	prev := mustRead("history/" + History()[0].File)
	got, err := Apply(prev, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, prev) {
		t.Fatal("reading and writing the earlier release without corrections changed it")
	}
}

func TestApplyRefusesACorrectionWrittenAgainstAnotherValue(t *testing.T) {
	prev := []byte("slug,name_nb,mandated\r\na,A,true\r\n")
	for _, c := range []struct {
		c    Correction
		want string
	}{
		{Correction{Slug: "a", Field: "mandated", Old: "false", New: "true", File: "corrections-x.csv", Line: 2}, `corrections-x.csv:2: a: mandated is "true"`},
		{Correction{Slug: "b", Field: "mandated", Old: "true", New: "false", File: "corrections-x.csv", Line: 3}, `no service "b"`},
		{Correction{Slug: "a", Field: "area", Old: "", New: "x", File: "corrections-x.csv", Line: 4}, `no column "area"`},
		{Correction{Slug: "a", Field: "slug", Old: "a", New: "b", File: "corrections-x.csv", Line: 5}, `no column "slug"`},
	} {
		_, err := Apply(prev, []Correction{c.c})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: err %v, want %q", c.c, err, c.want)
		}
	}
	got, err := Apply(prev, []Correction{{Slug: "a", Field: "name_nb", Old: "A", New: "A, b"}, {Slug: "a", Field: "name_nb", Old: "A, b", New: "C"}})
	if err != nil || string(got) != "slug,name_nb,mandated\r\na,C,true\r\n" {
		t.Fatalf("chained corrections: %q, %v", got, err)
	}
	// A later pass that read the release replaces an earlier correction.
	got, err = Apply(prev, []Correction{{Slug: "a", Field: "name_nb", Old: "A", New: "B"}, {Slug: "a", Field: "name_nb", Old: "A", New: "D"}})
	if err != nil || string(got) != "slug,name_nb,mandated\r\na,D,true\r\n" {
		t.Fatalf("superseding correction: %q, %v", got, err)
	}
	_, err = Apply(prev, []Correction{{Slug: "a", Field: "name_nb", Old: "A", New: "B"}, {Slug: "a", Field: "name_nb", Old: "X", New: "D"}})
	if err == nil {
		t.Fatal("a correction against neither the current nor the released value was applied")
	}
}
