package sqlstore

import (
	"context"

	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Benefits returns the benefit cases' view of the database.
func (db *DB) Benefits() benefit.Store { return benefitStore{db} }

type benefitStore struct{ db *DB }

const benefitCols = `collaboration_id, service_id, data, version, updated_by, updated_at`

func scanBenefit(scan func(...any) error) (benefit.Record, error) {
	var r benefit.Record
	var data string
	if err := scan(&r.CollaborationID, &r.ServiceID, &data, &r.Version, &r.UpdatedBy, timeCol{&r.UpdatedAt}); err != nil {
		return r, err
	}
	c, err := benefit.DecodeStored([]byte(data))
	if err != nil {
		return r, domain.Internal(err)
	}
	r.Case = c
	return r, nil
}

func (s benefitStore) Case(ctx context.Context, collab, service domain.ID) (benefit.Record, error) {
	r, err := scanBenefit(s.db.queryRow(ctx, `SELECT `+benefitCols+` FROM benefit_cases
		WHERE collaboration_id = ? AND service_id = ?`, collab, service).Scan)
	return r, s.db.mapErr(err, "benefit.case_not_found")
}

func (s benefitStore) Cases(ctx context.Context, collab domain.ID) ([]benefit.Record, error) {
	rows, err := s.db.query(ctx, `SELECT `+benefitCols+` FROM benefit_cases
		WHERE collaboration_id = ? ORDER BY service_id`, collab)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []benefit.Record
	for rows.Next() {
		r, err := scanBenefit(rows.Scan)
		if err != nil {
			return nil, s.db.mapErr(err, "")
		}
		out = append(out, r)
	}
	return out, s.db.mapErr(rows.Err(), "")
}

func (s benefitStore) SaveCase(ctx context.Context, r benefit.Record) (int, error) {
	data, err := benefit.EncodeStored(r.Case)
	if err != nil {
		return 0, domain.Internal(err)
	}
	if r.UpdatedAt.IsZero() {
		r.UpdatedAt = s.db.now()
	}
	err = s.db.atomic(ctx, func(tx *DB) error {
		if r.Version == 0 {
			if _, err := tx.exec(ctx, `INSERT INTO benefit_cases (collaboration_id, service_id, data, version, updated_by,
				updated_at) VALUES (?, ?, ?, 1, ?, ?)`, r.CollaborationID, r.ServiceID, string(data), r.UpdatedBy,
				tx.timeArg(r.UpdatedAt)); err != nil {
				return tx.mapErr(err, "")
			}
			tx.wrote(r.CollaborationID)
			return nil
		}
		res, err := tx.exec(ctx, `UPDATE benefit_cases SET data = ?, version = version + 1, updated_by = ?, updated_at = ?
			WHERE collaboration_id = ? AND service_id = ? AND version = ?`,
			string(data), r.UpdatedBy, tx.timeArg(r.UpdatedAt), r.CollaborationID, r.ServiceID, r.Version)
		if err := staleCheck(res, err); err != nil {
			if _, gerr := (benefitStore{tx}).Case(ctx, r.CollaborationID, r.ServiceID); gerr != nil {
				return gerr
			}
			return err
		}
		tx.wrote(r.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return r.Version + 1, nil
}
