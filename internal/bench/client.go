package bench

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// ErrNotLoopback is returned for a target that is not this machine: the
// benchmark clients only load a server of one's own.
var ErrNotLoopback = errors.New("bench: only a server on this machine (127.0.0.1, localhost or ::1) may be loaded")

// ParseTarget parses a base URL and refuses any whose host is not
// 127.0.0.1, localhost or ::1, or whose scheme is not http or https.
func ParseTarget(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("bench: --url %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("bench: --url %q: the scheme must be http or https", raw)
	}
	switch strings.ToLower(u.Hostname()) {
	case "127.0.0.1", "localhost", "::1":
	default:
		return nil, fmt.Errorf("%w; not %q", ErrNotLoopback, u.Hostname())
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("bench: --url %q: give only scheme, host, port and path", raw)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u, nil
}

// Client is a logged-in user of the server under test. It does not follow
// redirects, so that a page that sends the user to the login form counts as
// an error rather than as a fast page.
type Client struct {
	HTTP *http.Client
	base *url.URL
	csrf string
	// ForwardedFor, when set, is sent as X-Forwarded-For: many users
	// behind one load balancer, each with their own address (the server
	// must trust the client's address as a proxy).
	ForwardedFor string
}

// NewClient returns a client of the server at base (see ParseTarget) with
// its own cookies and enough idle connections for conns concurrent
// requests.
func NewClient(base *url.URL, conns int) *Client {
	jar, _ := cookiejar.New(nil) // never fails without options
	tr := &http.Transport{
		Proxy:               nil, // never send the load through a proxy
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     90 * time.Second,
	}
	return &Client{
		base: base,
		HTTP: &http.Client{
			Transport:     tr,
			Jar:           jar,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
}

// URL returns the absolute URL of path on the server.
func (c *Client) URL(path string) string {
	u := *c.base
	p, q, _ := strings.Cut(path, "?")
	u.Path = c.base.Path + p
	u.RawQuery = q
	return u.String()
}

// Close releases the client's idle connections.
func (c *Client) Close() { c.HTTP.CloseIdleConnections() }

// csrfField finds the hidden csrf_token field of a form or the layout's
// csrf-token meta element.
var csrfField = regexp.MustCompile(`name="csrf(?:_token|-token)" (?:value|content)="([^"]+)"`)

// get fetches path and returns its status and body.
func (c *Client) get(ctx context.Context, path string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.URL(path), nil)
	if err != nil {
		return 0, nil, err
	}
	c.forwarded(req)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}

// refreshCSRF reads the token forms must send back from path's page.
func (c *Client) refreshCSRF(ctx context.Context, path string) error {
	status, body, err := c.get(ctx, path)
	if err != nil {
		return fmt.Errorf("bench: GET %s: %w", path, err)
	}
	if status != http.StatusOK {
		return fmt.Errorf("bench: GET %s: status %d", path, status)
	}
	m := csrfField.FindSubmatch(body)
	if m == nil {
		return fmt.Errorf("bench: GET %s: no CSRF token on the page", path)
	}
	c.csrf = html.UnescapeString(string(m[1]))
	return nil
}

// Login signs in as a browser does: it fetches the login form for its CSRF
// token and posts the form. It returns an error when the server does not
// answer with a redirect and a session cookie.
func (c *Client) Login(ctx context.Context, email, password string) error {
	if err := c.refreshCSRF(ctx, "/login"); err != nil {
		return err
	}
	form := url.Values{"email": {email}, "password": {password}, "csrf_token": {c.csrf}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL("/login"), strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	c.forwarded(req)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("bench: log in: %w", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || !hasSession(resp.Cookies()) {
		return fmt.Errorf("bench: log in as %s: status %d without a session (wrong e-mail or password?)", email, resp.StatusCode)
	}
	// The session has its own CSRF token; every page of a signed-in user
	// carries it, and the accessibility statement is the cheapest page.
	return c.refreshCSRF(ctx, "/accessibility")
}

func (c *Client) forwarded(req *http.Request) {
	if c.ForwardedFor != "" {
		req.Header.Set("X-Forwarded-For", c.ForwardedFor)
	}
}

// PostForm posts a form with the session's CSRF token and returns the
// status and body.
func (c *Client) PostForm(ctx context.Context, path string, form url.Values, accept string) (int, []byte, error) {
	form.Set("csrf_token", c.csrf)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL(path), strings.NewReader(form.Encode()))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	c.forwarded(req)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}

func hasSession(cookies []*http.Cookie) bool {
	for _, ck := range cookies {
		if (ck.Name == "tv_session" || ck.Name == "__Host-tv_session") && ck.Value != "" {
			return true
		}
	}
	return false
}
