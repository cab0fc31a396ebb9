package procurement

import (
	"context"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Suppliers lists the collaboration's suppliers (internal users).
// Errors: unauthorized, forbidden.
func (m *Manager) Suppliers(ctx context.Context, p domain.Principal) ([]Supplier, error) {
	if err := p.RequireInternal(); err != nil {
		return nil, err
	}
	return m.store.Suppliers(ctx, p.CollaborationID)
}

// Supplier returns a supplier with its users (internal users).
// Errors: unauthorized, forbidden, not found "procurement.supplier_not_found".
func (m *Manager) Supplier(ctx context.Context, p domain.Principal, id domain.ID) (Supplier, []account.User, error) {
	if err := p.RequireInternal(); err != nil {
		return Supplier{}, nil, err
	}
	s, err := m.store.Supplier(ctx, p.CollaborationID, id)
	if err != nil {
		return Supplier{}, nil, err
	}
	ids, err := m.store.SupplierUsers(ctx, p.CollaborationID, id)
	if err != nil {
		return Supplier{}, nil, err
	}
	var users []account.User
	for _, uid := range ids {
		if m.cfg.Users == nil {
			break
		}
		u, err := m.cfg.Users.User(ctx, uid)
		if err != nil {
			if domain.KindOf(err) == domain.KindNotFound {
				continue
			}
			return Supplier{}, nil, err
		}
		u.PasswordHash = ""
		users = append(users, u)
	}
	return s, users, nil
}

// SaveSupplier creates (ID 0) or updates a supplier (programme lead).
// Errors: unauthorized, forbidden, not found, invalid, conflict
// ("procurement.supplier_exists", "error.stale").
func (m *Manager) SaveSupplier(ctx context.Context, p domain.Principal, s Supplier) (Supplier, error) {
	if !p.Authenticated() || !p.IsProgrammeLead() {
		return Supplier{}, forbidden(p)
	}
	if s.ID != 0 {
		cur, err := m.store.Supplier(ctx, p.CollaborationID, s.ID)
		if err != nil {
			return Supplier{}, err
		}
		s.CreatedAt = cur.CreatedAt
	}
	s.CollaborationID = p.CollaborationID
	if errs := s.Validate(); len(errs) > 0 {
		return Supplier{}, domain.Invalid("error.invalid_fields", errs...)
	}
	err := m.store.Atomic(ctx, func(st Store) error {
		if s.ID == 0 {
			s.Version, s.CreatedAt = 1, m.now()
			id, err := st.CreateSupplier(ctx, s)
			s.ID = id
			return err
		}
		v, err := st.UpdateSupplier(ctx, s)
		s.Version = v
		return err
	})
	if err != nil {
		return Supplier{}, err
	}
	return m.store.Supplier(ctx, p.CollaborationID, s.ID)
}

// LinkSupplierUser links the account with e-mail email, which must hold
// the supplier role, to supplier (programme lead).
// Errors: unauthorized, forbidden, not found, invalid at email
// ("procurement.user_not_found", "procurement.not_supplier_user").
func (m *Manager) LinkSupplierUser(ctx context.Context, p domain.Principal, supplier domain.ID, email string) error {
	if !p.Authenticated() || !p.IsProgrammeLead() {
		return forbidden(p)
	}
	if _, err := m.store.Supplier(ctx, p.CollaborationID, supplier); err != nil {
		return err
	}
	email = strings.TrimSpace(email)
	if email == "" {
		return domain.Invalid("error.invalid_fields", domain.Field("email", "field.required"))
	}
	if m.cfg.Users == nil {
		return domain.Internal(errNoUsers)
	}
	u, err := m.cfg.Users.UserByEmail(ctx, email)
	if err != nil && domain.KindOf(err) != domain.KindNotFound {
		return err
	}
	if err != nil || u.CollaborationID != p.CollaborationID {
		return domain.Invalid("error.invalid_fields", domain.Field("email", "procurement.user_not_found"))
	}
	if !u.Principal().Has(domain.RoleSupplier) {
		return domain.Invalid("error.invalid_fields", domain.Field("email", "procurement.not_supplier_user"))
	}
	return m.store.Atomic(ctx, func(s Store) error {
		return s.LinkSupplierUser(ctx, p.CollaborationID, supplier, u.ID)
	})
}

// Candidates lists the suppliers invited to a tender (internal users).
// Errors: unauthorized, forbidden, not found.
func (m *Manager) Candidates(ctx context.Context, p domain.Principal, tender domain.ID) ([]Candidate, error) {
	if _, err := m.buyerTender(ctx, p, tender, false, ActTenderRead); err != nil {
		return nil, err
	}
	return m.store.Candidates(ctx, p.CollaborationID, tender)
}

// Invite invites a supplier to the tender (officers), before the opening.
// Errors: unauthorized, forbidden, not found (tender, supplier), conflict
// "procurement.opened".
func (m *Manager) Invite(ctx context.Context, p domain.Principal, tender, supplier domain.ID) error {
	t, err := m.buyerTender(ctx, p, tender, true, ActInvite)
	if err != nil {
		return err
	}
	if _, err := m.store.Supplier(ctx, p.CollaborationID, supplier); err != nil {
		return err
	}
	if t.Status == StatusOpened {
		return m.refuse(ctx, p, tender, ActInvite, obj("supplier", supplier), domain.Conflict("procurement.opened"))
	}
	return m.logged(ctx, p, tender, ActInvite, obj("supplier", supplier), func(s Store) error {
		c := Candidate{TenderID: tender, SupplierID: supplier, InvitedAt: m.now(), InvitedBy: p.Name}
		if err := s.AddCandidate(ctx, p.CollaborationID, c); err != nil {
			return err
		}
		return m.appendLog(ctx, s, p, tender, ActInvite, obj("supplier", supplier), "", OutcomeOK)
	})
}

// Uninvite withdraws an invitation while the tender is a draft (officers).
// Errors: unauthorized, forbidden, not found, conflict "procurement.not_draft".
func (m *Manager) Uninvite(ctx context.Context, p domain.Principal, tender, supplier domain.ID) error {
	t, err := m.buyerTender(ctx, p, tender, true, ActUninvite)
	if err != nil {
		return err
	}
	if _, err := m.store.Supplier(ctx, p.CollaborationID, supplier); err != nil {
		return err
	}
	if t.Status != StatusDraft {
		return m.refuse(ctx, p, tender, ActUninvite, obj("supplier", supplier), domain.Conflict("procurement.not_draft"))
	}
	return m.logged(ctx, p, tender, ActUninvite, obj("supplier", supplier), func(s Store) error {
		if err := s.RemoveCandidate(ctx, p.CollaborationID, tender, supplier); err != nil {
			return err
		}
		return m.appendLog(ctx, s, p, tender, ActUninvite, obj("supplier", supplier), "", OutcomeOK)
	})
}
