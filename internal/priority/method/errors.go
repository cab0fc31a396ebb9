package method

import (
	"fmt"
	"math"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Validation codes (translation keys) of the package. Fields are paths such
// as "matrix[2][5]", "ballots[3].count" or "ranks[1][7]" (indices from 0),
// or "LINE:COLUMN" (from 1) for the parsers. The generic codes
// "field.not_a_number", "field.not_negative" and "field.between" (params:
// min, max) are used too.
const (
	CodeEmpty          = "priority.empty"           // nothing to compute: no criteria, candidates, raters or scores
	CodeSize           = "priority.size"            // params: length given, length wanted
	CodeNotSquare      = "priority.not_square"      // params: entries in the row, rows
	CodeNotPositive    = "priority.not_positive"    // params: the value
	CodeDiagonal       = "priority.diagonal"        // a judgement of a criterion with itself must be 1; params: the value
	CodeNotReciprocal  = "priority.not_reciprocal"  // params: the value, the value wanted (1/a[j][i])
	CodeAllZero        = "priority.all_zero"        // every point or weight is zero
	CodeSwingTop       = "priority.swing_top"       // the largest swing rating must be 100; params: the largest given
	CodeNumber         = "priority.number"          // not a number or fraction; params: the text
	CodeCount          = "priority.count"           // a ballot's count must be a positive number; params: the text or value
	CodeRankingSyntax  = "priority.ranking_syntax"  // not a ranking like A>B=C; params: the text
	CodeCandidateTwice = "priority.candidate_twice" // params: the candidate (name or index)
	CodeCandidateRange = "priority.candidate_range" // params: the index, the number of candidates
	CodeNames          = "priority.names"           // header names and row names differ; params: header name, row name
	CodeDuplicateName  = "priority.duplicate_name"  // params: the name
	CodeScale          = "priority.scale"           // a scale's minimum must be below its maximum; params: min, max
	CodeTooLarge       = "priority.too_large"       // params: the largest size accepted
	CodeFieldCount     = "priority.field_count"     // a CSV line has the wrong number of fields; params: given, wanted
	CodeCSV            = "priority.csv"             // the file is not valid CSV; params: the reader's message
)

// fieldErrors collects field errors up to a limit, so that a broken file
// does not produce a million messages.
type fieldErrors struct{ list []domain.FieldError }

// maxFieldErrors bounds the problems reported at once.
const maxFieldErrors = 50

func (e *fieldErrors) add(field, code string, params ...any) {
	if len(e.list) < maxFieldErrors {
		e.list = append(e.list, domain.Field(field, code, params...))
	}
}

func (e *fieldErrors) full() bool { return len(e.list) >= maxFieldErrors }

func (e *fieldErrors) err() error {
	if len(e.list) == 0 {
		return nil
	}
	return domain.Invalid("error.invalid_fields", e.list...)
}

// invalid is a single-field invalid error.
func invalid(field, code string, params ...any) error {
	return domain.Invalid("error.invalid_fields", domain.Field(field, code, params...))
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func idx(name string, i int) string { return fmt.Sprintf("%s[%d]", name, i) }

func idx2(name string, i, j int) string { return fmt.Sprintf("%s[%d][%d]", name, i, j) }

func pos(line, col int) string { return fmt.Sprintf("%d:%d", line, col) }

// fieldsOf returns the field errors of an invalid error.
func fieldsOf(err error) []domain.FieldError {
	return domain.AsError(err).Fields
}
