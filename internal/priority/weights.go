package priority

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Method is how a municipality's weights were elicited.
type Method string

// The elicitation methods.
const (
	// MethodAHP is pairwise comparison on Saaty's 1–9 scale: Matrix[i][j]
	// says how much more important criterion i is than j.
	MethodAHP Method = "ahp"
	// MethodDirect is points given to each criterion directly (0–100 each).
	MethodDirect Method = "direct"
	// MethodSwing is swing weighting: the criterion whose swing from worst
	// to best matters most gets 100, each other one 0–100 relative to it.
	MethodSwing Method = "swing"
)

// Methods lists the elicitation methods.
var Methods = []Method{MethodAHP, MethodDirect, MethodSwing}

// MaxPoints is the most points a criterion gets by direct points or swing.
const MaxPoints = 100

// MaxCriteria is the most criteria an elicitation compares.
const MaxCriteria = 30

// Elicitation is a municipality's current weights as given: the method,
// the criteria compared (keys, in the order of Matrix or Points) and the
// raw judgements. A municipality has one; saving replaces it and raises
// its version. The weights themselves are computed from it elsewhere.
type Elicitation struct {
	ID              domain.ID   `json:"id"`
	CollaborationID domain.ID   `json:"-"`
	MunicipalityID  domain.ID   `json:"municipality_id"`
	Method          Method      `json:"method"`
	Criteria        []string    `json:"criteria"`         // criterion keys
	Matrix          [][]float64 `json:"matrix,omitempty"` // AHP: n×n, kept full and reciprocal
	Points          []float64   `json:"points,omitempty"` // direct and swing: one per criterion
	UserID          domain.ID   `json:"user_id,omitempty"`
	UserName        string      `json:"user_name"`
	UpdatedAt       time.Time   `json:"updated_at"`
	Version         int         `json:"version"`
}

// Check validates e against the collaboration's active criteria and
// returns it normalised, or the field errors. The criteria must be the
// active ones, each once (in any order; none given means the active ones
// in their order). For AHP the matrix is n×n; it may be given in full
// (then it must be reciprocal: a[j][i] = 1/a[i][j]) or as its upper
// triangle with zeros below the diagonal (then the diagonal may be 0 or
// 1 and the lower triangle is filled in). Every entry must be a finite,
// positive value on Saaty's scale 1/9 … 9 (1/k or k for k = 1 … 9, within
// 5 % so that 0.33 or 0.14 count as 1/3 and 1/7); entries are kept as the
// exact scale values. Direct points are 0–100 each with a positive sum;
// swing points are 0–100 each with the most important criterion at 100.
// Field names: "criteria", "matrix", "matrix[i][j]", "points",
// "points[i]" (0-based).
func (e Elicitation) Check(active []Criterion) (Elicitation, []domain.FieldError) {
	var errs []domain.FieldError
	keys := make([]string, 0, len(active))
	for _, c := range active {
		if c.Active {
			keys = append(keys, c.Key)
		}
	}
	if len(e.Criteria) == 0 {
		e.Criteria = keys
	}
	e.Criteria = slices.Clone(e.Criteria)
	if !sameSet(e.Criteria, keys) {
		errs = append(errs, domain.Field("criteria", "priority.criteria_mismatch"))
	}
	n := len(e.Criteria)
	if n < 2 || n > MaxCriteria {
		errs = append(errs, domain.Field("criteria", "priority.criteria_count", 2, MaxCriteria))
	}
	switch e.Method {
	case MethodAHP:
		if len(e.Points) > 0 {
			errs = append(errs, domain.Field("points", "priority.points_not_allowed"))
		}
		m, merrs := checkMatrix(e.Matrix, n)
		errs = append(errs, merrs...)
		e.Matrix, e.Points = m, nil
	case MethodDirect, MethodSwing:
		errs = append(errs, checkPoints(e.Method, e.Points, n)...)
		if len(e.Matrix) > 0 {
			errs = append(errs, domain.Field("matrix", "priority.matrix_not_allowed"))
		}
		e.Points, e.Matrix = slices.Clone(e.Points), nil
	default:
		ms := make([]string, len(Methods))
		for i, m := range Methods {
			ms[i] = string(m)
		}
		errs = domain.OneOf(errs, "method", string(e.Method), ms)
	}
	if len(errs) > 0 {
		return Elicitation{}, errs
	}
	return e, nil
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]bool{}
	for _, k := range a {
		if seen[k] {
			return false
		}
		seen[k] = true
	}
	for _, k := range b {
		if !seen[k] {
			return false
		}
	}
	return true
}

// saatyTolerance is how far (relatively) an entry may be from a value of
// Saaty's scale; neighbouring values (8 and 9) are 12.5 % apart.
const saatyTolerance = 0.05

// Saaty returns the value of Saaty's scale (k or 1/k, k = 1 … 9) that v
// stands for, and whether there is one within 5 %.
func Saaty(v float64) (float64, bool) {
	if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
		return 0, false
	}
	x := v
	if v < 1 {
		x = 1 / v
	}
	k := math.Round(x)
	if k < 1 || k > 9 || math.Abs(x-k) > saatyTolerance*k {
		return 0, false
	}
	if v < 1 {
		return 1 / k, true
	}
	return k, true
}

func cell(i, j int) string { return fmt.Sprintf("matrix[%d][%d]", i, j) }

// checkMatrix validates an AHP matrix of n criteria and returns it full,
// with exact scale values.
func checkMatrix(in [][]float64, n int) ([][]float64, []domain.FieldError) {
	if len(in) != n || n == 0 {
		return nil, []domain.FieldError{domain.Field("matrix", "priority.matrix_shape", n)}
	}
	for _, row := range in {
		if len(row) != n {
			return nil, []domain.FieldError{domain.Field("matrix", "priority.matrix_shape", n)}
		}
	}
	upperOnly := true
	for i := 1; i < n; i++ {
		for j := range i {
			if in[i][j] != 0 {
				upperOnly = false
			}
		}
	}
	var errs []domain.FieldError
	out := make([][]float64, n)
	for i := range out {
		out[i] = make([]float64, n)
	}
	value := func(i, j int) (float64, bool) {
		v := in[i][j]
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			errs = append(errs, domain.Field(cell(i, j), "field.not_a_number"))
		case v <= 0:
			errs = append(errs, domain.Field(cell(i, j), "priority.matrix_positive"))
		default:
			s, ok := Saaty(v)
			if !ok {
				errs = append(errs, domain.Field(cell(i, j), "priority.saaty_scale"))
			}
			return s, ok
		}
		return 0, false
	}
	for i := range n {
		d := in[i][i]
		if d != 1 && !(upperOnly && d == 0) {
			errs = append(errs, domain.Field(cell(i, i), "priority.matrix_diagonal"))
		}
		out[i][i] = 1
		for j := i + 1; j < n; j++ {
			up, okUp := value(i, j)
			if upperOnly {
				if okUp {
					out[i][j], out[j][i] = up, 1/up
				}
				continue
			}
			low, okLow := value(j, i)
			if okUp && okLow && math.Abs(up*low-1) > 1e-9 {
				errs = append(errs, domain.Field(cell(j, i), "priority.matrix_reciprocal", i, j))
				continue
			}
			out[i][j], out[j][i] = up, low
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// checkPoints validates direct or swing points of n criteria.
func checkPoints(m Method, points []float64, n int) []domain.FieldError {
	if len(points) != n || n == 0 {
		return []domain.FieldError{domain.Field("points", "priority.points_count", n)}
	}
	var errs []domain.FieldError
	sum, top := 0.0, 0.0
	for i, v := range points {
		f := fmt.Sprintf("points[%d]", i)
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			errs = append(errs, domain.Field(f, "field.not_a_number"))
		case v < 0 || v > MaxPoints:
			errs = append(errs, domain.Field(f, "field.between", 0, MaxPoints))
		default:
			sum += v
			top = max(top, v)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	if sum <= 0 {
		return []domain.FieldError{domain.Field("points", "priority.points_sum_zero")}
	}
	if m == MethodSwing && top != MaxPoints {
		return []domain.FieldError{domain.Field("points", "priority.swing_top", MaxPoints)}
	}
	return nil
}
