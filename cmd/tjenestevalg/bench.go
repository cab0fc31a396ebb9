package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/bench"
)

const benchUsage = `Usage: tjenestevalg bench SUBCOMMAND [flags]

Subcommands (see docs/benchmarks.md):
  generate  write the national data set as CSV files and an Excel workbook
  load      load a running server with concurrent signed-in clients
  upload    import files through a running server's web import
  bids-setup  make a tender and supplier users for the deadline benchmark
  bids      suppliers send bids in the last minute before a deadline
  eventlog-xes  write a generated XES event log of a given size
  noark     write a generated Noark 5 archive extract of N journal entries
  time      run a command and report its wall time and peak memory
  harmonisation-setup  give every municipality an as-is process of one service
  start     start a server N times: time to its first /healthz 200, CPU, memory
  rss       print the resident memory (VmRSS) of a process on this machine
  peak      print the peak memory (VmHWM) of a process on this machine

Run 'tjenestevalg bench SUBCOMMAND --help' for its flags.`

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	sub := ""
	if len(args) > 0 {
		sub, args = args[0], args[1:]
	}
	switch sub {
	case "generate":
		return benchGenerate(args, stdout, stderr)
	case "load":
		return benchLoad(ctx, args, stdout, stderr)
	case "upload":
		return benchUpload(ctx, args, stdout, stderr)
	case "bids-setup":
		return benchBidsSetup(ctx, args, stdout, stderr)
	case "bids":
		return benchBids(ctx, args, stdout, stderr)
	case "eventlog-xes":
		return benchEventlogXES(args, stdout, stderr)
	case "noark":
		return benchNoark(args, stdout, stderr)
	case "time":
		return benchTime(ctx, args, stdout, stderr)
	case "peak":
		return benchProcMemory("peak", bench.PeakRSS, args, stdout, stderr)
	case "harmonisation-setup":
		return benchHarmonisationSetup(ctx, args, stdout, stderr)
	case "start":
		return benchStart(ctx, args, stdout, stderr)
	case "rss":
		return benchProcMemory("rss", bench.RSS, args, stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprintln(stderr, benchUsage)
		return nil
	}
	fmt.Fprintln(stderr, benchUsage)
	return exitError(2)
}

// benchFlags is a subcommand's flag set; bench commands do not open the
// database, so they take none of the shared flags.
func benchFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	f := flag.NewFlagSet("bench "+name, flag.ContinueOnError)
	f.SetOutput(stderr)
	f.Usage = func() {
		fmt.Fprintf(stderr, "Usage: tjenestevalg bench %s\n\nFlags:\n", synopsis)
		f.PrintDefaults()
	}
	return f
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func benchGenerate(args []string, stdout, stderr io.Writer) error {
	f := benchFlags("generate", "generate --out DIR [--municipalities N] [--services N] [--seed S]", stderr)
	out := f.String("out", "", "directory to write services.csv, municipalities.csv, facts.csv and national.xlsx into")
	munis := f.Int("municipalities", bench.NationalMunicipalities, fmt.Sprintf("municipalities, 1 to %d", bench.MaxMunicipalities))
	services := f.Int("services", bench.NationalServices, "services: the first N of the open catalogue")
	seed := f.Uint64("seed", 1, "random seed; the same seed writes the same files")
	if err := f.Parse(args); err != nil {
		return err
	}
	if *out == "" || f.NArg() > 0 {
		f.Usage()
		return exitError(2)
	}
	d, err := bench.Generate(bench.Options{Municipalities: *munis, Services: *services, Seed: *seed})
	if err != nil {
		return err
	}
	files, err := bench.WriteFiles(*out, d)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d services, %d municipalities, %d facts:\n", len(d.Services), len(d.Municipalities), len(d.Facts))
	for _, p := range append(files.CSV(), files.XLSX) {
		fmt.Fprintf(stdout, "  %s\n", p)
	}
	return nil
}

// benchLogin checks the --url, --email and --password of load and upload
// and logs in.
func benchLogin(ctx context.Context, rawURL, email, pw string, conns int) (*bench.Client, error) {
	u, err := bench.ParseTarget(rawURL)
	if err != nil {
		return nil, err
	}
	if email == "" {
		return nil, errors.New("--email is required")
	}
	secret, err := password(pw)
	if err != nil {
		return nil, err
	}
	c := bench.NewClient(u, conns)
	if err := c.Login(ctx, email, secret); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// pathList collects repeated --path flags.
type pathList []string

func (p *pathList) String() string     { return fmt.Sprint(*p) }
func (p *pathList) Set(v string) error { *p = append(*p, v); return nil }

func benchLoad(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := benchFlags("load", "load --url http://127.0.0.1:PORT --email E [--password P] --path /services [--path …] [--concurrency 20] [--duration 30s] [--warmup 5s] [--pid PID] [--json]", stderr)
	rawURL := f.String("url", "", "base URL of a server on this machine (127.0.0.1, localhost or ::1 only)")
	email := f.String("email", "", "user to log in as")
	pw := f.String("password", "", "password (else TJENESTEVALG_PASSWORD or standard input)")
	var paths pathList
	f.Var(&paths, "path", "page to request, repeatable; workers take the pages in turn")
	var l bench.Load
	f.IntVar(&l.Concurrency, "concurrency", 20, "clients requesting at the same time")
	f.DurationVar(&l.Duration, "duration", 30*time.Second, "measured time")
	f.DurationVar(&l.Warmup, "warmup", 5*time.Second, "time before measuring, whose requests are not counted")
	f.IntVar(&l.MaxRequests, "max-requests", bench.DefaultMaxRequests, "stop after this many requests in all, warm-up included")
	f.DurationVar(&l.Timeout, "timeout", bench.DefaultTimeout, "timeout of one request")
	f.BoolVar(&l.Fresh, "fresh", false, "make every request's URL unique, so no kept page answers it")
	pid := f.Int("pid", 0, "the server's process id, to report its CPU time per request")
	asJSON := f.Bool("json", false, "print the figures as JSON")
	if err := f.Parse(args); err != nil {
		return err
	}
	l.Paths = paths
	if err := l.Validate(); err != nil {
		return err
	}
	c, err := benchLogin(ctx, *rawURL, *email, *pw, l.Concurrency)
	if err != nil {
		return err
	}
	defer c.Close()
	cpu0, err := serverCPU(*pid)
	if err != nil {
		return err
	}
	res, err := bench.Run(ctx, c, l)
	if err != nil {
		return err
	}
	if *pid != 0 {
		cpu1, err := serverCPU(*pid)
		if err != nil {
			return err
		}
		res.SetServerCPU(cpu1 - cpu0)
	}
	if *asJSON {
		return writeJSON(stdout, res)
	}
	return res.WriteTable(stdout)
}

// uploadReport is what bench upload prints as JSON.
type uploadReport struct {
	Files     []bench.Upload `json:"files"`
	Total     float64        `json:"total_s"`
	PID       int            `json:"pid,omitempty"`
	PeakRSS   int64          `json:"server_peak_rss_bytes,omitempty"`
	ServerCPU float64        `json:"server_cpu_s,omitempty"` // the server's CPU time for the import
}

// serverCPU is the CPU time process pid has used, 0 for no process.
func serverCPU(pid int) (time.Duration, error) {
	if pid == 0 {
		return 0, nil
	}
	return bench.ProcessCPU(pid)
}

func benchUpload(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := benchFlags("upload", "upload --url http://127.0.0.1:PORT --email E [--password P] [--pid PID] [--json] FILE…", stderr)
	rawURL := f.String("url", "", "base URL of a server on this machine (127.0.0.1, localhost or ::1 only)")
	email := f.String("email", "", "user to log in as: a programme lead")
	pw := f.String("password", "", "password (else TJENESTEVALG_PASSWORD or standard input)")
	pid := f.Int("pid", 0, "the server's process id, to report its peak memory after the import")
	asJSON := f.Bool("json", false, "print the figures as JSON")
	if err := f.Parse(args); err != nil {
		return err
	}
	if f.NArg() == 0 {
		f.Usage()
		return exitError(2)
	}
	c, err := benchLogin(ctx, *rawURL, *email, *pw, 1)
	if err != nil {
		return err
	}
	defer c.Close()
	cpu0, err := serverCPU(*pid)
	if err != nil {
		return err
	}
	var rep uploadReport
	// One file after the other, each previewed and confirmed, as a user
	// imports them: facts need their services and municipalities saved.
	for _, name := range f.Args() {
		up, err := c.Import(ctx, name)
		if err != nil {
			return err
		}
		rep.Files = append(rep.Files, up)
		rep.Total += up.Preview + up.Commit
		if !*asJSON {
			fmt.Fprintf(stdout, "%-20s %7.1f MiB  preview %6.2f s  commit %6.2f s\n", up.File, float64(up.Bytes)/bench.MiB, up.Preview, up.Commit)
		}
	}
	if *pid != 0 {
		if rep.PeakRSS, err = bench.PeakRSS(*pid); err != nil {
			return err
		}
		cpu1, err := serverCPU(*pid)
		if err != nil {
			return err
		}
		rep.PID, rep.ServerCPU = *pid, (cpu1 - cpu0).Seconds()
	}
	if *asJSON {
		return writeJSON(stdout, rep)
	}
	fmt.Fprintf(stdout, "total %.2f s\n", rep.Total)
	if rep.PID != 0 {
		fmt.Fprintf(stdout, "server %d: peak memory (VmHWM) %.0f MiB, CPU %.1f s\n", rep.PID, float64(rep.PeakRSS)/bench.MiB, rep.ServerCPU)
	}
	return nil
}

func benchTime(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := benchFlags("time", "time [--json] -- COMMAND [ARG…]", stderr)
	asJSON := f.Bool("json", false, "print the figures as JSON")
	if err := f.Parse(args); err != nil {
		return err
	}
	if f.NArg() == 0 {
		f.Usage()
		return exitError(2)
	}
	// The command's own output goes to standard error, so that standard
	// output holds only the figures.
	u, err := bench.Time(ctx, stderr, stderr, f.Arg(0), f.Args()[1:]...)
	if err != nil {
		return err
	}
	if *asJSON {
		if err := writeJSON(stdout, u); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(stdout, "wall %.2f s  user %.2f s  sys %.2f s  peak memory %.0f MiB  exit %d\n",
			u.Wall, u.User, u.System, float64(u.MaxRSS)/bench.MiB, u.Exit)
	}
	if u.Exit != 0 {
		return exitError(u.Exit)
	}
	return nil
}

// benchProcMemory prints one memory figure of a running process in bytes
// (peak: VmHWM; rss: VmRSS), as read reads it from /proc.
func benchProcMemory(name string, read func(pid int) (int64, error), args []string, stdout, stderr io.Writer) error {
	f := benchFlags(name, name+" --pid PID", stderr)
	pid := f.Int("pid", 0, "process id")
	if err := f.Parse(args); err != nil {
		return err
	}
	if *pid <= 0 {
		f.Usage()
		return exitError(2)
	}
	n, err := read(*pid)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d\n", n)
	return nil
}
