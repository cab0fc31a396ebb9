package web_test

import "testing"

// evaluationExpectations are the authorisation matrix's expectations for
// the evaluation routes (routes_evaluation.go).
func evaluationExpectations(t *testing.T) map[string]expectation {
	return map[string]expectation{}
}
