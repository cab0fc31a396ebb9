// Package sqlite opens the embedded SQLite database (pure Go, no cgo) with
// its migrations.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

var dialect = &sqlstore.Dialect{
	Name:         "sqlite",
	SingleWriter: true,
	TimeValue:    sqlstore.SQLiteTime,
	DateValue:    sqlstore.SQLiteDate,
	IsUnique: func(err error) bool {
		var e *sqlite.Error
		return errors.As(err, &e) && (e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
	},
	IsForeignKey: func(err error) bool {
		var e *sqlite.Error
		return errors.As(err, &e) && e.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	},
	MaxParams: 32766,
}

// Open opens (creating if needed) the database file at path and applies
// the migrations. The stores read time from clock (nil for the system
// clock).
func Open(ctx context.Context, path string, clock domain.Clock) (*sqlstore.DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, err
		}
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// 8 MiB of page cache per connection (the default is 2 MiB). SQLite's
	// memory is outside the Go heap and its limit, and a pool has up to 8
	// connections: more would push an import's peak past 500 MiB.
	q.Add("_pragma", "cache_size(-8192)")
	q.Set("_txlock", "immediate")
	sdb, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	sdb.SetMaxOpenConns(8)
	db := sqlstore.New(sdb, dialect, clock)
	if err := db.Migrate(ctx, migrations, "migrations"); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("migrate sqlite %s: %w", path, err)
	}
	return db, nil
}
