package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
)

// logIDFrom reads the log id from the page a successful upload redirects
// to (/eventlogs/{id} or /eventlogs/{id}/mapping).
func logIDFrom(t *testing.T, res *http.Response, body string) domain.ID {
	t.Helper()
	m := regexp.MustCompile(`^/eventlogs/(\d+)`).FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("upload: status %d to %q, want 303 to the log\n%.500s", res.StatusCode, res.Header.Get("Location"), body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// text is a page's text with its tags dropped and spaces collapsed, for
// finding what a reader sees.
func text(page string) string {
	s := regexp.MustCompile(`(?s)<script.*?</script>|<[^>]+>`).ReplaceAllString(page, " ")
	s = strings.NewReplacer("&nbsp;", " ", "\u00a0", " ", "&ndash;", "–", "&rarr;", "→", "&#43;", "+", "&#34;", `"`, "&#39;", "'").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// section returns the part of page from the element with id on, to the
// end of its section.
func section(t *testing.T, page, id string) string {
	t.Helper()
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no element #%s on the page", id)
	}
	rest := page[i:]
	if j := strings.Index(rest, "</section>"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// The running example of van der Aalst's "Process Mining" uploaded as XES
// through the form: its page shows the book's figures (6 cases, 42
// events, 8 activities, 6 variants, durations as pm4py computes them), the
// directly-follows graph's spec and table, and the list and the API show
// the log; deleting it removes it.
func TestEventLogUploadShowsFigures(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	xes, err := os.ReadFile(filepath.Join("..", "eventlog", "testdata", "running-example.xes"))
	if err != nil {
		t.Fatal(err)
	}
	res, body := c.uploadFile("/eventlogs", "running-example.xes", xes)
	id := logIDFrom(t, res, body)
	waitForLog(t, id)
	path := "/eventlogs/" + strconv.FormatInt(id, 10)
	res, page := c.get(path)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	figures := text(section(t, page, "key-figures"))
	for _, want := range []string{"Saker 6", "Hendelser 42", "Aktiviteter 8", "Ressurser 6", "Varianter 6", "Tidsrom 30.12.2010–24.01.2011"} {
		if !strings.Contains(figures, want) {
			t.Errorf("key figures lack %q: %s", want, figures)
		}
	}
	// 815 940 s median, 966 890 mean, 1 472 610 P90, 520 920 min,
	// 1 576 440 max (internal/eventlog/stats_test.go).
	durations := text(section(t, page, "case-duration"))
	for _, want := range []string{"9,4 dager", "11,2 dager", "17,0 dager", "6,0 dager", "18,2 dager"} {
		if !strings.Contains(durations, want) {
			t.Errorf("case durations lack %q: %s", want, durations)
		}
	}
	if years := text(section(t, page, "cases-per-year")); !strings.Contains(years, "2010 3") || !strings.Contains(years, "2011 3") {
		t.Errorf("cases per year: %s", years)
	}
	if n := strings.Count(section(t, page, "variants"), `<th scope="row" class="num">`); n != 6 {
		t.Errorf("%d variants listed, want 6", n)
	}
	// decide → reinitiate request happens 3 times; start → register
	// request 6 times.
	edges := text(section(t, page, "dfg-edges"))
	for _, want := range []string{"decide reinitiate request 3", "Start register request 6"} {
		if !strings.Contains(edges, want) {
			t.Errorf("the edge table lacks %q: %.600s", want, edges)
		}
	}
	spec := regexp.MustCompile(`(?s)<script type="application/json" id="dfg-spec">(.*?)</script>`).FindStringSubmatch(page)
	if spec == nil {
		t.Fatal("no DFG spec on the page")
	}
	var s struct {
		Nodes []eventlog.Count `json:"nodes"`
		Edges []struct {
			From, To string
			Count    int
		} `json:"edges"`
	}
	if err := json.Unmarshal([]byte(spec[1]), &s); err != nil {
		t.Fatalf("DFG spec: %v\n%.300s", err, spec[1])
	}
	if len(s.Nodes) != 8 || len(s.Edges) == 0 {
		t.Errorf("DFG spec: %d nodes, %d edges", len(s.Nodes), len(s.Edges))
	}
	if !strings.Contains(page, "dist/eventlog.") && !strings.Contains(page, `data-dfg="dfg-spec"`) {
		t.Error("the page does not load the graph island")
	}

	_, list := c.get("/eventlogs")
	if !strings.Contains(text(list), "running-example.xes XES Ferdig 6 30.12.2010–24.01.2011") {
		t.Errorf("the list does not show the log's row: %s", text(section(t, list, "logs-caption")))
	}
	res, body = c.get("/api/v1" + path)
	var api eventlog.Log
	if err := json.Unmarshal([]byte(body), &api); err != nil || res.StatusCode != 200 || api.Stats == nil || api.Stats.Cases != 6 {
		t.Errorf("API: status %d, %v, %.300s", res.StatusCode, err, body)
	}

	res, _ = c.post(path+"/delete", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/eventlogs" {
		t.Fatalf("delete: status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := c.get(path); res.StatusCode != http.StatusNotFound {
		t.Errorf("a deleted log: status %d, want 404", res.StatusCode)
	}
}

// The threshold form works without the island: ?min= hides the edges
// below it in the table, and says how many are shown.
func TestEventLogThresholdWithoutScript(t *testing.T) {
	c := login(t, "observator@fosen.example")
	path := "/eventlogs/" + strconv.FormatInt(evl.log, 10)
	_, all := c.get(path + "?min=1")
	_, some := c.get(path + "?min=5")
	hidden := func(page string) int { return strings.Count(section(t, page, "dfg-edges"), " hidden>") }
	if hidden(all) != 0 {
		t.Errorf("threshold 1 hides %d edges", hidden(all))
	}
	if hidden(some) == 0 {
		t.Error("threshold 5 hides no edge (every edge of the fixture occurs 4 or 8 times)")
	}
	if !strings.Contains(some, `value="5"`) {
		t.Error("the slider does not keep the chosen threshold")
	}
}

// A CSV log waits for its mapping; a mapping that leaves out the
// timestamp is refused on that field, and a complete one starts the
// import.
func TestEventLogCSVMapping(t *testing.T) {
	c := login(t, "koordinator.rissa@fosen.example")
	csv, err := os.ReadFile(filepath.Join("..", "eventlog", "testdata", "byggesak.csv"))
	if err != nil {
		t.Fatal(err)
	}
	res, body := c.uploadFile("/eventlogs", "byggesak.csv", csv)
	id := logIDFrom(t, res, body)
	mapping := "/eventlogs/" + strconv.FormatInt(id, 10) + "/mapping"
	if loc := res.Header.Get("Location"); loc != mapping {
		t.Fatalf("a CSV file goes to %q, want its mapping step", loc)
	}
	res, page := c.get(mapping)
	if res.StatusCode != 200 {
		t.Fatalf("mapping page: %d", res.StatusCode)
	}
	if sample := text(section(t, page, "sample")); !strings.Contains(sample, "Saksnr") || !strings.Contains(sample, "2024-001") {
		t.Errorf("the sample table lacks the header or the first row: %.300s", sample)
	}
	if !regexp.MustCompile(`<option value="Saksnr" selected>`).MatchString(page) {
		t.Error("the case column is not preselected from its name")
	}
	res, page = c.post(mapping, url.Values{"col_case": {"Saksnr"}, "col_activity": {"Aktivitet"}, "col_time": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a mapping without the time: status %d, want 422", res.StatusCode)
	}
	if !strings.Contains(page, `id="f-col_time"`) || !regexp.MustCompile(`id="f-col_time"[^>]*aria-invalid="true"`).MatchString(page) {
		t.Error("the time field is not marked invalid")
	}
	if !strings.Contains(page, `id="e-col_time"`) {
		t.Error("no message on the time field")
	}
	res, _ = c.post(mapping, url.Values{"col_case": {"Saksnr"}, "col_activity": {"Aktivitet"}, "col_time": {"Tidspunkt"},
		"col_resource": {"Saksbehandler"}, "col_lifecycle": {"Status"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != strings.TrimSuffix(mapping, "/mapping") {
		t.Fatalf("a complete mapping: status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	waitForLog(t, id)
	_, page = c.get(strings.TrimSuffix(mapping, "/mapping"))
	if !strings.Contains(page, `id="key-figures"`) {
		t.Errorf("the mapped log shows no figures: %.500s", text(page))
	}
}

// A file that cannot be read fails with the file's name, the line and
// the reason, and stores no figures.
func TestEventLogBadFileShowsLine(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	bad := "<?xml version=\"1.0\"?>\n<log xes.version=\"1.0\">\n<trace><string key=\"concept:name\" value=\"1\"/>\n" +
		"<event><string key=\"concept:name\" value=\"a\"/><date key=\"time:timestamp\" value=\"2024-01-01T10:00:00Z\"/></event>\n" +
		"<event><string key=\"concept:name\" value=\"b\"/><date key=\"time:timestamp\" value=\"i går\"/></event>\n</trace></log>\n"
	res, body := c.uploadFile("/eventlogs", "feil.xes", []byte(bad))
	id := logIDFrom(t, res, body)
	waitForLog(t, id)
	_, page := c.get("/eventlogs/" + strconv.FormatInt(id, 10))
	failed := text(section(t, page, "import-failed"))
	if !strings.Contains(failed, "feil.xes, linje 5") || !strings.Contains(failed, "i går") {
		t.Errorf("the failure does not name the file, line and value: %s", failed)
	}
	if strings.Contains(page, `id="key-figures"`) {
		t.Error("a failed import shows figures")
	}

	// A file that is no event log at all is refused on the upload form,
	// and nothing is kept.
	_, before := c.get("/eventlogs")
	res, page = c.uploadFile("/eventlogs", "brev.pdf", []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"))
	if res.StatusCode != http.StatusUnprocessableEntity || !regexp.MustCompile(`id="f-file"[^>]*aria-invalid="true"`).MatchString(page) {
		t.Errorf("a file that is no log: status %d, want 422 on the file field\n%.400s", res.StatusCode, text(page))
	}
	if msg := text(section(t, page, "e-file")); !strings.Contains(msg, "ikke en hendelseslogg") {
		t.Errorf("the file field's message %q does not say the file is no event log", msg)
	}
	if strings.Count(page, `id="log-`) != strings.Count(before, `id="log-`) {
		t.Error("a refused file was kept as a log")
	}
}

// Applying the fixture log sets Rissa's yearly cases and lead time of the
// service, measured, and the provenance text shows on the log's page,
// the service page and the facts form. An observer may not apply.
func TestEventLogApplySetsMeasuredFacts(t *testing.T) {
	path := "/eventlogs/" + strconv.FormatInt(evl.log, 10)
	o := login(t, "observator@fosen.example")
	if res, _ := o.post(path+"/apply", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("an observer applies: status %d, want 403", res.StatusCode)
	}
	c := login(t, "koordinator.rissa@fosen.example")
	res, _ := c.post(path+"/apply", nil)
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "applied=1") {
		t.Fatalf("apply: status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, page := c.get(res.Header.Get("Location"))
	// Cases span (tasks − 2) or (tasks − 1) days, four of each: the median
	// is tasks − 1.5 days.
	lead := strings.Replace(strconv.FormatFloat(float64(len(evl.tasks))-1.5, 'f', 1, 64), ".", ",", 1)
	applied := text(section(t, page, "applied"))
	for _, want := range []string{"saksbehandlingstid " + lead + " dager", "målt fra eiendomsskatt-rissa.xes", "8 saker"} {
		if !strings.Contains(applied, want) {
			t.Errorf("the applied note lacks %q: %s", want, applied)
		}
	}
	_, svc := c.get("/services/" + evSlug)
	row := regexp.MustCompile(`(?s)<tr id="m` + evl.rissa + `">.*?</tr>`).FindString(svc)
	if !strings.Contains(text(row), lead) || !strings.Contains(text(row), "målt fra eiendomsskatt-rissa.xes") {
		t.Errorf("Rissa's row does not show the measured lead time with its source: %s", text(row))
	}
	_, form := c.get("/services/" + evSlug + "/facts/" + evl.rissa)
	if !regexp.MustCompile(`id="f-lead_time_days"[^>]*value="` + regexp.QuoteMeta(strings.Replace(lead, ",", ".", 1)) + `"`).MatchString(form) {
		t.Errorf("the facts form does not show the lead time %s", lead)
	}
	if m := regexp.MustCompile(`id="m-lead_time_days">([^<]*)<`).FindStringSubmatch(form); m == nil || !strings.Contains(m[1], "eiendomsskatt-rissa.xes") {
		t.Error("the facts form does not say where the lead time was measured")
	}
	_, benefit := c.get("/services/" + evSlug + "/benefit")
	if !regexp.MustCompile(`class="measured" id="n-municipalities\[\d+\]\.cases">målt fra eiendomsskatt-rissa\.xes`).MatchString(benefit) {
		t.Error("the benefit case does not say where Rissa's cases were measured")
	}
}

// The comparison lists the task the log never shows, the activity no task
// names and the matched tasks; a refused choice is shown on its field,
// and the chosen task's wait lands in a new version of the as-is model.
func TestEventLogCompareAndWaits(t *testing.T) {
	path := "/eventlogs/" + strconv.FormatInt(evl.log, 10)
	c := login(t, "programleder@fosen.example")
	res, page := c.get(path + "/compare")
	if res.StatusCode != 200 {
		t.Fatalf("compare: %d", res.StatusCode)
	}
	if s := text(section(t, page, "unseen-h")); !strings.Contains(s, evl.never) {
		t.Errorf("tasks never seen lack %q: %s", evl.never, s)
	}
	if s := text(section(t, page, "untasked-h")); !strings.Contains(s, evl.extra) {
		t.Errorf("activities without a task lack %q: %s", evl.extra, s)
	}
	if s := text(section(t, page, "matched")); !strings.Contains(s, evl.tasks[0]) {
		t.Errorf("the matched tasks lack %q: %s", evl.tasks[0], s)
	}
	res, page = c.post(path+"/waits", url.Values{"task": {"no-such-task"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `id="e-task"`) {
		t.Errorf("an unknown task: status %d, want 422 on the tasks", res.StatusCode)
	}
	before := asIsVersion(t)
	res, _ = c.post(path+"/waits", url.Values{"task": {evl.taskIDs[2]}})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "saved=1") {
		t.Fatalf("waits: status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if after := asIsVersion(t); after != before+1 {
		t.Errorf("the as-is model is at version %d, want %d", after, before+1)
	}
}

// asIsVersion is the current version of Rissa's as-is model of the
// fixture's service.
func asIsVersion(t *testing.T) int {
	t.Helper()
	m := municipality(t, "1624")
	o, err := shared.app.Processes.Overview(context.Background(), domain.SystemPrincipal(m.CollaborationID), evSlug)
	if err != nil {
		t.Fatal(err)
	}
	for _, md := range o.AsIs {
		if md.MunicipalityID == m.ID {
			return md.CurrentVersion
		}
	}
	t.Fatal("no as-is model in Rissa")
	return 0
}

// The progress of a finished import sends the page on to the figures:
// htmx through HX-Redirect, a plain request by a redirect.
func TestEventLogProgressWhenDone(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	path := "/eventlogs/" + strconv.FormatInt(evl.log, 10)
	res, _ := c.get(path + "/progress")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path {
		t.Errorf("progress of a done log: status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	req, _ := http.NewRequest(http.MethodGet, c.base+path+"/progress", nil)
	req.Header.Set("HX-Request", "true")
	req.Header.Set("HX-Target", "import-progress")
	res, _ = c.do(req)
	if res.Header.Get("HX-Redirect") != path {
		t.Errorf("htmx progress of a done log: HX-Redirect %q, want %q", res.Header.Get("HX-Redirect"), path)
	}
}

// While a log imports, its page shows a labelled progress bar that htmx
// polls, with the share of the file read; the poll answers the bar alone.
// (The row is written as the import would leave it after a stop, so no
// import runs behind it.)
func TestEventLogProgressWhileImporting(t *testing.T) {
	ctx := context.Background()
	m := municipality(t, "1624")
	st := shared.app.DB.Eventlogs()
	lg, err := st.CreateLog(ctx, eventlog.Log{CollaborationID: m.CollaborationID, Name: "stor.xes", Format: eventlog.FormatXES,
		Size: 1000, Status: eventlog.StatusImporting, UploadedBy: "Test", CreatedAt: shared.app.Clock.Now()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.DeleteLog(ctx, m.CollaborationID, lg.ID, lg.Version) })
	if err := st.SetRead(ctx, m.CollaborationID, lg.ID, 420); err != nil {
		t.Fatal(err)
	}
	c := login(t, "observator@fosen.example")
	path := "/eventlogs/" + strconv.FormatInt(lg.ID, 10)
	_, page := c.get(path)
	bar := section(t, page, "import-progress")
	for _, want := range []string{`hx-get="` + path + `/progress"`, `hx-trigger="every 1s"`, `<label for="import-bar">`, `value="42"`} {
		if !strings.Contains(bar, want) {
			t.Errorf("the progress region lacks %s: %.400s", want, bar)
		}
	}
	if strings.Contains(page, `id="key-figures"`) {
		t.Error("an importing log shows figures")
	}
	req, _ := http.NewRequest(http.MethodGet, c.base+path+"/progress", nil)
	req.Header.Set("HX-Request", "true")
	req.Header.Set("HX-Target", "import-progress")
	res, frag := c.do(req)
	if res.StatusCode != 200 || strings.Contains(frag, "<html") || !strings.Contains(frag, `id="import-progress"`) {
		t.Errorf("the poll: status %d, want the bar alone: %.300s", res.StatusCode, frag)
	}
	_, list := c.get("/eventlogs")
	if !strings.Contains(text(list), "stor.xes XES Importeres (42 %)") {
		t.Errorf("the list does not show the import's progress: %s", text(section(t, list, "logs-caption")))
	}
}
