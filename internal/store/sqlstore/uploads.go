package sqlstore

import (
	"context"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/upload"
)

// Uploads returns the store of uploaded import files.
func (db *DB) Uploads() upload.Store { return uploadStore{db} }

type uploadStore struct{ db *DB }

// uploadTTL is how long a previewed file waits for its commit.
const uploadTTL = 24 * time.Hour

func (s uploadStore) SaveUpload(ctx context.Context, u upload.Upload) (domain.ID, error) {
	now := s.db.now()
	if _, err := s.db.exec(ctx, `DELETE FROM uploads WHERE created_at < ?`, s.db.timeArg(now.Add(-uploadTTL))); err != nil {
		return 0, err
	}
	var id domain.ID
	err := s.db.queryRow(ctx, `INSERT INTO uploads (collaboration_id, user_id, name, data, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		u.CollaborationID, u.UserID, u.Name, u.Data, s.db.timeArg(now)).Scan(&id)
	return id, s.db.mapErr(err, "")
}

// Upload returns an upload only to the user who made it.
func (s uploadStore) Upload(ctx context.Context, collab, user, id domain.ID) (upload.Upload, error) {
	u := upload.Upload{ID: id}
	err := s.db.queryRow(ctx, `SELECT collaboration_id, user_id, name, data FROM uploads
		WHERE id = ? AND collaboration_id = ? AND user_id = ?`, id, collab, user).Scan(&u.CollaborationID, &u.UserID, &u.Name, &u.Data)
	return u, s.db.mapErr(err, "import.upload_not_found")
}

func (s uploadStore) DeleteUpload(ctx context.Context, id domain.ID) error {
	_, err := s.db.exec(ctx, `DELETE FROM uploads WHERE id = ?`, id)
	return err
}
