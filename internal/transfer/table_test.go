package transfer

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestWriteTable(t *testing.T) {
	tbl := Table{Sheet: "Krav", Header: []string{"Nr", "Krav", "Vekt", "Dato"},
		Rows: [][]any{
			{int64(1), "Løsningen skal «sjekke» at søknaden er komplett", 0.5, time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)},
			{int64(2), "=HYPERLINK(\"http://x\")", nil, nil},
		}}
	var csvOut bytes.Buffer
	if err := WriteTableCSV(&csvOut, tbl); err != nil {
		t.Fatal(err)
	}
	want := bom + "Nr,Krav,Vekt,Dato\r\n1,Løsningen skal «sjekke» at søknaden er komplett,0.5,2026-11-26\r\n" +
		"2,\"'=HYPERLINK(\"\"http://x\"\")\",,\r\n"
	if csvOut.String() != want {
		t.Errorf("CSV =\n%q\nwant\n%q", csvOut.String(), want)
	}

	var xlsx bytes.Buffer
	if err := WriteTableXLSX(&xlsx, tbl); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Krav")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][1] != "Krav" || !strings.HasPrefix(rows[1][1], "Løsningen skal") || rows[2][1] != "=HYPERLINK(\"http://x\")" {
		t.Errorf("rows = %q", rows)
	}
	// A formula-like text is a text cell in the workbook, not a formula.
	if formula, _ := f.GetCellFormula("Krav", "B3"); formula != "" {
		t.Errorf("B3 became a formula: %q", formula)
	}
	if v, _ := f.GetCellValue("Krav", "C2", excelize.Options{RawCellValue: true}); v != "0.5" {
		t.Errorf("C2 = %q, want the number 0.5", v)
	}
}
