package web

import (
	"net/http"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
)

// The open catalogue's corrections in the JSON API (openapi.json), for a
// programme lead who reviews them from a script: the same review and the
// same decisions as /catalogue/changes, through the same Manager.

// apiCatalogueChanges is GET /api/v1/catalogue/changes.
func (s *Server) apiCatalogueChanges(w http.ResponseWriter, r *http.Request) error {
	review, err := s.Catalogue.CatalogueChanges(r.Context(), reqOf(r).Principal)
	if err != nil {
		return err
	}
	if review.Offers == nil {
		review.Offers = []catalogue.ServiceOffer{}
	}
	writeJSON(w, http.StatusOK, review)
	return nil
}

// changesInput is the body of POST /api/v1/catalogue/changes: each choice
// takes (accept) or keeps (accept false) one field of a service at the
// version the review showed; fields not named are left for later.
type changesInput struct {
	Changes []catalogue.ChangeChoice `json:"changes"`
}

// apiDecideChanges is POST /api/v1/catalogue/changes. A choice the
// manager refuses is named by its index ("changes[2]"), and nothing is
// written.
func (s *Server) apiDecideChanges(w http.ResponseWriter, r *http.Request) error {
	var in changesInput
	if err := decode(r, &in); err != nil {
		return err
	}
	res, err := s.Catalogue.DecideChanges(r.Context(), reqOf(r).Principal, in.Changes)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}
