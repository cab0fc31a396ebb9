package priority

import (
	"context"
	"slices"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// CreateDecision freezes a joint ranking as a decision (vedtak). The web
// layer computes the ranking and the weights; this records them with the
// method, the number of participants of each municipality who scored in
// the round it rests on (which must be over), who froze it and when, and
// a hash of it all. Nothing changes a decision afterwards.
// Errors: unauthorized, forbidden, not found (round), invalid (see
// DecisionInput.Check), conflict ("priority.round_not_over").
func (m *Manager) CreateDecision(ctx context.Context, p domain.Principal, in DecisionInput) (DecisionView, error) {
	d, err := m.createDecision(ctx, p, in)
	if err != nil {
		return DecisionView{}, m.refuse(ctx, p, ActionDecisionCreate, "decision", err)
	}
	return m.Decision(ctx, p, d.ID)
}

func (m *Manager) createDecision(ctx context.Context, p domain.Principal, in DecisionInput) (Decision, error) {
	if err := p.RequireInternal(); err != nil {
		return Decision{}, err
	}
	if !CanRunRounds(p) {
		return Decision{}, forbidden()
	}
	checked, errs := in.Check()
	if len(errs) > 0 {
		return Decision{}, domain.Invalid("error.invalid_fields", errs...)
	}
	// Kept to the microsecond, as PostgreSQL keeps it, so the hash of a
	// decision read back is the hash computed here.
	now := m.clock.Now().UTC().Truncate(time.Microsecond)
	d := Decision{CollaborationID: p.CollaborationID, RoundID: checked.RoundID, Method: checked.Method,
		Weights: checked.Weights, Ranking: checked.Ranking, Participants: map[domain.ID]int{}, Note: checked.Note,
		CreatedAt: now, CreatedBy: p.Name, CreatedByID: p.UserID}
	err := m.store.Atomic(ctx, func(st Store) error {
		if d.RoundID != 0 {
			r, err := st.RoundHeader(ctx, p.CollaborationID, d.RoundID)
			if err != nil {
				return err
			}
			if !r.Over(now) {
				return domain.Conflict("priority.round_not_over")
			}
			subs, err := st.Submitted(ctx, p.CollaborationID, r.ID, 0)
			if err != nil {
				return err
			}
			seen := map[domain.ID]bool{}
			for _, s := range subs {
				if !seen[s.UserID] {
					seen[s.UserID] = true
					d.Participants[s.MunicipalityID]++
				}
			}
		}
		d.Hash = d.ComputeHash()
		id, err := st.CreateDecision(ctx, d)
		if err != nil {
			return err
		}
		d.ID = id
		return m.record(ctx, st, p, ActionDecisionCreate, object("decision", id), d.Method+" "+d.Hash)
	})
	if err != nil {
		return Decision{}, err
	}
	return d, nil
}

// decisionView adds the approvals and what follows from them.
func decisionView(p domain.Principal, d Decision, approvals []Approval, active []catalogue.Municipality) DecisionView {
	v := DecisionView{Decision: d, Approvals: approvals, Intact: d.Hash == d.ComputeHash()}
	if v.Approvals == nil {
		v.Approvals = []Approval{}
	}
	done := map[domain.ID]bool{}
	for _, a := range approvals {
		done[a.MunicipalityID] = true
	}
	for _, x := range active {
		if !done[x.ID] {
			v.Pending = append(v.Pending, x.ID)
			if CanApprove(p, x.ID) && !p.System {
				v.CanApprove = append(v.CanApprove, x.ID)
			}
		}
	}
	v.Approved = len(active) > 0 && len(v.Pending) == 0
	return v
}

// Decisions returns the collaboration's decisions, newest first, with
// their approvals.
// Errors: unauthorized, forbidden.
func (m *Manager) Decisions(ctx context.Context, p domain.Principal) ([]DecisionView, error) {
	if err := p.RequireInternal(); err != nil {
		return nil, err
	}
	list, err := m.store.Decisions(ctx, p.CollaborationID)
	if err != nil {
		return nil, err
	}
	approvals, err := m.store.Approvals(ctx, p.CollaborationID, 0)
	if err != nil {
		return nil, err
	}
	active, err := m.activeMunicipalities(ctx, p.CollaborationID)
	if err != nil {
		return nil, err
	}
	by := map[domain.ID][]Approval{}
	for _, a := range approvals {
		by[a.DecisionID] = append(by[a.DecisionID], a)
	}
	out := make([]DecisionView, len(list))
	for i, d := range list {
		out[i] = decisionView(p, d, by[d.ID], active)
	}
	return out, nil
}

// Decision returns one decision with its approvals.
// Errors: unauthorized, forbidden, not found ("priority.decision_not_found").
func (m *Manager) Decision(ctx context.Context, p domain.Principal, id domain.ID) (DecisionView, error) {
	if err := p.RequireInternal(); err != nil {
		return DecisionView{}, err
	}
	d, err := m.store.Decision(ctx, p.CollaborationID, id)
	if err != nil {
		return DecisionView{}, err
	}
	approvals, err := m.store.Approvals(ctx, p.CollaborationID, id)
	if err != nil {
		return DecisionView{}, err
	}
	active, err := m.activeMunicipalities(ctx, p.CollaborationID)
	if err != nil {
		return DecisionView{}, err
	}
	return decisionView(p, d, approvals, active), nil
}

// Approve records municipality's approval of a decision by its leadership
// (p), now. Each active municipality approves a decision once; when all
// have, the decision is approved.
// Errors: unauthorized, forbidden, not found (decision, municipality),
// conflict ("priority.already_approved").
func (m *Manager) Approve(ctx context.Context, p domain.Principal, decision, municipality domain.ID) (DecisionView, error) {
	err := m.approve(ctx, p, decision, municipality)
	if err != nil {
		return DecisionView{}, m.refuse(ctx, p, ActionDecisionApprove, object("decision", decision), err)
	}
	return m.Decision(ctx, p, decision)
}

func (m *Manager) approve(ctx context.Context, p domain.Principal, decision, municipality domain.ID) error {
	if err := p.RequireInternal(); err != nil {
		return err
	}
	if !CanApprove(p, municipality) {
		return forbidden()
	}
	if _, err := m.municipality(ctx, p, municipality); err != nil {
		return err
	}
	return m.store.Atomic(ctx, func(st Store) error {
		if _, err := st.Decision(ctx, p.CollaborationID, decision); err != nil {
			return err
		}
		approvals, err := st.Approvals(ctx, p.CollaborationID, decision)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(approvals, func(a Approval) bool { return a.MunicipalityID == municipality }) {
			return domain.Conflict("priority.already_approved")
		}
		a := Approval{DecisionID: decision, MunicipalityID: municipality, UserID: p.UserID, UserName: p.Name,
			At: m.clock.Now()}
		if err := st.AddApproval(ctx, p.CollaborationID, a); err != nil {
			return err
		}
		return m.record(ctx, st, p, ActionDecisionApprove, object("decision", decision), object("municipality", municipality))
	})
}
