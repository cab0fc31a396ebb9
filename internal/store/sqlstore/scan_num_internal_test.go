package sqlstore

import (
	"database/sql"
	"testing"
)

// The numeric destinations take what the drivers send (int64, float64,
// bool, nil) and anything else as database/sql would, and refuse a NULL
// where a value must be.
func TestNumericColumns(t *testing.T) {
	var i int64
	var n int
	for _, c := range []struct {
		src  any
		want int64
		err  bool
	}{{int64(7), 7, false}, {[]byte("12"), 12, false}, {"13", 13, false}, {nil, 0, true}, {"x", 0, true}} {
		i, n = 0, 0
		err := intCol[int64]{&i}.Scan(c.src)
		err2 := intCol[int]{&n}.Scan(c.src)
		if (err != nil) != c.err || (err2 != nil) != c.err || !c.err && (i != c.want || int64(n) != c.want) {
			t.Errorf("intCol.Scan(%#v) = %d, %d, %v, %v; want %d, error %v", c.src, i, n, err, err2, c.want, c.err)
		}
	}
	var ni sql.NullInt64
	for _, c := range []struct {
		src  any
		want sql.NullInt64
	}{{int64(3), sql.NullInt64{Int64: 3, Valid: true}}, {nil, sql.NullInt64{}}, {[]byte("4"), sql.NullInt64{Int64: 4, Valid: true}}} {
		ni = sql.NullInt64{Int64: 99, Valid: true}
		if err := (nullIntCol{&ni}).Scan(c.src); err != nil || ni != c.want {
			t.Errorf("nullIntCol.Scan(%#v) = %+v, %v; want %+v", c.src, ni, err, c.want)
		}
	}
	var nf sql.NullFloat64
	for _, c := range []struct {
		src  any
		want sql.NullFloat64
	}{{2.5, sql.NullFloat64{Float64: 2.5, Valid: true}}, {int64(2), sql.NullFloat64{Float64: 2, Valid: true}},
		{nil, sql.NullFloat64{}}, {"1.5", sql.NullFloat64{Float64: 1.5, Valid: true}}} {
		nf = sql.NullFloat64{Float64: 99, Valid: true}
		if err := (nullFloatCol{&nf}).Scan(c.src); err != nil || nf != c.want {
			t.Errorf("nullFloatCol.Scan(%#v) = %+v, %v; want %+v", c.src, nf, err, c.want)
		}
	}
	var b bool
	for _, c := range []struct {
		src  any
		want bool
		err  bool
	}{{true, true, false}, {int64(1), true, false}, {int64(0), false, false}, {"true", true, false}, {nil, false, true}} {
		b = !c.want
		if err := (boolCol{&b}).Scan(c.src); (err != nil) != c.err || !c.err && b != c.want {
			t.Errorf("boolCol.Scan(%#v) = %v, %v; want %v, error %v", c.src, b, err, c.want, c.err)
		}
	}
	type word string
	var w word
	for _, c := range []struct {
		src  any
		want word
		err  bool
	}{{"yes", "yes", false}, {[]byte("no"), "no", false}, {nil, "", true}} {
		w = ""
		if err := (textCol[word]{&w}).Scan(c.src); (err != nil) != c.err || w != c.want {
			t.Errorf("textCol.Scan(%#v) = %q, %v; want %q, error %v", c.src, w, err, c.want, c.err)
		}
	}
}
