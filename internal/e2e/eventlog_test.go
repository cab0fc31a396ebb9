package e2e_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
)

// testEventLogs follows a user through the event-log pages: a CSV log
// waits for its columns, a mapping without the timestamp is refused on its
// field, the import runs and the figures and the directly-follows graph
// show; the threshold slider works from the keyboard and the table
// follows it; the log is attached to Roan's barnehageplass-opptak and
// compared with its as-is process; a large XES log shows its progress
// while it imports (when the machine is slow enough to see it). The
// keyboard alone reaches a log from the list. Figures are not applied
// here (other scenarios read the demo's facts): the web tests apply them.
func testEventLogs(t *testing.T) {
	b := newTab(t)
	b.loginTo("programleder@fosen.example", "eventlogs", "/eventlogs")
	if cur := b.text(`nav.main-nav a[aria-current=page]`); cur != "Hendelseslogger" {
		t.Errorf("current navigation item = %q, want Hendelseslogger", cur)
	}
	dir := t.TempDir()
	csv := filepath.Join(dir, "barnehage-roan.csv")
	var rows strings.Builder
	rows.WriteString("Saksnr;Aktivitet;Tidspunkt;Saksbehandler\n")
	for c := 1; c <= 12; c++ {
		day := 1 + c
		acts := []string{"Søknad mottatt", "Vurdere søknad", "Tilbud sendt", "Svar mottatt"}
		if c%3 == 0 {
			acts = []string{"Søknad mottatt", "Vurdere søknad", "Be om dokumentasjon", "Vurdere søknad", "Tilbud sendt", "Svar mottatt"}
		}
		for i, a := range acts {
			fmt.Fprintf(&rows, "B-%d;%s;%02d.03.2025 %02d:00;saksbehandler-%d\n", c, a, day+2*i, 8+i, i%3)
		}
	}
	if err := os.WriteFile(csv, []byte(rows.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	b.do("choose the CSV", chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{csv}))
	if st := b.follow("eventlog mapping", click(`form[action="/eventlogs"] button[type=submit]`)); st != 200 || !strings.HasSuffix(b.path(), "/mapping") {
		t.Fatalf("upload a CSV: status %d at %s, want its mapping step", st, b.path())
	}
	if v := b.value("#f-col_case"); v != "Saksnr" {
		t.Errorf("the case column is %q, want Saksnr preselected", v)
	}
	setSelect(b, "#f-col_time", "")
	if st := b.follow("eventlog mapping with errors", click(`form[action$="/mapping"] button[type=submit]`)); st != 422 {
		t.Fatalf("a mapping without the time: status %d, want 422", st)
	}
	if v, _ := b.attr("#f-col_time", "aria-invalid"); v != "true" {
		t.Error("the time column is not marked invalid")
	}
	b.expectFocus("form-message", "the error summary")
	setSelect(b, "#f-col_time", "Tidspunkt")
	if st := b.follow("eventlog (imported)", click(`form[action$="/mapping"] button[type=submit]`)); st != 200 {
		t.Fatalf("save the mapping: status %d: %q", st, b.text("main"))
	}
	logPath := b.path()
	b.waitImported()
	b.waitFor("the graph", `document.querySelector('.dfg-canvas svg') !== null`)
	b.axe("eventlog, graph drawn")
	b.do("scroll to the graph", chromedp.ScrollIntoView(chromedp.CSS(".dfg-canvas")))
	b.screenshot("eventlog-graph")
	if f := b.text("#key-figures"); !strings.Contains(f, "Saker\n12") && !strings.Contains(strings.Join(strings.Fields(f), " "), "Saker 12") {
		t.Errorf("the key figures do not show 12 cases: %q", f)
	}

	// The threshold from the keyboard: End hides all but the most
	// frequent transitions, in the graph and the table; Home shows all.
	visible := `document.querySelectorAll('#dfg-edges tbody tr:not([hidden])').length`
	all := evalJS[int](b, visible)
	b.tabTo("dfg-min", 80)
	b.press(kb.End)
	b.waitFor("the table to follow the threshold", visible+` < `+fmt.Sprint(all))
	if s := b.text("#dfg-status"); !strings.Contains(s, fmt.Sprintf("av %d", all)) {
		t.Errorf("the status line %q does not count the transitions", s)
	}
	if txt, _ := b.attr("#dfg-min", "aria-valuetext"); txt == "" {
		t.Error("the slider has no value text")
	}
	b.press(kb.Home)
	b.waitFor("all transitions again", visible+` === `+fmt.Sprint(all))

	// Attach to Roan's barnehageplass-opptak, then compare with its
	// as-is process.
	if !evalJS[bool](b, `(() => { const s = document.querySelector('#f-municipality'); const o = [...s.options].find(o => o.text.startsWith('Roan ('));
	  if (!o) return false; s.value = o.value; return true })()`) {
		t.Fatal("Roan is not among the municipalities to attach to")
	}
	setSelect(b, "#f-service", "barnehageplass-opptak")
	if st := b.follow("eventlog attached", click(`form[action$="/attach"] button[type=submit]`)); st != 200 {
		t.Fatalf("attach: status %d: %q", st, b.text("main"))
	}
	if s := b.text("main"); !strings.Contains(s, "Roan – ") {
		t.Errorf("the page does not say where the log is attached: %.300q", s)
	}
	if st := b.follow("eventlog compare", click(`a[href$="/compare"]`)); st != 200 {
		t.Fatalf("compare: status %d", st)
	}
	if s := b.text("main"); !strings.Contains(s, "Oppgaver loggen aldri viser") {
		t.Errorf("the comparison lacks its sections: %.300q", s)
	}

	// Keyboard only: from the list, Tab to the log and Enter.
	b.open("eventlogs", "/eventlogs")
	id := strings.TrimPrefix(logPath, "/eventlogs/")
	b.tabTo("log-"+id, 60)
	if st := b.follow("eventlog", enter()); st != 200 || b.path() != logPath {
		t.Errorf("Enter on the log's link: status %d at %s", st, b.path())
	}

	// A large XES log: its page shows the progress while it imports and
	// the figures when done.
	var big bytes.Buffer
	if err := eventlog.GenerateXES(&big, eventlog.XESOptions{Events: 40000, Seed: 15}); err != nil {
		t.Fatal(err)
	}
	xes := filepath.Join(dir, "byggesak-stor.xes")
	if err := os.WriteFile(xes, big.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b.open("eventlogs", "/eventlogs")
	b.do("choose the XES", chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{xes}))
	if st := b.follow("eventlog (uploaded)", click(`form[action="/eventlogs"] button[type=submit]`)); st != 200 {
		t.Fatalf("upload the XES: status %d: %q", st, b.text("main"))
	}
	if b.count("#import-progress progress") > 0 {
		b.axe("eventlog importing")
	}
	b.waitImported()
	b.waitFor("the graph", `document.querySelector('.dfg-canvas svg') !== null`)
}

// waitImported waits until the log's page shows its figures: at once when
// the import had ended, else after the progress bar has loaded the page
// again (the wait follows the navigation).
func (b *tab) waitImported() {
	b.t.Helper()
	b.do("wait for the figures", chromedp.WaitVisible(chromedp.CSS("#key-figures")))
}
