package web

import (
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestPartialsForFollowsCallsThroughPartials(t *testing.T) {
	fsys := fstest.MapFS{
		"layout.html": {Data: []byte(`<main>{{template "content" .}}</main>{{template "nav" .}}`)},
		"a.html":      {Data: []byte(`{{define "nav"}}{{if .}}{{template "link" .}}{{end}}{{end}}`)},
		"b.html":      {Data: []byte(`{{define "link"}}<a>{{.}}</a>{{end}}{{define "unused"}}{{template "far" .}}{{end}}`)},
		"c.html":      {Data: []byte(`{{define "field"}}{{with .}}{{else}}{{template "msg" .}}{{end}}{{end}}`)},
		"d.html":      {Data: []byte(`{{define "msg"}}!{{end}}`)},
		"e.html":      {Data: []byte(`{{define "far"}}{{range .}}{{end}}{{end}}`)},
		"f.html":      {Data: []byte(`{{define "lonely"}}{{end}}`)},
		"page.html":   {Data: []byte(`{{define "content"}}{{range .}}{{else}}{{template "field" .}}{{end}}{{end}}`)},
	}
	read := func(p string) templateFile {
		f, err := readTemplateFile(fsys, p)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	var partials []templateFile
	for _, p := range []string{"a.html", "b.html", "c.html", "d.html", "e.html", "f.html"} {
		partials = append(partials, read(p))
	}
	got := partialsFor([]templateFile{read("layout.html"), read("page.html")}, partials)
	// b.html's unused template calls "far": the whole file is parsed, so
	// what it calls must be there too.
	want := []string{"a.html", "b.html", "c.html", "d.html", "e.html"}
	if !slices.Equal(got, want) {
		t.Errorf("partialsFor = %v, want %v", got, want)
	}
	if p := read("b.html"); !slices.Equal(p.defines, []string{"link", "unused"}) {
		t.Errorf("b.html defines %v", p.defines)
	}
}

// Every page parsed with only the partials it calls holds exactly the
// templates it can execute that it held with every partial parsed.
func TestPagesHoldWhatTheyCall(t *testing.T) {
	funcs := (&Server{}).funcs()
	pages, err := parsePages(funcs)
	if err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(templateFS, "templates/*.html")
	fewer := 0
	for _, name := range names {
		base := path.Base(name)
		if base == "layout.html" {
			continue
		}
		full, err := template.New(base).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html", name)
		if err != nil {
			t.Fatal(err)
		}
		page := pages[strings.TrimSuffix(base, ".html")]
		if page == nil {
			t.Fatalf("no page %s", base)
		}
		seen := map[string]bool{}
		var walk func(string)
		walk = func(n string) {
			if seen[n] {
				return
			}
			seen[n] = true
			ft := full.Lookup(n)
			if ft == nil || ft.Tree == nil {
				return // not defined with every partial either
			}
			pt := page.Lookup(n)
			if pt == nil || pt.Tree == nil || pt.Tree.Root.String() != ft.Tree.Root.String() {
				t.Errorf("%s: template %q differs from the one parsed with every partial", base, n)
				return
			}
			for _, c := range appendCalls(nil, ft.Tree.Root) {
				walk(c)
			}
		}
		walk("layout")
		walk("fragment")
		if len(page.Templates()) < len(full.Templates()) {
			fewer++
		}
	}
	if fewer == 0 {
		t.Error("no page parses fewer templates than all of them")
	}
}
