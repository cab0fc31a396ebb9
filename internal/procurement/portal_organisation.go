package procurement

import (
	"context"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// PortalOrganisation returns the supplier organisation p belongs to, so the
// portal can name it; ok is false for a supplier user not yet linked to
// one, who sees an empty portal with a message saying why.
//
// Errors: unauthorized, forbidden (not a supplier user).
func (m *Manager) PortalOrganisation(ctx context.Context, p domain.Principal) (s Supplier, ok bool, err error) {
	if !p.Authenticated() {
		return Supplier{}, false, domain.Unauthorized("auth.login_required")
	}
	if p.System || !p.Has(domain.RoleSupplier) {
		return Supplier{}, false, domain.Forbidden("auth.forbidden")
	}
	s, err = m.store.SupplierOfUser(ctx, p.CollaborationID, p.UserID)
	if domain.KindOf(err) == domain.KindNotFound {
		return Supplier{}, false, nil
	}
	if err != nil {
		return Supplier{}, false, err
	}
	return s, true, nil
}
