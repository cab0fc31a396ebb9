package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
)

// The event logs (GET /eventlogs): every log of the collaboration with
// its format, status, cases, time frame and the service it is attached
// to, and the upload form (XES, XES.gz, CSV, a Noark 5 extract as .zip
// or .tar).

type eventLogsData struct {
	Rows []eventLogRow
}

// eventLogRow is one log of the list, formatted.
type eventLogRow struct {
	Log      eventlog.Log
	Format   string
	Status   string
	Cases    string
	Frame    string
	Attached string // "Rissa – Byggesak", or "" when not attached
	Slug     string // the attached service's slug
}

func (s *Server) eventLogs(w http.ResponseWriter, r *http.Request) error {
	return s.renderEventLogs(w, r, http.StatusOK, nil)
}

func (s *Server) renderEventLogs(w http.ResponseWriter, r *http.Request, status int, err error) error {
	rc := reqOf(r)
	l := rc.Lang
	logs, lerr := s.EventLogs.Logs(r.Context(), rc.Principal)
	if lerr != nil {
		return lerr
	}
	names, nerr := s.catalogueNames(r)
	if nerr != nil {
		return nerr
	}
	d := eventLogsData{}
	for _, lg := range logs {
		d.Rows = append(d.Rows, newEventLogRow(l, lg, names))
	}
	p := s.newPage(r, "eventlogs", l.T("eventlogs.title"), d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "eventlogs", p)
}

func newEventLogRow(l i18n.Lang, lg eventlog.Log, names catalogueNames) eventLogRow {
	row := eventLogRow{Log: lg, Format: l.T("eventlogs.format." + string(lg.Format)), Status: l.T("eventlogs.status." + string(lg.Status)),
		Cases: "–", Frame: "–"}
	if lg.Format == "" {
		row.Format = "–"
	}
	if st := lg.Stats; st != nil {
		row.Cases = l.Number(float64(st.Cases), 0)
		row.Frame = timeFrame(l, *st)
	}
	if lg.Status == eventlog.StatusImporting {
		row.Status = l.T("eventlogs.status_importing_pct", l.Number(lg.Progress()*100, 0))
	}
	row.Attached, row.Slug = names.attached(l, lg)
	return row
}

// timeFrame is a log's first and last day, "01.02.2024–30.11.2025".
func timeFrame(l i18n.Lang, st eventlog.Stats) string {
	if st.From.IsZero() {
		return "–"
	}
	return l.Date(st.From) + "–" + l.Date(st.To)
}

// catalogueNames are the collaboration's services and municipalities by
// id, for naming where a log is attached and filling the attach form.
type catalogueNames struct {
	services       map[domain.ID]catalogue.Service
	municipalities map[domain.ID]catalogue.Municipality
	serviceList    []catalogue.Service
	muniList       []catalogue.Municipality
}

func (s *Server) catalogueNames(r *http.Request) (catalogueNames, error) {
	rc := reqOf(r)
	svcs, err := s.Catalogue.Services(r.Context(), rc.Principal)
	if err != nil {
		return catalogueNames{}, err
	}
	munis, err := s.Catalogue.Municipalities(r.Context(), rc.Principal)
	if err != nil {
		return catalogueNames{}, err
	}
	n := catalogueNames{services: map[domain.ID]catalogue.Service{}, municipalities: map[domain.ID]catalogue.Municipality{},
		serviceList: svcs, muniList: munis}
	for _, sv := range svcs {
		n.services[sv.ID] = sv
	}
	for _, m := range munis {
		n.municipalities[m.ID] = m
	}
	return n, nil
}

// attached names the municipality's service a log is attached to, and
// the service's slug; "" when the log is not attached.
func (n catalogueNames) attached(l i18n.Lang, lg eventlog.Log) (string, string) {
	if lg.ServiceID == 0 {
		return "", ""
	}
	sv := n.services[lg.ServiceID]
	return n.municipalities[lg.MunicipalityID].Name + " – " + sv.Name(l.Code()), sv.Slug
}

// mayUploadEventLog lets the collaboration's own users upload a log,
// decided before the file is received.
func (s *Server) mayUploadEventLog(r *http.Request) error {
	return reqOf(r).Principal.RequireInternal()
}

// eventLogUpload receives a log file and opens its page: the mapping step
// for a CSV file, else the import's progress. The file goes to the
// manager as a stream (the multipart reader keeps large files on disk).
func (s *Server) eventLogUpload(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	f, hdr, err := r.FormFile("file")
	if err != nil {
		if tl, ok := tooLarge(err); ok {
			return tl
		}
		return s.renderEventLogs(w, r, http.StatusUnprocessableEntity,
			domain.Invalid("error.invalid_fields", domain.Field("file", "eventlogs.no_file")))
	}
	defer f.Close()
	lg, err := s.EventLogs.Upload(r.Context(), rc.Principal, hdr.Filename, f)
	if status, ok := formStatus(err); ok {
		return s.renderEventLogs(w, r, status, eventLogFormNames.of(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, eventLogPath(lg))
}

// eventLogPath is a log's page, or its mapping step while a CSV file waits
// for one.
func eventLogPath(lg eventlog.Log) string {
	p := "/eventlogs/" + strconv.FormatInt(lg.ID, 10)
	if lg.Status == eventlog.StatusMapping {
		return p + "/mapping"
	}
	return p
}

// eventLogOf finds the log named by the path's id. Errors: not found,
// forbidden, unauthorized.
func (s *Server) eventLogOf(r *http.Request) (eventlog.Log, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return eventlog.Log{}, err
	}
	return s.EventLogs.Log(r.Context(), reqOf(r).Principal, id)
}

// editableMunicipalities are the municipalities the principal may attach
// a log to: every one for the programme lead (merged ones too: a log may
// be older than the merger), else those the principal has a role in.
func editableMunicipalities(p domain.Principal, all []catalogue.Municipality) []catalogue.Municipality {
	ids, wide := p.Municipalities()
	var out []catalogue.Municipality
	for _, m := range all {
		if wide || slices.Contains(ids, m.ID) {
			out = append(out, m)
		}
	}
	return out
}

// serviceOptions lists the services by name in the user's language.
func serviceOptions(l i18n.Lang, svcs []catalogue.Service) []option {
	out := make([]option, 0, len(svcs))
	for _, sv := range svcs {
		out = append(out, option{Value: sv.Slug, Label: sv.Name(l.Code())})
	}
	slices.SortFunc(out, func(a, b option) int { return strings.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label)) })
	return out
}
