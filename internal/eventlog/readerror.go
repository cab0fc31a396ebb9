package eventlog

import "fmt"

// The codes of a ReadError and of Mapping's field errors: translation keys
// of internal/i18n (nb.json, en.json).
const (
	CodeNotEventLog    = "eventlog.error.not_event_log"   // Detect: none of XES, CSV, Noark 5
	CodeMalformedXML   = "eventlog.error.malformed_xml"   // params: what the parser said
	CodeBadTimestamp   = "eventlog.error.bad_timestamp"   // params: the value
	CodeNoEvents       = "eventlog.error.no_events"       // a well-formed file without one event
	CodeBadGzip        = "eventlog.error.bad_gzip"        // a gzip stream that does not decompress
	CodeMalformedCSV   = "eventlog.error.malformed_csv"   // params: what the parser said
	CodeMappingMissing = "eventlog.error.mapping_missing" // params: the field (case, activity, time)
	CodeMappingColumn  = "eventlog.error.mapping_column"  // params: the field, the column not in the header
	CodeMappingSyntax  = "eventlog.error.mapping_syntax"  // params: the part not understood
	CodeRead           = "eventlog.error.read"            // the file could not be read to its end
)

// The warnings Stats counts: translation keys of internal/i18n whose
// message takes the count. Things read around; they do not make the
// figures partial.
const (
	WarnEventWithoutTime     = "eventlog.warning.event_without_time"
	WarnEventWithoutActivity = "eventlog.warning.event_without_activity"
	WarnEventWithoutCase     = "eventlog.warning.event_without_case"
	WarnTraceWithoutName     = "eventlog.warning.trace_without_name"
	WarnCaseWithoutEvents    = "eventlog.warning.case_without_events"
)

// ReadError is bad input in an event-log file: Code is a translation key
// ("eventlog.error.*"), Params fill its placeholders, Line is the 1-based
// line in the file where it is known (0 otherwise). The readers leave File
// empty; whoever knows the file's name fills it in.
type ReadError struct {
	File   string
	Line   int
	Code   string
	Params []any
}

func (e *ReadError) Error() string {
	msg := e.Code
	if len(e.Params) > 0 {
		msg += fmt.Sprint(e.Params)
	}
	switch {
	case e.File != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, msg)
	case e.File != "":
		return e.File + ": " + msg
	case e.Line > 0:
		return fmt.Sprintf("line %d: %s", e.Line, msg)
	}
	return msg
}
