package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// The supplier's side of the award (GET /portal/tenders/{tender}/award):
// its own letters as sent, its own complaints with the buyer's answers,
// and during the standstill the form that files a complaint (POST
// /portal/tenders/{tender}/complaints). Another supplier's letters and
// complaints are never shown; a tender it may not see is not found.

type portalAwardData struct {
	procView
	Tender  procurement.Tender
	Award   procurement.PortalAward
	Letters []portalLetter
	Form    map[string]string
	Filed   bool
}

// portalLetter is a letter with its text in lines, each shown as a
// paragraph that wraps on a narrow screen (WCAG 1.4.10, reflow).
type portalLetter struct {
	procurement.Letter
	Lines []string
}

// letterLines are the non-empty lines of a letter's text.
func letterLines(body string) []string {
	var out []string
	for _, line := range strings.Split(body, "\n") {
		if strings.TrimSpace(line) != "" {
			out = append(out, line)
		}
	}
	return out
}

func (s *Server) portalAwardPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "tender")
	if err != nil {
		return err
	}
	return s.renderPortalAward(w, r, id, http.StatusOK, nil, nil)
}

func (s *Server) renderPortalAward(w http.ResponseWriter, r *http.Request, id domain.ID, status int, form map[string]string, err error) error {
	rc := reqOf(r)
	l := rc.Lang
	v, verr := s.Procurement.PortalTender(r.Context(), rc.Principal, id)
	if verr != nil {
		return verr
	}
	aw, aerr := s.Procurement.PortalAward(r.Context(), rc.Principal, id)
	if aerr != nil {
		return aerr
	}
	d := portalAwardData{procView: s.procView(r), Tender: v.Tender, Award: aw, Form: form, Filed: r.URL.Query().Get("filed") == "1"}
	for _, lt := range aw.Letters {
		d.Letters = append(d.Letters, portalLetter{Letter: lt, Lines: letterLines(lt.Body)})
	}
	if d.Form == nil {
		d.Form = map[string]string{}
	}
	p := s.newPage(r, "portal", l.T("awarding.portal_title")+" – "+v.Tender.Title, d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "award_portal", p)
}

// portalComplain files the organisation's complaint on the award.
func (s *Server) portalComplain(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "tender")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	form := map[string]string{"complaint": r.FormValue("complaint")}
	_, err = s.Procurement.FileComplaint(r.Context(), reqOf(r).Principal, id, form["complaint"])
	if status, ok := formStatus(err); ok {
		return s.renderPortalAward(w, r, id, status, form, complaintFormNames.of(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/portal/tenders/%d/award?filed=1#complaints-h", id))
}
