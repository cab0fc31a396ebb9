package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// A tender's overview (GET /procurement/{tender}): its fields with the
// edit form, the regulation part and the thresholds it came from, what is
// bought, the timeline in Oslo time, candidates, officers, publishing and
// moving the deadline or opening time.

type milestoneRow struct {
	Kind string
	At   string // in Oslo time, "" when not set
	Set  bool
}

type candidateRow struct {
	Supplier procurement.Supplier
	procurement.Candidate
}

type tenderData struct {
	procView
	Tabs          tenderTabs
	Tender        procurement.Tender
	State         string
	Part          procurement.Part
	Services      []string
	Timeline      []milestoneRow
	Candidates    []candidateRow
	Invitable     []option
	Officers      []string
	OfficerChoice []editorChoice
	IsLead        bool
	Limited       bool
	Draft         bool
	Form          map[string]string
	Procs         []option
	ServiceOpts   []option
	Chosen        map[string]bool
	Kinds         []string
	MoveKinds     []string
	Moved         string
	// The notice facts form: the bidders' rows and the choices.
	FactsBidders   []factsBidder
	FactsText      []string
	Subcontracting []option
	Sizes          []option
}

func (s *Server) procurementTender(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	return s.renderTender(w, r, t, http.StatusOK, nil, nil)
}

func (s *Server) renderTender(w http.ResponseWriter, r *http.Request, t procurement.Tender, status int, form map[string]string, err error) error {
	rc := reqOf(r)
	l := rc.Lang
	ctx := r.Context()
	d := tenderData{procView: s.procView(r), Tabs: s.tabs(r, t, "overview"), Tender: t, State: t.State(s.now()),
		IsLead: rc.Principal.IsProgrammeLead(), Limited: procurement.Limited(t.Procedure),
		Draft: t.Status == procurement.StatusDraft, Form: form, Chosen: map[string]bool{},
		Kinds:     procurement.MilestoneKinds,
		MoveKinds: []string{procurement.MilestoneDeadline, procurement.MilestoneOpening}, Moved: r.URL.Query().Get("moved")}
	d.Part = d.procView.Part(t)
	options, oerr := s.serviceOptions(r)
	if oerr != nil {
		return oerr
	}
	for _, it := range t.Items {
		for _, o := range options {
			if o.Value == strconv.FormatInt(it.ServiceID, 10) {
				d.Services = append(d.Services, o.Label)
			}
		}
	}
	for _, k := range procurement.MilestoneKinds {
		at := t.At(k)
		d.Timeline = append(d.Timeline, milestoneRow{Kind: k, At: d.Oslo(at), Set: !at.IsZero()})
	}
	suppliers, serr := s.Procurement.Suppliers(ctx, rc.Principal)
	if serr != nil {
		return serr
	}
	cands, cerr := s.Procurement.Candidates(ctx, rc.Principal, t.ID)
	if cerr != nil {
		return cerr
	}
	for _, c := range cands {
		row := candidateRow{Candidate: c}
		for _, sup := range suppliers {
			if sup.ID == c.SupplierID {
				row.Supplier = sup
			}
		}
		d.Candidates = append(d.Candidates, row)
	}
	for _, sup := range suppliers {
		if !slices.ContainsFunc(cands, func(c procurement.Candidate) bool { return c.SupplierID == sup.ID }) {
			d.Invitable = append(d.Invitable, option{Value: strconv.FormatInt(sup.ID, 10), Label: sup.Name + " (" + sup.OrgNumber + ")"})
		}
	}
	users, uerr := s.Accounts.Users(ctx, rc.Principal)
	if uerr != nil {
		return uerr
	}
	for _, u := range users {
		chosen := slices.Contains(t.Officers, u.ID)
		if chosen {
			d.Officers = append(d.Officers, u.Name)
		}
		if pr := u.Principal(); d.IsLead && (pr.Has(domain.RoleCoordinator) || pr.Has(domain.RoleSubjectOwner)) {
			d.OfficerChoice = append(d.OfficerChoice, editorChoice{ID: u.ID, Name: u.Name, Chosen: chosen})
		}
	}
	if d.Tabs.CanEdit {
		d.ServiceOpts = options
		d.Procs = choices(l, "procurement.procedure.", procurement.Procedures...)
		d.FactsBidders, d.FactsText = factsBidders(t), supplierFactsFields[:3]
		d.Subcontracting = choices(l, "procurement.subcontracting.", "yes", "no", "not-known")
		d.Sizes = choices(l, "procurement.size.", procurement.SupplierSizes...)
		if d.Form == nil {
			d.Form = tenderFormOf(t)
		}
		for _, v := range strings.Split(d.Form["services"], ",") {
			d.Chosen[v] = true
		}
	}
	p := s.newPage(r, "procurement", t.Reference+" – "+t.Title, d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "procurement_tender", p)
}

// tenderFormOf is the edit form's values of a stored tender.
func tenderFormOf(t procurement.Tender) map[string]string {
	f := map[string]string{"reference": t.Reference, "title": t.Title, "description": t.Description,
		"procedure": t.Procedure, "estimated_value": strconv.FormatFloat(t.EstimatedValue, 'f', -1, 64),
		"cpv": t.CPV, "version": strconv.Itoa(t.Version)}
	if t.Works {
		f["works"] = "on"
	}
	var ids []string
	for _, it := range t.Items {
		ids = append(ids, strconv.FormatInt(it.ServiceID, 10))
	}
	f["services"] = strings.Join(ids, ",")
	for _, k := range procurement.MilestoneKinds {
		f["milestone_"+k] = procurement.FormatLocal(t.At(k))
	}
	b := t.Buyer
	for k, v := range map[string]string{"name": b.Name, "org_number": b.OrgNumber, "street": b.Street, "post_code": b.PostCode,
		"town": b.Town, "nuts": b.NUTS, "email": b.Email, "phone": b.Phone, "url": b.URL} {
		f["buyer_"+k] = v
	}
	noticeFactsFormOf(t, f)
	return f
}

// procurementTenderSave stores the tender's fields as read at the form's
// version (officers).
func (s *Server) procurementTenderSave(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTender(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	stored := t
	form, names, errs := tenderForm(r, &t)
	form["version"] = r.FormValue("version")
	v, verr := formVersion(r)
	if verr != nil {
		errs = append(errs, domain.AsError(verr).Fields...)
	}
	t.Version = v
	if len(errs) > 0 {
		return s.renderTender(w, r, stored, http.StatusUnprocessableEntity, form, names.of(invalidOr(errs)))
	}
	saved, err := s.Procurement.UpdateTender(r.Context(), reqOf(r).Principal, t)
	if status, ok := formStatus(err); ok {
		return s.renderTender(w, r, stored, status, form, names.of(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, tenderPath(saved.ID, ""))
}

// procurementInvite invites the chosen supplier (officers).
func (s *Server) procurementInvite(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTender(r)
	if err != nil {
		return err
	}
	sup, err := formID(r, "supplier")
	if err != nil {
		return err
	}
	if sup == 0 {
		return domain.Invalid("error.invalid_fields", domain.Field("supplier", "field.required"))
	}
	if err := s.Procurement.Invite(r.Context(), reqOf(r).Principal, t.ID, sup); err != nil {
		return err
	}
	return redirect(w, r, tenderPath(t.ID, "")+"#candidates-h")
}

// procurementUninvite withdraws an invitation while the tender is a draft.
func (s *Server) procurementUninvite(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	sup, err := pathID(r, "supplier")
	if err != nil {
		return err
	}
	if err := s.Procurement.Uninvite(r.Context(), reqOf(r).Principal, t.ID, sup); err != nil {
		return err
	}
	return redirect(w, r, tenderPath(t.ID, "")+"#candidates-h")
}

// procurementOfficers sets the tender's officers (programme lead).
func (s *Server) procurementOfficers(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	if !rc.Principal.IsProgrammeLead() {
		// The manager refuses and logs the attempt before reading anything.
		if _, err := s.Procurement.SetOfficers(r.Context(), rc.Principal, t.ID, 0, nil); err != nil {
			return err
		}
		return domain.Forbidden("auth.forbidden")
	}
	if err := parseForm(r); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	ids, err := formIDs(r, "officer")
	if err != nil {
		return err
	}
	v, err := formVersion(r)
	if err != nil {
		return err
	}
	if _, err := s.Procurement.SetOfficers(r.Context(), rc.Principal, t.ID, v, domain.Editors(ids)); err != nil {
		return err
	}
	return redirect(w, r, tenderPath(t.ID, "")+"#officers-h")
}

// procurementPublish publishes the tender at the form's version.
func (s *Server) procurementPublish(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTender(r)
	if err != nil {
		return err
	}
	v, err := formVersion(r)
	if err != nil {
		return err
	}
	if _, err := s.Procurement.Publish(r.Context(), reqOf(r).Principal, t.ID, v); err != nil {
		if status, ok := formStatus(err); ok {
			return s.renderTender(w, r, t, status, nil, tenderFormNamesOf(t).of(err))
		}
		return err
	}
	return redirect(w, r, tenderPath(t.ID, ""))
}

// tenderFormNamesOf names the stored tender's milestone paths by the
// form's fields, for an error about the tender as stored.
func tenderFormNamesOf(t procurement.Tender) formNames {
	names := formNames{"items": "services", "items[*]": "services", "milestones": "milestone_" + procurement.MilestoneDeadline}
	for i, m := range t.Milestones {
		names["milestones["+strconv.Itoa(i)+"]"] = "milestone_" + m.Kind
	}
	return names
}

// procurementDeadline moves the bid deadline or the opening time, with a
// reason (officers; announced to the suppliers).
func (s *Server) procurementDeadline(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	rc := reqOf(r)
	if !procurement.CanEdit(rc.Principal, t) {
		// The manager refuses and logs the attempt before reading anything.
		_, err := s.Procurement.MoveDeadline(r.Context(), rc.Principal, t.ID, 0, "", time.Time{}, "")
		if err == nil {
			err = domain.Forbidden("auth.forbidden")
		}
		return err
	}
	if err := parseForm(r); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	var errs []domain.FieldError
	kind := r.FormValue("kind")
	if kind != procurement.MilestoneDeadline && kind != procurement.MilestoneOpening {
		errs = append(errs, domain.Field("kind", "field.unknown_choice"))
	}
	at := localTime("at", r.FormValue("at"), true, &errs)
	v, verr := formVersion(r)
	if verr != nil {
		errs = append(errs, domain.AsError(verr).Fields...)
	}
	form := tenderFormOf(t)
	form["move_kind"], form["move_at"], form["move_reason"] = kind, r.FormValue("at"), r.FormValue("reason")
	names := formNames{"at": "move_at", "kind": "move_kind", "reason": "move_reason", "time": "move_at"}
	if len(errs) > 0 {
		return s.renderTender(w, r, t, http.StatusUnprocessableEntity, form, names.of(invalidOr(errs)))
	}
	_, err = s.Procurement.MoveDeadline(r.Context(), reqOf(r).Principal, t.ID, v, kind, at, r.FormValue("reason"))
	if status, ok := formStatus(err); ok {
		return s.renderTender(w, r, t, status, form, names.of(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, tenderPath(t.ID, "")+"?moved="+kind+"#deadline-h")
}
