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

// An event log's page (GET /eventlogs/{id}): while it imports, a progress
// bar that htmx polls from /eventlogs/{id}/progress (the state is the
// server's, so a reload shows the running import); when it failed, the
// reason with the file and line; when done, the figures, the case
// durations, the directly-follows graph with its frequency threshold and
// the table of the same edges, the variants, the activities and the
// hand-overs, and the form that attaches the log to a municipality's
// service and applies its figures.

// dfgMaxEdges is how many edges between activities the graph shows when
// it opens: the default threshold is the lowest that leaves at most this
// many, so a large log opens readable; the slider shows the rest.
const dfgMaxEdges = 40

// maxHandovers is how many hand-overs the page lists (most frequent
// first); the API has them all.
const maxHandovers = 50

type eventLogData struct {
	Row      eventLogRow
	Percent  string // the import's progress, "42"
	Fraction float64
	Failure  string // why the import failed, with the file and line
	Stats    *eventlog.Stats
	Figures  []figure
	Duration []figure // case duration: median, mean, P90, min, max
	Reply    []figure // Noark: time to first reply
	Years    []eventlog.YearCount
	Variants []variantRow
	Acts     []activityRow
	Handover []eventlog.Handover
	MoreHand int // hand-overs beyond maxHandovers
	Warnings []warningRow
	DFG      dfgView
	Attach   attachForm
	// Measured is the provenance the log's figures carry once applied:
	// "målt fra fil.xes, 01.01.2024–31.12.2024, 1 234 saker".
	Measured string
	// Applied says what the apply button set, after it did.
	Applied   string
	CanAttach bool
	CanApply  bool
	CanDelete bool
}

// figure is one labelled number of the page.
type figure struct{ Label, Value string }

type variantRow struct {
	Rank       int
	Activities string
	Steps      int
	Cases      string
	Share      string
}

type activityRow struct {
	Name                   string
	Events, Cases          string
	ReworkCases, ReworkEvs string
	Wait                   string
}

type warningRow struct{ Text, Count string }

// dfgView is the directly-follows graph: the spec for the island, the
// threshold and its range, and the edges for the table (with the counts
// of their ends, so the table follows the graph's rule).
type dfgView struct {
	Spec      dfgSpec
	Threshold int
	Max       int
	Edges     []dfgEdgeRow
	Shown     int
}

type dfgEdgeRow struct {
	From, To           string
	Count              int
	CountText, Wait    string
	FromCount, ToCount int // 0 for the start and end of cases
	Hidden             bool
}

// dfgSpec is what web/src/eventlog.js draws (web/src/eventlog/README.md).
type dfgSpec struct {
	Nodes []eventlog.Count  `json:"nodes"`
	Edges []dfgSpecEdge     `json:"edges"`
	Start []eventlog.Count  `json:"start"`
	End   []eventlog.Count  `json:"end"`
	Words map[string]string `json:"words"`
}

type dfgSpecEdge struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Count int    `json:"count"`
	Wait  string `json:"median_wait"`
}

// attachForm is the attach form's choices and what it shows.
type attachForm struct {
	Municipalities []option
	Services       []option
	Municipality   string
	Service        string
}

func (s *Server) eventLogPage(w http.ResponseWriter, r *http.Request) error {
	lg, err := s.eventLogOf(r)
	if err != nil {
		return err
	}
	if lg.Status == eventlog.StatusMapping {
		http.Redirect(w, r, eventLogPath(lg), http.StatusSeeOther)
		return nil
	}
	return s.renderEventLog(w, r, http.StatusOK, lg, attachForm{}, nil)
}

func (s *Server) renderEventLog(w http.ResponseWriter, r *http.Request, status int, lg eventlog.Log, form attachForm, err error) error {
	rc := reqOf(r)
	l := rc.Lang
	names, nerr := s.catalogueNames(r)
	if nerr != nil {
		return nerr
	}
	d := eventLogData{Row: newEventLogRow(l, lg, names)}
	d.Fraction = lg.Progress()
	d.Percent = l.Number(d.Fraction*100, 0)
	if lg.Status == eventlog.StatusFailed {
		d.Failure = failureText(l, lg)
	}
	if st := lg.Stats; st != nil && lg.Status == eventlog.StatusDone {
		d.Stats = st
		fillFigures(l, &d, *st)
		d.DFG = newDFGView(l, *st, r.URL.Query().Get("min"))
		d.Measured = measuredText(l, lg.Name, *st)
		if r.URL.Query().Get("applied") == "1" && lg.ServiceID != 0 {
			d.Applied = l.T("eventlogs.applied", d.Row.Attached, s.appliedValues(r, lg, names), d.Measured)
		}
	}
	d.CanDelete = eventlog.CanDelete(rc.Principal, lg)
	d.CanAttach = lg.Status == eventlog.StatusDone && rc.Principal.Internal()
	d.CanApply = d.CanAttach && lg.ServiceID != 0 &&
		domain.CanEditMunicipalRow(rc.Principal, lg.MunicipalityID, s.responsibleFor(r, lg, names))
	if d.CanAttach {
		d.Attach = form
		// A merged municipality and its successor may share a name
		// (Osen, Ørland, Åfjord): the number tells them apart.
		for _, m := range editableMunicipalities(rc.Principal, names.muniList) {
			d.Attach.Municipalities = append(d.Attach.Municipalities, option{Value: strconv.FormatInt(m.ID, 10), Label: m.Name + " (" + m.Number + ")"})
		}
		d.Attach.Services = serviceOptions(l, names.serviceList)
		if d.Attach.Municipality == "" && lg.MunicipalityID != 0 {
			d.Attach.Municipality = strconv.FormatInt(lg.MunicipalityID, 10)
		}
		if d.Attach.Service == "" {
			d.Attach.Service = d.Row.Slug
		}
	}
	p := s.newPage(r, "eventlogs", lg.Name, d)
	p.EventLog = lg.Status == eventlog.StatusDone
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "eventlog", p)
}

// responsibleFor is the responsible subject-matter owner of the log's
// attached service in its municipality (0 when none), for showing the
// apply button to those the manager lets apply.
func (s *Server) responsibleFor(r *http.Request, lg eventlog.Log, names catalogueNames) domain.ID {
	if lg.ServiceID == 0 {
		return 0
	}
	_, _, ms, err := s.Catalogue.MunicipalService(r.Context(), reqOf(r).Principal, names.services[lg.ServiceID].Slug, lg.MunicipalityID)
	if err != nil {
		return 0
	}
	return ms.ResponsibleUserID
}

// failureText says why an import failed, with the file and the line
// where the reader stopped.
func failureText(l i18n.Lang, lg eventlog.Log) string {
	params := make([]any, len(lg.ErrorParams))
	for i, p := range lg.ErrorParams {
		params[i] = p
	}
	msg := l.T(cmpOr(lg.Error, "eventlogs.failed_unknown"), params...)
	file := cmpOr(lg.ErrorFile, lg.Name)
	if lg.ErrorLine > 0 {
		return l.T("eventlogs.failed_at_line", file, lg.ErrorLine, msg)
	}
	return l.T("eventlogs.failed_in_file", file, msg)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// durationText writes seconds as days, hours or minutes, whichever reads
// best: "12,5 dager", "5,2 timer", "14 min".
func durationText(l i18n.Lang, sec float64) string {
	switch {
	case sec >= 86400:
		return l.T("eventlogs.days", l.Number(sec/86400, 1))
	case sec >= 3600:
		return l.T("eventlogs.hours", l.Number(sec/3600, 1))
	case sec >= 60:
		return l.T("eventlogs.minutes", l.Number(sec/60, 0))
	}
	return l.T("eventlogs.seconds", l.Number(sec, 0))
}

// measuredText is the provenance of a value measured from a log: the
// file, its time frame and its number of cases.
func measuredText(l i18n.Lang, file string, st eventlog.Stats) string {
	return measurementText(l, catalogue.Measurement{File: file, From: st.From, To: st.To, Cases: st.Cases})
}

func fillFigures(l i18n.Lang, d *eventLogData, st eventlog.Stats) {
	n := func(v int) string { return l.Number(float64(v), 0) }
	d.Figures = []figure{
		{l.T("eventlogs.cases"), n(st.Cases)}, {l.T("eventlogs.events"), n(st.Events)},
		{l.T("eventlogs.activities"), n(st.Activities)}, {l.T("eventlogs.resources"), n(st.Resources)},
		{l.T("eventlogs.variants"), n(st.Variants)}, {l.T("eventlogs.time_frame"), timeFrame(l, st)},
	}
	if st.OpenCases != nil {
		d.Figures = append(d.Figures, figure{l.T("eventlogs.open_cases"), n(*st.OpenCases)})
	}
	durations := func(x eventlog.Durations) []figure {
		return []figure{{l.T("eventlogs.median"), durationText(l, x.Median)}, {l.T("eventlogs.mean"), durationText(l, x.Mean)},
			{"P90", durationText(l, x.P90)}, {l.T("eventlogs.min"), durationText(l, x.Min)}, {l.T("eventlogs.max"), durationText(l, x.Max)}}
	}
	if st.Cases > 0 {
		d.Duration = durations(st.CaseDuration)
	}
	if st.FirstReply != nil {
		d.Reply = durations(*st.FirstReply)
	}
	d.Years = st.CasesPerYear
	for i, v := range st.TopVariants {
		d.Variants = append(d.Variants, variantRow{Rank: i + 1, Activities: strings.Join(v.Activities, " → "), Steps: len(v.Activities),
			Cases: n(v.Cases), Share: l.Number(v.Share*100, 1) + " %"})
	}
	for _, a := range st.ActivityList {
		d.Acts = append(d.Acts, activityRow{Name: a.Name, Events: n(a.Events), Cases: n(a.Cases), ReworkCases: n(a.ReworkCases),
			ReworkEvs: n(a.ReworkEvents), Wait: durationText(l, a.MedianWaitSeconds)})
	}
	d.Handover = st.Handovers
	if len(d.Handover) > maxHandovers {
		d.MoreHand = len(d.Handover) - maxHandovers
		d.Handover = d.Handover[:maxHandovers]
	}
	for _, w := range st.Warnings {
		d.Warnings = append(d.Warnings, warningRow{Text: l.T(w.Name, w.Count), Count: n(w.Count)})
	}
}

// newDFGView builds the graph's spec and table. chosen is the page's ?min=, the threshold the user chose without the
// island; empty or unreadable
// gives the default (dfgMaxEdges).
func newDFGView(l i18n.Lang, st eventlog.Stats, chosen string) dfgView {
	g := st.DFG
	v := dfgView{Spec: dfgSpec{Nodes: g.Nodes, Start: g.Start, End: g.End, Words: map[string]string{
		"start": l.T("eventlogs.dfg_start"), "end": l.T("eventlogs.dfg_end"), "count": l.T("eventlogs.dfg_count"),
		"wait": l.T("eventlogs.median_wait"), "events": l.T("eventlogs.events"), "shown": l.T("eventlogs.dfg_shown", "{shown}", "{total}"),
	}}}
	if v.Spec.Nodes == nil {
		v.Spec.Nodes = []eventlog.Count{}
	}
	nodeCount := map[string]int{}
	for _, n := range g.Nodes {
		nodeCount[n.Name] = n.Count
	}
	counts := make([]int, 0, len(g.Edges))
	v.Spec.Edges = make([]dfgSpecEdge, 0, len(g.Edges))
	for _, e := range g.Edges {
		wait := durationText(l, e.MedianSeconds)
		v.Spec.Edges = append(v.Spec.Edges, dfgSpecEdge{From: e.From, To: e.To, Count: e.Count, Wait: wait})
		v.Edges = append(v.Edges, dfgEdgeRow{From: e.From, To: e.To, Count: e.Count, CountText: l.Number(float64(e.Count), 0), Wait: wait,
			FromCount: nodeCount[e.From], ToCount: nodeCount[e.To]})
		counts = append(counts, e.Count)
		v.Max = max(v.Max, e.Count)
	}
	for _, c := range g.Start {
		v.Edges = append(v.Edges, dfgEdgeRow{From: l.T("eventlogs.dfg_start"), To: c.Name, Count: c.Count, CountText: l.Number(float64(c.Count), 0),
			Wait: "–", ToCount: nodeCount[c.Name]})
	}
	for _, c := range g.End {
		v.Edges = append(v.Edges, dfgEdgeRow{From: c.Name, To: l.T("eventlogs.dfg_end"), Count: c.Count, CountText: l.Number(float64(c.Count), 0),
			Wait: "–", FromCount: nodeCount[c.Name]})
	}
	slices.SortStableFunc(v.Edges, func(a, b dfgEdgeRow) int { return b.Count - a.Count })
	v.Max = max(v.Max, 1)
	v.Threshold = defaultThreshold(counts, dfgMaxEdges)
	if t, err := strconv.Atoi(strings.TrimSpace(chosen)); err == nil && t >= 1 {
		v.Threshold = min(t, v.Max)
	}
	for i, e := range v.Edges {
		hidden := e.Count < v.Threshold || (e.FromCount != 0 && e.FromCount < v.Threshold) || (e.ToCount != 0 && e.ToCount < v.Threshold)
		v.Edges[i].Hidden = hidden
		if !hidden {
			v.Shown++
		}
	}
	return v
}

// defaultThreshold is the lowest count at which at most maxEdges of the
// edges with these counts remain.
func defaultThreshold(counts []int, maxEdges int) int {
	if len(counts) <= maxEdges {
		return 1
	}
	sorted := slices.Clone(counts)
	slices.SortFunc(sorted, func(a, b int) int { return b - a })
	return sorted[maxEdges] + 1
}

// eventLogProgress is the progress bar htmx polls while a log imports
// (every second). When the import has ended the whole page is loaded
// again, so the figures or the failure replace the bar.
func (s *Server) eventLogProgress(w http.ResponseWriter, r *http.Request) error {
	lg, err := s.eventLogOf(r)
	if err != nil {
		return err
	}
	if lg.Status != eventlog.StatusImporting {
		return redirect(w, r, eventLogPath(lg))
	}
	l := reqOf(r).Lang
	d := eventLogData{Row: eventLogRow{Log: lg}, Fraction: lg.Progress()}
	d.Percent = l.Number(d.Fraction*100, 0)
	return s.render(w, r, http.StatusOK, "eventlog_progress", s.newPage(r, "eventlogs", lg.Name, d))
}

// appliedValues names the values the attached service now has: its
// yearly cases and lead time.
func (s *Server) appliedValues(r *http.Request, lg eventlog.Log, names catalogueNames) string {
	l := reqOf(r).Lang
	_, _, ms, err := s.Catalogue.MunicipalService(r.Context(), reqOf(r).Principal, names.services[lg.ServiceID].Slug, lg.MunicipalityID)
	if err != nil {
		return "–"
	}
	return l.T("eventlogs.applied_values", formatNumber(l, ms.AnnualCases, 0), formatNumber(l, ms.LeadTimeDays, 1))
}

// measurementText is the provenance of a value measured from an event
// log, shown wherever the value is: "målt fra fil.xes,
// 01.01.2024–31.12.2024, 120 saker".
func measurementText(l i18n.Lang, m catalogue.Measurement) string {
	return l.T("provenance.measured_from", m.File, l.Date(m.From), l.Date(m.To), m.Cases)
}
