package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// tableData is the accessible alternative to the canvas: every step of a
// process with its lane, times and flows, readable and editable with a
// keyboard and a screen reader.
type tableData struct {
	Service  catalogue.Service
	Model    process.Model
	Version  process.Version
	Label    string
	Steps    []process.Step
	Tasks    []process.Step // steps a new step can follow / that can be removed
	CanEdit  bool
	Edit     *process.Step // the step whose form is open (?edit=ID)
	Form     map[string]string
	Figures  *process.Figures
	Multiple bool   // more than one process (pool): the table names each step's
	Saved    string // the version just saved, for the confirmation
	// Paging: the table shows StepsPerPage steps at a time, so that no
	// model makes the page large. Steps, Tasks and the flow selects hold
	// the current page's steps; Href gives, for a step on another page,
	// the query of its page ("" on this one).
	Total, From, To  int    // all steps; the shown ones are From..To (1-based)
	PrevURL, NextURL string // "" at the ends
	PerPage          int
	Href             map[string]string
}

// StepsPerPage is how many steps the table view shows at a time.
const StepsPerPage = 100

// tablePage returns the 0-based page to show: ?page=N (1-based), else the
// page holding the step named by ?edit or ?step, else the first.
func tablePage(r *http.Request, steps []process.Step) int {
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n >= 1 {
		return min(n-1, max(0, (len(steps)-1)/StepsPerPage))
	}
	for _, key := range []string{"edit", "step"} {
		if id := r.FormValue(key); id != "" {
			for i := range steps {
				if steps[i].ID == id {
					return i / StepsPerPage
				}
			}
		}
	}
	return 0
}

// stepAttrs are the form fields of a step, in form order.
var stepAttrs = []string{"name", "employeeMinutes", "waitingDays", "actor", "system", "medium", "valueClass", "automated"}

func stepForm(st process.Step) map[string]string {
	a := st.Attrs
	f := map[string]string{"name": st.Name, "actor": a.Actor, "system": a.System, "medium": a.Medium, "valueClass": a.ValueClass}
	if a.EmployeeMinutes != nil {
		f["employeeMinutes"] = strconv.FormatFloat(*a.EmployeeMinutes, 'f', -1, 64)
	}
	if a.WaitingDays != nil {
		f["waitingDays"] = strconv.FormatFloat(*a.WaitingDays, 'f', -1, 64)
	}
	if a.Automated != nil {
		f["automated"] = strconv.FormatBool(*a.Automated)
	}
	return f
}

func (s *Server) renderTable(w http.ResponseWriter, r *http.Request, status int, form map[string]string, err error) error {
	rc := reqOf(r)
	id, terr := pathID(r, "model")
	if terr != nil {
		return terr
	}
	m, cur, steps, terr := s.Processes.Steps(r.Context(), rc.Principal, r.PathValue("slug"), id)
	if terr != nil {
		return terr
	}
	v, verr := s.serviceView(r)
	if verr != nil {
		return verr
	}
	d := tableData{Service: v.Service, Model: m, Version: cur, Form: form,
		Label:   variantLabel(rc.Lang, m.Variant, municipalityName(v, m.MunicipalityID)),
		CanEdit: canSaveModel(rc.Principal, m, v)}
	if cur.Metrics != nil {
		d.Figures = &cur.Metrics.Total
	}
	procs := map[string]bool{}
	for i := range steps {
		procs[steps[i].Process] = true
	}
	d.Multiple = len(procs) > 1
	page := tablePage(r, steps)
	lo, hi := min(page*StepsPerPage, len(steps)), min((page+1)*StepsPerPage, len(steps))
	d.Total, d.From, d.To, d.Steps, d.PerPage = len(steps), lo+1, hi, steps[lo:hi], StepsPerPage
	pageURL := func(p int) string { return fmt.Sprintf("?page=%d", p+1) }
	if lo > 0 {
		d.PrevURL = pageURL(page - 1)
	}
	if hi < len(steps) {
		d.NextURL = pageURL(page + 1)
	}
	d.Href = map[string]string{}
	index := make(map[string]int, len(steps))
	for i := range steps {
		index[steps[i].ID] = i
	}
	for i := range d.Steps {
		for _, f := range d.Steps[i].Out {
			if j, ok := index[f.Target]; ok && (j < lo || j >= hi) {
				d.Href[f.Target] = pageURL(j / StepsPerPage)
			}
		}
	}
	for i := range d.Steps {
		if d.Steps[i].Activity || strings.HasSuffix(d.Steps[i].Kind, "Event") {
			d.Tasks = append(d.Tasks, d.Steps[i])
		}
		if id := r.FormValue("edit"); id != "" && d.Steps[i].ID == id {
			d.Edit = &d.Steps[i]
		}
	}
	d.Saved = r.URL.Query().Get("saved")
	if d.Edit != nil && d.Form == nil {
		d.Form = stepForm(*d.Edit)
	}
	p := s.newPage(r, "services", rc.Lang.T("process.table_title", d.Label, v.Service.Name(rc.Lang.Code())), d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(rc.Lang, err)
	}
	return s.render(w, r, status, "process_table", p)
}

func (s *Server) processTable(w http.ResponseWriter, r *http.Request) error {
	return s.renderTable(w, r, http.StatusOK, nil, nil)
}

// processTableEdit applies one change made in the table view and saves it
// as the next version.
func (s *Server) processTableEdit(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	e := process.Edit{Op: r.FormValue("op"), Element: r.FormValue("element"), Target: r.FormValue("target"),
		Kind: r.FormValue("kind")}
	form := map[string]string{}
	switch e.Op {
	case "set", "add-step":
		e.Attrs = map[string]string{}
		for _, a := range stepAttrs {
			if _, ok := r.Form[a]; ok {
				e.Attrs[a], form[a] = strings.TrimSpace(r.FormValue(a)), r.FormValue(a)
			}
		}
	case "remove-step", "add-flow", "remove-flow", "retarget-flow":
	default:
		return domain.Invalid("error.invalid_fields", domain.Field("op", "field.one_of", "set, add-step, remove-step, add-flow, remove-flow, retarget-flow"))
	}
	comment := strings.TrimSpace(r.FormValue("comment"))
	if comment == "" {
		comment = rc.Lang.T("process.table_comment." + e.Op)
	}
	id, err := pathID(r, "model")
	if err != nil {
		return err
	}
	base, err := versionField(r, "base") // the version the table was drawn from
	if err != nil {
		return err
	}
	m, _, err := s.Processes.EditSteps(r.Context(), rc.Principal, r.PathValue("slug"), id, []process.Edit{e}, comment, base)
	if status, ok := formStatus(err); ok {
		if e.Op == "set" {
			r.Form.Set("edit", e.Element)
		}
		return s.renderTable(w, r, status, form, err)
	}
	if err != nil {
		return err
	}
	anchor := "s-" + e.Element
	return redirect(w, r, fmt.Sprintf("/services/%s/processes/%d/table?saved=%d&step=%s#%s", r.PathValue("slug"), m.ID,
		m.CurrentVersion, url.QueryEscape(e.Element), anchor))
}
