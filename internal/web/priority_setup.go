package web

import (
	"net/http"
	"slices"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
)

// The setting up of the prioritisation: the criteria, each municipality's
// weights (AHP, direct points or swing) with the group weights, and the
// assignment of services to the subject-matter owners who score them.

// prioMunicipalities returns the municipalities the prioritisation counts,
// as the manager counts them (its completion lists exactly those), with
// their catalogue records for the population.
func (s *Server) prioMunicipalities(r *http.Request) ([]catalogue.Municipality, error) {
	p := reqOf(r).Principal
	done, err := s.Priority.Completion(r.Context(), p)
	if err != nil {
		return nil, err
	}
	all, err := s.Catalogue.Municipalities(r.Context(), p)
	if err != nil {
		return nil, err
	}
	out := make([]catalogue.Municipality, 0, len(done))
	for _, c := range done {
		m := catalogue.Municipality{ID: c.MunicipalityID, Name: c.MunicipalityName}
		if i := slices.IndexFunc(all, func(x catalogue.Municipality) bool { return x.ID == c.MunicipalityID }); i >= 0 {
			m = all[i]
		}
		out = append(out, m)
	}
	catalogue.SortMunicipalities(out)
	return out, nil
}

// prioFindMunicipality returns the municipality with id from list, not
// found otherwise.
func prioFindMunicipality(list []catalogue.Municipality, id domain.ID) (catalogue.Municipality, error) {
	for _, m := range list {
		if m.ID == id {
			return m, nil
		}
	}
	return catalogue.Municipality{}, domain.NotFound("catalogue.municipality_not_found")
}

// prioActive returns the active criteria, in their order.
func prioActive(all []priority.Criterion) []priority.Criterion {
	var out []priority.Criterion
	for _, c := range all {
		if c.Active {
			out = append(out, c)
		}
	}
	return out
}

// prioPostedMunicipality reads the municipality a setup form is posted
// for. Rights come first: a user who may not act for it (may) gets 403,
// not the form's problems; then a malformed id is invalid on its field and
// a municipality not taking part is not found.
func (s *Server) prioPostedMunicipality(r *http.Request, may func(domain.Principal, domain.ID) bool) (domain.ID, error) {
	if err := r.ParseForm(); err != nil {
		return 0, domain.Invalid("error.invalid_fields")
	}
	muni, merr := formID(r, "municipality")
	if !may(reqOf(r).Principal, muni) {
		return 0, domain.Forbidden("auth.forbidden")
	}
	if merr != nil {
		return 0, merr
	}
	munis, err := s.prioMunicipalities(r)
	if err != nil {
		return 0, err
	}
	if _, err := prioFindMunicipality(munis, muni); err != nil {
		return 0, err
	}
	return muni, nil
}
