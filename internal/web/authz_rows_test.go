package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
	"github.com/tjenestevalg/tjenestevalg/internal/demo"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// The row rule of issue 12, item 5, row by row: a municipality's row of a
// shared artefact (a benefit case's row, an as-is process, facts) is
// changed by its coordinator, its responsible subject-matter owner or the
// programme lead; the shared artefacts (the case's shared parts, to-be and
// adapted processes, obstacles, requirements, the realisation plan, the
// roadmap) by the programme lead. The rows use barnehageplass-opptak, whose
// benefit case no other test of this package reads; fag.rissa is its
// responsible subject-matter owner in Rissa.

const rowsSlug = "barnehageplass-opptak"

// rowRoles are the roles the row rule tells apart, with a login each.
var rowRoles = []struct{ role, email string }{
	{"programme lead", "programleder@fosen.example"},
	{"coordinator, own municipality", "koordinator.rissa@fosen.example"},
	{"coordinator, other municipality", "koordinator.osen@fosen.example"},
	{"subject owner, assigned", "fag.rissa@fosen.example"},
	{"subject owner, not assigned", "fag2.rissa@fosen.example"},
	{"leadership", "leder.rissa@fosen.example"},
	{"observer", "observator@fosen.example"},
}

// Who may change what, in the terms of rowRoles ("own" is Rissa).
var (
	rissaRow  = []string{"programme lead", "coordinator, own municipality", "subject owner, assigned"}
	osenRow   = []string{"programme lead", "coordinator, other municipality"}
	sharedArt = []string{"programme lead"}
)

// rowClients logs every role of rowRoles in, creating the subject-matter
// owner of Rissa who is responsible for nothing the first time.
func rowClients(t *testing.T) map[string]*client {
	t.Helper()
	ctx := context.Background()
	c, err := shared.app.DB.Catalogue().CollaborationBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	sys := domain.SystemPrincipal(c.ID)
	if _, err := shared.app.Accounts.UserByEmail(ctx, sys, "fag2.rissa@fosen.example"); domain.KindOf(err) == domain.KindNotFound {
		if _, err := shared.app.Accounts.CreateUser(ctx, sys, account.NewUser{Email: "fag2.rissa@fosen.example", Name: "Fagansvarlig 2 Rissa",
			Password: demo.Password, Grants: []domain.Grant{{Role: domain.RoleSubjectOwner, MunicipalityID: municipality(t, "1624").ID}}}); err != nil {
			t.Fatal(err)
		}
	} else if err != nil {
		t.Fatal(err)
	}
	out := map[string]*client{}
	for _, r := range rowRoles {
		out[r.role] = login(t, r.email)
	}
	return out
}

// storedBenefit reads the case as the API gives it.
func storedBenefit(t *testing.T, c *client) (int, benefit.Case) {
	t.Helper()
	res, body := c.get("/api/v1/services/" + rowsSlug + "/benefit")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("read the case: %d %s", res.StatusCode, body)
	}
	var out struct {
		Stored  bool         `json:"stored"`
		Version int          `json:"version"`
		Case    benefit.Case `json:"case"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	if !out.Stored {
		t.Fatal("the demo has no stored case for " + rowsSlug)
	}
	return out.Version, out.Case
}

// rowIndex is the index of the case's row of the municipality numbered number.
func rowIndex(t *testing.T, c benefit.Case, number string) int {
	t.Helper()
	i := slices.IndexFunc(c.Municipalities, func(in benefit.MunicipalityInput) bool { return in.Municipality == number })
	if i < 0 {
		t.Fatalf("the case has no row of %s", number)
	}
	return i
}

// putBenefit sends a case through the API.
func putBenefit(c *client, version int, bc benefit.Case) (*http.Response, string) {
	b, _ := json.Marshal(map[string]any{"version": version, "case": bc})
	return c.send(http.MethodPut, "/api/v1/services/"+rowsSlug+"/benefit", "application/json", string(b))
}

// benefitChanges are the changes the row tests make to the case, each
// with the form field it is typed in and who may make it.
var benefitChanges = []struct {
	name    string
	field   func(t *testing.T, c benefit.Case) string
	value   string
	change  func(t *testing.T, c *benefit.Case)
	allowed []string
}{
	{"Rissa's hourly cost",
		func(t *testing.T, c benefit.Case) string {
			return "municipalities[" + strconv.Itoa(rowIndex(t, c, "1624")) + "].hourly_cost"
		}, "9999",
		func(t *testing.T, c *benefit.Case) {
			c.Municipalities[rowIndex(t, *c, "1624")].HourlyCost = benefit.Exact(9999)
		},
		rissaRow},
	// The probe of the issue: Rissa's coordinator set Osen's hourly cost.
	{"Osen's hourly cost",
		func(t *testing.T, c benefit.Case) string {
			return "municipalities[" + strconv.Itoa(rowIndex(t, c, "1633")) + "].hourly_cost"
		}, "9999",
		func(t *testing.T, c *benefit.Case) {
			c.Municipalities[rowIndex(t, *c, "1633")].HourlyCost = benefit.Exact(9999)
		},
		osenRow},
	{"the discount rate (shared)",
		func(*testing.T, benefit.Case) string { return "settings.discount_rate" }, "7",
		func(_ *testing.T, c *benefit.Case) { c.Settings.DiscountRate = 0.07 },
		sharedArt},
}

// TestBenefitRowsAPI changes each row and a shared part of a case through
// the API as every role: allowed changes are stored (and put back), the
// others are 403 with nothing stored, the probe's message naming Osen.
func TestBenefitRowsAPI(t *testing.T) {
	clients := rowClients(t)
	lead := clients["programme lead"]
	for _, ch := range benefitChanges {
		for _, r := range rowRoles {
			t.Run(ch.name+"/"+r.role, func(t *testing.T) {
				c := clients[r.role]
				c.t, lead.t = t, t
				version, bc := storedBenefit(t, lead)
				changed := bc
				changed.Municipalities = slices.Clone(bc.Municipalities)
				ch.change(t, &changed)
				res, body := putBenefit(c, version, changed)
				if slices.Contains(ch.allowed, r.role) {
					if res.StatusCode != http.StatusOK {
						t.Fatalf("status %d, want 200 (allowed): %.300s", res.StatusCode, body)
					}
					if res, body := putBenefit(lead, version+1, bc); res.StatusCode != http.StatusOK {
						t.Fatalf("putting the case back: %d %.300s", res.StatusCode, body)
					}
					return
				}
				if res.StatusCode != http.StatusForbidden {
					t.Fatalf("status %d, want 403 (denied): %.300s", res.StatusCode, body)
				}
				if ch.name == "Osen's hourly cost" && r.role == "coordinator, own municipality" && !strings.Contains(body, "Osen") {
					t.Errorf("the refusal does not name Osen: %s", body)
				}
				if after, _ := storedBenefit(t, lead); after != version {
					t.Errorf("a refused save stored version %d (was %d)", after, version)
				}
			})
		}
	}
}

// TestBenefitRowsForm makes the same changes through the page's form, as
// a browser submits it: every field as the page wrote it, one changed. An
// unchanged rest of the form is no change, so a coordinator's save of the
// own row goes through.
func TestBenefitRowsForm(t *testing.T) {
	clients := rowClients(t)
	lead := clients["programme lead"]
	path := "/services/" + rowsSlug + "/benefit"
	for _, ch := range benefitChanges {
		for _, r := range rowRoles {
			t.Run(ch.name+"/"+r.role, func(t *testing.T) {
				c := clients[r.role]
				c.t, lead.t = t, t
				version, bc := storedBenefit(t, lead)
				_, page := c.get(path)
				form := formFields(t, page, path)
				if form.Get("version") != strconv.Itoa(version) {
					t.Fatalf("the form is at version %q, want %d", form.Get("version"), version)
				}
				form.Set(ch.field(t, bc), ch.value)
				res, body := c.post(path, form)
				if slices.Contains(ch.allowed, r.role) {
					if res.StatusCode != http.StatusSeeOther {
						t.Fatalf("status %d, want 303 (allowed): %s", res.StatusCode, excerpt(body, "flash"))
					}
					if res, body := putBenefit(lead, version+1, bc); res.StatusCode != http.StatusOK {
						t.Fatalf("putting the case back: %d %.300s", res.StatusCode, body)
					}
					return
				}
				if res.StatusCode != http.StatusForbidden {
					t.Fatalf("status %d, want 403 (denied): %s", res.StatusCode, excerpt(body, "main"))
				}
				if after, _ := storedBenefit(t, lead); after != version {
					t.Errorf("a refused save stored version %d (was %d)", after, version)
				}
			})
		}
	}
}

// TestRowRuleMatrix sends a change of every other artefact kind as every
// role the row rule tells apart. Each change is refused as invalid (422)
// when allowed, so the demo stays as it was; denied, it is 403 before its
// input is looked at.
func TestRowRuleMatrix(t *testing.T) {
	clients := rowClients(t)
	rissa := idOf(municipality(t, "1624"))
	osen := idOf(municipality(t, "1633"))
	svc := "/services/" + rowsSlug
	for _, a := range []struct {
		artefact, path, body string
		allowed              []string
	}{
		{"facts, Rissa", svc + "/facts/" + rissa, "offered=yes&employee_minutes=abc", rissaRow},
		{"facts, Osen", svc + "/facts/" + osen, "offered=yes&employee_minutes=abc", osenRow},
		{"as-is process, Rissa", svc + "/processes/editor", "target=as-is:" + rissa + ":0&xml=", rissaRow},
		{"as-is process, Osen", svc + "/processes/editor", "target=as-is:" + osen + ":0&xml=", osenRow},
		{"to-be process", svc + "/processes/editor", "target=to-be:0:0&xml=", sharedArt},
		{"adapted process", svc + "/processes/editor", "target=adapted:0:0&xml=", sharedArt},
		{"obstacle", svc + "/obstacles", "category=law", sharedArt},
		{"requirement", svc + "/requirements", "text=", sharedArt},
		{"realisation plan indicator", "/services/byggesak-ettrinns/plan/indicators", "name=", sharedArt},
		{"roadmap item", "/roadmap/items", "name=X&cost=mye", sharedArt},
		{"roadmap scenario", "/roadmap/scenarios/s1", "name=X&first_year=2027&horizon=tolv&discount_rate=4", sharedArt},
	} {
		for _, r := range rowRoles {
			t.Run(a.artefact+"/"+r.role, func(t *testing.T) {
				c := clients[r.role]
				c.t = t
				form, _ := url.ParseQuery(a.body)
				res, body := c.post(a.path, form)
				want := http.StatusForbidden
				if slices.Contains(a.allowed, r.role) {
					want = http.StatusUnprocessableEntity
				}
				if res.StatusCode != want {
					t.Errorf("status %d, want %d: %.300s", res.StatusCode, want, body)
				}
			})
		}
	}
}

// formFields returns what a browser submits of the page's form whose
// action is action: text and hidden inputs, checked boxes, each select's
// chosen option, text areas.
func formFields(t *testing.T, page, action string) url.Values {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	attr := func(n *html.Node, name string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == name {
				return a.Val, true
			}
		}
		return "", false
	}
	var form *html.Node
	var find func(*html.Node)
	find = func(n *html.Node) {
		if form != nil {
			return
		}
		if n.Type == html.ElementNode && n.Data == "form" {
			if a, _ := attr(n, "action"); a == action || strings.HasPrefix(a, action+"/preview") {
				form = n
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	if form == nil {
		t.Fatalf("the page has no form to %s", action)
	}
	out := url.Values{}
	var text func(*html.Node) string
	text = func(n *html.Node) string {
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				b.WriteString(c.Data)
			} else {
				b.WriteString(text(c))
			}
		}
		return b.String()
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			name, named := attr(n, "name")
			switch n.Data {
			case "input":
				typ, _ := attr(n, "type")
				val, _ := attr(n, "value")
				_, checked := attr(n, "checked")
				switch {
				case !named || typ == "submit":
				case typ == "checkbox":
					if checked {
						if val == "" {
							val = "on"
						}
						out.Add(name, val)
					}
				default:
					out.Add(name, val)
				}
			case "textarea":
				if named {
					out.Add(name, text(n))
				}
			case "select":
				if named {
					var first, chosen string
					var have bool
					for o := range n.Descendants() {
						if o.Type != html.ElementNode || o.Data != "option" {
							continue
						}
						v, ok := attr(o, "value")
						if !ok {
							v = text(o)
						}
						if _, sel := attr(o, "selected"); sel && !have {
							chosen, have = v, true
						}
						if first == "" {
							first = v
						}
					}
					if !have {
						chosen = first
					}
					out.Add(name, chosen)
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(form)
	return out
}

// TestBenefitPageSaysWhatMaySave checks that the form offers saving to
// whoever may change some part of the case, and tells a user who may save
// rows only which ones.
func TestBenefitPageSaysWhatMaySave(t *testing.T) {
	clients := rowClients(t)
	for _, r := range rowRoles {
		t.Run(r.role, func(t *testing.T) {
			c := clients[r.role]
			c.t = t
			_, page := c.get("/services/" + rowsSlug + "/benefit")
			save := strings.Contains(page, `action="/services/`+rowsSlug+`/benefit" class="form wide"`)
			hint := excerpt(page, "h-rows-only")
			switch r.role {
			case "programme lead":
				if !save || strings.Contains(page, `id="h-rows-only"`) {
					t.Errorf("save %v, hint %q; want saving without a hint", save, hint)
				}
			case "coordinator, own municipality", "subject owner, assigned":
				if !save || !strings.Contains(hint, "Du kan lagre endringer i raden til Rissa.") {
					t.Errorf("save %v, hint %q; want saving Rissa's row", save, hint)
				}
			case "coordinator, other municipality":
				if !save || !strings.Contains(hint, "raden til Osen.") {
					t.Errorf("save %v, hint %q; want saving Osen's row", save, hint)
				}
			default:
				if save || strings.Contains(page, `id="h-rows-only"`) {
					t.Errorf("save %v for a user who may change nothing", save)
				}
			}
		})
	}
}

// TestAssignedEditorsRows assigns Osen's coordinator to edit the shared
// parts of the service, as the programme lead does on the service page:
// the coordinator then changes the shared artefacts like the programme
// lead, still not Rissa's rows, and the page names the editor.
func TestAssignedEditorsRows(t *testing.T) {
	clients := rowClients(t)
	lead := clients["programme lead"]
	svc := "/services/" + rowsSlug
	osenCoord := strconv.FormatInt(userID(t, "koordinator.osen@fosen.example"), 10)
	if res, body := lead.post(svc+"/editors", url.Values{"editor": {osenCoord}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("assigning: %d %.300s", res.StatusCode, body)
	}
	t.Cleanup(func() {
		lead.t = t
		if res, _ := lead.post(svc+"/editors", url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("removing the assignment: %d", res.StatusCode)
		}
	})
	if _, page := lead.get(svc); !strings.Contains(page, "Har ansvar i tillegg til programlederen: Koordinator Osen.") ||
		!strings.Contains(page, `value="`+osenCoord+`" checked`) {
		t.Errorf("the service page does not show the assignment: %s", excerpt(page, "editors-h"))
	}
	assigned := append(slices.Clone(sharedArt), "coordinator, other municipality")
	rissa := idOf(municipality(t, "1624"))
	for _, a := range []struct {
		artefact, path, body string
		allowed              []string
	}{
		{"to-be process", svc + "/processes/editor", "target=to-be:0:0&xml=", assigned},
		{"obstacle", svc + "/obstacles", "category=law", assigned},
		{"requirement", svc + "/requirements", "text=", assigned},
		{"as-is process, Rissa", svc + "/processes/editor", "target=as-is:" + rissa + ":0&xml=", rissaRow},
		{"roadmap item (no service)", "/roadmap/items", "name=X&cost=mye", sharedArt},
	} {
		for _, r := range rowRoles {
			t.Run(a.artefact+"/"+r.role, func(t *testing.T) {
				c := clients[r.role]
				c.t = t
				form, _ := url.ParseQuery(a.body)
				res, body := c.post(a.path, form)
				want := http.StatusForbidden
				if slices.Contains(a.allowed, r.role) {
					want = http.StatusUnprocessableEntity
				}
				if res.StatusCode != want {
					t.Errorf("status %d, want %d: %.300s", res.StatusCode, want, body)
				}
			})
		}
	}
	// The benefit case: the shared discount rate now, Rissa's row still not.
	c := clients["coordinator, other municipality"]
	for _, ch := range benefitChanges {
		t.Run("benefit/"+ch.name, func(t *testing.T) {
			c.t, lead.t = t, t
			version, bc := storedBenefit(t, lead)
			changed := bc
			changed.Municipalities = slices.Clone(bc.Municipalities)
			ch.change(t, &changed)
			res, body := putBenefit(c, version, changed)
			if ch.name == "Rissa's hourly cost" {
				if res.StatusCode != http.StatusForbidden {
					t.Fatalf("status %d, want 403: %.300s", res.StatusCode, body)
				}
				return
			}
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want 200: %.300s", res.StatusCode, body)
			}
			if res, body := putBenefit(lead, version+1, bc); res.StatusCode != http.StatusOK {
				t.Fatalf("putting the case back: %d %.300s", res.StatusCode, body)
			}
		})
	}
}

// TestAssignedRoadmapEditors assigns Osen's coordinator to the roadmap on
// its page: the coordinator then changes it like the programme lead, and
// the page says so; nobody else gains anything.
func TestAssignedRoadmapEditors(t *testing.T) {
	clients := rowClients(t)
	lead := clients["programme lead"]
	osenCoord := strconv.FormatInt(userID(t, "koordinator.osen@fosen.example"), 10)
	if res, body := lead.post("/roadmap/editors", url.Values{"editor": {osenCoord}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("assigning: %d %.300s", res.StatusCode, body)
	}
	t.Cleanup(func() {
		lead.t = t
		if res, _ := lead.post("/roadmap/editors", url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("removing the assignment: %d", res.StatusCode)
		}
	})
	if _, page := clients["observer"].get("/roadmap"); !strings.Contains(page, "Programlederen endrer det, og i tillegg: Koordinator Osen.") {
		t.Errorf("the roadmap page does not name the editor: %s", excerpt(page, "editors-h"))
	}
	assigned := append(slices.Clone(sharedArt), "coordinator, other municipality")
	for _, r := range rowRoles {
		t.Run(r.role, func(t *testing.T) {
			c := clients[r.role]
			c.t = t
			res, body := c.post("/roadmap/items", url.Values{"name": {"X"}, "cost": {"mye"}})
			want := http.StatusForbidden
			if slices.Contains(assigned, r.role) {
				want = http.StatusUnprocessableEntity
			}
			if res.StatusCode != want {
				t.Errorf("status %d, want %d: %.300s", res.StatusCode, want, body)
			}
		})
	}
}
