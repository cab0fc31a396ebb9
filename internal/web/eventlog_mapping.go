package web

import (
	"net/http"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
)

// A CSV log's mapping step (GET/POST /eventlogs/{id}/mapping): the user
// picks which columns of the file's header hold the case id, the activity
// and the timestamp (and optionally the resource and the lifecycle
// transition), with the first rows of the file beside the choices. Saving
// starts the import.

type eventLogMappingData struct {
	Log     eventlog.Log
	Columns []option
	Form    map[string]string // col_case … → the chosen column
	Fields  []mappingField
}

// mappingField is one of the mapping's choices.
type mappingField struct {
	Name     string // form field: col_case …
	Required bool
}

var mappingFields = []mappingField{
	{"col_case", true}, {"col_activity", true}, {"col_time", true}, {"col_resource", false}, {"col_lifecycle", false},
}

func (s *Server) eventLogMapping(w http.ResponseWriter, r *http.Request) error {
	lg, err := s.eventLogOf(r)
	if err != nil {
		return err
	}
	if lg.Status != eventlog.StatusMapping {
		http.Redirect(w, r, eventLogPath(lg), http.StatusSeeOther)
		return nil
	}
	return s.renderMapping(w, r, http.StatusOK, lg, guessMapping(lg.Header), nil)
}

func (s *Server) renderMapping(w http.ResponseWriter, r *http.Request, status int, lg eventlog.Log, form map[string]string, err error) error {
	l := reqOf(r).Lang
	d := eventLogMappingData{Log: lg, Form: form, Fields: mappingFields}
	for _, h := range lg.Header {
		d.Columns = append(d.Columns, option{Value: h, Label: h})
	}
	p := s.newPage(r, "eventlogs", l.T("eventlogs.mapping_title", lg.Name), d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "eventlog_mapping", p)
}

func (s *Server) eventLogMappingSave(w http.ResponseWriter, r *http.Request) error {
	lg, err := s.eventLogOf(r)
	if err != nil {
		return err
	}
	form := map[string]string{}
	for _, f := range mappingFields {
		form[f.Name] = strings.TrimSpace(r.FormValue(f.Name))
	}
	m := eventlog.Mapping{Case: form["col_case"], Activity: form["col_activity"], Time: form["col_time"],
		Resource: form["col_resource"], Lifecycle: form["col_lifecycle"]}
	lg2, err := s.EventLogs.SetMapping(r.Context(), reqOf(r).Principal, lg.ID, m)
	if status, ok := formStatus(err); ok {
		return s.renderMapping(w, r, status, lg, form, mappingFormNames.of(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, eventLogPath(lg2))
}

// guessMapping preselects the columns whose names say what they hold
// (English and Norwegian names, and the XES keys that CSV exports of
// process-mining tools keep); the user confirms or changes them.
func guessMapping(header []string) map[string]string {
	words := map[string][]string{
		"col_case":      {"case:concept:name", "case id", "case_id", "caseid", "case", "sak", "saksnr", "saksnummer", "sak_id", "saksid"},
		"col_activity":  {"concept:name", "activity", "aktivitet", "hendelse", "event", "steg"},
		"col_time":      {"time:timestamp", "timestamp", "time", "tidspunkt", "tid", "dato", "date", "start_time", "complete timestamp"},
		"col_resource":  {"org:resource", "resource", "ressurs", "saksbehandler", "user", "bruker"},
		"col_lifecycle": {"lifecycle:transition", "lifecycle", "livssyklus", "transition"},
	}
	out := map[string]string{}
	used := map[string]bool{}
	for _, f := range mappingFields {
		for _, w := range words[f.Name] {
			for _, h := range header {
				if !used[h] && strings.EqualFold(strings.TrimSpace(h), w) {
					out[f.Name], used[h] = h, true
					break
				}
			}
			if out[f.Name] != "" {
				break
			}
		}
	}
	return out
}
