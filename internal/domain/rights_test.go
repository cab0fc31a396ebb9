package domain_test

import (
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// TestRowRule is the row rule of shared artefacts, role by role: a
// municipality's row is its coordinator's, its responsible subject-matter
// owner's and the programme lead's; the shared parts the programme lead's
// and the assigned coordinators' and subject-matter owners'.
func TestRowRule(t *testing.T) {
	const a, b, owner = domain.ID(1), domain.ID(2), domain.ID(10)
	user := func(id domain.ID, g ...domain.Grant) domain.Principal {
		return domain.Principal{UserID: id, CollaborationID: 1, Grants: g}
	}
	lead := user(1, domain.Grant{Role: domain.RoleProgrammeLead})
	coordA := user(2, domain.Grant{Role: domain.RoleCoordinator, MunicipalityID: a})
	coordB := user(3, domain.Grant{Role: domain.RoleCoordinator, MunicipalityID: b})
	ownerA := user(owner, domain.Grant{Role: domain.RoleSubjectOwner, MunicipalityID: a})
	otherOwnerA := user(11, domain.Grant{Role: domain.RoleSubjectOwner, MunicipalityID: a})
	leaderA := user(4, domain.Grant{Role: domain.RoleLeadership, MunicipalityID: a})
	observer := user(5, domain.Grant{Role: domain.RoleObserver})
	supplier := user(6, domain.Grant{Role: domain.RoleSupplier})
	editors := domain.Editors{coordB.UserID, otherOwnerA.UserID, observer.UserID, supplier.UserID}
	for _, tc := range []struct {
		name                   string
		p                      domain.Principal
		rowA, rowB, rowNone    bool
		shared, sharedAssigned bool
	}{
		{"programme lead", lead, true, true, true, true, true},
		{"system", domain.SystemPrincipal(1), true, true, true, true, true},
		{"coordinator of A", coordA, true, false, false, false, false},
		{"coordinator of B, assigned", coordB, false, true, false, false, true},
		{"responsible subject owner of A", ownerA, true, false, false, false, false},
		{"subject owner of A, not responsible, assigned", otherOwnerA, false, false, false, false, true},
		{"leadership of A", leaderA, false, false, false, false, false},
		{"observer, assigned", observer, false, false, false, false, false},
		{"supplier, assigned", supplier, false, false, false, false, false},
		{"anonymous", domain.Principal{}, false, false, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := []bool{domain.CanEditMunicipalRow(tc.p, a, owner), domain.CanEditMunicipalRow(tc.p, b, 0),
				domain.CanEditMunicipalRow(tc.p, 0, 0), domain.CanEditShared(tc.p, nil), domain.CanEditShared(tc.p, editors)}
			want := []bool{tc.rowA, tc.rowB, tc.rowNone, tc.shared, tc.sharedAssigned}
			for i, what := range []string{"row of A", "row of B", "row of no municipality", "shared", "shared, assigned"} {
				if got[i] != want[i] {
					t.Errorf("%s: %v, want %v", what, got[i], want[i])
				}
			}
		})
	}
}
