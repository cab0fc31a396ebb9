package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// The notice facts (POST /procurement/{tender}/notice-facts): what the
// eForms notices state beyond the rest of the tender — the contract's
// duration, how long a bid is binding, subcontracting, and each opened
// bidder's address and size — edited on the tender's overview by its
// CanEdit persons (procurement.Manager.SaveNoticeFacts).

// factsBidder is one row of the bidders' facts: a supplier whose bid was
// opened (the award notice names the winner and counts the SMEs among
// them), as field index i.
type factsBidder struct {
	Index      int
	SupplierID domain.ID
	Name       string
}

// factsBidders are the rows of the bidders' facts: the opening record's
// suppliers (none before the opening, or for a reader who may not see it).
func factsBidders(t procurement.Tender) []factsBidder {
	if t.Opening == nil {
		return nil
	}
	var out []factsBidder
	for _, b := range t.Opening.Bids {
		if !slices.ContainsFunc(out, func(x factsBidder) bool { return x.SupplierID == b.SupplierID }) {
			out = append(out, factsBidder{Index: len(out), SupplierID: b.SupplierID, Name: b.Supplier})
		}
	}
	return out
}

// supplierFactsFields are a bidder row's fields, each
// "supplier_<index>_" and the SupplierFacts' JSON name.
var supplierFactsFields = []string{"post_code", "town", "nuts", "size"}

func supplierField(i int, f string) string { return "supplier_" + strconv.Itoa(i) + "_" + f }

// noticeFactsFormOf adds the stored facts to the tender's form values.
func noticeFactsFormOf(t procurement.Tender, form map[string]string) {
	nf := t.NoticeFacts
	form["contract_months"], form["validity_days"], form["subcontracting"] = "", "", nf.Subcontracting
	if nf.ContractMonths > 0 {
		form["contract_months"] = strconv.Itoa(nf.ContractMonths)
	}
	if nf.ValidityDays > 0 {
		form["validity_days"] = strconv.Itoa(nf.ValidityDays)
	}
	for _, b := range factsBidders(t) {
		for _, s := range nf.Suppliers {
			if s.SupplierID == b.SupplierID {
				form[supplierField(b.Index, "post_code")], form[supplierField(b.Index, "town")] = s.PostCode, s.Town
				form[supplierField(b.Index, "nuts")], form[supplierField(b.Index, "size")] = s.NUTS, s.Size
			}
		}
	}
}

// noticeFactsSave stores the notice facts as read at the form's version
// (CanEdit persons). Facts stored for a supplier without a row are kept.
func (s *Server) noticeFactsSave(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	rc := reqOf(r)
	if !procurement.CanEdit(rc.Principal, t) {
		// The manager refuses and logs the attempt before reading anything.
		_, err := s.Procurement.SaveNoticeFacts(r.Context(), rc.Principal, t.ID, 0, procurement.NoticeFacts{})
		if err == nil {
			err = domain.Forbidden("auth.forbidden")
		}
		return err
	}
	if err := parseForm(r); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	form := tenderFormOf(t)
	var errs []domain.FieldError
	nf := procurement.NoticeFacts{Subcontracting: strings.TrimSpace(r.FormValue("subcontracting"))}
	form["subcontracting"] = r.FormValue("subcontracting")
	for _, f := range []struct {
		name string
		to   *int
	}{{"contract_months", &nf.ContractMonths}, {"validity_days", &nf.ValidityDays}} {
		form[f.name] = r.FormValue(f.name)
		if strings.TrimSpace(form[f.name]) != "" {
			*f.to = int(formInt(f.name, form[f.name], &errs))
		}
	}
	names := formNames{}
	rows := factsBidders(t)
	for _, b := range rows {
		for _, f := range supplierFactsFields {
			form[supplierField(b.Index, f)] = r.FormValue(supplierField(b.Index, f))
			names["suppliers["+strconv.Itoa(b.Index)+"]."+f] = supplierField(b.Index, f)
		}
		names["suppliers["+strconv.Itoa(b.Index)+"].supplier_id"] = supplierField(b.Index, "size")
		nf.Suppliers = append(nf.Suppliers, procurement.SupplierFacts{SupplierID: b.SupplierID,
			PostCode: form[supplierField(b.Index, "post_code")], Town: form[supplierField(b.Index, "town")],
			NUTS: strings.ToUpper(strings.TrimSpace(form[supplierField(b.Index, "nuts")])), Size: form[supplierField(b.Index, "size")]})
	}
	for _, old := range t.NoticeFacts.Suppliers {
		if !slices.ContainsFunc(rows, func(b factsBidder) bool { return b.SupplierID == old.SupplierID }) {
			nf.Suppliers = append(nf.Suppliers, old)
		}
	}
	v, verr := formVersion(r)
	if verr != nil {
		errs = append(errs, domain.AsError(verr).Fields...)
	}
	if len(errs) > 0 {
		return s.renderTender(w, r, t, http.StatusUnprocessableEntity, form, names.of(invalidOr(errs)))
	}
	_, err = s.Procurement.SaveNoticeFacts(r.Context(), rc.Principal, t.ID, v, nf)
	if status, ok := formStatus(err); ok {
		return s.renderTender(w, r, t, status, form, names.of(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, tenderPath(t.ID, ""))
}
