package web

import "net/http"

// The measurements due across the collaboration's realisation plans, and
// the reminders about them shown on the front page.

// dueMeasurements lists the collaboration's indicators whose measurement is due.
func (s *Server) dueMeasurements(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	items, err := s.Realisation.Due(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "due", s.newPage(r, "benefits", rc.Lang.T("due.title"), items))
}

// readNotification marks a reminder read and goes back to the front page.
func (s *Server) readNotification(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Realisation.MarkRead(r.Context(), reqOf(r).Principal, id); err != nil {
		return err
	}
	return redirect(w, r, "/")
}
