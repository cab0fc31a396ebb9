package opencatalogue

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io/fs"
	"slices"
	"sort"
)

// Correction changes one field of one service from the value an earlier
// version held to the value the sources support.
type Correction struct {
	Slug      string
	Field     string // a services.csv column: name_nb, mandated, legal_basis, kostra_function, notes, …
	Old       string
	New       string
	Reason    string
	SourceURL string
	File      string
	Line      int
}

// Corrections returns the corrections in the order they apply: file by
// file in name order (corrections-r1.csv, -r2, …), row by row.
// Errors: a corrections file that is not CSV with the expected columns.
func Corrections() ([]Correction, error) { return readCorrections(files) }

func readCorrections(fsys fs.FS) ([]Correction, error) {
	names, err := fs.Glob(fsys, "legal/corrections-*.csv")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []Correction
	for _, name := range names {
		t, err := readTable(fsys, name, "slug", "field", "old", "new", "reason", "source_url")
		if err != nil {
			return nil, err
		}
		for i, r := range t.rows {
			out = append(out, Correction{Slug: r["slug"], Field: r["field"], Old: r["old"], New: r["new"],
				Reason: r["reason"], SourceURL: r["source_url"], File: t.name, Line: t.line[i]})
		}
	}
	return out, nil
}

// Apply returns the services CSV previous with the corrections applied in
// order, written as the shipped file is (CRLF, minimal quoting). Each
// correction's old value must be the field's value at that point, or the
// field's value in previous: a later research pass that read the release
// replaces what earlier corrections made of that field. A correction
// written against any other value fails instead of overwriting.
// Errors: previous is not CSV; a correction names an unknown service or
// column, or its old value is neither.
func Apply(previous []byte, cs []Correction) ([]byte, error) {
	recs, err := csv.NewReader(bytes.NewReader(previous)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", FileName, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: empty file", FileName)
	}
	head := recs[0]
	row := map[string][]string{}
	released := map[string][]string{}
	for _, r := range recs[1:] {
		row[r[0]] = r
		released[r[0]] = slices.Clone(r)
	}
	for _, c := range cs {
		r, ok := row[c.Slug]
		if !ok {
			return nil, fmt.Errorf("%s:%d: no service %q", c.File, c.Line, c.Slug)
		}
		j := slices.Index(head, c.Field)
		if j <= 0 {
			return nil, fmt.Errorf("%s:%d: %s: no column %q to correct", c.File, c.Line, c.Slug, c.Field)
		}
		if r[j] != c.Old && released[c.Slug][j] != c.Old {
			return nil, fmt.Errorf("%s:%d: %s: %s is %q (released %q), the correction expects %q", c.File, c.Line, c.Slug, c.Field, r[j], released[c.Slug][j], c.Old)
		}
		r[j] = c.New
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	if err := w.WriteAll(recs); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
