package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Issue 12, item 9: authenticate, authorise, find, then validate. A form
// with invalid input sent to an object that does not exist answers 404,
// not 422, even for the programme lead, who may do everything: the
// route's invalid body from the authorisation matrix goes to each route
// with every path parameter naming nothing (a missing service, or a
// missing object of an existing service), as a role that may use it.
func TestMissingObjectBeforeInvalidInput(t *testing.T) {
	exp := expectations(t)
	clients := map[string]*client{}
	for _, rl := range roleLogins {
		if rl.email != "" {
			clients[rl.role] = login(t, rl.email)
		}
	}
	param := regexp.MustCompile(`\{[a-z]+\}`)
	for _, rt := range shared.app.Web.Routes() {
		if rt.Method == http.MethodGet || !strings.Contains(rt.Pattern, "{") {
			continue
		}
		key := rt.Method + " " + rt.Pattern
		e := exp[key]
		// A role that may use the route, the programme lead where it may.
		var c *client
		for _, role := range append([]string{"programme_lead"}, e.allowed...) {
			if slices.Contains(e.allowed, role) && clients[role] != nil {
				c = clients[role]
				break
			}
		}
		if c == nil {
			continue
		}
		var paths []string
		paths = append(paths, param.ReplaceAllStringFunc(rt.Pattern, func(p string) string {
			if p == "{slug}" {
				return "finnes-ikke"
			}
			return "999999"
		}))
		if strings.Contains(rt.Pattern, "{slug}") && strings.Count(rt.Pattern, "{") > 1 {
			paths = append(paths, param.ReplaceAllStringFunc(rt.Pattern, func(p string) string {
				if p == "{slug}" {
					return "byggesak-ettrinns"
				}
				return "999999"
			}))
		}
		// A tender's object: the tender exists, the object does not.
		if strings.Contains(rt.Pattern, "{tender}") && strings.Count(rt.Pattern, "{") > 1 {
			paths = append(paths, param.ReplaceAllStringFunc(rt.Pattern, func(p string) string {
				if p == "{tender}" {
					return strconv.FormatInt(proc.tender.ID, 10)
				}
				return "999999"
			}))
		}
		for _, path := range paths {
			t.Run(key+" "+path, func(t *testing.T) {
				c.t = t
				var res *http.Response
				var body string
				if e.json {
					res, body = c.send(rt.Method, path, "application/json", e.body)
				} else {
					form, _ := url.ParseQuery(strings.ReplaceAll(e.body, "ROLE", "programme_lead"))
					res, body = c.post(path, form)
				}
				// 409: a stale version of the record holding the object (the
				// roadmap's scenarios) is told before the object is looked for.
				if res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusConflict {
					t.Errorf("%s %s with the body %q: status %d, want 404\n%.300s", rt.Method, path, e.body, res.StatusCode, body)
				}
			})
		}
	}
}

// A role with rights elsewhere but not on this object is refused before
// its input is checked: Rissa's coordinator sending invalid facts for
// another municipality hears 403, not 422.
func TestForbiddenObjectBeforeInvalidInput(t *testing.T) {
	c := login(t, "koordinator.rissa@fosen.example")
	osen := idOf(municipality(t, "5020"))
	res, body := c.post("/services/byggesak-ettrinns/facts/"+osen, url.Values{"offered": {"yes"}, "employee_minutes": {"abc"}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("form: status %d, want 403\n%.300s", res.StatusCode, body)
	}
	res, body = c.send(http.MethodPut, "/api/v1/services/byggesak-ettrinns/facts/"+osen, "application/json", `{"offered":"maybe","version":1}`)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("API: status %d, want 403\n%.300s", res.StatusCode, body)
	}
}
