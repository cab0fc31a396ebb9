package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// TestCatalogueChangesPage walks the review as the programme lead: a
// service whose values differ from the open catalogue is offered field by
// field, a bad answer writes nothing, a save takes one field and keeps
// the other, and the kept field is not offered again.
func TestCatalogueChangesPage(t *testing.T) {
	ctx := context.Background()
	const slug = "innbyggerforslag"
	rissa := municipality(t, "1624")
	st := shared.app.DB.Catalogue()
	orig, err := st.ServiceBySlug(ctx, rissa.CollaborationID, slug)
	if err != nil {
		t.Fatal(err)
	}
	lead := login(t, "programleder@fosen.example")
	if res, body := lead.get("/catalogue/changes"); res.StatusCode != 200 || strings.Contains(body, `name="c.`+slug) {
		t.Fatalf("before any edit: status %d, %s offered", res.StatusCode, slug)
	}

	edited := orig
	edited.NameNB, edited.Notes = "Innbyggerforslag (vår tekst)", "Egen merknad"
	sys := domain.SystemPrincipal(rissa.CollaborationID)
	edited, err = shared.app.Catalogue.UpdateService(ctx, sys, edited)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cur, err := st.ServiceBySlug(ctx, rissa.CollaborationID, slug)
		if err == nil {
			orig.Version = cur.Version
			_, _ = shared.app.Catalogue.UpdateService(ctx, sys, orig)
		}
	})

	res, body := lead.get("/catalogue/changes")
	for _, want := range []string{`name="c.` + slug + `.name_nb"`, `name="c.` + slug + `.notes"`, "Innbyggerforslag (vår tekst)", "Egen merknad",
		`name="v.` + slug + `" value="` + strconv.Itoa(edited.Version) + `"`} {
		if res.StatusCode != 200 || !strings.Contains(body, want) {
			t.Fatalf("the review page (status %d) lacks %q", res.StatusCode, want)
		}
	}
	if _, body := lead.get("/"); !strings.Contains(body, `href="/catalogue/changes"`) {
		t.Error("the lead's dashboard does not point to the waiting corrections")
	}
	if _, body := login(t, "koordinator.rissa@fosen.example").get("/"); strings.Contains(body, `href="/catalogue/changes"`) {
		t.Error("a coordinator's dashboard points to the corrections")
	}

	version := strconv.Itoa(edited.Version)
	res, body = lead.post("/catalogue/changes", url.Values{"v." + slug: {version}, "c." + slug + ".notes": {"keep"}, "c." + slug + ".name_nb": {"maybe"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-c.`+slug+`.name_nb"`) {
		t.Fatalf("a bad answer: status %d, want 422 with the message at its group", res.StatusCode)
	}
	if kept, _ := st.CatalogueDecisions(ctx, rissa.CollaborationID); len(kept) != 0 {
		t.Fatalf("a refused form kept %v", kept)
	}

	res, _ = lead.post("/catalogue/changes", url.Values{"v." + slug: {version}, "c." + slug + ".notes": {"keep"}, "c." + slug + ".name_nb": {"accept"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/catalogue/changes?accepted=1&kept=1" {
		t.Fatalf("save: status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	after, err := st.ServiceBySlug(ctx, rissa.CollaborationID, slug)
	if err != nil {
		t.Fatal(err)
	}
	if after.NameNB != orig.NameNB || after.Notes != "Egen merknad" {
		t.Errorf("after the save: name %q, notes %q; want the catalogue's name and our notes", after.NameNB, after.Notes)
	}
	if _, body := lead.get("/catalogue/changes?accepted=1&kept=1"); strings.Contains(body, `name="c.`+slug) {
		t.Error("a decided field is offered again")
	}
	// "Take all" for a service takes every field offered for it.
	after.Description = "Vår egen beskrivelse"
	after, err = shared.app.Catalogue.UpdateService(ctx, sys, after)
	if err != nil {
		t.Fatal(err)
	}
	res, _ = lead.post("/catalogue/changes", url.Values{"accept_all": {slug}, "v." + slug: {strconv.Itoa(after.Version)}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/catalogue/changes?accepted=1&kept=0" {
		t.Fatalf("take all: status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if after, err = st.ServiceBySlug(ctx, rissa.CollaborationID, slug); err != nil || after.Description != orig.Description || after.Notes != "Egen merknad" {
		t.Errorf("after taking all: description %q, notes %q (%v)", after.Description, after.Notes, err)
	}
	var kept []catalogue.Decision
	if kept, err = st.CatalogueDecisions(ctx, rissa.CollaborationID); err != nil || len(kept) != 1 || kept[0].Field != "notes" {
		t.Errorf("kept = %v (%v)", kept, err)
	}
}

// TestCatalogueChangesAPI reviews and decides the corrections from a
// script: the same offers as the page, a refused choice named by its index
// and writing nothing, and a decision that takes one field and keeps
// another.
func TestCatalogueChangesAPI(t *testing.T) {
	ctx := context.Background()
	const slug = "boligsosial-oversikt" // another service than the page test's: decisions are kept
	rissa := municipality(t, "1624")
	st := shared.app.DB.Catalogue()
	orig, err := st.ServiceBySlug(ctx, rissa.CollaborationID, slug)
	if err != nil {
		t.Fatal(err)
	}
	sys := domain.SystemPrincipal(rissa.CollaborationID)
	edited := orig
	edited.NameNB, edited.Notes = "Boligsosial oversikt (API)", "Merknad fra API"
	if edited, err = shared.app.Catalogue.UpdateService(ctx, sys, edited); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cur, err := st.ServiceBySlug(ctx, rissa.CollaborationID, slug); err == nil {
			orig.Version = cur.Version
			_, _ = shared.app.Catalogue.UpdateService(ctx, sys, orig)
		}
	})

	lead := login(t, "programleder@fosen.example")
	res, body := lead.get("/api/v1/catalogue/changes")
	var review struct {
		Version string `json:"version"`
		Offers  []struct {
			Service struct {
				Slug    string `json:"slug"`
				Version int    `json:"version"`
			} `json:"service"`
			Fields []catalogue.FieldOffer `json:"fields"`
		} `json:"offers"`
	}
	if res.StatusCode != 200 || json.Unmarshal([]byte(body), &review) != nil || review.Version == "" {
		t.Fatalf("GET: status %d, %s", res.StatusCode, body)
	}
	var fields []string
	for _, o := range review.Offers {
		if o.Service.Slug == slug && o.Service.Version == edited.Version {
			for _, f := range o.Fields {
				fields = append(fields, f.Field+"="+f.Old+"→"+f.New)
			}
		}
	}
	if want := []string{"name_nb=Boligsosial oversikt (API)→" + orig.NameNB, "notes=Merknad fra API→" + orig.Notes}; strings.Join(fields, "|") != strings.Join(want, "|") {
		t.Fatalf("offered %q, want %q", fields, want)
	}

	v := strconv.Itoa(edited.Version)
	res, body = lead.send("POST", "/api/v1/catalogue/changes", "application/json",
		`{"changes":[{"slug":"`+slug+`","version":`+v+`,"field":"notes","accept":false},{"slug":"`+slug+`","version":`+v+`,"field":"area","accept":true}]}`)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `"changes[1]"`) {
		t.Fatalf("a field not offered: status %d, %s; want 422 naming changes[1]", res.StatusCode, body)
	}
	kept, err := st.CatalogueDecisions(ctx, rissa.CollaborationID)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range kept {
		if d.Slug == slug {
			t.Fatalf("a refused decision kept %v", d)
		}
	}
	res, body = lead.send("POST", "/api/v1/catalogue/changes", "application/json",
		`{"changes":[{"slug":"`+slug+`","version":`+v+`,"field":"notes","accept":false},{"slug":"`+slug+`","version":`+v+`,"field":"name_nb","accept":true}]}`)
	if res.StatusCode != 200 || !strings.Contains(body, `"accepted": 1`) || !strings.Contains(body, `"kept": 1`) {
		t.Fatalf("decide: status %d, %s", res.StatusCode, body)
	}
	after, err := st.ServiceBySlug(ctx, rissa.CollaborationID, slug)
	if err != nil || after.NameNB != orig.NameNB || after.Notes != "Merknad fra API" {
		t.Errorf("after the decision: name %q, notes %q (%v)", after.NameNB, after.Notes, err)
	}
	if res, _ := login(t, "koordinator.rissa@fosen.example").get("/api/v1/catalogue/changes"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a coordinator reads the review: status %d", res.StatusCode)
	}
}
