package priority

import (
	"context"
	"slices"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Catalogue is what the manager reads of the catalogue; the catalogue's
// store satisfies it (a record reader: see package wiring).
type Catalogue interface {
	Services(ctx context.Context, collab domain.ID) ([]catalogue.Service, error)
	Service(ctx context.Context, collab, id domain.ID) (catalogue.Service, error)
	Municipalities(ctx context.Context, collab domain.ID) ([]catalogue.Municipality, error)
}

// Users is what the manager reads of the accounts, to check assignees,
// participants and their roles; the account store satisfies it (a record reader: see package wiring).
type Users interface {
	User(ctx context.Context, id domain.ID) (account.User, error)
	Users(ctx context.Context, collab domain.ID) ([]account.User, error)
}

// Figures give the computed criteria their values from the other modules:
// the benefit cases' net present value, the open obstacles, and the facts
// (cases per year and digital maturity per municipality). Package wiring
// satisfies it over the benefit, process and catalogue managers, each of
// which decides who may read (a view reader).
type Figures interface {
	GainPotential(ctx context.Context, p domain.Principal) (map[domain.ID]float64, error)
	OpenObstacles(ctx context.Context, p domain.Principal) (map[domain.ID]float64, error)
	Facts(ctx context.Context, p domain.Principal) ([]catalogue.MunicipalService, error)
}

// Manager owns the rules of the prioritisation: who may edit criteria,
// give weights, assign, run rounds, score, decide and approve, and what
// valid input is. Every method decides from the principal, deny by
// default; every change and every refused attempt is written to the audit
// log.
type Manager struct {
	store   Store
	cat     Catalogue
	users   Users
	figures Figures
	clock   domain.Clock
}

// NewManager returns a Manager over store, reading services and
// municipalities from cat, users (with their roles) from users, and the
// computed criteria's values from figures (nil for none: computed criteria
// then have no values).
func NewManager(store Store, cat Catalogue, users Users, figures Figures, clock domain.Clock) *Manager {
	if figures == nil {
		figures = noFigures{}
	}
	return &Manager{store: store, cat: cat, users: users, figures: figures, clock: clock}
}

// noFigures knows no computed values.
type noFigures struct{}

func (noFigures) GainPotential(context.Context, domain.Principal) (map[domain.ID]float64, error) {
	return map[domain.ID]float64{}, nil
}

func (noFigures) OpenObstacles(context.Context, domain.Principal) (map[domain.ID]float64, error) {
	return map[domain.ID]float64{}, nil
}

func (noFigures) Facts(context.Context, domain.Principal) ([]catalogue.MunicipalService, error) {
	return nil, nil
}

// CanEditCriteria reports whether p may change the criteria: the
// programme lead.
func CanEditCriteria(p domain.Principal) bool {
	return p.RequireInternal() == nil && p.IsProgrammeLead()
}

// CanSetWeights reports whether p may give municipality m's weights: its
// leadership and its coordinator, and the programme lead for any.
func CanSetWeights(p domain.Principal, m domain.ID) bool {
	return p.RequireInternal() == nil && (p.IsProgrammeLead() || p.HasIn(domain.RoleLeadership, m) ||
		p.HasIn(domain.RoleCoordinator, m))
}

// CanAssign reports whether p may assign m's services to be scored: m's
// coordinator, and the programme lead.
func CanAssign(p domain.Principal, m domain.ID) bool {
	return p.RequireInternal() == nil && (p.IsProgrammeLead() || p.HasIn(domain.RoleCoordinator, m))
}

// CanRunRounds reports whether p may open and close rounds and freeze
// decisions: the programme lead.
func CanRunRounds(p domain.Principal) bool { return p.RequireInternal() == nil && p.IsProgrammeLead() }

// CanApprove reports whether p may approve a decision for municipality m:
// its leadership (kommuneledelse), or the system operator (the demo).
func CanApprove(p domain.Principal, m domain.ID) bool {
	return p.RequireInternal() == nil && (p.System || p.HasIn(domain.RoleLeadership, m))
}

// CanReadAudit reports whether p may read the audit log: the programme lead.
func CanReadAudit(p domain.Principal) bool { return p.RequireInternal() == nil && p.IsProgrammeLead() }

// assignable reports whether a user with principal u may be assigned m's
// services: a subject-matter owner or coordinator in m.
func assignable(u domain.Principal, m domain.ID) bool {
	return u.HasIn(domain.RoleSubjectOwner, m) || u.HasIn(domain.RoleCoordinator, m)
}

// eligible reports whether a user with principal u may score for m in a
// round: a subject-matter owner, coordinator or leader in m.
func eligible(u domain.Principal, m domain.ID) bool {
	return assignable(u, m) || u.HasIn(domain.RoleLeadership, m)
}

// forbidden is the refusal for a principal acting outside their roles.
func forbidden() error { return domain.Forbidden("auth.forbidden") }

// activeMunicipalities returns the municipalities that take part in the
// prioritisation: those of the collaboration that exist today — unless
// none of those has any facts recorded while municipalities that no longer
// exist do, as in a collaboration kept as it was before a merger (the
// Fosen demo of 2017). Then the ones with facts take part.
func (m *Manager) activeMunicipalities(ctx context.Context, collab domain.ID) ([]catalogue.Municipality, error) {
	all, err := m.cat.Municipalities(ctx, collab)
	if err != nil {
		return nil, err
	}
	now := m.clock.Now()
	active := slices.DeleteFunc(slices.Clone(all), func(x catalogue.Municipality) bool { return !x.ActiveOn(now) })
	if slices.ContainsFunc(active, func(x catalogue.Municipality) bool { return x.HasFacts }) {
		return active, nil
	}
	withFacts := slices.DeleteFunc(all, func(x catalogue.Municipality) bool { return !x.HasFacts })
	if len(withFacts) == 0 {
		return active, nil
	}
	return withFacts, nil
}

// municipality returns an active municipality of p's collaboration, not
// found "catalogue.municipality_not_found" otherwise.
func (m *Manager) municipality(ctx context.Context, p domain.Principal, id domain.ID) (catalogue.Municipality, error) {
	list, err := m.activeMunicipalities(ctx, p.CollaborationID)
	if err != nil {
		return catalogue.Municipality{}, err
	}
	for _, x := range list {
		if x.ID == id {
			return x, nil
		}
	}
	return catalogue.Municipality{}, domain.NotFound("catalogue.municipality_not_found")
}

// Criteria returns the collaboration's criteria by order (none before
// EnsureCriteria).
// Errors: unauthorized, forbidden.
func (m *Manager) Criteria(ctx context.Context, p domain.Principal) ([]Criterion, error) {
	if err := p.RequireInternal(); err != nil {
		return nil, err
	}
	return m.store.Criteria(ctx, p.CollaborationID)
}

// EnsureCriteria gives the collaboration the default criteria (see
// DefaultCriteria) if it has no criteria yet, and returns its criteria.
// It only ever adds the documented defaults, once, so any internal user
// may cause it (the first visit to the prioritisation does); two calls at
// once add them once. Adding them is audited.
// Errors: unauthorized, forbidden.
func (m *Manager) EnsureCriteria(ctx context.Context, p domain.Principal) ([]Criterion, error) {
	if err := p.RequireInternal(); err != nil {
		return nil, err
	}
	var out []Criterion
	err := m.store.Atomic(ctx, func(st Store) error {
		var err error
		out, err = m.ensure(ctx, st, p)
		return err
	})
	return out, err
}

// ensure adds the defaults in st when the collaboration has no criteria.
func (m *Manager) ensure(ctx context.Context, st Store, p domain.Principal) ([]Criterion, error) {
	list, err := st.Criteria(ctx, p.CollaborationID)
	if err != nil || len(list) > 0 {
		return list, err
	}
	defaults := DefaultCriteria()
	now := m.clock.Now()
	for i := range defaults {
		defaults[i].CollaborationID, defaults[i].UpdatedBy, defaults[i].UpdatedAt = p.CollaborationID, p.Name, now
	}
	n, err := st.CreateCriteria(ctx, p.CollaborationID, defaults)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		if err := m.record(ctx, st, p, ActionCriteriaEnsure, "criteria", "defaults"); err != nil {
			return nil, err
		}
	}
	return st.Criteria(ctx, p.CollaborationID)
}

// SaveCriterion adds a criterion (c.ID 0: key, kind, source and scale as
// given, see Criterion.Validate) or changes one at c.Version: its name,
// English name, description, direction, whether it is active and its
// order (key, kind, source and scale stay as they were).
// Errors: unauthorized, forbidden, not found, invalid, conflict
// ("priority.key_taken", "error.stale").
func (m *Manager) SaveCriterion(ctx context.Context, p domain.Principal, c Criterion) (Criterion, error) {
	out, err := m.saveCriterion(ctx, p, c)
	if err != nil {
		return Criterion{}, m.refuse(ctx, p, ActionCriterionSave, object("criterion", c.ID), err)
	}
	return out, nil
}

func (m *Manager) saveCriterion(ctx context.Context, p domain.Principal, c Criterion) (Criterion, error) {
	if err := p.RequireInternal(); err != nil {
		return Criterion{}, err
	}
	if !CanEditCriteria(p) {
		return Criterion{}, forbidden()
	}
	c.Normalize()
	c.CollaborationID, c.UpdatedBy, c.UpdatedAt = p.CollaborationID, p.Name, m.clock.Now()
	err := m.store.Atomic(ctx, func(st Store) error {
		if _, err := m.ensure(ctx, st, p); err != nil {
			return err
		}
		if c.ID == 0 {
			if c.Kind == KindJudgemental && c.Scale == (Scale{}) {
				c.Scale = DefaultScale
			}
			if errs := c.Validate(); len(errs) > 0 {
				return domain.Invalid("error.invalid_fields", errs...)
			}
			n, err := st.CreateCriteria(ctx, p.CollaborationID, []Criterion{c})
			if err != nil {
				return err
			}
			if n == 0 {
				return domain.Conflict("priority.key_taken", c.Key)
			}
			list, err := st.Criteria(ctx, p.CollaborationID)
			if err != nil {
				return err
			}
			i := slices.IndexFunc(list, func(x Criterion) bool { return x.Key == c.Key })
			if i < 0 {
				return domain.Internal(errNotStored)
			}
			c = list[i]
			return m.record(ctx, st, p, ActionCriterionSave, object("criterion", c.ID), "created "+c.Key)
		}
		old, err := st.Criterion(ctx, p.CollaborationID, c.ID)
		if err != nil {
			return err
		}
		c.Key, c.Kind, c.Source, c.Scale = old.Key, old.Kind, old.Source, old.Scale
		if errs := c.Validate(); len(errs) > 0 {
			return domain.Invalid("error.invalid_fields", errs...)
		}
		if c.Version, err = st.UpdateCriterion(ctx, c); err != nil {
			return err
		}
		return m.record(ctx, st, p, ActionCriterionSave, object("criterion", c.ID), "updated "+c.Key)
	})
	if err != nil {
		return Criterion{}, err
	}
	return c, nil
}

type storeError string

func (e storeError) Error() string { return string(e) }

const errNotStored = storeError("priority: a row just inserted is missing")

// SaveWeights replaces a municipality's weights by the elicitation e (at
// e.Version; 0 for its first), given by p now. The criteria must be the
// active ones; see Elicitation.Check for what valid judgements are. The
// defaults are added first if the collaboration has no criteria.
// Errors: unauthorized, forbidden, not found (municipality), invalid,
// conflict ("error.stale").
func (m *Manager) SaveWeights(ctx context.Context, p domain.Principal, e Elicitation) (Elicitation, error) {
	out, err := m.saveWeights(ctx, p, e)
	if err != nil {
		return Elicitation{}, m.refuse(ctx, p, ActionWeightsSave, object("municipality", e.MunicipalityID), err)
	}
	return out, nil
}

func (m *Manager) saveWeights(ctx context.Context, p domain.Principal, e Elicitation) (Elicitation, error) {
	if err := p.RequireInternal(); err != nil {
		return Elicitation{}, err
	}
	if !CanSetWeights(p, e.MunicipalityID) {
		return Elicitation{}, forbidden()
	}
	if _, err := m.municipality(ctx, p, e.MunicipalityID); err != nil {
		return Elicitation{}, err
	}
	var out Elicitation
	err := m.store.Atomic(ctx, func(st Store) error {
		criteria, err := m.ensure(ctx, st, p)
		if err != nil {
			return err
		}
		checked, errs := e.Check(criteria)
		if len(errs) > 0 {
			return domain.Invalid("error.invalid_fields", errs...)
		}
		checked.CollaborationID, checked.UserID, checked.UserName, checked.UpdatedAt =
			p.CollaborationID, p.UserID, p.Name, m.clock.Now()
		if _, err := st.SaveWeights(ctx, checked); err != nil {
			return err
		}
		if out, err = st.Weights(ctx, p.CollaborationID, e.MunicipalityID); err != nil {
			return err
		}
		return m.record(ctx, st, p, ActionWeightsSave, object("municipality", e.MunicipalityID), string(checked.Method))
	})
	if err != nil {
		return Elicitation{}, err
	}
	return out, nil
}

// Weights returns a municipality's current weights as elicited.
// Errors: unauthorized, forbidden, not found ("priority.weights_not_found").
func (m *Manager) Weights(ctx context.Context, p domain.Principal, municipality domain.ID) (Elicitation, error) {
	if err := p.RequireInternal(); err != nil {
		return Elicitation{}, err
	}
	return m.store.Weights(ctx, p.CollaborationID, municipality)
}

// AllWeights returns every municipality's current weights as elicited,
// for the group weights.
// Errors: unauthorized, forbidden.
func (m *Manager) AllWeights(ctx context.Context, p domain.Principal) ([]Elicitation, error) {
	if err := p.RequireInternal(); err != nil {
		return nil, err
	}
	return m.store.AllWeights(ctx, p.CollaborationID)
}

// Audit returns the module's audit log, newest first.
// Errors: unauthorized, forbidden.
func (m *Manager) Audit(ctx context.Context, p domain.Principal, f AuditFilter) ([]AuditEntry, error) {
	if err := p.RequireInternal(); err != nil {
		return nil, err
	}
	if !CanReadAudit(p) {
		return nil, forbidden()
	}
	if f.Limit <= 0 || f.Limit > MaxAudit {
		f.Limit = MaxAudit
	}
	return m.store.Audit(ctx, p.CollaborationID, f)
}
