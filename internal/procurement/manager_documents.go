package procurement

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Documents lists a tender's documents and versions (internal users).
// Errors: unauthorized, forbidden, not found.
func (m *Manager) Documents(ctx context.Context, p domain.Principal, tender domain.ID) ([]Document, error) {
	if _, err := m.buyerTender(ctx, p, tender, false, ActTenderRead); err != nil {
		return nil, err
	}
	return m.store.Documents(ctx, p.CollaborationID, tender)
}

// checkUpload checks a buyer's file at path and returns its version
// without number.
func (m *Manager) checkUpload(path string, f File, note string) (DocVersion, []domain.FieldError) {
	head := f.Content
	if len(head) > 512 {
		head = head[:512]
	}
	errs := CheckFile(path, f.Name, head, int64(len(f.Content)), m.cfg.FileLimits)
	errs = domain.MaxLen(errs, "note", note, maxQuestion)
	sum := sha256.Sum256(f.Content)
	return DocVersion{FileName: CleanFileName(f.Name), ContentType: f.ContentType, Size: int64(len(f.Content)),
		SHA256: hex.EncodeToString(sum[:]), Note: strings.TrimSpace(note)}, errs
}

// AddDocument creates a document with f as its first version (officers).
// Kind is one of DocumentKinds.
//
// Errors: unauthorized, forbidden, not found, invalid (kind, title, file),
// conflict "procurement.opened".
func (m *Manager) AddDocument(ctx context.Context, p domain.Principal, tender domain.ID, kind, title string, f File, note string) (Document, error) {
	t, err := m.buyerTender(ctx, p, tender, true, ActDocumentAdd)
	if err != nil {
		return Document{}, err
	}
	title = strings.TrimSpace(title)
	var errs []domain.FieldError
	errs = domain.OneOf(errs, "kind", kind, DocumentKinds)
	errs = domain.Required(errs, "title", title)
	errs = domain.MaxLen(errs, "title", title, maxTitle)
	v, ferrs := m.checkUpload("file", f, note)
	if errs = append(errs, ferrs...); len(errs) > 0 {
		return Document{}, m.refuse(ctx, p, tender, ActDocumentAdd, "document", domain.Invalid("error.invalid_fields", errs...))
	}
	if t.Status == StatusOpened {
		return Document{}, m.refuse(ctx, p, tender, ActDocumentAdd, "document", domain.Conflict("procurement.opened"))
	}
	var id domain.ID
	err = m.logged(ctx, p, tender, ActDocumentAdd, "document", func(s Store) error {
		var err error
		id, err = s.CreateDocument(ctx, Document{CollaborationID: p.CollaborationID, TenderID: tender, Kind: kind,
			Title: title, Version: 1, CreatedAt: m.now()})
		if err != nil {
			return err
		}
		v.DocumentID, v.By, v.At = id, p.Name, m.now()
		if _, err := s.AddDocumentVersion(ctx, p.CollaborationID, v, f.Content); err != nil {
			return err
		}
		return m.appendLog(ctx, s, p, tender, ActDocumentAdd, obj("document", id), v.FileName+" "+v.SHA256, OutcomeOK)
	})
	if err != nil {
		return Document{}, err
	}
	return m.store.Document(ctx, p.CollaborationID, tender, id)
}

// AddDocumentVersion adds a version (officers); suppliers are notified
// when the document is published.
//
// Errors: unauthorized, forbidden, not found, invalid (file, note),
// conflict "procurement.opened".
func (m *Manager) AddDocumentVersion(ctx context.Context, p domain.Principal, tender, doc domain.ID, f File, note string) (Document, error) {
	t, err := m.buyerTender(ctx, p, tender, true, ActDocumentAdd)
	if err != nil {
		return Document{}, err
	}
	d, err := m.store.Document(ctx, p.CollaborationID, tender, doc)
	if err != nil {
		return Document{}, m.refuse(ctx, p, tender, ActDocumentAdd, obj("document", doc), err)
	}
	v, errs := m.checkUpload("file", f, note)
	if len(errs) > 0 {
		return Document{}, m.refuse(ctx, p, tender, ActDocumentAdd, obj("document", doc), domain.Invalid("error.invalid_fields", errs...))
	}
	if t.Status == StatusOpened {
		return Document{}, m.refuse(ctx, p, tender, ActDocumentAdd, obj("document", doc), domain.Conflict("procurement.opened"))
	}
	return m.addVersion(ctx, p, t, d, v, f.Content)
}

// addVersion stores version v of d, logs it and, for a published document
// of a published tender, notifies the suppliers.
func (m *Manager) addVersion(ctx context.Context, p domain.Principal, t Tender, d Document, v DocVersion, content []byte) (Document, error) {
	var notice Notice
	err := m.logged(ctx, p, t.ID, ActDocumentAdd, obj("document", d.ID), func(s Store) error {
		v.DocumentID, v.By, v.At = d.ID, p.Name, m.now()
		n, err := s.AddDocumentVersion(ctx, p.CollaborationID, v, content)
		if err != nil {
			return err
		}
		if d.Published && t.Status != StatusDraft {
			if notice, err = m.addNotice(ctx, s, t, "document", d.Title+" v"+strconv.Itoa(n)); err != nil {
				return err
			}
		}
		return m.appendLog(ctx, s, p, t.ID, ActDocumentAdd, obj("document", d.ID), "v"+strconv.Itoa(n)+" "+v.FileName+" "+v.SHA256, OutcomeOK)
	})
	if err != nil {
		return Document{}, err
	}
	if notice.ID != 0 {
		m.mail(ctx, t, notice)
	}
	return m.store.Document(ctx, p.CollaborationID, t.ID, d.ID)
}

// PublishDocument shows a document to the suppliers who can see the
// tender (officers); they are notified.
//
// Errors: unauthorized, forbidden, not found, conflict
// ("procurement.document_empty", "error.stale").
func (m *Manager) PublishDocument(ctx context.Context, p domain.Principal, tender, doc domain.ID, version int) (Document, error) {
	t, err := m.buyerTender(ctx, p, tender, true, ActDocumentPub)
	if err != nil {
		return Document{}, err
	}
	d, err := m.store.Document(ctx, p.CollaborationID, tender, doc)
	if err != nil {
		return Document{}, m.refuse(ctx, p, tender, ActDocumentPub, obj("document", doc), err)
	}
	if len(d.Versions) == 0 {
		return Document{}, m.refuse(ctx, p, tender, ActDocumentPub, obj("document", doc), domain.Conflict("procurement.document_empty"))
	}
	var notice Notice
	err = m.logged(ctx, p, tender, ActDocumentPub, obj("document", doc), func(s Store) error {
		wasPublished := d.Published
		d.Published, d.Version = true, version
		if _, err := s.UpdateDocument(ctx, d); err != nil {
			return err
		}
		if !wasPublished && t.Status != StatusDraft {
			var err error
			if notice, err = m.addNotice(ctx, s, t, "document", d.Title+" v"+strconv.Itoa(len(d.Versions))); err != nil {
				return err
			}
		}
		return m.appendLog(ctx, s, p, tender, ActDocumentPub, obj("document", doc), "", OutcomeOK)
	})
	if err != nil {
		return Document{}, err
	}
	if notice.ID != 0 {
		m.mail(ctx, t, notice)
	}
	return m.store.Document(ctx, p.CollaborationID, tender, doc)
}

// DocumentFile returns version n of a document, logged (internal users).
// Errors: unauthorized, forbidden, not found.
func (m *Manager) DocumentFile(ctx context.Context, p domain.Principal, tender, doc domain.ID, n int) (DocVersion, File, error) {
	if _, err := m.buyerTender(ctx, p, tender, false, ActDocumentRead); err != nil {
		return DocVersion{}, File{}, err
	}
	return m.readDocument(ctx, p, tender, doc, n, nil)
}

// readDocument reads version n of doc in a transaction that logs the read;
// allow, when given, decides on the document first (a refusal is logged).
func (m *Manager) readDocument(ctx context.Context, p domain.Principal, tender, doc domain.ID, n int, allow func(Document) error) (DocVersion, File, error) {
	var v DocVersion
	var content []byte
	object := obj("document", doc) + " v" + strconv.Itoa(n)
	err := m.logged(ctx, p, tender, ActDocumentRead, object, func(s Store) error {
		d, err := s.Document(ctx, p.CollaborationID, tender, doc)
		if err != nil {
			return err
		}
		if allow != nil {
			if err := allow(d); err != nil {
				return err
			}
		}
		if v, content, err = s.DocumentContent(ctx, p.CollaborationID, tender, doc, n); err != nil {
			return err
		}
		return m.appendLog(ctx, s, p, tender, ActDocumentRead, object, v.FileName, OutcomeOK)
	})
	if err != nil {
		return DocVersion{}, File{}, err
	}
	return v, File{Name: v.FileName, ContentType: v.ContentType, Content: content}, nil
}

// generated adds content as a new version of the tender's document of
// kind (created with title on first use) and publishes it, inside s's
// transaction. It returns the notice to e-mail (zero for a draft tender
// or when notify is false).
func (m *Manager) generated(ctx context.Context, s Store, p domain.Principal, t Tender, kind, title string, f File, note string, notify bool) (Document, Notice, error) {
	docs, err := s.Documents(ctx, p.CollaborationID, t.ID)
	if err != nil {
		return Document{}, Notice{}, err
	}
	var d Document
	for _, x := range docs {
		if x.Kind == kind {
			d = x
			break
		}
	}
	if d.ID == 0 {
		d = Document{CollaborationID: p.CollaborationID, TenderID: t.ID, Kind: kind, Title: title, Version: 1, CreatedAt: m.now()}
		if d.ID, err = s.CreateDocument(ctx, d); err != nil {
			return Document{}, Notice{}, err
		}
	}
	sum := sha256.Sum256(f.Content)
	v := DocVersion{DocumentID: d.ID, FileName: f.Name, ContentType: f.ContentType, Size: int64(len(f.Content)),
		SHA256: hex.EncodeToString(sum[:]), Note: note, By: p.Name, At: m.now()}
	n, err := s.AddDocumentVersion(ctx, p.CollaborationID, v, f.Content)
	if err != nil {
		return Document{}, Notice{}, err
	}
	if !d.Published {
		d.Published = true
		if d.Version, err = s.UpdateDocument(ctx, d); err != nil {
			return Document{}, Notice{}, err
		}
	}
	var notice Notice
	if notify && t.Status != StatusDraft {
		if notice, err = m.addNotice(ctx, s, t, "document", d.Title+" v"+strconv.Itoa(n)); err != nil {
			return Document{}, Notice{}, err
		}
	}
	return d, notice, nil
}
