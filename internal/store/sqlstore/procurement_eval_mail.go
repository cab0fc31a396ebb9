package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// The award's letters, the e-mail outbox and complaints (migration 016,
// whose trigger keeps a sent letter as it was sent).

const letterCols = `id, collaboration_id, tender_id, bid_id, supplier_id, subject, body, digest, sent_at`

func letterDest(l *procurement.Letter) []any {
	return []any{&l.ID, &l.CollaborationID, &l.TenderID, &l.BidID, &l.SupplierID, &l.Subject, &l.Body, &l.Digest,
		timeCol{&l.SentAt}}
}

func (s procurementStore) Letters(ctx context.Context, collab, tender domain.ID) ([]procurement.Letter, error) {
	if err := s.tenderExists(ctx, collab, tender); err != nil {
		return nil, err
	}
	return collect(ctx, s.db, letterDest, `SELECT `+letterCols+` FROM award_letters
		WHERE collaboration_id = ? AND tender_id = ? ORDER BY id`, collab, tender)
}

func (s procurementStore) Letter(ctx context.Context, collab, tender, id domain.ID) (procurement.Letter, error) {
	var l procurement.Letter
	err := s.db.queryRow(ctx, `SELECT `+letterCols+` FROM award_letters
		WHERE collaboration_id = ? AND tender_id = ? AND id = ?`, collab, tender, id).Scan(letterDest(&l)...)
	return l, s.db.mapErr(err, "procurement.letter_not_found")
}

func (s procurementStore) LettersForSupplier(ctx context.Context, collab, tender, supplier domain.ID) ([]procurement.Letter, error) {
	if err := s.tenderExists(ctx, collab, tender); err != nil {
		return nil, err
	}
	return collect(ctx, s.db, letterDest, `SELECT `+letterCols+` FROM award_letters
		WHERE collaboration_id = ? AND tender_id = ? AND supplier_id = ? AND sent_at IS NOT NULL ORDER BY id`,
		collab, tender, supplier)
}

// CreateLetter checks that the bid is the tender's and the supplier's, so
// a letter cannot reach another bidder.
func (s procurementStore) CreateLetter(ctx context.Context, l procurement.Letter) (domain.ID, error) {
	var id domain.ID
	err := s.db.atomic(ctx, func(tx *DB) error {
		sup, err := (procurementStore{tx}).bidSupplier(ctx, l.CollaborationID, l.TenderID, l.BidID)
		if err != nil {
			return err
		}
		if sup != l.SupplierID {
			return domain.Internal(fmt.Errorf("letter: bid %d is of supplier %d, not %d", l.BidID, sup, l.SupplierID))
		}
		err = tx.queryRow(ctx, `INSERT INTO award_letters (collaboration_id, tender_id, bid_id, supplier_id, subject, body,
			digest) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, l.CollaborationID, l.TenderID, l.BidID, l.SupplierID,
			l.Subject, l.Body, l.Digest).Scan(&id)
		if err != nil {
			return tx.mapErr(err, "")
		}
		tx.wrote(l.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

func (s procurementStore) MarkLettersSent(ctx context.Context, collab, tender domain.ID, at time.Time) error {
	if at.IsZero() {
		at = s.db.now()
	}
	return s.db.atomic(ctx, func(tx *DB) error {
		if err := (procurementStore{tx}).tenderExists(ctx, collab, tender); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `UPDATE award_letters SET sent_at = ?
			WHERE collaboration_id = ? AND tender_id = ? AND sent_at IS NULL`, tx.ptimeArg(at), collab, tender)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return domain.Internal(err)
		} else if n > 0 {
			tx.wrote(collab)
		}
		return nil
	})
}

// The outbox.

const mailCols = `id, collaboration_id, COALESCE(letter_id, 0), to_addr, subject, body, attempts, next_attempt,
	last_error, sent_at`

func mailDest(m *procurement.OutboxMail) []any {
	return []any{&m.ID, &m.CollaborationID, &m.LetterID, &m.To, &m.Subject, &m.Body, &m.Attempts,
		timeCol{&m.NextAttempt}, &m.LastError, timeCol{&m.SentAt}}
}

func (s procurementStore) EnqueueMail(ctx context.Context, m procurement.OutboxMail) (domain.ID, error) {
	if m.NextAttempt.IsZero() {
		m.NextAttempt = s.db.now()
	}
	var id domain.ID
	err := s.db.atomic(ctx, func(tx *DB) error {
		if m.LetterID != 0 {
			if err := (procurementStore{tx}).exists(ctx, "procurement.letter_not_found",
				`SELECT id FROM award_letters WHERE collaboration_id = ? AND id = ?`, m.CollaborationID, m.LetterID); err != nil {
				return err
			}
		}
		err := tx.queryRow(ctx, `INSERT INTO mail_outbox (collaboration_id, letter_id, to_addr, subject, body,
			next_attempt) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, m.CollaborationID, idArg(m.LetterID), m.To,
			m.Subject, m.Body, tx.ptimeArg(m.NextAttempt)).Scan(&id)
		if err != nil {
			return tx.mapErr(err, "")
		}
		tx.wrote(m.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// DueMail claims each due mail with a conditional UPDATE that moves its
// next attempt to the lease's end only if it still is due: of two servers
// claiming the same row, the second's UPDATE waits for the first's commit
// (PostgreSQL's row lock, SQLite's single writer), then finds the row no
// longer due and changes nothing, so only rows this call changed are
// returned. A claim marks no collaboration: no page shows it.
func (s procurementStore) DueMail(ctx context.Context, now time.Time, limit int) ([]procurement.OutboxMail, error) {
	if limit <= 0 {
		return nil, nil
	}
	now = ptime(now)
	until := now.Add(procurement.MailLease)
	var out []procurement.OutboxMail
	err := s.db.atomic(ctx, func(tx *DB) error {
		out = nil
		due, err := collect(ctx, tx, func(id *domain.ID) []any { return []any{id} },
			`SELECT id FROM mail_outbox WHERE sent_at IS NULL AND next_attempt <= ? ORDER BY next_attempt, id LIMIT ?`,
			tx.ptimeArg(now), limit)
		if err != nil {
			return err
		}
		var claimed []any
		for _, id := range due {
			res, err := tx.exec(ctx, `UPDATE mail_outbox SET next_attempt = ?
				WHERE id = ? AND sent_at IS NULL AND next_attempt <= ?`, tx.ptimeArg(until), id, tx.ptimeArg(now))
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return domain.Internal(err)
			} else if n == 1 {
				claimed = append(claimed, id)
			}
		}
		if len(claimed) == 0 {
			return nil
		}
		in := strings.TrimSuffix(strings.Repeat("?, ", len(claimed)), ", ")
		out, err = collect(ctx, tx, mailDest, `SELECT `+mailCols+` FROM mail_outbox WHERE id IN (`+in+`) ORDER BY id`,
			claimed...)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// mailUpdate runs an UPDATE … RETURNING collaboration_id on an unsent
// mail: not found "error.not_found" when there is no such mail, conflict
// "error.stale" when it is sent.
func (s procurementStore) mailUpdate(ctx context.Context, id domain.ID, q string, args ...any) error {
	return s.db.atomic(ctx, func(tx *DB) error {
		var collab domain.ID
		if err := tx.queryRow(ctx, q, args...).Scan(&collab); err != nil {
			err = tx.mapErr(err, "")
			if domain.KindOf(err) != domain.KindNotFound {
				return err
			}
			if gerr := (procurementStore{tx}).exists(ctx, "error.not_found", `SELECT id FROM mail_outbox WHERE id = ?`,
				id); gerr != nil {
				return gerr
			}
			return domain.Conflict("error.stale")
		}
		tx.wrote(collab)
		return nil
	})
}

func (s procurementStore) MailSent(ctx context.Context, id domain.ID, at time.Time) error {
	if at.IsZero() {
		at = s.db.now()
	}
	return s.mailUpdate(ctx, id, `UPDATE mail_outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL
		RETURNING collaboration_id`, s.db.ptimeArg(at), id)
}

func (s procurementStore) MailFailed(ctx context.Context, id domain.ID, errText string, next time.Time) error {
	if next.IsZero() {
		next = s.db.now()
	}
	return s.mailUpdate(ctx, id, `UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?, next_attempt = ?
		WHERE id = ? AND sent_at IS NULL RETURNING collaboration_id`, errText, s.db.ptimeArg(next), id)
}

// Complaints.

const complaintCols = `id, collaboration_id, tender_id, COALESCE(supplier_id, 0), text, received_at, answer,
	answered_by, answered_at, upheld, version`

func complaintDest(c *procurement.Complaint) []any {
	return []any{&c.ID, &c.CollaborationID, &c.TenderID, &c.SupplierID, &c.Text, timeCol{&c.ReceivedAt}, &c.Answer,
		&c.AnsweredBy, timeCol{&c.AnsweredAt}, &c.Upheld, &c.Version}
}

func (s procurementStore) Complaints(ctx context.Context, collab, tender domain.ID) ([]procurement.Complaint, error) {
	if err := s.tenderExists(ctx, collab, tender); err != nil {
		return nil, err
	}
	return collect(ctx, s.db, complaintDest, `SELECT `+complaintCols+` FROM tender_complaints
		WHERE collaboration_id = ? AND tender_id = ? ORDER BY received_at, id`, collab, tender)
}

func (s procurementStore) Complaint(ctx context.Context, collab, tender, id domain.ID) (procurement.Complaint, error) {
	var c procurement.Complaint
	err := s.db.queryRow(ctx, `SELECT `+complaintCols+` FROM tender_complaints
		WHERE collaboration_id = ? AND tender_id = ? AND id = ?`, collab, tender, id).Scan(complaintDest(&c)...)
	return c, s.db.mapErr(err, "procurement.complaint_not_found")
}

// CreateComplaint takes SupplierID 0 for a complaint the buyer registers
// without a supplier of the collaboration.
func (s procurementStore) CreateComplaint(ctx context.Context, c procurement.Complaint) (domain.ID, error) {
	if c.ReceivedAt.IsZero() {
		c.ReceivedAt = s.db.now()
	}
	var id domain.ID
	err := s.db.atomic(ctx, func(tx *DB) error {
		st := procurementStore{tx}
		if err := st.tenderExists(ctx, c.CollaborationID, c.TenderID); err != nil {
			return err
		}
		if c.SupplierID != 0 {
			if err := st.supplierExists(ctx, c.CollaborationID, c.SupplierID); err != nil {
				return err
			}
		}
		err := tx.queryRow(ctx, `INSERT INTO tender_complaints (collaboration_id, tender_id, supplier_id, text,
			received_at, answer, answered_by, answered_at, upheld, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
			RETURNING id`, c.CollaborationID, c.TenderID, idArg(c.SupplierID), c.Text, tx.ptimeArg(c.ReceivedAt),
			c.Answer, c.AnsweredBy, tx.optTimeArg(c.AnsweredAt), c.Upheld).Scan(&id)
		if err != nil {
			return tx.mapErr(err, "")
		}
		tx.wrote(c.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

func (s procurementStore) UpdateComplaint(ctx context.Context, c procurement.Complaint) (int, error) {
	err := s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `UPDATE tender_complaints SET answer = ?, answered_by = ?, answered_at = ?, upheld = ?,
			version = version + 1 WHERE collaboration_id = ? AND tender_id = ? AND id = ? AND version = ?`,
			c.Answer, c.AnsweredBy, tx.optTimeArg(c.AnsweredAt), c.Upheld, c.CollaborationID, c.TenderID, c.ID, c.Version)
		if err := staleCheck(res, err); err != nil {
			if _, gerr := (procurementStore{tx}).Complaint(ctx, c.CollaborationID, c.TenderID, c.ID); gerr != nil {
				return gerr
			}
			return err
		}
		tx.wrote(c.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return c.Version + 1, nil
}
