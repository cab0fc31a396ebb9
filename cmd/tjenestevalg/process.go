package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

const processUsage = `Usage: tjenestevalg process SUBCOMMAND [flags]

Subcommands (see docs/process-metrics.md):
  metrics  compute the metrics of BPMN files: activities, automation,
           hand-offs, media breaks, rework loops, touch and lead time,
           process cycle efficiency, control-flow complexity

Run 'tjenestevalg process metrics --help' for its flags.`

func runProcess(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return dispatch(ctx, args, stdout, stderr, processUsage, map[string]subcommand{
		"metrics": processMetrics,
	})
}

// fileMetrics is one file's entry in the --json output: its metrics, or
// why it could not be read.
type fileMetrics struct {
	File    string           `json:"file"`
	Metrics *process.Metrics `json:"metrics,omitempty"`
	Error   string           `json:"error,omitempty"`
}

func processMetrics(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := flag.NewFlagSet("process metrics", flag.ContinueOnError)
	f.SetOutput(stderr)
	asJSON := f.Bool("json", false, `print one JSON document {"files": [{"file", "metrics"} or {"file", "error"}, …]}`)
	mpd := f.Float64("minutes-per-day", process.DefaultMinutesPerDay, "working minutes in a day, to turn tv:waitingDays into lead time (1 to 1440)")
	maxMiB := f.Float64("max-size", float64(process.DefaultMaxFileSize)/(1<<20), "largest file read, in MiB")
	lang := f.String("lang", "nb", "language of the warnings: nb or en")
	f.Usage = func() {
		fmt.Fprint(stderr, `Usage: tjenestevalg process metrics [--json] [--minutes-per-day N] [--max-size MiB] [--lang nb|en] FILE.bpmn …

Reads each BPMN 2.0 file, from any modelling tool, and prints the metrics of
each process (pool) and of the whole model. Activities lacking tv:
attributes are listed as incomplete; their metrics are lower bounds.
A file that cannot be read (missing, too large, not valid BPMN) is reported
with its reason and the others are still read. Flags may follow the files.

Exit status: 0 if every file was read, 1 if any was not, 2 on wrong usage.

Flags:
`)
		f.PrintDefaults()
	}
	files, err := parseFileArgs(f, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		f.Usage()
		return exitError(2)
	}
	if !(*mpd >= 1 && *mpd <= 1440) {
		fmt.Fprintf(stderr, "tjenestevalg process metrics: --minutes-per-day %v: want 1 to 1440\n", *mpd)
		return exitError(2)
	}
	if !(*maxMiB > 0 && *maxMiB <= 1<<20) {
		fmt.Fprintf(stderr, "tjenestevalg process metrics: --max-size %v: want a positive number of MiB\n", *maxMiB)
		return exitError(2)
	}
	limit := int64(*maxMiB * (1 << 20))
	l := i18n.Lang(i18n.Match(*lang))

	results := make([]fileMetrics, 0, len(files))
	failed, printed := 0, 0
	for _, name := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		r := fileMetrics{File: name}
		m, err := metricsOf(name, limit, *mpd)
		if err != nil {
			r.Error = err.Error()
			failed++
		} else {
			r.Metrics = &m
		}
		results = append(results, r)
		if !*asJSON {
			if err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", name, err)
				continue
			}
			if printed > 0 {
				fmt.Fprintln(stdout)
			}
			writeMetricsTable(stdout, name, m)
			writeWarnings(stdout, l, m)
			printed++
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			Files []fileMetrics `json:"files"`
		}{results}); err != nil {
			return err
		}
	} else if failed > 0 {
		fmt.Fprintf(stderr, "%d of %d files could not be read.\n", failed, len(files))
	}
	if failed > 0 {
		return exitError(1)
	}
	return nil
}

// parseFileArgs is parseInterspersed for a command: help is flag.ErrHelp,
// a wrong flag exit status 2 (the flag package has said why).
func parseFileArgs(f *flag.FlagSet, args []string) ([]string, error) {
	files, err := parseInterspersed(f, args)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		return nil, exitError(2)
	}
	return files, err
}

// parseInterspersed parses flags given before, between and after the file
// names; everything after "--" is a file name.
func parseInterspersed(f *flag.FlagSet, args []string) ([]string, error) {
	var files, rest []string
	if i := slices.Index(args, "--"); i >= 0 {
		args, rest = args[:i], args[i+1:]
	}
	for {
		if err := f.Parse(args); err != nil {
			return nil, err
		}
		args = f.Args()
		if len(args) == 0 {
			break
		}
		files, args = append(files, args[0]), args[1:]
	}
	return append(files, rest...), nil
}

// metricsOf reads and scores one file, saying why it cannot.
func metricsOf(name string, limit int64, minutesPerDay float64) (process.Metrics, error) {
	fh, err := os.Open(name)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return process.Metrics{}, fmt.Errorf("cannot open: %w", err)
	}
	defer fh.Close()
	if st, err := fh.Stat(); err == nil && st.IsDir() {
		return process.Metrics{}, errors.New("is a directory, not a BPMN file")
	}
	d, err := process.ParseLimited(fh, limit)
	if err != nil {
		return process.Metrics{}, err
	}
	return process.ComputeWith(d, process.Options{MinutesPerDay: minutesPerDay}), nil
}

// writeMetricsTable prints a file's metrics with one column per process and
// one for the whole model, then what could not be computed.
func writeMetricsTable(w io.Writer, name string, m process.Metrics) {
	fmt.Fprintf(w, "%s\n", name)
	cols := make([]process.Figures, 0, len(m.Processes)+1)
	cols = append(cols, m.Processes...)
	cols = append(cols, m.Total)
	title := func(i int) string {
		if i == len(cols)-1 {
			return "Total"
		}
		return processTitle(cols[i])
	}
	num := func(v float64) string {
		s := strconv.FormatFloat(v, 'f', 1, 64)
		return strings.TrimSuffix(s, ".0")
	}
	pct := func(v float64) string { return num(100*v) + " %" }
	rows := []struct {
		label string
		cell  func(f process.Figures) string
	}{
		{"Activities", func(f process.Figures) string { return strconv.Itoa(f.Activities) }},
		{"  manual / user / automated", func(f process.Figures) string {
			return fmt.Sprintf("%d / %d / %d", f.Manual, f.User, f.Automated)
		}},
		{"Automation share", func(f process.Figures) string { return pct(f.AutomationShare) }},
		{"Hand-offs", func(f process.Figures) string { return strconv.Itoa(f.HandOffs) }},
		{"Media breaks", func(f process.Figures) string { return strconv.Itoa(f.MediaBreaks) }},
		{"Rework loops", func(f process.Figures) string { return strconv.Itoa(f.ReworkLoops) }},
		{"Touch time (min)", func(f process.Figures) string { return num(f.TouchMinutes) }},
		{"Lead time (min)", func(f process.Figures) string { return num(f.LeadMinutes) }},
		{"Value-adding time (min)", func(f process.Figures) string { return num(f.ValueAddingMinutes) }},
		{"Process cycle efficiency", func(f process.Figures) string { return pct(f.CycleEfficiency) }},
		{"Control-flow complexity", func(f process.Figures) string { return strconv.Itoa(f.ControlFlowComplexity) }},
	}
	labelWidth := 0
	for _, r := range rows {
		labelWidth = max(labelWidth, utf8.RuneCountInString(r.label))
	}
	widths := make([]int, len(cols))
	cells := make([][]string, len(rows))
	for i := range cols {
		widths[i] = utf8.RuneCountInString(title(i))
	}
	for j, r := range rows {
		for i, c := range cols {
			s := r.cell(c)
			cells[j] = append(cells[j], s)
			widths[i] = max(widths[i], utf8.RuneCountInString(s))
		}
	}
	pad := func(s string, n int) string { return strings.Repeat(" ", max(0, n-utf8.RuneCountInString(s))) }
	var b strings.Builder
	b.WriteString("  " + strings.Repeat(" ", labelWidth))
	for i := range cols {
		b.WriteString("  " + pad(title(i), widths[i]) + title(i))
	}
	fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	for j, r := range rows {
		b.Reset()
		b.WriteString("  " + r.label + pad(r.label, labelWidth))
		for i := range cols {
			b.WriteString("  " + pad(cells[j][i], widths[i]) + cells[j][i])
		}
		fmt.Fprintln(w, b.String())
	}

	// What the processes lack, then what only the whole model lacks (a
	// path across pools).
	seen := map[string]bool{}
	for _, p := range m.Processes {
		if len(p.Incomplete) == 0 {
			continue
		}
		fmt.Fprintf(w, "  Incomplete in %s:\n", processTitle(p))
		for _, s := range p.Incomplete {
			fmt.Fprintf(w, "    %s\n", s)
			seen[s] = true
		}
	}
	var rest []string
	for _, s := range m.Total.Incomplete {
		if !seen[s] {
			rest = append(rest, s)
		}
	}
	if len(rest) > 0 {
		fmt.Fprintln(w, "  Incomplete in the whole model:")
		for _, s := range rest {
			fmt.Fprintf(w, "    %s\n", s)
		}
	}
}

// writeWarnings lists the faults the reader worked around, in l, so that
// the figures above are read knowing what they leave out.
func writeWarnings(w io.Writer, l i18n.Lang, m process.Metrics) {
	if len(m.Warnings) == 0 {
		return
	}
	fmt.Fprintf(w, "  %s\n", l.T("process.warnings", len(m.Warnings)+m.WarningsMore))
	for _, wa := range m.Warnings {
		fmt.Fprintf(w, "    %s\n", l.T(wa.Code, wa.Args()...))
	}
	if m.WarningsMore > 0 {
		fmt.Fprintf(w, "    %s\n", l.T("process.incomplete_more", m.WarningsMore))
	}
}

// processTitle names a process for a column head: its name, shortened, or
// its id.
func processTitle(f process.Figures) string {
	t := f.Name
	if t == "" {
		t = f.Process
	}
	if t == "" {
		t = "(process)"
	}
	const most = 28
	if utf8.RuneCountInString(t) > most {
		t = string([]rune(t)[:most-1]) + "…"
	}
	return t
}
