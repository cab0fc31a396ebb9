package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Issue 12: an upload over the size limit said "Ingen tilgang" (the CSRF
// check read the form after the body limit had cut it), and imports did
// the work before the rights were known.

// multipartBody is a form with the CSRF token (unless token is empty) and
// a file of size bytes streamed as it is sent.
func multipartBody(token, name string, size int64) (io.Reader, string) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		if token != "" {
			_ = mw.WriteField("csrf_token", token)
		}
		fw, _ := mw.CreateFormFile("file", name)
		_, err := io.CopyN(fw, zeros{}, size)
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	return pr, mw.FormDataContentType()
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func postFile(c *client, path, token, name string, size int64, header bool) (*http.Response, string) {
	c.t.Helper()
	body, ct := multipartBody(token, name, size)
	req, _ := http.NewRequest(http.MethodPost, c.base+path, body)
	req.Header.Set("Content-Type", ct)
	if header {
		req.Header.Set("X-CSRF-Token", c.csrf)
		req.Header.Set("HX-Request", "true")
	}
	return c.do(req)
}

const uploadLimit = 64 << 20

func TestOversizeUploadIs413(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	for _, path := range []string{"/import", "/services/byggesak-ettrinns/plan/import"} {
		// The token in the form, which the limit cuts off: 413, not 403.
		res, body := postFile(c, path, c.csrf, "fakta.xlsx", uploadLimit+1, false)
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "for stort (høyst 64 MB)") || strings.Contains(body, "Ingen tilgang") {
			t.Errorf("%s, token in the form: status %d, want 413 saying the limit\n%.600s", path, res.StatusCode, body)
		}
		// The token in the header (htmx): the handler finds the file too large.
		res, body = postFile(c, path, "", "fakta.xlsx", uploadLimit+1, true)
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "(høyst 64 MB)") {
			t.Errorf("%s, token in the header: status %d, want 413 saying the limit\n%.600s", path, res.StatusCode, body)
		}
	}
	// A form over the default limit.
	res, body := c.post("/services/byggesak-ettrinns/obstacles", url.Values{"description": {strings.Repeat("x", 2<<20)}})
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "for stort (høyst 1 MB)") {
		t.Errorf("form over the limit: status %d, want 413\n%.600s", res.StatusCode, body)
	}
	// The API says so in JSON, in the user's language.
	res, body = c.send(http.MethodPut, "/api/v1/services/byggesak-ettrinns", "application/json",
		`{"description_nb":"`+strings.Repeat("x", 2<<20)+`"}`)
	var e struct{ Error, Code, Message string }
	_ = json.Unmarshal([]byte(body), &e)
	if res.StatusCode != http.StatusRequestEntityTooLarge || e.Code != "error.too_large" || !strings.Contains(e.Message, "høyst 1 MB") {
		t.Errorf("API body over the limit: status %d, %+v", res.StatusCode, e)
	}
}

// The CSRF check is not weakened: a wrong token in the header is refused
// before the body is read, however large; without a token a small form
// is refused as before.
func TestOversizeUploadKeepsCSRF(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	good := c.csrf
	c.csrf = "wrong"
	res, body := postFile(c, "/import", "", "fakta.xlsx", uploadLimit+1, true)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("wrong header token: status %d, want 403\n%.300s", res.StatusCode, body)
	}
	res, _ = postFile(c, "/import", "wrong", "fakta.csv", 10, false)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("wrong form token: status %d, want 403", res.StatusCode)
	}
	c.csrf = good
	res, _ = c.post("/services/byggesak-ettrinns/obstacles", url.Values{"csrf_token": {"wrong"}, "category": {"law"}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("wrong token in a form: status %d, want 403", res.StatusCode)
	}
}

// A user who may not import is refused before anything about the file is
// read: 403 for an unreadable file, for an oversize one, at both doors.
func TestImportRefusedBeforeTheFileIsRead(t *testing.T) {
	observer := login(t, "observator@fosen.example")
	leadership := login(t, "leder.rissa@fosen.example")
	for _, c := range []*client{observer, leadership} {
		for _, path := range []string{"/import", "/services/byggesak-ettrinns/plan/import"} {
			for _, size := range []int64{100, uploadLimit + 1} {
				res, body := postFile(c, path, c.csrf, "fakta.xlsx", size, false)
				if res.StatusCode != http.StatusForbidden {
					t.Errorf("%s, %d bytes: status %d, want 403\n%.300s", path, size, res.StatusCode, body)
				}
			}
		}
	}
	// A missing plan is not found before the file is read.
	lead := login(t, "programleder@fosen.example")
	res, _ := postFile(lead, "/services/finnes-ikke/plan/import", lead.csrf, "m.xlsx", 100, false)
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("import into a missing service's plan: status %d, want 404", res.StatusCode)
	}
}

// A file with a problem on every row lists the first 100 and says how
// many more there are.
func TestImportProblemsCapped(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	var sb strings.Builder
	sb.WriteString("service,municipality,annual_cases\n")
	for range 250 {
		sb.WriteString("legevakt,1718,mange\n")
	}
	res, body := upload(t, c, "fakta.csv", sb.String())
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	if n := strings.Count(body, "<tr><td>fakta.csv</td>"); n != 100 {
		t.Errorf("%d problems listed, want 100", n)
	}
	// 250 numbers that are none, and 249 rows repeating the first.
	for _, want := range []string{"499 feil i fakta.csv", "… og 399 feil til."} {
		if !strings.Contains(body, want) {
			t.Errorf("the report does not say %q\n%s", want, body[strings.Index(body, "<main"):])
		}
	}
	// A file beyond the limits is refused with the limit named.
	res, body = upload(t, c, "fakta.csv", "service,"+strings.Repeat("x,", 2000)+"\n")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, fmt.Sprintf("mer enn %d kolonner", 1024)) {
		t.Errorf("a header of 2000 columns: status %d\n%.600s", res.StatusCode, body)
	}
	_ = bytes.MinRead
}
