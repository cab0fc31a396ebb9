package web_test

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/demo"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// TestProcurementObjectsOnlyThroughTheirTender asks, for every route that
// names a tender and an object of it, for an object of the other fixture
// tender under the first, with a form the programme lead could send for
// real: every answer is 404 and nothing is stored. A new route of that
// shape fails the test until it has a case here.
func TestProcurementObjectsOnlyThroughTheirTender(t *testing.T) {
	ctx := context.Background()
	a := shared.app
	c, err := a.DB.Catalogue().CollaborationBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	sys := domain.SystemPrincipal(c.ID)
	id := func(v int64) string { return strconv.FormatInt(v, 10) }
	tp := "/procurement/" + id(proc.tender.ID)
	otherDoc := tp + "/documents/" + id(proc.otherDoc)
	cases := map[string]struct {
		path string
		form url.Values
	}{
		"POST /procurement/{tender}/documents/{doc}/versions":    {path: otherDoc + "/versions", form: url.Values{"note": {"flyttet"}}},
		"POST /procurement/{tender}/documents/{doc}/publish":     {path: otherDoc + "/publish", form: url.Values{"version": {"1"}}},
		"GET /procurement/{tender}/documents/{doc}/versions/{n}": {path: otherDoc + "/versions/1"},
		"POST /procurement/{tender}/requirements/{id}": {path: tp + "/requirements/" + id(proc.otherReq),
			form: url.Values{"text": {"Flyttet"}, "priority": {"should"}, "version": {"1"}}},
		"POST /procurement/{tender}/questions/{id}": {path: tp + "/questions/" + id(proc.otherQ),
			form: url.Values{"answer": {"Ja"}, "publish": {"on"}, "version": {"1"}}},
		// No bid is opened in the fixtures: a bid id of no tender is the
		// nearest probe (the opening is refused first on a draft).
		"GET /procurement/{tender}/bids/{bid}/files/{n}":            {path: tp + "/bids/999999/files/1"},
		"GET /procurement/{tender}/evaluation/bids/{bid}/files/{n}": {path: tp + "/evaluation/bids/999999/files/1"},
		"POST /procurement/{tender}/evaluation/bids/{bid}/reject": {path: tp + "/evaluation/bids/999999/reject",
			form: url.Values{"reason": {"Avvist"}, "version": {"0"}}},
	}
	// Suppliers are the collaboration's, not a tender's: uninviting one
	// that is not a candidate changes nothing, and is not this test's.
	skip := map[string]bool{"POST /procurement/{tender}/candidates/{supplier}/delete": true}
	// Routes walked the same way by tests with the state they need: the
	// portal's by TestPortalOtherSuppliersNotFound (a supplier asking for
	// another tender's document, receipt or question), the award's by
	// award_pages_test.go on an awarded tender (another tender's letter,
	// complaint or requirement is 404).
	for _, key := range []string{
		"GET /portal/tenders/{tender}/documents/{doc}/versions/{n}",
		"GET /portal/tenders/{tender}/receipts/{bid}",
		"GET /portal/tenders/{tender}/questions/{question}",
		"GET /api/v1/portal/tenders/{tender}/questions/{question}",
		"POST /procurement/{tender}/award/letters/{letter}",
		"POST /procurement/{tender}/complaints/{complaint}",
		"GET /procurement/{tender}/trace/{requirement}",
	} {
		skip[key] = true
	}

	state := func() []any {
		t.Helper()
		var out []any
		for _, tid := range []domain.ID{proc.tender.ID, proc.other.ID} {
			docs, err := a.Procurement.Documents(ctx, sys, tid)
			if err != nil {
				t.Fatal(err)
			}
			spec, err := a.Procurement.Specification(ctx, sys, tid)
			if err != nil {
				t.Fatal(err)
			}
			qs, err := a.Procurement.Questions(ctx, sys, tid)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, docs, spec, qs)
		}
		return out
	}
	lead := login(t, "programleder@fosen.example")
	seen := map[string]bool{}
	for _, rt := range a.Web.Routes() {
		key := rt.Method + " " + rt.Pattern
		if !strings.Contains(rt.Pattern, "{tender}") || strings.Count(rt.Pattern, "{") < 2 || skip[key] {
			continue
		}
		seen[key] = true
		cs, ok := cases[key]
		if !ok {
			t.Errorf("route %s names a tender and an object but has no case here", key)
			continue
		}
		t.Run(key, func(t *testing.T) {
			before := state()
			lead.t = t
			var res *http.Response
			var body string
			if cs.form == nil {
				res, body = lead.get(cs.path)
			} else {
				res, body = lead.post(cs.path, cs.form)
			}
			want := http.StatusNotFound
			if strings.Contains(key, "/bids/") {
				want = http.StatusConflict // not opened: nothing of any bid is read
			}
			if res.StatusCode != want {
				t.Errorf("%s %s: status %d, want %d\n%.300s", key, cs.path, res.StatusCode, want, body)
			}
			if after := state(); !reflect.DeepEqual(before, after) {
				t.Errorf("%s %s changed what is stored", key, cs.path)
			}
		})
	}
	for key := range cases {
		if !seen[key] {
			t.Errorf("case %s names no route", key)
		}
	}
}
