package realisation

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer/guard"
)

// Batch is the measurements read from one file, with the problems found
// while reading it; ImportMeasurements checks and records it.
type Batch struct {
	Sheet   string // the sheet the rows come from, to locate problems
	Columns Columns
	Rows    []MeasurementRow
	// Problems are the first catalogue.MaxProblems the reader found;
	// MoreProblems counts the rest.
	Problems     []catalogue.Problem
	MoreProblems int
}

// addProblem keeps p, or counts it beyond catalogue.MaxProblems.
func (b *Batch) addProblem(p catalogue.Problem) {
	if len(b.Problems) < catalogue.MaxProblems {
		b.Problems = append(b.Problems, p)
		return
	}
	b.MoreProblems++
}

// Columns are the header texts the file used for each field, so that a
// problem names the column as the user sees it. Empty ones default to the
// Norwegian names.
type Columns struct {
	Indicator, Date, Value, Comment string
}

func (c Columns) orDefault() Columns {
	return Columns{Indicator: cmpOr(c.Indicator, "Indikator"), Date: cmpOr(c.Date, "Dato"),
		Value: cmpOr(c.Value, "Verdi"), Comment: cmpOr(c.Comment, "Kommentar")}
}

// of returns the column of a Measurement field named as in its field errors.
func (c Columns) of(field string) string {
	switch field {
	case "date":
		return c.Date
	case "value":
		return c.Value
	case "comment":
		return c.Comment
	}
	return c.Indicator
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// MeasurementRow is one row of a measurements sheet. Indicator is the
// indicator's name or id as written.
type MeasurementRow struct {
	Line      int
	Indicator string
	Date      time.Time
	Value     float64
	Comment   string
	// Unreadable marks a row whose date or value the reader already
	// reported; only its indicator is checked further.
	Unreadable bool
}

// Sheet and column names the reader recognises, in any case.
var (
	measurementSheets = []string{"Målinger", "Measurements"}
	headerNames       = map[string]string{
		"indikator": "indicator", "indicator": "indicator",
		"dato": "date", "date": "date",
		"verdi": "value", "value": "value",
		"kommentar": "comment", "comment": "comment",
	}
)

// measurementsUnzipLimit caps what a workbook of measurements may unpack
// to: a plan's measurements are a few thousand rows at most.
const measurementsUnzipLimit = 64 << 20

// ReadMeasurements reads measurements within guard.DefaultLimits (and
// at most 64 MB unpacked); see ReadMeasurementsLimited.
func ReadMeasurements(r io.Reader, name string) (Batch, error) {
	return ReadMeasurementsLimited(r, name, guard.Limits{})
}

// ReadMeasurementsLimited reads the sheet "Målinger" (or "Measurements",
// in any case) of an .xlsx workbook called name. The header is the sheet's
// first non-empty row, with the columns Indikator/Indicator (an
// indicator's name or id), Dato/Date (a date cell, YYYY-MM-DD or
// DD.MM.YYYY), Verdi/Value (a number cell, or text with a decimal comma or
// point) and the optional Kommentar/Comment; other columns (such as those
// of the exported plan) are ignored. Empty rows are skipped. Cells it
// cannot read become problems located by sheet, line and column
// ("field.required", "import.not_a_date", "import.not_a_number",
// "import.missing_column", "import.duplicate_column",
// "import.no_known_sheet"); the first catalogue.MaxProblems are kept and
// the rest counted. The workbook is held to l (zero fields:
// guard.DefaultLimits; unpacked, never more than 64 MB) by the guard
// before it is opened, in fixed memory.
// It returns an invalid error "import.unknown_format" when name is not an
// .xlsx file, "import.unreadable" when the file is not a workbook, the
// guard's errors (on the field "file", naming the limit) for one beyond
// the limits, and the reader's errors.
func ReadMeasurementsLimited(r io.Reader, name string, l guard.Limits) (b Batch, err error) {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	if !strings.EqualFold(path.Ext(base), ".xlsx") {
		return Batch{}, domain.Invalid("import.unknown_format", domain.Field("file", "import.unknown_format"))
	}
	l = l.OrDefault()
	l.UnzippedBytes = min(l.UnzippedBytes, measurementsUnzipLimit)
	src := &errReader{r: r}
	data, err := l.ReadAll(src)
	if err != nil {
		if src.err != nil {
			return Batch{}, fmt.Errorf("realisation: read: %w", src.err)
		}
		return Batch{}, err
	}
	if err := guard.CheckXLSX(data, l, isMeasurementSheet); err != nil {
		return Batch{}, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: l.UnzippedBytes})
	if err != nil {
		return Batch{}, errUnreadable()
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			b, err = Batch{}, fmt.Errorf("realisation: close workbook: %w", cerr)
		}
	}()
	props, err := f.GetWorkbookProps()
	if err != nil {
		return Batch{}, errUnreadable()
	}
	date1904 := props.Date1904 != nil && *props.Date1904
	for _, sheet := range f.GetSheetList() {
		if isMeasurementSheet(sheet) {
			b.Sheet = sheet
			return b, readMeasurementSheet(f, sheet, date1904, l, &b)
		}
	}
	b.Sheet = base
	b.addProblem(catalogue.Problem{Sheet: base, Code: "import.no_known_sheet",
		Params: []any{strings.Join(measurementSheets, ", ")}})
	return b, nil
}

// isMeasurementSheet reports whether the reader reads the sheet named so.
func isMeasurementSheet(sheet string) bool {
	for _, want := range measurementSheets {
		if strings.EqualFold(strings.TrimSpace(sheet), want) {
			return true
		}
	}
	return false
}

func errUnreadable() error {
	return domain.Invalid("import.unreadable", domain.Field("file", "import.unreadable"))
}

// errReader remembers the error of the reader under it, to tell a failed
// upload from a file that is not a workbook.
type errReader struct {
	r   io.Reader
	err error
}

func (e *errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		e.err = err
	}
	return n, err
}

// readMeasurementSheet reads the rows of sheet into b. Lines are the
// sheet's row numbers. The guard has checked the sheet; its bounds are
// kept here too.
func readMeasurementSheet(f *excelize.File, sheet string, date1904 bool, l guard.Limits, b *Batch) error {
	rows, err := f.Rows(sheet)
	if err != nil {
		return errUnreadable()
	}
	defer rows.Close()
	at := map[string]int{} // field → cell index
	header := false
	line, count, total := 0, 0, 0
	for rows.Next() {
		line++
		// Stored values: numbers with every digit, dates as serial days.
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return errUnreadable()
		}
		if total += len(cells); total > l.Cells {
			return l.TooManyCells(sheet)
		}
		if len(cells) > l.Columns {
			return l.TooManyColumns(sheet, line)
		}
		if blank(cells) {
			continue
		}
		if count++; count > l.Rows {
			return l.TooManyRows(sheet)
		}
		if !header {
			header = true
			if !readHeader(cells, line, sheet, at, b) {
				break
			}
			continue
		}
		b.Rows = append(b.Rows, readRow(cells, line, sheet, at, date1904, b))
	}
	if err := rows.Close(); err != nil {
		return errUnreadable()
	}
	return nil
}

// readHeader finds the columns; false when a required one is missing.
func readHeader(cells []string, line int, sheet string, at map[string]int, b *Batch) bool {
	row := catalogue.Row{Sheet: sheet, Line: line}
	names := map[string]string{}
	for i, c := range cells {
		text := strings.TrimSpace(c)
		field, ok := headerNames[strings.ToLower(text)]
		if !ok {
			continue
		}
		if _, dup := at[field]; dup {
			b.addProblem(row.Problem(text, "import.duplicate_column", text))
			continue
		}
		at[field], names[field] = i, text
	}
	b.Columns = Columns{Indicator: names["indicator"], Date: names["date"], Value: names["value"], Comment: names["comment"]}.orDefault()
	ok := true
	for _, need := range []struct{ field, name string }{
		{"indicator", "Indikator"}, {"date", "Dato"}, {"value", "Verdi"},
	} {
		if _, has := at[need.field]; !has {
			b.addProblem(row.Problem("", "import.missing_column", need.name))
			ok = false
		}
	}
	return ok
}

func readRow(cells []string, line int, sheet string, at map[string]int, date1904 bool, b *Batch) MeasurementRow {
	row := catalogue.Row{Sheet: sheet, Line: line}
	cell := func(field string) string {
		i, ok := at[field]
		if !ok || i >= len(cells) {
			return ""
		}
		return strings.TrimSpace(cells[i])
	}
	fail := func(column, code string, params ...any) {
		b.addProblem(row.Problem(column, code, params...))
	}
	r := MeasurementRow{Line: line, Indicator: cell("indicator"), Comment: cell("comment")}
	if r.Indicator == "" {
		fail(b.Columns.Indicator, "field.required")
	}
	switch s := cell("date"); {
	case s == "":
		fail(b.Columns.Date, "field.required")
		r.Unreadable = true
	default:
		d, ok := parseDate(s, date1904)
		if !ok {
			fail(b.Columns.Date, "import.not_a_date", s)
			r.Unreadable = true
		}
		r.Date = d
	}
	switch s := cell("value"); {
	case s == "":
		fail(b.Columns.Value, "field.required")
		r.Unreadable = true
	default:
		v, code := domain.ParseNumber(s)
		if code != "" {
			fail(b.Columns.Value, "import.not_a_number", s)
			r.Unreadable = true
		}
		r.Value = v
	}
	return r
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// parseDate reads an ISO date (2025-03-31), a Norwegian one (31.03.2025 or
// 31.3.2025), the ISO timestamp of a date-typed cell, or Excel's stored
// serial day number (in the 1904 system when date1904).
func parseDate(s string, date1904 bool) (time.Time, bool) {
	for _, layout := range []string{time.DateOnly, "2.1.2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	if len(s) > len(time.DateOnly) && s[len(time.DateOnly)] == 'T' {
		t, err := time.Parse(time.DateOnly, s[:len(time.DateOnly)])
		return t, err == nil
	}
	if serial, code := domain.ParseNumber(s); code == "" && serial >= 1 && serial < 2958466 { // up to 9999-12-31
		t, err := excelize.ExcelDateToTime(serial, date1904)
		if err != nil {
			return time.Time{}, false
		}
		return Day(t.Add(time.Second)), true // a serial stored as 45716.99999999 is still that day's
	}
	return time.Time{}, false
}

func formatID(id domain.ID) string { return strconv.FormatInt(id, 10) }

// labels are the export's texts in bokmål and English.
var labels = map[string]map[string]string{
	"nb": {
		"indicators": "Indikatorer", "measurements": "Målinger",
		"id": "ID", "gain": "Gevinst", "class": "Klasse", "indicator": "Indikator", "unit": "Enhet",
		"baseline": "Nullpunkt", "baseline_date": "Nullpunktsdato", "target": "Mål", "target_date": "Måldato",
		"owner": "Gevinstansvarlig", "interval": "Måleintervall (måneder)", "measures": "Tiltak", "risk": "Risiko",
		"latest": "Siste måling", "status": "Status", "next_due": "Neste måling", "planned_today": "Planlagt i dag",
		"date": "Dato", "value": "Verdi", "planned": "Planlagt", "deviation": "Avvik", "comment": "Kommentar",
		"recorded_by": "Registrert av", "title": "Gevinstrealiseringsplan",
		ClassEfficiency: "Effektivisering", ClassQuality: "Kvalitet", ClassOthers: "Gevinst for andre",
		string(NotMeasured): "Ikke målt", string(Achieved): "Nådd",
		string(OnTrack): "I rute", string(Behind): "Bak plan",
	},
	"en": {
		"indicators": "Indicators", "measurements": "Measurements",
		"id": "ID", "gain": "Gain", "class": "Class", "indicator": "Indicator", "unit": "Unit",
		"baseline": "Baseline", "baseline_date": "Baseline date", "target": "Target", "target_date": "Target date",
		"owner": "Owner", "interval": "Interval (months)", "measures": "Measures", "risk": "Risk",
		"latest": "Latest value", "status": "Status", "next_due": "Next measurement", "planned_today": "Planned today",
		"date": "Date", "value": "Value", "planned": "Planned", "deviation": "Deviation", "comment": "Comment",
		"recorded_by": "Recorded by", "title": "Benefit-realisation plan",
		ClassEfficiency: "Efficiency", ClassQuality: "Quality", ClassOthers: "Gain for others",
		string(NotMeasured): "Not measured", string(Achieved): "Achieved",
		string(OnTrack): "On track", string(Behind): "Behind",
	},
}

// The columns of the indicators sheet the measurements' formulas refer to.
const (
	colBaseline     = "F"
	colBaselineDate = "G"
	colTarget       = "H"
	colTargetDate   = "I"
)

// WritePlanXLSX writes plan as a workbook in lang ("nb" or "en"): a sheet
// of indicators (one row each, with a live "planned today" formula) and a
// sheet of measurements whose planned value is a live formula
// interpolating the indicator's baseline and target by date — so changing
// a target or a date on the first sheet moves every planned value — and
// whose deviation is the formula actual − planned. The measurements sheet
// reads back with ReadMeasurements. Texts are text cells, never formulas.
func WritePlanXLSX(w io.Writer, plan PlanView, lang string) (err error) {
	l, ok := labels[lang]
	if !ok {
		l = labels["nb"]
	}
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	title := l["title"] + " – " + plan.Service.Name(lang)
	if err := f.SetDocProps(&excelize.DocProperties{Title: title, Creator: "Tjenestevalg", Language: lang}); err != nil {
		return err
	}
	// Formulas are written without results: the spreadsheet computes
	// them when it opens the file.
	full := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}); err != nil {
		return err
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	indSheet, msSheet := l["indicators"], l["measurements"]
	if err := f.SetSheetName(f.GetSheetName(0), indSheet); err != nil {
		return err
	}
	if _, err := f.NewSheet(msSheet); err != nil {
		return err
	}
	rowOf, err := writeIndicators(f, indSheet, plan, l, st)
	if err != nil {
		return err
	}
	if err := writeMeasurements(f, msSheet, indSheet, plan, l, st, rowOf); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

type styles struct{ bold, date, number, wrap int }

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	if s.bold, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return s, err
	}
	if s.date, err = f.NewStyle(&excelize.Style{NumFmt: 14}); err != nil { // the reader's short date
		return s, err
	}
	if s.number, err = f.NewStyle(&excelize.Style{NumFmt: 4}); err != nil { // #,##0.00
		return s, err
	}
	s.wrap, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	return s, err
}

// sheetRef quotes a sheet name for a formula.
func sheetRef(sheet string) string { return "'" + strings.ReplaceAll(sheet, "'", "''") + "'!" }

// header writes a bold header row that stays in view, with column widths.
func header(f *excelize.File, sheet string, names []string, widths []float64, bold int) error {
	for i, n := range names {
		cell, err := excelize.CoordinatesToCellName(i+1, 1)
		if err != nil {
			return err
		}
		if err := f.SetCellStr(sheet, cell, n); err != nil {
			return err
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, widths[i]); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(names), 1)
	if err := f.SetCellStyle(sheet, "A1", last, bold); err != nil {
		return err
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// setRow writes vals from column A of row: strings as text cells, numbers
// as numbers, dates as date cells, formulas (a formula value) with style.
func setRow(f *excelize.File, sheet string, row int, vals []any, st styles) error {
	for i, v := range vals {
		cell, err := excelize.CoordinatesToCellName(i+1, row)
		if err != nil {
			return err
		}
		switch v := v.(type) {
		case nil:
		case string:
			err = f.SetCellStr(sheet, cell, v)
		case time.Time:
			if err = f.SetCellValue(sheet, cell, v); err == nil {
				err = f.SetCellStyle(sheet, cell, cell, st.date)
			}
		case formula:
			if err = f.SetCellFormula(sheet, cell, string(v)); err == nil {
				err = f.SetCellStyle(sheet, cell, cell, st.number)
			}
		default:
			err = f.SetCellValue(sheet, cell, v)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// formula is a cell formula, without its leading "=".
type formula string

// plannedFormula interpolates the indicator on row k of the indicators
// sheet at the date in cell date: the baseline before its date, the target
// after the target date, the straight line in between — Planned, in Excel.
func plannedFormula(ref string, k int, date string) formula {
	c := func(col string) string { return ref + "$" + col + "$" + strconv.Itoa(k) }
	return formula(fmt.Sprintf("%s+(%s-%s)*MAX(0,MIN(1,(%s-%s)/(%s-%s)))",
		c(colBaseline), c(colTarget), c(colBaseline), date, c(colBaselineDate), c(colTargetDate), c(colBaselineDate)))
}

func writeIndicators(f *excelize.File, sheet string, plan PlanView, l map[string]string, st styles) (map[domain.ID]int, error) {
	names := []string{l["id"], l["gain"], l["class"], l["indicator"], l["unit"], l["baseline"], l["baseline_date"],
		l["target"], l["target_date"], l["owner"], l["interval"], l["measures"], l["risk"], l["latest"], l["status"],
		l["next_due"], l["planned_today"]}
	widths := []float64{8, 28, 16, 36, 10, 12, 14, 12, 14, 24, 12, 40, 40, 12, 12, 14, 14}
	if err := header(f, sheet, names, widths, st.bold); err != nil {
		return nil, err
	}
	rowOf := map[domain.ID]int{}
	for i, v := range plan.Indicators {
		row := i + 2
		rowOf[v.ID] = row
		var latest any
		if n := len(v.Measurements); n > 0 {
			latest = v.Measurements[n-1].Value
		}
		vals := []any{v.ID, v.Gain, cmpOr(l[v.Class], v.Class), v.Name, v.Unit, v.Baseline, v.BaselineDate, v.Target,
			v.TargetDate, v.OwnerName, v.IntervalMonths, v.Measures, v.Risk, latest, l[string(v.Status)], v.NextDue,
			plannedFormula("", row, "TODAY()")}
		if err := setRow(f, sheet, row, vals, st); err != nil {
			return nil, err
		}
		for _, col := range []string{"B", "D", "L", "M"} {
			if err := f.SetCellStyle(sheet, col+strconv.Itoa(row), col+strconv.Itoa(row), st.wrap); err != nil {
				return nil, err
			}
		}
	}
	return rowOf, nil
}

func writeMeasurements(f *excelize.File, sheet, indSheet string, plan PlanView, l map[string]string, st styles, rowOf map[domain.ID]int) error {
	names := []string{l["indicator"], l["date"], l["value"], l["planned"], l["deviation"], l["comment"], l["recorded_by"]}
	if err := header(f, sheet, names, []float64{36, 12, 12, 12, 12, 40, 24}, st.bold); err != nil {
		return err
	}
	ref := sheetRef(indSheet)
	row := 1
	for _, v := range plan.Indicators {
		for _, m := range v.Measurements {
			row++
			r := strconv.Itoa(row)
			vals := []any{v.Name, m.Date, m.Value, plannedFormula(ref, rowOf[v.ID], "B"+r), formula("C" + r + "-D" + r),
				m.Comment, m.UserName}
			if err := setRow(f, sheet, row, vals, st); err != nil {
				return err
			}
		}
	}
	return nil
}
