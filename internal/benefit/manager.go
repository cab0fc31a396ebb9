package benefit

import (
	"context"
	"math"
	"slices"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// Catalogue is what the benefit manager reads of the catalogue: a service
// with its facts per municipality, and the list of services. The catalogue
// manager satisfies it and decides who may read (a view reader: see package wiring).
type Catalogue interface {
	Service(ctx context.Context, p domain.Principal, slug string) (catalogue.ServiceView, error)
	Services(ctx context.Context, p domain.Principal) ([]catalogue.Service, error)
}

// Processes gives the minutes saved per case from the process comparison;
// the process manager satisfies it and decides who may read (a view reader: see package wiring).
type Processes interface {
	Overview(ctx context.Context, p domain.Principal, slug string) (process.Overview, error)
}

// Manager owns the rules of benefit cases: who may read and change them,
// what a valid case is, and the draft a service starts from.
type Manager struct {
	store Store
	cat   Catalogue
	procs Processes
	clock domain.Clock
}

// NewManager returns a Manager over store.
func NewManager(store Store, cat Catalogue, procs Processes, clock domain.Clock) *Manager {
	return &Manager{store: store, cat: cat, procs: procs, clock: clock}
}

// View is a service's benefit case: the stored one, or the draft built
// from what the project knows when none is stored yet.
type View struct {
	Service catalogue.Service
	Record  Record // Version 0 for a draft
	Stored  bool
}

// Case returns the benefit case of the service with the given slug, or its
// draft. Errors: unauthorized, forbidden, not found (service).
func (m *Manager) Case(ctx context.Context, p domain.Principal, slug string) (View, error) {
	v, err := m.cat.Service(ctx, p, slug)
	if err != nil {
		return View{}, err
	}
	rec, err := m.store.Case(ctx, p.CollaborationID, v.Service.ID)
	switch {
	case err == nil:
		return View{Service: v.Service, Record: rec, Stored: true}, nil
	case domain.KindOf(err) != domain.KindNotFound:
		return View{}, err
	}
	draft, err := m.draft(ctx, p, v)
	if err != nil {
		return View{}, err
	}
	return View{Service: v.Service, Record: Record{CollaborationID: p.CollaborationID, ServiceID: v.Service.ID, Case: draft}}, nil
}

// DefaultUptake is the draft's uptake curve: a quarter of the gain in the
// first year, all of it from the fourth. It is an assumption to be
// replaced, and the page says so.
var DefaultUptake = []Range{Exact(0.25), Exact(0.5), Exact(0.75), Exact(1)}

// Sources of the draft's numbers, as they are shown next to them.
const (
	SourceProcess     = "process"      // minutes saved from this municipality's as-is vs the adapted process
	SourceProcessMean = "process-mean" // the mean saving of the municipalities that have mapped theirs
	SourceMissing     = "missing"      // nothing known yet: 0 until someone fills it in
)

// draft builds a case from the catalogue's facts (volumes, hourly costs,
// with their provenance) and the process comparison (minutes saved per
// case), with the analysis defaults and no costs: those the users know.
func (m *Manager) draft(ctx context.Context, p domain.Principal, v catalogue.ServiceView) (Case, error) {
	c := Case{Service: v.Service.Slug, Name: v.Service.NameNB,
		Settings: Settings{Years: DefaultYears, DiscountRate: DefaultDiscountRate, PriceYear: m.clock.Now().Year()},
		Gains: []Gain{{ID: "tid", Name: "Frigjort arbeidstid", Kind: GainEmployeeTime, Class: ClassEfficiency, FreedForOtherUse: true},
			{ID: "innbygger", Name: "Spart tid for innbyggere og næringsliv", Kind: GainCitizenTime, Class: ClassOthers}},
		Uptake: slices.Clone(DefaultUptake)}
	saved := map[domain.ID]process.Saving{}
	var mean *float64
	if m.procs != nil {
		o, err := m.procs.Overview(ctx, p, v.Service.Slug)
		if err != nil && domain.KindOf(err) != domain.KindForbidden {
			return Case{}, err
		}
		for _, s := range o.Saved {
			saved[s.MunicipalityID] = s
		}
		mean = o.Comparison.SavedMinutes
	}
	for _, mu := range v.Municipalities {
		f, ok := v.Facts[mu.ID]
		if !ok || f.Offered != catalogue.OfferedYes {
			continue
		}
		in := MunicipalityInput{Municipality: mu.Number, Name: mu.Name, MinutesSavedSource: SourceMissing}
		if f.AnnualCases != nil {
			in.Cases, in.CasesSource = Exact(float64(*f.AnnualCases)), string(f.Source("annual_cases"))
			in.CasesNote = MeasuredNote(f)
		}
		if f.HourlyCost != nil {
			in.HourlyCost = Exact(*f.HourlyCost)
		}
		if s, ok := saved[mu.ID]; ok {
			in.MinutesSaved, in.MinutesSavedSource = Exact(max(0, s.SavedMinutes)), SourceProcess
		} else if mean != nil {
			in.MinutesSaved, in.MinutesSavedSource = Exact(max(0, *mean)), SourceProcessMean
		}
		c.Municipalities = append(c.Municipalities, in)
	}
	return c, nil
}

// Rights returns what p may change of the service's benefit case (see
// RightsOf). Errors: unauthorized, forbidden, not found (service).
func (m *Manager) Rights(ctx context.Context, p domain.Principal, slug string) (Rights, error) {
	v, err := m.cat.Service(ctx, p, slug)
	if err != nil {
		return Rights{}, err
	}
	return RightsOf(p, v, v.Editors), nil
}

// Save stores c as the service's benefit case: a first save (version 0) or
// an update of the stored case at version. The save is compared with the
// case it was made from (the stored one at version, or the draft), and
// every part it changes must be one p may change (see RightsOf): a
// coordinator changes the own municipality's row only. The case is
// validated whole; nothing is stored when any part is refused or any field
// is wrong.
// Errors: unauthorized, forbidden (benefit.row_forbidden naming the
// municipality, benefit.shared_forbidden), not found (service), invalid,
// conflict (error.stale).
func (m *Manager) Save(ctx context.Context, p domain.Principal, slug string, c Case, version int) (Record, error) {
	if err := p.RequireInternal(); err != nil {
		return Record{}, err
	}
	if !CanEdit(p) {
		return Record{}, domain.Forbidden("auth.forbidden")
	}
	v, err := m.cat.Service(ctx, p, slug)
	if err != nil {
		return Record{}, err
	}
	c.Service = v.Service.Slug
	if err := m.checkRights(ctx, p, v, c, version); err != nil {
		return Record{}, err
	}
	if errs := Validate(c); len(errs) > 0 {
		return Record{}, domain.Invalid("error.invalid_fields", errs...)
	}
	r := Record{CollaborationID: p.CollaborationID, ServiceID: v.Service.ID, Case: c, Version: version,
		UpdatedBy: p.Name, UpdatedAt: m.clock.Now()}
	if r.Version, err = m.store.SaveCase(ctx, r); err != nil {
		if version == 0 && domain.KindOf(err) == domain.KindConflict {
			return Record{}, domain.Conflict("error.stale")
		}
		return Record{}, err
	}
	return r, nil
}

// PortfolioEntry is one service's stored case in the portfolio.
type PortfolioEntry struct {
	Service catalogue.Service
	Record  Record
}

// Portfolio returns every stored benefit case with its service, in the
// catalogue's order. Errors: unauthorized, forbidden.
func (m *Manager) Portfolio(ctx context.Context, p domain.Principal) ([]PortfolioEntry, error) {
	services, err := m.cat.Services(ctx, p)
	if err != nil {
		return nil, err
	}
	recs, err := m.store.Cases(ctx, p.CollaborationID)
	if err != nil {
		return nil, err
	}
	by := make(map[domain.ID]Record, len(recs))
	for _, r := range recs {
		by[r.ServiceID] = r
	}
	var out []PortfolioEntry
	for _, s := range services {
		if r, ok := by[s.ID]; ok {
			out = append(out, PortfolioEntry{Service: s, Record: r})
		}
	}
	return out, nil
}

// checkRights refuses a save that changes a part of the case p may not
// change, compared with the case the save was made from: the stored case
// when version is its version, the draft when none is stored. A save from
// another version is stale whatever it changes; comparing it with the
// current case would blame the user for someone else's edit.
// Errors: forbidden, conflict (error.stale).
func (m *Manager) checkRights(ctx context.Context, p domain.Principal, v catalogue.ServiceView, c Case, version int) error {
	var prev Case
	rec, err := m.store.Case(ctx, p.CollaborationID, v.Service.ID)
	switch {
	case err == nil:
		if rec.Version != version {
			return domain.Conflict("error.stale")
		}
		prev = rec.Case
	case domain.KindOf(err) != domain.KindNotFound:
		return err
	case version != 0:
		return domain.Conflict("error.stale")
	default:
		if prev, err = m.draft(ctx, p, v); err != nil {
			return err
		}
	}
	return checkChange(RightsOf(p, v, v.Editors), v, prev, c)
}

// MeasuredNote is the provenance text of measured annual cases ("målt fra
// <file>, <time frame>, n saker"), "" when they were not measured. The
// case's texts are bokmål, as its gains' names are.
func MeasuredNote(f catalogue.MunicipalService) string {
	mm := f.MeasuredFrom(string(catalogue.FactAnnualCases))
	if mm == nil || f.Provenance[catalogue.FactAnnualCases] != catalogue.ProvenanceMeasured {
		return ""
	}
	return i18n.Lang(i18n.Default).T("provenance.measured_from", mm.File, mm.From.Format("02.01.2006"),
		mm.To.Format("02.01.2006"), mm.Cases)
}

// RecomputeCases brings the stored case's row of ms's municipality up to
// date after the municipality's annual cases changed from previous to
// ms.AnnualCases in the catalogue (an event log applied): a row whose cases
// came from the catalogue (a catalogue provenance, and still the previous
// figure as its likely value) takes the new figure, its range scaled
// alike, its provenance and MeasuredNote. A row
// the users typed their own figure into, or a service without a stored
// case, is left alone. It is the municipality's row, which p must be
// allowed to change (domain.CanEditMunicipalRow); the caller runs it in
// the transaction that changed the facts.
// Errors: forbidden, not found (service), conflict (error.stale).
func (m *Manager) RecomputeCases(ctx context.Context, p domain.Principal, slug string, ms catalogue.MunicipalService, previous *int64) error {
	if !domain.CanEditMunicipalRow(p, ms.MunicipalityID, ms.ResponsibleUserID) {
		return domain.Forbidden("auth.forbidden")
	}
	if ms.AnnualCases == nil {
		return nil
	}
	v, err := m.cat.Service(ctx, p, slug)
	if err != nil {
		return err
	}
	rec, err := m.store.Case(ctx, p.CollaborationID, v.Service.ID)
	if domain.KindOf(err) == domain.KindNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	i := slices.IndexFunc(v.Municipalities, func(mu catalogue.Municipality) bool { return mu.ID == ms.MunicipalityID })
	if i < 0 {
		return nil
	}
	mu := v.Municipalities[i]
	changed := false
	for j := range rec.Case.Municipalities {
		row := &rec.Case.Municipalities[j]
		if (row.Municipality != mu.Number && row.Municipality != mu.Name) || !fromCatalogue(*row, previous) {
			continue
		}
		row.Cases = rescale(row.Cases, previous, *ms.AnnualCases)
		row.CasesSource = string(ms.Provenance[catalogue.FactAnnualCases])
		row.CasesNote = MeasuredNote(ms)
		changed = true
	}
	if !changed {
		return nil
	}
	rec.UpdatedBy, rec.UpdatedAt = p.Name, m.clock.Now()
	_, err = m.store.SaveCase(ctx, rec)
	return err
}

// fromCatalogue reports whether a row's cases are the catalogue's figure
// previous, as the draft took it: a catalogue provenance (or none, as a
// draft from facts without one has) and previous as
// the likely value (the uncertainty around it may have been widened), or
// no cases when there was no figure.
func fromCatalogue(row MunicipalityInput, previous *int64) bool {
	if row.CasesSource != "" && !slices.Contains(catalogue.Provenances, catalogue.Provenance(row.CasesSource)) {
		return false
	}
	if previous == nil {
		return row.Cases == Range{}
	}
	return sameNumber(row.Cases.Likely, float64(*previous))
}

// rescale moves a range whose likely value was previous to cases, keeping
// its relative width: an exact figure stays exact.
func rescale(r Range, previous *int64, cases int64) Range {
	if previous == nil || *previous <= 0 || (r.Low == r.Likely && r.High == r.Likely) {
		return Exact(float64(cases))
	}
	f := float64(cases) / float64(*previous)
	return Range{Low: math.Round(r.Low * f), Likely: float64(cases), High: math.Round(r.High * f)}
}
