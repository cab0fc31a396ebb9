package web

import (
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// A tender's documents (GET /procurement/{tender}/documents): every
// document with its versions (the change log), uploading a new document
// or version, publishing, and downloading a version (logged by the
// manager).

type documentsData struct {
	procView
	Tabs      tenderTabs
	Documents []procurement.Document
	Kinds     []option
	Form      map[string]string
	// Target is the document whose version form was refused (0: the new
	// document form).
	Target domain.ID
}

func (s *Server) procurementDocuments(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	return s.renderDocuments(w, r, t, http.StatusOK, nil, 0, nil)
}

func (s *Server) renderDocuments(w http.ResponseWriter, r *http.Request, t procurement.Tender, status int, form map[string]string, target domain.ID, err error) error {
	rc := reqOf(r)
	l := rc.Lang
	docs, derr := s.Procurement.Documents(r.Context(), rc.Principal, t.ID)
	if derr != nil {
		return derr
	}
	if form == nil {
		form = map[string]string{}
	}
	// Only the kinds people upload: the specification and the Q&A log are
	// generated.
	kinds := choices(l, "procurement.doc_kind.", procurement.DocTender, procurement.DocDialogue, procurement.DocMinutes)
	d := documentsData{procView: s.procView(r), Tabs: s.tabs(r, t, "documents"), Documents: docs, Kinds: kinds, Form: form, Target: target}
	p := s.newPage(r, "procurement", tenderTitle(l, "procurement.documents_title", t), d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "procurement_documents", p)
}

// uploadedFile reads the form's file field "file" whole (the route's body
// limit bounds it). Errors: invalid on "file" when none was sent.
func uploadedFile(r *http.Request) (procurement.File, error) {
	f, hdr, err := r.FormFile("file")
	if err != nil {
		if tl, ok := tooLarge(err); ok {
			return procurement.File{}, tl
		}
		return procurement.File{}, domain.Invalid("error.invalid_fields", domain.Field("file", "procurement.no_file"))
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		if tl, ok := tooLarge(err); ok {
			return procurement.File{}, tl
		}
		return procurement.File{}, err
	}
	return procurement.File{Name: hdr.Filename, ContentType: hdr.Header.Get("Content-Type"), Content: b}, nil
}

// documentOf finds document id of tender t among its documents, so that
// another tender's document is not found before any input is read.
func (s *Server) documentOf(r *http.Request, t procurement.Tender, name string) (procurement.Document, error) {
	id, err := pathID(r, name)
	if err != nil {
		return procurement.Document{}, err
	}
	docs, err := s.Procurement.Documents(r.Context(), reqOf(r).Principal, t.ID)
	if err != nil {
		return procurement.Document{}, err
	}
	for _, d := range docs {
		if d.ID == id {
			return d, nil
		}
	}
	return procurement.Document{}, domain.NotFound("error.page_not_found")
}

// procurementDocumentAdd uploads a new document (officers).
func (s *Server) procurementDocumentAdd(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTender(r)
	if err != nil {
		return err
	}
	form := map[string]string{"kind": r.FormValue("kind"), "title": r.FormValue("title"), "note": r.FormValue("note")}
	f, err := uploadedFile(r)
	if err == nil {
		_, err = s.Procurement.AddDocument(r.Context(), reqOf(r).Principal, t.ID, form["kind"], form["title"], f, form["note"])
	}
	if status, ok := formStatus(err); ok {
		if domain.AsError(err).Code == "error.too_large" {
			return err
		}
		return s.renderDocuments(w, r, t, status, form, 0, documentFormNames.of(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, tenderPath(t.ID, "documents"))
}

// procurementDocumentVersion uploads a new version of a document.
func (s *Server) procurementDocumentVersion(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTender(r)
	if err != nil {
		return err
	}
	doc, err := s.documentOf(r, t, "doc")
	if err != nil {
		return err
	}
	form := map[string]string{"note": r.FormValue("note")}
	f, err := uploadedFile(r)
	if err == nil {
		_, err = s.Procurement.AddDocumentVersion(r.Context(), reqOf(r).Principal, t.ID, doc.ID, f, form["note"])
	}
	if status, ok := formStatus(err); ok {
		if domain.AsError(err).Code == "error.too_large" {
			return err
		}
		return s.renderDocuments(w, r, t, status, form, doc.ID, documentFormNames.of(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, tenderPath(t.ID, "documents")+"#doc-"+strconv.FormatInt(doc.ID, 10))
}

// procurementDocumentPublish shows a document to the suppliers.
func (s *Server) procurementDocumentPublish(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTender(r)
	if err != nil {
		return err
	}
	doc, err := s.documentOf(r, t, "doc")
	if err != nil {
		return err
	}
	v, err := formVersion(r)
	if err != nil {
		return err
	}
	if _, err := s.Procurement.PublishDocument(r.Context(), reqOf(r).Principal, t.ID, doc.ID, v); err != nil {
		return err
	}
	return redirect(w, r, tenderPath(t.ID, "documents")+"#doc-"+strconv.FormatInt(doc.ID, 10))
}

// procurementDocumentFile downloads version n of a document.
func (s *Server) procurementDocumentFile(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	doc, err := pathID(r, "doc")
	if err != nil {
		return err
	}
	n, err := pathID(r, "n")
	if err != nil {
		return err
	}
	v, f, err := s.Procurement.DocumentFile(r.Context(), reqOf(r).Principal, t.ID, doc, int(n))
	if err != nil {
		return err
	}
	name := v.FileName
	if name == "" {
		name = f.Name
	}
	sendFile(w, procurement.File{Name: name, ContentType: f.ContentType, Content: f.Content})
	return nil
}

// sendFile writes f as an attachment under its clean name: never shown
// in the browser, whatever its type says.
func sendFile(w http.ResponseWriter, f procurement.File) {
	ct := f.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	name := procurement.CleanFileName(f.Name)
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Content-Length", strconv.Itoa(len(f.Content)))
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write(f.Content)
}
