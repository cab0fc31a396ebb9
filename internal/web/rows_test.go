package web

import (
	"html/template"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
)

// hostile is a value that breaks out of text and attributes if it is not
// escaped: tags, both quotes, an ampersand that looks like an entity, and
// the end of the cell and row. Each field gets its own, named after it, so
// the test can tell which one leaked.
func hostile(field string) string {
	return field + `<script>alert("x")</script>'"><img src=x onerror=alert(1)>&amp;&lt;</td></tr> ` + field
}

// parsedRows parses a writer's output as the browser would, inside
// parent, and returns the elements, the text and the attribute values.
func parsedRows(t *testing.T, out template.HTML, parent atom.Atom) (elements []string, text string, attrs map[string][]string) {
	t.Helper()
	ctx := &html.Node{Type: html.ElementNode, Data: parent.String(), DataAtom: parent}
	nodes, err := html.ParseFragment(strings.NewReader(string(out)), ctx)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	attrs = map[string][]string{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.ElementNode:
			elements = append(elements, n.Data)
			for _, a := range n.Attr {
				attrs[a.Key] = append(attrs[a.Key], a.Val)
			}
		case html.TextNode:
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return elements, b.String(), attrs
}

// checkRows asserts that out holds only the allowed elements, that every
// hostile text field reads back as text exactly, and that every hostile
// attribute value reads back whole in its attribute.
func checkRows(t *testing.T, out template.HTML, parent atom.Atom, allowed []string, texts []string, inAttr map[string][]string) {
	t.Helper()
	if strings.Contains(strings.ToLower(string(out)), "<script") || strings.Contains(string(out), "<img") {
		t.Errorf("unescaped markup in the output:\n%s", out)
	}
	elements, text, attrs := parsedRows(t, out, parent)
	for _, e := range elements {
		if !slices.Contains(allowed, e) {
			t.Errorf("element <%s> in the output: a value broke out of its text\n%s", e, out)
		}
	}
	for _, want := range texts {
		if !strings.Contains(text, want) {
			t.Errorf("text %q does not read back as text", want)
		}
	}
	for key, wants := range inAttr {
		for _, want := range wants {
			if !slices.ContainsFunc(attrs[key], func(v string) bool { return strings.Contains(v, want) }) {
				t.Errorf("attribute %s does not hold %q whole; has %q", key, want, attrs[key])
			}
		}
	}
	for key := range attrs {
		if strings.HasPrefix(key, "on") || key == "src" {
			t.Errorf("attribute %s in the output: a value broke out of its attribute", key)
		}
	}
}

func TestServiceRowsEscape(t *testing.T) {
	for _, code := range []string{"nb", "en"} {
		l := i18n.Lang(code)
		s := catalogue.ServiceSummary{Service: catalogue.Service{Slug: hostile("slug"), NameNB: hostile("name_nb"),
			NameEN: hostile("name_en"), Area: hostile("area"), KostraFunction: hostile("kostra"), Mandated: true}, Offering: 3}
		name := "name_nb"
		if code == "en" {
			name = "name_en"
		}
		checkRows(t, serviceRows(l, []catalogue.ServiceSummary{s}), atom.Tbody, []string{"tr", "th", "td", "a"},
			[]string{hostile(name), hostile("area"), hostile("kostra")},
			map[string][]string{"href": {"/services/" + hostile("slug")}})
	}
}

func TestMunicipalityOptionsEscape(t *testing.T) {
	list := []catalogue.Municipality{{ID: 1, Name: hostile("first")}, {ID: 2, Name: hostile("second")}}
	checkRows(t, municipalityOptions(list, 2), atom.Select, []string{"option"},
		[]string{hostile("first"), hostile("second")}, nil)
}

func TestFactRowsEscape(t *testing.T) {
	l := i18n.Lang("nb")
	cases := int64(1200)
	recorded := factRow{
		Municipality: catalogue.Municipality{ID: 7, Name: hostile("municipality"), Illustrative: true},
		Facts: catalogue.MunicipalService{Offered: catalogue.OfferedOther, DeliveredBy: hostile("delivered_by"),
			Systems: hostile("systems"), AnnualCases: &cases,
			Provenance: map[catalogue.Fact]catalogue.Provenance{catalogue.FactAnnualCases: catalogue.ProvenanceMeasured,
				catalogue.FactMaturity: catalogue.Provenance(hostile("provenance"))},
			Measured: map[catalogue.Fact]catalogue.Measurement{catalogue.FactAnnualCases: {File: hostile("file")}}},
		Recorded: true, CanEdit: true, Responsible: hostile("responsible"),
	}
	missing := factRow{Municipality: catalogue.Municipality{ID: 8, Name: hostile("missing")}, CanEdit: true}
	out := factRows(l, hostile("slug"), []factRow{recorded, missing})
	checkRows(t, out, atom.Tbody, []string{"tr", "th", "td", "a", "span"},
		[]string{hostile("municipality"), hostile("systems"), hostile("responsible"), hostile("delivered_by"),
			hostile("provenance"), hostile("file"), hostile("missing")},
		map[string][]string{
			"title": {hostile("provenance")},
			"href":  {"/services/" + hostile("slug") + "/facts/7", "/services/" + hostile("slug") + "/facts/7/history", "/services/" + hostile("slug") + "/facts/8"},
		})
}

// TestFactRowsFormat holds the cells of a row as the page showed them when
// the template formatted them: numbers in the user's language, one source
// for the row when its numbers share it, else a source by each number.
func TestFactRowsFormat(t *testing.T) {
	num := func(v float64) *float64 { return &v }
	count := func(v int64) *int64 { return &v }
	shared := map[catalogue.Fact]catalogue.Provenance{}
	for _, f := range catalogue.Facts {
		shared[f] = catalogue.ProvenanceImported
	}
	facts := catalogue.MunicipalService{Offered: catalogue.OfferedOther, DeliveredBy: "Fosen IKT", AnnualCases: count(12345),
		LeadTimeDays: num(12.5), EmployeeMinutes: num(30), HourlyCost: num(950), Maturity: count(3), Systems: "Acos",
		Channels:   catalogue.Channels{Paper: num(10), Email: num(20), Phone: num(30), Digital: num(40)},
		Provenance: shared}
	mixed := facts
	mixed.Provenance = map[catalogue.Fact]catalogue.Provenance{catalogue.FactAnnualCases: catalogue.ProvenanceEstimated,
		catalogue.FactMaturity: catalogue.ProvenanceImported}
	mixed.Channels = catalogue.Channels{}
	mu := catalogue.Municipality{ID: 5, Name: "Åfjord"}
	for _, c := range []struct {
		lang  string
		facts catalogue.MunicipalService
		want  []string
	}{
		{"nb", facts, []string{`<tr id="m5"><th scope="row">Åfjord</th><td>Via annen kommune/IKS (Fosen IKT)</td>`,
			`<td class="num">12` + "\u00a0" + `345</td><td class="num">12,5</td><td class="num">30,0</td><td class="num">–</td><td class="num">950</td><td class="num">3</td>`,
			`<td>Importert</td><td>10 / 20 / 30 / 40 %</td><td>Acos</td><td>–</td>`,
			`<a href="/services/s/facts/5/history">Historikk<span class="visually-hidden"> – Åfjord</span></a></td></tr>`}},
		{"en", facts, []string{`<td>Via another municipality/IKS (Fosen IKT)</td><td class="num">12,345</td><td class="num">12.5</td>`,
			`<td>Imported</td><td>10 / 20 / 30 / 40 %</td>`}},
		{"nb", mixed, []string{`<td class="num">12` + "\u00a0" + `345 <span class="src" title="Estimert"><span class="visually-hidden">(</span>est.<span class="visually-hidden">)</span></span></td>`,
			`<td class="num">3 <span class="src" title="Importert">`, `<td>Blandet (se tallene)</td><td>–</td>`}},
	} {
		out := string(factRows(i18n.Lang(c.lang), "s", []factRow{{Municipality: mu, Facts: c.facts, Recorded: true}}))
		for _, want := range c.want {
			if !strings.Contains(out, want) {
				t.Errorf("%s: the row lacks %s\n%s", c.lang, want, out)
			}
		}
		if strings.Contains(out, "/facts/5\"") {
			t.Errorf("%s: an edit link for a user who may not edit\n%s", c.lang, out)
		}
	}
}

func TestSplitVerbs(t *testing.T) {
	for _, c := range []struct {
		msg  string
		want []string
	}{
		{"%s / %s %%", []string{"", " / ", " %"}},
		{"%s / %d", nil},
		{"%s", nil},
		{"%s / %s %", nil},
	} {
		if got := splitVerbs(c.msg, 2); !slices.Equal(got, c.want) {
			t.Errorf("splitVerbs(%q) = %q, want %q", c.msg, got, c.want)
		}
	}
}

func TestChoiceOptionsEscape(t *testing.T) {
	out := choiceOptions([]string{hostile("first"), hostile("second")}, hostile("second"), func(v string) string { return "label " + v })
	checkRows(t, out, atom.Select, []string{"option"}, []string{"label " + hostile("first"), "label " + hostile("second")},
		map[string][]string{"value": {hostile("first"), hostile("second")}})
	if n := strings.Count(string(out), " selected>"); n != 1 {
		t.Errorf("%d options selected, want 1\n%s", n, out)
	}
}
