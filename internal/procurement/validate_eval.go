package procurement

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Limits of the evaluation's typed values.
const (
	maxKey    = 40
	maxReason = 4000
)

// weightTolerance is how far from 100 the weights may sum: percentages
// typed with two decimals (33.33 + 33.33 + 33.34) pass, a forgotten
// criterion does not.
const weightTolerance = 0.01

// Validate checks an evaluation's set-up, every error at once, at the JSON
// paths of the values.
//
// Rules: at least one criterion; each with a key (letters, digits, "-" or
// "_", unique among the criteria), a name and a weight in (0, 100]; the
// weights sum to 100 (within 0.01); at most one price criterion, without
// sub-criteria; sub-criteria keyed uniquely within their criterion, named,
// weighted in (0, 100] and summing to 100; the price model one of
// PriceModels; no evaluator named twice or as 0; presentations of a bid,
// at a time, of more than 0 minutes.
func (e Evaluation) Validate() []domain.FieldError {
	var errs []domain.FieldError
	if len(e.Criteria) == 0 {
		errs = append(errs, domain.Field("criteria", "field.required"))
	}
	sum := 0.0
	weightsOK := true
	seen := map[string]bool{}
	prices := 0
	for i, c := range e.Criteria {
		path := "criteria[" + strconv.Itoa(i) + "]"
		errs = checkKey(errs, path+".key", c.Key, seen)
		errs = domain.Required(errs, path+".name", strings.TrimSpace(c.Name))
		errs = domain.MaxLen(errs, path+".name", c.Name, maxTitle)
		if !weightInRange(c.Weight) {
			errs = append(errs, domain.Field(path+".weight", "procurement.weight_range"))
			weightsOK = false
		}
		sum += c.Weight
		if c.Price {
			prices++
			if prices > 1 {
				errs = append(errs, domain.Field(path+".price", "procurement.one_price_criterion"))
			}
			if len(c.Sub) > 0 {
				errs = append(errs, domain.Field(path+".sub", "procurement.price_no_sub"))
			}
			continue
		}
		subSum := 0.0
		subOK := true
		subSeen := map[string]bool{}
		for j, s := range c.Sub {
			sp := path + ".sub[" + strconv.Itoa(j) + "]"
			errs = checkKey(errs, sp+".key", s.Key, subSeen)
			errs = domain.Required(errs, sp+".name", strings.TrimSpace(s.Name))
			errs = domain.MaxLen(errs, sp+".name", s.Name, maxTitle)
			if !weightInRange(s.Weight) {
				errs = append(errs, domain.Field(sp+".weight", "procurement.weight_range"))
				subOK = false
			}
			subSum += s.Weight
		}
		if len(c.Sub) > 0 && subOK && math.Abs(subSum-100) > weightTolerance {
			errs = append(errs, domain.Field(path+".sub", "procurement.sub_weights_sum", percent(subSum)))
		}
	}
	if len(e.Criteria) > 0 && weightsOK && math.Abs(sum-100) > weightTolerance {
		errs = append(errs, domain.Field("criteria", "procurement.weights_sum", percent(sum)))
	}
	errs = domain.OneOf(errs, "price_model", e.PriceModel, PriceModels)
	for i, id := range e.Evaluators {
		if id <= 0 || slices.Index(e.Evaluators, id) < i {
			errs = append(errs, domain.Field("evaluators["+strconv.Itoa(i)+"]", "procurement.evaluator_invalid"))
		}
	}
	for i, p := range e.Presentations {
		path := "presentations[" + strconv.Itoa(i) + "]"
		if p.BidID <= 0 {
			errs = append(errs, domain.Field(path+".bid_id", "field.required"))
		}
		if p.Start.IsZero() {
			errs = append(errs, domain.Field(path+".start", "field.required"))
		}
		if p.Minutes <= 0 {
			errs = append(errs, domain.Field(path+".minutes", "procurement.minutes_positive"))
		}
		errs = domain.MaxLen(errs, path+".notes", p.Notes, maxText)
	}
	return errs
}

func weightInRange(w float64) bool { return w > 0 && w <= 100 }

// percent writes a sum of weights for a message, to two decimals.
func percent(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }

// checkKey checks a criterion's or sub-criterion's key: required, short,
// of letters, digits, "-" and "_" (a "." joins a criterion to its
// sub-criterion in a score's key), and not seen before.
func checkKey(errs []domain.FieldError, path, key string, seen map[string]bool) []domain.FieldError {
	if key == "" {
		return append(errs, domain.Field(path, "field.required"))
	}
	errs = domain.MaxLen(errs, path, key, maxKey)
	for _, r := range key {
		if !(r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return append(errs, domain.Field(path, "procurement.criterion_key_invalid"))
		}
	}
	if seen[key] {
		return append(errs, domain.Field(path, "procurement.criterion_key_taken", key))
	}
	seen[key] = true
	return errs
}

// ScoreKeys are the keys evaluators score under: each non-price
// criterion's key, or "criterion.sub" for each of its sub-criteria. Price
// criteria are computed from the prices, never scored by hand.
func ScoreKeys(criteria []Criterion) []string {
	var keys []string
	for _, c := range criteria {
		if c.Price {
			continue
		}
		if len(c.Sub) == 0 {
			keys = append(keys, c.Key)
			continue
		}
		for _, s := range c.Sub {
			keys = append(keys, c.Key+"."+s.Key)
		}
	}
	return keys
}

// checkPoints checks one set of points with its reason at path: bid one
// of bids, criterion one of keys, points 0–10, a reason.
func checkPoints(errs []domain.FieldError, path string, bid domain.ID, criterion string, points float64, reason string,
	bids []domain.ID, keys []string) []domain.FieldError {
	if !slices.Contains(bids, bid) {
		errs = append(errs, domain.Field(path+".bid_id", "procurement.bid_not_evaluated"))
	}
	if criterion == "" {
		errs = append(errs, domain.Field(path+".criterion", "field.required"))
	} else if !slices.Contains(keys, criterion) {
		errs = append(errs, domain.Field(path+".criterion", "procurement.criterion_not_scored", criterion))
	}
	if !(points >= 0 && points <= 10) {
		errs = append(errs, domain.Field(path+".points", "procurement.points_range"))
	}
	errs = domain.Required(errs, path+".reason", strings.TrimSpace(reason))
	return domain.MaxLen(errs, path+".reason", reason, maxReason)
}

// CheckScores checks an evaluator's scores against the evaluation's
// score keys and the opened bids, every error at once at
// "scores[i].points", "scores[i].reason" …; a (bid, criterion) given twice
// is refused at the second.
func CheckScores(scores []Score, bids []domain.ID, keys []string) []domain.FieldError {
	var errs []domain.FieldError
	if len(scores) == 0 {
		errs = append(errs, domain.Field("scores", "field.required"))
	}
	type pair struct {
		bid domain.ID
		key string
	}
	seen := map[pair]bool{}
	for i, s := range scores {
		path := "scores[" + strconv.Itoa(i) + "]"
		errs = checkPoints(errs, path, s.BidID, s.Criterion, s.Points, s.Reason, bids, keys)
		if seen[pair{s.BidID, s.Criterion}] {
			errs = append(errs, domain.Field(path+".criterion", "procurement.score_twice"))
		}
		seen[pair{s.BidID, s.Criterion}] = true
	}
	return errs
}

// CheckConsensus checks consensus points like CheckScores, at
// "consensus[i]…".
func CheckConsensus(cs []Consensus, bids []domain.ID, keys []string) []domain.FieldError {
	var errs []domain.FieldError
	if len(cs) == 0 {
		errs = append(errs, domain.Field("consensus", "field.required"))
	}
	for i, c := range cs {
		errs = checkPoints(errs, "consensus["+strconv.Itoa(i)+"]", c.BidID, c.Criterion, c.Points, c.Reason, bids, keys)
	}
	return errs
}

// CheckAnswers checks answers to the specification: a bid that was
// opened, a requirement of the specification, texts within limits.
func CheckAnswers(as []Answer, bids, reqs []domain.ID) []domain.FieldError {
	var errs []domain.FieldError
	for i, a := range as {
		path := "answers[" + strconv.Itoa(i) + "]"
		if !slices.Contains(bids, a.BidID) {
			errs = append(errs, domain.Field(path+".bid_id", "procurement.bid_not_evaluated"))
		}
		if !slices.Contains(reqs, a.RequirementID) {
			errs = append(errs, domain.Field(path+".requirement_id", "procurement.requirement_not_found"))
		}
		if a.Met != nil && !*a.Met && strings.TrimSpace(a.Note) == "" {
			errs = append(errs, domain.Field(path+".note", "procurement.not_met_reason"))
		}
		errs = domain.MaxLen(errs, path+".place", a.Place, maxTitle)
		errs = domain.MaxLen(errs, path+".note", a.Note, maxQuestion)
	}
	return errs
}
