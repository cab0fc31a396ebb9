package sqlstore

import (
	"database/sql"
	"maps"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
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

// The fact reader splits the joined sources back into one per fact, and
// refuses a text that does not hold one per fact.
func TestFactSources(t *testing.T) {
	row := func(sources string) func(...any) error {
		return func(dest ...any) error {
			vals := []any{int64(1), int64(2), int64(3), "yes", "", nil, nil, nil, nil, nil, nil, nil, nil, nil, "", nil, nil,
				sources, "", int64(1), "2026-01-02T03:04:05.000000000Z"}
			for i, d := range dest {
				var err error
				switch d := d.(type) {
				case sql.Scanner:
					err = d.Scan(vals[i])
				case *string:
					*d = vals[i].(string)
				}
				if err != nil {
					return err
				}
			}
			return nil
		}
	}
	parts := make([]string, len(catalogue.Facts))
	parts[0], parts[len(parts)-1] = "measured", "imported"
	v, err := newFactScanner().scan(row(strings.Join(parts, sourceSep)))
	if err != nil {
		t.Fatal(err)
	}
	want := map[catalogue.Fact]catalogue.Provenance{catalogue.Facts[0]: catalogue.ProvenanceMeasured,
		catalogue.Facts[len(parts)-1]: catalogue.ProvenanceImported}
	if !maps.Equal(v.Provenance, want) {
		t.Errorf("provenance = %v, want %v", v.Provenance, want)
	}
	for _, bad := range []string{"", strings.Repeat(sourceSep, len(parts))} {
		if _, err := newFactScanner().scan(row(bad)); err == nil {
			t.Errorf("sources %q read without an error", bad)
		}
	}
}
