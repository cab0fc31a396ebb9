package bench_test

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/app"
	"github.com/tjenestevalg/tjenestevalg/internal/bench"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

func TestScheduleInWindow(t *testing.T) {
	deadline := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for _, burst := range []bool{false, true} {
		ts := bench.Schedule(200, deadline, time.Minute, 2*time.Second, burst)
		if len(ts) != 200 {
			t.Fatalf("burst %v: %d times", burst, len(ts))
		}
		for i, x := range ts {
			if x.Before(deadline.Add(-time.Minute)) || x.After(deadline.Add(-2*time.Second)) {
				t.Errorf("burst %v: time %d at %s, outside the window", burst, i, x)
			}
			if i > 0 && x.Before(ts[i-1]) {
				t.Errorf("burst %v: time %d before time %d", burst, i, i-1)
			}
		}
		// Even: as many in each half; burst: most in the second half.
		half := deadline.Add(-31 * time.Second)
		late := 0
		for _, x := range ts {
			if x.After(half) {
				late++
			}
		}
		if !burst && late != 100 || burst && late < 140 {
			t.Errorf("burst %v: %d of 200 in the second half", burst, late)
		}
	}
}

func TestBidSizes(t *testing.T) {
	sizes := bench.BidSizes(200, 50_000_000, 1)
	var sum, lo, hi int64 = 0, 1 << 62, 0
	for _, s := range sizes {
		sum += s
		lo, hi = min(lo, s), max(hi, s)
	}
	if sum != 50_000_000 {
		t.Errorf("sum %d, want 50000000", sum)
	}
	// The mean is 250 000; each between a quarter and 7/4 of it (the
	// largest takes the rounding).
	if lo < 62_000 || hi > 440_000 || hi-lo < 200_000 {
		t.Errorf("sizes from %d to %d", lo, hi)
	}
	if again := bench.BidSizes(200, 50_000_000, 1); !equalInts(sizes, again) {
		t.Error("the same seed gave other sizes")
	}
}

func equalInts(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// The PDF is the size asked, accepted by the portal's file check, and its
// cross-reference table points at its objects.
func TestPDF(t *testing.T) {
	xrefRow := regexp.MustCompile(`(?m)^(\d{10}) 00000 n $`)
	for _, size := range []int64{1, 600, 4096, 250_001, 3 << 20} {
		p := bench.PDF(size, "supplier 7")
		if int64(len(p)) != max(size, 512) {
			t.Errorf("size %d: %d bytes", size, len(p))
		}
		if errs := procurement.CheckFile("files[0]", "tilbud.pdf", p, int64(len(p)), procurement.DefaultFileLimits()); len(errs) > 0 {
			t.Errorf("size %d: refused: %v", size, errs)
		}
		rows := xrefRow.FindAllSubmatch(p, -1)
		if len(rows) != 4 {
			t.Fatalf("size %d: %d xref rows", size, len(rows))
		}
		for i, r := range rows {
			off, _ := strconv.Atoi(string(r[1]))
			if !bytes.HasPrefix(p[off:], []byte(strconv.Itoa(i+1)+" 0 obj")) {
				t.Errorf("size %d: object %d not at offset %d", size, i+1, off)
			}
		}
		start := bytes.LastIndex(p, []byte("startxref\n"))
		off, _ := strconv.Atoi(string(bytes.TrimSpace(p[start+10 : start+20])))
		if !bytes.HasPrefix(p[off:], []byte("xref\n")) || !bytes.HasSuffix(p, []byte("%%EOF\n")) {
			t.Errorf("size %d: startxref %d does not point at the table", size, off)
		}
	}
	if bytes.Equal(bench.PDF(4096, "a"), bench.PDF(4096, "b")) {
		t.Error("two labels gave the same bytes")
	}
}

func TestOrgNumbersValid(t *testing.T) {
	nums := bench.OrgNumbers(200)
	seen := map[string]bool{}
	for _, n := range nums {
		got, err := procurement.ParseOrgNumber(n)
		if err != nil || got != n || seen[n] {
			t.Errorf("%s: %v (seen %v)", n, err, seen[n])
		}
		seen[n] = true
	}
}

// The summary counts what the clients were told and what the database
// holds: a receipt the database does not back is a lost bid, a bid
// stored at the deadline is late.
func TestSummariseAndCheck(t *testing.T) {
	deadline := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	t0 := deadline.Add(-time.Minute)
	res := &bench.BidResult{Deadline: deadline, Bids: []bench.BidSent{
		{Supplier: "a", Outcome: bench.BidOK, BidID: 1, Receipted: "d1", Bytes: 1e6, Sent: t0, Receipt: 100 * time.Millisecond, Done: t0.Add(time.Second)},
		{Supplier: "b", Outcome: bench.BidOK, BidID: 2, Receipted: "d2", Bytes: 1e6, Sent: t0.Add(time.Second), Receipt: 300 * time.Millisecond, Done: t0.Add(2 * time.Second)},
		{Supplier: "c", Outcome: bench.BidRefused, Error: "late", Sent: t0.Add(time.Second), Done: t0.Add(3 * time.Second)},
		{Supplier: "d", Outcome: bench.BidOK, BidID: 4, Receipted: "d4", Bytes: 2e6, Sent: t0, Receipt: 200 * time.Millisecond, Done: t0.Add(4 * time.Second)},
	}, Late: bench.BidSent{Outcome: bench.BidRefused, Digest: "late"}}
	tender := procurement.Tender{Milestones: []procurement.Milestone{{Kind: procurement.MilestoneDeadline, At: deadline}}}
	st := bench.Stored{Tender: tender, Log: procurement.LogView{Intact: true}, Bids: []procurement.Bid{
		{ID: 1, Status: procurement.BidSubmitted, Digest: "d1", ReceivedAt: deadline.Add(-time.Second)},
		{ID: 2, Status: procurement.BidSubmitted, Digest: "d2", ReceivedAt: deadline.Add(-time.Second)},
		// Bid 4's receipt is not backed: stored with another digest.
		{ID: 4, Status: procurement.BidSubmitted, Digest: "other", ReceivedAt: deadline.Add(-time.Second)},
	}}
	c := bench.CheckStored(res, st)
	if c.Current != 3 || c.Matched != 2 || c.Missing != 1 || c.Late != 0 || !c.LateRefused || len(c.Problems) != 1 {
		t.Errorf("check: %+v", c)
	}
	s := bench.Summarise(res, &c)
	if s.Suppliers != 4 || s.OK != 2 || s.Refused != 1 || s.Lost != 1 || s.Passed() {
		t.Errorf("summary: %+v", s)
	}
	if s.P50 != 200 || s.P95 != 300 || s.Max != 300 || s.MB != 4 || s.Window != 4 || s.Throughput != 1 || s.Ratio != 0.3 {
		t.Errorf("figures: %+v", s)
	}

	// Accepted at the deadline: late, whatever the clients saw.
	st.Bids[2].Digest = "d4"
	st.Bids = append(st.Bids, procurement.Bid{ID: 5, Status: procurement.BidReplaced, Digest: "x", ReceivedAt: deadline})
	c = bench.CheckStored(res, st)
	if c.Late != 1 || c.Missing != 0 || len(c.Problems) != 1 {
		t.Errorf("late: %+v", c)
	}
	// The bid after the deadline stored: a problem even if refused.
	st.Bids = append(st.Bids[:3], procurement.Bid{ID: 6, Status: procurement.BidSubmitted, Digest: "late", ReceivedAt: deadline.Add(-time.Millisecond)})
	c = bench.CheckStored(res, st)
	if c.LateRefused || c.Unreceipted != 1 {
		t.Errorf("late bid stored: %+v", c)
	}
}

// TestBidsEndToEnd runs the deadline benchmark on a small scale against a
// server in this process: five suppliers, a five-second window, one bid a
// second after the deadline. It checks counts, never times.
func TestBidsEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("the deadline benchmark waits for its deadline (about 15 s); skipped with -short")
	}
	s := newSiteWith(t, t.TempDir(), func(c *app.Config) { c.CreateBidKey = true })
	ctx := context.Background()
	const n, pw = 5, "supplier-password"
	setup, err := bench.SetupBids(ctx, s.app.Procurement, s.app.Accounts, s.system, n, pw, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	u, err := bench.ParseTarget(s.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	res, err := bench.RunBids(ctx, u, bench.BidLoad{TenderID: setup.Tender.ID, Suppliers: bench.SupplierLogins(n, pw),
		Window: 5 * time.Second, Margin: time.Second, TotalBytes: 2_000_000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Deadline.Equal(setup.Tender.Deadline()) {
		t.Errorf("deadline read from the portal %s, set %s", res.Deadline, setup.Tender.Deadline())
	}
	st, err := bench.ReadStored(ctx, s.app.Procurement, s.app.DB.Procurement().Bids, s.system, setup.Tender.ID)
	if err != nil {
		t.Fatal(err)
	}
	check := bench.CheckStored(res, st)
	sum := bench.Summarise(res, &check)
	var out strings.Builder
	_ = sum.WriteText(&out)
	if !sum.Passed() || sum.OK != n || check.Current != n || check.Matched != n || check.Late != 0 || !check.LateRefused {
		t.Fatalf("not every bid receipted and stored in time:\n%s", out.String())
	}
	if check.LogSubmits != n || check.LogRefused != 1 || !check.LogIntact {
		t.Errorf("the access log: %+v", check)
	}
	for _, b := range res.Bids {
		if b.Receipted != b.Digest || b.BidID == 0 {
			t.Errorf("%s: %+v", b.Supplier, b)
		}
	}
	if !strings.Contains(res.Late.Error, "frist") && !strings.Contains(res.Late.Error, "deadline") {
		t.Errorf("the late bid's refusal does not name the deadline: %q", res.Late.Error)
	}
}
