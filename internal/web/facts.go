package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/history"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
)

// formNumbers reads optional numbers from a form, collecting a field error
// for each that is not a number.
type formNumbers struct {
	r  *http.Request
	fe []domain.FieldError
}

// float reads an optional number (domain.ParseNumber): nil when empty or
// unreadable.
func (n *formNumbers) float(field string) *float64 {
	s := n.r.FormValue(field)
	if strings.TrimSpace(s) == "" {
		return nil
	}
	f, code := domain.ParseNumber(s)
	if code != "" {
		n.fe = append(n.fe, domain.Field(field, code))
		return nil
	}
	return &f
}

// int reads an optional whole number (domain.ParseInt).
func (n *formNumbers) int(field string) *int64 {
	s := n.r.FormValue(field)
	if strings.TrimSpace(s) == "" {
		return nil
	}
	i, code := domain.ParseInt(s)
	if code != "" {
		n.fe = append(n.fe, domain.Field(field, code))
		return nil
	}
	return &i
}

type factsFormData struct {
	Service      catalogue.Service
	Municipality catalogue.Municipality
	Facts        catalogue.MunicipalService
	Form         map[string]string // values as typed, when re-shown with errors
	Users        []account.User
	CanAssign    bool
	Offered      []catalogue.Offered
	Provenances  []catalogue.Provenance
	FactList     []catalogue.Fact
	Changes      []history.Change
	lang         i18n.Lang
}

// Value returns what the field shows: the typed text after an error, else the stored value.
func (d factsFormData) Value(field string) string {
	if v, ok := d.Form[field]; ok {
		return v
	}
	f := d.Facts
	opt := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	optInt := func(p *int64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatInt(*p, 10)
	}
	switch field {
	case "annual_cases":
		return optInt(f.AnnualCases)
	case "lead_time_days":
		return opt(f.LeadTimeDays)
	case "employee_minutes":
		return opt(f.EmployeeMinutes)
	case "citizen_minutes":
		return opt(f.CitizenMinutes)
	case "hourly_cost":
		return opt(f.HourlyCost)
	case "maturity":
		return optInt(f.Maturity)
	case "share_paper":
		return opt(f.Channels.Paper)
	case "share_email":
		return opt(f.Channels.Email)
	case "share_phone":
		return opt(f.Channels.Phone)
	case "share_digital":
		return opt(f.Channels.Digital)
	case "systems":
		return f.Systems
	case "delivered_by":
		return f.DeliveredBy
	}
	return ""
}

// Measured returns the provenance text of a measured fact ("målt fra
// fil.xes, 01.01.2024–31.12.2024, 120 saker"), or "" when the fact was
// not measured from an event log.
func (d factsFormData) Measured(fact string) string {
	m := d.Facts.MeasuredFrom(fact)
	if m == nil || d.Facts.Provenance[catalogue.Fact(fact)] != catalogue.ProvenanceMeasured {
		return ""
	}
	return measurementText(d.lang, *m)
}

// Source returns the provenance shown for a fact.
func (d factsFormData) Source(fact string) string {
	if v, ok := d.Form[fact+"_source"]; ok {
		return v
	}
	return string(d.Facts.Provenance[catalogue.Fact(fact)])
}

func (s *Server) factsContext(r *http.Request) (catalogue.Service, catalogue.Municipality, catalogue.MunicipalService, error) {
	mu, err := pathID(r, "municipality")
	if err != nil {
		return catalogue.Service{}, catalogue.Municipality{}, catalogue.MunicipalService{}, err
	}
	return s.Catalogue.MunicipalService(r.Context(), reqOf(r).Principal, r.PathValue("slug"), mu)
}

func (s *Server) renderFacts(w http.ResponseWriter, r *http.Request, status int, d factsFormData, err error) error {
	rc := reqOf(r)
	l := rc.Lang
	users, uerr := s.Accounts.Users(r.Context(), rc.Principal)
	if uerr != nil {
		return uerr
	}
	for _, u := range users {
		if u.ID == d.Facts.ResponsibleUserID || u.Principal().HasIn(domain.RoleSubjectOwner, d.Municipality.ID) && u.Principal().Has(domain.RoleSubjectOwner) {
			d.Users = append(d.Users, u)
		}
	}
	d.CanAssign = catalogue.CanAssign(rc.Principal, d.Municipality.ID)
	d.Offered = []catalogue.Offered{catalogue.OfferedYes, catalogue.OfferedOther, catalogue.OfferedNo}
	d.Provenances = catalogue.Provenances
	d.FactList = catalogue.Facts
	d.lang = l
	p := s.newPage(r, "services", l.T("facts.edit_title", d.Service.Name(l.Code()), d.Municipality.Name), d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "facts_form", p)
}

func (s *Server) factsEdit(w http.ResponseWriter, r *http.Request) error {
	sv, mu, ms, err := s.factsContext(r)
	if err != nil {
		return err
	}
	if !catalogue.CanEditFacts(reqOf(r).Principal, mu.ID, ms.ResponsibleUserID) {
		return domain.Forbidden("auth.forbidden")
	}
	return s.renderFacts(w, r, http.StatusOK, factsFormData{Service: sv, Municipality: mu, Facts: ms}, nil)
}

func (s *Server) factsUpdate(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	sv, mu, old, err := s.factsContext(r)
	if err != nil {
		return err
	}
	if !catalogue.CanEditFacts(rc.Principal, mu.ID, old.ResponsibleUserID) {
		return domain.Forbidden("auth.forbidden")
	}
	n := formNumbers{r: r}
	version, err := formVersion(r)
	if err != nil {
		n.fe = append(n.fe, domain.AsError(err).Fields...)
	}
	ms := catalogue.MunicipalService{
		ServiceID: sv.ID, MunicipalityID: mu.ID, Offered: catalogue.Offered(r.FormValue("offered")),
		DeliveredBy: strings.TrimSpace(r.FormValue("delivered_by")), AnnualCases: n.int("annual_cases"),
		LeadTimeDays:    n.float("lead_time_days"),
		EmployeeMinutes: n.float("employee_minutes"), CitizenMinutes: n.float("citizen_minutes"),
		HourlyCost: n.float("hourly_cost"), Maturity: n.int("maturity"),
		Channels: catalogue.Channels{Paper: n.float("share_paper"), Email: n.float("share_email"),
			Phone: n.float("share_phone"), Digital: n.float("share_digital")},
		Systems: strings.TrimSpace(r.FormValue("systems")), ResponsibleUserID: old.ResponsibleUserID,
		Provenance: map[catalogue.Fact]catalogue.Provenance{}, Version: version,
	}
	if _, ok := r.Form["responsible_user_id"]; ok {
		// Sent empty: nobody is responsible.
		if ms.ResponsibleUserID, err = formID(r, "responsible_user_id"); err != nil {
			n.fe = append(n.fe, domain.AsError(err).Fields...)
		}
	}
	form := map[string]string{}
	for k, v := range r.PostForm {
		form[k] = v[0]
	}
	for _, f := range catalogue.Facts {
		if v := r.FormValue(string(f) + "_source"); v != "" {
			ms.Provenance[f] = catalogue.Provenance(v)
		}
	}
	d := factsFormData{Service: sv, Municipality: mu, Facts: ms, Form: form}
	if len(n.fe) > 0 {
		// Numbers that could not be read, and what the facts' own checks
		// say about the rest: every error at once.
		err := domain.JoinInvalid(n.fe, ms.Validate())
		return s.renderFacts(w, r, http.StatusUnprocessableEntity, d, factsFormNames.of(err))
	}
	_, err = s.Catalogue.SaveMunicipalService(r.Context(), rc.Principal, ms)
	switch domain.KindOf(err) {
	case domain.KindInvalid:
		return s.renderFacts(w, r, http.StatusUnprocessableEntity, d, factsFormNames.of(err))
	case domain.KindConflict:
		d.Facts.Version = old.Version
		return s.renderFacts(w, r, http.StatusConflict, d, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/services/"+sv.Slug+"#m"+strconv.FormatInt(mu.ID, 10))
}

func (s *Server) factsHistory(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	sv, mu, ms, err := s.factsContext(r)
	if err != nil {
		return err
	}
	var changes []history.Change
	if ms.ID != 0 {
		if changes, err = s.Catalogue.History(r.Context(), rc.Principal, catalogue.EntityMunicipalService, ms.ID); err != nil {
			return err
		}
	}
	d := factsFormData{Service: sv, Municipality: mu, Facts: ms, Changes: changes}
	return s.render(w, r, http.StatusOK, "facts_history", s.newPage(r, "services", rc.Lang.T("facts.history_title", sv.Name(rc.Lang.Code()), mu.Name), d))
}
