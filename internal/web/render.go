package web

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"math"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

//go:embed templates
var templateFS embed.FS

// parsePages parses each page template together with the layout and the
// partials it calls (templates_deps.go), so every page can define its own
// "title" and "content".
func parsePages(funcs template.FuncMap) (map[string]*template.Template, error) {
	pages := map[string]*template.Template{}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	partialNames, err := fs.Glob(templateFS, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	partials := make([]templateFile, len(partialNames))
	for i, name := range partialNames {
		if partials[i], err = readTemplateFile(templateFS, name); err != nil {
			return nil, err
		}
	}
	layout, err := readTemplateFile(templateFS, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		base := path.Base(name)
		if base == "layout.html" {
			continue
		}
		page, err := readTemplateFile(templateFS, name)
		if err != nil {
			return nil, err
		}
		files := append(append([]string{"templates/layout.html"}, partialsFor([]templateFile{layout, page}, partials)...), name)
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFS, files...)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		pages[strings.TrimSuffix(base, ".html")] = t
	}
	return pages, nil
}

func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		"asset": func(name string) string { return s.assets.URL(name) },
		"num":   formatNumber,
		"has": func(v any) bool {
			switch x := v.(type) {
			case *int64:
				return x != nil
			case *float64:
				return x != nil
			}
			return v != nil
		},
		"join": strings.Join,
		"add":  func(a, b int) int { return a + b },
		"seq": func(from, to int) []int {
			var out []int
			for i := from; i <= to; i++ {
				out = append(out, i)
			}
			return out
		},
		"deref": func(v any) any {
			switch x := v.(type) {
			case *int:
				if x != nil {
					return *x
				}
			case *int64:
				if x != nil {
					return *x
				}
			case *float64:
				if x != nil {
					return *x
				}
			}
			return ""
		},
		"str":        func(v any) string { return fmt.Sprint(v) },
		"choices":    choices,
		"fieldLabel": fieldLabel,
		"scaleOptions": func(lo, hi float64) []float64 {
			var out []float64
			for v := lo; v <= hi; v++ {
				out = append(out, v)
			}
			return out
		},
		"selectedScore": selectedScore,
		"rangeText":     formatRange,
		"uptakeText":    uptakeText,
		"pctRange":      percentRange,
		"pct": func(l i18n.Lang, v float64) string {
			return strings.Replace(strconv.FormatFloat(v*100, 'f', -1, 64), ".", decimalSep(l), 1)
		},
		"compareRows":    compareRows,
		"metricHeaders":  metricHeaders,
		"variantName":    func(l i18n.Lang, v process.Variant) string { return variantLabel(l, v, "") },
		"elementOptions": elementOptions,
		"hasGrant":       HasGrant,
		"sourceText":     sourceText,
		"share":          percentText,
		"minus":          func(a, b float64) float64 { return a - b },
		"gapText":        func(l i18n.Lang, g float64) string { return l.Number(g*100, 2) + " %" },
		"percent":        func(f float64) float64 { return f * 100 },
		"dict": func(kv ...any) map[string]any {
			m := make(map[string]any, len(kv)/2)
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
	}
}

// fieldPath matches an indexed field path such as "municipalities[2].cases".
var fieldPath = regexp.MustCompile(`^([a-z_]+)\[(\d+)\](?:\.([a-z_]+))?$`)

// fieldLabel names a form field in an error summary: its own label, or
// for an indexed path the row and the column ("2. kostnad: Beløp").
func fieldLabel(l i18n.Lang, field string) string {
	if l.Has("field." + field) {
		return l.T("field." + field)
	}
	m := fieldPath.FindStringSubmatch(field)
	if m == nil {
		return field
	}
	n, _ := strconv.Atoi(m[2])
	row := l.T("field.row."+m[1], n+1)
	if m[3] == "" {
		return row
	}
	return row + ": " + l.T("field."+m[3])
}

// selectedScore is the score a ballot's select shows: the participant's
// own once scored, else their score of the round before, else the middle
// of the scale.
func selectedScore(scored bool, own, prev priority.OwnScore, lo, hi float64) float64 {
	switch {
	case scored:
		return own.Value
	case prev.Value >= lo && prev.Value <= hi && prev.Value != 0:
		return prev.Value
	}
	return math.Ceil((lo + hi) / 2)
}

// decimalSep is the language's decimal separator.
func decimalSep(l i18n.Lang) string {
	if l.Code() == "nb" {
		return ","
	}
	return "."
}

// option is one choice of a select field.
type option struct{ Value, Label string }

// choices lists values as options labelled by the translation prefix+value.
func choices(l i18n.Lang, prefix string, values ...string) []option {
	out := make([]option, len(values))
	for i, v := range values {
		out[i] = option{Value: v, Label: l.T(prefix + v)}
	}
	return out
}

// elementOptions lists the flow nodes of a process that an obstacle can
// block: its activities and events, by name.
func elementOptions(steps []process.Step) []option {
	var out []option
	for _, st := range steps {
		if st.Activity || strings.HasSuffix(st.Kind, "Event") {
			name := st.Name
			if name == "" {
				name = st.ID
			}
			out = append(out, option{Value: st.ID, Label: name})
		}
	}
	return out
}

// formatNumber writes an optional number in the user's language, "–" when unknown.
func formatNumber(l i18n.Lang, v any, decimals int) string {
	switch x := v.(type) {
	case *int64:
		if x == nil {
			return "–"
		}
		return l.Number(float64(*x), 0)
	case *float64:
		if x == nil {
			return "–"
		}
		return l.Number(*x, decimals)
	case *int:
		if x == nil {
			return "–"
		}
		return l.Number(float64(*x), 0)
	case int64:
		return l.Number(float64(x), 0)
	case int:
		return l.Number(float64(x), 0)
	case float64:
		return l.Number(x, decimals)
	}
	return fmt.Sprint(v)
}

// page is what every page template gets.
type page struct {
	L      i18n.Lang
	Req    *reqCtx
	Title  string
	Nav    string // the active module
	Demo   bool
	Editor bool // load the bpmn-js island
	Charts bool // load the chart island
	// EventLog loads the event-log island (the directly-follows graph).
	EventLog bool
	Path     string
	Errors   map[string]string // field → message
	Message  string            // a message above the form
	Data     any
}

// IsProgrammeLead reports whether the principal runs the programme, for
// showing navigation; the services still decide every request.
func (p page) IsProgrammeLead() bool { return p.Req.Principal.IsProgrammeLead() }

func (s *Server) newPage(r *http.Request, nav, title string, data any) page {
	rc := reqOf(r)
	return page{L: rc.Lang, Req: rc, Title: title, Nav: nav, Demo: s.Demo, Path: r.URL.RequestURI(), Data: data}
}

// render writes a whole page, or only its "content" block for htmx requests
// that target the main region.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) error {
	t, ok := s.pages[name]
	if !ok {
		return domain.Internal(fmt.Errorf("no template %q", name))
	}
	block := "layout"
	if isHTMX(r) && r.Header.Get("HX-Target") != "" {
		if frag := t.Lookup("fragment"); frag != nil {
			block = "fragment"
		}
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	if err := t.ExecuteTemplate(buf, block, p); err != nil {
		return domain.Internal(fmt.Errorf("render %s: %w", name, err))
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
	return nil
}

// renderBuffers keeps the buffers pages are rendered into: a page of the
// large tables is 100–225 KB, and growing a new buffer to that size for
// every request allocated twice as much again (docs/benchmarks.md, "Pages
// rendered anew").
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putRenderBuffer(b *bytes.Buffer) {
	if b.Cap() > 4<<20 {
		return // an unusually large page: let it go rather than keep it
	}
	b.Reset()
	renderBuffers.Put(b)
}

// fieldErrors translates an invalid error into messages per field and a
// message for the form.
func fieldErrors(l i18n.Lang, err error) (map[string]string, string) {
	de := domain.AsError(err)
	out := map[string]string{}
	for _, f := range de.Fields {
		msg := l.T(f.Code, f.Params...)
		if prev, ok := out[f.Field]; ok {
			msg = prev + " " + msg
		}
		out[f.Field] = msg
	}
	return out, l.T(de.Code, de.Params...)
}

func statusOf(k domain.Kind) int {
	switch k {
	case domain.KindInvalid:
		return http.StatusUnprocessableEntity
	case domain.KindNotFound:
		return http.StatusNotFound
	case domain.KindConflict:
		return http.StatusConflict
	case domain.KindUnauthorized:
		return http.StatusUnauthorized
	case domain.KindForbidden:
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}

// apiError is the JSON body of every API error.
type apiError struct {
	Error   string            `json:"error"`   // the kind: invalid, not_found …
	Code    string            `json:"code"`    // the message key
	Message string            `json:"message"` // in the user's language
	Fields  map[string]string `json:"fields,omitempty"`
}

// fail is the one place errors become responses: a status per kind, the
// message in the user's language, internal details only in the log.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	de := domain.AsError(err)
	status := statusOf(de.Kind)
	l := reqOf(r).Lang
	if de.Kind == domain.KindInternal {
		s.Logger.Error("internal error", "err", err, "method", r.Method, "path", r.URL.Path)
		de = &domain.Error{Kind: domain.KindInternal, Code: "error.internal"}
	}
	if st, ok := tooManyRequests(w, de); ok {
		status = st
	}
	if de.Code == "error.too_large" { // errTooLarge: a body over its route's limit
		status = http.StatusRequestEntityTooLarge
	}
	if isAPI(r) {
		fields, msg := fieldErrors(l, de)
		if len(fields) == 0 {
			fields = nil
		}
		writeJSON(w, status, apiError{Error: de.Kind.String(), Code: de.Code, Message: msg, Fields: fields})
		return
	}
	if de.Kind == domain.KindUnauthorized && r.Method == http.MethodGet && !isHTMX(r) {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	p := s.newPage(r, "", l.T("error.title."+de.Kind.String()), nil)
	// An invalid error that reaches this page has no form to show its
	// fields on (a delete button's malformed version, a missing file):
	// their messages follow the general one.
	fields, msg := fieldErrors(l, de)
	for _, f := range slices.Sorted(maps.Keys(fields)) {
		msg += " " + fields[f]
	}
	p.Message = msg
	if isHTMX(r) {
		w.Header().Set("HX-Retarget", "#flash")
		w.Header().Set("HX-Reswap", "innerHTML")
		r.Header.Del("HX-Target")
	}
	if err := s.render(w, r, status, "error", p); err != nil {
		s.Logger.Error("render error page", "err", err)
		http.Error(w, l.T("error.internal"), status)
	}
}

// formStatus is the status a form is shown again with after a save the
// user can put right: 422 for invalid input, 409 for a stale version. ok is
// false for every other error, and for nil.
func formStatus(err error) (status int, ok bool) {
	switch domain.KindOf(err) {
	case domain.KindInvalid:
		return http.StatusUnprocessableEntity, true
	case domain.KindConflict:
		return http.StatusConflict, true
	}
	return 0, false
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// redirect answers a successful form post: a plain redirect, or HX-Redirect for htmx.
func redirect(w http.ResponseWriter, r *http.Request, to string) error {
	if isHTMX(r) {
		w.Header().Set("HX-Redirect", to)
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}
