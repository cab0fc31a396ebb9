package catalogue

import (
	"slices"
	"strconv"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// OpenVersion is one published version of the open catalogue: its name
// (e.g. "2026-12") and its services. The change set compares a
// collaboration's services with the current version and names the earlier
// version a value came from; the versions are values given to the
// Manager, so that tests and the app choose them.
type OpenVersion struct {
	Version  string
	Services []Service
}

// ChangeFields are the fields of a service the open catalogue's
// corrections are offered for, in the order they are shown. The names
// are the service's JSON names (translated under "field.<name>").
var ChangeFields = []string{"name_nb", "name_en", "description", "mandated", "legal_basis", "kostra_function", "notes"}

// Origins of a collaboration's value that differs from the current
// catalogue.
const (
	// OriginEarlier: the value is the one an earlier version of the open
	// catalogue had (the collaboration loaded it and never changed it).
	OriginEarlier = "earlier"
	// OriginEdited: no version of the open catalogue had the value; the
	// collaboration wrote it itself.
	OriginEdited = "edited"
)

// FieldOffer is one field whose value in the collaboration differs from
// the current open catalogue, as display text.
type FieldOffer struct {
	Field   string `json:"field"`
	Old     string `json:"old"` // the collaboration's value
	New     string `json:"new"` // the current catalogue's value
	Origin  string `json:"origin"`
	Version string `json:"version,omitempty"` // the earlier version Old came from (OriginEarlier)
}

// ServiceOffer is one service of the collaboration with the fields the
// current open catalogue would change.
type ServiceOffer struct {
	Service Service      `json:"service"`
	Fields  []FieldOffer `json:"fields"`
}

// Decision is a programme lead's "keep" of a field: the collaboration
// keeps its own value against the catalogue value Kept, and the field is
// not offered again until the catalogue's value differs from Kept.
type Decision struct {
	Slug    string    `json:"slug"`
	Field   string    `json:"field"`
	Kept    string    `json:"kept"`    // the catalogue value kept against, as display text
	Version string    `json:"version"` // the open catalogue version of Kept
	UserID  domain.ID `json:"user_id,omitempty"`
	At      time.Time `json:"at"`
}

// FieldValue returns a change field of s as display text: legal
// references in the form notation, mandated as "true" or "false", ""
// for a field that is not a change field.
func FieldValue(s Service, field string) string {
	switch field {
	case "name_nb":
		return s.NameNB
	case "name_en":
		return s.NameEN
	case "description":
		return s.Description
	case "mandated":
		return strconv.FormatBool(s.Mandated)
	case "legal_basis":
		return FormatLegalBasis(s.LegalBasis)
	case "kostra_function":
		return s.KostraFunction
	case "notes":
		return s.Notes
	}
	return ""
}

// copyField sets field of s to its value in from.
func copyField(s *Service, from Service, field string) {
	switch field {
	case "name_nb":
		s.NameNB = from.NameNB
	case "name_en":
		s.NameEN = from.NameEN
	case "description":
		s.Description = from.Description
	case "mandated":
		s.Mandated = from.Mandated
	case "legal_basis":
		s.LegalBasis = slices.Clone(from.LegalBasis)
	case "kostra_function":
		s.KostraFunction = from.KostraFunction
	case "notes":
		s.Notes = from.Notes
	}
}

// ChangeSet compares the collaboration's services with the current open
// catalogue, matched by slug, and returns, in the collaboration's order,
// every service with a field whose value differs from the current one,
// unless a decision kept that field against the current value. Services
// the catalogue does not have are the collaboration's own and never
// offered. earlier lists the catalogue's previous versions, oldest first;
// a value one of them had is marked OriginEarlier with the newest such
// version.
func ChangeSet(services []Service, current OpenVersion, earlier []OpenVersion, kept []Decision) []ServiceOffer {
	cur := bySlug(current.Services)
	past := make([]map[string]Service, len(earlier))
	for i, v := range earlier {
		past[i] = bySlug(v.Services)
	}
	type key struct{ slug, field string }
	decided := make(map[key]string, len(kept))
	for _, d := range kept {
		decided[key{d.Slug, d.Field}] = d.Kept
	}
	var out []ServiceOffer
	for _, s := range services {
		c, ok := cur[s.Slug]
		if !ok {
			continue
		}
		var fields []FieldOffer
		for _, f := range ChangeFields {
			old, now := FieldValue(s, f), FieldValue(c, f)
			if old == now {
				continue
			}
			if k, ok := decided[key{s.Slug, f}]; ok && k == now {
				continue
			}
			o := FieldOffer{Field: f, Old: old, New: now, Origin: OriginEdited}
			for i := len(earlier) - 1; i >= 0; i-- {
				if e, ok := past[i][s.Slug]; ok && FieldValue(e, f) == old {
					o.Origin, o.Version = OriginEarlier, earlier[i].Version
					break
				}
			}
			fields = append(fields, o)
		}
		if len(fields) > 0 {
			out = append(out, ServiceOffer{Service: s, Fields: fields})
		}
	}
	return out
}

func bySlug(list []Service) map[string]Service {
	m := make(map[string]Service, len(list))
	for _, s := range list {
		m[s.Slug] = s
	}
	return m
}

// OpenVersionOf returns the services read from a version of the open
// catalogue's file as that version. Errors: invalid (the file had
// problems, or a service is not valid; the field "services" names the
// first by file and line).
func OpenVersionOf(version string, b Batch) (OpenVersion, error) {
	if b.ProblemCount() > 0 {
		p := b.Problems[0]
		return OpenVersion{}, domain.Invalid("error.invalid_fields", domain.Field("services", "catalogue.open_version_invalid", version, p.Sheet, p.Line))
	}
	v := OpenVersion{Version: version, Services: make([]Service, 0, len(b.Services))}
	for _, r := range b.Services {
		if err := r.Service.Validate(); err != nil {
			return OpenVersion{}, domain.Invalid("error.invalid_fields", domain.Field("services", "catalogue.open_version_invalid", version, r.Sheet, r.Line))
		}
		v.Services = append(v.Services, r.Service)
	}
	return v, nil
}
