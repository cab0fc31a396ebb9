package web

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
	"github.com/tjenestevalg/tjenestevalg/internal/roadmap"
)

// rankingRow is one service of the ranking table: its place by each
// method, and its rank in each municipality for the heat map.
type rankingRow struct {
	Service   catalogue.Service
	Ranks     []float64 // by method, in priority.JointMethods order
	Scores    []float64
	Municipal []float64 // rank per municipality
	Heat      []int     // 1–5: the municipality's rank in fifths, for the heat map's shading
	SD        float64   // how contested (standard deviation of the municipal ranks)
	Moved     string    // since the latest decision: "+3", "−2", "new", ""
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

// rankingKey orders the table: by a method's rank (default the weighted sum).
func (d *priorityData) sortRows() {
	i := slices.Index(d.Methods, d.Sort)
	if i < 0 {
		i = 0
	}
	slices.SortStableFunc(d.Rows, func(a, b rankingRow) int {
		return cmpFloat(a.Ranks[i], b.Ranks[i])
	})
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// heatLevel puts a rank into fifths of the list: 1 the top fifth.
func heatLevel(rank float64, n int) int {
	if n <= 1 {
		return 1
	}
	return min(5, 1+int(5*(rank-1)/float64(n)))
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
	round, _ := strconv.ParseInt(r.URL.Query().Get("round"), 10, 64)
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

// fill lays the ranking out for the page.
func (d *priorityData) fill(l i18n.Lang) {
	v := d.View
	n := len(v.Services)
	var before map[domain.ID]float64
	if d.Latest != nil {
		before = decisionRanks(d.Latest.Decision)
	}
	for si, svc := range v.Services {
		row := rankingRow{Service: svc}
		for _, j := range v.Joint {
			row.Ranks = append(row.Ranks, j.Rank[si])
			row.Scores = append(row.Scores, j.Scores[si])
		}
		var ranks []float64
		for mi := range v.Municipalities {
			rk := v.Municipal[mi][si]
			row.Municipal = append(row.Municipal, rk)
			row.Heat = append(row.Heat, heatLevel(rk, n))
			ranks = append(ranks, rk)
		}
		row.SD = stdDev(ranks)
		if before != nil {
			if old, ok := before[svc.ID]; ok {
				if delta := old - row.Ranks[0]; delta != 0 {
					row.Moved = fmt.Sprintf("%+g", delta)
				}
			} else {
				row.Moved = l.T("priority.new_since")
			}
		}
		d.Rows = append(d.Rows, row)
	}
	for i, c := range v.Contested {
		if i == 5 {
			break
		}
		row := d.Rows[c.Service]
		d.Contested = append(d.Contested, row)
	}
	d.sortRows()
	for _, m := range v.Sensitivity {
		d.Sensitive = append(d.Sensitive, sensitivityRow{Criterion: v.Criteria[m.Criterion].NameIn(l.Code()),
			Weight: m.Weight, Low: m.Low, High: m.High})
	}
	for i, mu := range v.Municipalities {
		row := weightRow{Municipality: mu.Name, Source: v.WeightSource[i]}
		row.Weights = v.MunicipalWeights[i]
		d.WeightRows = append(d.WeightRows, row)
	}
}

func stdDev(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	var mean, ss float64
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return math.Sqrt(ss / float64(len(xs)))
}

// decisionRanks reads the ranks a decision froze, by service.
func decisionRanks(dec priority.Decision) map[domain.ID]float64 {
	dr, err := dec.Services()
	if err != nil {
		return nil
	}
	out := map[domain.ID]float64{}
	for _, s := range dr {
		out[s.ID] = s.Rank
	}
	return out
}

// createDecision freezes the current joint ranking by the chosen method:
// its order and scores, the group weights and the round.
func (s *Server) createDecision(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	if !rc.Principal.IsProgrammeLead() {
		return domain.Forbidden("auth.forbidden")
	}
	method := r.FormValue("method")
	round, _ := strconv.ParseInt(r.FormValue("round"), 10, 64)
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
	Ranking   []priority.RankedService
	Weights   map[string]float64
	Municipal map[domain.ID]string
	Current   map[domain.ID]float64 // today's rank by the same method
	// Roadmap is the version of the roadmap a "build the roadmap from
	// this decision" form posts; nil when the viewer may not build it.
	Roadmap *int
}

func (s *Server) priorityDecision(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return domain.NotFound("priority.decision_not_found")
	}
	dec, err := s.Priority.Decision(r.Context(), rc.Principal, id)
	if err != nil {
		return err
	}
	d := decisionData{Decision: dec, Municipal: map[domain.ID]string{}}
	d.Ranking, _ = dec.Decision.Services()
	if roadmap.CanEdit(rc.Principal) {
		rec, err := s.Roadmaps.Roadmap(r.Context(), rc.Principal)
		if err != nil {
			return err
		}
		d.Roadmap = &rec.Version
	}
	_ = json.Unmarshal(dec.Weights, &d.Weights)
	munis, err := s.Catalogue.Municipalities(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	for _, m := range munis {
		d.Municipal[m.ID] = m.Name
	}
	if view, err := s.Priority.Rankings(r.Context(), rc.Principal, 0, false); err == nil {
		if j, ok := view.ByMethod(dec.Method); ok {
			d.Current = map[domain.ID]float64{}
			for si, svc := range view.Services {
				d.Current[svc.ID] = j.Rank[si]
			}
		}
	}
	return s.render(w, r, http.StatusOK, "priority_decision",
		s.newPage(r, "priority", rc.Lang.T("priority.decision_title", dec.ID), d))
}

func (s *Server) approveDecision(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return domain.NotFound("priority.decision_not_found")
	}
	muni, _ := strconv.ParseInt(r.FormValue("municipality"), 10, 64)
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
