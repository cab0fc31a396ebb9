package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// The suppliers known to the collaboration: the list with a form to add
// one (GET and POST /procurement/suppliers), and one supplier with its
// users (GET and POST /suppliers/{id}, POST /suppliers/{id}/users).

type suppliersData struct {
	Suppliers []procurement.Supplier
	CanEdit   bool
	Form      map[string]string
}

func (s *Server) procurementSuppliers(w http.ResponseWriter, r *http.Request) error {
	return s.renderSuppliers(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderSuppliers(w http.ResponseWriter, r *http.Request, status int, form map[string]string, err error) error {
	rc := reqOf(r)
	l := rc.Lang
	if perr := rc.Principal.RequireInternal(); perr != nil {
		return perr
	}
	list, lerr := s.Procurement.Suppliers(r.Context(), rc.Principal)
	if lerr != nil {
		return lerr
	}
	if form == nil {
		form = map[string]string{}
	}
	d := suppliersData{Suppliers: list, CanEdit: rc.Principal.IsProgrammeLead(), Form: form}
	p := s.newPage(r, "procurement", l.T("procurement.suppliers_title"), d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "procurement_suppliers", p)
}

type supplierData struct {
	Supplier procurement.Supplier
	Users    []account.User
	CanEdit  bool
	Form     map[string]string
	Linked   bool
}

// procurementSupplier shows one supplier, its users and (for the
// programme lead) the forms to edit it and link a user.
func (s *Server) procurementSupplier(w http.ResponseWriter, r *http.Request) error {
	return s.renderSupplier(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderSupplier(w http.ResponseWriter, r *http.Request, status int, form map[string]string, err error) error {
	rc := reqOf(r)
	l := rc.Lang
	id, perr := pathID(r, "id")
	if perr != nil {
		return perr
	}
	sup, users, serr := s.Procurement.Supplier(r.Context(), rc.Principal, id)
	if serr != nil {
		return serr
	}
	if form == nil {
		form = supplierFormOf(sup)
	}
	d := supplierData{Supplier: sup, Users: users, CanEdit: rc.Principal.IsProgrammeLead(), Form: form,
		Linked: r.URL.Query().Get("linked") == "1"}
	p := s.newPage(r, "procurement", sup.Name, d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "procurement_supplier", p)
}

func supplierFormOf(sup procurement.Supplier) map[string]string {
	return map[string]string{"name": sup.Name, "org_number": sup.OrgNumber, "contact_name": sup.ContactName,
		"contact_email": sup.ContactEmail, "version": strconv.Itoa(sup.Version)}
}

// procurementSupplierSave creates (POST /procurement/suppliers) or
// updates (POST /suppliers/{id}) a supplier: programme lead.
func (s *Server) procurementSupplierSave(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	if err := rc.Principal.RequireInternal(); err != nil {
		return err
	}
	if !rc.Principal.IsProgrammeLead() {
		return domain.Forbidden("auth.forbidden")
	}
	var sup procurement.Supplier
	if r.PathValue("id") != "" {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if sup, _, err = s.Procurement.Supplier(r.Context(), rc.Principal, id); err != nil {
			return err
		}
	}
	if err := parseForm(r); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	form := map[string]string{}
	for _, f := range []string{"name", "org_number", "contact_name", "contact_email", "version"} {
		form[f] = r.FormValue(f)
	}
	again := func(status int, err error) error {
		if sup.ID == 0 {
			return s.renderSuppliers(w, r, status, form, err)
		}
		return s.renderSupplier(w, r, status, form, err)
	}
	v, err := formVersion(r)
	if err != nil {
		return again(http.StatusUnprocessableEntity, err)
	}
	sup.Name, sup.OrgNumber = form["name"], form["org_number"]
	sup.ContactName, sup.ContactEmail = form["contact_name"], strings.TrimSpace(form["contact_email"])
	sup.Version = v
	saved, err := s.Procurement.SaveSupplier(r.Context(), rc.Principal, sup)
	if status, ok := formStatus(err); ok {
		return again(status, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/suppliers/"+strconv.FormatInt(saved.ID, 10))
}

// procurementSupplierLink links the account with the e-mail typed to the
// supplier (programme lead).
func (s *Server) procurementSupplierLink(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	if err := rc.Principal.RequireInternal(); err != nil {
		return err
	}
	if !rc.Principal.IsProgrammeLead() {
		return domain.Forbidden("auth.forbidden")
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, _, err := s.Procurement.Supplier(r.Context(), rc.Principal, id); err != nil {
		return err
	}
	email := strings.TrimSpace(r.FormValue("email"))
	err = s.Procurement.LinkSupplierUser(r.Context(), rc.Principal, id, email)
	if status, ok := formStatus(err); ok {
		return s.renderSupplier(w, r, status, nil, supplierLinkNames.of(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/suppliers/"+strconv.FormatInt(id, 10)+"?linked=1")
}
