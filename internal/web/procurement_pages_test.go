package web_test

import (
	"bytes"
	"encoding/json"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// postProcFile sends a multipart form with one file "file" and the fields.
func postProcFile(t *testing.T, c *client, path, name string, content []byte, fields url.Values) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf_token", c.csrf)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		_, _ = fw.Write(content)
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// TestProcurementCreateTender: the programme lead creates a tender through
// the form; bad input comes back on its fields in Norwegian with nothing
// stored, a time that does not exist on Oslo clocks is refused on its
// field, and the stored tender shows its regulation part and its deadline
// in Oslo time.
func TestProcurementCreateTender(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	form := url.Values{"reference": {"WEB-NY-1"}, "title": {"Digital byggesøknad"}, "procedure": {"national_open"},
		"estimated_value": {"1,5 mill"}, "services": {strconv.FormatInt(proc.service, 10)},
		"milestone_deadline": {"2027-03-28T02:30"}}
	res, body := c.post("/procurement", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad input: status %d\n%.400s", res.StatusCode, body)
	}
	text := html.UnescapeString(body)
	for _, want := range []string{`id="e-estimated_value"`, `id="e-milestone_deadline"`, "sommertid"} {
		if !strings.Contains(text, want) {
			t.Errorf("bad input: the page lacks %q", want)
		}
	}
	ts, err := shared.app.Procurement.TenderByReference(t.Context(), principalOf(t, "programleder@fosen.example"), "WEB-NY-1")
	if err == nil {
		t.Fatalf("a refused form stored tender %d", ts.ID)
	}

	form.Set("estimated_value", "1 500 000")
	form.Set("milestone_deadline", "2027-04-15T12:00")
	res, body = c.post("/procurement", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: status %d\n%.600s", res.StatusCode, body)
	}
	loc := res.Header.Get("Location")
	res, body = c.get(loc)
	if res.StatusCode != 200 {
		t.Fatalf("%s: status %d", loc, res.StatusCode)
	}
	text = html.UnescapeString(body)
	for _, want := range []string{"Del I og II", "15.04.2027 kl. 12.00", "1 300 000", "Digital byggesøknad"} {
		if !strings.Contains(strings.ReplaceAll(text, "\u00a0", " "), want) {
			t.Errorf("tender page lacks %q", want)
		}
	}
	// Stored in UTC: 12:00 in Oslo in April (summer time) is 10:00 UTC.
	id, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/procurement/"), 10, 64)
	tender, err := shared.app.Procurement.Tender(t.Context(), principalOf(t, "programleder@fosen.example"), id)
	if err != nil {
		t.Fatal(err)
	}
	if got := tender.Deadline(); !got.Equal(time.Date(2027, 4, 15, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("deadline stored as %v, want 10:00 UTC", got)
	}

	// The API gives the state and the part, and no opening record.
	res, body = c.get("/api/v1/procurement/tenders/" + strconv.FormatInt(id, 10))
	var out map[string]any
	if err := json.Unmarshal([]byte(body), &out); err != nil || res.StatusCode != 200 {
		t.Fatalf("API: %d %v", res.StatusCode, err)
	}
	if out["state"] != "draft" || out["part"] != "II" || out["reference"] != "WEB-NY-1" {
		t.Errorf("API: state %v, part %v, reference %v", out["state"], out["part"], out["reference"])
	}
	if _, ok := out["opening"]; ok {
		t.Error("API shows an opening record")
	}
}

// TestProcurementDocumentRoundTrip: an officer uploads a document and a
// new version; the download is an attachment under the clean file name,
// with exactly the bytes uploaded, and is in the access log.
func TestProcurementDocumentRoundTrip(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	tp := "/procurement/" + strconv.FormatInt(proc.other.ID, 10)
	res, body := postProcFile(t, c, tp+"/documents", "", nil, url.Values{"kind": {"tender"}, "title": {"Vedlegg"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-file"`) {
		t.Errorf("no file: status %d, field error shown: %v", res.StatusCode, strings.Contains(body, `id="e-file"`))
	}
	content := []byte("Kravbilag 2\nLinje to\n")
	res, body = postProcFile(t, c, tp+"/documents", "../kravbilag\u202e2.txt", content, url.Values{"kind": {"tender"}, "title": {"Kravbilag"}, "note": {"Første utkast"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: status %d\n%.500s", res.StatusCode, body)
	}
	docs, err := shared.app.Procurement.Documents(t.Context(), principalOf(t, "programleder@fosen.example"), proc.other.ID)
	if err != nil {
		t.Fatal(err)
	}
	var doc procurement.Document
	for _, d := range docs {
		if d.Title == "Kravbilag" {
			doc = d
		}
	}
	if doc.ID == 0 {
		t.Fatal("the uploaded document is not listed")
	}
	path := tp + "/documents/" + strconv.FormatInt(doc.ID, 10) + "/versions/1"
	res, body = c.get(path)
	if res.StatusCode != 200 || body != string(content) {
		t.Fatalf("download: status %d, body %q", res.StatusCode, body)
	}
	cd := res.Header.Get("Content-Disposition")
	if !strings.HasPrefix(cd, "attachment") || strings.Contains(cd, "..") || strings.Contains(cd, "/") || strings.Contains(cd, "\u202e") {
		t.Errorf("Content-Disposition %q: want an attachment with a clean name", cd)
	}
	res, body = c.get(tp + "/log")
	if res.StatusCode != 200 || !strings.Contains(body, "Loggen er hel") {
		t.Errorf("log: status %d, chain shown intact: %v", res.StatusCode, strings.Contains(body, "Loggen er hel"))
	}
}

// TestProcurementDialogueFindings: meetings of unequal length and an
// interested supplier without a meeting are shown as findings after the
// dialogue is saved; a bad meeting time is refused on its field.
func TestProcurementDialogueFindings(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	tp := "/procurement/" + strconv.FormatInt(proc.other.ID, 10)
	tender, err := shared.app.Procurement.Tender(t.Context(), principalOf(t, "programleder@fosen.example"), proc.other.ID)
	if err != nil {
		t.Fatal(err)
	}
	s1, s2 := strconv.FormatInt(proc.supplier.ID, 10), strconv.FormatInt(proc.supplier2.ID, 10)
	form := url.Values{"version": {strconv.Itoa(tender.Version)}, "interested": {s1, s2},
		"meetings[0].supplier_id": {s1}, "meetings[0].start": {"i morgen"}, "meetings[0].minutes": {"45"},
		"learnings[0].text": {""}}
	res, body := c.post(tp+"/dialogue", form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-meetings[0].start"`) {
		t.Fatalf("bad time: status %d\n%.400s", res.StatusCode, body)
	}
	form.Set("meetings[0].start", "2026-12-20T09:00")
	res, body = c.post(tp+"/dialogue", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: status %d\n%.600s", res.StatusCode, body)
	}
	_, body = c.get(tp + "/dialogue")
	if !strings.Contains(html.UnescapeString(body), "Trøndelag Data AS meldte interesse") {
		t.Errorf("the supplier without a meeting is not shown as a finding")
	}
}

// TestProcurementBidsSealedBeforeDeadline: before the deadline the bids
// page says only that the bids are sealed until the opening time.
func TestProcurementBidsSealedBeforeDeadline(t *testing.T) {
	c := login(t, "observator@fosen.example")
	res, body := c.get("/procurement/" + strconv.FormatInt(proc.tender.ID, 10) + "/bids")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	want := "forseglet til " + procurement.Display(proc.tender.OpeningTime(), "nb")
	if !strings.Contains(html.UnescapeString(body), want) {
		t.Errorf("bids page lacks %q", want)
	}
	if strings.Contains(body, "bids/open") {
		t.Error("an observer is offered to confirm the opening")
	}
}
