package app

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// serve creates the server key next to the SQLite file, readable by the
// owner only, and every later start reads the same key; a command that
// does not create it runs without one.
func TestBidKeyFile(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	cfg := DefaultConfig()
	cfg.DB = filepath.Join(dir, "t.db")
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	clock := domain.NewManualClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))

	a, err := Open(ctx, cfg, quiet, clock)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	if a.serverKey != nil {
		t.Fatal("a command that does not create the key has one")
	}
	if _, err := os.Stat(filepath.Join(dir, "bid.key")); !os.IsNotExist(err) {
		t.Fatalf("key file created without CreateBidKey: %v", err)
	}

	cfg.CreateBidKey = true
	a, err = Open(ctx, cfg, quiet, clock)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	info, err := os.Stat(filepath.Join(dir, "bid.key"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("bid.key = %v, %v; want mode 0600", info, err)
	}
	if len(a.serverKey) != 32 || len(a.options().ServerKey) != 32 {
		t.Fatalf("server key of %d bytes reached the options", len(a.options().ServerKey))
	}
	b, err := Open(ctx, cfg, quiet, clock)
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	if string(b.serverKey) != string(a.serverKey) {
		t.Fatal("a second start read another key")
	}
}

func TestBidKeyFileRequiredWithPostgres(t *testing.T) {
	cfg := DefaultConfig()
	cfg.DB = "postgres://u@h/db"
	cfg.CreateBidKey = true
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "--bid-key-file") {
		t.Fatalf("Validate = %v; want --bid-key-file required", err)
	}
	cfg.Demo = true
	if err := cfg.Validate(); err != nil {
		t.Fatalf("demo on PostgreSQL without a key file: %v", err)
	}
	cfg.Demo, cfg.BidKeyFile = false, "/etc/tjenestevalg/bid.key"
	if err := cfg.Validate(); err != nil {
		t.Fatalf("with --bid-key-file: %v", err)
	}
	if got := (Config{DB: "sqlite:data/x.db"}).BidKeyPath(); got != filepath.Join("data", "bid.key") {
		t.Errorf("default key path = %q", got)
	}
}
