package catalogue

import (
	"context"
	"fmt"
	"slices"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// SetOpenCatalogue tells the manager which version of the open catalogue
// is current and which came before it (oldest first), for the change set
// offered to collaborations that loaded an earlier one. Without it no
// change is offered.
func (m *Manager) SetOpenCatalogue(current OpenVersion, earlier []OpenVersion) {
	m.open = &openCatalogue{current: current, earlier: earlier}
}

type openCatalogue struct {
	current OpenVersion
	earlier []OpenVersion
}

// CanReviewChanges reports whether p may review the open catalogue's
// corrections: they change service definitions, so whoever may edit
// those (the programme lead).
func CanReviewChanges(p domain.Principal) bool { return CanEditService(p) }

// ChangeReview is what the current open catalogue would change in a
// collaboration's services, field by field.
type ChangeReview struct {
	Version string         `json:"version"` // the current open catalogue's version
	Offers  []ServiceOffer `json:"offers"`  // by service, in the catalogue's order
}

// Count returns the number of fields offered.
func (r ChangeReview) Count() int {
	n := 0
	for _, o := range r.Offers {
		n += len(o.Fields)
	}
	return n
}

// CatalogueChanges returns the fields where p's collaboration differs
// from the current open catalogue and that were not kept against the
// current value. Errors: unauthorized, forbidden (not the programme lead).
func (m *Manager) CatalogueChanges(ctx context.Context, p domain.Principal) (ChangeReview, error) {
	if err := requireProgrammeLead(p); err != nil {
		return ChangeReview{}, err
	}
	return m.changeReview(ctx, m.store, p.CollaborationID)
}

func (m *Manager) changeReview(ctx context.Context, st Store, collab domain.ID) (ChangeReview, error) {
	if m.open == nil {
		return ChangeReview{}, nil
	}
	services, err := st.Services(ctx, collab)
	if err != nil {
		return ChangeReview{}, err
	}
	kept, err := st.CatalogueDecisions(ctx, collab)
	if err != nil {
		return ChangeReview{}, err
	}
	return ChangeReview{Version: m.open.current.Version,
		Offers: ChangeSet(services, m.open.current, m.open.earlier, kept)}, nil
}

// ChangeChoice is the programme lead's answer to one offered field: take
// the catalogue's value (Accept) or keep the collaboration's. Version is
// the service's version the choice was made on.
type ChangeChoice struct {
	Slug    string `json:"slug"`
	Version int    `json:"version"`
	Field   string `json:"field"`
	Accept  bool   `json:"accept"`
}

// ChangeResult counts what DecideChanges did.
type ChangeResult struct {
	Accepted int `json:"accepted"`
	Kept     int `json:"kept"`
	Services int `json:"services"` // services changed
}

// DecideChanges applies the programme lead's choices in one transaction:
// accepted fields are written through UpdateService (version check,
// history entry per service), kept fields are remembered against the
// current catalogue value so that they are not offered again until the
// catalogue changes them. Nothing is written when any choice fails.
// Errors: unauthorized, forbidden (not the programme lead), not found (a
// service), conflict (error.stale: the service changed since the choice
// was made), invalid (a field that is not offered, named
// "changes[i]"; no choice at all).
func (m *Manager) DecideChanges(ctx context.Context, p domain.Principal, choices []ChangeChoice) (ChangeResult, error) {
	if err := requireProgrammeLead(p); err != nil {
		return ChangeResult{}, err
	}
	if len(choices) == 0 {
		return ChangeResult{}, domain.Invalid("catalogue.changes_none")
	}
	var res ChangeResult
	err := m.store.Atomic(ctx, func(st Store) error {
		res = ChangeResult{}
		review, err := m.changeReview(ctx, st, p.CollaborationID)
		if err != nil {
			return err
		}
		offered := map[string]ServiceOffer{}
		for _, o := range review.Offers {
			offered[o.Service.Slug] = o
		}
		var current map[string]Service
		if m.open != nil {
			current = bySlug(m.open.current.Services)
		}
		tx := &Manager{store: st, clock: m.clock, open: m.open}
		var order []string
		updated := map[string]Service{}
		var decisions []Decision
		var fe []domain.FieldError
		for i, c := range choices {
			s, ok := updated[c.Slug]
			if !ok {
				if s, err = st.ServiceBySlug(ctx, p.CollaborationID, c.Slug); err != nil {
					return err
				}
				if s.Version != c.Version {
					return domain.Conflict("error.stale")
				}
			}
			idx := slices.IndexFunc(offered[c.Slug].Fields, func(f FieldOffer) bool { return f.Field == c.Field })
			if idx < 0 {
				fe = append(fe, domain.Field(fmt.Sprintf("changes[%d]", i), "catalogue.change_not_offered", c.Slug, c.Field))
				continue
			}
			if !c.Accept {
				decisions = append(decisions, Decision{Slug: c.Slug, Field: c.Field, Kept: offered[c.Slug].Fields[idx].New,
					Version: review.Version, UserID: p.UserID, At: m.clock.Now()})
				res.Kept++
				continue
			}
			if !ok {
				order = append(order, c.Slug)
			}
			copyField(&s, current[c.Slug], c.Field)
			updated[c.Slug] = s
			res.Accepted++
		}
		if len(fe) > 0 {
			return domain.Invalid("error.invalid_fields", fe...)
		}
		for _, slug := range order {
			if _, err := tx.UpdateService(ctx, p, updated[slug]); err != nil {
				return err
			}
			res.Services++
		}
		if len(decisions) > 0 {
			return st.SaveCatalogueDecisions(ctx, p.CollaborationID, decisions)
		}
		return nil
	})
	if err != nil {
		return ChangeResult{}, err
	}
	return res, nil
}
