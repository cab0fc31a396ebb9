package transfer

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
)

// userWorkbook builds a workbook the way a coordinator's Excel leaves it:
// a read-me sheet first, headers in their own case and order, numbers and
// dates typed into numeric and date cells (so codes lose their leading
// zeros), booleans as Excel booleans, a gap of empty rows and a sheet
// named in English.
func userWorkbook(t *testing.T) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	set := func(sheet, cell string, v any) { t.Helper(); must(f.SetCellValue(sheet, cell, v)) }
	must(f.SetSheetName("Sheet1", "Les meg"))
	set("Les meg", "A1", "Fyll inn arkene Tjenester, Kommuner og Fakta.")
	set("Les meg", "A2", 42)

	_, err := f.NewSheet("Tjenester")
	must(err)
	for i, v := range []any{"Slug", "Name_NB", "Kostra_Function", "Area", "Mandated", "Legal_Basis", "Description_NB"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		set("Tjenester", cell, v)
	}
	for i, v := range []any{"byggesak", "Byggesøknad", 302, "plan-bygg", true, "Plan- og bygningsloven § 20-1", "Første linje\nandre linje"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 2)
		set("Tjenester", cell, v)
	}
	for i, v := range []any{"lonn", "Lønn", "120", "styring", "nei"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 5) // rows 3 and 4 left empty
		set("Tjenester", cell, v)
	}

	_, err = f.NewSheet("kommuner")
	must(err)
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(err)
	for i, v := range []any{"number", "name", "population", "valid_from", "valid_to", "successor", "illustrative"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		set("kommuner", cell, v)
	}
	set("kommuner", "A2", 301)
	set("kommuner", "B2", "Oslo")
	set("kommuner", "C2", 717710)
	set("kommuner", "A3", 1507)
	set("kommuner", "B3", "Ålesund")
	set("kommuner", "D3", "01.01.2020") // typed as text
	set("kommuner", "E3", time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC))
	must(f.SetCellStyle("kommuner", "E3", "E3", dateStyle))
	set("kommuner", "F3", 1508)
	set("kommuner", "G3", false)

	_, err = f.NewSheet("Facts")
	must(err)
	for i, v := range []any{"municipality", "service", "annual_cases", "employee_minutes", "hourly_cost", "maturity", "share_digital", "channels_source", "offered"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		set("Facts", cell, v)
	}
	for i, v := range []any{301, "byggesak", 6619, 187.5, 1234.567, 3, 80, "målt", "Ja"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 2)
		set("Facts", cell, v)
	}
	for i, v := range []any{"0301", "lonn", "mange", 0.1, "1 234,5", 2.5} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 3)
		set("Facts", cell, v)
	}

	name := filepath.Join(t.TempDir(), "Katalog fra Excel.XLSX")
	must(f.SaveAs(name))
	return name
}

func TestReadUserWorkbook(t *testing.T) {
	name := userWorkbook(t)
	file, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	b, err := Read(file, name)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}

	wantProblems := []catalogue.Problem{
		{Sheet: "Facts", Line: 3, Column: "annual_cases", Code: codeNotANumber, Params: []any{"mange"}},
		{Sheet: "Facts", Line: 3, Column: "maturity", Code: codeNotAnInteger, Params: []any{"2.5"}},
	}
	if !reflect.DeepEqual(b.Problems, wantProblems) {
		t.Errorf("problems\n got %+v\nwant %+v", b.Problems, wantProblems)
	}

	if len(b.Services) != 2 {
		t.Fatalf("read %d services, want 2", len(b.Services))
	}
	s := b.Services[0]
	if s.Sheet != "Tjenester" || s.Line != 2 || s.Service.KostraFunction != "302" || !s.Service.Mandated ||
		s.Service.Description != "Første linje\nandre linje" || len(s.Service.LegalBasis) != 1 || s.Service.TargetGroup != "innbygger" {
		t.Errorf("first service %+v", s)
	}
	if s := b.Services[1]; s.Line != 5 || s.Service.Slug != "lonn" || s.Service.Mandated {
		t.Errorf("second service %+v", s)
	}

	if len(b.Municipalities) != 2 {
		t.Fatalf("read %d municipalities, want 2", len(b.Municipalities))
	}
	oslo, alesund := b.Municipalities[0], b.Municipalities[1]
	if oslo.Sheet != "kommuner" || oslo.Municipality.Number != "0301" || *oslo.Municipality.Population != 717710 {
		t.Errorf("Oslo %+v", oslo)
	}
	jan := func(y int) time.Time { return time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC) }
	am := alesund.Municipality
	if am.ValidFrom == nil || !am.ValidFrom.Equal(jan(2020)) || am.ValidTo == nil || !am.ValidTo.Equal(jan(2024)) ||
		alesund.SuccessorNumber != "1508" || am.Illustrative {
		t.Errorf("Ålesund %+v, valid %v–%v", alesund, am.ValidFrom, am.ValidTo)
	}

	if len(b.Facts) != 2 {
		t.Fatalf("read %d facts, want 2", len(b.Facts))
	}
	f := b.Facts[0]
	ms := f.Facts
	if f.Sheet != "Facts" || f.MunicipalityNumber != "0301" || f.ServiceSlug != "byggesak" || ms.Offered != catalogue.OfferedYes ||
		*ms.AnnualCases != 6619 || *ms.EmployeeMinutes != 187.5 || *ms.HourlyCost != 1234.567 || *ms.Maturity != 3 ||
		*ms.Channels.Digital != 80 || ms.Provenance[catalogue.FactChannels] != catalogue.ProvenanceMeasured {
		t.Errorf("first fact %+v", f)
	}
	if ms := b.Facts[1].Facts; *ms.EmployeeMinutes != 0.1 || *ms.HourlyCost != 1234.5 || ms.AnnualCases != nil || ms.Maturity != nil {
		t.Errorf("second fact %+v", ms)
	}
}

func TestReadWorkbookWithoutKnownSheets(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetCellValue("Sheet1", "A1", "slug"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	b, err := ReadXLSX(&buf)
	if err != nil {
		t.Fatal(err)
	}
	want := []catalogue.Problem{{Code: codeNoKnownSheet, Params: []any{"Tjenester, Kommuner, Fakta"}}}
	if !reflect.DeepEqual(b.Problems, want) {
		t.Errorf("problems %+v, want %+v", b.Problems, want)
	}
}

func TestReadWorkbookHeaderProblems(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Fakta"); err != nil {
		t.Fatal(err)
	}
	// A title row first is fine: the header is the first non-empty row.
	rows := map[string][]any{
		"A2": {"Kommune", "service", "Ukjent"},
		"A3": {301, "byggesak", "x"},
	}
	for cell, vals := range rows {
		if err := f.SetSheetRow("Fakta", cell, &vals); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	b, err := ReadXLSX(&buf)
	if err != nil {
		t.Fatal(err)
	}
	want := []catalogue.Problem{
		{Sheet: "Fakta", Line: 2, Code: codeUnknownColumn, Params: []any{"Kommune"}},
		{Sheet: "Fakta", Line: 2, Code: codeUnknownColumn, Params: []any{"Ukjent"}},
		{Sheet: "Fakta", Line: 2, Code: codeMissingColumn, Params: []any{"municipality"}},
	}
	if !reflect.DeepEqual(b.Problems, want) || len(b.Facts) != 0 {
		t.Errorf("problems %+v, facts %d; want %+v", b.Problems, len(b.Facts), want)
	}
}

func TestReadCorruptWorkbook(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, sampleData()); err != nil {
		t.Fatal(err)
	}
	cut := buf.Bytes()[:buf.Len()/2]
	if _, err := ReadXLSX(bytes.NewReader(cut)); err == nil || err.Error() != errUnreadable().Error() {
		t.Errorf("half a workbook: %v, want unreadable", err)
	}
}

// TestWriteXLSXCells checks what a user opening the export sees: typed
// cells, a bold frozen header, codes kept as text.
func TestWriteXLSXCells(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, sampleData()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{"Tjenester", "Kommuner", "Fakta"}; !reflect.DeepEqual(got, want) {
		t.Errorf("sheets %v, want %v", got, want)
	}
	cells := []struct {
		sheet, cell string
		typ         excelize.CellType
		value       string
	}{
		{"Tjenester", "A1", excelize.CellTypeInlineString, "slug"},
		{"Tjenester", "F2", excelize.CellTypeInlineString, "302"},
		{"Tjenester", "G2", excelize.CellTypeBool, "1"},
		{"Kommuner", "A2", excelize.CellTypeInlineString, "0301"},
		{"Kommuner", "C2", excelize.CellTypeUnset, "717710"}, // a number
		{"Kommuner", "E2", excelize.CellTypeInlineString, "1838-01-01"},
		{"Kommuner", "F3", excelize.CellTypeUnset, "45292"}, // 2024-01-01 as a serial date
		{"Fakta", "E2", excelize.CellTypeUnset, "6619"},
		{"Fakta", "K2", excelize.CellTypeUnset, "1234567.891"},
	}
	for _, c := range cells {
		typ, err := f.GetCellType(c.sheet, c.cell)
		if err != nil {
			t.Fatal(err)
		}
		value, err := f.GetCellValue(c.sheet, c.cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if typ != c.typ || value != c.value {
			t.Errorf("%s!%s: type %v value %q, want %v %q", c.sheet, c.cell, typ, value, c.typ, c.value)
		}
	}
	if shown, _ := f.GetCellValue("Kommuner", "F3"); shown == "45292" {
		t.Errorf("valid_to shown as %q, not as a date", shown)
	}
	style, err := f.GetCellStyle("Fakta", "T1")
	if err != nil {
		t.Fatal(err)
	}
	if s, err := f.GetStyle(style); err != nil || s.Font == nil || !s.Font.Bold {
		t.Errorf("header style %+v, %v: not bold", s, err)
	}
	for _, sheet := range []string{"Tjenester", "Kommuner", "Fakta"} {
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s panes %+v, %v: header not frozen", sheet, panes, err)
		}
	}
}
