package transfer

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestWriteCSVGolden pins the exported files byte for byte: users keep
// them, edit them in Excel and import them again. Run with -update after a
// deliberate change and review the diff.
func TestWriteCSVGolden(t *testing.T) {
	d := sampleData()
	for _, kind := range []Kind{KindServices, KindMunicipalities, KindFacts} {
		t.Run(string(kind), func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteCSV(&buf, kind, d); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", string(kind)+".golden.csv")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs from the export:\n got %q\nwant %q", golden, buf.Bytes(), want)
			}
		})
	}
}
