package procurement

import (
	"context"
	"slices"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/realisation"
)

// The links of a requirement's chain that Trace reports broken.
const (
	LinkSource     = "source"     // no process requirement (written here, or its source is gone)
	LinkAnswers    = "answers"    // an evaluated bid has no answer to it
	LinkCommitment = "commitment" // the contract has no commitment on it
	LinkIndicator  = "indicator"  // the commitment is not (or no longer) an indicator of a plan
)

// TraceAnswer is one opened bid's answer to a requirement, with the bid's
// points per criterion once the consensus is complete.
type TraceAnswer struct {
	BidID    domain.ID `json:"bid_id"`
	Supplier string    `json:"supplier"`
	Answer   *Answer   `json:"answer,omitempty"`
	Points   []float64 `json:"points,omitempty"`
	Total    float64   `json:"total,omitempty"`
	Winner   bool      `json:"winner,omitempty"`
}

// TraceChain follows one requirement of the specification from the
// process step it came from (service, variant, element) through the bids'
// answers and scores to the contract's commitment and the realisation
// indicator with its latest measurement. Broken lists the links missing
// at the stage the tender has reached (empty: the chain is whole so far).
type TraceChain struct {
	Requirement SpecRequirement          `json:"requirement"`
	Source      *process.Requirement     `json:"source,omitempty"`
	Answers     []TraceAnswer            `json:"answers,omitempty"`
	Criteria    []Criterion              `json:"criteria,omitempty"`
	Commitment  *Commitment              `json:"commitment,omitempty"`
	Indicator   *realisation.Indicator   `json:"indicator,omitempty"`
	Latest      *realisation.Measurement `json:"latest,omitempty"`
	Broken      []string                 `json:"broken,omitempty"`
}

// traceFacts is what the chains are built from.
type traceFacts struct {
	t          Tender
	spec       []SpecRequirement
	sources    []process.Requirement
	ev         Evaluation
	results    *Results
	contract   *Contract
	indicators map[domain.ID]realisation.IndicatorView
}

// Chains builds every requirement's chain (requirements marked Removed
// are left out), marking broken links.
func (f traceFacts) Chains() []TraceChain {
	var out []TraceChain
	for _, r := range f.spec {
		if r.Removed {
			continue
		}
		ch := TraceChain{Requirement: r, Criteria: f.ev.Criteria}
		if i := slices.IndexFunc(f.sources, func(q process.Requirement) bool { return q.ID == r.SourceID }); r.SourceID != 0 && i >= 0 {
			q := f.sources[i]
			ch.Source = &q
		} else {
			ch.Broken = append(ch.Broken, LinkSource)
		}
		if f.t.Opening != nil {
			missing := false
			for _, b := range f.t.Opening.Bids {
				ta := TraceAnswer{BidID: b.BidID, Supplier: b.Supplier}
				if i := slices.IndexFunc(f.ev.Answers, func(a Answer) bool { return a.BidID == b.BidID && a.RequirementID == r.ID }); i >= 0 {
					a := f.ev.Answers[i]
					ta.Answer = &a
				} else if b.Intact && !f.ev.IsRejected(b.BidID) {
					missing = true
				}
				if f.results != nil {
					if br, ok := f.results.Bid(b.BidID); ok {
						ta.Points, ta.Total, ta.Winner = br.Points, br.Total, br.BidID == f.results.Winner
					}
				}
				ch.Answers = append(ch.Answers, ta)
			}
			if missing {
				ch.Broken = append(ch.Broken, LinkAnswers)
			}
		}
		if f.contract != nil {
			i := slices.IndexFunc(f.contract.Commitments, func(c Commitment) bool { return c.RequirementID == r.ID })
			if i < 0 {
				ch.Broken = append(ch.Broken, LinkCommitment)
			} else {
				c := f.contract.Commitments[i]
				ch.Commitment = &c
				if iv, ok := f.indicators[c.IndicatorID]; ok && c.IndicatorID != 0 {
					ind := iv.Indicator
					ch.Indicator = &ind
					if n := len(iv.Measurements); n > 0 {
						latest := iv.Measurements[n-1].Measurement
						ch.Latest = &latest
					}
				} else {
					ch.Broken = append(ch.Broken, LinkIndicator)
				}
			}
		}
		out = append(out, ch)
	}
	return out
}

// Traceability returns the chain of every requirement of the tender's
// specification, with the broken links marked (CanEdit persons); logged.
// The scores shown are the consensus results, never the blind scores.
//
// Errors: unauthorized, forbidden (logged), not found; the process and
// realisation readers' errors.
func (m *Manager) Traceability(ctx context.Context, p domain.Principal, tender domain.ID) ([]TraceChain, error) {
	t, err := m.buyerTender(ctx, p, tender, true, ActTrace)
	if err != nil {
		return nil, err
	}
	f, err := m.traceFacts(ctx, p, t)
	if err != nil {
		return nil, err
	}
	err = m.logged(ctx, p, tender, ActTrace, obj("tender", tender), func(s Store) error {
		return m.appendLog(ctx, s, p, tender, ActTrace, obj("tender", tender), "", OutcomeOK)
	})
	return f.Chains(), err
}

// Trace returns one requirement's chain (CanEdit persons); logged.
//
// Errors: as Traceability, and not found "procurement.requirement_not_found".
func (m *Manager) Trace(ctx context.Context, p domain.Principal, tender, requirement domain.ID) (TraceChain, error) {
	t, err := m.buyerTender(ctx, p, tender, true, ActTrace)
	if err != nil {
		return TraceChain{}, err
	}
	r, err := m.store.SpecRequirement(ctx, p.CollaborationID, tender, requirement)
	if err != nil {
		return TraceChain{}, err
	}
	f, err := m.traceFacts(ctx, p, t)
	if err != nil {
		return TraceChain{}, err
	}
	r.Removed = false
	f.spec = []SpecRequirement{r}
	err = m.logged(ctx, p, tender, ActTrace, obj("requirement", requirement), func(s Store) error {
		return m.appendLog(ctx, s, p, tender, ActTrace, obj("requirement", requirement), "", OutcomeOK)
	})
	return f.Chains()[0], err
}

// traceFacts gathers what the chains of t need.
func (m *Manager) traceFacts(ctx context.Context, p domain.Principal, t Tender) (traceFacts, error) {
	f := traceFacts{t: t, indicators: map[domain.ID]realisation.IndicatorView{}}
	var err error
	if f.spec, err = m.store.SpecRequirements(ctx, p.CollaborationID, t.ID); err != nil {
		return f, err
	}
	if m.cfg.Requirements != nil {
		if f.sources, err = m.cfg.Requirements.AllRequirements(ctx, p); err != nil {
			return f, err
		}
	}
	if f.ev, _, err = evaluationOf(ctx, m.store, p.CollaborationID, t.ID); err != nil {
		return f, err
	}
	if t.Opening != nil && m.scoringComplete(ctx, m.store, t, f.ev) == nil {
		if res, err := Compute(f.ev, *t.Opening); err == nil {
			f.results = &res
		}
	}
	c, err := m.store.Contract(ctx, p.CollaborationID, t.ID)
	switch {
	case err == nil:
		f.contract = &c
	case domain.KindOf(err) != domain.KindNotFound:
		return f, err
	}
	if f.contract == nil || m.cfg.Realisation == nil || m.cfg.Services == nil {
		return f, nil
	}
	seen := map[domain.ID]bool{}
	for _, cm := range f.contract.Commitments {
		if cm.ServiceID == 0 || seen[cm.ServiceID] {
			continue
		}
		seen[cm.ServiceID] = true
		svc, err := m.cfg.Services.Service(ctx, p.CollaborationID, cm.ServiceID)
		if domain.KindOf(err) == domain.KindNotFound {
			continue
		}
		if err != nil {
			return f, err
		}
		plan, err := m.cfg.Realisation.Plan(ctx, p, svc.Slug)
		if domain.KindOf(err) == domain.KindNotFound {
			continue
		}
		if err != nil {
			return f, err
		}
		for _, iv := range plan.Indicators {
			f.indicators[iv.ID] = iv
		}
	}
	return f, nil
}
