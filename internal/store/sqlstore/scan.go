package sqlstore

import (
	"fmt"
	"time"
)

// timeCol scans a timestamp stored natively (PostgreSQL) or as RFC 3339
// text (SQLite).
type timeCol struct{ t *time.Time }

func (c timeCol) Scan(src any) error {
	t, ok, err := parseTime(src)
	if err != nil {
		return err
	}
	if !ok {
		*c.t = time.Time{}
		return nil
	}
	*c.t = t
	return nil
}

// nullTimeCol scans a nullable timestamp or date.
type nullTimeCol struct{ t **time.Time }

func (c nullTimeCol) Scan(src any) error {
	t, ok, err := parseTime(src)
	if err != nil {
		return err
	}
	if !ok {
		*c.t = nil
		return nil
	}
	*c.t = &t
	return nil
}

func parseTime(src any) (time.Time, bool, error) {
	var s string
	switch v := src.(type) {
	case nil:
		return time.Time{}, false, nil
	case time.Time:
		return v.UTC(), true, nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return time.Time{}, false, fmt.Errorf("cannot scan %T as time", src)
	}
	if len(s) == len(time.DateOnly) {
		t, err := time.Parse(time.DateOnly, s)
		return t, err == nil, err
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true, nil
		}
	}
	return time.Time{}, false, fmt.Errorf("cannot parse time %q", s)
}

// SQLiteTime formats a time as SQLite stores it: fixed-width UTC text whose
// text order is time order.
func SQLiteTime(t time.Time) any { return t.UTC().Format("2006-01-02T15:04:05.000000000Z") }

// SQLiteDate formats a date as SQLite stores it.
func SQLiteDate(t time.Time) any { return t.Format(time.DateOnly) }

// int64Ptr and float64Ptr turn nullable columns into optional values.
func int64Ptr(n *int64) any {
	if n == nil {
		return nil
	}
	return *n
}

func float64Ptr(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

func idArg(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
