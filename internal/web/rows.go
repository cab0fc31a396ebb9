package web

import (
	"html"
	"html/template"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue/opencatalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
)

// The rows of the large tables (the service list, the facts of up to 357
// municipalities, the municipality choices) are written here instead of in
// the templates: html/template calls an escaper through reflection for
// every value, and for these tables that was most of the page's time
// (docs/benchmarks.md). Every value goes through html.EscapeString; the
// markup is the same the templates would write.

// rowWriter builds escaped HTML.
type rowWriter struct{ strings.Builder }

func (w *rowWriter) raw(s ...string) {
	for _, p := range s {
		w.WriteString(p)
	}
}

func (w *rowWriter) text(s string) { w.WriteString(html.EscapeString(s)) }

func (w *rowWriter) html() template.HTML { return template.HTML(w.String()) }

// serviceRows writes the service list's table rows.
func serviceRows(l i18n.Lang, list []catalogue.ServiceSummary) template.HTML {
	var w rowWriter
	w.Grow(len(list) * 400)
	yes, no := l.T("services.mandated_yes"), l.T("services.mandated_no")
	for _, s := range list {
		w.raw(`<tr><th scope="row"><a href="/services/`)
		w.text(s.Slug)
		w.raw(`">`)
		w.text(s.Name(l.Code()))
		w.raw(`</a></th><td>`)
		w.text(l.T("area." + s.Area))
		w.raw(`</td><td>`)
		w.text(s.KostraFunction)
		if n := opencatalogue.KostraName(s.KostraFunction); n != "" {
			w.raw(` <span class="kostra-name">`)
			w.text(n)
			w.raw(`</span>`)
		}
		w.raw(`</td><td>`)
		if s.Mandated {
			w.text(yes)
		} else {
			w.text(no)
		}
		w.raw(`</td><td class="num">`, strconv.FormatInt(s.Offering, 10), `</td><td class="num">`)
		w.text(formatNumber(l, s.AnnualCases, 0))
		w.raw(`</td><td class="num">`)
		w.text(formatNumber(l, s.Maturity, 1))
		w.raw("</td></tr>\n")
	}
	return w.html()
}

// municipalityOptions writes the <option>s of a municipality choice.
func municipalityOptions(list []catalogue.Municipality, selected domain.ID) template.HTML {
	var w rowWriter
	for _, m := range list {
		id := strconv.FormatInt(m.ID, 10)
		w.raw(`<option value="`, id, `"`)
		if m.ID == selected {
			w.raw(` selected`)
		}
		w.raw(`>`)
		w.text(m.Name)
		w.raw("</option>\n")
	}
	return w.html()
}

// factRows writes the service page's table of facts per municipality.
func factRows(l i18n.Lang, slug string, rows []factRow) template.HTML {
	var w rowWriter
	w.Grow(len(rows) * 1200)
	illustrative := l.T("provenance.illustrative")
	noFacts, edit, hist := l.T("service.no_facts"), l.T("service.edit_facts"), l.T("service.tab_history")
	for _, r := range rows {
		id := strconv.FormatInt(r.Municipality.ID, 10)
		w.raw(`<tr id="m`, id, `"><th scope="row">`)
		w.text(r.Municipality.Name)
		if r.Municipality.Illustrative {
			w.raw(` <span class="badge illustrative">`)
			w.text(illustrative)
			w.raw(`</span>`)
		}
		w.raw(`</th>`)
		if r.Recorded {
			w.raw(`<td>`)
			w.text(r.Offered)
			w.raw(`</td>`)
			for _, c := range r.Numbers {
				w.raw(`<td class="num">`)
				w.text(c.Value)
				if c.Source != "" {
					w.raw(` <span class="src" title="`)
					w.text(c.SourceTitle)
					w.raw(`"><span class="visually-hidden">(</span>`)
					w.text(c.Source)
					w.raw(`<span class="visually-hidden">)</span></span>`)
				}
				if c.Measured != "" {
					w.raw(`<span class="measured">`)
					w.text(c.Measured)
					w.raw(`</span>`)
				}
				w.raw(`</td>`)
			}
			w.raw(`<td>`)
			w.text(dash(r.Source))
			w.raw(`</td><td>`)
			w.text(r.Channels)
			w.raw(`</td><td>`)
			w.text(dash(r.Facts.Systems))
			w.raw(`</td><td>`)
			w.text(dash(r.Responsible))
			w.raw(`</td>`)
		} else {
			w.raw(`<td colspan="11">`)
			w.text(noFacts)
			w.raw(`</td>`)
		}
		w.raw(`<td class="row-actions">`)
		link := func(href, label string) {
			w.raw(`<a href="`)
			w.text(href)
			w.raw(`">`)
			w.text(label)
			w.raw(`<span class="visually-hidden"> – `)
			w.text(r.Municipality.Name)
			w.raw(`</span></a>`)
		}
		base := "/services/" + slug + "/facts/" + id
		if r.CanEdit {
			link(base, edit)
		}
		if r.Recorded {
			link(base+"/history", hist)
		}
		w.raw("</td></tr>\n")
	}
	return w.html()
}

func dash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
