package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// The buyer's side of procurement: this file holds the tender list (GET
// and POST /procurement) and what every procurement page shares: times in
// Oslo, the tender in the path, the right to edit it.

// procView gives a procurement page's template the times in Europe/Oslo
// in the user's language (procurement.Display), as a datetime-local value
// (FormatLocal) and exact to the microsecond (Exact), and the part of the
// regulation a value falls in.
type procView struct {
	Lang       string
	Thresholds procurement.Thresholds
}

// Oslo shows t in Oslo time ("" for zero).
func (v procView) Oslo(t time.Time) string { return procurement.Display(t, v.Lang) }

// Local is t as a datetime-local input's value in Oslo time.
func (v procView) Local(t time.Time) string { return procurement.FormatLocal(t) }

// Exact is t to the microsecond, in Oslo time and in UTC.
func (v procView) Exact(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return procurement.Exact(t)
}

// SourceLang is the language of the thresholds' source text: the
// default's is English (a setting may be in any language, so it is not
// marked).
func (v procView) SourceLang() string {
	if v.Thresholds.Source == procurement.DefaultThresholds().Source {
		return "en"
	}
	return ""
}

// Part is the part of the regulation t's estimated value falls in.
func (v procView) Part(t procurement.Tender) procurement.Part {
	return procurement.DerivePart(t.EstimatedValue, t.Works, v.Thresholds)
}

func (s *Server) procView(r *http.Request) procView {
	return procView{Lang: lang(r).Code(), Thresholds: s.procurementThresholds()}
}

// procurementThresholds are the thresholds the regulation part is derived
// from, as the manager is configured.
func (s *Server) procurementThresholds() procurement.Thresholds {
	return s.Procurement.Thresholds()
}

// tenderOf returns the tender named by the path's {tender}, as the
// principal may read it. Errors: the manager's (not found for an id that
// names none).
func (s *Server) tenderOf(r *http.Request) (procurement.Tender, error) {
	id, err := pathID(r, "tender")
	if err != nil {
		return procurement.Tender{}, err
	}
	return s.Procurement.Tender(r.Context(), reqOf(r).Principal, id)
}

// editableTender is tenderOf for a change: a user who may read the tender
// but not act for the buyer on it is forbidden before any input is read.
func (s *Server) editableTender(r *http.Request) (procurement.Tender, error) {
	t, err := s.tenderOf(r)
	if err != nil {
		return t, err
	}
	if !procurement.CanEdit(reqOf(r).Principal, t) {
		return t, domain.Forbidden("auth.forbidden")
	}
	return t, nil
}

// mayEditTender is the right of the upload routes, decided before their
// body is read.
func (s *Server) mayEditTender(r *http.Request) error {
	if err := reqOf(r).Principal.RequireInternal(); err != nil {
		return err
	}
	_, err := s.editableTender(r)
	return err
}

// tenderPath is the page of tender id, with an optional sub-page.
func tenderPath(id domain.ID, sub string) string {
	p := "/procurement/" + strconv.FormatInt(id, 10)
	if sub != "" {
		p += "/" + sub
	}
	return p
}

// localTime reads a datetime-local field in Oslo time through
// procurement.ParseLocal, the one parser of typed times. An empty field
// is the zero time unless required; what cannot be read adds the parser's
// code on field to errs.
func localTime(field, text string, required bool, errs *[]domain.FieldError) time.Time {
	t, err := procurement.ParseLocal(text)
	switch {
	case err == nil:
		return t
	case errors.Is(err, procurement.ErrMissing) && !required:
		return time.Time{}
	}
	*errs = append(*errs, domain.Field(field, err.Error()))
	return time.Time{}
}

// formIDs reads every value of the multi-valued field name as ids,
// leaving out none chosen (0).
func formIDs(r *http.Request, name string) ([]domain.ID, error) {
	var out []domain.ID
	for _, v := range r.Form[name] {
		id, err := idValue(name, v)
		if err != nil {
			return nil, err
		}
		if id != 0 && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// invalidOr joins what the door could not read with the manager's answer:
// field errors read here come first, so that nothing is stored.
func invalidOr(errs []domain.FieldError) error {
	if len(errs) == 0 {
		return nil
	}
	return domain.Invalid("error.invalid_fields", errs...)
}

// tenderRow is one tender in the list.
type tenderRow struct {
	Tender procurement.Tender
	State  string
	Part   procurement.Part
}

type tendersData struct {
	procView
	Rows      []tenderRow
	CanCreate bool
	Form      map[string]string
	Procs     []option
	Services  []option
	Chosen    map[string]bool
	Kinds     []string
}

// procurementTenders lists the collaboration's tenders, with the form
// that creates one for the programme lead.
func (s *Server) procurementTenders(w http.ResponseWriter, r *http.Request) error {
	return s.renderTenders(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderTenders(w http.ResponseWriter, r *http.Request, status int, form map[string]string, err error) error {
	rc := reqOf(r)
	l := rc.Lang
	if perr := rc.Principal.RequireInternal(); perr != nil {
		return perr
	}
	tenders, terr := s.Procurement.Tenders(r.Context(), rc.Principal)
	if terr != nil {
		return terr
	}
	d := tendersData{procView: s.procView(r), CanCreate: rc.Principal.IsProgrammeLead(), Form: form, Chosen: map[string]bool{},
		Kinds: procurement.MilestoneKinds}
	now := s.now()
	for _, t := range tenders {
		d.Rows = append(d.Rows, tenderRow{Tender: t, State: t.State(now), Part: d.Part(t)})
	}
	if d.CanCreate {
		if d.Services, terr = s.serviceOptions(r); terr != nil {
			return terr
		}
		d.Procs = choices(l, "procurement.procedure.", procurement.Procedures...)
		if form == nil {
			d.Form = map[string]string{}
		}
		for _, v := range strings.Split(d.Form["services"], ",") {
			d.Chosen[v] = true
		}
	}
	p := s.newPage(r, "procurement", l.T("procurement.title"), d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "procurement_tenders", p)
}

// now is the app's clock.
func (s *Server) now() time.Time {
	if s.Clock == nil {
		return time.Now()
	}
	return s.Clock.Now()
}

// serviceOptions lists the catalogue's services to choose what a tender
// buys.
func (s *Server) serviceOptions(r *http.Request) ([]option, error) {
	services, err := s.Catalogue.Services(r.Context(), reqOf(r).Principal)
	if err != nil {
		return nil, err
	}
	code := lang(r).Code()
	out := make([]option, 0, len(services))
	for _, sv := range services {
		out = append(out, option{Value: strconv.FormatInt(sv.ID, 10), Label: sv.Name(code)})
	}
	return out, nil
}

// tenderForm reads the tender form into t (its fields as typed; the
// services bought; each milestone as a datetime-local value in Oslo
// time), returning the form's values to show again and what could not be
// read. It also returns the form's names for the milestones' paths.
func tenderForm(r *http.Request, t *procurement.Tender) (map[string]string, formNames, []domain.FieldError) {
	var errs []domain.FieldError
	form := map[string]string{}
	for _, f := range []string{"reference", "title", "description", "procedure", "estimated_value", "cpv", "works"} {
		form[f] = r.FormValue(f)
	}
	t.Reference = strings.TrimSpace(form["reference"])
	t.Title = form["title"]
	t.Description = form["description"]
	t.Procedure = form["procedure"]
	t.CPV = strings.TrimSpace(form["cpv"])
	t.Works = form["works"] == "on"
	t.EstimatedValue = formNumber("estimated_value", form["estimated_value"], &errs)
	ids, err := formIDs(r, "services")
	if err != nil {
		errs = append(errs, domain.AsError(err).Fields...)
	}
	var chosen []string
	items := make([]procurement.Item, 0, len(ids))
	for _, id := range ids {
		items = append(items, procurement.Item{ServiceID: id})
		chosen = append(chosen, strconv.FormatInt(id, 10))
	}
	for _, old := range t.Items { // keep the roadmap items of services still bought
		for i := range items {
			if items[i].ServiceID == old.ServiceID {
				items[i].RoadmapItemID = old.RoadmapItemID
			}
		}
	}
	t.Items = items
	form["services"] = strings.Join(chosen, ",")
	names := formNames{"items": "services", "items[*]": "services", "milestones": "milestone_" + procurement.MilestoneDeadline}
	var ms []procurement.Milestone
	for _, k := range procurement.MilestoneKinds {
		field := "milestone_" + k
		form[field] = r.FormValue(field)
		at := localTime(field, form[field], false, &errs)
		if !at.IsZero() {
			path := fmt.Sprintf("milestones[%d]", len(ms))
			names[path] = field
			ms = append(ms, procurement.Milestone{Kind: k, At: at})
		}
	}
	t.Milestones = ms
	t.Buyer = buyerForm(r, form)
	for k, v := range buyerFormNames {
		names[k] = v
	}
	return form, names, errs
}

// buyerFields are the contracting authority's form fields, each
// "buyer_" and the Buyer's JSON name.
var buyerFields = []string{"name", "org_number", "street", "post_code", "town", "nuts", "email", "phone", "url"}

// buyerFormNames name the Buyer's paths ("buyer.org_number") by its form
// fields ("buyer_org_number").
var buyerFormNames = func() formNames {
	n := formNames{}
	for _, f := range buyerFields {
		n["buyer."+f] = "buyer_" + f
	}
	return n
}()

// buyerForm reads the contracting authority's fields into form and the
// Buyer (the manager trims and checks them).
func buyerForm(r *http.Request, form map[string]string) procurement.Buyer {
	for _, f := range buyerFields {
		form["buyer_"+f] = r.FormValue("buyer_" + f)
	}
	return procurement.Buyer{Name: form["buyer_name"], OrgNumber: form["buyer_org_number"], Street: form["buyer_street"],
		PostCode: form["buyer_post_code"], Town: form["buyer_town"], NUTS: form["buyer_nuts"], Email: form["buyer_email"],
		Phone: form["buyer_phone"], URL: form["buyer_url"]}
}

// procurementCreate creates a draft tender (programme lead).
func (s *Server) procurementCreate(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	if err := rc.Principal.RequireInternal(); err != nil {
		return err
	}
	if !rc.Principal.IsProgrammeLead() {
		return domain.Forbidden("auth.forbidden")
	}
	if err := parseForm(r); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	var t procurement.Tender
	form, names, errs := tenderForm(r, &t)
	if len(errs) > 0 {
		return s.renderTenders(w, r, http.StatusUnprocessableEntity, form, names.of(invalidOr(errs)))
	}
	created, err := s.Procurement.CreateTender(r.Context(), rc.Principal, t)
	if status, ok := formStatus(err); ok {
		return s.renderTenders(w, r, status, form, names.of(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, tenderPath(created.ID, ""))
}

// tenderTabs is the sub-navigation of a tender's pages.
type tenderTabs struct {
	Tender  procurement.Tender
	Current string
	CanEdit bool
}

func (s *Server) tabs(r *http.Request, t procurement.Tender, current string) tenderTabs {
	return tenderTabs{Tender: t, Current: current, CanEdit: procurement.CanEdit(reqOf(r).Principal, t)}
}

// tenderTitle is a tender page's title: the page's name and the tender's.
func tenderTitle(l i18n.Lang, key string, t procurement.Tender) string {
	return l.T(key) + " – " + t.Reference
}
