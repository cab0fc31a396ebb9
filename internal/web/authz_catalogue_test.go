package web_test

import "testing"

// catalogueChangesExpectations are the authorisation matrix's rows for the
// open catalogue's corrections: they change service definitions, so the
// programme lead alone reviews them. The decision is sent without a
// choice, which is refused (422) and leaves the demo as it was.
func catalogueChangesExpectations(t *testing.T) map[string]expectation {
	t.Helper()
	return map[string]expectation{
		"GET /catalogue/changes":         {path: "/catalogue/changes", allowed: leadOnly, status: 200},
		"POST /catalogue/changes":        {path: "/catalogue/changes", body: "c.nothing.notes=later", allowed: leadOnly, status: 422},
		"GET /api/v1/catalogue/changes":  {path: "/api/v1/catalogue/changes", allowed: leadOnly, status: 200},
		"POST /api/v1/catalogue/changes": {path: "/api/v1/catalogue/changes", body: `{"changes":[{"slug":"nothing","version":1,"field":"notes","accept":true}]}`, json: true, allowed: leadOnly, status: 404},
	}
}
