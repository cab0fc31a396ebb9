// Package sqlstore implements the module stores once over database/sql.
// The SQLite and PostgreSQL packages open a connection, bring their own
// migrations and a Dialect for the few things that differ (placeholders,
// time values, driver error codes); everything else is shared, so the two
// databases behave the same and pass one contract suite.
//
// Three rules hold for every store here:
//
//   - Time comes from the domain.Clock given to New, never from the wall
//     clock, so that a test's clock is the one in the stored timestamps.
//   - The data version of a collaboration (collaborations.data_version,
//     which keys the web's page cache) is raised once per committed
//     transaction that wrote the collaboration's data. A write path marks
//     the collaboration with wrote on its transaction view, and atomic
//     raises each marked version just before it commits: never for a
//     rolled-back transaction, never for a read, and once however many
//     writes the transaction made. Writes that no cached page shows
//     (sessions, login failures, uploads, scores, audit entries) mark
//     nothing. So every marking write runs through atomic, also alone.
//   - Optimistic locking: a record carries the version it was read at (0
//     for a new one). A write stores it only if the stored version still
//     is that one, as version + 1; otherwise it refuses with the conflict
//     "error.stale" (not found when the record is gone) and writes
//     nothing. The store reports the new version: a single save returns
//     it, a batch save writes it back into its records. A process model's
//     version is its current version number (AddVersion). Deletes take
//     the version read, and creates store version 1.
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
	clock   domain.Clock
	tx      *txState // nil outside a transaction
}

// txState is what a transaction remembers until it commits.
type txState struct {
	wrote []domain.ID // collaborations whose data version to raise, in order of first write
}

// New wraps an open database whose stores read time from clock (nil for
// the system clock).
func New(db *sql.DB, d *Dialect, clock domain.Clock) *DB {
	if clock == nil {
		clock = domain.SystemClock{}
	}
	return &DB{sql: db, q: db, d: d, rebinds: &sync.Map{}, writer: &sync.Mutex{}, clock: clock}
}

// now is the store's current time, in UTC, for records saved without one.
func (db *DB) now() time.Time { return db.clock.Now().UTC() }

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

// atomic runs fn on a transaction, or on the current one when db already
// is one. Before the outermost transaction commits it raises the data
// version of every collaboration fn marked with wrote, once each.
func (db *DB) atomic(ctx context.Context, fn func(*DB) error) error {
	if db.tx != nil {
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
	view := &DB{sql: db.sql, q: tx, d: db.d, rebinds: db.rebinds, writer: db.writer, clock: db.clock, tx: &txState{}}
	if err := fn(view); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := view.raiseDataVersions(ctx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return db.mapErr(err, "")
	}
	return nil
}

// wrote marks the collaboration's data as written by the current
// transaction: atomic raises its data version once before committing.
// Calling it outside atomic is a programming error.
func (db *DB) wrote(collab domain.ID) {
	if db.tx == nil {
		panic("sqlstore: a write that raises the data version must run through atomic")
	}
	if !slices.Contains(db.tx.wrote, collab) {
		db.tx.wrote = append(db.tx.wrote, collab)
	}
}

// wroteUser marks the collaboration of the user as written: names and
// roles show in its pages.
func (db *DB) wroteUser(ctx context.Context, user domain.ID) error {
	var collab domain.ID
	if err := db.queryRow(ctx, `SELECT collaboration_id FROM users WHERE id = ?`, user).Scan(&collab); err != nil {
		return db.mapErr(err, "auth.user_not_found")
	}
	db.wrote(collab)
	return nil
}

// raiseDataVersions raises the data version of the collaborations the
// transaction wrote, in id order so that two transactions lock the rows
// in the same order.
func (db *DB) raiseDataVersions(ctx context.Context) error {
	if len(db.tx.wrote) == 0 {
		return nil
	}
	ids := slices.Sorted(slices.Values(db.tx.wrote))
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	in := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
	_, err := db.exec(ctx, `UPDATE collaborations SET data_version = data_version + 1 WHERE id IN (`+in+`)`, args...)
	return err
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
		if _, err := tx.ExecContext(ctx, ins, v, name, db.now().Format(time.RFC3339)); err != nil {
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
