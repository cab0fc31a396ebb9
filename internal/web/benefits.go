package web

import (
	"cmp"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
)

// Simulation settings of the benefit pages: enough draws for stable
// percentiles of one case (a few milliseconds), a fixed seed so the same
// case shows the same figures.
const (
	pageIterations = 10000
	pageSeed       = 2017
)

// benefitData is the Gevinst tab: a case, its result with the inputs
// behind it, its uncertainty and the form to change it.
type benefitData struct {
	View    benefit.View
	Case    benefit.Case
	Version int
	Result  *benefit.Result
	Sim     *benefit.Simulation
	Tornado []tornadoRow
	Charts  map[string]chartSpec
	CanEdit bool
	// RowsOnly names the municipalities whose rows the user may save when
	// the shared parts are not theirs to change ("" when they are).
	RowsOnly string
	Preview  bool // the figures are of the form's inputs, not saved
	Extra    int  // empty rows for a new gain or cost
	Lang     i18n.Lang
	HasPlan  bool
	Invalids bool // the inputs could not be computed: no figures
}

// tornadoRow is one tornado bar, labelled.
type tornadoRow struct {
	benefit.Bar
	Label string
}

// inputLabel names a tornado input in the user's language.
func inputLabel(l i18n.Lang, b benefit.Bar) string {
	what := l.T("benefit.input." + b.Field)
	switch {
	case b.Field == "uptake":
		return l.T("benefit.input.uptake_year", b.Year)
	case b.Name != "":
		return b.Name + ": " + what
	}
	return what
}

// benefitFigures computes what the tab shows of a case; an invalid case
// (from a form) gets no figures.
func (s *Server) benefitFigures(l i18n.Lang, d *benefitData) {
	res, err := benefit.Evaluate(d.Case)
	if err != nil {
		d.Invalids = true
		return
	}
	d.Result = &res
	if sim, err := benefit.Simulate(d.Case, pageIterations, pageSeed); err == nil {
		d.Sim = &sim
	}
	bars, _ := benefit.Tornado(d.Case)
	for _, b := range bars {
		d.Tornado = append(d.Tornado, tornadoRow{Bar: b, Label: inputLabel(l, b)})
	}
	d.Charts = benefitCharts(l, res, d.Sim, d.Tornado)
}

// benefitCharts lays out the tab's charts: the yearly cash flow, the
// simulated NPV distribution and the tornado.
func benefitCharts(l i18n.Lang, res benefit.Result, sim *benefit.Simulation, tornado []tornadoRow) map[string]chartSpec {
	cash := chartSpec{Type: "bar", X: l.T("benefit.year"), Y: l.T("benefit.nok"), Unit: "kr"}
	var gains, costs, net []float64
	for _, y := range res.Table {
		cash.Categories = append(cash.Categories, strconv.Itoa(y.Year))
		gains = append(gains, y.Gains)
		costs = append(costs, -y.Costs)
		net = append(net, y.PVNet)
	}
	cash.Series = []chartSeries{{Name: l.T("benefit.gains"), Values: gains, Stack: "flow"},
		{Name: l.T("benefit.costs"), Values: costs, Stack: "flow"}, {Name: l.T("benefit.pv_net"), Values: net}}
	out := map[string]chartSpec{"cash": cash}
	if sim != nil {
		out["sim"] = chartSpec{Type: "histogram", Edges: sim.Histogram.Edges, Counts: sim.Histogram.Counts,
			Marks: []chartMark{{"P10", sim.P10}, {"P50", sim.P50}, {"P90", sim.P90}},
			X:     l.T("benefit.npv"), Y: l.T("benefit.draws"), Unit: "kr"}
	}
	if len(tornado) > 0 {
		t := chartSpec{Type: "tornado", Base: res.NPV, X: l.T("benefit.npv"), Unit: "kr",
			Legend: []string{l.T("benefit.at_low"), l.T("benefit.at_high")}}
		for i, b := range tornado {
			if i == 12 {
				break
			}
			t.Bars = append(t.Bars, tornadoBar{Label: b.Label, Low: b.NPVLow, High: b.NPVHigh})
		}
		out["tornado"] = t
	}
	return out
}

func (s *Server) renderBenefit(w http.ResponseWriter, r *http.Request, status int, d benefitData, err error) error {
	rc := reqOf(r)
	v, verr := s.serviceView(r)
	if verr != nil {
		return verr
	}
	rights, rerr := s.Benefits.Rights(r.Context(), rc.Principal, v.Service.Slug)
	if rerr != nil {
		return rerr
	}
	d.Lang, d.CanEdit, d.Extra = rc.Lang, rights.Any(), 2
	if d.CanEdit && !rights.Shared {
		var names []string
		for _, in := range d.Case.Municipalities {
			if rights.Row(benefit.RowMunicipality(v, in)) {
				names = append(names, cmp.Or(in.Name, in.Municipality))
			}
		}
		d.RowsOnly = strings.Join(names, ", ")
	}
	if _, perr := s.Realisation.Plan(r.Context(), rc.Principal, v.Service.Slug); perr == nil {
		d.HasPlan = true
	}
	s.benefitFigures(rc.Lang, &d)
	p := s.newPage(r, "services", v.Service.Name(rc.Lang.Code()), servicePageData{View: v, Tab: "benefit",
		Benefit: d, CanEdit: catalogue.CanEditService(rc.Principal)})
	p.Charts = true
	if err != nil {
		p.Errors, p.Message = benefitErrors(rc.Lang, err)
	}
	return s.render(w, r, status, "service", p)
}

// benefitErrors maps the case's field paths to the form's fields: the
// uptake list is one field.
func benefitErrors(l i18n.Lang, err error) (map[string]string, string) {
	fields, msg := fieldErrors(l, err)
	out := map[string]string{}
	for k, v := range fields {
		if strings.HasPrefix(k, "uptake[") {
			k = "uptake"
		}
		if prev, ok := out[k]; ok {
			v = prev + " " + v
		}
		out[k] = v
	}
	return out, msg
}

func (s *Server) serviceBenefit(w http.ResponseWriter, r *http.Request) error {
	view, err := s.Benefits.Case(r.Context(), reqOf(r).Principal, r.PathValue("slug"))
	if err != nil {
		return err
	}
	return s.renderBenefit(w, r, http.StatusOK, benefitData{View: view, Case: view.Record.Case, Version: view.Record.Version}, nil)
}

// postedCase reads the form over the stored case (or draft).
func (s *Server) postedCase(r *http.Request) (benefit.View, benefit.Case, int, []domain.FieldError, error) {
	view, err := s.Benefits.Case(r.Context(), reqOf(r).Principal, r.PathValue("slug"))
	if err != nil {
		return benefit.View{}, benefit.Case{}, 0, nil, err
	}
	if err := r.ParseForm(); err != nil {
		return benefit.View{}, benefit.Case{}, 0, nil, domain.Invalid("error.invalid_fields")
	}
	c, errs := caseForm(r, view.Record.Case)
	version, err := formVersion(r)
	if err != nil {
		errs = append(errs, domain.AsError(err).Fields...)
	}
	return view, c, version, errs, nil
}

// saveBenefit stores the form's case; on a problem the form comes back with
// the user's inputs and the messages on their fields.
func (s *Server) saveBenefit(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	if err := s.mayEditBenefit(r); err != nil {
		return err
	}
	view, c, version, errs, err := s.postedCase(r)
	if err != nil {
		return err
	}
	d := benefitData{View: view, Case: c, Version: version, Preview: true}
	if len(errs) > 0 {
		return s.renderBenefit(w, r, http.StatusUnprocessableEntity, d, domain.Invalid("error.invalid_fields", errs...))
	}
	if _, err := s.Benefits.Save(r.Context(), rc.Principal, r.PathValue("slug"), c, version); err != nil {
		if status, ok := formStatus(err); ok {
			return s.renderBenefit(w, r, status, d, err)
		}
		return err
	}
	return redirect(w, r, "/services/"+r.PathValue("slug")+"/benefit#results")
}

// previewBenefit computes the form's case without saving it: anyone who
// may read the case may try other inputs.
func (s *Server) previewBenefit(w http.ResponseWriter, r *http.Request) error {
	view, c, version, errs, err := s.postedCase(r)
	if err != nil {
		return err
	}
	d := benefitData{View: view, Case: c, Version: version, Preview: true}
	if len(errs) > 0 {
		return s.renderBenefit(w, r, http.StatusUnprocessableEntity, d, domain.Invalid("error.invalid_fields", errs...))
	}
	if verrs := benefit.Validate(c); len(verrs) > 0 {
		return s.renderBenefit(w, r, http.StatusUnprocessableEntity, d, domain.Invalid("error.invalid_fields", verrs...))
	}
	return s.renderBenefit(w, r, http.StatusOK, d, nil)
}

// exportBenefit sends the case as a workbook with live formulas.
func (s *Server) exportBenefit(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	view, err := s.Benefits.Case(r.Context(), rc.Principal, r.PathValue("slug"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="gevinst-%s.xlsx"`, view.Service.Slug))
	return benefit.WriteXLSX(w, view.Record.Case, rc.Lang.Code())
}

// mayEditBenefit refuses, before the input is read, a user who may change
// no part of the service's benefit case; which parts the save changes is
// the manager's to check. Errors: unauthorized, forbidden, not found.
func (s *Server) mayEditBenefit(r *http.Request) error {
	rights, err := s.Benefits.Rights(r.Context(), reqOf(r).Principal, r.PathValue("slug"))
	if err != nil {
		return err
	}
	if !rights.Any() {
		return domain.Forbidden("auth.forbidden")
	}
	return nil
}
