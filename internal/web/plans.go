package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/realisation"
)

// planData is a service's benefit-realisation plan: its indicators with
// status and chart, the forms to add and measure them, and the import.
type planData struct {
	Service   catalogue.Service
	Plan      *realisation.PlanView // nil before the plan exists
	CanCreate bool
	Owners    []option
	Form      map[string]string // the indicator form (new or being edited)
	EditID    domain.ID         // the indicator whose form is open
	Failed    domain.ID         // the indicator whose measurement failed
	Measure   map[string]string // that measurement form's values
	Charts    map[string]chartSpec
	Imported  *realisation.ImportReport
	Problems  []problemLine
	// MoreProblems counts the import's problems beyond those listed.
	MoreProblems int
}

const dateLayout = "2006-01-02"

func (s *Server) renderPlan(w http.ResponseWriter, r *http.Request, status int, d planData, err error) error {
	rc := reqOf(r)
	v, verr := s.serviceView(r)
	if verr != nil {
		return verr
	}
	d.Service = v.Service
	view, perr := s.Realisation.Plan(r.Context(), rc.Principal, v.Service.Slug)
	switch {
	case perr == nil:
		d.Plan = &view
	case domain.KindOf(perr) != domain.KindNotFound:
		return perr
	}
	d.CanCreate = realisation.CanEditPlan(rc.Principal, v.Editors)
	if d.CanCreate {
		users, uerr := s.Accounts.Users(r.Context(), rc.Principal)
		if uerr != nil {
			return uerr
		}
		for _, u := range users {
			if u.Principal().Internal() {
				d.Owners = append(d.Owners, option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name})
			}
		}
	}
	if d.Plan != nil {
		d.Charts = map[string]chartSpec{}
		for _, ind := range d.Plan.Indicators {
			c := chartSpec{Type: "line", XType: "time", Y: ind.Unit, Unit: ind.Unit}
			planned := chartSeries{Name: rc.Lang.T("plan.planned"), Dashed: true}
			for _, pt := range ind.Chart.Planned {
				planned.Points = append(planned.Points, [2]any{pt.Date.Format(dateLayout), pt.Value})
			}
			realised := chartSeries{Name: rc.Lang.T("plan.realised"), Marks: true}
			for _, pt := range ind.Chart.Realised {
				realised.Points = append(realised.Points, [2]any{pt.Date.Format(dateLayout), pt.Value})
			}
			c.Series = []chartSeries{planned, realised}
			d.Charts[fmt.Sprint(ind.ID)] = c
		}
	}
	if id := r.URL.Query().Get("edit"); id != "" && d.Form == nil && d.Plan != nil {
		for _, ind := range d.Plan.Indicators {
			if fmt.Sprint(ind.ID) == id {
				d.EditID, d.Form = ind.ID, indicatorForm(rc.Lang.Code(), ind.Indicator)
			}
		}
	}
	p := s.newPage(r, "benefits", rc.Lang.T("plan.title", v.Service.Name(rc.Lang.Code())), d)
	p.Charts = true
	if err != nil {
		p.Errors, p.Message = fieldErrors(rc.Lang, err)
	}
	return s.render(w, r, status, "plan", p)
}

// indicatorForm writes an indicator's values for its form.
func indicatorForm(lang string, ind realisation.Indicator) map[string]string {
	n := func(v float64) string {
		s := strconv.FormatFloat(v, 'f', -1, 64)
		if lang == "nb" {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	}
	return map[string]string{"gain": ind.Gain, "class": ind.Class, "name": ind.Name, "unit": ind.Unit,
		"baseline": n(ind.Baseline), "baseline_date": ind.BaselineDate.Format(dateLayout),
		"target": n(ind.Target), "target_date": ind.TargetDate.Format(dateLayout),
		"owner": strconv.FormatInt(ind.OwnerID, 10), "measures": ind.Measures, "risk": ind.Risk,
		"interval_months": strconv.Itoa(ind.IntervalMonths), "version": strconv.Itoa(ind.Version)}
}

func (s *Server) servicePlan(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlan(w, r, http.StatusOK, planData{}, nil)
}

func (s *Server) createPlan(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.Realisation.CreatePlan(r.Context(), reqOf(r).Principal, r.PathValue("slug")); err != nil &&
		domain.KindOf(err) != domain.KindConflict {
		return err
	}
	return redirect(w, r, "/services/"+r.PathValue("slug")+"/plan")
}

// formDate reads a date field; problems are field errors.
func formDate(r *http.Request, field string, errs *[]domain.FieldError) time.Time {
	s := strings.TrimSpace(r.FormValue(field))
	if s == "" {
		*errs = append(*errs, domain.Field(field, "field.required"))
		return time.Time{}
	}
	for _, layout := range []string{dateLayout, "2.1.2006", "02.01.2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	*errs = append(*errs, domain.Field(field, "plan.not_a_date"))
	return time.Time{}
}

func (s *Server) saveIndicator(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	if err := r.ParseForm(); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	form := map[string]string{}
	for k := range r.PostForm {
		form[k] = r.PostForm.Get(k)
	}
	var errs []domain.FieldError
	owner, err := formID(r, "owner")
	if err != nil {
		errs = append(errs, domain.AsError(err).Fields...)
	}
	var interval int64 // empty: the plan's default interval
	if text := r.FormValue("interval_months"); strings.TrimSpace(text) != "" {
		interval = formInt("interval_months", text, &errs)
	}
	version, err := formVersion(r)
	if err != nil {
		errs = append(errs, domain.AsError(err).Fields...)
	}
	ind := realisation.Indicator{Gain: r.FormValue("gain"), Class: r.FormValue("class"), Name: r.FormValue("name"),
		Unit: r.FormValue("unit"), Baseline: formNumber("baseline", r.FormValue("baseline"), &errs), BaselineDate: formDate(r, "baseline_date", &errs),
		Target: formNumber("target", r.FormValue("target"), &errs), TargetDate: formDate(r, "target_date", &errs), OwnerID: owner,
		Measures: r.FormValue("measures"), Risk: r.FormValue("risk"), IntervalMonths: int(interval), Version: version}
	var editID domain.ID
	if id := r.PathValue("id"); id != "" {
		n, err := pathID(r, "id")
		if err != nil {
			return err
		}
		ind.ID, editID = n, n
	}
	d := planData{Form: form, EditID: editID}
	v, err := s.serviceView(r)
	if err != nil {
		return err
	}
	if !realisation.CanEditPlan(rc.Principal, v.Editors) {
		return domain.Forbidden("auth.forbidden")
	}
	if len(errs) > 0 {
		// Found before the input is refused (404 before 422).
		if err := s.findIndicator(r, editID); err != nil {
			return err
		}
		return s.renderPlan(w, r, http.StatusUnprocessableEntity, d, domain.Invalid("error.invalid_fields", errs...))
	}
	saved, err := s.Realisation.SaveIndicator(r.Context(), rc.Principal, r.PathValue("slug"), ind)
	if status, ok := formStatus(err); ok {
		return s.renderPlan(w, r, status, d, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/services/%s/plan#i-%d", r.PathValue("slug"), saved.ID))
}

func (s *Server) deleteIndicator(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	if err := s.Realisation.DeleteIndicator(r.Context(), reqOf(r).Principal, r.PathValue("slug"), id, version); err != nil {
		return err
	}
	return redirect(w, r, "/services/"+r.PathValue("slug")+"/plan")
}

// addMeasurement records one measurement; a problem comes back on that
// indicator's form.
func (s *Server) addMeasurement(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var errs []domain.FieldError
	m := realisation.Measurement{IndicatorID: id, Value: formNumber("value", r.FormValue("value"), &errs), Date: formDate(r, "date", &errs),
		Comment: r.FormValue("comment")}
	d := planData{Failed: id, Measure: map[string]string{"value": r.FormValue("value"), "date": r.FormValue("date"), "comment": r.FormValue("comment")}}
	if len(errs) > 0 {
		// Rights first: a user who may not measure gets 403, not the form's problems.
		if err := s.mayMeasure(r, id); err != nil {
			return err
		}
		return s.renderPlan(w, r, http.StatusUnprocessableEntity, d, domain.Invalid("error.invalid_fields", errs...))
	}
	_, err = s.Realisation.AddMeasurement(r.Context(), rc.Principal, r.PathValue("slug"), m)
	if status, ok := formStatus(err); ok {
		return s.renderPlan(w, r, status, d, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/services/%s/plan#i-%d", r.PathValue("slug"), id))
}

// importMeasurements reads measurements from an uploaded workbook, all or
// nothing; the first catalogue.MaxProblems problems are listed with their
// line and column, and the rest counted. Whether the user may measure at
// all is decided before the file is read (the route's mayMeasureAny); the
// file is read within the import limits.
func (s *Server) importMeasurements(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	file, header, err := r.FormFile("file")
	if err != nil {
		if _, ok := tooLarge(err); ok {
			return s.renderPlan(w, r, http.StatusRequestEntityTooLarge, planData{},
				domain.Invalid("error.invalid_fields", domain.Field("file", "import.too_large", maxUpload>>20)))
		}
		return s.renderPlan(w, r, http.StatusUnprocessableEntity, planData{},
			domain.Invalid("error.invalid_fields", domain.Field("file", "field.required")))
	}
	defer file.Close()
	batch, err := realisation.ReadMeasurementsLimited(file, header.Filename, s.ImportLimits)
	if err != nil {
		if status, ok := formStatus(err); ok {
			return s.renderPlan(w, r, status, planData{}, err)
		}
		return err
	}
	rep, err := s.Realisation.ImportMeasurements(r.Context(), rc.Principal, r.PathValue("slug"), batch)
	if err != nil {
		return err
	}
	d := planData{Imported: &rep, MoreProblems: batch.MoreProblems}
	for i, p := range rep.Problems {
		if i == catalogue.MaxProblems {
			d.MoreProblems += len(rep.Problems) - i
			break
		}
		d.Problems = append(d.Problems, problemLine{Problem: p, Message: rc.Lang.T(p.Code, p.Params...)})
	}
	status := http.StatusOK
	if len(rep.Problems) > 0 {
		status = http.StatusUnprocessableEntity
	}
	return s.renderPlan(w, r, status, d, nil)
}

func (s *Server) exportPlan(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	view, err := s.Realisation.Plan(r.Context(), rc.Principal, r.PathValue("slug"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="gevinstrealisering-%s.xlsx"`, r.PathValue("slug")))
	return realisation.WritePlanXLSX(w, view, rc.Lang.Code())
}

// mayMeasure decides, as the manager does, whether the user may record a
// measurement of the indicator: the plan view says so per indicator.
func (s *Server) mayMeasure(r *http.Request, id domain.ID) error {
	view, err := s.Realisation.Plan(r.Context(), reqOf(r).Principal, r.PathValue("slug"))
	if err != nil {
		return err
	}
	for _, ind := range view.Indicators {
		if ind.ID == id {
			if !ind.CanMeasure {
				return domain.Forbidden("auth.forbidden")
			}
			return nil
		}
	}
	return domain.NotFound("realisation.indicator_not_found")
}

// findIndicator reports not found when id (0: none) is no indicator of
// the service's plan.
func (s *Server) findIndicator(r *http.Request, id domain.ID) error {
	if id == 0 {
		return nil
	}
	view, err := s.Realisation.Plan(r.Context(), reqOf(r).Principal, r.PathValue("slug"))
	if err != nil {
		return err
	}
	for _, ind := range view.Indicators {
		if ind.ID == id {
			return nil
		}
	}
	return domain.NotFound("realisation.indicator_not_found")
}

// mayMeasureAny decides whether the user may record measurements of any
// indicator of the plan, before an import's file is read.
func (s *Server) mayMeasureAny(r *http.Request) error {
	view, err := s.Realisation.Plan(r.Context(), reqOf(r).Principal, r.PathValue("slug"))
	if err != nil {
		return err
	}
	for _, ind := range view.Indicators {
		if ind.CanMeasure {
			return nil
		}
	}
	return domain.Forbidden("auth.forbidden")
}
