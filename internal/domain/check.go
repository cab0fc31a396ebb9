package domain

import (
	"strings"
	"unicode/utf8"
)

// The checks every module's validation shares. Each appends a field error
// to errs when the value fails and returns errs, so that a Validate method
// reads as a list of its rules.

// Required fails an empty value with "field.required".
func Required(errs []FieldError, field, v string) []FieldError {
	if v == "" {
		return append(errs, Field(field, "field.required"))
	}
	return errs
}

// OneOf fails a value outside allowed: "field.required" when empty, else
// "field.one_of" with the allowed values.
func OneOf(errs []FieldError, field, v string, allowed []string) []FieldError {
	for _, a := range allowed {
		if v == a {
			return errs
		}
	}
	if v == "" {
		return append(errs, Field(field, "field.required"))
	}
	return append(errs, Field(field, "field.one_of", strings.Join(allowed, ", ")))
}

// MaxLen fails a text longer than n characters with "field.too_long".
func MaxLen(errs []FieldError, field, v string, n int) []FieldError {
	if utf8.RuneCountInString(v) > n {
		return append(errs, Field(field, "field.too_long", n))
	}
	return errs
}
