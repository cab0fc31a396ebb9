package wiring_test

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/app/wiring"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
	"github.com/tjenestevalg/tjenestevalg/internal/roadmap"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlite"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

// TestNew checks that every manager is built, over the database or a
// transaction's view alike, with the options given or their defaults.
func TestNew(t *testing.T) {
	clock := domain.NewManualClock(time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC))
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "t.db"), clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	allBuilt := func(m wiring.Managers) {
		t.Helper()
		v := reflect.ValueOf(m)
		for i := range v.NumField() {
			if v.Field(i).IsNil() {
				t.Errorf("Managers.%s is nil", v.Type().Field(i).Name)
			}
		}
	}

	m := wiring.New(db, clock, wiring.Options{})
	allBuilt(m)
	if m.Processes.MaxFileSize() != process.DefaultMaxFileSize || m.Roadmaps.Limit != roadmap.DefaultLimit {
		t.Errorf("defaults: max BPMN %d, roadmap limit %v", m.Processes.MaxFileSize(), m.Roadmaps.Limit)
	}
	if m.Procurement.Thresholds() != procurement.DefaultThresholds() || m.Procurement.FileLimits() != procurement.DefaultFileLimits() {
		t.Errorf("procurement defaults: %+v, %+v", m.Procurement.Thresholds(), m.Procurement.FileLimits())
	}
	limits := procurement.FileLimits{MaxFileBytes: 1, MaxBidBytes: 2, MaxFiles: 3}
	if got := wiring.New(db, clock, wiring.Options{FileLimits: limits}).Procurement.FileLimits(); got != limits {
		t.Errorf("procurement file limits = %+v, want %+v", got, limits)
	}
	opt := wiring.Options{MaxBPMN: 1 << 10, RoadmapLimit: 2 * time.Second}
	err = db.Atomic(t.Context(), func(tx *sqlstore.DB) error {
		m := wiring.New(tx, clock, opt)
		allBuilt(m)
		if m.Processes.MaxFileSize() != opt.MaxBPMN || m.Roadmaps.Limit != opt.RoadmapLimit {
			t.Errorf("options over a transaction: max BPMN %d, roadmap limit %v", m.Processes.MaxFileSize(), m.Roadmaps.Limit)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
