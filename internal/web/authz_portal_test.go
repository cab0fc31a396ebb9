package web_test

import "testing"

// portalExpectations are the authorisation matrix's expectations for the
// supplier portal (routes_portal.go): supplier users only, on the
// fixtures' tender their organisation is invited to; every change is sent
// so that it is refused (422) or asks for confirmation, leaving the
// fixtures as they were.
func portalExpectations(t *testing.T) map[string]expectation {
	fx := portalFixtures(t)
	supplier := []string{"supplier"}
	lim := fx.tenderPath(fx.limited)
	api := "/api/v1" + lim
	return map[string]expectation{
		"GET /portal":                  {path: "/portal", allowed: supplier, status: 200},
		"GET /portal/tenders/{tender}": {path: lim, allowed: supplier, status: 200},
		"GET /portal/tenders/{tender}/documents/{doc}/versions/{n}": {path: lim + "/documents/" + idStr(fx.doc) + "/versions/1", allowed: supplier, status: 200},
		"GET /portal/tenders/{tender}/receipts/{bid}":               {path: lim + "/receipts/" + idStr(fx.bidA), allowed: supplier, status: 200},
		"GET /portal/tenders/{tender}/questions/{question}":         {path: lim + "/questions/" + idStr(fx.questionA), allowed: supplier, status: 200},
		"POST /portal/tenders/{tender}/questions":                   {path: lim + "/questions", body: "text=", allowed: supplier, status: 422},
		"POST /portal/tenders/{tender}/bid":                         {path: lim + "/bid", body: "total=abc", allowed: supplier, status: 422},
		"POST /portal/tenders/{tender}/bid/withdraw":                {path: lim + "/bid/withdraw", allowed: supplier, status: 200},
		"GET /api/v1/portal/tenders":                                {path: "/api/v1/portal/tenders", allowed: supplier, status: 200},
		"GET /api/v1/portal/tenders/{tender}":                       {path: api, allowed: supplier, status: 200},
		"POST /api/v1/portal/tenders/{tender}/questions":            {path: api + "/questions", body: `{"text":""}`, json: true, allowed: supplier, status: 422},
		"GET /api/v1/portal/tenders/{tender}/questions/{question}":  {path: api + "/questions/" + idStr(fx.questionA), allowed: supplier, status: 200},
	}
}
