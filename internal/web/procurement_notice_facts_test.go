package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// TestBuyerAndNoticeFactsThroughTheForms: the programme lead names the
// contracting authority on the tender's edit form and the notice facts on
// their own form; a bad organisation number is refused at its field with
// nothing stored, and once both are stored the contract notice is
// written. The test makes its own tender with award criteria (the notice
// states them) so that the shared fixtures stay as they are.
func TestBuyerAndNoticeFactsThroughTheForms(t *testing.T) {
	lead := principalOf(t, "programleder@fosen.example")
	m := shared.app.Procurement
	tn := proc.tender
	created, err := m.CreateTender(t.Context(), lead, procurement.Tender{Reference: "WEB-NF-1", Title: "Byggesak med kunngjøring",
		Description: "Saksbehandlingssystem for byggesak i samarbeidets kommuner.",
		Procedure:   tn.Procedure, EstimatedValue: tn.EstimatedValue, CPV: tn.CPV, Items: tn.Items, Milestones: tn.Milestones})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.SetupEvaluation(t.Context(), lead, created.ID, procurement.Evaluation{PriceModel: procurement.PriceLinear,
		Criteria: []procurement.Criterion{{Key: "price", Name: "Pris", Weight: 40, Price: true}, {Key: "quality", Name: "Kvalitet", Weight: 60}}}); err != nil {
		t.Fatal(err)
	}
	stored := func() procurement.Tender {
		t.Helper()
		got, err := m.Tender(t.Context(), lead, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	path := "/procurement/" + strconv.FormatInt(created.ID, 10)
	c := login(t, "programleder@fosen.example")
	form := url.Values{"reference": {created.Reference}, "title": {created.Title}, "description": {created.Description}, "procedure": {created.Procedure},
		"estimated_value": {strconv.FormatFloat(created.EstimatedValue, 'f', -1, 64)}, "cpv": {created.CPV},
		"services": {strconv.FormatInt(proc.service, 10)}, "version": {strconv.Itoa(created.Version)},
		"milestone_deadline": {procurement.FormatLocal(created.Deadline())},
		"milestone_opening":  {procurement.FormatLocal(created.At(procurement.MilestoneOpening))},
		"buyer_name":         {"Rissa kommune"}, "buyer_org_number": {"974 760 674"}, "buyer_post_code": {"7100"},
		"buyer_town": {"Rissa"}, "buyer_nuts": {"NO060"}, "buyer_email": {"innkjop@rissa.example"},
		"buyer_phone": {"+47 00 00 00 00"}}
	res, body := c.post(path, form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad org number: status %d\n%.600s", res.StatusCode, body)
	}
	if text := html.UnescapeString(body); !strings.Contains(text, `id="e-buyer_org_number"`) || !strings.Contains(text, "kontrollsiffer") {
		t.Errorf("the refusal is not shown at the organisation number:\n%.2000s", text)
	}
	if got := stored(); got.Buyer != (procurement.Buyer{}) || got.Version != created.Version {
		t.Fatalf("a refused form stored the buyer %+v (version %d)", got.Buyer, got.Version)
	}

	form.Set("buyer_org_number", "974 760 673")
	if res, body = c.post(path, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("valid buyer: status %d\n%.600s", res.StatusCode, body)
	}
	got := stored()
	want := procurement.Buyer{Name: "Rissa kommune", OrgNumber: "974760673", PostCode: "7100", Town: "Rissa", NUTS: "NO060",
		Email: "innkjop@rissa.example", Phone: "+47 00 00 00 00"}
	if got.Buyer != want {
		t.Fatalf("buyer %+v, want %+v", got.Buyer, want)
	}

	facts := url.Values{"contract_months": {"tre år"}, "validity_days": {"90"}, "subcontracting": {"no"}, "version": {strconv.Itoa(got.Version)}}
	res, body = c.post(path+"/notice-facts", facts)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-contract_months"`) {
		t.Fatalf("bad duration: status %d, message at the field %v", res.StatusCode, strings.Contains(body, `id="e-contract_months"`))
	}
	if stored().NoticeFacts.ContractMonths != 0 {
		t.Fatal("a refused form stored the facts")
	}
	facts.Set("contract_months", "36")
	if res, body = c.post(path+"/notice-facts", facts); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("facts: status %d\n%.600s", res.StatusCode, body)
	}
	if nf := stored().NoticeFacts; nf.ContractMonths != 36 || nf.ValidityDays != 90 || nf.Subcontracting != "no" {
		t.Fatalf("facts %+v", nf)
	}

	res, body = c.get(path + "/notices/contract.xml")
	if res.StatusCode != http.StatusOK {
		_, err := m.Notice(t.Context(), lead, created.ID, procurement.NoticeContract, "")
		var fields []string
		if e := domain.AsError(err); e != nil {
			for _, f := range e.Fields {
				fields = append(fields, f.Field+" "+f.Code)
			}
		}
		t.Fatalf("contract notice: status %d, manager: %v %v\n%.400s", res.StatusCode, err, fields, body)
	}
	if !strings.Contains(body, "974760673") || !strings.Contains(body, "Rissa kommune") {
		t.Errorf("the notice does not name the buyer:\n%.1500s", body)
	}

	// An opened tender's page asks for each bidder's address and size.
	seed, err := m.Tender(t.Context(), lead, evalFixture(t).matrix.ID)
	if err != nil || seed.Opening == nil || len(seed.Opening.Bids) == 0 {
		t.Fatalf("the evaluation fixtures' opened tender: %v", err)
	}
	res, body = c.get("/procurement/" + strconv.FormatInt(seed.ID, 10))
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `name="supplier_0_size"`) || !strings.Contains(body, html.EscapeString(seed.Opening.Bids[0].Supplier)) {
		t.Errorf("opened tender's page: status %d, bidders' facts shown %v", res.StatusCode, strings.Contains(body, `name="supplier_0_size"`))
	}
}
