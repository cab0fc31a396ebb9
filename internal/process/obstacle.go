package process

import (
	"context"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Obstacle (hindring) is something that stands between the to-be process
// and what the collaboration can do: a law or regulation, the organisation,
// the technology, money. It blocks one element of the to-be process; the
// adapted process is the to-be minus what obstacles prevent, so comparing
// that element in both tells what the obstacle costs.
type Obstacle struct {
	ID              domain.ID `json:"id"`
	CollaborationID domain.ID `json:"collaboration_id"`
	ServiceID       domain.ID `json:"service_id"`
	Element         string    `json:"element"`      // id of the blocked element in the to-be process
	ElementName     string    `json:"element_name"` // its name when the obstacle was saved
	Category        string    `json:"category"`
	LegalReference  string    `json:"legal_reference"` // e.g. "Forvaltningsloven § 16"
	Description     string    `json:"description"`
	Remedy          string    `json:"remedy"` // proposed remedy, e.g. a regulation change
	Status          string    `json:"status"`
	Version         int       `json:"version"`
	UpdatedBy       string    `json:"updated_by"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// The obstacle categories (docs/user-guide.md, "Processes": law or
// regulation, organisational, technological, economic, other) and the
// statuses an obstacle goes through. "accepted" means the collaboration
// lives with it.
var (
	ObstacleCategories = []string{"law", "organisational", "technological", "economic", "other"}
	ObstacleStatuses   = []string{"open", "in-progress", "resolved", "accepted"}
)

// Limits on an obstacle's texts, in characters.
const (
	maxShortText = 200
	maxLongText  = 4000
)

// Normalize trims the obstacle's texts.
func (o *Obstacle) Normalize() {
	for _, s := range []*string{&o.Element, &o.Category, &o.LegalReference, &o.Description, &o.Remedy, &o.Status} {
		*s = strings.TrimSpace(*s)
	}
}

// Validate returns the field errors of an obstacle: an element, a known
// category and status, a description, a legal reference for the category
// law, and texts within their limits.
func (o Obstacle) Validate() []domain.FieldError {
	var errs []domain.FieldError
	if o.Element == "" {
		errs = append(errs, domain.Field("element", "field.required"))
	}
	errs = domain.OneOf(errs, "category", o.Category, ObstacleCategories)
	errs = domain.OneOf(errs, "status", o.Status, ObstacleStatuses)
	if o.Description == "" {
		errs = append(errs, domain.Field("description", "field.required"))
	}
	if o.Category == "law" && o.LegalReference == "" {
		errs = append(errs, domain.Field("legal_reference", "process.legal_reference_required"))
	}
	errs = domain.MaxLen(errs, "legal_reference", o.LegalReference, maxShortText)
	errs = domain.MaxLen(errs, "description", o.Description, maxLongText)
	errs = domain.MaxLen(errs, "remedy", o.Remedy, maxLongText)
	return errs
}

// CanEditObstacles reports whether p may record and edit the obstacles of
// a service whose assigned editors are editors: the obstacle register
// belongs to the shared to-be process and is edited by those who may edit
// it (CanEditShared).
func CanEditObstacles(p domain.Principal, editors domain.Editors) bool {
	return CanEditShared(p, editors)
}

// ObstacleView is an obstacle with what it costs per case.
type ObstacleView struct {
	Obstacle
	Cost ObstacleCost
}

// Obstacles is a service's obstacle register: the obstacles with their
// cost, the to-be elements they can block, and the price of all of them.
type Obstacles struct {
	ServiceID domain.ID
	List      []ObstacleView
	Elements  []Step         // the to-be process's flow nodes ("" when there is none)
	Price     *ObstaclePrice // adapted minus to-be totals; nil without both
	ToBe      *Model
}

// Obstacles returns the obstacle register of a service.
// Errors: unauthorized, forbidden, not found (service).
func (m *Manager) Obstacles(ctx context.Context, p domain.Principal, slug string) (Obstacles, error) {
	if err := requireInternal(p); err != nil {
		return Obstacles{}, err
	}
	svc, err := m.cat.ServiceBySlug(ctx, p.CollaborationID, slug)
	if err != nil {
		return Obstacles{}, err
	}
	list, err := m.store.Obstacles(ctx, p.CollaborationID, svc.ID)
	if err != nil {
		return Obstacles{}, err
	}
	out := Obstacles{ServiceID: svc.ID}
	toBe, toBeModel, toBeFigures, err := m.currentDefs(ctx, p, svc.ID, ToBe)
	if err != nil {
		return Obstacles{}, err
	}
	adapted, _, adaptedFigures, err := m.currentDefs(ctx, p, svc.ID, Adapted)
	if err != nil {
		return Obstacles{}, err
	}
	out.ToBe = toBeModel
	var tTimes, aTimes map[string]ElementTime
	if toBe != nil {
		out.Elements, tTimes = Steps(toBe), ElementTimes(toBe)
	}
	if adapted != nil {
		aTimes = ElementTimes(adapted)
	}
	if toBe != nil && adapted != nil {
		t, a := toBeFigures, adaptedFigures
		out.Price = &ObstaclePrice{TouchMinutes: a.TouchMinutes - t.TouchMinutes, LeadMinutes: a.LeadMinutes - t.LeadMinutes}
	}
	for _, o := range list {
		out.List = append(out.List, ObstacleView{Obstacle: o, Cost: CostOf(tTimes, aTimes, o.Element)})
	}
	return out, nil
}

// ObstacleList returns a service's obstacles without their costs: what the
// diagram marks, read without parsing any model.
// Errors: unauthorized, forbidden, not found (service).
func (m *Manager) ObstacleList(ctx context.Context, p domain.Principal, slug string) ([]Obstacle, error) {
	if err := requireInternal(p); err != nil {
		return nil, err
	}
	svc, err := m.cat.ServiceBySlug(ctx, p.CollaborationID, slug)
	if err != nil {
		return nil, err
	}
	return m.store.Obstacles(ctx, p.CollaborationID, svc.ID)
}

// currentDefs reads the current version of a service's shared variant
// with its total figures (those stored with the version, computed only for
// a version older than stored figures); nil without one (or when the
// stored file no longer parses, e.g. is over the model limits).
func (m *Manager) currentDefs(ctx context.Context, p domain.Principal, service domain.ID, variant Variant) (*Definitions, *Model, Figures, error) {
	model, err := m.store.FindModel(ctx, p.CollaborationID, service, variant, 0)
	if domain.KindOf(err) == domain.KindNotFound || (err == nil && model.CurrentVersion == 0) {
		return nil, nil, Figures{}, nil
	}
	if err != nil {
		return nil, nil, Figures{}, err
	}
	pv, err := m.parsedVersion(p.CollaborationID, model.ID, model.CurrentVersion, func() (string, *Metrics, error) {
		v, err := m.store.Version(ctx, p.CollaborationID, model.ID, model.CurrentVersion)
		return v.XML, v.Metrics, err
	})
	if err != nil {
		return nil, nil, Figures{}, err
	}
	if pv.err != nil {
		return nil, &model, Figures{}, nil
	}
	return pv.defs, &model, pv.metrics.Total, nil
}

// SaveObstacle creates an obstacle (o.ID 0) or updates one at o.Version.
// The element must be a flow node of the service's to-be process (or of the
// adapted one); its name is kept with the obstacle. An update names one of
// the service's obstacles; another service's is not found before the form
// is checked.
// Errors: unauthorized, forbidden, not found (service, obstacle),
// invalid, conflict (error.stale).
func (m *Manager) SaveObstacle(ctx context.Context, p domain.Principal, slug string, o Obstacle) (Obstacle, error) {
	if err := requireInternal(p); err != nil {
		return Obstacle{}, err
	}
	svc, err := m.cat.ServiceBySlug(ctx, p.CollaborationID, slug)
	if err != nil {
		return Obstacle{}, err
	}
	if err := m.requireShared(ctx, p, svc.ID); err != nil {
		return Obstacle{}, err
	}
	if o.ID != 0 {
		// Found before the input is checked: another service's obstacle,
		// or one that does not exist, is not found, whatever the form says.
		if err := m.ownObstacle(ctx, p, svc.ID, o.ID); err != nil {
			return Obstacle{}, err
		}
	}
	o.Normalize()
	o.CollaborationID, o.ServiceID = p.CollaborationID, svc.ID
	errs := o.Validate()
	if o.Element != "" {
		name, ok, err := m.elementName(ctx, p, svc.ID, o.Element)
		if err != nil {
			return Obstacle{}, err
		}
		if !ok {
			errs = append(errs, domain.Field("element", "process.element_not_found", o.Element))
		}
		o.ElementName = name
	}
	if len(errs) > 0 {
		return Obstacle{}, domain.Invalid("error.invalid_fields", errs...)
	}
	o.UpdatedBy, o.UpdatedAt = p.Name, m.clock.Now()
	if o.ID == 0 {
		o.ID, err = m.store.CreateObstacle(ctx, o)
		o.Version = 1
		return o, err
	}
	if o.Version, err = m.store.UpdateObstacle(ctx, o); err != nil {
		return Obstacle{}, err
	}
	return o, nil
}

// DeleteObstacle removes an obstacle still at version.
// Errors: unauthorized, forbidden, not found, conflict (error.stale).
func (m *Manager) DeleteObstacle(ctx context.Context, p domain.Principal, slug string, id domain.ID, version int) error {
	if err := requireInternal(p); err != nil {
		return err
	}
	svc, err := m.cat.ServiceBySlug(ctx, p.CollaborationID, slug)
	if err != nil {
		return err
	}
	if err := m.requireShared(ctx, p, svc.ID); err != nil {
		return err
	}
	if err := m.ownObstacle(ctx, p, svc.ID, id); err != nil {
		return err
	}
	return m.store.DeleteObstacle(ctx, p.CollaborationID, id, version)
}

// ownObstacle checks that obstacle id is one of the service's.
// Errors: not found (process.obstacle_not_found, also for another
// service's obstacle).
func (m *Manager) ownObstacle(ctx context.Context, p domain.Principal, service, id domain.ID) error {
	old, err := m.store.Obstacle(ctx, p.CollaborationID, id)
	if err != nil {
		return err
	}
	if old.ServiceID != service {
		return domain.NotFound("process.obstacle_not_found")
	}
	return nil
}

// elementName finds a flow node in the service's to-be or adapted process.
func (m *Manager) elementName(ctx context.Context, p domain.Principal, service domain.ID, id string) (string, bool, error) {
	for _, variant := range []Variant{ToBe, Adapted} {
		d, _, _, err := m.currentDefs(ctx, p, service, variant)
		if err != nil {
			return "", false, err
		}
		if d == nil {
			continue
		}
		for _, s := range Steps(d) {
			if s.ID == id {
				return nodeName(&Node{ID: s.ID, Name: s.Name}), true, nil
			}
		}
	}
	return "", false, nil
}
