package web

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

type changesData struct {
	Review catalogue.ChangeReview
	// Choice is the answer each radio group ("c.<slug>.<field>") had when
	// the form is shown again after an error.
	Choice   map[string]string
	Accepted string // after a save: how many fields were taken …
	Kept     string // … and kept
}

// Chosen returns a field's answer, for the template.
func (d changesData) Chosen(slug, field string) string { return d.Choice[changeKey(slug, field)] }

// Key names a field's radio group, for the template.
func (d changesData) Key(slug, field string) string { return changeKey(slug, field) }

func changeKey(slug, field string) string { return "c." + slug + "." + field }

func (s *Server) renderChanges(w http.ResponseWriter, r *http.Request, status int, choice map[string]string, ferr error) error {
	rc := reqOf(r)
	review, err := s.Catalogue.CatalogueChanges(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	d := changesData{Review: review, Choice: choice}
	if status == http.StatusOK {
		d.Accepted, d.Kept = q.Get("accepted"), q.Get("kept")
		if _, err := strconv.Atoi(d.Accepted); err != nil {
			d.Accepted, d.Kept = "", ""
		} else if _, err := strconv.Atoi(d.Kept); err != nil {
			d.Accepted, d.Kept = "", ""
		}
	}
	p := s.newPage(r, "services", rc.Lang.T("changes.title"), d)
	if ferr != nil {
		p.Errors, p.Message = fieldErrors(rc.Lang, ferr)
	}
	return s.render(w, r, status, "catalogue_changes", p)
}

// catalogueChanges shows the open catalogue's corrections waiting for the
// programme lead's review.
func (s *Server) catalogueChanges(w http.ResponseWriter, r *http.Request) error {
	return s.renderChanges(w, r, http.StatusOK, nil, nil)
}

// decideChanges applies the answers of the review form: each radio group
// "c.<slug>.<field>" is accept, keep or later (nothing), "v.<slug>" the
// service's version the page showed; "accept_all" names a service all of
// whose offered fields are taken.
func (s *Server) decideChanges(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	if !catalogue.CanReviewChanges(rc.Principal) {
		return domain.Forbidden("auth.forbidden")
	}
	if err := r.ParseForm(); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	all := r.PostForm.Get("accept_all")
	var choices []catalogue.ChangeChoice
	choice := map[string]string{}
	version := func(slug string) (int, error) { return versionField(r, "v."+slug) }
	if all != "" {
		review, err := s.Catalogue.CatalogueChanges(r.Context(), rc.Principal)
		if err != nil {
			return err
		}
		v, err := version(all)
		if err != nil {
			return err
		}
		found := false
		for _, o := range review.Offers {
			if o.Service.Slug != all {
				continue
			}
			found = true
			for _, f := range o.Fields {
				choices = append(choices, catalogue.ChangeChoice{Slug: all, Version: v, Field: f.Field, Accept: true})
			}
		}
		if !found {
			return domain.NotFound("catalogue.service_not_found")
		}
	}
	for _, key := range slices.Sorted(maps.Keys(r.PostForm)) {
		vals := r.PostForm[key]
		rest, ok := strings.CutPrefix(key, "c.")
		if !ok || len(vals) == 0 {
			continue
		}
		slug, field, ok := strings.Cut(rest, ".")
		if !ok || slug == all {
			continue
		}
		choice[key] = vals[0]
		var accept bool
		switch vals[0] {
		case "accept":
			accept = true
		case "keep":
		case "", "later":
			continue
		default:
			return s.renderChanges(w, r, http.StatusUnprocessableEntity, choice,
				domain.Invalid("error.invalid_fields", domain.Field(key, "field.one_of", "accept, keep, later")))
		}
		v, err := version(slug)
		if err != nil {
			return err
		}
		choices = append(choices, catalogue.ChangeChoice{Slug: slug, Version: v, Field: field, Accept: accept})
	}
	res, err := s.Catalogue.DecideChanges(r.Context(), rc.Principal, choices)
	if domain.KindOf(err) == domain.KindInvalid {
		// A choice the manager names by its index is shown at its radio
		// group.
		de := *domain.AsError(err)
		de.Fields = slices.Clone(de.Fields)
		for i, fe := range de.Fields {
			var n int
			if _, serr := fmt.Sscanf(fe.Field, "changes[%d]", &n); serr == nil && n >= 0 && n < len(choices) {
				de.Fields[i].Field = changeKey(choices[n].Slug, choices[n].Field)
			}
		}
		return s.renderChanges(w, r, http.StatusUnprocessableEntity, choice, &de)
	}
	if err != nil {
		return err
	}
	q := url.Values{"accepted": {strconv.Itoa(res.Accepted)}, "kept": {strconv.Itoa(res.Kept)}}
	return redirect(w, r, "/catalogue/changes?"+q.Encode())
}
