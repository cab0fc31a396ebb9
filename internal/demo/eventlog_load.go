package demo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog/noark/noarkgen"
)

// EventLogService is the service the demo's event logs measure.
const EventLogService = "byggesak-ettrinns"

// notApplied are the municipalities whose measured figures the demo leaves
// for a user to apply: their logs are imported and attached, and the
// building-permit facts are still the illustrative estimates.
var notApplied = map[string]bool{"leksvik": true, "osen": true}

// LoadEventLogs imports, for each Fosen municipality, a generated Noark 5
// extract of its building-permit cases over 2014–2016, the years before the
// demo's joint project of 2017, when all seven still existed (noarkgen: invented
// cases, marked as generated in the extract and in the file name), as the
// municipality's subject-matter owner would upload it, and attaches it to
// the municipality's building-permit service. For all but notApplied it
// then applies the log: the annual cases and the lead time become
// measured, and the benefit case's rows follow. The extracts are kept
// small (three years of the municipality's illustrative volume, 30 to 300
// cases) so the demo loads quickly.
func LoadEventLogs(ctx context.Context, st catalogue.Store, mgr *eventlog.Manager) error {
	c, err := st.CollaborationBySlug(ctx, Slug)
	if err != nil {
		return err
	}
	svc, err := st.ServiceBySlug(ctx, c.ID, EventLogService)
	if err != nil {
		return err
	}
	munis, err := st.Municipalities(ctx, c.ID)
	if err != nil {
		return err
	}
	byNumber := map[string]catalogue.Municipality{}
	for _, m := range munis {
		byNumber[m.Number] = m
	}
	dir, err := os.MkdirTemp("", "tjenestevalg-demo-noark-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	for i, m := range fosen {
		mu := byNumber[m.number]
		cases := 30
		if ms, err := st.MunicipalService(ctx, c.ID, svc.ID, mu.ID); err == nil && ms.AnnualCases != nil {
			cases = min(300, max(30, int(*ms.AnnualCases)*3))
		}
		path := filepath.Join(dir, "noark5-byggesak-"+m.key+"-generert.zip")
		if _, err := noarkgen.WriteArchive(path, noarkgen.Options{Municipality: m.name, Number: m.number, Cases: cases,
			Year: 2014, Years: 3, Seed: int64(i + 1)}); err != nil {
			return err
		}
		owner := domain.SystemPrincipal(c.ID)
		owner.Name = "Fagansvarlig " + m.name
		if err := importLog(ctx, mgr, owner, path, mu.ID, !notApplied[m.key]); err != nil {
			return fmt.Errorf("demo event log %s: %w", m.key, err)
		}
	}
	return nil
}

// importLog uploads the file at path, waits for its import, attaches it to
// the municipality's building-permit service and, when apply, applies it.
func importLog(ctx context.Context, mgr *eventlog.Manager, p domain.Principal, path string, mu domain.ID, apply bool) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	l, err := mgr.Upload(ctx, p, filepath.Base(path), f)
	f.Close()
	if err != nil {
		return err
	}
	if err := mgr.Wait(ctx, l.ID); err != nil {
		return err
	}
	if l, err = mgr.Log(ctx, p, l.ID); err != nil {
		return err
	}
	if l.Status != eventlog.StatusDone {
		return fmt.Errorf("import %s: %s %v", l.Status, l.Error, l.ErrorParams)
	}
	if _, err := mgr.Attach(ctx, p, l.ID, mu, EventLogService); err != nil {
		return err
	}
	if apply {
		_, err = mgr.Apply(ctx, p, l.ID)
	}
	return err
}
