package web

import (
	"context"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
	"github.com/tjenestevalg/tjenestevalg/internal/priority/method"
)

func TestPriorityWeightsPage(t *testing.T) {
	e := newSetupEnv(t)
	rissa := strconv.FormatInt(e.munis["Rissa"].ID, 10)
	leader := e.login(t, "leder.rissa@fosen.example")
	st, body := leader.get("/priority/weights")
	if st != 200 {
		t.Fatalf("weights: %d %.800s", st, body)
	}
	wantIn(t, body, `<option value="`+rissa+`" selected>Rissa</option>`, `name="a_0_1"`, `name="a_5_6"`, "weights-side", "Leksvik")
	if n := strings.Count(body, `<select id="f-a_`); n != 21 {
		t.Errorf("%d pair selects, want 21", n)
	}
	before := regexp.MustCompile(`(?s)<select id="f-a_0_1".*?<option value="([^"]+)" selected>`).FindStringSubmatch(body)
	if before == nil {
		t.Fatal("no judgement selected for the first pair")
	}
	form := url.Values{"municipality": {rissa}, "method": {"ahp"}}
	for _, m := range regexp.MustCompile(`(?s)<select id="f-(a_\d+_\d+)".*?<option value="([^"]+)" selected>`).FindAllStringSubmatch(body, -1) {
		form.Set(m[1], m[2])
	}
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(body)
	form.Set("version", version[1])

	// An inconsistent judgement: checked, not saved.
	form.Set("a_0_1", "1/9")
	form.Set("action", "check")
	st, body = leader.post("/priority/weights", form)
	if st != 200 {
		t.Fatalf("check: %d %.800s", st, body)
	}
	wantIn(t, body, `id="ahp-check"`, `href="#f-a_0_1"`, "Nytte for innbyggerne", "Gevinstpotensial")
	if !strings.Contains(body, `alert alert-error consistency" id="ahp-check"`) {
		t.Errorf("the check does not warn: %s", between(body, `id="ahp-check"`, "</div>"))
	}

	// A value off the scale: 422 on the pair's select.
	form.Set("a_0_1", "0")
	form.Set("action", "save")
	if st, body = leader.post("/priority/weights", form); st != 422 {
		t.Fatalf("judgement 0: %d", st)
	}
	wantIn(t, body, `id="f-a_0_1" name="a_0_1" aria-invalid="true" aria-describedby="e-a_0_1"`, `href="#f-a_0_1"`, `id="e-a_0_1"`)

	// Fixed and saved.
	form.Set("a_0_1", before[1])
	if st, body = leader.post("/priority/weights", form); st != 303 {
		t.Fatalf("save: %d %.500s", st, body)
	}
	wantIn(t, body, "alert-success", "weights-detail")
	if !strings.Contains(body, `alert alert-success consistency`) {
		t.Errorf("the demo judgements are not consistent enough: %s", between(body, "consistency", "</div>"))
	}
	// Saving again at the old version: 409, the form then carries the new one.
	if st, body = leader.post("/priority/weights", form); st != 409 {
		t.Errorf("stale: %d", st)
	} else if !strings.Contains(body, `name="version" value="`+strconv.Itoa(mustAtoi(version[1])+1)+`"`) {
		t.Error("the stale form does not carry the stored version")
	}

	if st, body = leader.get("/priority/weights?by_population=1"); st != 200 {
		t.Fatalf("by population: %d", st)
	}
	wantIn(t, body, `id="v-by_population" name="by_population" value="1" checked`)

	// Direct points.
	st, body = leader.get("/priority/weights?method=direct&municipality=" + rissa)
	if st != 200 || !strings.Contains(body, `name="p_gain_potential"`) {
		t.Fatalf("direct form: %d", st)
	}
	points := url.Values{"municipality": {rissa}, "method": {"direct"}, "version": {"0"}, "p_gain_potential": {"mye"}}
	if st, body = leader.post("/priority/weights", points); st != 422 {
		t.Fatalf("points «mye»: %d", st)
	}
	wantIn(t, body, `href="#f-p_gain_potential">Gevinstpotensial: Skriv et tall`, `href="#f-p_risk">Risiko: Må fylles ut.`)

	// Someone who may not set Rissa's weights.
	owner := e.login(t, "fag.rissa@fosen.example")
	if st, _ := owner.post("/priority/weights", form); st != 403 {
		t.Errorf("subject owner sets weights: %d", st)
	}
	if st, body := owner.get("/priority/weights"); st != 200 || strings.Contains(body, `action="/priority/weights" class="form"`) {
		t.Errorf("subject owner: %d, or the form is shown", st)
	}
	leksvik := e.login(t, "leder.leksvik@fosen.example")
	if st, _ := leksvik.post("/priority/weights", form); st != 403 {
		t.Errorf("Leksvik's leader sets Rissa's weights: %d", st)
	}
}

// The scenario's judgement: the demo's judgements for Rissa with gain
// potential against citizen benefit turned to 1/9 are too inconsistent,
// and that pair is the worst.
func TestInconsistentJudgementIsFound(t *testing.T) {
	e := newSetupEnv(t)
	el, err := e.pri.Weights(context.Background(), domain.SystemPrincipal(e.collab), e.munis["Rissa"].ID)
	if err != nil {
		t.Fatal(err)
	}
	res, err := method.AHP(el.Matrix)
	if err != nil || !res.Acceptable {
		t.Fatalf("Rissa's demo judgements: CR %.3f, %v", res.CR, err)
	}
	m := el.Matrix
	m[0][1], m[1][0] = 1.0/9, 9
	bad, err := method.AHP(m)
	if err != nil {
		t.Fatal(err)
	}
	if bad.Acceptable || bad.Worst == nil || bad.Worst.I != 0 || bad.Worst.J != 1 {
		t.Errorf("with 1/9: CR %.3f, worst %+v", bad.CR, bad.Worst)
	}
}

// The pointer names the more important criterion first.
func TestWorstTextOrientation(t *testing.T) {
	l := i18n.Lang("en")
	for _, c := range []struct {
		j    method.Judgement
		want []any
	}{
		{method.Judgement{Value: 5, Fitting: 1.43}, []any{"A", "5", "B", "1.4"}},
		{method.Judgement{Value: 1.0 / 9, Fitting: 1.8}, []any{"B", "9", "A", "0.56"}},
		{method.Judgement{Value: 1, Fitting: 0.5}, []any{"B", "A", "2.0"}},
	} {
		key := "priority.weights.worst"
		if len(c.want) == 3 {
			key = "priority.weights.worst_equal"
		}
		if got, want := prioWorstText(l, c.j, "A", "B"), l.T(key, c.want...); got != want {
			t.Errorf("%+v: %q, want %q", c.j, got, want)
		}
	}
}

// The weights page shows exactly the group weights the rankings use, also
// when municipalities mix AHP with direct points and swing weighting and
// one has no population figure, and says who was left out and why.
func TestWeightsPageShowsTheRankingsGroupWeights(t *testing.T) {
	e := newSetupEnv(t)
	ctx := context.Background()
	sys := domain.SystemPrincipal(e.collab)
	crits, err := e.pri.Criteria(ctx, sys)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, c := range crits {
		if c.Active {
			keys = append(keys, c.Key)
		}
	}
	// Rissa by direct points, the criteria given in reverse order; Leksvik
	// by swing weighting; the others keep the demo's AHP judgements.
	reversed := slices.Clone(keys)
	slices.Reverse(reversed)
	set := func(name string, m priority.Method, criteria []string, points []float64) {
		t.Helper()
		id := e.munis[name].ID
		old, err := e.pri.Weights(ctx, sys, id)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.pri.SaveWeights(ctx, sys, priority.Elicitation{MunicipalityID: id, Method: m,
			Criteria: criteria, Points: points, Version: old.Version}); err != nil {
			t.Fatalf("%s's weights: %v", name, err)
		}
	}
	points := make([]float64, len(keys))
	swing := make([]float64, len(keys))
	for i := range keys {
		points[i] = float64(10 + 5*i)
		swing[i] = float64(100 - 10*i)
	}
	set("Rissa", priority.MethodDirect, reversed, points)
	set("Leksvik", priority.MethodSwing, keys, swing)
	// Osen without a population figure.
	osen := e.munis["Osen"]
	osen.Population, osen.PopulationYear = nil, nil
	if _, err := e.cat.SaveMunicipality(ctx, sys, osen); err != nil {
		t.Fatal(err)
	}

	lead := e.login(t, "programleder@fosen.example")
	for _, byPop := range []bool{false, true} {
		path := "/priority/weights"
		if byPop {
			path += "?by_population=1"
		}
		st, body := lead.get(path)
		if st != 200 {
			t.Fatalf("%s: %d", path, st)
		}
		view, err := e.pri.Rankings(ctx, sys, 0, byPop)
		if err != nil {
			t.Fatal(err)
		}
		page, err := e.pri.GroupWeights(ctx, sys, byPop)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(page.Weights, view.GroupWeights) {
			t.Errorf("by population %v: the manager's group weights %v, the ranking's %v", byPop, page.Weights, view.GroupWeights)
		}
		if page.Rule != priority.GroupGeometricMean {
			t.Errorf("mixed methods give the rule %q", page.Rule)
		}
		// The page's group column, criterion by criterion.
		l := i18n.Lang("nb")
		table := between(body, `class="data weights-side"`, "</table>")
		for i, c := range view.Criteria {
			want := `<th scope="row">` + c.LocalName("nb") + "</th>\n    <td class=\"num\">" + l.Number(100*view.GroupWeights[i], 1) + " %</td>"
			if !strings.Contains(table, want) {
				t.Errorf("by population %v: the page does not show %s at %s %%: %s", byPop, c.Key, l.Number(100*view.GroupWeights[i], 1), table)
			}
		}
		wantIn(t, body, "Geometrisk snitt av vektene fra")
		if byPop {
			wantIn(t, body, "Mangler folketall og er derfor ikke med: Osen.")
			if !slices.ContainsFunc(view.Group.LeftOut, func(x priority.GroupLeftOut) bool {
				return x.Municipality.ID == osen.ID && x.Reason == priority.LeftOutNoPopulation
			}) {
				t.Errorf("the ranking counts Osen without a population figure: %+v", view.Group.LeftOut)
			}
		} else if strings.Contains(body, "Mangler folketall") {
			t.Error("weighting equally, a municipality is left out for its population")
		}
	}
}
