package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
)

// Eventlogs returns the event logs' view of the database.
func (db *DB) Eventlogs() eventlog.Store { return eventlogStore{db} }

type eventlogStore struct{ db *DB }

func (s eventlogStore) Atomic(ctx context.Context, fn func(eventlog.Store) error) error {
	return s.db.atomic(ctx, func(tx *DB) error { return fn(eventlogStore{tx}) })
}

const eventlogCols = `id, collaboration_id, name, format, size, sha256, status, read_bytes, error, error_params, error_line,
	error_file, header, sample, mapping, stats, municipality_id, service_id, work_file, uploaded_by, uploaded_by_id, created_at, finished_at, version`

// jsonText is a value stored as JSON text, "" for the zero value.
func jsonText(v any, empty bool) (string, error) {
	if empty {
		return "", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

func scanEventlog(scan func(...any) error) (eventlog.Log, error) {
	var l eventlog.Log
	var params, header, sample, mapping string
	var stats sql.NullString
	var muni, svc, by sql.NullInt64
	var finished *time.Time
	if err := scan(&l.ID, &l.CollaborationID, &l.Name, &l.Format, &l.Size, &l.SHA256, &l.Status, &l.Read, &l.Error,
		&params, &l.ErrorLine, &l.ErrorFile, &header, &sample, &mapping, &stats, &muni, &svc, &l.WorkFile, &l.UploadedBy, &by,
		timeCol{&l.CreatedAt}, nullTimeCol{&finished}, &l.Version); err != nil {
		return l, err
	}
	l.MunicipalityID, l.ServiceID, l.UploadedByID = muni.Int64, svc.Int64, by.Int64
	if finished != nil {
		l.FinishedAt = *finished
	}
	for _, f := range []struct {
		text string
		dst  any
	}{{params, &l.ErrorParams}, {header, &l.Header}, {sample, &l.Sample}, {mapping, &l.Mapping}, {stats.String, &l.Stats}} {
		if f.text == "" {
			continue
		}
		if err := json.Unmarshal([]byte(f.text), f.dst); err != nil {
			return l, domain.Internal(err)
		}
	}
	return l, nil
}

// eventlogArgs are the values of everything but id, collaboration and
// created_at, in the order of eventlogWriteCols.
func eventlogArgs(db *DB, l eventlog.Log) ([]any, error) {
	params, err := jsonText(l.ErrorParams, len(l.ErrorParams) == 0)
	if err != nil {
		return nil, domain.Internal(err)
	}
	header, err := jsonText(l.Header, len(l.Header) == 0)
	if err != nil {
		return nil, domain.Internal(err)
	}
	sample, err := jsonText(l.Sample, len(l.Sample) == 0)
	if err != nil {
		return nil, domain.Internal(err)
	}
	mapping, err := jsonText(l.Mapping, l.Mapping == nil)
	if err != nil {
		return nil, domain.Internal(err)
	}
	var stats any
	if l.Stats != nil {
		b, err := json.Marshal(l.Stats)
		if err != nil {
			return nil, domain.Internal(err)
		}
		stats = string(b)
	}
	var finished any
	if !l.FinishedAt.IsZero() {
		finished = db.timeArg(l.FinishedAt)
	}
	return []any{l.Name, string(l.Format), l.Size, l.SHA256, string(l.Status), l.Read, l.Error, params, l.ErrorLine,
		l.ErrorFile, header, sample, mapping, stats, idArg(l.MunicipalityID), idArg(l.ServiceID), l.WorkFile, l.UploadedBy,
		idArg(l.UploadedByID), finished}, nil
}

const eventlogWriteCols = `name, format, size, sha256, status, read_bytes, error, error_params, error_line, error_file,
	header, sample, mapping, stats, municipality_id, service_id, work_file, uploaded_by, uploaded_by_id, finished_at`

func (s eventlogStore) CreateLog(ctx context.Context, l eventlog.Log) (eventlog.Log, error) {
	if l.CreatedAt.IsZero() {
		l.CreatedAt = s.db.now()
	}
	args, err := eventlogArgs(s.db, l)
	if err != nil {
		return l, err
	}
	err = s.db.atomic(ctx, func(tx *DB) error {
		if err := tx.queryRow(ctx, `INSERT INTO eventlogs (collaboration_id, created_at, version, `+eventlogWriteCols+`)
			VALUES `+placeholders(1, 3+len(args))+` RETURNING id`,
			append([]any{l.CollaborationID, tx.timeArg(l.CreatedAt), 1}, args...)...).Scan(&l.ID); err != nil {
			return tx.mapErr(err, "")
		}
		tx.wrote(l.CollaborationID)
		return nil
	})
	if err != nil {
		return eventlog.Log{}, err
	}
	l.Version = 1
	return l, nil
}

func (s eventlogStore) Logs(ctx context.Context, collab domain.ID) ([]eventlog.Log, error) {
	return s.list(ctx, `SELECT `+eventlogCols+` FROM eventlogs WHERE collaboration_id = ? ORDER BY id DESC`, collab)
}

func (s eventlogStore) Importing(ctx context.Context) ([]eventlog.Log, error) {
	return s.list(ctx, `SELECT `+eventlogCols+` FROM eventlogs WHERE status = 'importing' ORDER BY id`)
}

func (s eventlogStore) WorkFiles(ctx context.Context) ([]string, error) {
	return collect(ctx, s.db, func(f *string) []any { return []any{f} },
		`SELECT work_file FROM eventlogs WHERE work_file <> '' ORDER BY id`)
}

func (s eventlogStore) list(ctx context.Context, q string, args ...any) ([]eventlog.Log, error) {
	rows, err := s.db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []eventlog.Log
	for rows.Next() {
		l, err := scanEventlog(rows.Scan)
		if err != nil {
			return nil, s.db.mapErr(err, "")
		}
		out = append(out, l)
	}
	return out, s.db.mapErr(rows.Err(), "")
}

func (s eventlogStore) Log(ctx context.Context, collab, id domain.ID) (eventlog.Log, error) {
	l, err := scanEventlog(s.db.queryRow(ctx, `SELECT `+eventlogCols+` FROM eventlogs WHERE collaboration_id = ? AND id = ?`,
		collab, id).Scan)
	return l, s.db.mapErr(err, "eventlog.not_found")
}

func (s eventlogStore) SaveLog(ctx context.Context, l eventlog.Log) (int, error) {
	args, err := eventlogArgs(s.db, l)
	if err != nil {
		return 0, err
	}
	err = s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `UPDATE eventlogs SET name = ?, format = ?, size = ?, sha256 = ?, status = ?, read_bytes = ?,
			error = ?, error_params = ?, error_line = ?, error_file = ?, header = ?, sample = ?, mapping = ?, stats = ?,
			municipality_id = ?, service_id = ?, work_file = ?, uploaded_by = ?, uploaded_by_id = ?, finished_at = ?, version = version + 1,
			lease_until = CASE WHEN ? = 'importing' THEN lease_until END
			WHERE collaboration_id = ? AND id = ? AND version = ?`, append(args, string(l.Status), l.CollaborationID, l.ID, l.Version)...)
		if err := staleCheck(res, err); err != nil {
			if _, gerr := (eventlogStore{tx}).Log(ctx, l.CollaborationID, l.ID); gerr != nil {
				return gerr
			}
			return err
		}
		tx.wrote(l.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return l.Version + 1, nil
}

// SetRead marks nothing: progress is polled, never shown from a cached page.
func (s eventlogStore) SetRead(ctx context.Context, collab, id domain.ID, read int64) error {
	_, err := s.db.exec(ctx, `UPDATE eventlogs SET read_bytes = ? WHERE collaboration_id = ? AND id = ? AND status = 'importing'`,
		read, collab, id)
	return err
}

// Claim is one conditional UPDATE: of two servers claiming a log, the
// second's waits for the first's commit (PostgreSQL's row lock, SQLite's
// single writer), then finds the lease held and changes nothing. A lease
// marks no collaboration: no page shows it.
func (s eventlogStore) Claim(ctx context.Context, collab, id domain.ID, now, until time.Time) (bool, error) {
	res, err := s.db.exec(ctx, `UPDATE eventlogs SET lease_until = ? WHERE collaboration_id = ? AND id = ? AND status = 'importing'
		AND (lease_until IS NULL OR lease_until <= ?)`, s.db.ptimeArg(until), collab, id, s.db.ptimeArg(now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, domain.Internal(err)
	}
	return n == 1, nil
}

func (s eventlogStore) Lease(ctx context.Context, collab, id domain.ID, until time.Time) error {
	_, err := s.db.exec(ctx, `UPDATE eventlogs SET lease_until = ? WHERE collaboration_id = ? AND id = ? AND status = 'importing'`,
		s.db.optTimeArg(until), collab, id)
	return err
}

func (s eventlogStore) DeleteLog(ctx context.Context, collab, id domain.ID, version int) error {
	return s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `DELETE FROM eventlogs WHERE collaboration_id = ? AND id = ? AND version = ?`, collab, id, version)
		if err := staleCheck(res, err); err != nil {
			if _, gerr := (eventlogStore{tx}).Log(ctx, collab, id); gerr != nil {
				return gerr
			}
			return err
		}
		tx.wrote(collab)
		return nil
	})
}
