package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// Sealed bids, opening confirmations and the access log. The triggers of
// migration 015 keep a bid's receipt, its sealed parts and the log rows
// unchanged whatever query reaches them; this file only ever inserts them
// (and changes a bid's status).

const bidCols = `id, collaboration_id, tender_id, supplier_id, submitted_by, token, status, received_at, changed_at,
	digest, size, files`

func bidDest(b *procurement.Bid) []any {
	return []any{&b.ID, &b.CollaborationID, &b.TenderID, &b.SupplierID, &b.SubmittedBy, &b.Token, &b.Status,
		timeCol{&b.ReceivedAt}, timeCol{&b.ChangedAt}, &b.Digest, &b.Size, jsonCol{&b.Files}}
}

func (s procurementStore) Bids(ctx context.Context, collab, tender domain.ID) ([]procurement.Bid, error) {
	if err := s.tenderExists(ctx, collab, tender); err != nil {
		return nil, err
	}
	return collect(ctx, s.db, bidDest, `SELECT `+bidCols+` FROM bids WHERE collaboration_id = ? AND tender_id = ?
		ORDER BY received_at, id`, collab, tender)
}

func (s procurementStore) Bid(ctx context.Context, collab, tender, id domain.ID) (procurement.Bid, error) {
	var b procurement.Bid
	err := s.db.queryRow(ctx, `SELECT `+bidCols+` FROM bids WHERE collaboration_id = ? AND tender_id = ? AND id = ?`,
		collab, tender, id).Scan(bidDest(&b)...)
	return b, s.db.mapErr(err, "procurement.bid_not_found")
}

// CreateBid stores the receipt and the sealed parts (n 0 the price form,
// 1… the files) in one transaction. The sealed files must match the
// receipt's files one to one.
func (s procurementStore) CreateBid(ctx context.Context, b procurement.Bid, sealed procurement.Sealed) (domain.ID, error) {
	if len(sealed.Price) == 0 || len(sealed.Files) != len(b.Files) {
		return 0, domain.Internal(fmt.Errorf("bid: %d sealed files for %d receipted, price sealed %t",
			len(sealed.Files), len(b.Files), len(sealed.Price) > 0))
	}
	if b.ReceivedAt.IsZero() {
		b.ReceivedAt = s.db.now()
	}
	if b.Status == "" {
		b.Status = procurement.BidSubmitted
	}
	files := b.Files
	if files == nil {
		files = []procurement.BidFile{}
	}
	data, err := json.Marshal(files)
	if err != nil {
		return 0, domain.Internal(err)
	}
	var id domain.ID
	err = s.db.atomic(ctx, func(tx *DB) error {
		st := procurementStore{tx}
		if err := st.tenderExists(ctx, b.CollaborationID, b.TenderID); err != nil {
			return err
		}
		if err := st.supplierExists(ctx, b.CollaborationID, b.SupplierID); err != nil {
			return err
		}
		err := tx.queryRow(ctx, `INSERT INTO bids (collaboration_id, tender_id, supplier_id, submitted_by, token, status,
			received_at, changed_at, digest, size, files) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			b.CollaborationID, b.TenderID, b.SupplierID, b.SubmittedBy, b.Token, b.Status, tx.ptimeArg(b.ReceivedAt),
			tx.optTimeArg(b.ChangedAt), b.Digest, b.Size, string(data)).Scan(&id)
		if err != nil {
			return tx.mapErr(err, "")
		}
		parts := append([][]byte{sealed.Price}, sealed.Files...)
		for n, p := range parts {
			if _, err := tx.exec(ctx, `INSERT INTO bid_parts (bid_id, n, collaboration_id, sealed) VALUES (?, ?, ?, ?)`,
				id, n, b.CollaborationID, p); err != nil {
				return err
			}
		}
		tx.wrote(b.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// SetBidStatus changes only a current submission: a replaced or withdrawn
// one stays as it is (conflict "error.stale").
func (s procurementStore) SetBidStatus(ctx context.Context, collab, tender, id domain.ID, status string, at time.Time) error {
	if status != procurement.BidReplaced && status != procurement.BidWithdrawn {
		return domain.Internal(fmt.Errorf("bid %d: cannot set status %q", id, status))
	}
	if at.IsZero() {
		at = s.db.now()
	}
	return s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `UPDATE bids SET status = ?, changed_at = ?
			WHERE collaboration_id = ? AND tender_id = ? AND id = ? AND status = ?`,
			status, tx.ptimeArg(at), collab, tender, id, procurement.BidSubmitted)
		if err := staleCheck(res, err); err != nil {
			if _, gerr := (procurementStore{tx}).Bid(ctx, collab, tender, id); gerr != nil {
				return gerr
			}
			return err
		}
		tx.wrote(collab)
		return nil
	})
}

func (s procurementStore) SealedBid(ctx context.Context, collab, tender, id domain.ID) (procurement.Sealed, error) {
	var out procurement.Sealed
	if _, err := s.Bid(ctx, collab, tender, id); err != nil {
		return out, err
	}
	type part struct {
		n      int
		sealed []byte
	}
	parts, err := collect(ctx, s.db, func(p *part) []any { return []any{&p.n, &p.sealed} },
		`SELECT n, sealed FROM bid_parts WHERE collaboration_id = ? AND bid_id = ? ORDER BY n`, collab, id)
	if err != nil {
		return out, err
	}
	for i, p := range parts {
		if p.n != i {
			return out, domain.Internal(fmt.Errorf("bid %d: sealed part %d missing", id, i))
		}
		if i == 0 {
			out.Price = p.sealed
		} else {
			out.Files = append(out.Files, p.sealed)
		}
	}
	if out.Price == nil {
		return out, domain.Internal(fmt.Errorf("bid %d: no sealed price form", id))
	}
	return out, nil
}

// Opening confirmations.

func (s procurementStore) Confirmations(ctx context.Context, collab, tender domain.ID) ([]procurement.Confirmation, error) {
	if err := s.tenderExists(ctx, collab, tender); err != nil {
		return nil, err
	}
	return collect(ctx, s.db, func(c *procurement.Confirmation) []any {
		return []any{&c.TenderID, &c.UserID, &c.Name, timeCol{&c.At}}
	}, `SELECT tender_id, user_id, name, at FROM opening_confirmations WHERE collaboration_id = ? AND tender_id = ?
		ORDER BY at, user_id`, collab, tender)
}

func (s procurementStore) AddConfirmation(ctx context.Context, collab domain.ID, c procurement.Confirmation) error {
	if c.At.IsZero() {
		c.At = s.db.now()
	}
	return s.db.atomic(ctx, func(tx *DB) error {
		if err := (procurementStore{tx}).tenderExists(ctx, collab, c.TenderID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO opening_confirmations (tender_id, user_id, collaboration_id, name, at)
			VALUES (?, ?, ?, ?, ?)`, c.TenderID, c.UserID, collab, c.Name, tx.ptimeArg(c.At)); err != nil {
			return renameConflict(err, "procurement.already_confirmed")
		}
		tx.wrote(collab)
		return nil
	})
}

// The access log.

const logCols = `collaboration_id, tender_id, seq, at, actor_id, actor, action, object, detail, outcome, prev, mac`

func logDest(e *procurement.LogEntry) []any {
	return []any{&e.CollaborationID, &e.TenderID, &e.Seq, timeCol{&e.At}, &e.ActorID, &e.Actor, &e.Action, &e.Object,
		&e.Detail, &e.Outcome, &e.Prev, &e.MAC}
}

func (s procurementStore) LastLogEntry(ctx context.Context, collab, tender domain.ID) (procurement.LogEntry, error) {
	if err := s.tenderExists(ctx, collab, tender); err != nil {
		return procurement.LogEntry{}, err
	}
	list, err := collect(ctx, s.db, logDest, `SELECT `+logCols+` FROM procurement_log
		WHERE collaboration_id = ? AND tender_id = ? ORDER BY seq DESC LIMIT 1`, collab, tender)
	if err != nil || len(list) == 0 {
		return procurement.LogEntry{CollaborationID: collab, TenderID: tender}, err
	}
	return list[0], nil
}

// AppendLog moves the tender's head forward from e.Seq-1 to e before it
// inserts e, so two writers racing for one Seq cannot both succeed and the
// head always names the last row.
func (s procurementStore) AppendLog(ctx context.Context, e procurement.LogEntry) error {
	if e.Seq < 1 || len(e.MAC) == 0 {
		return domain.Internal(fmt.Errorf("log entry %d of tender %d: no Seq or MAC", e.Seq, e.TenderID))
	}
	return s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `UPDATE tenders SET log_seq = ?, log_head = ?
			WHERE collaboration_id = ? AND id = ? AND log_seq = ?`, e.Seq, e.MAC, e.CollaborationID, e.TenderID, e.Seq-1)
		if err := staleCheck(res, err); err != nil {
			if gerr := (procurementStore{tx}).tenderExists(ctx, e.CollaborationID, e.TenderID); gerr != nil {
				return gerr
			}
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO procurement_log (tender_id, seq, collaboration_id, at, actor_id, actor,
			action, object, detail, outcome, prev, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.TenderID, e.Seq, e.CollaborationID, tx.ptimeArg(e.At), e.ActorID, e.Actor, e.Action, e.Object, e.Detail,
			e.Outcome, e.Prev, e.MAC); err != nil {
			return err
		}
		// The buyer's log page shows it.
		tx.wrote(e.CollaborationID)
		return nil
	})
}

func (s procurementStore) Log(ctx context.Context, collab, tender domain.ID) ([]procurement.LogEntry, error) {
	if err := s.tenderExists(ctx, collab, tender); err != nil {
		return nil, err
	}
	return collect(ctx, s.db, logDest, `SELECT `+logCols+` FROM procurement_log
		WHERE collaboration_id = ? AND tender_id = ? ORDER BY seq`, collab, tender)
}

func (s procurementStore) LogHead(ctx context.Context, collab, tender domain.ID) (int64, []byte, error) {
	var seq int64
	var mac []byte
	err := s.db.queryRow(ctx, `SELECT log_seq, log_head FROM tenders WHERE collaboration_id = ? AND id = ?`,
		collab, tender).Scan(&seq, &mac)
	if err != nil {
		return 0, nil, s.db.mapErr(err, "procurement.tender_not_found")
	}
	if seq == 0 {
		mac = nil
	}
	return seq, mac, nil
}
