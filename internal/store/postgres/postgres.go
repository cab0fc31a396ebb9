// Package postgres opens a PostgreSQL database (through pgx) with its
// migrations, for deployments that outgrow one machine.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrationLock is the advisory lock key that serialises migrations when
// several app servers start at once.
const migrationLock = 7_301_224_017

func pgCode(err error) string {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

var dialect = &sqlstore.Dialect{
	Name:         "postgres",
	Numbered:     true,
	TimeValue:    func(t time.Time) any { return t },
	DateValue:    func(t time.Time) any { return t.Format(time.DateOnly) },
	IsUnique:     func(err error) bool { return pgCode(err) == "23505" },
	IsForeignKey: func(err error) bool { return pgCode(err) == "23503" },
	LockMigrations: func(ctx context.Context, conn *sql.Conn) (func(), error) {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
			return nil, err
		}
		return func() { _, _ = conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, migrationLock) }, nil
	},
	MaxParams: 65535,
}

// Open connects to the database at dsn (postgres://…) and applies the
// migrations. The stores read time from clock (nil for the system clock).
func Open(ctx context.Context, dsn string, clock domain.Clock) (*sqlstore.DB, error) {
	sdb, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	sdb.SetMaxOpenConns(20)
	sdb.SetMaxIdleConns(20)
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	db := sqlstore.New(sdb, dialect, clock)
	if err := db.Migrate(ctx, migrations, "migrations"); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("migrate postgres: %w", err)
	}
	return db, nil
}
