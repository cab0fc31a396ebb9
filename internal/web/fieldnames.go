package web

import (
	"regexp"
	"strings"
)

// formNames maps the field paths a manager reports (the JSON paths of the
// value: "description", "legal_basis[2].law", "channels.paper") to the
// fields of one form, so that the API answers with the paths as they are
// and a form shows each message at its own field. A key may stand for
// every index with "[*]" and covers the paths under it:
// "legal_basis[*]" maps "legal_basis[2].law". A path without an entry is
// the form's field name already.
type formNames map[string]string

var indexPattern = regexp.MustCompile(`\[[0-9]+\]`)

// name returns the form field of path.
func (t formNames) name(path string) string {
	if n, ok := t[path]; ok {
		return n
	}
	p := indexPattern.ReplaceAllString(path, "[*]")
	for {
		if n, ok := t[p]; ok {
			return n
		}
		cut := strings.LastIndexAny(p, ".")
		if cut < 0 {
			return path
		}
		p = p[:cut]
	}
}

// of renames the fields of an invalid error for the form; other errors
// pass unchanged.
func (t formNames) of(err error) error {
	if err == nil {
		return nil
	}
	return renameFields(err, t.name)
}

// serviceFormNames are the service form's names for a service's paths.
var serviceFormNames = formNames{"description": "description_nb", "legal_basis[*]": "legal_basis"}

// factsFormNames are the facts form's names for a municipality's facts.
var factsFormNames = formNames{
	"channels.paper": "share_paper", "channels.email": "share_email",
	"channels.phone": "share_phone", "channels.digital": "share_digital",
	"provenance.annual_cases": "annual_cases_source", "provenance.lead_time_days": "lead_time_days_source",
	"provenance.employee_minutes": "employee_minutes_source",
	"provenance.citizen_minutes":  "citizen_minutes_source", "provenance.hourly_cost": "hourly_cost_source",
	"provenance.maturity": "maturity_source", "provenance.channels": "channels_source",
}

// Procurement: the document upload form names the file "file"; the
// supplier link form the e-mail "email"; the bidders' conference form its
// time "at" and attendees "attendees" (the manager's paths).
var (
	documentFormNames   = formNames{"files[0]": "file", "files": "file", "name": "file"}
	supplierLinkNames   = formNames{"email": "email"}
	conferenceFormNames = formNames{"attendees[*]": "attendees"}
)

// Event logs: the upload form names the file "file" (the manager reports
// the file's name and content as "name" and "file"); the mapping form its
// columns col_case …; the attach form the municipality and service; the
// waits form its tasks "task".
var (
	eventLogFormNames = formNames{"name": "file", "format": "file", "body": "file"}
	mappingFormNames  = formNames{"case": "col_case", "activity": "col_activity", "time": "col_time",
		"resource": "col_resource", "lifecycle": "col_lifecycle",
		"mapping.case": "col_case", "mapping.activity": "col_activity", "mapping.time": "col_time",
		"mapping.resource": "col_resource", "mapping.lifecycle": "col_lifecycle"}
	attachFormNames = formNames{"municipality_id": "municipality", "service_slug": "service", "service_id": "service"}
	waitsFormNames  = formNames{"tasks": "task", "tasks[*]": "task"}
)
