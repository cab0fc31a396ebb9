package web_test

import "testing"

// portalExpectations are the authorisation matrix's expectations for the
// supplier portal (routes_portal.go).
func portalExpectations(t *testing.T) map[string]expectation {
	return map[string]expectation{}
}
