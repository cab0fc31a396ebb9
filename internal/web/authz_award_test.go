package web_test

import "testing"

// awardExpectations are the authorisation matrix's expectations for the
// award-to-contract routes (routes_award.go).
func awardExpectations(t *testing.T) map[string]expectation {
	return map[string]expectation{}
}
