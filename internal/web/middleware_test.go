package web

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

// The login limit counts by client: behind a trusted load balancer that
// is the nearest untrusted hop of X-Forwarded-For; a header sent by anyone
// else, or hops a client wrote itself, change nothing.
func TestClientIP(t *testing.T) {
	s := &Server{Deps: Deps{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.7/32")}}}
	for _, c := range []struct {
		name, remote, xff, want string
	}{
		{"direct", "203.0.113.9:5000", "", "203.0.113.9"},
		{"direct, forged header", "203.0.113.9:5000", "198.51.100.1", "203.0.113.9"},
		{"through the balancer", "10.1.2.3:5000", "198.51.100.1", "198.51.100.1"},
		{"client-written hop before the real one", "10.1.2.3:5000", "1.1.1.1, 198.51.100.1", "198.51.100.1"},
		{"two trusted proxies", "10.1.2.3:5000", "198.51.100.1, 192.0.2.7", "198.51.100.1"},
		{"balancer without header", "10.1.2.3:5000", "", "10.1.2.3"},
		{"garbage hop", "10.1.2.3:5000", "not-an-ip", "not-an-ip"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = c.remote
			if c.xff != "" {
				r.Header.Set("X-Forwarded-For", c.xff)
			}
			if got := s.clientIP(r); got != c.want {
				t.Errorf("clientIP = %q, want %q", got, c.want)
			}
		})
	}
}
