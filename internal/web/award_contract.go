package web

import (
	"net/http"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// The contract (GET/POST /procurement/{tender}/contract): the form that
// records the signed contract (time of signing, value, reference) —
// refused before the standstill has ended or while a complaint is
// unanswered — then the contract with the winner's commitments, each
// handed over as an indicator of its service's realisation plan
// (POST …/contract/handover runs the hand-over again after a failure).

// commitmentRow is one commitment with the service whose plan has it.
type commitmentRow struct {
	procurement.Commitment
	Service string
	Slug    string
}

type contractData struct {
	procView
	Tabs        tenderTabs
	Award       *procurement.Award
	Winner      string
	Contract    *procurement.Contract
	Commitments []commitmentRow
	// Pending is how many commitments are not yet indicators.
	Pending int
	Form    map[string]string
}

// contractFormNames are the form's fields for the manager's paths: the
// contract's own reference and value, not the tender's.
var contractFormNames = formNames{"reference": "contract_reference", "value": "contract_value"}

func (s *Server) contractPage(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	return s.renderContract(w, r, t, http.StatusOK, nil, nil)
}

func (s *Server) renderContract(w http.ResponseWriter, r *http.Request, t procurement.Tender, status int, form map[string]string, err error) error {
	rc := reqOf(r)
	l := rc.Lang
	ctx := r.Context()
	d := contractData{procView: s.procView(r), Tabs: s.tabs(r, t, "award"), Form: form}
	aw, aerr := s.Procurement.Award(ctx, rc.Principal, t.ID)
	switch {
	case aerr == nil:
		d.Award = &aw
	case domain.KindOf(aerr) != domain.KindNotFound:
		return aerr
	}
	if t.Opening != nil && d.Award != nil {
		for _, b := range t.Opening.Bids {
			if b.BidID == d.Award.WinnerBidID {
				d.Winner = b.Supplier
			}
		}
	}
	c, cerr := s.Procurement.Contract(ctx, rc.Principal, t.ID)
	switch {
	case cerr == nil:
		d.Contract = &c
	case domain.KindOf(cerr) != domain.KindNotFound:
		return cerr
	}
	if d.Contract != nil {
		services, serr := s.Catalogue.Services(ctx, rc.Principal)
		if serr != nil {
			return serr
		}
		for _, cm := range d.Contract.Commitments {
			row := commitmentRow{Commitment: cm}
			for _, sv := range services {
				if sv.ID == cm.ServiceID {
					row.Service, row.Slug = sv.Name(l.Code()), sv.Slug
				}
			}
			if cm.IndicatorID == 0 {
				d.Pending++
			}
			d.Commitments = append(d.Commitments, row)
		}
	}
	if d.Form == nil {
		d.Form = map[string]string{}
	}
	p := s.newPage(r, "procurement", tenderTitle(l, "awarding.contract_title", t), d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "award_contract", p)
}

// contractSign records the signed contract. A signing inside the
// standstill is refused with the message at the time of signing, where
// the user corrects it.
func (s *Server) contractSign(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTender(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	form := map[string]string{"signed_at": r.FormValue("signed_at"), "contract_value": r.FormValue("contract_value"),
		"contract_reference": r.FormValue("contract_reference")}
	var errs []domain.FieldError
	at := localTime("signed_at", form["signed_at"], true, &errs)
	if len(errs) > 0 {
		return s.renderContract(w, r, t, http.StatusUnprocessableEntity, form, invalidOr(errs))
	}
	_, err = s.Procurement.SignContract(r.Context(), reqOf(r).Principal, t.ID, procurement.ContractInput{
		Reference: form["contract_reference"], SignedAt: at, Value: form["contract_value"]})
	if de := domain.AsError(err); de.Kind == domain.KindConflict && de.Code == "procurement.standstill_not_ended" {
		err = &domain.Error{Kind: de.Kind, Code: de.Code, Params: de.Params,
			Fields: []domain.FieldError{domain.Field("signed_at", de.Code, de.Params...)}}
	}
	if status, ok := formStatus(err); ok {
		return s.renderContract(w, r, t, status, form, contractFormNames.of(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, tenderPath(t.ID, "contract")+"#commitments-h")
}

// contractHandOver hands the contract's commitments over to the
// realisation plans again (those not yet linked).
func (s *Server) contractHandOver(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTender(r)
	if err != nil {
		return err
	}
	_, err = s.Procurement.HandOver(r.Context(), reqOf(r).Principal, t.ID)
	if status, ok := formStatus(err); ok {
		return s.renderContract(w, r, t, status, nil, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, tenderPath(t.ID, "contract")+"#commitments-h")
}
