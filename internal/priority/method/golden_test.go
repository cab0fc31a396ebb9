package method

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
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

// round9 rounds every number in a decoded JSON value to nine significant
// digits, so that platforms that fuse multiply-adds match too.
func round9(v any) any {
	switch x := v.(type) {
	case float64:
		if x == 0 || math.IsInf(x, 0) {
			return x
		}
		f, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 9, 64), 64)
		return f
	case []any:
		for i := range x {
			x[i] = round9(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = round9(x[k])
		}
	}
	return v
}

// TestExamplesGolden pins the JSON of every published example's result:
// the keys docs/priority-methods.md describes and the web layer reads.
func TestExamplesGolden(t *testing.T) {
	ahp, err := AHP(drinks)
	mustNoErr(t, err)
	sb, _ := schulze45(t)
	schulze, err := Schulze(sb, 5)
	mustNoErr(t, err)
	tb, _ := tennessee(t)
	borda, err := Borda(tb, 4)
	mustNoErr(t, err)
	copeland, err := Copeland(tb, 4)
	mustNoErr(t, err)
	kemeny, err := Kemeny(tb, 4, 0)
	mustNoErr(t, err)
	heuristic, err := Kemeny(tb, 4, 1)
	mustNoErr(t, err)
	_, w, err := KendallW([][]float64{
		{8, 4, 2, 3, 5, 1, 6, 7}, {7, 3, 1, 4, 5, 2, 6, 8}, {8, 2, 5, 6, 7, 1, 4, 3}, {8, 3, 4, 2, 5, 1, 6, 7},
	})
	mustNoErr(t, err)
	summary, err := Summary([]float64{2, 3, 3, 3, 3, 3, 4, 5}, Scale{Min: 1, Max: 5}, DefaultConsensusRule())
	mustNoErr(t, err)
	stability, err := Stability([]float64{1, 2, 3, 4, 5}, []float64{2, 2, 3, 4, 4})
	mustNoErr(t, err)
	contested, err := MostContested([][]float64{{1, 2, 3}, {1, 3, 2}, {2, 1, 3}}, 0)
	mustNoErr(t, err)
	margins := TopKStability([][]float64{{1, 0.2}, {0.6, 0.7}, {0.3, 0.9}, {0.5, 0.5}}, []float64{0.6, 0.4}, 2)
	b, err := json.Marshal(map[string]any{
		"ahp_drinks": ahp, "schulze_45": schulze, "tennessee_borda": borda, "tennessee_copeland": copeland,
		"tennessee_kemeny": kemeny, "tennessee_kemeny_heuristic": heuristic, "kendall_w": w,
		"consensus": summary, "stability": stability, "contested": contested, "top_k_stability": margins,
	})
	mustNoErr(t, err)
	var v any
	mustNoErr(t, json.Unmarshal(b, &v))
	b, err = json.MarshalIndent(round9(v), "", "  ")
	mustNoErr(t, err)
	golden(t, "examples.json", append(b, '\n'))
}
