package catalogue

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/history"
)

// Problem is one thing wrong in an import, located by sheet (or file),
// line and column so the user can find it. Code is a translation key.
type Problem struct {
	Sheet  string `json:"sheet"`
	Line   int    `json:"line"`
	Column string `json:"column,omitempty"`
	Code   string `json:"code"`
	Params []any  `json:"params,omitempty"`
}

// Row locates a record read from a file, and says which columns the file
// had: a column the file lacks leaves that field of an existing record as
// it is (nil Columns: the row carries every field).
type Row struct {
	Sheet   string
	Line    int
	Columns []string
}

// has reports whether the row's file had the column.
func (r Row) has(column string) bool { return r.Columns == nil || slices.Contains(r.Columns, column) }

// Problem builds a problem located at this row.
func (r Row) Problem(column, code string, params ...any) Problem {
	return Problem{Sheet: r.Sheet, Line: r.Line, Column: column, Code: code, Params: params}
}

// ServiceRow is a service read from a file; it is matched to the catalogue by slug.
type ServiceRow struct {
	Row
	Service Service
}

// MunicipalityRow is a municipality read from a file, matched by number;
// its successor is named by number.
type MunicipalityRow struct {
	Row
	Municipality    Municipality
	SuccessorNumber string
}

// FactRow is a municipality's facts about a service read from a file,
// matched by service slug and municipality number.
type FactRow struct {
	Row
	ServiceSlug        string
	MunicipalityNumber string
	Facts              MunicipalService
}

// Batch is everything read from one import, with the problems found while
// reading it.
type Batch struct {
	Services       []ServiceRow
	Municipalities []MunicipalityRow
	Facts          []FactRow
	// Problems are the first MaxProblems found; MoreProblems counts the
	// rest. Add them with AddProblem.
	Problems     []Problem
	MoreProblems int
}

// MaxProblems is the most problems an import keeps and reports: a file
// with a problem in every cell of a hundred thousand rows is told about
// its first ones and how many more there are ("and N more"), without
// holding them all.
const MaxProblems = 100

// AddProblem keeps p among the batch's problems, or counts it beyond
// MaxProblems.
func (b *Batch) AddProblem(p Problem) {
	b.Problems, b.MoreProblems = addProblems(b.Problems, b.MoreProblems, p)
}

// ProblemCount is how many problems the batch has, kept and counted.
func (b *Batch) ProblemCount() int { return len(b.Problems) + b.MoreProblems }

// addProblems appends ps to kept up to MaxProblems and counts the rest.
func addProblems(kept []Problem, more int, ps ...Problem) ([]Problem, int) {
	for _, p := range ps {
		if len(kept) < MaxProblems {
			kept = append(kept, p)
		} else {
			more++
		}
	}
	return kept, more
}

// ShareProvenance makes facts whose provenance maps hold the same sources
// share one of them; the maps of a batch are read only from then on (an
// import that changes a row's sources copies its map first). A file of
// 82 110 facts has a handful of distinct source combinations, and a map
// for each row was a third of the batch's memory (issue 17). Readers call
// it on the batch they return, and the Importer on the batch it decodes.
func (b *Batch) ShareProvenance() {
	seen := map[string]map[Fact]Provenance{}
	var key []byte
	for i := range b.Facts {
		m := b.Facts[i].Facts.Provenance
		if len(m) == 0 {
			continue
		}
		key = key[:0]
		n := 0
		for _, f := range Facts {
			if p, ok := m[f]; ok {
				key = append(append(append(append(key, f...), '='), p...), 0)
				n++
			}
		}
		if n != len(m) {
			continue // a fact the catalogue does not know: kept as it is
		}
		if shared, ok := seen[string(key)]; ok {
			b.Facts[i].Facts.Provenance = shared
		} else {
			seen[string(key)] = m
		}
	}
}

// Counts says how many records an import creates, updates and leaves as they are.
type Counts struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// ImportReport is the outcome of an import or its dry run.
type ImportReport struct {
	// Problems are the first MaxProblems; MoreProblems counts the rest.
	Problems       []Problem `json:"problems"`
	MoreProblems   int       `json:"more_problems,omitempty"`
	Services       Counts    `json:"services"`
	Municipalities Counts    `json:"municipalities"`
	Facts          Counts    `json:"facts"`
	Committed      bool      `json:"committed"`
}

// add keeps problems in the report up to MaxProblems and counts the rest.
func (rep *ImportReport) add(ps ...Problem) {
	rep.Problems, rep.MoreProblems = addProblems(rep.Problems, rep.MoreProblems, ps...)
}

// ProblemCount is how many problems the report has, listed and counted.
func (rep ImportReport) ProblemCount() int { return len(rep.Problems) + rep.MoreProblems }

// CanImport reports whether p may import at all: the programme lead
// (everything) and coordinators (their municipality's facts).
func CanImport(p domain.Principal) bool {
	return requireInternal(p) == nil && (p.IsProgrammeLead() || p.Has(domain.RoleCoordinator))
}

// Import checks a batch against the catalogue and, when commit is set and
// no problem is found, writes it in one transaction: a file with one bad
// row changes nothing. Services and municipalities need the programme lead;
// facts need the right to edit that municipality's facts. Problems are
// returned in the report, not as an error; errors are unauthorized,
// forbidden or internal.
func (m *Manager) Import(ctx context.Context, p domain.Principal, b Batch, commit bool) (ImportReport, error) {
	if err := requireInternal(p); err != nil {
		return ImportReport{}, err
	}
	if !CanImport(p) {
		return ImportReport{}, domain.Forbidden("auth.forbidden")
	}
	if (len(b.Services) > 0 || len(b.Municipalities) > 0) && !p.IsProgrammeLead() {
		return ImportReport{}, domain.Forbidden("import.catalogue_forbidden")
	}
	var rep ImportReport
	rep.add(b.Problems...)
	rep.MoreProblems += b.MoreProblems
	rows := &b
	err := m.store.Atomic(ctx, func(st Store) error {
		if rows == nil {
			return domain.Internal(errors.New("catalogue: the import's transaction ran twice"))
		}
		plan, err := m.planImport(ctx, st, p, *rows, &rep)
		// The plan holds what it writes: the rows read need not stay in
		// memory while it writes (at national scale a third of the
		// import's live heap, issue 17).
		rows = nil
		if err != nil || len(rep.Problems) > 0 || !commit {
			return err
		}
		if err := plan.write(ctx, st, p, m.clock); err != nil {
			return err
		}
		rep.Committed = true
		return nil
	})
	if err != nil {
		return ImportReport{}, err
	}
	return rep, nil
}

type importPlan struct {
	services       []Service
	serviceDiffs   [][]history.FieldChange
	serviceNew     []bool
	munis          []Municipality
	muniDiffs      [][]history.FieldChange
	muniNew        []bool
	successorNum   []string // successor number to resolve after insert
	facts          []MunicipalService
	factDiffs      [][]history.FieldChange
	factNew        []bool
	factServiceIdx []int // index into services when the service is new in this batch
	factMuniIdx    []int // index into munis when the municipality is new in this batch
}

func fieldProblems(r Row, err error) []Problem {
	de := domain.AsError(err)
	if len(de.Fields) == 0 {
		return []Problem{r.Problem("", de.Code, de.Params...)}
	}
	out := make([]Problem, len(de.Fields))
	for i, f := range de.Fields {
		out[i] = r.Problem(importColumn(f.Field), f.Code, f.Params...)
	}
	return out
}

// importColumn names the spreadsheet column of a field the validation
// reports by its JSON path: the columns keep the names of the forms
// ("description_nb", "share_paper", "maturity_source"), and the legal basis
// is one column for every reference.
func importColumn(path string) string {
	switch {
	case path == "description":
		return "description_nb"
	case strings.HasPrefix(path, "legal_basis["):
		return "legal_basis"
	case strings.HasPrefix(path, "channels."):
		return "share_" + strings.TrimPrefix(path, "channels.")
	case strings.HasPrefix(path, "provenance."):
		return strings.TrimPrefix(path, "provenance.") + "_source"
	}
	return path
}

func (m *Manager) planImport(ctx context.Context, st Store, p domain.Principal, b Batch, rep *ImportReport) (*importPlan, error) {
	collab := p.CollaborationID
	plan := &importPlan{}

	services, err := st.Services(ctx, collab)
	if err != nil {
		return nil, err
	}
	bySlug := make(map[string]Service, len(services))
	for _, s := range services {
		bySlug[s.Slug] = s
	}
	batchSlug := map[string]int{} // slug → index in plan.services
	seenSlug := map[string]Row{}
	for _, r := range b.Services {
		s := r.Service
		if prev, dup := seenSlug[s.Slug]; dup && s.Slug != "" {
			rep.add(r.Problem("slug", "import.duplicate_row", prev.Line))
			continue
		}
		seenSlug[s.Slug] = r.Row
		old, exists := bySlug[s.Slug]
		if exists {
			keepAbsentService(r.Row, old, &s)
		}
		if err := s.Validate(); err != nil {
			rep.add(fieldProblems(r.Row, err)...)
			continue
		}
		var d history.Diff
		serviceDiff(&d, old, s)
		if exists && d.Empty() {
			rep.Services.Unchanged++
			continue
		}
		if exists {
			s.ID, s.Version = old.ID, old.Version
			rep.Services.Updated++
		} else {
			rep.Services.Created++
		}
		batchSlug[s.Slug] = len(plan.services)
		plan.services = append(plan.services, s)
		plan.serviceDiffs = append(plan.serviceDiffs, d.Fields)
		plan.serviceNew = append(plan.serviceNew, !exists)
	}

	munis, err := st.Municipalities(ctx, collab)
	if err != nil {
		return nil, err
	}
	byNumber := make(map[string]Municipality, len(munis))
	numberOf := make(map[domain.ID]string, len(munis))
	for _, mu := range munis {
		byNumber[mu.Number] = mu
		numberOf[mu.ID] = mu.Number
	}
	inBatch := map[string]bool{}
	for _, r := range b.Municipalities {
		inBatch[r.Municipality.Number] = true
	}
	batchNumber := map[string]int{}
	seenNumber := map[string]Row{}
	for _, r := range b.Municipalities {
		mu := r.Municipality
		if prev, dup := seenNumber[mu.Number]; dup && mu.Number != "" {
			rep.add(r.Problem("number", "import.duplicate_row", prev.Line))
			continue
		}
		seenNumber[mu.Number] = r.Row
		old, exists := byNumber[mu.Number]
		if exists {
			keepAbsentMunicipality(r.Row, old, &mu)
			if !r.has("successor") {
				r.SuccessorNumber = numberOf[old.SuccessorID]
			}
		}
		if err := mu.Validate(); err != nil {
			rep.add(fieldProblems(r.Row, err)...)
			continue
		}
		if r.SuccessorNumber != "" {
			if r.SuccessorNumber == mu.Number {
				rep.add(r.Problem("successor", "catalogue.successor_self"))
				continue
			}
			if _, ok := byNumber[r.SuccessorNumber]; !ok && !inBatch[r.SuccessorNumber] {
				rep.add(r.Problem("successor", "import.unknown_municipality", r.SuccessorNumber))
				continue
			}
		}
		var d history.Diff
		municipalityDiff(&d, old, mu)
		d.Fields = slices.DeleteFunc(d.Fields, func(f history.FieldChange) bool { return f.Field == "successor_id" })
		d.Add("successor", numberOf[old.SuccessorID], r.SuccessorNumber)
		if exists && d.Empty() {
			rep.Municipalities.Unchanged++
			continue
		}
		succ := ""
		mu.SuccessorID = 0
		if s, ok := byNumber[r.SuccessorNumber]; ok {
			mu.SuccessorID = s.ID
		} else {
			succ = r.SuccessorNumber
		}
		if exists {
			mu.ID, mu.Version = old.ID, old.Version
			rep.Municipalities.Updated++
		} else {
			rep.Municipalities.Created++
		}
		batchNumber[mu.Number] = len(plan.munis)
		plan.munis = append(plan.munis, mu)
		plan.muniDiffs = append(plan.muniDiffs, d.Fields)
		plan.muniNew = append(plan.muniNew, !exists)
		plan.successorNum = append(plan.successorNum, succ)
	}

	if len(b.Facts) == 0 {
		return plan, nil
	}
	facts, err := st.MunicipalServices(ctx, collab, 0)
	if err != nil {
		return nil, err
	}
	type key struct{ s, m domain.ID }
	existing := make(map[key]MunicipalService, len(facts))
	for _, f := range facts {
		existing[key{f.ServiceID, f.MunicipalityID}] = f
	}
	type rowKey struct{ slug, number string }
	seenFact := make(map[rowKey]int, len(b.Facts)) // the line of each fact's first row
	var sources provenances
	for _, r := range b.Facts {
		k := rowKey{r.ServiceSlug, r.MunicipalityNumber}
		if prev, dup := seenFact[k]; dup {
			rep.add(r.Problem("service", "import.duplicate_row", prev))
			continue
		}
		seenFact[k] = r.Line
		ms := r.Facts
		svc, svcKnown := bySlug[r.ServiceSlug]
		svcIdx, svcNew := batchSlug[r.ServiceSlug]
		svcNew = svcNew && plan.serviceNew[svcIdx]
		if !svcKnown && !svcNew {
			rep.add(r.Problem("service", "import.unknown_service", r.ServiceSlug))
			continue
		}
		mu, muKnown := byNumber[r.MunicipalityNumber]
		muIdx, muNew := batchNumber[r.MunicipalityNumber]
		muNew = muNew && plan.muniNew[muIdx]
		if !muKnown && !muNew {
			rep.add(r.Problem("municipality", "import.unknown_municipality", r.MunicipalityNumber))
			continue
		}
		old, exists := MunicipalService{}, false
		if svcKnown && muKnown {
			old, exists = existing[key{svc.ID, mu.ID}]
		}
		if exists {
			keepAbsentFacts(r.Row, old, &ms)
		}
		if err := ms.Validate(); err != nil {
			rep.add(fieldProblems(r.Row, err)...)
			continue
		}
		if !CanEditFacts(p, mu.ID, old.ResponsibleUserID) && !(muNew && p.IsProgrammeLead()) {
			rep.add(r.Problem("municipality", "import.facts_forbidden", r.MunicipalityNumber))
			continue
		}
		ms.ServiceID, ms.MunicipalityID = svc.ID, mu.ID
		ms.ResponsibleUserID = old.ResponsibleUserID
		ms.Provenance = sources.fill(ms, ProvenanceImported)
		var d history.Diff
		if exists {
			old.Provenance = fillProvenance(old, ProvenanceEstimated)
			ms.Measured = keepMeasured(old, ms, nil)
		}
		// A record the import creates gets a history entry without a field
		// list: its first values are the record itself. At national scale
		// (82 110 records) the lists would be most of the import's memory.
		if exists {
			factsDiff(&d, old, ms)
		}
		if exists && d.Empty() {
			rep.Facts.Unchanged++
			continue
		}
		if exists {
			ms.ID, ms.Version = old.ID, old.Version
			rep.Facts.Updated++
		} else {
			ms.ID, ms.Version = 0, 0
			rep.Facts.Created++
		}
		si, mi := -1, -1
		if svcNew {
			si = svcIdx
		}
		if muNew {
			mi = muIdx
		}
		plan.facts = append(plan.facts, ms)
		plan.factDiffs = append(plan.factDiffs, d.Fields)
		plan.factNew = append(plan.factNew, !exists)
		plan.factServiceIdx = append(plan.factServiceIdx, si)
		plan.factMuniIdx = append(plan.factMuniIdx, mi)
	}
	return plan, nil
}

func (plan *importPlan) write(ctx context.Context, st Store, p domain.Principal, clock domain.Clock) error {
	collab, now := p.CollaborationID, clock.Now()
	var changes []history.Change
	action := func(isNew bool) history.Action {
		if isNew {
			return history.ActionCreate
		}
		return history.ActionImport
	}
	if len(plan.services) > 0 {
		for i := range plan.services {
			plan.services[i].UpdatedAt = now
		}
		if err := st.SaveServices(ctx, collab, plan.services); err != nil {
			return err
		}
		for i, s := range plan.services {
			changes = append(changes, history.New(p, EntityService, s.ID, action(plan.serviceNew[i]), now, plan.serviceDiffs[i]))
		}
	}
	if len(plan.munis) > 0 {
		if err := st.SaveMunicipalities(ctx, collab, plan.munis); err != nil {
			return err
		}
		byNumber := map[string]domain.ID{}
		for _, mu := range plan.munis {
			byNumber[mu.Number] = mu.ID
		}
		var again []Municipality
		for i, num := range plan.successorNum {
			if num != "" {
				plan.munis[i].SuccessorID = byNumber[num]
				again = append(again, plan.munis[i])
			}
		}
		if len(again) > 0 {
			if err := st.SaveMunicipalities(ctx, collab, again); err != nil {
				return err
			}
		}
		for i, mu := range plan.munis {
			changes = append(changes, history.New(p, EntityMunicipality, mu.ID, action(plan.muniNew[i]), now, plan.muniDiffs[i]))
		}
	}
	if len(plan.facts) > 0 {
		for i := range plan.facts {
			if si := plan.factServiceIdx[i]; si >= 0 {
				plan.facts[i].ServiceID = plan.services[si].ID
			}
			if mi := plan.factMuniIdx[i]; mi >= 0 {
				plan.facts[i].MunicipalityID = plan.munis[mi].ID
			}
			plan.facts[i].UpdatedAt = now
		}
		if err := st.SaveMunicipalServices(ctx, collab, plan.facts); err != nil {
			return err
		}
		for i, f := range plan.facts {
			changes = append(changes, history.New(p, EntityMunicipalService, f.ID, action(plan.factNew[i]), now, plan.factDiffs[i]))
		}
	}
	return st.AddChanges(ctx, changes)
}

// keepAbsentService keeps the fields of old whose columns the file lacks.
func keepAbsentService(r Row, old Service, s *Service) {
	keep := func(column string, dst *string, v string) {
		if !r.has(column) {
			*dst = v
		}
	}
	keep("name_nb", &s.NameNB, old.NameNB)
	keep("name_en", &s.NameEN, old.NameEN)
	keep("description_nb", &s.Description, old.Description)
	keep("area", &s.Area, old.Area)
	keep("kostra_function", &s.KostraFunction, old.KostraFunction)
	keep("target_group", &s.TargetGroup, old.TargetGroup)
	keep("life_event", &s.LifeEvent, old.LifeEvent)
	keep("notes", &s.Notes, old.Notes)
	if !r.has("mandated") {
		s.Mandated = old.Mandated
	}
	if !r.has("legal_basis") {
		s.LegalBasis = old.LegalBasis
	}
}

// keepAbsentMunicipality keeps the fields of old whose columns the file lacks.
func keepAbsentMunicipality(r Row, old Municipality, m *Municipality) {
	if !r.has("name") {
		m.Name = old.Name
	}
	if !r.has("population") {
		m.Population = old.Population
	}
	if !r.has("population_year") {
		m.PopulationYear = old.PopulationYear
	}
	if !r.has("valid_from") {
		m.ValidFrom = old.ValidFrom
	}
	if !r.has("valid_to") {
		m.ValidTo = old.ValidTo
	}
	if !r.has("illustrative") {
		m.Illustrative = old.Illustrative
	}
}

// provenances hands out the filled provenance maps of an import's facts
// (fillProvenance), one map for each distinct combination of sources,
// shared and read only: the national set has a handful of combinations,
// and a new map for each of its 82 110 facts was a fifth of the import's
// live memory (issue 17).
type provenances struct {
	seen map[string]map[Fact]Provenance
	key  []byte
}

func (ps *provenances) fill(ms MunicipalService, def Provenance) map[Fact]Provenance {
	ps.key = ps.key[:0]
	for _, f := range Facts {
		if !ms.HasFact(f) {
			continue
		}
		p := ms.Provenance[f]
		if p == "" {
			p = def
		}
		ps.key = append(append(append(append(ps.key, f...), '='), p...), 0)
	}
	if m, ok := ps.seen[string(ps.key)]; ok {
		return m
	}
	if ps.seen == nil {
		ps.seen = map[string]map[Fact]Provenance{}
	}
	m := fillProvenance(ms, def)
	ps.seen[string(ps.key)] = m
	return m
}

// keepAbsentFacts keeps the facts of old whose columns the file lacks; a
// number kept keeps its provenance. The row's provenance map may be shared
// with other rows (Batch.ShareProvenance): it is copied before it changes.
func keepAbsentFacts(r Row, old MunicipalService, ms *MunicipalService) {
	ms.Provenance = maps.Clone(ms.Provenance)
	if ms.Provenance == nil {
		ms.Provenance = map[Fact]Provenance{}
	}
	keepSource := func(f Fact) {
		if p, ok := old.Provenance[f]; ok {
			ms.Provenance[f] = p
		} else {
			delete(ms.Provenance, f)
		}
	}
	if !r.has("offered") {
		ms.Offered = old.Offered
	}
	if !r.has("delivered_by") {
		ms.DeliveredBy = old.DeliveredBy
	}
	if !r.has("systems") {
		ms.Systems = old.Systems
	}
	if !r.has("annual_cases") {
		ms.AnnualCases = old.AnnualCases
		keepSource(FactAnnualCases)
	}
	if !r.has("maturity") {
		ms.Maturity = old.Maturity
		keepSource(FactMaturity)
	}
	for _, n := range []struct {
		column string
		dst    **float64
		old    *float64
		fact   Fact
	}{
		{"employee_minutes", &ms.EmployeeMinutes, old.EmployeeMinutes, FactEmployeeMinutes},
		{"citizen_minutes", &ms.CitizenMinutes, old.CitizenMinutes, FactCitizenMinutes},
		{"hourly_cost", &ms.HourlyCost, old.HourlyCost, FactHourlyCost},
		{"lead_time_days", &ms.LeadTimeDays, old.LeadTimeDays, FactLeadTimeDays},
	} {
		if !r.has(n.column) {
			*n.dst = n.old
			keepSource(n.fact)
		}
	}
	channels := false
	for _, c := range []struct {
		column string
		dst    **float64
		old    *float64
	}{
		{"share_paper", &ms.Channels.Paper, old.Channels.Paper}, {"share_email", &ms.Channels.Email, old.Channels.Email},
		{"share_phone", &ms.Channels.Phone, old.Channels.Phone}, {"share_digital", &ms.Channels.Digital, old.Channels.Digital},
	} {
		if !r.has(c.column) {
			*c.dst = c.old
		} else {
			channels = true
		}
	}
	if !channels {
		keepSource(FactChannels)
	}
}
