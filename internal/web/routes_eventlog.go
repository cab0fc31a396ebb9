package web

// maxEventLogUpload is the largest event-log file a user may upload: a
// Noark 5 extract as delivered (a .zip or .tar of its XML files) or a
// large XES log. The manager streams the file to its work folder; the
// multipart reader keeps at most multipartMemory of it in memory.
const maxEventLogUpload = 2 << 30

// eventLogRoutes are the event-log pages (eventlog*.go): the list and the
// upload, a log's figures and directly-follows graph, the CSV mapping
// step, the import's progress, attaching and applying a log to a
// municipality's service, the comparison with the as-is process, and the
// API.
func (s *Server) eventLogRoutes() []Route {
	page, api := pageRoute, apiRoute
	const l = "/eventlogs/{id}"
	return []Route{
		page("GET", "/eventlogs", s.eventLogs),
		eventLogUpload(page("POST", "/eventlogs", s.eventLogUpload)).allowedBy(s.mayUploadEventLog),
		page("GET", l, s.eventLogPage),
		page("GET", l+"/progress", s.eventLogProgress),
		page("GET", l+"/mapping", s.eventLogMapping),
		page("POST", l+"/mapping", s.eventLogMappingSave),
		page("POST", l+"/attach", s.eventLogAttach),
		page("POST", l+"/apply", s.eventLogApply),
		page("GET", l+"/compare", s.eventLogCompare),
		page("POST", l+"/waits", s.eventLogWaits),
		page("POST", l+"/delete", s.eventLogDelete),
		api("GET", "/api/v1/eventlogs", s.apiEventLogs),
		api("GET", "/api/v1/eventlogs/{id}", s.apiEventLog),
	}
}

// eventLogUpload marks the route that receives an event-log file: it
// accepts a body of up to maxEventLogUpload.
func eventLogUpload(rt Route) Route { rt.Limit = maxEventLogUpload; return rt }
