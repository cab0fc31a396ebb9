package catalogue

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"
)

// A kept batch decodes as it was: each row's columns (nil meaning every
// column), the rows sharing each distinct list; a batch kept by the
// earlier encoding (every row with its columns) does not decode.
func TestKeptBatchRoundTrip(t *testing.T) {
	facts := []string{"service", "municipality", "annual_cases"}
	b := Batch{
		Services:       []ServiceRow{{Row: Row{Sheet: "Tjenester", Line: 2, Columns: []string{"slug", "name_nb"}}, Service: Service{Slug: "byggesak"}}},
		Municipalities: []MunicipalityRow{{Row: Row{Sheet: "kommuner.csv", Line: 2}, Municipality: Municipality{Number: "5054"}}},
		Facts: []FactRow{
			{Row: Row{Sheet: "Fakta", Line: 2, Columns: facts}, ServiceSlug: "byggesak", MunicipalityNumber: "5054"},
			{Row: Row{Sheet: "Fakta", Line: 3, Columns: append([]string(nil), facts...)}, ServiceSlug: "byggesak", MunicipalityNumber: "5057"},
		},
		Problems: []Problem{}, MoreProblems: 0,
	}
	data, err := encodeBatch(b)
	if err != nil {
		t.Fatal(err)
	}
	if b.Facts[0].Columns == nil || b.Services[0].Columns == nil {
		t.Fatal("encoding changed the caller's rows")
	}
	got, err := decodeBatch(data)
	if err != nil {
		t.Fatal(err)
	}
	b.Problems = nil // gob keeps no empty slice
	if !reflect.DeepEqual(got, b) {
		t.Errorf("decoded\n%+v\nwant\n%+v", got, b)
	}
	if &got.Facts[0].Columns[0] != &got.Facts[1].Columns[0] {
		t.Error("equal column lists are not shared")
	}

	var old bytes.Buffer
	if err := gob.NewEncoder(&old).Encode(b); err != nil {
		t.Fatal(err)
	}
	if _, err := decodeBatch(old.Bytes()); err == nil {
		t.Error("a batch kept by the earlier encoding decoded")
	}
}
