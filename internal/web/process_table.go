package web

import (
	"fmt"
	"net/http"
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
	d := tableData{Service: v.Service, Model: m, Version: cur, Steps: steps, Form: form,
		Label:   variantLabel(rc.Lang, m.Variant, municipalityName(v, m.MunicipalityID)),
		CanEdit: canSaveModel(rc.Principal, m, v)}
	if cur.Metrics != nil {
		d.Figures = &cur.Metrics.Total
	}
	procs := map[string]bool{}
	for i := range steps {
		procs[steps[i].Process] = true
		if steps[i].Activity || strings.HasSuffix(steps[i].Kind, "Event") {
			d.Tasks = append(d.Tasks, steps[i])
		}
		if id := r.FormValue("edit"); id != "" && steps[i].ID == id {
			d.Edit = &steps[i]
		}
	}
	d.Multiple = len(procs) > 1
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
	return redirect(w, r, fmt.Sprintf("/services/%s/processes/%d/table?saved=%d#%s", r.PathValue("slug"), m.ID, m.CurrentVersion, anchor))
}
