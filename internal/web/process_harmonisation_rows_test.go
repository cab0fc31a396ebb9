package web

import (
	"html/template"
	"strings"
	"testing"
)

// The rows written in Go are byte for byte what the template wrote.
func TestHarmonisationRowsAsTheTemplateWrote(t *testing.T) {
	tmpl := template.Must(template.New("rows").Parse(`{{$s := .Slug}}{{range .Rows}}<tr><th scope="row"><a href="/services/{{$s}}/processes/{{.ModelID}}">{{.Municipality}}</a></th>{{range .Cells}}<td class="num">{{.}}</td>{{end}}</tr>{{end}}`))
	rows := []harmonisationRow{
		{Municipality: "Rissa", ModelID: 7, Cells: []string{"12,5 min", "–", "3 & 4"}},
		{Municipality: `Ørland <"Bjugn"> & 'Roan'`, ModelID: 123456, Cells: []string{"<b>", "1 234"}},
		{Municipality: "Tom", ModelID: 1},
	}
	for _, slug := range []string{"byggesak", "politisk-saksbehandling"} {
		var want strings.Builder
		if err := tmpl.Execute(&want, map[string]any{"Slug": slug, "Rows": rows}); err != nil {
			t.Fatal(err)
		}
		if got := string(harmonisationRows(slug, rows)); got != want.String() {
			t.Errorf("slug %s:\n got %s\nwant %s", slug, got, want.String())
		}
	}
}
