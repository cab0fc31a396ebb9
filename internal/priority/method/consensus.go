package method

import (
	"cmp"
	"math"
	"slices"
)

// Scale is the range of a score, e.g. 1–5.
type Scale struct {
	Min float64 `json:"min"`
	Max float64 `json:"max"`
}

// ConsensusRule says when a group's scores of a service show consensus:
// the interquartile range is at most MaxIQR and at least MinShare of the
// scores lie within Within of the median.
type ConsensusRule struct {
	MaxIQR   float64 `json:"max_iqr"`
	MinShare float64 `json:"min_share"`
	Within   float64 `json:"within"`
}

// DefaultConsensusRule is the rule most Delphi studies on a 5-point scale
// use: IQR ≤ 1 and 75 % within one point of the median.
func DefaultConsensusRule() ConsensusRule {
	return ConsensusRule{MaxIQR: 1, MinShare: 0.75, Within: 1}
}

// Consensus summarises one service's scores in a round.
type Consensus struct {
	N      int     `json:"n"`
	Median float64 `json:"median"`
	// Q1 and Q3 are the quartiles by linear interpolation between order
	// statistics (Hyndman–Fan type 7, the default of R and of spreadsheet
	// QUARTILE): the p-quantile of sorted x₁…x_N is x at position
	// 1 + (N−1)p.
	Q1  float64 `json:"q1"`
	Q3  float64 `json:"q3"`
	IQR float64 `json:"iqr"`
	// Share is the share of scores within the rule's Within of the median.
	Share float64 `json:"share"`
	// Consensus reports IQR ≤ MaxIQR and Share ≥ MinShare.
	Consensus bool `json:"consensus"`
}

// Summary returns the median, quartiles, interquartile range and share
// agreeing of one service's scores, and whether they meet the consensus
// rule. Errors are invalid: fields "scores" (CodeEmpty), "scores[i]"
// (field.not_a_number, field.between min max), "scale" (CodeScale),
// "rule.max_iqr", "rule.within" (field.not_negative, field.not_a_number)
// and "rule.min_share" (field.between 0 1).
func Summary(scores []float64, scale Scale, rule ConsensusRule) (Consensus, error) {
	var errs fieldErrors
	if !finite(scale.Min) || !finite(scale.Max) || scale.Min >= scale.Max {
		errs.add("scale", CodeScale, scale.Min, scale.Max)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"rule.max_iqr", rule.MaxIQR}, {"rule.within", rule.Within}} {
		switch {
		case !finite(f.v):
			errs.add(f.name, "field.not_a_number")
		case f.v < 0:
			errs.add(f.name, "field.not_negative")
		}
	}
	if !(rule.MinShare >= 0 && rule.MinShare <= 1) {
		errs.add("rule.min_share", "field.between", 0, 1)
	}
	if len(scores) == 0 {
		errs.add("scores", CodeEmpty)
	}
	for i, x := range scores {
		switch {
		case !finite(x):
			errs.add(idx("scores", i), "field.not_a_number")
		case x < scale.Min || x > scale.Max:
			errs.add(idx("scores", i), "field.between", scale.Min, scale.Max)
		}
	}
	if err := errs.err(); err != nil {
		return Consensus{}, err
	}
	s := slices.Sorted(slices.Values(scores))
	c := Consensus{N: len(s), Median: quantile(s, 0.5), Q1: quantile(s, 0.25), Q3: quantile(s, 0.75)}
	c.IQR = c.Q3 - c.Q1
	near := 0
	for _, x := range s {
		if math.Abs(x-c.Median) <= rule.Within+1e-9 {
			near++
		}
	}
	c.Share = float64(near) / float64(len(s))
	c.Consensus = c.IQR <= rule.MaxIQR+1e-9 && c.Share >= rule.MinShare-1e-12
	return c, nil
}

// quantile is the type 7 quantile of sorted values.
func quantile(s []float64, p float64) float64 {
	h := float64(len(s)-1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[i] + (h-lo)*(s[i+1]-s[i])
}

// StableShare is the share of participants who must keep their score for
// a service's scores to count as stable between two rounds: a change by
// at most 15 % of the panel, a convention of Delphi studies.
const StableShare = 0.85

// RoundChange compares one service's scores in two rounds.
type RoundChange struct {
	// N participants scored in both rounds.
	N int `json:"n"`
	// Unchanged is the share who gave the same score again.
	Unchanged float64 `json:"unchanged"`
	// WithinOne is the share whose score moved by at most one point.
	WithinOne float64 `json:"within_one"`
	// MeanAbsChange is the mean |current − previous|.
	MeanAbsChange float64 `json:"mean_abs_change"`
	// MedianShift and IQRShift are the changes of the group's median and
	// interquartile range (negative: the spread narrowed).
	MedianShift float64 `json:"median_shift"`
	IQRShift    float64 `json:"iqr_shift"`
	// Stable reports Unchanged ≥ StableShare.
	Stable bool `json:"stable"`
}

// Stability compares the scores the same participants gave a service in
// two rounds: prev[i] and cur[i] are participant i's scores (pair them by
// participant and leave out those who scored in only one round). Stability
// is reported apart from consensus: a panel can be stable without
// agreeing. Errors are invalid: fields "cur" (CodeEmpty, CodeSize), "prev[i]"
// and "cur[i]" (field.not_a_number).
func Stability(prev, cur []float64) (RoundChange, error) {
	var errs fieldErrors
	switch {
	case len(cur) == 0:
		errs.add("cur", CodeEmpty)
	case len(prev) != len(cur):
		errs.add("cur", CodeSize, len(cur), len(prev))
	}
	for _, f := range []struct {
		name string
		v    []float64
	}{{"prev", prev}, {"cur", cur}} {
		for i, x := range f.v {
			if !finite(x) {
				errs.add(idx(f.name, i), "field.not_a_number")
			}
		}
	}
	if err := errs.err(); err != nil {
		return RoundChange{}, err
	}
	n := len(cur)
	r := RoundChange{N: n}
	same, one := 0, 0
	for i := range n {
		d := math.Abs(cur[i] - prev[i])
		r.MeanAbsChange += d
		if d <= 1e-9 {
			same++
		}
		if d <= 1+1e-9 {
			one++
		}
	}
	r.MeanAbsChange /= float64(n)
	r.Unchanged = float64(same) / float64(n)
	r.WithinOne = float64(one) / float64(n)
	sp := slices.Sorted(slices.Values(prev))
	sc := slices.Sorted(slices.Values(cur))
	r.MedianShift = quantile(sc, 0.5) - quantile(sp, 0.5)
	r.IQRShift = (quantile(sc, 0.75) - quantile(sc, 0.25)) - (quantile(sp, 0.75) - quantile(sp, 0.25))
	r.Stable = r.Unchanged >= StableShare-1e-12
	return r, nil
}

// Spread is the dispersion of one service's ranks across municipalities.
type Spread struct {
	N      int     `json:"n"`
	Mean   float64 `json:"mean"`
	Median float64 `json:"median"`
	// SD is the standard deviation (dividing by N): how contested the
	// service is.
	SD    float64 `json:"sd"`
	Min   float64 `json:"min"`
	Max   float64 `json:"max"`
	Range float64 `json:"range"`
	IQR   float64 `json:"iqr"`
}

// Dispersion describes how far the municipalities' ranks of one service
// differ. Errors are invalid: fields "ranks" (CodeEmpty), "ranks[i]"
// (field.not_a_number).
func Dispersion(ranks []float64) (Spread, error) {
	var errs fieldErrors
	if len(ranks) == 0 {
		errs.add("ranks", CodeEmpty)
	}
	for i, x := range ranks {
		if !finite(x) {
			errs.add(idx("ranks", i), "field.not_a_number")
		}
	}
	if err := errs.err(); err != nil {
		return Spread{}, err
	}
	s := slices.Sorted(slices.Values(ranks))
	sp := Spread{N: len(s), Median: quantile(s, 0.5), Min: s[0], Max: s[len(s)-1]}
	sp.Range = sp.Max - sp.Min
	sp.IQR = quantile(s, 0.75) - quantile(s, 0.25)
	for _, x := range s {
		sp.Mean += x
	}
	sp.Mean /= float64(len(s))
	for _, x := range s {
		sp.SD += (x - sp.Mean) * (x - sp.Mean)
	}
	sp.SD = math.Sqrt(sp.SD / float64(len(s)))
	return sp, nil
}

// Contested is a service with the spread of its ranks.
type Contested struct {
	Service int `json:"service"`
	Spread
}

// MostContested returns the k services whose ranks differ most across the
// municipalities (all when k ≤ 0 or k ≥ n), by standard deviation, then
// range, then index. ranks is municipalities × services, e.g. each
// municipality's RankOf. Errors are invalid: fields "ranks" (CodeEmpty),
// "ranks[r]" (CodeSize), "ranks[r][i]" (field.not_a_number).
func MostContested(ranks [][]float64, k int) ([]Contested, error) {
	var errs fieldErrors
	if len(ranks) == 0 || len(ranks[0]) == 0 {
		errs.add("ranks", CodeEmpty)
		return nil, errs.err()
	}
	n := len(ranks[0])
	for r, row := range ranks {
		if len(row) != n {
			errs.add(idx("ranks", r), CodeSize, len(row), n)
			continue
		}
		for i, x := range row {
			if !finite(x) {
				errs.add(idx2("ranks", r, i), "field.not_a_number")
			}
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	out := make([]Contested, n)
	col := make([]float64, len(ranks))
	for i := range n {
		for r, row := range ranks {
			col[r] = row[i]
		}
		sp, _ := Dispersion(col)
		out[i] = Contested{Service: i, Spread: sp}
	}
	slices.SortStableFunc(out, func(a, b Contested) int {
		if c := cmp.Compare(b.SD, a.SD); c != 0 {
			return c
		}
		return cmp.Compare(b.Range, a.Range)
	})
	if k > 0 && k < n {
		out = out[:k]
	}
	return out, nil
}
