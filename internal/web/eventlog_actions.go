package web

import (
	"net/http"
	"strconv"
)

// What a user does with an imported log (POST /eventlogs/{id}/attach,
// /apply, /delete): attach it to a municipality's service, set that
// service's yearly cases and lead time from it (provenance measured), or
// delete it. The manager decides who may: attaching and applying are the
// municipality's row (domain.CanEditMunicipalRow).

// eventLogAttach attaches the log to the chosen municipality's service.
func (s *Server) eventLogAttach(w http.ResponseWriter, r *http.Request) error {
	lg, err := s.eventLogOf(r)
	if err != nil {
		return err
	}
	form := attachForm{Municipality: r.FormValue("municipality"), Service: r.FormValue("service")}
	mu, err := formID(r, "municipality")
	if err == nil {
		_, err = s.EventLogs.Attach(r.Context(), reqOf(r).Principal, lg.ID, mu, form.Service)
	}
	if status, ok := formStatus(err); ok {
		return s.renderEventLog(w, r, status, lg, form, attachFormNames.of(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/eventlogs/"+strconv.FormatInt(lg.ID, 10)+"#apply-h")
}

// eventLogApply sets the attached service's yearly cases and lead time
// from the log, and shows the values with their provenance.
func (s *Server) eventLogApply(w http.ResponseWriter, r *http.Request) error {
	lg, err := s.eventLogOf(r)
	if err != nil {
		return err
	}
	_, err = s.EventLogs.Apply(r.Context(), reqOf(r).Principal, lg.ID)
	if status, ok := formStatus(err); ok {
		return s.renderEventLog(w, r, status, lg, attachForm{}, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/eventlogs/"+strconv.FormatInt(lg.ID, 10)+"?applied=1#apply-h")
}

// eventLogDelete deletes the log (and its work file, if it still
// imports).
func (s *Server) eventLogDelete(w http.ResponseWriter, r *http.Request) error {
	lg, err := s.eventLogOf(r)
	if err != nil {
		return err
	}
	if err := s.EventLogs.Delete(r.Context(), reqOf(r).Principal, lg.ID); err != nil {
		return err
	}
	return redirect(w, r, "/eventlogs")
}
