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
