package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Reading the two inputs nearly every handler needs, the same way
// everywhere: a record's id in the path and a form's optimistic version.

// pathID reads the record id in the path segment name. An id that is not
// a positive whole number names no record, so it is not found
// (error.page_not_found), as an unknown id would be.
func pathID(r *http.Request, name string) (domain.ID, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.NotFound("error.page_not_found")
	}
	return id, nil
}

// formVersion reads the version of the record a form was drawn from, for
// optimistic locking. An absent or empty version is 0 (a record not yet
// stored); anything else that is not a whole number ≥ 0 is invalid, on the
// field "version", instead of being taken for 0 and overwriting a newer
// record.
func formVersion(r *http.Request) (int, error) {
	s := strings.TrimSpace(r.FormValue("version"))
	if s == "" {
		return 0, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 {
		return 0, domain.Invalid("error.invalid_fields", domain.Field("version", "error.version_invalid"))
	}
	return v, nil
}
