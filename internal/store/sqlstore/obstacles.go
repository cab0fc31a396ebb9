package sqlstore

import (
	"context"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

const obstacleCols = `id, collaboration_id, service_id, element, element_name, category, legal_reference,
	description, remedy, status, version, updated_by, updated_at`

func obstacleDest(o *process.Obstacle) []any {
	return []any{&o.ID, &o.CollaborationID, &o.ServiceID, &o.Element, &o.ElementName, &o.Category,
		&o.LegalReference, &o.Description, &o.Remedy, &o.Status, &o.Version, &o.UpdatedBy, timeCol{&o.UpdatedAt}}
}

func (s processStore) Obstacles(ctx context.Context, collab, service domain.ID) ([]process.Obstacle, error) {
	return collect(ctx, s.db, obstacleDest, `SELECT `+obstacleCols+` FROM obstacles
		WHERE collaboration_id = ? AND (service_id = ? OR ? = 0) ORDER BY service_id, id`, collab, service, service)
}

func (s processStore) Obstacle(ctx context.Context, collab, id domain.ID) (process.Obstacle, error) {
	var o process.Obstacle
	err := s.db.queryRow(ctx, `SELECT `+obstacleCols+` FROM obstacles
		WHERE collaboration_id = ? AND id = ?`, collab, id).Scan(obstacleDest(&o)...)
	return o, s.db.mapErr(err, "process.obstacle_not_found")
}

func (s processStore) CreateObstacle(ctx context.Context, o process.Obstacle) (domain.ID, error) {
	if o.UpdatedAt.IsZero() {
		o.UpdatedAt = s.db.now()
	}
	var id domain.ID
	err := s.db.atomic(ctx, func(tx *DB) error {
		err := tx.queryRow(ctx, `INSERT INTO obstacles (collaboration_id, service_id, element, element_name, category,
			legal_reference, description, remedy, status, version, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
			o.CollaborationID, o.ServiceID, o.Element, o.ElementName, o.Category, o.LegalReference, o.Description,
			o.Remedy, o.Status, o.UpdatedBy, tx.timeArg(o.UpdatedAt)).Scan(&id)
		if err != nil {
			return tx.mapErr(err, "")
		}
		tx.wrote(o.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

func (s processStore) UpdateObstacle(ctx context.Context, o process.Obstacle) (int, error) {
	if o.UpdatedAt.IsZero() {
		o.UpdatedAt = s.db.now()
	}
	err := s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `UPDATE obstacles SET element = ?, element_name = ?, category = ?, legal_reference = ?,
			description = ?, remedy = ?, status = ?, updated_by = ?, updated_at = ?, version = version + 1
			WHERE collaboration_id = ? AND id = ? AND version = ?`,
			o.Element, o.ElementName, o.Category, o.LegalReference, o.Description, o.Remedy, o.Status, o.UpdatedBy,
			tx.timeArg(o.UpdatedAt), o.CollaborationID, o.ID, o.Version)
		if err := staleCheck(res, err); err != nil {
			if _, gerr := (processStore{tx}).Obstacle(ctx, o.CollaborationID, o.ID); gerr != nil {
				return gerr
			}
			return err
		}
		tx.wrote(o.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return o.Version + 1, nil
}

func (s processStore) DeleteObstacle(ctx context.Context, collab, id domain.ID, version int) error {
	return s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `DELETE FROM obstacles WHERE collaboration_id = ? AND id = ? AND version = ?`,
			collab, id, version)
		if err := staleCheck(res, err); err != nil {
			if _, gerr := (processStore{tx}).Obstacle(ctx, collab, id); gerr != nil {
				return gerr
			}
			return err
		}
		tx.wrote(collab)
		return nil
	})
}

const requirementCols = `id, collaboration_id, service_id, derived_key, text, type, priority, status,
	source_variant, source_element, source_name, version, updated_by, updated_at`

func requirementDest(q *process.Requirement) []any {
	return []any{&q.ID, &q.CollaborationID, &q.ServiceID, &q.Key, &q.Text, &q.Type, &q.Priority, &q.Status,
		&q.SourceVariant, &q.SourceElement, &q.SourceName, &q.Version, &q.UpdatedBy, timeCol{&q.UpdatedAt}}
}

func (s processStore) Requirements(ctx context.Context, collab, service domain.ID) ([]process.Requirement, error) {
	return collect(ctx, s.db, requirementDest, `SELECT `+requirementCols+` FROM requirements
		WHERE collaboration_id = ? AND (service_id = ? OR ? = 0) ORDER BY service_id, id`, collab, service, service)
}

func (s processStore) Requirement(ctx context.Context, collab, id domain.ID) (process.Requirement, error) {
	var q process.Requirement
	err := s.db.queryRow(ctx, `SELECT `+requirementCols+` FROM requirements
		WHERE collaboration_id = ? AND id = ?`, collab, id).Scan(requirementDest(&q)...)
	return q, s.db.mapErr(err, "process.requirement_not_found")
}

func (s processStore) CreateRequirement(ctx context.Context, q process.Requirement) (domain.ID, error) {
	if q.UpdatedAt.IsZero() {
		q.UpdatedAt = s.db.now()
	}
	var id domain.ID
	err := s.db.atomic(ctx, func(tx *DB) error {
		err := tx.queryRow(ctx, `INSERT INTO requirements (collaboration_id, service_id, derived_key, text, type,
			priority, status, source_variant, source_element, source_name, version, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
			q.CollaborationID, q.ServiceID, q.Key, q.Text, q.Type, q.Priority, q.Status, string(q.SourceVariant),
			q.SourceElement, q.SourceName, q.UpdatedBy, tx.timeArg(q.UpdatedAt)).Scan(&id)
		if err != nil {
			return tx.mapErr(err, "")
		}
		tx.wrote(q.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

func (s processStore) UpdateRequirement(ctx context.Context, q process.Requirement) (int, error) {
	if q.UpdatedAt.IsZero() {
		q.UpdatedAt = s.db.now()
	}
	err := s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `UPDATE requirements SET text = ?, type = ?, priority = ?, status = ?,
			updated_by = ?, updated_at = ?, version = version + 1
			WHERE collaboration_id = ? AND id = ? AND version = ?`,
			q.Text, q.Type, q.Priority, q.Status, q.UpdatedBy, tx.timeArg(q.UpdatedAt), q.CollaborationID, q.ID, q.Version)
		if err := staleCheck(res, err); err != nil {
			if _, gerr := (processStore{tx}).Requirement(ctx, q.CollaborationID, q.ID); gerr != nil {
				return gerr
			}
			return err
		}
		tx.wrote(q.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return q.Version + 1, nil
}

func (s processStore) DeleteRequirement(ctx context.Context, collab, id domain.ID, version int) error {
	return s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `DELETE FROM requirements WHERE collaboration_id = ? AND id = ? AND version = ?`,
			collab, id, version)
		if err := staleCheck(res, err); err != nil {
			if _, gerr := (processStore{tx}).Requirement(ctx, collab, id); gerr != nil {
				return gerr
			}
			return err
		}
		tx.wrote(collab)
		return nil
	})
}
