package web

import (
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
type rowWriter struct {
	strings.Builder
	num [48]byte // scratch for numbers
}

func (w *rowWriter) raw(s ...string) {
	for _, p := range s {
		w.WriteString(p)
	}
}

// text writes s escaped as html.EscapeString escapes it, without a copy of
// s when nothing needs escaping.
func (w *rowWriter) text(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&#34;"
		default:
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(esc)
		last = i + 1
	}
	w.WriteString(s[last:])
}

// number writes f as l.Number does (digits, separators, minus: nothing to
// escape).
func (w *rowWriter) number(l i18n.Lang, f float64, decimals int) {
	w.Write(l.AppendNumber(w.num[:0], f, decimals))
}

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

// factLabels are the words every row of the facts table shares, looked up
// once a page instead of once a row.
type factLabels struct {
	l                           i18n.Lang
	illustrative, noFacts, edit string
	history, mixed              string
	offered                     map[catalogue.Offered]string
	source, short               map[catalogue.Provenance]string
	mix                         []string // service.channel_mix split at its four %s, or nil
}

func newFactLabels(l i18n.Lang) *factLabels {
	b := &factLabels{l: l, illustrative: l.T("provenance.illustrative"), noFacts: l.T("service.no_facts"),
		edit: l.T("service.edit_facts"), history: l.T("service.tab_history"), mixed: l.T("provenance.mixed"),
		offered: map[catalogue.Offered]string{}, source: map[catalogue.Provenance]string{}, short: map[catalogue.Provenance]string{}}
	for _, o := range []catalogue.Offered{catalogue.OfferedYes, catalogue.OfferedNo, catalogue.OfferedOther} {
		b.offered[o] = l.T("offered." + string(o))
	}
	for _, p := range catalogue.Provenances {
		b.source[p], b.short[p] = l.T("provenance."+string(p)), l.T("provenance_short."+string(p))
	}
	b.mix = splitVerbs(l.T("service.channel_mix"), 4)
	return b
}

// splitVerbs splits a message at its n %s verbs, with %% read as %. It
// returns nil when the message has any other verb, so that the caller
// formats it with T.
func splitVerbs(msg string, n int) []string {
	var parts []string
	var cur strings.Builder
	for i := 0; i < len(msg); i++ {
		if msg[i] != '%' {
			cur.WriteByte(msg[i])
			continue
		}
		if i+1 == len(msg) {
			return nil
		}
		i++
		switch msg[i] {
		case '%':
			cur.WriteByte('%')
		case 's':
			parts = append(parts, cur.String())
			cur.Reset()
		default:
			return nil
		}
	}
	if len(parts) != n {
		return nil
	}
	return append(parts, cur.String())
}

func (b *factLabels) offer(o catalogue.Offered) string {
	if t, ok := b.offered[o]; ok {
		return t
	}
	return b.l.T("offered." + string(o))
}

func (b *factLabels) sourceOf(p catalogue.Provenance) (long, short string) {
	if t, ok := b.source[p]; ok {
		return t, b.short[p]
	}
	return b.l.T("provenance." + string(p)), b.l.T("provenance_short." + string(p))
}

// factRow is one municipality's row of the facts table.
type factRow struct {
	Municipality catalogue.Municipality
	Facts        catalogue.MunicipalService
	Recorded     bool
	CanEdit      bool
	Responsible  string
}

// factRows writes the service page's table of facts per municipality: with
// 357 municipalities the page is a large table, and building a string for
// every cell was most of its time.
func factRows(l i18n.Lang, slug string, rows []factRow) template.HTML {
	var w rowWriter
	w.Grow(len(rows) * 700)
	b := newFactLabels(l)
	for i := range rows {
		b.row(&w, slug, &rows[i])
	}
	return w.html()
}

func (b *factLabels) row(w *rowWriter, slug string, r *factRow) {
	id := strconv.FormatInt(r.Municipality.ID, 10)
	w.raw(`<tr id="m`, id, `"><th scope="row">`)
	w.text(r.Municipality.Name)
	if r.Municipality.Illustrative {
		w.raw(` <span class="badge illustrative">`)
		w.text(b.illustrative)
		w.raw(`</span>`)
	}
	w.raw(`</th>`)
	if r.Recorded {
		f := &r.Facts
		w.raw(`<td>`)
		w.text(b.offer(f.Offered))
		if f.DeliveredBy != "" {
			w.raw(` (`)
			w.text(f.DeliveredBy)
			w.raw(`)`)
		}
		w.raw(`</td>`)
		// When every number of the row has the same source, the row's
		// Source column says it once; otherwise each number carries its own.
		var common catalogue.Provenance
		mixed := false
		for _, fact := range catalogue.Facts {
			switch p := f.Provenance[fact]; {
			case p == "":
			case common == "":
				common = p
			case p != common:
				mixed = true
			}
		}
		b.cell(w, f, catalogue.FactAnnualCases, optInt(f.AnnualCases), 0, mixed)
		b.cell(w, f, catalogue.FactLeadTimeDays, f.LeadTimeDays, 1, mixed)
		b.cell(w, f, catalogue.FactEmployeeMinutes, f.EmployeeMinutes, 1, mixed)
		b.cell(w, f, catalogue.FactCitizenMinutes, f.CitizenMinutes, 1, mixed)
		b.cell(w, f, catalogue.FactHourlyCost, f.HourlyCost, 0, mixed)
		b.cell(w, f, catalogue.FactMaturity, optInt(f.Maturity), 0, mixed)
		w.raw(`<td>`)
		switch {
		case mixed:
			w.text(b.mixed)
		case common != "":
			long, _ := b.sourceOf(common)
			w.text(long)
		default:
			w.raw("–")
		}
		w.raw(`</td><td>`)
		b.channels(w, f.Channels)
		w.raw(`</td><td>`)
		w.text(dash(f.Systems))
		w.raw(`</td><td>`)
		w.text(dash(r.Responsible))
		w.raw(`</td>`)
	} else {
		w.raw(`<td colspan="11">`)
		w.text(b.noFacts)
		w.raw(`</td>`)
	}
	w.raw(`<td class="row-actions">`)
	link := func(suffix, label string) {
		w.raw(`<a href="/services/`)
		w.text(slug)
		w.raw(`/facts/`, id, suffix, `">`)
		w.text(label)
		w.raw(`<span class="visually-hidden"> – `)
		w.text(r.Municipality.Name)
		w.raw(`</span></a>`)
	}
	if r.CanEdit {
		link("", b.edit)
	}
	if r.Recorded {
		link("/history", b.history)
	}
	w.raw("</td></tr>\n")
}

func optInt(v *int64) *float64 {
	if v == nil {
		return nil
	}
	f := float64(*v)
	return &f
}

// cell writes one number of a row, "–" when unknown, with its own source
// when the row's numbers do not share one, and the event log it was
// measured from.
func (b *factLabels) cell(w *rowWriter, f *catalogue.MunicipalService, fact catalogue.Fact, v *float64, decimals int, mixed bool) {
	w.raw(`<td class="num">`)
	if v == nil {
		w.raw("–")
	} else {
		w.number(b.l, *v, decimals)
	}
	p := f.Provenance[fact]
	if p != "" && mixed {
		long, short := b.sourceOf(p)
		w.raw(` <span class="src" title="`)
		w.text(long)
		w.raw(`"><span class="visually-hidden">(</span>`)
		w.text(short)
		w.raw(`<span class="visually-hidden">)</span></span>`)
	}
	if p == catalogue.ProvenanceMeasured {
		if m := f.MeasuredFrom(string(fact)); m != nil {
			w.raw(`<span class="measured">`)
			w.text(measurementText(b.l, *m))
			w.raw(`</span>`)
		}
	}
	w.raw(`</td>`)
}

// channels writes the channel mix (paper / e-mail / phone / digital %), or
// "–" when it is not recorded.
func (b *factLabels) channels(w *rowWriter, c catalogue.Channels) {
	if c.Digital == nil {
		w.raw("–")
		return
	}
	shares := [4]*float64{c.Paper, c.Email, c.Phone, c.Digital}
	if b.mix == nil {
		w.text(b.l.T("service.channel_mix", formatNumber(b.l, c.Paper, 0), formatNumber(b.l, c.Email, 0),
			formatNumber(b.l, c.Phone, 0), formatNumber(b.l, c.Digital, 0)))
		return
	}
	for i, v := range shares {
		w.text(b.mix[i])
		if v == nil {
			w.raw("–")
		} else {
			w.number(b.l, *v, 0)
		}
	}
	w.text(b.mix[4])
}

func dash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// choiceOptions writes the <option>s of a filter's choices with their
// labels, the chosen one selected; as the template wrote them, which made
// a call through reflection for each label (about 70 KOSTRA functions).
func choiceOptions(values []string, selected string, label func(string) string) template.HTML {
	var w rowWriter
	for _, v := range values {
		w.raw(`<option value="`)
		w.text(v)
		w.raw(`" `)
		if v == selected {
			w.raw(`selected`)
		}
		w.raw(`>`)
		w.text(label(v))
		w.raw(`</option>`)
	}
	return w.html()
}
