package web

import (
	"fmt"
	"net/http"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// obstacleOverlay is an obstacle as the diagram marks it on its element.
type obstacleOverlay struct {
	Element string `json:"element"`
	Title   string `json:"title"`
	URL     string `json:"url"`
	Status  string `json:"status"`
}

// obstacleOverlays lists a service's obstacles for the diagram's markers;
// it reads no model, so the diagram page costs the same for any model.
func (s *Server) obstacleOverlays(r *http.Request, slug string) ([]obstacleOverlay, error) {
	list, err := s.Processes.ObstacleList(r.Context(), reqOf(r).Principal, slug)
	if err != nil {
		return nil, err
	}
	return overlaysOf(reqOf(r).Lang, slug, list), nil
}

func overlaysOf(l langT, slug string, list []process.Obstacle) []obstacleOverlay {
	out := []obstacleOverlay{}
	for _, o := range list {
		title := o.LegalReference
		if title == "" {
			title = l.T("obstacle.category." + o.Category)
		}
		out = append(out, obstacleOverlay{Element: o.Element, Title: title, Status: o.Status,
			URL: fmt.Sprintf("/services/%s/obstacles#o-%d", slug, o.ID)})
	}
	return out
}

// MaxElementOptions is how many elements the obstacle form offers in a
// list; a to-be process with more asks for the element's id instead, so
// that the page stays small whatever the model.
const MaxElementOptions = 500

type obstaclesData struct {
	Register  process.Obstacles
	CanEdit   bool
	Form      process.Obstacle // the form's values (a new obstacle, or one being edited)
	Editing   bool
	Overlays  []obstacleOverlay
	ViewerURL string // the to-be's BPMN, for the viewer beside the form
	// Elements are the form's choices of element; nil when the to-be
	// process has more than MaxElementOptions (ElementCount) and the form
	// asks for an id.
	Elements     []option
	ElementCount int
}

func (s *Server) renderObstacles(w http.ResponseWriter, r *http.Request, status int, form process.Obstacle, editing bool, err error) error {
	rc := reqOf(r)
	v, verr := s.serviceView(r)
	if verr != nil {
		return verr
	}
	reg, rerr := s.Processes.Obstacles(r.Context(), rc.Principal, v.Service.Slug)
	if rerr != nil {
		return rerr
	}
	if form.Status == "" {
		form.Status = "open"
	}
	d := obstaclesData{Register: reg, CanEdit: process.CanEditObstacles(rc.Principal, v.Editors), Form: form, Editing: editing}
	if reg.ToBe != nil {
		d.ViewerURL = fmt.Sprintf("/services/%s/processes/%d/bpmn", v.Service.Slug, reg.ToBe.ID)
		list := make([]process.Obstacle, len(reg.List))
		for i := range reg.List {
			list[i] = reg.List[i].Obstacle
		}
		d.Overlays = overlaysOf(rc.Lang, v.Service.Slug, list)
	}
	if d.Elements = elementOptions(reg.Elements); len(d.Elements) > MaxElementOptions {
		d.ElementCount, d.Elements = len(d.Elements), nil
	}
	p := s.newPage(r, "services", v.Service.Name(rc.Lang.Code()), servicePageData{View: v, Tab: "obstacles",
		Obstacles: d, CanEdit: catalogue.CanEditService(rc.Principal)})
	p.Editor = d.ViewerURL != ""
	if err != nil {
		p.Errors, p.Message = fieldErrors(rc.Lang, err)
	}
	return s.render(w, r, status, "service", p)
}

func (s *Server) serviceObstacles(w http.ResponseWriter, r *http.Request) error {
	return s.renderObstacles(w, r, http.StatusOK, process.Obstacle{}, false, nil)
}

// obstacleForm reads the obstacle form; the error is invalid when its
// version is malformed.
func obstacleForm(r *http.Request) (process.Obstacle, error) {
	version, err := formVersion(r)
	return process.Obstacle{Element: r.FormValue("element"), Category: r.FormValue("category"),
		LegalReference: r.FormValue("legal_reference"), Description: r.FormValue("description"),
		Remedy: r.FormValue("remedy"), Status: r.FormValue("status"), Version: version}, err
}

// saveObstacle creates (no id in the path) or updates an obstacle.
func (s *Server) saveObstacle(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	editing := r.PathValue("id") != ""
	var id domain.ID
	if editing {
		var err error
		if id, err = pathID(r, "id"); err != nil {
			return err
		}
	}
	o, err := obstacleForm(r)
	o.ID = id
	var saved process.Obstacle
	if err == nil {
		saved, err = s.Processes.SaveObstacle(r.Context(), rc.Principal, r.PathValue("slug"), o)
	}
	if status, ok := formStatus(err); ok {
		return s.renderObstacles(w, r, status, o, editing, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/services/%s/obstacles#o-%d", r.PathValue("slug"), saved.ID))
}

// editObstacle shows the form filled with one obstacle.
func (s *Server) editObstacle(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.serviceView(r)
	if err != nil {
		return err
	}
	if !process.CanEditObstacles(rc.Principal, v.Editors) {
		return domain.Forbidden("auth.forbidden")
	}
	reg, err := s.Processes.Obstacles(r.Context(), rc.Principal, r.PathValue("slug"))
	if err != nil {
		return err
	}
	for _, o := range reg.List {
		if o.ID == id {
			return s.renderObstacles(w, r, http.StatusOK, o.Obstacle, true, nil)
		}
	}
	return domain.NotFound("process.obstacle_not_found")
}

func (s *Server) deleteObstacle(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	if err := s.Processes.DeleteObstacle(r.Context(), rc.Principal, r.PathValue("slug"), id, version); err != nil {
		return err
	}
	return redirect(w, r, "/services/"+r.PathValue("slug")+"/obstacles")
}
