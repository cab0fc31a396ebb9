package web

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestPriorityAssignmentsPage(t *testing.T) {
	e := newSetupEnv(t)
	rissa := strconv.FormatInt(e.munis["Rissa"].ID, 10)
	coord := e.login(t, "koordinator.rissa@fosen.example")
	st, body := coord.get("/priority/assignments")
	if st != 200 {
		t.Fatalf("assignments: %d %.800s", st, body)
	}
	wantIn(t, body, `name="service_id"`, `name="user_id"`, "Fagansvarlig Rissa (fag.rissa@fosen.example)", "completion")
	if st, body = coord.post("/priority/assignments", url.Values{"municipality": {rissa}}); st != 422 {
		t.Fatalf("empty: %d", st)
	}
	wantIn(t, body, `href="#f-service_id"`, `href="#f-user_id"`)
	svc := regexp.MustCompile(`<option value="(\d+)">Grensejustering</option>`).FindStringSubmatch(body)
	user := regexp.MustCompile(`<option value="(\d+)">Fagansvarlig Rissa `).FindStringSubmatch(body)
	if svc == nil || user == nil {
		t.Fatal("no Grensejustering or fag.rissa to choose")
	}
	form := url.Values{"municipality": {rissa}, "service_id": {svc[1]}, "user_id": {user[1]}}
	if st, body = coord.post("/priority/assignments", form); st != 303 {
		t.Fatalf("assign: %d %.500s", st, body)
	}
	wantIn(t, body, "Grensejustering", "/priority/assignments/")
	if st, _ = coord.post("/priority/assignments", form); st != 409 {
		t.Errorf("assigned twice: %d, want 409", st)
	}
	owner := e.login(t, "fag.rissa@fosen.example")
	st, body = owner.get("/priority/assignments")
	if st != 200 {
		t.Fatal(st)
	}
	wantIn(t, body, "my-assignments", "Grensejustering")
	if strings.Contains(body, `name="service_id"`) {
		t.Error("a subject owner gets the assignment form")
	}
	if st, _ := owner.post("/priority/assignments", form); st != 403 {
		t.Errorf("subject owner assigns: %d", st)
	}
	if st, _ := owner.post("/priority/assignments/999999/delete", url.Values{}); st != 403 {
		t.Errorf("subject owner unassigns: %d", st)
	}
	if st, _ := coord.post("/priority/assignments/999999/delete", url.Values{}); st != 404 {
		t.Errorf("unassign nothing: %d", st)
	}
	id := regexp.MustCompile(`action="/priority/assignments/(\d+)/delete"`).FindStringSubmatch(func() string { _, b := coord.get("/priority/assignments"); return b }())
	if id == nil {
		t.Fatal("no unassign button")
	}
	if st, body = coord.post("/priority/assignments/"+id[1]+"/delete", url.Values{"municipality": {rissa}}); st != 303 || strings.Contains(body, "Grensejustering</a></th>") {
		t.Errorf("unassign: %d", st)
	}
	lead := e.login(t, "programleder@fosen.example")
	if st, body = lead.get("/priority/assignments?municipality=" + strconv.FormatInt(e.munis["Osen"].ID, 10)); st != 200 {
		t.Fatal(st)
	}
	wantIn(t, body, `id="v-municipality"`, "Fagansvarlig Osen")
}
