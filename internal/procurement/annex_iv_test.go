package procurement_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// The tests of Directive 2014/24/EU Annex IV (a)–(g): what the electronic
// receipt of tenders must guarantee, each point asserted as a user relies
// on it.

// (a) The exact time and date of receipt can be determined precisely: the
// receipt, the stored bid and the opening record state the same instant,
// to the microsecond.
func TestAnnexIV_A_ExactTimeOfReceipt(t *testing.T) {
	f := newFixture(t)
	tender := f.tender("A-1", false)
	f.setTo(deadline.Add(-time.Hour).Add(123456789 * time.Nanosecond))
	want := f.clock.Now().Truncate(time.Microsecond)
	r := f.bid(f.supplierA, tender.ID, "1 000 000", "alfa")
	if !r.ReceivedAt.Equal(want) {
		t.Fatalf("receipt time %v, want %v", r.ReceivedAt, want)
	}
	stored, err := f.db.Procurement().Bid(f.ctx, f.collab, tender.ID, r.BidID)
	must(t, err)
	if !stored.ReceivedAt.Equal(want) {
		t.Fatalf("stored time %v, want %v", stored.ReceivedAt, want)
	}
	opened := f.open(tender.ID)
	if got := opened.Opening.Bids[0].ReceivedAt; !got.Equal(want) || got.Nanosecond() != 123456000 {
		t.Fatalf("opening record time %v, want %v", got, want)
	}
}

// (b) Before the deadline nobody has access to the bids' content: no
// method returns it, for the programme lead or the system principal, and
// the database keeps it sealed.
func TestAnnexIV_B_NoAccessBeforeDeadline(t *testing.T) {
	f := newFixture(t)
	tender := f.tender("B-1", false)
	const price, text = "7654321", "HEMMELIG-TILBUDSTEKST-4711"
	r := f.bid(f.supplierA, tender.ID, price, text)
	system := domain.SystemPrincipal(f.collab)
	for _, p := range []domain.Principal{f.lead, system} {
		ov, err := f.mgr.Bids(f.ctx, p, tender.ID)
		must(t, err)
		if ov.Record != nil || ov.Received != 0 || ov.CanConfirm {
			t.Errorf("%s sees %+v before the deadline", p.Name, ov)
		}
		_, err = f.mgr.BidFile(f.ctx, p, tender.ID, r.BidID, 1)
		wantErr(t, err, domain.KindConflict, "procurement.not_opened")
		_, err = f.mgr.ConfirmOpening(f.ctx, p, tender.ID)
		if err == nil {
			t.Fatalf("%s confirmed the opening before the opening time", p.Name)
		}
		_, _, err = f.mgr.DocumentFile(f.ctx, p, tender.ID, r.BidID, 1)
		wantErr(t, err, domain.KindNotFound, "")
	}
	// Between the deadline and the opening time, still nothing.
	f.setTo(deadline.Add(time.Minute))
	_, err := f.mgr.ConfirmOpening(f.ctx, f.lead, tender.ID)
	wantErr(t, err, domain.KindConflict, "procurement.not_yet_opening")
	_, err = f.mgr.BidFile(f.ctx, f.lead, tender.ID, r.BidID, 1)
	wantErr(t, err, domain.KindConflict, "procurement.not_opened")
	ov, err := f.mgr.Bids(f.ctx, f.lead, tender.ID)
	must(t, err)
	if ov.Received != 1 || ov.Record != nil {
		t.Errorf("after the deadline: %+v; want one received, no record", ov)
	}
	lv, err := f.mgr.Log(f.ctx, f.lead, tender.ID)
	must(t, err)
	for _, e := range lv.Entries {
		if containsAny(e.Detail+e.Object, price, text, "tilbud.pdf") {
			t.Errorf("log entry %d shows bid content: %+v", e.Seq, e)
		}
	}
	// The database file and its write-ahead log keep neither the price nor
	// the file's text in plain.
	matches, _ := filepath.Glob(f.path + "*")
	for _, m := range matches {
		raw, err := os.ReadFile(m)
		must(t, err)
		if bytes.Contains(raw, []byte(text)) || bytes.Contains(raw, []byte(price)) {
			t.Errorf("%s holds the bid in plain", filepath.Base(m))
		}
	}
}

// (c) Only authorised persons set or change the dates for opening: an
// observer or a coordinator who is not the tender's officer is refused,
// logged, and nothing changes; the officer's move is logged and announced.
func TestAnnexIV_C_OnlyAuthorisedMoveDeadline(t *testing.T) {
	f := newFixture(t)
	tender := f.tender("C-1", false)
	later := deadline.Add(24 * time.Hour)
	for _, p := range []domain.Principal{f.observer, f.coordB, f.supplierA, f.evaluator} {
		_, err := f.mgr.MoveDeadline(f.ctx, p, tender.ID, tender.Version, procurement.MilestoneDeadline, later, "mer tid")
		wantErr(t, err, domain.KindForbidden, "")
		f.wantRefused(tender.ID, p, procurement.ActDeadlineMove)
	}
	got, err := f.db.Procurement().Tender(f.ctx, f.collab, tender.ID)
	must(t, err)
	if !got.Deadline().Equal(deadline) || got.Version != tender.Version {
		t.Fatalf("deadline %v (version %d) after refused moves; want %v unchanged", got.Deadline(), got.Version, deadline)
	}
	notices, _ := f.db.Procurement().Notices(f.ctx, f.collab, tender.ID)
	if len(notices) != 0 {
		t.Fatalf("notices after refused moves: %v", notices)
	}
	// The opening must follow the deadline: moving the deadline past it is refused.
	_, err = f.mgr.MoveDeadline(f.ctx, f.officer, tender.ID, tender.Version, procurement.MilestoneDeadline, later, "mer tid")
	wantErr(t, err, domain.KindInvalid, "")
	moved, err := f.mgr.MoveDeadline(f.ctx, f.officer, tender.ID, tender.Version, procurement.MilestoneOpening, later.Add(time.Hour), "mer tid")
	must(t, err)
	moved, err = f.mgr.MoveDeadline(f.ctx, f.officer, tender.ID, moved.Version, procurement.MilestoneDeadline, later, "mer tid")
	must(t, err)
	if !moved.Deadline().Equal(later) || !moved.OpeningTime().Equal(later.Add(time.Hour)) {
		t.Fatalf("moved to %v / %v", moved.Deadline(), moved.OpeningTime())
	}
	if !f.logged(tender.ID, f.officer, procurement.ActDeadlineMove) {
		t.Fatal("the officer's move is not logged")
	}
	notices, _ = f.db.Procurement().Notices(f.ctx, f.collab, tender.ID)
	if len(notices) != 2 || notices[0].Kind != "deadline" {
		t.Fatalf("notices = %+v; want two deadline notices", notices)
	}
	if len(f.mail.sent) == 0 {
		t.Error("no supplier was e-mailed about the move")
	}
	// Once the deadline has passed it moves no more.
	f.setTo(later)
	_, err = f.mgr.MoveDeadline(f.ctx, f.lead, tender.ID, moved.Version, procurement.MilestoneDeadline, later.Add(time.Hour), "for sent")
	wantErr(t, err, domain.KindConflict, "procurement.deadline_passed")
}

// (e) Even authorised persons acting together reach the bids only at or
// after the opening time: both confirmations before it are refused and
// logged, and nothing is opened.
func TestAnnexIV_E_NoOpeningBeforeTime(t *testing.T) {
	f := newFixture(t)
	tender := f.tender("E-1", false)
	r := f.bid(f.supplierA, tender.ID, "100", "a")
	f.setTo(opening.Add(-time.Second))
	for _, p := range []domain.Principal{f.lead, f.officer} {
		_, err := f.mgr.ConfirmOpening(f.ctx, p, tender.ID)
		wantErr(t, err, domain.KindConflict, "procurement.not_yet_opening")
		f.wantRefused(tender.ID, p, procurement.ActOpeningConfirm)
	}
	if ov, _ := f.mgr.Bids(f.ctx, f.lead, tender.ID); ov.Record != nil || len(ov.Confirmations) != 0 {
		t.Fatalf("before the opening time: %+v", ov)
	}
	if _, err := f.mgr.BidFile(f.ctx, f.lead, tender.ID, r.BidID, 1); err == nil {
		t.Fatal("a bid file was read before the opening time")
	}
	f.setTo(opening)
	got, err := f.mgr.ConfirmOpening(f.ctx, f.lead, tender.ID)
	must(t, err)
	if got.Status == procurement.StatusOpened {
		t.Fatal("one confirmation opened the bids")
	}
}

// (d) Access to the bids needs the simultaneous action of authorised
// persons: two different ones. Unauthorised users, the system principal
// and the same person twice are refused, and each refusal is logged; the
// second authorised person's confirmation opens the bids and writes the
// opening record.
func TestAnnexIV_D_TwoPersonOpening(t *testing.T) {
	f := newFixture(t)
	tender := f.tender("D-1", false)
	f.bid(f.supplierA, tender.ID, "100", "a")
	f.bid(f.supplierB, tender.ID, "200", "b")
	f.setTo(opening)
	for _, p := range []domain.Principal{f.observer, f.coordB, f.evaluator, f.supplierA} {
		_, err := f.mgr.ConfirmOpening(f.ctx, p, tender.ID)
		wantErr(t, err, domain.KindForbidden, "")
		f.wantRefused(tender.ID, p, procurement.ActOpeningConfirm)
	}
	_, err := f.mgr.ConfirmOpening(f.ctx, domain.SystemPrincipal(f.collab), tender.ID)
	wantErr(t, err, domain.KindForbidden, "procurement.person_required")
	got, err := f.mgr.ConfirmOpening(f.ctx, f.lead, tender.ID)
	must(t, err)
	if got.Status == procurement.StatusOpened {
		t.Fatal("one confirmation opened the bids")
	}
	_, err = f.mgr.ConfirmOpening(f.ctx, f.lead, tender.ID)
	wantErr(t, err, domain.KindConflict, "procurement.already_confirmed")
	f.wantRefused(tender.ID, f.lead, procurement.ActOpeningConfirm)
	if ov, _ := f.mgr.Bids(f.ctx, f.lead, tender.ID); ov.Record != nil || len(ov.Confirmations) != 1 {
		t.Fatalf("after one person: %+v", ov)
	}
	got, err = f.mgr.ConfirmOpening(f.ctx, f.officer, tender.ID)
	must(t, err)
	rec := got.Opening
	if got.Status != procurement.StatusOpened || rec == nil || len(rec.OpenedBy) != 2 || len(rec.Bids) != 2 {
		t.Fatalf("after two persons: status %s, record %+v", got.Status, rec)
	}
	if rec.Bids[0].Price.Total != 100 || rec.Bids[1].Price.Total != 200 || !rec.Bids[0].Intact || !rec.Bids[1].Intact ||
		rec.Bids[0].Number != 1 || rec.Bids[1].Supplier != "Beta AS" {
		t.Fatalf("opening record bids = %+v", rec.Bids)
	}
	if !f.logged(tender.ID, f.officer, procurement.ActOpening) {
		t.Fatal("the opening is not logged")
	}
}

// (f) After the opening only authorised persons read the bids, and every
// read is logged.
func TestAnnexIV_F_OnlyAuthorisedReadOpenedBids(t *testing.T) {
	f := newFixture(t)
	tender := f.tender("F-1", false)
	r := f.bid(f.supplierA, tender.ID, "100", "ALFA-TEKST")
	f.open(tender.ID)
	for _, p := range []domain.Principal{f.supplierA, f.supplierB, f.observer, f.evaluator, f.coordB} {
		_, err := f.mgr.BidFile(f.ctx, p, tender.ID, r.BidID, 1)
		wantErr(t, err, domain.KindForbidden, "")
		f.wantRefused(tender.ID, p, procurement.ActBidFileRead)
	}
	for _, p := range []domain.Principal{f.lead, f.officer} {
		file, err := f.mgr.BidFile(f.ctx, p, tender.ID, r.BidID, 1)
		must(t, err)
		if file.Name != "tilbud.pdf" || !bytes.Contains(file.Content, []byte("ALFA-TEKST")) {
			t.Fatalf("file read = %q %q", file.Name, file.Content)
		}
		if !f.logged(tender.ID, p, procurement.ActBidFileRead) {
			t.Fatalf("%s's read is not logged", p.Name)
		}
	}
	_, err := f.mgr.BidFile(f.ctx, f.lead, tender.ID, r.BidID, 2)
	wantErr(t, err, domain.KindNotFound, "procurement.file_not_found")
	// The opening record holds the prices: the observer sees neither it
	// nor the tender's copy of it.
	ov, err := f.mgr.Bids(f.ctx, f.observer, tender.ID)
	must(t, err)
	got, err := f.mgr.Tender(f.ctx, f.observer, tender.ID)
	must(t, err)
	if ov.Record != nil || got.Opening != nil {
		t.Fatal("an observer reads the opening record")
	}
	if ov, _ := f.mgr.Bids(f.ctx, f.officer, tender.ID); ov.Record == nil || ov.Record.Bids[0].Price.Total != 100 {
		t.Fatalf("the officer's overview: %+v", ov.Record)
	}
}

// (g) Any tampering is detectable: a sealed part altered in the database
// marks its bid not intact in the opening record; a log entry altered
// (with the append-only trigger dropped, as an attacker with database
// access would) or removed from the end is found by Log.
func TestAnnexIV_G_TamperingDetected(t *testing.T) {
	f := newFixture(t)
	tender := f.tender("G-1", false)
	t2 := f.tender("G-2", false)
	ra := f.bid(f.supplierA, tender.ID, "100", "a")
	rb := f.bid(f.supplierB, tender.ID, "200", "b")
	sqldb := f.db.SQL()
	for _, stmt := range []string{"DROP TRIGGER bid_parts_no_update", "DROP TRIGGER procurement_log_no_update", "DROP TRIGGER procurement_log_no_delete"} {
		if _, err := sqldb.ExecContext(f.ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	// Flip one byte of the file part of B's bid.
	var part []byte
	if err := sqldb.QueryRowContext(f.ctx, `SELECT sealed FROM bid_parts WHERE bid_id = ? AND n = 1`, rb.BidID).Scan(&part); err != nil {
		t.Fatal(err)
	}
	part[len(part)/2] ^= 1
	if _, err := sqldb.ExecContext(f.ctx, `UPDATE bid_parts SET sealed = ? WHERE bid_id = ? AND n = 1`, part, rb.BidID); err != nil {
		t.Fatal(err)
	}
	opened := f.open(tender.ID)
	for _, b := range opened.Opening.Bids {
		if want := b.BidID == ra.BidID; b.Intact != want {
			t.Errorf("bid %d intact = %v, want %v", b.BidID, b.Intact, want)
		}
	}

	lv, err := f.mgr.Log(f.ctx, f.lead, tender.ID)
	must(t, err)
	if !lv.Intact || lv.FirstBad != -1 {
		t.Fatalf("untouched log: intact %v, first bad %d", lv.Intact, lv.FirstBad)
	}
	n := len(f.entries(tender.ID))
	if _, err := sqldb.ExecContext(f.ctx, `UPDATE procurement_log SET detail = 'ingenting' WHERE tender_id = ? AND seq = 3`, tender.ID); err != nil {
		t.Fatal(err)
	}
	lv, err = f.mgr.Log(f.ctx, f.lead, tender.ID)
	must(t, err)
	if lv.Intact || lv.FirstBad != 2 {
		t.Fatalf("altered entry 3: intact %v, first bad %d; want index 2", lv.Intact, lv.FirstBad)
	}
	if got := len(f.entries(tender.ID)); got != n {
		t.Fatalf("reading a broken log appended to it: %d entries, want %d", got, n)
	}
	// A second tender's log, cut off at the end.
	_, err = f.mgr.Log(f.ctx, f.lead, t2.ID)
	must(t, err)
	last := len(f.entries(t2.ID))
	if _, err := sqldb.ExecContext(f.ctx, `DELETE FROM procurement_log WHERE tender_id = ? AND seq = ?`, t2.ID, last); err != nil {
		t.Fatal(err)
	}
	lv, err = f.mgr.Log(f.ctx, f.lead, t2.ID)
	must(t, err)
	if lv.Intact || lv.FirstBad != last-1 {
		t.Fatalf("last entry deleted: intact %v, first bad %d; want %d", lv.Intact, lv.FirstBad, last-1)
	}
	if !strings.HasPrefix(f.entries(t2.ID)[0].Action, "tender.") {
		t.Errorf("first entry of a tender's log: %+v", f.entries(t2.ID)[0])
	}
}
