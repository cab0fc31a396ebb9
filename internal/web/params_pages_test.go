package web_test

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
)

// A form whose version is not a number is refused on its version instead
// of being taken for a new record (version 0), and changes nothing.
func TestMalformedVersionIsRefused(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	plan := "/services/byggesak-ettrinns/plan"
	indicator := plan + "/indicators/" + strconv.FormatInt(shared.indicator, 10)
	for _, path := range []string{indicator + "/delete", "/roadmap/items/id-porten/delete", "/roadmap/scenarios/s1/delete"} {
		res, body := c.post(path, url.Values{"version": {"sju"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Skjemaets versjon er ugyldig") {
			t.Errorf("%s with version sju: status %d, want 422 with the message\n%.400s", path, res.StatusCode, body)
		}
	}
	if _, body := c.get(plan); !strings.Contains(body, "Timer per byggesak (test)") {
		t.Error("the indicator was deleted by a form with a malformed version")
	}
	if _, body := c.get("/roadmap/items/id-porten"); !strings.Contains(body, "id-porten") {
		t.Error("the roadmap item was deleted by a form with a malformed version")
	}
}

// An id in the path that is not a number names no page.
func TestMalformedPathIDIsNotFound(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	for _, path := range []string{"/services/byggesak-ettrinns/obstacles/abc", "/municipalities/-1/edit",
		"/admin/users/1x", "/services/byggesak-ettrinns/processes/x/history", "/services/byggesak-ettrinns/facts/abc",
		"/priority/decisions/abc", "/priority/rounds/0"} {
		if res, _ := c.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, res.StatusCode)
		}
	}
	for _, path := range []string{"/import/abc", "/priority/criteria/abc", "/priority/assignments/x/delete",
		"/priority/rounds/abc/close", "/priority/decisions/-2/approve"} {
		if res, _ := c.post(path, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s: status %d, want 404", path, res.StatusCode)
		}
	}
}

// storedFacts reads byggesak-ettrinns's facts for the municipality with
// number as stored.
func storedFacts(t *testing.T, number string) (catalogue.Service, catalogue.MunicipalService) {
	t.Helper()
	ctx := context.Background()
	st := shared.app.DB.Catalogue()
	m := municipality(t, number)
	sv, err := st.ServiceBySlug(ctx, m.CollaborationID, "byggesak-ettrinns")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := st.MunicipalService(ctx, m.CollaborationID, sv.ID, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	return sv, ms
}

// A malformed version on the service and facts forms is refused on the
// field, with the forms' other problems, instead of being taken for 0.
func TestMalformedVersionOnEditForms(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	sv, ms := storedFacts(t, "1624")
	form := serviceForm(sv)
	form.Set("version", "sju")
	form.Set("name_nb", "")
	res, body := c.post("/services/byggesak-ettrinns", form)
	errs := formErrors(body)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(errs["version"], "Skjemaets versjon er ugyldig") || errs["name_nb"] == "" {
		t.Errorf("service form with version sju and no name: status %d, errors %v", res.StatusCode, errs)
	}
	form = factsForm(ms)
	form.Set("version", "1.5")
	form.Set("systems", "Endret av en test")
	res, body = c.post("/services/byggesak-ettrinns/facts/"+idOf(municipality(t, "1624")), form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(formErrors(body)["version"], "Skjemaets versjon er ugyldig") {
		t.Errorf("facts form with version 1.5: status %d, errors %v", res.StatusCode, formErrors(body))
	}
	if now, after := storedFacts(t, "1624"); now.Version != sv.Version || !reflect.DeepEqual(after, ms) {
		t.Error("a form with a malformed version changed the service or its facts")
	}
}

// An id a form chooses that is not a number is refused on its field
// instead of being taken for none: a malformed responsible user does not
// unassign the facts, a malformed successor does not remove one.
func TestMalformedFormIDIsRefused(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	_, ms := storedFacts(t, "1624")
	form := factsForm(ms)
	form.Set("version", strconv.Itoa(ms.Version))
	form.Set("responsible_user_id", "abc")
	res, body := c.post("/services/byggesak-ettrinns/facts/"+idOf(municipality(t, "1624")), form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(formErrors(body)["responsible_user_id"], "Velg et av alternativene som tilbys.") {
		t.Errorf("facts form with responsible user abc: status %d, errors %v", res.StatusCode, formErrors(body))
	}
	if _, after := storedFacts(t, "1624"); !reflect.DeepEqual(after, ms) {
		t.Error("a malformed responsible user changed the facts")
	}

	m := municipality(t, "1624")
	res, body = c.post("/municipalities/"+idOf(m), url.Values{"number": {m.Number}, "name": {m.Name + " (endret)"},
		"successor_id": {"x1"}, "version": {strconv.Itoa(m.Version)}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(formErrors(body)["successor_id"], "Velg et av alternativene som tilbys.") {
		t.Errorf("municipality form with successor x1: status %d, errors %v", res.StatusCode, formErrors(body))
	}
	if after := municipality(t, "1624"); after.Name != m.Name {
		t.Error("the municipality was saved with a malformed successor")
	}

	res, body = c.post("/roadmap/from-decision", url.Values{"decision": {"siste"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(formErrors(body)["decision"], "Velg et av alternativene som tilbys.") {
		t.Errorf("roadmap from decision siste: status %d, errors %v", res.StatusCode, formErrors(body))
	}
	res, body = c.post("/priority/rounds", url.Values{"deadline": {"2031-01-01T12:00"}, "services": {"1", "to"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(formErrors(body)["services"], "Tjenester: Velg et av alternativene som tilbys.") {
		t.Errorf("open a round with service «to»: status %d, errors %v", res.StatusCode, formErrors(body))
	}
	for _, path := range []string{"/priority/weights?municipality=abc", "/priority/assignments?municipality=1.5", "/priority?round=r1"} {
		if res, body := c.get(path); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Velg et av alternativene som tilbys.") {
			t.Errorf("GET %s: status %d, want 422 with the message", path, res.StatusCode)
		}
	}
}
