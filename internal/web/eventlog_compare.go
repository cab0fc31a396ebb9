package web

import (
	"net/http"
	"strconv"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
)

// A log beside the as-is process (GET /eventlogs/{id}/compare): the tasks
// of the attached municipality's as-is model that the log never shows,
// the activities of the log that no task names, and the tasks found in
// both with the measured median wait beside the model's; the chosen
// tasks' measured waits go into the model as its next version (POST
// /eventlogs/{id}/waits).

type eventLogCompareData struct {
	Log        eventlog.Log
	Comparison eventlog.Comparison
	Rows       []taskMatchRow
	Slug       string
	CanApply   bool
	Chosen     map[string]bool
	Saved      bool
}

type taskMatchRow struct {
	eventlog.TaskMatch
	Occurrences, Measured, Model string
}

func (s *Server) eventLogCompare(w http.ResponseWriter, r *http.Request) error {
	lg, err := s.eventLogOf(r)
	if err != nil {
		return err
	}
	return s.renderCompare(w, r, http.StatusOK, lg, nil, nil)
}

func (s *Server) renderCompare(w http.ResponseWriter, r *http.Request, status int, lg eventlog.Log, chosen map[string]bool, err error) error {
	rc := reqOf(r)
	l := rc.Lang
	c, cerr := s.EventLogs.Compare(r.Context(), rc.Principal, lg.ID)
	if cerr != nil {
		return cerr
	}
	names, nerr := s.catalogueNames(r)
	if nerr != nil {
		return nerr
	}
	d := eventLogCompareData{Log: lg, Comparison: c, Chosen: chosen, Saved: r.URL.Query().Get("saved") == "1"}
	d.Slug = names.services[lg.ServiceID].Slug
	d.CanApply = domain.CanEditMunicipalRow(rc.Principal, lg.MunicipalityID, s.responsibleFor(r, lg, names))
	for _, m := range c.Matched {
		d.Rows = append(d.Rows, taskMatchRow{TaskMatch: m, Occurrences: l.Number(float64(m.Occurrences), 0),
			Measured: l.Number(m.MeasuredWaitDays, 1), Model: l.Number(m.ModelWaitDays, 1)})
	}
	p := s.newPage(r, "eventlogs", l.T("eventlogs.compare_title", lg.Name), d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "eventlog_compare", p)
}

// eventLogWaits writes the chosen tasks' measured waits into the as-is
// model.
func (s *Server) eventLogWaits(w http.ResponseWriter, r *http.Request) error {
	lg, err := s.eventLogOf(r)
	if err != nil {
		return err
	}
	tasks := r.Form["task"]
	err = s.EventLogs.ApplyWaits(r.Context(), reqOf(r).Principal, lg.ID, tasks)
	if status, ok := formStatus(err); ok {
		chosen := map[string]bool{}
		for _, t := range tasks {
			chosen[t] = true
		}
		return s.renderCompare(w, r, status, lg, chosen, waitsFormNames.of(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/eventlogs/"+strconv.FormatInt(lg.ID, 10)+"/compare?saved=1")
}
