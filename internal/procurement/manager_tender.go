package procurement

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement/seal"
)

// ---- The buyer's side (internal users). ----

// Tenders lists the collaboration's tenders. Errors: unauthorized, forbidden.
func (m *Manager) Tenders(ctx context.Context, p domain.Principal) ([]Tender, error) {
	if err := p.RequireInternal(); err != nil {
		return nil, err
	}
	ts, err := m.store.Tenders(ctx, p.CollaborationID)
	for i := range ts {
		ts[i] = buyerCopy(p, ts[i])
	}
	return ts, err
}

// buyerCopy is t as p may read it: the opening record, which holds the
// prices and is data the bidders transmitted, only for authorised persons
// (Annex IV (f)).
func buyerCopy(p domain.Principal, t Tender) Tender {
	if !CanEdit(p, t) {
		t.Opening = nil
	}
	return t
}

// Tender returns one tender. Errors: unauthorized, forbidden, not found.
func (m *Manager) Tender(ctx context.Context, p domain.Principal, id domain.ID) (Tender, error) {
	t, err := m.buyerTender(ctx, p, id, false, ActTenderRead)
	return buyerCopy(p, t), err
}

// TenderByReference returns the tender with reference ref.
// Errors: unauthorized, forbidden, not found "procurement.tender_not_found".
func (m *Manager) TenderByReference(ctx context.Context, p domain.Principal, ref string) (Tender, error) {
	if err := p.RequireInternal(); err != nil {
		return Tender{}, err
	}
	t, err := m.store.TenderByReference(ctx, p.CollaborationID, ref)
	return buyerCopy(p, t), err
}

// checkItems checks that every service bought exists in the collaboration
// and is bought once.
func (m *Manager) checkItems(ctx context.Context, collab domain.ID, items []Item) ([]domain.FieldError, error) {
	var errs []domain.FieldError
	seen := map[domain.ID]bool{}
	for i, it := range items {
		path := fmt.Sprintf("items[%d].service_id", i)
		if seen[it.ServiceID] {
			errs = append(errs, domain.Field(path, "procurement.item_duplicate"))
			continue
		}
		seen[it.ServiceID] = true
		if m.cfg.Services == nil {
			continue
		}
		if _, err := m.cfg.Services.Service(ctx, collab, it.ServiceID); err != nil {
			if domain.KindOf(err) != domain.KindNotFound {
				return nil, err
			}
			errs = append(errs, domain.Field(path, "procurement.service_not_found"))
		}
	}
	return errs, nil
}

// validTender runs Tender.Validate and checkItems together.
func (m *Manager) validTender(ctx context.Context, t Tender, publishing bool) error {
	errs := t.Validate(m.cfg.Thresholds, publishing)
	items, err := m.checkItems(ctx, t.CollaborationID, t.Items)
	if err != nil {
		return err
	}
	if errs = append(errs, items...); len(errs) > 0 {
		return domain.Invalid("error.invalid_fields", errs...)
	}
	return nil
}

func normTender(t *Tender) {
	t.Title, t.Description, t.CPV = strings.TrimSpace(t.Title), strings.TrimSpace(t.Description), strings.TrimSpace(t.CPV)
	for i := range t.Milestones {
		t.Milestones[i].At = t.Milestones[i].At.UTC()
	}
	normBuyer(&t.Buyer)
}

// CreateTender creates a draft tender with a new sealed key (programme
// lead): the tender's key is random, wrapped by the server key and bound
// to the tender's id.
//
// Errors: unauthorized, forbidden, invalid, conflict
// "procurement.reference_exists", "procurement.no_key".
func (m *Manager) CreateTender(ctx context.Context, p domain.Principal, t Tender) (Tender, error) {
	if !p.Authenticated() || !p.IsProgrammeLead() {
		return Tender{}, forbidden(p)
	}
	srv, err := m.server()
	if err != nil {
		return Tender{}, err
	}
	normTender(&t)
	now := m.now()
	t.ID, t.CollaborationID, t.Status, t.Version = 0, p.CollaborationID, StatusDraft, 1
	t.OpenedAt, t.Opening = time.Time{}, nil
	t.CreatedBy, t.CreatedAt, t.UpdatedBy, t.UpdatedAt = p.Name, now, p.Name, now
	if err := m.validTender(ctx, t, false); err != nil {
		return Tender{}, err
	}
	key, err := seal.NewKey()
	if err != nil {
		return Tender{}, domain.Internal(err)
	}
	err = m.store.Atomic(ctx, func(s Store) error {
		id, err := s.CreateTender(ctx, t)
		if err != nil {
			return err
		}
		t.ID = id
		wrapped, err := srv.Wrap(key, seal.AAD("tender", idText(id)))
		if err != nil {
			return domain.Internal(err)
		}
		if err := s.SetTenderKey(ctx, p.CollaborationID, id, wrapped); err != nil {
			return err
		}
		return m.appendLog(ctx, s, p, id, ActTenderCreate, obj("tender", id), t.Reference, OutcomeOK)
	})
	if err != nil {
		return Tender{}, err
	}
	return m.store.Tender(ctx, p.CollaborationID, t.ID)
}

// save stores t (as read at t.Version) with one log entry, in one
// transaction; a refusal is logged after the rollback.
func (m *Manager) save(ctx context.Context, p domain.Principal, t Tender, action, detail string, also func(Store) error) (Tender, error) {
	t.UpdatedBy, t.UpdatedAt = p.Name, m.now()
	err := m.logged(ctx, p, t.ID, action, obj("tender", t.ID), func(s Store) error {
		if _, err := s.UpdateTender(ctx, t); err != nil {
			return err
		}
		if also != nil {
			if err := also(s); err != nil {
				return err
			}
		}
		return m.appendLog(ctx, s, p, t.ID, action, obj("tender", t.ID), detail, OutcomeOK)
	})
	if err != nil {
		return Tender{}, err
	}
	return m.store.Tender(ctx, p.CollaborationID, t.ID)
}

// UpdateTender stores the tender's fields as read at t.Version; once
// published, its deadline and opening time change only by MoveDeadline,
// and an opened tender no longer changes. The buyer is stored as given
// (Buyer.Validate). Status, officers, dialogue,
// conference and opening are changed by their own methods.
//
// Errors: unauthorized, forbidden, not found, invalid
// ("procurement.use_move_deadline" at milestones, "buyer.*"), conflict
// ("error.stale", "procurement.reference_exists", "procurement.opened").
func (m *Manager) UpdateTender(ctx context.Context, p domain.Principal, t Tender) (Tender, error) {
	cur, err := m.buyerTender(ctx, p, t.ID, true, ActTenderUpdate)
	if err != nil {
		return Tender{}, err
	}
	if cur.Status == StatusOpened {
		return Tender{}, m.refuse(ctx, p, cur.ID, ActTenderUpdate, obj("tender", cur.ID), domain.Conflict("procurement.opened"))
	}
	normTender(&t)
	next := cur
	next.Reference, next.Title, next.Description = t.Reference, t.Title, t.Description
	next.Procedure, next.EstimatedValue, next.Works, next.CPV = t.Procedure, t.EstimatedValue, t.Works, t.CPV
	next.Lots, next.Items, next.Milestones, next.Version = t.Lots, t.Items, t.Milestones, t.Version
	next.Buyer = t.Buyer
	var errs []domain.FieldError
	if cur.Status != StatusDraft && (!next.Deadline().Equal(cur.Deadline()) || !next.At(MilestoneOpening).Equal(cur.At(MilestoneOpening))) {
		errs = append(errs, domain.Field("milestones", "procurement.use_move_deadline"))
	}
	if err := domain.JoinInvalid(errs, m.validTender(ctx, next, cur.Status != StatusDraft)); err != nil {
		return Tender{}, m.refuse(ctx, p, cur.ID, ActTenderUpdate, obj("tender", cur.ID), err)
	}
	return m.save(ctx, p, next, ActTenderUpdate, "", nil)
}

// Publish publishes the tender (the notice): candidates and, for an open
// procedure, every supplier see it in the portal. A published tender must
// pass every check and have a bid deadline in the future.
//
// Errors: unauthorized, forbidden, not found, invalid, conflict
// ("procurement.not_draft", "error.stale").
func (m *Manager) Publish(ctx context.Context, p domain.Principal, id domain.ID, version int) (Tender, error) {
	t, err := m.buyerTender(ctx, p, id, true, ActTenderPublish)
	if err != nil {
		return Tender{}, err
	}
	if t.Status != StatusDraft {
		return Tender{}, m.refuse(ctx, p, id, ActTenderPublish, obj("tender", id), domain.Conflict("procurement.not_draft"))
	}
	t.Version = version
	err = m.validTender(ctx, t, true)
	if err == nil && !t.Deadline().After(m.now()) {
		err = domain.Invalid("error.invalid_fields", domain.Field("milestones", "procurement.time_in_past"))
	}
	if err != nil {
		return Tender{}, m.refuse(ctx, p, id, ActTenderPublish, obj("tender", id), err)
	}
	t.Status = StatusPublished
	return m.save(ctx, p, t, ActTenderPublish, "", nil)
}

// MoveDeadline sets the bid deadline or the opening time (kind
// MilestoneDeadline or MilestoneOpening): officers only, logged, announced
// to every supplier who can see the tender; never after the deadline has
// passed. The new time must be in the future and the opening not before
// the deadline; reason is required and kept in the log.
//
// Errors: unauthorized, forbidden, not found, invalid (kind, at, reason),
// conflict ("procurement.deadline_passed", "procurement.opened",
// "error.stale").
func (m *Manager) MoveDeadline(ctx context.Context, p domain.Principal, id domain.ID, version int, kind string, at time.Time, reason string) (Tender, error) {
	t, err := m.buyerTender(ctx, p, id, true, ActDeadlineMove)
	if err != nil {
		return Tender{}, err
	}
	now := m.now()
	refuse := func(err error) (Tender, error) {
		return Tender{}, m.refuse(ctx, p, id, ActDeadlineMove, obj("tender", id), err)
	}
	if t.Status == StatusOpened {
		return refuse(domain.Conflict("procurement.opened"))
	}
	if d := t.Deadline(); !d.IsZero() && !now.Before(d) && t.Status != StatusDraft {
		return refuse(domain.Conflict("procurement.deadline_passed"))
	}
	var errs []domain.FieldError
	errs = domain.OneOf(errs, "kind", kind, []string{MilestoneDeadline, MilestoneOpening})
	reason = strings.TrimSpace(reason)
	errs = domain.Required(errs, "reason", reason)
	errs = domain.MaxLen(errs, "reason", reason, maxQuestion)
	switch {
	case at.IsZero():
		errs = append(errs, domain.Field("at", "field.required"))
	case !at.After(now):
		errs = append(errs, domain.Field("at", "procurement.time_in_past"))
	}
	if len(errs) > 0 {
		return refuse(domain.Invalid("error.invalid_fields", errs...))
	}
	at = at.UTC()
	t.Milestones = setMilestone(t.Milestones, kind, at)
	if !t.At(MilestoneOpening).IsZero() && t.At(MilestoneOpening).Before(t.Deadline()) {
		return refuse(domain.Invalid("error.invalid_fields", domain.Field("at", "procurement.opening_before_deadline")))
	}
	if err := domain.JoinInvalid(nil, m.validTender(ctx, t, false)); err != nil {
		return refuse(err)
	}
	t.Version = version
	detail := kind + " " + at.Format(time.RFC3339Nano) + ": " + reason
	var notice Notice
	out, err := m.save(ctx, p, t, ActDeadlineMove, detail, func(s Store) error {
		if t.Status == StatusDraft {
			return nil
		}
		var err error
		notice, err = m.addNotice(ctx, s, t, "deadline", kind+": "+Display(at, "nb")+" ("+Display(at, "en")+")")
		return err
	})
	if err != nil {
		return Tender{}, err
	}
	if notice.ID != 0 {
		m.mail(ctx, out, notice)
	}
	return out, nil
}

// setMilestone sets kind's time, adding it in timeline order when absent.
func setMilestone(ms []Milestone, kind string, at time.Time) []Milestone {
	ms = slices.Clone(ms)
	for i := range ms {
		if ms[i].Kind == kind {
			ms[i].At = at
			return ms
		}
	}
	rank := slices.Index(MilestoneKinds, kind)
	i := slices.IndexFunc(ms, func(m Milestone) bool { return slices.Index(MilestoneKinds, m.Kind) > rank })
	if i < 0 {
		i = len(ms)
	}
	return slices.Insert(ms, i, Milestone{Kind: kind, At: at})
}

// SetOfficers sets the users authorised for the tender (programme lead);
// each must be a user of the collaboration.
//
// Errors: unauthorized, forbidden, not found, invalid (officers[i]),
// conflict "error.stale".
func (m *Manager) SetOfficers(ctx context.Context, p domain.Principal, id domain.ID, version int, officers domain.Editors) (Tender, error) {
	if !p.Authenticated() || !p.IsProgrammeLead() {
		return Tender{}, m.refuse(ctx, p, id, ActTenderOfficers, obj("tender", id), forbidden(p))
	}
	t, err := m.store.Tender(ctx, p.CollaborationID, id)
	if err != nil {
		return Tender{}, err
	}
	var errs []domain.FieldError
	var clean domain.Editors
	for i, uid := range officers {
		if slices.Contains(clean, uid) {
			continue
		}
		if m.cfg.Users != nil {
			u, err := m.cfg.Users.User(ctx, uid)
			if err != nil && domain.KindOf(err) != domain.KindNotFound {
				return Tender{}, err
			}
			if err != nil || u.CollaborationID != p.CollaborationID {
				errs = append(errs, domain.Field(fmt.Sprintf("officers[%d]", i), "procurement.user_not_found"))
				continue
			}
		}
		clean = append(clean, uid)
	}
	if len(errs) > 0 {
		return Tender{}, domain.Invalid("error.invalid_fields", errs...)
	}
	t.Officers, t.Version = clean, version
	return m.save(ctx, p, t, ActTenderOfficers, fmt.Sprint(clean), nil)
}

// SaveDialogue stores the market dialogue (officers).
//
// Errors: unauthorized, forbidden, not found, invalid, conflict.
func (m *Manager) SaveDialogue(ctx context.Context, p domain.Principal, id domain.ID, version int, d Dialogue) (Tender, error) {
	t, err := m.buyerTender(ctx, p, id, true, ActDialogue)
	if err != nil {
		return Tender{}, err
	}
	if errs := d.Validate(); len(errs) > 0 {
		return Tender{}, domain.Invalid("error.invalid_fields", errs...)
	}
	for i := range d.Meetings {
		d.Meetings[i].Start = d.Meetings[i].Start.UTC()
	}
	d.Conference.At = d.Conference.At.UTC()
	t.Dialogue, t.Version = d, version
	return m.save(ctx, p, t, ActDialogue, "", nil)
}

// SaveConference stores the bidders' conference (officers).
//
// Errors: unauthorized, forbidden, not found, invalid, conflict.
func (m *Manager) SaveConference(ctx context.Context, p domain.Principal, id domain.ID, version int, c BiddersConference) (Tender, error) {
	t, err := m.buyerTender(ctx, p, id, true, ActConference)
	if err != nil {
		return Tender{}, err
	}
	if errs := c.Validate(); len(errs) > 0 {
		return Tender{}, domain.Invalid("error.invalid_fields", errs...)
	}
	c.At = c.At.UTC()
	t.Conference, t.Version = c, version
	return m.save(ctx, p, t, ActConference, "", nil)
}

// EqualTreatment checks the tender's market dialogue (EqualTreatment)
// against its documents: internal users.
//
// Errors: unauthorized, forbidden, not found.
func (m *Manager) EqualTreatment(ctx context.Context, p domain.Principal, id domain.ID) ([]Finding, error) {
	t, err := m.buyerTender(ctx, p, id, false, ActTenderRead)
	if err != nil {
		return nil, err
	}
	docs, err := m.store.Documents(ctx, p.CollaborationID, id)
	if err != nil {
		return nil, err
	}
	return EqualTreatment(t.Dialogue, docs), nil
}
