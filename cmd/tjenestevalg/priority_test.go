package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// priorityExample is a file of docs/examples/priority.
func priorityExample(name string) string {
	return filepath.Join("..", "..", "docs", "examples", "priority", name)
}

// writePriorityFile writes a test input into a temporary directory.
func writePriorityFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPriorityRankTennessee(t *testing.T) {
	code, out, errOut := cli(t, "priority", "rank", "--ballots", priorityExample("tennessee.csv"))
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{
		"4 candidates, 4 ballots, 100 voters\n",
		"Borda (score: candidates ranked below, ties sharing)\n" +
			"  Place  Candidate  Score\n" +
			"  1      N            194\n" +
			"  2      C            173\n" +
			"  3      M            126\n" +
			"  4      K            107\n",
		"Kemeny–Young (score: each candidate's share of the agreement score)\n" +
			"  Place  Candidate  Score\n" +
			"  1      N            194\n" +
			"  2      C            141\n" +
			"  3      K             58\n" +
			"  4      M              0\n" +
			"  Agreement score 393: optimal (exact search).\n",
		"  Pairwise preferences d (ballots ranking the row above the column):\n" +
			"        M   N   C   K\n" +
			"    M   –  42  42  42\n" +
			"    N  58   –  68  68\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks\n%s\nin\n%s", want, out)
		}
	}
	// The heuristic reaches the bound and says so.
	code, out, _ = cli(t, "priority", "rank", "--ballots", priorityExample("tennessee.csv"), "--method", "kemeny", "--exact-limit", "1")
	if code != 0 || !strings.Contains(out, "Agreement score 393: optimal (heuristic, reaches the upper bound).") || strings.Contains(out, "Borda") {
		t.Errorf("heuristic: exit %d\n%s", code, out)
	}
}

func TestPriorityRankSchulzeJSON(t *testing.T) {
	code, out, errOut := cli(t, "priority", "rank", "--ballots", priorityExample("schulze-45.csv"), "--method", "schulze", "--json")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var doc struct {
		Candidates []string `json:"candidates"`
		Ballots    int      `json:"ballots"`
		Voters     float64  `json:"voters"`
		Methods    map[string]struct {
			Ranking []struct {
				Candidate string  `json:"candidate"`
				Rank      float64 `json:"rank"`
				Score     float64 `json:"score"`
			} `json:"ranking"`
			D [][]float64 `json:"d"`
			P [][]float64 `json:"p"`
		} `json:"methods"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v in\n%s", err, out)
	}
	s, ok := doc.Methods["schulze"]
	if !ok || len(doc.Methods) != 1 || doc.Ballots != 8 || doc.Voters != 45 {
		t.Fatalf("methods %v, ballots %d, voters %v", doc.Methods, doc.Ballots, doc.Voters)
	}
	var order []string
	for _, e := range s.Ranking {
		order = append(order, e.Candidate)
	}
	if strings.Join(order, ">") != "E>A>C>B>D" {
		t.Errorf("Schulze order %v", order)
	}
	// FACTS.md's d, rows and columns A..E.
	want := map[string][]float64{
		"A": {0, 20, 26, 30, 22}, "B": {25, 0, 16, 33, 18}, "C": {19, 29, 0, 17, 24},
		"D": {15, 12, 28, 0, 14}, "E": {23, 27, 21, 31, 0},
	}
	at := func(name string) int { return slices.Index(doc.Candidates, name) }
	for row, cells := range want {
		for j, col := range []string{"A", "B", "C", "D", "E"} {
			if got := s.D[at(row)][at(col)]; got != cells[j] {
				t.Errorf("d[%s][%s] = %v, want %v", row, col, got, cells[j])
			}
		}
	}
	if len(s.P) != 5 || s.P[at("E")][at("D")] != 31 {
		t.Errorf("p %v", s.P)
	}
}

func TestPriorityRankAllJSON(t *testing.T) {
	code, out, _ := cli(t, "priority", "rank", "--json", "--ballots", priorityExample("fosen-ballots.csv"))
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var doc struct {
		Methods map[string]map[string]json.RawMessage `json:"methods"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"borda", "copeland", "schulze", "kemeny"} {
		if doc.Methods[m]["ranking"] == nil {
			t.Errorf("%s lacks its ranking", m)
		}
	}
	for _, key := range []string{"score", "exact", "optimal", "bound", "gap", "rounds"} {
		if doc.Methods["kemeny"][key] == nil {
			t.Errorf("kemeny lacks %q", key)
		}
	}
	if string(doc.Methods["kemeny"]["optimal"]) != "true" || doc.Methods["schulze"]["d"] == nil || doc.Methods["borda"]["d"] != nil {
		t.Errorf("keys: %s", out)
	}
}

func TestPriorityAHP(t *testing.T) {
	code, out, errOut := cli(t, "priority", "ahp", "--matrix", priorityExample("drinks.csv"))
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{
		"Criterion  Weight\ncoffee      0.177\nwine        0.019\ntea         0.042\nbeer        0.116\nsodas       0.190\nmilk        0.129\nwater       0.327\n",
		"λmax 7.177   CI 0.029   RI 1.32   CR 0.022 (acceptable: at most 0.10)\n",
		"Most inconsistent judgement: wine against water is 1/9; the weights suggest 1/17.07 (deviation 0.64).\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks\n%s\nin\n%s", want, out)
		}
	}
	code, out, _ = cli(t, "priority", "ahp", "--json", "--matrix", priorityExample("kriterier.csv"))
	var doc struct {
		Criteria   []string  `json:"criteria"`
		Weights    []float64 `json:"weights"`
		LambdaMax  float64   `json:"lambda_max"`
		CI, RI, CR float64
		Acceptable bool `json:"acceptable"`
		Worst      *struct {
			I, J                      int
			Value, Fitting, Deviation float64
		} `json:"worst"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != 0 {
		t.Fatalf("exit %d, %v\n%s", code, err, out)
	}
	sum := 0.0
	for _, w := range doc.Weights {
		sum += w
	}
	if len(doc.Criteria) != 7 || doc.Criteria[2] != "gjennomførbarhet" || math.Abs(sum-1) > 1e-12 ||
		doc.RI != 1.32 || !doc.Acceptable || doc.Worst == nil || doc.LambdaMax < 7 {
		t.Errorf("%s", out)
	}
}

func TestPriorityConcordance(t *testing.T) {
	code, out, errOut := cli(t, "priority", "concordance", "--ranks", priorityExample("kendall.csv"))
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"4 raters, 8 items\n", "i1          31\ni2          12\n", "i6           5\n",
		"S 500   W 0.744   χ² 20.83 (df 7)   mean Spearman ρ 0.659\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q in\n%s", want, out)
		}
	}
	code, out, _ = cli(t, "priority", "concordance", "--json", "--ranks", priorityExample("kendall.csv"))
	var doc struct {
		RaterNames []string  `json:"rater_names"`
		ItemNames  []string  `json:"item_names"`
		W          float64   `json:"w"`
		S          float64   `json:"s"`
		RankSums   []float64 `json:"rank_sums"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != 0 {
		t.Fatalf("exit %d, %v", code, err)
	}
	if !slices.Equal(doc.RankSums, []float64{31, 12, 12, 15, 22, 5, 22, 25}) || doc.S != 500 ||
		math.Round(doc.W*1000) != 744 || strings.Join(doc.RaterNames, "") != "ABCD" || len(doc.ItemNames) != 8 {
		t.Errorf("%s", out)
	}
}

// TestPriorityBadFiles: each kind of bad file is refused with the position
// of every problem, exit status 1.
func TestPriorityBadFiles(t *testing.T) {
	for _, tt := range []struct {
		name, sub, flag, content string
		want                     []string
	}{
		{"non-reciprocal", "ahp", "--matrix", ",a,b,c\na,1,3,1/2\nb,1/3,1,1/6\nc,2,5,1\n",
			[]string{":4:5: 5 is not the reciprocal of its mirror judgement; write 6\n", "1 problem; nothing computed.\n"}},
		{"zero and negative", "ahp", "--matrix", "1,0,2\n1/2,1,-3\n1/2,1/3,1\n",
			[]string{":1:3: 0 is not positive", ":2:7: -3 is not positive", "2 problems; nothing computed.\n"}},
		{"ragged", "ahp", "--matrix", "1;3;5\n1/3;1\n1/5;1;1\n",
			[]string{":2:1: 2 values where 3 are wanted"}},
		{"word", "ahp", "--matrix", "1,tre\n1/3,1\n", []string{`:1:3: "tre" is not a number`}},
		{"diagonal", "ahp", "--matrix", "1,3\n1/3,2\n", []string{":2:5: a criterion compared with itself must be 1, not 2"}},
		{"ballot syntax", "rank", "--ballots", "count,ranking\n3,A>B\n2,B>>A\nx,A>B\n4,A>B>A\n",
			[]string{`:3:3: "B>>A" is not a ranking`, `:4:1: the count "x" must be a positive number`,
				":5:3: A appears twice in the ranking", "3 problems; nothing computed.\n"}},
		{"ballot fields", "rank", "--ballots", "3,A>B,C\n", []string{":1:1: 3 values where 2 are wanted"}},
		{"empty ballots", "rank", "--ballots", "# none\n", []string{":1:1: nothing to compute: no data"}},
		{"ragged ranks", "concordance", "--ranks", "1,2,3\n3,1\n", []string{":2:1: 2 values where 3 are wanted"}},
	} {
		file := writePriorityFile(t, "in.csv", tt.content)
		code, out, errOut := cli(t, "priority", tt.sub, tt.flag, file)
		if code != 1 || out != "" {
			t.Errorf("%s: exit %d, stdout %q", tt.name, code, out)
		}
		for _, w := range tt.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%s: stderr lacks %q in\n%s", tt.name, w, errOut)
			}
		}
	}
	missing := filepath.Join(t.TempDir(), "finnes-ikke.csv")
	if code, _, errOut := cli(t, "priority", "ahp", "--matrix", missing); code != 1 ||
		errOut != missing+": cannot read: no such file or directory\n" {
		t.Errorf("missing file: exit %d, %q", code, errOut)
	}
}

func TestPriorityUsage(t *testing.T) {
	for _, args := range [][]string{
		{"priority"},
		{"priority", "frobnicate"},
		{"priority", "rank"},
		{"priority", "rank", "--ballots", priorityExample("tennessee.csv"), "--method", "plurality"},
		{"priority", "rank", "--ballots", priorityExample("tennessee.csv"), "--exact-limit", "99"},
		{"priority", "ahp", "--matrix", priorityExample("drinks.csv"), "extra"},
		{"priority", "concordance", "--bogus"},
	} {
		if code, _, errOut := cli(t, args...); code != 2 || !strings.Contains(errOut, "tjenestevalg priority") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
	for _, sub := range []string{"rank", "ahp", "concordance"} {
		code, _, errOut := cli(t, "priority", sub, "--help")
		if code != 0 || !strings.Contains(errOut, "Usage: tjenestevalg priority "+sub) || !strings.Contains(errOut, "-json") {
			t.Errorf("%s --help: exit %d, %q", sub, code, errOut)
		}
	}
}
