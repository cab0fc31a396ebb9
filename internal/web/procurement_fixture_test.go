package web_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/app"
	"github.com/tjenestevalg/tjenestevalg/internal/demo"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// procEnv is what the procurement pages' tests work on: two draft
// tenders, each with a document, a requirement and a conference
// question; two suppliers, the first with the test's supplier user.
type procEnv struct {
	tender, other       procurement.Tender
	doc, otherDoc       domain.ID
	req, otherReq       domain.ID
	question, otherQ    domain.ID
	supplier, supplier2 procurement.Supplier
	service             domain.ID
}

var proc *procEnv

// procurementFixtures makes the procurement fixtures through the manager,
// as the system principal (the demo has no tender yet).
func procurementFixtures(ctx context.Context, a *app.App, sys domain.Principal) (*procEnv, error) {
	m := a.Procurement
	e := &procEnv{}
	var err error
	if e.supplier, err = m.SaveSupplier(ctx, sys, procurement.Supplier{Name: "Fosen IT AS", OrgNumber: "974760673",
		ContactName: "Kari Nordmann", ContactEmail: "kari@fosenit.example"}); err != nil {
		return nil, fmt.Errorf("supplier: %w", err)
	}
	if e.supplier2, err = m.SaveSupplier(ctx, sys, procurement.Supplier{Name: "Trøndelag Data AS", OrgNumber: "923609016"}); err != nil {
		return nil, fmt.Errorf("supplier 2: %w", err)
	}
	if err := m.LinkSupplierUser(ctx, sys, e.supplier.ID, "leverandor@firma.example"); err != nil {
		return nil, fmt.Errorf("link: %w", err)
	}
	svc, err := a.DB.Catalogue().ServiceBySlug(ctx, sys.CollaborationID, "byggesak-ettrinns")
	if err != nil {
		return nil, err
	}
	e.service = svc.ID
	deadline := a.Clock.Now().Add(30 * 24 * time.Hour).Truncate(time.Minute)
	tender := func(ref string) (procurement.Tender, domain.ID, domain.ID, domain.ID, error) {
		t, err := m.CreateTender(ctx, sys, procurement.Tender{Reference: ref, Title: "Saksbehandlingssystem for byggesak " + ref,
			Procedure: procurement.ProcNationalOpen, EstimatedValue: 900_000, CPV: "72000000-5",
			Items: []procurement.Item{{ServiceID: svc.ID}},
			Milestones: []procurement.Milestone{{Kind: procurement.MilestoneDeadline, At: deadline},
				{Kind: procurement.MilestoneOpening, At: deadline.Add(time.Hour)}}})
		if err != nil {
			return t, 0, 0, 0, fmt.Errorf("tender %s: %w", ref, err)
		}
		doc, err := m.AddDocument(ctx, sys, t.ID, procurement.DocTender, "Konkurransegrunnlag",
			procurement.File{Name: "konkurransegrunnlag.txt", ContentType: "text/plain", Content: []byte("Konkurransegrunnlag " + ref + "\n")}, "Første versjon")
		if err != nil {
			return t, 0, 0, 0, fmt.Errorf("document %s: %w", ref, err)
		}
		req, err := m.SaveSpecRequirement(ctx, sys, t.ID, procurement.SpecRequirement{Text: "Løsningen skal arkivere vedtak i Noark 5.", Priority: "must"})
		if err != nil {
			return t, 0, 0, 0, fmt.Errorf("requirement %s: %w", ref, err)
		}
		q, err := m.AddConferenceQuestion(ctx, sys, t.ID, "Kan løsningen driftes i kommunens eget datasenter?", "")
		if err != nil {
			return t, 0, 0, 0, fmt.Errorf("question %s: %w", ref, err)
		}
		t, err = m.Tender(ctx, sys, t.ID)
		return t, doc.ID, req.ID, q.ID, err
	}
	if e.tender, e.doc, e.req, e.question, err = tender("WEB-1"); err != nil {
		return nil, err
	}
	if e.other, e.otherDoc, e.otherReq, e.otherQ, err = tender("WEB-2"); err != nil {
		return nil, err
	}
	return e, nil
}

// principalOf is the principal of the demo user with e-mail email.
func principalOf(t *testing.T, email string) domain.Principal {
	t.Helper()
	ctx := context.Background()
	c, err := shared.app.DB.Catalogue().CollaborationBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	u, err := shared.app.Accounts.UserByEmail(ctx, domain.SystemPrincipal(c.ID), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.Principal()
}
