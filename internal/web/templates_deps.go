package web

import (
	"fmt"
	"io/fs"
	"slices"
	"text/template/parse"
)

// Each page is parsed with the layout and only the partial files it calls
// (directly or through other partials), not every partial: a page's
// templates are its own copy of what it parses (html/template escapes them
// in place), so 70 pages × every partial held 52 MB of parse trees in each
// server and took 160 ms of each start (issue 17).

// templateFile is what one template file defines and which templates it
// calls, read from its parse trees.
type templateFile struct {
	path    string
	defines []string
	calls   []string
}

// readTemplateFile parses the file at path without checking functions (the
// names it calls are all this needs).
func readTemplateFile(fsys fs.FS, path string) (templateFile, error) {
	b, err := fs.ReadFile(fsys, path)
	if err != nil {
		return templateFile{}, err
	}
	trees := map[string]*parse.Tree{}
	t := parse.New(path)
	t.Mode = parse.SkipFuncCheck
	if _, err := t.Parse(string(b), "", "", trees); err != nil {
		return templateFile{}, fmt.Errorf("parse %s: %w", path, err)
	}
	f := templateFile{path: path}
	for name, tree := range trees {
		if name != path {
			f.defines = append(f.defines, name)
		}
		f.calls = appendCalls(f.calls, tree.Root)
	}
	slices.Sort(f.defines)
	return f, nil
}

// appendCalls adds the names of the templates that n calls.
func appendCalls(calls []string, n parse.Node) []string {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return calls
		}
		for _, c := range n.Nodes {
			calls = appendCalls(calls, c)
		}
	case *parse.TemplateNode:
		calls = append(calls, n.Name)
	case *parse.IfNode:
		calls = appendCalls(appendCalls(calls, n.List), n.ElseList)
	case *parse.RangeNode:
		calls = appendCalls(appendCalls(calls, n.List), n.ElseList)
	case *parse.WithNode:
		calls = appendCalls(appendCalls(calls, n.List), n.ElseList)
	}
	return calls
}

// partialsFor returns, in the order of partials, the paths of the partial
// files that roots call, directly or through the files they call. A name
// no partial defines is left to the page (or to the error at execution
// that it would give with every partial parsed).
func partialsFor(roots []templateFile, partials []templateFile) []string {
	definedIn := map[string]int{}
	for i, p := range partials {
		for _, d := range p.defines {
			definedIn[d] = i
		}
	}
	need := make([]bool, len(partials))
	var queue []string
	for _, r := range roots {
		queue = append(queue, r.calls...)
	}
	for len(queue) > 0 {
		name := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		i, ok := definedIn[name]
		if !ok || need[i] {
			continue
		}
		need[i] = true
		queue = append(queue, partials[i].calls...)
	}
	var out []string
	for i, p := range partials {
		if need[i] {
			out = append(out, p.path)
		}
	}
	return out
}
