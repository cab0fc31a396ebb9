package procurement

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// FileComplaint files p's organisation's complaint on the award in the
// portal, during the standstill and only by a bidder whose bid was
// opened; logged.
//
// Errors: unauthorized, forbidden (not a supplier user), not found (a
// tender it may not see, logged), conflict ("procurement.not_in_standstill"
// outside the standstill or before the award, "procurement.not_a_bidder"),
// invalid ("text"); each refusal logged.
func (m *Manager) FileComplaint(ctx context.Context, p domain.Principal, tender domain.ID, text string) (Complaint, error) {
	sup, t, err := m.portalTenderFor(ctx, p, tender, ActComplaint)
	if err != nil {
		return Complaint{}, err
	}
	text = strings.TrimSpace(text)
	now := m.now()
	c := Complaint{CollaborationID: p.CollaborationID, TenderID: tender, SupplierID: sup.ID, Text: text, ReceivedAt: now, Version: 1}
	err = m.logged(ctx, p, tender, ActComplaint, obj("supplier", sup.ID), func(s Store) error {
		aw, err := s.Award(ctx, p.CollaborationID, tender)
		if domain.KindOf(err) == domain.KindNotFound || err == nil && !now.Before(aw.StandstillEnd) {
			return domain.Conflict("procurement.not_in_standstill")
		}
		if err != nil {
			return err
		}
		if t.Opening == nil || !slices.ContainsFunc(t.Opening.Bids, func(b OpenedBid) bool { return b.SupplierID == sup.ID }) {
			return domain.Conflict("procurement.not_a_bidder")
		}
		if errs := domain.MaxLen(domain.Required(nil, "text", text), "text", text, maxText); len(errs) > 0 {
			return domain.Invalid("error.invalid_fields", errs...)
		}
		if c.ID, err = s.CreateComplaint(ctx, c); err != nil {
			return err
		}
		return m.appendLog(ctx, s, p, tender, ActComplaint, obj("complaint", c.ID), "", OutcomeOK)
	})
	if err != nil {
		return Complaint{}, err
	}
	return c, nil
}

// RegisterComplaint records a complaint the buyer received otherwise (by
// letter or e-mail): CanEdit persons, after the award; receivedAt zero is
// now, and it may not lie in the future.
//
// Errors: unauthorized, forbidden, not found, conflict
// "procurement.award_not_found" before the award, invalid ("supplier_id",
// "text", "received_at"); each refusal logged.
func (m *Manager) RegisterComplaint(ctx context.Context, p domain.Principal, tender, supplier domain.ID, text string, receivedAt time.Time) (Complaint, error) {
	if _, err := m.buyerTender(ctx, p, tender, true, ActComplaintReg); err != nil {
		return Complaint{}, err
	}
	text = strings.TrimSpace(text)
	now := m.now()
	if receivedAt.IsZero() {
		receivedAt = now
	}
	c := Complaint{CollaborationID: p.CollaborationID, TenderID: tender, SupplierID: supplier, Text: text, ReceivedAt: receivedAt.UTC(), Version: 1}
	err := m.logged(ctx, p, tender, ActComplaintReg, obj("supplier", supplier), func(s Store) error {
		if _, err := s.Award(ctx, p.CollaborationID, tender); err != nil {
			if domain.KindOf(err) == domain.KindNotFound {
				return domain.Conflict("procurement.award_not_found")
			}
			return err
		}
		errs := domain.MaxLen(domain.Required(nil, "text", text), "text", text, maxText)
		if _, err := s.Supplier(ctx, p.CollaborationID, supplier); domain.KindOf(err) == domain.KindNotFound {
			errs = append(errs, domain.Field("supplier_id", "procurement.supplier_not_found"))
		} else if err != nil {
			return err
		}
		if receivedAt.After(now) {
			errs = append(errs, domain.Field("received_at", "procurement.time_in_future"))
		}
		if len(errs) > 0 {
			return domain.Invalid("error.invalid_fields", errs...)
		}
		var err error
		if c.ID, err = s.CreateComplaint(ctx, c); err != nil {
			return err
		}
		return m.appendLog(ctx, s, p, tender, ActComplaintReg, obj("complaint", c.ID), "", OutcomeOK)
	})
	if err != nil {
		return Complaint{}, err
	}
	return c, nil
}

// AnswerComplaint records the buyer's answer to a complaint (CanEdit
// persons), and whether it was upheld; answering again replaces it.
//
// Errors: unauthorized, forbidden, not found
// ("procurement.complaint_not_found"), conflict "error.stale", invalid
// ("answer"); each refusal logged.
func (m *Manager) AnswerComplaint(ctx context.Context, p domain.Principal, tender, id domain.ID, version int, answer string, upheld bool) (Complaint, error) {
	if _, err := m.buyerTender(ctx, p, tender, true, ActComplaintReply); err != nil {
		return Complaint{}, err
	}
	answer = strings.TrimSpace(answer)
	var c Complaint
	err := m.logged(ctx, p, tender, ActComplaintReply, obj("complaint", id), func(s Store) error {
		var err error
		if c, err = s.Complaint(ctx, p.CollaborationID, tender, id); err != nil {
			return err
		}
		if errs := domain.MaxLen(domain.Required(nil, "answer", answer), "answer", answer, maxText); len(errs) > 0 {
			return domain.Invalid("error.invalid_fields", errs...)
		}
		c.Version = version
		c.Answer, c.AnsweredBy, c.AnsweredAt, c.Upheld = answer, p.Name, m.now(), upheld
		if c.Version, err = s.UpdateComplaint(ctx, c); err != nil {
			return err
		}
		return m.appendLog(ctx, s, p, tender, ActComplaintReply, obj("complaint", id), "", OutcomeOK)
	})
	if err != nil {
		return Complaint{}, err
	}
	return c, nil
}

// Complaints lists the tender's complaints (CanEdit persons); logged.
//
// Errors: unauthorized, forbidden (logged), not found.
func (m *Manager) Complaints(ctx context.Context, p domain.Principal, tender domain.ID) ([]Complaint, error) {
	if _, err := m.buyerTender(ctx, p, tender, true, ActComplaintRead); err != nil {
		return nil, err
	}
	var out []Complaint
	err := m.logged(ctx, p, tender, ActComplaintRead, obj("tender", tender), func(s Store) error {
		var err error
		if out, err = s.Complaints(ctx, p.CollaborationID, tender); err != nil {
			return err
		}
		return m.appendLog(ctx, s, p, tender, ActComplaintRead, obj("tender", tender), "", OutcomeOK)
	})
	return out, err
}
