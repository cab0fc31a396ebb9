package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/history"
)

type serviceListData struct {
	Rows                template.HTML // the table rows, written by serviceRows
	MunicipalityOptions template.HTML
	AreaOptions         template.HTML
	KostraOptions       template.HTML
	Filter              catalogue.ServiceFilter
	Mandated            string // "", "yes", "no"
	Services            []catalogue.ServiceSummary
	Municipalities      []catalogue.Municipality
	CanCreate           bool
	Query               url.Values
}

// SortURL is the list's URL sorted by key, toggling the direction when the
// list is already sorted by it.
func (d serviceListData) SortURL(key string) string {
	q := url.Values{}
	for k, v := range d.Query {
		if k != "sort" && k != "desc" {
			q[k] = v
		}
	}
	q.Set("sort", key)
	if d.Filter.Sort == key && !d.Filter.Desc || d.Filter.Sort == "" && key == catalogue.SortName && !d.Filter.Desc {
		q.Set("desc", "1")
	}
	return "/services?" + q.Encode()
}

// SortState is the aria-sort value of a column.
func (d serviceListData) SortState(key string) string {
	sorted := d.Filter.Sort == key || d.Filter.Sort == "" && key == catalogue.SortName
	switch {
	case !sorted:
		return "none"
	case d.Filter.Desc:
		return "descending"
	}
	return "ascending"
}

// ExportQuery is the filter as a query string, for the export links.
func (d serviceListData) ExportQuery() string { return d.Query.Encode() }

func parseFilter(q url.Values) (catalogue.ServiceFilter, string, error) {
	f := catalogue.ServiceFilter{
		Query: strings.TrimSpace(q.Get("q")), Area: q.Get("area"), Kostra: strings.TrimSpace(q.Get("kostra")),
		Sort: q.Get("sort"), Desc: q.Get("desc") == "1",
	}
	var fe []domain.FieldError
	mandated := q.Get("mandated")
	switch mandated {
	case "yes", "no":
		v := mandated == "yes"
		f.Mandated = &v
	case "":
	default:
		fe = append(fe, domain.Field("mandated", "field.one_of", "yes, no"))
	}
	if v := q.Get("maturity"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			fe = append(fe, domain.Field("maturity", "field.between", 1, catalogue.MaturityLevels))
		}
		f.Maturity = n
	}
	if v := q.Get("municipality"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			fe = append(fe, domain.Field("municipality", "catalogue.unknown_municipality"))
		}
		f.MunicipalityID = n
	}
	if len(fe) > 0 {
		return f, mandated, domain.Invalid("error.invalid_fields", fe...)
	}
	return f, mandated, nil
}

func (s *Server) serviceList(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	l := rc.Lang
	q := r.URL.Query()
	f, mandated, err := parseFilter(q)
	if err != nil {
		return err
	}
	list, err := s.Catalogue.ServiceList(r.Context(), rc.Principal, f, l.Code())
	if err != nil {
		return err
	}
	munis, err := s.Catalogue.Municipalities(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	d := serviceListData{Rows: serviceRows(l, list.Services), MunicipalityOptions: municipalityOptions(munis, f.MunicipalityID), Filter: f, Mandated: mandated, Services: list.Services, Municipalities: munis,
		CanCreate: catalogue.CanEditService(rc.Principal), Query: q,
		AreaOptions:   choiceOptions(catalogue.Areas, f.Area, func(a string) string { return l.T("area." + a) }),
		KostraOptions: choiceOptions(list.KostraFunctions, f.Kostra, kostraLabel)}
	return s.render(w, r, http.StatusOK, "services", s.newPage(r, "services", l.T("services.title"), d))
}

type servicePageData struct {
	Processes    processesData    // the Prosesser tab
	Obstacles    obstaclesData    // the Hindringer tab
	Requirements requirementsData // the Krav tab
	Benefit      benefitData      // the Gevinst tab
	RowsHTML     template.HTML    // the facts table's rows, written by factRows
	View         catalogue.ServiceView
	CanEdit      bool
	Illustrated  bool
	Tab          string
	Changes      []history.Change
	Fields       []string
	// Editors names the users assigned to edit the service's shared
	// artefacts; EditorChoices are those the programme lead may assign.
	Editors       string
	EditorChoices []editorChoice
}

// editorChoice is a user the programme lead may make an editor of a
// service's shared artefacts.
type editorChoice struct {
	ID     domain.ID
	Name   string
	Chosen bool
}

func (s *Server) serviceView(r *http.Request) (catalogue.ServiceView, error) {
	return s.Catalogue.Service(r.Context(), reqOf(r).Principal, r.PathValue("slug"))
}

func (s *Server) servicePage(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	v, err := s.serviceView(r)
	if err != nil {
		return err
	}
	users, err := s.Accounts.Users(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	names := map[domain.ID]string{}
	for _, u := range users {
		names[u.ID] = u.Name
	}
	d := servicePageData{View: v, CanEdit: catalogue.CanEditService(rc.Principal), Tab: "facts"}
	var editors []string
	for _, u := range users {
		chosen := slices.Contains(v.Editors, u.ID)
		if chosen {
			editors = append(editors, u.Name)
		}
		if pr := u.Principal(); d.CanEdit && (pr.Has(domain.RoleCoordinator) || pr.Has(domain.RoleSubjectOwner)) {
			d.EditorChoices = append(d.EditorChoices, editorChoice{ID: u.ID, Name: u.Name, Chosen: chosen})
		}
	}
	d.Editors = strings.Join(editors, ", ")
	rows := make([]factRow, len(v.Municipalities))
	for i, mu := range v.Municipalities {
		f, ok := v.Facts[mu.ID]
		d.Illustrated = d.Illustrated || mu.Illustrative
		rows[i] = factRow{Municipality: mu, Facts: f, Recorded: ok, Responsible: names[f.ResponsibleUserID],
			CanEdit: catalogue.CanEditFacts(rc.Principal, mu.ID, f.ResponsibleUserID)}
	}
	d.RowsHTML = factRows(rc.Lang, v.Service.Slug, rows)
	return s.render(w, r, http.StatusOK, "service", s.newPage(r, "services", v.Service.Name(rc.Lang.Code()), d))
}

func (s *Server) serviceHistory(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	v, err := s.serviceView(r)
	if err != nil {
		return err
	}
	changes, err := s.Catalogue.History(r.Context(), rc.Principal, catalogue.EntityService, v.Service.ID)
	if err != nil {
		return err
	}
	d := servicePageData{View: v, Tab: "history", Changes: changes}
	return s.render(w, r, http.StatusOK, "service", s.newPage(r, "services", v.Service.Name(rc.Lang.Code()), d))
}

type serviceFormData struct {
	Service    catalogue.Service
	LegalBasis string
	New        bool
	Areas      []string
	Targets    []string
	LifeEvents []string
}

func (s *Server) renderServiceForm(w http.ResponseWriter, r *http.Request, status int, d serviceFormData, err error) error {
	l := lang(r)
	d.Areas, d.Targets, d.LifeEvents = catalogue.Areas, catalogue.TargetGroups, catalogue.LifeEvents
	title := l.T("service.edit_title", d.Service.NameNB)
	if d.New {
		title = l.T("service.new_title")
	}
	p := s.newPage(r, "services", title, d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "service_form", p)
}

func (s *Server) serviceNew(w http.ResponseWriter, r *http.Request) error {
	if !catalogue.CanEditService(reqOf(r).Principal) {
		return domain.Forbidden("auth.forbidden")
	}
	return s.renderServiceForm(w, r, http.StatusOK, serviceFormData{New: true, Service: catalogue.Service{TargetGroup: "innbygger"}}, nil)
}

func (s *Server) serviceEdit(w http.ResponseWriter, r *http.Request) error {
	if !catalogue.CanEditService(reqOf(r).Principal) {
		return domain.Forbidden("auth.forbidden")
	}
	v, err := s.serviceView(r)
	if err != nil {
		return err
	}
	return s.renderServiceForm(w, r, http.StatusOK, serviceFormData{Service: v.Service, LegalBasis: catalogue.FormatLegalBasis(v.Service.LegalBasis)}, nil)
}

// serviceFromForm reads the service form. The legal basis text is kept as
// typed so that a wrong reference can be corrected in place; the
// references are checked by the catalogue, as those the API sends.
// Errors: invalid when the form's version is malformed, with the
// service's own checks of the rest.
func serviceFromForm(r *http.Request) (catalogue.Service, string, error) {
	version, verr := formVersion(r)
	sv := catalogue.Service{
		Slug: strings.TrimSpace(r.FormValue("slug")), NameNB: strings.TrimSpace(r.FormValue("name_nb")),
		NameEN: strings.TrimSpace(r.FormValue("name_en")), Description: strings.TrimSpace(r.FormValue("description_nb")),
		Area: r.FormValue("area"), KostraFunction: strings.TrimSpace(r.FormValue("kostra_function")),
		Mandated: r.FormValue("mandated") == "yes", TargetGroup: r.FormValue("target_group"),
		LifeEvent: r.FormValue("life_event"), Notes: strings.TrimSpace(r.FormValue("notes")), Version: version,
	}
	legal := r.FormValue("legal_basis")
	sv.LegalBasis = catalogue.ParseLegalBasis(legal)
	if verr != nil {
		return sv, legal, domain.JoinInvalid(domain.AsError(verr).Fields, sv.Validate())
	}
	return sv, legal, nil
}

func (s *Server) serviceCreate(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	if !catalogue.CanEditService(rc.Principal) {
		return domain.Forbidden("auth.forbidden")
	}
	sv, legal, err := serviceFromForm(r)
	saved := sv
	if err == nil {
		saved, err = s.Catalogue.CreateService(r.Context(), rc.Principal, sv)
	}
	if k := domain.KindOf(err); k == domain.KindInvalid || k == domain.KindConflict {
		if k == domain.KindConflict {
			err = domain.Invalid("error.invalid_fields", domain.Field("slug", "catalogue.slug_taken"))
		}
		return s.renderServiceForm(w, r, http.StatusUnprocessableEntity, serviceFormData{New: true, Service: sv, LegalBasis: legal}, serviceFormNames.of(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/services/"+saved.Slug)
}

func (s *Server) serviceUpdate(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	if !catalogue.CanEditService(rc.Principal) {
		return domain.Forbidden("auth.forbidden")
	}
	v, err := s.serviceView(r)
	if err != nil {
		return err
	}
	sv, legal, err := serviceFromForm(r)
	sv.ID = v.Service.ID
	saved := sv
	if err == nil {
		saved, err = s.Catalogue.UpdateService(r.Context(), rc.Principal, sv)
	}
	switch domain.KindOf(err) {
	case domain.KindInvalid:
		return s.renderServiceForm(w, r, http.StatusUnprocessableEntity, serviceFormData{Service: sv, LegalBasis: legal}, serviceFormNames.of(err))
	case domain.KindConflict:
		if domain.AsError(err).Code == "error.stale" {
			sv.Version = v.Service.Version
		} else {
			err = domain.Invalid("error.invalid_fields", domain.Field("slug", "catalogue.slug_taken"))
		}
		return s.renderServiceForm(w, r, http.StatusConflict, serviceFormData{Service: sv, LegalBasis: legal}, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/services/"+saved.Slug)
}

// serviceEditors stores the programme lead's choice of editors of the
// service's shared artefacts (the checked "editor" boxes).
func (s *Server) serviceEditors(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	if !catalogue.CanEditService(rc.Principal) {
		return domain.Forbidden("auth.forbidden")
	}
	if err := r.ParseForm(); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	// An id that cannot be read names nobody (0): the manager finds the
	// service first (404 for a missing one) and then refuses the unknown
	// user on the "editors" field.
	var ids []domain.ID
	for _, v := range r.PostForm["editor"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 0 {
			id = 0
		}
		ids = append(ids, id)
	}
	if err := s.Catalogue.SetEditors(r.Context(), rc.Principal, r.PathValue("slug"), ids); err != nil {
		return err
	}
	return redirect(w, r, "/services/"+r.PathValue("slug")+"#editors-h")
}
