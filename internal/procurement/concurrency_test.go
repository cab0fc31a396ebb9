package procurement_test

import (
	"strconv"
	"sync"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// Bids racing on one tender each land whole: every supplier keeps exactly
// one current bid, and the log's chain stays intact.
func TestConcurrentBidsKeepOneCurrentAndTheChain(t *testing.T) {
	f := newFixture(t)
	tender := f.tender("P-1", false)
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for i := range 10 {
		p := f.supplierA
		if i%2 == 1 {
			p = f.supplierB
		}
		wg.Add(1)
		go func(p domain.Principal, i int) {
			defer wg.Done()
			_, err := f.mgr.SubmitBid(f.ctx, p, tender.ID, procurement.BidInput{Total: strconv.Itoa(100 + i),
				Files: []procurement.File{pdf("t.pdf", strconv.Itoa(i))}})
			errs <- err
		}(p, i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	bids, err := f.db.Procurement().Bids(f.ctx, f.collab, tender.ID)
	must(t, err)
	current := map[domain.ID]int{}
	for _, b := range bids {
		if b.Status == procurement.BidSubmitted {
			current[b.SupplierID]++
		}
	}
	if len(bids) != 10 || current[f.supA.ID] != 1 || current[f.supB.ID] != 1 {
		t.Fatalf("%d bids, current per supplier %v", len(bids), current)
	}
	lv, err := f.mgr.Log(f.ctx, f.lead, tender.ID)
	must(t, err)
	if !lv.Intact {
		t.Fatalf("log broken at %d", lv.FirstBad)
	}
}
