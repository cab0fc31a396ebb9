package web

import (
	"html/template"
	"net/url"
	"strconv"
)

// harmonisationRows writes the side-by-side table's rows of the
// harmonisation page (one a municipality, up to 357) in Go, as rows.go
// does for the other large tables: through the template each of the
// 357 × 8 cells cost a reflective escaper call, a third of the page's
// time under load (issue 17). The markup is what the template wrote.
func harmonisationRows(slug string, rows []harmonisationRow) template.HTML {
	var w rowWriter
	w.Grow(len(rows) * 330)
	href := "/services/" + url.PathEscape(slug) + "/processes/"
	for _, r := range rows {
		w.raw(`<tr><th scope="row"><a href="`)
		w.text(href + strconv.FormatInt(r.ModelID, 10))
		w.raw(`">`)
		w.text(r.Municipality)
		w.raw(`</a></th>`)
		for _, c := range r.Cells {
			w.raw(`<td class="num">`)
			w.text(c)
			w.raw(`</td>`)
		}
		w.raw("</tr>")
	}
	return w.html()
}
