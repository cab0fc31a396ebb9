package web_test

import (
	"strconv"
	"testing"
)

// procurementExpectations are the authorisation matrix's expectations for
// the buyer's side of procurement (routes_procurement.go): every internal
// role reads; the fixture tender has no officers, so only the programme
// lead changes it (procurement.CanEdit), reads the access log and opened
// bids. Suppliers and evaluators are refused. Changes are sent so that
// they are refused (422) or stale (409), except generating and publishing
// the specification, which the fixture tender allows.
func procurementExpectations(t *testing.T) map[string]expectation {
	t.Helper()
	id := func(v int64) string { return strconv.FormatInt(v, 10) }
	tp := "/procurement/" + id(proc.tender.ID)
	sup := "/suppliers/" + id(proc.supplier.ID)
	doc := tp + "/documents/" + id(proc.doc)
	return map[string]expectation{
		"GET /procurement":                                        {path: "/procurement", allowed: internal, status: 200},
		"POST /procurement":                                       {path: "/procurement", body: "reference=&title=", allowed: leadOnly, status: 422},
		"GET /procurement/suppliers":                              {path: "/procurement/suppliers", allowed: internal, status: 200},
		"POST /procurement/suppliers":                             {path: "/procurement/suppliers", body: "name=&org_number=123", allowed: leadOnly, status: 422},
		"GET /suppliers/{id}":                                     {path: sup, allowed: internal, status: 200},
		"POST /suppliers/{id}":                                    {path: sup, body: "name=&org_number=123&version=1", allowed: leadOnly, status: 422},
		"POST /suppliers/{id}/users":                              {path: sup + "/users", body: "email=", allowed: leadOnly, status: 422},
		"GET /procurement/{tender}":                               {path: tp, allowed: internal, status: 200},
		"POST /procurement/{tender}":                              {path: tp, body: "reference=&estimated_value=mye&version=1", allowed: leadOnly, status: 422},
		"POST /procurement/{tender}/candidates":                   {path: tp + "/candidates", body: "supplier=", allowed: leadOnly, status: 422},
		"POST /procurement/{tender}/candidates/{supplier}/delete": {path: tp + "/candidates/" + id(proc.supplier2.ID) + "/delete", allowed: leadOnly, status: 303},
		"POST /procurement/{tender}/officers":                     {path: tp + "/officers", body: "officer=abc&version=1", allowed: leadOnly, status: 422},
		"POST /procurement/{tender}/publish":                      {path: tp + "/publish", body: "version=999", allowed: leadOnly, status: 409},
		"POST /procurement/{tender}/deadline":                     {path: tp + "/deadline", body: "kind=deadline&at=snart&version=1", allowed: leadOnly, status: 422},
		"GET /procurement/{tender}/dialogue":                      {path: tp + "/dialogue", allowed: internal, status: 200},
		"POST /procurement/{tender}/dialogue":                     {path: tp + "/dialogue", body: "conference.at=snart&version=1", allowed: leadOnly, status: 422},
		"GET /procurement/{tender}/documents":                     {path: tp + "/documents", allowed: internal, status: 200},
		"POST /procurement/{tender}/documents":                    {path: tp + "/documents", body: "kind=tender&title=X", allowed: leadOnly, status: 422},
		"POST /procurement/{tender}/documents/{doc}/versions":     {path: doc + "/versions", body: "note=x", allowed: leadOnly, status: 422},
		"POST /procurement/{tender}/documents/{doc}/publish":      {path: doc + "/publish", body: "version=999", allowed: leadOnly, status: 409},
		"GET /procurement/{tender}/documents/{doc}/versions/{n}":  {path: doc + "/versions/1", allowed: internal, status: 200},
		"GET /procurement/{tender}/requirements":                  {path: tp + "/requirements", allowed: internal, status: 200},
		"POST /procurement/{tender}/requirements":                 {path: tp + "/requirements", body: "text=&priority=must", allowed: leadOnly, status: 422},
		"POST /procurement/{tender}/requirements/generate":        {path: tp + "/requirements/generate", allowed: leadOnly, status: 303},
		"POST /procurement/{tender}/requirements/publish":         {path: tp + "/requirements/publish", allowed: leadOnly, status: 303},
		"POST /procurement/{tender}/requirements/{id}":            {path: tp + "/requirements/" + id(proc.req), body: "text=&priority=must&version=1", allowed: leadOnly, status: 422},
		"GET /procurement/{tender}/questions":                     {path: tp + "/questions", allowed: internal, status: 200},
		"POST /procurement/{tender}/questions":                    {path: tp + "/questions", body: "text=", allowed: leadOnly, status: 422},
		"POST /procurement/{tender}/questions/{id}":               {path: tp + "/questions/" + id(proc.question), body: "answer=Ja&version=999", allowed: leadOnly, status: 409},
		"POST /procurement/{tender}/conference":                   {path: tp + "/conference", body: "at=snart&version=1", allowed: leadOnly, status: 422},
		"GET /procurement/{tender}/bids":                          {path: tp + "/bids", allowed: internal, status: 200},
		"POST /procurement/{tender}/bids/open":                    {path: tp + "/bids/open", allowed: leadOnly, status: 409},
		"GET /procurement/{tender}/bids/{bid}/files/{n}":          {path: tp + "/bids/999999/files/1", allowed: leadOnly, status: 409},
		"GET /procurement/{tender}/log":                           {path: tp + "/log", allowed: leadOnly, status: 200},
		"GET /api/v1/procurement/tenders":                         {path: "/api/v1/procurement/tenders", allowed: internal, status: 200},
		"GET /api/v1/procurement/tenders/{tender}":                {path: "/api/v1/procurement/tenders/" + id(proc.tender.ID), allowed: internal, status: 200},
	}
}
