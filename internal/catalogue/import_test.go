package catalogue_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/history"
)

func row(sheet string, line int) catalogue.Row { return catalogue.Row{Sheet: sheet, Line: line} }

func svcRow(line int, s catalogue.Service) catalogue.ServiceRow {
	return catalogue.ServiceRow{Row: row("services", line), Service: s}
}

func muniRow(line int, number, name, successor string) catalogue.MunicipalityRow {
	return catalogue.MunicipalityRow{Row: row("municipalities", line),
		Municipality: catalogue.Municipality{Number: number, Name: name}, SuccessorNumber: successor}
}

func factRow(line int, slug, number string, ms catalogue.MunicipalService) catalogue.FactRow {
	if ms.Offered == "" {
		ms.Offered = catalogue.OfferedYes
	}
	return catalogue.FactRow{Row: row("facts", line), ServiceSlug: slug, MunicipalityNumber: number, Facts: ms}
}

// fullBatch updates the fixture's service and municipality B, keeps A, and
// adds two services, two municipalities (Roan merged into Åfjord, both new)
// and six facts, some about the new records.
func fullBatch(f *fixture) catalogue.Batch {
	renamed := f.svc
	renamed.ID, renamed.Version, renamed.NameNB = 0, 0, "Byggesaksbehandling"
	roan := muniRow(4, "1632", "Roan", "5058")
	roan.Municipality.ValidTo = ptr(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
	orland := muniRow(5, f.b.Number, f.b.Name, "")
	orland.Municipality.Population = ptr(int64(10200))
	return catalogue.Batch{
		Services: []catalogue.ServiceRow{svcRow(2, renamed), svcRow(3, validService("renovasjon")), svcRow(4, validService("skoleskyss"))},
		Municipalities: []catalogue.MunicipalityRow{
			muniRow(2, f.a.Number, f.a.Name, ""), muniRow(3, "5058", "Åfjord", ""), roan, orland,
		},
		Facts: []catalogue.FactRow{
			factRow(2, "byggesak", "5054", catalogue.MunicipalService{AnnualCases: ptr(int64(10))}),
			factRow(3, "renovasjon", "5054", catalogue.MunicipalService{Maturity: ptr(int64(2))}),
			factRow(4, "byggesak", "5058", catalogue.MunicipalService{Offered: catalogue.OfferedNo}),
			factRow(5, "renovasjon", "5058", catalogue.MunicipalService{Offered: catalogue.OfferedOther, DeliveredBy: "Fosen IKS"}),
			factRow(6, "skoleskyss", "5057", catalogue.MunicipalService{AnnualCases: ptr(int64(300)), EmployeeMinutes: ptr(12.5),
				Provenance: map[catalogue.Fact]catalogue.Provenance{catalogue.FactAnnualCases: catalogue.ProvenanceMeasured}}),
			factRow(7, "byggesak", "5057", catalogue.MunicipalService{Maturity: ptr(int64(3))}),
		},
	}
}

var fullCounts = struct{ services, municipalities, facts catalogue.Counts }{
	catalogue.Counts{Created: 2, Updated: 1},
	catalogue.Counts{Created: 2, Updated: 1, Unchanged: 1},
	catalogue.Counts{Created: 6},
}

func (f *fixture) totalChanges() int {
	f.t.Helper()
	var n int
	must(f.t, f.db.SQL().QueryRowContext(f.ctx, `SELECT COUNT(*) FROM changes`).Scan(&n))
	return n
}

func wantCounts(t *testing.T, rep catalogue.ImportReport, services, municipalities, facts catalogue.Counts) {
	t.Helper()
	if rep.Services != services || rep.Municipalities != municipalities || rep.Facts != facts {
		t.Errorf("counts: services %+v, municipalities %+v, facts %+v; want %+v, %+v, %+v",
			rep.Services, rep.Municipalities, rep.Facts, services, municipalities, facts)
	}
}

func TestImportDryRunWritesNothing(t *testing.T) {
	f := newFixture(t)
	before, changes := f.counts(), f.totalChanges()
	rep, err := f.mgr.Import(f.ctx, f.lead, fullBatch(f), false)
	must(t, err)
	if len(rep.Problems) != 0 || rep.Committed {
		t.Fatalf("dry run: problems %v, committed %v", rep.Problems, rep.Committed)
	}
	wantCounts(t, rep, fullCounts.services, fullCounts.municipalities, fullCounts.facts)
	if got := f.counts(); got != before {
		t.Errorf("stored after dry run = %v, want %v", got, before)
	}
	if got := f.totalChanges(); got != changes {
		t.Errorf("history entries after dry run = %d, want %d", got, changes)
	}
}

func TestImportCommit(t *testing.T) {
	f := newFixture(t)
	f.clock.Advance(time.Hour)
	changes := f.totalChanges()
	rep, err := f.mgr.Import(f.ctx, f.lead, fullBatch(f), true)
	must(t, err)
	if len(rep.Problems) != 0 || !rep.Committed {
		t.Fatalf("import: problems %v, committed %v", rep.Problems, rep.Committed)
	}
	wantCounts(t, rep, fullCounts.services, fullCounts.municipalities, fullCounts.facts)
	if got := f.counts(); got != [3]int{3, 4, 6} {
		t.Fatalf("stored = %v, want 3 services, 4 municipalities, 6 facts", got)
	}
	if got := f.totalChanges(); got != changes+2+1+2+1+6 {
		t.Errorf("history entries = %d, want %d", got, changes+12)
	}

	svc := func(slug string) catalogue.Service {
		t.Helper()
		s, err := f.store.ServiceBySlug(f.ctx, f.collab, slug)
		must(t, err)
		return s
	}
	munis, err := f.store.Municipalities(f.ctx, f.collab)
	must(t, err)
	byNumber := map[string]catalogue.Municipality{}
	for _, m := range munis {
		byNumber[m.Number] = m
	}

	t.Run("updated service", func(t *testing.T) {
		s := svc("byggesak")
		if s.ID != f.svc.ID || s.NameNB != "Byggesaksbehandling" || s.Version != 2 || !s.UpdatedAt.Equal(f.clock.Now()) {
			t.Errorf("byggesak = %+v", s)
		}
		ch := f.changes(catalogue.EntityService, s.ID)
		if len(ch) != 2 || ch[0].Action != history.ActionImport || ch[0].UserName != f.lead.Name || !ch[0].At.Equal(f.clock.Now()) {
			t.Fatalf("history = %+v", ch)
		}
		sameFields(t, ch[0].Fields, []history.FieldChange{{Field: "name_nb", Old: "Tjeneste byggesak", New: "Byggesaksbehandling"}})
	})
	t.Run("new municipality with new successor", func(t *testing.T) {
		roan, afjord := byNumber["1632"], byNumber["5058"]
		if afjord.ID == 0 || roan.SuccessorID != afjord.ID {
			t.Errorf("Roan's successor = %d, want Åfjord %d", roan.SuccessorID, afjord.ID)
		}
		if roan.ValidTo == nil || roan.ValidTo.Format(time.DateOnly) != "2020-01-01" {
			t.Errorf("Roan valid to = %v", roan.ValidTo)
		}
		ch := f.changes(catalogue.EntityMunicipality, roan.ID)
		if len(ch) != 1 || ch[0].Action != history.ActionCreate {
			t.Fatalf("Roan's history = %+v", ch)
		}
		sameFields(t, ch[0].Fields, []history.FieldChange{{Field: "number", New: "1632"}, {Field: "name", New: "Roan"},
			{Field: "valid_to", New: "2020-01-01"}, {Field: "successor", New: "5058"}})
		if p := byNumber[f.b.Number].Population; p == nil || *p != 10200 {
			t.Errorf("Ørland population = %v", p)
		}
	})
	t.Run("facts about new records", func(t *testing.T) {
		for _, tc := range []struct {
			slug, number string
			offered      catalogue.Offered
		}{
			{"renovasjon", "5054", catalogue.OfferedYes},
			{"byggesak", "5058", catalogue.OfferedNo},
			{"renovasjon", "5058", catalogue.OfferedOther},
		} {
			ms := f.facts(svc(tc.slug).ID, byNumber[tc.number].ID)
			if ms.Offered != tc.offered {
				t.Errorf("%s in %s offered = %s, want %s", tc.slug, tc.number, ms.Offered, tc.offered)
			}
			ch := f.changes(catalogue.EntityMunicipalService, ms.ID)
			if len(ch) != 1 || ch[0].Action != history.ActionCreate {
				t.Errorf("%s in %s history = %+v", tc.slug, tc.number, ch)
			}
		}
	})
	t.Run("provenance", func(t *testing.T) {
		imported := f.facts(f.svc.ID, f.a.ID)
		want := map[catalogue.Fact]catalogue.Provenance{catalogue.FactAnnualCases: catalogue.ProvenanceImported}
		if !reflect.DeepEqual(imported.Provenance, want) {
			t.Errorf("provenance without one given = %v, want %v", imported.Provenance, want)
		}
		given := f.facts(svc("skoleskyss").ID, f.b.ID)
		want = map[catalogue.Fact]catalogue.Provenance{catalogue.FactAnnualCases: catalogue.ProvenanceMeasured,
			catalogue.FactEmployeeMinutes: catalogue.ProvenanceImported}
		if !reflect.DeepEqual(given.Provenance, want) || *given.EmployeeMinutes != 12.5 {
			t.Errorf("provenance given for one number = %v, want %v", given.Provenance, want)
		}
	})

	t.Run("again changes nothing", func(t *testing.T) {
		changes := f.totalChanges()
		versions := f.counts()
		rep, err := f.mgr.Import(f.ctx, f.lead, fullBatch(f), true)
		must(t, err)
		if len(rep.Problems) != 0 {
			t.Fatalf("problems = %v", rep.Problems)
		}
		// fullBatch renames byggesak and changes Ørland again: they are now as imported.
		wantCounts(t, rep, catalogue.Counts{Unchanged: 3}, catalogue.Counts{Unchanged: 4}, catalogue.Counts{Unchanged: 6})
		if got := f.totalChanges(); got != changes {
			t.Errorf("history entries = %d, want %d", got, changes)
		}
		if got := f.counts(); got != versions {
			t.Errorf("stored = %v, want %v", got, versions)
		}
	})
}

func TestImportOneBadRowWritesNothing(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(b *catalogue.Batch)
		want []catalogue.Problem
	}{
		{"maturity 9", func(b *catalogue.Batch) { b.Facts[5].Facts.Maturity = ptr(int64(9)) },
			[]catalogue.Problem{{Sheet: "facts", Line: 7, Column: "maturity", Code: "field.between", Params: []any{1, 5}}}},
		{"unknown service", func(b *catalogue.Batch) { b.Facts[5].ServiceSlug = "ukjent" },
			[]catalogue.Problem{{Sheet: "facts", Line: 7, Column: "service", Code: "import.unknown_service", Params: []any{"ukjent"}}}},
		{"unknown municipality", func(b *catalogue.Batch) { b.Facts[5].MunicipalityNumber = "9999" },
			[]catalogue.Problem{{Sheet: "facts", Line: 7, Column: "municipality", Code: "import.unknown_municipality", Params: []any{"9999"}}}},
		{"duplicate fact", func(b *catalogue.Batch) {
			b.Facts[5].ServiceSlug, b.Facts[5].MunicipalityNumber = b.Facts[0].ServiceSlug, b.Facts[0].MunicipalityNumber
		}, []catalogue.Problem{{Sheet: "facts", Line: 7, Column: "service", Code: "import.duplicate_row", Params: []any{2}}}},
		{"duplicate service", func(b *catalogue.Batch) { b.Services[2].Service.Slug = "renovasjon" },
			[]catalogue.Problem{{Sheet: "services", Line: 4, Column: "slug", Code: "import.duplicate_row", Params: []any{3}},
				// Its facts now name a service the batch does not create.
				{Sheet: "facts", Line: 6, Column: "service", Code: "import.unknown_service", Params: []any{"skoleskyss"}}}},
		{"duplicate municipality", func(b *catalogue.Batch) { b.Municipalities[3].Municipality.Number = "5058" },
			[]catalogue.Problem{{Sheet: "municipalities", Line: 5, Column: "number", Code: "import.duplicate_row", Params: []any{3}}}},
		{"unknown successor", func(b *catalogue.Batch) { b.Municipalities[2].SuccessorNumber = "9999" },
			[]catalogue.Problem{{Sheet: "municipalities", Line: 4, Column: "successor", Code: "import.unknown_municipality", Params: []any{"9999"}}}},
		{"bad service area", func(b *catalogue.Batch) { b.Services[1].Service.Area = "romfart" },
			[]catalogue.Problem{{Sheet: "services", Line: 3, Column: "area", Code: "field.one_of", Params: []any{strings.Join(catalogue.Areas, ", ")}},
				{Sheet: "facts", Line: 3, Column: "service", Code: "import.unknown_service", Params: []any{"renovasjon"}},
				{Sheet: "facts", Line: 5, Column: "service", Code: "import.unknown_service", Params: []any{"renovasjon"}}}},
		// The import checks a legal basis as the form and the API do, and
		// names the file's column.
		{"legal reference without a section", func(b *catalogue.Batch) {
			b.Services[2].Service.LegalBasis = []catalogue.LegalRef{{Law: "bare tull"}}
		}, []catalogue.Problem{{Sheet: "services", Line: 4, Column: "legal_basis", Code: "catalogue.legal_ref_format", Params: []any{"bare tull"}},
			{Sheet: "facts", Line: 6, Column: "service", Code: "import.unknown_service", Params: []any{"skoleskyss"}}}},
		{"line break in a law", func(b *catalogue.Batch) {
			b.Services[2].Service.LegalBasis = []catalogue.LegalRef{{Law: "Plan- og\nbygningsloven", Section: "20-1"}}
		}, []catalogue.Problem{{Sheet: "services", Line: 4, Column: "legal_basis", Code: "catalogue.legal_law_chars", Params: []any{"Plan- og bygningsloven"}},
			{Sheet: "facts", Line: 6, Column: "service", Code: "import.unknown_service", Params: []any{"skoleskyss"}}}},
		{"share above 100", func(b *catalogue.Batch) { b.Facts[5].Facts.Channels.Paper = ptr(120.0) },
			[]catalogue.Problem{{Sheet: "facts", Line: 7, Column: "share_paper", Code: "field.between", Params: []any{0, 100}},
				{Sheet: "facts", Line: 7, Column: "share_digital", Code: "catalogue.channels_sum", Params: []any{120.0}}}},
		{"unknown provenance", func(b *catalogue.Batch) {
			b.Facts[5].Facts.Provenance = map[catalogue.Fact]catalogue.Provenance{catalogue.FactMaturity: "gjettet"}
		}, []catalogue.Problem{{Sheet: "facts", Line: 7, Column: "maturity_source", Code: "field.one_of", Params: []any{"estimated, measured, imported, illustrative"}}}},
		{"problem from the reader", func(b *catalogue.Batch) {
			b.Problems = []catalogue.Problem{{Sheet: "facts", Line: 9, Column: "annual_cases", Code: "import.not_a_number"}}
		}, []catalogue.Problem{{Sheet: "facts", Line: 9, Column: "annual_cases", Code: "import.not_a_number"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			before, changes := f.counts(), f.totalChanges()
			b := fullBatch(f)
			tc.edit(&b)
			rep, err := f.mgr.Import(f.ctx, f.lead, b, true)
			must(t, err)
			if !reflect.DeepEqual(rep.Problems, tc.want) {
				t.Errorf("problems\n got %#v\nwant %#v", rep.Problems, tc.want)
			}
			if rep.Committed {
				t.Error("import with problems committed")
			}
			if got := f.counts(); got != before {
				t.Errorf("stored = %v, want %v", got, before)
			}
			if got := f.totalChanges(); got != changes {
				t.Errorf("history entries = %d, want %d", got, changes)
			}
			s, err := f.store.Service(f.ctx, f.collab, f.svc.ID)
			must(t, err)
			if s.NameNB != f.svc.NameNB || s.Version != f.svc.Version {
				t.Errorf("service changed: %+v", s)
			}
		})
	}
}

func TestImportRights(t *testing.T) {
	f := newFixture(t)
	coordA := f.principal("koord.a@fosen.no", domain.Grant{Role: domain.RoleCoordinator, MunicipalityID: f.a.ID})
	owner := f.principal("eier@fosen.no", domain.Grant{Role: domain.RoleSubjectOwner, MunicipalityID: f.a.ID})
	observer := f.principal("obs@fosen.no", domain.Grant{Role: domain.RoleObserver})
	supplier := f.principal("lev@firma.no", domain.Grant{Role: domain.RoleSupplier})
	other := f.mustService(validService("annen"))
	// The owner is responsible for byggesak in A, not for "annen".
	f.mustFacts(f.lead, catalogue.MunicipalService{ServiceID: f.svc.ID, MunicipalityID: f.a.ID, Offered: catalogue.OfferedYes,
		ResponsibleUserID: owner.UserID})
	f.mustFacts(f.lead, catalogue.MunicipalService{ServiceID: other.ID, MunicipalityID: f.a.ID, Offered: catalogue.OfferedYes})

	factsOf := func(rows ...catalogue.FactRow) catalogue.Batch { return catalogue.Batch{Facts: rows} }
	forbiddenAt := func(line int, number string) catalogue.Problem {
		return catalogue.Problem{Sheet: "facts", Line: line, Column: "municipality", Code: "import.facts_forbidden", Params: []any{number}}
	}
	for _, tc := range []struct {
		name      string
		p         domain.Principal
		batch     catalogue.Batch
		err       domain.Kind // KindInternal: no error
		problems  []catalogue.Problem
		committed bool
	}{
		{"coordinator imports facts of own municipality", coordA,
			factsOf(factRow(2, "byggesak", "5054", catalogue.MunicipalService{AnnualCases: ptr(int64(7))}),
				factRow(3, "annen", "5054", catalogue.MunicipalService{AnnualCases: ptr(int64(8))})),
			domain.KindInternal, nil, true},
		{"coordinator imports facts of another municipality", coordA,
			factsOf(factRow(2, "byggesak", "5054", catalogue.MunicipalService{AnnualCases: ptr(int64(9))}),
				factRow(3, "byggesak", "5057", catalogue.MunicipalService{AnnualCases: ptr(int64(9))})),
			domain.KindInternal, []catalogue.Problem{forbiddenAt(3, "5057")}, false},
		// Only the programme lead and coordinators import at all.
		{"subject-matter owner, even when responsible", owner,
			factsOf(factRow(2, "byggesak", "5054", catalogue.MunicipalService{AnnualCases: ptr(int64(11))})),
			domain.KindForbidden, nil, false},
		{"observer", observer,
			factsOf(factRow(2, "byggesak", "5054", catalogue.MunicipalService{AnnualCases: ptr(int64(12))})),
			domain.KindForbidden, nil, false},
		{"coordinator imports services", coordA,
			catalogue.Batch{Services: []catalogue.ServiceRow{svcRow(2, validService("ny"))}}, domain.KindForbidden, nil, false},
		{"coordinator imports municipalities", coordA,
			catalogue.Batch{Municipalities: []catalogue.MunicipalityRow{muniRow(2, "5099", "Ny", "")}}, domain.KindForbidden, nil, false},
		{"supplier", supplier, factsOf(factRow(2, "byggesak", "5054", catalogue.MunicipalService{})), domain.KindForbidden, nil, false},
		{"anonymous", domain.Principal{}, factsOf(factRow(2, "byggesak", "5054", catalogue.MunicipalService{})), domain.KindUnauthorized, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := f.facts(f.svc.ID, f.a.ID)
			rep, err := f.mgr.Import(f.ctx, tc.p, tc.batch, true)
			if tc.err != domain.KindInternal {
				wantErr(t, err, tc.err, "")
			} else {
				must(t, err)
			}
			if !reflect.DeepEqual(rep.Problems, tc.problems) || rep.Committed != tc.committed {
				t.Errorf("problems %#v, committed %v; want %#v, %v", rep.Problems, rep.Committed, tc.problems, tc.committed)
			}
			after := f.facts(f.svc.ID, f.a.ID)
			if changed := after.Version != a.Version; changed != tc.committed {
				t.Errorf("byggesak in A changed = %v, want %v", changed, tc.committed)
			}
			if after.ResponsibleUserID != owner.UserID {
				t.Errorf("import changed the responsible user to %d", after.ResponsibleUserID)
			}
		})
	}
}

// An import's report keeps the first MaxProblems problems and counts the
// rest, the reader's and the manager's together (issue 12).
func TestImportProblemsCapped(t *testing.T) {
	f := newFixture(t)
	var b catalogue.Batch
	for i := range 30 {
		b.AddProblem(catalogue.Problem{Sheet: "fakta.csv", Line: i + 2, Code: "import.not_a_number"})
	}
	for i := range 150 {
		b.Facts = append(b.Facts, factRow(i+100, "finnes-ikke", "5054", catalogue.MunicipalService{}))
	}
	rep, err := f.mgr.Import(f.ctx, f.lead, b, false)
	must(t, err)
	if len(rep.Problems) != catalogue.MaxProblems || rep.MoreProblems != 80 || rep.ProblemCount() != 180 {
		t.Fatalf("%d problems listed, %d more; want %d and 80", len(rep.Problems), rep.MoreProblems, catalogue.MaxProblems)
	}
	if rep.Problems[0].Code != "import.not_a_number" || rep.Problems[99].Sheet != "facts" {
		t.Errorf("the reader's problems first, then the manager's: %v … %v", rep.Problems[0], rep.Problems[99])
	}
}
