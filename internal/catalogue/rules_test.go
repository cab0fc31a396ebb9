package catalogue_test

import (
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

func TestResponsibleMustOwnOrCoordinateTheMunicipality(t *testing.T) {
	f := newFixture(t)
	ownerA := f.principal("fag.a@fosen.no", domain.Grant{Role: domain.RoleSubjectOwner, MunicipalityID: f.a.ID})
	ownerB := f.principal("fag.b@fosen.no", domain.Grant{Role: domain.RoleSubjectOwner, MunicipalityID: f.b.ID})
	leader := f.principal("leder.a@fosen.no", domain.Grant{Role: domain.RoleLeadership, MunicipalityID: f.a.ID})
	ms := catalogue.MunicipalService{ServiceID: f.svc.ID, MunicipalityID: f.a.ID, Offered: catalogue.OfferedYes}
	for _, c := range []struct {
		name string
		user domain.ID
		code string
	}{
		{"owner of another municipality", ownerB.UserID, "catalogue.responsible_not_owner"},
		{"leadership is not an owner", leader.UserID, "catalogue.responsible_not_owner"},
		{"no such user", 999999, "catalogue.responsible_unknown"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := ms
			in.ResponsibleUserID = c.user
			_, err := f.mgr.SaveMunicipalService(f.ctx, f.lead, in)
			wantErr(t, err, domain.KindInvalid, "error.invalid_fields")
			de := domain.AsError(err)
			if len(de.Fields) != 1 || de.Fields[0].Field != "responsible_user_id" || de.Fields[0].Code != c.code {
				t.Errorf("fields %+v, want responsible_user_id %s", de.Fields, c.code)
			}
		})
	}
	ms.ResponsibleUserID = ownerA.UserID
	saved, err := f.mgr.SaveMunicipalService(f.ctx, f.lead, ms)
	must(t, err)
	if saved.ResponsibleUserID != ownerA.UserID {
		t.Errorf("responsible %d, want %d", saved.ResponsibleUserID, ownerA.UserID)
	}
}

func TestDeniedUserGetsForbiddenBeforeValidation(t *testing.T) {
	f := newFixture(t)
	observer := f.principal("obs@fosen.no", domain.Grant{Role: domain.RoleObserver})
	bad := catalogue.MunicipalService{ServiceID: f.svc.ID, MunicipalityID: f.a.ID, Offered: "maybe", Version: 42}
	_, err := f.mgr.SaveMunicipalService(f.ctx, observer, bad)
	wantErr(t, err, domain.KindForbidden, "auth.forbidden")
}

func TestSuccessorsMayNotFormALoop(t *testing.T) {
	f := newFixture(t)
	a, b := f.a, f.b
	a.SuccessorID = b.ID
	a, err := f.mgr.SaveMunicipality(f.ctx, f.lead, a)
	must(t, err)
	b.SuccessorID = a.ID
	_, err = f.mgr.SaveMunicipality(f.ctx, f.lead, b)
	wantErr(t, err, domain.KindInvalid, "error.invalid_fields")
	wantFields(t, err, "successor_id")
}
