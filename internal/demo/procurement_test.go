package demo_test

import (
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/app"
	"github.com/tjenestevalg/tjenestevalg/internal/demo"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// TestDemoProcurement follows the demo's tenders as a new user would: the
// seed's tender stands closed with its dialogue treated equally, its
// specification from the process requirements, four candidates and four
// bids; a supplier not invited sees only the open tender and can still bid
// on it; the programme lead and the Rissa coordinator open the seed's bids
// and every one opens intact, the replaced bid counting with its new price.
func TestDemoProcurement(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo")
	}
	ctx := t.Context()
	dir := t.TempDir()
	cfg := app.DefaultConfig()
	cfg.DB = filepath.Join(dir, "demo.db")
	cfg.CreateBidKey = true // bid.key beside the database, as serve and demo make it
	now := time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)
	clock := domain.NewManualClock(now)
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), clock)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if ok, err := a.LoadDemo(ctx); err != nil || !ok {
		t.Fatalf("LoadDemo: %v %v", ok, err)
	}
	m := a.Procurement
	user := func(email string) domain.Principal {
		t.Helper()
		u, err := a.DB.Accounts().UserByEmail(ctx, email)
		if err != nil {
			t.Fatalf("%s: %v", email, err)
		}
		return u.Principal()
	}
	lead := user("programleder@fosen.example")

	seed, err := m.TenderByReference(ctx, lead, demo.SeedTender)
	if err != nil {
		t.Fatal(err)
	}
	if st := seed.State(now); st != procurement.StateClosed {
		t.Errorf("seed tender is %s, want closed", st)
	}
	if part := procurement.DerivePart(seed.EstimatedValue, seed.Works, procurement.DefaultThresholds()); len(procurement.CheckProcedure("procedure", seed.Procedure, part)) > 0 {
		t.Errorf("procedure %s not allowed in part %s", seed.Procedure, part)
	}
	if f, err := m.EqualTreatment(ctx, lead, seed.ID); err != nil || len(f) > 0 {
		t.Errorf("dialogue not equal: %v %+v", err, f)
	}
	if d := seed.Dialogue; d.Conference.Minutes == "" || len(d.Meetings) != 5 || len(d.Learnings) == 0 {
		t.Errorf("dialogue: %+v", d)
	}
	spec, err := m.Specification(ctx, lead, seed.ID)
	if err != nil || len(spec) == 0 {
		t.Fatalf("specification: %v %d", err, len(spec))
	}
	inSpec := map[domain.ID]bool{}
	for _, r := range spec {
		inSpec[r.ID] = true
		if r.SourceID == 0 {
			t.Errorf("%s is not from a process requirement", r.Number)
		}
	}
	for _, l := range seed.Dialogue.Learnings {
		for _, id := range l.Requirements {
			if !inSpec[id] {
				t.Errorf("learning %q links to %d, not in the specification", l.Text, id)
			}
		}
	}
	if cands, err := m.Candidates(ctx, lead, seed.ID); err != nil || len(cands) != 4 {
		t.Errorf("candidates: %v %d", err, len(cands))
	}
	if qs, err := m.Questions(ctx, lead, seed.ID); err != nil || len(qs) != 4 {
		t.Errorf("questions: %v %d", err, len(qs))
	}
	ov, err := m.Bids(ctx, lead, seed.ID)
	if err != nil || ov.Received != 4 || ov.Record != nil {
		t.Fatalf("bids: %v %+v", err, ov)
	}

	// A supplier not invited sees only the open tender, and can bid on it.
	fifth := user("tilbud@digitalbistand.example")
	list, err := m.PortalTenders(ctx, fifth)
	if err != nil || len(list) != 1 || list[0].Tender.Reference != demo.OpenTenderReference(now) {
		t.Fatalf("fifth supplier's portal: %v %+v", err, list)
	}
	if _, err := m.PortalTender(ctx, fifth, seed.ID); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("uninvited supplier reads the limited tender: %v", err)
	}
	rec, err := m.SubmitBid(ctx, fifth, list[0].Tender.ID, procurement.BidInput{Total: "1 200 000",
		Files: []procurement.File{{Name: "tilbud.txt", ContentType: "text/plain", Content: []byte("Tilbud")}}})
	if err != nil || rec.Digest == "" {
		t.Errorf("bid on the open tender: %v %+v", err, rec)
	}
	// An invited candidate sees both.
	if list, err := m.PortalTenders(ctx, user("tilbud@kystlinje.example")); err != nil || len(list) != 2 {
		t.Errorf("candidate's portal: %v %d", err, len(list))
	}

	// The opening, by the two officers.
	if _, err := m.ConfirmOpening(ctx, lead, seed.ID); err != nil {
		t.Fatal(err)
	}
	opened, err := m.ConfirmOpening(ctx, user("koordinator.rissa@fosen.example"), seed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if opened.Status != procurement.StatusOpened || opened.Opening == nil || len(opened.Opening.Bids) != 4 {
		t.Fatalf("opening: %+v", opened.Opening)
	}
	prices := map[string]float64{}
	for i, b := range opened.Opening.Bids {
		if !b.Intact || b.Number != i+1 || !b.ReceivedAt.Before(seed.Deadline()) {
			t.Errorf("opened bid %+v", b)
		}
		if i > 0 && b.ReceivedAt.Before(opened.Opening.Bids[i-1].ReceivedAt) {
			t.Errorf("bids not in receipt order")
		}
		prices[b.Supplier] = b.Price.Total
	}
	if prices["Tjenestedesign Midt AS"] != 1_540_000 {
		t.Errorf("the replacement bid should count: %v", prices)
	}
}
