package procurement

import (
	"context"
	"errors"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

var errTODO = errors.New("procurement: not implemented")

// ---- The buyer's side (internal users). ----

// Documents lists a tender's documents and versions.
func (m *Manager) Documents(ctx context.Context, p domain.Principal, tender domain.ID) ([]Document, error) {
	return nil, errTODO
}

// AddDocument creates a document with f as its first version (officers).
func (m *Manager) AddDocument(ctx context.Context, p domain.Principal, tender domain.ID, kind, title string, f File, note string) (Document, error) {
	return Document{}, errTODO
}

// AddDocumentVersion adds a version; suppliers are notified when the
// document is published.
func (m *Manager) AddDocumentVersion(ctx context.Context, p domain.Principal, tender, doc domain.ID, f File, note string) (Document, error) {
	return Document{}, errTODO
}

// PublishDocument shows a document to the suppliers who can see the tender.
func (m *Manager) PublishDocument(ctx context.Context, p domain.Principal, tender, doc domain.ID, version int) (Document, error) {
	return Document{}, errTODO
}

// DocumentFile returns version n of a document, logged.
func (m *Manager) DocumentFile(ctx context.Context, p domain.Principal, tender, doc domain.ID, n int) (DocVersion, File, error) {
	return DocVersion{}, File{}, errTODO
}

// Specification lists the tender's requirement specification.
func (m *Manager) Specification(ctx context.Context, p domain.Principal, tender domain.ID) ([]SpecRequirement, error) {
	return nil, errTODO
}

// GenerateSpecification adds the confirmed requirements of the services
// the tender buys; requirements edited here are kept as edited, every id
// is kept.
func (m *Manager) GenerateSpecification(ctx context.Context, p domain.Principal, tender domain.ID) (SpecMerge, error) {
	return SpecMerge{}, errTODO
}

// SaveSpecRequirement creates (ID 0) or edits one requirement.
func (m *Manager) SaveSpecRequirement(ctx context.Context, p domain.Principal, tender domain.ID, r SpecRequirement) (SpecRequirement, error) {
	return SpecRequirement{}, errTODO
}

// PublishSpecification writes the specification as a new version of the
// tender's specification document (created on first use) and publishes it.
func (m *Manager) PublishSpecification(ctx context.Context, p domain.Principal, tender domain.ID, note string) (Document, error) {
	return Document{}, errTODO
}

// Questions lists every question of a tender with its asker (buyer's view).
func (m *Manager) Questions(ctx context.Context, p domain.Principal, tender domain.ID) ([]Question, error) {
	return nil, errTODO
}

// AnswerQuestion answers a question; publish makes the answer visible to
// every supplier who can see the tender (without the asker) and adds a
// version of the Q&A log document.
func (m *Manager) AnswerQuestion(ctx context.Context, p domain.Principal, tender, id domain.ID, version int, answer string, publish bool) (Question, error) {
	return Question{}, errTODO
}

// AddConferenceQuestion records a question raised at the bidders'
// conference, with its answer, in the same log.
func (m *Manager) AddConferenceQuestion(ctx context.Context, p domain.Principal, tender domain.ID, text, answer string) (Question, error) {
	return Question{}, errTODO
}

// BidsOverview is what the buyer sees of the bids: before the deadline
// nothing but that the tender is open; after it, how many were received
// and the opening's confirmations; after the opening, the record.
type BidsOverview struct {
	State         string
	Received      int
	Confirmations []Confirmation
	CanConfirm    bool
	Record        *OpeningRecord
}

// Bids returns the bids overview.
func (m *Manager) Bids(ctx context.Context, p domain.Principal, tender domain.ID) (BidsOverview, error) {
	return BidsOverview{}, errTODO
}

// ConfirmOpening records p's confirmation of the opening; the second
// confirmation by a different authorised person opens the bids and
// produces the opening record.
func (m *Manager) ConfirmOpening(ctx context.Context, p domain.Principal, tender domain.ID) (Tender, error) {
	return Tender{}, errTODO
}

// BidFile returns file n of an opened bid (authorised persons, logged).
func (m *Manager) BidFile(ctx context.Context, p domain.Principal, tender, bid domain.ID, n int) (File, error) {
	return File{}, errTODO
}

// LogView is a tender's access log with the result of checking its chain.
type LogView struct {
	Entries []LogEntry
	Intact  bool
	// FirstBad is the index of the first entry that fails the check (-1).
	FirstBad int
}

// Log returns the tender's access log, checked (authorised persons).
func (m *Manager) Log(ctx context.Context, p domain.Principal, tender domain.ID) (LogView, error) {
	return LogView{}, errTODO
}

// ---- The supplier portal. ----

// PortalTender is a tender as a supplier sees it in the list.
type PortalTender struct {
	Tender  Tender
	State   string
	Invited bool
	HasBid  bool
}

// PortalTenders lists the tenders p's organisation may see. Errors:
// unauthorized, forbidden (not a supplier user).
func (m *Manager) PortalTenders(ctx context.Context, p domain.Principal) ([]PortalTender, error) {
	return nil, errTODO
}

// PortalView is one tender in the portal: only what every supplier who
// can see it may see, and the supplier's own questions and bid.
type PortalView struct {
	Tender      Tender
	State       string
	Supplier    Supplier
	Documents   []Document
	Answers     []Question
	MyQuestions []Question
	Receipt     *Receipt
	Notices     []Notice
	CanBid      bool
}

// PortalTender returns the tender for p's organisation: not found when it
// may not see it (another supplier's invitation is not revealed).
func (m *Manager) PortalTender(ctx context.Context, p domain.Principal, id domain.ID) (PortalView, error) {
	return PortalView{}, errTODO
}

// PortalDocument returns version n of a published document, logged.
func (m *Manager) PortalDocument(ctx context.Context, p domain.Principal, tender, doc domain.ID, n int) (DocVersion, File, error) {
	return DocVersion{}, File{}, errTODO
}

// Ask sends a question to the buyer.
func (m *Manager) Ask(ctx context.Context, p domain.Principal, tender domain.ID, text string) (Question, error) {
	return Question{}, errTODO
}

// BidInput is a bid as typed and uploaded: the price form's numbers as
// typed (read by domain.ParseNumber) and the files.
type BidInput struct {
	Total string
	Lots  map[int]string
	Note  string
	Files []File
}

// SubmitBid receives, seals and stores a bid (replacing the supplier's
// earlier one) if it arrives before the deadline, and returns the receipt.
func (m *Manager) SubmitBid(ctx context.Context, p domain.Principal, tender domain.ID, in BidInput) (Receipt, error) {
	return Receipt{}, errTODO
}

// WithdrawBid withdraws the supplier's bid before the deadline.
func (m *Manager) WithdrawBid(ctx context.Context, p domain.Principal, tender domain.ID) (Receipt, error) {
	return Receipt{}, errTODO
}

// Receipt returns the receipt of one of the supplier's own submissions.
func (m *Manager) Receipt(ctx context.Context, p domain.Principal, tender, bid domain.ID) (Receipt, error) {
	return Receipt{}, errTODO
}
