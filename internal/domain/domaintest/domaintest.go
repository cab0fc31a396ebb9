// Package domaintest holds the assertions about domain errors that the
// service and store tests of every module share.
package domaintest

import (
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Must fails the test at once on an unexpected error.
func Must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// WantErr fails the test unless err has kind want (and code, when given).
func WantErr(t testing.TB, err error, want domain.Kind, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want %v %s", want, code)
	}
	de := domain.AsError(err)
	if de.Kind != want || (code != "" && de.Code != code) {
		t.Fatalf("err = %v, want %v %s", err, want, code)
	}
}
