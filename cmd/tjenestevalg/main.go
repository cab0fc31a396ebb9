// Command tjenestevalg runs the Tjenestevalg web application and its
// command-line tools.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"syscall"
	_ "time/tzdata" // Norwegian local time without the host's zoneinfo

	"github.com/tjenestevalg/tjenestevalg/internal/app"
)

type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands = map[string]command{
	"serve":         {"run the web server (loads the Fosen demo on first start with --demo)", runServe},
	"migrate":       {"apply database migrations and exit", runMigrate},
	"demo":          {"load the Fosen demo collaboration", runDemo},
	"import":        {"import services, municipalities or facts from CSV or Excel files", runImport},
	"export":        {"export the catalogue as CSV or Excel", runExport},
	"user":          {"manage users: add, set-role, reset-password", runUser},
	"collaboration": {"create a collaboration with the open service catalogue", runCollaboration},
	"bench":         {"benchmarks: generate the national data set, load a server, time an import", runBench},
	"process":       {"compute process metrics of BPMN files", runProcess},
	"benefit":       {"evaluate a benefit case: NPV, yearly cash flow, Monte Carlo, tornado", runBenefit},
	"priority":      {"joint rankings (Borda, Copeland, Schulze, Kemeny), AHP weights, Kendall's W", runPriority},
	"roadmap":       {"optimise the multi-year roadmap; export LP/MPS; generate instances", runRoadmap},
	"procurement":   {"list the collaboration's tenders or show one (no bid content)", runProcurement},
	"eventlog":      {"statistics of an event log: XES, CSV or a Noark 5 archive extract", runEventlog},
	"catalogue":     {"verify the open service catalogue against its legal sources", runCatalogue},
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: tjenestevalg COMMAND [flags]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-14s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'tjenestevalg COMMAND --help' for a command's flags.")
}

// defaultMemoryLimit is the Go heap's soft limit unless GOMEMLIMIT says
// otherwise: the garbage collector works harder near it instead of letting
// a large import double the heap.
const defaultMemoryLimit = 320 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "tjenestevalg: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	if err := cmd.run(ctx, args[1:], stdout, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		var ee exitError
		if errors.As(err, &ee) {
			return int(ee)
		}
		fmt.Fprintf(stderr, "tjenestevalg %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

// exitError ends the program with a status after the command has said why.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// flags is a command's flag set with the configuration flags every
// command shares.
type flags struct {
	*flag.FlagSet
	cfg app.Config
}

func newFlags(name, synopsis string, stderr io.Writer) *flags {
	f := &flags{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), cfg: app.DefaultConfig()}
	f.cfg.FromEnv()
	f.SetOutput(stderr)
	f.StringVar(&f.cfg.DB, "db", f.cfg.DB, "SQLite database file, or a postgres:// DSN (env TJENESTEVALG_DB)")
	f.StringVar(&f.cfg.LogFormat, "log-format", f.cfg.LogFormat, "log format: text or json (env TJENESTEVALG_LOG_FORMAT)")
	f.StringVar(&f.cfg.BidKeyFile, "bid-key-file", f.cfg.BidKeyFile, "file of the key that seals bids, kept outside the database (default: bid.key next to the SQLite file; required with PostgreSQL; env TJENESTEVALG_BID_KEY_FILE)")
	f.StringVar(&f.cfg.LogLevel, "log-level", f.cfg.LogLevel, "log level: debug, info, warn, error (env TJENESTEVALG_LOG_LEVEL)")
	f.Usage = func() {
		fmt.Fprintf(stderr, "Usage: tjenestevalg %s\n\nFlags:\n", synopsis)
		f.PrintDefaults()
	}
	return f
}

// open parses args and opens the application.
func (f *flags) open(ctx context.Context, args []string) (*app.App, error) {
	if err := f.Parse(args); err != nil {
		return nil, err
	}
	return app.Open(ctx, f.cfg, f.cfg.Logger(), nil)
}

// subcommand is one verb of a command with subcommands.
type subcommand func(ctx context.Context, args []string, stdout, stderr io.Writer) error

// dispatch runs the subcommand named by args[0], printing usage for help
// (status 0) and for a missing or unknown one (status 2).
func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer, usage string, subs map[string]subcommand) error {
	if len(args) > 0 {
		if run, ok := subs[args[0]]; ok {
			return run(ctx, args[1:], stdout, stderr)
		}
		switch args[0] {
		case "-h", "--help", "help":
			fmt.Fprintln(stderr, usage)
			return nil
		}
	}
	fmt.Fprintln(stderr, usage)
	return exitError(2)
}
