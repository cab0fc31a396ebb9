package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// The evaluation's set-up (GET and POST /procurement/{tender}/evaluation):
// the award criteria with their weights in percent and sub-criteria, the
// price model, the committee, the presentations (30 minutes per bidder by
// default, started in Oslo time, with minutes); the bids' answers to the
// must requirements (POST …/answers) and the rejection of a bid with a
// reason (POST …/bids/{bid}/reject). The forms' field names are the
// evaluation's JSON paths, except that sub-criteria are rows of their own
// ("subs[2].weight", naming their criterion by key): setupFormNames maps
// the manager's "criteria[i].sub[j]…" onto them.

type criterionRow struct {
	Index                    int
	Key, Name, Weight, Price string
}

type subRow struct {
	Index                     int
	Parent, Key, Name, Weight string
}

type presentationRow struct {
	Index          int
	Bid            string
	Start, Minutes string
	Notes          string
}

type answerRow struct {
	Index       int
	Bid         evalBid
	Requirement procurement.SpecRequirement
	Met         string // "", "yes", "no"
	Place, Note string
}

// setupInput is the set-up form as typed, to show again.
type setupInput struct {
	criteria      []criterionRow
	subs          []subRow
	model         string
	evaluators    []string
	presentations []presentationRow
}

type setupData struct {
	evalView
	Criteria      []criterionRow
	Subs          []subRow
	Model         string
	Models        []option
	Evaluators    []editorChoice
	Presentations []presentationRow
	BidOptions    []option
	Answers       []answerRow
	Failures      map[domain.ID][]string
	RejectBid     domain.ID
	RejectReason  string
	Saved         string
}

func (s *Server) evaluationSetup(w http.ResponseWriter, r *http.Request) error {
	v, err := s.evaluationOf(r)
	if err != nil {
		return err
	}
	return s.renderSetup(w, r, v, nil, nil, http.StatusOK, nil)
}

// renderSetup shows the set-up: the form as typed (in, answers) or as
// stored (nil).
func (s *Server) renderSetup(w http.ResponseWriter, r *http.Request, v procurement.EvaluationView, in *setupInput,
	answers []answerRow, status int, err error) error {
	rc := reqOf(r)
	l := rc.Lang
	ctx := r.Context()
	d := setupData{evalView: s.evalView(r, v, "setup"), Failures: map[domain.ID][]string{}, Saved: r.URL.Query().Get("saved")}
	if in == nil {
		in = setupInputOf(v.Evaluation, d.Bids)
	}
	d.Criteria, d.Subs, d.Model, d.Presentations = in.criteria, in.subs, in.model, in.presentations
	d.Models = choices(l, "evaluation.model.", procurement.PriceModels...)
	for _, b := range d.Bids {
		d.BidOptions = append(d.BidOptions, option{Value: strconv.FormatInt(b.ID, 10), Label: b.Label})
	}
	if v.CanEdit {
		d.Criteria = append(d.Criteria, criterionRow{Index: len(d.Criteria)})
		d.Subs = append(d.Subs, subRow{Index: len(d.Subs)})
		users, uerr := s.Accounts.Users(ctx, rc.Principal)
		if uerr != nil {
			return uerr
		}
		for _, u := range users {
			pr := u.Principal()
			if u.Disabled || !(pr.Internal() || pr.Has(domain.RoleEvaluator)) {
				continue
			}
			id := strconv.FormatInt(u.ID, 10)
			d.Evaluators = append(d.Evaluators, editorChoice{ID: u.ID, Name: u.Name, Chosen: slices.Contains(in.evaluators, id)})
		}
		spec, serr := s.Procurement.Specification(ctx, rc.Principal, v.Tender.ID)
		if serr != nil {
			return serr
		}
		names := map[domain.ID]string{}
		for _, q := range spec {
			names[q.ID] = q.Number
		}
		for bid, reqs := range v.MustFailures {
			for _, q := range reqs {
				d.Failures[bid] = append(d.Failures[bid], names[q])
			}
		}
		if answers == nil {
			answers = answerRows(v, d.Bids, spec)
		}
		d.Answers = answers
	}
	if d.RejectBid, err = rejectOf(r, err); d.RejectBid != 0 {
		d.RejectReason = r.FormValue("reason")
	}
	p := s.newPage(r, "procurement", evalTitle(l, "evaluation.setup_title", v.Tender), d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "evaluation_setup", p)
}

// rejectOf is the bid whose rejection form is shown again with err.
func rejectOf(r *http.Request, err error) (domain.ID, error) {
	if err == nil || r.PathValue("bid") == "" {
		return 0, err
	}
	id, _ := pathID(r, "bid")
	return id, err
}

// answerRows are the answer form's rows: every opened bid against every
// must requirement of the specification, with what was recorded.
func answerRows(v procurement.EvaluationView, bids []evalBid, spec []procurement.SpecRequirement) []answerRow {
	var out []answerRow
	for _, b := range bids {
		for _, q := range spec {
			if q.Removed || q.Priority != "must" {
				continue
			}
			row := answerRow{Index: len(out), Bid: b, Requirement: q}
			for _, a := range v.Evaluation.Answers {
				if a.BidID == b.ID && a.RequirementID == q.ID {
					row.Place, row.Note = a.Place, a.Note
					if a.Met != nil {
						row.Met = map[bool]string{true: "yes", false: "no"}[*a.Met]
					}
				}
			}
			out = append(out, row)
		}
	}
	return out
}

// setupInputOf is the set-up form of a stored evaluation; without
// presentations, one 30-minute row per opened bid is offered.
func setupInputOf(ev procurement.Evaluation, bids []evalBid) *setupInput {
	in := &setupInput{model: ev.PriceModel}
	if in.model == "" {
		in.model = procurement.PriceLinear
	}
	for i, c := range ev.Criteria {
		row := criterionRow{Index: i, Key: c.Key, Name: c.Name, Weight: fmtPoints(c.Weight)}
		if c.Price {
			row.Price = "on"
		}
		in.criteria = append(in.criteria, row)
		for _, sc := range c.Sub {
			in.subs = append(in.subs, subRow{Index: len(in.subs), Parent: c.Key, Key: sc.Key, Name: sc.Name, Weight: fmtPoints(sc.Weight)})
		}
	}
	for _, id := range ev.Evaluators {
		in.evaluators = append(in.evaluators, strconv.FormatInt(id, 10))
	}
	for _, pr := range ev.Presentations {
		in.presentations = append(in.presentations, presentationRow{Index: len(in.presentations), Bid: strconv.FormatInt(pr.BidID, 10),
			Start: procurement.FormatLocal(pr.Start), Minutes: strconv.Itoa(pr.Minutes), Notes: pr.Notes})
	}
	if len(ev.Presentations) == 0 {
		for _, b := range bids {
			if b.Intact {
				in.presentations = append(in.presentations, presentationRow{Index: len(in.presentations),
					Bid: strconv.FormatInt(b.ID, 10), Minutes: "30"})
			}
		}
	}
	return in
}

// readSetup reads the set-up form into ev; rows left empty are not kept.
// It returns the form as typed, the form's names for the manager's paths,
// and what could not be read.
func readSetup(r *http.Request, ev *procurement.Evaluation) (*setupInput, formNames, []domain.FieldError) {
	var errs []domain.FieldError
	in := &setupInput{model: r.FormValue("price_model"), evaluators: r.Form["evaluators"]}
	names := formNames{"evaluators[*]": "evaluators", "criteria": "criteria"}
	ev.PriceModel = in.model
	ev.Criteria = nil
	for i := 0; i < 200; i++ {
		f := func(k string) string { return r.FormValue(fmt.Sprintf("criteria[%d].%s", i, k)) }
		if _, ok := r.Form[fmt.Sprintf("criteria[%d].key", i)]; !ok {
			break
		}
		row := criterionRow{Index: len(in.criteria), Key: f("key"), Name: f("name"), Weight: f("weight"), Price: f("price")}
		if strings.TrimSpace(row.Key+row.Name+row.Weight) == "" {
			continue
		}
		path := fmt.Sprintf("criteria[%d]", len(ev.Criteria))
		c := procurement.Criterion{Key: row.Key, Name: row.Name, Price: row.Price == "on"}
		c.Weight = formNumber(path+".weight", row.Weight, &errs)
		ev.Criteria = append(ev.Criteria, c)
		in.criteria = append(in.criteria, row)
	}
	for i := 0; i < 500; i++ {
		f := func(k string) string { return r.FormValue(fmt.Sprintf("subs[%d].%s", i, k)) }
		if _, ok := r.Form[fmt.Sprintf("subs[%d].key", i)]; !ok {
			break
		}
		row := subRow{Index: len(in.subs), Parent: strings.TrimSpace(f("parent")), Key: f("key"), Name: f("name"), Weight: f("weight")}
		if strings.TrimSpace(row.Parent+row.Key+row.Name+row.Weight) == "" {
			continue
		}
		path := fmt.Sprintf("subs[%d]", row.Index)
		in.subs = append(in.subs, row)
		ci := slices.IndexFunc(ev.Criteria, func(c procurement.Criterion) bool { return c.Key == row.Parent })
		if ci < 0 {
			errs = append(errs, domain.Field(path+".parent", "evaluation.parent_unknown"))
			continue
		}
		sc := procurement.SubCriterion{Key: row.Key, Name: row.Name}
		sc.Weight = formNumber(path+".weight", row.Weight, &errs)
		c := &ev.Criteria[ci]
		mp := fmt.Sprintf("criteria[%d].sub[%d]", ci, len(c.Sub))
		for _, k := range []string{"key", "name", "weight"} {
			names[mp+"."+k] = path + "." + k
		}
		if len(c.Sub) == 0 {
			names[fmt.Sprintf("criteria[%d].sub", ci)] = path + ".weight"
		}
		c.Sub = append(c.Sub, sc)
	}
	ev.Evaluators = nil
	for _, v := range in.evaluators {
		id, err := idValue("evaluators", v)
		if err != nil {
			errs = append(errs, domain.AsError(err).Fields...)
			continue
		}
		if id != 0 && !slices.Contains(ev.Evaluators, id) {
			ev.Evaluators = append(ev.Evaluators, id)
		}
	}
	ev.Presentations = nil
	for i := 0; i < 200; i++ {
		f := func(k string) string { return r.FormValue(fmt.Sprintf("presentations[%d].%s", i, k)) }
		if _, ok := r.Form[fmt.Sprintf("presentations[%d].bid_id", i)]; !ok {
			break
		}
		row := presentationRow{Index: len(in.presentations), Bid: f("bid_id"), Start: f("start"), Minutes: f("minutes"), Notes: f("notes")}
		in.presentations = append(in.presentations, row)
		if strings.TrimSpace(row.Start) == "" && strings.TrimSpace(row.Notes) == "" {
			continue // not scheduled
		}
		path := fmt.Sprintf("presentations[%d]", row.Index)
		mp := fmt.Sprintf("presentations[%d]", len(ev.Presentations))
		for _, k := range []string{"bid_id", "start", "minutes", "notes"} {
			names[mp+"."+k] = path + "." + k
		}
		pr := procurement.Presentation{Notes: row.Notes}
		bid, err := idValue(path+".bid_id", row.Bid)
		if err != nil {
			errs = append(errs, domain.AsError(err).Fields...)
		}
		pr.BidID = bid
		pr.Start = localTime(path+".start", row.Start, true, &errs)
		pr.Minutes = int(formInt(path+".minutes", row.Minutes, &errs))
		ev.Presentations = append(ev.Presentations, pr)
	}
	return in, names, errs
}

// evaluationSetupSave stores the set-up (CanEdit persons). The "add row"
// buttons show the form again as typed with one more empty row, storing
// nothing.
func (s *Server) evaluationSetupSave(w http.ResponseWriter, r *http.Request) error {
	v, err := s.evaluationOf(r)
	if err != nil {
		return err
	}
	p := reqOf(r).Principal
	if !v.CanEdit {
		// The manager refuses and logs the attempt before reading anything.
		if _, err := s.Procurement.SetupEvaluation(r.Context(), p, v.Tender.ID, procurement.Evaluation{}); err != nil {
			return err
		}
		return domain.Forbidden("auth.forbidden")
	}
	if err := parseForm(r); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	ev := procurement.Evaluation{}
	in, names, errs := readSetup(r, &ev)
	if add := r.FormValue("add"); add == "criteria" || add == "subs" {
		if add == "criteria" {
			in.criteria = append(in.criteria, criterionRow{Index: len(in.criteria)})
		} else {
			in.subs = append(in.subs, subRow{Index: len(in.subs)})
		}
		return s.renderSetup(w, r, v, in, nil, http.StatusOK, nil)
	}
	ver, verr := formVersion(r)
	if verr != nil {
		errs = append(errs, domain.AsError(verr).Fields...)
	}
	ev.Version = ver
	if len(errs) > 0 {
		return s.renderSetup(w, r, v, in, nil, http.StatusUnprocessableEntity, names.of(invalidOr(errs)))
	}
	_, err = s.Procurement.SetupEvaluation(r.Context(), p, v.Tender.ID, ev)
	if status, ok := formStatus(err); ok {
		return s.renderSetup(w, r, v, in, nil, status, names.of(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, evalPath(v.Tender.ID, "")+"?saved=setup#setup-h")
}

// evaluationAnswers records the bids' answers to the must requirements
// (CanEdit persons); rows left unchecked and empty are not sent.
func (s *Server) evaluationAnswers(w http.ResponseWriter, r *http.Request) error {
	v, err := s.evaluationOf(r)
	if err != nil {
		return err
	}
	p := reqOf(r).Principal
	if !v.CanEdit {
		if _, err := s.Procurement.SaveAnswers(r.Context(), p, v.Tender.ID, 0, nil); err != nil {
			return err
		}
		return domain.Forbidden("auth.forbidden")
	}
	if err := parseForm(r); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	var errs []domain.FieldError
	var answers []procurement.Answer
	var rows []answerRow
	d := s.evalView(r, v, "setup")
	names := formNames{}
	for i := 0; i < 2000; i++ {
		f := func(k string) string { return r.FormValue(fmt.Sprintf("answers[%d].%s", i, k)) }
		if _, ok := r.Form[fmt.Sprintf("answers[%d].bid_id", i)]; !ok {
			break
		}
		path := fmt.Sprintf("answers[%d]", i)
		bid, err := idValue(path+".bid_id", f("bid_id"))
		if err != nil {
			errs = append(errs, domain.AsError(err).Fields...)
		}
		req, err := idValue(path+".requirement_id", f("requirement_id"))
		if err != nil {
			errs = append(errs, domain.AsError(err).Fields...)
		}
		row := answerRow{Index: i, Bid: d.Bid(bid), Requirement: procurement.SpecRequirement{ID: req}, Met: f("met"), Place: f("place"), Note: f("note")}
		rows = append(rows, row)
		a := procurement.Answer{BidID: bid, RequirementID: req, Place: row.Place, Note: row.Note}
		switch row.Met {
		case "yes", "no":
			met := row.Met == "yes"
			a.Met = &met
		case "":
			if strings.TrimSpace(row.Place+row.Note) == "" {
				continue
			}
		default:
			errs = append(errs, domain.Field(path+".met", "field.unknown_choice"))
		}
		mp := fmt.Sprintf("answers[%d]", len(answers))
		for _, k := range []string{"bid_id", "requirement_id", "met", "place", "note"} {
			names[mp+"."+k] = path + "." + k
		}
		answers = append(answers, a)
	}
	ver, verr := formVersion(r)
	if verr != nil {
		errs = append(errs, domain.AsError(verr).Fields...)
	}
	// The rows' requirement texts, to show them again.
	spec, serr := s.Procurement.Specification(r.Context(), p, v.Tender.ID)
	if serr != nil {
		return serr
	}
	for i := range rows {
		for _, q := range spec {
			if q.ID == rows[i].Requirement.ID {
				rows[i].Requirement = q
			}
		}
	}
	if len(errs) > 0 {
		return s.renderSetup(w, r, v, nil, rows, http.StatusUnprocessableEntity, invalidOr(errs))
	}
	_, err = s.Procurement.SaveAnswers(r.Context(), p, v.Tender.ID, ver, answers)
	if status, ok := formStatus(err); ok {
		return s.renderSetup(w, r, v, nil, rows, status, names.of(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, evalPath(v.Tender.ID, "")+"?saved=answers#answers-h")
}

// evaluationReject rejects an opened bid of the tender with a reason
// (CanEdit persons). A bid of another tender, or of none, is not found;
// before the opening no bid is known, so the answer is that the tender is
// not opened.
func (s *Server) evaluationReject(w http.ResponseWriter, r *http.Request) error {
	v, err := s.evaluationOf(r)
	if err != nil {
		return err
	}
	p := reqOf(r).Principal
	bid, err := pathID(r, "bid")
	if err != nil {
		return err
	}
	if !v.CanEdit {
		if _, err := s.Procurement.RejectBid(r.Context(), p, v.Tender.ID, 0, bid, ""); err != nil {
			return err
		}
		return domain.Forbidden("auth.forbidden")
	}
	if v.Tender.Opening == nil {
		return domain.Conflict("procurement.not_opened")
	}
	if !slices.ContainsFunc(v.Tender.Opening.Bids, func(b procurement.OpenedBid) bool { return b.BidID == bid }) {
		return domain.NotFound("error.page_not_found")
	}
	if err := parseForm(r); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	ver, err := formVersion(r)
	if err != nil {
		return s.renderSetup(w, r, v, nil, nil, http.StatusUnprocessableEntity, err)
	}
	_, err = s.Procurement.RejectBid(r.Context(), p, v.Tender.ID, ver, bid, r.FormValue("reason"))
	if status, ok := formStatus(err); ok {
		return s.renderSetup(w, r, v, nil, nil, status, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, evalPath(v.Tender.ID, "")+"?saved=rejected#bids-h")
}

// evaluationBidFile downloads file n of an opened bid for the persons the
// manager authorises for opened bids: CanEdit persons and the tender's
// evaluators, also those without an internal role (Annex IV (f)); logged.
func (s *Server) evaluationBidFile(w http.ResponseWriter, r *http.Request) error {
	tender, err := pathID(r, "tender")
	if err != nil {
		return err
	}
	bid, err := pathID(r, "bid")
	if err != nil {
		return err
	}
	n, err := pathID(r, "n")
	if err != nil {
		return err
	}
	f, err := s.Procurement.BidFile(r.Context(), reqOf(r).Principal, tender, bid, int(n))
	if err != nil {
		return err
	}
	sendFile(w, f)
	return nil
}
