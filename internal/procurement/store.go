package procurement

import (
	"context"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Store keeps tenders, suppliers, documents, the specification, questions,
// notices, bids and the access log. Every call is scoped to a
// collaboration, and every object below a tender also to the tender: an
// object of another tender is not found, like a missing one.
// Implementations map a missing row to not found (with the code given
// below), a duplicate key or a stale version to conflict ("error.stale" for
// a version).
type Store interface {
	// Atomic runs fn in one transaction: all of fn's writes land or none.
	Atomic(ctx context.Context, fn func(Store) error) error
	// LockTender holds the tender's row until the transaction ends (SELECT
	// … FOR UPDATE on PostgreSQL; SQLite's single writer already does), so
	// that bids, the log chain and the opening on one tender are
	// serialised. Not found "procurement.tender_not_found".
	LockTender(ctx context.Context, collab, tender domain.ID) error

	// EvaluationStore keeps the evaluation, award, letters, outbox,
	// complaints and contract (store_eval.go).
	EvaluationStore

	// Suppliers lists the collaboration's suppliers by name.
	Suppliers(ctx context.Context, collab domain.ID) ([]Supplier, error)
	// Supplier: not found "procurement.supplier_not_found".
	Supplier(ctx context.Context, collab, id domain.ID) (Supplier, error)
	// CreateSupplier inserts s at version 1; conflict
	// "procurement.supplier_exists" when the organisation number is taken.
	CreateSupplier(ctx context.Context, s Supplier) (domain.ID, error)
	// UpdateSupplier stores s if still at s.Version and returns the new version.
	UpdateSupplier(ctx context.Context, s Supplier) (int, error)
	// LinkSupplierUser makes user a member of supplier (a user belongs to
	// at most one supplier: linking again moves them).
	LinkSupplierUser(ctx context.Context, collab, supplier, user domain.ID) error
	// SupplierUsers lists the user ids linked to supplier.
	SupplierUsers(ctx context.Context, collab, supplier domain.ID) ([]domain.ID, error)
	// SupplierOfUser is the supplier user belongs to: not found
	// "procurement.supplier_not_found" when none.
	SupplierOfUser(ctx context.Context, collab, user domain.ID) (Supplier, error)

	// Tenders lists the collaboration's tenders, newest first.
	Tenders(ctx context.Context, collab domain.ID) ([]Tender, error)
	// Tender: not found "procurement.tender_not_found".
	Tender(ctx context.Context, collab, id domain.ID) (Tender, error)
	TenderByReference(ctx context.Context, collab domain.ID, ref string) (Tender, error)
	// CreateTender inserts t at version 1; conflict
	// "procurement.reference_exists" when the reference is taken.
	CreateTender(ctx context.Context, t Tender) (domain.ID, error)
	// UpdateTender stores t if still at t.Version and returns the new version.
	UpdateTender(ctx context.Context, t Tender) (int, error)
	// SetTenderKey stores the tender's wrapped key (once: conflict if set).
	SetTenderKey(ctx context.Context, collab, tender domain.ID, wrapped []byte) error
	// TenderKey returns the wrapped key.
	TenderKey(ctx context.Context, collab, tender domain.ID) ([]byte, error)

	// Candidates lists the suppliers invited to a tender.
	Candidates(ctx context.Context, collab, tender domain.ID) ([]Candidate, error)
	// AddCandidate invites a supplier (idempotent).
	AddCandidate(ctx context.Context, collab domain.ID, c Candidate) error
	RemoveCandidate(ctx context.Context, collab, tender, supplier domain.ID) error

	// Documents lists a tender's documents with their versions (no content).
	Documents(ctx context.Context, collab, tender domain.ID) ([]Document, error)
	// Document: not found "procurement.document_not_found".
	Document(ctx context.Context, collab, tender, id domain.ID) (Document, error)
	// CreateDocument inserts d (its Versions ignored) at version 1.
	CreateDocument(ctx context.Context, d Document) (domain.ID, error)
	// UpdateDocument stores the title and published flag if still at
	// d.Version and returns the new version.
	UpdateDocument(ctx context.Context, d Document) (int, error)
	// AddDocumentVersion stores the next version (v.N is set by the store:
	// last + 1) with its content and returns its number.
	AddDocumentVersion(ctx context.Context, collab domain.ID, v DocVersion, content []byte) (int, error)
	// DocumentContent returns version n's content: not found
	// "procurement.document_not_found".
	DocumentContent(ctx context.Context, collab, tender, doc domain.ID, n int) (DocVersion, []byte, error)

	// SpecRequirements lists a tender's specification by position.
	SpecRequirements(ctx context.Context, collab, tender domain.ID) ([]SpecRequirement, error)
	// SpecRequirement: not found "procurement.requirement_not_found".
	SpecRequirement(ctx context.Context, collab, tender, id domain.ID) (SpecRequirement, error)
	CreateSpecRequirement(ctx context.Context, r SpecRequirement) (domain.ID, error)
	// UpdateSpecRequirement stores r if still at r.Version and returns the new version.
	UpdateSpecRequirement(ctx context.Context, r SpecRequirement) (int, error)

	// Questions lists a tender's questions in the order asked.
	Questions(ctx context.Context, collab, tender domain.ID) ([]Question, error)
	// Question: not found "procurement.question_not_found".
	Question(ctx context.Context, collab, tender, id domain.ID) (Question, error)
	CreateQuestion(ctx context.Context, q Question) (domain.ID, error)
	// UpdateQuestion stores the answer fields if still at q.Version and
	// returns the new version.
	UpdateQuestion(ctx context.Context, q Question) (int, error)

	// Notices lists a tender's notices, newest first.
	Notices(ctx context.Context, collab, tender domain.ID) ([]Notice, error)
	AddNotice(ctx context.Context, n Notice) (domain.ID, error)

	// Bids lists a tender's bids (every submission, oldest first) without
	// their sealed content.
	Bids(ctx context.Context, collab, tender domain.ID) ([]Bid, error)
	// Bid: not found "procurement.bid_not_found".
	Bid(ctx context.Context, collab, tender, id domain.ID) (Bid, error)
	// CreateBid stores a submission with its sealed content.
	CreateBid(ctx context.Context, b Bid, sealed Sealed) (domain.ID, error)
	// SetBidStatus marks a submission replaced or withdrawn at at.
	SetBidStatus(ctx context.Context, collab, tender, id domain.ID, status string, at time.Time) error
	// SealedBid returns a submission's sealed content. Only the manager's
	// opening and the opened-bid reads call it.
	SealedBid(ctx context.Context, collab, tender, id domain.ID) (Sealed, error)

	// Confirmations lists the opening confirmations given.
	Confirmations(ctx context.Context, collab, tender domain.ID) ([]Confirmation, error)
	// AddConfirmation stores one; conflict "procurement.already_confirmed"
	// when the same user confirmed before.
	AddConfirmation(ctx context.Context, collab domain.ID, c Confirmation) error

	// LastLogEntry is the tender's last log entry (Seq 0 when none).
	LastLogEntry(ctx context.Context, collab, tender domain.ID) (LogEntry, error)
	// AppendLog stores e and, in the same transaction, makes it the
	// tender's log head; conflict "error.stale" unless e.Seq is the head's
	// Seq + 1 (its Seq is taken, or entries would be missing).
	AppendLog(ctx context.Context, e LogEntry) error
	// LogHead is the Seq and MAC of the tender's last log entry as kept on
	// the tender (0, nil for an empty log), for seal.Server.VerifyHead: the
	// log's rows cannot lower it, so entries cut off at the end are found.
	// Not found "procurement.tender_not_found".
	LogHead(ctx context.Context, collab, tender domain.ID) (seq int64, mac []byte, err error)
	// Log lists a tender's log in Seq order.
	Log(ctx context.Context, collab, tender domain.ID) ([]LogEntry, error)
}
