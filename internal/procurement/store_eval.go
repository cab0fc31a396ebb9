package procurement

import (
	"context"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// MailLease is how long DueMail hands a claimed mail to its caller: within
// it no other caller gets the mail, so two servers running the outbox job
// do not send it twice. A caller that neither reports MailSent nor
// MailFailed within the lease (it crashed) loses the claim, and the mail is
// due again.
const MailLease = 10 * time.Minute

// EvaluationStore keeps what follows a tender's opening (issue 14): the
// evaluation, the evaluators' scores, the award, its letters and their
// e-mails (the outbox), complaints and the contract. Scoped like Store:
// every call by the collaboration, and everything below a tender also by
// the tender; a missing object and one of another collaboration or tender
// are both not found. Duplicates and stale versions are conflicts
// ("error.stale" for a version).
type EvaluationStore interface {
	// Evaluation is the tender's evaluation: not found
	// "procurement.evaluation_not_found" when none is saved,
	// "procurement.tender_not_found" when the tender is not there.
	Evaluation(ctx context.Context, collab, tender domain.ID) (Evaluation, error)
	// SaveEvaluation stores e if still at e.Version and returns the new
	// version. Version 0 creates it at 1; conflict "error.stale" when one
	// exists by then.
	SaveEvaluation(ctx context.Context, e Evaluation) (int, error)

	// Scores lists every evaluator's scores on the tender, by bid,
	// criterion and evaluator. Hiding them is the manager's rule.
	Scores(ctx context.Context, collab, tender domain.ID) ([]Score, error)
	// PutScore stores (or replaces) s.EvaluatorID's points for s.BidID on
	// s.Criterion: one row per (bid, evaluator, criterion), so an evaluator
	// replaces only their own. Conflict "procurement.award_exists" once the
	// tender has an award; not found "procurement.bid_not_found" for a bid
	// of another tender.
	PutScore(ctx context.Context, s Score) error

	// Award: not found "procurement.award_not_found".
	Award(ctx context.Context, collab, tender domain.ID) (Award, error)
	// CreateAward stores the decision (NotifiedAt ignored); conflict
	// "procurement.award_exists" when the tender has one.
	CreateAward(ctx context.Context, a Award) error
	// SetAwardNotified records when the letters went out, once: conflict
	// "error.stale" when it is set.
	SetAwardNotified(ctx context.Context, collab, tender domain.ID, at time.Time) error

	// Letters lists the tender's letters by id.
	Letters(ctx context.Context, collab, tender domain.ID) ([]Letter, error)
	// Letter: not found "procurement.letter_not_found".
	Letter(ctx context.Context, collab, tender, id domain.ID) (Letter, error)
	// CreateLetter stores an unsent letter (SentAt ignored); one per bid:
	// conflict "error.duplicate" for a second.
	CreateLetter(ctx context.Context, l Letter) (domain.ID, error)
	// MarkLettersSent gives every unsent letter of the tender the same
	// SentAt. From then on the database refuses to change a letter's
	// subject, body, digest or sending time, or to delete it.
	MarkLettersSent(ctx context.Context, collab, tender domain.ID, at time.Time) error
	// LettersForSupplier lists the SENT letters to supplier on the tender
	// (for the portal: a letter is the supplier's once sent).
	LettersForSupplier(ctx context.Context, collab, tender, supplier domain.ID) ([]Letter, error)

	// EnqueueMail stores m (Attempts 0, due at m.NextAttempt or now).
	EnqueueMail(ctx context.Context, m OutboxMail) (domain.ID, error)
	// DueMail claims up to limit unsent mails of any collaboration due at
	// now, oldest due first, and returns them: each is leased to this
	// caller until now + MailLease (its NextAttempt), so concurrent callers
	// never get the same mail.
	DueMail(ctx context.Context, now time.Time, limit int) ([]OutboxMail, error)
	// MailSent marks a mail sent; conflict "error.stale" when it already
	// is, not found "error.not_found".
	MailSent(ctx context.Context, id domain.ID, at time.Time) error
	// MailFailed counts a failed attempt, keeps errText and makes the mail
	// due again at next; conflict "error.stale" when it is sent.
	MailFailed(ctx context.Context, id domain.ID, errText string, next time.Time) error

	// Complaints lists the tender's complaints in the order received.
	Complaints(ctx context.Context, collab, tender domain.ID) ([]Complaint, error)
	// Complaint: not found "procurement.complaint_not_found".
	Complaint(ctx context.Context, collab, tender, id domain.ID) (Complaint, error)
	// CreateComplaint stores c at version 1.
	CreateComplaint(ctx context.Context, c Complaint) (domain.ID, error)
	// UpdateComplaint stores the answer fields (Answer, AnsweredBy,
	// AnsweredAt, Upheld) if still at c.Version and returns the new version.
	UpdateComplaint(ctx context.Context, c Complaint) (int, error)

	// Contract: not found "procurement.contract_not_found".
	Contract(ctx context.Context, collab, tender domain.ID) (Contract, error)
	// CreateContract stores the signed contract; conflict
	// "procurement.contract_exists" when the tender has one.
	CreateContract(ctx context.Context, c Contract) error
	// SetCommitmentIndicators replaces the contract's commitments with
	// list (the same commitments with their indicator ids after the
	// hand-over to the realisation plans).
	SetCommitmentIndicators(ctx context.Context, collab, tender domain.ID, list []Commitment) error
}
