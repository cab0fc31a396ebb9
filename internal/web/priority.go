package web

import (
	"fmt"
	"math"
	"net/http"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
)

// rankingRow is one service of the ranking table and the heat map, as
// the manager's ranking lays it out (priority.RankingView.Standings).
type rankingRow struct {
	priority.ServiceStanding
}

// MunicipalRanks are its places in each municipality, for the page.
func (r rankingRow) MunicipalRanks() []rankValue {
	out := make([]rankValue, len(r.Municipal))
	for i, x := range r.Municipal {
		out[i] = rankValue(x)
	}
	return out
}

// JointRanks are its places by each joint method, for the page.
func (r rankingRow) JointRanks() []rankValue {
	out := make([]rankValue, len(r.Ranks))
	for i, x := range r.Ranks {
		out[i] = rankValue(x)
	}
	return out
}

// MovedText writes how far the service moved since the decision: "+3",
// "−1,5" (in the language's notation); empty when it did not move.
func (r rankingRow) MovedText(l i18n.Lang) string {
	switch {
	case r.Moved > 0:
		return "+" + rankValue(r.Moved).In(l)
	case r.Moved < 0:
		return rankValue(r.Moved).In(l) // Number writes the minus sign
	}
	return ""
}

// rankValue is a place in a ranking: a whole number, or with one
// decimal where tied services share an average place (2,5).
type rankValue float64

// In writes the place in the language's notation.
func (r rankValue) In(l i18n.Lang) string {
	return l.Number(float64(r), decimalsNeeded(float64(r), 1))
}

// pointsValue is a method's points or score: with as many decimals as it
// needs, at most three (Borda's 11 is "11", a weighted sum "0,734").
type pointsValue float64

// In writes the points in the language's notation.
func (p pointsValue) In(l i18n.Lang) string {
	return l.Number(float64(p), decimalsNeeded(float64(p), 3))
}

// decimalsNeeded is how many decimals, at most most, show v without
// trailing zeros once rounded to most.
func decimalsNeeded(v float64, most int) int {
	scaled := math.Round(v * math.Pow10(most))
	d := most
	for d > 0 && math.Mod(scaled, 10) == 0 {
		scaled /= 10
		d--
	}
	return d
}

type priorityData struct {
	View       *priority.RankingView
	Rows       []rankingRow
	Methods    []string
	Sort       string
	Contested  []rankingRow
	Decisions  []priority.DecisionView
	Latest     *priority.DecisionView
	CanDecide  bool
	NoRound    bool
	Sensitive  []sensitivityRow
	WeightRows []weightRow
	Group      *prioGroupView // how the group weights came about
}

type sensitivityRow struct {
	Criterion         string
	Weight, Low, High float64
}

type weightRow struct {
	Municipality string
	Source       string
	Weights      []float64
}

// priorityOverview is the Prioritering module: the joint ranking by each
// method side by side, every municipality's ranks as a heat map, agreement
// (Kendall's W), the most contested services, how far each weight may move
// before the top 10 changes, and the decisions with their approvals.
func (s *Server) priorityOverview(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	d := priorityData{Methods: priority.JointMethods, Sort: r.URL.Query().Get("sort"),
		CanDecide: rc.Principal.IsProgrammeLead()}
	decisions, err := s.Priority.Decisions(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	d.Decisions = decisions
	if len(decisions) > 0 {
		d.Latest = &decisions[len(decisions)-1]
	}
	round, err := formID(r, "round")
	if err != nil {
		return err
	}
	view, err := s.Priority.Rankings(r.Context(), rc.Principal, round, r.URL.Query().Get("by_population") == "1")
	switch {
	case domain.KindOf(err) == domain.KindNotFound && round == 0, domain.KindOf(err) == domain.KindInvalid:
		d.NoRound = true
	case err != nil:
		return err
	default:
		d.View = &view
		d.fill(rc.Lang)
	}
	p := s.newPage(r, "priority", rc.Lang.T("nav.priority"), d)
	return s.render(w, r, http.StatusOK, "priority", p)
}

// fill lays the ranking out for the page: the standings come computed
// from the manager's view; this only picks and names.
func (d *priorityData) fill(l i18n.Lang) {
	v := d.View
	var since *priority.Decision
	if d.Latest != nil {
		since = &d.Latest.Decision
	}
	standings := v.Standings(since)
	for i, c := range v.Contested {
		if i == 5 {
			break
		}
		d.Contested = append(d.Contested, rankingRow{standings[c.Service]})
	}
	priority.SortStandings(standings, d.Sort)
	for _, st := range standings {
		d.Rows = append(d.Rows, rankingRow{st})
	}
	for _, m := range v.Sensitivity {
		d.Sensitive = append(d.Sensitive, sensitivityRow{Criterion: v.Criteria[m.Criterion].NameIn(l.Code()),
			Weight: m.Weight, Low: m.Low, High: m.High})
	}
	d.Group = newPrioGroupView(v.Group)
	for i, mu := range v.Municipalities {
		d.WeightRows = append(d.WeightRows, weightRow{Municipality: mu.Name, Source: v.WeightSource[i], Weights: v.MunicipalWeights[i]})
	}
}

// createDecision freezes the current joint ranking by the chosen method:
// its order and scores, the group weights and the round.
func (s *Server) createDecision(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	if !rc.Principal.IsProgrammeLead() {
		return domain.Forbidden("auth.forbidden")
	}
	method := r.FormValue("method")
	round, err := formID(r, "round")
	if err != nil {
		return err
	}
	view, err := s.Priority.Rankings(r.Context(), rc.Principal, round, r.FormValue("by_population") == "1")
	if err != nil {
		return err
	}
	in, err := view.Snapshot(method)
	if err != nil {
		return err
	}
	in.Note = r.FormValue("note")
	dec, err := s.Priority.CreateDecision(r.Context(), rc.Principal, in)
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/priority/decisions/%d", dec.ID))
}

type decisionData struct {
	Decision  priority.DecisionView
	Ranking   []decisionLine
	Weights   []priority.DecisionWeight // by criterion, in the criteria's order
	Municipal map[domain.ID]string
	Compared  bool // whether today's places (by the same method) are known
	// Roadmap is the version of the roadmap a "build the roadmap from
	// this decision" form posts; nil when the viewer may not build it.
	Roadmap *int
}

// decisionLine is one service of a decision's frozen ranking, with its
// place today by the same method when known.
type decisionLine struct {
	priority.RankedService
	Now    rankValue
	HasNow bool
}

// Place and Points write the frozen place and score for the page.
func (d decisionLine) Place() rankValue    { return rankValue(d.Rank) }
func (d decisionLine) Points() pointsValue { return pointsValue(d.Score) }

// priorityDecision shows a frozen decision: its approvals, its ranking
// beside today's places by the same method, and its group weights named
// by criterion.
func (s *Server) priorityDecision(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	dec, err := s.Priority.Decision(r.Context(), rc.Principal, id)
	if err != nil {
		return err
	}
	d := decisionData{Decision: dec, Municipal: map[domain.ID]string{}}
	if ok, err := s.Roadmaps.MayEdit(r.Context(), rc.Principal); err != nil {
		return err
	} else if ok {
		rec, err := s.Roadmaps.Roadmap(r.Context(), rc.Principal)
		if err != nil {
			return err
		}
		d.Roadmap = &rec.Version
	}
	crits, err := s.Priority.Criteria(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	d.Weights = dec.WeightsByCriterion(crits)
	munis, err := s.Catalogue.Municipalities(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	for _, m := range munis {
		d.Municipal[m.ID] = m.Name
	}
	var now map[domain.ID]float64
	if view, err := s.Priority.Rankings(r.Context(), rc.Principal, 0, false); err == nil {
		now, d.Compared = view.RanksBy(dec.Method)
	}
	ranked, _ := dec.Decision.Services()
	for _, rs := range ranked {
		line := decisionLine{RankedService: rs}
		if x, ok := now[rs.ID]; ok {
			line.Now, line.HasNow = rankValue(x), true
		}
		d.Ranking = append(d.Ranking, line)
	}
	return s.render(w, r, http.StatusOK, "priority_decision",
		s.newPage(r, "priority", rc.Lang.T("priority.decision_title", dec.ID), d))
}

func (s *Server) approveDecision(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	muni, err := formID(r, "municipality")
	if err != nil {
		return err
	}
	if _, err := s.Priority.Approve(r.Context(), rc.Principal, id, muni); err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/priority/decisions/%d", id))
}

func (s *Server) priorityAudit(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	entries, err := s.Priority.Audit(r.Context(), rc.Principal, priority.AuditFilter{})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "priority_audit", s.newPage(r, "priority", rc.Lang.T("priority.audit_title"), entries))
}
