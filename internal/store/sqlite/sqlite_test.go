package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlite"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
	"github.com/tjenestevalg/tjenestevalg/internal/store/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) *sqlstore.DB {
		t.Helper()
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}
