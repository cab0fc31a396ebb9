package web

import (
	"cmp"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
	"github.com/tjenestevalg/tjenestevalg/internal/priority/method"
)

// The setting up of the prioritisation: the criteria, each municipality's
// weights (AHP, direct points or swing) with the group weights, and the
// assignment of services to the subject-matter owners who score them.

// prioMunicipalities returns the municipalities the prioritisation counts,
// as the manager counts them (its completion lists exactly those), with
// their catalogue records for the population.
func (s *Server) prioMunicipalities(r *http.Request) ([]catalogue.Municipality, error) {
	p := reqOf(r).Principal
	done, err := s.Priority.Completion(r.Context(), p)
	if err != nil {
		return nil, err
	}
	all, err := s.Catalogue.Municipalities(r.Context(), p)
	if err != nil {
		return nil, err
	}
	out := make([]catalogue.Municipality, 0, len(done))
	for _, c := range done {
		m := catalogue.Municipality{ID: c.MunicipalityID, Name: c.MunicipalityName}
		if i := slices.IndexFunc(all, func(x catalogue.Municipality) bool { return x.ID == c.MunicipalityID }); i >= 0 {
			m = all[i]
		}
		out = append(out, m)
	}
	catalogue.SortMunicipalities(out)
	return out, nil
}

// prioFindMunicipality returns the municipality with id from list, not
// found otherwise.
func prioFindMunicipality(list []catalogue.Municipality, id domain.ID) (catalogue.Municipality, error) {
	for _, m := range list {
		if m.ID == id {
			return m, nil
		}
	}
	return catalogue.Municipality{}, domain.NotFound("catalogue.municipality_not_found")
}

func prioID(s string) domain.ID {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

// prioActive returns the active criteria, in their order.
func prioActive(all []priority.Criterion) []priority.Criterion {
	var out []priority.Criterion
	for _, c := range all {
		if c.Active {
			out = append(out, c)
		}
	}
	return out
}

// ---- Criteria ----

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
	id := prioID(r.PathValue("id"))
	if id == 0 {
		return domain.NotFound("priority.criterion_not_found")
	}
	if err := r.ParseForm(); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	form := map[string]string{}
	for _, k := range []string{"name", "name_en", "description", "direction", "active", "order", "version"} {
		form[k] = r.PostForm.Get(k)
	}
	version, _ := strconv.Atoi(form["version"])
	c := priority.Criterion{ID: id, Name: form["name"], NameEN: form["name_en"], Description: form["description"],
		Direction: priority.Direction(form["direction"]), Active: form["active"] != "", Version: version}
	d := prioCriteriaData{EditID: id, Form: form}
	order, err := strconv.Atoi(strings.TrimSpace(form["order"]))
	if err != nil {
		// Rights first: a user who may not edit gets 403, not the form's problems.
		if !priority.CanEditCriteria(rc.Principal) {
			return domain.Forbidden("auth.forbidden")
		}
		code := "field.not_an_integer"
		if strings.TrimSpace(form["order"]) == "" {
			code = "field.required"
		}
		return s.renderPrioCriteria(w, r, http.StatusUnprocessableEntity, d,
			domain.Invalid("error.invalid_fields", domain.Field("order", code)))
	}
	c.Order = order
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

// ---- Weights ----

// prioOutcome is what an elicitation gives: weights in the order of the
// active criteria (nil when it was given for other criteria), and for AHP
// the consistency.
type prioOutcome struct {
	Weights []float64
	AHP     *method.AHPResult
	Worst   string // the judgement that most hurts consistency, in words
	// WorstField is the form field of that judgement ("a_0_3").
	WorstField string
}

// prioMuniWeights is one municipality with its current weights.
type prioMuniWeights struct {
	Municipality catalogue.Municipality
	Elicitation  *priority.Elicitation // nil when it has given none
	Outcome      prioOutcome
	Stale        bool // given for other criteria than the active ones
	CanSet       bool
}

// prioGroup is the group weights: the AHP of the geometric mean of the
// municipalities' judgements (AIJ).
type prioGroup struct {
	Weights    []float64
	AHP        method.AHPResult
	Included   []string // the municipalities whose judgements count
	NoFigures  []string // left out of the population-weighted mean: no population figure
	Others     []string // municipalities that used direct points or swing
	Population bool
}

// prioPair is one pairwise comparison of the AHP form.
type prioPair struct {
	Field   string // a_<i>_<j>
	A, B    string
	Value   string
	Options []option
}

// prioPoint is one criterion's points in the direct or swing form.
type prioPoint struct {
	Field string // p_<key>
	Name  string
	Value string
}

// prioProblem is one line of the weights form's error summary.
type prioProblem struct {
	Field, Label, Message string
}

type prioWeightsData struct {
	Criteria       []priority.Criterion // active, in order
	Municipalities []prioMuniWeights
	Group          *prioGroup
	ByPopulation   bool
	Selected       *prioMuniWeights // the municipality shown in detail and in the form
	CanSetAny      bool
	Method         string // the form's method
	Version        int
	Pairs          []prioPair
	Points         []prioPoint
	Preview        *prioOutcome // the checked judgements, not saved
	Summary        []prioProblem
	Saved          bool
	Methods        []option
}

// prioSaatyValues are the judgements of Saaty's scale, from "B extremely more
// important" to "A extremely more important".
var prioSaatyValues = []string{"1/9", "1/8", "1/7", "1/6", "1/5", "1/4", "1/3", "1/2", "1", "2", "3", "4", "5", "6", "7", "8", "9"}

// prioSaatyOptions labels the scale in words for the pair a compared with b.
func prioSaatyOptions(l i18n.Lang, a, b string) []option {
	out := make([]option, len(prioSaatyValues))
	for i, v := range prioSaatyValues {
		var label string
		switch {
		case v == "1":
			label = l.T("priority.saaty.equal")
		case strings.HasPrefix(v, "1/"):
			label = l.T("priority.saaty."+v[2:], b)
		default:
			label = l.T("priority.saaty."+v, a)
		}
		out[i] = option{Value: v, Label: label + " (" + v + ")"}
	}
	return out
}

// prioSaatyText writes a value of the scale as the form's options do.
func prioSaatyText(v float64) string {
	if s, ok := priority.Saaty(v); ok {
		v = s
	}
	if v < 1 {
		return "1/" + strconv.Itoa(int(math.Round(1/v)))
	}
	return strconv.Itoa(int(math.Round(v)))
}

func prioPairField(i, j int) string {
	if i > j {
		i, j = j, i
	}
	return fmt.Sprintf("a_%d_%d", i, j)
}

// prioKeyOrder returns, for each of keys, its place in given; ok is false
// unless given holds the same keys.
func prioKeyOrder(given, keys []string) ([]int, bool) {
	if len(given) != len(keys) {
		return nil, false
	}
	idx := make([]int, len(keys))
	for k, key := range keys {
		idx[k] = slices.Index(given, key)
		if idx[k] < 0 {
			return nil, false
		}
	}
	return idx, true
}

// prioAlignedMatrix returns e's AHP matrix in the order of keys.
func prioAlignedMatrix(e priority.Elicitation, keys []string) ([][]float64, bool) {
	idx, ok := prioKeyOrder(e.Criteria, keys)
	if !ok || len(e.Matrix) != len(keys) {
		return nil, false
	}
	m := make([][]float64, len(keys))
	for a := range keys {
		m[a] = make([]float64, len(keys))
		for b := range keys {
			if len(e.Matrix[idx[a]]) != len(keys) {
				return nil, false
			}
			m[a][b] = e.Matrix[idx[a]][idx[b]]
		}
	}
	return m, true
}

// prioOutcomeOf computes what an elicitation gives, in the order of the active
// criteria; stale is true when it was given for other criteria.
func prioOutcomeOf(l i18n.Lang, e priority.Elicitation, active []priority.Criterion) (out prioOutcome, stale bool) {
	keys := make([]string, len(active))
	for i, c := range active {
		keys[i] = c.Key
	}
	switch e.Method {
	case priority.MethodAHP:
		m, ok := prioAlignedMatrix(e, keys)
		if !ok {
			return out, true
		}
		res, err := method.AHP(m)
		if err != nil {
			return out, true
		}
		out.Weights, out.AHP = res.Weights, &res
		if res.Worst != nil {
			out.Worst = prioWorstText(l, *res.Worst, active[res.Worst.I].LocalName(l.Code()), active[res.Worst.J].LocalName(l.Code()))
			out.WorstField = prioPairField(res.Worst.I, res.Worst.J)
		}
	case priority.MethodDirect, priority.MethodSwing:
		idx, ok := prioKeyOrder(e.Criteria, keys)
		if !ok || len(e.Points) != len(keys) {
			return out, true
		}
		points := make([]float64, len(keys))
		for k := range keys {
			points[k] = e.Points[idx[k]]
		}
		w, err := method.DirectWeights(points)
		if e.Method == priority.MethodSwing {
			w, err = method.SwingWeights(points)
		}
		if err != nil {
			return out, true
		}
		out.Weights = w
	default:
		return out, true
	}
	return out, false
}

// prioWorstText says in words which judgement most hurts consistency: what
// was said and what the other judgements suggest, the more important
// criterion first.
func prioWorstText(l i18n.Lang, j method.Judgement, a, b string) string {
	said, fit := j.Value, j.Fitting
	if said < 1 || (math.Abs(said-1) < 1e-9 && fit < 1) {
		a, b, said, fit = b, a, 1/said, 1/fit
	}
	fitText := l.Number(fit, 1)
	if fit < 0.95 {
		fitText = l.Number(fit, 2)
	}
	if math.Abs(said-1) < 1e-9 {
		return l.T("priority.weights.worst_equal", a, b, fitText)
	}
	saidText := l.Number(said, 0)
	if math.Abs(said-math.Round(said)) > 1e-6 {
		saidText = l.Number(said, 1)
	}
	return l.T("priority.weights.worst", a, saidText, b, fitText)
}

// prioGroupWeights aggregates the municipalities' AHP judgements given for the
// active criteria by their geometric mean (AIJ), weighted by population
// when byPopulation; nil when no judgements count.
func prioGroupWeights(list []prioMuniWeights, active []priority.Criterion, byPopulation bool) *prioGroup {
	keys := make([]string, len(active))
	for i, c := range active {
		keys[i] = c.Key
	}
	g := &prioGroup{Population: byPopulation}
	var ms [][][]float64
	var pops []float64
	for _, x := range list {
		e := x.Elicitation
		if e == nil || x.Stale {
			continue
		}
		if e.Method != priority.MethodAHP {
			g.Others = append(g.Others, x.Municipality.Name)
			continue
		}
		m, ok := prioAlignedMatrix(*e, keys)
		if !ok {
			continue
		}
		if byPopulation {
			if x.Municipality.Population == nil || *x.Municipality.Population <= 0 {
				g.NoFigures = append(g.NoFigures, x.Municipality.Name)
				continue
			}
			pops = append(pops, float64(*x.Municipality.Population))
		}
		ms = append(ms, m)
		g.Included = append(g.Included, x.Municipality.Name)
	}
	if len(ms) == 0 {
		if len(g.Others) > 0 || len(g.NoFigures) > 0 {
			return g
		}
		return nil
	}
	gm, err := method.GroupJudgements(ms, pops)
	if err != nil {
		return g
	}
	res, err := method.AHP(gm)
	if err != nil {
		return g
	}
	g.Weights, g.AHP = res.Weights, res
	return g
}

func (s *Server) loadPrioWeights(r *http.Request) (prioWeightsData, error) {
	rc := reqOf(r)
	l := rc.Lang
	var d prioWeightsData
	all, err := s.Priority.EnsureCriteria(r.Context(), rc.Principal)
	if err != nil {
		return d, err
	}
	d.Criteria = prioActive(all)
	munis, err := s.prioMunicipalities(r)
	if err != nil {
		return d, err
	}
	given, err := s.Priority.AllWeights(r.Context(), rc.Principal)
	if err != nil {
		return d, err
	}
	for _, m := range munis {
		x := prioMuniWeights{Municipality: m, CanSet: priority.CanSetWeights(rc.Principal, m.ID)}
		if i := slices.IndexFunc(given, func(e priority.Elicitation) bool { return e.MunicipalityID == m.ID }); i >= 0 {
			e := given[i]
			x.Elicitation = &e
			x.Outcome, x.Stale = prioOutcomeOf(l, e, d.Criteria)
		}
		d.CanSetAny = d.CanSetAny || x.CanSet
		d.Municipalities = append(d.Municipalities, x)
	}
	d.ByPopulation = r.URL.Query().Get("by_population") == "1"
	d.Group = prioGroupWeights(d.Municipalities, d.Criteria, d.ByPopulation)
	for _, m := range priority.Methods {
		d.Methods = append(d.Methods, option{Value: string(m), Label: l.T("priority.method." + string(m))})
	}
	return d, nil
}

// selectMunicipality picks the municipality shown in detail: the one
// asked for, else the first whose weights the user may set, else the first.
func (d *prioWeightsData) selectMunicipality(id domain.ID) {
	for i := range d.Municipalities {
		if d.Municipalities[i].Municipality.ID == id {
			d.Selected = &d.Municipalities[i]
			return
		}
	}
	for i := range d.Municipalities {
		if d.Municipalities[i].CanSet {
			d.Selected = &d.Municipalities[i]
			return
		}
	}
	if len(d.Municipalities) > 0 {
		d.Selected = &d.Municipalities[0]
	}
}

// fillForm prepares the form's fields for the selected municipality:
// from the posted form when given, else from its current weights when
// they were given by the same method.
func (d *prioWeightsData) fillForm(l i18n.Lang, posted map[string]string) {
	x := d.Selected
	if x == nil {
		return
	}
	if d.Method == "" {
		d.Method = string(priority.MethodAHP)
		if x.Elicitation != nil && slices.Contains(priority.Methods, x.Elicitation.Method) {
			d.Method = string(x.Elicitation.Method)
		}
	}
	e := x.Elicitation
	same := e != nil && !x.Stale && string(e.Method) == d.Method
	if e != nil {
		d.Version = e.Version
	}
	keys := make([]string, len(d.Criteria))
	for i, c := range d.Criteria {
		keys[i] = c.Key
	}
	switch priority.Method(d.Method) {
	case priority.MethodAHP:
		var m [][]float64
		if same {
			m, _ = prioAlignedMatrix(*e, keys)
		}
		for i := range d.Criteria {
			for j := i + 1; j < len(d.Criteria); j++ {
				a, b := d.Criteria[i].LocalName(l.Code()), d.Criteria[j].LocalName(l.Code())
				pr := prioPair{Field: prioPairField(i, j), A: a, B: b, Value: "1", Options: prioSaatyOptions(l, a, b)}
				if m != nil {
					pr.Value = prioSaatyText(m[i][j])
				}
				if v, ok := posted[pr.Field]; ok {
					pr.Value = v
				}
				d.Pairs = append(d.Pairs, pr)
			}
		}
	case priority.MethodDirect, priority.MethodSwing:
		var idx []int
		if same && len(e.Points) == len(keys) {
			idx, _ = prioKeyOrder(e.Criteria, keys)
		}
		for k, c := range d.Criteria {
			pt := prioPoint{Field: "p_" + c.Key, Name: c.LocalName(l.Code())}
			if idx != nil {
				pt.Value = l.Number(e.Points[idx[k]], prioDecimals(e.Points[idx[k]]))
			}
			if v, ok := posted[pt.Field]; ok {
				pt.Value = v
			}
			d.Points = append(d.Points, pt)
		}
	}
}

// prioDecimals is how many decimals (at most two) v needs.
func prioDecimals(v float64) int {
	for d := 0; d < 2; d++ {
		p := math.Pow10(d)
		if math.Abs(math.Round(v*p)-v*p) < 1e-9 {
			return d
		}
	}
	return 2
}

// prioWeightsForm is the weights form as asked for (GET) or posted.
type prioWeightsForm struct {
	Municipality domain.ID
	Method       string
	Posted       map[string]string // nil for a GET
	Version      int               // the posted version
	Preview      *prioOutcome      // the outcome of a check
}

func (s *Server) renderPrioWeights(w http.ResponseWriter, r *http.Request, status int, f prioWeightsForm, err error) error {
	rc := reqOf(r)
	l := rc.Lang
	d, derr := s.loadPrioWeights(r)
	if derr != nil {
		return derr
	}
	d.selectMunicipality(f.Municipality)
	if d.Selected != nil && d.Selected.CanSet {
		if slices.Contains(priority.Methods, priority.Method(f.Method)) {
			d.Method = f.Method
		}
		d.fillForm(l, f.Posted)
		if f.Posted != nil {
			d.Version = f.Version
		}
	}
	d.Preview = f.Preview
	d.Saved = r.Method == http.MethodGet && r.URL.Query().Get("saved") == "1"
	title := l.T("priority.weights.title")
	p := s.newPage(r, "priority", title, nil)
	if err != nil {
		p.Errors, p.Message, d.Summary = prioWeightsErrors(l, err, d)
	}
	p.Data = d
	return s.render(w, r, status, "priority_weights", p)
}

// prioWeightsErrors translates the problems of a weights form into messages on
// the form's fields: "matrix[i][j]" on the select of the pair, "points[i]"
// on the criterion's points, the whole matrix or list on its fieldset.
func prioWeightsErrors(l i18n.Lang, err error, d prioWeightsData) (map[string]string, string, []prioProblem) {
	de := domain.AsError(err)
	group := "matrix"
	if d.Method != string(priority.MethodAHP) {
		group = "points"
	}
	labels := map[string]string{"method": l.T("field.method"), "municipality": l.T("field.municipality"), group: l.T("priority.weights." + group)}
	order := []string{"municipality", "method", group}
	for _, pr := range d.Pairs {
		labels[pr.Field] = l.T("priority.weights.pair_label", pr.A, pr.B)
		order = append(order, pr.Field)
	}
	for _, pt := range d.Points {
		labels[pt.Field] = pt.Name
		order = append(order, pt.Field)
	}
	fields := map[string]string{}
	for _, f := range de.Fields {
		name := f.Field
		var i, j int
		switch {
		case strings.HasPrefix(name, "matrix["):
			if _, serr := fmt.Sscanf(name, "matrix[%d][%d]", &i, &j); serr == nil && i != j {
				name = prioPairField(i, j)
			} else {
				name = "matrix"
			}
		case strings.HasPrefix(name, "points["):
			if _, serr := fmt.Sscanf(name, "points[%d]", &i); serr == nil && i >= 0 && i < len(d.Criteria) {
				name = "p_" + d.Criteria[i].Key
			} else {
				name = "points"
			}
		case name == "criteria" || name == "matrix" || name == "points":
			name = group
		}
		msg := l.T(f.Code, f.Params...)
		if prev, ok := fields[name]; ok {
			msg = prev + " " + msg
		}
		fields[name] = msg
	}
	var summary []prioProblem
	for _, f := range order {
		if msg, ok := fields[f]; ok {
			summary = append(summary, prioProblem{Field: f, Label: labels[f], Message: msg})
		}
	}
	for f, msg := range fields {
		if !slices.Contains(order, f) {
			summary = append(summary, prioProblem{Field: f, Label: f, Message: msg})
		}
	}
	return fields, l.T(de.Code, de.Params...), summary
}

// priorityWeights shows every municipality's weights side by side with the
// group weights, one municipality's weights in detail, and the form to set
// them for a municipality the user may set them for.
func (s *Server) priorityWeights(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	return s.renderPrioWeights(w, r, http.StatusOK, prioWeightsForm{Municipality: prioID(q.Get("municipality")), Method: q.Get("method")}, nil)
}

// priorityWeightsSave replaces a municipality's weights, or with
// action=check computes the AHP judgements' consistency without saving.
func (s *Server) priorityWeightsSave(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	l := rc.Lang
	if err := r.ParseForm(); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	muni := prioID(r.PostForm.Get("municipality"))
	// Rights first: a user who may not set them gets 403, not the form's problems.
	if !priority.CanSetWeights(rc.Principal, muni) {
		return domain.Forbidden("auth.forbidden")
	}
	munis, err := s.prioMunicipalities(r)
	if err != nil {
		return err
	}
	if _, err := prioFindMunicipality(munis, muni); err != nil {
		return err
	}
	all, err := s.Priority.EnsureCriteria(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	active := prioActive(all)
	posted := map[string]string{}
	for k := range r.PostForm {
		if k != "csrf_token" {
			posted[k] = r.PostForm.Get(k)
		}
	}
	meth := priority.Method(posted["method"])
	version, _ := strconv.Atoi(posted["version"])
	e := priority.Elicitation{MunicipalityID: muni, Method: meth, Version: version}
	for _, c := range active {
		e.Criteria = append(e.Criteria, c.Key)
	}
	var errs []domain.FieldError
	n := len(active)
	switch meth {
	case priority.MethodAHP:
		e.Matrix = make([][]float64, n)
		for i := range e.Matrix {
			e.Matrix[i] = make([]float64, n)
			e.Matrix[i][i] = 1
		}
		for i := range n {
			for j := i + 1; j < n; j++ {
				f := prioPairField(i, j)
				text := strings.TrimSpace(posted[f])
				if text == "" {
					errs = append(errs, domain.Field(f, "field.required"))
					continue
				}
				v, perr := method.ParseJudgement(text)
				if perr != nil {
					for _, fe := range domain.AsError(perr).Fields {
						errs = append(errs, domain.Field(f, fe.Code, fe.Params...))
					}
					continue
				}
				e.Matrix[i][j] = v
			}
		}
	case priority.MethodDirect, priority.MethodSwing:
		e.Points = make([]float64, n)
		for i, c := range active {
			f := "p_" + c.Key
			text := strings.TrimSpace(posted[f])
			v, ok := parseNumber(text)
			switch {
			case text == "":
				errs = append(errs, domain.Field(f, "field.required"))
			case !ok:
				errs = append(errs, domain.Field(f, "field.not_a_number"))
			}
			e.Points[i] = v
		}
	}
	f := prioWeightsForm{Municipality: muni, Method: string(meth), Posted: posted, Version: version}
	if len(errs) > 0 {
		return s.renderPrioWeights(w, r, http.StatusUnprocessableEntity, f, domain.Invalid("error.invalid_fields", errs...))
	}
	if posted["action"] == "check" && meth == priority.MethodAHP {
		// The manager's own check of the judgements, without saving them.
		checked, cerrs := e.Check(all)
		if len(cerrs) > 0 {
			return s.renderPrioWeights(w, r, http.StatusUnprocessableEntity, f, domain.Invalid("error.invalid_fields", cerrs...))
		}
		out, _ := prioOutcomeOf(l, checked, active)
		f.Preview = &out
		return s.renderPrioWeights(w, r, http.StatusOK, f, nil)
	}
	_, err = s.Priority.SaveWeights(r.Context(), rc.Principal, e)
	if status, ok := formStatus(err); ok {
		if status == http.StatusConflict {
			// The stored version goes into the form: saving again overwrites.
			given, gerr := s.Priority.AllWeights(r.Context(), rc.Principal)
			if gerr != nil {
				return gerr
			}
			for _, x := range given {
				if x.MunicipalityID == muni {
					f.Version = x.Version
				}
			}
		}
		return s.renderPrioWeights(w, r, status, f, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/priority/weights?municipality=%d&saved=1#weights-detail-h", muni))
}

// ---- Assignments ----

// prioMine is one of the user's own assignments.
type prioMine struct {
	priority.AssignmentProgress
	Service      string
	Municipality string
}

// prioCompletion is one municipality's progress.
type prioCompletion struct {
	priority.Completion
	Percent float64
}

// prioAssignment is an assignment of the chosen municipality.
type prioAssignment struct {
	priority.Assignment
	Service string
}

type prioAssignData struct {
	Mine         []prioMine
	NoRound      bool
	Completion   []prioCompletion
	Assignable   []option // municipalities the user may assign in
	Municipality *catalogue.Municipality
	List         []prioAssignment
	Services     []option
	Users        []option
	Form         map[string]string
	Done         string // "assigned" or "removed" after a change
}

func prioServiceName(a priority.Assignment, lang string) string {
	if lang == "en" && a.ServiceNameEN != "" {
		return a.ServiceNameEN
	}
	return a.ServiceNameNB
}

func (s *Server) renderPrioAssignments(w http.ResponseWriter, r *http.Request, status int, municipality domain.ID, form map[string]string, err error) error {
	rc := reqOf(r)
	l := rc.Lang
	ctx := r.Context()
	p := rc.Principal
	d := prioAssignData{Form: form}
	if d.Form == nil {
		d.Form = map[string]string{}
	}
	munis, merr := s.prioMunicipalities(r)
	if merr != nil {
		return merr
	}
	names := map[domain.ID]string{}
	for _, m := range munis {
		names[m.ID] = m.Name
		if priority.CanAssign(p, m.ID) {
			d.Assignable = append(d.Assignable, option{Value: strconv.FormatInt(m.ID, 10), Label: m.Name})
		}
	}
	mine, merr := s.Priority.MyAssignments(ctx, p)
	if merr != nil {
		return merr
	}
	for _, a := range mine {
		d.Mine = append(d.Mine, prioMine{AssignmentProgress: a, Service: prioServiceName(a.Assignment, l.Code()), Municipality: names[a.MunicipalityID]})
	}
	done, cerr := s.Priority.Completion(ctx, p)
	if cerr != nil {
		return cerr
	}
	// The municipalities in the order the other lists use.
	slices.SortStableFunc(done, func(a, b priority.Completion) int {
		return slices.IndexFunc(munis, func(m catalogue.Municipality) bool { return m.ID == a.MunicipalityID }) -
			slices.IndexFunc(munis, func(m catalogue.Municipality) bool { return m.ID == b.MunicipalityID })
	})
	d.NoRound = true
	for _, c := range done {
		pc := prioCompletion{Completion: c}
		if c.Assigned > 0 {
			pc.Percent = float64(c.Scored) / float64(c.Assigned)
		}
		if c.RoundID != 0 {
			d.NoRound = false
		}
		d.Completion = append(d.Completion, pc)
	}
	if len(d.Assignable) > 0 {
		chosen := d.Assignable[0].Value
		for _, o := range d.Assignable {
			if o.Value == strconv.FormatInt(municipality, 10) {
				chosen = o.Value
			}
		}
		m, _ := prioFindMunicipality(munis, prioID(chosen))
		d.Municipality = &m
		list, aerr := s.Priority.Assignments(ctx, p, m.ID)
		if aerr != nil {
			return aerr
		}
		for _, a := range list {
			d.List = append(d.List, prioAssignment{Assignment: a, Service: prioServiceName(a, l.Code())})
		}
		services, serr := s.Catalogue.ListServices(ctx, p, catalogue.ServiceFilter{}, l.Code())
		if serr != nil {
			return serr
		}
		for _, sv := range services {
			d.Services = append(d.Services, option{Value: strconv.FormatInt(sv.ID, 10), Label: sv.Name(l.Code())})
		}
		users, uerr := s.Accounts.Users(ctx, p)
		if uerr != nil {
			return uerr
		}
		slices.SortFunc(users, func(a, b account.User) int { return cmp.Compare(a.Name, b.Name) })
		for _, u := range users {
			up := u.Principal()
			if !u.Disabled && (up.HasIn(domain.RoleSubjectOwner, m.ID) || up.HasIn(domain.RoleCoordinator, m.ID)) {
				d.Users = append(d.Users, option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name + " (" + u.Email + ")"})
			}
		}
	}
	if r.Method == http.MethodGet {
		switch r.URL.Query().Get("done") {
		case "assigned", "removed":
			d.Done = r.URL.Query().Get("done")
		}
	}
	pg := s.newPage(r, "priority", l.T("priority.assign.title"), d)
	if err != nil {
		pg.Errors, pg.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "priority_assignments", pg)
}

// priorityAssignments shows the user's own assignments with their
// progress, completion per municipality, and for a coordinator (or the
// programme lead) a municipality's assignments with the form to add one.
func (s *Server) priorityAssignments(w http.ResponseWriter, r *http.Request) error {
	return s.renderPrioAssignments(w, r, http.StatusOK, prioID(r.URL.Query().Get("municipality")), nil, nil)
}

// priorityAssign gives a subject-matter owner a service to score for a
// municipality.
func (s *Server) priorityAssign(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	if err := r.ParseForm(); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	muni := prioID(r.PostForm.Get("municipality"))
	// Rights first: a user who may not assign gets 403, not the form's problems.
	if !priority.CanAssign(rc.Principal, muni) {
		return domain.Forbidden("auth.forbidden")
	}
	munis, err := s.prioMunicipalities(r)
	if err != nil {
		return err
	}
	if _, err := prioFindMunicipality(munis, muni); err != nil {
		return err
	}
	form := map[string]string{"service_id": r.PostForm.Get("service_id"), "user_id": r.PostForm.Get("user_id")}
	var errs []domain.FieldError
	ids := map[string]domain.ID{}
	for _, f := range []string{"service_id", "user_id"} {
		if ids[f] = prioID(form[f]); ids[f] == 0 {
			errs = append(errs, domain.Field(f, "field.required"))
		}
	}
	if len(errs) > 0 {
		return s.renderPrioAssignments(w, r, http.StatusUnprocessableEntity, muni, form, domain.Invalid("error.invalid_fields", errs...))
	}
	_, err = s.Priority.Assign(r.Context(), rc.Principal, priority.Assignment{MunicipalityID: muni, ServiceID: ids["service_id"], UserID: ids["user_id"]})
	if status, ok := formStatus(err); ok {
		return s.renderPrioAssignments(w, r, status, muni, form, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/priority/assignments?municipality=%d&done=assigned#assign-list-h", muni))
}

// priorityUnassign removes an assignment.
func (s *Server) priorityUnassign(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	munis, err := s.prioMunicipalities(r)
	if err != nil {
		return err
	}
	// A user who may assign nowhere gets 403 whatever the id.
	if !slices.ContainsFunc(munis, func(m catalogue.Municipality) bool { return priority.CanAssign(rc.Principal, m.ID) }) {
		return domain.Forbidden("auth.forbidden")
	}
	id := prioID(r.PathValue("id"))
	if id == 0 {
		return domain.NotFound("priority.assignment_not_found")
	}
	if err := s.Priority.Unassign(r.Context(), rc.Principal, id); err != nil {
		return err
	}
	q := url.Values{"done": {"removed"}}
	if m := prioID(r.PostFormValue("municipality")); m != 0 {
		q.Set("municipality", strconv.FormatInt(m, 10))
	}
	return redirect(w, r, "/priority/assignments?"+q.Encode()+"#assign-list-h")
}
