package web_test

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/demo"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/realisation"
)

// TestObjectsOnlyThroughTheirService asks, for every route that names a
// service and an object of it, for an object of byggesak-ettrinns under
// barnehageplass-opptak, with a form the programme lead could send for
// real: every answer is 404 and nothing is stored. (The probe saved
// byggesak's process as a new version of barnehageplass's through POST
// …/processes/{model}/table.) A new route of that shape fails the test
// until it has a case here. The facts routes name a municipality, which
// every service has, not an object of a service.
func TestObjectsOnlyThroughTheirService(t *testing.T) {
	ctx := context.Background()
	a := shared.app
	c, err := a.DB.Catalogue().CollaborationBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	sys := domain.SystemPrincipal(c.ID)
	const own, other = "byggesak-ettrinns", "barnehageplass-opptak"
	// The other service gets a plan of its own, so that an indicator of
	// byggesak's is refused for being another plan's, not for want of one.
	if _, err := a.Realisation.CreatePlan(ctx, sys, other); err != nil && domain.KindOf(err) != domain.KindConflict {
		t.Fatal(err)
	}

	model, _, steps, err := a.Processes.Steps(ctx, sys, own, shared.model)
	if err != nil {
		t.Fatal(err)
	}
	var element string
	for _, st := range steps {
		if st.Activity {
			element = st.ID
			break
		}
	}
	reg, err := a.Processes.Obstacles(ctx, sys, own)
	if err != nil {
		t.Fatal(err)
	}
	obstacleVersion := 0
	for _, o := range reg.List {
		if o.ID == shared.obstacle {
			obstacleVersion = o.Version
		}
	}
	reqs, err := a.Processes.Requirements(ctx, sys, own)
	if err != nil {
		t.Fatal(err)
	}
	requirementVersion := 0
	for _, q := range reqs {
		if q.ID == shared.requirement {
			requirementVersion = q.Version
		}
	}
	plan, err := a.Realisation.Plan(ctx, sys, own)
	if err != nil {
		t.Fatal(err)
	}
	var ind realisation.Indicator
	for _, v := range plan.Indicators {
		if v.ID == shared.indicator {
			ind = v.Indicator
		}
	}
	if element == "" || obstacleVersion == 0 || requirementVersion == 0 || ind.ID == 0 {
		t.Fatalf("fixtures: element %q, obstacle v%d, requirement v%d, indicator %d", element, obstacleVersion, requirementVersion, ind.ID)
	}
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	const day = "2006-01-02"

	svc := "/services/" + other
	modelPath := svc + "/processes/" + strconv.FormatInt(shared.model, 10)
	obstacle := svc + "/obstacles/" + strconv.FormatInt(shared.obstacle, 10)
	requirement := svc + "/requirements/" + strconv.FormatInt(shared.requirement, 10)
	indicator := svc + "/plan/indicators/" + strconv.FormatInt(shared.indicator, 10)
	cases := map[string]struct {
		path string
		form url.Values
	}{
		"GET /services/{slug}/processes/{model}":         {path: modelPath},
		"GET /services/{slug}/processes/{model}/bpmn":    {path: modelPath + "/bpmn?version=1"},
		"GET /services/{slug}/processes/{model}/history": {path: modelPath + "/history"},
		"GET /services/{slug}/processes/{model}/table":   {path: modelPath + "/table"},
		"POST /services/{slug}/processes/{model}/table": {path: modelPath + "/table", form: url.Values{"op": {"set"},
			"element": {element}, "employeeMinutes": {"12"}, "base": {strconv.Itoa(model.CurrentVersion)}}},
		"GET /services/{slug}/obstacles/{id}": {path: obstacle},
		"POST /services/{slug}/obstacles/{id}": {path: obstacle, form: url.Values{"element": {element}, "category": {"law"},
			"legal_reference": {"Forvaltningsloven § 17"}, "description": {"Flyttet"}, "status": {"resolved"},
			"version": {strconv.Itoa(obstacleVersion)}}},
		"POST /services/{slug}/obstacles/{id}/delete": {path: obstacle + "/delete", form: url.Values{"version": {strconv.Itoa(obstacleVersion)}}},
		"POST /services/{slug}/requirements/{id}": {path: requirement, form: url.Values{"text": {"Flyttet"}, "type": {"functional"},
			"priority": {"must"}, "status": {"dropped"}, "version": {strconv.Itoa(requirementVersion)}}},
		"POST /services/{slug}/plan/indicators/{id}": {path: indicator, form: url.Values{"gain": {ind.Gain}, "class": {ind.Class},
			"name": {ind.Name + " (flyttet)"}, "unit": {ind.Unit}, "baseline": {num(ind.Baseline)},
			"baseline_date": {ind.BaselineDate.Format(day)}, "target": {num(ind.Target)}, "target_date": {ind.TargetDate.Format(day)},
			"owner": {strconv.FormatInt(ind.OwnerID, 10)}, "interval_months": {strconv.Itoa(ind.IntervalMonths)},
			"version": {strconv.Itoa(ind.Version)}}},
		"POST /services/{slug}/plan/indicators/{id}/delete": {path: indicator + "/delete", form: url.Values{"version": {strconv.Itoa(ind.Version)}}},
		"POST /services/{slug}/plan/indicators/{id}/measurements": {path: indicator + "/measurements",
			form: url.Values{"value": {num(ind.Target)}, "date": {a.Clock.Now().Format(day)}, "comment": {"feil tjeneste"}}},
	}
	// Models named in the form rather than the path, same rule.
	extra := map[string]struct {
		path string
		form url.Values
	}{
		"GET new from another service's model": {path: svc + "/processes/new?target=adapted:0:0&from=" + strconv.FormatInt(shared.model, 10)},
		"POST copy from another service's model": {path: svc + "/processes/copy", form: url.Values{"target": {"adapted:0:0"},
			"from": {strconv.FormatInt(shared.model, 10)}}},
	}

	// state is what the requests could change, in both services.
	state := func() []any {
		t.Helper()
		var out []any
		for _, slug := range []string{own, other} {
			models, err := a.Processes.Models(ctx, sys, slug)
			if err != nil {
				t.Fatal(err)
			}
			reg, err := a.Processes.Obstacles(ctx, sys, slug)
			if err != nil {
				t.Fatal(err)
			}
			reqs, err := a.Processes.Requirements(ctx, sys, slug)
			if err != nil {
				t.Fatal(err)
			}
			plan, err := a.Realisation.Plan(ctx, sys, slug)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, models, reg.List, reqs, plan)
		}
		return out
	}
	lead := login(t, "programleder@fosen.example")
	send := func(t *testing.T, name, path string, form url.Values) {
		before := state()
		lead.t = t
		var res *http.Response
		var body string
		if form == nil {
			res, body = lead.get(path)
		} else {
			res, body = lead.post(path, form)
		}
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s %s: status %d, want 404\n%.300s", name, path, res.StatusCode, body)
		}
		if after := state(); !reflect.DeepEqual(before, after) {
			t.Errorf("%s %s changed what is stored", name, path)
		}
	}
	seen := map[string]bool{}
	for _, rt := range a.Web.Routes() {
		key := rt.Method + " " + rt.Pattern
		if !strings.Contains(rt.Pattern, "{slug}") || !strings.Contains(rt.Pattern, "{model}") && !strings.Contains(rt.Pattern, "{id}") {
			continue
		}
		seen[key] = true
		cs, ok := cases[key]
		if !ok {
			t.Errorf("route %s names a service and an object but has no case here", key)
			continue
		}
		t.Run(key, func(t *testing.T) { send(t, key, cs.path, cs.form) })
	}
	for key := range cases {
		if !seen[key] {
			t.Errorf("case %s names no route", key)
		}
	}
	for name, cs := range extra {
		t.Run(name, func(t *testing.T) { send(t, name, cs.path, cs.form) })
	}
}
