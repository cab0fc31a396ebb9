package web

import (
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/roadmap"
)

// The roadmap (Veikart): here the overview with the scenarios side by side
// and the items, and its actions (add from a decision or a service, copy
// or delete a scenario). One scenario's page (settings, plan, Gantt chart,
// greedy baseline and reasons) is in roadmap_scenario.go, one item's page
// in roadmap_item.go, the downloads in roadmap_export.go.

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
	// Editors names the users assigned to change the roadmap beside the
	// programme lead; EditorChoices are those the programme lead may
	// assign (none for anyone else).
	Editors       string
	EditorChoices []editorChoice
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
	if d.CanEdit, err = s.Roadmaps.MayEdit(r.Context(), rc.Principal); err != nil {
		return err
	}
	d.Record, d.Names = rec, itemNames(rec.Roadmap)
	if d.Editors, d.EditorChoices, err = s.roadmapEditors(r); err != nil {
		return err
	}
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
func (s *Server) mayEditRoadmap(r *http.Request) error {
	ok, err := s.Roadmaps.MayEdit(r.Context(), reqOf(r).Principal)
	if err == nil && !ok {
		err = domain.Forbidden("auth.forbidden")
	}
	return err
}

func (s *Server) roadmapFromDecision(w http.ResponseWriter, r *http.Request) error {
	if err := s.mayEditRoadmap(r); err != nil {
		return err
	}
	id, err := formID(r, "decision")
	if err == nil && id == 0 {
		err = domain.Invalid("error.invalid_fields", domain.Field("decision", "field.required"))
	}
	if err != nil {
		return s.renderRoadmap(w, r, http.StatusUnprocessableEntity, roadmapData{}, err)
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
	if err := s.mayEditRoadmap(r); err != nil {
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

// plainNumber writes a number for a form field: no thousands separators,
// the language's decimal separator, so that it reads back.
func plainNumber(l i18n.Lang, v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", decimalSep(l), 1)
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

func (s *Server) roadmapCopyScenario(w http.ResponseWriter, r *http.Request) error {
	if err := s.mayEditRoadmap(r); err != nil {
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
	if err := s.mayEditRoadmap(r); err != nil {
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

// roadmapEditors names the roadmap's assigned editors and, for the
// programme lead, lists the coordinators and subject-matter owners to
// choose from.
func (s *Server) roadmapEditors(r *http.Request) (string, []editorChoice, error) {
	rc := reqOf(r)
	editors, err := s.Roadmaps.Editors(r.Context(), rc.Principal)
	if err != nil {
		return "", nil, err
	}
	users, err := s.Accounts.Users(r.Context(), rc.Principal)
	if err != nil {
		return "", nil, err
	}
	var names []string
	var choices []editorChoice
	for _, u := range users {
		chosen := slices.Contains(editors, u.ID)
		if chosen {
			names = append(names, u.Name)
		}
		if pr := u.Principal(); rc.Principal.IsProgrammeLead() && (pr.Has(domain.RoleCoordinator) || pr.Has(domain.RoleSubjectOwner)) {
			choices = append(choices, editorChoice{ID: u.ID, Name: u.Name, Chosen: chosen})
		}
	}
	return strings.Join(names, ", "), choices, nil
}

// roadmapSetEditors stores the programme lead's choice of the roadmap's
// editors (the checked "editor" boxes).
func (s *Server) roadmapSetEditors(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	if err := rc.Principal.RequireInternal(); err != nil {
		return err
	}
	if !rc.Principal.IsProgrammeLead() {
		return domain.Forbidden("auth.forbidden")
	}
	if err := r.ParseForm(); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	var ids []domain.ID
	for _, v := range r.PostForm["editor"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return domain.Invalid("error.invalid_fields", domain.Field("editors", "roadmap.editor_unknown"))
		}
		ids = append(ids, id)
	}
	if err := s.Roadmaps.SetEditors(r.Context(), rc.Principal, ids); err != nil {
		return err
	}
	return redirect(w, r, "/roadmap#editors-h")
}
