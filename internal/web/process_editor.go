package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/process/layout"
)

// editorData is the diagram page: the bpmn-js editor for those who may
// save the model, its viewer for everyone else.
type editorData struct {
	Service   catalogue.Service
	Label     string
	Model     process.Model // zero for a new model
	Version   process.Version
	XMLURL    string
	SaveURL   string            // "" read-only
	Target    string            // "variant:municipality:base"
	Name      string            // download file name
	Obstacles []obstacleOverlay // for the overlays; written as JSON by the template
	Figures   *process.Figures
	Warnings  modelWarnings // the faults the reader worked around, beside the figures
}

// canSaveModel reports whether the principal may save a version of model m
// (as-is models by the municipality's fact editors, shared ones by the
// programme and coordinators).
func canSaveModel(p domain.Principal, m process.Model, v catalogue.ServiceView) bool {
	if m.Variant == process.AsIs {
		return process.CanEditAsIs(p, m.MunicipalityID, v.Facts[m.MunicipalityID].ResponsibleUserID)
	}
	return process.CanEditShared(p, v.Editors)
}

func municipalityName(v catalogue.ServiceView, id domain.ID) string {
	for _, m := range v.Municipalities {
		if m.ID == id {
			return m.Name
		}
	}
	return ""
}

func modelFileName(slug string, m process.Model) string {
	name := fmt.Sprintf("%s-%s", slug, m.Variant)
	if m.MunicipalityID != 0 {
		name += fmt.Sprintf("-%d", m.MunicipalityID)
	}
	return name
}

// processDiagram shows a model in the editor (or the viewer).
func (s *Server) processDiagram(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	m, cur, err := s.processModel(r)
	if err != nil {
		return err
	}
	v, err := s.serviceView(r)
	if err != nil {
		return err
	}
	slug := v.Service.Slug
	d := editorData{Service: v.Service, Model: m, Version: cur,
		Label:  variantLabel(rc.Lang, m.Variant, municipalityName(v, m.MunicipalityID)),
		XMLURL: fmt.Sprintf("/services/%s/processes/%d/bpmn", slug, m.ID),
		Target: fmt.Sprintf("%s:%d:%d", m.Variant, m.MunicipalityID, m.CurrentVersion),
		Name:   modelFileName(slug, m)}
	if canSaveModel(rc.Principal, m, v) {
		d.SaveURL = "/services/" + slug + "/processes/editor"
	}
	if cur.Metrics != nil {
		d.Figures = &cur.Metrics.Total
	}
	d.Warnings = warningsOf(rc.Lang, cur.Metrics)
	if m.Variant != process.AsIs {
		if d.Obstacles, err = s.obstacleOverlays(r, slug); err != nil {
			return err
		}
	}
	p := s.newPage(r, "services", rc.Lang.T("process.diagram_title", d.Label, v.Service.Name(rc.Lang.Code())), d)
	p.Editor = true
	return s.render(w, r, http.StatusOK, "process_editor", p)
}

// processNew opens the editor on a model that has no version yet, or a new
// version of one, starting from blank or from another model of the service
// (?from=ID), e.g. the to-be from an as-is.
func (s *Server) processNew(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	v, err := s.serviceView(r)
	if err != nil {
		return err
	}
	slug := v.Service.Slug
	variant, municipality, base, err := parseTarget(r.URL.Query().Get("target"))
	if err != nil || !variant.Valid() {
		return domain.Invalid("error.invalid_fields", domain.Field("target", "field.required"))
	}
	m := process.Model{ServiceID: v.Service.ID, Variant: variant, MunicipalityID: municipality, CurrentVersion: base}
	if !canSaveModel(rc.Principal, m, v) {
		return domain.Forbidden("auth.forbidden")
	}
	d := editorData{Service: v.Service, Model: m,
		Label:   variantLabel(rc.Lang, variant, municipalityName(v, municipality)),
		XMLURL:  "/services/" + slug + "/processes/blank.bpmn",
		SaveURL: "/services/" + slug + "/processes/editor",
		Target:  fmt.Sprintf("%s:%d:%d", variant, municipality, base),
		Name:    modelFileName(slug, m)}
	if from := r.URL.Query().Get("from"); from != "" {
		src, _, err := s.sourceModel(r, v, from)
		if err != nil {
			return err
		}
		d.XMLURL = fmt.Sprintf("/services/%s/processes/%d/bpmn", slug, src.ID)
	}
	p := s.newPage(r, "services", rc.Lang.T("process.diagram_title", d.Label, v.Service.Name(rc.Lang.Code())), d)
	p.Editor = true
	return s.render(w, r, http.StatusOK, "process_editor", p)
}

// processBlank sends the BPMN a new model starts from: a start event, one
// task and an end event, named in the user's language.
func (s *Server) processBlank(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	v, err := s.serviceView(r)
	if err != nil {
		return err
	}
	xml, err := layout.Build(layout.Blank(v.Service.Name(rc.Lang.Code())))
	if err != nil {
		return domain.Internal(err)
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	_, _ = w.Write(xml)
	return nil
}

// editorSaved is the editor's answer to a save.
type editorSaved struct {
	Target  string           `json:"target"`
	Version int              `json:"version"`
	Model   domain.ID        `json:"model"`
	URL     string           `json:"url"`
	Message string           `json:"message"`
	Figures *process.Figures `json:"figures,omitempty"`
	// Warnings are the faults the reader worked around, in the user's
	// language (the first process.MaxWarnings).
	Warnings []string `json:"warnings,omitempty"`
}

// processEditorSave stores the editor's XML as the next version; errors
// are JSON (the route is marked API) for the editor to show.
func (s *Server) processEditorSave(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	variant, municipality, base, err := parseTarget(r.FormValue("target"))
	if err != nil {
		return err
	}
	slug := r.PathValue("slug")
	m, ver, err := s.Processes.Save(r.Context(), rc.Principal, slug, variant, municipality,
		[]byte(r.FormValue("xml")), strings.TrimSpace(r.FormValue("comment")), base)
	if err != nil {
		return err
	}
	out := editorSaved{Target: fmt.Sprintf("%s:%d:%d", m.Variant, m.MunicipalityID, m.CurrentVersion),
		Version: ver.Version, Model: m.ID, URL: fmt.Sprintf("/services/%s/processes/%d", slug, m.ID)}
	if ver.Metrics != nil {
		f := ver.Metrics.Total
		out.Figures = &f
		out.Message = rc.Lang.T("process.saved_version", ver.Version, rc.Lang.Number(f.TouchMinutes, 0), rc.Lang.Number(f.LeadMinutes, 0))
		w := warningsOf(rc.Lang, ver.Metrics)
		if out.Warnings = w.Lines; w.Count() > 0 {
			out.Message += " " + rc.Lang.T("process.warnings_saved", w.Count())
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// processCopy saves a new version of the chosen model from another model
// of the service (or from blank) without the canvas, and opens its table
// view: the keyboard's way to start the to-be from an as-is process.
func (s *Server) processCopy(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	slug := r.PathValue("slug")
	form := map[string]string{"target": r.FormValue("target"), "comment": r.FormValue("comment")}
	variant, municipality, base, err := parseTarget(r.FormValue("target"))
	if err != nil {
		return s.renderProcesses(w, r, http.StatusUnprocessableEntity, form, err)
	}
	v, err := s.serviceView(r)
	if err != nil {
		return err
	}
	var xml []byte
	if from := r.FormValue("from"); from != "" {
		_, cur, err := s.sourceModel(r, v, from)
		if err != nil {
			return err
		}
		xml = []byte(cur.XML)
	} else if xml, err = layout.Build(layout.Blank(v.Service.Name(rc.Lang.Code()))); err != nil {
		return domain.Internal(err)
	}
	comment := strings.TrimSpace(r.FormValue("comment"))
	if comment == "" {
		comment = rc.Lang.T("process.copy_comment")
	}
	m, _, err := s.Processes.Save(r.Context(), rc.Principal, slug, variant, municipality, xml, comment, base)
	if status, ok := formStatus(err); ok {
		return s.renderProcesses(w, r, status, form, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/services/%s/processes/%d/table?saved=%d", slug, m.ID, m.CurrentVersion))
}

// sourceModel reads the model a new one starts from (its id as the form
// gave it); the manager answers not found for another service's model.
func (s *Server) sourceModel(r *http.Request, v catalogue.ServiceView, from string) (process.Model, process.Version, error) {
	id, err := strconv.ParseInt(from, 10, 64)
	if err != nil {
		return process.Model{}, process.Version{}, domain.NotFound("process.model_not_found")
	}
	return s.Processes.Current(r.Context(), reqOf(r).Principal, v.Service.Slug, id)
}
