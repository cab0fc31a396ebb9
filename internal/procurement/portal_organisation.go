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
	return m.portalUser(ctx, p)
}
