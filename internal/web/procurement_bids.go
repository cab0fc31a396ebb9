package web

import (
	"net/http"

	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// The bids (GET /procurement/{tender}/bids): before the deadline only that
// they are sealed until the opening time; after it how many arrived and
// the opening's confirmations; after the opening the opening record and
// the files.

type bidsData struct {
	procView
	Tabs     tenderTabs
	Tender   procurement.Tender
	Overview procurement.BidsOverview
	Opening  string
}

func (s *Server) procurementBids(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	rc := reqOf(r)
	ov, err := s.Procurement.Bids(r.Context(), rc.Principal, t.ID)
	if err != nil {
		return err
	}
	d := bidsData{procView: s.procView(r), Tabs: s.tabs(r, t, "bids"), Tender: t, Overview: ov}
	d.Opening = d.Oslo(t.OpeningTime())
	return s.render(w, r, http.StatusOK, "procurement_bids",
		s.newPage(r, "procurement", tenderTitle(rc.Lang, "procurement.bids_title", t), d))
}

// procurementOpenBids records the user's confirmation of the opening; the
// second person's opens the bids.
func (s *Server) procurementOpenBids(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	if _, err := s.Procurement.ConfirmOpening(r.Context(), reqOf(r).Principal, t.ID); err != nil {
		return err
	}
	return redirect(w, r, tenderPath(t.ID, "bids"))
}

// procurementBidFile downloads file n of an opened bid (officers, logged).
func (s *Server) procurementBidFile(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	bid, err := pathID(r, "bid")
	if err != nil {
		return err
	}
	n, err := pathID(r, "n")
	if err != nil {
		return err
	}
	f, err := s.Procurement.BidFile(r.Context(), reqOf(r).Principal, t.ID, bid, int(n))
	if err != nil {
		return err
	}
	sendFile(w, f)
	return nil
}
