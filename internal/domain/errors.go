// Package domain holds the vocabulary every module shares: error kinds,
// roles and the principal acting, and the clock.
package domain

import (
	"errors"
	"fmt"
)

// Kind classifies an error for the layers above the domain: the web adapter
// maps each kind to one HTTP status, the CLI to one exit message.
type Kind int

// The error kinds. Internal is the zero value so that an unclassified error
// never leaks as something more specific.
const (
	KindInternal Kind = iota
	KindInvalid
	KindNotFound
	KindConflict
	KindUnauthorized
	KindForbidden
)

func (k Kind) String() string {
	switch k {
	case KindInvalid:
		return "invalid"
	case KindNotFound:
		return "not_found"
	case KindConflict:
		return "conflict"
	case KindUnauthorized:
		return "unauthorized"
	case KindForbidden:
		return "forbidden"
	}
	return "internal"
}

// FieldError points at one field (or one cell of an import) that is wrong.
// Code is a translation key; Params fill its placeholders in order.
type FieldError struct {
	Field  string `json:"field"`
	Code   string `json:"code"`
	Params []any  `json:"params,omitempty"`
}

// Error is the error type services return. Code is a translation key so that
// the message reaches the user in their language; Err keeps the cause for
// the log and is never shown.
type Error struct {
	Kind   Kind
	Code   string
	Params []any
	Fields []FieldError
	Err    error
}

func (e *Error) Error() string {
	msg := e.Kind.String()
	if e.Code != "" {
		msg += ": " + e.Code
	}
	if len(e.Params) > 0 {
		msg += fmt.Sprint(e.Params)
	}
	for _, f := range e.Fields {
		msg += fmt.Sprintf("; %s: %s%v", f.Field, f.Code, f.Params)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Invalid reports bad input. Give the fields that are wrong where there are any.
func Invalid(code string, fields ...FieldError) error {
	return &Error{Kind: KindInvalid, Code: code, Fields: fields}
}

// NotFound reports that the thing asked for does not exist (or is not
// visible to the caller).
func NotFound(code string, params ...any) error {
	return &Error{Kind: KindNotFound, Code: code, Params: params}
}

// Conflict reports a clash with the current state: a duplicate key or a
// record someone else changed meanwhile.
func Conflict(code string, params ...any) error {
	return &Error{Kind: KindConflict, Code: code, Params: params}
}

// Unauthorized reports a missing or expired login.
func Unauthorized(code string) error {
	return &Error{Kind: KindUnauthorized, Code: code}
}

// Forbidden reports a logged-in principal acting outside their roles;
// params name what was refused (a municipality whose row may not be
// changed) where the message has placeholders.
func Forbidden(code string, params ...any) error {
	return &Error{Kind: KindForbidden, Code: code, Params: params}
}

// Internal wraps an unexpected failure; its detail goes to the log only.
func Internal(err error) error {
	if err == nil {
		return nil
	}
	var de *Error
	if errors.As(err, &de) {
		return err
	}
	return &Error{Kind: KindInternal, Code: "error.internal", Err: err}
}

// KindOf returns the kind of err, KindInternal for errors of other types.
func KindOf(err error) Kind {
	var de *Error
	if errors.As(err, &de) {
		return de.Kind
	}
	return KindInternal
}

// AsError returns the *Error in err's chain, or an internal one wrapping err.
func AsError(err error) *Error {
	var de *Error
	if errors.As(err, &de) {
		return de
	}
	return &Error{Kind: KindInternal, Code: "error.internal", Err: err}
}

// Field builds a FieldError.
func Field(field, code string, params ...any) FieldError {
	return FieldError{Field: field, Code: code, Params: params}
}

// JoinInvalid returns one invalid error naming fields and, when err is an
// invalid error as well, its fields after them, except those at a field
// fields already names: a door that could not read some of its input
// still shows the value's own checks of the rest, every error at once,
// and a field it could not read is not blamed twice. err of another kind
// is returned as it is; nil when there is nothing wrong.
func JoinInvalid(fields []FieldError, err error) error {
	if err == nil && len(fields) == 0 {
		return nil
	}
	if err != nil {
		de := AsError(err)
		if de.Kind != KindInvalid || len(fields) == 0 {
			return err
		}
		named := make(map[string]bool, len(fields))
		for _, f := range fields {
			named[f.Field] = true
		}
		fields = fields[:len(fields):len(fields)]
		for _, f := range de.Fields {
			if !named[f.Field] {
				fields = append(fields, f)
			}
		}
	}
	return Invalid("error.invalid_fields", fields...)
}
