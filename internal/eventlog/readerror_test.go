package eventlog_test

import (
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
)

// Every code the readers and the Builder hand out reaches the user as a
// message in both languages.
func TestCodesTranslated(t *testing.T) {
	codes := []string{
		eventlog.CodeNotEventLog, eventlog.CodeMalformedXML, eventlog.CodeBadTimestamp, eventlog.CodeNoEvents,
		eventlog.CodeBadGzip, eventlog.CodeMalformedCSV, eventlog.CodeMappingMissing, eventlog.CodeMappingColumn,
		eventlog.CodeMappingSyntax, eventlog.CodeRead,
		eventlog.WarnEventWithoutTime, eventlog.WarnEventWithoutActivity, eventlog.WarnEventWithoutCase,
		eventlog.WarnTraceWithoutName, eventlog.WarnCaseWithoutEvents,
	}
	for _, lang := range []i18n.Lang{"nb", "en"} {
		for _, c := range codes {
			if !lang.Has(c) {
				t.Errorf("%s: no message for %s", lang, c)
			}
		}
	}
}

func TestReadErrorMessage(t *testing.T) {
	err := &eventlog.ReadError{File: "logg.csv", Line: 7, Code: eventlog.CodeBadTimestamp, Params: []any{"i går"}}
	if got := err.Error(); got != "logg.csv:7: eventlog.error.bad_timestamp[i går]" {
		t.Errorf("%q", got)
	}
}
