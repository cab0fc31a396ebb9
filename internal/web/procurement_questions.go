package web

import (
	"net/http"
	"strconv"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// The questions and answers (GET /procurement/{tender}/questions): every
// question with its asker, the answer form with "publish", the bidders'
// conference and its questions.

type questionRow struct {
	procurement.Question
	Supplier string
	Asker    string
}

type questionsData struct {
	procView
	Tabs       tenderTabs
	Questions  []questionRow
	Suppliers  []option
	Attendees  map[string]bool
	ConfAt     string
	ConfNotes  string
	ConfForm   map[string]string
	Form       map[string]string
	Target     domain.ID
	Conference procurement.BiddersConference
}

func (s *Server) procurementQuestions(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	return s.renderQuestions(w, r, t, http.StatusOK, nil, 0, nil)
}

func (s *Server) renderQuestions(w http.ResponseWriter, r *http.Request, t procurement.Tender, status int, form map[string]string, target domain.ID, err error) error {
	rc := reqOf(r)
	l := rc.Lang
	ctx := r.Context()
	qs, qerr := s.Procurement.Questions(ctx, rc.Principal, t.ID)
	if qerr != nil {
		return qerr
	}
	suppliers, serr := s.Procurement.Suppliers(ctx, rc.Principal)
	if serr != nil {
		return serr
	}
	names := map[domain.ID]string{}
	d := questionsData{procView: s.procView(r), Tabs: s.tabs(r, t, "questions"), Attendees: map[string]bool{},
		Form: form, Target: target, Conference: t.Conference}
	for _, sup := range suppliers {
		names[sup.ID] = sup.Name
		d.Suppliers = append(d.Suppliers, option{Value: strconv.FormatInt(sup.ID, 10), Label: sup.Name})
	}
	users, uerr := s.Accounts.Users(ctx, rc.Principal)
	if uerr != nil {
		return uerr
	}
	people := map[domain.ID]string{}
	for _, u := range users {
		people[u.ID] = u.Name
	}
	for _, q := range qs {
		row := questionRow{Question: q, Supplier: names[q.SupplierID], Asker: people[q.AskedBy]}
		d.Questions = append(d.Questions, row)
	}
	d.ConfForm = map[string]string{"at": procurement.FormatLocal(t.Conference.At), "minutes": t.Conference.Minutes}
	for _, id := range t.Conference.Attendees {
		d.Attendees[strconv.FormatInt(id, 10)] = true
	}
	if target == -1 && form != nil { // the conference form refused: show it as typed
		d.ConfForm = form
		d.Attendees = map[string]bool{}
		for _, v := range r.Form["attendees"] {
			d.Attendees[v] = true
		}
	}
	if d.Form == nil {
		d.Form = map[string]string{}
	}
	p := s.newPage(r, "procurement", tenderTitle(l, "procurement.questions_title", t), d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "procurement_questions", p)
}

// procurementAnswer answers a question, publishing the answer when asked.
func (s *Server) procurementAnswer(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTender(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	qs, err := s.Procurement.Questions(r.Context(), reqOf(r).Principal, t.ID)
	if err != nil {
		return err
	}
	found := false
	for _, q := range qs {
		found = found || q.ID == id
	}
	if !found {
		return domain.NotFound("error.page_not_found")
	}
	if err := parseForm(r); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	form := map[string]string{"answer": r.FormValue("answer"), "publish": r.FormValue("publish"), "version": r.FormValue("version")}
	v, err := formVersion(r)
	if err == nil {
		_, err = s.Procurement.AnswerQuestion(r.Context(), reqOf(r).Principal, t.ID, id, v, form["answer"], form["publish"] == "on")
	}
	if status, ok := formStatus(err); ok {
		return s.renderQuestions(w, r, t, status, form, id, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, tenderPath(t.ID, "questions")+"#q-"+strconv.FormatInt(id, 10))
}

// procurementConferenceQuestion records a question raised at the
// bidders' conference with its answer.
func (s *Server) procurementConferenceQuestion(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTender(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	form := map[string]string{"text": r.FormValue("text"), "answer": r.FormValue("answer")}
	_, err = s.Procurement.AddConferenceQuestion(r.Context(), reqOf(r).Principal, t.ID, form["text"], form["answer"])
	if status, ok := formStatus(err); ok {
		return s.renderQuestions(w, r, t, status, form, 0, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, tenderPath(t.ID, "questions"))
}

// procurementConference stores the bidders' conference: when, who came,
// the minutes.
func (s *Server) procurementConference(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTender(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	form := map[string]string{"at": r.FormValue("at"), "minutes": r.FormValue("minutes")}
	var errs []domain.FieldError
	c := procurement.BiddersConference{Minutes: form["minutes"]}
	c.At = localTime("at", form["at"], false, &errs)
	ids, ierr := formIDs(r, "attendees")
	if ierr != nil {
		errs = append(errs, domain.AsError(ierr).Fields...)
	}
	c.Attendees = ids
	v, verr := formVersion(r)
	if verr != nil {
		errs = append(errs, domain.AsError(verr).Fields...)
	}
	names := conferenceFormNames
	if len(errs) > 0 {
		return s.renderQuestions(w, r, t, http.StatusUnprocessableEntity, form, -1, names.of(invalidOr(errs)))
	}
	_, err = s.Procurement.SaveConference(r.Context(), reqOf(r).Principal, t.ID, v, c)
	if status, ok := formStatus(err); ok {
		return s.renderQuestions(w, r, t, status, form, -1, names.of(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, tenderPath(t.ID, "questions")+"#conference-h")
}
