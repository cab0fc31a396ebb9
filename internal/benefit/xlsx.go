package benefit

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes the case as a workbook an economist can check and
// change: sheet 1 the inputs (likely values), sheet 2 the yearly cash-flow
// table and sheet 3 the results, both with live formulas that refer to the
// inputs, so a changed input changes every figure. Each formula cell also
// holds the value Evaluate computed, and the workbook asks to be
// recalculated when opened. lang "en" gives English labels, anything else
// Norwegian bokmål. Errors: invalid (the case's fields), and w's.
func WriteXLSX(w io.Writer, c Case, lang string) error {
	if err := invalid(c); err != nil {
		return err
	}
	x := &xlsxWriter{f: excelize.NewFile(), c: c, res: evaluate(c), en: lang == "en"}
	defer x.f.Close()
	if err := x.write(); err != nil {
		return fmt.Errorf("benefit: build workbook: %w", err)
	}
	_, err := x.f.WriteTo(w)
	return err
}

// labels are the workbook's texts: bokmål, English.
var labels = map[string][2]string{
	"inputs":            {"Inndata", "Inputs"},
	"yearly":            {"Årstabell", "Yearly"},
	"results":           {"Resultat", "Results"},
	"title":             {"Gevinstanalyse", "Benefit case"},
	"service":           {"Tjeneste", "Service"},
	"likely":            {"Usikre tall står med sannsynlig verdi (lav/høy brukes i simuleringen).", "Uncertain inputs appear at their likely value (low/high are used by the simulation)."},
	"settings":          {"Innstillinger", "Settings"},
	"years":             {"Analyseperiode (år)", "Analysis period (years)"},
	"rate":              {"Kalkulasjonsrente (reell)", "Discount rate (real)"},
	"price_year":        {"Kroneår", "Price year"},
	"citizen_value":     {"Verdi av innbyggertid (kr per time)", "Value of citizens' time (NOK per hour)"},
	"municipalities":    {"Kommuner", "Municipalities"},
	"number":            {"Kommunenr.", "Number"},
	"name":              {"Navn", "Name"},
	"cases":             {"Saker per år", "Cases per year"},
	"source":            {"Kilde", "Source"},
	"hourly":            {"Timekost ansatte (kr)", "Employee hourly cost (NOK)"},
	"minutes":           {"Minutter spart per sak, ansatte", "Employee minutes saved per case"},
	"citizen_minutes":   {"Minutter spart per sak, innbyggere", "Citizens' minutes saved per case"},
	"gains":             {"Gevinster", "Gains"},
	"id":                {"ID", "ID"},
	"kind":              {"Type", "Kind"},
	"class":             {"Klasse (DFØ)", "Class (DFØ)"},
	"annual":            {"Beløp per år (kr)", "Amount per year (NOK)"},
	"score":             {"Score (1–5)", "Score (1–5)"},
	"freed":             {"Frigjort tid til annen bruk", "Time freed for other use"},
	"yes":               {"ja", "yes"},
	"one_off":           {"Engangskostnader", "One-off costs"},
	"yearly_costs":      {"Årlige kostnader", "Yearly costs"},
	"amount":            {"Beløp (kr)", "Amount (NOK)"},
	"hours":             {"Timer", "Hours"},
	"year":              {"År", "Year"},
	"uptake":            {"Opptak", "Uptake"},
	"uptake_share":      {"Andel av full gevinst", "Share of the full gain"},
	"cash_flow":         {"Kontantstrøm per år (kr)", "Cash flow per year (NOK)"},
	"mean_hourly":       {"Gjennomsnittlig timekost ansatte (kr), verdsetter kostnadstimer", "Mean employee hourly cost (NOK), values cost hours"},
	"col_employee":      {"Ansattes tid", "Employee time"},
	"col_citizen":       {"Innbyggernes tid", "Citizens' time"},
	"direct":            {"Direkte besparelser", "Direct savings"},
	"sum_gains":         {"Sum gevinster", "Total gains"},
	"sum_costs":         {"Sum kostnader", "Total costs"},
	"net":               {"Netto", "Net"},
	"discount":          {"Diskonteringsfaktor", "Discount factor"},
	"pv_gains":          {"Nåverdi gevinster", "PV gains"},
	"pv_costs":          {"Nåverdi kostnader", "PV costs"},
	"pv_one_off":        {"Nåverdi engangskostnader", "PV one-off costs"},
	"pv_net":            {"Nåverdi netto", "PV net"},
	"cumulative":        {"Akkumulert nåverdi", "Cumulative PV"},
	"paid_back":         {"Tilbakebetalt (år)", "Paid back (year)"},
	"r_pv_benefits":     {"Nåverdi av gevinster", "PV of benefits"},
	"r_pv_costs":        {"Nåverdi av kostnader", "PV of costs"},
	"r_pv_investment":   {"Nåverdi av investering (engangskostnader)", "PV of investment (one-off costs)"},
	"r_npv":             {"Netto nåverdi", "Net present value"},
	"r_per_krone":       {"Netto nåverdi per investert krone", "NPV per krone invested"},
	"r_bcr":             {"Nytte/kost-forhold", "Benefit/cost ratio"},
	"r_payback":         {"Tilbakebetalingsår", "Payback year"},
	"undefined":         {"ikke definert", "undefined"},
	"never":             {"ikke innen perioden", "not within the period"},
	"f_pv_benefits":     {"Sum av nåverdi gevinster i årstabellen", "Sum of the yearly PV of gains"},
	"f_pv_costs":        {"Sum av nåverdi kostnader i årstabellen", "Sum of the yearly PV of costs"},
	"f_pv_investment":   {"Sum av nåverdi engangskostnader", "Sum of the yearly PV of one-off costs"},
	"f_npv":             {"Sum av nåverdi netto = gevinster − kostnader", "Sum of the yearly PV net = benefits − costs"},
	"f_per_krone":       {"Netto nåverdi / nåverdi av investering (Digdirs rangering)", "NPV / PV of investment (Digdir's ranking)"},
	"f_bcr":             {"Nåverdi gevinster / nåverdi kostnader", "PV benefits / PV costs"},
	"f_payback":         {"Første år der akkumulert nåverdi ≥ 0", "First year whose cumulative PV ≥ 0"},
	"qualitative_gains": {"Kvalitative gevinster (ikke verdsatt i kroner)", "Qualitative gains (not valued in NOK)"},
	GainEmployeeTime:    {"Spart arbeidstid", "Employee time"},
	GainCitizenTime:     {"Spart tid for innbyggere", "Citizens' time"},
	GainDirect:          {"Direkte besparelse", "Direct saving"},
	GainQualitative:     {"Kvalitativ", "Qualitative"},
	ClassEfficiency:     {"Effektivisering", "Efficiency"},
	ClassQuality:        {"Kvalitet", "Quality"},
	ClassOthers:         {"Gevinst for andre", "Gain for others"},
	CostInvestment:      {"Investering", "Investment"},
	CostImplementation:  {"Innføring", "Implementation"},
	CostTraining:        {"Opplæring", "Training"},
	CostLicence:         {"Lisens", "Licence"},
	CostOperation:       {"Drift", "Operation"},
}

type xlsxWriter struct {
	f   *excelize.File
	c   Case
	res Result
	en  bool
	err error

	styles map[string]int
	sheets map[string]map[int][]any // sheet → row → cells
	// Ranges on the inputs sheet the formulas refer to, as absolute
	// references with the sheet's name ("" when the table is empty).
	rate, citizenValue                     string
	cases, hourly, minutes, citizenMinutes string
	directAnnual                           string
	oneOffAmount, oneOffHours, oneOffYear  string
	yearlyAmount, yearlyHours              string
	uptakeRow                              []int // row of year t's uptake, t ≥ 1
	inputs, yearly, results                string
	yearlyFirst, yearlyLast, meanHourly    int
}

func (x *xlsxWriter) t(key string) string {
	l, ok := labels[key]
	if !ok {
		return key
	}
	if x.en {
		return l[1]
	}
	return l[0]
}

func (x *xlsxWriter) write() error {
	x.inputs, x.yearly, x.results = x.t("inputs"), x.t("yearly"), x.t("results")
	if err := x.f.SetSheetName("Sheet1", x.inputs); err != nil {
		return err
	}
	for _, s := range []string{x.yearly, x.results} {
		if _, err := x.f.NewSheet(s); err != nil {
			return err
		}
	}
	x.styles = map[string]int{}
	x.sheets = map[string]map[int][]any{}
	for name, st := range map[string]*excelize.Style{
		"bold":    {Font: &excelize.Font{Bold: true}},
		"title":   {Font: &excelize.Font{Bold: true, Size: 14}},
		"head":    {Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}},
		"nok":     {NumFmt: 3},  // #,##0
		"nok2":    {NumFmt: 4},  // #,##0.00
		"pct":     {NumFmt: 10}, // 0.00%
		"ratio":   {NumFmt: 2},  // 0.00
		"factor":  {CustomNumFmt: ptr("0.000000")},
		"boldnok": {Font: &excelize.Font{Bold: true}, NumFmt: 3},
	} {
		id, err := x.f.NewStyle(st)
		if err != nil {
			return err
		}
		x.styles[name] = id
	}
	x.writeInputs()
	x.writeYearly()
	x.writeResults()
	if x.err != nil {
		return x.err
	}
	full := true
	return x.f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full})
}

func ptr[T any](v T) *T { return &v }

// cell names column col (1 = A) of row.
func cell(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

// ref1 is an absolute reference to one cell on sheet.
func ref1(sheet string, col, row int) string {
	a, _ := excelize.CoordinatesToCellName(col, row, true)
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'!" + a
}

// ref is an absolute reference to a column range on sheet, or "" when the
// range is empty.
func ref(sheet string, col, first, last int) string {
	if last < first {
		return ""
	}
	a, _ := excelize.CoordinatesToCellName(col, first, true)
	b, _ := excelize.CoordinatesToCellName(col, last, true)
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'!" + a + ":" + b
}

// set puts a value (nil: none) with a style ("" for none) in a cell.
func (x *xlsxWriter) set(sheet string, col, row int, v any, style string) {
	x.put(sheet, col, row, excelize.Cell{StyleID: x.styles[style], Value: v})
}

// formula puts a formula in a cell with the number it evaluates to as its
// cached result, for readers that do not recalculate (a text result is
// left to them).
func (x *xlsxWriter) formula(sheet string, col, row int, f string, cached any, style string) {
	if _, ok := cached.(string); ok {
		cached = nil
	}
	x.put(sheet, col, row, excelize.Cell{StyleID: x.styles[style], Formula: f, Value: cached})
}

func (x *xlsxWriter) put(sheet string, col, row int, c excelize.Cell) {
	rows := x.sheets[sheet]
	if rows == nil {
		rows = map[int][]any{}
		x.sheets[sheet] = rows
	}
	r := rows[row]
	for len(r) < col {
		r = append(r, nil)
	}
	r[col-1] = c
	rows[row] = r
}

// flush writes a sheet's cells through a stream writer, which (unlike
// SetCellFormula) keeps a formula's cached value typed as a number.
func (x *xlsxWriter) flush(sheet string, widths []float64, panes *excelize.Panes) error {
	sw, err := x.f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if panes != nil {
		if err := sw.SetPanes(panes); err != nil {
			return err
		}
	}
	rows := x.sheets[sheet]
	nums := make([]int, 0, len(rows))
	for r := range rows {
		nums = append(nums, r)
	}
	slices.Sort(nums)
	for _, r := range nums {
		if err := sw.SetRow(cell(1, r), rows[r]); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func (x *xlsxWriter) header(sheet string, row int, keys ...string) {
	for i, k := range keys {
		x.set(sheet, i+1, row, x.t(k), "head")
	}
}

func (x *xlsxWriter) writeInputs() {
	sh, c := x.inputs, x.c
	s := c.Settings.Normalized()
	title := x.t("title")
	if c.Name != "" {
		title += ": " + c.Name
	}
	x.set(sh, 1, 1, title, "title")
	if c.Service != "" {
		x.set(sh, 1, 2, x.t("service"), "")
		x.set(sh, 2, 2, c.Service, "")
	}
	x.set(sh, 1, 3, x.t("likely"), "")
	x.set(sh, 1, 5, x.t("settings"), "bold")
	x.set(sh, 1, 6, x.t("years"), "")
	x.set(sh, 2, 6, s.Years, "")
	x.set(sh, 1, 7, x.t("rate"), "")
	x.set(sh, 2, 7, s.DiscountRate, "pct")
	x.rate = ref1(sh, 2, 7)
	x.set(sh, 1, 8, x.t("price_year"), "")
	if s.PriceYear != 0 {
		x.set(sh, 2, 8, s.PriceYear, "")
	}
	x.set(sh, 1, 9, x.t("citizen_value"), "")
	x.set(sh, 2, 9, s.CitizenHourValue.Likely, "nok")
	x.citizenValue = ref1(sh, 2, 9)

	row := 11
	x.set(sh, 1, row, x.t("municipalities"), "bold")
	row++
	x.header(sh, row, "number", "name", "cases", "source", "hourly", "minutes", "source", "citizen_minutes")
	first := row + 1
	for _, m := range c.Municipalities {
		row++
		x.set(sh, 1, row, m.Municipality, "")
		x.set(sh, 2, row, m.Name, "")
		x.set(sh, 3, row, m.Cases.Likely, "nok")
		x.set(sh, 4, row, m.CasesSource, "")
		x.set(sh, 5, row, m.HourlyCost.Likely, "nok")
		x.set(sh, 6, row, m.MinutesSaved.Likely, "")
		x.set(sh, 7, row, m.MinutesSavedSource, "")
		x.set(sh, 8, row, m.CitizenMinutesSaved.Likely, "")
	}
	x.cases, x.hourly = ref(sh, 3, first, row), ref(sh, 5, first, row)
	x.minutes, x.citizenMinutes = ref(sh, 6, first, row), ref(sh, 8, first, row)

	row += 2
	x.set(sh, 1, row, x.t("gains"), "bold")
	row++
	x.header(sh, row, "id", "name", "kind", "class", "annual", "score", "freed")
	first = row + 1
	for _, g := range c.Gains {
		row++
		x.set(sh, 1, row, g.ID, "")
		x.set(sh, 2, row, g.Name, "")
		x.set(sh, 3, row, x.t(g.Kind), "")
		x.set(sh, 4, row, x.t(g.ClassOrDefault()), "")
		if g.Kind == GainDirect {
			x.set(sh, 5, row, g.Annual.Likely, "nok")
		}
		if g.Kind == GainQualitative {
			x.set(sh, 6, row, g.Score, "")
		}
		if g.FreedForOtherUse {
			x.set(sh, 7, row, x.t("yes"), "")
		}
	}
	x.directAnnual = ref(sh, 5, first, row)

	row += 2
	x.set(sh, 1, row, x.t("one_off"), "bold")
	row++
	x.header(sh, row, "id", "name", "kind", "amount", "hours", "year")
	first = row + 1
	for _, k := range c.Costs {
		if !k.OneOff() {
			continue
		}
		row++
		x.set(sh, 1, row, k.ID, "")
		x.set(sh, 2, row, k.Name, "")
		x.set(sh, 3, row, x.t(k.Kind), "")
		x.set(sh, 4, row, k.Amount.Likely, "nok")
		x.set(sh, 5, row, k.Hours.Likely, "")
		x.set(sh, 6, row, k.Year, "")
	}
	x.oneOffAmount, x.oneOffHours, x.oneOffYear = ref(sh, 4, first, row), ref(sh, 5, first, row), ref(sh, 6, first, row)

	row += 2
	x.set(sh, 1, row, x.t("yearly_costs"), "bold")
	row++
	x.header(sh, row, "id", "name", "kind", "amount", "hours")
	first = row + 1
	for _, k := range c.Costs {
		if k.OneOff() {
			continue
		}
		row++
		x.set(sh, 1, row, k.ID, "")
		x.set(sh, 2, row, k.Name, "")
		x.set(sh, 3, row, x.t(k.Kind), "")
		x.set(sh, 4, row, k.Amount.Likely, "nok")
		x.set(sh, 5, row, k.Hours.Likely, "")
	}
	x.yearlyAmount, x.yearlyHours = ref(sh, 4, first, row), ref(sh, 5, first, row)

	row += 2
	x.set(sh, 1, row, x.t("uptake"), "bold")
	row++
	x.header(sh, row, "year", "uptake_share")
	x.uptakeRow = make([]int, s.Years+1)
	for t := 1; t <= s.Years; t++ {
		row++
		x.set(sh, 1, row, t, "")
		x.set(sh, 2, row, uptakeAt(c.Uptake, t), "pct")
		x.uptakeRow[t] = row
	}
	if x.err == nil {
		x.err = x.flush(sh, []float64{36, 28, 16, 14, 18, 18, 14, 18}, nil)
	}
}

// Columns of the yearly sheet.
const (
	colYear = iota + 1
	colUptake
	colEmployee
	colCitizen
	colDirect
	colGains
	colOneOff
	colYearlyCosts
	colCosts
	colNet
	colDiscount
	colPVGains
	colPVCosts
	colPVOneOff
	colPVNet
	colCumulative
	colPaidBack
)

func (x *xlsxWriter) writeYearly() {
	sh, res := x.yearly, x.res
	x.set(sh, 1, 1, x.t("cash_flow"), "title")
	x.set(sh, 1, 2, x.t("mean_hourly"), "")
	x.meanHourly = 2
	if x.hourly != "" {
		x.formula(sh, 2, 2, "AVERAGE("+x.hourly+")", res.MeanHourlyCost, "nok2")
	} else {
		x.set(sh, 2, 2, 0, "nok2")
	}
	hbar := "$B$2"
	x.header(sh, 4, "year", "uptake", "col_employee", "col_citizen", "direct", "sum_gains", "one_off", "yearly_costs",
		"sum_costs", "net", "discount", "pv_gains", "pv_costs", "pv_one_off", "pv_net", "cumulative", "paid_back")
	hasEmp, hasCit := hasGain(x.c, GainEmployeeTime), hasGain(x.c, GainCitizenTime)
	hasDirect := hasGain(x.c, GainDirect)
	x.yearlyFirst = 5
	for _, yr := range res.Table {
		t := yr.Year
		r := x.yearlyFirst + t
		x.yearlyLast = r
		at := func(col int) string { return cell(col, r) }
		x.set(sh, colYear, r, t, "")
		if t == 0 {
			x.set(sh, colUptake, r, 0, "pct")
		} else {
			x.formula(sh, colUptake, r, ref1(x.inputs, 2, x.uptakeRow[t]), yr.Uptake, "pct")
		}
		u := at(colUptake)
		if hasEmp && x.cases != "" {
			x.formula(sh, colEmployee, r, fmt.Sprintf("SUMPRODUCT(%s,%s,%s)/60*%s", x.cases, x.minutes, x.hourly, u), yr.ByKind.EmployeeTime, "nok")
		} else {
			x.set(sh, colEmployee, r, 0, "nok")
		}
		if hasCit && x.cases != "" {
			x.formula(sh, colCitizen, r, fmt.Sprintf("SUMPRODUCT(%s,%s)/60*%s*%s", x.cases, x.citizenMinutes, x.citizenValue, u), yr.ByKind.CitizenTime, "nok")
		} else {
			x.set(sh, colCitizen, r, 0, "nok")
		}
		if hasDirect {
			x.formula(sh, colDirect, r, fmt.Sprintf("SUM(%s)*%s", x.directAnnual, u), yr.ByKind.DirectSaving, "nok")
		} else {
			x.set(sh, colDirect, r, 0, "nok")
		}
		x.formula(sh, colGains, r, fmt.Sprintf("SUM(%s:%s)", at(colEmployee), at(colDirect)), yr.Gains, "nok")
		if x.oneOffAmount != "" {
			x.formula(sh, colOneOff, r, fmt.Sprintf("SUMIF(%s,%s,%s)+%s*SUMIF(%s,%s,%s)",
				x.oneOffYear, at(colYear), x.oneOffAmount, hbar, x.oneOffYear, at(colYear), x.oneOffHours), yr.OneOffCosts, "nok")
		} else {
			x.set(sh, colOneOff, r, 0, "nok")
		}
		if x.yearlyAmount != "" && t > 0 {
			x.formula(sh, colYearlyCosts, r, fmt.Sprintf("SUM(%s)+%s*SUM(%s)", x.yearlyAmount, hbar, x.yearlyHours), yr.YearlyCosts, "nok")
		} else {
			x.set(sh, colYearlyCosts, r, 0, "nok")
		}
		x.formula(sh, colCosts, r, at(colOneOff)+"+"+at(colYearlyCosts), yr.Costs, "nok")
		x.formula(sh, colNet, r, at(colGains)+"-"+at(colCosts), yr.Net, "nok")
		x.formula(sh, colDiscount, r, fmt.Sprintf("1/(1+%s)^%s", x.rate, at(colYear)), yr.DiscountFactor, "factor")
		d := at(colDiscount)
		x.formula(sh, colPVGains, r, at(colGains)+"*"+d, yr.PVGains, "nok")
		x.formula(sh, colPVCosts, r, at(colCosts)+"*"+d, yr.PVCosts, "nok")
		x.formula(sh, colPVOneOff, r, at(colOneOff)+"*"+d, yr.OneOffCosts*yr.DiscountFactor, "nok")
		x.formula(sh, colPVNet, r, at(colNet)+"*"+d, yr.PVNet, "nok")
		if t == 0 {
			x.formula(sh, colCumulative, r, at(colPVNet), yr.CumulativePV, "nok")
		} else {
			x.formula(sh, colCumulative, r, cell(colCumulative, r-1)+"+"+at(colPVNet), yr.CumulativePV, "nok")
		}
		var paid any = ""
		if yr.CumulativePV >= 0 {
			paid = t
		}
		x.formula(sh, colPaidBack, r, fmt.Sprintf(`IF(%s>=0,%s,"")`, at(colCumulative), at(colYear)), paid, "")
	}
	if x.err == nil {
		x.err = x.flush(sh, []float64{8, 10, 16, 16, 16, 16, 16, 16, 16, 16, 14, 16, 16, 16, 16, 16, 14},
			&excelize.Panes{Freeze: true, XSplit: 1, YSplit: 4, TopLeftCell: "B5", ActivePane: "bottomRight"})
	}
}

func (x *xlsxWriter) writeResults() {
	sh, res := x.results, x.res
	title := x.t("title")
	if x.c.Name != "" {
		title += ": " + x.c.Name
	}
	x.set(sh, 1, 1, title, "title")
	col := func(c int) string { return ref(x.yearly, c, x.yearlyFirst, x.yearlyLast) }
	undefined := `"` + x.t("undefined") + `"`
	var perKrone, bcr, payback any = x.t("undefined"), x.t("undefined"), x.t("never")
	if res.NPVPerKrone != nil {
		perKrone = *res.NPVPerKrone
	}
	if res.BenefitCostRatio != nil {
		bcr = *res.BenefitCostRatio
	}
	if res.PaybackYear != nil {
		payback = *res.PaybackYear
	}
	rows := []struct {
		label, formula, explain string
		cached                  any
		style                   string
	}{
		{"r_pv_benefits", "SUM(" + col(colPVGains) + ")", "f_pv_benefits", res.PVBenefits, "nok"},
		{"r_pv_costs", "SUM(" + col(colPVCosts) + ")", "f_pv_costs", res.PVCosts, "nok"},
		{"r_pv_investment", "SUM(" + col(colPVOneOff) + ")", "f_pv_investment", res.PVInvestment, "nok"},
		{"r_npv", "SUM(" + col(colPVNet) + ")", "f_npv", res.NPV, "boldnok"},
		{"r_per_krone", "IF(B5=0," + undefined + ",B6/B5)", "f_per_krone", perKrone, "ratio"},
		{"r_bcr", "IF(B4=0," + undefined + ",B3/B4)", "f_bcr", bcr, "ratio"},
		{"r_payback", fmt.Sprintf(`IF(COUNT(%s)=0,"%s",MIN(%s))`, col(colPaidBack), x.t("never"), col(colPaidBack)), "f_payback", payback, ""},
	}
	for i, r := range rows {
		row := 3 + i
		x.set(sh, 1, row, x.t(r.label), "")
		x.formula(sh, 2, row, r.formula, r.cached, r.style)
		x.set(sh, 3, row, x.t(r.explain), "")
	}
	row := 3 + len(rows) + 1
	x.set(sh, 1, row, x.t("qualitative_gains"), "bold")
	for _, g := range x.c.Gains {
		if g.Kind == GainQualitative {
			row++
			x.set(sh, 1, row, g.Name, "")
			x.set(sh, 2, row, g.Score, "")
		}
	}
	if x.err == nil {
		x.err = x.flush(sh, []float64{44, 18, 60}, nil)
	}
}
