package web_test

import (
	"context"
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
