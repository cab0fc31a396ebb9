package sqlstore

import (
	"database/sql"
	"errors"
)

// Destinations for numeric columns that take the drivers' usual values
// directly. database/sql converts an int64 or float64 into *int64,
// *float64 or a sql.Null* through reflection, which was a sixth of reading
// the 357 facts rows of a service page; any other value is converted as
// database/sql would.

// errNullColumn is a NULL in a column read into a value that cannot be
// NULL, which database/sql refuses too.
var errNullColumn = errors.New("sqlstore: NULL in a column that cannot be NULL")

// intCol scans an integer column.
type intCol[T ~int64 | ~int] struct{ p *T }

func (c intCol[T]) Scan(src any) error {
	switch v := src.(type) {
	case int64:
		*c.p = T(v)
		return nil
	case nil:
		return errNullColumn
	}
	var n sql.NullInt64
	if err := n.Scan(src); err != nil {
		return err
	}
	*c.p = T(n.Int64)
	return nil
}

// nullIntCol scans an integer column that may be NULL.
type nullIntCol struct{ p *sql.NullInt64 }

func (c nullIntCol) Scan(src any) error {
	switch v := src.(type) {
	case int64:
		*c.p = sql.NullInt64{Int64: v, Valid: true}
		return nil
	case nil:
		*c.p = sql.NullInt64{}
		return nil
	}
	return c.p.Scan(src)
}

// nullFloatCol scans a floating-point column that may be NULL.
type nullFloatCol struct{ p *sql.NullFloat64 }

func (c nullFloatCol) Scan(src any) error {
	switch v := src.(type) {
	case float64:
		*c.p = sql.NullFloat64{Float64: v, Valid: true}
		return nil
	case int64:
		*c.p = sql.NullFloat64{Float64: float64(v), Valid: true}
		return nil
	case nil:
		*c.p = sql.NullFloat64{}
		return nil
	}
	return c.p.Scan(src)
}

// boolCol scans a boolean column: a bool (PostgreSQL) or an integer
// (SQLite).
type boolCol struct{ p *bool }

func (c boolCol) Scan(src any) error {
	switch v := src.(type) {
	case bool:
		*c.p = v
		return nil
	case int64:
		*c.p = v != 0
		return nil
	case nil:
		return errNullColumn
	}
	var n sql.NullBool
	if err := n.Scan(src); err != nil {
		return err
	}
	*c.p = n.Bool
	return nil
}

// textCol scans a text column into a string type of the domain
// (catalogue.Offered …), which database/sql would convert through
// reflection.
type textCol[T ~string] struct{ p *T }

func (c textCol[T]) Scan(src any) error {
	switch v := src.(type) {
	case string:
		*c.p = T(v)
		return nil
	case []byte:
		*c.p = T(v)
		return nil
	}
	var n sql.NullString
	if err := n.Scan(src); err != nil {
		return err
	}
	if !n.Valid {
		return errNullColumn
	}
	*c.p = T(n.String)
	return nil
}
