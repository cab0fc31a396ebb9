package web_test

import (
	"strconv"
	"testing"
)

// evaluationExpectations are the authorisation matrix's expectations for
// the evaluation routes (routes_evaluation.go), on a tender opened with
// the Rissa coordinator as officer and the matrix's evaluator on the
// committee, nothing scored yet: the CanEdit persons (programme lead,
// officer) set up, record answers, reject and agree; only evaluators
// score; both read. Every other role — suppliers, observers, internal
// users outside the committee — is refused by the manager. Changes are
// sent so that they are refused (422), or conflict (409: the consensus
// before every evaluator has scored).
func evaluationExpectations(t *testing.T) map[string]expectation {
	t.Helper()
	f := evalFixture(t)
	id := func(v int64) string { return strconv.FormatInt(v, 10) }
	e := "/procurement/" + id(f.matrix.ID) + "/evaluation"
	edit := []string{"programme_lead", "coordinator"}
	read := []string{"programme_lead", "coordinator", "evaluator"}
	scorer := []string{"evaluator"}
	v := strconv.Itoa(f.matrixVersion)
	return map[string]expectation{
		"GET /procurement/{tender}/evaluation": {path: e, allowed: read, status: 200},
		"POST /procurement/{tender}/evaluation": {path: e, body: "criteria[0].key=pris&criteria[0].name=Pris&criteria[0].weight=mye&price_model=linear&version=" + v,
			allowed: edit, status: 422},
		"POST /procurement/{tender}/evaluation/answers": {path: e + "/answers", body: "answers[0].bid_id=abc&version=" + v, allowed: edit, status: 422},
		"POST /procurement/{tender}/evaluation/bids/{bid}/reject": {path: e + "/bids/" + id(f.matrixBids[0]) + "/reject",
			body: "reason=&version=" + v, allowed: edit, status: 422},
		"GET /procurement/{tender}/evaluation/bids/{bid}/files/{n}": {path: e + "/bids/" + id(f.matrixBids[0]) + "/files/1", allowed: read, status: 200},
		"GET /procurement/{tender}/evaluation/scores":               {path: e + "/scores", allowed: read, status: 200},
		"POST /procurement/{tender}/evaluation/scores": {path: e + "/scores",
			body:    "scores[0].bid_id=" + id(f.matrixBids[0]) + "&scores[0].criterion=kompetanse&scores[0].points=11&scores[0].reason=For+mye",
			allowed: scorer, status: 422},
		"GET /procurement/{tender}/evaluation/consensus":  {path: e + "/consensus", allowed: read, status: 200},
		"POST /procurement/{tender}/evaluation/consensus": {path: e + "/consensus", body: "version=" + v, allowed: edit, status: 409},
		"GET /procurement/{tender}/evaluation/results":    {path: e + "/results", allowed: read, status: 200},
	}
}
