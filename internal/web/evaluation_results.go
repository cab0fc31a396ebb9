package web

import (
	"net/http"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// The results (GET /procurement/{tender}/evaluation/results): the totals
// and the ranking, the price points under both price models and whether
// the other model changes the winner, and per criterion how many
// percentage points its weight must move to change the winner. Before the
// consensus is complete the page says what is missing.

type flipRow struct {
	Name string
	procurement.Flip
	NewWinner string
}

type priceRow struct {
	Bid                 evalBid
	Points, OtherPoints float64
	Total, OtherTotal   float64
}

type resultsData struct {
	evalView
	Ready   bool
	Results procurement.Results
	Ranked  []procurement.BidResult
	Flips   []flipRow
	Prices  []priceRow
	Check   *procurement.PriceModelCheck
	Winner  string
	Other   string
}

func (s *Server) evaluationResults(w http.ResponseWriter, r *http.Request) error {
	v, err := s.evaluationOf(r)
	if err != nil {
		return err
	}
	rc := reqOf(r)
	d := resultsData{evalView: s.evalView(r, v, "results")}
	res, err := s.Procurement.Results(r.Context(), rc.Principal, v.Tender.ID)
	switch {
	case err == nil:
		d.Ready, d.Results, d.Ranked = true, res, res.Ranked()
	case domain.KindOf(err) == domain.KindConflict:
		// Not yet: the page says so.
	default:
		return err
	}
	if d.Ready {
		d.Winner = d.Bid(res.Winner).Label
		for _, f := range res.Flips {
			row := flipRow{Flip: f}
			for _, c := range res.Criteria {
				if c.Key == f.Criterion {
					row.Name = c.Name
				}
			}
			if f.OK {
				row.NewWinner = d.Bid(f.NewWinner).Label
			}
			d.Flips = append(d.Flips, row)
		}
		if c := res.PriceCheck; c != nil {
			d.Check = c
			for i, b := range res.Bids {
				d.Prices = append(d.Prices, priceRow{Bid: d.Bid(b.BidID), Points: c.Points[i], OtherPoints: c.OtherPoints[i],
					Total: c.Totals[i], OtherTotal: c.OtherTotals[i]})
			}
			d.Other = d.Bid(res.Bids[c.OtherWinner].BidID).Label
		}
	}
	return s.render(w, r, http.StatusOK, "evaluation_results",
		s.newPage(r, "procurement", evalTitle(rc.Lang, "evaluation.results_title", v.Tender), d))
}
