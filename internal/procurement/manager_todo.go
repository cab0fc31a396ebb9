package procurement

import (
	"context"
	"errors"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

var errTODO = errors.New("procurement: not implemented")

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

// Log returns the tender's access log, checked (authorised persons).
func (m *Manager) Log(ctx context.Context, p domain.Principal, tender domain.ID) (LogView, error) {
	return LogView{}, errTODO
}

// PortalTenders lists the tenders p's organisation may see. Errors:
// unauthorized, forbidden (not a supplier user).
func (m *Manager) PortalTenders(ctx context.Context, p domain.Principal) ([]PortalTender, error) {
	return nil, errTODO
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
