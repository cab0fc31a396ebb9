package web

import (
	"bytes"
	"net/http"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer"
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

// mayImport is the import's right, decided before the file is read
// (the route's allowedBy, and the handler's own first step).
func (s *Server) mayImport(r *http.Request) error {
	if !catalogue.CanImport(reqOf(r).Principal) {
		return domain.Forbidden("auth.forbidden")
	}
	return nil
}

func (s *Server) importForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.mayImport(r); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "import", s.newPage(r, "services", lang(r).T("import.title"), importData{}))
}

// renderImport shows the outcome of a preview or a commit: what would
// change or has changed, or the problems (the report keeps the first
// catalogue.MaxProblems and counts the rest, "and N more"), located by
// sheet, line and column.
func (s *Server) renderImport(w http.ResponseWriter, r *http.Request, res catalogue.ImportResult) error {
	l := lang(r)
	rep := res.Report
	d := importData{Report: &rep, Upload: res.Upload, FileName: res.FileName, More: rep.MoreProblems}
	for _, pr := range rep.Problems {
		d.Problems = append(d.Problems, problemLine{Problem: pr, Message: l.T(pr.Code, pr.Params...)})
	}
	status := http.StatusOK
	if len(rep.Problems) > 0 {
		status = http.StatusUnprocessableEntity
	}
	return s.render(w, r, status, "import", s.newPage(r, "services", l.T("import.title"), d))
}

// importPreview reads the file and shows the dry run: every problem, or
// what an import would change. A file over the upload limit is answered
// 413 on the form.
func (s *Server) importPreview(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	l := rc.Lang
	// Rights first: reading the form below tells of a missing or too large
	// file, which a user who may not import should not learn before 403.
	if err := s.mayImport(r); err != nil {
		return err
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		if _, ok := tooLarge(err); ok {
			p := s.newPage(r, "services", l.T("import.title"), importData{})
			p.Errors, p.Message = fieldErrors(l, domain.Invalid("error.invalid_fields", domain.Field("file", "import.too_large", maxUpload>>20)))
			return s.render(w, r, http.StatusRequestEntityTooLarge, "import", p)
		}
		return domain.Invalid("error.invalid_fields", domain.Field("file", "import.no_file"))
	}
	defer file.Close()
	res, err := s.Imports.Preview(r.Context(), rc.Principal, file, hdr.Filename)
	if domain.KindOf(err) == domain.KindInvalid {
		p := s.newPage(r, "services", l.T("import.title"), importData{FileName: hdr.Filename})
		p.Errors, p.Message = fieldErrors(l, err)
		return s.render(w, r, http.StatusUnprocessableEntity, "import", p)
	}
	if err != nil {
		return err
	}
	return s.renderImport(w, r, res)
}

// importCommit imports a previewed batch, all or nothing.
func (s *Server) importCommit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "upload")
	if err != nil {
		return err
	}
	res, err := s.Imports.Commit(r.Context(), reqOf(r).Principal, id)
	if err != nil {
		return err
	}
	return s.renderImport(w, r, res)
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
