package procurement

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement/seal"
)

// bidAAD binds a bid's sealed parts to its tender, submission and supplier.
func bidAAD(tender domain.ID, token string, supplier domain.ID) []byte {
	return seal.AAD("tender", idText(tender), "bid", token, "supplier", idText(supplier))
}

// frameFile joins a file's name, content type and content, each preceded
// by its length (8 bytes big endian), so they are sealed together.
func frameFile(f File) []byte {
	var out []byte
	for _, p := range [][]byte{[]byte(f.Name), []byte(f.ContentType), f.Content} {
		out = binary.BigEndian.AppendUint64(out, uint64(len(p)))
		out = append(out, p...)
	}
	return out
}

var errFrame = errors.New("procurement: a sealed file is not framed")

// unframeFile reverses frameFile.
func unframeFile(b []byte) (File, error) {
	var parts [3][]byte
	for i := range parts {
		if len(b) < 8 {
			return File{}, errFrame
		}
		n := binary.BigEndian.Uint64(b)
		b = b[8:]
		if n > uint64(len(b)) {
			return File{}, errFrame
		}
		parts[i], b = b[:n], b[n:]
	}
	if len(b) != 0 {
		return File{}, errFrame
	}
	return File{Name: string(parts[0]), ContentType: string(parts[1]), Content: parts[2]}, nil
}

// bidDigest is the digest a receipt states: the price form's JSON, then
// every file's name and content, in order.
func bidDigest(price []byte, files []File) string {
	parts := [][]byte{price}
	for _, f := range files {
		parts = append(parts, []byte(f.Name), f.Content)
	}
	return seal.Digest(parts...)
}

// tenderKey unwraps t's key.
func (m *Manager) tenderKey(ctx context.Context, s Store, collab, tender domain.ID) (seal.Key, error) {
	srv, err := m.server()
	if err != nil {
		return seal.Key{}, err
	}
	wrapped, err := s.TenderKey(ctx, collab, tender)
	if err != nil {
		return seal.Key{}, err
	}
	k, err := srv.Unwrap(wrapped, seal.AAD("tender", idText(tender)))
	if err != nil {
		return seal.Key{}, domain.Internal(err)
	}
	return k, nil
}

// parseBid reads the price form and checks the files, every error at once.
func (m *Manager) parseBid(t Tender, in BidInput) (PriceForm, []File, []domain.FieldError) {
	var errs []domain.FieldError
	var pf PriceForm
	if v, code := domain.ParseNumber(in.Total); code != "" {
		errs = append(errs, domain.Field("total", code))
	} else if v < 0 {
		errs = append(errs, domain.Field("total", "procurement.value_negative"))
	} else {
		pf.Total = v
	}
	lots := make([]int, 0, len(in.Lots))
	for n := range in.Lots {
		lots = append(lots, n)
	}
	slices.Sort(lots)
	for _, n := range lots {
		path := fmt.Sprintf("lots.%d", n)
		if !slices.ContainsFunc(t.Lots, func(l Lot) bool { return l.Number == n }) {
			errs = append(errs, domain.Field(path, "procurement.lot_unknown"))
			continue
		}
		if strings.TrimSpace(in.Lots[n]) == "" {
			continue
		}
		v, code := domain.ParseNumber(in.Lots[n])
		switch {
		case code != "":
			errs = append(errs, domain.Field(path, code))
		case v < 0:
			errs = append(errs, domain.Field(path, "procurement.value_negative"))
		default:
			if pf.Lots == nil {
				pf.Lots = map[int]float64{}
			}
			pf.Lots[n] = v
		}
	}
	pf.Note = strings.TrimSpace(in.Note)
	errs = domain.MaxLen(errs, "note", pf.Note, maxQuestion)
	if len(in.Files) == 0 {
		errs = append(errs, domain.Field("files", "field.required"))
	}
	var total int64
	files := make([]File, len(in.Files))
	for i, f := range in.Files {
		head := f.Content
		if len(head) > 512 {
			head = head[:512]
		}
		errs = append(errs, CheckFile(fmt.Sprintf("files[%d]", i), f.Name, head, int64(len(f.Content)), m.cfg.FileLimits)...)
		total += int64(len(f.Content))
		files[i] = File{Name: CleanFileName(f.Name), ContentType: f.ContentType, Content: f.Content}
	}
	errs = append(errs, CheckBid("files", len(in.Files), total, m.cfg.FileLimits)...)
	return pf, files, errs
}

// currentBid is sup's submitted bid on a tender, if any.
func currentBid(bids []Bid, sup domain.ID) (Bid, bool) {
	for i := len(bids) - 1; i >= 0; i-- {
		if bids[i].SupplierID == sup && bids[i].Status == BidSubmitted {
			return bids[i], true
		}
	}
	return Bid{}, false
}

func receiptOf(b Bid, t Tender, sup Supplier, names []string) Receipt {
	r := Receipt{BidID: b.ID, Tender: t.Reference, Supplier: sup.Name, Status: b.Status, ReceivedAt: b.ReceivedAt,
		ChangedAt: b.ChangedAt, Digest: b.Digest, Size: b.Size}
	for i, f := range b.Files {
		rf := ReceiptFile{Size: f.Size, SHA256: f.SHA256}
		if i < len(names) {
			rf.Name = names[i]
		}
		r.Files = append(r.Files, rf)
	}
	return r
}

// SubmitBid receives, seals and stores a bid (replacing the supplier's
// earlier one) if it arrives before the deadline, and returns the receipt.
// The time of receipt is the clock at the start of the call (the handler
// has read the whole body), to the microsecond; a bid at or after the
// deadline is late. The price form and each file are sealed with the
// tender's key before anything is stored; the receipt names the files.
//
// Errors: unauthorized, forbidden (not a supplier user), not found (a
// tender the organisation may not see, logged), invalid (total, lots.N,
// note, files, files[i]; logged), conflict "procurement.deadline_passed"
// (logged; the earlier bid is untouched), "procurement.not_open".
func (m *Manager) SubmitBid(ctx context.Context, p domain.Principal, tender domain.ID, in BidInput) (Receipt, error) {
	receivedAt := m.now().Truncate(time.Microsecond)
	sup, t, err := m.portalTenderFor(ctx, p, tender, ActBidSubmit)
	if err != nil {
		return Receipt{}, err
	}
	refuse := func(err error) (Receipt, error) {
		return Receipt{}, m.refuse(ctx, p, tender, ActBidSubmit, obj("supplier", sup.ID), err)
	}
	if t.Status != StatusPublished {
		return refuse(domain.Conflict("procurement.not_open"))
	}
	if !receivedAt.Before(t.Deadline()) {
		return refuse(domain.Conflict("procurement.deadline_passed"))
	}
	pf, files, errs := m.parseBid(t, in)
	if len(errs) > 0 {
		return refuse(domain.Invalid("error.invalid_fields", errs...))
	}
	price, err := json.Marshal(pf)
	if err != nil {
		return Receipt{}, domain.Internal(err)
	}
	var tok [16]byte
	if _, err := rand.Read(tok[:]); err != nil {
		return Receipt{}, domain.Internal(err)
	}
	b := Bid{CollaborationID: p.CollaborationID, TenderID: tender, SupplierID: sup.ID, SubmittedBy: p.UserID,
		Token: hex.EncodeToString(tok[:]), Status: BidSubmitted, ReceivedAt: receivedAt, Digest: bidDigest(price, files)}
	names := make([]string, len(files))
	for i, f := range files {
		sum := sha256.Sum256(f.Content)
		b.Files = append(b.Files, BidFile{N: i + 1, Size: int64(len(f.Content)), SHA256: hex.EncodeToString(sum[:])})
		b.Size += int64(len(f.Content))
		names[i] = f.Name
	}
	b.Size += int64(len(price))
	err = m.logged(ctx, p, tender, ActBidSubmit, obj("supplier", sup.ID), func(s Store) error {
		if err := s.LockTender(ctx, p.CollaborationID, tender); err != nil {
			return err
		}
		cur, err := s.Tender(ctx, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		if cur.Status != StatusPublished {
			return domain.Conflict("procurement.not_open")
		}
		if !receivedAt.Before(cur.Deadline()) {
			return domain.Conflict("procurement.deadline_passed")
		}
		key, err := m.tenderKey(ctx, s, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		aad := bidAAD(tender, b.Token, sup.ID)
		var sealed Sealed
		if sealed.Price, err = seal.Seal(key, price, aad); err != nil {
			return domain.Internal(err)
		}
		for _, f := range files {
			part, err := seal.Seal(key, frameFile(f), aad)
			if err != nil {
				return domain.Internal(err)
			}
			sealed.Files = append(sealed.Files, part)
		}
		bids, err := s.Bids(ctx, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		action := ActBidSubmit
		if old, ok := currentBid(bids, sup.ID); ok {
			if err := s.SetBidStatus(ctx, p.CollaborationID, tender, old.ID, BidReplaced, receivedAt); err != nil {
				return err
			}
			action = ActBidReplace
		}
		if b.ID, err = s.CreateBid(ctx, b, sealed); err != nil {
			return err
		}
		return m.appendLog(ctx, s, p, tender, action, obj("bid", b.ID),
			"received "+receivedAt.Format(time.RFC3339Nano)+" digest "+b.Digest, OutcomeOK)
	})
	if err != nil {
		return Receipt{}, err
	}
	return receiptOf(b, t, sup, names), nil
}

// WithdrawBid withdraws the supplier's bid before the deadline.
//
// Errors: unauthorized, forbidden, not found (tender, or no bid:
// "procurement.bid_not_found"), conflict "procurement.deadline_passed";
// each refusal logged.
func (m *Manager) WithdrawBid(ctx context.Context, p domain.Principal, tender domain.ID) (Receipt, error) {
	at := m.now().Truncate(time.Microsecond)
	sup, t, err := m.portalTenderFor(ctx, p, tender, ActBidWithdraw)
	if err != nil {
		return Receipt{}, err
	}
	var b Bid
	err = m.logged(ctx, p, tender, ActBidWithdraw, obj("supplier", sup.ID), func(s Store) error {
		if err := s.LockTender(ctx, p.CollaborationID, tender); err != nil {
			return err
		}
		cur, err := s.Tender(ctx, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		if cur.Status != StatusPublished || !at.Before(cur.Deadline()) {
			return domain.Conflict("procurement.deadline_passed")
		}
		bids, err := s.Bids(ctx, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		var ok bool
		if b, ok = currentBid(bids, sup.ID); !ok {
			return domain.NotFound("procurement.bid_not_found")
		}
		if err := s.SetBidStatus(ctx, p.CollaborationID, tender, b.ID, BidWithdrawn, at); err != nil {
			return err
		}
		b.Status, b.ChangedAt = BidWithdrawn, at
		return m.appendLog(ctx, s, p, tender, ActBidWithdraw, obj("bid", b.ID), "", OutcomeOK)
	})
	if err != nil {
		return Receipt{}, err
	}
	return receiptOf(b, t, sup, nil), nil
}

// Receipt returns the receipt of one of the supplier's own submissions.
// File names are sealed with the bid, so this receipt gives only each
// file's size and digest (the one SubmitBid returned names them).
//
// Errors: unauthorized, forbidden, not found (a tender it may not see,
// another supplier's bid; logged).
func (m *Manager) Receipt(ctx context.Context, p domain.Principal, tender, bid domain.ID) (Receipt, error) {
	sup, t, err := m.portalTenderFor(ctx, p, tender, ActBidRead)
	if err != nil {
		return Receipt{}, err
	}
	b, err := m.store.Bid(ctx, p.CollaborationID, tender, bid)
	if err == nil && b.SupplierID != sup.ID {
		err = domain.NotFound("procurement.bid_not_found")
	}
	if err != nil {
		return Receipt{}, m.refuse(ctx, p, tender, ActBidRead, obj("bid", bid), err)
	}
	return receiptOf(b, t, sup, nil), nil
}

// Bids returns the bids overview (internal users): before the deadline
// only the state; after it the number of bids received, the confirmations
// and whether p may confirm; after the opening, the record, for
// authorised persons only (Annex IV (f)).
//
// Errors: unauthorized, forbidden, not found.
func (m *Manager) Bids(ctx context.Context, p domain.Principal, tender domain.ID) (BidsOverview, error) {
	t, err := m.buyerTender(ctx, p, tender, false, ActBidsOverview)
	if err != nil {
		return BidsOverview{}, err
	}
	now := m.now()
	ov := BidsOverview{State: t.State(now)}
	if ov.State != StateClosed && ov.State != StatusOpened {
		return ov, nil
	}
	bids, err := m.store.Bids(ctx, p.CollaborationID, tender)
	if err != nil {
		return BidsOverview{}, err
	}
	for _, b := range bids {
		if b.Status == BidSubmitted {
			ov.Received++
		}
	}
	if ov.Confirmations, err = m.store.Confirmations(ctx, p.CollaborationID, tender); err != nil {
		return BidsOverview{}, err
	}
	if CanEdit(p, t) {
		ov.Record = t.Opening
	}
	ov.CanConfirm = t.Status == StatusPublished && CanEdit(p, t) && p.UserID != 0 && !now.Before(t.OpeningTime()) &&
		!slices.ContainsFunc(ov.Confirmations, func(c Confirmation) bool { return c.UserID == p.UserID })
	return ov, nil
}

// ConfirmOpening records p's confirmation of the opening; the second
// confirmation by a different authorised person opens the bids and
// produces the opening record (Annex IV (d), (e)): every current bid is
// decrypted and checked against its receipted digest, numbered in receipt
// order; one that fails is recorded as not intact. The suppliers are
// notified of the opening.
//
// Errors: unauthorized, forbidden (not authorised, or no person: the
// system principal), not found, conflict ("procurement.not_yet_opening"
// before the opening time, "procurement.already_confirmed" for the same
// person twice, "procurement.already_opened", "procurement.not_open" for a
// draft); each refusal logged.
func (m *Manager) ConfirmOpening(ctx context.Context, p domain.Principal, tender domain.ID) (Tender, error) {
	if _, err := m.buyerTender(ctx, p, tender, true, ActOpeningConfirm); err != nil {
		return Tender{}, err
	}
	refuse := func(err error) (Tender, error) {
		return Tender{}, m.refuse(ctx, p, tender, ActOpeningConfirm, obj("tender", tender), err)
	}
	if p.UserID == 0 {
		return refuse(domain.Forbidden("procurement.person_required"))
	}
	now := m.now()
	var notice Notice
	err := m.logged(ctx, p, tender, ActOpeningConfirm, obj("tender", tender), func(s Store) error {
		if err := s.LockTender(ctx, p.CollaborationID, tender); err != nil {
			return err
		}
		cur, err := s.Tender(ctx, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		switch {
		case cur.Status == StatusOpened:
			return domain.Conflict("procurement.already_opened")
		case cur.Status != StatusPublished:
			return domain.Conflict("procurement.not_open")
		case now.Before(cur.OpeningTime()):
			return domain.Conflict("procurement.not_yet_opening")
		}
		confs, err := s.Confirmations(ctx, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(confs, func(c Confirmation) bool { return c.UserID == p.UserID }) {
			return domain.Conflict("procurement.already_confirmed")
		}
		c := Confirmation{TenderID: tender, UserID: p.UserID, Name: p.Name, At: now}
		if err := s.AddConfirmation(ctx, p.CollaborationID, c); err != nil {
			return err
		}
		if err := m.appendLog(ctx, s, p, tender, ActOpeningConfirm, obj("tender", tender), "", OutcomeOK); err != nil {
			return err
		}
		confs = append(confs, c)
		if len(confs) < 2 {
			return nil
		}
		rec, err := m.open(ctx, s, cur, confs, now)
		if err != nil {
			return err
		}
		cur.Status, cur.OpenedAt, cur.Opening, cur.UpdatedBy, cur.UpdatedAt = StatusOpened, now, &rec, p.Name, now
		if _, err := s.UpdateTender(ctx, cur); err != nil {
			return err
		}
		intact := 0
		for _, b := range rec.Bids {
			if b.Intact {
				intact++
			}
		}
		if notice, err = m.addNotice(ctx, s, cur, "opening", strconv.Itoa(len(rec.Bids))); err != nil {
			return err
		}
		return m.appendLog(ctx, s, p, tender, ActOpening, obj("tender", tender),
			fmt.Sprintf("bids %d, intact %d, withdrawn %d", len(rec.Bids), intact, rec.Withdrawn), OutcomeOK)
	})
	if err != nil {
		return Tender{}, err
	}
	out, err := m.store.Tender(ctx, p.CollaborationID, tender)
	if err != nil {
		return Tender{}, err
	}
	if notice.ID != 0 {
		m.mail(ctx, out, notice)
	}
	return out, nil
}

// open decrypts every current bid of t and builds the opening record.
func (m *Manager) open(ctx context.Context, s Store, t Tender, confs []Confirmation, now time.Time) (OpeningRecord, error) {
	rec := OpeningRecord{OpenedAt: now, OpenedBy: confs, Bids: []OpenedBid{}}
	key, err := m.tenderKey(ctx, s, t.CollaborationID, t.ID)
	if err != nil {
		return OpeningRecord{}, err
	}
	bids, err := s.Bids(ctx, t.CollaborationID, t.ID)
	if err != nil {
		return OpeningRecord{}, err
	}
	slices.SortStableFunc(bids, func(a, b Bid) int { return a.ReceivedAt.Compare(b.ReceivedAt) })
	names := map[domain.ID]string{}
	for _, b := range bids {
		switch b.Status {
		case BidWithdrawn:
			rec.Withdrawn++
			continue
		case BidReplaced:
			continue
		}
		if _, ok := names[b.SupplierID]; !ok {
			sup, err := s.Supplier(ctx, t.CollaborationID, b.SupplierID)
			if err != nil && domain.KindOf(err) != domain.KindNotFound {
				return OpeningRecord{}, err
			}
			names[b.SupplierID] = sup.Name
		}
		ob := OpenedBid{Number: len(rec.Bids) + 1, BidID: b.ID, SupplierID: b.SupplierID, Supplier: names[b.SupplierID],
			ReceivedAt: b.ReceivedAt, Digest: b.Digest, Files: len(b.Files)}
		sealed, err := s.SealedBid(ctx, t.CollaborationID, t.ID, b.ID)
		if err != nil {
			return OpeningRecord{}, err
		}
		price, pf, files, ok := openSealed(key, t.ID, b, sealed)
		ob.Price = pf
		ob.Intact = ok && bidDigest(price, files) == b.Digest
		rec.Bids = append(rec.Bids, ob)
	}
	return rec, nil
}

// openSealed opens a bid's sealed parts; ok is false when any part fails
// to open or parse. price is the price form's plaintext as sealed.
func openSealed(key seal.Key, tender domain.ID, b Bid, sealed Sealed) (price []byte, pf PriceForm, files []File, ok bool) {
	aad := bidAAD(tender, b.Token, b.SupplierID)
	price, err := seal.Open(key, sealed.Price, aad)
	if err != nil || json.Unmarshal(price, &pf) != nil {
		return nil, PriceForm{}, nil, false
	}
	if len(sealed.Files) != len(b.Files) {
		return price, pf, nil, false
	}
	for _, part := range sealed.Files {
		plain, err := seal.Open(key, part, aad)
		if err != nil {
			return price, pf, nil, false
		}
		f, err := unframeFile(plain)
		if err != nil {
			return price, pf, nil, false
		}
		files = append(files, f)
	}
	return price, pf, files, true
}

// BidFile returns file n (from 1) of an opened bid (authorised persons,
// logged). Nothing is returned before the opening.
//
// Errors: unauthorized, forbidden, not found ("procurement.bid_not_found",
// "procurement.file_not_found"), conflict "procurement.not_opened" before
// the opening, internal when the sealed file fails to open; each refusal
// logged.
func (m *Manager) BidFile(ctx context.Context, p domain.Principal, tender, bid domain.ID, n int) (File, error) {
	t, err := m.buyerTender(ctx, p, tender, true, ActBidFileRead)
	if err != nil {
		return File{}, err
	}
	object := obj("bid", bid) + " file " + strconv.Itoa(n)
	if t.Status != StatusOpened {
		return File{}, m.refuse(ctx, p, tender, ActBidFileRead, object, domain.Conflict("procurement.not_opened"))
	}
	var f File
	err = m.logged(ctx, p, tender, ActBidFileRead, object, func(s Store) error {
		b, err := s.Bid(ctx, p.CollaborationID, tender, bid)
		if err != nil {
			return err
		}
		if n < 1 || n > len(b.Files) {
			return domain.NotFound("procurement.file_not_found")
		}
		sealed, err := s.SealedBid(ctx, p.CollaborationID, tender, bid)
		if err != nil {
			return err
		}
		if n > len(sealed.Files) {
			return domain.Internal(seal.ErrTampered)
		}
		key, err := m.tenderKey(ctx, s, p.CollaborationID, tender)
		if err != nil {
			return err
		}
		plain, err := seal.Open(key, sealed.Files[n-1], bidAAD(tender, b.Token, b.SupplierID))
		if err != nil {
			return domain.Internal(err)
		}
		if f, err = unframeFile(plain); err != nil {
			return domain.Internal(err)
		}
		return m.appendLog(ctx, s, p, tender, ActBidFileRead, object, f.Name, OutcomeOK)
	})
	return f, err
}
