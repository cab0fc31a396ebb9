package web_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/app"
	"github.com/tjenestevalg/tjenestevalg/internal/demo"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// evalEnv is what the evaluation pages' tests work on, in the shared app:
// two tenders opened in the past (on a manager with a clock of the test's
// own), each with a bid from two suppliers of their own and the Rissa
// coordinator as officer. The first has its evaluation set up with the
// matrix's evaluator and a second one on the committee and nothing scored
// (the authorisation matrix's); the second has none (the flow test sets
// it up through the pages).
type evalEnv struct {
	matrix, flow         procurement.Tender
	matrixBids, flowBids []domain.ID // in receipt order: supplier A's, then B's
	matrixVersion        int
	evaluator2           domain.ID
}

var (
	evalOnce sync.Once
	evalFix  *evalEnv
	evalErr  error
)

// evalFixture builds the evaluation fixtures once, when first asked.
func evalFixture(t *testing.T) *evalEnv {
	t.Helper()
	evalOnce.Do(func() { evalFix, evalErr = evaluationFixtures(context.Background(), shared.app) })
	if evalErr != nil {
		t.Fatalf("evaluation fixtures: %v", evalErr)
	}
	return evalFix
}

// The evaluation fixtures' criteria: price 30 %, quality 50 % in two
// sub-criteria (understanding 60 %, method 40 %), competence 20 %.
var evalCriteria = []procurement.Criterion{
	{Key: "pris", Name: "Pris", Weight: 30, Price: true},
	{Key: "kvalitet", Name: "Kvalitet", Weight: 50, Sub: []procurement.SubCriterion{
		{Key: "forstaelse", Name: "Oppdragsforståelse", Weight: 60}, {Key: "metode", Name: "Metode", Weight: 40}}},
	{Key: "kompetanse", Name: "Kompetanse", Weight: 20},
}

func evaluationFixtures(ctx context.Context, a *app.App) (*evalEnv, error) {
	c, err := a.DB.Catalogue().CollaborationBySlug(ctx, demo.Slug)
	if err != nil {
		return nil, err
	}
	sys := domain.SystemPrincipal(c.ID)
	byEmail := func(email string) (account.User, error) { return a.Accounts.UserByEmail(ctx, sys, email) }
	lead, err := byEmail("programleder@fosen.example")
	if err != nil {
		return nil, err
	}
	coord, err := byEmail("koordinator.rissa@fosen.example")
	if err != nil {
		return nil, err
	}
	evaluator, err := byEmail("evaluator@fosen.example")
	if err != nil {
		return nil, err
	}
	e := &evalEnv{}
	// Not evaluator2@fosen.example: the demo's seed tender has its own
	// user by that address.
	ev2, err := a.Accounts.CreateUser(ctx, sys, account.NewUser{Email: "evaluator.to@fosen.example", Name: "Evaluator To",
		Password: demo.Password, Grants: []domain.Grant{{Role: domain.RoleEvaluator}}})
	if err != nil {
		return nil, err
	}
	e.evaluator2 = ev2.ID
	m := a.Procurement
	var sellers []domain.Principal
	var sups []procurement.Supplier
	for i, s := range []struct{ name, org, email string }{
		{"Evalueringsfirma A AS", "915000002", "selger-a@evaluering.example"},
		{"Evalueringsfirma B AS", "915000010", "selger-b@evaluering.example"},
	} {
		sup, err := m.SaveSupplier(ctx, sys, procurement.Supplier{Name: s.name, OrgNumber: s.org})
		if err != nil {
			return nil, fmt.Errorf("supplier %d: %w", i, err)
		}
		u, err := a.Accounts.CreateUser(ctx, sys, account.NewUser{Email: s.email, Name: s.name, Password: demo.Password,
			Grants: []domain.Grant{{Role: domain.RoleSupplier}}})
		if err != nil {
			return nil, err
		}
		if err := m.LinkSupplierUser(ctx, sys, sup.ID, s.email); err != nil {
			return nil, err
		}
		sups, sellers = append(sups, sup), append(sellers, u.Principal())
	}
	opened := func(ref string) (procurement.Tender, []domain.ID, error) {
		base := a.Clock.Now().AddDate(0, 0, -60).Truncate(time.Minute)
		clock := domain.NewManualClock(base)
		mc := m.WithClock(clock)
		lp := lead.Principal()
		t, err := mc.CreateTender(ctx, lp, procurement.Tender{Reference: ref, Title: "Prosessanalyse " + ref,
			Procedure: procurement.ProcNationalRestricted, EstimatedValue: 1_600_000, CPV: "79411000-8",
			Milestones: []procurement.Milestone{{Kind: procurement.MilestoneDeadline, At: base.Add(2 * time.Hour)},
				{Kind: procurement.MilestoneOpening, At: base.Add(3 * time.Hour)}}})
		if err != nil {
			return t, nil, fmt.Errorf("tender: %w", err)
		}
		if t, err = mc.SetOfficers(ctx, lp, t.ID, t.Version, domain.Editors{coord.ID}); err != nil {
			return t, nil, fmt.Errorf("officers: %w", err)
		}
		if _, err := mc.SaveSpecRequirement(ctx, lp, t.ID, procurement.SpecRequirement{Text: "Prosessene leveres som BPMN 2.0.", Priority: "must"}); err != nil {
			return t, nil, fmt.Errorf("requirement: %w", err)
		}
		doc, err := mc.AddDocument(ctx, lp, t.ID, procurement.DocTender, "Konkurransegrunnlag",
			procurement.File{Name: "grunnlag.txt", ContentType: "text/plain", Content: []byte("Konkurransegrunnlag " + ref + "\n")}, "")
		if err != nil {
			return t, nil, fmt.Errorf("document: %w", err)
		}
		if _, err := mc.PublishDocument(ctx, lp, t.ID, doc.ID, doc.Version); err != nil {
			return t, nil, fmt.Errorf("publish document: %w", err)
		}
		for _, s := range sups {
			if err := mc.Invite(ctx, lp, t.ID, s.ID); err != nil {
				return t, nil, fmt.Errorf("invite: %w", err)
			}
		}
		if t, err = mc.Tender(ctx, lp, t.ID); err != nil {
			return t, nil, err
		}
		if _, err := mc.Publish(ctx, lp, t.ID, t.Version); err != nil {
			return t, nil, fmt.Errorf("publish: %w", err)
		}
		var bids []domain.ID
		for i, total := range []string{"100 000", "120 000"} {
			clock.Advance(10 * time.Minute)
			rc, err := mc.SubmitBid(ctx, sellers[i], t.ID, procurement.BidInput{Total: total,
				Files: []procurement.File{{Name: "tilbud.txt", ContentType: "text/plain", Content: []byte("Tilbud " + sups[i].Name + "\n")}}})
			if err != nil {
				return t, nil, fmt.Errorf("bid %d: %w", i, err)
			}
			bids = append(bids, rc.BidID)
		}
		clock.Advance(base.Add(4 * time.Hour).Sub(clock.Now()))
		for _, p := range []domain.Principal{lp, coord.Principal()} {
			if t, err = mc.ConfirmOpening(ctx, p, t.ID); err != nil {
				return t, nil, fmt.Errorf("opening: %w", err)
			}
		}
		return t, bids, nil
	}
	if e.matrix, e.matrixBids, err = opened("EVAL-1"); err != nil {
		return nil, err
	}
	if e.flow, e.flowBids, err = opened("EVAL-2"); err != nil {
		return nil, err
	}
	ev, err := m.SetupEvaluation(ctx, lead.Principal(), e.matrix.ID, procurement.Evaluation{Criteria: evalCriteria,
		PriceModel: procurement.PriceLinear, Evaluators: domain.Editors{evaluator.ID, ev2.ID}})
	if err != nil {
		return nil, fmt.Errorf("evaluation: %w", err)
	}
	e.matrixVersion = ev.Version
	return e, nil
}
