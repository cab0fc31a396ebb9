package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// The scoring (GET and POST /procurement/{tender}/evaluation/scores): an
// evaluator's own sheet, points 0–10 with a reason per bid per criterion
// or sub-criterion. While the scoring is blind an evaluator sees only
// their own points and a CanEdit person who has finished, no points;
// after that every score is shown. The consensus (GET and POST
// …/consensus): every evaluator's points with the spread, and the form
// the CanEdit persons agree on the points with.

// scoreRow is one (bid, key) of a scoring or consensus form.
type scoreRow struct {
	Index  int
	Bid    evalBid
	Key    evalKey
	Points string
	Reason string
	// Given are the evaluators' points (consensus page).
	Given  []givenScore
	Spread *procurement.Spread
}

type givenScore struct {
	Name   string
	Points float64
	Reason string
}

type evalProgressRow struct {
	Name string
	procurement.EvaluatorProgress
}

type scoresData struct {
	evalView
	Rows     []scoreRow
	Progress []evalProgressRow
	Saved    bool
}

func (s *Server) evaluationScores(w http.ResponseWriter, r *http.Request) error {
	v, err := s.evaluationOf(r)
	if err != nil {
		return err
	}
	return s.renderScores(w, r, v, nil, http.StatusOK, nil)
}

// keyOf finds key among d's keys.
func (d evalView) keyOf(key string) evalKey {
	for _, k := range d.Keys {
		if k.Key == key {
			return k
		}
	}
	return evalKey{Key: key, Name: key}
}

// scoreRows are the form's rows: every scored bid on every key, with the
// points p gave (own) or the consensus (cs).
func scoreRows(d evalView, own []procurement.Score, cs []procurement.Consensus) []scoreRow {
	var out []scoreRow
	for _, b := range d.ScoredBids() {
		for _, k := range d.Keys {
			row := scoreRow{Index: len(out), Bid: b, Key: k}
			for _, sc := range own {
				if sc.BidID == b.ID && sc.Criterion == k.Key {
					row.Points, row.Reason = fmtPoints(sc.Points), sc.Reason
				}
			}
			for _, c := range cs {
				if c.BidID == b.ID && c.Criterion == k.Key {
					row.Points, row.Reason = fmtPoints(c.Points), c.Reason
				}
			}
			out = append(out, row)
		}
	}
	return out
}

func (s *Server) progressRows(r *http.Request, v procurement.EvaluationView) ([]evalProgressRow, map[domain.ID]string, error) {
	names, err := s.evaluatorNames(r, v.Evaluation)
	if err != nil {
		return nil, nil, err
	}
	var out []evalProgressRow
	for _, pr := range v.Progress {
		out = append(out, evalProgressRow{Name: names[pr.EvaluatorID], EvaluatorProgress: pr})
	}
	return out, names, nil
}

func (s *Server) renderScores(w http.ResponseWriter, r *http.Request, v procurement.EvaluationView, rows []scoreRow, status int, err error) error {
	l := reqOf(r).Lang
	d := scoresData{evalView: s.evalView(r, v, "scores"), Saved: r.URL.Query().Get("saved") == "1"}
	var names map[domain.ID]string
	var perr error
	if d.Progress, names, perr = s.progressRows(r, v); perr != nil {
		return perr
	}
	if rows == nil {
		var own []procurement.Score
		for _, sc := range v.Scores {
			if sc.EvaluatorID == reqOf(r).Principal.UserID {
				own = append(own, sc)
			}
		}
		rows = scoreRows(d.evalView, own, nil)
	}
	if !v.Blind {
		addGiven(rows, v, names)
	}
	d.Rows = rows
	p := s.newPage(r, "procurement", evalTitle(l, "evaluation.scores_title", v.Tender), d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "evaluation_scores", p)
}

// addGiven adds every evaluator's points and the spread to rows (once the
// scoring is no longer blind).
func addGiven(rows []scoreRow, v procurement.EvaluationView, names map[domain.ID]string) {
	for i := range rows {
		row := &rows[i]
		for _, e := range v.Evaluation.Evaluators {
			for _, sc := range v.Scores {
				if sc.EvaluatorID == e && sc.BidID == row.Bid.ID && sc.Criterion == row.Key.Key {
					row.Given = append(row.Given, givenScore{Name: names[e], Points: sc.Points, Reason: sc.Reason})
				}
			}
		}
		for j, sp := range v.Spreads {
			if sp.BidID == row.Bid.ID && sp.Criterion == row.Key.Key {
				row.Spread = &v.Spreads[j]
			}
		}
	}
}

// readPoints reads the rows of a scoring or consensus form named prefix
// ("scores", "consensus"); rows with neither points nor a reason are not
// sent. names maps the manager's paths of the rows sent onto the form's.
func readPoints(r *http.Request, d evalView, prefix string) ([]scoreRow, []procurement.Consensus, formNames, []domain.FieldError) {
	var errs []domain.FieldError
	var rows []scoreRow
	var out []procurement.Consensus
	names := formNames{}
	for i := 0; i < 5000; i++ {
		f := func(k string) string { return r.FormValue(fmt.Sprintf("%s[%d].%s", prefix, i, k)) }
		if _, ok := r.Form[fmt.Sprintf("%s[%d].bid_id", prefix, i)]; !ok {
			break
		}
		path := fmt.Sprintf("%s[%d]", prefix, i)
		bid, err := idValue(path+".bid_id", f("bid_id"))
		if err != nil {
			errs = append(errs, domain.AsError(err).Fields...)
		}
		row := scoreRow{Index: i, Bid: d.Bid(bid), Key: d.keyOf(f("criterion")), Points: f("points"), Reason: f("reason")}
		rows = append(rows, row)
		if strings.TrimSpace(row.Points) == "" && strings.TrimSpace(row.Reason) == "" {
			continue
		}
		c := procurement.Consensus{BidID: bid, Criterion: row.Key.Key, Reason: row.Reason}
		c.Points = formNumber(path+".points", row.Points, &errs)
		mp := fmt.Sprintf("%s[%d]", prefix, len(out))
		for _, k := range []string{"bid_id", "criterion", "points", "reason"} {
			names[mp+"."+k] = path + "." + k
		}
		out = append(out, c)
	}
	return rows, out, names, errs
}

// evaluationScoresSave stores the evaluator's own points (the tender's
// evaluators only; the manager refuses anyone else, logged).
func (s *Server) evaluationScoresSave(w http.ResponseWriter, r *http.Request) error {
	v, err := s.evaluationOf(r)
	if err != nil {
		return err
	}
	p := reqOf(r).Principal
	if !v.IsEvaluator {
		if _, err := s.Procurement.SaveScores(r.Context(), p, v.Tender.ID, nil); err != nil {
			return err
		}
		return domain.Forbidden("auth.forbidden")
	}
	if err := parseForm(r); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	rows, points, names, errs := readPoints(r, s.evalView(r, v, "scores"), "scores")
	if len(errs) > 0 {
		return s.renderScores(w, r, v, rows, http.StatusUnprocessableEntity, invalidOr(errs))
	}
	scores := make([]procurement.Score, len(points))
	for i, c := range points {
		scores[i] = procurement.Score{BidID: c.BidID, Criterion: c.Criterion, Points: c.Points, Reason: c.Reason}
	}
	_, err = s.Procurement.SaveScores(r.Context(), p, v.Tender.ID, scores)
	if status, ok := formStatus(err); ok {
		return s.renderScores(w, r, v, rows, status, names.of(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, evalPath(v.Tender.ID, "scores")+"?saved=1")
}

type consensusData struct {
	evalView
	Rows     []scoreRow
	Progress []evalProgressRow
	Saved    bool
}

func (s *Server) evaluationConsensus(w http.ResponseWriter, r *http.Request) error {
	v, err := s.evaluationOf(r)
	if err != nil {
		return err
	}
	return s.renderConsensus(w, r, v, nil, http.StatusOK, nil)
}

func (s *Server) renderConsensus(w http.ResponseWriter, r *http.Request, v procurement.EvaluationView, rows []scoreRow, status int, err error) error {
	l := reqOf(r).Lang
	d := consensusData{evalView: s.evalView(r, v, "consensus"), Saved: r.URL.Query().Get("saved") == "1"}
	var names map[domain.ID]string
	var perr error
	if d.Progress, names, perr = s.progressRows(r, v); perr != nil {
		return perr
	}
	if rows == nil {
		rows = scoreRows(d.evalView, nil, v.Evaluation.Consensus)
	}
	if !v.Blind {
		addGiven(rows, v, names)
		d.Rows = rows
	}
	p := s.newPage(r, "procurement", evalTitle(l, "evaluation.consensus_title", v.Tender), d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "evaluation_consensus", p)
}

// evaluationConsensusSave stores the agreed points (CanEdit persons, once
// every evaluator has scored).
func (s *Server) evaluationConsensusSave(w http.ResponseWriter, r *http.Request) error {
	v, err := s.evaluationOf(r)
	if err != nil {
		return err
	}
	p := reqOf(r).Principal
	if !v.CanEdit {
		if _, err := s.Procurement.SetConsensus(r.Context(), p, v.Tender.ID, 0, nil); err != nil {
			return err
		}
		return domain.Forbidden("auth.forbidden")
	}
	if err := parseForm(r); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	rows, cs, names, errs := readPoints(r, s.evalView(r, v, "consensus"), "consensus")
	ver, verr := formVersion(r)
	if verr != nil {
		errs = append(errs, domain.AsError(verr).Fields...)
	}
	if len(errs) > 0 {
		return s.renderConsensus(w, r, v, rows, http.StatusUnprocessableEntity, invalidOr(errs))
	}
	_, err = s.Procurement.SetConsensus(r.Context(), p, v.Tender.ID, ver, cs)
	if status, ok := formStatus(err); ok {
		return s.renderConsensus(w, r, v, rows, status, names.of(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, evalPath(v.Tender.ID, "consensus")+"?saved=1")
}
