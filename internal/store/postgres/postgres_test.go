package postgres_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/store/postgres"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
	"github.com/tjenestevalg/tjenestevalg/internal/store/storetest"
)

// OpenTest opens a fresh schema in the database named by TEST_POSTGRES_DSN,
// dropped when the test ends, or skips the test when the variable is unset.
func openTest(t *testing.T, clock domain.Clock) *sqlstore.DB {
	t.Helper()
	dsn := os.Getenv("TEST_POSTGRES_DSN")
	if dsn == "" {
		if os.Getenv("TEST_REQUIRE_POSTGRES") == "1" {
			t.Fatal("TEST_REQUIRE_POSTGRES=1 but TEST_POSTGRES_DSN is not set")
		}
		t.Skip("TEST_POSTGRES_DSN is not set: PostgreSQL contract tests skipped")
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() { _, _ = admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`) })
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := postgres.Open(context.Background(), u.String(), clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestContract(t *testing.T) {
	storetest.Run(t, openTest)
}
