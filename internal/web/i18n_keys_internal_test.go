package web

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
	"github.com/tjenestevalg/tjenestevalg/internal/history"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
	"github.com/tjenestevalg/tjenestevalg/internal/realisation"
	"github.com/tjenestevalg/tjenestevalg/internal/roadmap"
)

// This file proves that every message key the application can show is
// translated in both languages. The test lives in package web because web
// is the one package that sees every module and its own unexported value
// lists; package i18n cannot import the modules.
//
// Keys come in two forms, and both are checked without skipping any
// prefix:
//   - named: a string literal in Go (an error code, a field code, a
//     constant such as benefit.CodeUptake, an argument to T) or a T call in
//     a template. The scan parses the Go code, so a code built from a
//     constant is seen where the constant is declared.
//   - built: a prefix joined with a value at run time ("area." + a,
//     print "role." .Role). Each such prefix must be listed in builtKeys
//     with every value it can be joined with; a new prefix in the code
//     fails the test until its values are listed.

// builtKeys lists, for every prefix the code builds keys from, the values
// it can be joined with.
func builtKeys() map[string][]string {
	str := func(xs ...any) []string {
		out := make([]string, len(xs))
		for i, x := range xs {
			out[i] = fmt.Sprint(x)
		}
		return out
	}
	var maturity []string
	for i := 1; i <= catalogue.MaturityLevels; i++ {
		maturity = append(maturity, strconv.Itoa(i))
	}
	var roles, provenances, facts, methods, variants []string
	for _, r := range domain.Roles {
		roles = append(roles, string(r))
	}
	for _, p := range catalogue.Provenances {
		provenances = append(provenances, string(p))
	}
	for _, f := range catalogue.Facts {
		facts = append(facts, string(f))
	}
	for _, m := range priority.Methods {
		methods = append(methods, string(m))
	}
	for _, v := range process.Variants {
		variants = append(variants, string(v))
	}
	var saaty []string
	for _, v := range prioSaatyValues {
		switch {
		case v == "1":
		case strings.HasPrefix(v, "1/"):
			saaty = append(saaty, v[2:])
		default:
			saaty = append(saaty, v)
		}
	}
	return map[string][]string{
		"area.":              catalogue.Areas,
		"target.":            catalogue.TargetGroups,
		"life.":              catalogue.LifeEvents,
		"role.":              roles,
		"maturity.":          maturity,
		"offered.":           str(catalogue.OfferedYes, catalogue.OfferedNo, catalogue.OfferedOther),
		"provenance.":        provenances,
		"provenance_short.":  provenances,
		"fact.":              facts,
		"history.action.":    str(history.ActionCreate, history.ActionUpdate, history.ActionImport, history.ActionDelete),
		"error.title.":       str(domain.KindInternal, domain.KindInvalid, domain.KindNotFound, domain.KindConflict, domain.KindUnauthorized, domain.KindForbidden),
		"obstacle.category.": process.ObstacleCategories,
		"obstacle.status.":   process.ObstacleStatuses,
		"requirement.type.":  process.RequirementTypes,
		// The template joins the stored priority; the form offers the list.
		"requirement.priority.":  process.RequirementPriorities,
		"requirement.status.":    process.RequirementStatuses,
		"medium.":                process.Media,
		"valueclass.":            process.ValueClasses,
		"bpmn.kind.":             process.NodeKinds(),
		"process.variant.":       variants,
		"process.limit.":         process.LimitNames,
		"process.table_comment.": {process.OpSet, process.OpAddStep, process.OpRemoveStep, process.OpAddFlow, process.OpRemoveFlow, process.OpRetargetFlow},
		"benefit.kind.":          benefit.GainKinds,
		"benefit.class.":         benefit.GainClasses,
		"benefit.cost.":          benefit.CostKinds,
		// The inputs the benefit model samples (benefit/model.go, compile).
		"benefit.input.": {"cases", "hourly_cost", "minutes_saved", "citizen_minutes_saved", "citizen_hour_value", "annual", "uptake", "amount", "hours"},
		// The source of a municipality's figure in the benefit case.
		"source.":      append(provenances, benefit.SourceProcess, benefit.SourceProcessMean, benefit.SourceMissing),
		"plan.status.": str(realisation.NotMeasured, realisation.OnTrack, realisation.Behind, realisation.Achieved),
		// Both the weighting methods of a municipality and the joint
		// ranking methods of a decision are named under priority.method.
		"priority.method.":       append(methods, priority.JointMethods...),
		"priority.weights.hint.": methods,
		// How the group weights were formed (priority.GroupRule).
		"priority.group_rule.": str(priority.GroupAIJ, priority.GroupGeometricMean, priority.GroupEqual),
		// The column of the weights export: AHP weights or points.
		"priority.weights.": {"weight", "points"},
		"priority.saaty.":   saaty,
		// A criterion's source is a figure or, for a municipality's
		// weights, the method it used or the group's.
		"priority.source.":    append(append(slices.Clone(priority.Sources), methods...), "group"),
		"priority.kind.":      str(priority.KindComputed, priority.KindJudgemental),
		"priority.direction.": str(priority.HigherBetter, priority.LowerBetter),
		"roadmap.kind.":       {roadmap.KindService, roadmap.KindComponent},
		"roadmap.source.":     {roadmap.SourceBenefitCase, roadmap.SourceBenefitDraft, roadmap.SourceManual},
		// Form labels: every "Field" a template names and every field the
		// history records (both found by the scan) are checked as named
		// keys; fieldLabel falls back to the path for any other field.
		"field.": nil,
		// The row of an indexed field path ("costs[2].amount").
		"field.row.": {"costs", "gains", "municipalities", "uptake", "years", "meetings", "learnings",
			"criteria", "subs", "presentations", "answers", "scores", "consensus"},
		// Procurement (the buyer's pages).
		"procurement.procedure.":      procurement.Procedures,
		"procurement.size.":           procurement.SupplierSizes,
		"procurement.subcontracting.": {"yes", "no", "not-known"},
		"procurement.part.":           procParts(),
		"procurement.milestone.":      procurement.MilestoneKinds,
		"procurement.doc_kind.":       procurement.DocumentKinds,
		"procurement.state.":          str(procurement.StatusDraft, procurement.StatusPublished, procurement.StateClosed, procurement.StatusOpened),
		"procurement.priority.":       {"must", "should"},
		"procurement.source.":         str(procurement.SourcePortal, procurement.SourceConference),
		"procurement.moved.":          str(procurement.MilestoneDeadline, procurement.MilestoneOpening),
		// The evaluation (evaluation_*.go, templates/evaluation_*.html).
		"evaluation.model.": procurement.PriceModels,
		"evaluation.saved.": {"setup", "answers", "rejected", "scores", "consensus"},
		// The supplier portal (portal*.go, templates/portal_*.html).
		"portal.state.":           {procurement.StatusDraft, procurement.StatusPublished, procurement.StateClosed, procurement.StatusOpened},
		"portal.notice.":          {"document", "answer", "deadline", "opening", "award"},
		"portal.milestone.":       procurement.MilestoneKinds,
		"portal.doc_kind.":        procurement.DocumentKinds,
		"portal.question_status.": {questionAwaiting, questionAnswered, questionPublished},
		"portal.bid_status.":      {procurement.BidSubmitted, procurement.BidReplaced, procurement.BidWithdrawn},
		"portal.field.":           {"total", "note", "files", "text"},
		// Event logs (eventlog*.go, templates/eventlog*.html).
		"eventlogs.format.": str(eventlog.FormatXES, eventlog.FormatCSV, eventlog.FormatNoark),
		"eventlogs.status.": str(eventlog.StatusMapping, eventlog.StatusImporting, eventlog.StatusDone, eventlog.StatusFailed),
		"eventlogs.hint.":   {"col_case", "col_activity", "col_time", "col_resource", "col_lifecycle"},
	}
}

// keyLike is the shape of a message key: lower-case segments joined by
// dots, perhaps ending in a dot (a prefix).
var keyLike = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-zA-Z0-9_-]+)*\.[a-zA-Z0-9_-]*$`)

// fileExt are endings that make a key-like literal a file name.
var fileExt = []string{".csv", ".xlsx", ".json", ".html", ".bpmn", ".xml", ".db", ".js", ".css", ".svg", ".png", ".txt", ".md"}

// found is where each key or prefix is used.
type found struct {
	keys, built map[string][]string
}

func (f *found) key(k, at string) {
	if strings.HasSuffix(k, ".") {
		f.built[k] = append(f.built[k], at)
		return
	}
	f.keys[k] = append(f.keys[k], at)
}

// scanKeys reads the Go code and templates under root for the keys they
// use. prefixes are the first segments of the catalogue's keys: a
// key-like literal starting with one of them is taken for a key.
func scanKeys(t *testing.T, root string, prefixes map[string]bool) *found {
	f := &found{keys: map[string][]string{}, built: map[string][]string{}}
	candidate := func(s string) bool {
		if !keyLike.MatchString(s) {
			return false
		}
		for _, ext := range fileExt {
			if strings.HasSuffix(s, ext) {
				return false
			}
		}
		first, _, _ := strings.Cut(s, ".")
		return prefixes[first]
	}
	tmplT := regexp.MustCompile(`\bT "([^"]+)"`)
	tmplPrint := regexp.MustCompile(`\bprint "([^"]+\.)"`)
	tmplField := regexp.MustCompile(`"Field" "([a-z_]+)"`)
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		switch {
		case strings.HasSuffix(path, ".html"):
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range tmplT.FindAllSubmatch(b, -1) {
				f.key(string(m[1]), rel)
			}
			for _, m := range tmplPrint.FindAllSubmatch(b, -1) {
				f.key(string(m[1]), rel)
			}
			for _, m := range tmplField.FindAllSubmatch(b, -1) {
				f.key("field."+string(m[1]), rel)
			}
		case strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go"):
			file, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			scanGo(file, fset, root, candidate, f)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// domainCodes are the constructors of internal/domain and the position of
// their code argument.
var domainCodes = map[string]int{"Invalid": 0, "NotFound": 0, "Conflict": 0, "Unauthorized": 0, "Forbidden": 0, "Field": 1}

func scanGo(file *ast.File, fset *token.FileSet, root string, candidate func(string) bool, f *found) {
	importsHistory := false
	for _, im := range file.Imports {
		if strings.HasSuffix(im.Path.Value, `/internal/history"`) {
			importsHistory = true
		}
	}
	at := func(n ast.Node) string {
		p := fset.Position(n.Pos())
		rel, _ := filepath.Rel(root, p.Filename)
		return fmt.Sprintf("%s:%d", rel, p.Line)
	}
	lit := func(e ast.Expr) (string, bool) {
		b, ok := e.(*ast.BasicLit)
		if !ok || b.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(b.Value)
		return s, err == nil
	}
	// prefixOf returns the literal prefix of "prefix." + x.
	prefixOf := func(e ast.Expr) (string, bool) {
		bin, ok := e.(*ast.BinaryExpr)
		if !ok || bin.Op != token.ADD {
			return "", false
		}
		s, ok := lit(bin.X)
		return s, ok && strings.HasSuffix(s, ".")
	}
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CompositeLit:
			// A form's name table (fieldnames.go) maps JSON paths such
			// as "provenance.maturity" to form fields: paths, not keys.
			if id, ok := n.Type.(*ast.Ident); ok && id.Name == "formNames" {
				return false
			}
		case *ast.BasicLit:
			if s, ok := lit(n); ok && candidate(s) {
				f.key(s, at(n))
			}
		case *ast.BinaryExpr:
			if s, ok := prefixOf(n); ok && candidate(s) {
				f.key(s, at(n))
			}
		case *ast.CallExpr:
			sel, ok := n.Fun.(*ast.SelectorExpr)
			if !ok || len(n.Args) == 0 {
				return true
			}
			arg := -1
			switch pkg, _ := sel.X.(*ast.Ident); {
			case sel.Sel.Name == "T":
				arg = 0
			case pkg != nil && pkg.Name == "domain":
				if i, ok := domainCodes[sel.Sel.Name]; ok {
					arg = i
				}
			case sel.Sel.Name == "Add" && importsHistory && len(n.Args) == 3:
				// A history.Diff field is shown under "field." + name.
				if s, ok := lit(n.Args[0]); ok {
					f.key("field."+s, at(n))
				}
			}
			if arg < 0 || arg >= len(n.Args) {
				return true
			}
			// Whatever its prefix, a literal passed as a code is a key.
			if s, ok := lit(n.Args[arg]); ok && s != "" {
				f.key(s, at(n))
			} else if s, ok := prefixOf(n.Args[arg]); ok {
				f.key(s, at(n))
			}
		}
		return true
	})
}

// TestEveryUsedKeyIsTranslated checks every key the code and the
// templates name, and every key they build, in both languages.
func TestEveryUsedKeyIsTranslated(t *testing.T) {
	prefixes := map[string]bool{}
	for _, k := range i18n.Keys("nb") {
		first, _, _ := strings.Cut(k, ".")
		prefixes[first] = true
	}
	root := filepath.Join("..", "..")
	f := scanKeys(t, filepath.Join(root, "internal"), prefixes)
	cmd := scanKeys(t, filepath.Join(root, "cmd"), prefixes)
	for k, at := range cmd.keys {
		f.keys[k] = append(f.keys[k], at...)
	}
	for k, at := range cmd.built {
		f.built[k] = append(f.built[k], at...)
	}
	if len(f.keys) < 500 {
		t.Fatalf("the scan found only %d keys; is it reading the code?", len(f.keys))
	}
	langs := []i18n.Lang{"nb", "en"}
	for _, k := range slices.Sorted(mapsKeys(f.keys)) {
		for _, l := range langs {
			if !l.Has(k) {
				t.Errorf("%s: key %q has no translation in %s", f.keys[k][0], k, l)
			}
		}
	}
	built := builtKeys()
	for _, p := range slices.Sorted(mapsKeys(f.built)) {
		if _, ok := built[p]; !ok {
			t.Errorf("%s: keys are built from %q; list its values in builtKeys", f.built[p][0], p)
		}
	}
	for p, values := range built {
		for _, v := range values {
			for _, l := range langs {
				if !l.Has(p + v) {
					t.Errorf("built key %q has no translation in %s", p+v, l)
				}
			}
		}
	}
}

// procParts are the translation key suffixes of the regulation parts.
func procParts() []string {
	var out []string
	for _, p := range procurement.Parts {
		out = append(out, p.Key())
	}
	return out
}

func mapsKeys(m map[string][]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
