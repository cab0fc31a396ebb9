package e2e_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// testRoadmap follows the path: the programme lead turns the
// demo decision into a roadmap, opens a scenario with its Gantt chart,
// greedy baseline and reasons, changes the budget and sees the plan and
// the net present value change, is refused bad input and an infeasible
// must on the fields, copies a scenario to compare, edits a component,
// downloads the workbook; the leadership reads without forms.
func testRoadmap(t *testing.T) {
	b := newTab(t)
	b.loginTo("programleder@fosen.example", "roadmap", "/roadmap")
	// From the decision's page, as a programme lead comes to it.
	if st := b.follow("priority decision", click(`a[href^="/priority/decisions/"]`)); st != 200 {
		t.Fatalf("the decision: status %d", st)
	}
	if st := b.follow("roadmap", click(`form[action="/roadmap/from-decision"] button`)); st != 200 || b.path() != "/roadmap" {
		t.Fatalf("from decision: status %d at %s", st, b.path())
	}
	if n := b.count("table.roadmap-items tbody tr"); n < 16 {
		t.Errorf("the roadmap lists %d items, want the 12 decided services and 4 components", n)
	}
	if n := b.count("table.roadmap-compare thead th"); n != 3 {
		t.Errorf("the comparison has %d header cells, want the measure and two scenarios", n)
	}
	b.waitCharts(1)
	b.axe("roadmap, chart drawn")
	b.screenshot("roadmap")

	if st := b.follow("roadmap scenario", click(`table.roadmap-compare thead a`)); st != 200 {
		t.Fatalf("scenario: status %d", st)
	}
	scenario := b.path()
	if b.count("svg.gantt-chart rect.gantt-build") < 3 || b.count("table.roadmap-plan tbody tr") < 3 {
		t.Errorf("the plan has too few rows: %q", b.text("main"))
	}
	if b.count("table.roadmap-why tbody tr") == 0 || !strings.Contains(b.text("table.roadmap-why"), "Forutsetter") {
		t.Errorf("no item says why it waits: %q", b.text("section[aria-labelledby=why-h]"))
	}
	result := b.text("dl.result")
	if !strings.Contains(result, "Optimal") || !strings.Contains(result, "mer enn den grådige planen") {
		t.Errorf("the result lacks the proof or the greedy difference: %q", result)
	}
	b.waitCharts(2)
	b.axe("roadmap scenario, charts drawn")
	evalJS[bool](b, `(document.getElementById('plan-h').scrollIntoView(), true)`)
	b.screenshot("roadmap-scenario")
	npv := b.text("dl.result dd strong")

	// More money in the first two years: a new plan with a higher value.
	setValue(b, `input[name="years[0].budget"]`, "1500000")
	setValue(b, `input[name="years[1].budget"]`, "1500000")
	if st := b.follow("roadmap scenario", click(`form[action="`+scenario+`"] button[type=submit]`)); st != 200 {
		t.Fatalf("save scenario: status %d", st)
	}
	if after := b.text("dl.result dd strong"); after == npv || !strings.Contains(b.text("main"), "Lagret og beregnet") {
		t.Errorf("the net present value did not change with the budget: %q then %q", npv, after)
	}

	// Bad input is refused on the field, and so is a must that cannot fit.
	setValue(b, "#f-horizon", "tolv")
	if st := b.follow("roadmap scenario with errors", click(`form[action="`+scenario+`"] button[type=submit]`)); st != 422 {
		t.Errorf("a horizon of words: status %d", st)
	}
	if v, _ := b.attr("#f-horizon", "aria-invalid"); v != "true" {
		t.Error("the horizon field is not marked invalid")
	}
	b.open("roadmap scenario", scenario)
	setValue(b, `input[name="years[0].budget"]`, "0")
	setValue(b, `input[name="years[1].budget"]`, "0")
	setValue(b, `input[name="years[2].budget"]`, "0")
	setValue(b, `input[name="years[3].budget"]`, "0")
	setSelect(b, "#force-byggesak-ettrinns", "must")
	if st := b.follow("roadmap scenario infeasible", click(`form[action="`+scenario+`"] button[type=submit]`)); st != 422 {
		t.Errorf("an infeasible must: status %d", st)
	}
	if msg := b.text("#form-message"); !strings.Contains(msg, "får ikke plass") {
		t.Errorf("the infeasible scenario is not explained: %q", msg)
	}

	// A copy to compare side by side.
	b.open("roadmap", "/roadmap")
	b.fill("#f-copy_name", "Romslig")
	if st := b.follow("roadmap scenario", click(`form[action="/roadmap/scenarios"] button`)); st != 200 {
		t.Fatalf("copy scenario: status %d", st)
	}
	b.open("roadmap", "/roadmap")
	if n := b.count("table.roadmap-compare thead th"); n != 4 {
		t.Errorf("after the copy the comparison has %d header cells, want 4", n)
	}

	// A component's cost: refused when not a number, saved when it is.
	b.open("roadmap item", "/roadmap/items/id-porten")
	b.fill("#f-cost", "mye")
	if st := b.follow("roadmap item with errors", click(`form[action="/roadmap/items/id-porten"] button[type=submit]`)); st != 422 {
		t.Errorf("a cost of words: status %d", st)
	}
	b.fill("#f-cost", "90000")
	if st := b.follow("roadmap item", click(`form[action="/roadmap/items/id-porten"] button[type=submit]`)); st != 200 ||
		!strings.Contains(b.text("main"), "Lagret") {
		t.Errorf("save the component: status %d, %q", st, b.text("main"))
	}

	status, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`fetch('/roadmap/export').then(r => r.status + ' ' + r.headers.get('Content-Type'))`, chromedp.EvalAwaitPromise))
	if err != nil || !strings.HasPrefix(status, "200 application/vnd.openxmlformats") {
		t.Errorf("the workbook download: %s, %v", status, err)
	}

	l := newTab(t)
	l.loginTo("leder.rissa@fosen.example", "roadmap (read only)", "/roadmap")
	if l.count("main form[method=post]") != 0 {
		t.Error("the leadership is offered forms on the roadmap")
	}
	l.open("roadmap scenario (read only)", scenario)
}
