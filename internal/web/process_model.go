package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// One process model's history of versions, and the BPMN of a version to
// download; its diagram (viewer or editor) is in process_editor.go.

// modelWarnings are a version's warnings as the page shows them: the faults
// the reader worked around, in the user's language, and how many more
// there are than the figures list.
type modelWarnings struct {
	Lines []string
	More  int
}

// Count is how many faults there are, listed or not.
func (w modelWarnings) Count() int { return len(w.Lines) + w.More }

func warningsOf(l langT, m *process.Metrics) modelWarnings {
	if m == nil {
		return modelWarnings{}
	}
	out := modelWarnings{More: m.WarningsMore}
	for _, w := range m.Warnings {
		out.Lines = append(out.Lines, l.T(w.Code, w.Args()...))
	}
	return out
}

// processModel returns the model named in the path; the manager answers
// not found for a model of another service.
func (s *Server) processModel(r *http.Request) (process.Model, process.Version, error) {
	id, err := pathID(r, "model")
	if err != nil {
		return process.Model{}, process.Version{}, err
	}
	return s.Processes.Current(r.Context(), reqOf(r).Principal, r.PathValue("slug"), id)
}

// processDownload sends a version's BPMN exactly as it was uploaded: the
// current one, or ?version=N.
func (s *Server) processDownload(w http.ResponseWriter, r *http.Request) error {
	m, v, err := s.processModel(r)
	if err != nil {
		return err
	}
	if n := r.URL.Query().Get("version"); n != "" {
		num, err := strconv.Atoi(n)
		if err != nil {
			return domain.NotFound("process.version_not_found")
		}
		if v, err = s.Processes.VersionOf(r.Context(), reqOf(r).Principal, r.PathValue("slug"), m.ID, num); err != nil {
			return err
		}
	}
	name := fmt.Sprintf("%s-%s", r.PathValue("slug"), m.Variant)
	if m.MunicipalityID != 0 {
		name += fmt.Sprintf("-%d", m.MunicipalityID)
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-v%d.bpmn"`, name, v.Version))
	_, _ = io.Copy(w, bytes.NewReader([]byte(v.XML)))
	return nil
}

type processHistoryData struct {
	Service  catalogue.Service
	Model    process.Model
	Label    string
	Versions []process.Version
}

func (s *Server) processHistory(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	m, _, err := s.processModel(r)
	if err != nil {
		return err
	}
	v, err := s.serviceView(r)
	if err != nil {
		return err
	}
	versions, err := s.Processes.History(r.Context(), rc.Principal, v.Service.Slug, m.ID)
	if err != nil {
		return err
	}
	label := variantLabel(rc.Lang, m.Variant, "")
	for _, mu := range v.Municipalities {
		if mu.ID == m.MunicipalityID {
			label = variantLabel(rc.Lang, m.Variant, mu.Name)
		}
	}
	d := processHistoryData{Service: v.Service, Model: m, Label: label, Versions: versions}
	return s.render(w, r, http.StatusOK, "process_history", s.newPage(r, "services", rc.Lang.T("process.history_title", label, v.Service.Name(rc.Lang.Code())), d))
}
