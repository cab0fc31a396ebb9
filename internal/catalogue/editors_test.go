package catalogue_test

import (
	"slices"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// TestSetEditors checks the assignment of editors of a service's shared
// artefacts: only the programme lead assigns, only coordinators and
// subject-matter owners of the collaboration can be assigned, and the
// service's view names them.
func TestSetEditors(t *testing.T) {
	f := newFixture(t)
	coordA := f.principal("koord@a.no", domain.Grant{Role: domain.RoleCoordinator, MunicipalityID: f.a.ID})
	ownerB := f.principal("fag@b.no", domain.Grant{Role: domain.RoleSubjectOwner, MunicipalityID: f.b.ID})
	leader := f.principal("ledelse@a.no", domain.Grant{Role: domain.RoleLeadership, MunicipalityID: f.a.ID})
	observer := f.principal("observator@fosen.no", domain.Grant{Role: domain.RoleObserver})

	for _, p := range []domain.Principal{coordA, ownerB, leader, observer} {
		wantErr(t, f.mgr.SetEditors(f.ctx, p, f.svc.Slug, []domain.ID{coordA.UserID}), domain.KindForbidden, "auth.forbidden")
	}
	wantErr(t, f.mgr.SetEditors(f.ctx, domain.Principal{}, f.svc.Slug, nil), domain.KindUnauthorized, "")
	wantErr(t, f.mgr.SetEditors(f.ctx, f.lead, "finnes-ikke", nil), domain.KindNotFound, "")
	for _, who := range []domain.Principal{leader, observer, f.lead} {
		err := f.mgr.SetEditors(f.ctx, f.lead, f.svc.Slug, []domain.ID{coordA.UserID, who.UserID})
		wantField(t, err, "editors", "catalogue.editor_role")
	}
	wantField(t, f.mgr.SetEditors(f.ctx, f.lead, f.svc.Slug, []domain.ID{999999}), "editors", "catalogue.editor_unknown")

	// Repeated ids count once.
	must(t, f.mgr.SetEditors(f.ctx, f.lead, f.svc.Slug, []domain.ID{ownerB.UserID, coordA.UserID, ownerB.UserID}))
	v, err := f.mgr.Service(f.ctx, observer, f.svc.Slug)
	must(t, err)
	want := domain.Editors{min(coordA.UserID, ownerB.UserID), max(coordA.UserID, ownerB.UserID)}
	if !slices.Equal(v.Editors, want) {
		t.Errorf("editors = %v, want %v", v.Editors, want)
	}
	if !domain.CanEditShared(coordA, v.Editors) || domain.CanEditShared(leader, v.Editors) {
		t.Error("the assignment does not decide who edits the shared parts")
	}
}

// wantField fails the test unless err is invalid with code on field.
func wantField(t *testing.T, err error, field, code string) {
	t.Helper()
	wantFields(t, err, field)
	if got := domain.AsError(err).Fields[0].Code; got != code {
		t.Fatalf("code = %s, want %s", got, code)
	}
}
