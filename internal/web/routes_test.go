package web

import (
	"slices"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// TestUploadRoutesDeclareTheirLimit pins which routes accept a file: they
// and only they take bodies beyond the default limit, the process models
// as large as the configured BPMN limit allows.
func TestUploadRoutesDeclareTheirLimit(t *testing.T) {
	uploads := []string{
		"POST /import",
		"POST /services/{slug}/processes",
		"POST /services/{slug}/processes/editor",
		"POST /services/{slug}/plan/import",
		"POST /procurement/{tender}/documents",
		"POST /procurement/{tender}/documents/{doc}/versions",
		"POST /portal/tenders/{tender}/bid",
	}
	processes := process.NewManager(nil, nil, domain.SystemClock{})
	processes.SetMaxFileSize(100 << 20)
	bpmn := int64(3*100<<20 + 1<<20)
	s := &Server{Deps: Deps{Processes: processes}}
	seen := map[string]bool{}
	for _, rt := range s.routeTable() {
		key := rt.Method + " " + rt.Pattern
		if seen[key] {
			t.Errorf("route %s is listed twice", key)
		}
		seen[key] = true
		want := int64(0)
		if key == "POST /eventlogs" {
			want = maxEventLogUpload // an event log or a Noark 5 extract
		}
		if slices.Contains(uploads, key) {
			want = maxUpload
			if strings.Contains(key, "/processes") {
				want = bpmn
			}
		}
		if rt.Limit != want {
			t.Errorf("route %s: body limit %d, want %d", key, rt.Limit, want)
		}
	}
	if !seen["POST /eventlogs"] {
		t.Error("the event-log upload route is missing")
	}
	for _, key := range uploads {
		if !seen[key] {
			t.Errorf("upload route %s is missing", key)
		}
	}
}
