package web

import (
	"net/http"

	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// The access log (GET /procurement/{tender}/log): every access and
// refusal, and whether its MAC chain is intact (officers only).

type logData struct {
	procView
	Tabs tenderTabs
	Log  procurement.LogView
}

func (s *Server) procurementLog(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	rc := reqOf(r)
	lv, err := s.Procurement.Log(r.Context(), rc.Principal, t.ID)
	if err != nil {
		return err
	}
	d := logData{procView: s.procView(r), Tabs: s.tabs(r, t, "log"), Log: lv}
	return s.render(w, r, http.StatusOK, "procurement_log",
		s.newPage(r, "procurement", tenderTitle(rc.Lang, "procurement.log_title", t), d))
}
