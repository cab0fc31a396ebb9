package procurement_test

import (
	"bytes"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// Generating twice keeps ids and edits; publishing writes a new version of
// the specification document that suppliers see, and they are told.
func TestGenerateAndPublishSpecification(t *testing.T) {
	f := newFixture(t)
	tender := f.tender("K-1", false)
	f.reqs.list = []process.Requirement{
		{ID: 1, ServiceID: f.service, Text: "Søknad skal kunne sendes digitalt", Priority: "must", Status: "confirmed"},
		{ID: 2, ServiceID: f.service, Text: "Integrasjon mot Matrikkelen", Priority: "should", Status: "confirmed"},
	}
	sum, err := f.mgr.GenerateSpecification(f.ctx, f.officer, tender.ID)
	must(t, err)
	if sum.Added != 2 {
		t.Fatalf("first generation %+v", sum)
	}
	spec, err := f.mgr.Specification(f.ctx, f.observer, tender.ID)
	must(t, err)
	edited := spec[1]
	edited.Text = "Integrasjon mot Matrikkelen via API"
	_, err = f.mgr.SaveSpecRequirement(f.ctx, f.officer, tender.ID, edited)
	must(t, err)
	f.reqs.list[1].Text = "Changed at source"
	f.reqs.list = f.reqs.list[1:]
	sum, err = f.mgr.GenerateSpecification(f.ctx, f.officer, tender.ID)
	must(t, err)
	if sum != (procurement.SpecMerge{Kept: 1, Removed: 1}) {
		t.Fatalf("second generation %+v", sum)
	}
	after, _ := f.mgr.Specification(f.ctx, f.lead, tender.ID)
	if len(after) != 2 || after[0].ID != spec[0].ID || !after[0].Removed || after[1].Text != edited.Text || after[1].Number != "K-2" {
		t.Fatalf("specification after merge: %+v", after)
	}
	_, err = f.mgr.GenerateSpecification(f.ctx, f.observer, tender.ID)
	wantErr(t, err, domain.KindForbidden, "")

	d, err := f.mgr.PublishSpecification(f.ctx, f.officer, tender.ID, "første versjon")
	must(t, err)
	_, file, err := f.mgr.PortalDocument(f.ctx, f.supplierB, tender.ID, d.ID, 1)
	must(t, err)
	if !bytes.Contains(file.Content, []byte("K-2")) || bytes.Contains(file.Content, []byte("digitalt")) {
		t.Fatalf("published specification %q", file.Content)
	}
	notices, _ := f.db.Procurement().Notices(f.ctx, f.collab, tender.ID)
	if len(notices) != 1 || notices[0].Kind != "document" {
		t.Fatalf("notices %+v", notices)
	}
}
