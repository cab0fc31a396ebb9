package procurement

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement/seal"
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
	// Thresholds decide a tender's regulation part (zero: DefaultThresholds).
	Thresholds Thresholds
	// FileLimits bound uploads and bids (zero: DefaultFileLimits).
	FileLimits FileLimits
	// Realisation takes the winner's commitments into the services'
	// realisation plans and reads them for traceability (nil: no hand-over;
	// the chain's last links are reported broken).
	Realisation Realisation
	// Sender delivers the outbox's e-mails (nil: LogSender).
	Sender Sender
	// Words translates the award letters' texts into LetterLang (a
	// translation function like i18n.Lang.T; nil: the keys themselves).
	Words func(key string, args ...any) string
	// BaseURL is the app's public address ("https://…"): the notices link
	// to the supplier portal under it and the OCDS export to its packages.
	BaseURL string
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
func NewManager(store Store, cfg Config) *Manager {
	if cfg.Thresholds == (Thresholds{}) {
		cfg.Thresholds = DefaultThresholds()
	}
	if cfg.FileLimits == (FileLimits{}) {
		cfg.FileLimits = DefaultFileLimits()
	}
	if cfg.Clock == nil {
		cfg.Clock = domain.SystemClock{}
	}
	return &Manager{store: store, cfg: cfg}
}

// CanEdit reports whether p may change tender t and act for the buyer on
// it (move its deadline, confirm the opening, read opened bids): the
// programme lead and the tender's officers (domain.CanEditShared).
func CanEdit(p domain.Principal, t Tender) bool { return domain.CanEditShared(p, t.Officers) }

// Log actions: what an entry of a tender's access log records.
const (
	ActTenderCreate   = "tender.create"
	ActTenderUpdate   = "tender.update"
	ActTenderPublish  = "tender.publish"
	ActTenderOfficers = "tender.officers"
	ActDialogue       = "tender.dialogue"
	ActConference     = "tender.conference"
	ActDeadlineMove   = "tender.deadline_move"
	ActInvite         = "tender.invite"
	ActUninvite       = "tender.uninvite"
	ActDocumentAdd    = "document.add"
	ActDocumentPub    = "document.publish"
	ActDocumentRead   = "document.read"
	ActSpecGenerate   = "specification.generate"
	ActSpecEdit       = "specification.edit"
	ActSpecPublish    = "specification.publish"
	ActQuestionAsk    = "question.ask"
	ActQuestionAnswer = "question.answer"
	ActQuestionRead   = "question.read"
	ActTenderRead     = "tender.read"
	ActBidSubmit      = "bid.submit"
	ActBidReplace     = "bid.replace"
	ActBidWithdraw    = "bid.withdraw"
	ActBidRead        = "bid.read"
	ActBidFileRead    = "bid.file_read"
	ActBidsOverview   = "bids.overview"
	ActOpeningConfirm = "opening.confirm"
	ActOpening        = "opening.open"
	ActLogRead        = "log.read"
)

// Log outcomes.
const (
	OutcomeOK      = "ok"
	OutcomeRefused = "refused"
)

// errNoKey is returned when the server key is not configured.
var errNoKey = domain.Conflict("procurement.no_key")

func (m *Manager) now() time.Time { return m.cfg.Clock.Now().UTC() }

// server returns the server key's sealer.
//
// Errors: conflict "procurement.no_key" when no key is configured.
func (m *Manager) server() (*seal.Server, error) {
	if len(m.cfg.ServerKey) != len(seal.Key{}) {
		return nil, errNoKey
	}
	var k seal.Key
	copy(k[:], m.cfg.ServerKey)
	return seal.NewServer(k), nil
}

func actorName(p domain.Principal) string {
	if p.System && p.Name == "" {
		return "system"
	}
	return p.Name
}

func idText(id domain.ID) string { return strconv.FormatInt(id, 10) }

// obj names a logged object: "bid 12", "document 3".
func obj(kind string, id domain.ID) string { return kind + " " + idText(id) }

// appendLog writes one entry at the end of the tender's chain inside s's
// transaction: the tender row is locked first, so entries of concurrent
// transactions queue behind each other and the chain stays linear.
func (m *Manager) appendLog(ctx context.Context, s Store, p domain.Principal, tender domain.ID, action, object, detail, outcome string) error {
	srv, err := m.server()
	if err != nil {
		return err
	}
	if err := s.LockTender(ctx, p.CollaborationID, tender); err != nil {
		return err
	}
	seq, mac, err := s.LogHead(ctx, p.CollaborationID, tender)
	if err != nil {
		return err
	}
	e := srv.Chain(mac, seal.Entry{Seq: seq + 1, At: m.now(), ActorID: p.UserID, Actor: actorName(p),
		Action: action, Object: object, Detail: detail, Outcome: outcome})
	return s.AppendLog(ctx, LogEntry{CollaborationID: p.CollaborationID, TenderID: tender, Seq: e.Seq, At: e.At,
		ActorID: e.ActorID, Actor: e.Actor, Action: e.Action, Object: e.Object, Detail: e.Detail, Outcome: e.Outcome,
		Prev: e.Prev, MAC: e.MAC})
}

// refuse logs a refusal of action on tender in its own transaction (the
// refused one has rolled back, so nothing else is written) and returns
// cause. When the tender does not exist there is no log to write to.
// A failure to log is returned instead of cause: a refusal that cannot be
// recorded is an internal error.
func (m *Manager) refuse(ctx context.Context, p domain.Principal, tender domain.ID, action, object string, cause error) error {
	if tender == 0 {
		return cause
	}
	if _, err := m.store.Tender(ctx, p.CollaborationID, tender); err != nil {
		return cause
	}
	detail := domain.AsError(cause).Code
	if err := m.store.Atomic(ctx, func(s Store) error {
		return m.appendLog(ctx, s, p, tender, action, object, detail, OutcomeRefused)
	}); err != nil {
		return domain.Internal(errors.Join(errors.New("procurement: logging a refusal"), err))
	}
	return cause
}

// logged runs fn in one transaction; when fn fails with a refusal (not
// found, forbidden, conflict, invalid), the refusal is logged after the
// rollback.
func (m *Manager) logged(ctx context.Context, p domain.Principal, tender domain.ID, action, object string, fn func(Store) error) error {
	err := m.store.Atomic(ctx, fn)
	if err == nil {
		return nil
	}
	switch domain.KindOf(err) {
	case domain.KindInternal, domain.KindUnauthorized:
		return err
	}
	return m.refuse(ctx, p, tender, action, object, err)
}

// forbidden is the error for a principal acting outside their rights:
// unauthorized when nobody is acting.
func forbidden(p domain.Principal) error {
	if !p.Authenticated() {
		return domain.Unauthorized("auth.login_required")
	}
	return domain.Forbidden("auth.forbidden")
}

// buyerTender loads tender id for a buyer-side action: internal users
// read; edit asks CanEdit. A refusal on an existing tender is logged.
//
// Errors: unauthorized, forbidden, not found "procurement.tender_not_found".
func (m *Manager) buyerTender(ctx context.Context, p domain.Principal, id domain.ID, edit bool, action string) (Tender, error) {
	if !p.Authenticated() {
		return Tender{}, forbidden(p)
	}
	if err := p.RequireInternal(); err != nil {
		return Tender{}, m.refuse(ctx, p, id, action, obj("tender", id), err)
	}
	t, err := m.store.Tender(ctx, p.CollaborationID, id)
	if err != nil {
		return Tender{}, err
	}
	if edit && !CanEdit(p, t) {
		return Tender{}, m.refuse(ctx, p, id, action, obj("tender", id), forbidden(p))
	}
	return t, nil
}

// seers returns the suppliers who can see t: candidates of a limited
// procedure, every supplier of the collaboration for an open one; none
// while it is a draft.
func (m *Manager) seers(ctx context.Context, collab domain.ID, t Tender) ([]Supplier, error) {
	if t.Status == StatusDraft {
		return nil, nil
	}
	all, err := m.store.Suppliers(ctx, collab)
	if err != nil || !Limited(t.Procedure) {
		return all, err
	}
	cands, err := m.store.Candidates(ctx, collab, t.ID)
	if err != nil {
		return nil, err
	}
	var out []Supplier
	for _, s := range all {
		for _, c := range cands {
			if c.SupplierID == s.ID {
				out = append(out, s)
				break
			}
		}
	}
	return out, nil
}

// notify adds a notice for t inside s's transaction.
func (m *Manager) addNotice(ctx context.Context, s Store, t Tender, kind, detail string) (Notice, error) {
	n := Notice{CollaborationID: t.CollaborationID, TenderID: t.ID, Kind: kind, Detail: detail, At: m.now()}
	id, err := s.AddNotice(ctx, n)
	n.ID = id
	return n, err
}

// mail e-mails notice n to every user of every supplier who can see t,
// after the transaction that added it committed. A failed delivery is
// logged, not returned: the notice stands in the portal.
func (m *Manager) mail(ctx context.Context, t Tender, notices ...Notice) {
	if m.cfg.Mailer == nil || m.cfg.Users == nil || len(notices) == 0 {
		return
	}
	sups, err := m.seers(ctx, t.CollaborationID, t)
	if err != nil {
		slog.WarnContext(ctx, "procurement: listing suppliers for a notice", "tender", t.ID, "err", err)
		return
	}
	for _, sup := range sups {
		users, err := m.store.SupplierUsers(ctx, t.CollaborationID, sup.ID)
		if err != nil {
			slog.WarnContext(ctx, "procurement: listing supplier users", "supplier", sup.ID, "err", err)
			continue
		}
		for _, uid := range users {
			u, err := m.cfg.Users.User(ctx, uid)
			if err != nil || u.Disabled {
				continue
			}
			for _, n := range notices {
				if err := m.cfg.Mailer.SendNotice(ctx, u, t, n); err != nil {
					slog.WarnContext(ctx, "procurement: sending a notice", "user", uid, "err", err)
				}
			}
		}
	}
}

var errNoUsers = errors.New("procurement: no user reader configured")

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

// LogView is a tender's access log with the result of checking its chain.
type LogView struct {
	Entries []LogEntry
	Intact  bool
	// FirstBad is the index of the first entry that fails the check (-1).
	FirstBad int
}

// PortalTender is a tender as a supplier sees it in the list.
type PortalTender struct {
	Tender  Tender
	State   string
	Invited bool
	HasBid  bool
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

// BidInput is a bid as typed and uploaded: the price form's numbers as
// typed (read by domain.ParseNumber) and the files.
type BidInput struct {
	Total string
	Lots  map[int]string
	Note  string
	Files []File
}

var errNoRequirements = errors.New("procurement: no requirement reader configured")

// Thresholds are the thresholds the manager derives regulation parts from,
// for the pages that explain them.
func (m *Manager) Thresholds() Thresholds { return m.cfg.Thresholds }

// FileLimits are the upload limits the manager enforces, for the upload
// forms' help text and the handlers' body limits.
func (m *Manager) FileLimits() FileLimits { return m.cfg.FileLimits }
