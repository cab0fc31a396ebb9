package method

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
)

// The parsers read CSV separated by commas, or by semicolons or tabs when
// the first line holds one (as spreadsheets in Norway write it, which lets
// numbers use a decimal comma). Blank lines and lines starting with # are
// skipped, and a UTF-8 byte order mark is ignored. Errors are invalid with
// fields "LINE:COLUMN" (from 1) and the Code… constants.

// record is one CSV line with the position of each field.
type record struct {
	line   int
	fields []string
	cols   []int
}

func (r record) at(i int) string { return pos(r.line, r.cols[i]) }

// readRecords reads all records of a CSV input.
func readRecords(r io.Reader) ([]record, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = separator(data)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	var out []record
	for {
		fields, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, invalid(pos(pe.Line, pe.Column), CodeCSV, pe.Err.Error())
			}
			return nil, err
		}
		rec := record{fields: make([]string, len(fields)), cols: make([]int, len(fields))}
		for i, f := range fields {
			rec.fields[i] = strings.TrimSpace(f)
			rec.line, rec.cols[i] = cr.FieldPos(i)
		}
		rec.line, _ = cr.FieldPos(0)
		if len(rec.fields) == 1 && rec.fields[0] == "" {
			continue // a line of spaces
		}
		out = append(out, rec)
	}
	return out, nil
}

// separator is ';' or '\t' when the first significant line holds one,
// else ','.
func separator(data []byte) rune {
	for line := range bytes.Lines(data) {
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' {
			continue
		}
		switch {
		case bytes.ContainsRune(t, ';'):
			return ';'
		case bytes.ContainsRune(t, '\t'):
			return '\t'
		}
		return ','
	}
	return ','
}

// ParseBallots reads ballots as CSV lines "count,ranking", where ranking
// names the candidates best first, separated by ">", with "=" between
// tied candidates: "42,M>N>C>K", "3,A=B>C". A first line "count,ranking"
// is skipped. Candidates are numbered in order of first appearance and
// their names returned; a ballot may leave candidates out (they share the
// last place). Errors are invalid with fields "LINE:COLUMN": CodeCSV,
// CodeFieldCount (params: fields given, 2), CodeCount, CodeRankingSyntax,
// CodeCandidateTwice (params: the name), CodeTooLarge (params:
// MaxCandidates), and CodeEmpty at "1:1" for a file without ballots.
func ParseBallots(r io.Reader) ([]Ballot, []string, error) {
	recs, err := readRecords(r)
	if err != nil {
		return nil, nil, err
	}
	if len(recs) > 0 && strings.EqualFold(recs[0].fields[0], "count") {
		recs = recs[1:]
	}
	var errs fieldErrors
	var names []string
	index := map[string]int{}
	ballots := make([]Ballot, 0, len(recs))
	for _, rec := range recs {
		if errs.full() {
			break
		}
		if len(rec.fields) != 2 {
			errs.add(rec.at(0), CodeFieldCount, len(rec.fields), 2)
			continue
		}
		count, cerr := parseDecimal(rec.fields[0])
		if cerr != nil || !(count > 0) || !finite(count) {
			errs.add(rec.at(0), CodeCount, rec.fields[0])
		}
		text := rec.fields[1]
		var order [][]int
		seen := map[int]bool{}
		ok := true
		for part := range strings.SplitSeq(text, ">") {
			var group []int
			for name := range strings.SplitSeq(part, "=") {
				name = strings.TrimSpace(name)
				if name == "" {
					ok = false
					break
				}
				c, known := index[name]
				if !known {
					if len(names) == MaxCandidates {
						errs.add(rec.at(1), CodeTooLarge, MaxCandidates)
						return nil, nil, errs.err()
					}
					c = len(names)
					index[name] = c
					names = append(names, name)
				}
				if seen[c] {
					errs.add(rec.at(1), CodeCandidateTwice, name)
					ok = false
					break
				}
				seen[c] = true
				group = append(group, c)
			}
			if !ok {
				break
			}
			order = append(order, group)
		}
		if !ok {
			if len(errs.list) == 0 || errs.list[len(errs.list)-1].Code != CodeCandidateTwice {
				errs.add(rec.at(1), CodeRankingSyntax, text)
			}
			continue
		}
		ballots = append(ballots, Ballot{Count: count, Order: order})
	}
	if err := errs.err(); err != nil {
		return nil, nil, err
	}
	if len(ballots) == 0 {
		return nil, nil, invalid(pos(1, 1), CodeEmpty)
	}
	return ballots, names, nil
}

// table is a CSV grid of numbers with optional names of its columns (a
// first line without numbers) and of its rows (a first field that is not
// a number).
type table struct {
	rowNames, colNames []string
	values             [][]float64
	header             *record // the line of column names
	rows               []record
	labelled           bool
}

// value positions the value (i, j) in the file.
func (t *table) at(i, j int) string {
	if t.labelled {
		j++
	}
	return t.rows[i].at(j)
}

// readTable reads a grid of numbers parsed by parse; width is the values a
// row must hold (−1: as many as the first row).
func readTable(r io.Reader, parse func(string) (float64, error), width func(rows int) int) (*table, error) {
	recs, err := readRecords(r)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, invalid(pos(1, 1), CodeEmpty)
	}
	t := &table{}
	isNumber := func(s string) bool { _, err := parseFraction(s); return err == nil }
	first := recs[0]
	if !slices.ContainsFunc(first.fields, isNumber) {
		t.header = &recs[0]
		recs = recs[1:]
	}
	if len(recs) == 0 {
		return nil, invalid(pos(first.line+1, 1), CodeEmpty)
	}
	t.rows = recs
	t.labelled = !isNumber(recs[0].fields[0]) && recs[0].fields[0] != ""
	w := width(len(recs))
	if w < 0 {
		w = len(recs[0].fields)
		if t.labelled {
			w--
		}
	}
	if w > MaxCandidates || len(recs) > 100*MaxCandidates {
		return nil, invalid(recs[0].at(0), CodeTooLarge, MaxCandidates)
	}
	var errs fieldErrors
	t.values = make([][]float64, len(recs))
	for i, rec := range recs {
		if errs.full() {
			break
		}
		cells := rec.fields
		if t.labelled {
			t.rowNames = append(t.rowNames, cells[0])
			cells = cells[1:]
		}
		if len(cells) != w {
			errs.add(rec.at(0), CodeFieldCount, len(cells), w)
			continue
		}
		row := make([]float64, w)
		for j, c := range cells {
			v, err := parse(c)
			if err != nil {
				code := CodeNumber
				if fe := fieldsOf(err); len(fe) > 0 {
					code = fe[0].Code
				}
				errs.add(t.at(i, j), code, c)
				continue
			}
			row[j] = v
		}
		t.values[i] = row
	}
	if h := t.header; h != nil && len(errs.list) == 0 {
		switch len(h.fields) {
		case w:
			t.colNames = h.fields
		case w + 1:
			t.colNames = h.fields[1:]
		default:
			errs.add(h.at(0), CodeFieldCount, len(h.fields), w)
		}
	}
	return t, errs.err()
}

// checkNames refuses duplicate names and row names that differ from the
// column names, at the line of the names.
func checkNames(errs *fieldErrors, names []string, at func(i int) string) {
	seen := map[string]bool{}
	for i, n := range names {
		if seen[n] {
			errs.add(at(i), CodeDuplicateName, n)
		}
		seen[n] = true
	}
}

// ParseMatrix reads a pairwise comparison matrix: n lines of n judgements
// as ParseJudgement reads them ("3", "1/3", "0,5" with ; as separator),
// with an optional first line of criterion names (optionally after an
// empty corner field) and an optional first column of names; when both are
// given they must agree. It returns the matrix, checked as AHP checks it,
// and the names (nil when none are given). Errors are invalid with fields
// "LINE:COLUMN": CodeCSV, CodeEmpty, CodeFieldCount (a row with the wrong
// number of judgements; params: given, n), CodeNumber, CodeNotPositive,
// CodeDiagonal, CodeNotReciprocal, CodeNames, CodeDuplicateName,
// CodeTooLarge.
func ParseMatrix(r io.Reader) ([][]float64, []string, error) {
	t, err := readTable(r, ParseJudgement, func(rows int) int { return rows })
	if err != nil {
		return nil, nil, err
	}
	var errs fieldErrors
	checkMatrixAt(&errs, t.values, "matrix", t.at)
	names := t.colNames
	if t.header != nil {
		off := len(t.header.fields) - len(names)
		checkNames(&errs, names, func(i int) string { return t.header.at(i + off) })
	}
	if t.labelled {
		checkNames(&errs, t.rowNames, func(i int) string { return t.rows[i].at(0) })
		if names == nil {
			names = t.rowNames
		} else {
			for i, n := range t.rowNames {
				if n != names[i] {
					errs.add(t.rows[i].at(0), CodeNames, names[i], n)
				}
			}
		}
	}
	if err := errs.err(); err != nil {
		return nil, nil, err
	}
	return t.values, names, nil
}

// RankTable is a table of raters × items, as KendallW takes it.
type RankTable struct {
	Raters []string    `json:"raters,omitempty"`
	Items  []string    `json:"items,omitempty"`
	Ranks  [][]float64 `json:"ranks"`
}

// ParseRanks reads one line per rater of ranks (or scores) of the same
// items, with an optional first line of item names (optionally after a
// corner field) and an optional first column of rater names. Errors are
// invalid with fields "LINE:COLUMN": CodeCSV, CodeEmpty, CodeFieldCount
// (ragged rows; params: given, wanted), CodeNumber, CodeDuplicateName,
// CodeTooLarge.
func ParseRanks(r io.Reader) (RankTable, error) {
	t, err := readTable(r, func(s string) (float64, error) {
		v, err := parseDecimal(s)
		if err != nil {
			return 0, invalid("", CodeNumber, s)
		}
		return v, nil
	}, func(int) int { return -1 })
	if err != nil {
		return RankTable{}, err
	}
	var errs fieldErrors
	if t.header != nil {
		off := len(t.header.fields) - len(t.colNames)
		checkNames(&errs, t.colNames, func(i int) string { return t.header.at(i + off) })
	}
	if t.labelled {
		checkNames(&errs, t.rowNames, func(i int) string { return t.rows[i].at(0) })
	}
	if err := errs.err(); err != nil {
		return RankTable{}, err
	}
	return RankTable{Raters: t.rowNames, Items: t.colNames, Ranks: t.values}, nil
}
