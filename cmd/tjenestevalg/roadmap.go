package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/roadmap"
)

const roadmapUsage = `Usage: tjenestevalg roadmap SUBCOMMAND [flags]

Subcommands (see docs/roadmap.md):
  solve     the plan of start years with the largest discounted net benefit
            under yearly budget, capacity and dependencies
  export    the model as CPLEX LP or MPS for any MIP solver
  generate  a random benchmark instance (JSON on stdout)

Run 'tjenestevalg roadmap SUBCOMMAND --help' for its flags.`

func runRoadmap(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return dispatch(ctx, args, stdout, stderr, roadmapUsage, map[string]subcommand{
		"solve": roadmapSolve,
		"export": func(_ context.Context, args []string, stdout, stderr io.Writer) error {
			return roadmapExport(args, stdout, stderr)
		},
		"generate": func(_ context.Context, args []string, stdout, stderr io.Writer) error {
			return roadmapGenerate(args, stdout, stderr)
		},
	})
}

func roadmapFlags(name, usage string, stderr io.Writer) *flag.FlagSet {
	f := flag.NewFlagSet("roadmap "+name, flag.ContinueOnError)
	f.SetOutput(stderr)
	f.Usage = func() {
		fmt.Fprint(stderr, usage+"\nExit status: 0 on success, 1 if the instance is invalid or infeasible\nor the solver fails, 2 on wrong usage.\n\nFlags:\n")
		f.PrintDefaults()
	}
	return f
}

func roadmapParse(f *flag.FlagSet, args []string) error {
	if err := f.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return exitError(2)
	}
	if f.NArg() > 0 {
		f.Usage()
		return exitError(2)
	}
	return nil
}

// roadmapSizeFlags are the sizes of instance the optimiser accepts, with
// DefaultSizeLimits as defaults (docs/roadmap.md).
func roadmapSizeFlags(f *flag.FlagSet) *roadmap.SizeLimits {
	l := roadmap.DefaultSizeLimits
	f.IntVar(&l.Services, "max-services", l.Services, "refuse an instance with more services")
	f.IntVar(&l.Years, "max-years", l.Years, "refuse an instance with more planning years")
	f.IntVar(&l.Cells, "max-cells", l.Cells, "refuse an instance with more services × years")
	f.IntVar(&l.Dependencies, "max-dependencies", l.Dependencies, "refuse an instance with more requires entries in all")
	return &l
}

// roadmapRead reads and validates an instance file within the sizes.
func roadmapRead(stderr io.Writer, file string, limits roadmap.SizeLimits) (roadmap.Instance, error) {
	r, err := priorityOpen(file)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", file, err)
		return roadmap.Instance{}, exitError(1)
	}
	inst, err := roadmap.ReadInstanceWithin(r, limits)
	if err != nil {
		return inst, roadmapFail(stderr, file, err)
	}
	return inst, nil
}

// roadmapFail prints each problem with its JSON path and returns status 1.
func roadmapFail(stderr io.Writer, file string, err error) error {
	if k := domain.KindOf(err); k != domain.KindInvalid {
		fmt.Fprintf(stderr, "%s: %v\n", file, err)
		return exitError(1)
	}
	de := domain.AsError(err)
	if de.Code == "roadmap.infeasible" {
		fmt.Fprintf(stderr, "%s: no plan meets the must-services; the constraints that conflict:\n", file)
	}
	for _, fe := range de.Fields {
		fmt.Fprintf(stderr, "%s:%s: %s\n", file, fe.Field, roadmapMessage(fe))
	}
	return exitError(1)
}

// roadmapMessage says in English what a roadmap code means.
func roadmapMessage(fe domain.FieldError) string {
	p := func(i int) any {
		if i < len(fe.Params) {
			return fe.Params[i]
		}
		return "?"
	}
	switch fe.Code {
	case "roadmap.json_syntax", "roadmap.json_type":
		return fmt.Sprint(p(0))
	case "roadmap.no_years":
		return "at least one planning year is needed"
	case "roadmap.discount_rate_range":
		return fmt.Sprintf("discount rate %v is outside [%v, %v]", p(0), p(1), p(2))
	case "roadmap.horizon_short":
		return fmt.Sprintf("horizon %v is shorter than the %v planning years", p(0), p(1))
	case "roadmap.horizon_range":
		return fmt.Sprintf("horizon %v is outside %v to %v years", p(0), p(1), p(2))
	case "roadmap.too_many_services":
		return fmt.Sprintf("%v services, more than the %v accepted (--max-services)", p(0), p(1))
	case "roadmap.too_many_years":
		return fmt.Sprintf("more than the %v planning years accepted (--max-years)", p(0))
	case "roadmap.too_many_cells":
		return fmt.Sprintf("%v services × %v years = %v, more than the %v accepted (--max-cells)", p(0), p(1), p(2), p(3))
	case "roadmap.too_many_dependencies":
		return fmt.Sprintf("%v dependencies, more than the %v accepted (--max-dependencies)", p(0), p(1))
	case "roadmap.negative":
		return fmt.Sprintf("%v is negative", p(0))
	case "roadmap.not_finite":
		return "not a finite number"
	case "roadmap.id_missing":
		return "the id is missing"
	case "roadmap.id_duplicate":
		return fmt.Sprintf("id %q is also used by services[%v]", p(0), p(1))
	case "roadmap.unknown_requires":
		return fmt.Sprintf("%s requires %q, which is not a service", p(0), p(1))
	case "roadmap.cycle":
		return fmt.Sprintf("cyclic dependencies: %v", p(0))
	case "roadmap.must_excluded":
		return fmt.Sprintf("%v is both must and exclude", p(0))
	case "roadmap.must_requires_excluded":
		return fmt.Sprintf("must-service %v requires %v, which is excluded", p(0), p(1))
	case "roadmap.must_cost_exceeds_budgets":
		return fmt.Sprintf("must-service %v costs %v, more than any year's budget it can start in", p(0), p(1))
	case "roadmap.must_hours_exceed_capacity":
		return fmt.Sprintf("must-service %v needs %v hours, more than any year's capacity it can start in", p(0), p(1))
	case "roadmap.must_chain_too_long":
		return fmt.Sprintf("must-service %v has a chain of %v services that need a year each, longer than the %v years", p(0), p(1), p(2))
	case "roadmap.must_over_budget":
		return fmt.Sprintf("year %v: must-services (%v) starting as early as possible cost %v, budget %v", p(0), p(3), p(1), p(2))
	case "roadmap.must_over_capacity":
		return fmt.Sprintf("year %v: must-services (%v) starting as early as possible need %v hours, capacity %v", p(0), p(3), p(1), p(2))
	case "roadmap.must_over_total":
		return fmt.Sprintf("must-services cost %v of total budget %v and need %v of total capacity %v", p(0), p(1), p(2), p(3))
	case "roadmap.must_no_schedule":
		return "no order of the must-services fits the yearly budgets and capacities"
	}
	return fmt.Sprint(fe.Code, fe.Params)
}

func roadmapSolve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := roadmapFlags("solve", `Usage: tjenestevalg roadmap solve --instance FILE.json [--time-limit 10s] [--solver builtin|cbc|glpk] [--json]

Assigns start years that maximise the total discounted net benefit under
the yearly budgets and capacities and the dependencies; prints the plan per
year, the objective, a proven upper bound, the gap and whether the plan is
proven optimal. Progress goes to stderr while it runs. At the time limit,
or on SIGINT (Ctrl-C) or SIGTERM, it stops and prints the best plan found
so far with its gap. An instance beyond the --max-* sizes is refused
before any work.
`, stderr)
	file := f.String("instance", "", "instance file (JSON, see docs/roadmap.md)")
	limit := f.Duration("time-limit", 10*time.Second, "stop with the best plan found after this long")
	solver := f.String("solver", "builtin", "builtin, cbc or glpk (Debian packages coinor-cbc, glpk-utils)")
	asJSON := f.Bool("json", false, "print the result as JSON")
	sizes := roadmapSizeFlags(f)
	if err := roadmapParse(f, args); err != nil {
		return err
	}
	if *file == "" {
		f.Usage()
		return exitError(2)
	}
	inst, err := roadmapRead(stderr, *file, *sizes)
	if err != nil {
		return err
	}
	// ctx ends on SIGINT and SIGTERM (main's signal.NotifyContext); the
	// solver then returns the best plan it has.
	var res roadmap.Result
	switch *solver {
	case "builtin":
		res, err = roadmap.Solve(ctx, inst, roadmap.Options{TimeLimit: *limit, Limits: *sizes, Progress: func(p roadmap.Progress) {
			fmt.Fprintf(stderr, "%6.1fs  %d nodes  best %.0f  bound %.0f\n", p.Elapsed.Seconds(), p.Nodes, p.Objective, p.Bound)
		}})
	case "cbc", "glpk":
		res, err = roadmap.RunSolver(ctx, *solver, inst, *limit)
	default:
		f.Usage()
		return exitError(2)
	}
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(stderr, "%s: stopped by a signal before any plan was found\n", *file)
		return exitError(1)
	case errors.Is(err, context.DeadlineExceeded):
		fmt.Fprintf(stderr, "%s: no plan found within the time limit of %v; try a longer --time-limit\n", *file, *limit)
		return exitError(1)
	case err != nil:
		return roadmapFail(stderr, *file, err)
	case ctx.Err() != nil:
		fmt.Fprintf(stderr, "%s: stopped by a signal; the best plan found so far follows (gap %.4f %%)\n", *file, 100*res.Gap)
	}
	if *asJSON {
		out := struct {
			roadmap.Result
			Bound any `json:"bound"`
			Gap   any `json:"gap"`
		}{Result: res, Bound: jsonNum(res.Bound), Gap: jsonNum(res.Gap)}
		if out.Plan == nil {
			out.Plan = []roadmap.Start{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	ev, err := roadmap.Evaluate(inst, res.Plan)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Roadmap: %d services, %d years, solver %s\n\n", len(inst.Services), len(inst.Years), res.Solver)
	for _, y := range ev.Years {
		fmt.Fprintf(stdout, "Year %d  spend %.0f of %.0f (%.0f %%)  hours %.0f of %.0f (%.0f %%)\n", y.Year, y.Spend, y.Budget, 100*y.BudgetUse, y.Hours, y.Capacity, 100*y.CapacityUse)
		if len(y.Starts) > 0 {
			fmt.Fprintf(stdout, "  starts: %s\n", strings.Join(y.Starts, ", "))
		}
	}
	fmt.Fprintf(stdout, "\nObjective (NPV) %.2f\nBound           %.2f\nGap             %.4f %%\nOptimal         %v\nSeconds         %.2f\n",
		res.Objective, res.Bound, 100*res.Gap, res.Optimal, res.Seconds)
	return nil
}

// jsonNum writes infinities and NaN as null.
func jsonNum(x float64) any {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return nil
	}
	return x
}

func roadmapExport(args []string, stdout, stderr io.Writer) error {
	f := roadmapFlags("export", "Usage: tjenestevalg roadmap export --instance FILE.json --format lp|mps\n\nWrites the model (binary x_i_t: service i starts in year t) to stdout.\n", stderr)
	file := f.String("instance", "", "instance file (JSON)")
	format := f.String("format", "lp", "lp (CPLEX LP) or mps (free MPS)")
	if err := roadmapParse(f, args); err != nil {
		return err
	}
	if *file == "" || (*format != "lp" && *format != "mps") {
		f.Usage()
		return exitError(2)
	}
	// The default sizes: the writers build the same model as the solver.
	inst, err := roadmapRead(stderr, *file, roadmap.DefaultSizeLimits)
	if err != nil {
		return err
	}
	if *format == "lp" {
		return roadmap.WriteLP(stdout, inst)
	}
	return roadmap.WriteMPS(stdout, inst)
}

func roadmapGenerate(args []string, stdout, stderr io.Writer) error {
	f := roadmapFlags("generate", `Usage: tjenestevalg roadmap generate --services N --years T --seed S [--dependencies D] [--budget B] [--capacity C]

Prints a random instance: by default 15 % of services with a dependency,
budgets and capacities for about a third of them. The same seed and flags
give the same instance; the defaults give the instances of
docs/benchmarks.md.
`, stderr)
	n := f.Int("services", 60, "number of services")
	years := f.Int("years", 5, "number of planning years")
	seed := f.Uint64("seed", 1, "random seed")
	deps := f.Float64("dependencies", roadmap.DefaultDependencies, "share of services that require an earlier one (0 to 1)")
	budget := f.Float64("budget", 1, "factor on the yearly budgets (below 1 tighter, above looser)")
	capacity := f.Float64("capacity", 1, "factor on the yearly capacities (below 1 tighter, above looser)")
	if err := roadmapParse(f, args); err != nil {
		return err
	}
	if *n < 0 || *years < 1 || !(*deps >= 0 && *deps <= 1) || !(*budget > 0) || !(*capacity > 0) ||
		math.IsInf(*budget, 0) || math.IsInf(*capacity, 0) {
		f.Usage()
		return exitError(2)
	}
	o := roadmap.GenerateOptions{Dependencies: *deps, Budget: *budget, Capacity: *capacity}
	if *deps == 0 {
		o.Dependencies = -1 // none; 0 would be the default
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(roadmap.GenerateWith(*n, *years, *seed, o))
}
