package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/realisation"
)

// Realisation returns the benefit-realisation plans' view of the database.
func (db *DB) Realisation() realisation.Store { return realisationStore{db} }

type realisationStore struct{ db *DB }

func (s realisationStore) Atomic(ctx context.Context, fn func(realisation.Store) error) error {
	return s.db.atomic(ctx, func(tx *DB) error { return fn(realisationStore{tx}) })
}

const planCols = `id, collaboration_id, service_id, version, updated_by, updated_at`

func (s realisationStore) PlanOf(ctx context.Context, collab, service domain.ID) (realisation.Plan, error) {
	var p realisation.Plan
	err := s.db.queryRow(ctx, `SELECT `+planCols+` FROM realisation_plans WHERE collaboration_id = ? AND service_id = ?`,
		collab, service).Scan(&p.ID, &p.CollaborationID, &p.ServiceID, &p.Version, &p.UpdatedBy, timeCol{&p.UpdatedAt})
	return p, s.db.mapErr(err, "realisation.plan_not_found")
}

func (s realisationStore) CreatePlan(ctx context.Context, p realisation.Plan) (domain.ID, error) {
	if p.UpdatedAt.IsZero() {
		p.UpdatedAt = s.db.now()
	}
	var id domain.ID
	err := s.db.atomic(ctx, func(tx *DB) error {
		err := tx.queryRow(ctx, `INSERT INTO realisation_plans (collaboration_id, service_id, version, updated_by, updated_at)
			VALUES (?, ?, 1, ?, ?) RETURNING id`, p.CollaborationID, p.ServiceID, p.UpdatedBy, tx.timeArg(p.UpdatedAt)).Scan(&id)
		if err != nil {
			return tx.mapErr(err, "")
		}
		tx.wrote(p.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

func (s realisationStore) TouchPlan(ctx context.Context, collab, id domain.ID, by string, at time.Time) error {
	return s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `UPDATE realisation_plans SET version = version + 1, updated_by = ?, updated_at = ?
			WHERE collaboration_id = ? AND id = ?`, by, tx.timeArg(at), collab, id)
		if err := staleCheck(res, err); err != nil {
			if domain.KindOf(err) == domain.KindConflict {
				return domain.NotFound("realisation.plan_not_found")
			}
			return err
		}
		tx.wrote(collab)
		return nil
	})
}

const indicatorCols = `i.id, i.plan_id, i.gain, i.class, i.name, i.unit, i.baseline, i.baseline_date, i.target,
	i.target_date, i.owner_id, COALESCE(u.name, ''), i.measures, i.risk, i.interval_months, i.version, i.updated_by,
	i.updated_at`

const indicatorFrom = ` FROM realisation_indicators i LEFT JOIN users u ON u.id = i.owner_id`

func indicatorDest(ind *realisation.Indicator) []any {
	return []any{&ind.ID, &ind.PlanID, &ind.Gain, &ind.Class, &ind.Name, &ind.Unit, &ind.Baseline,
		timeCol{&ind.BaselineDate}, &ind.Target, timeCol{&ind.TargetDate}, &ind.OwnerID, &ind.OwnerName, &ind.Measures,
		&ind.Risk, &ind.IntervalMonths, &ind.Version, &ind.UpdatedBy, timeCol{&ind.UpdatedAt}}
}

func (s realisationStore) Indicators(ctx context.Context, collab, plan domain.ID) ([]realisation.Indicator, error) {
	return collect(ctx, s.db, indicatorDest, `SELECT `+indicatorCols+indicatorFrom+`
		WHERE i.collaboration_id = ? AND i.plan_id = ? ORDER BY i.id`, collab, plan)
}

func (s realisationStore) Indicator(ctx context.Context, collab, id domain.ID) (realisation.Indicator, error) {
	var ind realisation.Indicator
	err := s.db.queryRow(ctx, `SELECT `+indicatorCols+indicatorFrom+` WHERE i.collaboration_id = ? AND i.id = ?`,
		collab, id).Scan(indicatorDest(&ind)...)
	return ind, s.db.mapErr(err, "realisation.indicator_not_found")
}

// CreateIndicator checks that the plan is collab's (not found otherwise),
// so that an indicator never lands under another collaboration's plan.
func (s realisationStore) CreateIndicator(ctx context.Context, collab domain.ID, ind realisation.Indicator) (domain.ID, error) {
	if ind.UpdatedAt.IsZero() {
		ind.UpdatedAt = s.db.now()
	}
	var id domain.ID
	err := s.db.atomic(ctx, func(tx *DB) error {
		if err := (realisationStore{tx}).exists(ctx, "realisation.plan_not_found",
			`SELECT id FROM realisation_plans WHERE collaboration_id = ? AND id = ?`, collab, ind.PlanID); err != nil {
			return err
		}
		err := tx.queryRow(ctx, `INSERT INTO realisation_indicators (collaboration_id, plan_id, gain, class, name, unit,
			baseline, baseline_date, target, target_date, owner_id, measures, risk, interval_months, version, updated_by,
			updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
			collab, ind.PlanID, ind.Gain, ind.Class, ind.Name, ind.Unit, ind.Baseline, tx.dateArg(&ind.BaselineDate),
			ind.Target, tx.dateArg(&ind.TargetDate), ind.OwnerID, ind.Measures, ind.Risk, ind.IntervalMonths,
			ind.UpdatedBy, tx.timeArg(ind.UpdatedAt)).Scan(&id)
		if err != nil {
			return tx.mapErr(err, "")
		}
		tx.wrote(collab)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// exists returns not found notFound unless q finds a row.
func (s realisationStore) exists(ctx context.Context, notFound, q string, args ...any) error {
	var id domain.ID
	return s.db.mapErr(s.db.queryRow(ctx, q, args...).Scan(&id), notFound)
}

func (s realisationStore) UpdateIndicator(ctx context.Context, collab domain.ID, ind realisation.Indicator) (int, error) {
	if ind.UpdatedAt.IsZero() {
		ind.UpdatedAt = s.db.now()
	}
	err := s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `UPDATE realisation_indicators SET gain = ?, class = ?, name = ?, unit = ?, baseline = ?,
			baseline_date = ?, target = ?, target_date = ?, owner_id = ?, measures = ?, risk = ?, interval_months = ?,
			updated_by = ?, updated_at = ?, version = version + 1
			WHERE collaboration_id = ? AND id = ? AND version = ?`,
			ind.Gain, ind.Class, ind.Name, ind.Unit, ind.Baseline, tx.dateArg(&ind.BaselineDate), ind.Target,
			tx.dateArg(&ind.TargetDate), ind.OwnerID, ind.Measures, ind.Risk, ind.IntervalMonths, ind.UpdatedBy,
			tx.timeArg(ind.UpdatedAt), collab, ind.ID, ind.Version)
		if err := staleCheck(res, err); err != nil {
			if _, gerr := (realisationStore{tx}).Indicator(ctx, collab, ind.ID); gerr != nil {
				return gerr
			}
			return err
		}
		tx.wrote(collab)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return ind.Version + 1, nil
}

func (s realisationStore) DeleteIndicator(ctx context.Context, collab, id domain.ID, version int) error {
	return s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `DELETE FROM realisation_indicators WHERE collaboration_id = ? AND id = ? AND version = ?`,
			collab, id, version)
		if err := staleCheck(res, err); err != nil {
			if _, gerr := (realisationStore{tx}).Indicator(ctx, collab, id); gerr != nil {
				return gerr
			}
			return err
		}
		tx.wrote(collab)
		return nil
	})
}

const measurementCols = `m.id, m.indicator_id, m.value, m.date, m.comment, COALESCE(m.user_id, 0), m.user_name, m.created_at`

func measurementDest(m *realisation.Measurement) []any {
	return []any{&m.ID, &m.IndicatorID, &m.Value, timeCol{&m.Date}, &m.Comment, &m.UserID, &m.UserName, timeCol{&m.CreatedAt}}
}

func (s realisationStore) Measurements(ctx context.Context, collab, plan domain.ID) ([]realisation.Measurement, error) {
	return collect(ctx, s.db, measurementDest, `SELECT `+measurementCols+` FROM realisation_measurements m
		JOIN realisation_indicators i ON i.id = m.indicator_id
		WHERE m.collaboration_id = ? AND i.plan_id = ? ORDER BY m.indicator_id, m.date, m.created_at, m.id`, collab, plan)
}

func (s realisationStore) Measurement(ctx context.Context, collab, id domain.ID) (realisation.Measurement, error) {
	var m realisation.Measurement
	err := s.db.queryRow(ctx, `SELECT `+measurementCols+` FROM realisation_measurements m
		WHERE m.collaboration_id = ? AND m.id = ?`, collab, id).Scan(measurementDest(&m)...)
	return m, s.db.mapErr(err, "realisation.measurement_not_found")
}

// AddMeasurement checks that the indicator is collab's (not found
// otherwise).
func (s realisationStore) AddMeasurement(ctx context.Context, collab domain.ID, m realisation.Measurement) (domain.ID, error) {
	if m.CreatedAt.IsZero() {
		m.CreatedAt = s.db.now()
	}
	var id domain.ID
	err := s.db.atomic(ctx, func(tx *DB) error {
		if err := (realisationStore{tx}).exists(ctx, "realisation.indicator_not_found",
			`SELECT id FROM realisation_indicators WHERE collaboration_id = ? AND id = ?`, collab, m.IndicatorID); err != nil {
			return err
		}
		err := tx.queryRow(ctx, `INSERT INTO realisation_measurements (collaboration_id, indicator_id, value, date, comment,
			user_id, user_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			collab, m.IndicatorID, m.Value, tx.dateArg(&m.Date), m.Comment, idArg(m.UserID), m.UserName,
			tx.timeArg(m.CreatedAt)).Scan(&id)
		if err != nil {
			return tx.mapErr(err, "")
		}
		tx.wrote(collab)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

func (s realisationStore) DeleteMeasurement(ctx context.Context, collab, id domain.ID) error {
	return s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `DELETE FROM realisation_measurements WHERE collaboration_id = ? AND id = ?`, collab, id)
		if err := staleCheck(res, err); err != nil {
			if domain.KindOf(err) == domain.KindConflict {
				return domain.NotFound("realisation.measurement_not_found")
			}
			return err
		}
		tx.wrote(collab)
		return nil
	})
}

func (s realisationStore) Tracked(ctx context.Context, collab domain.ID) ([]realisation.Tracked, error) {
	rows, err := s.db.query(ctx, `SELECT `+indicatorCols+`, p.collaboration_id, p.service_id, s.slug, s.name_nb, s.name_en,
		m.id, m.indicator_id, m.value, m.date, m.comment, COALESCE(m.user_id, 0), m.user_name, m.created_at`+indicatorFrom+`
		JOIN realisation_plans p ON p.id = i.plan_id
		JOIN services s ON s.id = p.service_id
		LEFT JOIN realisation_measurements m ON m.id = (SELECT l.id FROM realisation_measurements l
			WHERE l.indicator_id = i.id ORDER BY l.date DESC, l.created_at DESC, l.id DESC LIMIT 1)
		WHERE i.collaboration_id = ? OR ? = 0
		ORDER BY p.collaboration_id, s.slug, i.id`, collab, collab)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []realisation.Tracked
	for rows.Next() {
		var t realisation.Tracked
		var mID, mIndicator, mUser sql.NullInt64
		var mValue sql.NullFloat64
		var mComment, mUserName sql.NullString
		var mDate, mCreated *time.Time
		dest := append(indicatorDest(&t.Indicator), &t.CollaborationID, &t.ServiceID, &t.ServiceSlug, &t.ServiceNameNB,
			&t.ServiceNameEN, &mID, &mIndicator, &mValue, nullTimeCol{&mDate}, &mComment, &mUser, &mUserName,
			nullTimeCol{&mCreated})
		if err := rows.Scan(dest...); err != nil {
			return nil, s.db.mapErr(err, "")
		}
		if mID.Valid && mDate != nil && mCreated != nil {
			t.Latest = &realisation.Measurement{ID: mID.Int64, IndicatorID: mIndicator.Int64, Value: mValue.Float64,
				Date: *mDate, Comment: mComment.String, UserID: mUser.Int64, UserName: mUserName.String, CreatedAt: *mCreated}
		}
		out = append(out, t)
	}
	return out, s.db.mapErr(rows.Err(), "")
}

// AddNotification relies on the unique index on (indicator_id, due_date):
// of two servers inserting the same reminder, one inserts nothing.
func (s realisationStore) AddNotification(ctx context.Context, n realisation.Notification) (bool, error) {
	if n.CreatedAt.IsZero() {
		n.CreatedAt = s.db.now()
	}
	var due any
	if !n.DueDate.IsZero() {
		due = s.db.dateArg(&n.DueDate)
	}
	added := false
	err := s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `INSERT INTO notifications (collaboration_id, user_id, kind, service_id, indicator_id,
			due_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			n.CollaborationID, n.UserID, n.Kind, idArg(n.ServiceID), idArg(n.IndicatorID), due, tx.timeArg(n.CreatedAt))
		if err != nil {
			return err
		}
		k, err := res.RowsAffected()
		if err != nil {
			return domain.Internal(err)
		}
		if k > 0 {
			added = true
			tx.wrote(n.CollaborationID)
		}
		return nil
	})
	return added && err == nil, err
}

func (s realisationStore) Notifications(ctx context.Context, collab, user domain.ID) ([]realisation.Notification, error) {
	rows, err := s.db.query(ctx, `SELECT n.id, n.collaboration_id, n.user_id, n.kind, COALESCE(n.service_id, 0),
		COALESCE(s.slug, ''), COALESCE(s.name_nb, ''), COALESCE(s.name_en, ''), COALESCE(n.indicator_id, 0),
		COALESCE(i.name, ''), n.due_date, n.created_at, n.read_at
		FROM notifications n LEFT JOIN services s ON s.id = n.service_id
		LEFT JOIN realisation_indicators i ON i.id = n.indicator_id
		WHERE n.collaboration_id = ? AND n.user_id = ? ORDER BY n.created_at DESC, n.id DESC`, collab, user)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []realisation.Notification
	for rows.Next() {
		var n realisation.Notification
		var due *time.Time
		if err := rows.Scan(&n.ID, &n.CollaborationID, &n.UserID, &n.Kind, &n.ServiceID, &n.ServiceSlug, &n.ServiceNameNB,
			&n.ServiceNameEN, &n.IndicatorID, &n.IndicatorName, nullTimeCol{&due}, timeCol{&n.CreatedAt},
			nullTimeCol{&n.ReadAt}); err != nil {
			return nil, s.db.mapErr(err, "")
		}
		if due != nil {
			n.DueDate = *due
		}
		out = append(out, n)
	}
	return out, s.db.mapErr(rows.Err(), "")
}

func (s realisationStore) MarkNotificationRead(ctx context.Context, collab, user, id domain.ID, at time.Time) error {
	return s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `UPDATE notifications SET read_at = COALESCE(read_at, ?)
			WHERE collaboration_id = ? AND user_id = ? AND id = ?`, tx.timeArg(at), collab, user, id)
		if err := staleCheck(res, err); err != nil {
			if domain.KindOf(err) == domain.KindConflict {
				return domain.NotFound("realisation.notification_not_found")
			}
			return err
		}
		tx.wrote(collab)
		return nil
	})
}
