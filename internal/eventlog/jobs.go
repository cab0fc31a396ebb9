package eventlog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Codes of imports that failed for reasons of their own.
const (
	// CodeLost: the server stopped while importing and the work file was
	// gone when it started again.
	CodeLost = "eventlog.error.lost"
	// CodeCrashed: the reader failed unexpectedly.
	CodeCrashed = "eventlog.error.crashed"
	// CodeFailed: the import failed for a reason that is not the file's
	// (the work folder, the disk); the details are in the server's log.
	CodeFailed = "eventlog.error.failed"
)

// progressEvery is how often an import writes how far it has read.
const progressEvery = 500 * time.Millisecond

// ImportLease is how long a server holds an import without renewing it:
// it renews the lease while the import runs (every ImportLease/4) and
// releases it when it stops, so another server sharing the database takes
// an import over (Resume) only when the server running it has gone away
// without finishing it; until then none runs it twice.
const ImportLease = 2 * time.Minute

// job is one running import.
type job struct {
	cancel context.CancelFunc
	done   chan struct{} // closed when the import has ended
}

// claimAndStart leases a log that has just become importing to this
// server and starts it. A log it cannot claim runs elsewhere already; one
// whose claim fails waits for Resume, here or on another server.
func (m *Manager) claimAndStart(ctx context.Context, l Log) {
	now := m.cfg.Clock.Now()
	ok, err := m.store.Claim(ctx, l.CollaborationID, l.ID, now, now.Add(ImportLease))
	if err != nil {
		slog.Error("event log import: claiming", "log", l.ID, "err", err)
		return
	}
	if ok {
		m.start(l)
	}
}

// running reports whether this server runs log id's import.
func (m *Manager) running(id domain.ID) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.jobs[id] != nil
}

// start imports l, whose lease this server holds, in the background,
// bounded by the manager's slots; it renews the lease until the import
// ends and releases it if the import stopped unfinished.
func (m *Manager) start(l Log) {
	ctx, cancel := context.WithCancel(m.cfg.Base)
	j := &job{cancel: cancel, done: make(chan struct{})}
	m.mu.Lock()
	m.jobs[l.ID] = j
	m.wg.Add(1)
	m.mu.Unlock()
	go m.renew(ctx, l)
	go func() {
		defer m.wg.Done()
		defer func() {
			cancel()
			// Stopped unfinished (the server is stopping): free it for the
			// next start. A finished import holds no lease (SaveLog).
			rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			if err := m.store.Lease(rctx, l.CollaborationID, l.ID, time.Time{}); err != nil {
				slog.Warn("event log import: releasing", "log", l.ID, "err", err)
			}
			rcancel()
			m.mu.Lock()
			delete(m.jobs, l.ID)
			m.mu.Unlock()
			close(j.done)
		}()
		select {
		case m.slots <- struct{}{}:
		case <-ctx.Done():
			return
		}
		defer func() { <-m.slots }()
		m.run(ctx, l)
	}()
}

// renew moves l's lease forward every ImportLease/4 until ctx ends (the
// import has ended or the server stops).
func (m *Manager) renew(ctx context.Context, l Log) {
	t := time.NewTicker(ImportLease / 4)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := m.store.Lease(ctx, l.CollaborationID, l.ID, m.cfg.Clock.Now().Add(ImportLease)); err != nil && ctx.Err() == nil {
			slog.Warn("event log import: renewing its lease", "log", l.ID, "err", err)
		}
	}
}

// Wait blocks until the log's import has ended (done or failed) or ctx
// ends, for tests, the CLI and the demo. A log not importing in this
// process returns at once. Errors: ctx's.
func (m *Manager) Wait(ctx context.Context, id domain.ID) error {
	m.mu.Lock()
	j := m.jobs[id]
	m.mu.Unlock()
	if j == nil {
		return nil
	}
	select {
	case <-j.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close waits until every import has ended: they end by themselves, or
// when the Base context is cancelled (and then resume at the next start).
func (m *Manager) Close() { m.wg.Wait() }

// orphanAge is how old a folder in the work folder that no log names must
// be before Resume removes it: younger, it may be an upload another server
// is receiving.
const orphanAge = time.Hour

// Resume starts again the imports that were running when their server
// stopped (in any collaboration) and that no server holds now (Claim):
// those whose work file is still there; the others fail (CodeLost). It
// removes what an interrupted upload left in the work folder (files hold
// personal data). Call it at start, before serving, and then every
// ImportLease/2 or so: an import whose server went away without
// releasing it is taken over once its lease has ended.
// Errors: the store's.
func (m *Manager) Resume(ctx context.Context) error {
	logs, err := m.store.Importing(ctx)
	if err != nil {
		return err
	}
	if err := m.removeOrphans(ctx); err != nil {
		return err
	}
	for _, l := range logs {
		if m.running(l.ID) || ctx.Err() != nil {
			continue
		}
		now := m.cfg.Clock.Now()
		claimed, err := m.store.Claim(ctx, l.CollaborationID, l.ID, now, now.Add(ImportLease))
		if err != nil {
			return err
		}
		if !claimed {
			continue // another server runs it
		}
		if _, err := os.Stat(m.workPath(l)); l.WorkFile != "" && err == nil {
			m.start(l)
			continue
		}
		l.Status, l.Error, l.WorkFile, l.FinishedAt = StatusFailed, CodeLost, "", m.cfg.Clock.Now()
		if _, err := m.store.SaveLog(ctx, l); err != nil && domain.KindOf(err) != domain.KindConflict && domain.KindOf(err) != domain.KindNotFound {
			return err
		}
	}
	return nil
}

// removeOrphans removes the folders of the work folder that no log names
// and that are older than orphanAge. Errors: the store's.
func (m *Manager) removeOrphans(ctx context.Context) error {
	files, err := m.store.WorkFiles(ctx)
	if err != nil {
		return err
	}
	used := map[string]bool{}
	for _, f := range files {
		used[strings.SplitN(f, "/", 2)[0]] = true
	}
	entries, err := os.ReadDir(m.cfg.Dir)
	if err != nil {
		return nil // no work folder yet
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !e.IsDir() || !strings.HasPrefix(e.Name(), "log-") || used[e.Name()] || time.Since(info.ModTime()) < orphanAge {
			continue
		}
		os.RemoveAll(filepath.Join(m.cfg.Dir, e.Name()))
	}
	return nil
}

func (m *Manager) workPath(l Log) string {
	return filepath.Join(m.cfg.Dir, filepath.FromSlash(l.WorkFile))
}

// run imports l and stores the outcome: the statistics when the whole
// file was read, else the error and no figures. Stopped (ctx ended), it
// stores nothing: the log stays importing and resumes at the next start,
// or was deleted. The work file is removed once the outcome is stored.
func (m *Manager) run(ctx context.Context, l Log) {
	stats, err := m.read(ctx, l)
	if ctx.Err() != nil {
		return
	}
	// A fresh context: the outcome is stored even while the server stops.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	cur, gerr := m.store.Log(wctx, l.CollaborationID, l.ID)
	if gerr != nil {
		if domain.KindOf(gerr) == domain.KindNotFound {
			m.removeWork(l)
		} else {
			slog.Error("event log import: reading the log", "log", l.ID, "err", gerr)
		}
		return
	}
	if cur.Status != StatusImporting {
		return
	}
	cur.FinishedAt, cur.WorkFile = m.cfg.Clock.Now(), ""
	if err != nil {
		cur.Status, cur.Stats = StatusFailed, nil
		cur.Error, cur.ErrorParams, cur.ErrorLine, cur.ErrorFile = failure(l, err)
	} else {
		cur.Status, cur.Stats, cur.Read = StatusDone, &stats, cur.Size
	}
	if _, err := m.store.SaveLog(wctx, cur); err != nil {
		slog.Error("event log import: storing the outcome", "log", l.ID, "err", err)
		return
	}
	m.removeWork(l)
}

// failure is an import's error as stored: a ReadError's code, parameters,
// line and file; anything else is logged and stored as CodeFailed.
func failure(l Log, err error) (code string, params []string, line int, file string) {
	var re *ReadError
	if !errors.As(err, &re) {
		slog.Error("event log import failed", "log", l.ID, "file", l.Name, "err", err)
		return CodeFailed, nil, 0, ""
	}
	for _, p := range re.Params {
		params = append(params, fmt.Sprint(p))
	}
	file = re.File
	if file == "" || file == filepath.Base(l.WorkFile) {
		file = l.Name
	}
	return re.Code, params, re.Line, file
}

// read reads the log's work file into statistics. A panic in a reader is
// an error (CodeCrashed), never a server crash.
func (m *Manager) read(ctx context.Context, l Log) (st Stats, err error) {
	defer func() {
		if r := recover(); r != nil {
			slog.Error("event log import crashed", "log", l.ID, "panic", r)
			err = &ReadError{Code: CodeCrashed}
		}
	}()
	path := m.workPath(l)
	b := NewBuilder(l.Format)
	switch l.Format {
	case FormatNoark:
		if m.cfg.ReadNoark == nil {
			return Stats{}, &ReadError{Code: CodeNotEventLog}
		}
		err = m.cfg.ReadNoark(path, b)
	case FormatXES, FormatCSV:
		f, oerr := os.Open(path)
		if oerr != nil {
			return Stats{}, oerr
		}
		defer f.Close()
		r := &progressReader{r: f, ctx: ctx, save: func(n int64) {
			if err := m.store.SetRead(ctx, l.CollaborationID, l.ID, n); err != nil && ctx.Err() == nil {
				slog.Warn("event log import: progress", "log", l.ID, "err", err)
			}
		}}
		if l.Format == FormatXES {
			err = ReadXES(r, b)
		} else if l.Mapping == nil {
			err = &ReadError{Code: CodeMappingMissing, Params: []any{"case"}}
		} else {
			err = ReadCSV(r, *l.Mapping, b)
		}
	default:
		err = &ReadError{Code: CodeNotEventLog}
	}
	if err != nil {
		return Stats{}, err
	}
	st = b.Stats()
	if st.Cases == 0 {
		return Stats{}, &ReadError{Code: CodeNoEvents}
	}
	return st, nil
}

// progressReader counts the bytes read and saves the count at most every
// progressEvery; it stops the reader when ctx ends.
type progressReader struct {
	r    io.Reader
	ctx  context.Context
	n    int64
	last time.Time
	save func(int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	if err := p.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := p.r.Read(b)
	p.n += int64(n)
	if now := time.Now(); now.Sub(p.last) >= progressEvery {
		p.last = now
		p.save(p.n)
	}
	return n, err
}
