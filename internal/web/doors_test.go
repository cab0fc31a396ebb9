package web_test

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
)

// The tests of this file pin issue 11's "every input parsed and checked
// once, in the domain, whichever door": the same bad input sent through a
// form and through the API is refused with the same field errors (the API
// names them by JSON path, the form by its own field names), in the
// user's language, and nothing is stored.

// summaryItem is one line of a refused form's error summary.
var summaryItem = regexp.MustCompile(`<li><a href="#f-([^"]+)">([^<]*)</a></li>`)

// formErrors reads a refused form's errors by field from its summary:
// "label: message" per field.
func formErrors(body string) map[string]string {
	out := map[string]string{}
	for _, m := range summaryItem.FindAllStringSubmatch(body, -1) {
		field, err := url.PathUnescape(m[1])
		if err != nil {
			field = m[1]
		}
		out[field] = html.UnescapeString(m[2])
	}
	return out
}

// apiErrors reads the field errors of an API error body.
func apiErrors(t *testing.T, body string) map[string]string {
	t.Helper()
	var e struct {
		Error  string            `json:"error"`
		Fields map[string]string `json:"fields"`
	}
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("API error body: %v\n%s", err, body)
	}
	if e.Error != "invalid" {
		t.Errorf("API error kind %q, want invalid", e.Error)
	}
	return e.Fields
}

// doorCase is one bad input through both doors. fields maps each JSON path
// the API must name to the form field that must show the same error.
// same says the two doors give the very same message; where the form's
// notation cannot say what the JSON says (a line break in a law is a
// separator in the form) only the fields must agree.
type doorCase struct {
	name   string
	form   func(url.Values)
	api    func(map[string]any)
	fields map[string]string
	same   bool
	nb     string // a message the nb answer must hold, on every field of the case
}

// sameErrors checks that the form and the API refused on the same fields.
func sameErrors(t *testing.T, tc doorCase, form, api map[string]string) {
	t.Helper()
	wantForm := map[string]bool{}
	for path, field := range tc.fields {
		wantForm[field] = true
		msg, ok := api[path]
		if !ok {
			t.Errorf("API names no error at %s: %v", path, api)
			continue
		}
		got, ok := form[field]
		switch {
		case !ok:
			t.Errorf("form shows no error at %s: %v", field, form)
		case !strings.HasSuffix(got, ": "+msg) && !strings.Contains(got, ": "+msg+" ") && tc.same:
			t.Errorf("%s: form says %q, API (%s) %q", field, got, path, msg)
		}
		if tc.nb != "" && !strings.Contains(msg, tc.nb) {
			t.Errorf("API %s says %q, want %q", path, msg, tc.nb)
		}
	}
	if len(api) != len(tc.fields) {
		t.Errorf("API fields %v, want %v", api, tc.fields)
	}
	for f := range form {
		if !wantForm[f] {
			t.Errorf("form shows an error at %s too: %q", f, form[f])
		}
	}
}

// serviceForm is the service form as the edit page fills it for s.
func serviceForm(s catalogue.Service) url.Values {
	mandated := ""
	if s.Mandated {
		mandated = "yes"
	}
	return url.Values{"slug": {s.Slug}, "name_nb": {s.NameNB}, "name_en": {s.NameEN}, "description_nb": {s.Description},
		"area": {s.Area}, "kostra_function": {s.KostraFunction}, "mandated": {mandated},
		"legal_basis": {catalogue.FormatLegalBasis(s.LegalBasis)}, "target_group": {s.TargetGroup},
		"life_event": {s.LifeEvent}, "notes": {s.Notes}, "version": {strconv.Itoa(s.Version)}}
}

func legal(refs ...[2]string) []any {
	out := make([]any, len(refs))
	for i, r := range refs {
		out[i] = map[string]any{"law": r[0], "section": r[1]}
	}
	return out
}

var serviceCases = []doorCase{
	{name: "law with a line break",
		form:   func(v url.Values) { v.Set("legal_basis", "Plan- og\nbygningsloven § 20-1") },
		api:    func(m map[string]any) { m["legal_basis"] = legal([2]string{"Plan- og\nbygningsloven", "20-1"}) },
		fields: map[string]string{"legal_basis[0].law": "legal_basis"}},
	{name: "law with a semicolon",
		form:   func(v url.Values) { v.Set("legal_basis", "Plan- og; bygningsloven § 20-1") },
		api:    func(m map[string]any) { m["legal_basis"] = legal([2]string{"Plan- og; bygningsloven", "20-1"}) },
		fields: map[string]string{"legal_basis[0].law": "legal_basis"}},
	{name: "empty legal reference",
		form: func(v url.Values) { v.Set("legal_basis", "Plan- og bygningsloven § 20-1; ; Forvaltningsloven § 11") },
		api: func(m map[string]any) {
			m["legal_basis"] = legal([2]string{"Plan- og bygningsloven", "20-1"}, [2]string{"", ""}, [2]string{"Forvaltningsloven", "11"})
		},
		fields: map[string]string{"legal_basis[1]": "legal_basis"}, same: true, nb: "Hjemmel nr. 2 er tom."},
	{name: "section sign with nothing after it",
		form:   func(v url.Values) { v.Set("legal_basis", "Forvaltningsloven §") },
		api:    func(m map[string]any) { m["legal_basis"] = legal([2]string{"Forvaltningsloven", ""}) },
		fields: map[string]string{"legal_basis[0].section": "legal_basis"}, same: true, nb: "«Forvaltningsloven» er ikke en hjemmel"},
	{name: "section without a law",
		form:   func(v url.Values) { v.Set("legal_basis", "§ 12") },
		api:    func(m map[string]any) { m["legal_basis"] = legal([2]string{"", "12"}) },
		fields: map[string]string{"legal_basis[0].law": "legal_basis"}, same: true, nb: "«§ 12» er ikke en hjemmel"},
	{name: "section that is not one",
		form:   func(v url.Values) { v.Set("legal_basis", "Forvaltningsloven § tolv") },
		api:    func(m map[string]any) { m["legal_basis"] = legal([2]string{"Forvaltningsloven", "tolv"}) },
		fields: map[string]string{"legal_basis[0].section": "legal_basis"}, same: true},
	{name: "every wrong field at once",
		form: func(v url.Values) {
			v.Set("description_nb", strings.Repeat("x", 4001))
			v.Set("kostra_function", "30")
			v.Set("legal_basis", "Forvaltningsloven §")
		},
		api: func(m map[string]any) {
			m["description"] = strings.Repeat("x", 4001)
			m["kostra_function"] = "30"
			m["legal_basis"] = legal([2]string{"Forvaltningsloven", ""})
		},
		fields: map[string]string{"description": "description_nb", "kostra_function": "kostra_function", "legal_basis[0].section": "legal_basis"},
		same:   true},
}

// TestServiceBadInputThroughEveryDoor sends each bad service through the
// edit form, the new-service form, PUT and POST of the API.
func TestServiceBadInputThroughEveryDoor(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	const slug = "byggesak-ettrinns"
	read := func() (catalogue.Service, string) {
		t.Helper()
		res, body := c.get("/api/v1/services/" + slug)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("read: status %d", res.StatusCode)
		}
		var v struct {
			Service catalogue.Service `json:"service"`
		}
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Fatal(err)
		}
		return v.Service, body
	}
	before, stored := read()
	asJSON := func(s catalogue.Service) map[string]any {
		b, _ := json.Marshal(s)
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		delete(m, "id")
		delete(m, "updated_at")
		return m
	}
	fresh := before
	fresh.Slug, fresh.Version = "ny-tjeneste-dorer", 0
	for _, tc := range serviceCases {
		t.Run(tc.name, func(t *testing.T) {
			// Update: the edit form and PUT.
			form := serviceForm(before)
			tc.form(form)
			res, body := c.post("/services/"+slug, form)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("form: status %d, want 422", res.StatusCode)
			}
			formErrs := formErrors(body)
			in := asJSON(before)
			tc.api(in)
			b, _ := json.Marshal(in)
			res, body = c.send(http.MethodPut, "/api/v1/services/"+slug, "application/json", string(b))
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("API: status %d, want 422\n%s", res.StatusCode, body)
			}
			sameErrors(t, tc, formErrs, apiErrors(t, body))
			if _, now := read(); now != stored {
				t.Fatal("a refused update changed the service")
			}

			// Create: the new-service form and POST.
			form = serviceForm(fresh)
			tc.form(form)
			res, body = c.post("/services", form)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("new form: status %d, want 422", res.StatusCode)
			}
			formErrs = formErrors(body)
			in = asJSON(fresh)
			tc.api(in)
			b, _ = json.Marshal(in)
			res, body = c.send(http.MethodPost, "/api/v1/services", "application/json", string(b))
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("API create: status %d, want 422\n%s", res.StatusCode, body)
			}
			sameErrors(t, tc, formErrs, apiErrors(t, body))
			if res, _ := c.get("/api/v1/services/" + fresh.Slug); res.StatusCode != http.StatusNotFound {
				t.Fatalf("a refused service was created: status %d", res.StatusCode)
			}
		})
	}
}

var factsCases = []doorCase{
	{name: "nan",
		form:   func(v url.Values) { v.Set("employee_minutes", "nan") },
		api:    func(m map[string]any) { m["employee_minutes"] = "nan" },
		fields: map[string]string{"employee_minutes": "employee_minutes"}, same: true, nb: "Skriv et tall, f.eks. 12,5."},
	{name: "inf",
		form:   func(v url.Values) { v.Set("citizen_minutes", "inf") },
		api:    func(m map[string]any) { m["citizen_minutes"] = "inf" },
		fields: map[string]string{"citizen_minutes": "citizen_minutes"}, same: true, nb: "Skriv et tall"},
	{name: "1e400",
		form:   func(v url.Values) { v.Set("hourly_cost", "1e400") },
		api:    func(m map[string]any) { m["hourly_cost"] = json.RawMessage("1e400") },
		fields: map[string]string{"hourly_cost": "hourly_cost"}, same: true, nb: "Tallet er utenfor gyldig område."},
	{name: "12,5,3",
		form:   func(v url.Values) { v.Set("employee_minutes", "12,5,3") },
		api:    func(m map[string]any) { m["employee_minutes"] = "12,5,3" },
		fields: map[string]string{"employee_minutes": "employee_minutes"}, same: true},
	{name: "fraction of a case",
		form:   func(v url.Values) { v.Set("annual_cases", "12,5") },
		api:    func(m map[string]any) { m["annual_cases"] = 12.5 },
		fields: map[string]string{"annual_cases": "annual_cases"}, same: true, nb: "Skriv et heltall."},
	{name: "whole number out of range",
		form:   func(v url.Values) { v.Set("annual_cases", "9223372036854775808") },
		api:    func(m map[string]any) { m["annual_cases"] = json.RawMessage("9223372036854775808") },
		fields: map[string]string{"annual_cases": "annual_cases"}, same: true},
	{name: "share above 100",
		form: func(v url.Values) {
			v.Set("share_paper", "120")
			v.Del("share_email")
			v.Del("share_phone")
			v.Del("share_digital")
		},
		api:    func(m map[string]any) { m["channels"] = map[string]any{"paper": 120} },
		fields: map[string]string{"channels.paper": "share_paper", "channels.digital": "share_digital"},
		same:   true},
	{name: "unknown provenance",
		form:   func(v url.Values) { v.Set("maturity", "3"); v.Set("maturity_source", "gjettet") },
		api:    func(m map[string]any) { m["maturity"] = 3; m["provenance"] = map[string]any{"maturity": "gjettet"} },
		fields: map[string]string{"provenance.maturity": "maturity_source"}, same: true},
	{name: "every wrong field at once",
		form: func(v url.Values) {
			v.Set("employee_minutes", "nan")
			v.Set("hourly_cost", "-5")
			v.Set("maturity", "9")
		},
		api:    func(m map[string]any) { m["employee_minutes"] = "nan"; m["hourly_cost"] = -5; m["maturity"] = 9 },
		fields: map[string]string{"employee_minutes": "employee_minutes", "hourly_cost": "hourly_cost", "maturity": "maturity"},
		same:   true},
}

// factsForm is the facts form as the edit page fills it for ms.
func factsForm(ms catalogue.MunicipalService) url.Values {
	f := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	i := func(p *int64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatInt(*p, 10)
	}
	v := url.Values{"offered": {string(ms.Offered)}, "delivered_by": {ms.DeliveredBy}, "annual_cases": {i(ms.AnnualCases)},
		"employee_minutes": {f(ms.EmployeeMinutes)}, "citizen_minutes": {f(ms.CitizenMinutes)}, "hourly_cost": {f(ms.HourlyCost)},
		"maturity": {i(ms.Maturity)}, "share_paper": {f(ms.Channels.Paper)}, "share_email": {f(ms.Channels.Email)},
		"share_phone": {f(ms.Channels.Phone)}, "share_digital": {f(ms.Channels.Digital)}, "systems": {ms.Systems},
		"version": {strconv.Itoa(ms.Version)}}
	for fact, p := range ms.Provenance {
		v.Set(string(fact)+"_source", string(p))
	}
	return v
}

// TestFactsBadInputThroughEveryDoor sends each bad number through the
// facts form and PUT /api/v1/services/{slug}/facts/{municipality}.
func TestFactsBadInputThroughEveryDoor(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	const slug = "byggesak-ettrinns"
	var mu catalogue.Municipality
	read := func() (catalogue.MunicipalService, string) {
		t.Helper()
		res, body := c.get("/api/v1/services/" + slug + "/facts")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("read: status %d", res.StatusCode)
		}
		var facts []catalogue.MunicipalService
		if err := json.Unmarshal([]byte(body), &facts); err != nil {
			t.Fatal(err)
		}
		if len(facts) == 0 {
			t.Fatalf("no facts about %s", slug)
		}
		return facts[0], body
	}
	before, stored := read()
	mu.ID = before.MunicipalityID
	for _, tc := range factsCases {
		t.Run(tc.name, func(t *testing.T) {
			form := factsForm(before)
			tc.form(form)
			res, body := c.post("/services/"+slug+"/facts/"+idOf(mu), form)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("form: status %d, want 422", res.StatusCode)
			}
			formErrs := formErrors(body)
			b, _ := json.Marshal(before)
			var in map[string]any
			_ = json.Unmarshal(b, &in)
			for _, k := range []string{"id", "service_id", "municipality_id", "updated_at", "responsible_user_id"} {
				delete(in, k)
			}
			tc.api(in)
			b, _ = json.Marshal(in)
			res, body = c.send(http.MethodPut, "/api/v1/services/"+slug+"/facts/"+idOf(mu), "application/json", string(b))
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("API: status %d, want 422\n%s", res.StatusCode, body)
			}
			sameErrors(t, tc, formErrs, apiErrors(t, body))
			if _, now := read(); now != stored {
				t.Fatal("refused facts were stored")
			}
		})
	}
}

// TestBadInputInEnglish checks that both doors answer in the user's
// language.
func TestBadInputInEnglish(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	c.post("/lang", url.Values{"lang": {"en"}})
	defer c.post("/lang", url.Values{"lang": {"nb"}})
	const slug = "byggesak-ettrinns"
	mu := municipality(t, "5054")
	res, body := c.post("/services/"+slug+"/facts/"+idOf(mu), url.Values{"offered": {"yes"}, "employee_minutes": {"nan"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(formErrors(body)["employee_minutes"], "Enter a number, e.g. 12.5.") {
		t.Errorf("form: status %d, errors %v", res.StatusCode, formErrors(body))
	}
	res, body = c.send(http.MethodPut, "/api/v1/services/"+slug+"/facts/"+idOf(mu), "application/json",
		`{"offered":"yes","employee_minutes":"nan"}`)
	if res.StatusCode != http.StatusUnprocessableEntity || apiErrors(t, body)["employee_minutes"] != "Enter a number, e.g. 12.5." {
		t.Errorf("API: status %d, %s", res.StatusCode, body)
	}
	res, body = c.send(http.MethodPut, "/api/v1/services/"+slug, "application/json",
		`{"slug":"`+slug+`","name_nb":"Byggesak","area":"plan-bygg","kostra_function":"302","target_group":"innbygger","legal_basis":[{"law":"","section":""}]}`)
	if res.StatusCode != http.StatusUnprocessableEntity || apiErrors(t, body)["legal_basis[0]"] != "Legal reference no. 1 is empty." {
		t.Errorf("API: status %d, %s", res.StatusCode, body)
	}
}

// rangeField writes a range as the benefit form's field holds it.
func rangeField(r benefit.Range) string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	if r.Low == r.Likely && r.Likely == r.High {
		return f(r.Likely)
	}
	return f(r.Low) + "/" + f(r.Likely) + "/" + f(r.High)
}

// benefitForm is the benefit form as the page fills it for c.
func benefitForm(c benefit.Case, version int) url.Values {
	v := url.Values{"version": {strconv.Itoa(version)}, "name": {c.Name},
		"settings.years": {strconv.Itoa(c.Settings.Years)}, "settings.discount_rate": {strconv.FormatFloat(c.Settings.DiscountRate*100, 'f', -1, 64)},
		"settings.price_year": {strconv.Itoa(c.Settings.PriceYear)}, "settings.citizen_hour_value": {rangeField(c.Settings.CitizenHourValue)}}
	for i, m := range c.Municipalities {
		p := fmt.Sprintf("municipalities[%d].", i)
		v.Set(p+"cases", rangeField(m.Cases))
		v.Set(p+"hourly_cost", rangeField(m.HourlyCost))
		v.Set(p+"minutes_saved", rangeField(m.MinutesSaved))
		v.Set(p+"citizen_minutes_saved", rangeField(m.CitizenMinutesSaved))
	}
	for i, g := range c.Gains {
		p := fmt.Sprintf("gains[%d].", i)
		v.Set(p+"id", g.ID)
		v.Set(p+"name", g.Name)
		v.Set(p+"kind", g.Kind)
		v.Set(p+"class", g.Class)
		v.Set(p+"annual", rangeField(g.Annual))
		v.Set(p+"score", strconv.Itoa(g.Score))
		if g.FreedForOtherUse {
			v.Set(p+"freed", "on")
		}
	}
	for i, k := range c.Costs {
		p := fmt.Sprintf("costs[%d].", i)
		v.Set(p+"id", k.ID)
		v.Set(p+"name", k.Name)
		v.Set(p+"kind", k.Kind)
		v.Set(p+"amount", rangeField(k.Amount))
		v.Set(p+"hours", rangeField(k.Hours))
		v.Set(p+"year", strconv.Itoa(k.Year))
	}
	var uptake []string
	for _, u := range c.Uptake {
		uptake = append(uptake, rangeField(benefit.Range{Low: u.Low * 100, Likely: u.Likely * 100, High: u.High * 100}))
	}
	v.Set("uptake", strings.Join(uptake, ";"))
	return v
}

// benefitCases change the benefit case through both doors. The API's JSON
// cannot carry the texts a form field can ("nan", "12,5,3"), and benefit's
// own JSON reader reports a range that is not one for the whole body; the
// cases here are those both doors can say.
var benefitCases = []struct {
	name   string
	form   func(url.Values)
	api    func(*benefit.Case)
	fields []string
}{
	{"too many years", func(v url.Values) { v.Set("settings.years", "51") }, func(c *benefit.Case) { c.Settings.Years = 51 }, []string{"settings.years"}},
	{"discount rate of 20 %", func(v url.Values) { v.Set("settings.discount_rate", "20") },
		func(c *benefit.Case) { c.Settings.DiscountRate = 0.2 }, []string{"settings.discount_rate"}},
	{"range out of order", func(v url.Values) { v.Set("municipalities[0].cases", "200/100/50") },
		func(c *benefit.Case) { c.Municipalities[0].Cases = benefit.Range{Low: 200, Likely: 100, High: 50} }, []string{"municipalities[0].cases"}},
	{"negative hourly cost", func(v url.Values) { v.Set("municipalities[0].hourly_cost", "−700") },
		func(c *benefit.Case) { c.Municipalities[0].HourlyCost = benefit.Exact(-700) }, []string{"municipalities[0].hourly_cost"}},
	{"amount beyond every budget", func(v url.Values) { v.Set("settings.citizen_hour_value", "1e300") },
		func(c *benefit.Case) { c.Settings.CitizenHourValue = benefit.Exact(1e300) }, []string{"settings.citizen_hour_value"}},
}

// TestBenefitBadInputThroughEveryDoor sends each bad case through the
// benefit form and PUT /api/v1/services/{slug}/benefit.
func TestBenefitBadInputThroughEveryDoor(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	const slug = "byggesak-ettrinns"
	read := func() (benefit.Case, int, string) {
		t.Helper()
		res, body := c.get("/api/v1/services/" + slug + "/benefit")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("read: status %d", res.StatusCode)
		}
		var v struct {
			Version int          `json:"version"`
			Case    benefit.Case `json:"case"`
		}
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Fatal(err)
		}
		return v.Case, v.Version, body
	}
	before, version, stored := read()
	if len(before.Municipalities) == 0 {
		t.Fatal("the case has no municipalities")
	}
	for _, tc := range benefitCases {
		t.Run(tc.name, func(t *testing.T) {
			form := benefitForm(before, version)
			tc.form(form)
			res, body := c.post("/services/"+slug+"/benefit", form)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("form: status %d, want 422", res.StatusCode)
			}
			formErrs := formErrors(body)
			in := before
			in.Municipalities = slices.Clone(before.Municipalities)
			tc.api(&in)
			b, _ := json.Marshal(map[string]any{"version": version, "case": in})
			res, body = c.send(http.MethodPut, "/api/v1/services/"+slug+"/benefit", "application/json", string(b))
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("API: status %d, want 422\n%s", res.StatusCode, body)
			}
			fields := map[string]string{}
			for _, f := range tc.fields {
				fields[f] = f
			}
			sameErrors(t, doorCase{fields: fields, same: true}, formErrs, apiErrors(t, body))
			if _, _, now := read(); now != stored {
				t.Fatal("a refused case was stored")
			}
		})
	}
}

// TestBenefitFormShowsEveryError checks that a number the benefit form
// cannot read ("nan", "1e400", "12,5,3") is refused together with what the
// case's own checks say about the other fields, and nothing is stored.
func TestBenefitFormShowsEveryError(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	const slug = "byggesak-ettrinns"
	res, stored := c.get("/api/v1/services/" + slug + "/benefit")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("read: status %d", res.StatusCode)
	}
	var v struct {
		Version int          `json:"version"`
		Case    benefit.Case `json:"case"`
	}
	if err := json.Unmarshal([]byte(stored), &v); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"nan", "inf", "1e400", "12,5,3"} {
		form := benefitForm(v.Case, v.Version)
		form.Set("municipalities[0].cases", bad)
		form.Set("settings.years", "51")
		res, body := c.post("/services/"+slug+"/benefit", form)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%s: status %d, want 422", bad, res.StatusCode)
		}
		errs := formErrors(body)
		if !strings.Contains(errs["municipalities[0].cases"], "Skriv ett tall eller tre tall") || errs["settings.years"] == "" || len(errs) != 2 {
			t.Errorf("%s: errors %v", bad, errs)
		}
	}
	if _, now := c.get("/api/v1/services/" + slug + "/benefit"); now != stored {
		t.Fatal("a refused case was stored")
	}
}

// TestAPINamesEveryWrongField checks that a value of the wrong type does
// not hide the other wrong fields, and is not blamed twice.
func TestAPINamesEveryWrongField(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	res, body := c.send(http.MethodPost, "/api/v1/services", "application/json",
		`{"slug":"alle-feil","name_nb":"Alle feil","description":"`+strings.Repeat("x", 4001)+`","area":"plan-bygg","kostra_function":302,"target_group":"innbygger","legal_basis":[{"law":"Lov","section":""}]}`)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d\n%s", res.StatusCode, body)
	}
	errs := apiErrors(t, body)
	if len(errs) != 3 || !strings.HasPrefix(errs["kostra_function"], "Feil type") || errs["description"] != "Høyst 4000 tegn." ||
		errs["legal_basis[0].section"] == "" {
		t.Errorf("fields %v", errs)
	}
	if res, _ := c.get("/api/v1/services/alle-feil"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a refused service was created: status %d", res.StatusCode)
	}
}
