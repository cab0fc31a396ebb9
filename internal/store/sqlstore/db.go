// Package sqlstore implements the module stores once over database/sql.
// The SQLite and PostgreSQL packages open a connection, bring their own
// migrations and a Dialect for the few things that differ (placeholders,
// time values, driver error codes); everything else is shared, so the two
// databases behave the same and pass one contract suite.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Dialect is what differs between the databases.
type Dialect struct {
	Name string
	// Numbered placeholders ($1, $2 …) instead of ?.
	Numbered bool
	// TimeValue and DateValue turn a time into the value bound for a
	// timestamp or a date column.
	TimeValue func(time.Time) any
	DateValue func(time.Time) any
	// IsUnique and IsForeignKey recognise constraint violations.
	IsUnique     func(error) bool
	IsForeignKey func(error) bool
	// LockMigrations serialises migrations between app servers starting
	// together; nil where the database file lock does it.
	LockMigrations func(ctx context.Context, conn *sql.Conn) (unlock func(), err error)
	// MaxParams is the most parameters one statement may bind.
	MaxParams int
	// SingleWriter says the database takes one write transaction at a
	// time (SQLite): transactions then queue on a lock in the process
	// instead of polling the database's busy handler, whose growing sleeps
	// made a burst of concurrent writes slow and uneven.
	SingleWriter bool
}

type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// DB is an open database. It is safe for concurrent use; views made by
// Atomic run on one transaction.
type DB struct {
	sql     *sql.DB
	q       querier
	d       *Dialect
	rebinds *sync.Map
	writer  *sync.Mutex // held by a write transaction when the dialect has a single writer
	inTx    bool
}

// New wraps an open database.
func New(db *sql.DB, d *Dialect) *DB {
	return &DB{sql: db, q: db, d: d, rebinds: &sync.Map{}, writer: &sync.Mutex{}}
}

// SQL returns the underlying pool, for health checks and backups.
func (db *DB) SQL() *sql.DB { return db.sql }

// Dialect names the database ("sqlite", "postgres").
func (db *DB) Dialect() string { return db.d.Name }

// Close closes the pool.
func (db *DB) Close() error { return db.sql.Close() }

// Atomic runs fn with a view of the database that is one transaction, for
// work that spans modules (such as loading the demo): every store made from
// the view writes in it, and all of it lands or none.
func (db *DB) Atomic(ctx context.Context, fn func(*DB) error) error { return db.atomic(ctx, fn) }

// atomic runs fn on a transaction, or on the current one when db already is one.
func (db *DB) atomic(ctx context.Context, fn func(*DB) error) error {
	if db.inTx {
		return fn(db)
	}
	if db.d.SingleWriter {
		db.writer.Lock()
		defer db.writer.Unlock()
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return domain.Internal(err)
	}
	if err := fn(&DB{sql: db.sql, q: tx, d: db.d, rebinds: db.rebinds, writer: db.writer, inTx: true}); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return db.mapErr(err, "")
	}
	return nil
}

func (db *DB) rebind(q string) string {
	if !db.d.Numbered {
		return q
	}
	if v, ok := db.rebinds.Load(q); ok {
		return v.(string)
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	out := b.String()
	db.rebinds.Store(q, out)
	return out
}

func (db *DB) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	r, err := db.q.ExecContext(ctx, db.rebind(q), args...)
	return r, db.mapErr(err, "")
}

func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	rows, err := db.q.QueryContext(ctx, db.rebind(q), args...)
	return rows, db.mapErr(err, "")
}

func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return db.q.QueryRowContext(ctx, db.rebind(q), args...)
}

// mapErr turns driver errors into the domain's kinds. notFound is the
// translation key used when no row was found.
func (db *DB) mapErr(err error, notFound string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		if notFound == "" {
			notFound = "error.not_found"
		}
		return domain.NotFound(notFound)
	case db.d.IsUnique(err):
		return &domain.Error{Kind: domain.KindConflict, Code: "error.duplicate", Err: err}
	case db.d.IsForeignKey(err):
		return &domain.Error{Kind: domain.KindConflict, Code: "error.in_use", Err: err}
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	return domain.Internal(err)
}

func (db *DB) timeArg(t time.Time) any { return db.d.TimeValue(t.UTC()) }

func (db *DB) dateArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return db.d.DateValue(*t)
}

// placeholders returns "(?, ?, …), (…)" for rows rows of cols columns.
func placeholders(rows, cols int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(one+", ", rows), ", ")
}

// chunk returns how many rows of cols parameters fit in one statement.
func (db *DB) chunk(cols int) int {
	n := db.d.MaxParams / cols
	return max(1, min(n, 1000))
}

// Migrate applies the migrations in dir of fsys (files NNN_name.sql) that
// are not applied yet, each in its own transaction, in order.
func (db *DB) Migrate(ctx context.Context, fsys fs.FS, dir string) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if db.d.LockMigrations != nil {
		unlock, err := db.d.LockMigrations(ctx, conn)
		if err != nil {
			return fmt.Errorf("lock migrations: %w", err)
		}
		defer unlock()
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	applied := map[int]bool{}
	rows, err := conn.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return err
		}
		applied[v] = true
	}
	rows.Close()
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	for _, name := range names {
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return fmt.Errorf("migration %s: name must start with a number and _", name)
		}
		if applied[v] {
			continue
		}
		body, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return err
		}
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("migration %s: %w", name, err)
		}
		ins := db.rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`)
		if _, err := tx.ExecContext(ctx, ins, v, name, time.Now().UTC().Format(time.RFC3339)); err != nil {
			_ = tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// MigrationVersion returns the highest migration applied.
func (db *DB) MigrationVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := db.sql.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	return int(v.Int64), err
}

// collect runs a query and scans every row into a T with the destinations
// dest gives for it: the loop every list method would otherwise repeat.
func collect[T any](ctx context.Context, db *DB, dest func(*T) []any, q string, args ...any) ([]T, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(dest(&v)...); err != nil {
			return nil, db.mapErr(err, "")
		}
		out = append(out, v)
	}
	return out, db.mapErr(rows.Err(), "")
}
