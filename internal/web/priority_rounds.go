package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
	"github.com/tjenestevalg/tjenestevalg/internal/priority/method"
)

// consensusRule reads the consensus thresholds from the query (IQR at most
// max_iqr, at least min_share % within one point of the median), with the
// usual Delphi defaults for a threshold that is absent, unreadable or out
// of its range.
func consensusRule(r *http.Request) method.ConsensusRule {
	rule := method.DefaultConsensusRule()
	if v, code := domain.ParseNumber(r.URL.Query().Get("max_iqr")); code == "" && v >= 0 && v <= 4 {
		rule.MaxIQR = v
	}
	if v, code := domain.ParseNumber(r.URL.Query().Get("min_share")); code == "" && v > 0 && v <= 100 {
		rule.MinShare = v / 100
	}
	return rule
}

type roundsData struct {
	Rounds   []priority.RoundView
	CanOpen  bool
	Open     *priority.RoundView
	Form     map[string]string
	Chart    chartSpec
	Summary  []priority.RoundConsensus
	Services []option
	Rule     method.ConsensusRule
}

// priorityRounds lists the Delphi rounds with consensus round by round,
// and lets the programme lead open the next one.
func (s *Server) priorityRounds(w http.ResponseWriter, r *http.Request) error {
	return s.renderRounds(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderRounds(w http.ResponseWriter, r *http.Request, status int, form map[string]string, err error) error {
	rc := reqOf(r)
	l := rc.Lang
	rounds, rerr := s.Priority.Rounds(r.Context(), rc.Principal)
	if rerr != nil {
		return rerr
	}
	d := roundsData{Rounds: rounds, CanOpen: rc.Principal.IsProgrammeLead(), Form: form, Rule: consensusRule(r)}
	for i := range rounds {
		if !rounds[i].Over {
			d.Open = &rounds[i]
		}
	}
	summary, serr := s.Priority.ConsensusHistory(r.Context(), rc.Principal, d.Rule)
	if serr != nil {
		return serr
	}
	d.Summary = summary
	if len(d.Summary) > 0 {
		c := chartSpec{Type: "line", Y: l.T("priority.share"), Unit: "%"}
		cons := chartSeries{Name: l.T("priority.consensus_share"), Marks: true}
		stab := chartSeries{Name: l.T("priority.stable_share"), Marks: true, Dashed: true}
		for _, sm := range d.Summary {
			c.Categories = append(c.Categories, l.T("priority.round_n", sm.Round))
			cons.Values = append(cons.Values, 100*sm.ConsensusShare)
			stab.Values = append(stab.Values, 100*sm.StableShare)
		}
		c.Series = []chartSeries{cons, stab}
		d.Chart = c
	}
	if d.CanOpen {
		services, serr := s.Catalogue.Services(r.Context(), rc.Principal)
		if serr != nil {
			return serr
		}
		for _, sv := range services {
			d.Services = append(d.Services, option{Value: strconv.FormatInt(sv.ID, 10), Label: sv.Name(l.Code())})
		}
	}
	p := s.newPage(r, "priority", l.T("priority.rounds_title"), d)
	p.Charts = len(d.Summary) > 0
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "priority_rounds", p)
}

// openRound opens the next round: a copy of the previous one's services
// and participants, or the services chosen, with a deadline.
func (s *Server) openRound(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	if !rc.Principal.IsProgrammeLead() {
		return domain.Forbidden("auth.forbidden")
	}
	if err := r.ParseForm(); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	form := map[string]string{"deadline": r.FormValue("deadline"), "copy_previous": r.FormValue("copy_previous")}
	in := priority.RoundInput{CopyPrevious: r.FormValue("copy_previous") == "on"}
	deadline, err := time.ParseInLocation("2006-01-02T15:04", r.FormValue("deadline"), oslo())
	if err != nil {
		return s.renderRounds(w, r, http.StatusUnprocessableEntity, form,
			domain.Invalid("error.invalid_fields", domain.Field("deadline", "priority.deadline_format")))
	}
	in.Deadline = deadline
	for _, v := range r.Form["services"] {
		id, err := idValue("services", v)
		if err != nil {
			return s.renderRounds(w, r, http.StatusUnprocessableEntity, form, err)
		}
		if id != 0 {
			in.Services = append(in.Services, id)
		}
	}
	rv, err := s.Priority.OpenRound(r.Context(), rc.Principal, in)
	if status, ok := formStatus(err); ok {
		return s.renderRounds(w, r, status, form, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/priority/rounds/%d", rv.ID))
}

func oslo() *time.Location {
	if loc, err := time.LoadLocation("Europe/Oslo"); err == nil {
		return loc
	}
	return time.UTC
}

func (s *Server) closeRound(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Priority.CloseRound(r.Context(), reqOf(r).Principal, id); err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/priority/rounds/%d", id))
}

type roundData struct {
	Round     priority.RoundView
	Ballot    *priority.Ballot
	Progress  []progressRow
	Results   *priority.Results
	Consensus map[domain.ID]priority.ServiceConsensus
	Criteria  map[domain.ID]priority.Criterion
	CanClose  bool
	Failed    domain.ID
	Form      map[string]string
}

type progressRow struct {
	Municipality string
	priority.MunicipalProgress
}

// priorityRound is one round: a participant's ballot while it is open, the
// progress per municipality, and once it is over the anonymous results
// with each service's median, spread, consensus and rationales.
func (s *Server) priorityRound(w http.ResponseWriter, r *http.Request) error {
	return s.renderRound(w, r, http.StatusOK, roundData{}, nil)
}

func (s *Server) renderRound(w http.ResponseWriter, r *http.Request, status int, d roundData, err error) error {
	rc := reqOf(r)
	id, perr := pathID(r, "id")
	if perr != nil {
		return perr
	}
	rv, rerr := s.Priority.Round(r.Context(), rc.Principal, id)
	if rerr != nil {
		return rerr
	}
	d.Round, d.CanClose = rv, rc.Principal.IsProgrammeLead() && rv.ClosedAt == nil
	crits, cerr := s.Priority.Criteria(r.Context(), rc.Principal)
	if cerr != nil {
		return cerr
	}
	d.Criteria = map[domain.ID]priority.Criterion{}
	for _, c := range crits {
		d.Criteria[c.ID] = c
	}
	if rv.IsParticipant && rv.AcceptsScores {
		b, berr := s.Priority.Ballot(r.Context(), rc.Principal, id)
		if berr != nil {
			return berr
		}
		d.Ballot = &b
	}
	prog, perr2 := s.Priority.Progress(r.Context(), rc.Principal, id)
	if perr2 != nil {
		return perr2
	}
	munis, merr := s.Catalogue.Municipalities(r.Context(), rc.Principal)
	if merr != nil {
		return merr
	}
	names := map[domain.ID]string{}
	for _, m := range munis {
		names[m.ID] = m.Name
	}
	for _, p := range prog {
		d.Progress = append(d.Progress, progressRow{Municipality: names[p.MunicipalityID], MunicipalProgress: p})
	}
	if rv.Over {
		res, err := s.Priority.Results(r.Context(), rc.Principal, id)
		if err != nil {
			return err
		}
		d.Results = &res
		sum, err := s.Priority.RoundConsensus(r.Context(), rc.Principal, id, consensusRule(r))
		if err != nil {
			return err
		}
		d.Consensus = map[domain.ID]priority.ServiceConsensus{}
		for _, sc := range sum.Services {
			d.Consensus[sc.ServiceID] = sc
		}
	}
	p := s.newPage(r, "priority", rc.Lang.T("priority.round_title", rv.Number), d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(rc.Lang, err)
	}
	return s.render(w, r, status, "priority_round", p)
}

// submitScores records one service's scores of every criterion of the
// round, with rationales; a problem comes back on that service's form.
func (s *Server) submitScores(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	var errs []domain.FieldError
	svc, err := formID(r, "service")
	if err != nil {
		errs = append(errs, domain.AsError(err).Fields...)
	}
	muni, err := formID(r, "municipality")
	if err != nil {
		errs = append(errs, domain.AsError(err).Fields...)
	}
	sub := priority.Submission{RoundID: id, ServiceID: svc, MunicipalityID: muni}
	form := map[string]string{}
	for k := range r.PostForm {
		form[k] = r.PostForm.Get(k)
		if !strings.HasPrefix(k, "score_") {
			continue
		}
		// A field named for no criterion id is not the form's: skipped.
		cid, err := strconv.ParseInt(strings.TrimPrefix(k, "score_"), 10, 64)
		if err != nil {
			continue
		}
		n := len(errs)
		v := formNumber(k, r.PostForm.Get(k), &errs)
		if len(errs) > n {
			continue
		}
		sub.Scores = append(sub.Scores, priority.CriterionScore{CriterionID: cid, Value: v,
			Rationale: strings.TrimSpace(r.PostForm.Get(fmt.Sprintf("rationale_%d", cid)))})
	}
	d := roundData{Failed: svc, Form: form}
	if len(errs) > 0 {
		return s.renderRound(w, r, http.StatusUnprocessableEntity, d, domain.Invalid("error.invalid_fields", errs...))
	}
	err = s.Priority.Submit(r.Context(), rc.Principal, sub)
	if status, ok := formStatus(err); ok {
		return s.renderRound(w, r, status, d, err)
	}
	if err != nil {
		return err
	}
	if isAPI(r) || r.Header.Get("Accept") == "application/json" {
		writeJSON(w, http.StatusOK, map[string]any{"round": id, "service": svc, "saved": true})
		return nil
	}
	return redirect(w, r, fmt.Sprintf("/priority/rounds/%d#s-%d", id, svc))
}
