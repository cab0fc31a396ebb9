// Package upload describes imports kept between their preview and their
// commit (the batch read from the file, encoded by the catalogue's import
// use case, catalogue.Importer). They live in the database, so that any
// app server can finish an import another one started.
package upload

import (
	"context"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Upload is a stored uploaded file.
type Upload struct {
	ID              domain.ID
	CollaborationID domain.ID
	UserID          domain.ID
	Name            string
	Data            []byte
}

// Store keeps uploads. Upload returns one only to the user who made it
// (not found otherwise).
type Store interface {
	SaveUpload(ctx context.Context, u Upload) (domain.ID, error)
	Upload(ctx context.Context, collab, user, id domain.ID) (Upload, error)
	DeleteUpload(ctx context.Context, id domain.ID) error
}
