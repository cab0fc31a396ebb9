package app

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
)

// An import the last server left running is finished when the server
// starts again, from the work folder beside the SQLite file.
func TestEventLogImportsResumeAtStart(t *testing.T) {
	dir := t.TempDir()
	cfg := DefaultConfig()
	cfg.DB, cfg.Addr = filepath.Join(dir, "t.db"), "127.0.0.1:0"
	if got := cfg.EventLogPath(); got != filepath.Join(dir, "eventlogs") {
		t.Fatalf("work folder = %q", got)
	}
	ctx := context.Background()
	a, err := Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), domain.NewManualClock(time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	collab, err := a.DB.Catalogue().CreateCollaboration(ctx, catalogue.Collaboration{Slug: "fosen", Name: "Fosen"})
	if err != nil {
		t.Fatal(err)
	}
	csv := "Sak;Aktivitet;Tid\n1;Mottatt;2024-01-02 09:00\n1;Vedtak;2024-01-12 09:00\n"
	if err := os.MkdirAll(filepath.Join(dir, "eventlogs", "log-1"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "eventlogs", "log-1", "sak.csv"), []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := a.DB.Eventlogs().CreateLog(ctx, eventlog.Log{CollaborationID: collab, Name: "sak.csv", Format: eventlog.FormatCSV,
		Size: int64(len(csv)), SHA256: "x", Status: eventlog.StatusImporting, WorkFile: "log-1/sak.csv",
		Mapping: &eventlog.Mapping{Case: "Sak", Activity: "Aktivitet", Time: "Tid"}})
	if err != nil {
		t.Fatal(err)
	}
	serveCtx, stop := context.WithCancel(ctx)
	if err := a.Serve(serveCtx, func(string) { stop() }); err != nil {
		t.Fatal(err)
	}
	if err := a.Eventlogs.Wait(ctx, l.ID); err != nil {
		t.Fatal(err)
	}
	got, err := a.Eventlogs.Log(ctx, domain.SystemPrincipal(collab), l.ID)
	if err != nil || got.Status != eventlog.StatusDone || got.Stats.Cases != 1 {
		t.Fatalf("after start: %+v, %v", got, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "eventlogs", "log-1")); !os.IsNotExist(err) {
		t.Errorf("work folder after the import: %v", err)
	}
}
