package web

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

func TestPriorityCriteriaPage(t *testing.T) {
	e := newSetupEnv(t)
	lead := e.login(t, "programleder@fosen.example")
	st, body := lead.get("/priority/criteria")
	if st != 200 {
		t.Fatalf("criteria: %d %.500s", st, body)
	}
	if n := strings.Count(body, `<tr id="c-`); n != 7 {
		t.Errorf("%d criteria rows, want the 7 defaults", n)
	}
	list, err := e.pri.Criteria(context.Background(), domain.SystemPrincipal(e.collab))
	if err != nil {
		t.Fatal(err)
	}
	c := list[len(list)-1]
	id := strconv.FormatInt(c.ID, 10)
	st, body = lead.get("/priority/criteria?edit=" + id)
	if st != 200 || !strings.Contains(body, `action="/priority/criteria/`+id+`"`) {
		t.Fatalf("edit form: %d", st)
	}
	form := url.Values{"name": {""}, "name_en": {c.NameEN}, "description": {c.Description}, "direction": {string(c.Direction)},
		"active": {"1"}, "order": {strconv.Itoa(c.Order)}, "version": {strconv.Itoa(c.Version)}}
	st, body = lead.post("/priority/criteria/"+id, form)
	if st != 422 {
		t.Fatalf("empty name: %d", st)
	}
	wantIn(t, body, `id="f-name"`, `aria-invalid="true"`, `href="#f-name"`, "Må fylles ut.")
	form.Set("name", c.Name)
	form.Set("order", "sju")
	if st, body = lead.post("/priority/criteria/"+id, form); st != 422 || !strings.Contains(body, "Skriv et heltall.") {
		t.Errorf("order «sju»: %d", st)
	}
	form.Set("order", strconv.Itoa(c.Order))
	form.Set("version", "999")
	if st, body = lead.post("/priority/criteria/"+id, form); st != 409 {
		t.Fatalf("stale: %d", st)
	}
	if !strings.Contains(body, `name="version" value="`+strconv.Itoa(c.Version)+`"`) {
		t.Error("the stale form does not carry the stored version")
	}
	form.Set("version", strconv.Itoa(c.Version))
	form.Set("description", c.Description+" (endret)")
	if st, body = lead.post("/priority/criteria/"+id, form); st != 303 || !strings.Contains(body, "(endret)") {
		t.Errorf("save: %d", st)
	}
	coord := e.login(t, "koordinator.rissa@fosen.example")
	if st, _ := coord.post("/priority/criteria/"+id, form); st != 403 {
		t.Errorf("coordinator saves a criterion: %d, want 403", st)
	}
	if st, body := coord.get("/priority/criteria?edit=" + id); st != 200 || strings.Contains(body, `action="/priority/criteria/`) {
		t.Errorf("coordinator: %d, or a form is shown", st)
	}
}
