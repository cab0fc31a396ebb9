package priority

import (
	"context"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// AssignmentProgress is an assignment with whether its user has scored
// the service in the current round (the open round, or the latest when
// none is open; RoundID 0 before the first round).
type AssignmentProgress struct {
	Assignment
	RoundID domain.ID `json:"round_id,omitempty"`
	Scored  bool      `json:"scored"`
}

// Completion is how far one municipality's assignments have come in the
// current round: Scored of Assigned.
type Completion struct {
	MunicipalityID   domain.ID `json:"municipality_id"`
	MunicipalityName string    `json:"municipality_name"`
	RoundID          domain.ID `json:"round_id,omitempty"`
	Assigned         int       `json:"assigned"`
	Scored           int       `json:"scored"`
}

// Assign gives a.UserID the service a.ServiceID to score for
// a.MunicipalityID. Only the municipality's coordinator (or the programme
// lead) assigns, and only to a user of the collaboration holding
// subject_owner or coordinator in that municipality.
// Errors: unauthorized, forbidden, not found (municipality, service),
// invalid ("user_id": "priority.not_assignable"), conflict
// ("priority.already_assigned").
func (m *Manager) Assign(ctx context.Context, p domain.Principal, a Assignment) (Assignment, error) {
	out, err := m.assign(ctx, p, a)
	if err != nil {
		return Assignment{}, m.refuse(ctx, p, ActionAssign, object("municipality", a.MunicipalityID), err)
	}
	return out, nil
}

func (m *Manager) assign(ctx context.Context, p domain.Principal, a Assignment) (Assignment, error) {
	if err := p.RequireInternal(); err != nil {
		return Assignment{}, err
	}
	if !CanAssign(p, a.MunicipalityID) {
		return Assignment{}, forbidden()
	}
	if _, err := m.municipality(ctx, p, a.MunicipalityID); err != nil {
		return Assignment{}, err
	}
	svc, err := m.cat.Service(ctx, p.CollaborationID, a.ServiceID)
	if err != nil {
		return Assignment{}, err
	}
	ok, err := m.userMay(ctx, p, a.UserID, func(u domain.Principal) bool { return assignable(u, a.MunicipalityID) })
	if err != nil {
		return Assignment{}, err
	}
	if !ok {
		return Assignment{}, domain.Invalid("error.invalid_fields", domain.Field("user_id", "priority.not_assignable"))
	}
	a.CollaborationID, a.AssignedBy, a.AssignedAt = p.CollaborationID, p.Name, m.clock.Now()
	a.ServiceSlug, a.ServiceNameNB, a.ServiceNameEN = svc.Slug, svc.NameNB, svc.NameEN
	err = m.store.Atomic(ctx, func(st Store) error {
		id, err := st.AddAssignment(ctx, a)
		if err != nil {
			return err
		}
		a.ID = id
		return m.record(ctx, st, p, ActionAssign, object("assignment", id), "")
	})
	if err != nil {
		return Assignment{}, err
	}
	stored, err := m.store.Assignment(ctx, p.CollaborationID, a.ID)
	if err != nil {
		return a, nil
	}
	return stored, nil
}

// userMay reports whether id is an enabled user of p's collaboration whose
// roles pass ok.
func (m *Manager) userMay(ctx context.Context, p domain.Principal, id domain.ID, ok func(domain.Principal) bool) (bool, error) {
	if id == 0 {
		return false, nil
	}
	u, err := m.users.User(ctx, id)
	if domain.KindOf(err) == domain.KindNotFound {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return u.CollaborationID == p.CollaborationID && !u.Disabled && ok(u.Principal()), nil
}

// Unassign removes an assignment; the same people who may make it may
// remove it.
// Errors: unauthorized, forbidden, not found.
func (m *Manager) Unassign(ctx context.Context, p domain.Principal, id domain.ID) error {
	err := m.unassign(ctx, p, id)
	return m.refuse(ctx, p, ActionUnassign, object("assignment", id), err)
}

func (m *Manager) unassign(ctx context.Context, p domain.Principal, id domain.ID) error {
	if err := p.RequireInternal(); err != nil {
		return err
	}
	return m.store.Atomic(ctx, func(st Store) error {
		a, err := st.Assignment(ctx, p.CollaborationID, id)
		if err != nil {
			return err
		}
		if !CanAssign(p, a.MunicipalityID) {
			return forbidden()
		}
		if err := st.DeleteAssignment(ctx, p.CollaborationID, id); err != nil {
			return err
		}
		return m.record(ctx, st, p, ActionUnassign, object("assignment", id), "")
	})
}

// Assignments returns the assignments of a municipality (of all when
// municipality is 0).
// Errors: unauthorized, forbidden.
func (m *Manager) Assignments(ctx context.Context, p domain.Principal, municipality domain.ID) ([]Assignment, error) {
	if err := p.RequireInternal(); err != nil {
		return nil, err
	}
	return m.store.Assignments(ctx, p.CollaborationID, AssignmentFilter{MunicipalityID: municipality})
}

// currentRound returns the open round, or the latest when none is open;
// ok is false before the first round.
func (m *Manager) currentRound(ctx context.Context, st Store, collab domain.ID) (Round, bool, error) {
	rounds, err := st.RoundHeaders(ctx, collab)
	if err != nil || len(rounds) == 0 {
		return Round{}, false, err
	}
	for _, r := range rounds {
		if r.ClosedAt == nil {
			return r, true, nil
		}
	}
	return rounds[len(rounds)-1], true, nil
}

// MyAssignments returns the principal's own assignments with whether each
// is scored in the current round.
// Errors: unauthorized, forbidden.
func (m *Manager) MyAssignments(ctx context.Context, p domain.Principal) ([]AssignmentProgress, error) {
	if err := p.RequireInternal(); err != nil {
		return nil, err
	}
	if p.UserID == 0 {
		return nil, nil
	}
	list, err := m.store.Assignments(ctx, p.CollaborationID, AssignmentFilter{UserID: p.UserID})
	if err != nil {
		return nil, err
	}
	scored, roundID, err := m.scoredIn(ctx, p.CollaborationID, p.UserID)
	if err != nil {
		return nil, err
	}
	out := make([]AssignmentProgress, len(list))
	for i, a := range list {
		out[i] = AssignmentProgress{Assignment: a, RoundID: roundID, Scored: scored[[2]domain.ID{a.UserID, a.ServiceID}]}
	}
	return out, nil
}

// scoredIn returns the (user, service) pairs scored in the current round
// (of one user when user is not 0) and the round's id.
func (m *Manager) scoredIn(ctx context.Context, collab, user domain.ID) (map[[2]domain.ID]bool, domain.ID, error) {
	r, ok, err := m.currentRound(ctx, m.store, collab)
	if err != nil || !ok {
		return nil, 0, err
	}
	subs, err := m.store.Submitted(ctx, collab, r.ID, user)
	if err != nil {
		return nil, 0, err
	}
	out := make(map[[2]domain.ID]bool, len(subs))
	for _, s := range subs {
		out[[2]domain.ID{s.UserID, s.ServiceID}] = true
	}
	return out, r.ID, nil
}

// Completion returns, for every active municipality, how many services
// are assigned and how many of those are scored in the current round.
// Errors: unauthorized, forbidden.
func (m *Manager) Completion(ctx context.Context, p domain.Principal) ([]Completion, error) {
	if err := p.RequireInternal(); err != nil {
		return nil, err
	}
	munis, err := m.activeMunicipalities(ctx, p.CollaborationID)
	if err != nil {
		return nil, err
	}
	list, err := m.store.Assignments(ctx, p.CollaborationID, AssignmentFilter{})
	if err != nil {
		return nil, err
	}
	scored, roundID, err := m.scoredIn(ctx, p.CollaborationID, 0)
	if err != nil {
		return nil, err
	}
	index := map[domain.ID]int{}
	out := make([]Completion, len(munis))
	for i, x := range munis {
		out[i] = Completion{MunicipalityID: x.ID, MunicipalityName: x.Name, RoundID: roundID}
		index[x.ID] = i
	}
	for _, a := range list {
		i, ok := index[a.MunicipalityID]
		if !ok {
			continue
		}
		out[i].Assigned++
		if scored[[2]domain.ID{a.UserID, a.ServiceID}] {
			out[i].Scored++
		}
	}
	return out, nil
}
