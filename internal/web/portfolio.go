package web

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
)

// portfolioIterations is the simulation per case on the portfolio page:
// enough for a P10–P90 band to rank by, cheap for 230 cases at once.
const portfolioIterations = 1000

// portfolioRow is one service's case in the portfolio.
type portfolioRow struct {
	Service catalogue.Service
	Result  benefit.Result
	Sim     *benefit.Simulation
	Volume  float64
	Yearly  float64 // the yearly gain at full uptake
	Share   float64 // the municipality's share when filtered by one
}

type portfolioData struct {
	Rows           []portfolioRow
	Area, Muni     string
	Sort           string
	Areas          []option
	Municipalities []option
	Chart          chartSpec
	Invalid        int // stored cases that no longer compute (shown as a count)
}

// portfolio is the Gevinster module: every service's benefit case ranked,
// filtered by area and municipality, with the gain-vs-cost bubble chart —
// the first answer to "which services have the largest gain potential".
func (s *Server) portfolio(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	l := rc.Lang
	entries, err := s.Benefits.Portfolio(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	d := portfolioData{Area: q.Get("area"), Muni: q.Get("municipality"), Sort: cmp.Or(q.Get("sort"), "npv")}
	munis, err := s.Catalogue.Municipalities(r.Context(), rc.Principal)
	if err != nil {
		return err
	}
	for _, m := range munis {
		d.Municipalities = append(d.Municipalities, option{Value: m.Number, Label: m.Name + " (" + m.Number + ")"})
	}
	seen := map[string]bool{}
	var cases []benefit.Case
	for _, e := range entries {
		if !seen[e.Service.Area] {
			seen[e.Service.Area] = true
			d.Areas = append(d.Areas, option{Value: e.Service.Area, Label: l.T("area." + e.Service.Area)})
		}
		if d.Area != "" && e.Service.Area != d.Area {
			continue
		}
		c, share := e.Record.Case, 1.0
		if d.Muni != "" {
			var ok bool
			if c, share, ok = benefit.ForMunicipality(c, d.Muni); !ok {
				continue
			}
		}
		res, err := benefit.Evaluate(c)
		if err != nil {
			d.Invalid++
			continue
		}
		f := res.FullUptake
		d.Rows = append(d.Rows, portfolioRow{Service: e.Service, Result: res, Volume: c.Volume(),
			Yearly: f.EmployeeTime + f.CitizenTime + f.DirectSaving, Share: share})
		cases = append(cases, c)
	}
	if sims, err := benefit.SimulatePortfolio(cases, portfolioIterations, pageSeed); err == nil {
		for i := range sims {
			d.Rows[i].Sim = &sims[i]
		}
	}
	slices.SortStableFunc(d.Rows, func(a, b portfolioRow) int {
		key := func(r portfolioRow) float64 {
			switch d.Sort {
			case "per_krone":
				if r.Result.NPVPerKrone != nil {
					return *r.Result.NPVPerKrone
				}
				return -1e300
			case "benefits":
				return r.Result.PVBenefits
			case "yearly":
				return r.Yearly
			}
			return r.Result.NPV
		}
		return cmp.Compare(key(b), key(a))
	})
	slices.SortFunc(d.Areas, func(a, b option) int { return cmp.Compare(a.Label, b.Label) })
	d.Chart = chartSpec{Type: "bubble", X: l.T("portfolio.pv_costs"), Y: l.T("portfolio.pv_benefits"),
		SizeLabel: l.T("portfolio.volume"), UnitX: "kr", UnitY: "kr"}
	for _, row := range d.Rows {
		d.Chart.Points = append(d.Chart.Points, bubblePoint{Name: row.Service.Name(l.Code()), X: row.Result.PVCosts,
			Y: row.Result.PVBenefits, Size: row.Volume, Group: l.T("area." + row.Service.Area),
			URL: "/services/" + row.Service.Slug + "/benefit"})
	}
	p := s.newPage(r, "benefits", l.T("portfolio.title"), d)
	p.Charts = true
	return s.render(w, r, http.StatusOK, "portfolio", p)
}
