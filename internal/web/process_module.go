package web

import (
	"net/http"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// moduleRow is one service in the processes module.
type moduleRow struct {
	Service catalogue.Service
	process.Summary
}

type moduleData struct {
	Rows         []moduleRow
	Requirements []requirementRow
	CanExport    bool
}

type requirementRow struct {
	Service catalogue.Service
	process.Requirement
}

// serviceIndex maps the collaboration's services by id.
func (s *Server) serviceIndex(r *http.Request) (map[domain.ID]catalogue.Service, error) {
	list, err := s.Catalogue.Services(r.Context(), reqOf(r).Principal)
	if err != nil {
		return nil, err
	}
	out := make(map[domain.ID]catalogue.Service, len(list))
	for _, sv := range list {
		out[sv.ID] = sv
	}
	return out, nil
}

// processModule is the Prosesser module: every service whose processes
// are being mapped, how far they have come, and what they save per case.
func (s *Server) processModule(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	sums, err := s.Processes.Summaries(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	services, err := s.serviceIndex(r)
	if err != nil {
		return err
	}
	var d moduleData
	for _, sm := range sums {
		if sv, ok := services[sm.ServiceID]; ok {
			d.Rows = append(d.Rows, moduleRow{Service: sv, Summary: sm})
		}
	}
	return s.render(w, r, http.StatusOK, "process_module", s.newPage(r, "processes", rc.Lang.T("nav.processes"), d))
}

// collaborationRequirements lists every service's requirements: the
// collaboration's requirement specification in the making.
func (s *Server) collaborationRequirements(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	list, services, err := s.allRequirements(r)
	if err != nil {
		return err
	}
	d := moduleData{CanExport: true}
	for _, q := range list {
		d.Requirements = append(d.Requirements, requirementRow{Service: services[q.ServiceID], Requirement: q})
	}
	return s.render(w, r, http.StatusOK, "requirements", s.newPage(r, "processes", rc.Lang.T("requirement.all_title"), d))
}

func (s *Server) exportCollaborationRequirements(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	list, services, err := s.allRequirements(r)
	if err != nil {
		return err
	}
	names := map[domain.ID]string{}
	for id, sv := range services {
		names[id] = sv.Name(rc.Lang.Code())
	}
	return writeTable(w, r, "kravspesifikasjon", requirementTable(rc.Lang, names, list))
}

// allRequirements reads every requirement of the collaboration with the
// services they belong to.
func (s *Server) allRequirements(r *http.Request) ([]process.Requirement, map[domain.ID]catalogue.Service, error) {
	list, err := s.Processes.AllRequirements(r.Context(), reqOf(r).Principal)
	if err != nil {
		return nil, nil, err
	}
	services, err := s.serviceIndex(r)
	return list, services, err
}
