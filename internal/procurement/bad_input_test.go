package procurement_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// A bid one second after the deadline is refused and logged, and the
// supplier's earlier bid stands as it was.
func TestLateBidRefusedEarlierBidUntouched(t *testing.T) {
	f := newFixture(t)
	tender := f.tender("L-1", false)
	first := f.bid(f.supplierA, tender.ID, "100", "first")
	// Exactly at the deadline is late.
	f.setTo(deadline)
	_, err := f.mgr.SubmitBid(f.ctx, f.supplierB, tender.ID, procurement.BidInput{Total: "90", Files: []procurement.File{pdf("b.pdf", "b")}})
	wantErr(t, err, domain.KindConflict, "procurement.deadline_passed")
	f.setTo(deadline.Add(time.Second))
	_, err = f.mgr.SubmitBid(f.ctx, f.supplierA, tender.ID, procurement.BidInput{Total: "90", Files: []procurement.File{pdf("ny.pdf", "late")}})
	wantErr(t, err, domain.KindConflict, "procurement.deadline_passed")
	f.wantRefused(tender.ID, f.supplierA, procurement.ActBidSubmit)
	_, err = f.mgr.WithdrawBid(f.ctx, f.supplierA, tender.ID)
	wantErr(t, err, domain.KindConflict, "procurement.deadline_passed")
	bids, err := f.db.Procurement().Bids(f.ctx, f.collab, tender.ID)
	must(t, err)
	if len(bids) != 1 || bids[0].ID != first.BidID || bids[0].Status != procurement.BidSubmitted || bids[0].Digest != first.Digest {
		t.Fatalf("bids after the late one: %+v", bids)
	}
}

// A bid before the deadline replaces the earlier one, which stays marked.
func TestReplaceAndWithdraw(t *testing.T) {
	f := newFixture(t)
	tender := f.tender("R-1", false)
	f.bid(f.supplierA, tender.ID, "100", "first")
	f.clock.Advance(time.Minute)
	second := f.bid(f.supplierA, tender.ID, "90", "second")
	bids, _ := f.db.Procurement().Bids(f.ctx, f.collab, tender.ID)
	if len(bids) != 2 || bids[0].Status != procurement.BidReplaced || bids[1].ID != second.BidID {
		t.Fatalf("bids = %+v", bids)
	}
	if !f.logged(tender.ID, f.supplierA, procurement.ActBidReplace) {
		t.Fatal("replacement not logged")
	}
	r, err := f.mgr.WithdrawBid(f.ctx, f.supplierA, tender.ID)
	must(t, err)
	if r.Status != procurement.BidWithdrawn || r.BidID != second.BidID {
		t.Fatalf("withdrawal receipt %+v", r)
	}
	f.bid(f.supplierB, tender.ID, "120", "beta")
	rec := f.open(tender.ID).Opening
	if len(rec.Bids) != 1 || rec.Withdrawn != 1 || rec.Bids[0].SupplierID != f.supB.ID {
		t.Fatalf("record %+v", rec)
	}
}

// A file over the limit or of the wrong type is refused with the field
// that is wrong, logged, and nothing is stored.
func TestBidFilesRefused(t *testing.T) {
	f := newFixture(t)
	tender := f.tender("F-9", false)
	big := pdf("stor.pdf", string(bytes.Repeat([]byte("x"), int(f.limits.MaxFileBytes))))
	exe := procurement.File{Name: "tilbud.pdf", Content: []byte("MZ\x90\x00 not a pdf")}
	_, err := f.mgr.SubmitBid(f.ctx, f.supplierA, tender.ID, procurement.BidInput{Total: "abc", Files: []procurement.File{big, exe}})
	wantErr(t, err, domain.KindInvalid, "")
	want := map[string]string{"files[0]": "procurement.file_too_large", "files[1]": "procurement.file_type", "total": domain.CodeNotANumber}
	for _, fe := range domain.AsError(err).Fields {
		if want[fe.Field] == fe.Code {
			delete(want, fe.Field)
		}
	}
	if len(want) > 0 {
		t.Fatalf("missing field errors %v in %v", want, err)
	}
	f.wantRefused(tender.ID, f.supplierA, procurement.ActBidSubmit)
	if bids, _ := f.db.Procurement().Bids(f.ctx, f.collab, tender.ID); len(bids) != 0 {
		t.Fatalf("bids stored: %+v", bids)
	}
}

// A supplier reaching for another supplier's tender, bid or question
// gets not found, and the attempt is logged on that tender.
func TestSupplierSeesOnlyItsOwn(t *testing.T) {
	f := newFixture(t)
	limited := f.tender("S-1", true) // only A invited
	open := f.tender("S-2", false)
	_, err := f.mgr.PortalTender(f.ctx, f.supplierB, limited.ID)
	wantErr(t, err, domain.KindNotFound, "procurement.tender_not_found")
	f.wantRefused(limited.ID, f.supplierB, procurement.ActTenderRead)
	_, err = f.mgr.SubmitBid(f.ctx, f.supplierB, limited.ID, procurement.BidInput{Total: "1", Files: []procurement.File{pdf("x.pdf", "x")}})
	wantErr(t, err, domain.KindNotFound, "procurement.tender_not_found")
	list, err := f.mgr.PortalTenders(f.ctx, f.supplierB)
	must(t, err)
	if len(list) != 1 || list[0].Tender.ID != open.ID {
		t.Fatalf("B's portal lists %+v; want only the open tender", list)
	}
	if list, err := f.mgr.PortalTenders(f.ctx, f.loose); err != nil || len(list) != 0 {
		t.Fatalf("a supplier user without an organisation sees %v, %v", list, err)
	}

	ra := f.bid(f.supplierA, open.ID, "100", "a")
	_, err = f.mgr.Receipt(f.ctx, f.supplierB, open.ID, ra.BidID)
	wantErr(t, err, domain.KindNotFound, "procurement.bid_not_found")
	f.wantRefused(open.ID, f.supplierB, procurement.ActBidRead)
	if _, err := f.mgr.Receipt(f.ctx, f.supplierA, open.ID, ra.BidID); err != nil {
		t.Fatalf("own receipt: %v", err)
	}

	q, err := f.mgr.Ask(f.ctx, f.supplierA, open.ID, "Kan vi levere som skytjeneste?")
	must(t, err)
	_, err = f.mgr.PortalQuestion(f.ctx, f.supplierB, open.ID, q.ID)
	wantErr(t, err, domain.KindNotFound, "procurement.question_not_found")
	f.wantRefused(open.ID, f.supplierB, procurement.ActQuestionRead)

	// A published answer reaches B without the asker.
	_, err = f.mgr.AnswerQuestion(f.ctx, f.officer, open.ID, q.ID, q.Version, "Ja.", true)
	must(t, err)
	v, err := f.mgr.PortalTender(f.ctx, f.supplierB, open.ID)
	must(t, err)
	if len(v.Answers) != 1 || v.Answers[0].SupplierID != 0 || v.Answers[0].AskedBy != 0 || len(v.MyQuestions) != 0 {
		t.Fatalf("B's view of the answers: %+v, own %+v", v.Answers, v.MyQuestions)
	}
	if len(v.Documents) != 1 || v.Documents[0].Kind != procurement.DocQA {
		t.Fatalf("B's documents: %+v; want the Q&A log", v.Documents)
	}
	// The buyer's side is forbidden to suppliers and evaluators, and logged.
	for _, p := range []domain.Principal{f.supplierA, f.evaluator} {
		_, err := f.mgr.Questions(f.ctx, p, open.ID)
		wantErr(t, err, domain.KindForbidden, "")
		f.wantRefused(open.ID, p, procurement.ActTenderRead)
	}
}

// Objects are found through their tender: another tender's document is
// not found, before the input is even looked at.
func TestObjectOfAnotherTenderNotFound(t *testing.T) {
	f := newFixture(t)
	a := f.tender("O-1", false)
	b := f.tender("O-2", false)
	d, err := f.mgr.AddDocument(f.ctx, f.officer, a.ID, procurement.DocTender, "Konkurransegrunnlag", pdf("kg.pdf", "kg"), "")
	must(t, err)
	_, err = f.mgr.AddDocumentVersion(f.ctx, f.officer, b.ID, d.ID, procurement.File{}, "")
	wantErr(t, err, domain.KindNotFound, "procurement.document_not_found")
	_, _, err = f.mgr.DocumentFile(f.ctx, f.lead, b.ID, d.ID, 1)
	wantErr(t, err, domain.KindNotFound, "")
	// Unpublished, the document is not found in the portal either.
	_, _, err = f.mgr.PortalDocument(f.ctx, f.supplierA, a.ID, d.ID, 1)
	wantErr(t, err, domain.KindNotFound, "")
	d, err = f.mgr.PublishDocument(f.ctx, f.officer, a.ID, d.ID, d.Version)
	must(t, err)
	_, file, err := f.mgr.PortalDocument(f.ctx, f.supplierA, a.ID, d.ID, 1)
	must(t, err)
	if file.Name != "kg.pdf" || !f.logged(a.ID, f.supplierA, procurement.ActDocumentRead) {
		t.Fatalf("download %q not logged", file.Name)
	}
}

// Validation names every wrong field at once.
func TestCreateTenderInvalid(t *testing.T) {
	f := newFixture(t)
	_, err := f.mgr.CreateTender(f.ctx, f.lead, procurement.Tender{Reference: " X ", EstimatedValue: -1, CPV: "7200000-5",
		Items: []procurement.Item{{ServiceID: 999}}, Lots: []procurement.Lot{{Number: 2}},
		Milestones: []procurement.Milestone{{Kind: procurement.MilestoneOpening, At: opening}, {Kind: procurement.MilestoneDeadline, At: deadline}}})
	wantErr(t, err, domain.KindInvalid, "")
	want := []string{"reference", "title", "estimated_value", "cpv", "items[0].service_id", "lots[0].number", "lots[0].title", "milestones[1].kind"}
	got := map[string]bool{}
	for _, fe := range domain.AsError(err).Fields {
		got[fe.Field] = true
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("no error at %s in %v", w, err)
		}
	}
	_, err = f.mgr.CreateTender(f.ctx, f.observer, procurement.Tender{})
	wantErr(t, err, domain.KindForbidden, "")
}
