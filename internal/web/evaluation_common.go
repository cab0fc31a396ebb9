package web

import (
	"net/http"
	"strconv"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// What the evaluation's pages share: the evaluation as the person may see
// it (the manager decides who: CanEdit persons and the tender's
// evaluators), the bids by their number in the opening record, the score
// keys by name, the evaluators by name, and the navigation.

// evalView is the part of every evaluation page's data its layout needs.
type evalView struct {
	procView
	Tabs tenderTabs
	// Internal is false for an evaluator with no internal role: the
	// tender's other pages are not theirs, so only the evaluation's own
	// navigation is shown.
	Internal bool
	Current  string
	View     procurement.EvaluationView
	Bids     []evalBid
	Keys     []evalKey
}

// evalBid is an opened bid as the evaluation pages name it.
type evalBid struct {
	ID       domain.ID
	Number   int
	Supplier string
	Price    float64
	Intact   bool
	Rejected bool
	Label    string
	Files    int
}

// evalKey is a score key (a criterion or "criterion.sub") with its name.
type evalKey struct {
	Key, Name string
}

// evaluationOf reads the tender's evaluation as the principal may see it.
// Errors: the manager's (unauthorized, forbidden, not found).
func (s *Server) evaluationOf(r *http.Request) (procurement.EvaluationView, error) {
	id, err := pathID(r, "tender")
	if err != nil {
		return procurement.EvaluationView{}, err
	}
	return s.Procurement.Evaluation(r.Context(), reqOf(r).Principal, id)
}

func (s *Server) evalView(r *http.Request, v procurement.EvaluationView, current string) evalView {
	rc := reqOf(r)
	d := evalView{procView: s.procView(r), Tabs: tenderTabs{Tender: v.Tender, Current: "evaluation", CanEdit: v.CanEdit},
		Internal: rc.Principal.Internal(), Current: current, View: v}
	if o := v.Tender.Opening; o != nil {
		for _, b := range o.Bids {
			d.Bids = append(d.Bids, evalBid{ID: b.BidID, Number: b.Number, Supplier: b.Supplier, Price: b.Price.Total,
				Intact: b.Intact, Rejected: v.Evaluation.IsRejected(b.BidID), Files: b.Files,
				Label: rc.Lang.T("evaluation.bid_label", b.Number, b.Supplier)})
		}
	}
	d.Keys = scoreKeyNames(v.Evaluation.Criteria)
	return d
}

// scoreKeyNames names the score keys of criteria: a sub-criterion as
// "criterion – sub-criterion".
func scoreKeyNames(criteria []procurement.Criterion) []evalKey {
	var out []evalKey
	for _, c := range criteria {
		if c.Price {
			continue
		}
		if len(c.Sub) == 0 {
			out = append(out, evalKey{Key: c.Key, Name: c.Name})
			continue
		}
		for _, sc := range c.Sub {
			out = append(out, evalKey{Key: c.Key + "." + sc.Key, Name: c.Name + " – " + sc.Name})
		}
	}
	return out
}

// Bid returns the bid id among d's bids.
func (d evalView) Bid(id domain.ID) evalBid {
	for _, b := range d.Bids {
		if b.ID == id {
			return b
		}
	}
	return evalBid{ID: id, Label: strconv.FormatInt(id, 10)}
}

// ScoredBids are the bids being scored (intact and not rejected).
func (d evalView) ScoredBids() []evalBid {
	var out []evalBid
	for _, id := range d.View.Bids {
		out = append(out, d.Bid(id))
	}
	return out
}

// evaluatorNames names the committee: by the users' names for an internal
// person, else as "Evaluator n" (an evaluator without an internal role may
// not list the collaboration's users), the person's own entry by name.
func (s *Server) evaluatorNames(r *http.Request, ev procurement.Evaluation) (map[domain.ID]string, error) {
	rc := reqOf(r)
	out := map[domain.ID]string{}
	for i, id := range ev.Evaluators {
		out[id] = rc.Lang.T("evaluation.evaluator_n", i+1)
	}
	if rc.Principal.Internal() {
		users, err := s.Accounts.Users(r.Context(), rc.Principal)
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			if _, ok := out[u.ID]; ok {
				out[u.ID] = u.Name
			}
		}
	}
	if _, ok := out[rc.Principal.UserID]; ok {
		out[rc.Principal.UserID] = rc.Principal.Name
	}
	return out, nil
}

// evalTitle is an evaluation page's title.
func evalTitle(l i18n.Lang, key string, t procurement.Tender) string {
	return tenderTitle(l, key, t)
}

// evalPath is the evaluation's page sub ("" for the set-up).
func evalPath(id domain.ID, sub string) string {
	p := tenderPath(id, "evaluation")
	if sub != "" {
		p += "/" + sub
	}
	return p
}

// fmtPoints writes points as typed back into a form (plain notation).
func fmtPoints(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
