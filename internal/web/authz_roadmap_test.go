package web_test

import "testing"

// roadmapExpectations are the authorisation matrix's rows for the
// roadmap: every internal role reads it; it is a shared artefact, which
// the programme lead changes, and those the lead assigns (none here). Each change is sent so that it is refused
// (422) or stale (409), leaving the shared demo roadmap as it was.
func roadmapExpectations(t *testing.T) map[string]expectation {
	t.Helper()
	scenario := "/roadmap/scenarios/s1"
	return map[string]expectation{
		"GET /roadmap":                        {path: "/roadmap", allowed: internal, status: 200},
		"GET /roadmap/export":                 {path: "/roadmap/export", allowed: internal, status: 200},
		"POST /roadmap/from-decision":         {path: "/roadmap/from-decision", body: "decision=", allowed: leadOnly, status: 422},
		"POST /roadmap/editors":               {path: "/roadmap/editors", body: "editor=abc", allowed: leadOnly, status: 422},
		"POST /roadmap/services":              {path: "/roadmap/services", body: "service=", allowed: leadOnly, status: 422},
		"POST /roadmap/items":                 {path: "/roadmap/items", body: "name=X&cost=mye", allowed: leadOnly, status: 422},
		"GET /roadmap/items/{key}":            {path: "/roadmap/items/id-porten", allowed: internal, status: 200},
		"POST /roadmap/items/{key}":           {path: "/roadmap/items/id-porten", body: "cost=mye", allowed: leadOnly, status: 422},
		"POST /roadmap/items/{key}/delete":    {path: "/roadmap/items/id-porten/delete", body: "version=0", allowed: leadOnly, status: 409},
		"POST /roadmap/scenarios":             {path: "/roadmap/scenarios", body: "from=s1&copy_name=", allowed: leadOnly, status: 422},
		"GET /roadmap/scenarios/{id}":         {path: scenario, allowed: internal, status: 200},
		"POST /roadmap/scenarios/{id}":        {path: scenario, body: "name=X&first_year=2027&horizon=tolv&discount_rate=4", allowed: leadOnly, status: 422},
		"POST /roadmap/scenarios/{id}/delete": {path: scenario + "/delete", body: "version=0", allowed: leadOnly, status: 409},
		"GET /roadmap/scenarios/{id}/model":   {path: scenario + "/model?format=mps", allowed: internal, status: 200},
	}
}
