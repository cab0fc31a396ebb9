package e2e_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/xuri/excelize/v2"
)

// The scenarios run in parallel, each in its own tab. Those that change
// data use services and municipalities no other scenario asserts on.
var scenarios = []struct {
	name string
	run  func(t *testing.T)
}{
	{"login", testLogin},
	{"keyboard_only", testKeyboardOnly},
	{"catalogue", testCatalogue},
	{"edit_facts", testEditFacts},
	{"coordinator_limits", testCoordinatorLimits},
	{"observer_reads_only", testObserverReadsOnly},
	{"programme_lead_administers", testProgrammeLead},
	{"import", testImport},
	{"english", testEnglish},
	{"password_reset", testPasswordReset},
	{"processes", testProcesses},
	{"process_work", testProcessWork},
	{"process_editor", testProcessEditor},
	{"process_editor_layout", testProcessEditorLayout},
	{"benefits", testBenefits},
	{"priority_setup", testPrioritySetup},
	{"priority", testPriority},
	{"roadmap", testRoadmap},
	{"procurement", testProcurement},
	{"procurement_suppliers", testProcurementSuppliers},
	{"portal", testPortal},
	{"evaluation", testEvaluation},
	{"award", testAward},
	{"eventlogs", testEventLogs},
	{"catalogue_changes", testCatalogueChanges},
}

// Demo data the scenarios rely on (internal/demo, the open catalogue).
const (
	knownService     = "Søknad om tillatelse til tiltak (ett-trinns)"
	knownServiceSlug = "byggesak-ettrinns"
	importSlug       = "folkebibliotek" // only the import scenario changes or checks it (area kultur)
	illustrativeNote = "Tallene for demokommunene er illustrative: utledet av folketallet, ikke målt."
)

var fosen2017 = []string{"Rissa", "Leksvik", "Ørland", "Bjugn", "Åfjord", "Roan", "Osen"}

func testLogin(t *testing.T) {
	b := newTab(t)

	// An anonymous visitor is sent to the login page, in bokmål.
	if st := b.open("login", "/"); st != 200 {
		t.Fatalf("GET / anonymously: status %d", st)
	}
	if p := b.path(); !strings.HasPrefix(p, "/login") {
		t.Fatalf("anonymous GET / landed on %s, want the login page", p)
	}
	if lang, _ := b.attr("html", "lang"); lang != "nb" {
		t.Errorf(`html lang = %q, want "nb"`, lang)
	}
	if h := b.text("h1"); h != "Logg inn" {
		t.Errorf("h1 = %q, want Logg inn", h)
	}

	// The accessibility statement is linked from every page, also before login.
	if st := b.follow("accessibility statement", click(`footer a[href="/accessibility"]`)); st != 200 {
		t.Fatalf("accessibility statement: status %d", st)
	}
	if h := b.text("h1"); h != "Tilgjengelighetserklæring" {
		t.Errorf("accessibility statement h1 = %q", h)
	}

	// A wrong password: the Norwegian message, still on the login page, the e-mail kept.
	b.open("login", "/login")
	b.fill("#f-email", "programleder@fosen.example")
	b.fill("#f-password", "feil-passord")
	if st := b.follow("login with error", click(`form[action="/login"] button[type=submit]`)); st != 401 {
		t.Errorf("wrong password: status %d, want 401", st)
	}
	if p := b.path(); p != "/login" {
		t.Errorf("wrong password: on %s, want /login", p)
	}
	if msg := b.text(`main [role=alert]`); msg != "Feil e-post eller passord." {
		t.Errorf("wrong password: message %q, want %q", msg, "Feil e-post eller passord.")
	}
	if v := b.value("#f-email"); v != "programleder@fosen.example" {
		t.Errorf("wrong password: e-mail field = %q, want it kept", v)
	}
	b.expectFocus("login-error", "the message")

	// The right password lands on the dashboard.
	b.fill("#f-password", demoPassword)
	if st := b.follow("dashboard", click(`form[action="/login"] button[type=submit]`)); st != 200 {
		t.Fatalf("right password: status %d", st)
	}
	if p := b.path(); p != "/" {
		t.Errorf("right password: landed on %s, want /", p)
	}
	if title := evalJS[string](b, `document.title`); !strings.HasPrefix(title, "Oversikt") {
		t.Errorf("dashboard title = %q, want Oversikt …", title)
	}
	if cur := b.text(`nav.main-nav a[aria-current=page]`); cur != "Oversikt" {
		t.Errorf("current navigation item = %q, want Oversikt", cur)
	}
	if !slices.Contains(b.navTexts(), "Administrasjon") {
		t.Errorf("programme lead's navigation %q lacks Administrasjon", b.navTexts())
	}
	b.screenshot("dashboard")
}

func testKeyboardOnly(t *testing.T) {
	b := newTab(t)
	b.open("login", "/login")

	// The first Tab of a fresh page reaches the skip link, and it shows.
	b.press(kb.Tab)
	f := b.focused()
	if !strings.Contains(f.Class, "skip-link") || f.Text != "Hopp til hovedinnhold" {
		t.Fatalf("first Tab focused %s, want the skip link «Hopp til hovedinnhold»", f)
	}
	if !f.OnScreen || !f.Indicator {
		t.Errorf("focused skip link: on screen %v, focus indicator %v; want both", f.OnScreen, f.Indicator)
	}
	// Enter follows it, and focus moves to the main region.
	b.do("press Enter", enter())
	b.expectFocus("main", "the main region")

	// Log in with the keyboard only: Tab to the fields, type, Enter.
	b.tabTo("f-email", 5)
	b.press("fag.rissa@fosen.example")
	b.press(kb.Tab)
	if f := b.focused(); f.ID != "f-password" {
		t.Fatalf("Tab from the e-mail field went to %s, want the password field", f)
	}
	b.press(demoPassword)
	if st := b.follow("dashboard", enter()); st != 200 {
		t.Fatalf("log in by keyboard: status %d", st)
	}
	if p := b.path(); p != "/" {
		t.Fatalf("log in by keyboard: landed on %s, want /", p)
	}

	// Every stop of the Tab order on the dashboard shows where focus is:
	// skip link, home, navigation, language, logout, then the page.
	var order []string
	for range 12 {
		b.press(kb.Tab)
		f := b.focused()
		if f.Tag == "body" {
			break
		}
		order = append(order, f.Text)
		if !f.Indicator {
			t.Errorf("focus on %s has no visible indicator", f)
		}
	}
	want := []string{"Hopp til hovedinnhold", "Tjenestevalg", "Oversikt", "Tjenester", "Prosesser", "Hendelseslogger", "Gevinster", "Prioritering", "Veikart", "Anskaffelser", "English", "Logg ut"}
	if len(order) < len(want) || !slices.Equal(order[:len(want)], want) {
		t.Errorf("Tab order on the dashboard = %q, want it to start %q", order, want)
	}
}

// listUpdated is true when htmx has answered a filter of the services
// list: the URL has param=value, no request is running, and the count
// matches the rows.
func listUpdated(param, value string) string {
	return fmt.Sprintf(`new URLSearchParams(location.search).get(%s) === %s &&
	  !document.querySelector('.htmx-request') &&
	  document.querySelector('.result-count').innerText.trim() === document.querySelectorAll('table.services tbody tr').length + ' tjenester'`,
		jsString(param), jsString(value))
}

// serviceNames are the names in the services list.
func (b *tab) serviceNames() []string { return b.texts("table.services tbody th a") }

// countText is the result count above the services list.
func (b *tab) countText() string { return b.text(".result-count") }

func testCatalogue(t *testing.T) {
	b := newTab(t)
	b.loginTo("koordinator.rissa@fosen.example", "services", "/services")
	all := len(b.serviceNames())
	if all < 235 {
		t.Fatalf("the catalogue lists %d services, want at least 235", all)
	}
	allCount := b.countText()
	if !strings.HasPrefix(allCount, fmt.Sprintf("%d tjenester", all)) {
		t.Errorf("result count %q does not say %d tjenester", allCount, all)
	}
	b.screenshot("services")

	// Typing in the search field updates the list in place (htmx, no
	// reload), and the new count goes into the status region that was
	// there before, so screen readers announce it.
	evalJS[bool](b, `window.e2eNoReload = true`)
	evalJS[bool](b, `document.querySelector('.result-count[role=status]').e2eSame = true`)
	b.do("type the search", chromedp.SendKeys(chromedp.CSS("#f-q"), "byggesak"))
	b.waitFor("the search results", listUpdated("q", "byggesak"))
	if !evalJS[bool](b, `window.e2eNoReload === true`) {
		t.Errorf("the search reloaded the page; want an in-place update")
	}
	if !evalJS[bool](b, `document.querySelector('.result-count[role=status]')?.e2eSame === true`) {
		t.Errorf("the search replaced the count's status region; screen readers announce only changes inside a region that stays")
	}
	found := b.serviceNames()
	if c := b.countText(); c == allCount {
		t.Errorf("after the search the count still says %q", c)
	}
	if !slices.Contains(found, knownService) {
		t.Errorf("search byggesak lists %q, want %q among them", found, knownService)
	}
	if len(found) == 0 || len(found) >= all {
		t.Errorf("search byggesak lists %d of %d services", len(found), all)
	}
	if c := b.countText(); !strings.HasPrefix(c, fmt.Sprintf("%d tjenester", len(found))) {
		t.Errorf("after the search the count says %q, the list has %d", c, len(found))
	}
	b.axe("services filtered")

	// Filter by area (the search cleared): every row is in that area.
	searchCount := b.countText()
	evalJS[bool](b, `(() => {
	  document.querySelector('#f-q').value = '';
	  const s = document.querySelector('#f-area');
	  s.value = 'skole';
	  return s.dispatchEvent(new Event('change', {bubbles: true}));
	})()`)
	b.waitFor("the area filter", listUpdated("area", "skole"))
	if c := b.countText(); c == searchCount || c == allCount {
		t.Errorf("after the area filter the count still says %q", c)
	}
	areas := b.texts("table.services tbody td:nth-of-type(1)")
	if len(areas) == 0 || len(areas) >= all {
		t.Fatalf("area skole lists %d of %d services", len(areas), all)
	}
	for _, a := range areas {
		if a != "Skole og opplæring" {
			t.Errorf("area filter skole lists a service in area %q", a)
			break
		}
	}
	b.axe("services filtered")

	// Sort by cases: a column header link; aria-sort tells the order.
	if st := b.follow("services sorted", click(`table.services thead a[href*="sort=cases"]`)); st != 200 {
		t.Fatalf("sort by cases: status %d", st)
	}
	checkSorted := func(dir string) {
		t.Helper()
		if s, _ := b.attr(`table.services thead th[aria-sort="`+dir+`"]`, "aria-sort"); s != dir {
			t.Errorf("no column is marked aria-sort=%s", dir)
		} else if h := b.text(`table.services thead th[aria-sort="` + dir + `"]`); !strings.HasPrefix(h, "Saker per år") {
			t.Errorf("the %s column is %q, want Saker per år", dir, h)
		}
		var prev int
		var nums []int
		for _, c := range b.texts("table.services tbody td:nth-of-type(5)") {
			if c == "–" {
				if len(nums) > 0 {
					t.Errorf("an unknown number of cases after known ones")
				}
				continue
			}
			n, err := strconv.Atoi(digits(c))
			if err != nil {
				t.Fatalf("cases cell %q: %v", c, err)
			}
			if len(nums) > 0 && (dir == "ascending" && n < prev || dir == "descending" && n > prev) {
				t.Errorf("sorted %s, but %d follows %d", dir, n, prev)
				break
			}
			nums, prev = append(nums, n), n
		}
		if len(nums) < 2 {
			t.Errorf("sorted by cases shows %d numbers", len(nums))
		}
		if q := b.path(); !strings.Contains(q, "area=skole") {
			t.Errorf("sorting dropped the area filter: %s", q)
		}
	}
	checkSorted("ascending")
	if st := b.follow("services sorted", click(`table.services thead a[href*="sort=cases"]`)); st != 200 {
		t.Fatalf("sort by cases, descending: status %d", st)
	}
	checkSorted("descending")

	// Open the first service: the facts of all seven Fosen municipalities.
	name := b.text("table.services tbody th a")
	if st := b.follow("service", click("table.services tbody th a")); st != 200 {
		t.Fatalf("open %s: status %d", name, st)
	}
	if h := b.text("h1"); h != name {
		t.Errorf("service page h1 = %q, want %q", h, name)
	}
	rows := b.factRows()
	for _, m := range fosen2017 {
		r, ok := rows[m]
		switch {
		case !ok:
			t.Errorf("the facts table has no row for %s", m)
		case !r.Illustrative:
			t.Errorf("%s's row is not marked illustrative", m)
		case len(r.Cells) < 9:
			t.Errorf("%s has no facts: %q", m, r.Cells)
		}
	}
	if note := b.text(".illustrative-note"); note != illustrativeNote {
		t.Errorf("illustrative note = %q", note)
	}
	b.screenshot("service")

	// The history tab.
	if st := b.follow("service history", click(`nav.tabs a[href$="/history"]`)); st != 200 {
		t.Fatalf("service history: status %d", st)
	}
	if cur := b.text(`nav.tabs a[aria-current=page]`); cur != "Historikk" {
		t.Errorf("current tab = %q, want Historikk", cur)
	}
}

func testEditFacts(t *testing.T) {
	b := newTab(t)
	svc := "/services/" + knownServiceSlug
	b.loginTo("koordinator.rissa@fosen.example", "service", svc)
	rissa := b.factRows()["Rissa"]
	edit, ok := rissa.link("Rediger fakta")
	if !ok {
		t.Fatalf("Rissa's coordinator has no «Rediger fakta» link in Rissa's row: %+v", rissa.Links)
	}
	if st := b.follow("facts form", click(fmt.Sprintf(`#%s a[href=%s]`, rissa.ID, jsString(edit)))); st != 200 {
		t.Fatalf("facts form: status %d", st)
	}
	if h := b.text("h1"); h != knownService+" – Rissa" {
		t.Errorf("facts form h1 = %q", h)
	}

	// Change the annual cases: the service page and the history show it.
	old := b.value("#f-annual_cases")
	updated := "777"
	if old == updated {
		updated = "778"
	}
	b.fill("#f-annual_cases", updated)
	if st := b.follow("service", click(`form.facts-form button[type=submit]`)); st != 200 {
		t.Fatalf("save the facts: status %d, page says %q", st, b.text("main"))
	}
	if p := b.path(); p != svc {
		t.Errorf("after saving: on %s, want %s", p, svc)
	}
	rissa = b.factRows()["Rissa"]
	if rissa.Cases != updated {
		t.Errorf("after saving, Rissa's annual cases show %q, want %s", rissa.Cases, updated)
	}
	hist, ok := rissa.link("Historikk")
	if !ok {
		t.Fatalf("Rissa's row has no history link: %+v", rissa.Links)
	}
	if st := b.follow("facts history", click(fmt.Sprintf(`#%s a[href=%s]`, rissa.ID, jsString(hist)))); st != 200 {
		t.Fatalf("facts history: status %d", st)
	}
	change := evalJS[*struct {
		Old string `json:"old"`
		New string `json:"new"`
	}](b, `(() => {
	  const li = [...document.querySelectorAll('table.history tbody tr:first-child ul.changes li')]
	    .find(li => li.querySelector('.field-name').textContent.trim() === 'Saker per år');
	  return li && {old: li.querySelector('del').textContent, new: li.querySelector('ins').textContent};
	})()`)
	if change == nil {
		t.Fatalf("the newest change in the history has no «Saker per år»: %q", b.text("table.history tbody"))
	}
	if digits(change.Old) != old || digits(change.New) != updated {
		t.Errorf("history shows Saker per år %q → %q, want %s → %s", change.Old, change.New, old, updated)
	}

	// A value that is not a number: the message by the field, marked
	// invalid, a summary linking to it, and nothing saved.
	b.open("facts form", svc+"/facts/"+rissa.municipalityID())
	b.fill("#f-annual_cases", "999")
	b.fill("#f-employee_minutes", "abc")
	if st := b.follow("facts form with errors", click(`form.facts-form button[type=submit]`)); st != 422 {
		t.Errorf("employee minutes abc: status %d, want 422", st)
	}
	checkFieldError(b, "employee_minutes", "Skriv et tall, f.eks. 12,5.", "Ansattminutter per sak")
	b.expectFocus("form-message", "the error summary")
	if v := b.value("#f-employee_minutes"); v != "abc" {
		t.Errorf("the field shows %q after the error, want what was typed (abc)", v)
	}
	b.screenshot("facts-form-errors")
	// The summary's link takes keyboard focus to the field.
	b.do("follow the summary's link", chromedp.Focus(chromedp.CSS(`#form-message a[href="#f-employee_minutes"]`)), enter())
	b.expectFocus("f-employee_minutes", "the field")

	// Channel shares that do not add up to 100: the service's rule.
	b.fill("#f-employee_minutes", "12,5")
	for f, v := range map[string]string{"share_paper": "50", "share_email": "10", "share_phone": "10", "share_digital": "10"} {
		b.fill("#f-"+f, v)
	}
	if st := b.follow("facts form with errors", click(`form.facts-form button[type=submit]`)); st != 422 {
		t.Errorf("channel shares of 80 %%: status %d, want 422", st)
	}
	checkFieldError(b, "share_digital", "Kanalandelene blir til sammen 80", "Digitalt skjema (%)")

	b.open("service", svc)
	if got := b.factRows()["Rissa"].Cases; got != updated {
		t.Errorf("after the refused forms, Rissa's annual cases show %q, want %s unchanged", got, updated)
	}
}

// checkFieldError checks a form shown with an error on field: the message
// (starting with message) next to it, aria-invalid and aria-describedby on
// it, and a summary on top that links to it.
func checkFieldError(b *tab, field, message, label string) {
	b.t.Helper()
	if got := b.text("#e-" + field); !strings.HasPrefix(got, message) {
		b.t.Errorf("error next to %s = %q, want %q…", field, got, message)
	}
	if v, _ := b.attr("#f-"+field, "aria-invalid"); v != "true" {
		b.t.Errorf(`%s: aria-invalid = %q, want "true"`, field, v)
	}
	if v, _ := b.attr("#f-"+field, "aria-describedby"); !slices.Contains(strings.Fields(v), "e-"+field) {
		b.t.Errorf("%s: aria-describedby = %q, want it to name e-%s", field, v, field)
	}
	if s := b.text("#form-message"); !strings.HasPrefix(s, "Noen felt må rettes.") {
		b.t.Errorf("error summary = %q", s)
	}
	link := fmt.Sprintf(`#form-message a[href="#f-%s"]`, field)
	if b.count(link) != 1 {
		b.t.Errorf("the error summary has no link to #f-%s: %q", field, b.text("#form-message"))
	} else if s := b.text(link); !strings.HasPrefix(s, label) {
		b.t.Errorf("the summary's link to %s says %q, want it to start with %q", field, s, label)
	}
}

func testCoordinatorLimits(t *testing.T) {
	b := newTab(t)
	b.loginTo("koordinator.rissa@fosen.example", "service", "/services/"+knownServiceSlug)
	if slices.Contains(b.navTexts(), "Administrasjon") {
		t.Errorf("a coordinator sees Administrasjon in the navigation")
	}
	rows := b.factRows()
	for name, r := range rows {
		_, canEdit := r.link("Rediger fakta")
		if canEdit != (name == "Rissa") {
			t.Errorf("Rissa's coordinator: edit link in %s's row = %v", name, canEdit)
		}
	}
	leksvik, ok := rows["Leksvik"]
	if !ok {
		t.Fatal("no Leksvik row")
	}
	// The edit form of another municipality, by its URL: no access.
	if st := b.open("error 403", "/services/"+knownServiceSlug+"/facts/"+leksvik.municipalityID()); st != 403 {
		t.Errorf("Leksvik's facts form for Rissa's coordinator: status %d, want 403", st)
	}
	if h := b.text("h1"); h != "Ingen tilgang" {
		t.Errorf("403 page h1 = %q, want Ingen tilgang", h)
	}
	if b.count("form.facts-form") != 0 {
		t.Errorf("the 403 page shows the facts form")
	}
}

func testObserverReadsOnly(t *testing.T) {
	b := newTab(t)
	b.loginTo("observator@fosen.example", "service", "/services/"+knownServiceSlug)
	if slices.Contains(b.navTexts(), "Administrasjon") {
		t.Errorf("the observer sees Administrasjon in the navigation")
	}
	for name, r := range b.factRows() {
		if _, ok := r.link("Rediger fakta"); ok {
			t.Errorf("the observer has an edit link in %s's row", name)
		}
	}
	if n := b.count(`main a[href$="/edit"]`); n != 0 {
		t.Errorf("the observer sees %d edit links on the service page", n)
	}
	if st := b.open("error 403", "/admin/users"); st != 403 {
		t.Errorf("the observer on /admin/users: status %d, want 403", st)
	}
}

func testProgrammeLead(t *testing.T) {
	b := newTab(t)
	b.loginTo("programleder@fosen.example", "service", "/services/"+knownServiceSlug)
	if st := b.follow("users", click(`nav.main-nav a[href="/admin/users"]`)); st != 200 {
		t.Fatalf("Administrasjon: status %d", st)
	}
	if cur := b.text(`nav.main-nav a[aria-current=page]`); cur != "Administrasjon" {
		t.Errorf("current navigation item = %q, want Administrasjon", cur)
	}
	users := b.texts("main table tbody th a")
	if !slices.Contains(users, "Koordinator Rissa") || len(users) < 23 {
		t.Fatalf("the users page lists %d users: %q", len(users), users)
	}
	if st := b.follow("user", click(`main table tbody th a[href^="/admin/users/"]:not([href=""])`)); st != 200 {
		t.Fatalf("user page: status %d", st)
	}
	if h := b.text("h1"); h != users[0] {
		t.Errorf("user page h1 = %q, want %q", h, users[0])
	}

	// Municipalities, and one of them in the edit form.
	b.open("services filtered", "/services?area=styring")
	if st := b.follow("municipalities", click(`main a[href="/municipalities"]`)); st != 200 {
		t.Fatalf("municipalities: status %d", st)
	}
	names := b.texts("main table tbody th")
	for _, m := range fosen2017 {
		if !slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(n, m) }) {
			t.Errorf("the municipalities page lacks %s: %q", m, names)
		}
	}
	if st := b.follow("municipality edit", click(`main a[href$="/edit"]`)); st != 200 {
		t.Fatalf("municipality edit: status %d", st)
	}
	if v := b.value("#f-name"); v == "" || !strings.Contains(b.text("h1"), v) {
		t.Errorf("municipality form: name %q, h1 %q", v, b.text("h1"))
	}
	// Set the population year; the change shows in the municipality's history.
	name := b.value("#f-name")
	b.fill("#f-population_year", "2018")
	if st := b.follow("municipalities", click(`main form button[type=submit]`)); st != 200 {
		t.Fatalf("save municipality: status %d", st)
	}
	if st := b.follow("municipality history", click(`main a[href$="/history"]`)); st != 200 {
		t.Fatalf("municipality history: status %d", st)
	}
	if h := b.text("h1"); !strings.Contains(h, name) {
		t.Errorf("history h1 %q does not name %s", h, name)
	}
	if changes := b.text("main table tbody"); !strings.Contains(changes, "Innbyggertall per år") || !strings.Contains(changes, "2018") {
		t.Errorf("the history does not show the new population year 2018: %q", changes)
	}

	// A page that does not exist.
	if st := b.open("error 404", "/finnes-ikke"); st != 404 {
		t.Errorf("/finnes-ikke: status %d, want 404", st)
	}
	if h := b.text("h1"); h != "Finnes ikke" {
		t.Errorf("404 page h1 = %q, want Finnes ikke", h)
	}
}

// problem is one line of the import's problem table.
type problem struct {
	Sheet   string `json:"sheet"`
	Line    string `json:"line"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

func testImport(t *testing.T) {
	b := newTab(t)
	svc := "/services/" + importSlug
	b.loginTo("programleder@fosen.example", "service", svc)
	before := b.factRows()
	rissaCases, bjugnCases := "4321", "1234" // what the workbook says
	if digits(before["Rissa"].Cases) == rissaCases || digits(before["Bjugn"].Cases) == bjugnCases {
		t.Fatalf("the demo already has the values the workbook imports")
	}

	// A workbook with two good rows and two bad ones: nothing is imported.
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "fakta.xlsx")
	writeWorkbook(t, xlsx, "Fakta", [][]any{
		{"service", "municipality", "annual_cases", "employee_minutes"},
		{importSlug, "1624", 4321, 11},      // Rissa
		{importSlug, "1718", 2222, "mange"}, // Leksvik: not a number, row 3
		{importSlug, "9999", 3333, 33},      // no such municipality, row 4
		{importSlug, "1627", 1234, 44},      // Bjugn
	})
	b.open("import", "/import")
	b.do("choose the workbook", chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{xlsx}))
	if st := b.follow("import with problems", click(`form[enctype="multipart/form-data"] button[type=submit]`)); st != 422 {
		t.Errorf("faulty workbook: status %d, want 422", st)
	}
	problems := evalJS[[]problem](b, `[...document.querySelectorAll('table.problems tbody tr')].map(tr => {
	  const c = [...tr.cells].map(td => td.innerText.trim());
	  return {sheet: c[0], line: c[1], column: c[2], message: c[3]};
	})`)
	want := []problem{
		{"Fakta", "3", "employee_minutes", "«mange» er ikke et tall."},
		{"Fakta", "4", "municipality", "Ukjent kommunenummer «9999»."},
	}
	if !slices.Equal(problems, want) {
		t.Errorf("problems listed:\n  %+v\nwant:\n  %+v", problems, want)
	}
	if h := b.text("#report-h"); h != "2 feil i fakta.xlsx" {
		t.Errorf("report heading = %q", h)
	}
	b.expectFocus("report-h", "the report's heading")
	if msg := b.text(".report [role=alert]"); msg != "Ingenting er endret. Rett feilene i filen og last den opp igjen." {
		t.Errorf("the report says %q, want that nothing was changed", msg)
	}
	if n := b.count(`form[action^="/import/"]`); n != 0 {
		t.Errorf("a faulty file can be imported: %d import buttons", n)
	}
	b.open("service", svc)
	after := b.factRows()
	for _, m := range []string{"Rissa", "Bjugn"} {
		if after[m].Cases != before[m].Cases {
			t.Errorf("the refused import changed %s's annual cases: %q → %q", m, before[m].Cases, after[m].Cases)
		}
	}

	// A correct CSV: a preview with counts, then the import.
	csv := filepath.Join(dir, "fakta.csv")
	if err := os.WriteFile(csv, []byte("service,municipality,annual_cases\n"+importSlug+",1624,"+rissaCases+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b.open("import", "/import")
	b.do("choose the CSV file", chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{csv}))
	if st := b.follow("import preview", click(`form[enctype="multipart/form-data"] button[type=submit]`)); st != 200 {
		t.Fatalf("correct CSV: status %d, page says %q", st, b.text("main"))
	}
	if h := b.text("#report-h"); h != "Forhåndsvisning av fakta.csv" {
		t.Errorf("preview heading = %q", h)
	}
	counts := func() []string {
		return b.texts(`table.counts tbody tr:nth-child(3) > *`)
	}
	if got, want := counts(), []string{"Fakta", "0", "1", "0"}; !slices.Equal(got, want) {
		t.Errorf("preview counts for facts = %q, want %q (new, updated, unchanged)", got, want)
	}
	if label := b.text(`form[action^="/import/"] button[type=submit]`); label != "Importer" {
		t.Errorf("the preview's button says %q, want Importer", label)
	}
	if st := b.follow("import done", click(`form[action^="/import/"] button[type=submit]`)); st != 200 {
		t.Fatalf("Importer: status %d, page says %q", st, b.text("main"))
	}
	if h := b.text("#report-h"); h != "fakta.csv er importert." {
		t.Errorf("import heading = %q", h)
	}
	if got, want := counts(), []string{"Fakta", "0", "1", "0"}; !slices.Equal(got, want) {
		t.Errorf("imported counts for facts = %q, want %q", got, want)
	}
	b.open("service", svc)
	r := b.factRows()["Rissa"]
	if digits(r.Cases) != rissaCases {
		t.Errorf("after the import Rissa's annual cases show %q, want %s", r.Cases, rissaCases)
	}
	if !strings.Contains(r.Cells[1], "imp.") {
		t.Errorf("the imported number is not marked imported: %q", r.Cells[1])
	}
}

// writeWorkbook writes an .xlsx file with one sheet of rows.
func writeWorkbook(t *testing.T, path, sheet string, rows [][]any) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func testEnglish(t *testing.T) {
	b := newTab(t)
	b.login("leder.rissa@fosen.example")
	if st := b.follow("dashboard (en)", click(`.lang-form button[value="en"]`)); st != 200 {
		t.Fatalf("switch to English: status %d", st)
	}
	if lang, _ := b.attr("html", "lang"); lang != "en" {
		t.Errorf(`html lang = %q, want "en"`, lang)
	}
	if nav := b.navTexts(); !slices.Contains(nav, "Services") || !slices.Contains(nav, "Overview") {
		t.Errorf("English navigation = %q, want Overview and Services", nav)
	}
	if p := b.path(); p != "/" {
		t.Errorf("after switching language: on %s, want the same page (/)", p)
	}
	if st := b.open("services (en)", "/services?area=barnehage"); st != 200 {
		t.Fatalf("services in English: status %d", st)
	}
	if h := b.text("h1"); h != "Service catalogue" {
		t.Errorf("English services h1 = %q", h)
	}
	if st := b.follow("services filtered", click(`.lang-form button[value="nb"]`)); st != 200 {
		t.Fatalf("switch back to bokmål: status %d", st)
	}
	if lang, _ := b.attr("html", "lang"); lang != "nb" {
		t.Errorf(`html lang = %q after switching back, want "nb"`, lang)
	}
	if nav := b.navTexts(); !slices.Contains(nav, "Tjenester") {
		t.Errorf("navigation after switching back = %q, want Tjenester", nav)
	}
	if p := b.path(); p != "/services?area=barnehage" {
		t.Errorf("after switching back: on %s, want /services?area=barnehage", p)
	}
}

// testProcesses: the programme lead uploads the to-be process of a service
// as a .bpmn file, sees its figures on the Prosesser tab and the version in
// its history; a file that is not BPMN is refused at the file field.
func testProcesses(t *testing.T) {
	b := newTab(t)
	svc := "/services/legevakt"
	b.loginTo("programleder@fosen.example", "service processes", svc+"/processes")
	if h := b.text("#proc-h"); h != "Arbeidsprosesser" {
		t.Errorf("processes heading = %q", h)
	}
	bpmn, err := filepath.Abs(filepath.Join("..", "process", "testdata", "byggesak-default.bpmn"))
	if err != nil {
		t.Fatal(err)
	}
	if !evalJS[bool](b, `(() => { const s = document.querySelector('#f-target'); s.value = 'to-be:0:0'; return s.value === 'to-be:0:0' })()`) {
		t.Fatal("the programme lead cannot choose the to-be process")
	}
	b.do("choose the file", chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{bpmn}))
	b.fill("#f-comment", "Første utkast fra verkstedet")
	if st := b.follow("service processes", click(`form[action$="/processes"] button[type=submit]`)); st != 200 {
		t.Fatalf("upload: status %d, page says %q", st, b.text("main"))
	}
	row := b.text("table.processes tbody tr")
	if !strings.Contains(row, "Ønsket situasjon") || !strings.Contains(row, "Programleder Fosen") {
		t.Errorf("the uploaded to-be process is not listed: %q", row)
	}
	if st := b.follow("process history", click(`table.processes a[href$="/history"]`)); st != 200 {
		t.Fatalf("process history: status %d", st)
	}
	if !strings.Contains(b.text("main table tbody"), "Første utkast fra verkstedet") {
		t.Errorf("the history lacks the comment: %q", b.text("main table tbody"))
	}
	// Not BPMN: refused on the file field, with the reason.
	notBPMN := filepath.Join(t.TempDir(), "regneark.bpmn")
	if err := os.WriteFile(notBPMN, []byte("<regneark/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	b.open("service processes", svc+"/processes")
	b.do("choose the file", chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{notBPMN}))
	if st := b.follow("service processes with errors", click(`form[action$="/processes"] button[type=submit]`)); st != 409 && st != 422 {
		t.Errorf("not BPMN: status %d, want 422", st)
	}
	if v, _ := b.attr("#f-file", "aria-invalid"); v != "true" {
		t.Errorf("the file field is not marked invalid; the page says %q", b.text("#form-message"))
	}

	// A large model: its table view shows 100 steps a page, and the
	// paging links work with the keyboard.
	var big strings.Builder
	big.WriteString(`<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D"><process id="P"><startEvent id="S"/>`)
	prev := "S"
	for i := range 248 {
		fmt.Fprintf(&big, `<task id="T%d" name="Steg %d"/><sequenceFlow id="F%d" sourceRef="%s" targetRef="T%d"/>`, i, i+1, i, prev, i)
		prev = fmt.Sprintf("T%d", i)
	}
	fmt.Fprintf(&big, `<endEvent id="E"/><sequenceFlow id="FE" sourceRef="%s" targetRef="E"/></process></definitions>`, prev)
	bigFile := filepath.Join(t.TempDir(), "stor.bpmn")
	if err := os.WriteFile(bigFile, []byte(big.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	b.open("service processes", svc+"/processes")
	if !evalJS[bool](b, `(() => { const s = document.querySelector('#f-target'); s.value = 'adapted:0:0'; return s.value === 'adapted:0:0' })()`) {
		t.Fatal("the programme lead cannot choose the adapted process")
	}
	b.do("choose the file", chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{bigFile}))
	if st := b.follow("service processes", click(`form[action$="/processes"] button[type=submit]`)); st != 200 {
		t.Fatalf("upload of the large model: status %d, page says %q", st, b.text("main"))
	}
	adapted := b.rowLink("Tilpasset", "/table")
	if st := b.open("process table paged", adapted); st != 200 {
		t.Fatalf("paged table: status %d", st)
	}
	if n := b.count("table.steps tbody tr"); n != 100 {
		t.Errorf("the first page shows %d steps, want 100", n)
	}
	b.tabTo("steps-top-next", 80)
	if st := b.follow("process table paged", chromedp.KeyEvent(kb.Enter)); st != 200 {
		t.Fatalf("next page: status %d", st)
	}
	if got := b.text("nav.pager"); !strings.Contains(got, "Steg 101–200 av 250") {
		t.Errorf("the second page says %q", got)
	}
}
