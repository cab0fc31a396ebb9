package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
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
		"/admin/users/1x", "/services/byggesak-ettrinns/processes/x/history"} {
		if res, _ := c.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, res.StatusCode)
		}
	}
	if res, _ := c.post("/import/abc", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("POST /import/abc: status %d, want 404", res.StatusCode)
	}
}
