package web_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// prioritySetupExpectations are the authorisation matrix's rows for the
// criteria, weights and assignments pages. The unsafe requests of allowed
// users are refused as invalid (422) or find nothing (404), so that the
// demo's criteria, weights and assignments stay as the other tests expect.
func prioritySetupExpectations(t *testing.T) map[string]expectation {
	t.Helper()
	m := municipality(t, "1624")
	rissa := idOf(m)
	list, err := shared.app.Priority.EnsureCriteria(context.Background(), domain.SystemPrincipal(m.CollaborationID))
	if err != nil || len(list) == 0 {
		t.Fatalf("the demo's criteria: %v", err)
	}
	criterion := "/priority/criteria/" + strconv.FormatInt(list[0].ID, 10)
	weightSetters := []string{"programme_lead", "coordinator", "leadership"}
	assigners := []string{"programme_lead", "coordinator"}
	return map[string]expectation{
		"GET /priority/criteria":                 {path: "/priority/criteria?edit=" + strconv.FormatInt(list[0].ID, 10), allowed: internal, status: 200},
		"POST /priority/criteria/{id}":           {path: criterion, body: "name=&order=1&direction=higher_better&active=1&version=1", allowed: leadOnly, status: 422},
		"GET /priority/weights":                  {path: "/priority/weights?by_population=1&method=ahp&municipality=" + rissa, allowed: internal, status: 200},
		"POST /priority/weights":                 {path: "/priority/weights", body: "municipality=" + rissa + "&method=ahp&a_0_1=0", allowed: weightSetters, status: 422},
		"GET /priority/assignments":              {path: "/priority/assignments?municipality=" + rissa, allowed: internal, status: 200},
		"POST /priority/assignments":             {path: "/priority/assignments", body: "municipality=" + rissa + "&service_id=&user_id=", allowed: assigners, status: 422},
		"POST /priority/assignments/{id}/delete": {path: "/priority/assignments/999999/delete", body: "municipality=" + rissa, allowed: assigners, status: 404},
	}
}
