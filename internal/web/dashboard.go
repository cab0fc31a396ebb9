package web

import (
	"net/http"
	"slices"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/realisation"
)

type dashboardData struct {
	Collaboration catalogue.Collaboration
	Progress      []catalogue.Progress
	Mine          []catalogue.Assignment
	Roles         []roleLabel
	Notifications []realisation.Notification // unread reminders of measurements due
	// Corrections counts the open catalogue's corrections waiting for the
	// programme lead's review.
	Corrections int
}

type roleLabel struct {
	Role         domain.Role
	Municipality string
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	l := rc.Lang
	p := s.newPage(r, "overview", l.T("nav.overview"), nil)
	if rc.Principal.IsSupplierOnly() {
		// A supplier-only user lands on the supplier portal: the tenders
		// their organisation may see.
		return s.portalList(w, r)
	}
	if !rc.Principal.Internal() {
		// Evaluators have no internal dashboard: only their portal.
		return s.render(w, r, http.StatusOK, "portal", p)
	}
	c, err := s.Catalogue.Collaboration(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	ov, err := s.Catalogue.Overview(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	names := map[domain.ID]string{}
	for _, pr := range ov.Progress {
		names[pr.Municipality.ID] = pr.Municipality.Name
	}
	var roles []roleLabel
	for _, g := range rc.Principal.Grants {
		roles = append(roles, roleLabel{Role: g.Role, Municipality: names[g.MunicipalityID]})
	}
	slices.SortFunc(roles, func(a, b roleLabel) int {
		return slices.Index(domain.Roles, a.Role) - slices.Index(domain.Roles, b.Role)
	})
	notes, err := s.Realisation.Notifications(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	var unread []realisation.Notification
	for _, n := range notes {
		if n.ReadAt == nil {
			unread = append(unread, n)
		}
	}
	d := dashboardData{Collaboration: c, Progress: ov.Progress, Mine: ov.Mine, Roles: roles, Notifications: unread}
	if catalogue.CanReviewChanges(rc.Principal) {
		review, err := s.Catalogue.CatalogueChanges(r.Context(), rc.Principal)
		if err != nil {
			return err
		}
		d.Corrections = review.Count()
	}
	p.Data = d
	return s.render(w, r, http.StatusOK, "dashboard", p)
}
