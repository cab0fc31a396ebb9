package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// Processes returns the process models' view of the database.
func (db *DB) Processes() process.Store { return processStore{db} }

type processStore struct{ db *DB }

func (s processStore) Atomic(ctx context.Context, fn func(process.Store) error) error {
	return s.db.atomic(ctx, func(tx *DB) error { return fn(processStore{tx}) })
}

const modelCols = `id, collaboration_id, service_id, variant, municipality_id, current_version, updated_at`

func scanModel(scan func(...any) error) (process.Model, error) {
	var m process.Model
	var variant string
	var muni sql.NullInt64
	err := scan(&m.ID, &m.CollaborationID, &m.ServiceID, &variant, &muni, &m.CurrentVersion, timeCol{&m.UpdatedAt})
	m.Variant, m.MunicipalityID = process.Variant(variant), muni.Int64
	return m, err
}

// Models reads each model with its current version's figures. The unary +
// keeps SQLite from looking the version up by the (model_id, version) key,
// which leads to the row and through its BPMN file's overflow pages to the
// figures; by model_id alone it takes the covering index of migration 021
// (process_versions_figures) instead. PostgreSQL reads it as the same join.
func (s processStore) Models(ctx context.Context, collab, service domain.ID) ([]process.Model, error) {
	rows, err := s.db.query(ctx, `SELECT m.id, m.collaboration_id, m.service_id, m.variant, m.municipality_id,
		m.current_version, m.updated_at, COALESCE(v.metrics, ''), COALESCE(v.user_name, '')
		FROM process_models m LEFT JOIN process_versions v ON v.model_id = m.id AND +v.version = m.current_version
		WHERE m.collaboration_id = ? AND (m.service_id = ? OR ? = 0) ORDER BY m.service_id, m.id`, collab, service, service)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []process.Model
	for rows.Next() {
		var metrics string
		var by string
		m, err := scanModel(func(dest ...any) error { return rows.Scan(append(dest, &metrics, &by)...) })
		m.UpdatedBy = by
		if err != nil {
			return nil, s.db.mapErr(err, "")
		}
		m.Metrics = decodeMetrics(metrics)
		out = append(out, m)
	}
	return out, s.db.mapErr(rows.Err(), "")
}

// encodeMetrics and decodeMetrics keep a version's figures as JSON; an
// empty or unreadable column reads as nil, and the manager recomputes.
func encodeMetrics(m *process.Metrics) string {
	if m == nil {
		return ""
	}
	b, err := json.Marshal(m)
	if err != nil {
		return ""
	}
	return string(b)
}

func decodeMetrics(s string) *process.Metrics {
	if s == "" {
		return nil
	}
	var m process.Metrics
	if json.Unmarshal([]byte(s), &m) != nil {
		return nil
	}
	return &m
}

func (s processStore) Model(ctx context.Context, collab, id domain.ID) (process.Model, error) {
	m, err := scanModel(s.db.queryRow(ctx, `SELECT `+modelCols+` FROM process_models
		WHERE collaboration_id = ? AND id = ?`, collab, id).Scan)
	return m, s.db.mapErr(err, "process.model_not_found")
}

func (s processStore) FindModel(ctx context.Context, collab, service domain.ID, variant process.Variant, municipality domain.ID) (process.Model, error) {
	m, err := scanModel(s.db.queryRow(ctx, `SELECT `+modelCols+` FROM process_models
		WHERE collaboration_id = ? AND service_id = ? AND variant = ? AND COALESCE(municipality_id, 0) = ?`,
		collab, service, string(variant), municipality).Scan)
	return m, s.db.mapErr(err, "process.model_not_found")
}

func (s processStore) CreateModel(ctx context.Context, m process.Model) (domain.ID, error) {
	if m.UpdatedAt.IsZero() {
		m.UpdatedAt = s.db.now()
	}
	var id domain.ID
	err := s.db.atomic(ctx, func(tx *DB) error {
		err := tx.queryRow(ctx, `INSERT INTO process_models (collaboration_id, service_id, variant, municipality_id,
			current_version, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			m.CollaborationID, m.ServiceID, string(m.Variant), idArg(m.MunicipalityID), m.CurrentVersion,
			tx.timeArg(m.UpdatedAt)).Scan(&id)
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

// AddVersion follows the package's locking rule with the model's current
// version as the model's version.
func (s processStore) AddVersion(ctx context.Context, m process.Model, v process.Version) (int, error) {
	if v.CreatedAt.IsZero() {
		v.CreatedAt = s.db.now()
	}
	collab := m.CollaborationID
	v.ModelID, v.Version = m.ID, m.CurrentVersion+1
	err := s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `UPDATE process_models SET current_version = current_version + 1, updated_at = ?
			WHERE id = ? AND collaboration_id = ? AND current_version = ?`,
			tx.timeArg(v.CreatedAt), v.ModelID, collab, m.CurrentVersion)
		if err := staleCheck(res, err); err != nil {
			// A model that is not there (or not this collaboration's) is
			// not found rather than stale.
			if _, merr := (processStore{tx}).Model(ctx, collab, v.ModelID); merr != nil {
				return merr
			}
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO process_versions (model_id, version, xml, comment, user_id, user_name,
			created_at, metrics) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			v.ModelID, v.Version, v.XML, v.Comment, idArg(v.UserID), v.UserName, tx.timeArg(v.CreatedAt),
			encodeMetrics(v.Metrics)); err != nil {
			return err
		}
		tx.wrote(collab)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return v.Version, nil
}

func (s processStore) Version(ctx context.Context, collab, model domain.ID, version int) (process.Version, error) {
	var v process.Version
	var user sql.NullInt64
	var metrics string
	err := s.db.queryRow(ctx, `SELECT v.model_id, v.version, v.xml, v.comment, v.user_id, v.user_name, v.created_at,
		v.metrics
		FROM process_versions v JOIN process_models m ON m.id = v.model_id
		WHERE m.collaboration_id = ? AND v.model_id = ? AND v.version = ?`, collab, model, version).
		Scan(&v.ModelID, &v.Version, &v.XML, &v.Comment, &user, &v.UserName, timeCol{&v.CreatedAt}, &metrics)
	v.UserID, v.Metrics = user.Int64, decodeMetrics(metrics)
	return v, s.db.mapErr(err, "process.version_not_found")
}

func (s processStore) Versions(ctx context.Context, collab, model domain.ID) ([]process.Version, error) {
	rows, err := s.db.query(ctx, `SELECT v.model_id, v.version, v.comment, v.user_id, v.user_name, v.created_at
		FROM process_versions v JOIN process_models m ON m.id = v.model_id
		WHERE m.collaboration_id = ? AND v.model_id = ? ORDER BY v.version DESC`, collab, model)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []process.Version
	for rows.Next() {
		var v process.Version
		var user sql.NullInt64
		if err := rows.Scan(&v.ModelID, &v.Version, &v.Comment, &user, &v.UserName, timeCol{&v.CreatedAt}); err != nil {
			return nil, s.db.mapErr(err, "")
		}
		v.UserID = user.Int64
		out = append(out, v)
	}
	return out, s.db.mapErr(rows.Err(), "")
}
