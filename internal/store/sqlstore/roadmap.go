package sqlstore

import (
	"context"
	"encoding/json"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/roadmap"
)

// Roadmaps returns the roadmaps' view of the database.
func (db *DB) Roadmaps() roadmap.Store { return roadmapStore{db} }

type roadmapStore struct{ db *DB }

func (s roadmapStore) Roadmap(ctx context.Context, collab domain.ID) (roadmap.Record, error) {
	r := roadmap.Record{CollaborationID: collab}
	var data string
	err := s.db.queryRow(ctx, `SELECT data, version, updated_by, updated_at FROM roadmaps WHERE collaboration_id = ?`,
		collab).Scan(&data, &r.Version, &r.UpdatedBy, timeCol{&r.UpdatedAt})
	if err != nil {
		return r, s.db.mapErr(err, "roadmap.not_found")
	}
	if err := json.Unmarshal([]byte(data), &r.Roadmap); err != nil {
		return r, domain.Internal(err)
	}
	return r, nil
}

func (s roadmapStore) SaveRoadmap(ctx context.Context, r roadmap.Record) (int, error) {
	data, err := json.Marshal(r.Roadmap)
	if err != nil {
		return 0, domain.Internal(err)
	}
	if r.UpdatedAt.IsZero() {
		r.UpdatedAt = s.db.now()
	}
	err = s.db.atomic(ctx, func(tx *DB) error {
		if r.Version == 0 {
			if _, err := tx.exec(ctx, `INSERT INTO roadmaps (collaboration_id, data, version, updated_by, updated_at)
				VALUES (?, ?, 1, ?, ?)`, r.CollaborationID, string(data), r.UpdatedBy, tx.timeArg(r.UpdatedAt)); err != nil {
				return tx.mapErr(err, "")
			}
			tx.wrote(r.CollaborationID)
			return nil
		}
		res, err := tx.exec(ctx, `UPDATE roadmaps SET data = ?, version = version + 1, updated_by = ?, updated_at = ?
			WHERE collaboration_id = ? AND version = ?`, string(data), r.UpdatedBy, tx.timeArg(r.UpdatedAt),
			r.CollaborationID, r.Version)
		if err := staleCheck(res, err); err != nil {
			if _, gerr := (roadmapStore{tx}).Roadmap(ctx, r.CollaborationID); gerr != nil {
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

func (s roadmapStore) Editors(ctx context.Context, collab domain.ID) (domain.Editors, error) {
	return collect(ctx, s.db, func(id *domain.ID) []any { return []any{id} },
		`SELECT user_id FROM roadmap_editors WHERE collaboration_id = ? ORDER BY user_id`, collab)
}

func (s roadmapStore) SetEditors(ctx context.Context, collab domain.ID, users []domain.ID) error {
	return s.db.atomic(ctx, func(tx *DB) error {
		if _, err := tx.exec(ctx, `DELETE FROM roadmap_editors WHERE collaboration_id = ?`, collab); err != nil {
			return tx.mapErr(err, "")
		}
		for _, u := range users {
			// Only a user of the collaboration: a stranger's id inserts nothing.
			res, err := tx.exec(ctx, `INSERT INTO roadmap_editors (collaboration_id, user_id)
				SELECT u.collaboration_id, u.id FROM users u WHERE u.id = ? AND u.collaboration_id = ?`, u, collab)
			if err != nil {
				return tx.mapErr(err, "")
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				return domain.NotFound("auth.user_not_found")
			}
		}
		tx.wrote(collab)
		return nil
	})
}
