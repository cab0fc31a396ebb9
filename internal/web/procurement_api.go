package web

import (
	"net/http"

	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// The buyer's procurement API: the tenders as JSON, with their state and
// regulation part. Never bid content: the opening record is left out.

type apiTenderJSON struct {
	procurement.Tender
	State string `json:"state"`
	Part  string `json:"part"`
}

func (s *Server) tenderJSON(t procurement.Tender) apiTenderJSON {
	t.Opening = nil
	part := procurement.DerivePart(t.EstimatedValue, t.Works, s.procurementThresholds())
	return apiTenderJSON{Tender: t, State: t.State(s.now()), Part: part.String()}
}

// apiTenders is GET /api/v1/procurement/tenders.
func (s *Server) apiTenders(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.Procurement.Tenders(r.Context(), reqOf(r).Principal)
	if err != nil {
		return err
	}
	out := make([]apiTenderJSON, 0, len(ts))
	for _, t := range ts {
		out = append(out, s.tenderJSON(t))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiTender is GET /api/v1/procurement/tenders/{tender}.
func (s *Server) apiTender(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.tenderJSON(t))
	return nil
}
