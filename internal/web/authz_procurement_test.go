package web_test

import "testing"

// procurementExpectations are the authorisation matrix's expectations for
// the buyer's side of procurement (routes_procurement.go).
func procurementExpectations(t *testing.T) map[string]expectation {
	return map[string]expectation{}
}
