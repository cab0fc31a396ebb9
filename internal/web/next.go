package web

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// maxNextLength bounds a redirect target taken from the user; no page of
// the app has a longer address, and a header of any length is not ours to
// send.
const maxNextLength = 2048

// localPath returns p when it is a path on this site, and "/" otherwise.
// It guards every redirect to a target the user gave (?next=, the form's
// next field): a browser reads a Location or HX-Redirect leniently — it
// drops tabs and newlines anywhere, strips leading control characters and
// spaces, and takes "\" for "/" — so "/\t/evil.example" or "/\evil.example"
// lead to another site although they start with one slash. Accepted is only
// what no such reading can turn into another origin: one leading "/" not
// followed by "/" or "\", no backslash and no control character (C0, DEL)
// anywhere, neither as they are nor once percent-decoded (a proxy or a
// later redirect may decode %2F, %5C, %09), valid UTF-8, and a reference
// net/url reads as a path without scheme or authority. Dot segments and
// non-ASCII characters stay: a browser resolves "/.//x" and "/／x" on this
// site.
func localPath(p string) string {
	if !isLocalPath(p) {
		return "/"
	}
	return p
}

// isLocalPath reports whether localPath keeps p.
func isLocalPath(p string) bool {
	if len(p) > maxNextLength || !utf8.ValidString(p) {
		return false
	}
	decoded, err := url.PathUnescape(p)
	if err != nil {
		return false
	}
	for _, s := range []string{p, decoded} {
		if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.ContainsRune(s, '\\') || hasControl(s) {
			return false
		}
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Opaque == "" && u.User == nil && u.Host == "" &&
		strings.HasPrefix(u.Path, "/")
}

// hasControl reports whether s holds an ASCII control character (C0 or
// DEL), which browsers drop or strip from URLs.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}
