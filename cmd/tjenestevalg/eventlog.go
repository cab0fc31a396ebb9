package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog/noark"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
)

const eventlogUsage = `Usage: tjenestevalg eventlog SUBCOMMAND [flags]

Subcommands (see docs/eventlogs.md):
  stats  read an event log and print its statistics: cases, events,
         activities, resources, variants, case duration, cases per year,
         rework, hand-overs and the directly-follows graph; for a Noark 5
         extract also the time to first reply and the cases still open

The log may be XES (IEEE 1849, plain or gzip), CSV with a column mapping
(--map), or a Noark 5 archive extract (3.1, 4.0, 5.0): its folder, its
arkivstruktur.xml, or a .zip or .tar holding it.

Run 'tjenestevalg eventlog stats --help' for its flags.`

func runEventlog(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return dispatch(ctx, args, stdout, stderr, eventlogUsage, map[string]subcommand{
		"stats": eventlogStats,
	})
}

// headSize is how much of a file Detect sees: enough for an XML prolog with
// comments, a CSV header, and a tar header.
const headSize = 64 << 10

func eventlogStats(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := flag.NewFlagSet("eventlog stats", flag.ContinueOnError)
	f.SetOutput(stderr)
	asJSON := f.Bool("json", false, "print the statistics as one JSON object")
	mapSpec := f.String("map", "", "CSV only: the columns of case id, activity and timestamp, optionally resource and lifecycle: case=COL,activity=COL,time=COL[,resource=COL][,lifecycle=COL]")
	lang := f.String("lang", "nb", "language of the messages: nb or en")
	f.Usage = func() {
		fmt.Fprint(stderr, `Usage: tjenestevalg eventlog stats [--json] [--map case=…,activity=…,time=…[,resource=…][,lifecycle=…]] [--lang nb|en] FILE|DIR

Reads one event log as a stream and prints its statistics (definitions in
docs/eventlogs.md). FILE may be XES or XES.gz, CSV (with --map), a Noark 5
extract's arkivstruktur.xml, or a .zip or .tar of an extract; DIR is an
extract's folder. Resources are pseudonymised; no titles are read.
A file that cannot be read is reported with its name and line.

Exit status: 0 if the log was read, 1 if not, 2 on wrong usage.

Flags:
`)
		f.PrintDefaults()
	}
	files, err := parseFileArgs(f, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		f.Usage()
		return exitError(2)
	}
	l := i18n.Lang(i18n.Match(*lang))
	path := files[0]
	st, err := readEventLog(ctx, path, *mapSpec)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		fmt.Fprintf(stderr, "tjenestevalg eventlog stats: %s\n", eventlogMessage(l, path, err))
		return exitError(1)
	}
	if *asJSON {
		return writeJSON(stdout, st)
	}
	return writeStatsSummary(stdout, l, path, st)
}

// readEventLog reads the log at path, of whichever format it is, into its
// statistics. A CSV file needs mapSpec; other formats refuse it. Nothing
// is returned of a log that fails part-way.
//
// Errors: *eventlog.ReadError (the readers' and Detect's, with the line
// where known; File names the member of an extract), Invalid from
// eventlog.ParseMapping for a --map that cannot be read, a plain error for
// a file that cannot be opened, a CSV without --map or --map on another
// format, or the context's error when interrupted.
func readEventLog(ctx context.Context, path, mapSpec string) (eventlog.Stats, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return eventlog.Stats{}, openError(err)
	}
	if fi.IsDir() {
		return readNoark(path, mapSpec)
	}
	fh, err := os.Open(path)
	if err != nil {
		return eventlog.Stats{}, openError(err)
	}
	defer fh.Close()
	head := make([]byte, headSize)
	n, err := io.ReadFull(fh, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return eventlog.Stats{}, err
	}
	format, err := eventlog.Detect(filepath.Base(path), head[:n])
	if err != nil {
		return eventlog.Stats{}, err
	}
	if format == eventlog.FormatNoark {
		return readNoark(path, mapSpec)
	}
	if _, err := fh.Seek(0, io.SeekStart); err != nil {
		return eventlog.Stats{}, err
	}
	r := ctxReader{ctx, fh}
	b := eventlog.NewBuilder(format)
	switch format {
	case eventlog.FormatCSV:
		if mapSpec == "" {
			return eventlog.Stats{}, missingMapping(r)
		}
		m, err := eventlog.ParseMapping(mapSpec)
		if err != nil {
			return eventlog.Stats{}, err
		}
		if err := eventlog.ReadCSV(r, m, b); err != nil {
			return eventlog.Stats{}, err
		}
	case eventlog.FormatXES:
		if mapSpec != "" {
			return eventlog.Stats{}, errors.New("--map is for CSV files; this is an XES log")
		}
		if err := eventlog.ReadXES(r, b); err != nil {
			return eventlog.Stats{}, err
		}
	default:
		return eventlog.Stats{}, fmt.Errorf("unsupported format %q", format)
	}
	return b.Stats(), nil
}

// readNoark reads a Noark 5 extract (folder, arkivstruktur.xml, .zip or
// .tar), checking the checksums arkivuttrekk.xml lists.
func readNoark(path, mapSpec string) (eventlog.Stats, error) {
	if mapSpec != "" {
		return eventlog.Stats{}, errors.New("--map is for CSV files; this is a Noark 5 extract")
	}
	x, err := noark.Open(path)
	if err != nil {
		return eventlog.Stats{}, err
	}
	defer x.Close()
	b := eventlog.NewBuilder(eventlog.FormatNoark)
	if _, err := noark.Read(x, b); err != nil {
		return eventlog.Stats{}, err
	}
	return b.Stats(), nil
}

// missingMapping says that a CSV file needs --map, with the columns its
// header offers to choose from.
func missingMapping(file io.Reader) error {
	msg := "a CSV file needs --map case=COLUMN,activity=COLUMN,time=COLUMN (optionally resource=, lifecycle=): the case id, activity and timestamp columns are not mapped"
	if header, _, err := eventlog.CSVHeader(file); err == nil && len(header) > 0 {
		msg += "; its columns: " + strings.Join(header, ", ")
	}
	return errors.New(msg)
}

// openError is a file that cannot be opened, without Go's "open" prefix.
func openError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("cannot open: %w", err)
}

// eventlogMessage is a reading error as the user reads it: the file (and
// the member of an extract) and line, then the message in l.
func eventlogMessage(l i18n.Lang, path string, err error) string {
	var re *eventlog.ReadError
	var de *domain.Error
	switch {
	case errors.As(err, &de) && len(de.Fields) > 0: // a --map that cannot be read
		msgs := make([]string, len(de.Fields))
		for i, fe := range de.Fields {
			msgs[i] = l.T(fe.Code, fe.Params...)
		}
		return path + ": --map: " + strings.Join(msgs, " ")
	case !errors.As(err, &re):
		return path + ": " + message(l, err)
	}
	where := path
	if re.File != "" && re.File != path && re.File != filepath.Base(path) {
		where += ": " + re.File
	}
	if re.Line > 0 {
		where += ":" + strconv.Itoa(re.Line)
	}
	if !l.Has(re.Code) { // a code without its message still names what it is about
		return where + ": " + re.Code + " " + fmt.Sprint(re.Params)
	}
	return where + ": " + l.T(re.Code, re.Params...)
}

// ctxReader stops a long read when the command is interrupted.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// How many rows of each list the summary shows; --json has them all.
const (
	summaryRows     = 10
	summaryVariants = 5
)

// writeStatsSummary prints the figures a reader checks first, then the
// head of each list.
func writeStatsSummary(w io.Writer, l i18n.Lang, path string, st eventlog.Stats) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s (%s)\n", path, st.Format)
	fmt.Fprintf(tw, "  Cases\t%d\n", st.Cases)
	fmt.Fprintf(tw, "  Events\t%d\n", st.Events)
	fmt.Fprintf(tw, "  Activities\t%d\n", st.Activities)
	fmt.Fprintf(tw, "  Resources\t%d\n", st.Resources)
	fmt.Fprintf(tw, "  Variants\t%d\n", st.Variants)
	if !st.From.IsZero() {
		fmt.Fprintf(tw, "  Time frame (UTC)\t%s to %s\n", st.From.UTC().Format(time.DateOnly), st.To.UTC().Format(time.DateOnly))
	}
	d := st.CaseDuration
	fmt.Fprintf(tw, "  Case duration\tmedian %s, mean %s, P90 %s, min %s, max %s\n",
		span(d.Median), span(d.Mean), span(d.P90), span(d.Min), span(d.Max))
	if st.OpenCases != nil {
		fmt.Fprintf(tw, "  Open cases\t%d\n", *st.OpenCases)
	}
	if r := st.FirstReply; r != nil {
		fmt.Fprintf(tw, "  First reply\tmedian %s, mean %s, P90 %s (%d cases)\n", span(r.Median), span(r.Mean), span(r.P90), st.FirstReplyCases)
	}
	if len(st.CasesPerYear) > 0 {
		ys := make([]string, len(st.CasesPerYear))
		for i, y := range st.CasesPerYear {
			ys[i] = fmt.Sprintf("%d: %d", y.Year, y.Cases)
		}
		fmt.Fprintf(tw, "  Cases per year\t%s\n", strings.Join(ys, ", "))
	}
	fmt.Fprintf(tw, "  Start activities\t%s\n", countList(st.StartActivities))
	fmt.Fprintf(tw, "  End activities\t%s\n", countList(st.EndActivities))
	if err := tw.Flush(); err != nil {
		return err
	}

	if len(st.ActivityList) > 0 {
		fmt.Fprintf(w, "\nActivities (%d):\n", len(st.ActivityList))
		shown := head(st.ActivityList, summaryRows)
		width := 0
		for _, a := range shown {
			width = max(width, utf8.RuneCountInString(a.Name))
		}
		starts := map[string]int{}
		for _, c := range st.StartActivities {
			starts[c.Name] = c.Count
		}
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "  %s\tEVENTS\tCASES\tREWORK CASES\tREWORK EVENTS\tMEDIAN WAIT\t\n", strings.Repeat(" ", width))
		for _, a := range shown {
			wait := span(a.MedianWaitSeconds)
			if starts[a.Name] == a.Events { // never after another activity: no wait
				wait = "-"
			}
			name := a.Name + strings.Repeat(" ", width-utf8.RuneCountInString(a.Name))
			fmt.Fprintf(tw, "  %s\t%d\t%d\t%d\t%d\t%s\t\n", name, a.Events, a.Cases, a.ReworkCases, a.ReworkEvents, wait)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(st.TopVariants) > 0 {
		fmt.Fprintf(w, "\nVariants (%d; the %d most frequent):\n", st.Variants, min(len(st.TopVariants), summaryVariants))
		for i, v := range head(st.TopVariants, summaryVariants) {
			fmt.Fprintf(w, "  %d. %s (%.1f %%): %s\n", i+1, plural(v.Cases, "case", "cases"), 100*v.Share, strings.Join(v.Activities, " → "))
		}
	}
	if len(st.Handovers) > 0 {
		fmt.Fprintf(w, "\nHand-overs (%d pairs of resources):\n", len(st.Handovers))
		for _, h := range head(st.Handovers, summaryRows) {
			fmt.Fprintf(w, "  %s → %s: %d\n", h.From, h.To, h.Count)
		}
	}
	if len(st.DFG.Edges) > 0 {
		fmt.Fprintf(w, "\nDirectly-follows (%d edges):\n", len(st.DFG.Edges))
		for _, e := range head(st.DFG.Edges, summaryRows) {
			fmt.Fprintf(w, "  %s → %s: %d, median %s\n", e.From, e.To, e.Count, span(e.MedianSeconds))
		}
	}
	if len(st.Warnings) > 0 {
		fmt.Fprintln(w, "\nRead around (the figures leave these out):")
		for _, c := range st.Warnings {
			fmt.Fprintf(w, "  %d × %s\n", c.Count, l.T(c.Name))
		}
	}
	return nil
}

// head is the first n elements of s.
func head[T any](s []T, n int) []T { return s[:min(n, len(s))] }

// countList is "A (3), B (1)" for the first summaryRows counts.
func countList(cs []eventlog.Count) string {
	if len(cs) == 0 {
		return "-"
	}
	parts := make([]string, 0, summaryRows+1)
	for _, c := range head(cs, summaryRows) {
		parts = append(parts, fmt.Sprintf("%s (%d)", c.Name, c.Count))
	}
	if len(cs) > summaryRows {
		parts = append(parts, fmt.Sprintf("… %d more", len(cs)-summaryRows))
	}
	return strings.Join(parts, ", ")
}

// plural is n with the noun in its number.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// span writes seconds in the unit a reader grasps: days from two days on,
// then hours, minutes, seconds.
func span(s float64) string {
	switch {
	case s >= 2*86400:
		return strconv.FormatFloat(s/86400, 'f', 1, 64) + " d"
	case s >= 2*3600:
		return strconv.FormatFloat(s/3600, 'f', 1, 64) + " h"
	case s >= 120:
		return strconv.FormatFloat(s/60, 'f', 1, 64) + " min"
	default:
		return strconv.FormatFloat(s, 'f', 0, 64) + " s"
	}
}
