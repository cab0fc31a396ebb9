package eventlog

import (
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Mapping names the CSV columns that hold each part of an event. Case,
// Activity and Time are required; Resource and Lifecycle may be empty.
type Mapping struct {
	Case      string `json:"case"`
	Activity  string `json:"activity"`
	Time      string `json:"time"`
	Resource  string `json:"resource,omitempty"`
	Lifecycle string `json:"lifecycle,omitempty"`
}

// ParseMapping reads a mapping written as
// "case=Sak,activity=Aktivitet,time=Tid[,resource=…][,lifecycle=…]"
// (the CLI's --map). Keys are case-insensitive; "timestamp" is read as
// time. It does not check that the columns exist: see Validate.
//
// Errors: Invalid (CodeMappingSyntax naming the part not understood).
func ParseMapping(s string) (Mapping, error) {
	var m Mapping
	for part := range strings.SplitSeq(s, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		v = strings.TrimSpace(v)
		if !ok || v == "" {
			return Mapping{}, domain.Invalid(CodeMappingSyntax, domain.Field("map", CodeMappingSyntax, part))
		}
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "case":
			m.Case = v
		case "activity":
			m.Activity = v
		case "time", "timestamp":
			m.Time = v
		case "resource":
			m.Resource = v
		case "lifecycle":
			m.Lifecycle = v
		default:
			return Mapping{}, domain.Invalid(CodeMappingSyntax, domain.Field("map", CodeMappingSyntax, part))
		}
	}
	return m, nil
}

// String writes m the way ParseMapping reads it.
func (m Mapping) String() string {
	parts := []string{"case=" + m.Case, "activity=" + m.Activity, "time=" + m.Time}
	if m.Resource != "" {
		parts = append(parts, "resource="+m.Resource)
	}
	if m.Lifecycle != "" {
		parts = append(parts, "lifecycle="+m.Lifecycle)
	}
	return strings.Join(parts, ",")
}

// Validate checks m against a CSV header: case, activity and time must
// each name a column, and resource and lifecycle, when given, too. Column
// names match after trimming spaces, ignoring case when no exact match.
//
// Errors: Invalid with a FieldError per wrong field (case, activity,
// time, resource, lifecycle): CodeMappingMissing (params: the field) when
// a required one is empty, CodeMappingColumn (params: the field, the
// column) when the column is not in the header.
func (m Mapping) Validate(header []string) error {
	var fields []domain.FieldError
	check := func(field, col string, required bool) {
		switch {
		case strings.TrimSpace(col) == "":
			if required {
				fields = append(fields, domain.Field(field, CodeMappingMissing, field))
			}
		case columnIndex(header, col) < 0:
			fields = append(fields, domain.Field(field, CodeMappingColumn, field, col))
		}
	}
	check("case", m.Case, true)
	check("activity", m.Activity, true)
	check("time", m.Time, true)
	check("resource", m.Resource, false)
	check("lifecycle", m.Lifecycle, false)
	if len(fields) > 0 {
		return domain.Invalid(fields[0].Code, fields...)
	}
	return nil
}

// columnIndex finds col in header: exactly after trimming, else ignoring
// case; -1 when absent or empty.
func columnIndex(header []string, col string) int {
	col = strings.TrimSpace(col)
	if col == "" {
		return -1
	}
	for i, h := range header {
		if strings.TrimSpace(h) == col {
			return i
		}
	}
	for i, h := range header {
		if strings.EqualFold(strings.TrimSpace(h), col) {
			return i
		}
	}
	return -1
}
