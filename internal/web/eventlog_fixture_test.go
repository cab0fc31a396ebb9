package web_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/app"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
)

// evEnv is what the event-log pages' tests work on: a log made from
// Rissa's as-is process of eiendomsskatt-klage, imported and attached to
// that service (the programme lead, Rissa's coordinator and its
// responsible subject-matter owner may apply it).
type evEnv struct {
	log domain.ID
	// tasks are the as-is model's task names in order; the log's cases
	// go through all of them but the second (never seen), and some add
	// an activity the model lacks (extra).
	tasks       []string
	taskIDs     []string
	never       string
	extra       string
	cases       int
	rissa, slug string
}

var evl *evEnv

// evSlug is the service the fixture log is attached to.
const evSlug = "eiendomsskatt-klage"

// eventLogFixtures imports the fixture log through the manager as the
// system principal and attaches it.
func eventLogFixtures(ctx context.Context, a *app.App, sys domain.Principal) (*evEnv, error) {
	m := a.Web.EventLogs
	if m == nil {
		return nil, fmt.Errorf("the web server has no event-log manager")
	}
	rissa, err := municipalityByNumber(ctx, a, sys, "1624")
	if err != nil {
		return nil, err
	}
	o, err := a.Processes.Overview(ctx, sys, evSlug)
	if err != nil {
		return nil, err
	}
	var model domain.ID
	for _, md := range o.AsIs {
		if md.MunicipalityID == rissa {
			model = md.ID
		}
	}
	if model == 0 {
		return nil, fmt.Errorf("the demo has no as-is process of %s in Rissa", evSlug)
	}
	_, _, steps, err := a.Processes.Steps(ctx, sys, evSlug, model)
	if err != nil {
		return nil, err
	}
	e := &evEnv{extra: "Purring fra klager", cases: 8, rissa: fmt.Sprint(rissa), slug: evSlug}
	for _, st := range steps {
		if st.Activity && st.Name != "" {
			e.tasks = append(e.tasks, st.Name)
			e.taskIDs = append(e.taskIDs, st.ID)
		}
	}
	if len(e.tasks) < 3 {
		return nil, fmt.Errorf("the as-is process of %s has %d named tasks", evSlug, len(e.tasks))
	}
	e.never = e.tasks[1]
	lg, err := m.Upload(ctx, sys, "eiendomsskatt-rissa.xes", bytes.NewReader(fixtureXES(e)))
	if err != nil {
		return nil, fmt.Errorf("upload: %w", err)
	}
	if err := m.Wait(ctx, lg.ID); err != nil {
		return nil, fmt.Errorf("wait: %w", err)
	}
	if lg, err = m.Log(ctx, sys, lg.ID); err != nil || lg.Status != eventlog.StatusDone {
		return nil, fmt.Errorf("the fixture log did not import: %v %s %v", err, lg.Error, lg.ErrorParams)
	}
	if _, err := m.Attach(ctx, sys, lg.ID, rissa, evSlug); err != nil {
		return nil, fmt.Errorf("attach: %w", err)
	}
	e.log = lg.ID
	return e, nil
}

// fixtureXES writes e.cases cases through the model's tasks, a day apart,
// skipping the second task; every other case adds the extra activity
// before its last task (two variants).
func fixtureXES(e *evEnv) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">` + "\n")
	start := time.Date(2025, 1, 6, 8, 0, 0, 0, time.UTC)
	for c := 0; c < e.cases; c++ {
		fmt.Fprintf(&b, "<trace><string key=\"concept:name\" value=\"K-%d\"/>\n", c+1)
		t := start.AddDate(0, 0, 7*c)
		acts := []string{}
		for i, name := range e.tasks {
			if i == 1 {
				continue
			}
			if i == len(e.tasks)-1 && c%2 == 1 {
				acts = append(acts, e.extra)
			}
			acts = append(acts, name)
		}
		for i, a := range acts {
			fmt.Fprintf(&b, `<event><string key="concept:name" value="%s"/><string key="org:resource" value="saksbehandler-%d"/><date key="time:timestamp" value="%s"/></event>`+"\n",
				html.EscapeString(a), i%2, t.Format(time.RFC3339))
			t = t.Add(24 * time.Hour)
		}
		b.WriteString("</trace>\n")
	}
	b.WriteString("</log>\n")
	return []byte(b.String())
}

func municipalityByNumber(ctx context.Context, a *app.App, sys domain.Principal, number string) (domain.ID, error) {
	list, err := a.Catalogue.Municipalities(ctx, sys)
	if err != nil {
		return 0, err
	}
	for _, m := range list {
		if m.Number == number {
			return m.ID, nil
		}
	}
	return 0, fmt.Errorf("no municipality %s", number)
}

// uploadFile posts a file to path as the form field "file", with the
// session's CSRF token.
func (c *client) uploadFile(path, name string, content []byte) (*http.Response, string) {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", c.csrf)
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(content)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// waitForLog waits until the log's import has ended.
func waitForLog(t *testing.T, id domain.ID) {
	t.Helper()
	if err := shared.app.Web.EventLogs.Wait(context.Background(), id); err != nil {
		t.Fatalf("wait for log %d: %v", id, err)
	}
}
