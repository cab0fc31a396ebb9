package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// Issue 15, item 6: an export from another tool with faults bpmn-js reads
// past is saved, and the service's tab, the model's page, the editor's
// answer and the API show the faults beside the figures.
func TestProcessModelWithWarnings(t *testing.T) {
	c := login(t, "koordinator.roan@fosen.example")
	roan := idOf(municipality(t, "1632"))
	bpmn, err := os.ReadFile(filepath.Join("..", "process", "testdata", "tools", "signavio-cross-pool.bpmn"))
	if err != nil {
		t.Fatal(err)
	}
	res, body := uploadBPMN(t, c, "legevakt", "as-is:"+roan+":0", "Eksport fra Signavio", bpmn)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: status %d\n%.500s", res.StatusCode, body)
	}

	_, page := c.get("/services/legevakt/processes")
	row := between(page, `<th scope="row">Nå-situasjon – Roan</th>`, `<tr class="incomplete">`)
	for _, want := range []string{
		`<td class="num">8</td>`, // activities, without the flow into the other pool
		"2 feil i filen",
		"Sekvensflyten «sid-SF-s3» i prosessen «sid-Process-Soker»: targetRef «sid-K-REGISTRERE» ligger i en annen prosess",
		"Sekvensflyten «sid-BF-b8» fra «sid-B-GW-INNVILGE» til «sid-K-AVSLAG» krysser grensen til en delprosess",
	} {
		if !strings.Contains(row, want) {
			t.Errorf("the tab's row for Roan lacks %q:\n%s", want, row)
		}
	}

	model := regexp.MustCompile(`/services/legevakt/processes/(\d+)/bpmn" download>[^<]*<span class="visually-hidden"> – Nå-situasjon – Roan`).FindStringSubmatch(page)
	if model == nil {
		t.Fatal("the tab does not link Roan's model")
	}
	res, diagram := c.get("/services/legevakt/processes/" + model[1])
	section := between(diagram, `<h2 id="warn-h">`, "</section>")
	if res.StatusCode != http.StatusOK || !strings.Contains(diagram, `<h2 id="fig-h">`) ||
		!strings.Contains(section, "Feil i filen") || strings.Count(section, "<li>") != 2 ||
		!strings.Contains(section, "«sid-SF-s3»") || !strings.Contains(section, "«sid-BF-b8»") {
		t.Errorf("the model's page: status %d, the warnings beside the figures:\n%s", res.StatusCode, section)
	}
	// In English, the same faults in English.
	c.post("/lang", url.Values{"lang": {"en"}, "next": {"/"}})
	if _, en := c.get("/services/legevakt/processes/" + model[1]); !strings.Contains(en, "Sequence flow «sid-SF-s3» in process «sid-Process-Soker»: targetRef «sid-K-REGISTRERE» lies in another process") {
		t.Errorf("the English page lacks the English warning:\n%s", between(en, `<h2 id="warn-h">`, "</section>"))
	}
	c.post("/lang", url.Values{"lang": {"nb"}, "next": {"/"}})

	// The API gives the warnings with the figures, as codes and ids.
	res, api := c.get("/api/v1/services/legevakt/processes")
	var out struct {
		Models []process.Model `json:"models"`
	}
	if err := json.Unmarshal([]byte(api), &out); res.StatusCode != http.StatusOK || err != nil {
		t.Fatalf("API: status %d, %v", res.StatusCode, err)
	}
	found := false
	for _, m := range out.Models {
		if m.Metrics != nil && len(m.Metrics.Warnings) == 2 {
			found = true
			if w := m.Metrics.Warnings[0]; w.Code != process.WarnFlowOtherProcess || w.ID != "sid-SF-s3" || m.Metrics.Total.Activities != 8 {
				t.Errorf("API: first warning %+v with %d activities", w, m.Metrics.Total.Activities)
			}
		}
	}
	if !found {
		t.Errorf("API: no model with the two warnings:\n%.1000s", api)
	}

	// The editor's save answers with the warnings in the user's language.
	res, saved := c.send(http.MethodPost, "/services/legevakt/processes/editor", "application/x-www-form-urlencoded",
		url.Values{"target": {"as-is:" + roan + ":1"}, "xml": {string(bpmn)}, "comment": {"Lagret fra editoren"}, "csrf_token": {c.csrf}}.Encode())
	var ed struct {
		Version  int      `json:"version"`
		Message  string   `json:"message"`
		Warnings []string `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(saved), &ed); res.StatusCode != http.StatusOK || err != nil || ed.Version != 2 ||
		len(ed.Warnings) != 2 || !strings.Contains(ed.Warnings[1], "krysser grensen til en delprosess") ||
		!strings.Contains(ed.Message, "2 feil i filen er lest forbi") {
		t.Errorf("editor save: status %d, %s", res.StatusCode, saved)
	}
}
