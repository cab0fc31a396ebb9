package web_test

import (
	"strconv"
	"testing"
)

// eventLogExpectations are the authorisation matrix's expectations for the
// event-log pages (routes_eventlog.go): every internal role reads and
// uploads logs; attaching, applying and writing waits into the as-is
// model are the attached municipality's row (domain.CanEditMunicipalRow:
// the fixture log is Rissa's eiendomsskatt-klage, whose responsible
// subject-matter owner is the test's, so the fact editors). Suppliers,
// evaluators, leadership and observers are refused there. The
// fixture log is done and not a CSV file, so its mapping is a conflict;
// deleting is tried on a log that does not exist, so that the fixture
// stays for the other roles.
func eventLogExpectations(t *testing.T) map[string]expectation {
	t.Helper()
	lp := "/eventlogs/" + strconv.FormatInt(evl.log, 10)
	rissaRow := factEditor
	return map[string]expectation{
		"GET /eventlogs":               {path: "/eventlogs", allowed: internal, status: 200},
		"POST /eventlogs":              {path: "/eventlogs", body: "note=no-file", allowed: internal, status: 422},
		"GET /eventlogs/{id}":          {path: lp + "?min=2", allowed: internal, status: 200},
		"GET /eventlogs/{id}/progress": {path: lp + "/progress", allowed: internal, status: 303},
		"GET /eventlogs/{id}/mapping":  {path: lp + "/mapping", allowed: internal, status: 303},
		"POST /eventlogs/{id}/mapping": {path: lp + "/mapping", body: "col_case=K&col_activity=A&col_time=T", allowed: internal, status: 409},
		"POST /eventlogs/{id}/attach":  {path: lp + "/attach", body: "municipality=" + evl.rissa + "&service=" + evSlug, allowed: rissaRow, status: 303},
		"POST /eventlogs/{id}/apply":   {path: lp + "/apply", allowed: rissaRow, status: 303},
		"GET /eventlogs/{id}/compare":  {path: lp + "/compare", allowed: internal, status: 200},
		"POST /eventlogs/{id}/waits":   {path: lp + "/waits", body: "task=no-such-task", allowed: rissaRow, status: 422},
		"POST /eventlogs/{id}/delete":  {path: "/eventlogs/999999/delete", allowed: internal, status: 404},
		"GET /api/v1/eventlogs":        {path: "/api/v1/eventlogs", allowed: internal, status: 200},
		"GET /api/v1/eventlogs/{id}":   {path: "/api/v1" + lp, allowed: internal, status: 200},
	}
}
