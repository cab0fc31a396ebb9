package e2e_test

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// tab is one scenario's browser tab, in a browser context of its own (its
// own cookies), with a deadline for all its steps.
type tab struct {
	t   *testing.T
	ctx context.Context
}

// newTab opens a tab. When the test ends, it fails the test with the
// script errors, exceptions and Content-Security-Policy refusals the
// pages reported on the console.
func newTab(t *testing.T) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, tabTimeout)
	t.Cleanup(cancelTimeout)
	var problems []string
	done := make(chan struct{})
	messages := chromedp.Console(ctx)
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			// Documents with an error status (401, 403, 404, 422) are
			// expected; the scenarios check the statuses.
			if (m.Type == chromedp.ConsoleError || m.IsException()) && !strings.HasPrefix(m.Text, "Failed to load resource") {
				if p := fmt.Sprintf("%s (%s)", m.Text, m.URL); !slices.Contains(problems, p) {
					problems = append(problems, p)
				}
			}
		}
	}()
	t.Cleanup(func() {
		cancelTimeout()
		<-done
		if len(problems) > 0 {
			t.Errorf("the pages reported on the console:\n  %s", strings.Join(problems, "\n  "))
		}
	})
	return &tab{t: t, ctx: ctx}
}

// do runs actions that return nothing; what says what for the failure.
func (b *tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// open navigates to path, checks the page with axe and returns the HTTP status.
func (b *tab) open(kind, path string) int {
	b.t.Helper()
	resp, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(baseURL+path))
	if err != nil {
		b.t.Fatalf("open %s: %v", path, err)
	}
	b.axe(kind)
	return int(resp.Status)
}

// follow runs actions that load a new page (a click on a link or a submit
// button, Enter in a form), waits for it, checks it with axe and returns
// the HTTP status of the document (after redirects).
func (b *tab) follow(kind string, actions ...chromedp.Action[chromedp.Void]) int {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, actions...)
	if err != nil {
		b.t.Fatalf("load %s: %v", kind, err)
	}
	if resp == nil {
		b.t.Fatalf("load %s: no response", kind)
	}
	b.axe(kind)
	return int(resp.Status)
}

// click is a mouse click on the first element that matches css.
func click(css string) chromedp.Action[chromedp.Void] { return chromedp.Click(chromedp.CSS(css)) }

// evalJS evaluates a JavaScript expression in the tab's page.
func evalJS[T any](b *tab, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// text is the rendered text of the first element matching css; the test
// fails when there is none.
func (b *tab) text(css string) string {
	b.t.Helper()
	s := evalJS[*string](b, fmt.Sprintf(`(() => { const e = document.querySelector(%s); return e && e.innerText.trim() })()`, jsString(css)))
	if s == nil {
		b.t.Fatalf("no element %s on %s", css, b.path())
	}
	return *s
}

// texts are the rendered texts of all elements matching css.
func (b *tab) texts(css string) []string {
	b.t.Helper()
	return evalJS[[]string](b, fmt.Sprintf(`[...document.querySelectorAll(%s)].map(e => e.innerText.trim())`, jsString(css)))
}

// count is the number of elements matching css.
func (b *tab) count(css string) int {
	b.t.Helper()
	return evalJS[int](b, fmt.Sprintf(`document.querySelectorAll(%s).length`, jsString(css)))
}

// attr is an attribute of the first element matching css ("", false when
// the element or the attribute is missing).
func (b *tab) attr(css, name string) (string, bool) {
	b.t.Helper()
	s := evalJS[*string](b, fmt.Sprintf(`(() => { const e = document.querySelector(%s); return e && e.getAttribute(%s) })()`, jsString(css), jsString(name)))
	if s == nil {
		return "", false
	}
	return *s, true
}

// value is the current value of a form field.
func (b *tab) value(css string) string {
	b.t.Helper()
	s := evalJS[*string](b, fmt.Sprintf(`(() => { const e = document.querySelector(%s); return e && e.value })()`, jsString(css)))
	if s == nil {
		b.t.Fatalf("no field %s on %s", css, b.path())
	}
	return *s
}

// path is the path and query of the page.
func (b *tab) path() string {
	b.t.Helper()
	return evalJS[string](b, `location.pathname + location.search`)
}

// fill replaces a text field's content by typing value into it.
func (b *tab) fill(css, value string) {
	b.t.Helper()
	if !evalJS[bool](b, fmt.Sprintf(`(() => { const e = document.querySelector(%s); if (e) e.value = ''; return !!e })()`, jsString(css))) {
		b.t.Fatalf("no field %s on %s", css, b.path())
	}
	b.do("fill "+css, chromedp.SendKeys(chromedp.CSS(css), value))
}

// press types keys into the focused element (keyboard only, no mouse).
func (b *tab) press(keys string) {
	b.t.Helper()
	b.do(fmt.Sprintf("press %q", keys), chromedp.KeyEvent(keys))
}

// enter presses Enter as a keyboard does: raw key down, character, key up.
// (chromedp.KeyEvent(kb.Enter) sends a key down that Chromium does not
// count as handled when it follows a link, so the character then reaches
// the element the link focused: Enter on an error summary's link would
// also submit the form of the field it leads to.)
func enter() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		key := input.DispatchKeyEventParams{Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
		down, char, up := key, key, key
		down.Type, char.Type, up.Type = input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeChar, input.DispatchKeyEventTypeKeyUp
		char.Text, char.UnmodifiedText = "\r", "\r"
		for _, ev := range []input.DispatchKeyEventParams{down, char, up} {
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, ev); err != nil {
				return err
			}
		}
		return nil
	})
}

// poll reports whether the JavaScript predicate becomes true within
// timeout, checking it at every animation frame. (Runtime.evaluate, unlike
// chromedp.Poll, needs no execution context id, which a fragment
// navigation can retire.)
func (b *tab) poll(predicate string, timeout time.Duration) bool {
	b.t.Helper()
	expr := fmt.Sprintf(`new Promise(resolve => {
	  const until = performance.now() + %d;
	  const check = () => {
	    if (%s) return resolve(true);
	    if (performance.now() > until) return resolve(false);
	    requestAnimationFrame(check);
	  };
	  check();
	})`, timeout.Milliseconds(), predicate)
	ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("wait for %s: %v", predicate, err)
	}
	return ok
}

// waitFor waits up to 10 s until the JavaScript predicate is true.
func (b *tab) waitFor(what, predicate string) {
	b.t.Helper()
	if !b.poll(predicate, 20*time.Second) {
		b.t.Fatalf("waited 10 s for %s (%s)", what, predicate)
	}
}

// expectFocus checks that the element with id gets focus (within 2 s:
// autofocus happens after the load event).
func (b *tab) expectFocus(id, what string) {
	b.t.Helper()
	if !b.poll(fmt.Sprintf(`document.activeElement && document.activeElement.id === %s`, jsString(id)), 5*time.Second) {
		b.t.Errorf("focus is on %s, want it on %s (#%s)", b.focused(), what, id)
	}
}

// focus describes the focused element and whether its focus can be seen.
type focus struct {
	ID        string `json:"id"`
	Tag       string `json:"tag"`
	Class     string `json:"class"`
	Text      string `json:"text"`
	Indicator bool   `json:"indicator"` // an outline or a box shadow is drawn
	OnScreen  bool   `json:"onScreen"`  // inside the viewport
}

func (f focus) String() string {
	return fmt.Sprintf("<%s id=%q class=%q> %q", f.Tag, f.ID, f.Class, f.Text)
}

const focusJS = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return {tag: 'body'};
  const cs = getComputedStyle(e), r = e.getBoundingClientRect();
  return {
    id: e.id, tag: e.tagName.toLowerCase(), class: e.className || '',
    text: (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 60),
    indicator: (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none',
    onScreen: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight,
  };
})()`

func (b *tab) focused() focus {
	b.t.Helper()
	return evalJS[focus](b, focusJS)
}

// tabTo presses Tab until the element with id has focus, at most max times.
func (b *tab) tabTo(id string, max int) {
	b.t.Helper()
	var seen []string
	for range max {
		b.press(kb.Tab)
		f := b.focused()
		if f.ID == id {
			return
		}
		seen = append(seen, f.String())
	}
	b.t.Fatalf("Tab did not reach #%s in %d presses; focus went to:\n  %s", id, max, strings.Join(seen, "\n  "))
}

// login signs in through the login form and lands on the dashboard.
func (b *tab) login(email string) { b.loginTo(email, "dashboard", "/") }

// loginTo opens path as a visitor, is sent to the login form, signs in and
// lands back on path (kind names that page for axe).
func (b *tab) loginTo(email, kind, path string) {
	b.t.Helper()
	b.open("login", "/login?next="+url.QueryEscape(path))
	b.fill("#f-email", email)
	b.fill("#f-password", demoPassword)
	if st := b.follow(kind, click(`form[action="/login"] button[type=submit]`)); st != 200 {
		b.t.Fatalf("log in as %s: status %d, page says %q", email, st, b.text("main"))
	}
	if p := b.path(); p != path {
		b.t.Fatalf("log in as %s: landed on %s, want %s", email, p, path)
	}
}

// navTexts are the links of the main navigation.
func (b *tab) navTexts() []string {
	b.t.Helper()
	return b.texts("nav.main-nav a")
}

// digits keeps the digits of s: "6 619 ill." → "6619".
func digits(s string) string {
	var out strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			out.WriteRune(r)
		}
	}
	return out.String()
}

// factRow is one municipality's row of a service page's facts table.
type factRow struct {
	ID           string   `json:"id"`           // "m<municipality id>"
	Name         string   `json:"name"`         // municipality name
	Illustrative bool     `json:"illustrative"` // badge shown
	Cells        []string `json:"cells"`
	Cases        string   `json:"cases"` // the annual cases as shown, without the source
	Links        []struct {
		Text string `json:"text"`
		Href string `json:"href"`
	} `json:"links"`
}

// link returns the href of the row's link whose text starts with text.
func (r factRow) link(text string) (string, bool) {
	for _, l := range r.Links {
		if strings.HasPrefix(l.Text, text) {
			return l.Href, true
		}
	}
	return "", false
}

// municipalityID is the id in the row's id attribute.
func (r factRow) municipalityID() string { return strings.TrimPrefix(r.ID, "m") }

const factRowsJS = `[...document.querySelectorAll('table.facts tbody tr')].map(tr => {
  const th = tr.querySelector('th'), tds = [...tr.querySelectorAll('td')];
  return {
    id: tr.id,
    name: th.firstChild.textContent.trim(),
    illustrative: !!th.querySelector('.badge.illustrative'),
    cells: tds.map(td => td.innerText.trim()),
    cases: tds.length > 2 ? tds[1].firstChild.textContent.trim() : '',
    links: [...tr.querySelectorAll('a')].map(a => ({text: a.textContent.trim(), href: a.getAttribute('href')})),
  };
})`

// factRows reads the facts table of a service page, by municipality name.
func (b *tab) factRows() map[string]factRow {
	b.t.Helper()
	rows := evalJS[[]factRow](b, factRowsJS)
	if len(rows) == 0 {
		b.t.Fatalf("no facts table on %s", b.path())
	}
	out := map[string]factRow{}
	for _, r := range rows {
		if _, dup := out[r.Name]; dup && !r.Illustrative {
			continue // a successor with a 2017 municipality's name (Ørland, Åfjord, Osen)
		}
		out[r.Name] = r
	}
	return out
}
