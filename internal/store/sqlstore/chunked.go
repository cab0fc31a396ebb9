package sqlstore

import (
	"context"
	"database/sql"
	"errors"
)

// chunked runs one multi-row statement over a batch in chunks of full
// rows. The full chunks share one prepared statement: SQLite otherwise
// parses the statement of a thousand rows and their tens of thousands of
// placeholders again for every chunk, which was a fifth of the national
// import's CPU (issue 17). A shorter last chunk runs as a plain statement.
// Close it when done.
type chunked struct {
	db   *DB
	full int                   // rows of a full chunk
	sql  func(rows int) string // the statement for rows rows
	stmt *sql.Stmt             // prepared at the first full chunk
}

func (db *DB) chunked(cols int, sql func(rows int) string) *chunked {
	return &chunked{db: db, full: db.chunk(cols), sql: sql}
}

// statement is the prepared statement for a full chunk, nil for another.
func (c *chunked) statement(ctx context.Context, rows int) (*sql.Stmt, error) {
	if rows != c.full {
		return nil, nil
	}
	if c.stmt == nil {
		p, ok := c.db.q.(interface {
			PrepareContext(context.Context, string) (*sql.Stmt, error)
		})
		if !ok {
			return nil, errors.New("sqlstore: the connection cannot prepare statements")
		}
		st, err := p.PrepareContext(ctx, c.db.rebind(c.sql(rows)))
		if err != nil {
			return nil, c.db.mapErr(err, "")
		}
		c.stmt = st
	}
	return c.stmt, nil
}

// once is a chunked statement of one row a chunk: a statement run for
// each record of a batch, prepared once.
func (db *DB) once(sql string) *chunked {
	return &chunked{db: db, full: 1, sql: func(int) string { return sql }}
}

func (c *chunked) exec(ctx context.Context, rows int, args []any) (sql.Result, error) {
	st, err := c.statement(ctx, rows)
	switch {
	case err != nil:
		return nil, err
	case st == nil:
		return c.db.exec(ctx, c.sql(rows), args...)
	}
	res, err := st.ExecContext(ctx, args...)
	return res, c.db.mapErr(err, "")
}

func (c *chunked) query(ctx context.Context, rows int, args []any) (*sql.Rows, error) {
	st, err := c.statement(ctx, rows)
	switch {
	case err != nil:
		return nil, err
	case st == nil:
		return c.db.query(ctx, c.sql(rows), args...)
	}
	r, err := st.QueryContext(ctx, args...)
	return r, c.db.mapErr(err, "")
}

// Close closes the prepared statement.
func (c *chunked) Close() error {
	if c.stmt == nil {
		return nil
	}
	return c.stmt.Close()
}
