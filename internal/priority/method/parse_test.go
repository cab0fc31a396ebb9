package method

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestParseBallots(t *testing.T) {
	in := "\ufeff# municipal rankings\ncount,ranking\n\n3, Lønn = Skatt > Barnehage\n1.5,Barnehage>Lønn\n  \n2,\"Skatt, eiendom\"\n"
	b, names, err := ParseBallots(strings.NewReader(in))
	mustNoErr(t, err)
	if !slices.Equal(names, []string{"Lønn", "Skatt", "Barnehage", "Skatt, eiendom"}) {
		t.Errorf("names %q", names)
	}
	want := []Ballot{{3, [][]int{{0, 1}, {2}}}, {1.5, [][]int{{2}, {0}}}, {2, [][]int{{3}}}}
	if len(b) != len(want) {
		t.Fatalf("ballots %v", b)
	}
	for k := range want {
		if b[k].Count != want[k].Count || !slices.EqualFunc(b[k].Order, want[k].Order, slices.Equal) {
			t.Errorf("ballot %d = %v, want %v", k, b[k], want[k])
		}
	}
	// Semicolons allow a decimal comma.
	b, _, err = ParseBallots(strings.NewReader("0,5;A>B\n"))
	mustNoErr(t, err)
	if b[0].Count != 0.5 {
		t.Errorf("count %v", b[0].Count)
	}
}

func TestParseBallotsErrors(t *testing.T) {
	for _, tt := range []struct {
		in    string
		field string
		code  string
	}{
		{"", "1:1", CodeEmpty},
		{"# nothing\n", "1:1", CodeEmpty},
		{"count,ranking\n", "1:1", CodeEmpty},
		{"3,A>B\n2,B>A,C\n", "2:1", CodeFieldCount},
		{"3,A>B\nx,B>A\n", "2:1", CodeCount},
		{"3,A>B\n-1,B>A\n", "2:1", CodeCount},
		{"3,A>B\n0,B>A\n", "2:1", CodeCount},
		{"3,A>>B\n", "1:3", CodeRankingSyntax},
		{"3,A>B=\n", "1:3", CodeRankingSyntax},
		{"3,  A>B>A\n", "1:5", CodeCandidateTwice},
		{"3,\"A>B\n", "1:8", CodeCSV},
	} {
		_, _, err := ParseBallots(strings.NewReader(tt.in))
		if !hasField(err, tt.field, tt.code) {
			t.Errorf("%q: %v, want %s %s", tt.in, err, tt.field, tt.code)
		}
	}
}

func TestParseMatrix(t *testing.T) {
	for name, in := range map[string]string{
		"plain":           "1,3,1/2\n1/3,1,1/6\n2,6,1\n",
		"header":          "a,b,c\n1,3,1/2\n1/3,1,1/6\n2,6,1\n",
		"corner":          ",a,b,c\n1,3,1/2\n1/3,1,1/6\n2,6,1\n",
		"labels":          "a,1,3,1/2\nb,1/3,1,1/6\nc,2,6,1\n",
		"both":            "kriterium,a,b,c\na,1,3,1/2\nb,1/3,1,1/6\nc,2,6,1\n",
		"semicolon comma": "a;b;c\n1;3;0,5\n1/3;1;1/6\n2;6;1\n",
	} {
		m, names, err := ParseMatrix(strings.NewReader(in))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(m) != 3 || m[0][2] != 0.5 || math.Abs(m[1][2]-1./6) > 1e-16 {
			t.Errorf("%s: %v", name, m)
		}
		if wantNames := name != "plain"; wantNames != slices.Equal(names, []string{"a", "b", "c"}) {
			t.Errorf("%s: names %q", name, names)
		}
	}
}

func TestParseMatrixErrors(t *testing.T) {
	for _, tt := range []struct {
		name  string
		in    string
		field string
		code  string
	}{
		{"empty", "", "1:1", CodeEmpty},
		{"header only", "a,b\n", "2:1", CodeEmpty},
		{"ragged", "1,2\n1/2\n", "2:1", CodeFieldCount},
		{"not square", "1,2,3\n1/2,1,4\n", "1:1", CodeFieldCount},
		{"zero", "1,0\n2,1\n", "1:3", CodeNotPositive},
		{"negative", "a,b\n1,-2\n-1/2,1\n", "2:3", CodeNotPositive},
		{"word", "1,tre\n1/3,1\n", "1:3", CodeNumber},
		{"diagonal", "2,3\n1/3,1\n", "1:1", CodeDiagonal},
		{"not reciprocal", ",a,b,c\na,1,3,1/2\nb,1/3,1,1/6\nc,2,5,1\n", "4:5", CodeNotReciprocal},
		{"names differ", ",a,b\na,1,2\nc,1/2,1\n", "3:1", CodeNames},
		{"duplicate", "a,a\n1,2\n1/2,1\n", "1:3", CodeDuplicateName},
		{"header length", "a,b,c,d,e\n1,2\n1/2,1\n", "1:1", CodeFieldCount},
	} {
		_, _, err := ParseMatrix(strings.NewReader(tt.in))
		if !hasField(err, tt.field, tt.code) {
			t.Errorf("%s: %v, want %s %s", tt.name, err, tt.field, tt.code)
		}
	}
}

func TestParseRanks(t *testing.T) {
	tab, err := ParseRanks(strings.NewReader("rater;x;y;z\nA;1;2;3\nB;1,5;1,5;3\n"))
	mustNoErr(t, err)
	if !slices.Equal(tab.Raters, []string{"A", "B"}) || !slices.Equal(tab.Items, []string{"x", "y", "z"}) ||
		!slices.Equal(tab.Ranks[1], []float64{1.5, 1.5, 3}) {
		t.Errorf("%+v", tab)
	}
	tab, err = ParseRanks(strings.NewReader("1,2,3\n3,2,1\n"))
	mustNoErr(t, err)
	if tab.Raters != nil || tab.Items != nil || len(tab.Ranks) != 2 {
		t.Errorf("%+v", tab)
	}
	for _, tt := range []struct {
		in    string
		field string
		code  string
	}{
		{"1,2,3\n1,2\n", "2:1", CodeFieldCount},
		{"1,2,3\n1,x,3\n", "2:3", CodeNumber},
		{"A,1,2\nB,1\n", "2:1", CodeFieldCount},
		{"A,1,2\nA,2,1\n", "2:1", CodeDuplicateName},
		{"", "1:1", CodeEmpty},
	} {
		if _, err := ParseRanks(strings.NewReader(tt.in)); !hasField(err, tt.field, tt.code) {
			t.Errorf("%q: %v, want %s %s", tt.in, err, tt.field, tt.code)
		}
	}
}
