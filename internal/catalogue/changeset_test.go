package catalogue_test

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer"
)

// openVersion reads a version of the open catalogue from testdata.
func openVersion(t *testing.T, version string) catalogue.OpenVersion {
	t.Helper()
	name := filepath.Join("testdata", "changeset", version+".csv")
	f, err := os.Open(name)
	must(t, err)
	defer f.Close()
	b, err := transfer.ReadCSV(f, name)
	must(t, err)
	v, err := catalogue.OpenVersionOf(version, b)
	must(t, err)
	return v
}

// changeFixture is a collaboration that loaded the open catalogue of
// 2026-11 through the import, while the app ships 2026-12.
func changeFixture(t *testing.T) (*fixture, catalogue.OpenVersion, catalogue.OpenVersion) {
	t.Helper()
	f := newFixture(t)
	old, cur := openVersion(t, "2026-11"), openVersion(t, "2026-12")
	file, err := os.Open(filepath.Join("testdata", "changeset", "2026-11.csv"))
	must(t, err)
	defer file.Close()
	b, err := transfer.ReadCSV(file, "2026-11.csv")
	must(t, err)
	rep, err := f.mgr.Import(f.ctx, f.lead, b, true)
	must(t, err)
	if rep.ProblemCount() > 0 {
		t.Fatalf("import problems: %v", rep.Problems)
	}
	f.mgr.SetOpenCatalogue(cur, []catalogue.OpenVersion{old})
	return f, old, cur
}

type offered struct{ slug, field, old, new, origin, version string }

func offers(t *testing.T, f *fixture) []offered {
	t.Helper()
	r, err := f.mgr.CatalogueChanges(f.ctx, f.lead)
	must(t, err)
	var out []offered
	for _, o := range r.Offers {
		for _, fo := range o.Fields {
			out = append(out, offered{o.Service.Slug, fo.Field, fo.Old, fo.New, fo.Origin, fo.Version})
		}
	}
	return out
}

func TestChangeSetOffersExactlyTheChangedFields(t *testing.T) {
	f, _, _ := changeFixture(t)
	// The lead's own note on a service the catalogue has, and the
	// collaboration's own service (byggesak, not in the catalogue).
	s, err := f.store.ServiceBySlug(f.ctx, f.collab, "barnehageplass")
	must(t, err)
	s.Notes = "Egen merknad"
	_, err = f.mgr.UpdateService(f.ctx, f.lead, s)
	must(t, err)

	got := offers(t, f)
	want := []offered{
		{"barnehageplass", "legal_basis", "Barnehageloven § 12", "Barnehageloven § 16", catalogue.OriginEarlier, "2026-11"},
		{"barnehageplass", "notes", "Egen merknad", "", catalogue.OriginEdited, ""},
		{"skoleskyss", "name_nb", "Skoleskyss", "Skyss til og fra skolen", catalogue.OriginEarlier, "2026-11"},
		{"skoleskyss", "legal_basis", "Opplæringslova § 7-1", "Opplæringslova § 4-1", catalogue.OriginEarlier, "2026-11"},
		{"skoleskyss", "notes", "", "Opplæringslova 2023 i kraft 1. august 2024", catalogue.OriginEarlier, "2026-11"},
	}
	slices.SortFunc(got, func(a, b offered) int { return cmpOffered(a, b) })
	slices.SortFunc(want, func(a, b offered) int { return cmpOffered(a, b) })
	if !reflect.DeepEqual(got, want) {
		t.Errorf("offered:\n got %v\nwant %v", got, want)
	}

	// Offering changes nothing.
	after, err := f.store.ServiceBySlug(f.ctx, f.collab, "skoleskyss")
	must(t, err)
	if after.NameNB != "Skoleskyss" {
		t.Errorf("the catalogue's value was written without a review: %q", after.NameNB)
	}
}

func cmpOffered(a, b offered) int {
	if a.slug != b.slug {
		return compare(a.slug, b.slug)
	}
	return compare(a.field, b.field)
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestChangeSetAcceptAndKeep(t *testing.T) {
	f, old, cur := changeFixture(t)
	skyss, err := f.store.ServiceBySlug(f.ctx, f.collab, "skoleskyss")
	must(t, err)
	bhg, err := f.store.ServiceBySlug(f.ctx, f.collab, "barnehageplass")
	must(t, err)

	res, err := f.mgr.DecideChanges(f.ctx, f.lead, []catalogue.ChangeChoice{
		{Slug: "skoleskyss", Version: skyss.Version, Field: "name_nb", Accept: true},
		{Slug: "skoleskyss", Version: skyss.Version, Field: "legal_basis", Accept: true},
		{Slug: "skoleskyss", Version: skyss.Version, Field: "notes", Accept: false},
		{Slug: "barnehageplass", Version: bhg.Version, Field: "legal_basis", Accept: false},
	})
	must(t, err)
	if res != (catalogue.ChangeResult{Accepted: 2, Kept: 2, Services: 1}) {
		t.Errorf("result = %+v", res)
	}
	after, err := f.store.ServiceBySlug(f.ctx, f.collab, "skoleskyss")
	must(t, err)
	if after.NameNB != "Skyss til og fra skolen" || catalogue.FormatLegalBasis(after.LegalBasis) != "Opplæringslova § 4-1" || after.Notes != "" {
		t.Errorf("after accepting: %q, %v, notes %q", after.NameNB, after.LegalBasis, after.Notes)
	}
	if after.Version != skyss.Version+1 {
		t.Errorf("version %d → %d: the accepted fields are one update", skyss.Version, after.Version)
	}
	hist, err := f.store.Changes(f.ctx, f.collab, catalogue.EntityService, after.ID)
	must(t, err)
	var fields []string
	for _, fc := range hist[0].Fields {
		fields = append(fields, fc.Field)
	}
	if hist[0].UserID != f.lead.UserID || !slices.Equal(fields, []string{"name_nb", "legal_basis"}) {
		t.Errorf("history entry = %+v, want the lead changing name_nb and legal_basis", hist[0])
	}
	if got := offers(t, f); len(got) != 0 {
		t.Errorf("after deciding every field, still offered: %v", got)
	}
	kept, err := f.store.CatalogueDecisions(f.ctx, f.collab)
	must(t, err)
	if len(kept) != 2 || kept[0].Slug != "barnehageplass" || kept[0].Kept != "Barnehageloven § 16" || kept[0].Version != "2026-12" || kept[0].UserID != f.lead.UserID {
		t.Errorf("kept decisions = %+v", kept)
	}

	// The catalogue changes barnehageplass's legal basis again: offered
	// again; the kept note of skoleskyss, unchanged, is not.
	next := catalogue.OpenVersion{Version: "2027-06", Services: slices.Clone(cur.Services)}
	for i, s := range next.Services {
		if s.Slug == "barnehageplass" {
			next.Services[i].LegalBasis = []catalogue.LegalRef{{Law: "Barnehageloven", Section: "16a"}}
		}
	}
	f.mgr.SetOpenCatalogue(next, []catalogue.OpenVersion{old, cur})
	want := []offered{{"barnehageplass", "legal_basis", "Barnehageloven § 12", "Barnehageloven § 16a", catalogue.OriginEarlier, "2026-11"}}
	if got := offers(t, f); !reflect.DeepEqual(got, want) {
		t.Errorf("after the catalogue changed again:\n got %v\nwant %v", got, want)
	}
}

func TestChangeSetWritesAllOrNothing(t *testing.T) {
	f, old, cur := changeFixture(t)
	bhg, err := f.store.ServiceBySlug(f.ctx, f.collab, "barnehageplass")
	must(t, err)
	skyss, err := f.store.ServiceBySlug(f.ctx, f.collab, "skoleskyss")
	must(t, err)
	unchanged := func() {
		t.Helper()
		for _, want := range []catalogue.Service{bhg, skyss} {
			got, err := f.store.ServiceBySlug(f.ctx, f.collab, want.Slug)
			must(t, err)
			if got.Version != want.Version {
				t.Errorf("%s was written (version %d → %d)", want.Slug, want.Version, got.Version)
			}
		}
		if kept, err := f.store.CatalogueDecisions(f.ctx, f.collab); err != nil || len(kept) != 0 {
			t.Errorf("decisions were kept: %v (%v)", kept, err)
		}
	}

	// A field that is not offered: invalid, naming the choice.
	_, err = f.mgr.DecideChanges(f.ctx, f.lead, []catalogue.ChangeChoice{
		{Slug: "barnehageplass", Version: bhg.Version, Field: "legal_basis", Accept: true},
		{Slug: "skoleskyss", Version: skyss.Version, Field: "notes", Accept: false},
		{Slug: "startlan", Version: 1, Field: "name_nb", Accept: true},
	})
	wantFields(t, err, "changes[2]")
	unchanged()

	// A service changed since the page was read: stale.
	_, err = f.mgr.DecideChanges(f.ctx, f.lead, []catalogue.ChangeChoice{
		{Slug: "barnehageplass", Version: bhg.Version, Field: "legal_basis", Accept: true},
		{Slug: "skoleskyss", Version: skyss.Version - 1, Field: "name_nb", Accept: true},
	})
	wantErr(t, err, domain.KindConflict, "error.stale")
	unchanged()

	// The second service's update fails its checks after the first was
	// written: the first is rolled back with it.
	bad := catalogue.OpenVersion{Version: "2027-01", Services: slices.Clone(cur.Services)}
	for i, s := range bad.Services {
		if s.Slug == "skoleskyss" {
			bad.Services[i].KostraFunction = "22"
		}
	}
	f.mgr.SetOpenCatalogue(bad, []catalogue.OpenVersion{old})
	_, err = f.mgr.DecideChanges(f.ctx, f.lead, []catalogue.ChangeChoice{
		{Slug: "barnehageplass", Version: bhg.Version, Field: "legal_basis", Accept: true},
		{Slug: "skoleskyss", Version: skyss.Version, Field: "notes", Accept: false},
		{Slug: "skoleskyss", Version: skyss.Version, Field: "kostra_function", Accept: true},
	})
	wantErr(t, err, domain.KindInvalid, "")
	unchanged()

	_, err = f.mgr.DecideChanges(f.ctx, f.lead, nil)
	wantErr(t, err, domain.KindInvalid, "catalogue.changes_none")
}

func TestChangeSetProgrammeLeadOnly(t *testing.T) {
	f, _, _ := changeFixture(t)
	bhg, err := f.store.ServiceBySlug(f.ctx, f.collab, "barnehageplass")
	must(t, err)
	choice := []catalogue.ChangeChoice{{Slug: "barnehageplass", Version: bhg.Version, Field: "legal_basis", Accept: true}}
	for _, g := range []domain.Grant{
		{Role: domain.RoleCoordinator, MunicipalityID: f.a.ID},
		{Role: domain.RoleSubjectOwner, MunicipalityID: f.a.ID},
		{Role: domain.RoleLeadership, MunicipalityID: f.a.ID},
		{Role: domain.RoleObserver},
	} {
		p := f.principal(string(g.Role)+"@fosen.no", g)
		if _, err := f.mgr.CatalogueChanges(f.ctx, p); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("%s reads the change set: %v, want forbidden", g.Role, err)
		}
		if _, err := f.mgr.DecideChanges(f.ctx, p, choice); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("%s decides: %v, want forbidden", g.Role, err)
		}
		if catalogue.CanReviewChanges(p) {
			t.Errorf("CanReviewChanges(%s) = true", g.Role)
		}
	}
	if _, err := f.mgr.CatalogueChanges(f.ctx, domain.Principal{}); domain.KindOf(err) != domain.KindUnauthorized {
		t.Errorf("anonymous: %v, want unauthorized", err)
	}
	if got, err := f.store.ServiceBySlug(f.ctx, f.collab, "barnehageplass"); err != nil || got.Version != bhg.Version {
		t.Errorf("a refused decision wrote the service: %v, %v", got.Version, err)
	}
}

// Without an open catalogue nothing is offered, and a choice names a
// field that is not offered.
func TestChangeSetWithoutOpenCatalogue(t *testing.T) {
	f := newFixture(t)
	r, err := f.mgr.CatalogueChanges(f.ctx, f.lead)
	must(t, err)
	if len(r.Offers) != 0 {
		t.Errorf("offers without a catalogue: %v", r.Offers)
	}
	_, err = f.mgr.DecideChanges(f.ctx, f.lead, []catalogue.ChangeChoice{{Slug: f.svc.Slug, Version: f.svc.Version, Field: "notes", Accept: true}})
	wantFields(t, err, "changes[0]")
}
