package domain

import "slices"

// The row rule of shared artefacts (issue 12, item 5). A benefit case, a
// realisation plan and a service's processes are shared by the
// collaboration, but some of their parts belong to one municipality: its
// row of a benefit case, its as-is process. Such a municipal row is edited
// by the municipality's own people; everything shared in them (a case's
// settings, gains and costs, the to-be and adapted processes, obstacles,
// requirements, the roadmap) by the programme lead and the users the
// programme lead assigns. The two predicates below are the rule; every
// module asks them rather than combining roles itself.

// CanEditMunicipalRow reports whether p may change municipality m's row
// of a shared artefact about a service whose responsible subject-matter
// owner in m is responsible (0 when none is assigned): the programme lead,
// m's coordinator, or that subject-matter owner. Observers and leadership
// never may; a coordinator of another municipality never may.
func CanEditMunicipalRow(p Principal, m, responsible ID) bool {
	if p.RequireInternal() != nil {
		return false
	}
	if p.IsProgrammeLead() {
		return true
	}
	if m == 0 {
		return false // a row of no known municipality is shared
	}
	if p.HasIn(RoleCoordinator, m) {
		return true
	}
	return responsible != 0 && responsible == p.UserID && p.HasIn(RoleSubjectOwner, m)
}

// Editors are the users the programme lead has assigned to edit a shared
// artefact, by user id. Nil means nobody but the programme lead.
type Editors []ID

// CanEditShared reports whether p may change a shared artefact whose
// assigned editors are editors: the programme lead, and an assigned user
// who works on the collaboration's content (a coordinator or a
// subject-matter owner; an assigned observer or leader still only reads).
func CanEditShared(p Principal, editors Editors) bool {
	if p.RequireInternal() != nil {
		return false
	}
	if p.IsProgrammeLead() {
		return true
	}
	return p.UserID != 0 && slices.Contains(editors, p.UserID) &&
		(p.Has(RoleCoordinator) || p.Has(RoleSubjectOwner))
}
