package web

import (
	"fmt"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/roadmap"
)

// The roadmap (Veikart): the overview with the scenarios side by side and
// the items, one page per scenario with its settings, plan, Gantt chart,
// greedy baseline and reasons, and one page per item.

// roadmapData is the overview: the scenarios side by side and the items.
type roadmapData struct {
	Record    roadmap.Record
	CanEdit   bool
	Decisions []option
	Services  []option // catalogue services not on the roadmap
	Columns   []scenarioColumn
	MaxYears  int
	Names     map[string]string
	Form      map[string]string // the new component's form after a refusal
	Chart     chartSpec
	// Newer gives the version of each service's benefit case that has
	// changed since the item's figures were read from it.
	Newer map[string]int
}

// scenarioColumn is one scenario in the comparison.
type scenarioColumn struct {
	Scenario roadmap.Scenario
	Analysis roadmap.Analysis
	Started  int
	Spend    float64
	Hours    float64
	Diff     *float64 // optimum less greedy
	Uses     []string // each year's spend and hours against the limits
}

func (s *Server) roadmapPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRoadmap(w, r, http.StatusOK, roadmapData{}, nil)
}

func (s *Server) renderRoadmap(w http.ResponseWriter, r *http.Request, status int, d roadmapData, ferr error) error {
	rc := reqOf(r)
	rec, err := s.Roadmaps.Roadmap(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	d.Record, d.CanEdit, d.Names = rec, roadmap.CanEdit(rc.Principal), itemNames(rec.Roadmap)
	if d.CanEdit {
		decs, err := s.Priority.Decisions(r.Context(), rc.Principal)
		if err != nil {
			return err
		}
		for _, dec := range decs {
			d.Decisions = append(d.Decisions, option{Value: strconv.FormatInt(dec.ID, 10),
				Label: rc.Lang.T("roadmap.decision_option", dec.ID, rc.Lang.T("priority.method."+dec.Method), rc.Lang.Date(dec.CreatedAt))})
		}
		svcs, err := s.Catalogue.Services(r.Context(), rc.Principal)
		if err != nil {
			return err
		}
		for _, sv := range svcs {
			if _, ok := rec.Roadmap.Item(sv.Slug); !ok {
				d.Services = append(d.Services, option{Value: sv.Slug, Label: sv.Name(rc.Lang.Code())})
			}
		}
	}
	entries, err := s.Benefits.Portfolio(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	d.Newer = map[string]int{}
	for _, e := range entries {
		if it, ok := rec.Roadmap.Item(e.Service.Slug); ok && it.Kind == roadmap.KindService &&
			it.Source != roadmap.SourceManual && e.Record.Version > it.SourceVersion {
			d.Newer[it.Key] = e.Record.Version
		}
	}
	chart := chartSpec{Type: "bar", X: rc.Lang.T("roadmap.scenario"), Y: rc.Lang.T("roadmap.npv"), Unit: "kr"}
	var opt, greedy []float64
	for _, sc := range rec.Roadmap.Scenarios {
		a, err := roadmap.Analyse(rec.Roadmap, sc)
		if err != nil {
			return err
		}
		col := scenarioColumn{Scenario: sc, Analysis: a}
		if a.Optimum != nil {
			col.Started = len(sc.Outcome.Optimum.Plan)
			for t, y := range a.Optimum.Years {
				col.Spend += y.Spend
				col.Hours += y.Hours
				col.Uses = append(col.Uses, rc.Lang.T("roadmap.use_cell", strconv.Itoa(sc.FirstYear+t), y.Spend, y.Budget,
					percentText(rc.Lang, y.BudgetUse), y.Hours, y.Capacity, percentText(rc.Lang, y.CapacityUse)))
			}
			if diff, ok := a.Difference(); ok {
				col.Diff = &diff
			}
			chart.Categories = append(chart.Categories, sc.Name)
			opt = append(opt, a.Optimum.Objective)
			g := 0.0
			if a.Greedy != nil {
				g = a.Greedy.Objective
			}
			greedy = append(greedy, g)
		}
		d.MaxYears = max(d.MaxYears, len(sc.Years))
		d.Columns = append(d.Columns, col)
	}
	chart.Series = []chartSeries{{Name: rc.Lang.T("roadmap.optimum"), Values: opt}, {Name: rc.Lang.T("roadmap.greedy"), Values: greedy}}
	d.Chart = chart
	p := s.newPage(r, "roadmap", rc.Lang.T("roadmap.title"), d)
	p.Charts = len(chart.Categories) > 0
	if ferr != nil {
		p.Errors, p.Message = fieldErrors(rc.Lang, ferr)
	}
	return s.render(w, r, status, "roadmap", p)
}

// percentText writes a share as a percentage with at most one decimal
// ("93 %", "3,5 %").
func percentText(l i18n.Lang, share float64) string {
	if math.IsInf(share, 0) || math.IsNaN(share) {
		return "–"
	}
	v := math.Round(share*1000) / 10
	if v == math.Trunc(v) {
		return l.Number(v, 0) + " %"
	}
	return l.Number(v, 1) + " %"
}

func itemNames(r roadmap.Roadmap) map[string]string {
	m := make(map[string]string, len(r.Items))
	for _, it := range r.Items {
		m[it.Key] = it.Name
	}
	return m
}

// mayEditRoadmap refuses those who may not change the roadmap before their
// form is read, so that they learn that first.
func mayEditRoadmap(r *http.Request) error {
	p := reqOf(r).Principal
	if err := p.RequireInternal(); err != nil {
		return err
	}
	if !roadmap.CanEdit(p) {
		return domain.Forbidden("auth.forbidden")
	}
	return nil
}

func (s *Server) roadmapFromDecision(w http.ResponseWriter, r *http.Request) error {
	if err := mayEditRoadmap(r); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.FormValue("decision"), 10, 64)
	if err != nil {
		return s.renderRoadmap(w, r, http.StatusUnprocessableEntity, roadmapData{},
			domain.Invalid("error.invalid_fields", domain.Field("decision", "field.required")))
	}
	version, err := formVersion(r)
	if err == nil {
		_, err = s.Roadmaps.FromDecision(r.Context(), reqOf(r).Principal, id, version)
	}
	if status, ok := formStatus(err); ok {
		return s.renderRoadmap(w, r, status, roadmapData{}, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/roadmap")
}

func (s *Server) roadmapAddService(w http.ResponseWriter, r *http.Request) error {
	if err := mayEditRoadmap(r); err != nil {
		return err
	}
	slug := strings.TrimSpace(r.FormValue("service"))
	if slug == "" {
		return s.renderRoadmap(w, r, http.StatusUnprocessableEntity, roadmapData{},
			domain.Invalid("error.invalid_fields", domain.Field("service", "field.required")))
	}
	version, err := formVersion(r)
	if err == nil {
		_, err = s.Roadmaps.AddService(r.Context(), reqOf(r).Principal, slug, version)
	}
	if domain.KindOf(err) == domain.KindNotFound {
		err = domain.Invalid("error.invalid_fields", domain.Field("service", "field.one_of", slug))
	}
	if status, ok := formStatus(err); ok {
		return s.renderRoadmap(w, r, status, roadmapData{}, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/roadmap/items/"+slug)
}

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
	d := itemData{Record: rec, Item: it, CanEdit: roadmap.CanEdit(rc.Principal), Form: form, Requires: map[string]bool{},
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

// plainNumber writes a number for a form field: no thousands separators,
// the language's decimal separator, so that it reads back.
func plainNumber(l i18n.Lang, v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", decimalSep(l), 1)
}

func itemForm(l i18n.Lang, it roadmap.Item) map[string]string {
	return map[string]string{"name": it.Name, "cost": plainNumber(l, it.Cost), "hours": plainNumber(l, it.Hours),
		"annual_benefit": plainNumber(l, it.AnnualBenefit), "note": it.Note}
}

// itemPath maps the manager's paths of one item (items[3].cost) to the
// form's fields (cost).
var itemPath = regexp.MustCompile(`^items\[\d+\]\.`)

func (s *Server) roadmapSaveItem(w http.ResponseWriter, r *http.Request) error {
	if err := mayEditRoadmap(r); err != nil {
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
		return formFloat(r, field, &errs)
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
	if len(errs) > 0 {
		return fail(http.StatusUnprocessableEntity, domain.Invalid("error.invalid_fields", errs...))
	}
	version, err := formVersion(r)
	if err != nil {
		return fail(http.StatusUnprocessableEntity, err)
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

// renameFields rewrites the field paths of an invalid error.
func renameFields(err error, rename func(string) string) error {
	de := domain.AsError(err)
	if de.Kind != domain.KindInvalid {
		return err
	}
	out := *de
	out.Fields = make([]domain.FieldError, len(de.Fields))
	for i, f := range de.Fields {
		f.Field = rename(f.Field)
		out.Fields[i] = f
	}
	return &out
}

func (s *Server) roadmapDeleteItem(w http.ResponseWriter, r *http.Request) error {
	if err := mayEditRoadmap(r); err != nil {
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

func (s *Server) roadmapCopyScenario(w http.ResponseWriter, r *http.Request) error {
	if err := mayEditRoadmap(r); err != nil {
		return err
	}
	name := strings.TrimSpace(r.FormValue("copy_name"))
	if name == "" {
		return s.renderRoadmap(w, r, http.StatusUnprocessableEntity, roadmapData{},
			domain.Invalid("error.invalid_fields", domain.Field("copy_name", "field.required")))
	}
	version, err := formVersion(r)
	var id string
	if err == nil {
		_, id, err = s.Roadmaps.CopyScenario(r.Context(), reqOf(r).Principal, r.FormValue("from"), name, version)
	}
	if status, ok := formStatus(err); ok {
		return s.renderRoadmap(w, r, status, roadmapData{}, renameFields(err, func(f string) string {
			if strings.HasSuffix(f, ".name") {
				return "copy_name"
			}
			return f
		}))
	}
	if domain.KindOf(err) == domain.KindNotFound {
		return s.renderRoadmap(w, r, http.StatusUnprocessableEntity, roadmapData{},
			domain.Invalid("error.invalid_fields", domain.Field("from", "field.required")))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/roadmap/scenarios/"+id)
}

func (s *Server) roadmapDeleteScenario(w http.ResponseWriter, r *http.Request) error {
	if err := mayEditRoadmap(r); err != nil {
		return err
	}
	version, err := formVersion(r)
	if err == nil {
		_, err = s.Roadmaps.DeleteScenario(r.Context(), reqOf(r).Principal, r.PathValue("id"), version)
	}
	if status, ok := formStatus(err); ok {
		return s.renderRoadmap(w, r, status, roadmapData{}, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/roadmap")
}

// roadmapModel downloads a scenario as the optimiser's instance (json),
// or as a CPLEX LP or MPS file that any MIP solver reads.
func (s *Server) roadmapModel(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.Roadmaps.Roadmap(r.Context(), reqOf(r).Principal)
	if err != nil {
		return err
	}
	sc, _, ok := rec.Roadmap.Scenario(r.PathValue("id"))
	if !ok {
		return domain.NotFound("roadmap.scenario_not_found", r.PathValue("id"))
	}
	inst := rec.Roadmap.Instance(sc)
	format := r.URL.Query().Get("format")
	name := "veikart-" + sc.ID
	switch format {
	case "lp", "mps":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"`, name, format))
		if format == "lp" {
			return roadmap.WriteLP(w, inst)
		}
		return roadmap.WriteMPS(w, inst)
	case "", "json":
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.json"`, name))
		writeJSON(w, http.StatusOK, inst)
		return nil
	}
	return domain.NotFound("error.page_not_found")
}

// sortedPlan lists a plan's starts by year, then by the roadmap's order.
func sortedPlan(r roadmap.Roadmap, start map[string]int) []roadmap.Item {
	var out []roadmap.Item
	for _, it := range r.Items {
		if _, ok := start[it.Key]; ok {
			out = append(out, it)
		}
	}
	slices.SortStableFunc(out, func(a, b roadmap.Item) int { return start[a.Key] - start[b.Key] })
	return out
}
