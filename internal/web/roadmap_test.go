package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/demo"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/xuri/excelize/v2"
)

// TestRoadmapDownloads checks what the roadmap hands to other tools: the
// workbook has the items, the scenarios side by side and each scenario's
// plan and yearly use, with numbers as numbers; the model downloads are
// an LP and an MPS file of the scenario and its instance JSON.
func TestRoadmapDownloads(t *testing.T) {
	c := login(t, "observator@fosen.example")
	res, body := c.get("/roadmap/export")
	if res.StatusCode != 200 {
		t.Fatalf("export: %d", res.StatusCode)
	}
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) < 6 || sheets[0] != "Tiltak" || sheets[1] != "Scenarioer" || !strings.HasPrefix(sheets[2], "Plan s1") {
		t.Fatalf("sheets %q", sheets)
	}
	items, _ := f.GetRows("Tiltak")
	if len(items) < 17 {
		t.Errorf("the items sheet has %d rows, want a header and 16 items", len(items))
	}
	typ, err := f.GetCellType("Scenarioer", "F2")
	if err != nil || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("the net present value is not a number: %v %v", typ, err)
	}
	if v, _ := f.GetCellValue("Scenarioer", "I2"); v != "Ja" {
		t.Errorf("the demo's first scenario is not proven optimal in the workbook: %q", v)
	}
	for format, want := range map[string]string{"lp": "Maximize", "mps": "ROWS", "json": `"discount_rate"`} {
		res, body := c.get("/roadmap/scenarios/s1/model?format=" + format)
		if res.StatusCode != 200 || !strings.Contains(strings.ToLower(body), strings.ToLower(want)) {
			t.Errorf("model as %s: %d, %.80q", format, res.StatusCode, body)
		}
	}
	if res, _ := c.get("/roadmap/scenarios/s1/model?format=xls"); res.StatusCode != 404 {
		t.Errorf("an unknown model format: %d", res.StatusCode)
	}
	if res, _ := c.get("/roadmap/scenarios/s99"); res.StatusCode != 404 {
		t.Errorf("an unknown scenario: %d", res.StatusCode)
	}
}

// TestRoadmapNewerBenefitCase checks that the overview says which items'
// benefit cases have changed since their figures were read.
func TestRoadmapNewerBenefitCase(t *testing.T) {
	ctx := context.Background()
	c, err := shared.app.DB.Catalogue().CollaborationBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	sys := domain.SystemPrincipal(c.ID)
	view, err := shared.app.Benefits.Case(ctx, sys, "tilskudd-private-barnehager")
	if err != nil || !view.Stored {
		t.Fatalf("the demo's case: %+v, %v", view, err)
	}
	// Saved again unchanged: a new version with the same figures.
	if _, err := shared.app.Benefits.Save(ctx, sys, "tilskudd-private-barnehager", view.Record.Case, view.Record.Version); err != nil {
		t.Fatal(err)
	}
	_, body := login(t, "observator@fosen.example").get("/roadmap")
	if !strings.Contains(body, "Gevinstanalysen er endret siden (versjon "+strconv.Itoa(view.Record.Version+1)+")") {
		t.Error("the overview does not say that a benefit case has changed")
	}
}

// TestRoadmapScenarioRefusals checks that a refused scenario names the
// field at fault in the user's language, keeps what was typed, and stores
// nothing: a negative budget, a stale version, a must that cannot fit.
func TestRoadmapScenarioRefusals(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	_, before := c.get("/roadmap/scenarios/s2/model?format=json")
	_, page := c.get("/roadmap/scenarios/s2")
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	form := url.Values{"version": {version}, "name": {"Stramt budsjett"}, "first_year": {"2027"}, "horizon": {"10"},
		"discount_rate": {"4"}, "years[0].budget": {"-5"}, "years[0].capacity": {"800"}}
	res, body := c.post("/roadmap/scenarios/s2", form)
	if res.StatusCode != 422 || !strings.Contains(body, `id="f-years[0].budget" name="years[0].budget" type="text" inputmode="decimal" value="-5"`) ||
		!strings.Contains(body, "negativt") || !strings.Contains(body, "Planår 1: Budsjett") {
		t.Errorf("a negative budget: %d, %s", res.StatusCode, excerpt(body, "form-message"))
	}
	form.Set("years[0].budget", "300000")
	form.Set("version", "0")
	if res, _ := c.post("/roadmap/scenarios/s2", form); res.StatusCode != 409 {
		t.Errorf("a stale version: %d", res.StatusCode)
	}
	form.Set("version", version)
	form.Set("force-byggesak-ettrinns", "must")
	form.Set("years[0].budget", "1000")
	res, body = c.post("/roadmap/scenarios/s2", form)
	if res.StatusCode != 422 || !strings.Contains(body, "får ikke plass") {
		t.Errorf("an infeasible must: %d, %s", res.StatusCode, excerpt(body, "form-message"))
	}
	if _, after := c.get("/roadmap/scenarios/s2/model?format=json"); after != before || !strings.Contains(before, `"budget": 350000`) {
		t.Error("a refused scenario changed the stored one")
	}
}

// excerpt is the text around marker, for failure messages.
func excerpt(body, marker string) string {
	i := strings.Index(body, marker)
	if i < 0 {
		return "(no " + marker + ")"
	}
	return body[i:min(len(body), i+600)]
}
