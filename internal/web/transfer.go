package web

import (
	"bytes"
	"io"
	"net/http"
	"strconv"

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

// runImport checks (commit false) or imports a stored upload and renders the report.
func (s *Server) runImport(w http.ResponseWriter, r *http.Request, up upload.Upload, commit bool) error {
	rc := reqOf(r)
	l := rc.Lang
	batch, err := transfer.Read(bytes.NewReader(up.Data), up.Name)
	if err != nil {
		if domain.KindOf(err) == domain.KindInvalid {
			p := s.newPage(r, "services", l.T("import.title"), importData{FileName: up.Name})
			p.Errors, p.Message = fieldErrors(l, err)
			return s.render(w, r, http.StatusUnprocessableEntity, "import", p)
		}
		return err
	}
	rep, err := s.Catalogue.Import(r.Context(), rc.Principal, batch, commit)
	if err != nil {
		return err
	}
	d := importData{Report: &rep, Upload: up.ID, FileName: up.Name}
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
		_ = s.Uploads.DeleteUpload(r.Context(), up.ID)
	}
	return s.render(w, r, status, "import", s.newPage(r, "services", l.T("import.title"), d))
}

// importPreview stores the file and shows the dry run: every problem, or
// what an import would change.
func (s *Server) importPreview(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	if !catalogue.CanImport(rc.Principal) {
		return domain.Forbidden("auth.forbidden")
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return domain.Invalid("error.invalid_fields", domain.Field("file", "import.no_file"))
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		return domain.Invalid("error.invalid_fields", domain.Field("file", "import.too_large", maxUpload>>20))
	}
	up := upload.Upload{CollaborationID: rc.Principal.CollaborationID, UserID: rc.Principal.UserID, Name: hdr.Filename, Data: data}
	if up.ID, err = s.Uploads.SaveUpload(r.Context(), up); err != nil {
		return err
	}
	return s.runImport(w, r, up, false)
}

// importCommit imports a previewed upload, all or nothing.
func (s *Server) importCommit(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	if !catalogue.CanImport(rc.Principal) {
		return domain.Forbidden("auth.forbidden")
	}
	id, err := strconv.ParseInt(r.PathValue("upload"), 10, 64)
	if err != nil {
		return domain.NotFound("import.upload_not_found")
	}
	up, err := s.Uploads.Upload(r.Context(), rc.Principal.CollaborationID, rc.Principal.UserID, id)
	if err != nil {
		return err
	}
	return s.runImport(w, r, up, true)
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
