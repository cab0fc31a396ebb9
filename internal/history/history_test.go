package history

import "testing"

func TestDiffRecordsOnlyChangedFields(t *testing.T) {
	var d Diff
	one, two := int64(1), int64(2)
	d.Add("same", "a", "a")
	d.Add("name", "a", "b")
	d.Add("cases", &one, &two)
	d.Add("cleared", &one, (*int64)(nil))
	d.Add("nil-to-nil", (*float64)(nil), (*float64)(nil))
	want := []FieldChange{{"name", "a", "b"}, {"cases", "1", "2"}, {"cleared", "1", ""}}
	if len(d.Fields) != len(want) {
		t.Fatalf("fields = %v, want %v", d.Fields, want)
	}
	for i := range want {
		if d.Fields[i] != want[i] {
			t.Errorf("field %d = %v, want %v", i, d.Fields[i], want[i])
		}
	}
}
