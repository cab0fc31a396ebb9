package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/demo"
	"github.com/tjenestevalg/tjenestevalg/internal/web"
)

// browserOrigin resolves a redirect target as a browser does (the WHATWG
// URL parser, simplified to what matters for the origin): leading and
// trailing C0 controls and spaces are stripped, tabs and newlines dropped
// anywhere, and a backslash read as a slash in an http(s) URL. It returns
// the scheme and host the browser would go to from a page of
// https://app.example, or "" when the target does not parse.
func browserOrigin(target string) string {
	target = strings.TrimFunc(target, func(r rune) bool { return r <= 0x20 })
	target = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(target)
	if u, err := url.Parse(target); err == nil && u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return u.Scheme + ":" // javascript:, data: … are never this site
	}
	target = strings.ReplaceAll(target, `\`, "/")
	base, _ := url.Parse("https://app.example/login")
	u, err := base.Parse(target)
	if err != nil {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

const appOrigin = "https://app.example"

// redirectCases are targets a user may put in ?next= or the next field:
// the known ways to leave the site, and paths that must stay as they are.
var redirectCases = []struct {
	next string
	keep bool
}{
	// Paths of the app.
	{"/", true},
	{"/services", true},
	{"/services/byggesak-ettrinns/processes/3/table?saved=2#s-Task_1", true},
	{"/priority/assignments?municipality=3&done=assigned#assign-list-h", true},
	{"/services?q=%2F%2Fevil.example", true}, // a slash in the query is no authority
	{"/services/a%20b", true},
	{"/søk/tjenester", true},
	{"/／evil.example", true},   // a fullwidth solidus is a path character on this site
	{"/.//evil.example", true}, // dot segments are removed within this site's path
	{"/%2e%2e//evil.example", true},
	{"/ /evil.example", true}, // an inner space is encoded, not stripped

	// Another origin or no path at all.
	{"", false},
	{"services", false},
	{"//evil.example", false},
	{"///evil.example", false},
	{`/\evil.example`, false},
	{`\/evil.example`, false},
	{`\\evil.example`, false},
	{"/\t/evil.example/phish", false}, // the probe's ?next=/%09/evil.example/phish
	{"/\n/evil.example", false},
	{"/\r/evil.example", false},
	{"/%09/evil.example/phish", false}, // ?next=/%2509/… : one decoding away
	{"/%0a/evil.example", false},
	{"/%0D/evil.example", false},
	{"/%5Cevil.example", false},
	{"/%5cevil.example", false},
	{"/%2F/evil.example", false},
	{"/%2fevil.example", false},
	{"%2F%2Fevil.example", false},
	{"https://evil.example", false},
	{"http:evil.example", false},
	{"javascript:alert(1)", false},
	{"JaVaScRiPt:alert(1)", false},
	{"data:text/html,<script>alert(1)</script>", false},
	{" //evil.example", false},
	{"\x00//evil.example", false},
	{"//evil.example%00", false},
	{"/evil\x00", false},
	{"/evil%00", false},
	{"/evil\x7f", false},
	{"/evil%7F", false},
	{"/\x1b/evil.example", false},
	{"/%zz", false},        // not a URL
	{"/\xff\xfe", false},   // not UTF-8
	{"/services\\", false}, // a backslash anywhere
	{"/" + strings.Repeat("a", web.MaxNextLength), false},
}

// TestLocalPath checks the one rule for user-given redirect targets: every
// known bypass falls back to "/", the app's own addresses stay, and
// whatever comes out a browser resolves on this site.
func TestLocalPath(t *testing.T) {
	for _, c := range redirectCases {
		got := web.LocalPath(c.next)
		want := "/"
		if c.keep {
			want = c.next
		}
		if got != want {
			t.Errorf("localPath(%q) = %q, want %q", c.next, got, want)
		}
		if o := browserOrigin(got); o != appOrigin {
			t.Errorf("localPath(%q) = %q, which a browser follows to %q", c.next, got, o)
		}
	}
}

// TestBrowserOrigin checks the test's browser model on the probe's
// findings: they do lead elsewhere.
func TestBrowserOrigin(t *testing.T) {
	for _, target := range []string{"//evil.example", "/\t/evil.example", `/\evil.example`, `\/evil.example`,
		" //evil.example", "/\n/evil.example", "https://evil.example", "javascript:alert(1)"} {
		if o := browserOrigin(target); o == appOrigin {
			t.Errorf("browserOrigin(%q) = %q; the model misses a way out", target, o)
		}
	}
	for _, target := range []string{"/", "/.//evil.example", "/／evil.example", "/%09/evil.example"} {
		if o := browserOrigin(target); o != appOrigin {
			t.Errorf("browserOrigin(%q) = %q, want this site", target, o)
		}
	}
}

// wantTarget checks a redirect the app sent for next: on this site, no
// control character, and "/" when localPath refuses next.
func wantTarget(t *testing.T, door, next string, keep bool, got string) {
	t.Helper()
	if o := browserOrigin(got); o != appOrigin {
		t.Errorf("%s with next %q: redirect to %q, which a browser follows to %q", door, next, got, o)
	}
	if hasControlOrBackslash(got) {
		t.Errorf("%s with next %q: redirect to %q", door, next, got)
	}
	if !keep && got != "/" {
		t.Errorf("%s with next %q: redirect to %q, want /", door, next, got)
	}
}

func hasControlOrBackslash(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' })
}

// htmxPost sends a form as htmx does.
func (c *client) htmxPost(path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	form.Set("csrf_token", c.csrf)
	req, _ := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	return c.do(req)
}

// TestRedirectsStayOnSite sends every case of redirectCases through each
// door that redirects to a user's target: the login page when logged in,
// a successful login (form and htmx) and the language switch (form and
// htmx, anonymous and logged in).
func TestRedirectsStayOnSite(t *testing.T) {
	const email = "observator@fosen.example"
	anon, user := newClient(t), login(t, email)
	for _, c := range redirectCases {
		res, _ := user.get("/login?next=" + url.QueryEscape(c.next))
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("GET /login with next %q: status %d, want 303", c.next, res.StatusCode)
		}
		wantTarget(t, "GET /login", c.next, c.keep, res.Header.Get("Location"))

		for _, lc := range []*client{anon, user} {
			res, _ = lc.post("/lang", url.Values{"lang": {"nb"}, "next": {c.next}})
			if res.StatusCode != http.StatusSeeOther {
				t.Errorf("POST /lang with next %q: status %d, want 303", c.next, res.StatusCode)
			}
			wantTarget(t, "POST /lang", c.next, c.keep, res.Header.Get("Location"))
			res, _ = lc.htmxPost("/lang", url.Values{"lang": {"nb"}, "next": {c.next}})
			if res.StatusCode != http.StatusNoContent {
				t.Errorf("POST /lang (htmx) with next %q: status %d, want 204", c.next, res.StatusCode)
			}
			wantTarget(t, "POST /lang (htmx)", c.next, c.keep, res.Header.Get("HX-Redirect"))
		}
	}
	// The probe's request, byte for byte.
	res, _ := user.get("/login?next=/%09/evil.example/phish")
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/" {
		t.Errorf("GET /login?next=/%%09/evil.example/phish: status %d to %q, want 303 to /", res.StatusCode, loc)
	}
	// The login form carries only a kept target on to its post (the
	// language form's next is this page's own address).
	res, body := anon.get("/login?next=/%09/evil.example/phish")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `<input type="hidden" name="next" value="/">`) {
		t.Errorf("login form with a hostile next: status %d, the form's next is not /", res.StatusCode)
	}

	// A successful login, for a sample (each login hashes a password).
	for i, c := range redirectCases {
		if !c.keep && i%3 != 0 && !strings.Contains(c.next, "\t") {
			continue
		}
		lc := newClient(t)
		form := url.Values{"email": {email}, "password": {demo.Password}, "next": {c.next}}
		if i%2 == 0 {
			res, _ := lc.post("/login", form)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("POST /login with next %q: status %d, want 303", c.next, res.StatusCode)
			}
			wantTarget(t, "POST /login", c.next, c.keep, res.Header.Get("Location"))
		} else {
			res, _ := lc.htmxPost("/login", form)
			if res.StatusCode != http.StatusNoContent {
				t.Fatalf("POST /login (htmx) with next %q: status %d, want 204", c.next, res.StatusCode)
			}
			wantTarget(t, "POST /login (htmx)", c.next, c.keep, res.Header.Get("HX-Redirect"))
		}
	}
}
