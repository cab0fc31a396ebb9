package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/history"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

func testCatalogue(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	t.Run("Collaborations", func(t *testing.T) { testCollaborations(t, open) })
	t.Run("Services", func(t *testing.T) { testServices(t, open) })
	t.Run("Isolation", func(t *testing.T) { testIsolation(t, open) })
	t.Run("Municipalities", func(t *testing.T) { testMunicipalities(t, open) })
	t.Run("MunicipalServices", func(t *testing.T) { testMunicipalServices(t, open) })
	t.Run("FactBatches", func(t *testing.T) { testFactBatches(t, open) })
	t.Run("ServiceSummaries", func(t *testing.T) { testServiceSummaries(t, open) })
	t.Run("Atomic", func(t *testing.T) { testAtomic(t, open) })
	t.Run("Changes", func(t *testing.T) { testChanges(t, open) })
	t.Run("Progress", func(t *testing.T) { testProgress(t, open) })
	t.Run("TotalsFollowUpdates", func(t *testing.T) { testTotalsFollowUpdates(t, open) })
	t.Run("DataVersion", func(t *testing.T) { testDataVersion(t, open) })
	t.Run("ServiceEditors", func(t *testing.T) { testServiceEditors(t, open) })
	t.Run("CatalogueDecisions", func(t *testing.T) { testCatalogueDecisions(t, open) })
}

// testProgress checks that the store's counts of complete records follow
// MunicipalService.Complete, and finds each user's responsibilities.
func testProgress(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	c := e.collab("fosen")
	other := e.collab("namdal")
	a, b := e.municipality(c, "5054", "Indre Fosen"), e.municipality(c, "5057", "Ørland")
	x := e.municipality(other, "5007", "Namsos")
	svcs := e.services(c, service("s1"), service("s2"), service("s3"), service("s4"))
	xs := e.services(other, service("s1"))
	owner := e.user(c, "fag@fosen.no")
	cases, minutes, level := ptr(int64(10)), ptr(5.0), ptr(int64(2))
	list := []catalogue.MunicipalService{
		{ServiceID: svcs[0].ID, MunicipalityID: a.ID, Offered: catalogue.OfferedYes, AnnualCases: cases, EmployeeMinutes: minutes, Maturity: level, ResponsibleUserID: owner.ID},
		{ServiceID: svcs[1].ID, MunicipalityID: a.ID, Offered: catalogue.OfferedYes, AnnualCases: cases, Maturity: level, ResponsibleUserID: owner.ID},
		{ServiceID: svcs[2].ID, MunicipalityID: a.ID, Offered: catalogue.OfferedNo},
		{ServiceID: svcs[3].ID, MunicipalityID: a.ID, Offered: catalogue.OfferedOther, DeliveredBy: "IKS"},
		{ServiceID: svcs[0].ID, MunicipalityID: b.ID, Offered: catalogue.OfferedYes, EmployeeMinutes: minutes},
	}
	for i := range list {
		list[i].Provenance = map[catalogue.Fact]catalogue.Provenance{}
	}
	e.facts(c, list...)
	e.facts(other, catalogue.MunicipalService{ServiceID: xs[0].ID, MunicipalityID: x.ID, Offered: catalogue.OfferedNo, Provenance: map[catalogue.Fact]catalogue.Provenance{}})

	want := map[domain.ID]catalogue.FactCount{}
	for _, f := range list {
		w := want[f.MunicipalityID]
		w.Recorded++
		if f.Complete() {
			w.Complete++
		}
		want[f.MunicipalityID] = w
	}
	got, err := e.cat.FactCounts(e.ctx, c)
	must(t, err)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FactCounts = %v, want %v (the rule of MunicipalService.Complete)", got, want)
	}
	mine, err := e.cat.Responsibilities(e.ctx, c, owner.ID)
	must(t, err)
	if len(mine) != 2 || mine[0].ResponsibleUserID != owner.ID || mine[1].ResponsibleUserID != owner.ID {
		t.Errorf("Responsibilities = %v, want the two records of the owner", mine)
	}
	if none, err := e.cat.Responsibilities(e.ctx, other, owner.ID); err != nil || len(none) != 0 {
		t.Errorf("another collaboration's responsibilities = %v, %v", none, err)
	}
}

// testTotalsFollowUpdates checks that the collaboration's figures in the
// service list follow updates, and that a rolled-back write leaves them.
func testTotalsFollowUpdates(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	c := e.collab("fosen")
	a, b := e.municipality(c, "5054", "Indre Fosen"), e.municipality(c, "5057", "Ørland")
	svc := e.services(c, service("s1"))[0]
	facts := e.facts(c,
		catalogue.MunicipalService{ServiceID: svc.ID, MunicipalityID: a.ID, Offered: catalogue.OfferedYes, AnnualCases: ptr(int64(10)), Maturity: ptr(int64(2)), Provenance: map[catalogue.Fact]catalogue.Provenance{}},
		catalogue.MunicipalService{ServiceID: svc.ID, MunicipalityID: b.ID, Offered: catalogue.OfferedYes, AnnualCases: ptr(int64(30)), Maturity: ptr(int64(4)), Provenance: map[catalogue.Fact]catalogue.Provenance{}})
	total := func() (int64, int64, float64) {
		t.Helper()
		list, err := e.cat.ServiceSummaries(e.ctx, c, 0)
		must(t, err)
		if len(list) != 1 || list[0].AnnualCases == nil || list[0].Maturity == nil {
			t.Fatalf("summaries = %+v", list)
		}
		return list[0].Offering, *list[0].AnnualCases, *list[0].Maturity
	}
	if o, n, m := total(); o != 2 || n != 40 || m != 3 {
		t.Errorf("after insert: offering %d, cases %d, maturity %v; want 2, 40, 3", o, n, m)
	}
	upd := facts[1]
	upd.Offered, upd.AnnualCases, upd.Maturity = catalogue.OfferedNo, ptr(int64(5)), ptr(int64(5))
	batch := []catalogue.MunicipalService{upd}
	must(t, e.cat.SaveMunicipalServices(e.ctx, c, batch))
	upd = batch[0]
	if o, n, m := total(); o != 1 || n != 15 || m != 3.5 {
		t.Errorf("after update: offering %d, cases %d, maturity %v; want 1, 15, 3.5", o, n, m)
	}
	boom := errors.New("roll back")
	err := e.cat.Atomic(e.ctx, func(st catalogue.Store) error {
		again := upd
		again.AnnualCases = ptr(int64(1000))
		if err := st.SaveMunicipalServices(e.ctx, c, []catalogue.MunicipalService{again}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Atomic = %v", err)
	}
	if _, n, _ := total(); n != 15 {
		t.Errorf("after a rolled-back write: cases %d, want 15", n)
	}
}

func testCollaborations(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	id := e.collab("fosen")
	want := catalogue.Collaboration{ID: id, Slug: "fosen", Name: "Samarbeid fosen"}

	got, err := e.cat.Collaboration(e.ctx, id)
	must(t, err)
	if got != want {
		t.Errorf("Collaboration = %+v, want %+v", got, want)
	}
	got, err = e.cat.CollaborationBySlug(e.ctx, "fosen")
	must(t, err)
	if got != want {
		t.Errorf("CollaborationBySlug = %+v, want %+v", got, want)
	}

	for _, tc := range []struct {
		name string
		err  func() error
		want domain.Kind
	}{
		{"duplicate slug", func() error {
			_, err := e.cat.CreateCollaboration(e.ctx, catalogue.Collaboration{Slug: "fosen", Name: "Igjen"})
			return err
		}, domain.KindConflict},
		{"missing id", func() error { _, err := e.cat.Collaboration(e.ctx, id+100); return err }, domain.KindNotFound},
		{"missing slug", func() error { _, err := e.cat.CollaborationBySlug(e.ctx, "namdal"); return err }, domain.KindNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) { wantKind(t, tc.err(), tc.want) })
	}
}

// sameService compares every stored field of a service.
func sameService(t *testing.T, got, want catalogue.Service) {
	t.Helper()
	sameTime(t, "UpdatedAt", got.UpdatedAt, want.UpdatedAt)
	got.UpdatedAt, want.UpdatedAt = time.Time{}, time.Time{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("service\n got %+v\nwant %+v", got, want)
	}
}

func testServices(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	t.Run("BatchInsertAcrossChunks", func(t *testing.T) {
		e := newEnv(t, open)
		collab := e.collab("fosen")
		const n = 1200 // more rows than one insert statement takes
		list := make([]catalogue.Service, n)
		for i := range list {
			list[i] = service(slugN("tjeneste", i))
		}
		e.services(collab, list...)
		ids := map[domain.ID]bool{}
		for i, s := range list {
			if s.ID == 0 || s.Version != 1 || s.CollaborationID != collab {
				t.Fatalf("row %d after insert: ID %d, Version %d, CollaborationID %d", i, s.ID, s.Version, s.CollaborationID)
			}
			ids[s.ID] = true
		}
		if len(ids) != n {
			t.Fatalf("%d distinct IDs, want %d", len(ids), n)
		}
		stored, err := e.cat.Services(e.ctx, collab)
		must(t, err)
		if len(stored) != n {
			t.Fatalf("Services returned %d, want %d", len(stored), n)
		}
		bySlug := map[string]domain.ID{}
		for _, s := range stored {
			bySlug[s.Slug] = s.ID
		}
		for i, s := range list {
			if bySlug[s.Slug] != s.ID {
				t.Fatalf("row %d: ID set to %d, stored as %d", i, s.ID, bySlug[s.Slug])
			}
		}
	})

	t.Run("RoundTrip", func(t *testing.T) {
		e := newEnv(t, open)
		collab := e.collab("fosen")
		oslo := time.FixedZone("CET", 3600)
		for _, tc := range []struct {
			name string
			s    catalogue.Service
		}{
			{"every field", catalogue.Service{Slug: "soknad-om-dispensasjon", NameNB: "Søknad om dispensasjon – ÆØÅ æøå",
				NameEN: "Application for exemption", Description: "Beskrivelse med «sitat» og\nlinjeskift.",
				Area: "plan-bygg", KostraFunction: "302", Mandated: true,
				LegalBasis: []catalogue.LegalRef{{Law: "Plan- og bygningsloven", Section: "19-1"},
					{Law: "Forvaltningsloven", Section: "11a"}, {Law: "Plan- og bygningsloven", Section: "20-1 andre ledd"}},
				TargetGroup: "naeringsliv", LifeEvent: "bygge", Notes: "Merknad: søknader øker.",
				UpdatedAt: at(3, 10, 15, 30, 123456)}},
			{"empty optional fields", catalogue.Service{Slug: "bibliotek", NameNB: "Bibliotek", Area: "kultur",
				KostraFunction: "370", TargetGroup: "innbygger", UpdatedAt: at(4, 0, 0, 0, 1)}},
			{"time in another zone", catalogue.Service{Slug: "skoleskyss", NameNB: "Skoleskyss", Area: "skole",
				KostraFunction: "223", TargetGroup: "innbygger",
				UpdatedAt: time.Date(2025, 6, 1, 0, 30, 0, 999000, oslo)}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				list := e.services(collab, tc.s)
				want := tc.s
				want.ID, want.CollaborationID, want.Version = list[0].ID, collab, 1
				got, err := e.cat.Service(e.ctx, collab, want.ID)
				must(t, err)
				sameService(t, got, want)
				got, err = e.cat.ServiceBySlug(e.ctx, collab, want.Slug)
				must(t, err)
				sameService(t, got, want)
				all, err := e.cat.Services(e.ctx, collab)
				must(t, err)
				i := slices.IndexFunc(all, func(s catalogue.Service) bool { return s.ID == want.ID })
				if i < 0 {
					t.Fatalf("Services does not list %s", want.Slug)
				}
				sameService(t, all[i], want)
			})
		}
	})

	t.Run("UpdateAndStaleVersion", func(t *testing.T) {
		e := newEnv(t, open)
		collab := e.collab("fosen")
		orig := e.services(collab, service("byggesak"))[0]

		first := orig
		first.NameNB, first.Mandated = "Byggesaksbehandling", true
		first.LegalBasis = []catalogue.LegalRef{{Law: "Plan- og bygningsloven", Section: "20-1"}}
		first.UpdatedAt = at(5, 9, 0, 0, 0)
		batch := []catalogue.Service{first}
		must(t, e.cat.SaveServices(e.ctx, collab, batch))
		if batch[0].Version != 2 {
			t.Errorf("version after update = %d, want 2", batch[0].Version)
		}
		got, err := e.cat.Service(e.ctx, collab, orig.ID)
		must(t, err)
		first.Version = 2
		sameService(t, got, first)

		stale := orig // still version 1
		stale.NameNB = "Utdatert navn"
		wantKind(t, e.cat.SaveServices(e.ctx, collab, []catalogue.Service{stale}), domain.KindConflict)
		got, err = e.cat.Service(e.ctx, collab, orig.ID)
		must(t, err)
		sameService(t, got, first)

		missing := first
		missing.ID += 1000
		wantKind(t, e.cat.SaveServices(e.ctx, collab, []catalogue.Service{missing}), domain.KindConflict)
	})

	t.Run("DuplicateSlug", func(t *testing.T) {
		e := newEnv(t, open)
		collab, other := e.collab("fosen"), e.collab("namdal")
		taken := e.services(collab, service("byggesak"), service("renovasjon"))
		for _, tc := range []struct {
			name   string
			collab domain.ID
			list   []catalogue.Service
			want   domain.Kind // KindInternal: no error
		}{
			{"insert taken slug", collab, []catalogue.Service{service("byggesak")}, domain.KindConflict},
			{"two in one batch", collab, []catalogue.Service{service("ny"), service("ny")}, domain.KindConflict},
			{"rename onto taken slug", collab, []catalogue.Service{func() catalogue.Service {
				s := taken[1]
				s.Slug = "byggesak"
				return s
			}()}, domain.KindConflict},
			{"same slug in another collaboration", other, []catalogue.Service{service("byggesak")}, domain.KindInternal},
		} {
			t.Run(tc.name, func(t *testing.T) {
				err := e.cat.SaveServices(e.ctx, tc.collab, tc.list)
				if tc.want == domain.KindInternal {
					must(t, err)
					return
				}
				wantKind(t, err, tc.want)
			})
		}
		list, err := e.cat.Services(e.ctx, collab)
		must(t, err)
		if len(list) != 2 || list[0].Slug != "byggesak" || list[1].Slug != "renovasjon" || list[1].Version != 1 {
			t.Errorf("services after failed saves = %+v", list)
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		e := newEnv(t, open)
		collab := e.collab("fosen")
		s := e.services(collab, service("byggesak"))[0]
		for _, tc := range []struct {
			name string
			err  func() error
		}{
			{"Service", func() error { _, err := e.cat.Service(e.ctx, collab, s.ID+1); return err }},
			{"ServiceBySlug", func() error { _, err := e.cat.ServiceBySlug(e.ctx, collab, "ukjent"); return err }},
		} {
			t.Run(tc.name, func(t *testing.T) { wantKind(t, tc.err(), domain.KindNotFound) })
		}
	})
}

// testIsolation checks that one collaboration never sees another's records.
func testIsolation(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	type side struct {
		collab domain.ID
		svc    catalogue.Service
		muni   catalogue.Municipality
		fact   catalogue.MunicipalService
	}
	mk := func(slug string) side {
		var s side
		s.collab = e.collab(slug)
		// Same slug and number in both collaborations.
		s.svc = e.services(s.collab, service("byggesak"))[0]
		s.muni = e.municipality(s.collab, "5001", "Trondheim")
		s.fact = e.facts(s.collab, catalogue.MunicipalService{ServiceID: s.svc.ID, MunicipalityID: s.muni.ID,
			Offered: catalogue.OfferedYes, AnnualCases: ptr(int64(10))})[0]
		must(t, e.cat.AddChanges(e.ctx, []history.Change{{CollaborationID: s.collab, Entity: "service", EntityID: s.svc.ID,
			Action: history.ActionCreate, UserName: slug, At: at(1, 0, 0, 0, 0)}}))
		return s
	}
	a, b := mk("fosen"), mk("namdal")

	for _, tc := range []struct {
		name string
		err  func() error
	}{
		{"Service", func() error { _, err := e.cat.Service(e.ctx, b.collab, a.svc.ID); return err }},
		{"Municipality", func() error { _, err := e.cat.Municipality(e.ctx, b.collab, a.muni.ID); return err }},
		{"MunicipalService", func() error {
			_, err := e.cat.MunicipalService(e.ctx, b.collab, a.svc.ID, a.muni.ID)
			return err
		}},
		{"MunicipalityExists", func() error { return e.db.MunicipalityExists(e.ctx, b.collab, a.muni.ID) }},
	} {
		t.Run(tc.name, func(t *testing.T) { wantKind(t, tc.err(), domain.KindNotFound) })
	}

	t.Run("lists", func(t *testing.T) {
		svcs, err := e.cat.Services(e.ctx, b.collab)
		must(t, err)
		if len(svcs) != 1 || svcs[0].ID != b.svc.ID {
			t.Errorf("Services(b) = %+v", svcs)
		}
		sums, err := e.cat.ServiceSummaries(e.ctx, b.collab, 0)
		must(t, err)
		if len(sums) != 1 || sums[0].ID != b.svc.ID || sums[0].Offering != 1 || *sums[0].AnnualCases != 10 {
			t.Errorf("ServiceSummaries(b) = %+v", sums)
		}
		munis, err := e.cat.Municipalities(e.ctx, b.collab)
		must(t, err)
		if len(munis) != 1 || munis[0].ID != b.muni.ID {
			t.Errorf("Municipalities(b) = %+v", munis)
		}
		for _, service := range []domain.ID{0, a.svc.ID} {
			facts, err := e.cat.MunicipalServices(e.ctx, b.collab, service)
			must(t, err)
			want := []domain.ID{b.fact.ID}
			if service != 0 {
				want = nil
			}
			var got []domain.ID
			for _, f := range facts {
				got = append(got, f.ID)
			}
			if !slices.Equal(got, want) {
				t.Errorf("MunicipalServices(b, %d) IDs = %v, want %v", service, got, want)
			}
		}
		changes, err := e.cat.Changes(e.ctx, b.collab, "service", a.svc.ID)
		must(t, err)
		if len(changes) != 0 {
			t.Errorf("Changes(b, a's service) = %+v", changes)
		}
	})

	t.Run("updates", func(t *testing.T) {
		svc := a.svc
		svc.NameNB = "Kapret"
		wantKind(t, e.cat.SaveServices(e.ctx, b.collab, []catalogue.Service{svc}), domain.KindConflict)
		mu := a.muni
		mu.Name = "Kapret"
		wantKind(t, e.cat.SaveMunicipalities(e.ctx, b.collab, []catalogue.Municipality{mu}), domain.KindConflict)
		f := a.fact
		f.AnnualCases = ptr(int64(99))
		wantKind(t, e.cat.SaveMunicipalServices(e.ctx, b.collab, []catalogue.MunicipalService{f}), domain.KindConflict)
		got, err := e.cat.MunicipalService(e.ctx, a.collab, a.svc.ID, a.muni.ID)
		must(t, err)
		if *got.AnnualCases != 10 || got.Version != 1 {
			t.Errorf("a's facts changed through b: %+v", got)
		}
	})
}

func sameDate(t *testing.T, what string, got, want *time.Time) {
	t.Helper()
	switch {
	case got == nil && want == nil:
	case got == nil || want == nil:
		t.Errorf("%s = %v, want %v", what, got, want)
	default:
		if g, w := got.Format(time.DateOnly), want.Format(time.DateOnly); g != w {
			t.Errorf("%s = %s, want %s", what, g, w)
		}
	}
}

// sameMunicipality compares every stored field; dates by calendar day.
func sameMunicipality(t *testing.T, got, want catalogue.Municipality) {
	t.Helper()
	sameDate(t, "ValidFrom", got.ValidFrom, want.ValidFrom)
	sameDate(t, "ValidTo", got.ValidTo, want.ValidTo)
	got.ValidFrom, got.ValidTo, want.ValidFrom, want.ValidTo = nil, nil, nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("municipality\n got %+v\nwant %+v", got, want)
	}
}

func testMunicipalities(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	day := func(y int, m time.Month, d int, loc *time.Location) *time.Time {
		v := time.Date(y, m, d, 0, 0, 0, 0, loc)
		return &v
	}
	// Midnight east of Greenwich is the previous day in UTC: the day must not move.
	east := time.FixedZone("CET", 3600)

	t.Run("RoundTrip", func(t *testing.T) {
		e := newEnv(t, open)
		collab := e.collab("fosen")
		succ := e.municipality(collab, "5007", "Namsos")
		for _, tc := range []struct {
			name string
			m    catalogue.Municipality
		}{
			{"nothing optional", catalogue.Municipality{Number: "5001", Name: "Trondheim"}},
			{"zero population", catalogue.Municipality{Number: "5025", Name: "Røros", Population: ptr(int64(0)),
				PopulationYear: ptr(int64(2024))}},
			{"every field", catalogue.Municipality{Number: "1725", Name: "Namdalseid", Population: ptr(int64(1600)),
				PopulationYear: ptr(int64(2019)), ValidFrom: day(1838, time.January, 1, time.UTC),
				ValidTo: day(2020, time.January, 1, east), SuccessorID: succ.ID, Illustrative: true}},
			{"dates east of UTC", catalogue.Municipality{Number: "5054", Name: "Indre Fosen",
				ValidFrom: day(2018, time.January, 1, east)}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				list := []catalogue.Municipality{tc.m}
				must(t, e.cat.SaveMunicipalities(e.ctx, collab, list))
				want := tc.m
				want.ID, want.CollaborationID, want.Version = list[0].ID, collab, 1
				if list[0].ID == 0 || list[0].Version != 1 {
					t.Fatalf("after insert: %+v", list[0])
				}
				got, err := e.cat.Municipality(e.ctx, collab, want.ID)
				must(t, err)
				sameMunicipality(t, got, want)
				all, err := e.cat.Municipalities(e.ctx, collab)
				must(t, err)
				i := slices.IndexFunc(all, func(m catalogue.Municipality) bool { return m.ID == want.ID })
				if i < 0 {
					t.Fatalf("Municipalities does not list %s", want.Name)
				}
				sameMunicipality(t, all[i], want)
			})
		}
	})

	t.Run("UpdateAndConflicts", func(t *testing.T) {
		e := newEnv(t, open)
		collab, other := e.collab("fosen"), e.collab("namdal")
		namsos := e.municipality(collab, "5007", "Namsos")
		old := e.municipality(collab, "1725", "Namdalseid")

		merged := old
		merged.ValidTo, merged.SuccessorID, merged.Population = day(2020, time.January, 1, time.UTC), namsos.ID, ptr(int64(1600))
		batch := []catalogue.Municipality{merged}
		must(t, e.cat.SaveMunicipalities(e.ctx, collab, batch))
		if batch[0].Version != 2 {
			t.Errorf("version after update = %d, want 2", batch[0].Version)
		}
		merged.Version = 2
		got, err := e.cat.Municipality(e.ctx, collab, old.ID)
		must(t, err)
		sameMunicipality(t, got, merged)

		// Clearing optional values stores NULL again.
		cleared := merged
		cleared.Population, cleared.ValidTo, cleared.SuccessorID = nil, nil, 0
		batch = []catalogue.Municipality{cleared}
		must(t, e.cat.SaveMunicipalities(e.ctx, collab, batch))
		cleared.Version = 3
		got, err = e.cat.Municipality(e.ctx, collab, old.ID)
		must(t, err)
		sameMunicipality(t, got, cleared)

		for _, tc := range []struct {
			name   string
			collab domain.ID
			m      catalogue.Municipality
			want   domain.Kind // KindInternal: no error
		}{
			{"stale version", collab, func() catalogue.Municipality { m := merged; m.Name = "Utdatert"; return m }(), domain.KindConflict},
			{"duplicate number", collab, catalogue.Municipality{Number: "5007", Name: "Namsos igjen"}, domain.KindConflict},
			{"number taken by update", collab, func() catalogue.Municipality { m := cleared; m.Number = "5007"; return m }(), domain.KindConflict},
			{"same number in another collaboration", other, catalogue.Municipality{Number: "5007", Name: "Namsos"}, domain.KindInternal},
		} {
			t.Run(tc.name, func(t *testing.T) {
				err := e.cat.SaveMunicipalities(e.ctx, tc.collab, []catalogue.Municipality{tc.m})
				if tc.want == domain.KindInternal {
					must(t, err)
					return
				}
				wantKind(t, err, tc.want)
			})
		}
		got, err = e.cat.Municipality(e.ctx, collab, old.ID)
		must(t, err)
		sameMunicipality(t, got, cleared)
		_, err = e.cat.Municipality(e.ctx, collab, old.ID+1000)
		wantKind(t, err, domain.KindNotFound)
	})

	t.Run("Order", func(t *testing.T) {
		e := newEnv(t, open)
		collab := e.collab("fosen")
		gone := day(2020, time.January, 1, time.UTC)
		for _, m := range []catalogue.Municipality{
			{Number: "1724", Name: "Verran", ValidTo: gone},
			{Number: "5038", Name: "Verdal"},
			{Number: "1723", Name: "Mosvik", ValidTo: gone},
			{Number: "5006", Name: "Steinkjer"},
			{Number: "5037", Name: "Levanger"},
		} {
			must(t, e.cat.SaveMunicipalities(e.ctx, collab, []catalogue.Municipality{m}))
		}
		all, err := e.cat.Municipalities(e.ctx, collab)
		must(t, err)
		var names []string
		for _, m := range all {
			names = append(names, m.Name)
		}
		want := []string{"Levanger", "Steinkjer", "Verdal", "Mosvik", "Verran"}
		if !slices.Equal(names, want) {
			t.Errorf("order = %v, want %v", names, want)
		}
	})
}

// sameFacts compares every stored field of a municipal service.
func sameFacts(t *testing.T, got, want catalogue.MunicipalService) {
	t.Helper()
	sameTime(t, "UpdatedAt", got.UpdatedAt, want.UpdatedAt)
	got.UpdatedAt, want.UpdatedAt = time.Time{}, time.Time{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("facts\n got %s\nwant %s", factString(got), factString(want))
	}
}

func factString(ms catalogue.MunicipalService) string {
	return fmt.Sprintf("{ID:%d ServiceID:%d MunicipalityID:%d Offered:%s DeliveredBy:%q AnnualCases:%s EmployeeMinutes:%s "+
		"CitizenMinutes:%s HourlyCost:%s Maturity:%s Paper:%s Email:%s Phone:%s Digital:%s Systems:%q "+
		"ResponsibleUserID:%d Provenance:%v Version:%d}", ms.ID, ms.ServiceID, ms.MunicipalityID, ms.Offered, ms.DeliveredBy,
		optString(ms.AnnualCases), optString(ms.EmployeeMinutes), optString(ms.CitizenMinutes), optString(ms.HourlyCost),
		optString(ms.Maturity), optString(ms.Channels.Paper), optString(ms.Channels.Email), optString(ms.Channels.Phone),
		optString(ms.Channels.Digital), ms.Systems, ms.ResponsibleUserID, ms.Provenance, ms.Version)
}

func testMunicipalServices(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	t.Run("RoundTrip", func(t *testing.T) {
		e := newEnv(t, open)
		collab := e.collab("fosen")
		owner := e.user(collab, "kari@fosen.no")
		svcs := e.services(collab, service("a"), service("b"), service("c"), service("d"))
		muni := e.municipality(collab, "5054", "Indre Fosen")
		for i, tc := range []struct {
			name string
			ms   catalogue.MunicipalService
		}{
			{"all numbers absent", catalogue.MunicipalService{Offered: catalogue.OfferedNo,
				Provenance: map[catalogue.Fact]catalogue.Provenance{}}},
			{"all numbers zero", catalogue.MunicipalService{Offered: catalogue.OfferedYes, AnnualCases: ptr(int64(0)),
				EmployeeMinutes: ptr(0.0), CitizenMinutes: ptr(0.0), HourlyCost: ptr(0.0), Maturity: ptr(int64(0)),
				Channels:   catalogue.Channels{Paper: ptr(0.0), Email: ptr(0.0), Phone: ptr(0.0), Digital: ptr(0.0)},
				Provenance: map[catalogue.Fact]catalogue.Provenance{}}},
			{"every field", catalogue.MunicipalService{Offered: catalogue.OfferedOther, DeliveredBy: "Trøndelag brann- og redningstjeneste IKS",
				AnnualCases: ptr(int64(1234567)), EmployeeMinutes: ptr(12.5), CitizenMinutes: ptr(0.1), HourlyCost: ptr(745.25),
				Maturity: ptr(int64(3)),
				Channels: catalogue.Channels{Paper: ptr(12.5), Email: ptr(7.5), Phone: ptr(30.0), Digital: ptr(50.0)},
				Systems:  "Acos WebSak, Altinn", ResponsibleUserID: owner.ID,
				Provenance: map[catalogue.Fact]catalogue.Provenance{
					catalogue.FactAnnualCases: catalogue.ProvenanceMeasured, catalogue.FactEmployeeMinutes: catalogue.ProvenanceEstimated,
					catalogue.FactCitizenMinutes: catalogue.ProvenanceImported, catalogue.FactHourlyCost: catalogue.ProvenanceIllustrative,
					catalogue.FactMaturity: catalogue.ProvenanceEstimated, catalogue.FactChannels: catalogue.ProvenanceMeasured}}},
			{"some numbers", catalogue.MunicipalService{Offered: catalogue.OfferedYes, EmployeeMinutes: ptr(45.0),
				Channels:   catalogue.Channels{Digital: ptr(80.0)},
				Provenance: map[catalogue.Fact]catalogue.Provenance{catalogue.FactEmployeeMinutes: catalogue.ProvenanceEstimated}}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ms := tc.ms
				ms.ServiceID, ms.MunicipalityID, ms.UpdatedAt = svcs[i].ID, muni.ID, at(10, 12, 0, 0, 250)
				list := e.facts(collab, ms)
				if list[0].ID == 0 || list[0].Version != 1 {
					t.Fatalf("after insert: ID %d, Version %d", list[0].ID, list[0].Version)
				}
				want := ms
				want.ID, want.Version = list[0].ID, 1
				got, err := e.cat.MunicipalService(e.ctx, collab, ms.ServiceID, muni.ID)
				must(t, err)
				sameFacts(t, got, want)
				all, err := e.cat.MunicipalServices(e.ctx, collab, ms.ServiceID)
				must(t, err)
				if len(all) != 1 {
					t.Fatalf("MunicipalServices(%d) returned %d rows, want 1", ms.ServiceID, len(all))
				}
				sameFacts(t, all[0], want)
			})
		}
	})

	t.Run("UpdateAndConflicts", func(t *testing.T) {
		e := newEnv(t, open)
		collab := e.collab("fosen")
		owner := e.user(collab, "kari@fosen.no")
		svc := e.services(collab, service("byggesak"))[0]
		muni := e.municipality(collab, "5054", "Indre Fosen")
		orig := e.facts(collab, catalogue.MunicipalService{ServiceID: svc.ID, MunicipalityID: muni.ID, Offered: catalogue.OfferedYes,
			AnnualCases: ptr(int64(5)), Provenance: map[catalogue.Fact]catalogue.Provenance{catalogue.FactAnnualCases: catalogue.ProvenanceEstimated},
			UpdatedAt: at(1, 0, 0, 0, 0)})[0]

		upd := orig
		upd.AnnualCases, upd.Maturity, upd.ResponsibleUserID = nil, ptr(int64(4)), owner.ID
		upd.Provenance = map[catalogue.Fact]catalogue.Provenance{catalogue.FactMaturity: catalogue.ProvenanceMeasured}
		upd.UpdatedAt = at(2, 0, 0, 0, 0)
		batch := []catalogue.MunicipalService{upd}
		must(t, e.cat.SaveMunicipalServices(e.ctx, collab, batch))
		if batch[0].Version != 2 {
			t.Errorf("version after update = %d, want 2", batch[0].Version)
		}
		upd.Version = 2
		got, err := e.cat.MunicipalService(e.ctx, collab, svc.ID, muni.ID)
		must(t, err)
		sameFacts(t, got, upd)

		stale := orig
		stale.Systems = "utdatert"
		wantKind(t, e.cat.SaveMunicipalServices(e.ctx, collab, []catalogue.MunicipalService{stale}), domain.KindConflict)
		dup := orig
		dup.ID, dup.Version = 0, 0
		wantKind(t, e.cat.SaveMunicipalServices(e.ctx, collab, []catalogue.MunicipalService{dup}), domain.KindConflict)
		got, err = e.cat.MunicipalService(e.ctx, collab, svc.ID, muni.ID)
		must(t, err)
		sameFacts(t, got, upd)

		_, err = e.cat.MunicipalService(e.ctx, collab, svc.ID, muni.ID+1000)
		wantKind(t, err, domain.KindNotFound)
	})

	t.Run("BatchInsertAcrossChunks", func(t *testing.T) {
		e := newEnv(t, open)
		collab, other := e.collab("fosen"), e.collab("namdal")
		svcs := make([]catalogue.Service, 30)
		for i := range svcs {
			svcs[i] = service(slugN("s", i))
		}
		e.services(collab, svcs...)
		munis := make([]catalogue.Municipality, 40)
		for i := range munis {
			munis[i] = catalogue.Municipality{Number: slugN("", i)[1:], Name: slugN("Kommune", i)}
		}
		must(t, e.cat.SaveMunicipalities(e.ctx, collab, munis))
		// 1 200 rows: more than one insert statement takes. Each row's
		// annual cases encode its pair, so a mixed-up ID shows.
		var list []catalogue.MunicipalService
		for i, s := range svcs {
			for j, m := range munis {
				list = append(list, catalogue.MunicipalService{ServiceID: s.ID, MunicipalityID: m.ID, Offered: catalogue.OfferedYes,
					AnnualCases: ptr(int64(i*1000 + j)), Provenance: map[catalogue.Fact]catalogue.Provenance{}})
			}
		}
		e.facts(collab, list...)
		// Noise in another collaboration.
		os := e.services(other, service("x"))[0]
		om := e.municipality(other, "0301", "Oslo")
		e.facts(other, catalogue.MunicipalService{ServiceID: os.ID, MunicipalityID: om.ID, Offered: catalogue.OfferedYes})

		stored, err := e.cat.MunicipalServices(e.ctx, collab, 0)
		must(t, err)
		if len(stored) != len(list) {
			t.Fatalf("MunicipalServices(collab, 0) returned %d rows, want %d", len(stored), len(list))
		}
		byID := map[domain.ID]catalogue.MunicipalService{}
		for _, f := range stored {
			byID[f.ID] = f
		}
		for _, f := range list {
			g, ok := byID[f.ID]
			if f.ID == 0 || f.Version != 1 || !ok || g.ServiceID != f.ServiceID || g.MunicipalityID != f.MunicipalityID ||
				*g.AnnualCases != *f.AnnualCases {
				t.Fatalf("row for (%d, %d) got ID %d version %d; stored under it: %+v", f.ServiceID, f.MunicipalityID, f.ID, f.Version, g)
			}
		}
		one, err := e.cat.MunicipalServices(e.ctx, collab, svcs[7].ID)
		must(t, err)
		if len(one) != len(munis) {
			t.Fatalf("MunicipalServices(collab, s7) returned %d rows, want %d", len(one), len(munis))
		}
		for _, f := range one {
			if f.ServiceID != svcs[7].ID {
				t.Fatalf("MunicipalServices(collab, s7) returned a row of service %d", f.ServiceID)
			}
		}
	})
}

func testServiceSummaries(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	collab := e.collab("fosen")
	svcs := e.services(collab,
		catalogue.Service{Slug: "byggesak", NameNB: "Byggesak", Area: "plan-bygg", KostraFunction: "302", Mandated: true,
			LegalBasis: []catalogue.LegalRef{{Law: "Plan- og bygningsloven", Section: "20-1"}}, TargetGroup: "innbygger"},
		service("ingen-tall"), service("ingen-fakta"))
	m1, m2, m3 := e.municipality(collab, "5001", "A"), e.municipality(collab, "5002", "B"), e.municipality(collab, "5003", "C")
	bygg, blank, none := svcs[0].ID, svcs[1].ID, svcs[2].ID
	e.facts(collab,
		catalogue.MunicipalService{ServiceID: bygg, MunicipalityID: m1.ID, Offered: catalogue.OfferedYes, AnnualCases: ptr(int64(100)), Maturity: ptr(int64(2))},
		catalogue.MunicipalService{ServiceID: bygg, MunicipalityID: m2.ID, Offered: catalogue.OfferedOther, DeliveredBy: "A", Maturity: ptr(int64(5))},
		catalogue.MunicipalService{ServiceID: bygg, MunicipalityID: m3.ID, Offered: catalogue.OfferedNo, AnnualCases: ptr(int64(0))},
		catalogue.MunicipalService{ServiceID: blank, MunicipalityID: m2.ID, Offered: catalogue.OfferedYes},
	)
	type row struct {
		offering int64
		cases    *int64
		maturity *float64
	}
	for _, tc := range []struct {
		name string
		muni domain.ID
		want map[domain.ID]row
	}{
		{"collaboration", 0, map[domain.ID]row{bygg: {2, ptr(int64(100)), ptr(3.5)}, blank: {1, nil, nil}, none: {0, nil, nil}}},
		{"municipality offering itself", m1.ID, map[domain.ID]row{bygg: {1, ptr(int64(100)), ptr(2.0)}, blank: {0, nil, nil}, none: {0, nil, nil}}},
		{"municipality offering via another", m2.ID, map[domain.ID]row{bygg: {1, nil, ptr(5.0)}, blank: {1, nil, nil}, none: {0, nil, nil}}},
		{"municipality not offering", m3.ID, map[domain.ID]row{bygg: {0, ptr(int64(0)), nil}, blank: {0, nil, nil}, none: {0, nil, nil}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			list, err := e.cat.ServiceSummaries(e.ctx, collab, tc.muni)
			must(t, err)
			if len(list) != len(tc.want) {
				t.Fatalf("%d summaries, want %d", len(list), len(tc.want))
			}
			for _, s := range list {
				w, ok := tc.want[s.ID]
				if !ok {
					t.Fatalf("unexpected service %d", s.ID)
				}
				got := row{s.Offering, s.AnnualCases, s.Maturity}
				if !reflect.DeepEqual(got, w) {
					t.Errorf("%s: offering %d cases %s maturity %s, want offering %d cases %s maturity %s", s.Slug,
						got.offering, optString(got.cases), optString(got.maturity), w.offering, optString(w.cases), optString(w.maturity))
				}
				if s.ID == bygg {
					want := svcs[0]
					want.Version, want.CollaborationID = 1, collab
					sameService(t, s.Service, want)
				}
			}
		})
	}
}

func testAtomic(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	boom := errors.New("boom")
	type fixture struct {
		e      *env
		collab domain.ID
		svc    catalogue.Service
		muni   catalogue.Municipality
	}
	setup := func(t *testing.T) fixture {
		e := newEnv(t, open)
		collab := e.collab("fosen")
		return fixture{e, collab, e.services(collab, service("byggesak"))[0], e.municipality(collab, "5001", "Trondheim")}
	}
	// write makes one write of every kind on st.
	write := func(f fixture, st catalogue.Store) error {
		renamed := f.svc
		renamed.NameNB = "Endret"
		if err := st.SaveServices(f.e.ctx, f.collab, []catalogue.Service{renamed, service("ny")}); err != nil {
			return err
		}
		if err := st.SaveMunicipalities(f.e.ctx, f.collab, []catalogue.Municipality{{Number: "5002", Name: "Ny"}}); err != nil {
			return err
		}
		if err := st.SaveMunicipalServices(f.e.ctx, f.collab, []catalogue.MunicipalService{{ServiceID: f.svc.ID,
			MunicipalityID: f.muni.ID, Offered: catalogue.OfferedYes}}); err != nil {
			return err
		}
		return st.AddChanges(f.e.ctx, []history.Change{{CollaborationID: f.collab, Entity: "service", EntityID: f.svc.ID,
			Action: history.ActionUpdate, UserName: "x", At: at(1, 0, 0, 0, 0)}})
	}
	// state summarises what is stored.
	state := func(t *testing.T, f fixture) (services, munis, facts, changes int, name string) {
		t.Helper()
		s, err := f.e.cat.Services(f.e.ctx, f.collab)
		must(t, err)
		m, err := f.e.cat.Municipalities(f.e.ctx, f.collab)
		must(t, err)
		ms, err := f.e.cat.MunicipalServices(f.e.ctx, f.collab, 0)
		must(t, err)
		c, err := f.e.cat.Changes(f.e.ctx, f.collab, "service", f.svc.ID)
		must(t, err)
		got, err := f.e.cat.Service(f.e.ctx, f.collab, f.svc.ID)
		must(t, err)
		return len(s), len(m), len(ms), len(c), got.NameNB
	}
	untouched := func(t *testing.T, f fixture) {
		t.Helper()
		s, m, ms, c, name := state(t, f)
		if s != 1 || m != 1 || ms != 0 || c != 0 || name != f.svc.NameNB {
			t.Errorf("after rollback: %d services, %d municipalities, %d facts, %d changes, name %q", s, m, ms, c, name)
		}
	}
	written := func(t *testing.T, f fixture) {
		t.Helper()
		s, m, ms, c, name := state(t, f)
		if s != 2 || m != 2 || ms != 1 || c != 1 || name != "Endret" {
			t.Errorf("after commit: %d services, %d municipalities, %d facts, %d changes, name %q", s, m, ms, c, name)
		}
	}

	isBoom := func(t *testing.T, err error) {
		t.Helper()
		if !errors.Is(err, boom) {
			t.Fatalf("Atomic = %v, want %v", err, boom)
		}
	}
	isConflict := func(t *testing.T, err error) { t.Helper(); wantKind(t, err, domain.KindConflict) }
	for _, tc := range []struct {
		name  string
		run   func(f fixture) error
		err   func(t *testing.T, err error)
		check func(t *testing.T, f fixture)
	}{
		{"error rolls back", func(f fixture) error {
			return f.e.cat.Atomic(f.e.ctx, func(st catalogue.Store) error {
				if err := write(f, st); err != nil {
					return err
				}
				return boom
			})
		}, isBoom, untouched},
		{"failed write rolls back earlier ones", func(f fixture) error {
			return f.e.cat.Atomic(f.e.ctx, func(st catalogue.Store) error {
				if err := write(f, st); err != nil {
					return err
				}
				return st.SaveServices(f.e.ctx, f.collab, []catalogue.Service{service("byggesak")}) // duplicate slug
			})
		}, isConflict, untouched},
		{"success commits", func(f fixture) error {
			return f.e.cat.Atomic(f.e.ctx, func(st catalogue.Store) error { return write(f, st) })
		}, must, written},
		{"nested joins the outer transaction", func(f fixture) error {
			return f.e.cat.Atomic(f.e.ctx, func(st catalogue.Store) error {
				if err := st.Atomic(f.e.ctx, func(inner catalogue.Store) error { return write(f, inner) }); err != nil {
					return err
				}
				// The inner writes are visible inside the outer transaction …
				if _, err := st.ServiceBySlug(f.e.ctx, f.collab, "ny"); err != nil {
					return err
				}
				return boom // … and go with it.
			})
		}, isBoom, untouched},
		{"nested error rolls back the outer writes", func(f fixture) error {
			return f.e.cat.Atomic(f.e.ctx, func(st catalogue.Store) error {
				if err := write(f, st); err != nil {
					return err
				}
				return st.Atomic(f.e.ctx, func(catalogue.Store) error { return boom })
			})
		}, isBoom, untouched},
		{"nested success commits with the outer", func(f fixture) error {
			return f.e.cat.Atomic(f.e.ctx, func(st catalogue.Store) error {
				return st.Atomic(f.e.ctx, func(inner catalogue.Store) error { return write(f, inner) })
			})
		}, must, written},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			tc.err(t, tc.run(f))
			tc.check(t, f)
		})
	}
}

func testChanges(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	collab, other := e.collab("fosen"), e.collab("namdal")
	user := e.user(collab, "kari@fosen.no")
	east := time.FixedZone("CET", 3600)
	base := at(1, 0, 0, 0, 0)

	// 1 100 changes of one service: more than one insert statement takes.
	const n = 1100
	var list []history.Change
	for i := range n {
		list = append(list, history.Change{CollaborationID: collab, Entity: "service", EntityID: 1, Action: history.ActionUpdate,
			UserID: user.ID, UserName: user.Name, At: base.Add(time.Duration(i) * time.Minute),
			Fields: []history.FieldChange{{Field: "annual_cases", Old: fmt.Sprint(i), New: fmt.Sprint(i + 1)}}})
	}
	newest := history.Change{CollaborationID: collab, Entity: "service", EntityID: 1, Action: history.ActionImport,
		UserName: "system", At: time.Date(2025, 4, 1, 2, 3, 4, 567891000, east),
		Fields: []history.FieldChange{{Field: "name_nb", Old: "Byggesak", New: "Søknad om byggetillatelse"},
			{Field: "mandated", Old: "false", New: "true"}}}
	// Noise that must be filtered out: other collaboration, entity or id.
	noise := []history.Change{
		{CollaborationID: other, Entity: "service", EntityID: 1, Action: history.ActionCreate, UserName: "x", At: base},
		{CollaborationID: collab, Entity: "municipality", EntityID: 1, Action: history.ActionCreate, UserName: "x", At: base},
		{CollaborationID: collab, Entity: "service", EntityID: 2, Action: history.ActionCreate, UserName: "x", At: base},
	}
	must(t, e.cat.AddChanges(e.ctx, slices.Concat(list[:600], []history.Change{newest}, noise, list[600:])))
	must(t, e.cat.AddChanges(e.ctx, nil))

	got, err := e.cat.Changes(e.ctx, collab, "service", 1)
	must(t, err)
	if len(got) != n+1 {
		t.Fatalf("Changes returned %d, want %d", len(got), n+1)
	}
	first := got[0]
	if first.ID == 0 || first.CollaborationID != collab || first.Entity != "service" || first.EntityID != 1 ||
		first.Action != history.ActionImport || first.UserID != 0 || first.UserName != "system" ||
		!reflect.DeepEqual(first.Fields, newest.Fields) {
		t.Errorf("newest change = %+v, want %+v", first, newest)
	}
	sameTime(t, "newest At", first.At, newest.At)
	for i, c := range got[1:] {
		want := list[n-1-i]
		if c.UserID != user.ID || c.UserName != user.Name || c.Action != want.Action || !reflect.DeepEqual(c.Fields, want.Fields) {
			t.Fatalf("change %d = %+v, want %+v", i+1, c, want)
		}
		sameTime(t, "At", c.At, want.At)
	}

	t.Run("same time newest insert first", func(t *testing.T) {
		same := at(20, 0, 0, 0, 0)
		must(t, e.cat.AddChanges(e.ctx, []history.Change{
			{CollaborationID: collab, Entity: "service", EntityID: 3, Action: history.ActionCreate, UserName: "først", At: same},
			{CollaborationID: collab, Entity: "service", EntityID: 3, Action: history.ActionUpdate, UserName: "sist", At: same},
		}))
		got, err := e.cat.Changes(e.ctx, collab, "service", 3)
		must(t, err)
		if len(got) != 2 || got[0].UserName != "sist" || got[1].UserName != "først" {
			t.Errorf("changes at the same time = %+v", got)
		}
		if got[0].Fields != nil && len(got[0].Fields) != 0 {
			t.Errorf("fields of a change without fields = %v", got[0].Fields)
		}
	})
}

// testDataVersion checks that every write to a collaboration's catalogue
// or users raises its data version, that reads and other collaborations'
// writes do not, and that a rolled-back write leaves it.
func testDataVersion(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newEnv(t, open)
	c, other := e.collab("fosen"), e.collab("namdal")
	version := func() int64 {
		t.Helper()
		v, err := e.cat.DataVersion(e.ctx, c)
		must(t, err)
		return v
	}
	last := version()
	raised := func(what string) {
		t.Helper()
		if v := version(); v <= last {
			t.Errorf("%s did not raise the data version (%d, before %d)", what, v, last)
		} else {
			last = v
		}
	}
	svc := e.services(c, service("s1"))[0]
	raised("saving a service")
	m := e.municipality(c, "5054", "Indre Fosen")
	raised("saving a municipality")
	e.facts(c, catalogue.MunicipalService{ServiceID: svc.ID, MunicipalityID: m.ID, Offered: catalogue.OfferedYes, Provenance: map[catalogue.Fact]catalogue.Provenance{}})
	raised("saving facts")
	u := e.user(c, "fag@fosen.no")
	raised("creating a user")
	must(t, e.db.Accounts().SetGrants(e.ctx, u.ID, []domain.Grant{{Role: domain.RoleObserver}}))
	raised("changing roles")
	_, _ = e.cat.ServiceSummaries(e.ctx, c, 0)
	e.services(other, service("s1"))
	if v := version(); v != last {
		t.Errorf("reads or another collaboration's writes raised the version to %d from %d", v, last)
	}
	boom := errors.New("roll back")
	_ = e.cat.Atomic(e.ctx, func(st catalogue.Store) error {
		if err := st.SaveServices(e.ctx, c, []catalogue.Service{service("s2")}); err != nil {
			return err
		}
		return boom
	})
	if v := version(); v != last {
		t.Errorf("a rolled-back write left the version at %d, want %d", v, last)
	}
}
