package process

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Limits on what a saved version may be.
const (
	DefaultMaxFileSize = 10 << 20 // bytes of BPMN XML, unless configured otherwise
	MaxCommentLength   = 500      // characters
)

// Catalogue is what the process manager reads of the catalogue; the
// catalogue's store satisfies it (a record reader: see package wiring).
type Catalogue interface {
	ServiceBySlug(ctx context.Context, collab domain.ID, slug string) (catalogue.Service, error)
	Municipality(ctx context.Context, collab, id domain.ID) (catalogue.Municipality, error)
	MunicipalService(ctx context.Context, collab, service, municipality domain.ID) (catalogue.MunicipalService, error)
	ServiceEditors(ctx context.Context, collab, service domain.ID) (domain.Editors, error)
}

// Manager owns the rules of process models: who may read and save which
// variant, and what a valid version is. Every method decides from the
// principal, deny by default.
type Manager struct {
	store   Store
	cat     Catalogue
	clock   domain.Clock
	maxSize int64
	limits  Limits
	cache   parseCache // versions read, by model and version (cache.go)
}

// NewManager returns a Manager over store, reading services, municipalities
// and responsibilities from cat. Files up to DefaultMaxFileSize are
// accepted until SetMaxFileSize says otherwise.
func NewManager(store Store, cat Catalogue, clock domain.Clock) *Manager {
	return &Manager{store: store, cat: cat, clock: clock, maxSize: DefaultMaxFileSize, limits: DefaultLimits}
}

// SetLimits sets the model limits every door that stores a model checks
// and every read of a stored model keeps to; zero fields take their
// defaults. Call it before serving.
func (m *Manager) SetLimits(l Limits) {
	m.limits = l.WithDefaults()
	m.cache.clear()
}

// Limits are the model limits in force.
func (m *Manager) Limits() Limits { return m.limits }

// parse reads a stored or uploaded model within the manager's limits. A
// stored model over them (saved before they were set, or under higher
// ones) reads as unreadable, at the cost of its first elements only.
func (m *Manager) parse(xml string) (*Definitions, error) {
	return ParseWith(strings.NewReader(xml), -1, m.limits)
}

// invalidBPMN turns a reader's error into the file field's error: a model
// over a limit names the limit and the count at which the reader stopped.
func invalidBPMN(err error, fields ...domain.FieldError) error {
	if le, ok := AsLimitError(err); ok {
		return domain.Invalid("process.too_many", append(fields,
			domain.Field("file", "process.limit."+le.Limit, le.Max, le.Count))...)
	}
	return domain.Invalid("process.invalid_bpmn", append(fields, domain.Field("file", "process.invalid_bpmn", err.Error()))...)
}

// SetMaxFileSize sets the largest BPMN file accepted, in bytes; n ≤ 0
// restores the default. Call it before serving.
func (m *Manager) SetMaxFileSize(n int64) {
	if n <= 0 {
		n = DefaultMaxFileSize
	}
	m.maxSize = n
}

// MaxFileSize is the largest BPMN file accepted, in bytes.
func (m *Manager) MaxFileSize() int64 { return m.maxSize }

// mib formats a byte limit for messages, in whole or decimal MiB.
func mib(n int64) string { return strconv.FormatFloat(float64(n)/(1<<20), 'f', -1, 64) }

func requireInternal(p domain.Principal) error { return p.RequireInternal() }

// CanEditShared reports whether p may save the shared to-be and adapted
// processes of a service whose assigned editors are editors: they are
// shared artefacts, which the programme lead and the editors the lead
// assigned edit under the domain's row rule.
func CanEditShared(p domain.Principal, editors domain.Editors) bool {
	return domain.CanEditShared(p, editors)
}

// requireShared returns forbidden unless p may edit the shared artefacts
// of the service with the given id. Errors: forbidden.
func (m *Manager) requireShared(ctx context.Context, p domain.Principal, service domain.ID) error {
	editors, err := m.cat.ServiceEditors(ctx, p.CollaborationID, service)
	if err != nil {
		return err
	}
	if !CanEditShared(p, editors) {
		return domain.Forbidden("auth.forbidden")
	}
	return nil
}

// CanEditAsIs reports whether p may save municipality m's as-is process of
// a service whose subject-matter owner in m is responsible: it is m's row
// of the service's processes (domain.CanEditMunicipalRow), the same
// people who edit that service's facts in m.
func CanEditAsIs(p domain.Principal, m, responsible domain.ID) bool {
	return domain.CanEditMunicipalRow(p, m, responsible)
}

// Save stores xml as the next version of the service's process of the given
// variant (and municipality, for as-is), creating the model on its first
// save. baseVersion is the version the user started from (0 for a new
// model); when someone saved meanwhile the save is a conflict. The XML is
// kept byte for byte.
// Errors: unauthorized, forbidden, not found (service), invalid (variant,
// municipality, file, comment), conflict (error.stale).
func (m *Manager) Save(ctx context.Context, p domain.Principal, slug string, variant Variant, municipality domain.ID,
	xml []byte, comment string, baseVersion int) (Model, Version, error) {
	if err := requireInternal(p); err != nil {
		return Model{}, Version{}, err
	}
	if !variant.Valid() {
		return Model{}, Version{}, domain.Invalid("error.invalid_fields", domain.Field("variant", "field.one_of", "as-is, to-be, adapted"))
	}
	if variant == AsIs && municipality == 0 {
		return Model{}, Version{}, domain.Invalid("error.invalid_fields", domain.Field("municipality", "field.required"))
	}
	if variant != AsIs && municipality != 0 {
		return Model{}, Version{}, domain.Invalid("error.invalid_fields", domain.Field("municipality", "process.shared_variant"))
	}
	svc, err := m.cat.ServiceBySlug(ctx, p.CollaborationID, slug)
	if err != nil {
		return Model{}, Version{}, err
	}
	if variant == AsIs {
		if _, err := m.cat.Municipality(ctx, p.CollaborationID, municipality); err != nil {
			if domain.KindOf(err) == domain.KindNotFound {
				return Model{}, Version{}, domain.Invalid("error.invalid_fields", domain.Field("municipality", "catalogue.municipality_not_found"))
			}
			return Model{}, Version{}, err
		}
		var responsible domain.ID
		facts, err := m.cat.MunicipalService(ctx, p.CollaborationID, svc.ID, municipality)
		switch {
		case err == nil:
			responsible = facts.ResponsibleUserID
		case domain.KindOf(err) != domain.KindNotFound:
			return Model{}, Version{}, err
		}
		if !CanEditAsIs(p, municipality, responsible) {
			return Model{}, Version{}, domain.Forbidden("auth.forbidden")
		}
	} else if err := m.requireShared(ctx, p, svc.ID); err != nil {
		return Model{}, Version{}, err
	}

	var fields []domain.FieldError
	if utf8.RuneCountInString(comment) > MaxCommentLength {
		fields = append(fields, domain.Field("comment", "field.too_long", MaxCommentLength))
	}
	if int64(len(xml)) > m.maxSize {
		fields = append(fields, domain.Field("file", "process.too_large", mib(m.maxSize)))
		return Model{}, Version{}, domain.Invalid("process.too_large", fields...)
	}
	defs, err := ParseWith(bytes.NewReader(xml), m.maxSize, m.limits)
	if err != nil {
		return Model{}, Version{}, invalidBPMN(err, fields...)
	}
	metrics := Compute(defs)
	if len(fields) > 0 {
		return Model{}, Version{}, domain.Invalid("error.invalid_fields", fields...)
	}

	now := m.clock.Now()
	var model Model
	var v Version
	err = m.store.Atomic(ctx, func(st Store) error {
		var err error
		model, err = st.FindModel(ctx, p.CollaborationID, svc.ID, variant, municipality)
		if domain.KindOf(err) == domain.KindNotFound {
			model = Model{CollaborationID: p.CollaborationID, ServiceID: svc.ID, Variant: variant,
				MunicipalityID: municipality, UpdatedAt: now}
			model.ID, err = st.CreateModel(ctx, model)
		}
		if err != nil {
			return err
		}
		if model.CurrentVersion != baseVersion {
			return domain.Conflict("error.stale")
		}
		v = Version{ModelID: model.ID, XML: string(xml), Comment: comment, UserID: p.UserID, UserName: p.Name,
			CreatedAt: now, Metrics: &metrics}
		if v.Version, err = st.AddVersion(ctx, model, v); err != nil {
			return err
		}
		model.CurrentVersion, model.UpdatedAt, model.Metrics = v.Version, now, &metrics
		return nil
	})
	if err != nil {
		return Model{}, Version{}, err
	}
	return model, v, nil
}

// Models returns the process models of the service with the given slug.
// Errors: unauthorized, forbidden, not found (service).
func (m *Manager) Models(ctx context.Context, p domain.Principal, slug string) ([]Model, error) {
	if err := requireInternal(p); err != nil {
		return nil, err
	}
	svc, err := m.cat.ServiceBySlug(ctx, p.CollaborationID, slug)
	if err != nil {
		return nil, err
	}
	return m.store.Models(ctx, p.CollaborationID, svc.ID)
}

// serviceModel returns the model with the given id if it is one of the
// service's: an id names a model only through its own service, so that a
// read or an edit under one service's address never reaches another's.
// Errors: not found (service; process.model_not_found for a model of
// another service, as for none).
func (m *Manager) serviceModel(ctx context.Context, p domain.Principal, slug string, modelID domain.ID) (Model, error) {
	svc, err := m.cat.ServiceBySlug(ctx, p.CollaborationID, slug)
	if err != nil {
		return Model{}, err
	}
	model, err := m.store.Model(ctx, p.CollaborationID, modelID)
	if err != nil {
		return Model{}, err
	}
	if model.ServiceID != svc.ID {
		return Model{}, domain.NotFound("process.model_not_found")
	}
	return model, nil
}

// Current returns a model of the service with the given slug and its
// current version with the XML.
// Errors: unauthorized, forbidden, not found (service, model, or a model
// of another service).
func (m *Manager) Current(ctx context.Context, p domain.Principal, slug string, modelID domain.ID) (Model, Version, error) {
	if err := requireInternal(p); err != nil {
		return Model{}, Version{}, err
	}
	model, err := m.serviceModel(ctx, p, slug, modelID)
	if err != nil {
		return Model{}, Version{}, err
	}
	if model.CurrentVersion == 0 {
		return Model{}, Version{}, domain.NotFound("process.version_not_found")
	}
	v, err := m.store.Version(ctx, p.CollaborationID, modelID, model.CurrentVersion)
	if err != nil {
		return Model{}, Version{}, err
	}
	v.Metrics.bound()
	return model, v, nil
}

// VersionOf returns version n of a model of the service, with its XML.
// Errors: unauthorized, forbidden, not found (service, model, or a model
// of another service; version).
func (m *Manager) VersionOf(ctx context.Context, p domain.Principal, slug string, modelID domain.ID, n int) (Version, error) {
	if err := requireInternal(p); err != nil {
		return Version{}, err
	}
	if _, err := m.serviceModel(ctx, p, slug, modelID); err != nil {
		return Version{}, err
	}
	v, err := m.store.Version(ctx, p.CollaborationID, modelID, n)
	v.Metrics.bound()
	return v, err
}

// History returns the versions of a model of the service newest first,
// without their XML.
// Errors: unauthorized, forbidden, not found (service, model, or a model
// of another service).
func (m *Manager) History(ctx context.Context, p domain.Principal, slug string, modelID domain.ID) ([]Version, error) {
	if err := requireInternal(p); err != nil {
		return nil, err
	}
	if _, err := m.serviceModel(ctx, p, slug, modelID); err != nil {
		return nil, err
	}
	return m.store.Versions(ctx, p.CollaborationID, modelID)
}
