package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// processRow is one process model of a service with the figures of its
// current version.
type processRow struct {
	Model    process.Model
	Label    string
	Figures  process.Figures
	Readable bool // the stored XML parsed (it did when saved; a later reader may be stricter)
	CanEdit  bool
	// IncompleteCount is how many figures lack data: those listed and
	// those the capped list only counts.
	IncompleteCount int
	Warnings        modelWarnings // the faults the reader worked around
}

// processTarget is a model the user may save a version of.
type processTarget struct {
	Value string // "as-is:<municipality>:<base>", "to-be:0:<base>", "adapted:0:<base>"
	Label string
}

type processesData struct {
	Rows       []processRow
	Targets    []processTarget
	Sources    []processTarget // models a new one can start from (Value: model id)
	Form       map[string]string
	Comparison process.Comparison
	Saved      []savingRow
	MaxMiB     float64 // the largest file accepted
}

// savingRow is one municipality's minutes saved per case.
type savingRow struct {
	Municipality string
	process.Saving
}

func variantLabel(l langT, v process.Variant, municipality string) string {
	if v == process.AsIs {
		return l.T("process.variant.as-is", municipality)
	}
	return l.T("process.variant." + string(v))
}

// langT is the part of i18n.Lang the labels need.
type langT interface{ T(string, ...any) string }

// processesPage builds the Prosesser tab: every model of the service with
// its current figures (stored with each version, so no file is parsed),
// the comparison of as-is, to-be and adapted, and the models the user may
// save a version of.
func (s *Server) processesPage(r *http.Request, v catalogue.ServiceView) (processesData, error) {
	rc := reqOf(r)
	l := rc.Lang
	o, err := s.Processes.Overview(r.Context(), rc.Principal, v.Service.Slug)
	if err != nil {
		return processesData{}, err
	}
	names := map[domain.ID]string{}
	for _, m := range v.Municipalities {
		names[m.ID] = m.Name
	}
	base := map[string]int{}
	d := processesData{Comparison: o.Comparison, MaxMiB: float64(s.Processes.MaxFileSize()) / (1 << 20)}
	for _, m := range o.Models {
		row := processRow{Model: m, Label: variantLabel(l, m.Variant, names[m.MunicipalityID]),
			CanEdit: canSaveModel(rc.Principal, m, v)}
		if m.Metrics != nil {
			row.Figures, row.Readable = m.Metrics.Total, true
			row.IncompleteCount = len(row.Figures.Incomplete) + row.Figures.IncompleteMore
			row.Warnings = warningsOf(l, m.Metrics)
		}
		d.Rows = append(d.Rows, row)
		d.Sources = append(d.Sources, processTarget{Value: fmt.Sprint(m.ID), Label: row.Label})
		base[fmt.Sprintf("%s:%d", m.Variant, m.MunicipalityID)] = m.CurrentVersion
	}
	for _, sv := range o.Saved {
		d.Saved = append(d.Saved, savingRow{Municipality: names[sv.MunicipalityID], Saving: sv})
	}
	for _, m := range v.Municipalities {
		f := v.Facts[m.ID]
		if process.CanEditAsIs(rc.Principal, m.ID, f.ResponsibleUserID) {
			key := fmt.Sprintf("%s:%d", process.AsIs, m.ID)
			d.Targets = append(d.Targets, processTarget{Value: fmt.Sprintf("%s:%d", key, base[key]), Label: variantLabel(l, process.AsIs, m.Name)})
		}
	}
	if process.CanEditShared(rc.Principal, v.Editors) {
		for _, variant := range []process.Variant{process.ToBe, process.Adapted} {
			key := fmt.Sprintf("%s:0", variant)
			d.Targets = append(d.Targets, processTarget{Value: fmt.Sprintf("%s:%d", key, base[key]), Label: variantLabel(l, variant, "")})
		}
	}
	return d, nil
}

func (s *Server) renderProcesses(w http.ResponseWriter, r *http.Request, status int, form map[string]string, err error) error {
	rc := reqOf(r)
	v, verr := s.serviceView(r)
	if verr != nil {
		return verr
	}
	d, perr := s.processesPage(r, v)
	if perr != nil {
		return perr
	}
	d.Form = form
	p := s.newPage(r, "services", v.Service.Name(rc.Lang.Code()), servicePageData{View: v, Tab: "processes", Processes: d,
		CanEdit: catalogue.CanEditService(rc.Principal)})
	if err != nil {
		p.Errors, p.Message = fieldErrors(rc.Lang, err)
	}
	return s.render(w, r, status, "service", p)
}

func (s *Server) serviceProcesses(w http.ResponseWriter, r *http.Request) error {
	return s.renderProcesses(w, r, http.StatusOK, nil, nil)
}

// parseTarget reads "variant:municipality:base".
func parseTarget(v string) (process.Variant, domain.ID, int, error) {
	parts := strings.Split(v, ":")
	if len(parts) != 3 {
		return "", 0, 0, domain.Invalid("error.invalid_fields", domain.Field("target", "field.required"))
	}
	m, err1 := strconv.ParseInt(parts[1], 10, 64)
	base, err2 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil {
		return "", 0, 0, domain.Invalid("error.invalid_fields", domain.Field("target", "field.required"))
	}
	return process.Variant(parts[0]), m, base, nil
}

// processUpload saves an uploaded .bpmn file as the next version of the
// chosen model. The manager decides rights before it reads the file.
func (s *Server) processUpload(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	form := map[string]string{"target": r.FormValue("target"), "comment": r.FormValue("comment")}
	variant, municipality, base, err := parseTarget(r.FormValue("target"))
	if err != nil {
		return s.renderProcesses(w, r, http.StatusUnprocessableEntity, form, err)
	}
	var xml []byte
	file, _, ferr := r.FormFile("file")
	switch {
	case ferr == nil:
		defer file.Close()
		if xml, err = io.ReadAll(io.LimitReader(file, s.Processes.MaxFileSize()+1)); err != nil {
			return domain.Internal(err)
		}
	case errors.As(ferr, new(*http.MaxBytesError)):
		return s.renderProcesses(w, r, http.StatusUnprocessableEntity, form,
			domain.Invalid("error.invalid_fields", domain.Field("file", "process.too_large", float64(s.Processes.MaxFileSize())/(1<<20))))
	}
	_, _, err = s.Processes.Save(r.Context(), rc.Principal, r.PathValue("slug"), variant, municipality, xml,
		strings.TrimSpace(r.FormValue("comment")), base)
	if status, ok := formStatus(err); ok {
		return s.renderProcesses(w, r, status, form, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/services/"+r.PathValue("slug")+"/processes")
}
