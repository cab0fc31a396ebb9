package catalogue

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/history"
)

// Entity names used in the change history.
const (
	EntityService          = "service"
	EntityMunicipality     = "municipality"
	EntityMunicipalService = "municipal_service"
)

// Manager owns the catalogue's rules: who may read and change what, and
// what a valid change is. Every method decides from the principal, deny by
// default.
type Manager struct {
	store Store
	clock domain.Clock
	open  *openCatalogue // the open catalogue's versions (SetOpenCatalogue)
}

// NewManager returns a Manager over store.
func NewManager(store Store, clock domain.Clock) *Manager {
	return &Manager{store: store, clock: clock}
}

func requireInternal(p domain.Principal) error { return p.RequireInternal() }

func requireProgrammeLead(p domain.Principal) error {
	if err := requireInternal(p); err != nil {
		return err
	}
	if !p.IsProgrammeLead() {
		return domain.Forbidden("auth.forbidden")
	}
	return nil
}

// CanEditService reports whether p may change the catalogue's service
// definitions (name, area, legal basis …): the programme lead only.
func CanEditService(p domain.Principal) bool { return requireProgrammeLead(p) == nil }

// CanEditFacts reports whether p may change municipality m's facts about a
// service whose responsible subject-matter owner is responsible: the
// programme lead, the municipality's coordinator, or the subject-matter
// owner the service is assigned to in that municipality.
// A municipality's facts are its row of the catalogue: the domain's row
// rule decides.
func CanEditFacts(p domain.Principal, m, responsible domain.ID) bool {
	return domain.CanEditMunicipalRow(p, m, responsible)
}

// CanAssign reports whether p may choose the responsible subject-matter
// owner in municipality m.
func CanAssign(p domain.Principal, m domain.ID) bool {
	return requireInternal(p) == nil && (p.IsProgrammeLead() || p.HasIn(domain.RoleCoordinator, m))
}

// Collaboration returns p's collaboration.
func (m *Manager) Collaboration(ctx context.Context, p domain.Principal) (Collaboration, error) {
	if !p.Authenticated() {
		return Collaboration{}, domain.Unauthorized("auth.login_required")
	}
	return m.store.Collaboration(ctx, p.CollaborationID)
}

// ServiceList is a filtered service list with what its filter form offers.
type ServiceList struct {
	Services        []ServiceSummary
	KostraFunctions []string // every KOSTRA function in the catalogue, sorted
}

// DataVersion returns the collaboration's data version, which every
// write raises: a page rendered at the same version is still current.
// Errors: unauthorized, forbidden.
func (m *Manager) DataVersion(ctx context.Context, p domain.Principal) (int64, error) {
	if err := requireInternal(p); err != nil {
		return 0, err
	}
	return m.store.DataVersion(ctx, p.CollaborationID)
}

// ListServices returns the services matching f. Errors: unauthorized, forbidden, invalid (filter).
func (m *Manager) ListServices(ctx context.Context, p domain.Principal, f ServiceFilter, lang string) ([]ServiceSummary, error) {
	l, err := m.ServiceList(ctx, p, f, lang)
	return l.Services, err
}

// ServiceList returns the services matching f and the KOSTRA functions to
// filter by, from one read of the catalogue.
// Errors: unauthorized, forbidden, invalid (filter), not found (municipality).
func (m *Manager) ServiceList(ctx context.Context, p domain.Principal, f ServiceFilter, lang string) (ServiceList, error) {
	if err := requireInternal(p); err != nil {
		return ServiceList{}, err
	}
	if f.Area != "" && !slices.Contains(Areas, f.Area) {
		return ServiceList{}, domain.Invalid("error.invalid_fields", domain.Field("area", "field.one_of", strings.Join(Areas, ", ")))
	}
	if f.Maturity < 0 || f.Maturity > MaturityLevels {
		return ServiceList{}, domain.Invalid("error.invalid_fields", domain.Field("maturity", "field.between", 1, MaturityLevels))
	}
	switch f.Sort {
	case "", SortName, SortArea, SortKostra, SortCases, SortMaturity:
	default:
		return ServiceList{}, domain.Invalid("error.invalid_fields", domain.Field("sort", "field.one_of", "name, area, kostra, cases, maturity"))
	}
	if len(f.Query) > 200 {
		return ServiceList{}, domain.Invalid("error.invalid_fields", domain.Field("q", "field.too_long", 200))
	}
	if f.MunicipalityID != 0 {
		if _, err := m.store.Municipality(ctx, p.CollaborationID, f.MunicipalityID); err != nil {
			return ServiceList{}, err
		}
	}
	all, err := m.store.ServiceSummaries(ctx, p.CollaborationID, f.MunicipalityID)
	if err != nil {
		return ServiceList{}, err
	}
	var l ServiceList
	for _, s := range all {
		if !slices.Contains(l.KostraFunctions, s.KostraFunction) {
			l.KostraFunctions = append(l.KostraFunctions, s.KostraFunction)
		}
	}
	slices.Sort(l.KostraFunctions)
	l.Services = f.Apply(all, lang)
	return l, nil
}

// Services returns every service of p's collaboration, for export.
func (m *Manager) Services(ctx context.Context, p domain.Principal) ([]Service, error) {
	if err := requireInternal(p); err != nil {
		return nil, err
	}
	return m.store.Services(ctx, p.CollaborationID)
}

// ServiceView is a service with its facts in every municipality.
type ServiceView struct {
	Service        Service
	Municipalities []Municipality
	Facts          map[domain.ID]MunicipalService // by municipality
	// Editors are the users the programme lead assigned to edit the
	// service's shared artefacts (domain.CanEditShared).
	Editors domain.Editors
}

// Service returns the service with the given slug and its facts per
// municipality. Errors: unauthorized, forbidden, not found.
func (m *Manager) Service(ctx context.Context, p domain.Principal, slug string) (ServiceView, error) {
	if err := requireInternal(p); err != nil {
		return ServiceView{}, err
	}
	s, err := m.store.ServiceBySlug(ctx, p.CollaborationID, slug)
	if err != nil {
		return ServiceView{}, err
	}
	munis, err := m.store.Municipalities(ctx, p.CollaborationID)
	if err != nil {
		return ServiceView{}, err
	}
	facts, err := m.store.MunicipalServices(ctx, p.CollaborationID, s.ID)
	if err != nil {
		return ServiceView{}, err
	}
	editors, err := m.store.ServiceEditors(ctx, p.CollaborationID, s.ID)
	if err != nil {
		return ServiceView{}, err
	}
	v := ServiceView{Service: s, Facts: make(map[domain.ID]MunicipalService, len(facts)), Editors: editors}
	for _, f := range facts {
		v.Facts[f.MunicipalityID] = f
	}
	current := map[domain.ID]bool{}
	for _, id := range Current(munis) {
		current[id] = true
	}
	v.Municipalities = make([]Municipality, 0, len(munis))
	for _, mu := range munis {
		if _, ok := v.Facts[mu.ID]; ok || current[mu.ID] {
			v.Municipalities = append(v.Municipalities, mu)
		}
	}
	return v, nil
}

// CreateService adds a service to the catalogue. Errors: forbidden, invalid, conflict (slug taken).
func (m *Manager) CreateService(ctx context.Context, p domain.Principal, s Service) (Service, error) {
	if err := requireProgrammeLead(p); err != nil {
		return Service{}, err
	}
	s.ID, s.Version, s.CollaborationID, s.UpdatedAt = 0, 0, p.CollaborationID, m.clock.Now()
	if err := s.Validate(); err != nil {
		return Service{}, err
	}
	err := m.store.Atomic(ctx, func(st Store) error {
		batch := []Service{s}
		if err := st.SaveServices(ctx, p.CollaborationID, batch); err != nil {
			return err
		}
		s = batch[0]
		var d history.Diff
		serviceDiff(&d, Service{}, s)
		return st.AddChanges(ctx, []history.Change{history.New(p, EntityService, s.ID, history.ActionCreate, m.clock.Now(), d.Fields)})
	})
	return s, err
}

// UpdateService changes a service's definition. s.Version must be the
// version the user saw. Errors: forbidden, invalid, not found, conflict.
func (m *Manager) UpdateService(ctx context.Context, p domain.Principal, s Service) (Service, error) {
	if err := requireProgrammeLead(p); err != nil {
		return Service{}, err
	}
	if err := s.Validate(); err != nil {
		return Service{}, err
	}
	err := m.store.Atomic(ctx, func(st Store) error {
		old, err := st.Service(ctx, p.CollaborationID, s.ID)
		if err != nil {
			return err
		}
		if old.Version != s.Version {
			return domain.Conflict("error.stale")
		}
		var d history.Diff
		serviceDiff(&d, old, s)
		if d.Empty() {
			s = old
			return nil
		}
		s.UpdatedAt = m.clock.Now()
		batch := []Service{s}
		if err := st.SaveServices(ctx, p.CollaborationID, batch); err != nil {
			return err
		}
		s = batch[0]
		return st.AddChanges(ctx, []history.Change{history.New(p, EntityService, s.ID, history.ActionUpdate, m.clock.Now(), d.Fields)})
	})
	return s, err
}

func serviceDiff(d *history.Diff, a, b Service) {
	d.Add("slug", a.Slug, b.Slug)
	d.Add("name_nb", a.NameNB, b.NameNB)
	d.Add("name_en", a.NameEN, b.NameEN)
	d.Add("description_nb", a.Description, b.Description)
	d.Add("area", a.Area, b.Area)
	d.Add("kostra_function", a.KostraFunction, b.KostraFunction)
	d.Add("mandated", a.Mandated, b.Mandated)
	d.Add("legal_basis", FormatLegalBasis(a.LegalBasis), FormatLegalBasis(b.LegalBasis))
	d.Add("target_group", a.TargetGroup, b.TargetGroup)
	d.Add("life_event", a.LifeEvent, b.LifeEvent)
	d.Add("notes", a.Notes, b.Notes)
}

// Municipalities returns the collaboration's municipalities, including
// those that merged away.
func (m *Manager) Municipalities(ctx context.Context, p domain.Principal) ([]Municipality, error) {
	if err := requireInternal(p); err != nil {
		return nil, err
	}
	list, err := m.store.Municipalities(ctx, p.CollaborationID)
	SortMunicipalities(list)
	return list, err
}

// Municipality returns one municipality. Errors: unauthorized, forbidden, not found.
func (m *Manager) Municipality(ctx context.Context, p domain.Principal, id domain.ID) (Municipality, error) {
	if err := requireInternal(p); err != nil {
		return Municipality{}, err
	}
	return m.store.Municipality(ctx, p.CollaborationID, id)
}

// SaveMunicipality creates (ID 0) or updates a municipality: programme lead
// only. The municipality's own checks and its successor's are reported
// together. Errors: forbidden, invalid, not found, conflict.
func (m *Manager) SaveMunicipality(ctx context.Context, p domain.Principal, mu Municipality) (Municipality, error) {
	if err := requireProgrammeLead(p); err != nil {
		return Municipality{}, err
	}
	verr := mu.Validate()
	err := m.store.Atomic(ctx, func(st Store) error {
		fe, err := successorProblems(ctx, st, p.CollaborationID, mu)
		if err != nil {
			return err
		}
		if err := domain.JoinInvalid(fe, verr); err != nil {
			return err
		}
		var old Municipality
		action := history.ActionCreate
		if mu.ID != 0 {
			if old, err = st.Municipality(ctx, p.CollaborationID, mu.ID); err != nil {
				return err
			}
			if old.Version != mu.Version {
				return domain.Conflict("error.stale")
			}
			action = history.ActionUpdate
		}
		var d history.Diff
		municipalityDiff(&d, old, mu)
		if d.Empty() {
			mu = old
			return nil
		}
		batch := []Municipality{mu}
		if err := st.SaveMunicipalities(ctx, p.CollaborationID, batch); err != nil {
			return err
		}
		mu = batch[0]
		return st.AddChanges(ctx, []history.Change{history.New(p, EntityMunicipality, mu.ID, action, m.clock.Now(), d.Fields)})
	})
	return mu, err
}

// successorProblems names what is wrong with mu's successor: itself, one
// the collaboration does not have, or a chain that leads back to mu.
// The error is a store failure.
func successorProblems(ctx context.Context, st Store, collab domain.ID, mu Municipality) ([]domain.FieldError, error) {
	if mu.SuccessorID == 0 {
		return nil, nil
	}
	if mu.SuccessorID == mu.ID {
		return []domain.FieldError{domain.Field("successor_id", "catalogue.successor_self")}, nil
	}
	if _, err := st.Municipality(ctx, collab, mu.SuccessorID); err != nil {
		if domain.KindOf(err) != domain.KindNotFound {
			return nil, err
		}
		return []domain.FieldError{domain.Field("successor_id", "catalogue.unknown_municipality")}, nil
	}
	if err := checkSuccessors(ctx, st, collab, mu); err != nil {
		if domain.KindOf(err) != domain.KindInvalid {
			return nil, err
		}
		return domain.AsError(err).Fields, nil
	}
	return nil, nil
}

func municipalityDiff(d *history.Diff, a, b Municipality) {
	d.Add("number", a.Number, b.Number)
	d.Add("name", a.Name, b.Name)
	d.Add("population", a.Population, b.Population)
	d.Add("population_year", a.PopulationYear, b.PopulationYear)
	from := func(m Municipality) string {
		if m.ValidFrom == nil {
			return ""
		}
		return m.ValidFrom.Format(time.DateOnly)
	}
	to := func(m Municipality) string {
		if m.ValidTo == nil {
			return ""
		}
		return m.ValidTo.Format(time.DateOnly)
	}
	d.Add("valid_from", from(a), from(b))
	d.Add("valid_to", to(a), to(b))
	d.Add("successor_id", a.SuccessorID, b.SuccessorID)
	d.Add("illustrative", a.Illustrative, b.Illustrative)
}

// MunicipalService returns municipality mu's facts about service s, or an
// empty record (ID 0) if none are stored yet. Errors: unauthorized, forbidden, not found.
func (m *Manager) MunicipalService(ctx context.Context, p domain.Principal, slug string, mu domain.ID) (Service, Municipality, MunicipalService, error) {
	if err := requireInternal(p); err != nil {
		return Service{}, Municipality{}, MunicipalService{}, err
	}
	s, err := m.store.ServiceBySlug(ctx, p.CollaborationID, slug)
	if err != nil {
		return Service{}, Municipality{}, MunicipalService{}, err
	}
	muni, err := m.store.Municipality(ctx, p.CollaborationID, mu)
	if err != nil {
		return Service{}, Municipality{}, MunicipalService{}, err
	}
	ms, err := m.store.MunicipalService(ctx, p.CollaborationID, s.ID, mu)
	if domain.KindOf(err) == domain.KindNotFound {
		return s, muni, MunicipalService{ServiceID: s.ID, MunicipalityID: mu, Offered: OfferedYes, Provenance: map[Fact]Provenance{}}, nil
	}
	return s, muni, ms, err
}

// SaveMunicipalService stores a municipality's facts about a service.
// Numbers given without a provenance are recorded as estimated. A measured
// number keeps the measurement it came from (ms.Measured is not read)
// while its value and provenance stay; changed, it loses it. Errors:
// forbidden, invalid, not found, conflict (someone saved in between).
func (m *Manager) SaveMunicipalService(ctx context.Context, p domain.Principal, ms MunicipalService) (MunicipalService, error) {
	return m.saveFacts(ctx, p, ms, nil)
}

// SaveMeasured stores a municipality's facts about a service as
// SaveMunicipalService does, with the facts in measured set from an event
// log: their provenance becomes measured and the measurement is kept
// beside them. It is the event-log manager's door; the rights, the
// version check and the history are the same.
// Errors: forbidden, invalid, not found, conflict (error.stale).
func (m *Manager) SaveMeasured(ctx context.Context, p domain.Principal, ms MunicipalService, measured map[Fact]Measurement) (MunicipalService, error) {
	ms.Provenance = maps.Clone(ms.Provenance)
	if ms.Provenance == nil {
		ms.Provenance = map[Fact]Provenance{}
	}
	for f := range measured {
		ms.Provenance[f] = ProvenanceMeasured
	}
	return m.saveFacts(ctx, p, ms, measured)
}

func (m *Manager) saveFacts(ctx context.Context, p domain.Principal, ms MunicipalService, measured map[Fact]Measurement) (MunicipalService, error) {
	if err := requireInternal(p); err != nil {
		return MunicipalService{}, err
	}
	for f, mm := range measured {
		if !slices.Contains(Facts, f) || !ms.HasFact(f) || mm.LogID == 0 {
			return MunicipalService{}, domain.Invalid("error.invalid_fields", domain.Field("measured."+string(f), "catalogue.measurement_invalid"))
		}
	}
	err := m.store.Atomic(ctx, func(st Store) error {
		if _, err := st.Service(ctx, p.CollaborationID, ms.ServiceID); err != nil {
			return err
		}
		if _, err := st.Municipality(ctx, p.CollaborationID, ms.MunicipalityID); err != nil {
			return err
		}
		old, err := st.MunicipalService(ctx, p.CollaborationID, ms.ServiceID, ms.MunicipalityID)
		action := history.ActionUpdate
		switch {
		case domain.KindOf(err) == domain.KindNotFound:
			old, action = MunicipalService{Provenance: map[Fact]Provenance{}}, history.ActionCreate
		case err != nil:
			return err
		}
		// Rights first: a user who may not edit learns nothing from validation.
		if !CanEditFacts(p, ms.MunicipalityID, old.ResponsibleUserID) {
			return domain.Forbidden("auth.forbidden")
		}
		if ms.ResponsibleUserID != old.ResponsibleUserID && !CanAssign(p, ms.MunicipalityID) {
			return domain.Forbidden("catalogue.assign_forbidden")
		}
		if old.Version != ms.Version {
			return domain.Conflict("error.stale")
		}
		if err := ms.Validate(); err != nil {
			return err
		}
		if ms.ResponsibleUserID != 0 && ms.ResponsibleUserID != old.ResponsibleUserID {
			if err := checkResponsible(ctx, st, p.CollaborationID, ms.ResponsibleUserID, ms.MunicipalityID); err != nil {
				return err
			}
		}
		ms.ID = old.ID
		ms.Provenance = fillProvenance(ms, ProvenanceEstimated)
		ms.Measured = keepMeasured(old, ms, measured)
		var d history.Diff
		factsDiff(&d, old, ms)
		if d.Empty() {
			ms = old
			return nil
		}
		ms.UpdatedAt = m.clock.Now()
		batch := []MunicipalService{ms}
		if err := st.SaveMunicipalServices(ctx, p.CollaborationID, batch); err != nil {
			return err
		}
		ms = batch[0]
		return st.AddChanges(ctx, []history.Change{history.New(p, EntityMunicipalService, ms.ID, action, m.clock.Now(), d.Fields)})
	})
	return ms, err
}

// fillProvenance gives every number that is present a provenance (def when
// none was said) and drops the provenance of numbers that are absent.
func fillProvenance(ms MunicipalService, def Provenance) map[Fact]Provenance {
	out := make(map[Fact]Provenance, len(Facts))
	for _, f := range Facts {
		if !ms.HasFact(f) {
			continue
		}
		p := ms.Provenance[f]
		if p == "" {
			p = def
		}
		out[f] = p
	}
	return out
}

// keepMeasured is the measurements of ms: those given, and those of old
// whose fact kept its value and its provenance measured.
func keepMeasured(old, ms MunicipalService, given map[Fact]Measurement) map[Fact]Measurement {
	out := map[Fact]Measurement{}
	for _, f := range Facts {
		if ms.Provenance[f] != ProvenanceMeasured {
			continue
		}
		if mm, ok := given[f]; ok {
			out[f] = mm
		} else if mm, ok := old.Measured[f]; ok && old.Provenance[f] == ProvenanceMeasured && factValue(old, f) == factValue(ms, f) {
			out[f] = mm
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// factValue is the value behind fact f as text, for comparing two records.
func factValue(ms MunicipalService, f Fact) string {
	num := func(v any) string { return fmt.Sprint(v) }
	deref := func(p *float64) any {
		if p == nil {
			return nil
		}
		return *p
	}
	switch f {
	case FactAnnualCases:
		if ms.AnnualCases == nil {
			return ""
		}
		return num(*ms.AnnualCases)
	case FactLeadTimeDays:
		return num(deref(ms.LeadTimeDays))
	case FactEmployeeMinutes:
		return num(deref(ms.EmployeeMinutes))
	case FactCitizenMinutes:
		return num(deref(ms.CitizenMinutes))
	case FactHourlyCost:
		return num(deref(ms.HourlyCost))
	case FactMaturity:
		if ms.Maturity == nil {
			return ""
		}
		return num(*ms.Maturity)
	case FactChannels:
		c := ms.Channels
		return num([]any{deref(c.Paper), deref(c.Email), deref(c.Phone), deref(c.Digital)})
	}
	return ""
}

// measurementsText is a record's measurements as the history records
// them: per fact the log, its file, time frame and cases.
func measurementsText(ms MunicipalService) string {
	var parts []string
	for _, f := range Facts {
		if mm, ok := ms.Measured[f]; ok {
			parts = append(parts, fmt.Sprintf("%s: %s (%d) %s–%s, %d", f, mm.File, mm.LogID,
				mm.From.Format(time.DateOnly), mm.To.Format(time.DateOnly), mm.Cases))
		}
	}
	return strings.Join(parts, "; ")
}

func factsDiff(d *history.Diff, a, b MunicipalService) {
	d.Add("offered", a.Offered, b.Offered)
	d.Add("delivered_by", a.DeliveredBy, b.DeliveredBy)
	d.Add("annual_cases", a.AnnualCases, b.AnnualCases)
	d.Add("lead_time_days", a.LeadTimeDays, b.LeadTimeDays)
	d.Add("employee_minutes", a.EmployeeMinutes, b.EmployeeMinutes)
	d.Add("citizen_minutes", a.CitizenMinutes, b.CitizenMinutes)
	d.Add("hourly_cost", a.HourlyCost, b.HourlyCost)
	d.Add("maturity", a.Maturity, b.Maturity)
	d.Add("share_paper", a.Channels.Paper, b.Channels.Paper)
	d.Add("share_email", a.Channels.Email, b.Channels.Email)
	d.Add("share_phone", a.Channels.Phone, b.Channels.Phone)
	d.Add("share_digital", a.Channels.Digital, b.Channels.Digital)
	d.Add("systems", a.Systems, b.Systems)
	d.Add("responsible_user_id", a.ResponsibleUserID, b.ResponsibleUserID)
	for _, f := range Facts {
		d.Add(string(f)+"_source", a.Provenance[f], b.Provenance[f])
	}
	d.Add("measured", measurementsText(a), measurementsText(b))
}

// History returns the change history of one record, newest first.
// Errors: unauthorized, forbidden, invalid (unknown entity).
func (m *Manager) History(ctx context.Context, p domain.Principal, entity string, id domain.ID) ([]history.Change, error) {
	if err := requireInternal(p); err != nil {
		return nil, err
	}
	switch entity {
	case EntityService, EntityMunicipality, EntityMunicipalService:
	default:
		return nil, domain.Invalid("error.invalid_fields", domain.Field("entity", "field.one_of", fmt.Sprint(EntityService, ", ", EntityMunicipality, ", ", EntityMunicipalService)))
	}
	return m.store.Changes(ctx, p.CollaborationID, entity, id)
}

// AllFacts returns every municipality's facts about every service, for
// export. Errors: unauthorized, forbidden.
func (m *Manager) AllFacts(ctx context.Context, p domain.Principal) ([]MunicipalService, error) {
	if err := requireInternal(p); err != nil {
		return nil, err
	}
	return m.store.MunicipalServices(ctx, p.CollaborationID, 0)
}

// checkResponsible refuses a responsible person who is not a
// subject-matter owner or coordinator of the municipality (or of the whole
// collaboration). Errors: invalid.
func checkResponsible(ctx context.Context, st Store, collab, user, municipality domain.ID) error {
	grants, err := st.UserGrants(ctx, collab, user)
	if domain.KindOf(err) == domain.KindNotFound {
		return domain.Invalid("error.invalid_fields", domain.Field("responsible_user_id", "catalogue.responsible_unknown"))
	}
	if err != nil {
		return err
	}
	who := domain.Principal{UserID: user, Grants: grants}
	if who.HasIn(domain.RoleSubjectOwner, municipality) || who.HasIn(domain.RoleCoordinator, municipality) {
		return nil
	}
	return domain.Invalid("error.invalid_fields", domain.Field("responsible_user_id", "catalogue.responsible_not_owner"))
}

// checkSuccessors follows mu's chain of successors and refuses a chain
// that leads back to mu. Errors: invalid.
func checkSuccessors(ctx context.Context, st Store, collab domain.ID, mu Municipality) error {
	seen := map[domain.ID]bool{mu.ID: true}
	for next := mu.SuccessorID; next != 0; {
		if seen[next] {
			return domain.Invalid("error.invalid_fields", domain.Field("successor_id", "catalogue.successor_cycle"))
		}
		seen[next] = true
		s, err := st.Municipality(ctx, collab, next)
		if err != nil {
			return err
		}
		next = s.SuccessorID
	}
	return nil
}

// SetEditors makes users the editors of the service's shared artefacts
// (to-be and adapted processes, obstacles, requirements, the benefit
// case's shared parts, the realisation plan) beside the programme lead,
// replacing those assigned before. Only the programme lead assigns, and
// only coordinators and subject-matter owners of the collaboration can be
// assigned: the roles that work on its content.
// Errors: unauthorized, forbidden, not found (service), invalid (editors:
// catalogue.editor_unknown, catalogue.editor_role).
func (m *Manager) SetEditors(ctx context.Context, p domain.Principal, slug string, users []domain.ID) error {
	if err := requireProgrammeLead(p); err != nil {
		return err
	}
	users = slices.Compact(slices.Sorted(slices.Values(users)))
	return m.store.Atomic(ctx, func(st Store) error {
		s, err := st.ServiceBySlug(ctx, p.CollaborationID, slug)
		if err != nil {
			return err
		}
		for _, u := range users {
			grants, err := st.UserGrants(ctx, p.CollaborationID, u)
			if domain.KindOf(err) == domain.KindNotFound {
				return domain.Invalid("error.invalid_fields", domain.Field("editors", "catalogue.editor_unknown"))
			}
			if err != nil {
				return err
			}
			who := domain.Principal{UserID: u, Grants: grants}
			if !who.Has(domain.RoleCoordinator) && !who.Has(domain.RoleSubjectOwner) {
				return domain.Invalid("error.invalid_fields", domain.Field("editors", "catalogue.editor_role"))
			}
		}
		return st.SetServiceEditors(ctx, p.CollaborationID, s.ID, users)
	})
}
