package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlite"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
	"github.com/tjenestevalg/tjenestevalg/internal/store/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, clock domain.Clock) *sqlstore.DB {
		t.Helper()
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), clock)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

// TestReopen opens an already migrated database again: the migrations are
// not applied twice and the data stays.
func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "test.db")
	db, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := db.MigrationVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	id, err := db.Catalogue().CreateCollaboration(ctx, catalogue.Collaboration{Slug: "fosen", Name: "Fosen"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	for range 2 {
		db, err = sqlite.Open(ctx, path, nil)
		if err != nil {
			t.Fatalf("open again: %v", err)
		}
		if v, err := db.MigrationVersion(ctx); err != nil || v != want || want < 1 {
			t.Errorf("migration version = %d, %v; want %d", v, err, want)
		}
		var applied int
		if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&applied); err != nil {
			t.Fatal(err)
		}
		// Each migration file once; numbers may leave gaps for branches
		// that add migrations at the same time.
		files, err := filepath.Glob("migrations/*.sql")
		if err != nil {
			t.Fatal(err)
		}
		if applied != len(files) {
			t.Errorf("%d migrations recorded, want %d", applied, len(files))
		}
		if c, err := db.Catalogue().Collaboration(ctx, id); err != nil || c.Slug != "fosen" {
			t.Errorf("collaboration after reopening = %+v, %v", c, err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
