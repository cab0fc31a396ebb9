package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Reading the inputs nearly every handler needs, the same way everywhere:
// a record's id in the path, the id of a record a form or query chooses,
// a form's optimistic version, and a number typed in a form.
//
// The rule they keep: a path names the page, so a path id that names no
// record is not found; a form or query field is input, so a value that
// cannot be read is invalid, on its field, and never taken for "none".

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

// formID reads the id of a record that the form or query field name
// chooses (a select's, radio button's or hidden field's value). An absent
// or empty field, or 0 (a select's "none" option), is 0: none chosen,
// which the caller or the manager refuses where one is required. Errors:
// invalid, on the field (field.unknown_choice), for anything else that is
// not a whole number ≥ 0, as no form offers one.
func formID(r *http.Request, name string) (domain.ID, error) {
	return idValue(name, r.FormValue(name))
}

// idValue is formID for a value already taken from the form (one of
// several values of a field, or a value the handler keeps to show again).
func idValue(field, s string) (domain.ID, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 0 {
		return 0, domain.Invalid("error.invalid_fields", domain.Field(field, "field.unknown_choice"))
	}
	return id, nil
}

// formVersion reads the version of the record a form was drawn from, for
// optimistic locking. An absent or empty version is 0 (a record not yet
// stored); anything else that is not a whole number ≥ 0 is invalid, on the
// field "version", instead of being taken for 0 and overwriting a newer
// record.
func formVersion(r *http.Request) (int, error) {
	return versionField(r, "version")
}

// versionField is formVersion for a form that sends its version in the
// field name (the process table's "base").
func versionField(r *http.Request, name string) (int, error) {
	s := strings.TrimSpace(r.FormValue(name))
	if s == "" {
		return 0, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 {
		return 0, domain.Invalid("error.invalid_fields", domain.Field(name, "error.version_invalid"))
	}
	return v, nil
}

// formNumber reads the number typed in a form field (domain.ParseNumber:
// Norwegian or plain notation), text being the field's value. What it
// cannot read adds the parser's code (field.required, field.not_a_number,
// field.out_of_range) to errs on field, and gives 0.
func formNumber(field, text string, errs *[]domain.FieldError) float64 {
	v, code := domain.ParseNumber(text)
	if code != "" {
		*errs = append(*errs, domain.Field(field, code))
	}
	return v
}

// formInt is formNumber for a whole number (domain.ParseInt). Text that
// is no number at all is field.not_an_integer too: the field asks for a
// whole number, so the message says so.
func formInt(field, text string, errs *[]domain.FieldError) int64 {
	v, code := domain.ParseInt(text)
	if code == domain.CodeNotANumber {
		code = domain.CodeNotAnInteger
	}
	if code != "" {
		*errs = append(*errs, domain.Field(field, code))
	}
	return v
}
