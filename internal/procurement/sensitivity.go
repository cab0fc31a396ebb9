package procurement

import (
	"errors"
	"math"
	"slices"
	"strconv"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Scores are the consensus points of an evaluation, the input of the
// totals, the ranking and the questions a losing bidder or a complaint
// asks: how close was it, and would another weighting or price model have
// chosen someone else?
type Scores struct {
	Bidders  []string
	Criteria []string
	// Weights has one weight per criterion, each in [0, 1], summing to 1.
	Weights []float64
	// Points[b][c] is bidder b's points on criterion c: 0–10, except that
	// a price criterion under the linear model may go below 0.
	Points [][]float64
}

// weightSumTolerance is how far from 1 the weights may sum: percentages
// typed with a few decimals (33.33 + 33.33 + 33.34) must pass, a forgotten
// criterion must not.
const weightSumTolerance = 1e-6

// Check reports every structural fault of s at once, by field path
// ("weights[1]", "points[0][2]"), so that the functions below, which
// assume a well-formed s, are never given one that is not.
//
// Errors: "procurement.scoring.count" at "weights" or "points[b]" when a
// list's length does not match the criteria or bidders, and at "points" for
// the rows; "procurement.scoring.weight_range" for a weight outside [0, 1]
// or not a number; "procurement.scoring.weights_sum" (param: the sum in
// percent) when the weights do not sum to 100 %;
// "procurement.scoring.point_range" for points above 10 or not finite.
func (s Scores) Check() []domain.FieldError {
	var errs []domain.FieldError
	if len(s.Weights) != len(s.Criteria) {
		errs = append(errs, domain.Field("weights", "procurement.scoring.count"))
	} else {
		sum := 0.0
		ranged := true
		for j, w := range s.Weights {
			if !(w >= 0 && w <= 1) {
				errs = append(errs, domain.Field("weights["+strconv.Itoa(j)+"]", "procurement.scoring.weight_range"))
				ranged = false
			}
			sum += w
		}
		if ranged && math.Abs(sum-1) > weightSumTolerance {
			errs = append(errs, domain.Field("weights", "procurement.scoring.weights_sum", strconv.FormatFloat(math.Round(sum*1e4)/100, 'f', -1, 64)))
		}
	}
	if len(s.Points) != len(s.Bidders) {
		errs = append(errs, domain.Field("points", "procurement.scoring.count"))
	}
	for b, row := range s.Points {
		path := "points[" + strconv.Itoa(b) + "]"
		if len(row) != len(s.Criteria) {
			errs = append(errs, domain.Field(path, "procurement.scoring.count"))
			continue
		}
		for c, p := range row {
			if !(p <= 10) || math.IsInf(p, -1) {
				errs = append(errs, domain.Field(path+"["+strconv.Itoa(c)+"]", "procurement.scoring.point_range"))
			}
		}
	}
	return errs
}

// totalPrecision is the rounding of totals: sums that are equal on paper
// (0.3 × 8 + 0.7 × 6 against 0.3 × 6 + 0.7 × 6.857…) can differ in the last
// bits of a float, and must tie rather than be ordered by rounding noise.
const totalPrecision = 1e9

// Totals returns each bidder's weighted total, Σ weight × points, on the
// 0–10 scale, rounded to 9 decimals (see totalPrecision). s must pass Check.
func Totals(s Scores) []float64 {
	out := make([]float64, len(s.Points))
	for b, row := range s.Points {
		t := 0.0
		for c, p := range row {
			t += s.Weights[c] * p
		}
		out[b] = math.Round(t*totalPrecision) / totalPrecision
	}
	return out
}

// Ranking returns the bidders' indexes from the highest total to the
// lowest. Equal totals keep the bidders' order in s (the lower index
// first): the regulation prescribes no tie-break, so the order is only
// stable, and the buyer must decide a real tie by a rule stated in the
// tender documents. s must pass Check.
func Ranking(s Scores) []int {
	totals := Totals(s)
	order := make([]int, len(totals))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case totals[a] > totals[b]:
			return -1
		case totals[a] < totals[b]:
			return 1
		}
		return 0
	})
	return order
}

// Winner returns the first of Ranking, or -1 without bidders.
func Winner(s Scores) int {
	if len(s.Points) == 0 {
		return -1
	}
	return Ranking(s)[0]
}

// Reweighted returns s with criterion's weight set to w and every other
// weight scaled by the same factor so that they still sum to 1: the other
// criteria keep their proportions to each other. When criterion had the
// whole weight the others share 1 − w equally, since they have no
// proportions to keep. s is not changed; Points are shared.
func Reweighted(s Scores, criterion int, w float64) Scores {
	old := s.Weights[criterion]
	weights := make([]float64, len(s.Weights))
	for j, wj := range s.Weights {
		switch {
		case j == criterion:
			weights[j] = w
		case old < 1:
			weights[j] = wj * (1 - w) / (1 - old)
		default:
			weights[j] = (1 - w) / float64(len(s.Weights)-1)
		}
	}
	s.Weights = weights
	return s
}

// WeightToFlip answers "how far would this criterion's weight have to move
// for another bidder to win?": the smallest change delta of criterion's
// weight (the others rescaled as Reweighted does) after which newWinner
// ranks first instead of Winner(s), and ok. delta is signed (negative: the
// weight must fall) and is the crossing itself: at weight + delta the two
// totals are equal, so newWinner wins there only if it comes first in s,
// and wins at every weight a little further on; at any change smaller in
// size, in either direction, the winner stays. ok is false when no weight
// in [0, 1] changes the winner, for fewer than two bidders, for a
// criterion out of range, and when criterion has the whole weight (the
// others have no proportions to rescale). s must pass Check.
//
// The totals are linear in the weight x: with the other weights rescaled,
// bidder b's total is A_b + x·B_b, where A_b is its total over the other
// criteria alone and B_b = points on criterion − A_b. The current winner k
// keeps first place until the nearest x where some A_b + x·B_b meets
// A_k + x·B_k, so the answer is that nearest crossing, solved exactly.
func WeightToFlip(s Scores, criterion int) (delta float64, newWinner int, ok bool) {
	n := len(s.Points)
	if n < 2 || criterion < 0 || criterion >= len(s.Weights) || s.Weights[criterion] >= 1 {
		return 0, -1, false
	}
	wc := s.Weights[criterion]
	a := make([]float64, n)
	slope := make([]float64, n)
	for b, row := range s.Points {
		rest := 0.0
		for c, p := range row {
			if c != criterion {
				rest += s.Weights[c] * p
			}
		}
		a[b] = rest / (1 - wc)
		slope[b] = row[criterion] - a[b]
	}
	k := Winner(s)

	// best is the candidate so far: the crossing's distance, its direction
	// (+1: the weight rises) and the bidder, which in a tie of distances is
	// the one rising fastest past k in that direction.
	found := false
	var bestDelta float64
	best := -1
	for b := range n {
		if b == k || slope[b] == slope[k] {
			continue // parallel lines never cross
		}
		x := (a[k] - a[b]) / (slope[b] - slope[k])
		dir := 1.0
		if slope[b] < slope[k] {
			dir = -1 // b gains on k as the weight falls
		}
		// A crossing behind the direction of travel means the totals
		// already tie within rounding; b passes k at once.
		if dir > 0 {
			x = max(x, wc)
		} else {
			x = min(x, wc)
		}
		// There must be room past the crossing within [0, 1], or the tie
		// at the bound itself must go to b.
		if dir > 0 && (x > 1 || (x == 1 && b > k)) {
			continue
		}
		if dir < 0 && (x < 0 || (x == 0 && b > k)) {
			continue
		}
		d := x - wc
		if !found || math.Abs(d) < math.Abs(bestDelta) ||
			(math.Abs(d) == math.Abs(bestDelta) && beats(d, bestDelta, slope[b], slope[best], b, best)) {
			found, bestDelta, best = true, d, b
		}
	}
	if !found {
		return 0, -1, false
	}
	return bestDelta, best, true
}

// beats decides between two crossings at the same distance: a rise of the
// weight before a fall, then in the same direction the bidder whose total
// grows faster that way (it leads just past the crossing), then the lower
// index.
func beats(d, bestD, slopeB, slopeBest float64, b, best int) bool {
	if (d >= 0) != (bestD >= 0) {
		return d >= 0
	}
	gainB, gainBest := slopeB, slopeBest
	if d < 0 {
		gainB, gainBest = -slopeB, -slopeBest
	}
	if gainB != gainBest {
		return gainB > gainBest
	}
	return b < best
}

// PriceModelCheck is the answer to "would the other price model have
// chosen another winner?", with what the UI shows beside it.
type PriceModelCheck struct {
	Model, OtherModel   string
	Points, OtherPoints []float64 // each bidder's price points under either model
	Totals, OtherTotals []float64
	Winner, OtherWinner int
}

// Changed reports whether the other model would have chosen another winner.
func (c PriceModelCheck) Changed() bool { return c.Winner != c.OtherWinner }

// ComparePriceModels scores prices (one per bidder, in s's order) under
// model and under the other model, puts each into the price criterion's
// column of s in turn, and ranks both. The column's points in s are
// replaced, not trusted, so the comparison holds even if they were entered
// by hand. s must pass Check.
//
// Errors: a *PriceError from PriceScores for a wrong model or price;
// domain.Internal when prices does not have one entry per bidder or
// priceCriterion is not a criterion of s (a caller's mistake, not the
// user's).
func ComparePriceModels(s Scores, priceCriterion int, prices []float64, model string) (PriceModelCheck, error) {
	if len(prices) != len(s.Points) || priceCriterion < 0 || priceCriterion >= len(s.Weights) {
		return PriceModelCheck{}, domain.Internal(errors.New("procurement: ComparePriceModels: prices or price criterion do not fit the scores"))
	}
	check := PriceModelCheck{Model: model, OtherModel: OtherPriceModel(model)}
	var err error
	if check.Points, err = PriceScores(model, prices); err != nil {
		return PriceModelCheck{}, err
	}
	if check.OtherPoints, err = PriceScores(check.OtherModel, prices); err != nil {
		return PriceModelCheck{}, err
	}
	check.Totals, check.Winner = withPricePoints(s, priceCriterion, check.Points)
	check.OtherTotals, check.OtherWinner = withPricePoints(s, priceCriterion, check.OtherPoints)
	return check, nil
}

// withPricePoints returns the totals and the winner of s with the price
// column replaced by points; s is not changed.
func withPricePoints(s Scores, priceCriterion int, points []float64) ([]float64, int) {
	rows := make([][]float64, len(s.Points))
	for b, row := range s.Points {
		rows[b] = slices.Clone(row)
		rows[b][priceCriterion] = points[b]
	}
	s.Points = rows
	return Totals(s), Winner(s)
}
