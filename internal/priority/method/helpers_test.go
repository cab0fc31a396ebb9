package method

import (
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// hasField reports whether err is invalid with the field and code.
func hasField(err error, field, code string) bool {
	if err == nil || domain.KindOf(err) != domain.KindInvalid {
		return false
	}
	for _, f := range domain.AsError(err).Fields {
		if f.Field == field && f.Code == code {
			return true
		}
	}
	return false
}

func mustNoErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
