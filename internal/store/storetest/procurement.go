package storetest

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/domain/domaintest"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

// testProcurement is the procurement store's contract: every record comes
// back as stored, nothing crosses a collaboration or a tender, keys and
// versions conflict, and the database itself refuses to change the access
// log, a bid's sealed parts and its receipt.
func testProcurement(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	t.Run("Suppliers", func(t *testing.T) { testProcSuppliers(t, open) })
	t.Run("Tenders", func(t *testing.T) { testProcTenders(t, open) })
	t.Run("Candidates", func(t *testing.T) { testProcCandidates(t, open) })
	t.Run("Documents", func(t *testing.T) { testProcDocuments(t, open) })
	t.Run("Specification", func(t *testing.T) { testProcSpecification(t, open) })
	t.Run("Questions", func(t *testing.T) { testProcQuestions(t, open) })
	t.Run("Bids", func(t *testing.T) { testProcBids(t, open) })
	t.Run("Confirmations", func(t *testing.T) { testProcConfirmations(t, open) })
	t.Run("Log", func(t *testing.T) { testProcLog(t, open) })
	t.Run("DataVersion", func(t *testing.T) { testProcDataVersion(t, open) })
	t.Run("Concurrent", func(t *testing.T) { testProcConcurrent(t, open) })
}

// procEnv is a database with two collaborations, a supplier and two
// tenders in the first, and a tender in the other.
type procEnv struct {
	*env
	st              procurement.Store
	c, other        domain.ID
	sup             procurement.Supplier
	tender, second  procurement.Tender
	foreign         procurement.Tender // of other
	foreignSupplier domain.ID
}

func newProcEnv(t *testing.T, open func(t *testing.T) *sqlstore.DB) *procEnv {
	t.Helper()
	e := &procEnv{env: newEnv(t, open)}
	e.st = e.db.Procurement()
	e.c, e.other = e.collab("fosen"), e.collab("namdal")
	e.sup = procurement.Supplier{CollaborationID: e.c, Name: "Acme AS", OrgNumber: "974760673",
		ContactName: "Kari", ContactEmail: "kari@acme.example", CreatedAt: at(2, 9, 0, 0, 0)}
	var err error
	e.sup.ID, err = e.st.CreateSupplier(e.ctx, e.sup)
	must(t, err)
	e.sup.Version = 1
	e.foreignSupplier, err = e.st.CreateSupplier(e.ctx, procurement.Supplier{CollaborationID: e.other, Name: "Beta AS",
		OrgNumber: "974760673"})
	must(t, err)
	e.tender = e.newTender(e.c, "FOSEN-2025-01")
	e.second = e.newTender(e.c, "FOSEN-2025-02")
	e.foreign = e.newTender(e.other, "NAMDAL-2025-01")
	return e
}

func (e *procEnv) newTender(collab domain.ID, ref string) procurement.Tender {
	e.t.Helper()
	tn := procurement.Tender{CollaborationID: collab, Reference: ref, Title: "Sak " + ref, Procedure: "open",
		Status: procurement.StatusDraft, Milestones: []procurement.Milestone{{Kind: procurement.MilestoneDeadline,
			At: at(20, 12, 0, 0, 0)}}, CreatedBy: "Åse", CreatedAt: at(2, 10, 0, 0, 0)}
	id, err := e.st.CreateTender(e.ctx, tn)
	must(e.t, err)
	got, err := e.st.Tender(e.ctx, collab, id)
	must(e.t, err)
	return got
}

func (e *procEnv) dataVersion(collab domain.ID) int64 {
	e.t.Helper()
	v, err := e.cat.DataVersion(e.ctx, collab)
	must(e.t, err)
	return v
}

// wantCode fails the test unless err is of kind want with code.
func wantCode(t *testing.T, err error, want domain.Kind, code string) {
	t.Helper()
	domaintest.WantErr(t, err, want, code)
}

// refused fails the test unless the database refuses each statement (ids
// are formatted in, since the placeholders differ).
func (e *procEnv) refused(what string, queries ...string) {
	e.t.Helper()
	for _, q := range queries {
		if _, err := e.db.SQL().ExecContext(e.ctx, q); err == nil {
			e.t.Errorf("%s: %s was not refused", what, q)
		}
	}
}

func testProcSuppliers(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newProcEnv(t, open)
	got, err := e.st.Supplier(e.ctx, e.c, e.sup.ID)
	must(t, err)
	sameTime(t, "supplier created_at", got.CreatedAt, e.sup.CreatedAt)
	got.CreatedAt = e.sup.CreatedAt
	if got != e.sup {
		t.Errorf("Supplier = %+v, want %+v", got, e.sup)
	}
	_, err = e.st.Supplier(e.ctx, e.other, e.sup.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.supplier_not_found")

	// The organisation number is unique within a collaboration only.
	_, err = e.st.CreateSupplier(e.ctx, procurement.Supplier{CollaborationID: e.c, Name: "Acme igjen", OrgNumber: e.sup.OrgNumber})
	wantCode(t, err, domain.KindConflict, "procurement.supplier_exists")
	zeta := procurement.Supplier{CollaborationID: e.c, Name: "Aaa Data AS", OrgNumber: "923609016"}
	zeta.ID, err = e.st.CreateSupplier(e.ctx, zeta)
	must(t, err)
	list, err := e.st.Suppliers(e.ctx, e.c)
	must(t, err)
	if len(list) != 2 || list[0].ID != zeta.ID || list[1].ID != e.sup.ID {
		t.Errorf("Suppliers = %+v, want by name", list)
	}

	got.Name, got.ContactEmail = "Acme Norge AS", "post@acme.example"
	saved(t, 2)(e.st.UpdateSupplier(e.ctx, got))
	wantCode(t, errOf(e.st.UpdateSupplier(e.ctx, got)), domain.KindConflict, "error.stale")
	again, err := e.st.Supplier(e.ctx, e.c, e.sup.ID)
	if err != nil || again.Name != "Acme Norge AS" || again.ContactEmail != "post@acme.example" || again.Version != 2 {
		t.Errorf("after update: %+v, %v", again, err)
	}
	again.OrgNumber = "923609016"
	wantCode(t, errOf(e.st.UpdateSupplier(e.ctx, again)), domain.KindConflict, "procurement.supplier_exists")
	foreign := again
	foreign.CollaborationID = e.other
	wantCode(t, errOf(e.st.UpdateSupplier(e.ctx, foreign)), domain.KindNotFound, "procurement.supplier_not_found")

	// Users: one supplier each; linking again moves them.
	u1, u2 := e.user(e.c, "a@acme.example"), e.user(e.c, "b@acme.example")
	stranger := e.user(e.other, "c@beta.example")
	_, err = e.st.SupplierOfUser(e.ctx, e.c, u1.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.supplier_not_found")
	must(t, e.st.LinkSupplierUser(e.ctx, e.c, e.sup.ID, u1.ID))
	must(t, e.st.LinkSupplierUser(e.ctx, e.c, e.sup.ID, u2.ID))
	must(t, e.st.LinkSupplierUser(e.ctx, e.c, e.sup.ID, u2.ID))
	if ids, err := e.st.SupplierUsers(e.ctx, e.c, e.sup.ID); err != nil || !reflect.DeepEqual(ids, []domain.ID{u1.ID, u2.ID}) {
		t.Errorf("SupplierUsers = %v, %v", ids, err)
	}
	must(t, e.st.LinkSupplierUser(e.ctx, e.c, zeta.ID, u2.ID))
	if s, err := e.st.SupplierOfUser(e.ctx, e.c, u2.ID); err != nil || s.ID != zeta.ID {
		t.Errorf("SupplierOfUser after moving = %+v, %v", s, err)
	}
	if ids, err := e.st.SupplierUsers(e.ctx, e.c, e.sup.ID); err != nil || !reflect.DeepEqual(ids, []domain.ID{u1.ID}) {
		t.Errorf("SupplierUsers after moving = %v, %v", ids, err)
	}
	if s, err := e.st.SupplierOfUser(e.ctx, e.c, u1.ID); err != nil || s.Name != "Acme Norge AS" {
		t.Errorf("SupplierOfUser = %+v, %v", s, err)
	}
	_, err = e.st.SupplierOfUser(e.ctx, e.other, u1.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.supplier_not_found")
	wantCode(t, e.st.LinkSupplierUser(e.ctx, e.c, e.sup.ID, stranger.ID), domain.KindNotFound, "auth.user_not_found")
	wantCode(t, e.st.LinkSupplierUser(e.ctx, e.c, e.foreignSupplier, u1.ID), domain.KindNotFound, "procurement.supplier_not_found")
	_, err = e.st.SupplierUsers(e.ctx, e.other, e.sup.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.supplier_not_found")
}

func testProcTenders(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newProcEnv(t, open)
	tn := procurement.Tender{CollaborationID: e.c, Reference: "FOSEN-2025-07", Title: "Sak- og arkivsystem",
		Description: "Felles anskaffelse", Procedure: "competitive_dialogue", EstimatedValue: 2.5e6, Works: false,
		CPV: "72000000-5", Lots: []procurement.Lot{{Number: 1, Title: "Arkiv", EstimatedValue: 1e6}},
		Items: []procurement.Item{{ServiceID: 3, RoadmapItemID: "byggesak"}},
		Milestones: []procurement.Milestone{{Kind: procurement.MilestoneDeadline, At: at(20, 12, 0, 0, 0)},
			{Kind: procurement.MilestoneOpening, At: at(20, 13, 0, 0, 0)}},
		Status: procurement.StatusDraft, Officers: domain.Editors{4, 5},
		Dialogue: procurement.Dialogue{Interested: []domain.ID{e.sup.ID},
			Meetings:  []procurement.Meeting{{SupplierID: e.sup.ID, Start: at(5, 9, 0, 0, 0), Minutes: 45}},
			Learnings: []procurement.Learning{{Text: "Arkiv først", Requirements: []domain.ID{9}}}},
		Conference: procurement.BiddersConference{At: at(8, 10, 0, 0, 0), Minutes: "Referat"},
		CreatedBy:  "Åse", CreatedAt: at(3, 8, 0, 0, 123)}
	id, err := e.st.CreateTender(e.ctx, tn)
	must(t, err)
	tn.ID, tn.Version, tn.UpdatedBy, tn.UpdatedAt = id, 1, tn.CreatedBy, tn.CreatedAt
	got, err := e.st.Tender(e.ctx, e.c, id)
	must(t, err)
	sameTime(t, "tender created_at", got.CreatedAt, tn.CreatedAt)
	if !reflect.DeepEqual(got, tn) {
		t.Errorf("Tender =\n%+v\nwant\n%+v", got, tn)
	}
	if byRef, err := e.st.TenderByReference(e.ctx, e.c, "FOSEN-2025-07"); err != nil || byRef.ID != id {
		t.Errorf("TenderByReference = %+v, %v", byRef, err)
	}
	_, err = e.st.TenderByReference(e.ctx, e.other, "FOSEN-2025-07")
	wantCode(t, err, domain.KindNotFound, "procurement.tender_not_found")
	_, err = e.st.Tender(e.ctx, e.other, id)
	wantCode(t, err, domain.KindNotFound, "procurement.tender_not_found")
	wantCode(t, e.st.LockTender(e.ctx, e.other, id), domain.KindNotFound, "procurement.tender_not_found")
	must(t, e.st.Atomic(e.ctx, func(tx procurement.Store) error { return tx.LockTender(e.ctx, e.c, id) }))

	// References are unique within a collaboration only.
	_, err = e.st.CreateTender(e.ctx, procurement.Tender{CollaborationID: e.c, Reference: "FOSEN-2025-07", Procedure: "open",
		Status: procurement.StatusDraft})
	wantCode(t, err, domain.KindConflict, "procurement.reference_exists")
	_, err = e.st.CreateTender(e.ctx, procurement.Tender{CollaborationID: e.other, Reference: "FOSEN-2025-07",
		Procedure: "open", Status: procurement.StatusDraft})
	must(t, err)

	list, err := e.st.Tenders(e.ctx, e.c)
	must(t, err)
	if len(list) != 3 || list[0].ID != id || list[1].ID != e.second.ID || list[2].ID != e.tender.ID {
		t.Errorf("Tenders = %+v, want newest first", list)
	}

	// Update: everything but creation; stale, duplicate reference, other
	// collaboration.
	got.Status, got.Title, got.UpdatedBy, got.UpdatedAt = procurement.StatusPublished, "Nytt navn", "Per", at(4, 8, 0, 0, 0)
	got.Opening = &procurement.OpeningRecord{OpenedAt: at(20, 13, 5, 0, 0), Withdrawn: 1}
	saved(t, 2)(e.st.UpdateTender(e.ctx, got))
	wantCode(t, errOf(e.st.UpdateTender(e.ctx, got)), domain.KindConflict, "error.stale")
	again, err := e.st.Tender(e.ctx, e.c, id)
	must(t, err)
	if again.Status != procurement.StatusPublished || again.Title != "Nytt navn" || again.Version != 2 ||
		again.UpdatedBy != "Per" || again.CreatedBy != "Åse" || again.Opening == nil || again.Opening.Withdrawn != 1 {
		t.Errorf("after update: %+v", again)
	}
	sameTime(t, "tender updated_at", again.UpdatedAt, at(4, 8, 0, 0, 0))
	sameTime(t, "tender created_at after update", again.CreatedAt, tn.CreatedAt)
	again.Reference = e.tender.Reference
	wantCode(t, errOf(e.st.UpdateTender(e.ctx, again)), domain.KindConflict, "procurement.reference_exists")
	again.Reference, again.CollaborationID = "FOSEN-2025-07", e.other
	wantCode(t, errOf(e.st.UpdateTender(e.ctx, again)), domain.KindNotFound, "procurement.tender_not_found")

	// The key: once, never changed, never another collaboration's.
	wantCode(t, e.st.SetTenderKey(e.ctx, e.other, id, []byte("wrapped")), domain.KindNotFound, "procurement.tender_not_found")
	must(t, e.st.SetTenderKey(e.ctx, e.c, id, []byte("wrapped\x00key")))
	wantKind(t, e.st.SetTenderKey(e.ctx, e.c, id, []byte("other")), domain.KindConflict)
	if k, err := e.st.TenderKey(e.ctx, e.c, id); err != nil || string(k) != "wrapped\x00key" {
		t.Errorf("TenderKey = %q, %v", k, err)
	}
	_, err = e.st.TenderKey(e.ctx, e.other, id)
	wantCode(t, err, domain.KindNotFound, "procurement.tender_not_found")
	e.refused("changing a set key", fmt.Sprintf(`UPDATE tenders SET wrapped_key = NULL WHERE id = %d`, id))
	// An update of the tender keeps the key.
	_, err = e.st.UpdateTender(e.ctx, func() procurement.Tender { x, _ := e.st.Tender(e.ctx, e.c, id); return x }())
	must(t, err)
	if k, err := e.st.TenderKey(e.ctx, e.c, id); err != nil || string(k) != "wrapped\x00key" {
		t.Errorf("TenderKey after update = %q, %v", k, err)
	}
}

func testProcCandidates(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newProcEnv(t, open)
	c := procurement.Candidate{TenderID: e.tender.ID, SupplierID: e.sup.ID, InvitedAt: at(3, 9, 0, 0, 0), InvitedBy: "Åse"}
	must(t, e.st.AddCandidate(e.ctx, e.c, c))
	before := e.dataVersion(e.c)
	must(t, e.st.AddCandidate(e.ctx, e.c, procurement.Candidate{TenderID: e.tender.ID, SupplierID: e.sup.ID, InvitedBy: "Per"}))
	if v := e.dataVersion(e.c); v != before {
		t.Errorf("inviting again raised the data version to %d from %d", v, before)
	}
	list, err := e.st.Candidates(e.ctx, e.c, e.tender.ID)
	must(t, err)
	if len(list) != 1 || list[0].InvitedBy != "Åse" || list[0].SupplierID != e.sup.ID || list[0].TenderID != e.tender.ID {
		t.Errorf("Candidates = %+v", list)
	} else {
		sameTime(t, "invited_at", list[0].InvitedAt, c.InvitedAt)
	}
	if list, err := e.st.Candidates(e.ctx, e.c, e.second.ID); err != nil || len(list) != 0 {
		t.Errorf("another tender's candidates = %+v, %v", list, err)
	}
	_, err = e.st.Candidates(e.ctx, e.other, e.tender.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.tender_not_found")
	wantCode(t, e.st.AddCandidate(e.ctx, e.c, procurement.Candidate{TenderID: e.tender.ID, SupplierID: e.foreignSupplier}),
		domain.KindNotFound, "procurement.supplier_not_found")
	wantCode(t, e.st.AddCandidate(e.ctx, e.c, procurement.Candidate{TenderID: e.foreign.ID, SupplierID: e.sup.ID}),
		domain.KindNotFound, "procurement.tender_not_found")

	wantCode(t, e.st.RemoveCandidate(e.ctx, e.other, e.tender.ID, e.sup.ID), domain.KindNotFound, "procurement.tender_not_found")
	must(t, e.st.RemoveCandidate(e.ctx, e.c, e.second.ID, e.sup.ID)) // not a candidate there: nothing happens
	if list, _ := e.st.Candidates(e.ctx, e.c, e.tender.ID); len(list) != 1 {
		t.Errorf("removing from another tender removed %+v", list)
	}
	must(t, e.st.RemoveCandidate(e.ctx, e.c, e.tender.ID, e.sup.ID))
	if list, err := e.st.Candidates(e.ctx, e.c, e.tender.ID); err != nil || len(list) != 0 {
		t.Errorf("after removing: %+v, %v", list, err)
	}
}

func testProcDocuments(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newProcEnv(t, open)
	d := procurement.Document{CollaborationID: e.c, TenderID: e.tender.ID, Kind: procurement.DocTender,
		Title: "Konkurransegrunnlag", CreatedAt: at(3, 9, 0, 0, 0)}
	id, err := e.st.CreateDocument(e.ctx, d)
	must(t, err)
	_, err = e.st.CreateDocument(e.ctx, procurement.Document{CollaborationID: e.c, TenderID: e.foreign.ID, Kind: procurement.DocTender, Title: "x"})
	wantCode(t, err, domain.KindNotFound, "procurement.tender_not_found")

	// Three versions, numbered by the store, content byte-exact.
	contents := [][]byte{[]byte("første"), {0, 1, 2, 0xff, 0xfe, 0}, bytes.Repeat([]byte{0x5a, 0}, 70000)}
	for i, content := range contents {
		n, err := e.st.AddDocumentVersion(e.ctx, e.c, procurement.DocVersion{DocumentID: id, N: 99,
			FileName: fmt.Sprintf("v%d.pdf", i+1), ContentType: "application/pdf", SHA256: "not trusted", Note: "endret",
			By: "Åse", At: at(3, 10+i, 0, 0, 7)}, content)
		must(t, err)
		if n != i+1 {
			t.Errorf("version %d numbered %d", i+1, n)
		}
	}
	_, err = e.st.AddDocumentVersion(e.ctx, e.other, procurement.DocVersion{DocumentID: id, FileName: "x"}, []byte("x"))
	wantCode(t, err, domain.KindNotFound, "procurement.document_not_found")
	for i, content := range contents {
		v, got, err := e.st.DocumentContent(e.ctx, e.c, e.tender.ID, id, i+1)
		must(t, err)
		if !bytes.Equal(got, content) {
			t.Errorf("version %d content differs (%d bytes, want %d)", i+1, len(got), len(content))
		}
		if v.N != i+1 || v.DocumentID != id || v.Size != int64(len(content)) || len(v.SHA256) != 64 ||
			v.FileName != fmt.Sprintf("v%d.pdf", i+1) || v.Note != "endret" || v.By != "Åse" || v.ContentType != "application/pdf" {
			t.Errorf("version %d = %+v", i+1, v)
		}
		sameTime(t, "version at", v.At, at(3, 10+i, 0, 0, 7))
	}
	_, _, err = e.st.DocumentContent(e.ctx, e.c, e.tender.ID, id, 4)
	wantCode(t, err, domain.KindNotFound, "procurement.document_not_found")
	_, _, err = e.st.DocumentContent(e.ctx, e.c, e.second.ID, id, 1)
	wantCode(t, err, domain.KindNotFound, "procurement.document_not_found")
	_, _, err = e.st.DocumentContent(e.ctx, e.other, e.tender.ID, id, 1)
	wantCode(t, err, domain.KindNotFound, "procurement.document_not_found")
	e.refused("changing a document version", `UPDATE tender_document_versions SET note = 'x'`)

	got, err := e.st.Document(e.ctx, e.c, e.tender.ID, id)
	must(t, err)
	if got.Title != d.Title || got.Kind != d.Kind || got.Published || got.Version != 1 || len(got.Versions) != 3 ||
		got.Versions[2].N != 3 || got.Versions[0].FileName != "v1.pdf" {
		t.Errorf("Document = %+v", got)
	}
	_, err = e.st.Document(e.ctx, e.c, e.second.ID, id)
	wantCode(t, err, domain.KindNotFound, "procurement.document_not_found")

	other, err := e.st.CreateDocument(e.ctx, procurement.Document{CollaborationID: e.c, TenderID: e.tender.ID,
		Kind: procurement.DocQA, Title: "Spørsmål og svar"})
	must(t, err)
	list, err := e.st.Documents(e.ctx, e.c, e.tender.ID)
	must(t, err)
	if len(list) != 2 || list[0].ID != id || len(list[0].Versions) != 3 || list[1].ID != other || len(list[1].Versions) != 0 {
		t.Errorf("Documents = %+v", list)
	}
	if list, err := e.st.Documents(e.ctx, e.c, e.second.ID); err != nil || len(list) != 0 {
		t.Errorf("another tender's documents = %+v, %v", list, err)
	}

	got.Title, got.Published = "Konkurransegrunnlag v2", true
	saved(t, 2)(e.st.UpdateDocument(e.ctx, got))
	wantCode(t, errOf(e.st.UpdateDocument(e.ctx, got)), domain.KindConflict, "error.stale")
	moved := got
	moved.TenderID, moved.Version = e.second.ID, 2
	wantCode(t, errOf(e.st.UpdateDocument(e.ctx, moved)), domain.KindNotFound, "procurement.document_not_found")
	if again, err := e.st.Document(e.ctx, e.c, e.tender.ID, id); err != nil || !again.Published || again.Title != got.Title {
		t.Errorf("after update: %+v, %v", again, err)
	}
}

func testProcSpecification(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newProcEnv(t, open)
	r := procurement.SpecRequirement{CollaborationID: e.c, TenderID: e.tender.ID, Number: "K-2", Text: "Skal støtte eByggesak",
		Priority: "must", SourceID: 11, ServiceID: 3, SourceElement: "Task_1", SourceName: "Motta søknad", Position: 2,
		UpdatedBy: "Åse", UpdatedAt: at(3, 9, 0, 0, 0)}
	id, err := e.st.CreateSpecRequirement(e.ctx, r)
	must(t, err)
	r.ID, r.Version = id, 1
	first, err := e.st.CreateSpecRequirement(e.ctx, procurement.SpecRequirement{CollaborationID: e.c, TenderID: e.tender.ID,
		Number: "K-1", Text: "Bør ha API", Priority: "should", Position: 1})
	must(t, err)
	got, err := e.st.SpecRequirement(e.ctx, e.c, e.tender.ID, id)
	must(t, err)
	sameTime(t, "requirement updated_at", got.UpdatedAt, r.UpdatedAt)
	got.UpdatedAt = r.UpdatedAt
	if got != r {
		t.Errorf("SpecRequirement = %+v, want %+v", got, r)
	}
	list, err := e.st.SpecRequirements(e.ctx, e.c, e.tender.ID)
	must(t, err)
	if len(list) != 2 || list[0].ID != first || list[1].ID != id {
		t.Errorf("SpecRequirements = %+v, want by position", list)
	}
	_, err = e.st.SpecRequirement(e.ctx, e.c, e.second.ID, id)
	wantCode(t, err, domain.KindNotFound, "procurement.requirement_not_found")
	_, err = e.st.SpecRequirement(e.ctx, e.other, e.tender.ID, id)
	wantCode(t, err, domain.KindNotFound, "procurement.requirement_not_found")
	_, err = e.st.CreateSpecRequirement(e.ctx, procurement.SpecRequirement{CollaborationID: e.c, TenderID: e.foreign.ID, Text: "x"})
	wantCode(t, err, domain.KindNotFound, "procurement.tender_not_found")

	got.Text, got.Edited, got.Removed, got.Position = "Skal støtte eByggesak og Fellestjenester BYGG", true, true, 3
	saved(t, 2)(e.st.UpdateSpecRequirement(e.ctx, got))
	wantCode(t, errOf(e.st.UpdateSpecRequirement(e.ctx, got)), domain.KindConflict, "error.stale")
	if again, err := e.st.SpecRequirement(e.ctx, e.c, e.tender.ID, id); err != nil || !again.Edited || !again.Removed ||
		again.Position != 3 || again.Text != got.Text || again.Version != 2 {
		t.Errorf("after update: %+v, %v", again, err)
	}
	got.TenderID, got.Version = e.second.ID, 2
	wantCode(t, errOf(e.st.UpdateSpecRequirement(e.ctx, got)), domain.KindNotFound, "procurement.requirement_not_found")
}

func testProcQuestions(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newProcEnv(t, open)
	u := e.user(e.c, "a@acme.example")
	q := procurement.Question{CollaborationID: e.c, TenderID: e.tender.ID, SupplierID: e.sup.ID, AskedBy: u.ID,
		Source: procurement.SourcePortal, Text: "Kan vi levere som SaaS?", AskedAt: at(5, 9, 0, 0, 1)}
	id, err := e.st.CreateQuestion(e.ctx, q)
	must(t, err)
	q.ID, q.Version = id, 1
	conf, err := e.st.CreateQuestion(e.ctx, procurement.Question{CollaborationID: e.c, TenderID: e.tender.ID,
		Source: procurement.SourceConference, Text: "Opsjoner?", AskedAt: at(6, 9, 0, 0, 0)})
	must(t, err)
	_, err = e.st.CreateQuestion(e.ctx, procurement.Question{CollaborationID: e.c, TenderID: e.tender.ID,
		SupplierID: e.foreignSupplier, Source: procurement.SourcePortal, Text: "x"})
	wantCode(t, err, domain.KindNotFound, "procurement.supplier_not_found")

	got, err := e.st.Question(e.ctx, e.c, e.tender.ID, id)
	must(t, err)
	sameTime(t, "asked_at", got.AskedAt, q.AskedAt)
	got.AskedAt = q.AskedAt
	if got != q {
		t.Errorf("Question = %+v, want %+v", got, q)
	}
	list, err := e.st.Questions(e.ctx, e.c, e.tender.ID)
	must(t, err)
	if len(list) != 2 || list[0].ID != id || list[1].ID != conf || list[1].SupplierID != 0 || list[1].AskedBy != 0 {
		t.Errorf("Questions = %+v", list)
	}
	_, err = e.st.Question(e.ctx, e.c, e.second.ID, id)
	wantCode(t, err, domain.KindNotFound, "procurement.question_not_found")
	_, err = e.st.Question(e.ctx, e.other, e.tender.ID, id)
	wantCode(t, err, domain.KindNotFound, "procurement.question_not_found")

	// Only the answer's fields change.
	got.Text, got.Answer, got.AnsweredBy, got.AnsweredAt, got.PublishedAt = "endret", "Ja.", "Åse", at(7, 9, 0, 0, 0), at(7, 10, 0, 0, 0)
	saved(t, 2)(e.st.UpdateQuestion(e.ctx, got))
	wantCode(t, errOf(e.st.UpdateQuestion(e.ctx, got)), domain.KindConflict, "error.stale")
	again, err := e.st.Question(e.ctx, e.c, e.tender.ID, id)
	must(t, err)
	if again.Text != q.Text || again.Answer != "Ja." || again.AnsweredBy != "Åse" || again.Version != 2 {
		t.Errorf("after answering: %+v", again)
	}
	sameTime(t, "answered_at", again.AnsweredAt, at(7, 9, 0, 0, 0))
	sameTime(t, "published_at", again.PublishedAt, at(7, 10, 0, 0, 0))
	again.PublishedAt = time.Time{}
	saved(t, 3)(e.st.UpdateQuestion(e.ctx, again))
	if x, err := e.st.Question(e.ctx, e.c, e.tender.ID, id); err != nil || !x.PublishedAt.IsZero() {
		t.Errorf("unpublished: %+v, %v", x, err)
	}

	// Notices, newest first.
	n1, err := e.st.AddNotice(e.ctx, procurement.Notice{CollaborationID: e.c, TenderID: e.tender.ID, Kind: "answer",
		Detail: "Spørsmål 1", At: at(7, 10, 0, 0, 0)})
	must(t, err)
	n2, err := e.st.AddNotice(e.ctx, procurement.Notice{CollaborationID: e.c, TenderID: e.tender.ID, Kind: "deadline",
		Detail: "21.03.2025 12:00", At: at(8, 10, 0, 0, 0)})
	must(t, err)
	_, err = e.st.AddNotice(e.ctx, procurement.Notice{CollaborationID: e.c, TenderID: e.foreign.ID, Kind: "answer"})
	wantCode(t, err, domain.KindNotFound, "procurement.tender_not_found")
	notices, err := e.st.Notices(e.ctx, e.c, e.tender.ID)
	must(t, err)
	if len(notices) != 2 || notices[0].ID != n2 || notices[1].ID != n1 || notices[0].Kind != "deadline" ||
		notices[1].Detail != "Spørsmål 1" || notices[0].TenderID != e.tender.ID {
		t.Errorf("Notices = %+v", notices)
	} else {
		sameTime(t, "notice at", notices[0].At, at(8, 10, 0, 0, 0))
	}
	if list, err := e.st.Notices(e.ctx, e.c, e.second.ID); err != nil || len(list) != 0 {
		t.Errorf("another tender's notices = %+v, %v", list, err)
	}
}

func testProcBids(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newProcEnv(t, open)
	u := e.user(e.c, "a@acme.example")
	// A receipt time with nanoseconds: stored and read back to the
	// microsecond on every database.
	received := time.Date(2025, time.March, 20, 11, 59, 59, 999999999, time.UTC)
	b := procurement.Bid{CollaborationID: e.c, TenderID: e.tender.ID, SupplierID: e.sup.ID, SubmittedBy: u.ID,
		Token: "tok-1", Status: procurement.BidSubmitted, ReceivedAt: received, Digest: "d1", Size: 12,
		Files: []procurement.BidFile{{N: 1, Size: 5, SHA256: "f1"}, {N: 2, Size: 7, SHA256: "f2"}}}
	sealed := procurement.Sealed{Price: []byte{1, 2, 0, 3}, Files: [][]byte{{0xff, 0}, bytes.Repeat([]byte{7}, 100000)}}
	id, err := e.st.CreateBid(e.ctx, b, sealed)
	must(t, err)
	b.ID = id
	got, err := e.st.Bid(e.ctx, e.c, e.tender.ID, id)
	must(t, err)
	want := b
	want.ReceivedAt = received.Truncate(time.Microsecond)
	if !got.ReceivedAt.Equal(want.ReceivedAt) || got.ReceivedAt.Location() != time.UTC {
		t.Errorf("received_at = %v, want exactly %v", got.ReceivedAt, want.ReceivedAt)
	}
	got.ReceivedAt = want.ReceivedAt
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Bid =\n%+v\nwant\n%+v", got, want)
	}
	s, err := e.st.SealedBid(e.ctx, e.c, e.tender.ID, id)
	must(t, err)
	if !reflect.DeepEqual(s, sealed) {
		t.Errorf("SealedBid differs: price %v, %d files", s.Price, len(s.Files))
	}

	// Not found across tenders and collaborations; the token is unique;
	// the sealed files must match the receipt.
	_, err = e.st.Bid(e.ctx, e.c, e.second.ID, id)
	wantCode(t, err, domain.KindNotFound, "procurement.bid_not_found")
	_, err = e.st.Bid(e.ctx, e.other, e.tender.ID, id)
	wantCode(t, err, domain.KindNotFound, "procurement.bid_not_found")
	_, err = e.st.SealedBid(e.ctx, e.c, e.second.ID, id)
	wantCode(t, err, domain.KindNotFound, "procurement.bid_not_found")
	_, err = e.st.SealedBid(e.ctx, e.other, e.tender.ID, id)
	wantCode(t, err, domain.KindNotFound, "procurement.bid_not_found")
	_, err = e.st.CreateBid(e.ctx, b, sealed)
	wantKind(t, err, domain.KindConflict)
	other := b
	other.Token, other.SupplierID = "tok-x", e.foreignSupplier
	_, err = e.st.CreateBid(e.ctx, other, sealed)
	wantCode(t, err, domain.KindNotFound, "procurement.supplier_not_found")
	other.SupplierID, other.TenderID = e.sup.ID, e.foreign.ID
	_, err = e.st.CreateBid(e.ctx, other, sealed)
	wantCode(t, err, domain.KindNotFound, "procurement.tender_not_found")
	other.TenderID = e.tender.ID
	_, err = e.st.CreateBid(e.ctx, other, procurement.Sealed{Price: []byte{1}})
	wantKind(t, err, domain.KindInternal)

	// A second submission; the first is replaced, once.
	b2 := b
	b2.Token, b2.ReceivedAt, b2.Files = "tok-2", received.Add(-time.Hour), nil
	b2.ID, err = e.st.CreateBid(e.ctx, b2, procurement.Sealed{Price: []byte{9}})
	must(t, err)
	changed := at(20, 11, 0, 0, 5)
	wantCode(t, e.st.SetBidStatus(e.ctx, e.c, e.second.ID, id, procurement.BidReplaced, changed), domain.KindNotFound, "procurement.bid_not_found")
	must(t, e.st.SetBidStatus(e.ctx, e.c, e.tender.ID, id, procurement.BidReplaced, changed))
	wantCode(t, e.st.SetBidStatus(e.ctx, e.c, e.tender.ID, id, procurement.BidWithdrawn, changed), domain.KindConflict, "error.stale")
	list, err := e.st.Bids(e.ctx, e.c, e.tender.ID)
	must(t, err)
	if len(list) != 2 || list[0].ID != b2.ID || list[1].ID != id || list[1].Status != procurement.BidReplaced ||
		list[0].Status != procurement.BidSubmitted || list[0].Files == nil || len(list[0].Files) != 0 || !list[0].ChangedAt.IsZero() {
		t.Errorf("Bids = %+v, want oldest first", list)
	} else {
		sameTime(t, "changed_at", list[1].ChangedAt, changed)
	}
	if list, err := e.st.Bids(e.ctx, e.c, e.second.ID); err != nil || len(list) != 0 {
		t.Errorf("another tender's bids = %+v, %v", list, err)
	}

	// The database keeps the receipt and the sealed parts as they are.
	e.refused("changing a bid's receipt or sealed parts",
		fmt.Sprintf(`UPDATE bids SET digest = 'x' WHERE id = %d`, id),
		fmt.Sprintf(`UPDATE bids SET token = 'x' WHERE id = %d`, id),
		fmt.Sprintf(`UPDATE bids SET received_at = changed_at WHERE id = %d`, id),
		fmt.Sprintf(`UPDATE bids SET files = '[]' WHERE id = %d`, id),
		fmt.Sprintf(`DELETE FROM bids WHERE id = %d`, b2.ID),
		fmt.Sprintf(`UPDATE bid_parts SET sealed = sealed WHERE bid_id = %d`, id),
		fmt.Sprintf(`UPDATE bid_parts SET n = n + 10 WHERE bid_id = %d`, id),
		fmt.Sprintf(`DELETE FROM bid_parts WHERE bid_id = %d`, id))
	if s, err := e.st.SealedBid(e.ctx, e.c, e.tender.ID, id); err != nil || !reflect.DeepEqual(s, sealed) {
		t.Errorf("sealed parts after refused changes differ: %v", err)
	}
	if x, err := e.st.Bid(e.ctx, e.c, e.tender.ID, id); err != nil || x.Digest != "d1" || x.Token != "tok-1" ||
		!x.ReceivedAt.Equal(want.ReceivedAt) {
		t.Errorf("receipt after refused changes: %+v, %v", x, err)
	}
	// Status and its time may change (SetBidStatus does it).
	if _, err := e.db.SQL().ExecContext(e.ctx, fmt.Sprintf(`UPDATE bids SET status = 'withdrawn', changed_at = received_at WHERE id = %d`, b2.ID)); err != nil {
		t.Errorf("changing a bid's status was refused: %v", err)
	}
}

func testProcConfirmations(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newProcEnv(t, open)
	u1, u2 := e.user(e.c, "leder@fosen.example"), e.user(e.c, "radgiver@fosen.example")
	must(t, e.st.AddConfirmation(e.ctx, e.c, procurement.Confirmation{TenderID: e.tender.ID, UserID: u1.ID, Name: "Leder",
		At: at(20, 13, 0, 0, 1)}))
	wantCode(t, e.st.AddConfirmation(e.ctx, e.c, procurement.Confirmation{TenderID: e.tender.ID, UserID: u1.ID, Name: "Leder"}),
		domain.KindConflict, "procurement.already_confirmed")
	wantCode(t, e.st.AddConfirmation(e.ctx, e.other, procurement.Confirmation{TenderID: e.tender.ID, UserID: u2.ID}),
		domain.KindNotFound, "procurement.tender_not_found")
	must(t, e.st.AddConfirmation(e.ctx, e.c, procurement.Confirmation{TenderID: e.second.ID, UserID: u1.ID, Name: "Leder"}))
	must(t, e.st.AddConfirmation(e.ctx, e.c, procurement.Confirmation{TenderID: e.tender.ID, UserID: u2.ID, Name: "Rådgiver",
		At: at(20, 13, 2, 0, 0)}))
	list, err := e.st.Confirmations(e.ctx, e.c, e.tender.ID)
	must(t, err)
	if len(list) != 2 || list[0].UserID != u1.ID || list[0].Name != "Leder" || list[1].UserID != u2.ID ||
		list[1].TenderID != e.tender.ID {
		t.Errorf("Confirmations = %+v", list)
	} else {
		sameTime(t, "confirmation at", list[0].At, at(20, 13, 0, 0, 1))
	}
	_, err = e.st.Confirmations(e.ctx, e.other, e.tender.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.tender_not_found")
}

func testProcLog(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newProcEnv(t, open)
	last, err := e.st.LastLogEntry(e.ctx, e.c, e.tender.ID)
	must(t, err)
	if last.Seq != 0 {
		t.Errorf("LastLogEntry of an empty log = %+v", last)
	}
	if seq, mac, err := e.st.LogHead(e.ctx, e.c, e.tender.ID); err != nil || seq != 0 || mac != nil {
		t.Errorf("LogHead of an empty log = %d, %x, %v", seq, mac, err)
	}
	_, err = e.st.LastLogEntry(e.ctx, e.other, e.tender.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.tender_not_found")
	_, _, err = e.st.LogHead(e.ctx, e.other, e.tender.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.tender_not_found")

	entry := func(seq int64, prev []byte) procurement.LogEntry {
		return procurement.LogEntry{CollaborationID: e.c, TenderID: e.tender.ID, Seq: seq,
			At: time.Date(2025, time.March, 20, 12, 0, int(seq), 123456789, time.UTC), ActorID: 7, Actor: "Kari (Acme AS)",
			Action: "bid.submit", Object: "bid 3", Detail: "æøå", Outcome: "ok", Prev: prev,
			MAC: bytes.Repeat([]byte{byte(seq)}, 32)}
	}
	var want []procurement.LogEntry
	var prev []byte
	for seq := int64(1); seq <= 3; seq++ {
		en := entry(seq, prev)
		must(t, e.st.AppendLog(e.ctx, en))
		en.At = en.At.Truncate(time.Microsecond)
		want = append(want, en)
		prev = en.MAC
	}
	// A Seq taken, or one that would leave a gap, is refused.
	wantKind(t, e.st.AppendLog(e.ctx, entry(3, prev)), domain.KindConflict)
	wantKind(t, e.st.AppendLog(e.ctx, entry(5, prev)), domain.KindConflict)
	foreign := entry(4, prev)
	foreign.CollaborationID = e.other
	wantCode(t, e.st.AppendLog(e.ctx, foreign), domain.KindNotFound, "procurement.tender_not_found")

	got, err := e.st.Log(e.ctx, e.c, e.tender.ID)
	must(t, err)
	if len(got) != 3 {
		t.Fatalf("Log has %d entries, want 3", len(got))
	}
	for i := range got {
		if !got[i].At.Equal(want[i].At) || got[i].At.Location() != time.UTC {
			t.Errorf("entry %d at %v, want exactly %v", i+1, got[i].At, want[i].At)
		}
		got[i].At = want[i].At
		if len(got[i].Prev) == 0 && len(want[i].Prev) == 0 {
			got[i].Prev = want[i].Prev
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Log =\n%+v\nwant\n%+v", got, want)
	}
	if last, err := e.st.LastLogEntry(e.ctx, e.c, e.tender.ID); err != nil || last.Seq != 3 || !bytes.Equal(last.MAC, want[2].MAC) {
		t.Errorf("LastLogEntry = %+v, %v", last, err)
	}
	if seq, mac, err := e.st.LogHead(e.ctx, e.c, e.tender.ID); err != nil || seq != 3 || !bytes.Equal(mac, want[2].MAC) {
		t.Errorf("LogHead = %d, %x, %v", seq, mac, err)
	}
	if list, err := e.st.Log(e.ctx, e.c, e.second.ID); err != nil || len(list) != 0 {
		t.Errorf("another tender's log = %+v, %v", list, err)
	}
	_, err = e.st.Log(e.ctx, e.other, e.tender.ID)
	wantCode(t, err, domain.KindNotFound, "procurement.tender_not_found")

	// An entry whose transaction rolls back leaves neither row nor head.
	boom := errors.New("roll back")
	err = e.st.Atomic(e.ctx, func(tx procurement.Store) error {
		if err := tx.LockTender(e.ctx, e.c, e.tender.ID); err != nil {
			return err
		}
		if err := tx.AppendLog(e.ctx, entry(4, prev)); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Atomic = %v", err)
	}
	if seq, _, err := e.st.LogHead(e.ctx, e.c, e.tender.ID); err != nil || seq != 3 {
		t.Errorf("LogHead after a rollback = %d, %v", seq, err)
	}

	// The database keeps the log and never lowers its head; a tender's
	// edit keeps the head.
	e.refused("changing the log",
		fmt.Sprintf(`UPDATE procurement_log SET detail = 'x' WHERE tender_id = %d AND seq = 2`, e.tender.ID),
		fmt.Sprintf(`DELETE FROM procurement_log WHERE tender_id = %d AND seq = 3`, e.tender.ID),
		fmt.Sprintf(`DELETE FROM procurement_log WHERE tender_id = %d`, e.tender.ID),
		fmt.Sprintf(`UPDATE tenders SET log_seq = 2 WHERE id = %d`, e.tender.ID))
	tn, err := e.st.Tender(e.ctx, e.c, e.tender.ID)
	must(t, err)
	_, err = e.st.UpdateTender(e.ctx, tn)
	must(t, err)
	if after, err := e.st.Log(e.ctx, e.c, e.tender.ID); err != nil || len(after) != 3 || after[1].Detail != "æøå" {
		t.Errorf("log after refused changes: %+v, %v", after, err)
	}
	if seq, mac, err := e.st.LogHead(e.ctx, e.c, e.tender.ID); err != nil || seq != 3 || !bytes.Equal(mac, want[2].MAC) {
		t.Errorf("LogHead after an edit = %d, %x, %v", seq, mac, err)
	}
}

// testProcDataVersion checks the page cache's rule for the procurement
// writes: once per committed transaction, never for a read or a rollback.
func testProcDataVersion(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newProcEnv(t, open)
	before := e.dataVersion(e.c)
	_, _ = e.st.Tenders(e.ctx, e.c)
	_, _ = e.st.Bids(e.ctx, e.c, e.tender.ID)
	_, _ = e.st.Log(e.ctx, e.c, e.tender.ID)
	must(t, e.st.LockTender(e.ctx, e.c, e.tender.ID))
	if v := e.dataVersion(e.c); v != before {
		t.Errorf("reads raised the data version to %d from %d", v, before)
	}

	// One write alone: once.
	_, err := e.st.AddNotice(e.ctx, procurement.Notice{CollaborationID: e.c, TenderID: e.tender.ID, Kind: "opening"})
	must(t, err)
	if v := e.dataVersion(e.c); v != before+1 {
		t.Errorf("one write raised the data version to %d from %d, want +1", v, before)
	}

	// A bid with its log entry and notice in one transaction: once.
	before = e.dataVersion(e.c)
	err = e.st.Atomic(e.ctx, func(tx procurement.Store) error {
		if err := tx.LockTender(e.ctx, e.c, e.tender.ID); err != nil {
			return err
		}
		if _, err := tx.CreateBid(e.ctx, procurement.Bid{CollaborationID: e.c, TenderID: e.tender.ID, SupplierID: e.sup.ID,
			Token: "t", Digest: "d"}, procurement.Sealed{Price: []byte{1}}); err != nil {
			return err
		}
		if err := tx.AppendLog(e.ctx, procurement.LogEntry{CollaborationID: e.c, TenderID: e.tender.ID, Seq: 1,
			Action: "bid.submit", Outcome: "ok", MAC: []byte{1}}); err != nil {
			return err
		}
		_, err := tx.AddNotice(e.ctx, procurement.Notice{CollaborationID: e.c, TenderID: e.tender.ID, Kind: "document"})
		return err
	})
	must(t, err)
	if v := e.dataVersion(e.c); v != before+1 {
		t.Errorf("a transaction of three writes raised the data version to %d from %d, want +1", v, before)
	}

	// Rolled back: not at all, and nothing stays.
	before = e.dataVersion(e.c)
	boom := errors.New("roll back")
	err = e.st.Atomic(e.ctx, func(tx procurement.Store) error {
		if _, err := tx.CreateSupplier(e.ctx, procurement.Supplier{CollaborationID: e.c, Name: "Ny", OrgNumber: "923609016"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Atomic = %v", err)
	}
	if v := e.dataVersion(e.c); v != before {
		t.Errorf("a rolled-back transaction raised the data version to %d from %d", v, before)
	}
	if list, _ := e.st.Suppliers(e.ctx, e.c); len(list) != 1 {
		t.Errorf("a rolled-back supplier is there: %+v", list)
	}
	// A refused write raises nothing.
	wantKind(t, e.st.AddConfirmation(e.ctx, e.c, procurement.Confirmation{TenderID: e.foreign.ID, UserID: 1}), domain.KindNotFound)
	if v := e.dataVersion(e.c); v != before {
		t.Errorf("a refused write raised the data version to %d from %d", v, before)
	}
}

// testProcConcurrent checks what LockTender and the document row lock are
// for: writers racing on one tender each get the next log Seq and the next
// document version number, none refused and none skipped.
func testProcConcurrent(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	e := newProcEnv(t, open)
	doc, err := e.st.CreateDocument(e.ctx, procurement.Document{CollaborationID: e.c, TenderID: e.tender.ID,
		Kind: procurement.DocTender, Title: "Vedlegg"})
	must(t, err)
	const writers = 6
	var wg sync.WaitGroup
	errs := make(chan error, 2*writers)
	for i := range writers {
		wg.Add(2)
		go func() {
			defer wg.Done()
			errs <- e.st.Atomic(e.ctx, func(tx procurement.Store) error {
				if err := tx.LockTender(e.ctx, e.c, e.tender.ID); err != nil {
					return err
				}
				last, err := tx.LastLogEntry(e.ctx, e.c, e.tender.ID)
				if err != nil {
					return err
				}
				return tx.AppendLog(e.ctx, procurement.LogEntry{CollaborationID: e.c, TenderID: e.tender.ID,
					Seq: last.Seq + 1, Action: "document.read", Detail: fmt.Sprint(i), Outcome: "ok", Prev: last.MAC,
					MAC: []byte(fmt.Sprintf("mac-%d", i))})
			})
		}()
		go func() {
			defer wg.Done()
			_, err := e.st.AddDocumentVersion(e.ctx, e.c, procurement.DocVersion{DocumentID: doc,
				FileName: fmt.Sprintf("%d.pdf", i)}, []byte{byte(i)})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	log, err := e.st.Log(e.ctx, e.c, e.tender.ID)
	must(t, err)
	for i, en := range log {
		if en.Seq != int64(i+1) || (i > 0 && !bytes.Equal(en.Prev, log[i-1].MAC)) {
			t.Errorf("entry %d: Seq %d, Prev %q; the chain is broken", i+1, en.Seq, en.Prev)
		}
	}
	if len(log) != writers {
		t.Errorf("log has %d entries, want %d", len(log), writers)
	}
	d, err := e.st.Document(e.ctx, e.c, e.tender.ID, doc)
	must(t, err)
	for i, v := range d.Versions {
		if v.N != i+1 {
			t.Errorf("version %d numbered %d", i+1, v.N)
		}
	}
	if len(d.Versions) != writers {
		t.Errorf("%d versions, want %d", len(d.Versions), writers)
	}
}
