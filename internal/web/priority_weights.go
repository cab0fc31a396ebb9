package web

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
	"github.com/tjenestevalg/tjenestevalg/internal/priority/method"
)

// The weights page: each municipality's weights (AHP, direct points or
// swing) beside the group weights the rankings use, and the form to set
// them.

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

// prioGroupView is the group weights as the manager computed them (the
// very weights the rankings use), with the municipalities named by how
// they were counted.
type prioGroupView struct {
	priority.GroupWeights
	Names     []string // the municipalities whose weights count
	NoWeights []string // left out: no weights given
	Stale     []string // left out: weights for other criteria
	NoFigures []string // left out: no population figure
}

func newPrioGroupView(g priority.GroupWeights) *prioGroupView {
	v := &prioGroupView{GroupWeights: g}
	for _, c := range g.Included {
		v.Names = append(v.Names, c.Municipality.Name)
	}
	for _, x := range g.LeftOut {
		switch x.Reason {
		case priority.LeftOutNoWeights:
			v.NoWeights = append(v.NoWeights, x.Municipality.Name)
		case priority.LeftOutStale:
			v.Stale = append(v.Stale, x.Municipality.Name)
		case priority.LeftOutNoPopulation:
			v.NoFigures = append(v.NoFigures, x.Municipality.Name)
		}
	}
	return v
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
	Group          *prioGroupView
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

// prioOutcomeOf is what an elicitation gives, in the order of the active
// criteria, as the manager reads it (Elicitation.WeightsFor), with the
// worst judgement in words; stale is true when it was given for other
// criteria.
func prioOutcomeOf(l i18n.Lang, e priority.Elicitation, active []priority.Criterion) (out prioOutcome, stale bool) {
	w, ok := e.WeightsFor(prioKeys(active))
	if !ok {
		return out, true
	}
	out.Weights, out.AHP = w.Weights, w.AHP
	if res := w.AHP; res != nil && res.Worst != nil {
		out.Worst = prioWorstText(l, *res.Worst, active[res.Worst.I].LocalName(l.Code()), active[res.Worst.J].LocalName(l.Code()))
		out.WorstField = prioPairField(res.Worst.I, res.Worst.J)
	}
	return out, false
}

// prioKeys returns the criteria's keys, in order.
func prioKeys(cs []priority.Criterion) []string {
	keys := make([]string, len(cs))
	for i, c := range cs {
		keys[i] = c.Key
	}
	return keys
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
	g, err := s.Priority.GroupWeights(r.Context(), rc.Principal, d.ByPopulation)
	if err != nil {
		return d, err
	}
	d.Group = newPrioGroupView(g)
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
	keys := prioKeys(d.Criteria)
	switch priority.Method(d.Method) {
	case priority.MethodAHP:
		var m [][]float64
		if same {
			m, _ = e.MatrixFor(keys)
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
		var points []float64
		if same {
			points, _ = e.PointsFor(keys)
		}
		for k, c := range d.Criteria {
			pt := prioPoint{Field: "p_" + c.Key, Name: c.LocalName(l.Code())}
			if points != nil {
				pt.Value = l.Number(points[k], prioDecimals(points[k]))
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
	muni, err := formID(r, "municipality")
	if err != nil {
		return err
	}
	return s.renderPrioWeights(w, r, http.StatusOK, prioWeightsForm{Municipality: muni, Method: r.URL.Query().Get("method")}, nil)
}

// priorityWeightsSave replaces a municipality's weights, or with
// action=check computes the AHP judgements' consistency without saving.
func (s *Server) priorityWeightsSave(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	l := rc.Lang
	muni, err := s.prioPostedMunicipality(r, priority.CanSetWeights)
	if err != nil {
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
	var errs []domain.FieldError
	version, err := formVersion(r)
	if err != nil {
		errs = append(errs, domain.AsError(err).Fields...)
	}
	e := priority.Elicitation{MunicipalityID: muni, Method: meth, Version: version}
	for _, c := range active {
		e.Criteria = append(e.Criteria, c.Key)
	}
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
			e.Points[i] = formNumber(f, posted[f], &errs)
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
