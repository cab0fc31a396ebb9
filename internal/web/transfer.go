package web

import (
	"bytes"
	"encoding/gob"
	"errors"
	"net/http"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer"
	"github.com/tjenestevalg/tjenestevalg/internal/upload"
)

// maxUpload is the largest import file accepted (a national data set of
// 82 110 rows is about 15 MB as XLSX).
const maxUpload = 64 << 20

type importData struct {
	Report   *catalogue.ImportReport
	Upload   domain.ID
	FileName string
	Problems []problemLine
	More     int
}

type problemLine struct {
	catalogue.Problem
	Message string
}

// maxShownProblems caps the list on the page; the count says how many more.
const maxShownProblems = 500

func (s *Server) importForm(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	if !catalogue.CanImport(rc.Principal) {
		return domain.Forbidden("auth.forbidden")
	}
	return s.render(w, r, http.StatusOK, "import", s.newPage(r, "services", rc.Lang.T("import.title"), importData{}))
}

// importReport checks (commit false) or imports a batch and renders the
// report. A checked batch without problems is kept for its commit.
func (s *Server) importReport(w http.ResponseWriter, r *http.Request, name string, batch catalogue.Batch, up domain.ID, commit bool) error {
	rc := reqOf(r)
	l := rc.Lang
	rep, err := s.Catalogue.Import(r.Context(), rc.Principal, batch, commit)
	if err != nil {
		return err
	}
	if !commit && len(rep.Problems) == 0 {
		data, err := encodeBatch(batch)
		if err != nil {
			return domain.Internal(err)
		}
		u := upload.Upload{CollaborationID: rc.Principal.CollaborationID, UserID: rc.Principal.UserID, Name: name, Data: data}
		if up, err = s.Uploads.SaveUpload(r.Context(), u); err != nil {
			return err
		}
	}
	d := importData{Report: &rep, Upload: up, FileName: name}
	for i, pr := range rep.Problems {
		if i == maxShownProblems {
			d.More = len(rep.Problems) - i
			break
		}
		d.Problems = append(d.Problems, problemLine{Problem: pr, Message: l.T(pr.Code, pr.Params...)})
	}
	status := http.StatusOK
	if len(rep.Problems) > 0 {
		status = http.StatusUnprocessableEntity
	}
	if rep.Committed {
		_ = s.Uploads.DeleteUpload(r.Context(), up)
	}
	return s.render(w, r, status, "import", s.newPage(r, "services", l.T("import.title"), d))
}

// The batch read at the preview is kept, gob-encoded, until its commit, so
// a large workbook is parsed once; the commit checks it again against the
// catalogue as it is then.
func encodeBatch(b catalogue.Batch) ([]byte, error) {
	var buf bytes.Buffer
	err := gob.NewEncoder(&buf).Encode(b)
	return buf.Bytes(), err
}

func decodeBatch(data []byte) (catalogue.Batch, error) {
	var b catalogue.Batch
	err := gob.NewDecoder(bytes.NewReader(data)).Decode(&b)
	return b, err
}

// importPreview reads the file and shows the dry run: every problem, or
// what an import would change.
func (s *Server) importPreview(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	l := rc.Lang
	if !catalogue.CanImport(rc.Principal) {
		return domain.Forbidden("auth.forbidden")
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return domain.Invalid("error.invalid_fields", domain.Field("file", "import.too_large", maxUpload>>20))
		}
		return domain.Invalid("error.invalid_fields", domain.Field("file", "import.no_file"))
	}
	defer file.Close()
	batch, err := transfer.Read(file, hdr.Filename)
	if domain.KindOf(err) == domain.KindInvalid {
		p := s.newPage(r, "services", l.T("import.title"), importData{FileName: hdr.Filename})
		p.Errors, p.Message = fieldErrors(l, err)
		return s.render(w, r, http.StatusUnprocessableEntity, "import", p)
	}
	if err != nil {
		return err
	}
	return s.importReport(w, r, hdr.Filename, batch, 0, false)
}

// importCommit imports a previewed batch, all or nothing.
func (s *Server) importCommit(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	if !catalogue.CanImport(rc.Principal) {
		return domain.Forbidden("auth.forbidden")
	}
	id, err := pathID(r, "upload")
	if err != nil {
		return err
	}
	up, err := s.Uploads.Upload(r.Context(), rc.Principal.CollaborationID, rc.Principal.UserID, id)
	if err != nil {
		return err
	}
	batch, err := decodeBatch(up.Data)
	if err != nil {
		// Kept by an earlier version of the program: ask for the file again.
		return domain.NotFound("import.upload_not_found")
	}
	return s.importReport(w, r, up.Name, batch, up.ID, true)
}

// export writes the catalogue: /export/tjenestekatalog.xlsx, or one CSV
// per kind (/export/services.csv, municipalities.csv, facts.csv).
func (s *Server) export(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	d, err := s.exportData(r, rc.Principal)
	if err != nil {
		return err
	}
	name := r.PathValue("file")
	var buf bytes.Buffer
	switch name {
	case "tjenestekatalog.xlsx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		err = transfer.WriteXLSX(&buf, d)
	case "services.csv", "municipalities.csv", "facts.csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		err = transfer.WriteCSV(&buf, transfer.Kind(name[:len(name)-4]), d)
	default:
		return domain.NotFound("error.page_not_found")
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, _ = buf.WriteTo(w)
	return nil
}

// exportData collects the catalogue, narrowed to the services the list's
// filter shows when the request carries one.
func (s *Server) exportData(r *http.Request, p domain.Principal) (transfer.Data, error) {
	ctx := r.Context()
	var d transfer.Data
	var err error
	if d.Services, err = s.Catalogue.Services(ctx, p); err != nil {
		return d, err
	}
	if d.Municipalities, err = s.Catalogue.Municipalities(ctx, p); err != nil {
		return d, err
	}
	if d.Facts, err = s.Catalogue.AllFacts(ctx, p); err != nil {
		return d, err
	}
	q := r.URL.Query()
	if len(q) == 0 {
		return d, nil
	}
	f, _, err := parseFilter(q)
	if err != nil {
		return d, err
	}
	f.MunicipalityID = 0
	list, err := s.Catalogue.ListServices(ctx, p, f, reqOf(r).Lang.Code())
	if err != nil {
		return d, err
	}
	keep := map[domain.ID]bool{}
	for _, sv := range list {
		keep[sv.ID] = true
	}
	services := d.Services[:0]
	for _, sv := range d.Services {
		if keep[sv.ID] {
			services = append(services, sv)
		}
	}
	facts := d.Facts[:0]
	for _, fa := range d.Facts {
		if keep[fa.ServiceID] {
			facts = append(facts, fa)
		}
	}
	d.Services, d.Facts = services, facts
	return d, nil
}
