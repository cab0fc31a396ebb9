package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// The processes API pages the models of a service (one per municipality
// and two shared): limit per page by default and at most.
const (
	apiProcessesLimit    = 50
	apiProcessesMaxLimit = 200
)

// pageParams reads ?limit and ?offset: whole numbers, limit from 1 to max
// (default def), offset from 0. Errors: invalid, on the parameter.
func pageParams(r *http.Request, def, max int) (limit, offset int, err error) {
	limit = def
	var errs []domain.FieldError
	if v := r.URL.Query().Get("limit"); v != "" {
		n, code := domain.ParseInt(v)
		switch {
		case code != "":
			errs = append(errs, domain.Field("limit", code))
		case n < 1 || n > int64(max):
			errs = append(errs, domain.Field("limit", "field.between", 1, max))
		default:
			limit = int(n)
		}
	}
	if v := r.URL.Query().Get("offset"); v != "" {
		n, code := domain.ParseInt(v)
		switch {
		case code != "":
			errs = append(errs, domain.Field("offset", code))
		case n < 0 || n > 1<<31:
			errs = append(errs, domain.Field("offset", "field.between", 0, 1<<31))
		default:
			offset = int(n)
		}
	}
	if len(errs) > 0 {
		return 0, 0, domain.Invalid("error.invalid_fields", errs...)
	}
	return limit, offset, nil
}

// nextPage is the URL of the page of the same request from offset on.
func nextPage(r *http.Request, limit, offset int) *string {
	q := url.Values{}
	q.Set("limit", strconv.Itoa(limit))
	q.Set("offset", strconv.Itoa(offset))
	u := r.URL.Path + "?" + q.Encode()
	return &u
}
