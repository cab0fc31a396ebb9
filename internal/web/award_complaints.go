package web

import (
	"net/http"
	"strconv"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// Complaints on the award (GET/POST /procurement/{tender}/complaints):
// every complaint with its answer, the form that registers one received by
// letter or e-mail, and the answer form (upheld or not) of each.

type complaintRow struct {
	procurement.Complaint
	Supplier string
}

type complaintsData struct {
	procView
	Tabs       tenderTabs
	Awarded    bool
	Complaints []complaintRow
	Bidders    []option
	Form       map[string]string
	// Target is the complaint whose answer was refused; 0 the register form.
	Target domain.ID
}

// complaintFormNames are the register form's fields for the manager's
// paths ("text" is the complaint, not a requirement's text).
var complaintFormNames = formNames{"text": "complaint"}

func (s *Server) complaintsPage(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	return s.renderComplaints(w, r, t, http.StatusOK, nil, 0, nil)
}

func (s *Server) renderComplaints(w http.ResponseWriter, r *http.Request, t procurement.Tender, status int, form map[string]string, target domain.ID, err error) error {
	rc := reqOf(r)
	l := rc.Lang
	ctx := r.Context()
	list, lerr := s.Procurement.Complaints(ctx, rc.Principal, t.ID)
	if lerr != nil {
		return lerr
	}
	d := complaintsData{procView: s.procView(r), Tabs: s.tabs(r, t, "award"), Form: form, Target: target}
	if _, aerr := s.Procurement.Award(ctx, rc.Principal, t.ID); aerr == nil {
		d.Awarded = true
	} else if domain.KindOf(aerr) != domain.KindNotFound {
		return aerr
	}
	names := map[domain.ID]string{}
	if t.Opening != nil {
		for _, b := range t.Opening.Bids {
			names[b.SupplierID] = b.Supplier
			d.Bidders = append(d.Bidders, option{Value: strconv.FormatInt(b.SupplierID, 10), Label: b.Supplier})
		}
	}
	for _, c := range list {
		d.Complaints = append(d.Complaints, complaintRow{Complaint: c, Supplier: names[c.SupplierID]})
	}
	if d.Form == nil {
		d.Form = map[string]string{}
	}
	p := s.newPage(r, "procurement", tenderTitle(l, "awarding.complaints_title", t), d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "award_complaints", p)
}

// complaintRegister records a complaint the buyer received otherwise.
func (s *Server) complaintRegister(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTender(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	form := map[string]string{"supplier_id": r.FormValue("supplier_id"), "received_at": r.FormValue("received_at"),
		"complaint": r.FormValue("complaint")}
	var errs []domain.FieldError
	sup, ierr := idValue("supplier_id", form["supplier_id"])
	if ierr != nil {
		errs = append(errs, domain.AsError(ierr).Fields...)
	} else if sup == 0 {
		errs = append(errs, domain.Field("supplier_id", "field.required"))
	}
	at := localTime("received_at", form["received_at"], false, &errs)
	if len(errs) > 0 {
		return s.renderComplaints(w, r, t, http.StatusUnprocessableEntity, form, 0, invalidOr(errs))
	}
	_, err = s.Procurement.RegisterComplaint(r.Context(), reqOf(r).Principal, t.ID, sup, form["complaint"], at)
	if status, ok := formStatus(err); ok {
		return s.renderComplaints(w, r, t, status, form, 0, complaintFormNames.of(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, tenderPath(t.ID, "complaints"))
}

// complaintAnswer answers a complaint, upheld or not. Another tender's
// complaint, or none, is not found before the input is read.
func (s *Server) complaintAnswer(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTender(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "complaint")
	if err != nil {
		return err
	}
	list, err := s.Procurement.Complaints(r.Context(), reqOf(r).Principal, t.ID)
	if err != nil {
		return err
	}
	found := false
	for _, c := range list {
		found = found || c.ID == id
	}
	if !found {
		return domain.NotFound("procurement.complaint_not_found")
	}
	if err := parseForm(r); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	form := map[string]string{"answer": r.FormValue("answer"), "upheld": r.FormValue("upheld")}
	v, err := formVersion(r)
	if err == nil {
		_, err = s.Procurement.AnswerComplaint(r.Context(), reqOf(r).Principal, t.ID, id, v, form["answer"], form["upheld"] == "on")
	}
	if status, ok := formStatus(err); ok {
		return s.renderComplaints(w, r, t, status, form, id, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, tenderPath(t.ID, "complaints")+"#c-"+strconv.FormatInt(id, 10))
}
