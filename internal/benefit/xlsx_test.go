package benefit

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func exampleCase(t *testing.T) Case {
	t.Helper()
	b, err := os.ReadFile("../../docs/examples/benefit-case.json")
	if err != nil {
		t.Fatal(err)
	}
	var c Case
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// calc recalculates a cell of the workbook as a number, or returns its text.
func calc(t *testing.T, f *excelize.File, sheet, cell string) (float64, string) {
	t.Helper()
	s, err := f.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN(), s
	}
	return v, s
}

func writeAndOpen(t *testing.T, c Case, lang string) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, c, lang); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestXLSXFormulas recalculates the workbook's results from its formulas
// and compares them with Evaluate: the example (every kind of gain and
// cost), the hand case, and a case without municipalities or costs.
func TestXLSXFormulas(t *testing.T) {
	noCosts := Case{Settings: Settings{Years: 4, DiscountRate: 0.03},
		Gains: []Gain{{ID: "d", Name: "Porto", Kind: GainDirect, Annual: Exact(1000)}}}
	for _, tc := range []struct {
		name string
		c    Case
	}{{"example", exampleCase(t)}, {"hand", handCase()}, {"no costs", noCosts}} {
		for _, lang := range []string{"nb", "en"} {
			t.Run(tc.name+"/"+lang, func(t *testing.T) {
				f := writeAndOpen(t, tc.c, lang)
				results, yearly, inputs := "Resultat", "Årstabell", "Inndata"
				if lang == "en" {
					results, yearly, inputs = "Results", "Yearly", "Inputs"
				}
				if got := f.GetSheetList(); strings.Join(got, ",") != inputs+","+yearly+","+results {
					t.Fatalf("sheets %v", got)
				}
				checkResults(t, f, results, mustEvaluate(t, tc.c), lang)

				// The formulas are live: a changed discount rate and a
				// changed input cell give Evaluate's result for the
				// changed case.
				c := tc.c
				c.Settings.DiscountRate = 0.025
				if err := f.SetCellValue(inputs, "B7", 0.025); err != nil {
					t.Fatal(err)
				}
				checkResults(t, f, results, mustEvaluate(t, c), lang)
				if len(c.Municipalities) > 0 {
					c.Municipalities = append([]MunicipalityInput(nil), c.Municipalities...)
					c.Municipalities[0].Cases = Exact(c.Municipalities[0].Cases.Likely * 2)
					if err := f.SetCellValue(inputs, "C13", c.Municipalities[0].Cases.Likely); err != nil {
						t.Fatal(err)
					}
					checkResults(t, f, results, mustEvaluate(t, c), lang)
				}
				if fm, _ := f.GetCellFormula(yearly, "K7"); !strings.Contains(fm, "1/(1+") {
					t.Errorf("discount factor formula %q", fm)
				}
			})
		}
	}
}

func checkResults(t *testing.T, f *excelize.File, sheet string, r Result, lang string) {
	t.Helper()
	npv, _ := calc(t, f, sheet, "B6")
	if math.Abs(npv-r.NPV) > 0.01 {
		t.Errorf("NPV in Excel %v, Evaluate %v", npv, r.NPV)
	}
	for _, x := range []struct {
		cell string
		want float64
	}{{"B3", r.PVBenefits}, {"B4", r.PVCosts}, {"B5", r.PVInvestment}} {
		if got, _ := calc(t, f, sheet, x.cell); math.Abs(got-x.want) > 0.01 {
			t.Errorf("%s = %v, want %v", x.cell, got, x.want)
		}
	}
	undefined, never := "ikke definert", "ikke innen perioden"
	if lang == "en" {
		undefined, never = "undefined", "not within the period"
	}
	for _, x := range []struct {
		cell string
		want *float64
	}{{"B7", r.NPVPerKrone}, {"B8", r.BenefitCostRatio}} {
		got, s := calc(t, f, sheet, x.cell)
		if x.want == nil && s != undefined || x.want != nil && math.Abs(got-*x.want) > 1e-6 {
			t.Errorf("%s = %q, want %v", x.cell, s, x.want)
		}
	}
	got, s := calc(t, f, sheet, "B9")
	if r.PaybackYear == nil && s != never || r.PaybackYear != nil && got != float64(*r.PaybackYear) {
		t.Errorf("payback %q, want %v", s, r.PaybackYear)
	}
}

func TestXLSXRefusesInvalid(t *testing.T) {
	c := handCase()
	c.Settings.DiscountRate = 0.5
	if err := WriteXLSX(&bytes.Buffer{}, c, "nb"); err == nil {
		t.Error("an invalid case was written")
	}
}
