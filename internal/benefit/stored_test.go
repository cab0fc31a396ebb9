package benefit_test

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
)

// The store's form reads back exactly, and a case stored in the public
// format is still read.
func TestStoredForm(t *testing.T) {
	b, err := os.ReadFile("../../docs/examples/benefit-case.json")
	if err != nil {
		t.Fatal(err)
	}
	var c benefit.Case
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	enc, err := benefit.EncodeStored(c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := benefit.DecodeStored(enc)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, c) {
		t.Errorf("stored form changed the case:\n got %+v\nwant %+v", got, c)
	}
	public, _ := json.Marshal(c)
	if old, err := benefit.DecodeStored(public); err != nil || !reflect.DeepEqual(old, c) {
		t.Errorf("the public format read as stored: %v", err)
	}
	if _, err := benefit.DecodeStored([]byte("{not json")); err == nil {
		t.Error("garbage decoded")
	}
}
