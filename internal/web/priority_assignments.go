package web

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
)

// The assignments page: who scores which service for which municipality,
// and how far each municipality has come.

// prioMine is one of the user's own assignments.
type prioMine struct {
	priority.AssignmentProgress
	Service      string
	Municipality string
}

// prioCompletion is one municipality's progress.
type prioCompletion struct {
	priority.Completion
	Percent float64
}

// prioAssignment is an assignment of the chosen municipality.
type prioAssignment struct {
	priority.Assignment
	Service string
}

type prioAssignData struct {
	Mine         []prioMine
	NoRound      bool
	Completion   []prioCompletion
	Assignable   []option // municipalities the user may assign in
	Municipality *catalogue.Municipality
	List         []prioAssignment
	Services     []option
	Users        []option
	Form         map[string]string
	Done         string // "assigned" or "removed" after a change
}

func prioServiceName(a priority.Assignment, lang string) string {
	if lang == "en" && a.ServiceNameEN != "" {
		return a.ServiceNameEN
	}
	return a.ServiceNameNB
}

func (s *Server) renderPrioAssignments(w http.ResponseWriter, r *http.Request, status int, municipality domain.ID, form map[string]string, err error) error {
	rc := reqOf(r)
	l := rc.Lang
	ctx := r.Context()
	p := rc.Principal
	d := prioAssignData{Form: form}
	if d.Form == nil {
		d.Form = map[string]string{}
	}
	munis, merr := s.prioMunicipalities(r)
	if merr != nil {
		return merr
	}
	names := map[domain.ID]string{}
	var assignable []domain.ID
	for _, m := range munis {
		names[m.ID] = m.Name
		if priority.CanAssign(p, m.ID) {
			d.Assignable = append(d.Assignable, option{Value: strconv.FormatInt(m.ID, 10), Label: m.Name})
			assignable = append(assignable, m.ID)
		}
	}
	mine, merr := s.Priority.MyAssignments(ctx, p)
	if merr != nil {
		return merr
	}
	for _, a := range mine {
		d.Mine = append(d.Mine, prioMine{AssignmentProgress: a, Service: prioServiceName(a.Assignment, l.Code()), Municipality: names[a.MunicipalityID]})
	}
	done, cerr := s.Priority.Completion(ctx, p)
	if cerr != nil {
		return cerr
	}
	// The municipalities in the order the other lists use.
	slices.SortStableFunc(done, func(a, b priority.Completion) int {
		return slices.IndexFunc(munis, func(m catalogue.Municipality) bool { return m.ID == a.MunicipalityID }) -
			slices.IndexFunc(munis, func(m catalogue.Municipality) bool { return m.ID == b.MunicipalityID })
	})
	d.NoRound = true
	for _, c := range done {
		pc := prioCompletion{Completion: c}
		if c.Assigned > 0 {
			pc.Percent = float64(c.Scored) / float64(c.Assigned)
		}
		if c.RoundID != 0 {
			d.NoRound = false
		}
		d.Completion = append(d.Completion, pc)
	}
	if len(assignable) > 0 {
		chosen := assignable[0]
		if slices.Contains(assignable, municipality) {
			chosen = municipality
		}
		m, _ := prioFindMunicipality(munis, chosen)
		d.Municipality = &m
		list, aerr := s.Priority.Assignments(ctx, p, m.ID)
		if aerr != nil {
			return aerr
		}
		for _, a := range list {
			d.List = append(d.List, prioAssignment{Assignment: a, Service: prioServiceName(a, l.Code())})
		}
		services, serr := s.Catalogue.ListServices(ctx, p, catalogue.ServiceFilter{}, l.Code())
		if serr != nil {
			return serr
		}
		for _, sv := range services {
			d.Services = append(d.Services, option{Value: strconv.FormatInt(sv.ID, 10), Label: sv.Name(l.Code())})
		}
		users, uerr := s.Accounts.Users(ctx, p)
		if uerr != nil {
			return uerr
		}
		slices.SortFunc(users, func(a, b account.User) int { return cmp.Compare(a.Name, b.Name) })
		for _, u := range users {
			up := u.Principal()
			if !u.Disabled && (up.HasIn(domain.RoleSubjectOwner, m.ID) || up.HasIn(domain.RoleCoordinator, m.ID)) {
				d.Users = append(d.Users, option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name + " (" + u.Email + ")"})
			}
		}
	}
	if r.Method == http.MethodGet {
		switch r.URL.Query().Get("done") {
		case "assigned", "removed":
			d.Done = r.URL.Query().Get("done")
		}
	}
	pg := s.newPage(r, "priority", l.T("priority.assign.title"), d)
	if err != nil {
		pg.Errors, pg.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "priority_assignments", pg)
}

// priorityAssignments shows the user's own assignments with their
// progress, completion per municipality, and for a coordinator (or the
// programme lead) a municipality's assignments with the form to add one.
func (s *Server) priorityAssignments(w http.ResponseWriter, r *http.Request) error {
	muni, err := formID(r, "municipality")
	if err != nil {
		return err
	}
	return s.renderPrioAssignments(w, r, http.StatusOK, muni, nil, nil)
}

// priorityAssign gives a subject-matter owner a service to score for a
// municipality.
func (s *Server) priorityAssign(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	muni, err := s.prioPostedMunicipality(r, priority.CanAssign)
	if err != nil {
		return err
	}
	form := map[string]string{"service_id": r.PostForm.Get("service_id"), "user_id": r.PostForm.Get("user_id")}
	var errs []domain.FieldError
	ids := map[string]domain.ID{}
	for _, f := range []string{"service_id", "user_id"} {
		id, err := idValue(f, form[f])
		switch {
		case err != nil:
			errs = append(errs, domain.AsError(err).Fields...)
		case id == 0:
			errs = append(errs, domain.Field(f, "field.required"))
		}
		ids[f] = id
	}
	if len(errs) > 0 {
		return s.renderPrioAssignments(w, r, http.StatusUnprocessableEntity, muni, form, domain.Invalid("error.invalid_fields", errs...))
	}
	_, err = s.Priority.Assign(r.Context(), rc.Principal, priority.Assignment{MunicipalityID: muni, ServiceID: ids["service_id"], UserID: ids["user_id"]})
	if status, ok := formStatus(err); ok {
		return s.renderPrioAssignments(w, r, status, muni, form, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/priority/assignments?municipality=%d&done=assigned#assign-list-h", muni))
}

// priorityUnassign removes an assignment.
func (s *Server) priorityUnassign(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	munis, err := s.prioMunicipalities(r)
	if err != nil {
		return err
	}
	// A user who may assign nowhere gets 403 whatever the id.
	if !slices.ContainsFunc(munis, func(m catalogue.Municipality) bool { return priority.CanAssign(rc.Principal, m.ID) }) {
		return domain.Forbidden("auth.forbidden")
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Priority.Unassign(r.Context(), rc.Principal, id); err != nil {
		return err
	}
	q := url.Values{"done": {"removed"}}
	// The list to go back to; a malformed one is the default list.
	if m, err := formID(r, "municipality"); err == nil && m != 0 {
		q.Set("municipality", strconv.FormatInt(m, 10))
	}
	return redirect(w, r, "/priority/assignments?"+q.Encode()+"#assign-list-h")
}
