package procurement

import (
	"context"
	"slices"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// ---- The supplier portal. ----

// portalUser checks that p is a supplier user and returns its
// organisation (found false when the user is linked to none).
//
// Errors: unauthorized, forbidden (not a supplier user).
func (m *Manager) portalUser(ctx context.Context, p domain.Principal) (Supplier, bool, error) {
	if !p.Authenticated() {
		return Supplier{}, false, forbidden(p)
	}
	if p.System || !p.Has(domain.RoleSupplier) || p.UserID == 0 {
		return Supplier{}, false, domain.Forbidden("auth.forbidden")
	}
	sup, err := m.store.SupplierOfUser(ctx, p.CollaborationID, p.UserID)
	if domain.KindOf(err) == domain.KindNotFound {
		return Supplier{}, false, nil
	}
	return sup, err == nil, err
}

// canSee reports whether supplier sup may see t: not a draft, and an open
// procedure or sup invited.
func canSee(t Tender, sup domain.ID, cands []Candidate) bool {
	if t.Status == StatusDraft {
		return false
	}
	invited := slices.ContainsFunc(cands, func(c Candidate) bool { return c.SupplierID == sup })
	return !Limited(t.Procedure) || invited
}

var errTenderNotFound = domain.NotFound("procurement.tender_not_found")

// portalTenderFor finds tender id for p's organisation: not found, and
// logged on the tender when it exists, unless the organisation may see it.
//
// Errors: unauthorized, forbidden, not found "procurement.tender_not_found".
func (m *Manager) portalTenderFor(ctx context.Context, p domain.Principal, id domain.ID, action string) (Supplier, Tender, error) {
	sup, ok, err := m.portalUser(ctx, p)
	if err != nil {
		return Supplier{}, Tender{}, err
	}
	if !ok {
		return Supplier{}, Tender{}, m.refuse(ctx, p, id, action, obj("tender", id), errTenderNotFound)
	}
	t, err := m.store.Tender(ctx, p.CollaborationID, id)
	if err != nil {
		if domain.KindOf(err) == domain.KindNotFound {
			return Supplier{}, Tender{}, errTenderNotFound
		}
		return Supplier{}, Tender{}, err
	}
	cands, err := m.store.Candidates(ctx, p.CollaborationID, id)
	if err != nil {
		return Supplier{}, Tender{}, err
	}
	if !canSee(t, sup.ID, cands) {
		return Supplier{}, Tender{}, m.refuse(ctx, p, id, action, obj("supplier", sup.ID), errTenderNotFound)
	}
	return sup, t, nil
}

// PortalTenders lists the tenders p's organisation may see (none when p is
// linked to no organisation). Errors: unauthorized, forbidden (not a
// supplier user).
func (m *Manager) PortalTenders(ctx context.Context, p domain.Principal) ([]PortalTender, error) {
	sup, ok, err := m.portalUser(ctx, p)
	if err != nil || !ok {
		return nil, err
	}
	ts, err := m.store.Tenders(ctx, p.CollaborationID)
	if err != nil {
		return nil, err
	}
	now := m.now()
	var out []PortalTender
	for _, t := range ts {
		if t.Status == StatusDraft {
			continue
		}
		cands, err := m.store.Candidates(ctx, p.CollaborationID, t.ID)
		if err != nil {
			return nil, err
		}
		if !canSee(t, sup.ID, cands) {
			continue
		}
		bids, err := m.store.Bids(ctx, p.CollaborationID, t.ID)
		if err != nil {
			return nil, err
		}
		_, has := currentBid(bids, sup.ID)
		out = append(out, PortalTender{Tender: portalCopy(t), State: t.State(now),
			Invited: slices.ContainsFunc(cands, func(c Candidate) bool { return c.SupplierID == sup.ID }), HasBid: has})
	}
	return out, nil
}

// portalCopy is t without what only the buyer sees: officers, the market
// dialogue's one-to-one meetings and learnings, the opening record.
func portalCopy(t Tender) Tender {
	t.Officers = nil
	t.Dialogue = Dialogue{Conference: DialogueConference{At: t.Dialogue.Conference.At, Invitation: t.Dialogue.Conference.Invitation}}
	t.Conference.Attendees = nil
	t.Opening = nil
	t.CreatedBy, t.UpdatedBy = "", ""
	return t
}

// PortalTender returns the tender for p's organisation: not found when it
// may not see it (another supplier's invitation is not revealed; the
// attempt is logged).
//
// Errors: unauthorized, forbidden, not found.
func (m *Manager) PortalTender(ctx context.Context, p domain.Principal, id domain.ID) (PortalView, error) {
	sup, t, err := m.portalTenderFor(ctx, p, id, ActTenderRead)
	if err != nil {
		return PortalView{}, err
	}
	now := m.now()
	v := PortalView{Tender: portalCopy(t), State: t.State(now), Supplier: sup,
		CanBid: t.Status == StatusPublished && now.Before(t.Deadline())}
	docs, err := m.store.Documents(ctx, p.CollaborationID, id)
	if err != nil {
		return PortalView{}, err
	}
	for _, d := range docs {
		if d.Published {
			v.Documents = append(v.Documents, d)
		}
	}
	qs, err := m.store.Questions(ctx, p.CollaborationID, id)
	if err != nil {
		return PortalView{}, err
	}
	for _, q := range qs {
		if q.SupplierID == sup.ID && q.Source == SourcePortal {
			v.MyQuestions = append(v.MyQuestions, q)
		}
		if !q.PublishedAt.IsZero() {
			q.SupplierID, q.AskedBy, q.AnsweredBy = 0, 0, ""
			v.Answers = append(v.Answers, q)
		}
	}
	bids, err := m.store.Bids(ctx, p.CollaborationID, id)
	if err != nil {
		return PortalView{}, err
	}
	for i := len(bids) - 1; i >= 0; i-- {
		if bids[i].SupplierID == sup.ID {
			r := receiptOf(bids[i], t, sup, nil)
			v.Receipt = &r
			break
		}
	}
	if v.Notices, err = m.store.Notices(ctx, p.CollaborationID, id); err != nil {
		return PortalView{}, err
	}
	return v, nil
}

// PortalDocument returns version n of a published document, logged.
//
// Errors: unauthorized, forbidden, not found (a tender it may not see, a
// document not published; logged).
func (m *Manager) PortalDocument(ctx context.Context, p domain.Principal, tender, doc domain.ID, n int) (DocVersion, File, error) {
	if _, _, err := m.portalTenderFor(ctx, p, tender, ActDocumentRead); err != nil {
		return DocVersion{}, File{}, err
	}
	return m.readDocument(ctx, p, tender, doc, n, func(d Document) error {
		if !d.Published {
			return domain.NotFound("procurement.document_not_found")
		}
		return nil
	})
}

// Ask sends a question to the buyer, before the bid deadline and the
// question deadline (milestone "questions") when one is set.
//
// Errors: unauthorized, forbidden, not found (logged), invalid (text),
// conflict "procurement.questions_closed".
func (m *Manager) Ask(ctx context.Context, p domain.Principal, tender domain.ID, text string) (Question, error) {
	sup, t, err := m.portalTenderFor(ctx, p, tender, ActQuestionAsk)
	if err != nil {
		return Question{}, err
	}
	if errs := checkQuestion("text", text); len(errs) > 0 {
		return Question{}, domain.Invalid("error.invalid_fields", errs...)
	}
	now := m.now()
	closes := t.Deadline()
	if q := t.At(MilestoneQuestions); !q.IsZero() {
		closes = q
	}
	if t.Status != StatusPublished || !now.Before(closes) {
		return Question{}, m.refuse(ctx, p, tender, ActQuestionAsk, obj("supplier", sup.ID), domain.Conflict("procurement.questions_closed"))
	}
	q := Question{CollaborationID: p.CollaborationID, TenderID: tender, SupplierID: sup.ID, AskedBy: p.UserID,
		Source: SourcePortal, Text: text, AskedAt: now, Version: 1}
	err = m.logged(ctx, p, tender, ActQuestionAsk, obj("supplier", sup.ID), func(s Store) error {
		id, err := s.CreateQuestion(ctx, q)
		if err != nil {
			return err
		}
		q.ID = id
		return m.appendLog(ctx, s, p, tender, ActQuestionAsk, obj("question", id), "", OutcomeOK)
	})
	if err != nil {
		return Question{}, err
	}
	return m.store.Question(ctx, p.CollaborationID, tender, q.ID)
}

// PortalQuestion returns one of the organisation's own questions; another
// supplier's question is not found (and the attempt logged).
//
// Errors: unauthorized, forbidden, not found.
func (m *Manager) PortalQuestion(ctx context.Context, p domain.Principal, tender, id domain.ID) (Question, error) {
	sup, _, err := m.portalTenderFor(ctx, p, tender, ActQuestionRead)
	if err != nil {
		return Question{}, err
	}
	q, err := m.store.Question(ctx, p.CollaborationID, tender, id)
	if err == nil && (q.SupplierID != sup.ID || q.Source != SourcePortal) {
		err = domain.NotFound("procurement.question_not_found")
	}
	if err != nil {
		return Question{}, m.refuse(ctx, p, tender, ActQuestionRead, obj("question", id), err)
	}
	return q, nil
}
