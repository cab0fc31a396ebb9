package e2e_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The accessibility checks every page gets: axe-core's WCAG 2.1 A and AA
// rules, duplicate ids, and (once per kind of page) reflow to 320 px.

// auditLog records every page axe checked, by kind of page.
type auditLog struct {
	mu    sync.Mutex
	pages []auditEntry
}

type auditEntry struct {
	kind, url  string
	violations int
}

// add records a checked page and reports whether it is the first of its kind.
func (l *auditLog) add(kind, url string, violations int) (first bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	first = !slices.ContainsFunc(l.pages, func(e auditEntry) bool { return e.kind == kind })
	l.pages = append(l.pages, auditEntry{kind, url, violations})
	return first
}

func (l *auditLog) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.pages)
}

func (l *auditLog) kinds() map[string]bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]bool{}
	for _, p := range l.pages {
		out[p.kind] = true
	}
	return out
}

func (l *auditLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	for _, p := range l.pages {
		fmt.Fprintf(&b, "  %-28s %-3d %s\n", p.kind, p.violations, p.url)
	}
	return b.String()
}

// axeViolation is one failed rule with the nodes that fail it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []string `json:"target"`
		HTML    string   `json:"html"`
		Summary string   `json:"summary"`
	} `json:"nodes"`
}

type axeResult struct {
	URL        string         `json:"url"`
	Violations []axeViolation `json:"violations"`
}

// axeRun runs axe-core's WCAG 2.0/2.1 A and AA rules on the document.
const axeRun = `axe.run(document, {
  runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
  resultTypes: ['violations'],
}).then(r => ({
  url: location.pathname + location.search,
  violations: r.violations.map(v => ({
    id: v.id, impact: v.impact || '', help: v.help,
    nodes: v.nodes.map(n => ({
      target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : String(t)),
      html: n.html, summary: n.failureSummary || '',
    })),
  })),
}))`

// duplicateIDsJS lists the ids that more than one element has.
const duplicateIDsJS = `(() => {
  const seen = new Set(), dup = new Set();
  for (const e of document.querySelectorAll('[id]')) (seen.has(e.id) ? dup : seen).add(e.id);
  return [...dup];
})()`

// runAxe runs axe-core on the page the tab shows, injecting it first.
func (b *tab) runAxe() axeResult {
	b.t.Helper()
	loaded, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`typeof window.axe === 'object'`))
	if err != nil {
		b.t.Fatalf("axe: %v", err)
	}
	if !loaded {
		if err := chromedp.Do(b.ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
			b.t.Fatalf("inject axe-core: %v", err)
		}
	}
	res, err := chromedp.Run(b.ctx, chromedp.Evaluate[axeResult](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("axe: %v", err)
	}
	return res
}

// axe checks the page the tab shows now and fails the test with every
// violation: rule, impact, help and the selectors of the failing nodes.
// It also fails on duplicate ids, which axe no longer reports, and, the
// first time a kind of page is seen, on pages that do not reflow to 320
// CSS pixels. kind names the page for the list of checked pages.
func (b *tab) axe(kind string) {
	b.t.Helper()
	res := b.runAxe()
	if dups := evalJS[[]string](b, duplicateIDsJS); len(dups) > 0 {
		b.t.Errorf("%s (%s): duplicate ids %q", kind, res.URL, dups)
	}
	if audit.add(kind, res.URL, len(res.Violations)) {
		b.reflow(kind)
	}
	if len(res.Violations) == 0 {
		return
	}
	var msg strings.Builder
	for _, v := range res.Violations {
		fmt.Fprintf(&msg, "\n  [%s] %s: %s", v.Impact, v.ID, v.Help)
		for _, n := range v.Nodes {
			fmt.Fprintf(&msg, "\n      %s   %s", strings.Join(n.Target, " "), n.HTML)
			if n.Summary != "" {
				fmt.Fprintf(&msg, "\n        %s", strings.ReplaceAll(n.Summary, "\n", "\n        "))
			}
		}
	}
	b.t.Errorf("axe: %d WCAG 2.1 AA violations on %s (%s):%s", len(res.Violations), kind, res.URL, msg.String())
}

// requiredPages are the kinds of page the scenarios must have checked.
var requiredPages = []string{
	"login", "login with error", "password reset", "password reset with errors", "password reset sent",
	"password reset form", "password reset form with errors", "password reset done", "password reset link invalid", "dashboard", "services", "services filtered", "services sorted",
	"service", "service history", "facts form", "facts form with errors", "facts history",
	"municipalities", "municipality edit", "municipality history", "import", "import with problems", "import preview",
	"import done", "users", "user", "accessibility statement", "error 403", "error 404",
	"dashboard (en)", "services (en)", "service processes", "service processes with errors", "process history",
	"process harmonisation", "process table", "process table edit", "process table with errors",
	"service obstacles", "service obstacles with errors", "service requirements", "processes module",
	"collaboration requirements", "process editor", "process viewer", "process editor (new)",
	"process editor, drawn", "process editor, task selected", "process viewer, drawn",
	"service benefit", "service benefit, charts drawn", "service benefit preview", "service benefit with errors",
	"benefit portfolio", "benefit portfolio, chart drawn", "benefit portfolio filtered", "benefit plan (none)",
	"benefit plan", "benefit plan with errors", "benefit plan, chart drawn", "measurements due",
	"priority criteria", "priority criteria edit", "priority criteria with errors", "priority weights",
	"priority weights with errors", "priority weights check", "priority assignments", "priority assignments with errors",
	"priority rounds", "priority rounds, chart drawn", "priority round results", "priority", "priority decision",
	"priority round", "priority ballot", "priority audit",
	"roadmap", "roadmap, chart drawn", "roadmap scenario", "roadmap scenario, charts drawn", "roadmap scenario with errors",
	"roadmap scenario infeasible", "roadmap item", "roadmap item with errors", "roadmap (read only)", "roadmap scenario (read only)",
	"procurement tenders", "procurement tenders with errors", "procurement tender", "procurement suppliers",
	"procurement suppliers with errors", "procurement supplier", "procurement dialogue", "procurement documents",
	"procurement requirements", "procurement requirements generated", "procurement questions", "procurement bids",
	"procurement log", "procurement tender (read only)", "procurement dialogue (read only)",
	"portal", "portal tender", "portal tender with errors", "portal receipt", "portal withdraw",
	"evaluation setup", "evaluation setup with errors", "evaluation setup (evaluator)", "evaluation scores",
	"evaluation scores with errors", "evaluation scores saved", "evaluation consensus", "evaluation consensus saved", "evaluation results",
	"award", "award with errors", "award decided", "award letter refused", "contract", "contract with errors",
	"trace", "trace chain", "portal award", "portal award complaint filed", "complaints",
	"eventlogs", "eventlog mapping", "eventlog mapping with errors", "eventlog, graph drawn", "eventlog attached",
	"eventlog compare", "eventlog",
	"catalogue changes", "catalogue changes with errors", "catalogue changes saved", "dashboard with corrections", "service edit",
}

// reflowJS lists what sticks out to the right of the viewport: elements
// and text. Data tables may scroll inside their .table-wrap box.
const reflowJS = `(() => {
  const w = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= w) return [];
  const name = e => '<' + e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\s+/).join('.') : '') + '>';
  const skip = e => e.closest('.table-wrap, .visually-hidden, .skip-link');
  const out = new Set();
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (!skip(e) && r.width > 0 && r.right > w + 1) out.add(name(e) + ' ends at ' + Math.round(r.right) + 'px');
  }
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (!n.textContent.trim() || skip(n.parentElement)) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const r = range.getBoundingClientRect();
    if (r.right > w + 1) out.add('text «' + n.textContent.trim().slice(0, 40) + '» in ' + name(n.parentElement) + ' ends at ' + Math.round(r.right) + 'px');
  }
  const list = [...out];
  return list.length ? list.slice(0, 8) : ['the page is ' + document.documentElement.scrollWidth + 'px wide'];
})()`

// reflow checks WCAG 1.4.10 (Reflow) on the page the tab shows: at 320 CSS
// pixels wide nothing needs horizontal scrolling, except data tables in
// their own scrolling box.
func (b *tab) reflow(kind string) {
	b.t.Helper()
	width := evalJS[int](b, `innerWidth`)
	b.do("narrow the viewport", chromedp.EmulateViewport(320, 800))
	b.waitFor("a 320 px viewport", `innerWidth === 320`)
	over := evalJS[[]string](b, reflowJS)
	b.do("restore the viewport", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
		return err
	}))
	b.waitFor("the viewport restored", fmt.Sprintf(`innerWidth === %d`, width))
	if len(over) > 0 {
		b.t.Errorf("reflow: %s (%s) scrolls sideways at 320 px:\n  %s", kind, b.path(), strings.Join(over, "\n  "))
	}
}
