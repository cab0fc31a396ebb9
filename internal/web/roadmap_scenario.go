package web

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/roadmap"
)

// scenarioData is one scenario's page.
type scenarioData struct {
	Record   roadmap.Record
	Analysis roadmap.Analysis
	CanEdit  bool
	Saved    bool
	Form     map[string]string
	YearRows []yearRow
	Forced   map[string]string // item key → "", "must", "exclude"
	Plan     []planRow
	Waiting  []waitRow
	Uses     []useRow
	Problems []string // why the scenario has no plan
	Gantt    gantt
	Charts   map[string]chartSpec
}

// yearRow is a row of the limits form.
type yearRow struct {
	Index    int
	Year     int
	Budget   string
	Capacity string
}

// planRow is an item in the plan, with its start in the greedy baseline.
type planRow struct {
	Item        roadmap.Item
	Start       int // calendar year
	GreedyStart int // 0: not in the baseline
	Value       float64
}

// waitRow is an item not started, or started after the first year.
type waitRow struct {
	Item    roadmap.Item
	Start   int // calendar year, 0 when not started
	Reasons []string
}

// useRow is one planning year's spend and hours against its limits.
type useRow struct {
	Year int
	roadmap.YearUse
	GreedySpend float64
}

func (s *Server) roadmapScenario(w http.ResponseWriter, r *http.Request) error {
	return s.renderScenario(w, r, http.StatusOK, nil, nil)
}

// scenarioForm writes a scenario's settings for the form.
func scenarioForm(l i18n.Lang, sc roadmap.Scenario) map[string]string {
	return map[string]string{"name": sc.Name, "first_year": strconv.Itoa(sc.FirstYear), "horizon": strconv.Itoa(sc.Horizon),
		"discount_rate": plainNumber(l, sc.DiscountRate*100)}
}

func (s *Server) renderScenario(w http.ResponseWriter, r *http.Request, status int, in *scenarioInput, ferr error) error {
	rc := reqOf(r)
	l := rc.Lang
	rec, a, err := s.Roadmaps.Analyse(r.Context(), rc.Principal, r.PathValue("id"))
	if err != nil {
		return err
	}
	sc := a.Scenario
	canEdit, err := s.Roadmaps.MayEdit(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	d := scenarioData{Record: rec, Analysis: a, CanEdit: canEdit, Saved: r.URL.Query().Get("saved") == "1",
		Forced: map[string]string{}}
	if in != nil {
		d.Form, d.YearRows, d.Forced = in.form, in.rows, in.forced
	} else {
		d.Form = scenarioForm(l, sc)
		for t, y := range sc.Years {
			d.YearRows = append(d.YearRows, yearRow{Index: t, Year: sc.FirstYear + t, Budget: plainNumber(l, y.Budget), Capacity: plainNumber(l, y.Capacity)})
		}
		for _, k := range sc.Must {
			d.Forced[k] = "must"
		}
		for _, k := range sc.Exclude {
			d.Forced[k] = "exclude"
		}
	}
	for extra := 0; extra < 2 && len(d.YearRows) < roadmap.MaxYears; extra++ {
		t := len(d.YearRows)
		d.YearRows = append(d.YearRows, yearRow{Index: t, Year: sc.FirstYear + t})
	}
	d.Form["version"] = strconv.Itoa(rec.Version)
	if sc.Outcome != nil && !a.Stale {
		for _, f := range sc.Outcome.Problems {
			d.Problems = append(d.Problems, problemText(l, sc, f, itemNames(rec.Roadmap)))
		}
	}
	if a.Optimum != nil {
		for _, it := range sortedPlan(rec.Roadmap, a.Start) {
			row := planRow{Item: it, Start: sc.FirstYear + a.Start[it.Key], Value: a.Value[it.Key]}
			if g, ok := a.GreedyStart[it.Key]; ok {
				row.GreedyStart = sc.FirstYear + g
			}
			d.Plan = append(d.Plan, row)
		}
		for _, it := range rec.Roadmap.Items {
			why, ok := a.Why[it.Key]
			if !ok {
				continue
			}
			row := waitRow{Item: it}
			if t, ok := a.Start[it.Key]; ok {
				row.Start = sc.FirstYear + t
			}
			for _, reason := range why {
				row.Reasons = append(row.Reasons, reasonText(l, sc, reason, itemNames(rec.Roadmap)))
			}
			d.Waiting = append(d.Waiting, row)
		}
		for t, u := range a.Optimum.Years {
			row := useRow{Year: sc.FirstYear + t, YearUse: u}
			if a.Greedy != nil {
				row.GreedySpend = a.Greedy.Years[t].Spend
			}
			d.Uses = append(d.Uses, row)
		}
		d.Gantt = buildGantt(l, sc, d.Plan)
		d.Charts = scenarioCharts(l, d.Uses)
	}
	p := s.newPage(r, "roadmap", l.T("roadmap.scenario_title", sc.Name), d)
	p.Charts = d.Charts != nil
	if ferr != nil {
		p.Errors, p.Message = fieldErrors(l, ferr)
	}
	return s.render(w, r, status, "roadmap_scenario", p)
}

// scenarioCharts are the yearly spend against budget and hours against
// capacity.
func scenarioCharts(l i18n.Lang, uses []useRow) map[string]chartSpec {
	money := chartSpec{Type: "bar", X: l.T("roadmap.year"), Y: l.T("roadmap.nok"), Unit: "kr"}
	hours := chartSpec{Type: "bar", X: l.T("roadmap.year"), Y: l.T("roadmap.hours"), Unit: l.T("roadmap.hours_unit")}
	var spend, budget, used, capacity []float64
	for _, u := range uses {
		money.Categories = append(money.Categories, strconv.Itoa(u.Year))
		hours.Categories = append(hours.Categories, strconv.Itoa(u.Year))
		spend, budget = append(spend, u.Spend), append(budget, u.Budget)
		used, capacity = append(used, u.Hours), append(capacity, u.Capacity)
	}
	money.Series = []chartSeries{{Name: l.T("roadmap.spend"), Values: spend}, {Name: l.T("field.budget"), Values: budget}}
	hours.Series = []chartSeries{{Name: l.T("roadmap.hours_used"), Values: used}, {Name: l.T("field.capacity"), Values: capacity}}
	return map[string]chartSpec{"money": money, "hours": hours}
}

// reasonText says a reason in the user's language, planning years as
// calendar years.
func reasonText(l i18n.Lang, sc roadmap.Scenario, r roadmap.Reason, names map[string]string) string {
	cal := func(p any) string {
		switch v := p.(type) {
		case int:
			return strconv.Itoa(sc.FirstYear + v)
		case []int:
			parts := make([]string, len(v))
			for i, t := range v {
				parts[i] = strconv.Itoa(sc.FirstYear + t)
			}
			return strings.Join(parts, ", ")
		}
		return fmt.Sprint(p)
	}
	name := func(p any) string {
		if n, ok := names[fmt.Sprint(p)]; ok {
			return n
		}
		return fmt.Sprint(p)
	}
	switch r.Code {
	case "roadmap.why_requires_missing":
		return l.T(r.Code, name(r.Params[0]))
	case "roadmap.why_requires_late":
		return l.T(r.Code, name(r.Params[0]), cal(r.Params[1]))
	case "roadmap.why_chain", "roadmap.why_budget", "roadmap.why_capacity", "roadmap.why_choice":
		return l.T(r.Code, cal(r.Params[0]))
	}
	return l.T(r.Code)
}

// problemText says why a scenario has no plan. Every number becomes text
// (a stored problem's ints come back from JSON as floats), a year's index
// the calendar year, and item keys their names; the messages take %s.
func problemText(l i18n.Lang, sc roadmap.Scenario, f domain.FieldError, names map[string]string) string {
	params := make([]any, len(f.Params))
	for i, p := range f.Params {
		switch v := p.(type) {
		case float64:
			params[i] = l.Number(v, 0)
		case int:
			params[i] = l.Number(float64(v), 0)
		case string:
			if n, ok := names[v]; ok {
				v = n
			}
			params[i] = v
		default:
			params[i] = fmt.Sprint(v)
		}
	}
	if (f.Code == "roadmap.must_over_budget" || f.Code == "roadmap.must_over_capacity") && len(f.Params) > 0 {
		// (year, need, limit, "id, id"): the year as a calendar year, the
		// ids as names.
		switch t := f.Params[0].(type) {
		case float64:
			params[0] = strconv.Itoa(sc.FirstYear + int(t))
		case int:
			params[0] = strconv.Itoa(sc.FirstYear + t)
		}
		if len(f.Params) > 3 {
			var ns []string
			for _, k := range strings.Split(fmt.Sprint(f.Params[3]), ", ") {
				if n, ok := names[k]; ok {
					k = n
				}
				ns = append(ns, k)
			}
			params[3] = strings.Join(ns, ", ")
		}
	}
	return l.T(f.Code, params...)
}

// scenarioInput is a submitted scenario form: the scenario it makes and
// the values to show again when it is refused.
type scenarioInput struct {
	sc     roadmap.Scenario
	form   map[string]string
	rows   []yearRow
	forced map[string]string
	errs   []domain.FieldError
}

// readScenario reads the settings form: the scenario's fields, the rows
// of limits (a row left blank is dropped) and each item's forced choice.
func readScenario(r *http.Request, items []roadmap.Item) scenarioInput {
	in := scenarioInput{form: map[string]string{}, forced: map[string]string{}}
	for _, k := range []string{"name", "first_year", "horizon", "discount_rate"} {
		in.form[k] = strings.TrimSpace(r.PostForm.Get(k))
	}
	in.sc.ID, in.sc.Name = r.PathValue("id"), in.form["name"]
	in.sc.FirstYear = int(formInt("first_year", in.form["first_year"], &in.errs))
	in.sc.Horizon = int(formInt("horizon", in.form["horizon"], &in.errs))
	in.sc.DiscountRate = formNumber("discount_rate", in.form["discount_rate"], &in.errs) / 100
	for t := 0; t < roadmap.MaxYears+2; t++ {
		b, c := r.PostForm.Get(fmt.Sprintf("years[%d].budget", t)), r.PostForm.Get(fmt.Sprintf("years[%d].capacity", t))
		if _, sent := r.PostForm[fmt.Sprintf("years[%d].budget", t)]; !sent {
			break
		}
		if strings.TrimSpace(b) == "" && strings.TrimSpace(c) == "" {
			continue
		}
		k := len(in.sc.Years)
		in.rows = append(in.rows, yearRow{Index: k, Year: in.sc.FirstYear + k, Budget: b, Capacity: c})
		bv := formNumber(fmt.Sprintf("years[%d].budget", k), b, &in.errs)
		cv := formNumber(fmt.Sprintf("years[%d].capacity", k), c, &in.errs)
		in.sc.Years = append(in.sc.Years, roadmap.Year{Budget: bv, Capacity: cv})
	}
	for _, it := range items {
		switch v := r.PostForm.Get("force-" + it.Key); v {
		case "must":
			in.sc.Must = append(in.sc.Must, it.Key)
			in.forced[it.Key] = v
		case "exclude":
			in.sc.Exclude = append(in.sc.Exclude, it.Key)
			in.forced[it.Key] = v
		}
	}
	return in
}

// scenarioPath maps the manager's paths of a scenario to the form's.
var scenarioPath = regexp.MustCompile(`^scenarios\[\d+\]\.`)

func (s *Server) roadmapSaveScenario(w http.ResponseWriter, r *http.Request) error {
	if err := s.mayEditRoadmap(r); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	rc := reqOf(r)
	rec, err := s.Roadmaps.Roadmap(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	if _, _, ok := rec.Roadmap.Scenario(r.PathValue("id")); !ok {
		return domain.NotFound("roadmap.scenario_not_found", r.PathValue("id"))
	}
	in := readScenario(r, rec.Roadmap.Items)
	version, err := formVersion(r)
	if err != nil {
		in.errs = append(in.errs, domain.AsError(err).Fields...)
	}
	if len(in.errs) > 0 {
		return s.renderScenario(w, r, http.StatusUnprocessableEntity, &in, domain.Invalid("error.invalid_fields", in.errs...))
	}
	_, err = s.Roadmaps.SaveScenario(r.Context(), rc.Principal, in.sc, version)
	if status, ok := formStatus(err); ok {
		return s.renderScenario(w, r, status, &in, scenarioErrors(rc.Lang, in.sc, itemNames(rec.Roadmap), err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/roadmap/scenarios/"+in.sc.ID+"?saved=1")
}

// scenarioErrors points the manager's errors at the form's fields: the
// settings by name, the forced choices at "forced", and says an
// infeasible scenario's reasons with calendar years.
func scenarioErrors(l i18n.Lang, sc roadmap.Scenario, names map[string]string, err error) error {
	de := domain.AsError(err)
	if de.Kind != domain.KindInvalid {
		return err
	}
	out := *de
	out.Fields = nil
	for _, f := range de.Fields {
		f.Field = scenarioPath.ReplaceAllString(f.Field, "")
		if strings.HasPrefix(f.Field, "must") || strings.HasPrefix(f.Field, "exclude") || strings.HasPrefix(f.Field, "services") || f.Field == "" {
			f.Field = "forced"
		}
		if de.Code == "roadmap.infeasible" {
			f = domain.Field(f.Field, "roadmap.problem", problemText(l, sc, f, names))
		}
		out.Fields = append(out.Fields, f)
	}
	return &out
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
