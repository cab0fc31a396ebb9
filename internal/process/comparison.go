package process

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Overview is what the process pages show of one service: its models with
// their current figures, the comparison of as-is, to-be and adapted, the
// spread of the as-is processes across municipalities, and the minutes each
// municipality saves per case.
type Overview struct {
	ServiceID  domain.ID
	Models     []Model // each with Metrics; as-is first, in municipality order of the store
	AsIs       []Model // the as-is models with a version
	ToBe       *Model
	Adapted    *Model
	Comparison Comparison
	Spread     []Spread // over AsIs, in MetricNames order
	Saved      []Saving // per as-is municipality
	// Service is the service itself, so that a page of its processes
	// need not read it again (the harmonisation page, issue 17).
	Service catalogue.Service
}

// Saving is what the target process (adapted, else to-be) saves per case
// against one municipality's as-is process: the figure the benefit case
// takes as "minutes saved per case".
type Saving struct {
	MunicipalityID domain.ID `json:"municipality_id"`
	AsIsMinutes    float64   `json:"as_is_minutes"`
	TargetMinutes  float64   `json:"target_minutes"`
	SavedMinutes   float64   `json:"saved_minutes"`
	SavedLead      float64   `json:"saved_lead_minutes"`
	Incomplete     bool      `json:"incomplete"` // either side lacks attributes: the saving is a bound, not a figure
}

// Overview returns the process overview of the service with the given slug.
// Versions saved before metrics were stored are parsed once here.
// Errors: unauthorized, forbidden, not found (service).
func (m *Manager) Overview(ctx context.Context, p domain.Principal, slug string) (Overview, error) {
	if err := requireInternal(p); err != nil {
		return Overview{}, err
	}
	svc, err := m.cat.ServiceBySlug(ctx, p.CollaborationID, slug)
	if err != nil {
		return Overview{}, err
	}
	models, err := m.store.Models(ctx, p.CollaborationID, svc.ID)
	if err != nil {
		return Overview{}, err
	}
	o := Overview{ServiceID: svc.ID, Service: svc}
	for i := range models {
		md := &models[i]
		if md.CurrentVersion == 0 {
			continue
		}
		if md.Metrics == nil {
			pv, err := m.parsedVersion(p.CollaborationID, md.ID, md.CurrentVersion, func() (string, *Metrics, error) {
				v, err := m.store.Version(ctx, p.CollaborationID, md.ID, md.CurrentVersion)
				return v.XML, v.Metrics, err
			})
			if err != nil {
				return Overview{}, err
			}
			md.Metrics = pv.metrics // nil when unreadable
		}
		md.Metrics.bound()
		o.Models = append(o.Models, *md)
	}
	var asIs []Figures
	var toBe, adapted *Figures
	for i := range o.Models {
		md := &o.Models[i]
		if md.Metrics == nil {
			continue // an unreadable stored file: shown, not compared
		}
		switch md.Variant {
		case AsIs:
			o.AsIs = append(o.AsIs, *md)
			asIs = append(asIs, md.Metrics.Total)
		case ToBe:
			o.ToBe, toBe = md, &md.Metrics.Total
		case Adapted:
			o.Adapted, adapted = md, &md.Metrics.Total
		}
	}
	o.Comparison = Compare(asIs, toBe, adapted)
	o.Spread = Harmonise(asIs)
	target := adapted
	if target == nil {
		target = toBe
	}
	if target != nil {
		for _, a := range o.AsIs {
			f := a.Metrics.Total
			o.Saved = append(o.Saved, Saving{MunicipalityID: a.MunicipalityID, AsIsMinutes: f.TouchMinutes,
				TargetMinutes: target.TouchMinutes, SavedMinutes: f.TouchMinutes - target.TouchMinutes,
				SavedLead:  f.LeadMinutes - target.LeadMinutes,
				Incomplete: len(f.Incomplete) > 0 || len(target.Incomplete) > 0})
		}
	}
	return o, nil
}

// Steps returns the table view of the current version of a model of the
// service with the given slug.
// Errors: unauthorized, forbidden, not found (service, model, or a model
// of another service), invalid (an unreadable file).
func (m *Manager) Steps(ctx context.Context, p domain.Principal, slug string, modelID domain.ID) (Model, Version, []Step, error) {
	model, v, err := m.Current(ctx, p, slug, modelID)
	if err != nil {
		return Model{}, Version{}, nil, err
	}
	pv, err := m.parsedVersion(p.CollaborationID, model.ID, v.Version, func() (string, *Metrics, error) { return v.XML, v.Metrics, nil })
	if err != nil {
		return Model{}, Version{}, nil, err
	}
	if pv.err != nil {
		return Model{}, Version{}, nil, invalidBPMN(pv.err)
	}
	return model, v, Steps(pv.defs), nil
}

// Summary is one service's line in the processes module: how far its
// mapping has come and what it promises.
type Summary struct {
	ServiceID     domain.ID
	AsIs          int  // as-is models with a version
	ToBe, Adapted bool // whether they have a version
	// SavedMinutes per case, as in Comparison; nil until as-is and a target
	// exist.
	SavedMinutes  *float64
	Obstacles     int
	OpenObstacles int // neither resolved nor accepted
	Requirements  int // not dropped
	Confirmed     int
}

// Summaries returns a Summary for every service with a process model, an
// obstacle or a requirement, in service id order.
// Errors: unauthorized, forbidden.
func (m *Manager) Summaries(ctx context.Context, p domain.Principal) ([]Summary, error) {
	if err := requireInternal(p); err != nil {
		return nil, err
	}
	models, err := m.store.Models(ctx, p.CollaborationID, 0)
	if err != nil {
		return nil, err
	}
	obstacles, err := m.store.Obstacles(ctx, p.CollaborationID, 0)
	if err != nil {
		return nil, err
	}
	reqs, err := m.store.Requirements(ctx, p.CollaborationID, 0)
	if err != nil {
		return nil, err
	}
	by := map[domain.ID]*Summary{}
	var order []domain.ID
	get := func(id domain.ID) *Summary {
		if by[id] == nil {
			by[id] = &Summary{ServiceID: id}
			order = append(order, id)
		}
		return by[id]
	}
	asIs := map[domain.ID][]Figures{}
	target := map[domain.ID]*Figures{}
	for i := range models {
		md := &models[i]
		s := get(md.ServiceID)
		if md.CurrentVersion == 0 {
			continue
		}
		switch md.Variant {
		case AsIs:
			s.AsIs++
			if md.Metrics != nil {
				asIs[md.ServiceID] = append(asIs[md.ServiceID], md.Metrics.Total)
			}
		case ToBe:
			s.ToBe = true
			if md.Metrics != nil && target[md.ServiceID] == nil {
				target[md.ServiceID] = &md.Metrics.Total
			}
		case Adapted:
			s.Adapted = true
			if md.Metrics != nil {
				target[md.ServiceID] = &md.Metrics.Total
			}
		}
	}
	for _, o := range obstacles {
		s := get(o.ServiceID)
		s.Obstacles++
		if o.Status == "open" || o.Status == "in-progress" {
			s.OpenObstacles++
		}
	}
	for _, q := range reqs {
		s := get(q.ServiceID)
		if q.Status != "dropped" {
			s.Requirements++
		}
		if q.Status == "confirmed" {
			s.Confirmed++
		}
	}
	out := make([]Summary, 0, len(order))
	for _, id := range order {
		s := by[id]
		if fs, t := asIs[id], target[id]; len(fs) > 0 && t != nil {
			saved := MeanFigures(fs).TouchMinutes - t.TouchMinutes
			s.SavedMinutes = &saved
		}
		out = append(out, *s)
	}
	return out, nil
}

// EditSteps applies edits made in the table view to the current version of
// a model of the service and saves the result as its next version, with
// the same rights as Save. The file is spliced, not rewritten: what the
// user's tool wrote elsewhere stays byte for byte. A model of another
// service is not found: its file would otherwise be saved over this
// service's model of the same variant.
// Errors: unauthorized, forbidden, not found (service, model, or a model
// of another service), invalid (an edit), conflict (error.stale when
// someone saved since baseVersion).
func (m *Manager) EditSteps(ctx context.Context, p domain.Principal, slug string, modelID domain.ID,
	edits []Edit, comment string, baseVersion int) (Model, Version, error) {
	model, cur, err := m.Current(ctx, p, slug, modelID)
	if err != nil {
		return Model{}, Version{}, err
	}
	if err := m.mayEdit(ctx, p, model); err != nil {
		return Model{}, Version{}, err
	}
	edits = slices.Clone(edits)
	for i, e := range edits {
		attrs, errs := readAttrs(e.Attrs)
		if len(errs) > 0 {
			return Model{}, Version{}, domain.Invalid("error.invalid_fields", errs...)
		}
		edits[i].Attrs = attrs
	}
	if model.CurrentVersion != baseVersion {
		return Model{}, Version{}, domain.Conflict("error.stale")
	}
	out, err := apply([]byte(cur.XML), edits, m.limits)
	if err != nil {
		return Model{}, Version{}, domain.Invalid("process.edit_failed", domain.Field("edit", "process.edit_failed", err.Error()))
	}
	return m.Save(ctx, p, slug, model.Variant, model.MunicipalityID, out, comment, baseVersion)
}

// ValidateAttrs checks the attribute values of an edit field by field, so a
// form can point at the one that is wrong: numbers readable by
// domain.ParseNumber (a person types "12,5") and not negative, medium and
// value class from their lists, automated true or false. Empty values
// remove an attribute and are always fine.
func ValidateAttrs(attrs map[string]string) []domain.FieldError {
	_, errs := readAttrs(attrs)
	return errs
}

// readAttrs is ValidateAttrs that also returns the attributes as the BPMN
// file holds them: a copy with the numbers in plain notation ("12.5"),
// which is what parseAttributes reads back.
func readAttrs(attrs map[string]string) (map[string]string, []domain.FieldError) {
	var errs []domain.FieldError
	out := maps.Clone(attrs)
	for _, k := range []string{"employeeMinutes", "waitingDays"} {
		v := attrs[k]
		if v == "" {
			continue
		}
		f, code := domain.ParseNumber(v)
		switch {
		case code != "":
			errs = append(errs, domain.Field(k, code))
		case f < 0:
			errs = append(errs, domain.Field(k, "field.not_negative"))
		default:
			out[k] = strconv.FormatFloat(f, 'f', -1, 64)
		}
	}
	if v := attrs["medium"]; v != "" && !slices.Contains(Media, v) {
		errs = append(errs, domain.Field("medium", "field.one_of", strings.Join(Media, ", ")))
	}
	if v := attrs["valueClass"]; v != "" && !slices.Contains(ValueClasses, v) {
		errs = append(errs, domain.Field("valueClass", "field.one_of", strings.Join(ValueClasses, ", ")))
	}
	if v := attrs["automated"]; v != "" && v != "true" && v != "false" {
		errs = append(errs, domain.Field("automated", "field.one_of", "true, false"))
	}
	return out, errs
}

// mayEdit decides whether p may save a version of model, as Save does.
func (m *Manager) mayEdit(ctx context.Context, p domain.Principal, model Model) error {
	if model.Variant != AsIs {
		return m.requireShared(ctx, p, model.ServiceID)
	}
	var responsible domain.ID
	facts, err := m.cat.MunicipalService(ctx, p.CollaborationID, model.ServiceID, model.MunicipalityID)
	switch {
	case err == nil:
		responsible = facts.ResponsibleUserID
	case domain.KindOf(err) != domain.KindNotFound:
		return err
	}
	if !CanEditAsIs(p, model.MunicipalityID, responsible) {
		return domain.Forbidden("auth.forbidden")
	}
	return nil
}
