package web

import (
	"slices"
	"testing"
)

// TestUploadRoutesDeclareTheirLimit pins which routes accept a file: they
// and only they take bodies beyond the default limit.
func TestUploadRoutesDeclareTheirLimit(t *testing.T) {
	uploads := []string{
		"POST /import",
		"POST /services/{slug}/processes",
		"POST /services/{slug}/processes/editor",
		"POST /services/{slug}/plan/import",
	}
	s := &Server{}
	seen := map[string]bool{}
	for _, rt := range s.routeTable() {
		key := rt.Method + " " + rt.Pattern
		if seen[key] {
			t.Errorf("route %s is listed twice", key)
		}
		seen[key] = true
		want := int64(0)
		if slices.Contains(uploads, key) {
			want = maxUpload
		}
		if rt.Limit != want {
			t.Errorf("route %s: body limit %d, want %d", key, rt.Limit, want)
		}
	}
	for _, key := range uploads {
		if !seen[key] {
			t.Errorf("upload route %s is missing", key)
		}
	}
}
