package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/history"
)

type municipalityListData struct {
	Municipalities []catalogue.Municipality
	Names          map[domain.ID]string
	CanEdit        bool
}

func (s *Server) municipalityList(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	list, err := s.Catalogue.Municipalities(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	names := map[domain.ID]string{}
	for _, m := range list {
		names[m.ID] = m.Name + " (" + m.Number + ")"
	}
	d := municipalityListData{Municipalities: list, Names: names, CanEdit: catalogue.CanEditService(rc.Principal)}
	return s.render(w, r, http.StatusOK, "municipalities", s.newPage(r, "services", rc.Lang.T("municipalities.title"), d))
}

type municipalityFormData struct {
	Municipality catalogue.Municipality
	Others       []catalogue.Municipality
	Form         map[string]string
}

// Value returns the field's text: as typed after an error, else stored.
func (d municipalityFormData) Value(field string) string {
	if v, ok := d.Form[field]; ok {
		return v
	}
	m := d.Municipality
	switch field {
	case "number":
		return m.Number
	case "name":
		return m.Name
	case "population":
		if m.Population != nil {
			return strconv.FormatInt(*m.Population, 10)
		}
	case "population_year":
		if m.PopulationYear != nil {
			return strconv.FormatInt(*m.PopulationYear, 10)
		}
	case "valid_from":
		if m.ValidFrom != nil {
			return m.ValidFrom.Format(time.DateOnly)
		}
	case "valid_to":
		if m.ValidTo != nil {
			return m.ValidTo.Format(time.DateOnly)
		}
	}
	return ""
}

func (s *Server) municipalityForm(w http.ResponseWriter, r *http.Request, status int, d municipalityFormData, err error) error {
	rc := reqOf(r)
	all, lerr := s.Catalogue.Municipalities(r.Context(), rc.Principal)
	if lerr != nil {
		return lerr
	}
	for _, m := range all {
		if m.ID != d.Municipality.ID {
			d.Others = append(d.Others, m)
		}
	}
	p := s.newPage(r, "services", rc.Lang.T("municipality.edit_title", d.Municipality.Name), d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(rc.Lang, err)
	}
	return s.render(w, r, status, "municipality_form", p)
}

func (s *Server) municipalityByPath(r *http.Request) (catalogue.Municipality, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return catalogue.Municipality{}, err
	}
	return s.Catalogue.Municipality(r.Context(), reqOf(r).Principal, id)
}

func (s *Server) municipalityEdit(w http.ResponseWriter, r *http.Request) error {
	if !catalogue.CanEditService(reqOf(r).Principal) {
		return domain.Forbidden("auth.forbidden")
	}
	m, err := s.municipalityByPath(r)
	if err != nil {
		return err
	}
	return s.municipalityForm(w, r, http.StatusOK, municipalityFormData{Municipality: m}, nil)
}

func (s *Server) municipalityUpdate(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	if !catalogue.CanEditService(rc.Principal) {
		return domain.Forbidden("auth.forbidden")
	}
	old, err := s.municipalityByPath(r)
	if err != nil {
		return err
	}
	n := formNumbers{r: r}
	version, err := formVersion(r)
	if err != nil {
		n.fe = append(n.fe, domain.AsError(err).Fields...)
	}
	m := catalogue.Municipality{ID: old.ID, Number: strings.TrimSpace(r.FormValue("number")), Name: strings.TrimSpace(r.FormValue("name")),
		Population: n.int("population"), PopulationYear: n.int("population_year"), Illustrative: old.Illustrative, Version: version}
	if m.SuccessorID, err = formID(r, "successor_id"); err != nil {
		n.fe = append(n.fe, domain.AsError(err).Fields...)
	}
	for _, f := range []struct {
		name string
		dst  **time.Time
	}{{"valid_from", &m.ValidFrom}, {"valid_to", &m.ValidTo}} {
		v := strings.TrimSpace(r.FormValue(f.name))
		if v == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			n.fe = append(n.fe, domain.Field(f.name, "field.date"))
			continue
		}
		*f.dst = &t
	}
	form := map[string]string{}
	for k, v := range r.PostForm {
		form[k] = v[0]
	}
	d := municipalityFormData{Municipality: m, Form: form}
	if len(n.fe) > 0 {
		return s.municipalityForm(w, r, http.StatusUnprocessableEntity, d, domain.Invalid("error.invalid_fields", n.fe...))
	}
	_, err = s.Catalogue.SaveMunicipality(r.Context(), rc.Principal, m)
	switch domain.KindOf(err) {
	case domain.KindInvalid:
		return s.municipalityForm(w, r, http.StatusUnprocessableEntity, d, err)
	case domain.KindConflict:
		d.Municipality.Version = old.Version
		return s.municipalityForm(w, r, http.StatusConflict, d, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/municipalities")
}

type municipalityHistoryData struct {
	Municipality catalogue.Municipality
	Changes      []history.Change
}

func (s *Server) municipalityHistory(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	m, err := s.municipalityByPath(r)
	if err != nil {
		return err
	}
	changes, err := s.Catalogue.History(r.Context(), rc.Principal, catalogue.EntityMunicipality, m.ID)
	if err != nil {
		return err
	}
	d := municipalityHistoryData{Municipality: m, Changes: changes}
	return s.render(w, r, http.StatusOK, "municipality_history", s.newPage(r, "services", rc.Lang.T("municipality.history_title", m.Name), d))
}
