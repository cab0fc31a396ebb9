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

// A file with only some columns changes only those fields: a sheet of
// case counts must not wipe the minutes, sources or the channel mix.
func TestImportKeepsFieldsWhoseColumnsTheFileLacks(t *testing.T) {
	f := newFixture(t)
	ms := catalogue.MunicipalService{ServiceID: f.svc.ID, MunicipalityID: f.a.ID, Offered: catalogue.OfferedYes,
		AnnualCases: ptr(int64(10)), EmployeeMinutes: ptr(30.0), Maturity: ptr(int64(2)), Systems: "Acos",
		Channels:   catalogue.Channels{Paper: ptr(50.0), Email: ptr(50.0), Phone: ptr(0.0), Digital: ptr(0.0)},
		Provenance: map[catalogue.Fact]catalogue.Provenance{catalogue.FactEmployeeMinutes: catalogue.ProvenanceMeasured}}
	f.mustFacts(f.lead, ms)
	row := catalogue.Row{Sheet: "fakta.csv", Line: 2, Columns: []string{"service", "municipality", "annual_cases"}}
	b := catalogue.Batch{Facts: []catalogue.FactRow{{Row: row, ServiceSlug: f.svc.Slug, MunicipalityNumber: f.a.Number,
		Facts: catalogue.MunicipalService{Offered: catalogue.OfferedYes, AnnualCases: ptr(int64(25))}}}}
	rep, err := f.mgr.Import(f.ctx, f.lead, b, true)
	must(t, err)
	if len(rep.Problems) > 0 || rep.Facts.Updated != 1 {
		t.Fatalf("report %+v", rep)
	}
	got := f.facts(f.svc.ID, f.a.ID)
	if *got.AnnualCases != 25 || got.Provenance[catalogue.FactAnnualCases] != catalogue.ProvenanceImported {
		t.Errorf("cases %v (%s), want 25 imported", *got.AnnualCases, got.Provenance[catalogue.FactAnnualCases])
	}
	if got.EmployeeMinutes == nil || *got.EmployeeMinutes != 30 || got.Provenance[catalogue.FactEmployeeMinutes] != catalogue.ProvenanceMeasured ||
		got.Maturity == nil || *got.Maturity != 2 || got.Systems != "Acos" || got.Channels.Paper == nil || *got.Channels.Paper != 50 {
		t.Errorf("fields the file lacks changed: %+v", got)
	}
	changes := f.changes(catalogue.EntityMunicipalService, got.ID)
	if len(changes) == 0 || len(changes[0].Fields) != 2 { // annual_cases and its source
		t.Errorf("history of the import: %+v", changes)
	}
}
