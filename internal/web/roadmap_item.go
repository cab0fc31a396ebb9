package web

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/roadmap"
)

// One roadmap item's page: its figures, what it requires and what requires
// it, and the form that changes or deletes it.

// itemData is one item's page: its figures and requirements, the form.
type itemData struct {
	Record   roadmap.Record
	Item     roadmap.Item
	CanEdit  bool
	Saved    bool
	Form     map[string]string
	Requires map[string]bool
	Others   []roadmap.Item // the items it may require
	Required []string       // the items that require it
	Names    map[string]string
}

func (s *Server) roadmapItem(w http.ResponseWriter, r *http.Request) error {
	return s.renderItem(w, r, http.StatusOK, nil, nil, nil)
}

func (s *Server) renderItem(w http.ResponseWriter, r *http.Request, status int, form map[string]string, requires []string, ferr error) error {
	rc := reqOf(r)
	rec, err := s.Roadmaps.Roadmap(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	key := r.PathValue("key")
	it, ok := rec.Roadmap.Item(key)
	if !ok {
		return domain.NotFound("roadmap.item_not_found", key)
	}
	canEdit, err := s.Roadmaps.MayEdit(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	d := itemData{Record: rec, Item: it, CanEdit: canEdit, Form: form, Requires: map[string]bool{},
		Required: rec.Roadmap.Required(key), Names: itemNames(rec.Roadmap), Saved: r.URL.Query().Get("saved") == "1" && ferr == nil}
	if form == nil {
		d.Form = itemForm(rc.Lang, it)
		requires = it.Requires
	}
	d.Form["version"] = strconv.Itoa(rec.Version)
	for _, k := range requires {
		d.Requires[k] = true
	}
	for _, o := range rec.Roadmap.Items {
		if o.Key != key {
			d.Others = append(d.Others, o)
		}
	}
	p := s.newPage(r, "roadmap", it.Name, d)
	if ferr != nil {
		p.Errors, p.Message = fieldErrors(rc.Lang, ferr)
	}
	return s.render(w, r, status, "roadmap_item", p)
}

func itemForm(l i18n.Lang, it roadmap.Item) map[string]string {
	return map[string]string{"name": it.Name, "cost": plainNumber(l, it.Cost), "hours": plainNumber(l, it.Hours),
		"annual_benefit": plainNumber(l, it.AnnualBenefit), "note": it.Note}
}

// itemPath maps the manager's paths of one item (items[3].cost) to the
// form's fields (cost).
var itemPath = regexp.MustCompile(`^items\[\d+\]\.`)

func (s *Server) roadmapSaveItem(w http.ResponseWriter, r *http.Request) error {
	if err := s.mayEditRoadmap(r); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	form := map[string]string{}
	for _, k := range []string{"name", "cost", "hours", "annual_benefit", "note"} {
		form[k] = r.PostForm.Get(k)
	}
	var errs []domain.FieldError
	num := func(field string) float64 {
		if strings.TrimSpace(form[field]) == "" {
			return 0
		}
		return formNumber(field, form[field], &errs)
	}
	it := roadmap.Item{Name: form["name"], Cost: num("cost"), Hours: num("hours"), AnnualBenefit: num("annual_benefit"),
		Note: form["note"], Requires: r.PostForm["requires"]}
	key := r.PathValue("key")
	fail := func(status int, err error) error {
		if key == "" {
			return s.renderRoadmap(w, r, status, roadmapData{Form: form}, err)
		}
		return s.renderItem(w, r, status, form, it.Requires, err)
	}
	version, err := formVersion(r)
	if err != nil {
		errs = append(errs, domain.AsError(err).Fields...)
	}
	if len(errs) > 0 {
		return fail(http.StatusUnprocessableEntity, domain.Invalid("error.invalid_fields", errs...))
	}
	rec, err := s.Roadmaps.SaveItem(r.Context(), reqOf(r).Principal, key, it, version)
	if status, ok := formStatus(err); ok {
		return fail(status, renameFields(err, func(f string) string {
			f = itemPath.ReplaceAllString(f, "")
			if strings.HasPrefix(f, "requires") || f == "items" {
				return "requires"
			}
			return f
		}))
	}
	if err != nil {
		return err
	}
	if key == "" {
		key = rec.Roadmap.Items[len(rec.Roadmap.Items)-1].Key
	}
	return redirect(w, r, "/roadmap/items/"+key+"?saved=1")
}

func (s *Server) roadmapDeleteItem(w http.ResponseWriter, r *http.Request) error {
	if err := s.mayEditRoadmap(r); err != nil {
		return err
	}
	version, err := formVersion(r)
	if err == nil {
		_, err = s.Roadmaps.DeleteItem(r.Context(), reqOf(r).Principal, r.PathValue("key"), version)
	}
	if status, ok := formStatus(err); ok {
		return s.renderItem(w, r, status, nil, nil, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/roadmap")
}
