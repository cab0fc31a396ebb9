package domain

import "slices"

// ID identifies a stored record. Zero means "none".
type ID = int64

// Role is one of the roles a user is given (docs/product.md, "Who uses
// it"). The string is stored in the database and used in the CLI.
type Role string

// The roles. Their scope (collaboration or one municipality) is given by the
// Grant that assigns them.
const (
	RoleProgrammeLead Role = "programme_lead" // Programleder
	RoleCoordinator   Role = "coordinator"    // Kommunekoordinator
	RoleSubjectOwner  Role = "subject_owner"  // Fagansvarlig
	RoleLeadership    Role = "leadership"     // Kommuneledelse
	RoleObserver      Role = "observer"       // Observatør
	RoleSupplier      Role = "supplier"       // Leverandør (supplier portal only)
	RoleEvaluator     Role = "evaluator"      // Evaluator in a tender's committee
)

// Roles lists every role in the order the UI presents them.
var Roles = []Role{RoleProgrammeLead, RoleCoordinator, RoleSubjectOwner, RoleLeadership, RoleObserver, RoleSupplier, RoleEvaluator}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// MunicipalityScoped reports whether the role is normally given for one
// municipality. Programme lead is always collaboration-wide; observers may be either.
func (r Role) MunicipalityScoped() bool {
	switch r {
	case RoleCoordinator, RoleSubjectOwner, RoleLeadership:
		return true
	}
	return false
}

// Grant gives a role, collaboration-wide (MunicipalityID 0) or for one municipality.
type Grant struct {
	Role           Role `json:"role"`
	MunicipalityID ID   `json:"municipality_id,omitempty"`
}

// Principal is who is acting: a logged-in user, or the system (CLI, demo
// loader). Services take it as their first argument after the context and
// decide from it, deny by default.
type Principal struct {
	UserID          ID
	CollaborationID ID
	Name            string
	Grants          []Grant
	System          bool // the operator at the command line: every right in its collaboration
}

// SystemPrincipal is the command-line operator acting on a collaboration.
func SystemPrincipal(collaborationID ID) Principal {
	return Principal{CollaborationID: collaborationID, Name: "system", System: true}
}

// Authenticated reports whether anyone is acting.
func (p Principal) Authenticated() bool { return p.System || p.UserID != 0 }

// Has reports whether p holds role r in any scope.
func (p Principal) Has(r Role) bool {
	for _, g := range p.Grants {
		if g.Role == r {
			return true
		}
	}
	return false
}

// HasIn reports whether p holds role r for the whole collaboration or for
// municipality m.
func (p Principal) HasIn(r Role, m ID) bool {
	for _, g := range p.Grants {
		if g.Role == r && (g.MunicipalityID == 0 || g.MunicipalityID == m) {
			return true
		}
	}
	return false
}

// IsProgrammeLead reports whether p runs the collaboration's programme (or is the system).
func (p Principal) IsProgrammeLead() bool { return p.System || p.Has(RoleProgrammeLead) }

// IsSupplierOnly reports whether p is external supplier staff with no
// internal role: such users see only the supplier portal.
func (p Principal) IsSupplierOnly() bool {
	if p.System || !p.Has(RoleSupplier) {
		return false
	}
	for _, g := range p.Grants {
		if g.Role != RoleSupplier {
			return false
		}
	}
	return true
}

// Internal reports whether p may read the collaboration's internal data
// (catalogue, processes, …): any role except supplier and evaluator alone.
func (p Principal) Internal() bool {
	if p.System {
		return true
	}
	for _, g := range p.Grants {
		switch g.Role {
		case RoleProgrammeLead, RoleCoordinator, RoleSubjectOwner, RoleLeadership, RoleObserver:
			return true
		}
	}
	return false
}

// Municipalities returns the municipalities p holds a municipality-scoped
// grant for, and whether p has a collaboration-wide internal role.
func (p Principal) Municipalities() (ids []ID, wide bool) {
	for _, g := range p.Grants {
		if g.MunicipalityID == 0 {
			if g.Role != RoleSupplier && g.Role != RoleEvaluator {
				wide = true
			}
			continue
		}
		if !slices.Contains(ids, g.MunicipalityID) {
			ids = append(ids, g.MunicipalityID)
		}
	}
	return ids, wide || p.System
}

// RequireInternal returns unauthorized when nobody is acting and forbidden
// for a principal without an internal role (suppliers, evaluators): the
// check every read of the collaboration's own data starts with.
func (p Principal) RequireInternal() error {
	if !p.Authenticated() {
		return Unauthorized("auth.login_required")
	}
	if !p.Internal() {
		return Forbidden("auth.forbidden")
	}
	return nil
}
