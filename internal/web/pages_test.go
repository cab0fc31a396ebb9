package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/history"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
)

func TestEnumsAreTranslated(t *testing.T) {
	var keys []string
	for _, a := range catalogue.Areas {
		keys = append(keys, "area."+a)
	}
	for _, g := range catalogue.TargetGroups {
		keys = append(keys, "target."+g)
	}
	for _, e := range catalogue.LifeEvents {
		keys = append(keys, "life."+e)
	}
	for _, r := range domain.Roles {
		keys = append(keys, "role."+string(r))
	}
	for i := 1; i <= catalogue.MaturityLevels; i++ {
		keys = append(keys, fmt.Sprintf("maturity.%d", i))
	}
	for _, o := range []catalogue.Offered{catalogue.OfferedYes, catalogue.OfferedNo, catalogue.OfferedOther} {
		keys = append(keys, "offered."+string(o))
	}
	for _, p := range catalogue.Provenances {
		keys = append(keys, "provenance."+string(p), "provenance_short."+string(p))
	}
	for _, f := range catalogue.Facts {
		keys = append(keys, "fact."+string(f), "field."+string(f)+"_source")
	}
	for _, a := range []history.Action{history.ActionCreate, history.ActionUpdate, history.ActionImport, history.ActionDelete} {
		keys = append(keys, "history.action."+string(a))
	}
	for _, k := range []domain.Kind{domain.KindInternal, domain.KindInvalid, domain.KindNotFound, domain.KindConflict, domain.KindUnauthorized, domain.KindForbidden} {
		keys = append(keys, "error.title."+k.String())
	}
	for _, k := range keys {
		if !i18n.Lang("nb").Has(k) {
			t.Errorf("%q has no translation", k)
		}
	}
}

func TestCSRF(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	for name, token := range map[string]string{"missing": "", "wrong": "not-the-token"} {
		t.Run(name, func(t *testing.T) {
			form := url.Values{"lang": {"en"}}
			req, _ := http.NewRequest(http.MethodPost, c.base+"/lang", strings.NewReader(form.Encode()+"&csrf_token="+token))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			res, body := c.do(req)
			if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "Skjemaet er utløpt") {
				t.Errorf("status %d, want 403 with the CSRF message", res.StatusCode)
			}
		})
	}
	t.Run("cross-site", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, c.base+"/lang", strings.NewReader("lang=en&csrf_token="+c.csrf))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		if res, _ := c.do(req); res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site post: status %d, want 403", res.StatusCode)
		}
	})
	t.Run("API without header", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPut, c.base+"/api/v1/services/byggesak-ettrinns", strings.NewReader("{}"))
		res, body := c.do(req)
		if res.StatusCode != http.StatusForbidden || !strings.Contains(body, `"code": "auth.csrf"`) {
			t.Errorf("status %d body %s", res.StatusCode, body)
		}
	})
}

func TestSessionCookieFlags(t *testing.T) {
	c := newClient(t)
	res, _ := c.post("/login", url.Values{"email": {"observator@fosen.example"}, "password": {"fosen-demo-2017"}})
	var found bool
	for _, ck := range res.Cookies() {
		if ck.Name == "tv_session" {
			found = true
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" {
				t.Errorf("session cookie flags: %+v", ck)
			}
		}
	}
	if !found {
		t.Fatal("no session cookie")
	}
	if res.Header.Get("Content-Security-Policy") == "" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("security headers missing")
	}
}

func TestLoginIsLimited(t *testing.T) {
	c := newClient(t)
	email := "leder.osen@fosen.example"
	for i := 0; i < 5; i++ {
		if res, _ := c.post("/login", url.Values{"email": {email}, "password": {"wrong password"}}); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: status %d, want 401", i+1, res.StatusCode)
		}
	}
	res, body := c.post("/login", url.Values{"email": {email}, "password": {"fosen-demo-2017"}})
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "For mange mislykkede forsøk") {
		t.Errorf("right password after 5 failures: status %d, want 429 with the message", res.StatusCode)
	}
	if got := res.Header.Get("Retry-After"); got != "2" && got != "1" { // the first step of the growing delay
		t.Errorf("Retry-After = %q, want 2 s or what is left of them", got)
	}
}

func TestLogoutEndsTheSession(t *testing.T) {
	c := login(t, "leder.bjugn@fosen.example")
	if res, _ := c.get("/services"); res.StatusCode != 200 {
		t.Fatalf("before logout: %d", res.StatusCode)
	}
	old := c.jar["tv_session"]
	c.post("/logout", nil)
	c.jar["tv_session"] = old // a stolen cookie must not work either
	if res, _ := c.get("/services"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("after logout: status %d, want 303 to login", res.StatusCode)
	}
}

func TestEditFactsRecordsHistory(t *testing.T) {
	c := login(t, "koordinator.rissa@fosen.example")
	rissa := idOf(municipality(t, "1624"))
	path := "/services/legevakt/facts/" + rissa
	res, body := c.get(path)
	if res.StatusCode != 200 {
		t.Skipf("no legevakt service in the catalogue: %d", res.StatusCode)
	}
	version := between(body, `name="version" value="`, `"`)
	old := between(body, `name="annual_cases" type="text" inputmode="numeric" value="`, `"`)
	form := url.Values{"version": {version}, "offered": {"yes"}, "annual_cases": {"4 321"}, "employee_minutes": {"12,5"},
		"maturity": {"3"}, "annual_cases_source": {"measured"}}
	res, body = c.post(path, form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: status %d\n%s", res.StatusCode, body)
	}
	_, page := c.get("/services/legevakt")
	if !strings.Contains(page, "4\u00a0321") {
		t.Error("the service page does not show the new number 4 321")
	}
	// Measured cases beside estimated minutes: the row says its sources differ
	// and each number names its own.
	row := between(page, `<tr id="m`+rissa+`">`, "</tr>")
	if !strings.Contains(row, "Blandet (se tallene)") || !strings.Contains(row, ">målt<") || !strings.Contains(row, ">est.<") {
		t.Errorf("Rissa's row does not show its mixed sources: %s", row)
	}
	_, hist := c.get(path + "/history")
	if !strings.Contains(hist, "<del>"+old+"</del> → <ins>4321</ins>") || !strings.Contains(hist, "Koordinator Rissa") {
		t.Errorf("history does not show %s → 4321 by the coordinator", old)
	}
	// Saving again with the old version is refused: someone else saved in between.
	res, body = c.post(path, form)
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "Noen andre har endret") {
		t.Errorf("stale save: status %d, want 409 with the message", res.StatusCode)
	}
}

func TestInvalidFactsAreShownOnTheField(t *testing.T) {
	c := login(t, "koordinator.rissa@fosen.example")
	rissa := idOf(municipality(t, "1624"))
	path := "/services/byggesak-ettrinns/facts/" + rissa
	_, body := c.get(path)
	version := between(body, `name="version" value="`, `"`)
	res, body := c.post(path, url.Values{"version": {version}, "offered": {"yes"}, "share_paper": {"50"}, "share_email": {"20"},
		"share_phone": {"10"}, "share_digital": {"10"}, "maturity": {"7"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.StatusCode)
	}
	for _, want := range []string{"Kanalandelene blir til sammen 90 %, ikke 100.", "Må være mellom 1 og 5.", `id="f-maturity" name="maturity" aria-invalid="true"`, `href="#f-maturity"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the form does not show %q", want)
		}
	}
	_, after := c.get(path)
	if between(after, `name="version" value="`, `"`) != version {
		t.Error("an invalid save changed the record")
	}
}

func TestImportWithOneBadRowChangesNothing(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	csv := "service,municipality,annual_cases,employee_minutes\n" +
		"legevakt,1718,111,10\n" +
		"legevakt,1718,222,mange\n" +
		"legevakt,9999,1,1\n"
	res, body := upload(t, c, "fakta.csv", csv)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422\n%s", res.StatusCode, body)
	}
	for _, want := range []string{"<td>fakta.csv</td><td class=\"num\">3</td><td>employee_minutes</td><td>«mange» er ikke et tall.</td>",
		"<td class=\"num\">4</td><td>municipality</td>", "Ingenting er endret"} {
		if !strings.Contains(body, want) {
			t.Errorf("the report does not show %q", want)
		}
	}
	_, api := c.get("/api/v1/services/legevakt/facts")
	if strings.Contains(api, `"annual_cases": 111`) {
		t.Error("a valid row of a faulty file was imported")
	}
	// A correct file: preview, then commit.
	res, body = upload(t, c, "fakta.csv", "service,municipality,annual_cases\nlegevakt,1718,111\n")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Forhåndsvisning") {
		t.Fatalf("preview: status %d", res.StatusCode)
	}
	action := between(body, `<form method="post" action="/import/`, `"`)
	res, body = c.post("/import/"+action, nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "er importert") {
		t.Fatalf("commit: status %d\n%.500s", res.StatusCode, body)
	}
	if _, api = c.get("/api/v1/services/legevakt/facts"); !strings.Contains(api, `"annual_cases": 111`) {
		t.Error("the committed import is not visible")
	}
	// The upload is gone after its commit.
	if res, _ = c.post("/import/"+action, nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("second commit: status %d, want 404", res.StatusCode)
	}
}

func upload(t *testing.T, c *client, name, content string) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf_token", c.csrf)
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write([]byte(content))
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.base+"/import", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func TestAPIErrorsInTheUsersLanguage(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	c.post("/lang", url.Values{"lang": {"en"}})
	defer c.post("/lang", url.Values{"lang": {"nb"}})
	res, body := c.send(http.MethodPost, "/api/v1/services", "application/json",
		`{"slug":"Bad Slug","name_nb":"","area":"nowhere","kostra_function":"30","mandated":true,"target_group":"innbygger"}`)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	var e struct {
		Error, Code, Message string
		Fields               map[string]string
	}
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatal(err)
	}
	if e.Error != "invalid" || e.Fields["kostra_function"] != "The KOSTRA function must be three digits." ||
		e.Fields["legal_basis"] != "A mandated service needs at least one legal basis." || e.Fields["name_nb"] != "Required." {
		t.Errorf("error body: %+v", e)
	}
	res, body = c.send(http.MethodPost, "/api/v1/services", "application/json", `{"slug": 3}`)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Wrong type") {
		t.Errorf("wrong type: %d %s", res.StatusCode, body)
	}
}

func TestServiceListFilters(t *testing.T) {
	c := login(t, "observator@fosen.example")
	_, all := c.get("/services")
	_, some := c.get("/services?q=BYGGESAK&mandated=yes")
	if strings.Count(some, `<th scope="row"><a href="/services/`) >= strings.Count(all, `<th scope="row"><a href="/services/`) {
		t.Error("the search does not narrow the list")
	}
	if !strings.Contains(some, "/services/byggesak-ettrinns") {
		t.Error("searching BYGGESAK does not find byggesak-ettrinns")
	}
	res, body := c.get("/services?maturity=9")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Noen felt må rettes") {
		t.Errorf("bad filter: status %d", res.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodGet, c.base+"/services?q=bygg", nil)
	req.Header.Set("HX-Request", "true")
	req.Header.Set("HX-Target", "service-results")
	res, frag := c.do(req)
	if res.StatusCode != 200 || strings.Contains(frag, "<html") || !strings.Contains(frag, "<table") {
		t.Error("an htmx request does not get the results fragment alone")
	}
}

func TestNotFoundAndHealth(t *testing.T) {
	c := login(t, "observator@fosen.example")
	if res, body := c.get("/services/no-such-service"); res.StatusCode != 404 || !strings.Contains(body, "Tjenesten finnes ikke.") {
		t.Errorf("unknown service: %d", res.StatusCode)
	}
	if res, body := c.get("/healthz"); res.StatusCode != 200 || body != "ok\n" {
		t.Errorf("healthz: %d %q", res.StatusCode, body)
	}
	res, _ := c.get("/static/dist/app.js")
	if res.StatusCode != 404 {
		t.Error("static files must be served under their hashed names only")
	}
}

func TestExportRoundTrip(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	res, body := c.get("/export/services.csv?area=barnevern")
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), "services.csv") {
		t.Fatalf("export: %d", res.StatusCode)
	}
	if strings.Contains(body, "byggesak-ettrinns") || !strings.Contains(body, "barnevern") {
		t.Error("the export does not follow the list filter")
	}
	res, body = upload(t, c, "services.csv", body)
	if res.StatusCode != 200 || !strings.Contains(body, "Forhåndsvisning") {
		t.Fatalf("re-import: %d", res.StatusCode)
	}
	if strings.Contains(between(body, `<th scope="row">Tjenester</th>`, "</tr>"), `<td class="num">0</td><td class="num">0</td><td class="num">0</td>`) {
		t.Error("the exported services were not recognised")
	}
	if !strings.Contains(body, `<th scope="row">Tjenester</th><td class="num">0</td><td class="num">0</td>`) {
		t.Errorf("re-importing an export must change nothing: %s", between(body, `<th scope="row">Tjenester</th>`, "</tr>"))
	}
}

func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	s = s[i+len(start):]
	j := strings.Index(s, end)
	if j < 0 {
		return ""
	}
	return s[:j]
}

// The large pages are kept once rendered; a write anywhere in the
// collaboration, by anyone, must show on the next view, and a kept page
// must never reach another session.
func TestKeptPagesStayCurrent(t *testing.T) {
	lead := login(t, "programleder@fosen.example")
	coord := login(t, "koordinator.osen@fosen.example")
	osen := idOf(municipality(t, "1633"))
	path := "/services/legevakt"
	res1, first := coord.get(path)
	res2, second := coord.get(path)
	if first != second || res1.Header.Get("ETag") == "" || res1.Header.Get("ETag") != res2.Header.Get("ETag") {
		t.Fatal("two views without a write in between differ")
	}
	req, _ := http.NewRequest(http.MethodGet, coord.base+path, nil)
	req.Header.Set("If-None-Match", res1.Header.Get("ETag"))
	if res, _ := coord.do(req); res.StatusCode != http.StatusNotModified {
		t.Errorf("conditional view: status %d, want 304", res.StatusCode)
	}
	if _, other := lead.get(path); strings.Contains(other, coord.csrf) {
		t.Fatal("another session got a page with this session's CSRF token")
	}
	// The programme lead changes Osen's figure; the coordinator sees it.
	_, form := lead.get(path + "/facts/" + osen)
	version := between(form, `name="version" value="`, `"`)
	res, body := lead.post(path+"/facts/"+osen, url.Values{"version": {version}, "offered": {"yes"}, "annual_cases": {"98765"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%.300s", res.StatusCode, body)
	}
	res3, after := coord.get(path)
	if !strings.Contains(after, "98\u00a0765") || res3.Header.Get("ETag") == res1.Header.Get("ETag") {
		t.Error("the kept page did not follow the write")
	}
}

func uploadBPMN(t *testing.T, c *client, slug, target, comment string, content []byte) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf_token", c.csrf)
	_ = mw.WriteField("target", target)
	_ = mw.WriteField("comment", comment)
	fw, _ := mw.CreateFormFile("file", "prosess.bpmn")
	_, _ = fw.Write(content)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.base+"/services/"+slug+"/processes", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// A coordinator uploads Rissa's as-is process: the tab shows its figures,
// the download gives back the very bytes, a save from a stale version and
// a file that is not BPMN are refused on the page.
func TestProcessUploadAndDownload(t *testing.T) {
	c := login(t, "koordinator.rissa@fosen.example")
	rissa := idOf(municipality(t, "1624"))
	bpmn, err := os.ReadFile(filepath.Join("..", "process", "testdata", "byggesak-semantic.bpmn"))
	if err != nil {
		t.Fatal(err)
	}
	res, body := uploadBPMN(t, c, "legevakt", "as-is:"+rissa+":0", "Kartlagt i verksted", bpmn)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: status %d\n%.500s", res.StatusCode, body)
	}
	_, page := c.get("/services/legevakt/processes")
	row := between(page, "<th scope=\"row\">Nå-situasjon – Rissa</th>", "</tr>")
	if row == "" || !strings.Contains(row, `<td class="num">1</td>`) || !strings.Contains(row, "Koordinator Rissa") {
		t.Fatalf("the tab does not list Rissa's as-is version 1: %q", row)
	}
	href := regexp.MustCompile(`/services/legevakt/processes/(\d+)/bpmn"`).FindStringSubmatch(page)[1]
	res, got := c.get("/services/legevakt/processes/" + href + "/bpmn")
	if res.StatusCode != 200 || got != string(bpmn) || !strings.Contains(res.Header.Get("Content-Disposition"), ".bpmn") {
		t.Errorf("download: status %d, same bytes %v", res.StatusCode, got == string(bpmn))
	}
	// Someone saved version 1 meanwhile: a save from version 0 is stale.
	if res, body = uploadBPMN(t, c, "legevakt", "as-is:"+rissa+":0", "", bpmn); res.StatusCode != http.StatusConflict || !strings.Contains(body, "Noen andre har endret") {
		t.Errorf("stale save: status %d", res.StatusCode)
	}
	res, body = uploadBPMN(t, c, "legevakt", "as-is:"+rissa+":1", "", []byte("<regneark/>"))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "BPMN-filen kan ikke leses") || !strings.Contains(body, `aria-invalid="true"`) {
		t.Errorf("not BPMN: status %d", res.StatusCode)
	}
	// Another municipality's as-is is not the Rissa coordinator's to save.
	leksvik := idOf(municipality(t, "1718"))
	if res, _ = uploadBPMN(t, c, "legevakt", "as-is:"+leksvik+":0", "", bpmn); res.StatusCode != http.StatusForbidden {
		t.Errorf("Leksvik's as-is by Rissa's coordinator: status %d, want 403", res.StatusCode)
	}
	_, hist := c.get("/services/legevakt/processes/" + href + "/history")
	if !strings.Contains(hist, "Kartlagt i verksted") {
		t.Error("the history does not show the version's comment")
	}
}

// A new model can start without the canvas: the copy keeps the source's
// bytes, lands as version 1 and opens the table view; blank works too.
func TestProcessCopy(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	svc := "/services/eiendomsskatt-klage"
	_, page := c.get(svc + "/processes")
	from := regexp.MustCompile(`/processes/(\d+)/table">`).FindStringSubmatch(page)
	if from == nil {
		t.Fatal("the demo service lists no process")
	}
	_, src := c.get(svc + "/processes/" + from[1] + "/bpmn")

	// The demo has a to-be (version 1): a copy from base 0 is stale.
	res, _ := c.post(svc+"/processes/copy", url.Values{"target": {"to-be:0:0"}, "from": {from[1]}})
	if res.StatusCode != http.StatusConflict {
		t.Errorf("copy onto a changed model: status %d, want 409", res.StatusCode)
	}
	res, _ = c.post(svc+"/processes/copy", url.Values{"target": {"to-be:0:1"}, "from": {from[1]}})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "/table?saved=2") {
		t.Fatalf("copy: status %d to %q, want 303 to the table view of version 2", res.StatusCode, loc)
	}
	model := regexp.MustCompile(`/processes/(\d+)/table`).FindStringSubmatch(loc)[1]
	_, got := c.get(svc + "/processes/" + model + "/bpmn")
	if got != src {
		t.Error("the copy is not the source's bytes")
	}
	res, _ = c.post(svc+"/processes/copy", url.Values{"target": {"to-be:0:2"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("blank: status %d", res.StatusCode)
	}
	_, blank := c.get(svc + "/processes/" + model + "/bpmn")
	if !strings.Contains(blank, "Klage på eiendomsskatt") || !strings.Contains(blank, "bpmndi:BPMNShape") {
		t.Errorf("the blank model lacks the service's name or a diagram: %.300s", blank)
	}
}
