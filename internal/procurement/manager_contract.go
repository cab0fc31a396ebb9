package procurement

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/realisation"
)

// Realisation is what procurement uses of the benefit-realisation plans:
// the winner's commitments become indicators of the plans of the services
// bought, and traceability reads them back. The realisation manager
// satisfies it (a view reader and writer: its rules apply).
type Realisation interface {
	Plan(ctx context.Context, p domain.Principal, slug string) (realisation.PlanView, error)
	CreatePlan(ctx context.Context, p domain.Principal, slug string) (realisation.Plan, error)
	SaveIndicator(ctx context.Context, p domain.Principal, slug string, ind realisation.Indicator) (realisation.Indicator, error)
}

// ContractInput is the signed contract as the buyer records it: the value
// as typed (read by domain.ParseNumber).
type ContractInput struct {
	Reference  string
	SignedAt   time.Time
	Value      string
	DocumentID domain.ID
}

// commitmentFollowUp is how long after signing a commitment's indicator
// targets full delivery: one year, a first follow-up the plan's owner
// adjusts.
const commitmentFollowUp = 1

// SignContract records the contract signed with the winner (CanEdit
// persons): never before the standstill has ended (the signing time and
// now both at or after its end), nor while a complaint is unanswered. The
// winner's commitments are the requirements its bid was found to meet
// (the evaluation's answers); after the contract is stored they are handed
// over to the realisation plans (HandOver).
//
// Errors: unauthorized, forbidden, not found, conflict
// ("procurement.award_not_found", "procurement.standstill_not_ended",
// "procurement.complaint_open", "procurement.contract_exists"), invalid
// ("reference", "value", "signed_at", "document_id"); each refusal logged;
// the hand-over's errors after the contract is stored.
func (m *Manager) SignContract(ctx context.Context, p domain.Principal, tender domain.ID, in ContractInput) (Contract, error) {
	t, err := m.buyerTender(ctx, p, tender, true, ActContract)
	if err != nil {
		return Contract{}, err
	}
	now := m.now()
	in.Reference = strings.TrimSpace(in.Reference)
	if in.SignedAt.IsZero() {
		in.SignedAt = now
	}
	var errs []domain.FieldError
	errs = domain.Required(errs, "reference", in.Reference)
	errs = domain.MaxLen(errs, "reference", in.Reference, maxTitle)
	value, code := domain.ParseNumber(in.Value)
	switch {
	case code != "":
		errs = append(errs, domain.Field("value", code))
	case !(value > 0):
		errs = append(errs, domain.Field("value", "procurement.value_positive"))
	}
	if in.SignedAt.After(now) {
		errs = append(errs, domain.Field("signed_at", "procurement.time_in_future"))
	}
	var c Contract
	err = m.logged(ctx, p, tender, ActContract, obj("tender", tender), func(s Store) error {
		if err := s.LockTender(ctx, p.CollaborationID, tender); err != nil {
			return err
		}
		aw, err := s.Award(ctx, p.CollaborationID, tender)
		if domain.KindOf(err) == domain.KindNotFound {
			return domain.Conflict("procurement.award_not_found")
		}
		if err != nil {
			return err
		}
		if _, err := s.Contract(ctx, p.CollaborationID, tender); err == nil {
			return domain.Conflict("procurement.contract_exists")
		} else if domain.KindOf(err) != domain.KindNotFound {
			return err
		}
		if now.Before(aw.StandstillEnd) || in.SignedAt.Before(aw.StandstillEnd) {
			return domain.Conflict("procurement.standstill_not_ended", FormatLocal(aw.StandstillEnd))
		}
		complaints, err := s.Complaints(ctx, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		for _, k := range complaints {
			if k.AnsweredAt.IsZero() {
				return domain.Conflict("procurement.complaint_open")
			}
		}
		if in.DocumentID != 0 {
			if _, err := s.Document(ctx, p.CollaborationID, tender, in.DocumentID); domain.KindOf(err) == domain.KindNotFound {
				errs = append(errs, domain.Field("document_id", "procurement.document_not_found"))
			} else if err != nil {
				return err
			}
		}
		if len(errs) > 0 {
			return domain.Invalid("error.invalid_fields", errs...)
		}
		winner, err := s.Bid(ctx, p.CollaborationID, tender, aw.WinnerBidID)
		if err != nil {
			return err
		}
		ev, _, err := evaluationOf(ctx, s, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		spec, err := s.SpecRequirements(ctx, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		c = Contract{TenderID: tender, CollaborationID: p.CollaborationID, BidID: winner.ID, SupplierID: winner.SupplierID,
			Reference: in.Reference, SignedAt: in.SignedAt.UTC(), Value: value, DocumentID: in.DocumentID,
			Commitments: Commitments(t, ev, spec, winner.ID), SignedBy: p.Name}
		if err := s.CreateContract(ctx, c); err != nil {
			return err
		}
		return m.appendLog(ctx, s, p, tender, ActContract, obj("bid", winner.ID), "reference "+in.Reference, OutcomeOK)
	})
	if err != nil {
		return Contract{}, err
	}
	return m.HandOver(ctx, p, tender)
}

// Commitments are the winner's commitments: one per requirement of the
// specification its bid was found to meet, in the specification's order,
// with the place in the bid; each belongs to the requirement's service, or
// to the tender's first service for a requirement written by hand.
func Commitments(t Tender, ev Evaluation, spec []SpecRequirement, winner domain.ID) []Commitment {
	var out []Commitment
	for _, r := range spec {
		if r.Removed {
			continue
		}
		for _, a := range ev.Answers {
			if a.BidID != winner || a.RequirementID != r.ID || a.Met == nil || !*a.Met {
				continue
			}
			text := r.Number + " " + r.Text
			if a.Place != "" {
				text += " (" + a.Place + ")"
			}
			svc := r.ServiceID
			if svc == 0 && len(t.Items) > 0 {
				svc = t.Items[0].ServiceID
			}
			out = append(out, Commitment{RequirementID: r.ID, Text: text, ServiceID: svc})
		}
	}
	return out
}

// HandOver makes each of the contract's commitments not yet handed over
// an indicator in the realisation plan of its service (the plan created
// when missing), owned by p, and links it back (Commitment.IndicatorID).
// The contract is the procurement's own decision, taken by a CanEdit
// person, so the plans are written as the system acting for p. It is
// safe to run again after a failure: linked commitments are skipped.
//
// Errors: unauthorized, forbidden, not found ("procurement.contract_not_found"),
// conflict "procurement.no_realisation" when no realisation manager is
// configured; the realisation manager's errors.
func (m *Manager) HandOver(ctx context.Context, p domain.Principal, tender domain.ID) (Contract, error) {
	t, err := m.buyerTender(ctx, p, tender, true, ActHandOver)
	if err != nil {
		return Contract{}, err
	}
	c, err := m.store.Contract(ctx, p.CollaborationID, tender)
	if err != nil {
		return Contract{}, err
	}
	if m.cfg.Realisation == nil {
		if len(c.Commitments) == 0 {
			return c, nil
		}
		return c, domain.Conflict("procurement.no_realisation")
	}
	if m.cfg.Services == nil {
		return c, domain.Internal(errors.New("procurement: no service reader configured"))
	}
	sys := domain.Principal{System: true, CollaborationID: p.CollaborationID, Name: p.Name}
	changed := false
	var handErr error
	for i := range c.Commitments {
		cm := &c.Commitments[i]
		if cm.IndicatorID != 0 || cm.ServiceID == 0 {
			continue
		}
		svc, err := m.cfg.Services.Service(ctx, p.CollaborationID, cm.ServiceID)
		if err != nil {
			handErr = err
			break
		}
		if _, err := m.cfg.Realisation.Plan(ctx, sys, svc.Slug); domain.KindOf(err) == domain.KindNotFound {
			if _, err := m.cfg.Realisation.CreatePlan(ctx, sys, svc.Slug); err != nil && domain.KindOf(err) != domain.KindConflict {
				handErr = err
				break
			}
		} else if err != nil {
			handErr = err
			break
		}
		ind, err := m.cfg.Realisation.SaveIndicator(ctx, sys, svc.Slug, m.commitmentIndicator(t, c, *cm, p))
		if err != nil {
			handErr = err
			break
		}
		cm.IndicatorID, changed = ind.ID, true
	}
	if changed {
		err := m.store.Atomic(ctx, func(s Store) error {
			if err := s.LockTender(ctx, p.CollaborationID, tender); err != nil {
				return err
			}
			if err := s.SetCommitmentIndicators(ctx, p.CollaborationID, tender, c.Commitments); err != nil {
				return err
			}
			return m.appendLog(ctx, s, p, tender, ActHandOver, obj("tender", tender), "", OutcomeOK)
		})
		if err != nil {
			return c, err
		}
	}
	return c, handErr
}

// commitmentIndicator is the indicator a commitment becomes: the degree to
// which it is delivered, from 0 % at signing to 100 % a year later, for
// the plan's owner to refine.
func (m *Manager) commitmentIndicator(t Tender, c Contract, cm Commitment, p domain.Principal) realisation.Indicator {
	w := m.words()
	signed := realisation.Day(c.SignedAt)
	return realisation.Indicator{
		Gain:         clip(w("procurement.commitment.gain", t.Reference, c.Reference), 200),
		Class:        realisation.ClassQuality,
		Name:         clip(t.Reference+" "+cm.Text, 200),
		Unit:         "%",
		Baseline:     0,
		BaselineDate: signed,
		Target:       100,
		TargetDate:   signed.AddDate(commitmentFollowUp, 0, 0),
		OwnerID:      p.UserID,
		Measures:     clip(cm.Text, 4000),
	}
}

// clip shortens s to at most n characters, ending in "…" when cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// Contract returns the tender's contract (internal users).
//
// Errors: unauthorized, forbidden, not found ("procurement.contract_not_found").
func (m *Manager) Contract(ctx context.Context, p domain.Principal, tender domain.ID) (Contract, error) {
	if _, err := m.buyerTender(ctx, p, tender, false, ActTenderRead); err != nil {
		return Contract{}, err
	}
	return m.store.Contract(ctx, p.CollaborationID, tender)
}
