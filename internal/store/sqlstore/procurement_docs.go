package sqlstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// Documents, the specification, questions and notices of a tender.

const documentCols = `id, collaboration_id, tender_id, kind, title, published, version, created_at`

func documentDest(d *procurement.Document) []any {
	return []any{&d.ID, &d.CollaborationID, &d.TenderID, &d.Kind, &d.Title, &d.Published, &d.Version,
		timeCol{&d.CreatedAt}}
}

const docVersionCols = `v.document_id, v.n, v.file_name, v.content_type, v.size, v.sha256, v.note, v.created_by,
	v.created_at`

func docVersionDest(v *procurement.DocVersion) []any {
	return []any{&v.DocumentID, &v.N, &v.FileName, &v.ContentType, &v.Size, &v.SHA256, &v.Note, &v.By,
		timeCol{&v.At}}
}

func (s procurementStore) Documents(ctx context.Context, collab, tender domain.ID) ([]procurement.Document, error) {
	if err := s.tenderExists(ctx, collab, tender); err != nil {
		return nil, err
	}
	docs, err := collect(ctx, s.db, documentDest, `SELECT `+documentCols+` FROM tender_documents
		WHERE collaboration_id = ? AND tender_id = ? ORDER BY id`, collab, tender)
	if err != nil {
		return nil, err
	}
	versions, err := collect(ctx, s.db, docVersionDest, `SELECT `+docVersionCols+` FROM tender_document_versions v
		JOIN tender_documents d ON d.id = v.document_id
		WHERE v.collaboration_id = ? AND d.collaboration_id = ? AND d.tender_id = ? ORDER BY v.document_id, v.n`,
		collab, collab, tender)
	if err != nil {
		return nil, err
	}
	at := make(map[domain.ID]int, len(docs))
	for i := range docs {
		docs[i].Versions = []procurement.DocVersion{}
		at[docs[i].ID] = i
	}
	for _, v := range versions {
		if i, ok := at[v.DocumentID]; ok {
			docs[i].Versions = append(docs[i].Versions, v)
		}
	}
	return docs, nil
}

func (s procurementStore) Document(ctx context.Context, collab, tender, id domain.ID) (procurement.Document, error) {
	var d procurement.Document
	err := s.db.queryRow(ctx, `SELECT `+documentCols+` FROM tender_documents
		WHERE collaboration_id = ? AND tender_id = ? AND id = ?`, collab, tender, id).Scan(documentDest(&d)...)
	if err != nil {
		return d, s.db.mapErr(err, "procurement.document_not_found")
	}
	versions, err := collect(ctx, s.db, docVersionDest, `SELECT `+docVersionCols+` FROM tender_document_versions v
		WHERE v.collaboration_id = ? AND v.document_id = ? ORDER BY v.n`, collab, id)
	if err != nil {
		return d, err
	}
	d.Versions = append([]procurement.DocVersion{}, versions...)
	return d, nil
}

func (s procurementStore) CreateDocument(ctx context.Context, d procurement.Document) (domain.ID, error) {
	if d.CreatedAt.IsZero() {
		d.CreatedAt = s.db.now()
	}
	var id domain.ID
	err := s.db.atomic(ctx, func(tx *DB) error {
		if err := (procurementStore{tx}).tenderExists(ctx, d.CollaborationID, d.TenderID); err != nil {
			return err
		}
		err := tx.queryRow(ctx, `INSERT INTO tender_documents (collaboration_id, tender_id, kind, title, published,
			version, created_at) VALUES (?, ?, ?, ?, ?, 1, ?) RETURNING id`, d.CollaborationID, d.TenderID, d.Kind,
			d.Title, d.Published, tx.ptimeArg(d.CreatedAt)).Scan(&id)
		if err != nil {
			return tx.mapErr(err, "")
		}
		tx.wrote(d.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

func (s procurementStore) UpdateDocument(ctx context.Context, d procurement.Document) (int, error) {
	err := s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `UPDATE tender_documents SET title = ?, published = ?, version = version + 1
			WHERE collaboration_id = ? AND tender_id = ? AND id = ? AND version = ?`,
			d.Title, d.Published, d.CollaborationID, d.TenderID, d.ID, d.Version)
		if err := staleCheck(res, err); err != nil {
			if _, gerr := (procurementStore{tx}).Document(ctx, d.CollaborationID, d.TenderID, d.ID); gerr != nil {
				return gerr
			}
			return err
		}
		tx.wrote(d.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return d.Version + 1, nil
}

// AddDocumentVersion numbers the version after the last one, with the
// document's row held so that two uploads do not take the same number. The
// store sets Size and SHA256 (hex) from the content itself, so they always
// describe what is stored.
func (s procurementStore) AddDocumentVersion(ctx context.Context, collab domain.ID, v procurement.DocVersion,
	content []byte) (int, error) {
	if v.At.IsZero() {
		v.At = s.db.now()
	}
	if content == nil {
		content = []byte{}
	}
	sum := sha256.Sum256(content)
	v.SHA256, v.Size = hex.EncodeToString(sum[:]), int64(len(content))
	err := s.db.atomic(ctx, func(tx *DB) error {
		if err := (procurementStore{tx}).exists(ctx, "procurement.document_not_found",
			`SELECT id FROM tender_documents WHERE collaboration_id = ? AND id = ?`+tx.forUpdate(),
			collab, v.DocumentID); err != nil {
			return err
		}
		if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(n), 0) + 1 FROM tender_document_versions WHERE document_id = ?`,
			v.DocumentID).Scan(&v.N); err != nil {
			return tx.mapErr(err, "")
		}
		if _, err := tx.exec(ctx, `INSERT INTO tender_document_versions (collaboration_id, document_id, n, file_name,
			content_type, size, sha256, note, created_by, created_at, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			collab, v.DocumentID, v.N, v.FileName, v.ContentType, v.Size, v.SHA256, v.Note, v.By, tx.ptimeArg(v.At),
			content); err != nil {
			return err
		}
		tx.wrote(collab)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return v.N, nil
}

func (s procurementStore) DocumentContent(ctx context.Context, collab, tender, doc domain.ID, n int) (procurement.DocVersion, []byte, error) {
	var v procurement.DocVersion
	var content []byte
	err := s.db.queryRow(ctx, `SELECT `+docVersionCols+`, v.content FROM tender_document_versions v
		JOIN tender_documents d ON d.id = v.document_id
		WHERE d.collaboration_id = ? AND d.tender_id = ? AND v.document_id = ? AND v.n = ?`,
		collab, tender, doc, n).Scan(append(docVersionDest(&v), &content)...)
	if err != nil {
		return v, nil, s.db.mapErr(err, "procurement.document_not_found")
	}
	if content == nil {
		content = []byte{}
	}
	return v, content, nil
}

// Specification.

const specCols = `id, collaboration_id, tender_id, number, text, priority, source_id, service_id, source_element,
	source_name, edited, removed, position, version, updated_by, updated_at`

func specDest(r *procurement.SpecRequirement) []any {
	return []any{&r.ID, &r.CollaborationID, &r.TenderID, &r.Number, &r.Text, &r.Priority, &r.SourceID, &r.ServiceID,
		&r.SourceElement, &r.SourceName, &r.Edited, &r.Removed, &r.Position, &r.Version, &r.UpdatedBy,
		timeCol{&r.UpdatedAt}}
}

func (s procurementStore) SpecRequirements(ctx context.Context, collab, tender domain.ID) ([]procurement.SpecRequirement, error) {
	if err := s.tenderExists(ctx, collab, tender); err != nil {
		return nil, err
	}
	return collect(ctx, s.db, specDest, `SELECT `+specCols+` FROM tender_requirements
		WHERE collaboration_id = ? AND tender_id = ? ORDER BY position, id`, collab, tender)
}

func (s procurementStore) SpecRequirement(ctx context.Context, collab, tender, id domain.ID) (procurement.SpecRequirement, error) {
	var r procurement.SpecRequirement
	err := s.db.queryRow(ctx, `SELECT `+specCols+` FROM tender_requirements
		WHERE collaboration_id = ? AND tender_id = ? AND id = ?`, collab, tender, id).Scan(specDest(&r)...)
	return r, s.db.mapErr(err, "procurement.requirement_not_found")
}

func (s procurementStore) CreateSpecRequirement(ctx context.Context, r procurement.SpecRequirement) (domain.ID, error) {
	if r.UpdatedAt.IsZero() {
		r.UpdatedAt = s.db.now()
	}
	var id domain.ID
	err := s.db.atomic(ctx, func(tx *DB) error {
		if err := (procurementStore{tx}).tenderExists(ctx, r.CollaborationID, r.TenderID); err != nil {
			return err
		}
		err := tx.queryRow(ctx, `INSERT INTO tender_requirements (collaboration_id, tender_id, number, text, priority,
			source_id, service_id, source_element, source_name, edited, removed, position, version, updated_by,
			updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
			r.CollaborationID, r.TenderID, r.Number, r.Text, r.Priority, r.SourceID, r.ServiceID, r.SourceElement,
			r.SourceName, r.Edited, r.Removed, r.Position, r.UpdatedBy, tx.ptimeArg(r.UpdatedAt)).Scan(&id)
		if err != nil {
			return tx.mapErr(err, "")
		}
		tx.wrote(r.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

func (s procurementStore) UpdateSpecRequirement(ctx context.Context, r procurement.SpecRequirement) (int, error) {
	if r.UpdatedAt.IsZero() {
		r.UpdatedAt = s.db.now()
	}
	err := s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `UPDATE tender_requirements SET number = ?, text = ?, priority = ?, source_id = ?,
			service_id = ?, source_element = ?, source_name = ?, edited = ?, removed = ?, position = ?,
			version = version + 1, updated_by = ?, updated_at = ?
			WHERE collaboration_id = ? AND tender_id = ? AND id = ? AND version = ?`,
			r.Number, r.Text, r.Priority, r.SourceID, r.ServiceID, r.SourceElement, r.SourceName, r.Edited, r.Removed,
			r.Position, r.UpdatedBy, tx.ptimeArg(r.UpdatedAt), r.CollaborationID, r.TenderID, r.ID, r.Version)
		if err := staleCheck(res, err); err != nil {
			if _, gerr := (procurementStore{tx}).SpecRequirement(ctx, r.CollaborationID, r.TenderID, r.ID); gerr != nil {
				return gerr
			}
			return err
		}
		tx.wrote(r.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return r.Version + 1, nil
}

// Questions.

const questionCols = `id, collaboration_id, tender_id, COALESCE(supplier_id, 0), asked_by, source, text, asked_at,
	answer, answered_by, answered_at, published_at, version`

func questionDest(q *procurement.Question) []any {
	return []any{&q.ID, &q.CollaborationID, &q.TenderID, &q.SupplierID, &q.AskedBy, &q.Source, &q.Text,
		timeCol{&q.AskedAt}, &q.Answer, &q.AnsweredBy, timeCol{&q.AnsweredAt}, timeCol{&q.PublishedAt}, &q.Version}
}

func (s procurementStore) Questions(ctx context.Context, collab, tender domain.ID) ([]procurement.Question, error) {
	if err := s.tenderExists(ctx, collab, tender); err != nil {
		return nil, err
	}
	return collect(ctx, s.db, questionDest, `SELECT `+questionCols+` FROM tender_questions
		WHERE collaboration_id = ? AND tender_id = ? ORDER BY asked_at, id`, collab, tender)
}

func (s procurementStore) Question(ctx context.Context, collab, tender, id domain.ID) (procurement.Question, error) {
	var q procurement.Question
	err := s.db.queryRow(ctx, `SELECT `+questionCols+` FROM tender_questions
		WHERE collaboration_id = ? AND tender_id = ? AND id = ?`, collab, tender, id).Scan(questionDest(&q)...)
	return q, s.db.mapErr(err, "procurement.question_not_found")
}

// CreateQuestion checks that the tender and the asker's supplier (when
// given) are the collaboration's.
func (s procurementStore) CreateQuestion(ctx context.Context, q procurement.Question) (domain.ID, error) {
	if q.AskedAt.IsZero() {
		q.AskedAt = s.db.now()
	}
	var id domain.ID
	err := s.db.atomic(ctx, func(tx *DB) error {
		st := procurementStore{tx}
		if err := st.tenderExists(ctx, q.CollaborationID, q.TenderID); err != nil {
			return err
		}
		if q.SupplierID != 0 {
			if err := st.supplierExists(ctx, q.CollaborationID, q.SupplierID); err != nil {
				return err
			}
		}
		err := tx.queryRow(ctx, `INSERT INTO tender_questions (collaboration_id, tender_id, supplier_id, asked_by, source,
			text, asked_at, answer, answered_by, answered_at, published_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`,
			q.CollaborationID, q.TenderID, idArg(q.SupplierID), q.AskedBy, q.Source, q.Text, tx.ptimeArg(q.AskedAt),
			q.Answer, q.AnsweredBy, tx.optTimeArg(q.AnsweredAt), tx.optTimeArg(q.PublishedAt)).Scan(&id)
		if err != nil {
			return tx.mapErr(err, "")
		}
		tx.wrote(q.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// UpdateQuestion stores only the answer's fields: the question itself is
// what the supplier asked.
func (s procurementStore) UpdateQuestion(ctx context.Context, q procurement.Question) (int, error) {
	err := s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `UPDATE tender_questions SET answer = ?, answered_by = ?, answered_at = ?,
			published_at = ?, version = version + 1
			WHERE collaboration_id = ? AND tender_id = ? AND id = ? AND version = ?`,
			q.Answer, q.AnsweredBy, tx.optTimeArg(q.AnsweredAt), tx.optTimeArg(q.PublishedAt), q.CollaborationID,
			q.TenderID, q.ID, q.Version)
		if err := staleCheck(res, err); err != nil {
			if _, gerr := (procurementStore{tx}).Question(ctx, q.CollaborationID, q.TenderID, q.ID); gerr != nil {
				return gerr
			}
			return err
		}
		tx.wrote(q.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return q.Version + 1, nil
}

// Notices.

func (s procurementStore) Notices(ctx context.Context, collab, tender domain.ID) ([]procurement.Notice, error) {
	if err := s.tenderExists(ctx, collab, tender); err != nil {
		return nil, err
	}
	return collect(ctx, s.db, func(n *procurement.Notice) []any {
		return []any{&n.ID, &n.CollaborationID, &n.TenderID, &n.Kind, &n.Detail, timeCol{&n.At}}
	}, `SELECT id, collaboration_id, tender_id, kind, detail, at FROM tender_notices
		WHERE collaboration_id = ? AND tender_id = ? ORDER BY at DESC, id DESC`, collab, tender)
}

func (s procurementStore) AddNotice(ctx context.Context, n procurement.Notice) (domain.ID, error) {
	if n.At.IsZero() {
		n.At = s.db.now()
	}
	var id domain.ID
	err := s.db.atomic(ctx, func(tx *DB) error {
		if err := (procurementStore{tx}).tenderExists(ctx, n.CollaborationID, n.TenderID); err != nil {
			return err
		}
		err := tx.queryRow(ctx, `INSERT INTO tender_notices (collaboration_id, tender_id, kind, detail, at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, n.CollaborationID, n.TenderID, n.Kind, n.Detail,
			tx.ptimeArg(n.At)).Scan(&id)
		if err != nil {
			return tx.mapErr(err, "")
		}
		tx.wrote(n.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}
