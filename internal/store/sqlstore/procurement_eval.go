package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// The evaluation, the evaluators' scores, the award and the contract of a
// tender (migration 016). Letters, the outbox and complaints are in
// procurement_eval_mail.go.

// belowTender turns a not found of an object below a tender into the
// tender's not found when the tender itself is not there (or not the
// collaboration's), so both say what is missing.
func (s procurementStore) belowTender(ctx context.Context, err error, collab, tender domain.ID) error {
	if domain.KindOf(err) != domain.KindNotFound {
		return err
	}
	if terr := s.tenderExists(ctx, collab, tender); terr != nil {
		return terr
	}
	return err
}

// bidSupplier is the supplier of a bid of the tender: not found
// "procurement.bid_not_found" (or the tender's).
func (s procurementStore) bidSupplier(ctx context.Context, collab, tender, bid domain.ID) (domain.ID, error) {
	var sup domain.ID
	err := s.db.queryRow(ctx, `SELECT supplier_id FROM bids WHERE collaboration_id = ? AND tender_id = ? AND id = ?`,
		collab, tender, bid).Scan(&sup)
	if err != nil {
		return 0, s.belowTender(ctx, s.db.mapErr(err, "procurement.bid_not_found"), collab, tender)
	}
	return sup, nil
}

// Evaluation.

func (s procurementStore) Evaluation(ctx context.Context, collab, tender domain.ID) (procurement.Evaluation, error) {
	var c procurement.Evaluation
	var doc string
	err := s.db.queryRow(ctx, `SELECT tender_id, collaboration_id, doc, version, updated_by, updated_at
		FROM tender_evaluations WHERE collaboration_id = ? AND tender_id = ?`, collab, tender).
		Scan(&c.TenderID, &c.CollaborationID, &doc, &c.Version, &c.UpdatedBy, timeCol{&c.UpdatedAt})
	if err != nil {
		return c, s.belowTender(ctx, s.db.mapErr(err, "procurement.evaluation_not_found"), collab, tender)
	}
	var e procurement.Evaluation
	if err := json.Unmarshal([]byte(doc), &e); err != nil {
		return e, domain.Internal(fmt.Errorf("evaluation of tender %d: %w", tender, err))
	}
	e.TenderID, e.CollaborationID, e.Version, e.UpdatedBy, e.UpdatedAt = c.TenderID, c.CollaborationID, c.Version,
		c.UpdatedBy, c.UpdatedAt
	return e, nil
}

func (s procurementStore) SaveEvaluation(ctx context.Context, e procurement.Evaluation) (int, error) {
	if e.UpdatedAt.IsZero() {
		e.UpdatedAt = s.db.now()
	}
	e.UpdatedAt = ptime(e.UpdatedAt)
	data, err := json.Marshal(e)
	if err != nil {
		return 0, domain.Internal(err)
	}
	err = s.db.atomic(ctx, func(tx *DB) error {
		st := procurementStore{tx}
		if err := st.tenderExists(ctx, e.CollaborationID, e.TenderID); err != nil {
			return err
		}
		if e.Version == 0 {
			_, err := tx.exec(ctx, `INSERT INTO tender_evaluations (tender_id, collaboration_id, doc, version, updated_by,
				updated_at) VALUES (?, ?, ?, 1, ?, ?)`, e.TenderID, e.CollaborationID, string(data), e.UpdatedBy,
				tx.ptimeArg(e.UpdatedAt))
			if err != nil {
				return renameConflict(err, "error.stale")
			}
			tx.wrote(e.CollaborationID)
			return nil
		}
		res, err := tx.exec(ctx, `UPDATE tender_evaluations SET doc = ?, version = version + 1, updated_by = ?,
			updated_at = ? WHERE collaboration_id = ? AND tender_id = ? AND version = ?`,
			string(data), e.UpdatedBy, tx.ptimeArg(e.UpdatedAt), e.CollaborationID, e.TenderID, e.Version)
		if err := staleCheck(res, err); err != nil {
			if _, gerr := st.Evaluation(ctx, e.CollaborationID, e.TenderID); gerr != nil {
				return gerr
			}
			return err
		}
		tx.wrote(e.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return e.Version + 1, nil
}

// Scores.

func (s procurementStore) Scores(ctx context.Context, collab, tender domain.ID) ([]procurement.Score, error) {
	if err := s.tenderExists(ctx, collab, tender); err != nil {
		return nil, err
	}
	return collect(ctx, s.db, func(x *procurement.Score) []any {
		return []any{&x.CollaborationID, &x.TenderID, &x.BidID, &x.EvaluatorID, &x.Criterion, &x.Points, &x.Reason,
			timeCol{&x.At}}
	}, `SELECT collaboration_id, tender_id, bid_id, evaluator_id, criterion, points, reason, at FROM evaluation_scores
		WHERE collaboration_id = ? AND tender_id = ? ORDER BY bid_id, criterion, evaluator_id`, collab, tender)
}

// PutScore locks the tender like CreateAward does, so a score and the
// award cannot cross: a score lands before the award or is refused.
func (s procurementStore) PutScore(ctx context.Context, x procurement.Score) error {
	if x.At.IsZero() {
		x.At = s.db.now()
	}
	if x.EvaluatorID == 0 || x.Criterion == "" {
		return domain.Internal(fmt.Errorf("score on bid %d: no evaluator or criterion", x.BidID))
	}
	return s.db.atomic(ctx, func(tx *DB) error {
		st := procurementStore{tx}
		if err := st.LockTender(ctx, x.CollaborationID, x.TenderID); err != nil {
			return err
		}
		if _, err := st.bidSupplier(ctx, x.CollaborationID, x.TenderID, x.BidID); err != nil {
			return err
		}
		if err := st.awardAbsent(ctx, x.CollaborationID, x.TenderID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO evaluation_scores (tender_id, bid_id, evaluator_id, criterion,
			collaboration_id, points, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (tender_id, bid_id, evaluator_id, criterion)
			DO UPDATE SET points = excluded.points, reason = excluded.reason, at = excluded.at`,
			x.TenderID, x.BidID, x.EvaluatorID, x.Criterion, x.CollaborationID, x.Points, x.Reason,
			tx.ptimeArg(x.At)); err != nil {
			return err
		}
		tx.wrote(x.CollaborationID)
		return nil
	})
}

// awardAbsent is conflict "procurement.award_exists" once the tender has
// an award.
func (s procurementStore) awardAbsent(ctx context.Context, collab, tender domain.ID) error {
	n, err := collect(ctx, s.db, func(id *domain.ID) []any { return []any{id} },
		`SELECT tender_id FROM tender_awards WHERE collaboration_id = ? AND tender_id = ?`, collab, tender)
	if err != nil {
		return err
	}
	if len(n) > 0 {
		return domain.Conflict("procurement.award_exists")
	}
	return nil
}

// Award.

const awardCols = `tender_id, collaboration_id, winner_bid_id, reasons, electronic, min_days, standstill_days,
	standstill_end, decided_by, decided_at, notified_at`

func (s procurementStore) Award(ctx context.Context, collab, tender domain.ID) (procurement.Award, error) {
	var a procurement.Award
	err := s.db.queryRow(ctx, `SELECT `+awardCols+` FROM tender_awards WHERE collaboration_id = ? AND tender_id = ?`,
		collab, tender).Scan(&a.TenderID, &a.CollaborationID, &a.WinnerBidID, &a.Reasons, &a.Electronic, &a.MinDays,
		&a.StandstillDays, timeCol{&a.StandstillEnd}, &a.DecidedBy, timeCol{&a.DecidedAt}, timeCol{&a.NotifiedAt})
	if err != nil {
		return a, s.belowTender(ctx, s.db.mapErr(err, "procurement.award_not_found"), collab, tender)
	}
	return a, nil
}

func (s procurementStore) CreateAward(ctx context.Context, a procurement.Award) error {
	if a.DecidedAt.IsZero() {
		a.DecidedAt = s.db.now()
	}
	return s.db.atomic(ctx, func(tx *DB) error {
		st := procurementStore{tx}
		if err := st.LockTender(ctx, a.CollaborationID, a.TenderID); err != nil {
			return err
		}
		if _, err := st.bidSupplier(ctx, a.CollaborationID, a.TenderID, a.WinnerBidID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO tender_awards (`+awardCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
			a.TenderID, a.CollaborationID, a.WinnerBidID, a.Reasons, a.Electronic, a.MinDays, a.StandstillDays,
			tx.ptimeArg(a.StandstillEnd), a.DecidedBy, tx.ptimeArg(a.DecidedAt)); err != nil {
			return renameConflict(err, "procurement.award_exists")
		}
		tx.wrote(a.CollaborationID)
		return nil
	})
}

func (s procurementStore) SetAwardNotified(ctx context.Context, collab, tender domain.ID, at time.Time) error {
	if at.IsZero() {
		at = s.db.now()
	}
	return s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `UPDATE tender_awards SET notified_at = ?
			WHERE collaboration_id = ? AND tender_id = ? AND notified_at IS NULL`, tx.ptimeArg(at), collab, tender)
		if err := staleCheck(res, err); err != nil {
			if _, gerr := (procurementStore{tx}).Award(ctx, collab, tender); gerr != nil {
				return gerr
			}
			return err
		}
		tx.wrote(collab)
		return nil
	})
}

// Contract.

const contractCols = `tender_id, collaboration_id, bid_id, supplier_id, reference, signed_at, value,
	COALESCE(document_id, 0), commitments, signed_by`

func (s procurementStore) Contract(ctx context.Context, collab, tender domain.ID) (procurement.Contract, error) {
	var c procurement.Contract
	err := s.db.queryRow(ctx, `SELECT `+contractCols+` FROM tender_contracts WHERE collaboration_id = ? AND tender_id = ?`,
		collab, tender).Scan(&c.TenderID, &c.CollaborationID, &c.BidID, &c.SupplierID, &c.Reference,
		timeCol{&c.SignedAt}, &c.Value, &c.DocumentID, jsonCol{&c.Commitments}, &c.SignedBy)
	if err != nil {
		return c, s.belowTender(ctx, s.db.mapErr(err, "procurement.contract_not_found"), collab, tender)
	}
	if len(c.Commitments) == 0 {
		c.Commitments = nil
	}
	return c, nil
}

func commitmentsJSON(list []procurement.Commitment) (string, error) {
	if list == nil {
		list = []procurement.Commitment{}
	}
	b, err := json.Marshal(list)
	if err != nil {
		return "", domain.Internal(err)
	}
	return string(b), nil
}

// CreateContract checks that the bid is the tender's and the supplier's,
// and the document the tender's.
func (s procurementStore) CreateContract(ctx context.Context, c procurement.Contract) error {
	if c.SignedAt.IsZero() {
		c.SignedAt = s.db.now()
	}
	list, err := commitmentsJSON(c.Commitments)
	if err != nil {
		return err
	}
	return s.db.atomic(ctx, func(tx *DB) error {
		st := procurementStore{tx}
		if err := st.LockTender(ctx, c.CollaborationID, c.TenderID); err != nil {
			return err
		}
		sup, err := st.bidSupplier(ctx, c.CollaborationID, c.TenderID, c.BidID)
		if err != nil {
			return err
		}
		if sup != c.SupplierID {
			return domain.Internal(fmt.Errorf("contract: bid %d is of supplier %d, not %d", c.BidID, sup, c.SupplierID))
		}
		if c.DocumentID != 0 {
			if err := st.exists(ctx, "procurement.document_not_found", `SELECT id FROM tender_documents
				WHERE collaboration_id = ? AND tender_id = ? AND id = ?`, c.CollaborationID, c.TenderID,
				c.DocumentID); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `INSERT INTO tender_contracts (tender_id, collaboration_id, bid_id, supplier_id,
			reference, signed_at, value, document_id, commitments, signed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.TenderID, c.CollaborationID, c.BidID, c.SupplierID, c.Reference, tx.ptimeArg(c.SignedAt), c.Value,
			idArg(c.DocumentID), list, c.SignedBy); err != nil {
			return renameConflict(err, "procurement.contract_exists")
		}
		tx.wrote(c.CollaborationID)
		return nil
	})
}

func (s procurementStore) SetCommitmentIndicators(ctx context.Context, collab, tender domain.ID, list []procurement.Commitment) error {
	data, err := commitmentsJSON(list)
	if err != nil {
		return err
	}
	return s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `UPDATE tender_contracts SET commitments = ? WHERE collaboration_id = ? AND tender_id = ?`,
			data, collab, tender)
		if err := staleCheck(res, err); err != nil {
			if _, gerr := (procurementStore{tx}).Contract(ctx, collab, tender); gerr != nil {
				return gerr
			}
			return err
		}
		tx.wrote(collab)
		return nil
	})
}
