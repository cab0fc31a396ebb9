package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer"
)

type requirementsData struct {
	List    []process.Requirement
	CanEdit bool
	Form    process.Requirement // a new requirement written by hand
	Failed  domain.ID           // the row whose save failed, with the page's errors
	Derived *process.Derived
}

func (s *Server) renderRequirements(w http.ResponseWriter, r *http.Request, status int, d requirementsData, err error) error {
	rc := reqOf(r)
	v, verr := s.serviceView(r)
	if verr != nil {
		return verr
	}
	list, lerr := s.Processes.Requirements(r.Context(), rc.Principal, v.Service.Slug)
	if lerr != nil {
		return lerr
	}
	d.List, d.CanEdit = list, process.CanEditRequirements(rc.Principal, v.Editors)
	if d.Form.Priority == "" {
		d.Form.Type, d.Form.Priority = "functional", "must"
	}
	p := s.newPage(r, "services", v.Service.Name(rc.Lang.Code()), servicePageData{View: v, Tab: "requirements",
		Requirements: d, CanEdit: catalogue.CanEditService(rc.Principal)})
	if err != nil {
		p.Errors, p.Message = fieldErrors(rc.Lang, err)
	}
	return s.render(w, r, status, "service", p)
}

func (s *Server) serviceRequirements(w http.ResponseWriter, r *http.Request) error {
	var d requirementsData
	if q := r.URL.Query(); q.Get("added") != "" {
		added, _ := strconv.Atoi(q.Get("added"))
		removed, _ := strconv.Atoi(q.Get("removed"))
		d.Derived = &process.Derived{Source: process.Variant(q.Get("source")), Added: added, Removed: removed}
	}
	return s.renderRequirements(w, r, http.StatusOK, d, nil)
}

func (s *Server) deriveRequirements(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	slug := r.PathValue("slug")
	res, err := s.Processes.DeriveRequirements(r.Context(), rc.Principal, slug, process.Words(rc.Lang.T))
	if domain.KindOf(err) == domain.KindInvalid {
		return s.renderRequirements(w, r, http.StatusUnprocessableEntity, requirementsData{}, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/services/%s/requirements?source=%s&added=%d&removed=%d", slug, res.Source, res.Added, res.Removed))
}

// saveRequirement creates a requirement written by hand or updates one.
func (s *Server) saveRequirement(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	version, verr := formVersion(r)
	q := process.Requirement{Text: r.FormValue("text"), Type: r.FormValue("type"), Priority: r.FormValue("priority"),
		Status: r.FormValue("status"), Version: version}
	if q.Status == "" && r.PathValue("id") == "" {
		q.Status = "confirmed" // written by hand: meant
	}
	if id := r.PathValue("id"); id != "" {
		n, err := pathID(r, "id")
		if err != nil {
			return err
		}
		q.ID = n
	}
	saved, err := process.Requirement{}, verr
	if err == nil {
		saved, err = s.Processes.SaveRequirement(r.Context(), rc.Principal, r.PathValue("slug"), q)
	}
	if status, ok := formStatus(err); ok {
		d := requirementsData{Failed: q.ID}
		if q.ID == 0 {
			d.Form = q
		}
		return s.renderRequirements(w, r, status, d, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/services/%s/requirements#q-%d", r.PathValue("slug"), saved.ID))
}

// requirementTable is the requirement specification as a spreadsheet:
// every requirement not dropped, numbered per service.
func requirementTable(l langT, names map[domain.ID]string, list []process.Requirement) transfer.Table {
	t := transfer.Table{Sheet: l.T("requirement.sheet"),
		Header: []string{l.T("requirement.col.number"), l.T("requirement.col.service"), l.T("requirement.col.text"),
			l.T("requirement.col.type"), l.T("requirement.col.priority"), l.T("requirement.col.status"),
			l.T("requirement.col.source")},
		Widths: []float64{8, 30, 70, 14, 10, 12, 40}}
	n := map[domain.ID]int{}
	for _, q := range list {
		if q.Status == "dropped" {
			continue
		}
		n[q.ServiceID]++
		source := ""
		if q.SourceVariant != "" {
			source = variantLabel(l, q.SourceVariant, "") + ": " + q.SourceName
		}
		t.Rows = append(t.Rows, []any{fmt.Sprintf("K%d.%d", q.ServiceID, n[q.ServiceID]), names[q.ServiceID], q.Text,
			l.T("requirement.type." + q.Type), l.T("requirement.priority." + q.Priority),
			l.T("requirement.status." + q.Status), source})
	}
	return t
}

// writeTable sends a table as CSV or XLSX (?format=, default xlsx).
func writeTable(w http.ResponseWriter, r *http.Request, name string, t transfer.Table) error {
	switch r.URL.Query().Get("format") {
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.csv"`, name))
		return transfer.WriteTableCSV(w, t)
	case "", "xlsx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.xlsx"`, name))
		return transfer.WriteTableXLSX(w, t)
	}
	return domain.Invalid("error.invalid_fields", domain.Field("format", "field.one_of", "csv, xlsx"))
}

func (s *Server) exportServiceRequirements(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	v, err := s.serviceView(r)
	if err != nil {
		return err
	}
	list, err := s.Processes.Requirements(r.Context(), rc.Principal, v.Service.Slug)
	if err != nil {
		return err
	}
	names := map[domain.ID]string{v.Service.ID: v.Service.Name(rc.Lang.Code())}
	return writeTable(w, r, "krav-"+v.Service.Slug, requirementTable(rc.Lang, names, list))
}
