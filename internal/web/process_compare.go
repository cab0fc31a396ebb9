package web

import (
	"html/template"
	"math"
	"net/http"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// compareRow is one metric of the comparison table, formatted.
type compareRow struct {
	Label, AsIs, ToBe, Adapted, Change string
}

// metricCells says how each metric of MetricNames is labelled and written.
// Counts are whole numbers for one process and are written without
// decimals; a mean or median of counts gets one decimal when it needs it.
var metricCells = map[string]struct {
	label    string
	decimals int
	percent  bool
	count    bool
}{
	"activities": {"process.activities", 1, false, true}, "manual": {"process.manual", 1, false, true},
	"user": {"process.user", 1, false, true}, "automated": {"process.automated", 1, false, true},
	"automation_share": {"process.automation", 0, true, false}, "hand_offs": {"process.hand_offs", 1, false, true},
	"media_breaks": {"process.media_breaks", 1, false, true}, "rework_loops": {"process.loops", 1, false, true},
	"touch_minutes": {"process.touch", 0, false, false}, "lead_minutes": {"process.lead", 0, false, false},
	"value_adding_minutes": {"process.value_adding", 0, false, false}, "cycle_efficiency": {"process.pce", 1, true, false},
	"control_flow_complexity": {"process.cfc", 1, false, true},
}

// metricText writes one metric's value: "12" for a count, "12,5" for a
// mean of counts, "40 %" for a share.
func metricText(l i18n.Lang, name string, v float64) string {
	c := metricCells[name]
	if c.percent {
		return l.Number(v*100, c.decimals) + " %"
	}
	if c.count && math.Abs(v-math.Round(v)) < 1e-9 {
		return l.Number(math.Round(v), 0)
	}
	return l.Number(v, c.decimals)
}

// figureValues returns a figures' metrics by name.
func figureValues(f process.Figures) map[string]float64 {
	spread := process.Harmonise([]process.Figures{f})
	out := make(map[string]float64, len(spread))
	for _, s := range spread {
		out[s.Metric] = s.Mean
	}
	return out
}

// compareRows lays out a comparison: the as-is mean, to-be, adapted and the
// change from the as-is mean to the target (adapted, else to-be).
func compareRows(l i18n.Lang, c process.Comparison) []compareRow {
	cols := make([]map[string]float64, 3)
	for i, f := range []*process.Figures{c.AsIs, c.ToBe, c.Adapted} {
		if f != nil {
			cols[i] = figureValues(*f)
		}
	}
	target := cols[2]
	if target == nil {
		target = cols[1]
	}
	var out []compareRow
	for _, name := range process.MetricNames() {
		row := compareRow{Label: l.T(metricCells[name].label), AsIs: "–", ToBe: "–", Adapted: "–", Change: "–"}
		for i, p := range []*string{&row.AsIs, &row.ToBe, &row.Adapted} {
			if cols[i] != nil {
				*p = metricText(l, name, cols[i][name])
			}
		}
		if cols[0] != nil && target != nil {
			d := target[name] - cols[0][name]
			sign := ""
			if d > 0 {
				sign = "+"
			}
			row.Change = sign + metricText(l, name, d)
		}
		out = append(out, row)
	}
	return out
}

// harmonisationData is the as-is processes of all municipalities of one
// service side by side, with the spread of each metric.
type harmonisationData struct {
	Service catalogue.Service
	Rows    []harmonisationRow
	Table   template.HTML // Rows written by harmonisationRows
	Spread  []spreadRow
}

type harmonisationRow struct {
	Municipality string
	ModelID      int64
	Cells        []string
}

type spreadRow struct {
	Label                                   string
	Min, Median, Max, Mean, CV, Gap, Better string
}

// processHarmonisation shows the as-is processes of every municipality of
// a service side by side. Figures come stored with each version, so the
// page reads no BPMN even for hundreds of municipalities.
func (s *Server) processHarmonisation(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	l := rc.Lang
	// The overview carries the service; the municipalities' names come
	// from their list, not from the service's facts (issue 17: reading
	// 357 facts rows was a fifth of this page's time).
	o, err := s.Processes.Overview(r.Context(), rc.Principal, r.PathValue("slug"))
	if err != nil {
		return err
	}
	munis, err := s.Catalogue.Municipalities(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, m := range munis {
		names[m.ID] = m.Name
	}
	d := harmonisationData{Service: o.Service}
	metrics := process.MetricNames()
	for _, m := range o.AsIs {
		// Values, not figureValues: that spreads one process's figures,
		// which cost a tenth of this page for 357 rows (issue 17).
		vals := m.Metrics.Total.Values()
		row := harmonisationRow{Municipality: names[m.MunicipalityID], ModelID: m.ID, Cells: make([]string, len(metrics))}
		for i, name := range metrics {
			row.Cells[i] = metricText(l, name, vals[i])
		}
		d.Rows = append(d.Rows, row)
	}
	for _, sp := range o.Spread {
		better := l.T("process.higher_better")
		if sp.LowerIsBetter {
			better = l.T("process.lower_better")
		}
		d.Spread = append(d.Spread, spreadRow{Label: l.T(metricCells[sp.Metric].label),
			Min: metricText(l, sp.Metric, sp.Min), Median: metricText(l, sp.Metric, sp.Median),
			Max: metricText(l, sp.Metric, sp.Max), Mean: metricText(l, sp.Metric, sp.Mean),
			CV: l.Number(sp.CV*100, 0) + " %", Gap: metricText(l, sp.Metric, sp.BestGap), Better: better})
	}
	d.Table = harmonisationRows(o.Service.Slug, d.Rows)
	return s.render(w, r, http.StatusOK, "process_harmonisation",
		s.newPage(r, "services", l.T("process.harmonisation_title", o.Service.Name(l.Code())), d))
}

// metricHeaders are the translated names of MetricNames, for table heads.
func metricHeaders(l i18n.Lang) []string {
	var out []string
	for _, name := range process.MetricNames() {
		out = append(out, l.T(metricCells[name].label))
	}
	return out
}
