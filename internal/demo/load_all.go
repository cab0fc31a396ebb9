package demo

import (
	"context"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/app/wiring"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
)

// LoadAll loads the whole demo through the managers m, which the caller
// builds over one transaction (wiring.New over sqlstore.DB.Atomic's view)
// so that the demo lands whole or not at all; st is that view's catalogue
// store. It is not idempotent: call Loaded first. now dates the
// realisation plan's measurements and the open tender's deadline.
func LoadAll(ctx context.Context, st catalogue.Store, m wiring.Managers, now time.Time) error {
	if err := Load(ctx, st, m.Catalogue, m.Accounts); err != nil {
		return err
	}
	if err := LoadProcesses(ctx, st, m.Processes); err != nil {
		return err
	}
	if err := LoadBenefits(ctx, st, m.Benefits, m.Catalogue); err != nil {
		return err
	}
	if err := LoadEventLogs(ctx, st, m.Eventlogs); err != nil {
		return err
	}
	if err := LoadPlan(ctx, st, m.Accounts, m.Realisation, now); err != nil {
		return err
	}
	if err := LoadPriority(ctx, st, m.Accounts, m.Priority); err != nil {
		return err
	}
	decision, err := LoadDecision(ctx, st, m.Accounts, m.Priority)
	if err != nil {
		return err
	}
	if err := LoadRoadmap(ctx, st, m.Roadmaps, decision); err != nil {
		return err
	}
	// Tenders need the bid key. An application opened without one (tests
	// that need the rest of the demo) gets the demo without them; serve
	// and the demo command always have a key (cmd/tjenestevalg).
	if !m.Procurement.HasKey() {
		return nil
	}
	return LoadProcurement(ctx, st, m.Accounts, m.Procurement, now)
}
