package procurement

import (
	"math"
	"slices"
	"strconv"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Spread is how far the evaluators' points for one bid on one score key
// lie apart, shown beside the consensus once every evaluator has scored.
type Spread struct {
	BidID     domain.ID `json:"bid_id"`
	Criterion string    `json:"criterion"`
	N         int       `json:"n"`
	Min       float64   `json:"min"`
	Max       float64   `json:"max"`
	Mean      float64   `json:"mean"`
	// StdDev is the population standard deviation: the evaluators are the
	// whole committee, not a sample of one.
	StdDev float64 `json:"std_dev"`
}

// Spreads returns the spread of scores per (bid, key), in the order of
// bids and keys; pairs nobody scored are left out.
func Spreads(scores []Score, bids []domain.ID, keys []string) []Spread {
	var out []Spread
	for _, b := range bids {
		for _, k := range keys {
			var pts []float64
			for _, s := range scores {
				if s.BidID == b && s.Criterion == k {
					pts = append(pts, s.Points)
				}
			}
			if len(pts) == 0 {
				continue
			}
			sp := Spread{BidID: b, Criterion: k, N: len(pts), Min: slices.Min(pts), Max: slices.Max(pts)}
			for _, p := range pts {
				sp.Mean += p
			}
			sp.Mean /= float64(len(pts))
			for _, p := range pts {
				sp.StdDev += (p - sp.Mean) * (p - sp.Mean)
			}
			sp.StdDev = math.Sqrt(sp.StdDev / float64(len(pts)))
			out = append(out, sp)
		}
	}
	return out
}

// EvaluatorProgress is how far one evaluator has come: what CanEdit
// persons see while the scoring is blind.
type EvaluatorProgress struct {
	EvaluatorID domain.ID `json:"evaluator_id"`
	Scored      int       `json:"scored"`
	Of          int       `json:"of"`
	Finished    bool      `json:"finished"`
}

// Progress says, per evaluator, how many of the (bid, key) pairs they
// have scored; an evaluator has finished when every pair is scored.
func Progress(evaluators domain.Editors, scores []Score, bids []domain.ID, keys []string) []EvaluatorProgress {
	out := make([]EvaluatorProgress, 0, len(evaluators))
	for _, e := range evaluators {
		p := EvaluatorProgress{EvaluatorID: e, Of: len(bids) * len(keys)}
		for _, b := range bids {
			for _, k := range keys {
				if slices.ContainsFunc(scores, func(s Score) bool { return s.EvaluatorID == e && s.BidID == b && s.Criterion == k }) {
					p.Scored++
				}
			}
		}
		p.Finished = p.Scored == p.Of
		out = append(out, p)
	}
	return out
}

// AllScored reports whether the scoring is no longer blind: there are
// evaluators and every one has scored every (bid, key) pair.
func AllScored(evaluators domain.Editors, scores []Score, bids []domain.ID, keys []string) bool {
	if len(evaluators) == 0 {
		return false
	}
	for _, p := range Progress(evaluators, scores, bids, keys) {
		if !p.Finished {
			return false
		}
	}
	return true
}

// ConsensusComplete reports whether consensus points are set for every
// (bid, key) pair.
func ConsensusComplete(cs []Consensus, bids []domain.ID, keys []string) bool {
	for _, b := range bids {
		for _, k := range keys {
			if _, ok := consensusOf(cs, b, k); !ok {
				return false
			}
		}
	}
	return true
}

func consensusOf(cs []Consensus, bid domain.ID, key string) (float64, bool) {
	for _, c := range cs {
		if c.BidID == bid && c.Criterion == key {
			return c.Points, true
		}
	}
	return 0, false
}

// BidResult is one bid's line in the results.
type BidResult struct {
	BidID      domain.ID `json:"bid_id"`
	SupplierID domain.ID `json:"supplier_id"`
	Supplier   string    `json:"supplier"`
	Price      float64   `json:"price"`
	// Points has the points per criterion, in the evaluation's order:
	// consensus (sub-criteria combined by their weights) or, for the price
	// criterion, the price model's.
	Points []float64 `json:"points"`
	// Total is Σ weight × points on the 0–10 scale.
	Total float64 `json:"total"`
	Rank  int     `json:"rank"`
}

// Flip is the sensitivity of the winner to one criterion's weight
// (WeightToFlip), in percentage points.
type Flip struct {
	Criterion string    `json:"criterion"`
	Delta     float64   `json:"delta"`
	NewWinner domain.ID `json:"new_winner"`
	OK        bool      `json:"ok"`
}

// Results are the totals and ranking of an evaluation.
type Results struct {
	Criteria []Criterion `json:"criteria"`
	// Bids are in the opening record's order; Rank says who won (1).
	Bids   []BidResult `json:"bids"`
	Winner domain.ID   `json:"winner"`
	Flips  []Flip      `json:"flips"`
	// PriceCheck says whether the other price model would have chosen
	// another winner (nil without a price criterion).
	PriceCheck *PriceModelCheck `json:"price_check,omitempty"`
}

// Ranked returns the bids from rank 1 down.
func (r Results) Ranked() []BidResult {
	out := slices.Clone(r.Bids)
	slices.SortStableFunc(out, func(a, b BidResult) int { return a.Rank - b.Rank })
	return out
}

// Bid returns the result of bid id.
func (r Results) Bid(id domain.ID) (BidResult, bool) {
	for _, b := range r.Bids {
		if b.BidID == id {
			return b, true
		}
	}
	return BidResult{}, false
}

// Compute returns the totals and the ranking of the opened bids in rec
// not rejected by ev, from ev's consensus and the prices: the price
// criterion by ev's price model with the lowest price as Pb (PriceScores),
// the others from the consensus, a criterion with sub-criteria as their
// weighted sum. Bids that are not intact are left out too: their content
// is not what was received.
//
// Errors: conflict "procurement.scoring_incomplete" when a consensus point
// is missing; invalid "procurement.no_bids" without a bid to rank; the
// checks of Scores and the price model as invalid at "criteria" and
// "price_model".
func Compute(ev Evaluation, rec OpeningRecord) (Results, error) {
	keys := ScoreKeys(ev.Criteria)
	var opened []OpenedBid
	for _, b := range rec.Bids {
		if b.Intact && !ev.IsRejected(b.BidID) {
			opened = append(opened, b)
		}
	}
	if len(opened) == 0 {
		return Results{}, domain.Invalid("procurement.no_bids")
	}
	ids := make([]domain.ID, len(opened))
	prices := make([]float64, len(opened))
	for i, b := range opened {
		ids[i], prices[i] = b.BidID, b.Price.Total
	}
	if !ConsensusComplete(ev.Consensus, ids, keys) {
		return Results{}, domain.Conflict("procurement.scoring_incomplete")
	}
	s := Scores{Points: make([][]float64, len(opened))}
	priceIdx := -1
	for j, c := range ev.Criteria {
		s.Criteria = append(s.Criteria, c.Key)
		s.Weights = append(s.Weights, c.Weight/100)
		if c.Price {
			priceIdx = j
		}
	}
	var pricePts []float64
	if priceIdx >= 0 {
		var err error
		if pricePts, err = PriceScores(ev.PriceModel, prices); err != nil {
			pe := err.(*PriceError)
			path := "price_model"
			if pe.Index >= 0 {
				path = "bids[" + strconv.Itoa(pe.Index) + "].price"
			}
			return Results{}, domain.Invalid("error.invalid_fields", domain.Field(path, pe.Code, pe.Params...))
		}
	}
	for i, b := range opened {
		s.Bidders = append(s.Bidders, b.Supplier)
		row := make([]float64, len(ev.Criteria))
		for j, c := range ev.Criteria {
			switch {
			case c.Price:
				row[j] = pricePts[i]
			case len(c.Sub) == 0:
				row[j], _ = consensusOf(ev.Consensus, b.BidID, c.Key)
			default:
				for _, sc := range c.Sub {
					p, _ := consensusOf(ev.Consensus, b.BidID, c.Key+"."+sc.Key)
					row[j] += sc.Weight / 100 * p
				}
			}
		}
		s.Points[i] = row
	}
	// The weights may sum to 100 within weightTolerance; Scores asks for
	// 1 within rounding, so they are scaled to sum exactly.
	total := 0.0
	for _, w := range s.Weights {
		total += w
	}
	for j := range s.Weights {
		s.Weights[j] /= total
	}
	if errs := s.Check(); len(errs) > 0 {
		return Results{}, domain.Invalid("error.invalid_fields", errs...)
	}
	totals, ranking := Totals(s), Ranking(s)
	res := Results{Criteria: ev.Criteria, Bids: make([]BidResult, len(opened))}
	for i, b := range opened {
		res.Bids[i] = BidResult{BidID: b.BidID, SupplierID: b.SupplierID, Supplier: b.Supplier, Price: b.Price.Total,
			Points: s.Points[i], Total: totals[i]}
	}
	for r, i := range ranking {
		res.Bids[i].Rank = r + 1
	}
	res.Winner = opened[ranking[0]].BidID
	for j, c := range ev.Criteria {
		d, w, ok := WeightToFlip(s, j)
		f := Flip{Criterion: c.Key, OK: ok, Delta: d * 100}
		if ok {
			f.NewWinner = opened[w].BidID
		}
		res.Flips = append(res.Flips, f)
	}
	if priceIdx >= 0 {
		check, err := ComparePriceModels(s, priceIdx, prices, ev.PriceModel)
		if err != nil {
			return Results{}, err
		}
		res.PriceCheck = &check
	}
	return res, nil
}
