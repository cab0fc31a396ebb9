package procurement_test

import (
	"slices"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// A notice is written only for the tender's CanEdit persons, only once the
// award criteria are set up (the contract notice states them) and, for the
// award notice, once the contract is signed; what the tender lacks is named
// by the notice's field.
func TestNoticeNeedsCriteriaContractAndBuyer(t *testing.T) {
	f := newEvalFixture(t)
	_, err := f.mgr.Notice(f.ctx, f.officer, f.tender.ID, procurement.NoticeContract, "ENG")
	wantErr(t, err, domain.KindConflict, "procurement.notice_no_criteria")

	for _, p := range []domain.Principal{f.evaluator, f.supplierA, f.observer} {
		_, err := f.mgr.Notice(f.ctx, p, f.tender.ID, procurement.NoticeContract, "ENG")
		if k := domain.KindOf(err); k != domain.KindForbidden && k != domain.KindNotFound {
			t.Errorf("%s writes the notice: %v", p.Name, err)
		}
	}
	f.wantRefused(f.tender.ID, f.supplierA, procurement.ActDossier)

	_, err = f.mgr.Notice(f.ctx, f.officer, f.tender.ID, "prior", "SWE")
	wantErr(t, err, domain.KindInvalid, "")
	if got := fieldsOf(err); !slices.Equal(got, []string{"type field.one_of", "lang field.one_of"}) {
		t.Errorf("fields %v", got)
	}

	f.awarded()
	// The fixture's tender names no buyer: the notice says what is missing.
	_, err = f.mgr.Notice(f.ctx, f.officer, f.tender.ID, procurement.NoticeContract, "ENG")
	wantErr(t, err, domain.KindInvalid, "")
	got := fieldsOf(err)
	for _, want := range []string{"buyer.name field.required", "buyer.org_number procurement.orgnr_invalid", "lots[0].duration_months field.between"} {
		if !slices.Contains(got, want) {
			t.Errorf("missing %s in %v", want, got)
		}
	}
	_, err = f.mgr.Notice(f.ctx, f.officer, f.tender.ID, procurement.NoticeAward, "ENG")
	wantErr(t, err, domain.KindConflict, "procurement.notice_no_contract")
}

// The notice facts are the CanEdit persons' to set, checked field by
// field; a refusal changes nothing.
func TestSaveNoticeFacts(t *testing.T) {
	f := newEvalFixture(t)
	bad := procurement.NoticeFacts{ContractMonths: 1000, Subcontracting: "maybe", Suppliers: []procurement.SupplierFacts{
		{SupplierID: f.supA.ID, Size: "huge", NUTS: "SE110"}, {SupplierID: 999999}}}
	_, err := f.mgr.SaveNoticeFacts(f.ctx, f.officer, f.tender.ID, f.tender.Version, bad)
	wantErr(t, err, domain.KindInvalid, "")
	got := fieldsOf(err)
	for _, want := range []string{"contract_months field.between", "subcontracting field.one_of", "suppliers[0].size field.one_of",
		"suppliers[0].nuts eforms.nuts_invalid", "suppliers[1].supplier_id procurement.supplier_not_found"} {
		if !slices.Contains(got, want) {
			t.Errorf("missing %s in %v", want, got)
		}
	}
	f.wantRefused(f.tender.ID, f.officer, procurement.ActNoticeFacts)
	if _, err := f.mgr.SaveNoticeFacts(f.ctx, f.evaluator, f.tender.ID, f.tender.Version, procurement.NoticeFacts{}); domain.KindOf(err) != domain.KindForbidden {
		t.Errorf("an evaluator sets the facts: %v", err)
	}
	good := procurement.NoticeFacts{ContractMonths: 24, Suppliers: []procurement.SupplierFacts{
		{SupplierID: f.supB.ID, PostCode: " 7011 ", Town: "Trondheim", NUTS: "NO060", Size: "small"}}}
	saved, err := f.mgr.SaveNoticeFacts(f.ctx, f.officer, f.tender.ID, f.tender.Version, good)
	must(t, err)
	if saved.NoticeFacts.ContractMonths != 24 || saved.NoticeFacts.Suppliers[0].PostCode != "7011" {
		t.Errorf("facts %+v", saved.NoticeFacts)
	}
	_, err = f.mgr.SaveNoticeFacts(f.ctx, f.officer, f.tender.ID, f.tender.Version, good)
	wantErr(t, err, domain.KindConflict, "error.stale")
}
