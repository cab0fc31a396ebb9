package web_test

import (
	"strconv"
	"testing"
)

// awardExpectations are the authorisation matrix's expectations for the
// award-to-contract routes (routes_award.go). On the procurement fixtures'
// draft tender (no officers: only the programme lead acts for the buyer)
// every internal role reads the award and the contract pages; the
// complaints, traceability and downloads are the CanEdit persons'
// (procurement.CanEdit). Changes are sent so that they are refused (422),
// find nothing (404) or come too early (409). The portal's award page and
// complaint are the supplier user's, on the portal fixtures' tender its
// organisation is invited to (no award there: a complaint is too early).
func awardExpectations(t *testing.T) map[string]expectation {
	t.Helper()
	tp := "/procurement/" + strconv.FormatInt(proc.tender.ID, 10)
	fx := portalFixtures(t)
	lim := fx.tenderPath(fx.limited)
	supplier := []string{"supplier"}
	return map[string]expectation{
		"GET /procurement/{tender}/award":                   {path: tp + "/award", allowed: internal, status: 200},
		"POST /procurement/{tender}/award":                  {path: tp + "/award", body: "reasons=Best&min_days=fjorten", allowed: leadOnly, status: 422},
		"POST /procurement/{tender}/award/letters/{letter}": {path: tp + "/award/letters/999999", body: "subject=Endret&body=Endret", allowed: leadOnly, status: 404},
		"GET /procurement/{tender}/complaints":              {path: tp + "/complaints", allowed: leadOnly, status: 200},
		"POST /procurement/{tender}/complaints":             {path: tp + "/complaints", body: "supplier_id=abc&complaint=Klage", allowed: leadOnly, status: 422},
		"POST /procurement/{tender}/complaints/{complaint}": {path: tp + "/complaints/999999", body: "answer=&version=1", allowed: leadOnly, status: 404},
		"GET /procurement/{tender}/contract":                {path: tp + "/contract", allowed: internal, status: 200},
		"POST /procurement/{tender}/contract":               {path: tp + "/contract", body: "signed_at=snart&contract_value=1000&contract_reference=K-1", allowed: leadOnly, status: 422},
		"POST /procurement/{tender}/contract/handover":      {path: tp + "/contract/handover", allowed: leadOnly, status: 404},
		"GET /procurement/{tender}/trace":                   {path: tp + "/trace", allowed: leadOnly, status: 200},
		"GET /procurement/{tender}/trace/{requirement}":     {path: tp + "/trace/" + strconv.FormatInt(proc.req, 10), allowed: leadOnly, status: 200},
		"GET /procurement/{tender}/record.pdf":              {path: tp + "/record.pdf", allowed: leadOnly, status: 200},
		"GET /procurement/{tender}/archive.zip":             {path: tp + "/archive.zip", allowed: leadOnly, status: 200},
		"GET /procurement/{tender}/notices/contract.xml":    {path: tp + "/notices/contract.xml", allowed: leadOnly, status: 409},
		"GET /procurement/{tender}/notices/award.xml":       {path: tp + "/notices/award.xml?lang=nb", allowed: leadOnly, status: 409},
		"GET /procurement/{tender}/ocds.json":               {path: tp + "/ocds.json", allowed: leadOnly, status: 200},
		"POST /procurement/{tender}/notice-facts":           {path: tp + "/notice-facts", body: "contract_months=mange&version=1", allowed: leadOnly, status: 422},
		"GET /portal/tenders/{tender}/award":                {path: lim + "/award", allowed: supplier, status: 200},
		"POST /portal/tenders/{tender}/complaints":          {path: lim + "/complaints", body: "complaint=Klage", allowed: supplier, status: 409},
	}
}
