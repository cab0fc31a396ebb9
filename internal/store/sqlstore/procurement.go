package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// Procurement returns the procurement module's view of the database:
// suppliers, tenders and everything below them, sealed bids and the access
// log (migration 015, whose triggers keep the log, the sealed parts and a
// bid's receipt unchanged).
//
// Times are stored truncated to the microsecond, which is what PostgreSQL
// keeps, so that both databases read back the same instant (a bid's
// receipt time, a log entry's time under its MAC).
func (db *DB) Procurement() procurement.Store { return procurementStore{db} }

type procurementStore struct{ db *DB }

// ptime is t as the procurement tables keep it: UTC, to the microsecond.
func ptime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func (db *DB) ptimeArg(t time.Time) any { return db.timeArg(ptime(t)) }

// optTimeArg binds a zero time as NULL.
func (db *DB) optTimeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return db.ptimeArg(t)
}

// forUpdate locks the rows a SELECT reads until the transaction ends; SQLite
// has no row locks and needs none, its single writer serialises.
func (db *DB) forUpdate() string {
	if db.d.SingleWriter {
		return ""
	}
	return " FOR UPDATE"
}

// renameConflict gives a unique-key violation its module's code; other
// errors pass unchanged.
func renameConflict(err error, code string) error {
	if de := domain.AsError(err); de != nil && de.Kind == domain.KindConflict && de.Code == "error.duplicate" {
		return &domain.Error{Kind: domain.KindConflict, Code: code, Err: de.Err}
	}
	return err
}

// jsonCol scans a JSON text column into v.
type jsonCol struct{ v any }

func (c jsonCol) Scan(src any) error {
	switch s := src.(type) {
	case string:
		return json.Unmarshal([]byte(s), c.v)
	case []byte:
		return json.Unmarshal(s, c.v)
	case nil:
		return nil
	}
	return fmt.Errorf("cannot scan %T as JSON", src)
}

func (s procurementStore) Atomic(ctx context.Context, fn func(procurement.Store) error) error {
	return s.db.atomic(ctx, func(tx *DB) error { return fn(procurementStore{tx}) })
}

// exists returns not found notFound unless q finds a row.
func (s procurementStore) exists(ctx context.Context, notFound, q string, args ...any) error {
	var id domain.ID
	return s.db.mapErr(s.db.queryRow(ctx, q, args...).Scan(&id), notFound)
}

func (s procurementStore) tenderExists(ctx context.Context, collab, tender domain.ID) error {
	return s.exists(ctx, "procurement.tender_not_found", `SELECT id FROM tenders WHERE collaboration_id = ? AND id = ?`,
		collab, tender)
}

func (s procurementStore) supplierExists(ctx context.Context, collab, supplier domain.ID) error {
	return s.exists(ctx, "procurement.supplier_not_found", `SELECT id FROM suppliers WHERE collaboration_id = ? AND id = ?`,
		collab, supplier)
}

func (s procurementStore) LockTender(ctx context.Context, collab, tender domain.ID) error {
	return s.exists(ctx, "procurement.tender_not_found",
		`SELECT id FROM tenders WHERE collaboration_id = ? AND id = ?`+s.db.forUpdate(), collab, tender)
}

// Suppliers.

const supplierCols = `id, collaboration_id, name, org_number, contact_name, contact_email, version, created_at`

func supplierDest(x *procurement.Supplier) []any {
	return []any{&x.ID, &x.CollaborationID, &x.Name, &x.OrgNumber, &x.ContactName, &x.ContactEmail, &x.Version,
		timeCol{&x.CreatedAt}}
}

func (s procurementStore) Suppliers(ctx context.Context, collab domain.ID) ([]procurement.Supplier, error) {
	return collect(ctx, s.db, supplierDest, `SELECT `+supplierCols+` FROM suppliers WHERE collaboration_id = ?
		ORDER BY name, id`, collab)
}

func (s procurementStore) Supplier(ctx context.Context, collab, id domain.ID) (procurement.Supplier, error) {
	var x procurement.Supplier
	err := s.db.queryRow(ctx, `SELECT `+supplierCols+` FROM suppliers WHERE collaboration_id = ? AND id = ?`,
		collab, id).Scan(supplierDest(&x)...)
	return x, s.db.mapErr(err, "procurement.supplier_not_found")
}

func (s procurementStore) CreateSupplier(ctx context.Context, x procurement.Supplier) (domain.ID, error) {
	if x.CreatedAt.IsZero() {
		x.CreatedAt = s.db.now()
	}
	var id domain.ID
	err := s.db.atomic(ctx, func(tx *DB) error {
		err := tx.queryRow(ctx, `INSERT INTO suppliers (collaboration_id, name, org_number, contact_name, contact_email,
			version, created_at) VALUES (?, ?, ?, ?, ?, 1, ?) RETURNING id`, x.CollaborationID, x.Name, x.OrgNumber,
			x.ContactName, x.ContactEmail, tx.ptimeArg(x.CreatedAt)).Scan(&id)
		if err != nil {
			return renameConflict(tx.mapErr(err, ""), "procurement.supplier_exists")
		}
		tx.wrote(x.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

func (s procurementStore) UpdateSupplier(ctx context.Context, x procurement.Supplier) (int, error) {
	err := s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `UPDATE suppliers SET name = ?, org_number = ?, contact_name = ?, contact_email = ?,
			version = version + 1 WHERE collaboration_id = ? AND id = ? AND version = ?`,
			x.Name, x.OrgNumber, x.ContactName, x.ContactEmail, x.CollaborationID, x.ID, x.Version)
		if err := staleCheck(res, renameConflict(err, "procurement.supplier_exists")); err != nil {
			if domain.AsError(err) != nil && domain.AsError(err).Code == "error.stale" {
				if _, gerr := (procurementStore{tx}).Supplier(ctx, x.CollaborationID, x.ID); gerr != nil {
					return gerr
				}
			}
			return err
		}
		tx.wrote(x.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return x.Version + 1, nil
}

func (s procurementStore) LinkSupplierUser(ctx context.Context, collab, supplier, user domain.ID) error {
	return s.db.atomic(ctx, func(tx *DB) error {
		st := procurementStore{tx}
		if err := st.supplierExists(ctx, collab, supplier); err != nil {
			return err
		}
		if err := st.exists(ctx, "auth.user_not_found", `SELECT id FROM users WHERE collaboration_id = ? AND id = ?`,
			collab, user); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO supplier_users (user_id, supplier_id, collaboration_id) VALUES (?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET supplier_id = excluded.supplier_id`, user, supplier, collab); err != nil {
			return err
		}
		tx.wrote(collab)
		return nil
	})
}

func (s procurementStore) SupplierUsers(ctx context.Context, collab, supplier domain.ID) ([]domain.ID, error) {
	if err := s.supplierExists(ctx, collab, supplier); err != nil {
		return nil, err
	}
	return collect(ctx, s.db, func(id *domain.ID) []any { return []any{id} },
		`SELECT user_id FROM supplier_users WHERE collaboration_id = ? AND supplier_id = ? ORDER BY user_id`,
		collab, supplier)
}

func (s procurementStore) SupplierOfUser(ctx context.Context, collab, user domain.ID) (procurement.Supplier, error) {
	var x procurement.Supplier
	err := s.db.queryRow(ctx, `SELECT s.id, s.collaboration_id, s.name, s.org_number, s.contact_name, s.contact_email,
		s.version, s.created_at FROM supplier_users su JOIN suppliers s ON s.id = su.supplier_id
		WHERE su.collaboration_id = ? AND s.collaboration_id = ? AND su.user_id = ?`, collab, collab, user).
		Scan(supplierDest(&x)...)
	return x, s.db.mapErr(err, "procurement.supplier_not_found")
}

// Tenders.

const tenderCols = `id, collaboration_id, reference, title, procedure, status, doc, version, created_by, created_at,
	updated_by, updated_at`

// tenderRow scans a tender: the JSON document first, then the columns over
// it, since they are the truth for what they hold.
type tenderRow struct {
	t   procurement.Tender
	doc string
}

func tenderDest(r *tenderRow) []any {
	t := &r.t
	return []any{&t.ID, &t.CollaborationID, &t.Reference, &t.Title, &t.Procedure, &t.Status, &r.doc, &t.Version,
		&t.CreatedBy, timeCol{&t.CreatedAt}, &t.UpdatedBy, timeCol{&t.UpdatedAt}}
}

func (r tenderRow) tender() (procurement.Tender, error) {
	var t procurement.Tender
	if err := json.Unmarshal([]byte(r.doc), &t); err != nil {
		return t, domain.Internal(fmt.Errorf("tender %d: %w", r.t.ID, err))
	}
	c := r.t
	t.ID, t.CollaborationID, t.Reference, t.Title, t.Procedure, t.Status = c.ID, c.CollaborationID, c.Reference,
		c.Title, c.Procedure, c.Status
	t.Version, t.CreatedBy, t.CreatedAt, t.UpdatedBy, t.UpdatedAt = c.Version, c.CreatedBy, c.CreatedAt, c.UpdatedBy,
		c.UpdatedAt
	return t, nil
}

func (s procurementStore) Tenders(ctx context.Context, collab domain.ID) ([]procurement.Tender, error) {
	rows, err := collect(ctx, s.db, tenderDest, `SELECT `+tenderCols+` FROM tenders WHERE collaboration_id = ?
		ORDER BY created_at DESC, id DESC`, collab)
	if err != nil {
		return nil, err
	}
	out := make([]procurement.Tender, 0, len(rows))
	for _, r := range rows {
		t, err := r.tender()
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func (s procurementStore) tenderWhere(ctx context.Context, where string, args ...any) (procurement.Tender, error) {
	var r tenderRow
	if err := s.db.queryRow(ctx, `SELECT `+tenderCols+` FROM tenders WHERE `+where, args...).Scan(tenderDest(&r)...); err != nil {
		return procurement.Tender{}, s.db.mapErr(err, "procurement.tender_not_found")
	}
	return r.tender()
}

func (s procurementStore) Tender(ctx context.Context, collab, id domain.ID) (procurement.Tender, error) {
	return s.tenderWhere(ctx, `collaboration_id = ? AND id = ?`, collab, id)
}

func (s procurementStore) TenderByReference(ctx context.Context, collab domain.ID, ref string) (procurement.Tender, error) {
	return s.tenderWhere(ctx, `collaboration_id = ? AND reference = ?`, collab, ref)
}

func tenderDoc(t procurement.Tender) (string, error) {
	b, err := json.Marshal(t)
	if err != nil {
		return "", domain.Internal(err)
	}
	return string(b), nil
}

func (s procurementStore) CreateTender(ctx context.Context, t procurement.Tender) (domain.ID, error) {
	if t.CreatedAt.IsZero() {
		t.CreatedAt = s.db.now()
	}
	if t.UpdatedAt.IsZero() {
		t.UpdatedAt = t.CreatedAt
	}
	if t.UpdatedBy == "" {
		t.UpdatedBy = t.CreatedBy
	}
	doc, err := tenderDoc(t)
	if err != nil {
		return 0, err
	}
	var id domain.ID
	err = s.db.atomic(ctx, func(tx *DB) error {
		err := tx.queryRow(ctx, `INSERT INTO tenders (collaboration_id, reference, title, procedure, status, bid_deadline,
			doc, version, created_by, created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)
			RETURNING id`, t.CollaborationID, t.Reference, t.Title, t.Procedure, t.Status, tx.optTimeArg(t.Deadline()),
			doc, t.CreatedBy, tx.ptimeArg(t.CreatedAt), t.UpdatedBy, tx.ptimeArg(t.UpdatedAt)).Scan(&id)
		if err != nil {
			return renameConflict(tx.mapErr(err, ""), "procurement.reference_exists")
		}
		tx.wrote(t.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// UpdateTender stores everything but the creation, the key and the log
// head, which have their own calls.
func (s procurementStore) UpdateTender(ctx context.Context, t procurement.Tender) (int, error) {
	if t.UpdatedAt.IsZero() {
		t.UpdatedAt = s.db.now()
	}
	doc, err := tenderDoc(t)
	if err != nil {
		return 0, err
	}
	err = s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `UPDATE tenders SET reference = ?, title = ?, procedure = ?, status = ?, bid_deadline = ?,
			doc = ?, version = version + 1, updated_by = ?, updated_at = ?
			WHERE collaboration_id = ? AND id = ? AND version = ?`,
			t.Reference, t.Title, t.Procedure, t.Status, tx.optTimeArg(t.Deadline()), doc, t.UpdatedBy,
			tx.ptimeArg(t.UpdatedAt), t.CollaborationID, t.ID, t.Version)
		if err := staleCheck(res, renameConflict(err, "procurement.reference_exists")); err != nil {
			if de := domain.AsError(err); de != nil && de.Code == "error.stale" {
				if gerr := (procurementStore{tx}).tenderExists(ctx, t.CollaborationID, t.ID); gerr != nil {
					return gerr
				}
			}
			return err
		}
		tx.wrote(t.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return t.Version + 1, nil
}

func (s procurementStore) SetTenderKey(ctx context.Context, collab, tender domain.ID, wrapped []byte) error {
	if len(wrapped) == 0 {
		return domain.Internal(fmt.Errorf("tender %d: empty wrapped key", tender))
	}
	return s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `UPDATE tenders SET wrapped_key = ? WHERE collaboration_id = ? AND id = ?
			AND wrapped_key IS NULL`, wrapped, collab, tender)
		if err := staleCheck(res, err); err != nil {
			if gerr := (procurementStore{tx}).tenderExists(ctx, collab, tender); gerr != nil {
				return gerr
			}
			return domain.Conflict("error.duplicate")
		}
		tx.wrote(collab)
		return nil
	})
}

func (s procurementStore) TenderKey(ctx context.Context, collab, tender domain.ID) ([]byte, error) {
	var key []byte
	err := s.db.queryRow(ctx, `SELECT wrapped_key FROM tenders WHERE collaboration_id = ? AND id = ?`, collab, tender).
		Scan(&key)
	if err != nil {
		return nil, s.db.mapErr(err, "procurement.tender_not_found")
	}
	if len(key) == 0 {
		return nil, domain.Internal(fmt.Errorf("tender %d has no key", tender))
	}
	return key, nil
}

// Candidates.

func (s procurementStore) Candidates(ctx context.Context, collab, tender domain.ID) ([]procurement.Candidate, error) {
	if err := s.tenderExists(ctx, collab, tender); err != nil {
		return nil, err
	}
	return collect(ctx, s.db, func(c *procurement.Candidate) []any {
		return []any{&c.TenderID, &c.SupplierID, timeCol{&c.InvitedAt}, &c.InvitedBy}
	}, `SELECT tender_id, supplier_id, invited_at, invited_by FROM tender_candidates
		WHERE collaboration_id = ? AND tender_id = ? ORDER BY invited_at, supplier_id`, collab, tender)
}

func (s procurementStore) AddCandidate(ctx context.Context, collab domain.ID, c procurement.Candidate) error {
	if c.InvitedAt.IsZero() {
		c.InvitedAt = s.db.now()
	}
	return s.db.atomic(ctx, func(tx *DB) error {
		st := procurementStore{tx}
		if err := st.tenderExists(ctx, collab, c.TenderID); err != nil {
			return err
		}
		if err := st.supplierExists(ctx, collab, c.SupplierID); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `INSERT INTO tender_candidates (tender_id, supplier_id, collaboration_id, invited_at,
			invited_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tender_id, supplier_id) DO NOTHING`,
			c.TenderID, c.SupplierID, collab, tx.ptimeArg(c.InvitedAt), c.InvitedBy)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return domain.Internal(err)
		} else if n > 0 {
			tx.wrote(collab)
		}
		return nil
	})
}

// RemoveCandidate of a supplier that is no candidate changes nothing.
func (s procurementStore) RemoveCandidate(ctx context.Context, collab, tender, supplier domain.ID) error {
	return s.db.atomic(ctx, func(tx *DB) error {
		if err := (procurementStore{tx}).tenderExists(ctx, collab, tender); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `DELETE FROM tender_candidates WHERE collaboration_id = ? AND tender_id = ?
			AND supplier_id = ?`, collab, tender, supplier)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return domain.Internal(err)
		} else if n > 0 {
			tx.wrote(collab)
		}
		return nil
	})
}
