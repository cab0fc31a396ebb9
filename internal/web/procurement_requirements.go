package web

import (
	"net/http"
	"strconv"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// The requirement specification (GET /procurement/{tender}/requirements):
// number, text, must or should, the service and process step each came
// from; generating it from the process module's confirmed requirements,
// writing and editing one, publishing it as a document.

type specRow struct {
	procurement.SpecRequirement
	Service string
}

type specData struct {
	procView
	Tabs       tenderTabs
	Rows       []specRow
	Priorities []option
	Form       map[string]string
	Target     domain.ID // the requirement whose form was refused (0: the new one)
	Merge      map[string]string
	Published  bool
}

func (s *Server) procurementRequirements(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	return s.renderSpec(w, r, t, http.StatusOK, nil, 0, nil)
}

func (s *Server) renderSpec(w http.ResponseWriter, r *http.Request, t procurement.Tender, status int, form map[string]string, target domain.ID, err error) error {
	rc := reqOf(r)
	l := rc.Lang
	spec, serr := s.Procurement.Specification(r.Context(), rc.Principal, t.ID)
	if serr != nil {
		return serr
	}
	options, oerr := s.serviceOptions(r)
	if oerr != nil {
		return oerr
	}
	names := map[string]string{}
	for _, o := range options {
		names[o.Value] = o.Label
	}
	if form == nil {
		form = map[string]string{"priority": "must"}
	}
	d := specData{procView: s.procView(r), Tabs: s.tabs(r, t, "requirements"), Form: form, Target: target,
		Priorities: choices(l, "procurement.priority.", "must", "should"), Published: r.URL.Query().Get("published") == "1"}
	for _, q := range spec {
		d.Rows = append(d.Rows, specRow{SpecRequirement: q, Service: names[strconv.FormatInt(q.ServiceID, 10)]})
	}
	q := r.URL.Query()
	if q.Has("added") {
		d.Merge = map[string]string{"added": q.Get("added"), "updated": q.Get("updated"), "kept": q.Get("kept"), "removed": q.Get("removed")}
	}
	p := s.newPage(r, "procurement", tenderTitle(l, "procurement.requirements_title", t), d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "procurement_requirements", p)
}

// specRequirementOf finds requirement id of tender t, so that another
// tender's requirement is not found before any input is read.
func (s *Server) specRequirementOf(r *http.Request, t procurement.Tender, id domain.ID) (procurement.SpecRequirement, error) {
	spec, err := s.Procurement.Specification(r.Context(), reqOf(r).Principal, t.ID)
	if err != nil {
		return procurement.SpecRequirement{}, err
	}
	for _, q := range spec {
		if q.ID == id {
			return q, nil
		}
	}
	return procurement.SpecRequirement{}, domain.NotFound("error.page_not_found")
}

// procurementRequirementSave writes a new requirement (POST
// …/requirements) or edits one (POST …/requirements/{id}).
func (s *Server) procurementRequirementSave(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTender(r)
	if err != nil {
		return err
	}
	var q procurement.SpecRequirement
	if r.PathValue("id") != "" {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if q, err = s.specRequirementOf(r, t, id); err != nil {
			return err
		}
	}
	if err := parseForm(r); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	form := map[string]string{"text": r.FormValue("text"), "priority": r.FormValue("priority"), "version": r.FormValue("version")}
	if q.ID != 0 {
		form["removed"] = r.FormValue("removed")
	}
	v, err := formVersion(r)
	if err != nil {
		return s.renderSpec(w, r, t, http.StatusUnprocessableEntity, form, q.ID, err)
	}
	q.Text, q.Priority, q.Version = form["text"], form["priority"], v
	if q.ID != 0 {
		q.Removed = form["removed"] == "on"
	}
	_, err = s.Procurement.SaveSpecRequirement(r.Context(), reqOf(r).Principal, t.ID, q)
	if status, ok := formStatus(err); ok {
		return s.renderSpec(w, r, t, status, form, q.ID, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, tenderPath(t.ID, "requirements"))
}

// procurementRequirementsGenerate merges the confirmed requirements of the
// services bought into the specification.
func (s *Server) procurementRequirementsGenerate(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	m, err := s.Procurement.GenerateSpecification(r.Context(), reqOf(r).Principal, t.ID)
	if err != nil {
		return err
	}
	return redirect(w, r, tenderPath(t.ID, "requirements")+"?added="+strconv.Itoa(m.Added)+"&updated="+strconv.Itoa(m.Updated)+
		"&kept="+strconv.Itoa(m.Kept)+"&removed="+strconv.Itoa(m.Removed))
}

// procurementRequirementsPublish writes the specification as a new
// version of its document and publishes it.
func (s *Server) procurementRequirementsPublish(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	if _, err := s.Procurement.PublishSpecification(r.Context(), reqOf(r).Principal, t.ID, r.FormValue("note")); err != nil {
		return err
	}
	return redirect(w, r, tenderPath(t.ID, "requirements")+"?published=1")
}
