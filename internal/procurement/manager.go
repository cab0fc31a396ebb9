package procurement

import (
	"context"
	"errors"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// Services reads catalogue services, to check and name what a tender buys;
// the catalogue store satisfies it (a record reader: see package wiring).
type Services interface {
	Service(ctx context.Context, collab, id domain.ID) (catalogue.Service, error)
}

// Requirements gives the process module's requirements of the
// collaboration, which the specification is generated from; the process
// manager satisfies it and decides who may read (a view reader).
type Requirements interface {
	AllRequirements(ctx context.Context, p domain.Principal) ([]process.Requirement, error)
}

// Users reads accounts, to name people and to check that a user linked to a
// supplier has the supplier role; the account store satisfies it (a record
// reader).
type Users interface {
	User(ctx context.Context, id domain.ID) (account.User, error)
	UserByEmail(ctx context.Context, email string) (account.User, error)
}

// Mailer sends a notice about a tender to one supplier user (nil: none is
// sent; the portal still lists it).
type Mailer interface {
	SendNotice(ctx context.Context, to account.User, t Tender, n Notice) error
}

// Config is what a Manager is built from besides its store.
type Config struct {
	Services     Services
	Requirements Requirements
	Users        Users
	Mailer       Mailer
	Clock        domain.Clock
	// ServerKey is the 32-byte server key that wraps every tender's key
	// and keys the log's MAC chain. It is configuration (a key file),
	// never stored in the database. Without it no bid can be received or
	// opened and tenders cannot be created (error "procurement.no_key").
	ServerKey []byte
}

// Manager owns the rules of procurement: who may see and change a tender,
// what suppliers may see and do in the portal, and the sealing, receipt and
// opening of bids. Every method decides from the principal, deny by
// default, then finds the objects through the collaboration and the tender
// in the path, then validates, then writes in one transaction; accesses and
// refusals are logged (Log).
type Manager struct {
	store Store
	cfg   Config
}

// NewManager returns a Manager over store.
func NewManager(store Store, cfg Config) *Manager { return &Manager{store: store, cfg: cfg} }

var errTODO = errors.New("procurement: not implemented")

// CanEdit reports whether p may change tender t and act for the buyer on
// it (move its deadline, confirm the opening, read opened bids): the
// programme lead and the tender's officers (domain.CanEditShared).
func CanEdit(p domain.Principal, t Tender) bool { return domain.CanEditShared(p, t.Officers) }

// ---- The buyer's side (internal users). ----

// Tenders lists the collaboration's tenders. Errors: unauthorized, forbidden.
func (m *Manager) Tenders(ctx context.Context, p domain.Principal) ([]Tender, error) {
	return nil, errTODO
}

// Tender returns one tender. Errors: unauthorized, forbidden, not found.
func (m *Manager) Tender(ctx context.Context, p domain.Principal, id domain.ID) (Tender, error) {
	return Tender{}, errTODO
}

// TenderByReference returns the tender with reference ref.
func (m *Manager) TenderByReference(ctx context.Context, p domain.Principal, ref string) (Tender, error) {
	return Tender{}, errTODO
}

// CreateTender creates a draft tender with a new sealed key (programme
// lead). Errors: unauthorized, forbidden, invalid, conflict.
func (m *Manager) CreateTender(ctx context.Context, p domain.Principal, t Tender) (Tender, error) {
	return Tender{}, errTODO
}

// UpdateTender stores the tender's fields as read at t.Version; once
// published, its deadline and opening time change only by MoveDeadline.
func (m *Manager) UpdateTender(ctx context.Context, p domain.Principal, t Tender) (Tender, error) {
	return Tender{}, errTODO
}

// Publish publishes the tender (the notice): candidates and, for an open
// procedure, every supplier see it in the portal.
func (m *Manager) Publish(ctx context.Context, p domain.Principal, id domain.ID, version int) (Tender, error) {
	return Tender{}, errTODO
}

// MoveDeadline sets the bid deadline or the opening time (kind
// MilestoneDeadline or MilestoneOpening): officers only, logged, announced
// to every supplier who can see the tender; never after the deadline has
// passed.
func (m *Manager) MoveDeadline(ctx context.Context, p domain.Principal, id domain.ID, version int, kind string, at time.Time, reason string) (Tender, error) {
	return Tender{}, errTODO
}

// SetOfficers sets the users authorised for the tender (programme lead).
func (m *Manager) SetOfficers(ctx context.Context, p domain.Principal, id domain.ID, version int, officers domain.Editors) (Tender, error) {
	return Tender{}, errTODO
}

// SaveDialogue stores the market dialogue.
func (m *Manager) SaveDialogue(ctx context.Context, p domain.Principal, id domain.ID, version int, d Dialogue) (Tender, error) {
	return Tender{}, errTODO
}

// SaveConference stores the bidders' conference.
func (m *Manager) SaveConference(ctx context.Context, p domain.Principal, id domain.ID, version int, c BiddersConference) (Tender, error) {
	return Tender{}, errTODO
}

// Suppliers lists the collaboration's suppliers (internal users).
func (m *Manager) Suppliers(ctx context.Context, p domain.Principal) ([]Supplier, error) {
	return nil, errTODO
}

// Supplier returns a supplier with its users.
func (m *Manager) Supplier(ctx context.Context, p domain.Principal, id domain.ID) (Supplier, []account.User, error) {
	return Supplier{}, nil, errTODO
}

// SaveSupplier creates (ID 0) or updates a supplier (programme lead).
func (m *Manager) SaveSupplier(ctx context.Context, p domain.Principal, s Supplier) (Supplier, error) {
	return Supplier{}, errTODO
}

// LinkSupplierUser links the account with e-mail email, which must hold
// the supplier role, to supplier (programme lead).
func (m *Manager) LinkSupplierUser(ctx context.Context, p domain.Principal, supplier domain.ID, email string) error {
	return errTODO
}

// Candidates lists the suppliers invited to a tender.
func (m *Manager) Candidates(ctx context.Context, p domain.Principal, tender domain.ID) ([]Candidate, error) {
	return nil, errTODO
}

// Invite invites a supplier to the tender (officers).
func (m *Manager) Invite(ctx context.Context, p domain.Principal, tender, supplier domain.ID) error {
	return errTODO
}

// Uninvite withdraws an invitation while the tender is a draft.
func (m *Manager) Uninvite(ctx context.Context, p domain.Principal, tender, supplier domain.ID) error {
	return errTODO
}

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

// SpecMerge is what generating the specification did.
type SpecMerge struct {
	Added, Updated, Kept, Removed int
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
