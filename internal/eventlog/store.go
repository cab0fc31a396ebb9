package eventlog

import (
	"context"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Store keeps the event logs of collaborations. A missing row is not
// found; a stale version a conflict ("error.stale").
type Store interface {
	// Atomic runs fn in one transaction.
	Atomic(ctx context.Context, fn func(Store) error) error
	// CreateLog inserts l (ID 0) and returns it with its id and version 1.
	CreateLog(ctx context.Context, l Log) (Log, error)
	// Logs lists a collaboration's logs, newest first.
	Logs(ctx context.Context, collab domain.ID) ([]Log, error)
	Log(ctx context.Context, collab, id domain.ID) (Log, error)
	// SaveLog stores l where its Version still matches, returning the new
	// version.
	SaveLog(ctx context.Context, l Log) (int, error)
	// SetRead records the bytes an import has read, without a version
	// change.
	SetRead(ctx context.Context, collab, id domain.ID, read int64) error
	// DeleteLog removes the log where its version still is version.
	DeleteLog(ctx context.Context, collab, id domain.ID, version int) error
	// Claim leases an importing log to its caller until until, when no
	// one holds it at now (its lease ended, or it never had one), and
	// reports whether it did: of two servers claiming one log, one wins.
	Claim(ctx context.Context, collab, id domain.ID, now, until time.Time) (bool, error)
	// Lease moves the lease of an importing log its caller holds to until;
	// the zero time releases it.
	Lease(ctx context.Context, collab, id domain.ID, until time.Time) error
	// Importing lists the logs of every collaboration still importing,
	// for resuming them at start.
	Importing(ctx context.Context) ([]Log, error)
	// WorkFiles lists the work files of every collaboration's logs that
	// still have one (waiting for a mapping or importing).
	WorkFiles(ctx context.Context) ([]string, error)
}
