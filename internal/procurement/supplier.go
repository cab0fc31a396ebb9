package procurement

import (
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Supplier is a supplier organisation known to the collaboration. Its users
// (accounts with the supplier role, linked to it) sign in to the portal.
type Supplier struct {
	ID              domain.ID `json:"id"`
	CollaborationID domain.ID `json:"-"`
	Name            string    `json:"name"`
	// OrgNumber is the nine-digit organisation number (orgnr.go).
	OrgNumber    string    `json:"org_number"`
	ContactName  string    `json:"contact_name"`
	ContactEmail string    `json:"contact_email"`
	Version      int       `json:"version"`
	CreatedAt    time.Time `json:"created_at"`
}
