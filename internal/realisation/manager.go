package realisation

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Catalogue is what the manager reads of the catalogue; the catalogue's
// store satisfies it (a record reader: see package wiring).
type Catalogue interface {
	ServiceBySlug(ctx context.Context, collab domain.ID, slug string) (catalogue.Service, error)
	ServiceEditors(ctx context.Context, collab, service domain.ID) (domain.Editors, error)
}

// Users is what the manager reads of the accounts, to check and name an
// indicator's owner; the account store satisfies it (a record reader: see package wiring).
type Users interface {
	User(ctx context.Context, id domain.ID) (account.User, error)
}

// Manager owns the rules of realisation plans: who may read, plan and
// measure, and what a valid indicator and measurement are. Every method
// decides from the principal, deny by default.
type Manager struct {
	store Store
	cat   Catalogue
	users Users
	clock domain.Clock
}

// NewManager returns a Manager over store, finding services in cat and
// indicator owners in users.
func NewManager(store Store, cat Catalogue, users Users, clock domain.Clock) *Manager {
	return &Manager{store: store, cat: cat, users: users, clock: clock}
}

// CanEditPlan reports whether p may create the plan of a service whose
// assigned editors are editors, and add, change and remove its
// indicators. A plan's indicators follow the gains of the collaboration's
// case and belong to no one municipality, so the plan is a shared artefact
// under the domain's row rule: the programme lead and the editors the lead
// assigned.
func CanEditPlan(p domain.Principal, editors domain.Editors) bool {
	return domain.CanEditShared(p, editors)
}

// editors returns the assigned editors of the service with the given slug.
// Errors: not found (service).
func (m *Manager) editors(ctx context.Context, p domain.Principal, slug string) (domain.Editors, error) {
	svc, err := m.cat.ServiceBySlug(ctx, p.CollaborationID, slug)
	if err != nil {
		return nil, err
	}
	return m.cat.ServiceEditors(ctx, p.CollaborationID, svc.ID)
}

// requirePlanEditor returns forbidden unless p may edit the service's
// plan (CanEditPlan). Errors: not found (service), forbidden.
func (m *Manager) requirePlanEditor(ctx context.Context, p domain.Principal, slug string) error {
	editors, err := m.editors(ctx, p, slug)
	if err != nil {
		return err
	}
	if !CanEditPlan(p, editors) {
		return domain.Forbidden("auth.forbidden")
	}
	return nil
}

// CanMeasure reports whether p may record (and remove) measurements of
// ind: whoever may edit the plan, and the indicator's owner, whom the
// plan's editor assigned.
func CanMeasure(p domain.Principal, ind Indicator, editors domain.Editors) bool {
	return CanEditPlan(p, editors) || (p.RequireInternal() == nil && p.UserID != 0 && p.UserID == ind.OwnerID)
}

// PlanView is a plan as a page shows it.
type PlanView struct {
	Plan
	Service    catalogue.Service `json:"service"`
	Today      time.Time         `json:"today"`
	Indicators []IndicatorView   `json:"indicators"`
	CanEdit    bool              `json:"can_edit"` // the principal may change the plan's indicators
}

// IndicatorView is an indicator with its measurements and where it stands.
type IndicatorView struct {
	Indicator
	Direction    Direction         `json:"direction"`
	Measurements []MeasurementView `json:"measurements"` // in time order
	Status       State             `json:"status"`
	PlannedToday float64           `json:"planned_today"`
	// Progress is how far the latest measurement has come from baseline
	// to target (see Progress); nil before the first measurement.
	Progress   *float64  `json:"progress"`
	NextDue    time.Time `json:"next_due"`
	Due        bool      `json:"due"`
	Done       bool      `json:"done"` // the follow-up is over (see Done)
	CanMeasure bool      `json:"can_measure"`
	Chart      Series    `json:"chart"`
}

// MeasurementView is a measurement with the plan's value at its date.
type MeasurementView struct {
	Measurement
	Planned   float64 `json:"planned"`
	Deviation float64 `json:"deviation"` // Value − Planned
}

// Evaluate computes where ind stands on today from its measurements ms.
// CanMeasure is left false for the caller to decide.
func Evaluate(ind Indicator, ms []Measurement, today time.Time) IndicatorView {
	today = Day(today)
	v := IndicatorView{Indicator: ind, Direction: ind.Direction(), Status: Status(ind, ms, today),
		PlannedToday: Planned(ind, today), NextDue: NextDue(ind, ms), Due: Due(ind, ms, today), Done: Done(ind, ms),
		Chart: Chart(ind, ms)}
	for _, m := range Sorted(ms) {
		planned := Planned(ind, m.Date)
		v.Measurements = append(v.Measurements, MeasurementView{Measurement: m, Planned: planned, Deviation: m.Value - planned})
	}
	if latest, ok := Latest(ms); ok {
		p := Progress(ind, latest.Value)
		v.Progress = &p
	}
	return v
}

// servicePlan finds the service and its plan.
func (m *Manager) servicePlan(ctx context.Context, st Store, p domain.Principal, slug string) (catalogue.Service, Plan, error) {
	svc, err := m.cat.ServiceBySlug(ctx, p.CollaborationID, slug)
	if err != nil {
		return catalogue.Service{}, Plan{}, err
	}
	pl, err := st.PlanOf(ctx, p.CollaborationID, svc.ID)
	return svc, pl, err
}

// Plan returns the realisation plan of a service with its indicators,
// their measurements, status, planned values and next due dates.
// Errors: unauthorized, forbidden, not found (service; the plan:
// "realisation.plan_not_found").
func (m *Manager) Plan(ctx context.Context, p domain.Principal, slug string) (PlanView, error) {
	if err := p.RequireInternal(); err != nil {
		return PlanView{}, err
	}
	svc, pl, err := m.servicePlan(ctx, m.store, p, slug)
	if err != nil {
		return PlanView{}, err
	}
	inds, err := m.store.Indicators(ctx, p.CollaborationID, pl.ID)
	if err != nil {
		return PlanView{}, err
	}
	ms, err := m.store.Measurements(ctx, p.CollaborationID, pl.ID)
	if err != nil {
		return PlanView{}, err
	}
	byIndicator := map[domain.ID][]Measurement{}
	for _, x := range ms {
		byIndicator[x.IndicatorID] = append(byIndicator[x.IndicatorID], x)
	}
	editors, err := m.cat.ServiceEditors(ctx, p.CollaborationID, svc.ID)
	if err != nil {
		return PlanView{}, err
	}
	out := PlanView{Plan: pl, Service: svc, Today: Today(m.clock.Now()), CanEdit: CanEditPlan(p, editors)}
	for _, ind := range inds {
		v := Evaluate(ind, byIndicator[ind.ID], out.Today)
		v.CanMeasure = CanMeasure(p, ind, editors)
		out.Indicators = append(out.Indicators, v)
	}
	return out, nil
}

// CreatePlan starts the realisation plan of a service, without indicators.
// Errors: unauthorized, forbidden, not found (service), conflict
// ("realisation.plan_exists").
func (m *Manager) CreatePlan(ctx context.Context, p domain.Principal, slug string) (Plan, error) {
	if err := p.RequireInternal(); err != nil {
		return Plan{}, err
	}
	if err := m.requirePlanEditor(ctx, p, slug); err != nil {
		return Plan{}, err
	}
	svc, err := m.cat.ServiceBySlug(ctx, p.CollaborationID, slug)
	if err != nil {
		return Plan{}, err
	}
	pl := Plan{CollaborationID: p.CollaborationID, ServiceID: svc.ID, Version: 1, UpdatedBy: p.Name, UpdatedAt: m.clock.Now()}
	pl.ID, err = m.store.CreatePlan(ctx, pl)
	if domain.KindOf(err) == domain.KindConflict {
		return Plan{}, domain.Conflict("realisation.plan_exists")
	}
	return pl, err
}

// SaveIndicator adds an indicator to the service's plan (ind.ID 0) or
// updates one at ind.Version. The owner must be an internal user of the
// collaboration; names are unique within a plan, in any case. An update
// names an indicator of this service's plan; another plan's is not found
// before the form is checked.
// Errors: unauthorized, forbidden, not found (service, plan, indicator),
// invalid, conflict (error.stale).
func (m *Manager) SaveIndicator(ctx context.Context, p domain.Principal, slug string, ind Indicator) (Indicator, error) {
	if err := p.RequireInternal(); err != nil {
		return Indicator{}, err
	}
	if err := m.requirePlanEditor(ctx, p, slug); err != nil {
		return Indicator{}, err
	}
	ind.Normalize()
	errs := ind.Validate()
	if ind.OwnerID != 0 {
		name, ok, err := m.ownerName(ctx, p, ind.OwnerID)
		if err != nil {
			return Indicator{}, err
		}
		if !ok {
			errs = append(errs, domain.Field("owner_id", "realisation.unknown_owner"))
		}
		ind.OwnerName = name
	}
	now := m.clock.Now()
	ind.UpdatedBy, ind.UpdatedAt = p.Name, now
	err := m.store.Atomic(ctx, func(st Store) error {
		_, pl, err := m.servicePlan(ctx, st, p, slug)
		if err != nil {
			return err
		}
		if ind.ID != 0 {
			// Another plan's indicator is not found, whatever the form says.
			old, err := st.Indicator(ctx, p.CollaborationID, ind.ID)
			if err != nil {
				return err
			}
			if old.PlanID != pl.ID {
				return domain.NotFound("realisation.indicator_not_found")
			}
		}
		existing, err := st.Indicators(ctx, p.CollaborationID, pl.ID)
		if err != nil {
			return err
		}
		// The indicator is found before the input is refused: invalid
		// input to one that does not exist is not found.
		if ind.ID != 0 {
			old, err := st.Indicator(ctx, p.CollaborationID, ind.ID)
			if err != nil {
				return err
			}
			if old.PlanID != pl.ID {
				return domain.NotFound("realisation.indicator_not_found")
			}
		}
		for _, e := range existing {
			if e.ID != ind.ID && ind.Name != "" && strings.EqualFold(e.Name, ind.Name) {
				errs = append(errs, domain.Field("name", "realisation.name_taken", e.Name))
			}
		}
		if len(errs) > 0 {
			return domain.Invalid("error.invalid_fields", errs...)
		}
		ind.PlanID = pl.ID
		if ind.ID == 0 {
			if ind.ID, err = st.CreateIndicator(ctx, p.CollaborationID, ind); err != nil {
				return err
			}
			ind.Version = 1
		} else {
			if ind.Version, err = st.UpdateIndicator(ctx, p.CollaborationID, ind); err != nil {
				return err
			}
		}
		return st.TouchPlan(ctx, p.CollaborationID, pl.ID, p.Name, now)
	})
	if err != nil {
		return Indicator{}, err
	}
	return ind, nil
}

// ownerName checks that id is an internal user of p's collaboration who
// may log in, and returns their name.
func (m *Manager) ownerName(ctx context.Context, p domain.Principal, id domain.ID) (string, bool, error) {
	u, err := m.users.User(ctx, id)
	if domain.KindOf(err) == domain.KindNotFound {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	if u.CollaborationID != p.CollaborationID || u.Disabled || !u.Principal().Internal() {
		return "", false, nil
	}
	return u.Name, true, nil
}

// DeleteIndicator removes an indicator still at version, with its
// measurements.
// Errors: unauthorized, forbidden, not found, conflict (error.stale).
func (m *Manager) DeleteIndicator(ctx context.Context, p domain.Principal, slug string, id domain.ID, version int) error {
	if err := p.RequireInternal(); err != nil {
		return err
	}
	if err := m.requirePlanEditor(ctx, p, slug); err != nil {
		return err
	}
	return m.store.Atomic(ctx, func(st Store) error {
		_, pl, err := m.servicePlan(ctx, st, p, slug)
		if err != nil {
			return err
		}
		old, err := st.Indicator(ctx, p.CollaborationID, id)
		if err != nil {
			return err
		}
		if old.PlanID != pl.ID {
			return domain.NotFound("realisation.indicator_not_found")
		}
		if err := st.DeleteIndicator(ctx, p.CollaborationID, id, version); err != nil {
			return err
		}
		return st.TouchPlan(ctx, p.CollaborationID, pl.ID, p.Name, m.clock.Now())
	})
}

// planIndicator returns an indicator of the service's plan.
func (m *Manager) planIndicator(ctx context.Context, p domain.Principal, slug string, id domain.ID) (Indicator, error) {
	_, pl, err := m.servicePlan(ctx, m.store, p, slug)
	if err != nil {
		return Indicator{}, err
	}
	ind, err := m.store.Indicator(ctx, p.CollaborationID, id)
	if err != nil {
		return Indicator{}, err
	}
	if ind.PlanID != pl.ID {
		return Indicator{}, domain.NotFound("realisation.indicator_not_found")
	}
	return ind, nil
}

// AddMeasurement records a measurement of one of the plan's indicators
// (x.IndicatorID), by p, now.
// Errors: unauthorized, forbidden, not found (service, plan, indicator),
// invalid.
func (m *Manager) AddMeasurement(ctx context.Context, p domain.Principal, slug string, x Measurement) (Measurement, error) {
	if err := p.RequireInternal(); err != nil {
		return Measurement{}, err
	}
	ind, err := m.planIndicator(ctx, p, slug, x.IndicatorID)
	if err != nil {
		return Measurement{}, err
	}
	editors, err := m.editors(ctx, p, slug)
	if err != nil {
		return Measurement{}, err
	}
	if !CanMeasure(p, ind, editors) {
		return Measurement{}, domain.Forbidden("auth.forbidden")
	}
	now := m.clock.Now()
	x.Normalize()
	if errs := x.Validate(ind, Today(now)); len(errs) > 0 {
		return Measurement{}, domain.Invalid("error.invalid_fields", errs...)
	}
	x.ID, x.UserID, x.UserName, x.CreatedAt = 0, p.UserID, p.Name, now
	x.ID, err = m.store.AddMeasurement(ctx, p.CollaborationID, x)
	if err != nil {
		return Measurement{}, err
	}
	return x, nil
}

// DeleteMeasurement removes a measurement recorded by mistake; the same
// people who may record it may remove it.
// Errors: unauthorized, forbidden, not found.
func (m *Manager) DeleteMeasurement(ctx context.Context, p domain.Principal, slug string, id domain.ID) error {
	if err := p.RequireInternal(); err != nil {
		return err
	}
	x, err := m.store.Measurement(ctx, p.CollaborationID, id)
	if err != nil {
		return err
	}
	ind, err := m.planIndicator(ctx, p, slug, x.IndicatorID)
	if domain.KindOf(err) == domain.KindNotFound {
		return domain.NotFound("realisation.measurement_not_found")
	}
	if err != nil {
		return err
	}
	editors, err := m.editors(ctx, p, slug)
	if err != nil {
		return err
	}
	if !CanMeasure(p, ind, editors) {
		return domain.Forbidden("auth.forbidden")
	}
	return m.store.DeleteMeasurement(ctx, p.CollaborationID, id)
}

// ImportReport is the outcome of an import of measurements.
type ImportReport struct {
	Problems  []catalogue.Problem `json:"problems"`
	Imported  int                 `json:"imported"`
	Unchanged int                 `json:"unchanged"` // rows identical to a recorded measurement, skipped
	Committed bool                `json:"committed"`
}

// ImportMeasurements records the measurements of a batch read from a file
// (see ReadMeasurements), all or nothing: a batch with any problem, from
// reading or found here (unknown indicator, an indicator p may not
// measure, a bad value or date, the same row twice), writes nothing, and
// every problem is reported with its line and column. A row identical to
// a recorded measurement (indicator, date, value and comment) is skipped,
// so that an exported plan with new rows added can be imported again.
// Problems are returned in the report, not as an error.
// Errors: unauthorized, forbidden (p may measure none of the plan's
// indicators), not found (service, plan), internal.
func (m *Manager) ImportMeasurements(ctx context.Context, p domain.Principal, slug string, b Batch) (ImportReport, error) {
	if err := p.RequireInternal(); err != nil {
		return ImportReport{}, err
	}
	rep := ImportReport{Problems: slices.Clone(b.Problems)}
	now := m.clock.Now()
	today := Today(now)
	err := m.store.Atomic(ctx, func(st Store) error {
		svc, pl, err := m.servicePlan(ctx, st, p, slug)
		if err != nil {
			return err
		}
		editors, err := m.cat.ServiceEditors(ctx, p.CollaborationID, svc.ID)
		if err != nil {
			return err
		}
		inds, err := st.Indicators(ctx, p.CollaborationID, pl.ID)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(inds, func(ind Indicator) bool { return CanMeasure(p, ind, editors) }) && !CanEditPlan(p, editors) {
			return domain.Forbidden("auth.forbidden")
		}
		recorded, err := st.Measurements(ctx, p.CollaborationID, pl.ID)
		if err != nil {
			return err
		}
		type key struct {
			indicator domain.ID
			date      time.Time
			value     float64
			comment   string
		}
		known := map[key]bool{}
		for _, x := range recorded {
			known[key{x.IndicatorID, Day(x.Date), x.Value, x.Comment}] = true
		}
		cols := b.Columns.orDefault()
		seen := map[key]int{}
		var add []Measurement
		for _, r := range b.Rows {
			row := catalogue.Row{Sheet: b.Sheet, Line: r.Line}
			if strings.TrimSpace(r.Indicator) == "" {
				if !hasProblem(b.Problems, r.Line, cols.Indicator) { // the reader reports an empty cell
					rep.Problems = append(rep.Problems, row.Problem(cols.Indicator, "field.required"))
				}
				continue
			}
			ind, ok := findIndicator(inds, r.Indicator)
			if !ok {
				rep.Problems = append(rep.Problems, row.Problem(cols.Indicator, "realisation.unknown_indicator", r.Indicator))
				continue
			}
			if !CanMeasure(p, ind, editors) {
				rep.Problems = append(rep.Problems, row.Problem(cols.Indicator, "realisation.measure_forbidden", ind.Name))
				continue
			}
			if r.Unreadable {
				continue
			}
			x := Measurement{IndicatorID: ind.ID, Value: r.Value, Date: r.Date, Comment: r.Comment}
			x.Normalize()
			if errs := x.Validate(ind, today); len(errs) > 0 {
				for _, fe := range errs {
					rep.Problems = append(rep.Problems, row.Problem(cols.of(fe.Field), fe.Code, fe.Params...))
				}
				continue
			}
			k := key{ind.ID, x.Date, x.Value, x.Comment}
			if line, dup := seen[k]; dup {
				rep.Problems = append(rep.Problems, row.Problem(cols.Indicator, "import.duplicate_row", line))
				continue
			}
			seen[k] = r.Line
			if known[k] {
				rep.Unchanged++
				continue
			}
			x.UserID, x.UserName, x.CreatedAt = p.UserID, p.Name, now
			add = append(add, x)
		}
		if len(rep.Problems) > 0 {
			return nil
		}
		for _, x := range add {
			if _, err := st.AddMeasurement(ctx, p.CollaborationID, x); err != nil {
				return err
			}
		}
		rep.Imported, rep.Committed = len(add), true
		return nil
	})
	if err != nil {
		return ImportReport{}, err
	}
	return rep, nil
}

// hasProblem reports whether problems has one at line and column.
func hasProblem(problems []catalogue.Problem, line int, column string) bool {
	return slices.ContainsFunc(problems, func(p catalogue.Problem) bool { return p.Line == line && p.Column == column })
}

// findIndicator finds an indicator by its id or, in any case, its name.
func findIndicator(inds []Indicator, ref string) (Indicator, bool) {
	ref = strings.TrimSpace(ref)
	for _, ind := range inds {
		if strings.EqualFold(ind.Name, ref) {
			return ind, true
		}
	}
	for _, ind := range inds {
		if ref != "" && formatID(ind.ID) == ref {
			return ind, true
		}
	}
	return Indicator{}, false
}

// DueItem is an indicator whose measurement is due, with its service.
type DueItem struct {
	ServiceID     domain.ID    `json:"service_id"`
	ServiceSlug   string       `json:"service_slug"`
	ServiceNameNB string       `json:"service_name_nb"`
	ServiceNameEN string       `json:"service_name_en,omitempty"`
	Indicator     Indicator    `json:"indicator"`
	Latest        *Measurement `json:"latest"` // nil before the first measurement
	NextDue       time.Time    `json:"next_due"`
	Status        State        `json:"status"`
}

// Due returns the collaboration's indicators whose measurement is due
// today (see Due), the longest overdue first.
// Errors: unauthorized, forbidden.
func (m *Manager) Due(ctx context.Context, p domain.Principal) ([]DueItem, error) {
	if err := p.RequireInternal(); err != nil {
		return nil, err
	}
	tracked, err := m.store.Tracked(ctx, p.CollaborationID)
	if err != nil {
		return nil, err
	}
	today := Today(m.clock.Now())
	var out []DueItem
	for _, t := range tracked {
		ms := latestOnly(t)
		if !Due(t.Indicator, ms, today) {
			continue
		}
		out = append(out, DueItem{ServiceID: t.ServiceID, ServiceSlug: t.ServiceSlug, ServiceNameNB: t.ServiceNameNB,
			ServiceNameEN: t.ServiceNameEN, Indicator: t.Indicator, Latest: t.Latest, NextDue: NextDue(t.Indicator, ms),
			Status: Status(t.Indicator, ms, today)})
	}
	slices.SortStableFunc(out, func(a, b DueItem) int {
		return cmp.Or(a.NextDue.Compare(b.NextDue), cmp.Compare(a.ServiceSlug, b.ServiceSlug),
			cmp.Compare(a.Indicator.Name, b.Indicator.Name))
	})
	return out, nil
}

// latestOnly returns the latest measurement as the measurements NextDue,
// Due and Status need: they look at the latest alone.
func latestOnly(t Tracked) []Measurement {
	if t.Latest == nil {
		return nil
	}
	return []Measurement{*t.Latest}
}

// NotifyDue creates an in-app notification to the owner of every indicator
// of every collaboration whose measurement is due on now's date, at most
// one per indicator and due date: running it again, or on several servers
// at once, adds nothing twice. It returns how many it created. It is the
// reminder job's, not a user's, so it takes no principal.
func (m *Manager) NotifyDue(ctx context.Context, now time.Time) (int, error) {
	tracked, err := m.store.Tracked(ctx, 0)
	if err != nil {
		return 0, err
	}
	today := Today(now)
	created := 0
	for _, t := range tracked {
		ms := latestOnly(t)
		if t.OwnerID == 0 || !Due(t.Indicator, ms, today) {
			continue
		}
		ok, err := m.store.AddNotification(ctx, Notification{CollaborationID: t.CollaborationID, UserID: t.OwnerID,
			Kind: KindMeasurementDue, ServiceID: t.ServiceID, IndicatorID: t.ID, DueDate: NextDue(t.Indicator, ms),
			CreatedAt: now})
		if err != nil {
			return created, err
		}
		if ok {
			created++
		}
	}
	return created, nil
}

// Notifications returns the principal's own notifications, newest first;
// none for the system.
// Errors: unauthorized, forbidden.
func (m *Manager) Notifications(ctx context.Context, p domain.Principal) ([]Notification, error) {
	if err := p.RequireInternal(); err != nil {
		return nil, err
	}
	if p.UserID == 0 {
		return nil, nil
	}
	return m.store.Notifications(ctx, p.CollaborationID, p.UserID)
}

// MarkRead marks one of the principal's notifications read.
// Errors: unauthorized, forbidden, not found (not the principal's).
func (m *Manager) MarkRead(ctx context.Context, p domain.Principal, id domain.ID) error {
	if err := p.RequireInternal(); err != nil {
		return err
	}
	if p.UserID == 0 {
		return domain.NotFound("realisation.notification_not_found")
	}
	return m.store.MarkNotificationRead(ctx, p.CollaborationID, p.UserID, id, m.clock.Now())
}
