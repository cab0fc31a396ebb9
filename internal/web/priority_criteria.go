package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
)

// The criteria page: the collaboration's criteria, and the programme
// lead's form to change one.

type prioCriteriaData struct {
	Criteria []priority.Criterion
	CanEdit  bool
	EditID   domain.ID           // the criterion whose form was posted
	Edit     *priority.Criterion // the criterion whose form is open
	Form     map[string]string
	Saved    string // the name of the criterion just saved
}

func prioCriterionForm(c priority.Criterion) map[string]string {
	active := ""
	if c.Active {
		active = "1"
	}
	return map[string]string{"name": c.Name, "name_en": c.NameEN, "description": c.Description,
		"direction": string(c.Direction), "active": active, "order": strconv.Itoa(c.Order), "version": strconv.Itoa(c.Version)}
}

func (s *Server) renderPrioCriteria(w http.ResponseWriter, r *http.Request, status int, d prioCriteriaData, err error) error {
	rc := reqOf(r)
	list, lerr := s.Priority.EnsureCriteria(r.Context(), rc.Principal)
	if lerr != nil {
		return lerr
	}
	d.Criteria = list
	d.CanEdit = priority.CanEditCriteria(rc.Principal)
	q := r.URL.Query()
	for i := range list {
		c := &list[i]
		id := strconv.FormatInt(c.ID, 10)
		switch {
		case d.EditID == c.ID:
			d.Edit = c
		case d.EditID == 0 && d.CanEdit && q.Get("edit") == id:
			d.Edit, d.Form = c, prioCriterionForm(*c)
		}
		if r.Method == http.MethodGet && q.Get("saved") == id {
			d.Saved = c.LocalName(rc.Lang.Code())
		}
	}
	if d.EditID != 0 && d.Edit == nil {
		return domain.NotFound("priority.criterion_not_found")
	}
	p := s.newPage(r, "priority", rc.Lang.T("priority.criteria.title"), d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(rc.Lang, err)
	}
	return s.render(w, r, status, "priority_criteria", p)
}

// priorityCriteria lists the collaboration's criteria, adding the
// defaults on the first visit; ?edit=ID opens a criterion's form for the
// programme lead.
func (s *Server) priorityCriteria(w http.ResponseWriter, r *http.Request) error {
	return s.renderPrioCriteria(w, r, http.StatusOK, prioCriteriaData{}, nil)
}

// priorityCriterionSave changes a criterion's name, English name,
// description, direction, active flag and order at its version.
func (s *Server) priorityCriterionSave(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	form := map[string]string{}
	for _, k := range []string{"name", "name_en", "description", "direction", "active", "order", "version"} {
		form[k] = r.PostForm.Get(k)
	}
	var errs []domain.FieldError
	version, err := formVersion(r)
	if err != nil {
		errs = append(errs, domain.AsError(err).Fields...)
	}
	c := priority.Criterion{ID: id, Name: form["name"], NameEN: form["name_en"], Description: form["description"],
		Direction: priority.Direction(form["direction"]), Active: form["active"] != "", Version: version,
		Order: int(formInt("order", form["order"], &errs))}
	d := prioCriteriaData{EditID: id, Form: form}
	if len(errs) > 0 {
		// Rights first: a user who may not edit gets 403, not the form's problems.
		if !priority.CanEditCriteria(rc.Principal) {
			return domain.Forbidden("auth.forbidden")
		}
		return s.renderPrioCriteria(w, r, http.StatusUnprocessableEntity, d, domain.Invalid("error.invalid_fields", errs...))
	}
	saved, err := s.Priority.SaveCriterion(r.Context(), rc.Principal, c)
	if status, ok := formStatus(err); ok {
		if status == http.StatusConflict {
			// The stored version goes into the form: saving again overwrites.
			list, lerr := s.Priority.Criteria(r.Context(), rc.Principal)
			if lerr != nil {
				return lerr
			}
			for _, x := range list {
				if x.ID == id {
					form["version"] = strconv.Itoa(x.Version)
				}
			}
		}
		return s.renderPrioCriteria(w, r, status, d, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/priority/criteria?saved=%d#c-%d", saved.ID, saved.ID))
}
