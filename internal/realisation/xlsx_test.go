package realisation_test

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/realisation"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer/guard"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer/guard/guardtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// samplePlan is a plan of two indicators, one with measurements, the way
// the manager returns it on 15 October 2025.
func samplePlan() realisation.PlanView {
	d, u := down, up
	d.OwnerName, u.OwnerName = "Kari Nordmann", "Ola Nordmann"
	d.Measures, d.Risk = "Digital byggesøknad; opplæring", "=HYPERLINK(\"http://x\") is text, not a formula"
	ms := []realisation.Measurement{
		{ID: 1, IndicatorID: 1, Date: day(2025, 4, 1), Value: 9.5, Comment: "Første måling", UserName: "Kari Nordmann"},
		{ID: 2, IndicatorID: 1, Date: day(2025, 7, 2), Value: 8, UserName: "Kari Nordmann"},
	}
	today := day(2025, 10, 15)
	return realisation.PlanView{
		Plan:    realisation.Plan{ID: 1, ServiceID: 3, Version: 4, UpdatedBy: "Åse"},
		Service: catalogue.Service{ID: 3, Slug: "byggesak", NameNB: "Byggesak", NameEN: "Building permit"},
		Today:   today,
		Indicators: []realisation.IndicatorView{
			realisation.Evaluate(d, ms, today),
			realisation.Evaluate(u, nil, today),
		},
	}
}

func writePlan(t *testing.T, plan realisation.PlanView, lang string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := realisation.WritePlanXLSX(&buf, plan, lang); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func openBook(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func calc(t *testing.T, f *excelize.File, sheet, cell string) float64 {
	t.Helper()
	s, err := f.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("calc %s!%s: %v", sheet, cell, err)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%s!%s = %q, not a number", sheet, cell, s)
	}
	return v
}

// TestWritePlanFormulas reads the export back and computes its formulas:
// the planned values match Planned, the deviations actual − planned, and
// they follow a changed target because they are live.
func TestWritePlanFormulas(t *testing.T) {
	plan := samplePlan()
	f := openBook(t, writePlan(t, plan, "nb"))
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Indikatorer" || got[1] != "Målinger" {
		t.Fatalf("sheets = %v", got)
	}
	ms := plan.Indicators[0].Measurements
	for i, x := range ms {
		row := strconv.Itoa(i + 2)
		if got := calc(t, f, "Målinger", "D"+row); !near(got, x.Planned) {
			t.Errorf("planned D%s = %v, want %v", row, got, x.Planned)
		}
		if got := calc(t, f, "Målinger", "E"+row); !near(got, x.Deviation) {
			t.Errorf("deviation E%s = %v, want %v", row, got, x.Deviation)
		}
		formula, err := f.GetCellFormula("Målinger", "D"+row)
		if err != nil || !strings.Contains(formula, "'Indikatorer'!$H$2") {
			t.Errorf("D%s formula = %q, %v; want a reference to the target", row, formula, err)
		}
	}
	// Text that looks like a formula stays text.
	if formula, _ := f.GetCellFormula("Indikatorer", "M2"); formula != "" {
		t.Errorf("risk became a formula: %q", formula)
	}
	// Live: a new target (4 hours) moves the planned value of 2 July.
	if err := f.SetCellValue("Indikatorer", "H2", 4); err != nil {
		t.Fatal(err)
	}
	changed := down
	changed.Target = 4
	if got, want := calc(t, f, "Målinger", "D3"), realisation.Planned(changed, day(2025, 7, 2)); !near(got, want) {
		t.Errorf("planned after changing the target = %v, want %v", got, want)
	}
	if got, want := calc(t, f, "Målinger", "E3"), 8-realisation.Planned(changed, day(2025, 7, 2)); !near(got, want) {
		t.Errorf("deviation after changing the target = %v, want %v", got, want)
	}
}

// TestWritePlanGolden pins every cell (value, or formula) of the export in
// both languages.
func TestWritePlanGolden(t *testing.T) {
	for _, lang := range []string{"nb", "en"} {
		t.Run(lang, func(t *testing.T) {
			f := openBook(t, writePlan(t, samplePlan(), lang))
			got := dumpBook(t, f)
			path := filepath.Join("testdata", "plan-"+lang+".golden.txt")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("export differs from %s (run with -update to accept):\n%s", path, got)
			}
		})
	}
}

// dumpBook lists every non-empty cell: its formula, or its stored value.
func dumpBook(t *testing.T, f *excelize.File) string {
	t.Helper()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "# %s\n", sheet)
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
					v = "=" + formula
				}
				if v != "" {
					fmt.Fprintf(&b, "%s\t%s\n", cell, v)
				}
			}
		}
	}
	return b.String()
}

// TestExportReadsBack reads the measurements of an export with
// ReadMeasurements.
func TestExportReadsBack(t *testing.T) {
	for _, lang := range []string{"nb", "en"} {
		b, err := realisation.ReadMeasurements(bytes.NewReader(writePlan(t, samplePlan(), lang)), "plan.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Problems) != 0 || len(b.Rows) != 2 {
			t.Fatalf("%s: rows %+v, problems %+v", lang, b.Rows, b.Problems)
		}
		want := []realisation.MeasurementRow{
			{Line: 2, Indicator: "Timer per byggesak", Date: day(2025, 4, 1), Value: 9.5, Comment: "Første måling"},
			{Line: 3, Indicator: "Timer per byggesak", Date: day(2025, 7, 2), Value: 8},
		}
		for i := range want {
			if g := b.Rows[i]; g.Line != want[i].Line || g.Indicator != want[i].Indicator || !g.Date.Equal(want[i].Date) ||
				g.Value != want[i].Value || g.Comment != want[i].Comment || g.Unreadable {
				t.Errorf("%s row %d = %+v, want %+v", lang, i, g, want[i])
			}
		}
	}
}

// workbook builds an .xlsx file with one sheet of the given cells (row by
// row from A1; a time.Time becomes a date cell).
func workbook(t *testing.T, sheet string, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if v == nil {
				continue
			}
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadMeasurements(t *testing.T) {
	book := workbook(t, "MEASUREMENTS", [][]any{
		nil, // the header may come after empty rows
		{"Comment", "Value", "Unit", "Date", "Indicator"},
		{"date cell", 12.5, "timer", day(2025, 3, 31), "Timer per byggesak"},
		{"", "12,75", nil, "2025-04-30", "Timer per byggesak"},
		{nil, "1 234,5", nil, "31.5.2025", "2"},
		{},
		{nil, "tolv", nil, "31/05/2025", "Timer per byggesak"},
		{nil, nil, nil, nil, nil},
		{"no indicator", "1.5e1", nil, "2025-06-01", ""},
		{"no value", nil, nil, "2025-06-01", "X"},
		{"ambiguous", "1,234.5", nil, "2025-06-01", "X"},
	})
	b, err := realisation.ReadMeasurements(bytes.NewReader(book), `C:\Users\kari\målinger.XLSX`)
	if err != nil {
		t.Fatal(err)
	}
	if b.Sheet != "MEASUREMENTS" || b.Columns != (realisation.Columns{Indicator: "Indicator", Date: "Date", Value: "Value", Comment: "Comment"}) {
		t.Errorf("sheet %q columns %+v", b.Sheet, b.Columns)
	}
	type row struct {
		line       int
		indicator  string
		date       string
		value      float64
		unreadable bool
	}
	var got []row
	for _, r := range b.Rows {
		got = append(got, row{r.Line, r.Indicator, r.Date.Format(time.DateOnly), r.Value, r.Unreadable})
	}
	want := []row{
		{3, "Timer per byggesak", "2025-03-31", 12.5, false},
		{4, "Timer per byggesak", "2025-04-30", 12.75, false},
		{5, "2", "2025-05-31", 1234.5, false},
		{7, "Timer per byggesak", "0001-01-01", 0, true},
		{9, "", "2025-06-01", 15, false},
		{10, "X", "2025-06-01", 0, true},
		{11, "X", "2025-06-01", 0, true},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rows:\n%v\nwant\n%v", got, want)
	}
	wantProblems := []catalogue.Problem{
		{Sheet: "MEASUREMENTS", Line: 7, Column: "Date", Code: "import.not_a_date", Params: []any{"31/05/2025"}},
		{Sheet: "MEASUREMENTS", Line: 7, Column: "Value", Code: "import.not_a_number", Params: []any{"tolv"}},
		{Sheet: "MEASUREMENTS", Line: 9, Column: "Indicator", Code: "field.required"},
		{Sheet: "MEASUREMENTS", Line: 10, Column: "Value", Code: "field.required"},
		{Sheet: "MEASUREMENTS", Line: 11, Column: "Value", Code: "import.not_a_number", Params: []any{"1,234.5"}},
	}
	if fmt.Sprint(b.Problems) != fmt.Sprint(wantProblems) {
		t.Errorf("problems:\n%+v\nwant\n%+v", b.Problems, wantProblems)
	}
}

func TestReadMeasurementsFileProblems(t *testing.T) {
	// A missing column stops the sheet.
	b, err := realisation.ReadMeasurements(bytes.NewReader(workbook(t, "Målinger", [][]any{
		{"Indikator", "Verdi", "verdi"}, {"A", 1, 2},
	})), "m.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Rows) != 0 || fmt.Sprint(b.Problems) != fmt.Sprint([]catalogue.Problem{
		{Sheet: "Målinger", Line: 1, Column: "verdi", Code: "import.duplicate_column", Params: []any{"verdi"}},
		{Sheet: "Målinger", Line: 1, Code: "import.missing_column", Params: []any{"Dato"}},
	}) {
		t.Errorf("rows %+v, problems %+v", b.Rows, b.Problems)
	}
	// No sheet of that name.
	b, err = realisation.ReadMeasurements(bytes.NewReader(workbook(t, "Ark1", [][]any{{"Indikator"}})), "dir/m.xlsx")
	if err != nil || len(b.Problems) != 1 || b.Problems[0].Code != "import.no_known_sheet" || b.Problems[0].Sheet != "m.xlsx" {
		t.Errorf("no known sheet: %+v, %v", b, err)
	}
	// Not a workbook; not an .xlsx name.
	_, err = realisation.ReadMeasurements(strings.NewReader("PK\x03\x04 not really"), "m.xlsx")
	if de := domain.AsError(err); de.Kind != domain.KindInvalid || de.Code != "import.unreadable" {
		t.Errorf("corrupt file: %v", err)
	}
	_, err = realisation.ReadMeasurements(strings.NewReader("a,b"), "m.csv")
	if de := domain.AsError(err); de.Kind != domain.KindInvalid || de.Code != "import.unknown_format" {
		t.Errorf("csv: %v", err)
	}
}

// The measurement import is held to the same limits as the catalogue's
// (issue 12): a header row of a million cells, a huge cell and rows
// beyond the limit are refused with the limit named, and problems are
// capped at catalogue.MaxProblems.
func TestReadMeasurementsLimits(t *testing.T) {
	wantCode := func(t *testing.T, err error, code string) {
		t.Helper()
		de := domain.AsError(err)
		if de.Kind != domain.KindInvalid || len(de.Fields) != 1 || de.Fields[0].Code != code {
			t.Fatalf("error %v, want invalid file %s", err, code)
		}
	}
	wide := guardtest.RawWorkbook(t, "Målinger", func(w io.Writer) {
		_, _ = io.WriteString(w, `<row r="1">`)
		guardtest.Repeat(w, `<c t="inlineStr"><is><t>Indikator</t></is></c>`, 1_000_000)
		_, _ = io.WriteString(w, `</row>`)
	}, nil)
	_, err := realisation.ReadMeasurements(bytes.NewReader(wide), "m.xlsx")
	wantCode(t, err, "import.too_many_columns")

	huge := guardtest.RawWorkbook(t, "Målinger", func(w io.Writer) {
		_, _ = io.WriteString(w, `<row r="1"><c t="inlineStr"><is><t>`)
		guardtest.Repeat(w, "x", 1<<20)
		_, _ = io.WriteString(w, `</t></is></c></row>`)
	}, nil)
	_, err = realisation.ReadMeasurements(bytes.NewReader(huge), "m.xlsx")
	wantCode(t, err, "import.cell_too_large")

	bad := guardtest.RawWorkbook(t, "Målinger", func(w io.Writer) {
		_, _ = io.WriteString(w, `<row r="1"><c t="inlineStr"><is><t>Indikator</t></is></c><c t="inlineStr"><is><t>Dato</t></is></c><c t="inlineStr"><is><t>Verdi</t></is></c></row>`)
		for i := 2; i <= 301; i++ {
			fmt.Fprintf(w, `<row r="%d"><c t="inlineStr"><is><t>x</t></is></c><c t="inlineStr"><is><t>aldri</t></is></c><c t="inlineStr"><is><t>mye</t></is></c></row>`, i)
		}
	}, nil)
	b, err := realisation.ReadMeasurements(bytes.NewReader(bad), "m.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Problems) != catalogue.MaxProblems || b.MoreProblems != 600-catalogue.MaxProblems {
		t.Fatalf("%d problems kept, %d more; want %d and %d", len(b.Problems), b.MoreProblems, catalogue.MaxProblems, 600-catalogue.MaxProblems)
	}
	_, err = realisation.ReadMeasurementsLimited(bytes.NewReader(bad), "m.xlsx", guard.Limits{Rows: 100})
	wantCode(t, err, "import.too_many_rows")
}
