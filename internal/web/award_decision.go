package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// The award (GET/POST /procurement/{tender}/award): before the decision,
// the ranking and the form (winner from the ranking, reasons, electronic
// notice, a longer standstill); after it, the decision, the standstill's
// end in Oslo time with the rule that gave it, and every letter as sent,
// read-only (an edit is refused: POST …/award/letters/{letter}).

// awardLetterRow is one sent letter with its bidder's name.
type awardLetterRow struct {
	procurement.Letter
	Supplier string
}

// awardRankRow is one bid of the ranking.
type awardRankRow struct {
	procurement.BidResult
	Winner bool
}

type awardData struct {
	procView
	Tabs     tenderTabs
	Award    *procurement.Award
	Winner   string
	Part     procurement.Part
	Rules    []string
	LastDay  string
	Letters  []awardLetterRow
	Criteria []procurement.Criterion
	Ranking  []awardRankRow
	// NotReady says why no decision can be made yet ("" when it can).
	NotReady string
	Form     map[string]string
	// Target is the letter whose edit was refused.
	Target domain.ID
}

func (s *Server) awardPage(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	return s.renderAward(w, r, t, http.StatusOK, nil, 0, nil)
}

// renderAward shows the award page; form is the refused decision's input,
// target the letter whose edit was refused.
func (s *Server) renderAward(w http.ResponseWriter, r *http.Request, t procurement.Tender, status int, form map[string]string, target domain.ID, err error) error {
	rc := reqOf(r)
	l := rc.Lang
	ctx := r.Context()
	d := awardData{procView: s.procView(r), Tabs: s.tabs(r, t, "award"), Form: form, Target: target}
	d.Part = d.procView.Part(t)
	aw, aerr := s.Procurement.Award(ctx, rc.Principal, t.ID)
	switch {
	case aerr == nil:
		d.Award = &aw
		d.Rules = standstillRules(l, d.Part, aw)
		d.LastDay = l.Date(aw.StandstillEnd.In(procurement.Oslo()).AddDate(0, 0, -1))
	case domain.KindOf(aerr) != domain.KindNotFound:
		return aerr
	}
	names := map[domain.ID]string{}
	if t.Opening != nil {
		for _, b := range t.Opening.Bids {
			names[b.BidID] = b.Supplier
		}
	}
	if d.Award != nil {
		d.Winner = names[d.Award.WinnerBidID]
	}
	if d.Tabs.CanEdit {
		if d.Award != nil {
			letters, lerr := s.Procurement.Letters(ctx, rc.Principal, t.ID)
			if lerr != nil {
				return lerr
			}
			for _, lt := range letters {
				d.Letters = append(d.Letters, awardLetterRow{Letter: lt, Supplier: names[lt.BidID]})
			}
		} else {
			res, rerr := s.Procurement.Results(ctx, rc.Principal, t.ID)
			switch {
			case rerr == nil:
				d.Criteria = res.Criteria
				for _, b := range res.Ranked() {
					d.Ranking = append(d.Ranking, awardRankRow{BidResult: b, Winner: b.BidID == res.Winner})
				}
			case domain.KindOf(rerr) == domain.KindConflict || domain.KindOf(rerr) == domain.KindInvalid:
				d.NotReady = l.T(domain.AsError(rerr).Code)
			default:
				return rerr
			}
			if d.Form == nil {
				d.Form = map[string]string{"electronic": "on", "min_days": ""}
			}
		}
	}
	p := s.newPage(r, "procurement", tenderTitle(l, "awarding.title", t), d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "award_decision", p)
}

// standstillRules say how the standstill was computed: the part's rule
// (FOA § 25-2 for part III, § 10-2 for part II, none for part I), a longer
// period the buyer chose, and the counting of FOA § 7-6.
func standstillRules(l i18n.Lang, part procurement.Part, aw procurement.Award) []string {
	var out []string
	minimum := 0
	switch part {
	case procurement.PartIII, procurement.PartII:
		rule := "awarding.rule.ii"
		if part == procurement.PartIII {
			rule = "awarding.rule.iii"
		}
		out = append(out, l.T(rule, procurement.StandstillElectronicDays, procurement.StandstillOtherDays))
		minimum = procurement.StandstillOtherDays
		if aw.Electronic {
			minimum = procurement.StandstillElectronicDays
		}
		key := "awarding.rule.other"
		if aw.Electronic {
			key = "awarding.rule.electronic"
		}
		out = append(out, l.T(key, minimum))
	default:
		out = append(out, l.T("awarding.rule.none"))
	}
	if aw.MinDays > minimum {
		out = append(out, l.T("awarding.rule.chosen", aw.MinDays))
	}
	if aw.StandstillDays > 0 {
		out = append(out, l.T("awarding.rule.counting"))
	}
	return out
}

// awardDecide makes the award decision and sends the letters.
func (s *Server) awardDecide(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTender(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	form := map[string]string{"reasons": r.FormValue("reasons"), "electronic": r.FormValue("electronic"),
		"min_days": r.FormValue("min_days")}
	var errs []domain.FieldError
	days := 0
	if v := strings.TrimSpace(form["min_days"]); v != "" {
		n, code := domain.ParseNumber(v)
		switch {
		case code != "":
			errs = append(errs, domain.Field("min_days", code))
		case n != float64(int(n)):
			errs = append(errs, domain.Field("min_days", "awarding.whole_days"))
		default:
			days = int(n)
		}
	}
	if len(errs) > 0 {
		return s.renderAward(w, r, t, http.StatusUnprocessableEntity, form, 0, invalidOr(errs))
	}
	_, err = s.Procurement.DecideAward(r.Context(), reqOf(r).Principal, t.ID, procurement.AwardInput{
		Reasons: form["reasons"], Electronic: form["electronic"] == "on", MinDays: days})
	if status, ok := formStatus(err); ok {
		return s.renderAward(w, r, t, status, form, 0, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, tenderPath(t.ID, "award")+"#letters-h")
}

// awardLetterEdit is the attempt to change a sent letter: the manager
// refuses it (and logs the attempt); the page shows the refusal at the
// letter, unchanged.
func (s *Server) awardLetterEdit(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTender(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "letter")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	_, err = s.Procurement.EditLetter(r.Context(), reqOf(r).Principal, t.ID, id, r.FormValue("subject"), r.FormValue("body"))
	if status, ok := formStatus(err); ok {
		return s.renderAward(w, r, t, status, nil, id, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, tenderPath(t.ID, "award")+"#letter-"+strconv.FormatInt(id, 10))
}
