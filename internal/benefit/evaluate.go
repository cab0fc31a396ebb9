package benefit

import "math"

// Result is a case's deterministic result: every input at its likely
// value. Ratios that are undefined (a division by zero) are nil, so the
// result always encodes as JSON. Amounts are NOK in the case's price year.
type Result struct {
	Years        int     `json:"years"`         // N, the analysis period
	DiscountRate float64 `json:"discount_rate"` // r
	PriceYear    int     `json:"price_year"`
	// MeanHourlyCost values the hours of costs: the mean of the
	// municipalities' hourly costs, 0 without municipalities.
	MeanHourlyCost float64 `json:"mean_hourly_cost"`
	// FullUptake is the yearly gain of each kind at full uptake (u = 1).
	FullUptake KindAmounts `json:"full_uptake"`

	Table []YearRow `json:"table"` // years 0 … N

	PVBenefits   float64 `json:"pv_benefits"`   // Σ gains_t d_t
	PVCosts      float64 `json:"pv_costs"`      // Σ costs_t d_t
	PVInvestment float64 `json:"pv_investment"` // Σ one-off costs_t d_t
	NPV          float64 `json:"npv"`           // PV benefits − PV costs
	// NPVPerKrone is NPV / PV investment, the measure Digdir ranks
	// co-financing applications by; nil without one-off costs.
	NPVPerKrone *float64 `json:"npv_per_krone"`
	// BenefitCostRatio is PV benefits / PV costs; nil without costs.
	BenefitCostRatio *float64 `json:"benefit_cost_ratio"`
	// PaybackYear is the first year t whose cumulative discounted net is
	// ≥ 0; nil when that never happens within the period.
	PaybackYear *int `json:"payback_year"`

	Gains          []GainResult         `json:"gains"`
	Costs          []CostResult         `json:"costs"`
	Municipalities []MunicipalityResult `json:"municipalities"`
}

// KindAmounts are gains split by kind (qualitative gains are not valued).
type KindAmounts struct {
	EmployeeTime float64 `json:"employee_time"`
	CitizenTime  float64 `json:"citizen_time"`
	DirectSaving float64 `json:"direct_saving"`
}

// ClassAmounts are gains split by DFØ class. FreedForOtherUse is the part
// of the gains (normally of the efficiency gains) that is time redeployed
// rather than cut from a budget.
type ClassAmounts struct {
	Efficiency       float64 `json:"efficiency"`
	Quality          float64 `json:"quality"`
	Others           float64 `json:"others"`
	FreedForOtherUse float64 `json:"freed_for_other_use"`
}

// YearRow is one year t of the cash-flow table.
type YearRow struct {
	Year           int          `json:"year"`   // t, 0 … N
	Uptake         float64      `json:"uptake"` // u_t (0 in year 0)
	ByKind         KindAmounts  `json:"by_kind"`
	ByClass        ClassAmounts `json:"by_class"`
	Gains          float64      `json:"gains"` // Σ by kind
	OneOffCosts    float64      `json:"one_off_costs"`
	YearlyCosts    float64      `json:"yearly_costs"`
	Costs          float64      `json:"costs"`           // one-off + yearly
	Net            float64      `json:"net"`             // gains − costs
	DiscountFactor float64      `json:"discount_factor"` // d_t = 1/(1+r)^t
	PVGains        float64      `json:"pv_gains"`        // gains × d_t
	PVCosts        float64      `json:"pv_costs"`        // costs × d_t
	PVNet          float64      `json:"pv_net"`          // net × d_t
	CumulativePV   float64      `json:"cumulative_pv"`   // Σ_{s≤t} PV net
}

// GainResult is one gain's yearly value at full uptake and its present
// value over the period.
type GainResult struct {
	ID               string  `json:"id"`
	Name             string  `json:"name"`
	Kind             string  `json:"kind"`
	Class            string  `json:"class"` // ClassOrDefault
	Annual           float64 `json:"annual"`
	PV               float64 `json:"pv"`
	Score            int     `json:"score,omitempty"`
	FreedForOtherUse bool    `json:"freed_for_other_use,omitempty"`
}

// CostResult is one cost: Value = amount + hours × mean hourly cost, each
// time it falls, and its present value over the period.
type CostResult struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	Kind   string  `json:"kind"`
	OneOff bool    `json:"one_off"`
	Year   int     `json:"year"` // a one-off cost's year; 0 for yearly costs
	Value  float64 `json:"value"`
	PV     float64 `json:"pv"`
}

// MunicipalityResult is one municipality's part of the time gains: hours
// and NOK per year at full uptake, their present value, and its share of
// the case's PV benefits (0 when those are 0). The kinds the case has no
// gain of are 0.
type MunicipalityResult struct {
	Municipality      string  `json:"municipality"`
	Name              string  `json:"name,omitempty"`
	EmployeeHours     float64 `json:"employee_hours"`
	EmployeeTime      float64 `json:"employee_time"`
	CitizenHours      float64 `json:"citizen_hours"`
	CitizenTime       float64 `json:"citizen_time"`
	PVEmployeeTime    float64 `json:"pv_employee_time"`
	PVCitizenTime     float64 `json:"pv_citizen_time"`
	ShareOfPVBenefits float64 `json:"share_of_pv_benefits"`
}

// Evaluate computes the case's result at the likely values. It returns an
// invalid error ("error.invalid_fields", with Validate's fields) for a case
// Validate refuses.
func Evaluate(c Case) (Result, error) {
	if err := invalid(c); err != nil {
		return Result{}, err
	}
	return evaluate(c), nil
}

// uptakeAt is u_t: the uptake list's value for year t ≥ 1, its last value
// holding on; 1 when the list is empty; 0 in year 0.
func uptakeAt(up []Range, t int) float64 {
	switch {
	case t <= 0:
		return 0
	case len(up) == 0:
		return 1
	}
	return up[min(t-1, len(up)-1)].Likely
}

func hasGain(c Case, kind string) bool {
	for _, g := range c.Gains {
		if g.Kind == kind {
			return true
		}
	}
	return false
}

func discountFactor(r float64, t int) float64 { return 1 / math.Pow(1+r, float64(t)) }

func evaluate(c Case) Result {
	s := c.Settings.Normalized()
	n, r := s.Years, s.DiscountRate
	res := Result{Years: n, DiscountRate: r, PriceYear: s.PriceYear}

	hasEmp, hasCit := hasGain(c, GainEmployeeTime), hasGain(c, GainCitizenTime)
	cv := s.CitizenHourValue.Likely
	var hsum float64
	res.Municipalities = make([]MunicipalityResult, len(c.Municipalities))
	for i, m := range c.Municipalities {
		hsum += m.HourlyCost.Likely
		mr := MunicipalityResult{Municipality: m.Municipality, Name: m.Name}
		if hasEmp {
			mr.EmployeeHours = m.Cases.Likely * m.MinutesSaved.Likely / 60
			mr.EmployeeTime = mr.EmployeeHours * m.HourlyCost.Likely
		}
		if hasCit {
			mr.CitizenHours = m.Cases.Likely * m.CitizenMinutesSaved.Likely / 60
			mr.CitizenTime = mr.CitizenHours * cv
		}
		res.FullUptake.EmployeeTime += mr.EmployeeTime
		res.FullUptake.CitizenTime += mr.CitizenTime
		res.Municipalities[i] = mr
	}
	if len(c.Municipalities) > 0 {
		res.MeanHourlyCost = hsum / float64(len(c.Municipalities))
	}

	// Each gain's value at full uptake.
	res.Gains = make([]GainResult, len(c.Gains))
	for i, g := range c.Gains {
		gr := GainResult{ID: g.ID, Name: g.Name, Kind: g.Kind, Class: g.ClassOrDefault(), Score: g.Score, FreedForOtherUse: g.FreedForOtherUse}
		switch g.Kind {
		case GainEmployeeTime:
			gr.Annual = res.FullUptake.EmployeeTime
		case GainCitizenTime:
			gr.Annual = res.FullUptake.CitizenTime
		case GainDirect:
			gr.Annual = g.Annual.Likely
			res.FullUptake.DirectSaving += gr.Annual
		}
		res.Gains[i] = gr
	}
	res.Costs = make([]CostResult, len(c.Costs))
	for i, k := range c.Costs {
		cr := CostResult{ID: k.ID, Name: k.Name, Kind: k.Kind, OneOff: k.OneOff(),
			Value: k.Amount.Likely + k.Hours.Likely*res.MeanHourlyCost}
		if cr.OneOff {
			cr.Year = k.Year
		}
		res.Costs[i] = cr
	}

	res.Table = make([]YearRow, n+1)
	var uptakeDiscounted float64 // Σ_{t≥1} u_t d_t
	payback := -1
	for t := 0; t <= n; t++ {
		row := YearRow{Year: t, Uptake: uptakeAt(c.Uptake, t), DiscountFactor: discountFactor(r, t)}
		d, u := row.DiscountFactor, row.Uptake
		uptakeDiscounted += u * d
		for i, g := range c.Gains {
			v := u * res.Gains[i].Annual
			switch g.Kind {
			case GainEmployeeTime:
				row.ByKind.EmployeeTime += v
			case GainCitizenTime:
				row.ByKind.CitizenTime += v
			case GainDirect:
				row.ByKind.DirectSaving += v
			default:
				continue
			}
			switch res.Gains[i].Class {
			case ClassEfficiency:
				row.ByClass.Efficiency += v
			case ClassQuality:
				row.ByClass.Quality += v
			case ClassOthers:
				row.ByClass.Others += v
			}
			if g.FreedForOtherUse {
				row.ByClass.FreedForOtherUse += v
			}
			res.Gains[i].PV += v * d
		}
		for i := range c.Costs {
			cr := &res.Costs[i]
			switch {
			case cr.OneOff && cr.Year == t:
				row.OneOffCosts += cr.Value
			case !cr.OneOff && t >= 1:
				row.YearlyCosts += cr.Value
			default:
				continue
			}
			cr.PV += cr.Value * d
		}
		row.Gains = row.ByKind.EmployeeTime + row.ByKind.CitizenTime + row.ByKind.DirectSaving
		row.Costs = row.OneOffCosts + row.YearlyCosts
		row.Net = row.Gains - row.Costs
		row.PVGains = row.Gains * d
		row.PVCosts = row.Costs * d
		row.PVNet = row.Net * d
		row.CumulativePV = row.PVNet
		if t > 0 {
			row.CumulativePV += res.Table[t-1].CumulativePV
		}
		if payback < 0 && row.CumulativePV >= 0 {
			payback = t
		}
		res.PVBenefits += row.PVGains
		res.PVCosts += row.PVCosts
		res.PVInvestment += row.OneOffCosts * d
		res.Table[t] = row
	}
	res.NPV = res.PVBenefits - res.PVCosts
	res.NPVPerKrone = ratio(res.NPV, res.PVInvestment)
	res.BenefitCostRatio = ratio(res.PVBenefits, res.PVCosts)
	if payback >= 0 {
		res.PaybackYear = &payback
	}
	for i := range res.Municipalities {
		m := &res.Municipalities[i]
		m.PVEmployeeTime = m.EmployeeTime * uptakeDiscounted
		m.PVCitizenTime = m.CitizenTime * uptakeDiscounted
		if res.PVBenefits > 0 {
			m.ShareOfPVBenefits = (m.PVEmployeeTime + m.PVCitizenTime) / res.PVBenefits
		}
	}
	return res
}

// ratio is a / b, or nil when it is undefined or not finite.
func ratio(a, b float64) *float64 {
	if b == 0 {
		return nil
	}
	q := a / b
	if math.IsNaN(q) || math.IsInf(q, 0) {
		return nil
	}
	return &q
}
