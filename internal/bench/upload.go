package bench

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Upload is the outcome of importing one file through the web.
type Upload struct {
	File    string  `json:"file"`
	Bytes   int     `json:"bytes"`
	Preview float64 `json:"preview_s"` // upload, read and dry run
	Commit  float64 `json:"commit_s"`  // read again and write
}

// commitForm is the preview page's form that confirms the import.
var commitForm = regexp.MustCompile(`action="(/import/[0-9]+)"`)

// problemCell finds the message cells of the preview's problem table.
var problemCell = regexp.MustCompile(`<tr><td>([^<]*)</td><td class="num">([0-9]+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>`)

// Import imports the file at path as a user does in the browser: it uploads
// it to the preview, then confirms. It returns an error naming the first
// problems when the preview finds any, and when the server does not
// confirm the import.
func (c *Client) Import(ctx context.Context, path string) (Upload, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Upload{}, err
	}
	up := Upload{File: filepath.Base(path), Bytes: len(data)}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if err := mw.WriteField("csrf_token", c.csrf); err != nil {
		return up, err
	}
	fw, err := mw.CreateFormFile("file", up.File)
	if err != nil {
		return up, err
	}
	if _, err := fw.Write(data); err != nil {
		return up, err
	}
	if err := mw.Close(); err != nil {
		return up, err
	}
	t0 := time.Now()
	status, page, err := c.post(ctx, "/import", mw.FormDataContentType(), &body)
	up.Preview = time.Since(t0).Seconds()
	if err != nil {
		return up, err
	}
	if status != http.StatusOK {
		return up, fmt.Errorf("bench: preview of %s: status %d%s", up.File, status, problems(page))
	}
	m := commitForm.FindSubmatch(page)
	if m == nil {
		return up, fmt.Errorf("bench: preview of %s: no form to confirm the import", up.File)
	}
	form := url.Values{"csrf_token": {c.csrf}}
	t0 = time.Now()
	status, page, err = c.post(ctx, string(m[1]), "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	up.Commit = time.Since(t0).Seconds()
	if err != nil {
		return up, err
	}
	if status != http.StatusOK || commitForm.Match(page) {
		return up, fmt.Errorf("bench: import of %s: status %d, not confirmed%s", up.File, status, problems(page))
	}
	return up, nil
}

func (c *Client) post(ctx context.Context, path, contentType string, body io.Reader) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL(path), body)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", contentType)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("bench: POST %s: %w", path, err)
	}
	defer resp.Body.Close()
	page, err := io.ReadAll(resp.Body)
	return resp.StatusCode, page, err
}

// problems lists the first problems of an import page, for the error.
func problems(page []byte) string {
	var b strings.Builder
	for i, m := range problemCell.FindAllSubmatch(page, 5) {
		if i == 0 {
			b.WriteString(":")
		}
		fmt.Fprintf(&b, "\n  %s:%s: %s: %s", m[1], m[2], html.UnescapeString(string(m[3])), html.UnescapeString(string(m[4])))
	}
	return b.String()
}
