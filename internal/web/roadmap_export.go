package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/roadmap"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer"
)

// roadmapExport downloads the roadmap as a workbook: the items, the
// scenarios side by side, and for each scenario its plan (with the greedy
// baseline's start and why an item waits) and its yearly use.
func (s *Server) roadmapExport(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	rec, err := s.Roadmaps.Roadmap(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	tables, err := roadmapTables(rc.Lang, rec.Roadmap)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="veikart.xlsx"`)
	return transfer.WriteTablesXLSX(w, tables...)
}

// roadmapTables lays the roadmap out as the workbook's sheets.
func roadmapTables(l i18n.Lang, r roadmap.Roadmap) ([]transfer.Table, error) {
	names := itemNames(r)
	items := transfer.Table{Sheet: l.T("roadmap.sheet_items"), Widths: []float64{28, 12, 40, 8, 14, 10, 14, 36, 18, 50},
		Header: []string{l.T("roadmap.key"), l.T("roadmap.kind"), l.T("field.name"), l.T("roadmap.rank"), l.T("field.cost"),
			l.T("field.hours"), l.T("field.annual_benefit"), l.T("field.requires"), l.T("roadmap.source"), l.T("field.note")}}
	for _, it := range r.Items {
		var reqs []string
		for _, k := range it.Requires {
			reqs = append(reqs, names[k])
		}
		rank := any("")
		if it.Rank > 0 {
			rank = it.Rank
		}
		items.Rows = append(items.Rows, []any{it.Key, l.T("roadmap.kind." + it.Kind), it.Name, rank, it.Cost, it.Hours,
			it.AnnualBenefit, strings.Join(reqs, ", "), sourceText(l, it), it.Note})
	}
	compare := transfer.Table{Sheet: l.T("roadmap.sheet_scenarios"), Widths: []float64{28, 10, 10, 10, 10, 16, 16, 10, 10, 16, 16},
		Header: []string{l.T("roadmap.scenario"), l.T("field.first_year"), l.T("roadmap.years"), l.T("field.horizon"),
			l.T("roadmap.discount_rate_pct"), l.T("roadmap.npv"), l.T("roadmap.bound"), l.T("roadmap.gap_pct"), l.T("roadmap.optimal"),
			l.T("roadmap.greedy_npv"), l.T("roadmap.difference")}}
	tables := []transfer.Table{items, compare}
	for _, sc := range r.Scenarios {
		a, err := roadmap.Analyse(r, sc)
		if err != nil {
			return nil, err
		}
		row := []any{sc.Name, sc.FirstYear, len(sc.Years), sc.Horizon, sc.DiscountRate * 100}
		if a.Optimum == nil {
			row = append(row, l.T("roadmap.no_plan"))
			tables[1].Rows = append(tables[1].Rows, row)
			continue
		}
		o := sc.Outcome.Optimum
		row = append(row, o.Objective, o.Bound, o.Gap*100, l.T(fmt.Sprintf("roadmap.optimal_%t", o.Optimal)))
		if d, ok := a.Difference(); ok {
			row = append(row, a.Greedy.Objective, d)
		}
		tables[1].Rows = append(tables[1].Rows, row)

		plan := transfer.Table{Sheet: sheetName(l.T("roadmap.sheet_plan", sc.ID), sc.Name), Widths: []float64{40, 10, 12, 16, 14, 10, 14, 60},
			Header: []string{l.T("field.name"), l.T("roadmap.start"), l.T("roadmap.greedy_start"), l.T("roadmap.value"),
				l.T("field.cost"), l.T("field.hours"), l.T("field.annual_benefit"), l.T("roadmap.why")}}
		for _, it := range r.Items {
			cells := []any{it.Name, "", "", "", it.Cost, it.Hours, it.AnnualBenefit, ""}
			if t, ok := a.Start[it.Key]; ok {
				cells[1], cells[3] = sc.FirstYear+t, a.Value[it.Key]
			}
			if t, ok := a.GreedyStart[it.Key]; ok {
				cells[2] = sc.FirstYear + t
			}
			var why []string
			for _, reason := range a.Why[it.Key] {
				why = append(why, reasonText(l, sc, reason, names))
			}
			cells[7] = strings.Join(why, " ")
			plan.Rows = append(plan.Rows, cells)
		}
		years := transfer.Table{Sheet: sheetName(l.T("roadmap.sheet_years", sc.ID), sc.Name), Widths: []float64{10, 14, 14, 10, 12, 12, 10, 50},
			Header: []string{l.T("roadmap.year"), l.T("field.budget"), l.T("roadmap.spend"), l.T("roadmap.budget_use_pct"),
				l.T("field.capacity"), l.T("roadmap.hours_used"), l.T("roadmap.capacity_use_pct"), l.T("roadmap.starts")}}
		for t, u := range a.Optimum.Years {
			var starts []string
			for _, k := range u.Starts {
				starts = append(starts, names[k])
			}
			years.Rows = append(years.Rows, []any{sc.FirstYear + t, u.Budget, u.Spend, u.BudgetUse * 100, u.Capacity, u.Hours,
				u.CapacityUse * 100, strings.Join(starts, ", ")})
		}
		tables = append(tables, plan, years)
	}
	return tables, nil
}

// sheetName makes a sheet name of a prefix and a scenario's name: at most
// 31 characters, without the characters a sheet name may not hold.
func sheetName(prefix, name string) string {
	clean := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return ' '
		}
		return r
	}, prefix+" "+name)
	return strings.TrimSpace(shorten(clean, 31))
}

// sourceText says where an item's figures came from.
func sourceText(l i18n.Lang, it roadmap.Item) string {
	if it.Source == roadmap.SourceBenefitCase {
		return l.T("roadmap.source.benefit_case", it.SourceVersion)
	}
	if it.Source == "" {
		return ""
	}
	return l.T("roadmap.source." + it.Source)
}

// roadmapModel downloads a scenario as the optimiser's instance (json),
// or as a CPLEX LP or MPS file that any MIP solver reads.
func (s *Server) roadmapModel(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.Roadmaps.Roadmap(r.Context(), reqOf(r).Principal)
	if err != nil {
		return err
	}
	sc, _, ok := rec.Roadmap.Scenario(r.PathValue("id"))
	if !ok {
		return domain.NotFound("roadmap.scenario_not_found", r.PathValue("id"))
	}
	inst := rec.Roadmap.Instance(sc)
	format := r.URL.Query().Get("format")
	name := "veikart-" + sc.ID
	switch format {
	case "lp", "mps":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"`, name, format))
		if format == "lp" {
			return roadmap.WriteLP(w, inst)
		}
		return roadmap.WriteMPS(w, inst)
	case "", "json":
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.json"`, name))
		writeJSON(w, http.StatusOK, inst)
		return nil
	}
	return domain.NotFound("error.page_not_found")
}
