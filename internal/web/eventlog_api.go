package web

import (
	"net/http"

	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
)

// The event logs in the JSON API (openapi.json): the list without the
// figures' lists, and one log with all its statistics.

// apiEventLogs is GET /api/v1/eventlogs.
func (s *Server) apiEventLogs(w http.ResponseWriter, r *http.Request) error {
	logs, err := s.EventLogs.Logs(r.Context(), reqOf(r).Principal)
	if err != nil {
		return err
	}
	if logs == nil {
		logs = []eventlog.Log{}
	}
	writeJSON(w, http.StatusOK, logs)
	return nil
}

// apiEventLog is GET /api/v1/eventlogs/{id}.
func (s *Server) apiEventLog(w http.ResponseWriter, r *http.Request) error {
	lg, err := s.eventLogOf(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, lg)
	return nil
}
