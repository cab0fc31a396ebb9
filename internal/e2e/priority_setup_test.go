package e2e_test

import (
	"strings"
	"testing"
)

// testPrioritySetup walks the setting up of the prioritisation: Rissa's
// leadership gives AHP weights with a deliberately inconsistent judgement,
// is warned and pointed at it, puts it right and saves, and sees the
// group weights; Rissa's coordinator assigns a service to Rissa's
// subject-matter owner, who finds it under their own assignments; the
// programme lead edits a criterion. It changes Rissa's weights (to the
// demo's judgements again, at a new version), one assignment in Rissa
// (Grensejustering) and the version of one criterion.
func testPrioritySetup(t *testing.T) {
	// Rissa's leadership reads the criteria, which it may not edit.
	b := newTab(t)
	b.loginTo("leder.rissa@fosen.example", "priority criteria", "/priority/criteria")
	if n := b.count("table.criteria tbody tr"); n < 7 {
		t.Errorf("the criteria table has %d rows, want the 7 defaults", n)
	}
	if n := b.count(`a[href^="/priority/criteria?edit="]`); n != 0 {
		t.Errorf("a leader is offered %d criteria to edit", n)
	}

	// The weights page opens on Rissa, the municipality the leader may set.
	if st := b.open("priority weights", "/priority/weights"); st != 200 {
		t.Fatalf("weights: status %d", st)
	}
	if m := evalJS[string](b, `document.querySelector('#v-municipality').selectedOptions[0].textContent.trim()`); m != "Rissa" {
		t.Errorf("the weights page shows %q, want Rissa", m)
	}
	if h := b.text("#weights-form-h"); !strings.Contains(h, "Rissa") {
		t.Errorf("the weights form is for %q, want Rissa", h)
	}
	if n := b.count(`select[id^="f-a_"]`); n != 21 {
		t.Errorf("%d pairwise comparisons, want 21 for 7 criteria", n)
	}
	given := b.text(`section[aria-labelledby="weights-detail-h"] p`)

	// Direct points with a word for a number: refused, nothing saved.
	b.do("choose direct points", click("#v-method-direct"))
	if st := b.follow("priority weights", click(`form.filters button[type=submit]`)); st != 200 {
		t.Fatalf("direct points form: status %d", st)
	}
	b.fill("#f-p_gain_potential", "mye")
	if st := b.follow("priority weights with errors", click(`form[action="/priority/weights"] button.primary`)); st != 422 {
		t.Fatalf("points «mye»: status %d, want 422", st)
	}
	checkFieldError(b, "p_gain_potential", "Skriv et tall", "Gevinstpotensial")
	b.expectFocus("form-message", "the error summary")

	// Gain potential against citizen benefit turned to 1/9: the check
	// warns and points at that judgement, and saves nothing.
	if st := b.open("priority weights", "/priority/weights?method=ahp"); st != 200 {
		t.Fatalf("AHP form: status %d", st)
	}
	before := b.value("#f-a_0_1")
	setSelect(b, "#f-a_0_1", "1/9")
	if st := b.follow("priority weights check", click(`button[name=action][value=check]`)); st != 200 {
		t.Fatalf("check: status %d", st)
	}
	b.expectFocus("ahp-check", "the consistency check's result")
	if cls, _ := b.attr("#ahp-check", "class"); !strings.Contains(cls, "alert-error") {
		t.Errorf("the check does not warn (class %q): %q", cls, b.text("#ahp-check"))
	}
	if s := b.text("#ahp-check"); !strings.Contains(s, "For inkonsistent") || !strings.Contains(s, "høyst 0,10") {
		t.Errorf("no consistency warning: %q", s)
	}
	if s := b.text("#ahp-check .worst"); !strings.Contains(s, "Nytte for innbyggerne er 9 ganger så viktig som Gevinstpotensial") ||
		!strings.Contains(s, "de andre vurderingene tilsier omtrent") {
		t.Errorf("the pointer does not name the judgement: %q", s)
	}
	if b.count(`#ahp-check a[href="#f-a_0_1"]`) != 1 {
		t.Error("the pointer does not link to the judgement's select")
	}
	if v := b.value("#f-a_0_1"); v != "1/9" {
		t.Errorf("the checked form lost the judgement: %q", v)
	}
	if got := b.text(`section[aria-labelledby="weights-detail-h"] p`); got != given {
		t.Errorf("checking saved the weights: %q, was %q", got, given)
	}

	// Put right and saved.
	setSelect(b, "#f-a_0_1", before)
	if st := b.follow("priority weights", click(`form[action="/priority/weights"] button.primary`)); st != 200 {
		t.Fatalf("save: status %d, page says %q", st, b.text("main"))
	}
	if s := b.text("main .alert-success[role=status]"); !strings.Contains(s, "Vektene for Rissa er lagret.") {
		t.Errorf("no confirmation: %q", s)
	}
	if s := b.text(`section[aria-labelledby="weights-detail-h"] .consistency`); !strings.HasPrefix(s, "Konsistent nok") {
		t.Errorf("Rissa's saved judgements: %q", s)
	}

	// The group weights beside each municipality's.
	if n := b.count("table.weights-side tbody tr"); n != 7 {
		t.Errorf("the group weights table has %d rows, want 7", n)
	}
	heads := strings.Join(b.texts("table.weights-side thead th"), "|")
	if !strings.Contains(heads, "Gruppen") || !strings.Contains(heads, "Rissa") || !strings.Contains(heads, "Osen") {
		t.Errorf("the group weights table's columns: %s", heads)
	}
	b.do("weight by population", click("#v-by_population"))
	if st := b.follow("priority weights", click(`form.filters button[type=submit]`)); st != 200 {
		t.Fatalf("by population: status %d", st)
	}
	if s := b.text(`section[aria-labelledby="group-h"]`); !strings.Contains(s, "vektet etter folketall") {
		t.Errorf("the group weights are not weighted by population: %q", s)
	}

	// Rissa's coordinator assigns Grensejustering to Rissa's subject-matter owner.
	c := newTab(t)
	c.loginTo("koordinator.rissa@fosen.example", "priority assignments", "/priority/assignments")
	if h := c.text("#assign-list-h"); !strings.Contains(h, "Rissa") {
		t.Errorf("the coordinator's assignments are for %q, want Rissa", h)
	}
	submit := click(`form[action="/priority/assignments"] button[type=submit]`)
	if st := c.follow("priority assignments with errors", submit); st != 422 {
		t.Fatalf("nothing chosen: status %d, want 422", st)
	}
	checkFieldError(c, "service_id", "Må fylles ut.", "Tjeneste")
	service := prioOption(c, "#f-service_id", "Grensejustering")
	owner := prioOption(c, "#f-user_id", "Fagansvarlig Rissa")
	setSelect(c, "#f-service_id", service)
	setSelect(c, "#f-user_id", owner)
	if st := c.follow("priority assignments", submit); st != 200 {
		t.Fatalf("assign: status %d, page says %q", st, c.text("main"))
	}
	if s := c.text("table.assignments"); !strings.Contains(s, "Grensejustering") || !strings.Contains(s, "Fagansvarlig Rissa") {
		t.Errorf("Rissa's assignments: %q", s)
	}
	if c.count("table.completion progress") == 0 {
		t.Error("no progress bar in the completion table")
	}

	// The subject-matter owner sees it under their own assignments.
	o := newTab(t)
	o.loginTo("fag.rissa@fosen.example", "priority assignments", "/priority/assignments")
	if s := o.text("table.my-assignments"); !strings.Contains(s, "Grensejustering") || !strings.Contains(s, "Ikke vurdert") {
		t.Errorf("fag.rissa's assignments: %q", s)
	}
	if n := o.count(`form[action="/priority/assignments"]`); n != 0 {
		t.Error("a subject-matter owner is offered the assignment form")
	}

	// The programme lead edits a criterion: the name is required.
	p := newTab(t)
	p.loginTo("programleder@fosen.example", "priority criteria", "/priority/criteria")
	if st := p.follow("priority criteria edit", click(`table.criteria tbody tr:last-child a[href^="/priority/criteria?edit="]`)); st != 200 {
		t.Fatalf("edit criterion: status %d", st)
	}
	name := p.value("#f-name")
	p.fill("#f-name", " ")
	save := click(`form[action^="/priority/criteria/"] button[type=submit]`)
	if st := p.follow("priority criteria with errors", save); st != 422 {
		t.Fatalf("empty name: status %d, want 422", st)
	}
	checkFieldError(p, "name", "Må fylles ut.", "Navn")
	p.fill("#f-name", name)
	if st := p.follow("priority criteria", save); st != 200 {
		t.Fatalf("save criterion: status %d, page says %q", st, p.text("main"))
	}
	if s := p.text("main .alert-success"); !strings.Contains(s, name) {
		t.Errorf("no confirmation for %q: %q", name, s)
	}
}

// prioOption is the value of the option of a select whose text starts
// with text; the test fails when there is none.
func prioOption(b *tab, css, text string) string {
	b.t.Helper()
	v := evalJS[string](b, `(() => { const s = document.querySelector(`+jsString(css)+`);
	  const o = s && [...s.options].find(o => o.textContent.trim().startsWith(`+jsString(text)+`));
	  return o ? o.value : '' })()`)
	if v == "" {
		b.t.Fatalf("no option %q in %s", text, css)
	}
	return v
}
