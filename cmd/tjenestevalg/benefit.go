package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

const benefitUsage = `Usage: tjenestevalg benefit SUBCOMMAND [flags]

Subcommands (see docs/benefit-case.md):
  evaluate  compute a benefit case's net present value, the measures derived
            from it and its yearly cash flow; with --iterations, its
            uncertainty (Monte Carlo) and a tornado of the inputs

Run 'tjenestevalg benefit evaluate --help' for its flags.`

func runBenefit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return dispatch(ctx, args, stdout, stderr, benefitUsage, map[string]subcommand{
		"evaluate": benefitEvaluate,
	})
}

// maxCaseSize bounds the case file read.
const maxCaseSize = 16 << 20

func benefitEvaluate(_ context.Context, args []string, stdout, stderr io.Writer) error {
	f := flag.NewFlagSet("benefit evaluate", flag.ContinueOnError)
	f.SetOutput(stderr)
	file := f.String("case", "", "the benefit case, a JSON file in the format of docs/benefit-case.md (required)")
	iterations := f.Int("iterations", 0, fmt.Sprintf("Monte Carlo iterations, 1 to %d; 0 for none", benefit.MaxIterations))
	seed := f.Uint64("seed", 1, "the simulation's random seed: the same seed and iterations give the same result")
	asJSON := f.Bool("json", false, `print one JSON document {"result": …, "simulation": …, "tornado": …}`)
	top := f.Int("top", 10, "tornado bars printed (all with --json)")
	xlsx := f.String("xlsx", "", "also write the case as an Excel workbook with live formulas to this file")
	lang := f.String("lang", "nb", "the workbook's language: nb or en")
	f.Usage = func() {
		fmt.Fprint(stderr, `Usage: tjenestevalg benefit evaluate --case FILE.json [--iterations N] [--seed S] [--json] [--xlsx OUT.xlsx]

Reads a benefit case and prints its net present value (NPV), NPV per krone
invested, benefit/cost ratio, payback year and present values, and the
yearly cash-flow table. With --iterations, every input given as
{"low", "likely", "high"} is drawn from a triangular distribution and the
NPV's mean, P10/P50/P90 and probability of being negative are printed, with
the inputs that move the NPV most (tornado). Amounts are NOK in the case's
price year.

Exit status: 0 on success, 1 if the case cannot be read or is invalid,
2 on wrong usage.

Flags:
`)
		f.PrintDefaults()
	}
	if err := f.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return exitError(2)
	}
	if *file == "" || f.NArg() > 0 {
		f.Usage()
		return exitError(2)
	}
	if *iterations < 0 || *iterations > benefit.MaxIterations {
		fmt.Fprintf(stderr, "tjenestevalg benefit evaluate: --iterations %d: want 0 to %d\n", *iterations, benefit.MaxIterations)
		return exitError(2)
	}
	if *lang != "nb" && *lang != "en" {
		fmt.Fprintf(stderr, "tjenestevalg benefit evaluate: --lang %q: want nb or en\n", *lang)
		return exitError(2)
	}

	data, err := readCaseFile(*file)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", *file, err)
		return exitError(1)
	}
	var c benefit.Case
	if err := json.Unmarshal(data, &c); err != nil {
		fmt.Fprintln(stderr, describeJSONError(*file, data, err))
		return exitError(1)
	}
	if errs := benefit.Validate(c); len(errs) > 0 {
		for _, fe := range errs {
			fmt.Fprintf(stderr, "%s: %s: %s\n", position(*file, data, fe.Field), fe.Field, fieldMessage(fe))
		}
		fmt.Fprintf(stderr, "%d problems; nothing computed.\n", len(errs))
		return exitError(1)
	}
	res, err := benefit.Evaluate(c)
	if err != nil {
		return err
	}
	var sim *benefit.Simulation
	var bars []benefit.Bar
	if *iterations > 0 {
		s, err := benefit.Simulate(c, *iterations, *seed)
		if err != nil {
			return err
		}
		sim = &s
		if bars, err = benefit.Tornado(c); err != nil {
			return err
		}
	}
	if *xlsx != "" {
		if err := writeBenefitXLSX(*xlsx, c, *lang); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", *xlsx, err)
			return exitError(1)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Result     benefit.Result      `json:"result"`
			Simulation *benefit.Simulation `json:"simulation"`
			Tornado    []benefit.Bar       `json:"tornado"`
		}{res, sim, bars})
	}
	writeBenefitText(stdout, c, res, sim, bars, *top)
	if *xlsx != "" {
		fmt.Fprintf(stdout, "\nWrote %s.\n", *xlsx)
	}
	return nil
}

func readCaseFile(name string) ([]byte, error) {
	fh, err := os.Open(name)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("cannot open: %w", err)
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, maxCaseSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	if len(data) > maxCaseSize {
		return nil, fmt.Errorf("larger than %d MiB", maxCaseSize>>20)
	}
	return data, nil
}

func writeBenefitXLSX(name string, c benefit.Case, lang string) error {
	var buf bytes.Buffer
	if err := benefit.WriteXLSX(&buf, c, lang); err != nil {
		return err
	}
	return os.WriteFile(name, buf.Bytes(), 0o644)
}

// describeJSONError says where and why a case file is not a case.
func describeJSONError(file string, data []byte, err error) string {
	var se *json.SyntaxError
	var je *benefit.JSONError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("%s: invalid JSON: %v", lineCol(file, data, int(se.Offset)), se)
	case errors.As(err, &je):
		if je.Path == "" {
			return fmt.Sprintf("%s: %v", position(file, data, ""), je.Err)
		}
		return fmt.Sprintf("%s: %s: %v", position(file, data, je.Path), je.Path, je.Err)
	}
	return fmt.Sprintf("%s: %v", file, err)
}

// position is file:line:column of the value at path in data, or of its
// nearest enclosing value present; file alone when none is found.
func position(file string, data []byte, path string) string {
	parts := splitPath(path)
	for n := len(parts); n >= 0; n-- {
		if off, ok := locate(data, parts[:n]); ok {
			return lineCol(file, data, off)
		}
	}
	return file
}

func lineCol(file string, data []byte, off int) string {
	off = min(max(off, 0), len(data))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return fmt.Sprintf("%s:%d:%d", file, line, utf8.RuneCount(data[start:off])+1)
}

// splitPath turns "municipalities[1].cases" into "municipalities", 1,
// "cases".
func splitPath(path string) []any {
	var parts []any
	if path == "" {
		return parts
	}
	for _, seg := range strings.Split(path, ".") {
		name, rest, _ := strings.Cut(seg, "[")
		if name != "" {
			parts = append(parts, name)
		}
		for rest != "" {
			idx, after, _ := strings.Cut(rest, "]")
			if i, err := strconv.Atoi(idx); err == nil {
				parts = append(parts, i)
			}
			_, rest, _ = strings.Cut(after, "[")
		}
	}
	return parts
}

// locate returns the byte offset of the value at path (keys and indexes)
// in the JSON document data.
func locate(data []byte, path []any) (int, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	for _, p := range path {
		tok, err := dec.Token()
		if err != nil {
			return 0, false
		}
		switch p := p.(type) {
		case string:
			if tok != json.Delim('{') {
				return 0, false
			}
			found := false
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return 0, false
				}
				if k == p {
					found = true
					break
				}
				if skipValue(dec) != nil {
					return 0, false
				}
			}
			if !found {
				return 0, false
			}
		case int:
			if tok != json.Delim('[') {
				return 0, false
			}
			i := 0
			for ; dec.More() && i < p; i++ {
				if skipValue(dec) != nil {
					return 0, false
				}
			}
			if i != p || !dec.More() {
				return 0, false
			}
		}
	}
	off := int(dec.InputOffset())
	for off < len(data) && strings.IndexByte(" \t\r\n:,", data[off]) >= 0 {
		off++
	}
	return off, true
}

func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}

// fieldMessage is a validation problem in English.
func fieldMessage(fe domain.FieldError) string {
	p := func(i int) any {
		if i < len(fe.Params) {
			return fe.Params[i]
		}
		return "?"
	}
	switch fe.Code {
	case "field.not_negative":
		return "must not be negative"
	case "field.not_a_number":
		return "must be a finite number"
	case "field.one_of":
		return fmt.Sprintf("must be one of: %v", p(0))
	case benefit.CodeRangeOrder:
		return fmt.Sprintf("low ≤ likely ≤ high is required, not low %v, likely %v, high %v", p(0), p(1), p(2))
	case benefit.CodeDiscountRate:
		return fmt.Sprintf("the real discount rate must be between %v and %v (0.04 is 4 %%)", p(0), p(1))
	case benefit.CodeYears:
		return fmt.Sprintf("the analysis period must be %v to %v years", p(0), p(1))
	case benefit.CodeUptake:
		return "uptake is a share from 0 to 1 (1 is 100 %) for low, likely and high"
	case benefit.CodeScore:
		return fmt.Sprintf("a qualitative gain is scored %v to %v", p(0), p(1))
	case benefit.CodeDuplicateID:
		return fmt.Sprintf("the id %q is used twice", p(0))
	case benefit.CodeDuplicateKind:
		return fmt.Sprintf("a case has at most one gain of kind %v", p(0))
	case benefit.CodeCostYear:
		return fmt.Sprintf("a one-off cost falls in year %v to %v of the analysis period", p(0), p(1))
	case benefit.CodeTooLarge:
		return fmt.Sprintf("must be at most %v in size", p(0))
	}
	return fe.Code + fmt.Sprint(fe.Params)
}

// nok formats an amount in whole kroner with thousands separators.
func nok(v float64) string {
	s := strconv.FormatFloat(math.Abs(math.Round(v)), 'f', 0, 64)
	var b strings.Builder
	if math.Round(v) < 0 {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func num(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }

// table prints rows of cells right-aligned under a header, the first
// column left-aligned.
func table(w io.Writer, header []string, rows [][]string) {
	widths := make([]int, len(header))
	for _, r := range append([][]string{header}, rows...) {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	line := func(r []string) {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i == 0 {
				b.WriteString("  " + c + pad)
			} else {
				b.WriteString("  " + pad + c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	if strings.TrimSpace(strings.Join(header, "")) != "" {
		line(header)
	}
	for _, r := range rows {
		line(r)
	}
}

func writeBenefitText(w io.Writer, c benefit.Case, r benefit.Result, sim *benefit.Simulation, bars []benefit.Bar, top int) {
	title := c.Name
	if title == "" {
		title = "Benefit case"
	}
	if c.Service != "" {
		title += " [" + c.Service + "]"
	}
	fmt.Fprintln(w, title)
	price := ""
	if r.PriceYear != 0 {
		price = fmt.Sprintf(", NOK in %d prices", r.PriceYear)
	}
	fmt.Fprintf(w, "%d years (t = 0…%d), real discount rate %s %%%s; mean hourly cost %s NOK values cost hours\n\n",
		r.Years, r.Years, num(100*r.DiscountRate, 2), price, num(r.MeanHourlyCost, 2))

	undefined := func(v *float64, why string) string {
		if v == nil {
			return "undefined (" + why + ")"
		}
		return num(*v, 2)
	}
	payback := "not within the period"
	if r.PaybackYear != nil {
		payback = strconv.Itoa(*r.PaybackYear)
	}
	fmt.Fprintln(w, "Results")
	table(w, []string{"", ""}, [][]string{
		{"Net present value (NPV = PV benefits − PV costs)", nok(r.NPV)},
		{"PV of benefits", nok(r.PVBenefits)},
		{"PV of costs", nok(r.PVCosts)},
		{"PV of investment (one-off costs)", nok(r.PVInvestment)},
		{"NPV per krone invested (NPV / PV investment)", undefined(r.NPVPerKrone, "no one-off costs")},
		{"Benefit/cost ratio (PV benefits / PV costs)", undefined(r.BenefitCostRatio, "no costs")},
		{"Payback year (first cumulative PV ≥ 0)", payback},
	})
	var qual []string
	for _, g := range c.Gains {
		if g.Kind == benefit.GainQualitative {
			qual = append(qual, fmt.Sprintf("%s (score %d)", g.Name, g.Score))
		}
	}
	if len(qual) > 0 {
		fmt.Fprintf(w, "  Qualitative gains, not valued: %s\n", strings.Join(qual, "; "))
	}

	fmt.Fprintln(w, "\nYearly cash flow (NOK)")
	rows := make([][]string, 0, len(r.Table))
	for _, y := range r.Table {
		rows = append(rows, []string{strconv.Itoa(y.Year), num(100*y.Uptake, 1) + " %",
			nok(y.ByKind.EmployeeTime), nok(y.ByKind.CitizenTime), nok(y.ByKind.DirectSaving), nok(y.Gains),
			nok(y.OneOffCosts), nok(y.YearlyCosts), nok(y.Net), num(y.DiscountFactor, 6), nok(y.PVNet), nok(y.CumulativePV)})
	}
	table(w, []string{"Year", "Uptake", "Employee time", "Citizen time", "Direct", "Gains",
		"One-off costs", "Yearly costs", "Net", "d_t", "PV net", "Cumulative PV"}, rows)

	if sim == nil {
		return
	}
	fmt.Fprintf(w, "\nMonte Carlo: NPV over %s iterations, seed %d\n", nok(float64(sim.Iterations)), sim.Seed)
	table(w, []string{"", ""}, [][]string{
		{"Mean", nok(sim.Mean)},
		{"P10", nok(sim.P10)},
		{"P50", nok(sim.P50)},
		{"P90", nok(sim.P90)},
		{"P(NPV < 0)", num(100*sim.ProbNegative, 1) + " %"},
		{"Min", nok(sim.Min)},
		{"Max", nok(sim.Max)},
	})
	if len(bars) == 0 {
		fmt.Fprintln(w, "\nNo input is uncertain: no tornado.")
		return
	}
	fmt.Fprintln(w, "\nTornado: NPV with one input at its low and high, the others at likely")
	rows = rows[:0]
	for i, b := range bars {
		if i == top {
			break
		}
		label := b.Path
		if b.Name != "" {
			label += " (" + b.Name + ")"
		}
		rows = append(rows, []string{label, fmt.Sprintf("%s … %s", trim(b.Low), trim(b.High)), nok(b.NPVLow), nok(b.NPVHigh), nok(b.Swing)})
	}
	table(w, []string{"Input", "Low … high", "NPV at low", "NPV at high", "Swing"}, rows)
	if len(bars) > len(rows) {
		fmt.Fprintf(w, "  (%d more; --top %d shows all)\n", len(bars)-len(rows), len(bars))
	}
}

// trim formats an input's value: amounts grouped, shares and minutes as
// they are.
func trim(v float64) string {
	if math.Abs(v) >= 10000 && v == math.Round(v) {
		return nok(v)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
