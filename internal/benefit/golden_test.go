package benefit

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the result (go test -update rewrites it):\n%s", path, got)
	}
}

// TestExampleGolden pins the documented example's result, simulation and
// tornado: every JSON key docs/benefit-case.md describes appears here.
func TestExampleGolden(t *testing.T) {
	c := exampleCase(t)
	r := mustEvaluate(t, c)
	s := mustSimulate(t, c, 10000, 1)
	bars, err := Tornado(c)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(map[string]any{"result": r, "simulation": s, "tornado": bars})
	if err != nil {
		t.Fatal(err)
	}
	// Nine significant digits, so that a platform that fuses multiply-adds
	// (arm64) matches too.
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	if b, err = json.MarshalIndent(round(v), "", "  "); err != nil {
		t.Fatal(err)
	}
	golden(t, "example-result.json", append(b, '\n'))
}

func round(v any) any {
	switch v := v.(type) {
	case float64:
		r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 9, 64), 64)
		return r
	case []any:
		for i := range v {
			v[i] = round(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = round(v[k])
		}
	}
	return v
}
