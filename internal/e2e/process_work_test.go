package e2e_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// testProcessWork walks the work on one demo service's processes without
// the canvas: the seven as-is processes side by side, a step changed in
// the table view with the keyboard, an obstacle attached with its legal
// reference, requirements derived, confirmed and exported.
func testProcessWork(t *testing.T) {
	b := newTab(t)
	svc := "/services/barnehageplass-opptak"
	b.loginTo("programleder@fosen.example", "service processes", svc+"/processes")
	if n := b.count("table.processes tbody th[scope=row]"); n != 9 {
		t.Errorf("the demo service lists %d processes, want 7 as-is, a to-be and an adapted", n)
	}
	saved := b.text("#saved-per-case")
	if !strings.HasPrefix(saved, "Spart per sak:") {
		t.Errorf("no saving per case: %q", saved)
	}

	// Harmonisation: the seven municipalities side by side with the spread.
	if st := b.follow("process harmonisation", click(`a[href$="/processes/harmonisation"]`)); st != 200 {
		t.Fatalf("harmonisation: status %d", st)
	}
	if got := b.texts("table.harmonisation tbody th"); len(got) != 7 || !strings.Contains(strings.Join(got, ","), "Osen") {
		t.Errorf("harmonisation rows = %q, want the seven municipalities", got)
	}
	b.screenshot("process-harmonisation")
	if b.count("table.spread tbody tr") < 10 {
		t.Error("the spread table lacks the metrics")
	}

	// The table view of the to-be process, edited with the keyboard only.
	b.open("service processes", svc+"/processes")
	toBe := b.rowLink("Ønsket situasjon", "/table")
	if st := b.follow("process table", click(`a[href=`+jsString(toBe)+`]`)); st != 200 {
		t.Fatalf("table view: status %d", st)
	}
	b.screenshot("process-table")
	if b.count("table.steps tbody tr") < 10 {
		t.Fatalf("the table view lists %d steps", b.count("table.steps tbody tr"))
	}
	// The row's edit link leads to the form (#edit-h): from there the
	// second Tab reaches the minutes.
	if st := b.open("process table edit", toBe+"?edit=Task_Prioritet#edit-h"); st != 200 {
		t.Fatalf("edit step: status %d", st)
	}
	b.tabTo("f-employeeMinutes", 4)
	b.press("mange")
	if st := b.follow("process table with errors", enter()); st != 422 {
		t.Fatalf("minutes «mange»: status %d, want 422", st)
	}
	checkFieldError(b, "employeeMinutes", "Skriv et tall, f.eks. 12,5.", "Arbeidstid (min)")
	b.fill("#f-employeeMinutes", "22,5") // focus stays in the field
	if st := b.follow("process table", enter()); st != 200 {
		t.Fatalf("minutes 22,5: status %d", st)
	}
	row := b.text("#s-Task_Prioritet")
	if !strings.Contains(row, "22,5") {
		t.Errorf("the step row does not show the new minutes: %q", row)
	}
	if !strings.Contains(b.text("main .alert-success"), "versjon 2") {
		t.Errorf("no confirmation of version 2: %q", b.text("main"))
	}

	// An obstacle with a legal reference, attached to a to-be step.
	b.open("service obstacles", svc+"/obstacles")
	before := b.count("table.obstacles tbody tr")
	b.fill("#f-description", "")
	if st := b.follow("service obstacles with errors", click(`form[action$="/obstacles"] button[type=submit]`)); st != 422 {
		t.Fatalf("empty obstacle: status %d, want 422", st)
	}
	if v, _ := b.attr("#f-description", "aria-invalid"); v != "true" {
		t.Error("the description is not marked invalid")
	}
	setSelect(b, "#f-element", "Task_Kontroll")
	setSelect(b, "#f-category", "law")
	b.fill("#f-legal_reference", "Barnehageloven § 16")
	b.fill("#f-description", "Retten til plass må kontrolleres mot opplysninger foresatte gir.")
	b.fill("#f-remedy", "Avklare hjemmel for oppslag i Folkeregisteret.")
	if st := b.follow("service obstacles", click(`form[action$="/obstacles"] button[type=submit]`)); st != 200 {
		t.Fatalf("save obstacle: status %d", st)
	}
	if n := b.count("table.obstacles tbody tr"); n != before+1 {
		t.Errorf("obstacles: %d rows, want %d", n, before+1)
	}
	b.screenshot("process-obstacles")
	if !strings.Contains(b.text("table.obstacles"), "Barnehageloven § 16") {
		t.Error("the new obstacle's legal reference is not listed")
	}

	// Requirements: derive, confirm one, export.
	b.open("service requirements", svc+"/requirements")
	if st := b.follow("service requirements", click(`form[action$="/requirements/derive"] button`)); st != 200 {
		t.Fatalf("derive: status %d", st)
	}
	first := evalJS[string](b, `document.querySelector('ol.requirements li').id.slice(2)`)
	setSelect(b, "#q"+first+"-status", "confirmed")
	if st := b.follow("service requirements", click(`#q-`+first+` button[type=submit]`)); st != 200 {
		t.Fatalf("confirm requirement: status %d", st)
	}
	if v := b.value("#q" + first + "-status"); v != "confirmed" {
		t.Errorf("requirement %s status = %q after confirming", first, v)
	}
	for _, format := range []string{"xlsx", "csv"} {
		got, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`fetch(location.pathname + '/export?format=`+format+`').then(r => r.status + ' ' + r.headers.get('Content-Type'))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("export %s: %v", format, err)
		}
		if !strings.HasPrefix(got, "200 ") {
			t.Errorf("export %s: %s", format, got)
		}
	}

	// The module pages.
	b.open("processes module", "/processes")
	if !strings.Contains(b.text("main table"), "Søknad om barnehageplass") {
		t.Error("the processes module does not list the kindergarten service")
	}
	if st := b.follow("collaboration requirements", click(`a[href="/processes/requirements"]`)); st != 200 {
		t.Fatalf("collaboration requirements: status %d", st)
	}
	if b.count("main table tbody tr") == 0 {
		t.Error("the collaboration's requirement list is empty")
	}
}

// rowLink is the href of the link ending in suffix in the processes
// table's row headed label.
func (b *tab) rowLink(label, suffix string) string {
	b.t.Helper()
	href := evalJS[string](b, `(() => {
	  const row = [...document.querySelectorAll('table.processes tbody tr')].find(r => r.querySelector('th') && r.querySelector('th').innerText.trim() === `+jsString(label)+`);
	  const a = row && [...row.querySelectorAll('a')].find(a => a.getAttribute('href').endsWith(`+jsString(suffix)+`));
	  return a ? a.getAttribute('href') : '' })()`)
	if href == "" {
		b.t.Fatalf("no %s link in the row %q", suffix, label)
	}
	return href
}

// setSelect chooses an option of a select as a user would (the change
// event included).
func setSelect(b *tab, css, value string) {
	b.t.Helper()
	ok := evalJS[bool](b, `(() => { const s = document.querySelector(`+jsString(css)+`); if (!s) return false;
	  s.value = `+jsString(value)+`; s.dispatchEvent(new Event('change', {bubbles: true})); return s.value === `+jsString(value)+` })()`)
	if !ok {
		b.t.Fatalf("cannot choose %q in %s", value, css)
	}
}
