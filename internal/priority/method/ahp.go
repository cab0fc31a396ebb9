package method

import (
	"math"
	"strconv"
	"strings"
)

// RandomIndex is Saaty's (1980) random consistency index for n = 1…10
// (index n−1). Larger matrices use the value for 10, which is slightly
// below the published estimates for 11–15 (1.51–1.59), so their consistency
// ratio errs on the high (cautious) side.
var RandomIndex = [...]float64{0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49}

// AcceptableCR is Saaty's limit for the consistency ratio: judgements with
// CR ≤ 0.10 are taken as consistent enough.
const AcceptableCR = 0.10

// Numerical settings of the principal eigenvector.
const (
	eigenTolerance     = 1e-12 // largest change of a weight between iterations
	eigenMaxIterations = 100000
	reciprocalTol      = 1e-9 // relative tolerance of a[j][i] = 1/a[i][j] and a[i][i] = 1
)

// AHPResult is the outcome of a pairwise comparison matrix.
type AHPResult struct {
	// Weights is the principal eigenvector, normalised to sum 1.
	Weights []float64 `json:"weights"`
	// LambdaMax is the principal eigenvalue, ≥ n.
	LambdaMax float64 `json:"lambda_max"`
	// CI = (λmax − n)/(n − 1), 0 for n ≤ 2.
	CI float64 `json:"ci"`
	// RI is the random index used (RandomIndex).
	RI float64 `json:"ri"`
	// CR = CI/RI, 0 when RI is 0.
	CR float64 `json:"cr"`
	// Acceptable reports CR ≤ AcceptableCR.
	Acceptable bool `json:"acceptable"`
	// Iterations of the power method.
	Iterations int `json:"iterations"`
	// Worst is the judgement that most hurts consistency; nil when the
	// matrix is consistent (every judgement equals w_i/w_j within 1e-9).
	Worst *Judgement `json:"worst,omitempty"`
}

// Judgement is one entry a[I][J] of a comparison matrix (I < J) set beside
// the value the weights imply.
type Judgement struct {
	I     int     `json:"i"`
	J     int     `json:"j"`
	Value float64 `json:"value"`
	// Fitting is w_I/w_J, the judgement that agrees with the weights.
	Fitting float64 `json:"fitting"`
	// Deviation is |ln(a_IJ · w_J / w_I)|: 0 for a judgement that fits,
	// ln 9 ≈ 2.2 for one a full Saaty scale off.
	Deviation float64 `json:"deviation"`
}

// AHP computes the weights of a pairwise comparison matrix (m[i][j] says
// how many times more important criterion i is than j) as its principal
// eigenvector, by power iteration until no weight changes by more than
// 1e-12, with λmax, the consistency index and ratio, and the judgement
// that most hurts consistency.
//
// The worst judgement is the pair i < j with the largest
// |ln(a_ij · w_j / w_i)|. With ε_ij = a_ij·w_j/w_i, λmax = n +
// (1/n)·Σ_{i<j} (ε_ij + 1/ε_ij − 2), so this is the pair that contributes
// most to λmax − n, and thus to CI and CR; replacing it by w_i/w_j lowers
// the inconsistency the most of any single pair, the weights held.
//
// The matrix must be square, n ≥ 1, with every entry positive and finite,
// ones on the diagonal and m[j][i] = 1/m[i][j] within a relative 1e-9; else
// an invalid error with fields "matrix[i][j]" (CodeEmpty, CodeNotSquare,
// field.not_a_number, CodeNotPositive, CodeDiagonal, CodeNotReciprocal).
func AHP(m [][]float64) (AHPResult, error) {
	if err := checkMatrix(m, "matrix"); err != nil {
		return AHPResult{}, err
	}
	n := len(m)
	w, iters := principal(m)
	// λmax = Σ_i (Aw)_i when Σ w = 1.
	lambda := 0.0
	for i := range n {
		for j := range n {
			lambda += m[i][j] * w[j]
		}
	}
	r := AHPResult{Weights: w, LambdaMax: lambda, Iterations: iters}
	if n > 2 {
		r.CI = math.Max(0, (lambda-float64(n))/float64(n-1))
		r.RI = RandomIndex[min(n, len(RandomIndex))-1]
		r.CR = r.CI / r.RI
	}
	r.Acceptable = r.CR <= AcceptableCR
	for i := range n {
		for j := i + 1; j < n; j++ {
			dev := math.Abs(math.Log(m[i][j] * w[j] / w[i]))
			if dev > 1e-9 && (r.Worst == nil || dev > r.Worst.Deviation) {
				r.Worst = &Judgement{I: i, J: j, Value: m[i][j], Fitting: w[i] / w[j], Deviation: dev}
			}
		}
	}
	return r, nil
}

// principal returns the principal eigenvector of a positive matrix, summing
// to 1, and the iterations taken. A positive matrix has a simple dominant
// eigenvalue (Perron–Frobenius), so the power method converges from the
// uniform vector.
func principal(m [][]float64) ([]float64, int) {
	n := len(m)
	w := make([]float64, n)
	next := make([]float64, n)
	for i := range w {
		w[i] = 1 / float64(n)
	}
	iters := 0
	for iters < eigenMaxIterations {
		iters++
		sum := 0.0
		for i := range n {
			s := 0.0
			for j := range n {
				s += m[i][j] * w[j]
			}
			next[i] = s
			sum += s
		}
		change := 0.0
		for i := range n {
			next[i] /= sum
			change = math.Max(change, math.Abs(next[i]-w[i]))
		}
		w, next = next, w
		if change <= eigenTolerance {
			break
		}
	}
	return w, iters
}

// checkMatrix validates a positive reciprocal matrix, naming entries
// "name[i][j]".
func checkMatrix(m [][]float64, name string) error {
	var errs fieldErrors
	checkMatrixAt(&errs, m, name, func(i, j int) string { return idx2(name, i, j) })
	return errs.err()
}

// checkMatrixAt adds the problems of m to errs, naming the matrix name and
// entry (i, j) at(i, j).
func checkMatrixAt(errs *fieldErrors, m [][]float64, name string, at func(i, j int) string) {
	n := len(m)
	if n == 0 {
		errs.add(name, CodeEmpty)
		return
	}
	square := true
	for i, row := range m {
		if len(row) != n {
			errs.add(idx(name, i), CodeNotSquare, len(row), n)
			square = false
		}
	}
	if !square {
		return
	}
	ok := make([][]bool, n)
	for i, row := range m {
		ok[i] = make([]bool, n)
		for j, v := range row {
			switch {
			case !finite(v):
				errs.add(at(i, j), "field.not_a_number")
			case v <= 0:
				errs.add(at(i, j), CodeNotPositive, v)
			case i == j && math.Abs(v-1) > reciprocalTol:
				errs.add(at(i, j), CodeDiagonal, v)
			default:
				ok[i][j] = true
			}
		}
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			if ok[i][j] && ok[j][i] && math.Abs(m[i][j]*m[j][i]-1) > reciprocalTol {
				errs.add(at(j, i), CodeNotReciprocal, m[j][i], 1/m[i][j])
			}
		}
	}
}

// ParseJudgement reads a judgement as written by people: "3", "1/3",
// "0.5" or "0,5" (decimal comma), with spaces allowed around the parts.
// The value must be positive and finite. Errors are invalid with the field
// "judgement": CodeNumber (params: the text) or CodeNotPositive.
func ParseJudgement(s string) (float64, error) {
	v, err := parseFraction(s)
	if err != nil {
		return 0, invalid("judgement", CodeNumber, s)
	}
	if !(v > 0) || math.IsInf(v, 0) {
		return 0, invalid("judgement", CodeNotPositive, s)
	}
	return v, nil
}

// parseFraction reads "x" or "x/y" where x and y are decimals with a point
// or a comma; y = 0 gives an error.
func parseFraction(s string) (float64, error) {
	num, den, isFrac := strings.Cut(s, "/")
	a, err := parseDecimal(num)
	if err != nil || !isFrac {
		return a, err
	}
	b, err := parseDecimal(den)
	if err != nil {
		return 0, err
	}
	if b == 0 {
		return 0, strconv.ErrRange
	}
	return a / b, nil
}

// parseDecimal accepts an optional sign, digits and one decimal point or
// comma: no exponents, no hexadecimal, no "Inf" or "NaN". It is not
// domain.ParseNumber on purpose: judgements and ranks are small numbers in
// the CLI's files, where digits grouped by spaces or an exponent would be
// a typo, and "1/3" is read around it.
func parseDecimal(s string) (float64, error) {
	s = strings.TrimSpace(s)
	body := strings.TrimLeft(s, "+-")
	if len(s)-len(body) > 1 || body == "" {
		return 0, strconv.ErrSyntax
	}
	digits, seps := 0, 0
	for _, r := range body {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == ',':
			seps++
		default:
			return 0, strconv.ErrSyntax
		}
	}
	if digits == 0 || seps > 1 {
		return 0, strconv.ErrSyntax
	}
	return strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
}

// GroupJudgements aggregates individual judgements (AIJ): each entry is the
// weighted geometric mean of the participants' entries,
// exp(Σ_k w_k ln a_ij^k / Σ_k w_k), which keeps the matrix reciprocal.
// weights (e.g. population) are non-negative, not all zero, one per matrix;
// nil means equal weights. Every matrix must pass AHP's checks and have the
// same size. Errors are invalid with fields "matrices[k][i][j]",
// "matrices[k]" (CodeSize) or "weights[k]".
func GroupJudgements(ms [][][]float64, weights []float64) ([][]float64, error) {
	if len(ms) == 0 {
		return nil, invalid("matrices", CodeEmpty)
	}
	var errs fieldErrors
	n := len(ms[0])
	for k, m := range ms {
		if len(m) != n {
			errs.add(idx("matrices", k), CodeSize, len(m), n)
			continue
		}
		if err := checkMatrix(m, idx("matrices", k)); err != nil {
			errs.list = append(errs.list, fieldsOf(err)...)
		}
	}
	w, werr := normalisedWeights(weights, len(ms), "weights")
	if werr != nil {
		errs.list = append(errs.list, fieldsOf(werr)...)
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	g := make([][]float64, n)
	for i := range g {
		g[i] = make([]float64, n)
		g[i][i] = 1
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			s := 0.0
			for k, m := range ms {
				s += w[k] * math.Log(m[i][j])
			}
			g[i][j] = math.Exp(s)
			g[j][i] = math.Exp(-s)
		}
	}
	return g, nil
}

// normalisedWeights checks optional weights (nil = equal) and scales them
// to sum 1.
func normalisedWeights(weights []float64, n int, name string) ([]float64, error) {
	if weights == nil {
		w := make([]float64, n)
		for i := range w {
			w[i] = 1 / float64(n)
		}
		return w, nil
	}
	if len(weights) != n {
		return nil, invalid(name, CodeSize, len(weights), n)
	}
	return normalise(weights, name)
}

// normalise scales non-negative finite values to sum 1.
func normalise(v []float64, name string) ([]float64, error) {
	var errs fieldErrors
	if len(v) == 0 {
		errs.add(name, CodeEmpty)
		return nil, errs.err()
	}
	sum := 0.0
	for i, x := range v {
		switch {
		case !finite(x):
			errs.add(idx(name, i), "field.not_a_number")
		case x < 0:
			errs.add(idx(name, i), "field.not_negative")
		default:
			sum += x
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	if sum == 0 {
		return nil, invalid(name, CodeAllZero)
	}
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x / sum
	}
	return out, nil
}

// DirectWeights turns points given to each criterion (any non-negative
// numbers, not all zero, e.g. 100 points shared out) into weights summing
// to 1. Errors: fields "points[i]" (field.not_a_number,
// field.not_negative), "points" (CodeEmpty, CodeAllZero).
func DirectWeights(points []float64) ([]float64, error) {
	return normalise(points, "points")
}

// SwingWeights turns swing ratings into weights. Swing weighting asks which
// criterion's swing from its worst to its best level matters most; that
// swing is rated 100 and every other swing 0–100 relative to it (50 = half
// as valuable). The weights are the ratings divided by their sum, so a
// swing rated 50 weighs half the top one. The largest rating must be
// exactly 100 (several may share it). Errors: fields "ratings[i]"
// (field.not_a_number, field.between 0 100), "ratings" (CodeEmpty,
// CodeSwingTop with the largest rating given).
func SwingWeights(ratings []float64) ([]float64, error) {
	var errs fieldErrors
	if len(ratings) == 0 {
		return nil, invalid("ratings", CodeEmpty)
	}
	top := math.Inf(-1)
	for i, r := range ratings {
		switch {
		case !finite(r):
			errs.add(idx("ratings", i), "field.not_a_number")
		case r < 0 || r > 100:
			errs.add(idx("ratings", i), "field.between", 0, 100)
		default:
			top = math.Max(top, r)
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	if top != 100 {
		return nil, invalid("ratings", CodeSwingTop, top)
	}
	return normalise(ratings, "ratings")
}

// RankWeights gives weights from a ranking of the criteria alone (rank 1 =
// most important; equal ranks for ties) by the rank-order centroid: with n
// criteria the k-th most important weighs (1/n)·Σ_{i=k..n} 1/i. Tied
// criteria share the mean of the centroid weights of the places they
// occupy, so any rank numbering (1,2,2,4 or 1,2,2,3) gives the same weights.
// Use it when swing ratings are not (yet) given. Errors: fields "ranks[i]"
// (field.not_a_number), "ranks" (CodeEmpty).
func RankWeights(ranks []float64) ([]float64, error) {
	n := len(ranks)
	if n == 0 {
		return nil, invalid("ranks", CodeEmpty)
	}
	var errs fieldErrors
	for i, r := range ranks {
		if !finite(r) {
			errs.add(idx("ranks", i), "field.not_a_number")
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	roc := make([]float64, n)
	for k := n - 1; k >= 0; k-- {
		roc[k] = 1 / float64(k+1)
		if k+1 < n {
			roc[k] += roc[k+1]
		}
	}
	for k := range roc {
		roc[k] /= float64(n)
	}
	// Smaller rank = more important, so rank by the negated values.
	neg := make([]float64, n)
	for i, r := range ranks {
		neg[i] = -r
	}
	w := make([]float64, n)
	// Groups come best first; places are consecutive.
	place := 0
	for _, group := range orderExact(neg) {
		s := 0.0
		for k := place; k < place+len(group); k++ {
			s += roc[k]
		}
		for _, c := range group {
			w[c] = s / float64(len(group))
		}
		place += len(group)
	}
	return w, nil
}
