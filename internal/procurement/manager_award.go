package procurement

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Sender delivers one e-mail of the outbox (award letters). An error makes
// the outbox try again later (RetryDelay).
type Sender interface {
	Send(ctx context.Context, m OutboxMail) error
}

// LogSender "sends" a mail by logging it (Logger nil: slog's default): the
// default until a real sender is configured. The portal shows the letters
// either way.
type LogSender struct{ Logger *slog.Logger }

// Send logs the mail at level info.
func (l LogSender) Send(ctx context.Context, m OutboxMail) error {
	lg := l.Logger
	if lg == nil {
		lg = slog.Default()
	}
	lg.InfoContext(ctx, "award letter (no mail sender configured)", "email", m.To, "subject", m.Subject)
	return nil
}

func (m *Manager) sender() Sender {
	if m.cfg.Sender == nil {
		return LogSender{}
	}
	return m.cfg.Sender
}

func (m *Manager) words() func(key string, args ...any) string {
	if m.cfg.Words == nil {
		return func(key string, args ...any) string { return key }
	}
	return m.cfg.Words
}

// AwardInput is the award decision as the buyer gives it.
type AwardInput struct {
	// Reasons are the winning bid's characteristics and relative
	// advantages against the award criteria.
	Reasons    string
	Electronic bool
	// MinDays is a longer standstill the buyer chooses (the seed's: 14).
	MinDays int
}

// maxStandstillDays bounds a chosen standstill: a typing error of 140 for
// 14 days would hold the contract back for months.
const maxStandstillDays = 90

// DecideAward makes the award decision (CanEdit persons) for the bid
// ranked first by the consensus (Compute), once every evaluator has scored
// and the consensus is complete, and notifies every bidder whose bid was
// opened: one letter each, all sent at the same instant (the same SentAt,
// which is the award's NotifiedAt), each with its digest, e-mailed to the
// bidder's users through the outbox and shown in the portal. The
// standstill counts from that instant (Standstill, by the tender's
// regulation part). One decision per tender.
//
// Errors: unauthorized, forbidden, not found, conflict
// ("procurement.not_opened", "procurement.award_exists",
// "procurement.scoring_incomplete"), invalid ("reasons", "min_days"); each
// refusal logged.
func (m *Manager) DecideAward(ctx context.Context, p domain.Principal, tender domain.ID, in AwardInput) (Award, error) {
	if _, err := m.evalTender(ctx, p, tender, ActAward, needEdit); err != nil {
		return Award{}, err
	}
	in.Reasons = strings.TrimSpace(in.Reasons)
	var errs []domain.FieldError
	errs = domain.Required(errs, "reasons", in.Reasons)
	errs = domain.MaxLen(errs, "reasons", in.Reasons, maxText)
	if in.MinDays < 0 || in.MinDays > maxStandstillDays {
		errs = append(errs, domain.Field("min_days", "procurement.min_days_range", 0, maxStandstillDays))
	}
	now := m.now()
	var aw Award
	err := m.logged(ctx, p, tender, ActAward, obj("tender", tender), func(s Store) error {
		if err := s.LockTender(ctx, p.CollaborationID, tender); err != nil {
			return err
		}
		t, err := s.Tender(ctx, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		if t.Status != StatusOpened || t.Opening == nil {
			return domain.Conflict("procurement.not_opened")
		}
		if err := noAward(ctx, s, p.CollaborationID, tender); err != nil {
			return err
		}
		ev, _, err := evaluationOf(ctx, s, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		if err := m.scoringComplete(ctx, s, t, ev); err != nil {
			return err
		}
		if len(errs) > 0 {
			return domain.Invalid("error.invalid_fields", errs...)
		}
		res, err := Compute(ev, *t.Opening)
		if err != nil {
			return err
		}
		part := DerivePart(t.EstimatedValue, t.Works, m.cfg.Thresholds)
		days, end := Standstill(part, now, in.Electronic, in.MinDays)
		aw = Award{TenderID: tender, CollaborationID: p.CollaborationID, WinnerBidID: res.Winner, Reasons: in.Reasons,
			Electronic: in.Electronic, MinDays: in.MinDays, StandstillDays: days, StandstillEnd: end,
			DecidedBy: p.Name, DecidedAt: now, NotifiedAt: now}
		if err := s.CreateAward(ctx, aw); err != nil {
			return err
		}
		letters := m.letters(t, ev, res, aw)
		for i := range letters {
			if letters[i].ID, err = s.CreateLetter(ctx, letters[i]); err != nil {
				return err
			}
		}
		if err := s.MarkLettersSent(ctx, p.CollaborationID, tender, now); err != nil {
			return err
		}
		if err := s.SetAwardNotified(ctx, p.CollaborationID, tender, now); err != nil {
			return err
		}
		for _, l := range letters {
			if err := m.enqueueLetter(ctx, s, l, now); err != nil {
				return err
			}
		}
		if _, err := m.addNotice(ctx, s, t, "award", FormatLocal(end)); err != nil {
			return err
		}
		return m.appendLog(ctx, s, p, tender, ActAward, obj("bid", res.Winner),
			"letters "+strconv.Itoa(len(letters))+", standstill "+strconv.Itoa(days)+" days to "+end.Format(time.RFC3339), OutcomeOK)
	})
	if err != nil {
		return Award{}, err
	}
	return m.store.Award(ctx, p.CollaborationID, tender)
}

// letters words the notice of award for every opened bid.
func (m *Manager) letters(t Tender, ev Evaluation, res Results, aw Award) []Letter {
	winner, _ := res.Bid(aw.WinnerBidID)
	var out []Letter
	for _, b := range t.Opening.Bids {
		f := LetterFacts{Reference: t.Reference, Title: t.Title, Buyer: t.Buyer.Name, Supplier: b.Supplier,
			Winner: winner.Supplier, IsWinner: b.BidID == aw.WinnerBidID, Reasons: aw.Reasons, Criteria: ev.Criteria,
			WinnerPoints: winner.Points, WinnerTotal: winner.Total, Bidders: len(res.Bids), StandstillEnd: aw.StandstillEnd}
		if own, ok := res.Bid(b.BidID); ok {
			f.OwnPoints, f.OwnTotal, f.Rank = own.Points, own.Total, own.Rank
		} else {
			f.Rejected = m.words()("procurement.letter.not_intact")
			for _, r := range ev.Rejections {
				if r.BidID == b.BidID {
					f.Rejected = r.Reason
				}
			}
		}
		l := Letter{CollaborationID: t.CollaborationID, TenderID: t.ID, BidID: b.BidID, SupplierID: b.SupplierID}
		l.Subject, l.Body = WriteLetter(m.words(), LetterLang, f)
		l.Digest = LetterDigest(l)
		out = append(out, l)
	}
	return out
}

// enqueueLetter queues letter l for every enabled user of its supplier.
func (m *Manager) enqueueLetter(ctx context.Context, s Store, l Letter, now time.Time) error {
	if m.cfg.Users == nil {
		return nil
	}
	users, err := s.SupplierUsers(ctx, l.CollaborationID, l.SupplierID)
	if err != nil {
		return err
	}
	for _, uid := range users {
		u, err := m.cfg.Users.User(ctx, uid)
		if domain.KindOf(err) == domain.KindNotFound {
			continue
		}
		if err != nil {
			return err
		}
		if u.Disabled || u.Email == "" {
			continue
		}
		if _, err := s.EnqueueMail(ctx, OutboxMail{CollaborationID: l.CollaborationID, LetterID: l.ID, To: u.Email,
			Subject: l.Subject, Body: l.Body, NextAttempt: now}); err != nil {
			return err
		}
	}
	return nil
}

// Award returns the tender's award decision (internal users).
//
// Errors: unauthorized, forbidden, not found (tender,
// "procurement.award_not_found").
func (m *Manager) Award(ctx context.Context, p domain.Principal, tender domain.ID) (Award, error) {
	if _, err := m.buyerTender(ctx, p, tender, false, ActTenderRead); err != nil {
		return Award{}, err
	}
	return m.store.Award(ctx, p.CollaborationID, tender)
}

// Letters returns the tender's award letters (CanEdit persons).
//
// Errors: unauthorized, forbidden (logged), not found.
func (m *Manager) Letters(ctx context.Context, p domain.Principal, tender domain.ID) ([]Letter, error) {
	if _, err := m.buyerTender(ctx, p, tender, true, ActLetterRead); err != nil {
		return nil, err
	}
	return m.store.Letters(ctx, p.CollaborationID, tender)
}

// EditLetter is the attempt to change a letter's text. Letters are sent
// the instant they are made and a sent letter is what the bidder received
// (its digest, the standstill counted from it), so every edit is refused
// and logged.
//
// Errors: unauthorized, forbidden, not found
// ("procurement.letter_not_found"), conflict "procurement.letter_sent";
// each refusal logged.
func (m *Manager) EditLetter(ctx context.Context, p domain.Principal, tender, letter domain.ID, subject, body string) (Letter, error) {
	if _, err := m.buyerTender(ctx, p, tender, true, ActLetterEdit); err != nil {
		return Letter{}, err
	}
	if _, err := m.store.Letter(ctx, p.CollaborationID, tender, letter); err != nil {
		return Letter{}, err
	}
	// No unsent letter outlives DecideAward's transaction.
	return Letter{}, m.refuse(ctx, p, tender, ActLetterEdit, obj("letter", letter), domain.Conflict("procurement.letter_sent"))
}

// outboxBatch is how many mails one SendDueMail run claims.
const outboxBatch = 50

// SendDueMail delivers the outbox's mails due at now through the Sender:
// a delivered mail is marked sent (once: the store's claim keeps two
// servers from sending it both); a failed one is tried again after
// RetryDelay of its attempts. It is the job the server runs every minute,
// like the realisation reminders, and reports how many were sent.
//
// Errors: the store's; a failed delivery is not an error of the run.
func (m *Manager) SendDueMail(ctx context.Context, now time.Time) (int, error) {
	mails, err := m.store.DueMail(ctx, now, outboxBatch)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, mail := range mails {
		if err := m.sender().Send(ctx, mail); err != nil {
			slog.WarnContext(ctx, "procurement: sending a mail", "mail", mail.ID, "attempt", mail.Attempts+1, "err", err)
			if err := m.store.MailFailed(ctx, mail.ID, err.Error(), now.Add(RetryDelay(mail.Attempts+1))); err != nil {
				return sent, err
			}
			continue
		}
		if err := m.store.MailSent(ctx, mail.ID, now); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

// PortalAward is what a supplier sees of the award: its own letters (once
// sent), its own complaints, and whether it may still complain.
type PortalAward struct {
	Letters       []Letter    `json:"letters"`
	Complaints    []Complaint `json:"complaints"`
	StandstillEnd time.Time   `json:"standstill_end,omitzero"`
	CanComplain   bool        `json:"can_complain"`
}

// PortalAward returns p's organisation's letters and complaints on a
// tender it may see; logged.
//
// Errors: unauthorized, forbidden (not a supplier user), not found (a
// tender it may not see, logged).
func (m *Manager) PortalAward(ctx context.Context, p domain.Principal, tender domain.ID) (PortalAward, error) {
	sup, _, err := m.portalTenderFor(ctx, p, tender, ActLetterRead)
	if err != nil {
		return PortalAward{}, err
	}
	var v PortalAward
	err = m.logged(ctx, p, tender, ActLetterRead, obj("supplier", sup.ID), func(s Store) error {
		if v.Letters, err = s.LettersForSupplier(ctx, p.CollaborationID, tender, sup.ID); err != nil {
			return err
		}
		all, err := s.Complaints(ctx, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		for _, c := range all {
			if c.SupplierID == sup.ID {
				v.Complaints = append(v.Complaints, c)
			}
		}
		aw, err := s.Award(ctx, p.CollaborationID, tender)
		if err == nil {
			v.StandstillEnd = aw.StandstillEnd
			v.CanComplain = len(v.Letters) > 0 && m.now().Before(aw.StandstillEnd)
		} else if domain.KindOf(err) != domain.KindNotFound {
			return err
		}
		return m.appendLog(ctx, s, p, tender, ActLetterRead, obj("supplier", sup.ID), "letters "+strconv.Itoa(len(v.Letters)), OutcomeOK)
	})
	return v, err
}
