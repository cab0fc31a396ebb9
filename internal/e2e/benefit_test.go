package e2e_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// testBenefits opens a demo service's benefit case, sees its NPV with the
// inputs behind it, changes an input and sees P10/P50/P90 and the tornado
// change, saves it, ranks all services in the portfolio, and sets up and
// follows a realisation plan.
func testBenefits(t *testing.T) {
	b := newTab(t)
	svc := "/services/eiendomsskatt-klage"
	b.loginTo("programleder@fosen.example", "service benefit", svc+"/benefit")
	npv, p50 := b.text("#npv"), b.text("#p50")
	if digits(npv) == "" || digits(p50) == "" {
		t.Fatalf("no NPV or P50: %q, %q", npv, p50)
	}
	b.waitCharts(3)
	b.axe("service benefit, charts drawn")
	tornado := b.text("table.tornado tbody")
	if b.count("table.cash-flow tbody tr") != 11 {
		t.Errorf("the cash-flow table has %d years, want 0–10", b.count("table.cash-flow tbody tr"))
	}

	// A larger saving per case in the first municipality: compute without saving.
	minutes := `[id="f-municipalities[0].minutes_saved"]`
	b.fill(minutes, "400/500/600")
	if st := b.follow("service benefit preview", click(`button[formaction$="/benefit/preview"]`)); st != 200 {
		t.Fatalf("preview: status %d, %q", st, b.text("main"))
	}
	if got := b.text("#npv"); digits(got) == digits(npv) {
		t.Errorf("the NPV did not change with the input: %q", got)
	}
	if got := b.text("#p50"); digits(got) == digits(p50) {
		t.Errorf("P50 did not change: %q", got)
	}
	if got := b.text("table.tornado tbody"); got == tornado {
		t.Error("the tornado did not change with the input")
	}
	b.screenshot("benefit-case")
	preview := b.text("#npv")

	// Bad input: an uptake above 100 % is refused on its field, nothing saved.
	b.fill("#f-uptake", "50; 150")
	if st := b.follow("service benefit with errors", click(`form[action$="/benefit"] button.primary`)); st != 422 {
		t.Fatalf("uptake 150 %%: status %d, want 422", st)
	}
	if v, _ := b.attr("#f-uptake", "aria-invalid"); v != "true" {
		t.Errorf("the uptake field is not marked invalid: %q", b.text("#form-message"))
	}
	b.fill("#f-uptake", "25; 50; 75; 100")
	if st := b.follow("service benefit", click(`form[action$="/benefit"] button.primary`)); st != 200 {
		t.Fatalf("save: status %d", st)
	}
	if got := b.text("#npv"); got == npv || b.count(".illustrative-note") != 0 {
		t.Errorf("after saving: NPV %q (was %q, preview %q), note shown %v", got, npv, preview, b.count(".illustrative-note") != 0)
	}

	// The portfolio ranks every service by its gain potential.
	b.open("benefit portfolio", "/benefits")
	all := b.count("table.portfolio tbody tr")
	if all < 100 {
		t.Errorf("the portfolio lists %d services", all)
	}
	b.waitCharts(1)
	b.axe("benefit portfolio, chart drawn")
	setSelect(b, "#p-area", "plan-bygg")
	if st := b.follow("benefit portfolio filtered", click(`form.filters button[type=submit]`)); st != 200 {
		t.Fatalf("filter: status %d", st)
	}
	if n := b.count("table.portfolio tbody tr"); n == 0 || n >= all {
		t.Errorf("filtered by area: %d of %d", n, all)
	}
	for _, a := range b.texts("table.portfolio tbody td:nth-child(3)") {
		if a != "Plan og bygg" && !strings.Contains(a, "bygg") {
			t.Errorf("a service of area %q in the plan-bygg filter", a)
		}
	}

	// A realisation plan from scratch on another service: one the demo's
	// procurement did not hand commitments to (the three process services
	// have plans from the seed tender's contract).
	plan := "/services/barnehageplass-endring-oppsigelse/plan"
	b.open("benefit plan (none)", plan)
	if st := b.follow("benefit plan", click(`form[action$="/plan"] button`)); st != 200 {
		t.Fatalf("create plan: status %d", st)
	}
	b.fill("#f-name", "Timer per opptakssak")
	b.fill("#f-gain", "Frigjort arbeidstid")
	setSelect(b, "#f-class", "efficiency")
	b.fill("#f-unit", "timer")
	b.fill("#f-baseline", "2,5")
	b.fill("#f-target", "0,5")
	setValue(b, "#f-baseline_date", time.Now().AddDate(0, -4, 0).Format("2006-01-02"))
	setValue(b, "#f-target_date", time.Now().AddDate(1, 0, 0).Format("2006-01-02"))
	owner := evalJS[string](b, `[...document.querySelectorAll('#f-owner option')].find(o => o.textContent.includes('Koordinator Rissa')).value`)
	setSelect(b, "#f-owner", owner)
	if st := b.follow("benefit plan", click(`form[action$="/plan/indicators"] button.primary`)); st != 200 {
		t.Fatalf("save indicator: status %d, %q", st, b.text("main"))
	}
	id := evalJS[string](b, `document.querySelector('section.indicator h2').id.slice(2)`)
	// A measurement in the future is refused on its field.
	setValue(b, "#m"+id+"-date", time.Now().AddDate(0, 1, 0).Format("2006-01-02"))
	b.fill("#m"+id+"-value", "2")
	if st := b.follow("benefit plan with errors", click(`form[action$="/measurements"] button`)); st != 422 {
		t.Fatalf("future measurement: status %d", st)
	}
	setValue(b, "#m"+id+"-date", time.Now().AddDate(0, -1, 0).Format("2006-01-02"))
	b.fill("#m"+id+"-value", "1,5")
	b.fill("#m"+id+"-comment", "Første måling etter innføring")
	if st := b.follow("benefit plan", click(`form[action$="/measurements"] button`)); st != 200 {
		t.Fatalf("record measurement: status %d", st)
	}
	status := b.text("table.indicators tbody tr td:nth-child(8)")
	if status != "I rute" && status != "Oppnådd" {
		t.Errorf("status after a measurement ahead of plan = %q", status)
	}
	b.waitCharts(1)
	b.axe("benefit plan, chart drawn")
	b.screenshot("benefit-plan")

	b.open("measurements due", "/benefits/due")
	if !strings.Contains(b.text("main"), "Saksbehandlertimer per byggesak") {
		t.Errorf("the demo plan's due measurement is not listed: %q", b.text("main"))
	}

	// The owner of the demo plan's indicators has a reminder.
	o := newTab(t)
	o.loginTo("koordinator.rissa@fosen.example", "dashboard", "/")
	if !o.poll(`!!document.querySelector('#notes-h')`, 2*time.Second) {
		o.open("dashboard", "/") // the reminder job runs as the server starts
	}
	if o.count(".notifications li") == 0 {
		t.Fatal("the owner has no reminder of a measurement due")
	}
	before := o.count(".notifications li")
	if st := o.follow("dashboard", click(`.notifications form button`)); st != 200 {
		t.Fatalf("mark read: status %d", st)
	}
	if after := o.count(".notifications li"); after != before-1 {
		t.Errorf("reminders after marking one read: %d, want %d", after, before-1)
	}
}

// waitCharts waits until n charts have drawn their SVG.
func (b *tab) waitCharts(n int) {
	b.t.Helper()
	if !b.poll(fmt.Sprintf(`document.querySelectorAll('.chart-canvas svg').length >= %d`, n), 15*time.Second) {
		b.t.Fatalf("fewer than %d charts were drawn", n)
	}
}

// setValue sets a field's value as a script can (a date input takes no
// typed text in every locale).
func setValue(b *tab, css, value string) {
	b.t.Helper()
	if !evalJS[bool](b, `(() => { const e = document.querySelector(`+jsString(css)+`); if (!e) return false; e.value = `+jsString(value)+`; return e.value === `+jsString(value)+` })()`) {
		b.t.Fatalf("cannot set %s to %q", css, value)
	}
}
