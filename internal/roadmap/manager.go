package roadmap

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
)

// Benefits gives a service's benefit case (stored, or its draft); the
// benefit manager satisfies it and decides who may read (a view reader: see package wiring).
type Benefits interface {
	Case(ctx context.Context, p domain.Principal, slug string) (benefit.View, error)
}

// Decisions gives a frozen prioritisation decision; the priority manager
// satisfies it and decides who may read (a view reader: see package wiring).
type Decisions interface {
	Decision(ctx context.Context, p domain.Principal, id domain.ID) (priority.DecisionView, error)
}

// DefaultLimit is the time the optimiser gets for the scenarios an edit
// leaves unsolved (shared between them), so that a page answers within
// seconds.
const DefaultLimit = 5 * time.Second

// Manager owns the rules of a collaboration's roadmap: who may read and
// change it, what a valid roadmap is, and that every scenario's plan is
// solved from the inputs stored with it.
type Manager struct {
	store     Store
	benefits  Benefits
	decisions Decisions
	clock     domain.Clock
	// Limit is the optimiser's time per edit (DefaultLimit).
	Limit time.Duration
	// Sizes bound the roadmaps an edit may leave (zero fields:
	// DefaultSizeLimits); an edit beyond them is refused.
	Sizes SizeLimits
}

// NewManager returns a Manager over store, reading benefit cases from
// benefits and frozen decisions from decisions.
func NewManager(store Store, benefits Benefits, decisions Decisions, clock domain.Clock) *Manager {
	return &Manager{store: store, benefits: benefits, decisions: decisions, clock: clock, Limit: DefaultLimit}
}

// CanEdit reports whether p may change a roadmap whose assigned editors
// are editors: it is a shared artefact of the collaboration, edited under
// the domain's row rule by the programme lead and the editors the lead
// assigns.
func CanEdit(p domain.Principal, editors domain.Editors) bool {
	return domain.CanEditShared(p, editors)
}

// MayEdit reports whether p may change the collaboration's roadmap
// (CanEdit with its assigned editors). Errors: unauthorized, forbidden.
func (m *Manager) MayEdit(ctx context.Context, p domain.Principal) (bool, error) {
	if err := p.RequireInternal(); err != nil {
		return false, err
	}
	editors, err := m.store.Editors(ctx, p.CollaborationID)
	if err != nil {
		return false, err
	}
	return CanEdit(p, editors), nil
}

// requireEditor returns forbidden unless p may change the roadmap.
// Errors: unauthorized, forbidden.
func (m *Manager) requireEditor(ctx context.Context, p domain.Principal) error {
	ok, err := m.MayEdit(ctx, p)
	if err == nil && !ok {
		err = domain.Forbidden("auth.forbidden")
	}
	return err
}

// Editors returns the users assigned to edit the roadmap beside the
// programme lead. Errors: unauthorized, forbidden.
func (m *Manager) Editors(ctx context.Context, p domain.Principal) (domain.Editors, error) {
	if err := p.RequireInternal(); err != nil {
		return nil, err
	}
	return m.store.Editors(ctx, p.CollaborationID)
}

// SetEditors makes users the editors of the roadmap beside the programme
// lead, replacing those assigned before; only the programme lead assigns.
// Assigning a user whose roles do not allow editing (an observer) changes
// nothing they may do: CanEdit asks the roles as well.
// Errors: unauthorized, forbidden, invalid (editors: roadmap.editor_unknown).
func (m *Manager) SetEditors(ctx context.Context, p domain.Principal, users []domain.ID) error {
	if err := p.RequireInternal(); err != nil {
		return err
	}
	if !p.IsProgrammeLead() {
		return domain.Forbidden("auth.forbidden")
	}
	err := m.store.SetEditors(ctx, p.CollaborationID, slices.Compact(slices.Sorted(slices.Values(users))))
	if domain.KindOf(err) == domain.KindNotFound {
		return domain.Invalid("error.invalid_fields", domain.Field("editors", "roadmap.editor_unknown"))
	}
	return err
}

// Roadmap returns the collaboration's roadmap; Version 0 and no items when
// it has none yet. Errors: unauthorized, forbidden.
func (m *Manager) Roadmap(ctx context.Context, p domain.Principal) (Record, error) {
	if err := p.RequireInternal(); err != nil {
		return Record{}, err
	}
	rec, err := m.store.Roadmap(ctx, p.CollaborationID)
	if domain.KindOf(err) == domain.KindNotFound {
		return Record{CollaborationID: p.CollaborationID}, nil
	}
	return rec, err
}

// Analyse returns the roadmap and the analysis of one scenario.
// Errors: unauthorized, forbidden, not found (roadmap.scenario_not_found).
func (m *Manager) Analyse(ctx context.Context, p domain.Principal, id string) (Record, Analysis, error) {
	rec, err := m.Roadmap(ctx, p)
	if err != nil {
		return Record{}, Analysis{}, err
	}
	sc, _, ok := rec.Roadmap.Scenario(id)
	if !ok {
		return Record{}, Analysis{}, domain.NotFound("roadmap.scenario_not_found", id)
	}
	a, err := Analyse(rec.Roadmap, sc)
	return rec, a, err
}

// Figures reads an item's figures from a benefit case at its likely
// values: the cost is the one-off costs' amounts (cash), the hours their
// staff hours, and the annual benefit the valued gains at full uptake less
// the yearly costs (never below 0). The roadmap limits hours by capacity
// rather than pricing them, and counts the benefit from the year after
// the start, without the case's uptake curve.
func Figures(c benefit.Case) (cost, hours, annual float64, err error) {
	res, err := benefit.Evaluate(c)
	if err != nil {
		return 0, 0, 0, err
	}
	for _, k := range c.Costs {
		if k.OneOff() {
			cost += k.Amount.Likely
			hours += k.Hours.Likely
		}
	}
	annual = res.FullUptake.EmployeeTime + res.FullUptake.CitizenTime + res.FullUptake.DirectSaving
	for _, k := range res.Costs {
		if !k.OneOff {
			annual -= k.Value
		}
	}
	return math.Round(cost), math.Round(hours), math.Round(max(0, annual)), nil
}

// serviceItem builds the item of a service from its benefit case.
func (m *Manager) serviceItem(ctx context.Context, p domain.Principal, slug string) (Item, error) {
	v, err := m.benefits.Case(ctx, p, slug)
	if err != nil {
		return Item{}, err
	}
	cost, hours, annual, err := Figures(v.Record.Case)
	if err != nil {
		// A stored case is valid; a draft may lack what Evaluate needs.
		cost, hours, annual = 0, 0, 0
	}
	it := Item{Key: v.Service.Slug, Kind: KindService, Name: v.Service.NameNB, ServiceID: v.Service.ID,
		Cost: cost, Hours: hours, AnnualBenefit: annual, Source: SourceBenefitDraft}
	if v.Stored {
		it.Source, it.SourceVersion = SourceBenefitCase, v.Record.Version
	}
	return it, nil
}

// FromDecision fills the roadmap with the services of a prioritisation
// decision, ranked as it froze them, each with the figures of its benefit
// case. Components and the requirements between items that stay are kept;
// services not in the decision leave, with the references to them. A
// roadmap without scenarios gets a first one to start from.
// Errors: unauthorized, forbidden, not found (decision), conflict
// (error.stale).
func (m *Manager) FromDecision(ctx context.Context, p domain.Principal, decision domain.ID, version int) (Record, error) {
	if err := m.requireEditor(ctx, p); err != nil {
		return Record{}, err
	}
	dec, err := m.decisions.Decision(ctx, p, decision)
	if err != nil {
		return Record{}, err
	}
	ranked, err := dec.Services()
	if err != nil {
		return Record{}, err
	}
	items := make([]Item, 0, len(ranked))
	for _, rs := range ranked {
		it, err := m.serviceItem(ctx, p, rs.Slug)
		if err != nil {
			return Record{}, fmt.Errorf("service %s: %w", rs.Slug, err)
		}
		it.Rank = rs.Rank
		items = append(items, it)
	}
	return m.edit(ctx, p, version, func(r *Roadmap) error {
		old := r.Items
		keep := map[string]bool{}
		for _, it := range items {
			keep[it.Key] = true
		}
		r.Items = nil
		for _, it := range old {
			if it.Kind == KindComponent {
				r.Items = append(r.Items, it)
				keep[it.Key] = true
			}
		}
		for _, it := range items {
			if prev, ok := (Roadmap{Items: old}).Item(it.Key); ok {
				it.Requires = prev.Requires
			}
			r.Items = append(r.Items, it)
		}
		r.DecisionID = dec.ID
		r.prune(keep)
		if len(r.Scenarios) == 0 {
			r.Scenarios = append(r.Scenarios, r.firstScenario(m.clock.Now().Year()+1))
		}
		return nil
	})
}

// prune drops the requirements and forced choices of keys not kept.
func (r *Roadmap) prune(keep map[string]bool) {
	gone := func(k string) bool { return !keep[k] }
	for i := range r.Items {
		r.Items[i].Requires = slices.DeleteFunc(r.Items[i].Requires, gone)
	}
	for k := range r.Scenarios {
		r.Scenarios[k].Must = slices.DeleteFunc(r.Scenarios[k].Must, gone)
		r.Scenarios[k].Exclude = slices.DeleteFunc(r.Scenarios[k].Exclude, gone)
	}
}

// firstScenario is a starting point: four planning years from first, a
// horizon of ten years, the 4 % of R-109/2021, and yearly limits that
// allow about half of the items' cost and hours over the four years. The
// limits are a guess for the users to replace.
func (r Roadmap) firstScenario(first int) Scenario {
	var cost, hours float64
	for _, it := range r.Items {
		cost += it.Cost
		hours += it.Hours
	}
	const years = 4
	sc := Scenario{ID: r.NextScenarioID(), Name: "Basis", FirstYear: first, DiscountRate: benefit.DefaultDiscountRate, Horizon: 10}
	for range years {
		sc.Years = append(sc.Years, Year{Budget: math.Round(cost/2/years/10000) * 10000, Capacity: math.Round(hours/2/years/10) * 10})
	}
	return sc
}

// AddService adds a service of the catalogue with its benefit case's
// figures. Errors: unauthorized, forbidden, not found (service), invalid
// (already there), conflict (error.stale).
func (m *Manager) AddService(ctx context.Context, p domain.Principal, slug string, version int) (Record, error) {
	if err := m.requireEditor(ctx, p); err != nil {
		return Record{}, err
	}
	it, err := m.serviceItem(ctx, p, slug)
	if err != nil {
		return Record{}, err
	}
	return m.edit(ctx, p, version, func(r *Roadmap) error {
		if _, ok := r.Item(it.Key); ok {
			return domain.Invalid("error.invalid_fields", domain.Field("service", "roadmap.key_duplicate", it.Key))
		}
		r.Items = append(r.Items, it)
		return nil
	})
}

// SaveItem changes the item with key, or adds a component when key is
// empty (its key made from its name). Of a service only the figures and
// requirements change; its name and key are the catalogue's.
// Errors: unauthorized, forbidden, not found (roadmap.item_not_found),
// invalid, conflict (error.stale).
func (m *Manager) SaveItem(ctx context.Context, p domain.Principal, key string, in Item, version int) (Record, error) {
	if err := m.requireEditor(ctx, p); err != nil {
		return Record{}, err
	}
	return m.edit(ctx, p, version, func(r *Roadmap) error {
		if key == "" {
			in.Kind, in.Source, in.ServiceID, in.Rank, in.SourceVersion = KindComponent, SourceManual, 0, 0, 0
			in.Name, in.Note = strings.TrimSpace(in.Name), strings.TrimSpace(in.Note)
			in.Key = KeyFor(in.Name, func(k string) bool { _, ok := r.Item(k); return ok })
			r.Items = append(r.Items, in)
			return nil
		}
		i := slices.IndexFunc(r.Items, func(it Item) bool { return it.Key == key })
		if i < 0 {
			return domain.NotFound("roadmap.item_not_found", key)
		}
		it := &r.Items[i]
		if it.Kind == KindComponent {
			it.Name = strings.TrimSpace(in.Name)
		}
		if it.Cost != in.Cost || it.Hours != in.Hours || it.AnnualBenefit != in.AnnualBenefit {
			it.Source, it.SourceVersion = SourceManual, 0
		}
		it.Cost, it.Hours, it.AnnualBenefit, it.Note = in.Cost, in.Hours, in.AnnualBenefit, strings.TrimSpace(in.Note)
		it.Requires = slices.Compact(slices.Clone(in.Requires))
		return nil
	})
}

// DeleteItem removes an item no other item requires, and the scenarios'
// forced choices of it. Errors: unauthorized, forbidden, not found,
// invalid (roadmap.item_required_by), conflict (error.stale).
func (m *Manager) DeleteItem(ctx context.Context, p domain.Principal, key string, version int) (Record, error) {
	if err := m.requireEditor(ctx, p); err != nil {
		return Record{}, err
	}
	return m.edit(ctx, p, version, func(r *Roadmap) error {
		if _, ok := r.Item(key); !ok {
			return domain.NotFound("roadmap.item_not_found", key)
		}
		if by := r.Required(key); len(by) > 0 {
			return domain.Invalid("error.invalid_fields", domain.Field("key", "roadmap.item_required_by", key, strings.Join(by, ", ")))
		}
		r.Items = slices.DeleteFunc(r.Items, func(it Item) bool { return it.Key == key })
		keep := map[string]bool{}
		for _, it := range r.Items {
			keep[it.Key] = true
		}
		r.prune(keep)
		return nil
	})
}

// SaveScenario stores a scenario's settings (a new one when sc.ID is
// empty) and solves it. A scenario whose must-items cannot all be planned
// is refused with the reasons, and nothing is stored.
// Errors: unauthorized, forbidden, not found, invalid, conflict.
func (m *Manager) SaveScenario(ctx context.Context, p domain.Principal, sc Scenario, version int) (Record, error) {
	if err := m.requireEditor(ctx, p); err != nil {
		return Record{}, err
	}
	sc.Name = strings.TrimSpace(sc.Name)
	sc.Outcome = nil
	id := sc.ID
	return m.edit(ctx, p, version, func(r *Roadmap) error {
		if id == "" {
			sc.ID = r.NextScenarioID()
			id = sc.ID
			r.Scenarios = append(r.Scenarios, sc)
			return nil
		}
		_, k, ok := r.Scenario(id)
		if !ok {
			return domain.NotFound("roadmap.scenario_not_found", id)
		}
		r.Scenarios[k] = sc
		return nil
	}, id)
}

// CopyScenario adds a copy of scenario id named name.
func (m *Manager) CopyScenario(ctx context.Context, p domain.Principal, id, name string, version int) (Record, string, error) {
	if err := m.requireEditor(ctx, p); err != nil {
		return Record{}, "", err
	}
	var created string
	rec, err := m.edit(ctx, p, version, func(r *Roadmap) error {
		sc, _, ok := r.Scenario(id)
		if !ok {
			return domain.NotFound("roadmap.scenario_not_found", id)
		}
		sc.ID, sc.Name = r.NextScenarioID(), strings.TrimSpace(name)
		created = sc.ID
		r.Scenarios = append(r.Scenarios, sc)
		return nil
	})
	return rec, created, err
}

// DeleteScenario removes scenario id.
func (m *Manager) DeleteScenario(ctx context.Context, p domain.Principal, id string, version int) (Record, error) {
	if err := m.requireEditor(ctx, p); err != nil {
		return Record{}, err
	}
	return m.edit(ctx, p, version, func(r *Roadmap) error {
		if _, k, ok := r.Scenario(id); ok {
			r.Scenarios = slices.Delete(r.Scenarios, k, k+1)
			return nil
		}
		return domain.NotFound("roadmap.scenario_not_found", id)
	})
}

// edit applies change to a copy of the stored roadmap at version,
// validates it, solves every scenario whose inputs changed, and stores it
// at once. The scenarios named in strict must come out with a plan: their
// problems refuse the edit (Invalid, fields under scenarios[k]).
func (m *Manager) edit(ctx context.Context, p domain.Principal, version int, change func(*Roadmap) error, strict ...string) (Record, error) {
	rec, err := m.Roadmap(ctx, p)
	if err != nil {
		return Record{}, err
	}
	if rec.Version != version {
		return Record{}, domain.Conflict("error.stale")
	}
	var r Roadmap
	if err := clone(rec.Roadmap, &r); err != nil {
		return Record{}, domain.Internal(err)
	}
	if err := change(&r); err != nil {
		return Record{}, err
	}
	if err := r.ValidateWithin(m.Sizes); err != nil {
		return Record{}, err
	}
	now := m.clock.Now()
	var stale []int
	for k, sc := range r.Scenarios {
		if r.Stale(sc) {
			stale = append(stale, k)
		}
	}
	// The stale scenarios share the time limit, so that an edit answers
	// within it however many scenarios it touches (at least a second each).
	limit := m.Limit
	if len(stale) > 1 && limit > 0 {
		limit = max(limit/time.Duration(len(stale)), time.Second)
	}
	for _, k := range stale {
		sc := r.Scenarios[k]
		out, err := RunWithin(ctx, r, sc, Options{TimeLimit: limit, Limits: m.Sizes}, now)
		if err != nil {
			return Record{}, err
		}
		if len(out.Problems) > 0 && slices.Contains(strict, sc.ID) {
			fields := make([]domain.FieldError, len(out.Problems))
			for i, f := range out.Problems {
				f.Field = fmt.Sprintf("scenarios[%d].%s", k, f.Field)
				fields[i] = f
			}
			return Record{}, domain.Invalid("roadmap.infeasible", fields...)
		}
		r.Scenarios[k].Outcome = &out
	}
	next := Record{CollaborationID: p.CollaborationID, Roadmap: r, Version: version, UpdatedBy: p.Name, UpdatedAt: now}
	if next.Version, err = m.store.SaveRoadmap(ctx, next); err != nil {
		if version == 0 && domain.KindOf(err) == domain.KindConflict {
			return Record{}, domain.Conflict("error.stale")
		}
		return Record{}, err
	}
	return next, nil
}

// clone deep-copies a roadmap through its JSON form.
func clone(in Roadmap, out *Roadmap) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}
