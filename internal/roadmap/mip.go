package roadmap

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// The MIP: binary x_i_t (service index i, year t) for the starts allowed
// (not excluded, t at least the service's chain of requirements); maximise
// Σ v(i,t)·x_i_t subject to one_i: Σ_t x_i_t ≤ 1 (= 1 if must), budget_t and
// capacity_t, and dep_j_i_t: x_j_t − Σ_{s<t} x_i_s ≤ 0.

type term struct {
	v    string
	coef float64
}

type row struct {
	name  string
	terms []term
	sense string // "<=" or "="
	rhs   float64
}

type mip struct {
	vars []string
	obj  map[string]float64
	rows []row
}

func xname(i, t int) string { return fmt.Sprintf("x_%d_%d", i, t) }

func (m *model) mip() *mip {
	p := &mip{obj: map[string]float64{}}
	has := func(i, t int) bool { return !m.excl[i] && t >= m.earliest[i] && t < m.T }
	for i := range m.n {
		for t := range m.T {
			if has(i, t) {
				v := xname(i, t)
				p.vars = append(p.vars, v)
				p.obj[v] = m.val[i][t]
			}
		}
	}
	for i := range m.n {
		r := row{name: fmt.Sprintf("one_%d", i), sense: "<=", rhs: 1}
		if m.must[i] {
			r.sense = "="
		}
		for t := range m.T {
			if has(i, t) {
				r.terms = append(r.terms, term{xname(i, t), 1})
			}
		}
		if len(r.terms) > 0 {
			p.rows = append(p.rows, r)
		}
	}
	for t := range m.T {
		rb := row{name: fmt.Sprintf("budget_%d", t), sense: "<=", rhs: m.budget[t]}
		rc := row{name: fmt.Sprintf("capacity_%d", t), sense: "<=", rhs: m.capacity[t]}
		for i := range m.n {
			if has(i, t) {
				if m.cost[i] != 0 {
					rb.terms = append(rb.terms, term{xname(i, t), m.cost[i]})
				}
				if m.hours[i] != 0 {
					rc.terms = append(rc.terms, term{xname(i, t), m.hours[i]})
				}
			}
		}
		for _, r := range []row{rb, rc} {
			if len(r.terms) > 0 {
				p.rows = append(p.rows, r)
			}
		}
	}
	for j := range m.n {
		for _, i := range m.req[j] {
			for t := range m.T {
				if !has(j, t) {
					continue
				}
				r := row{name: fmt.Sprintf("dep_%d_%d_%d", j, i, t), sense: "<=", terms: []term{{xname(j, t), 1}}}
				for s := range t {
					if has(i, s) {
						r.terms = append(r.terms, term{xname(i, s), -1})
					}
				}
				p.rows = append(p.rows, r)
			}
		}
	}
	return p
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', 15, 64) }

// WriteLP writes the model in CPLEX LP format. It returns a domain Invalid
// error for an invalid instance.
func WriteLP(w io.Writer, inst Instance) error {
	m, err := compile(inst)
	if err != nil {
		return err
	}
	p := m.mip()
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "\\ Tjenestevalg roadmap: %d services, %d years; x_i_t = service i (0-based) starts in year t\n", m.n, m.T)
	for i, s := range inst.Services {
		fmt.Fprintf(bw, "\\ service %d: %s\n", i, strings.ReplaceAll(s.ID, "\n", " "))
	}
	fmt.Fprint(bw, "Maximize\n obj:")
	terms := make([]term, 0, len(p.vars))
	for _, v := range p.vars {
		terms = append(terms, term{v, p.obj[v]})
	}
	lpTerms(bw, terms)
	fmt.Fprintln(bw, "\nSubject To")
	for _, r := range p.rows {
		fmt.Fprintf(bw, " %s:", r.name)
		lpTerms(bw, r.terms)
		fmt.Fprintf(bw, " %s %s\n", r.sense, num(r.rhs))
	}
	fmt.Fprintln(bw, "Binary")
	for k, v := range p.vars {
		fmt.Fprintf(bw, " %s", v)
		if k%10 == 9 || k == len(p.vars)-1 {
			fmt.Fprintln(bw)
		}
	}
	fmt.Fprintln(bw, "End")
	return bw.Flush()
}

func lpTerms(w io.Writer, terms []term) {
	if len(terms) == 0 {
		fmt.Fprint(w, " 0 x_none")
	}
	for k, t := range terms {
		if k > 0 && k%6 == 0 {
			fmt.Fprint(w, "\n   ")
		}
		sign := "+"
		if t.coef < 0 {
			sign = "-"
		}
		fmt.Fprintf(w, " %s %s %s", sign, num(math.Abs(t.coef)), t.v)
	}
}

// WriteMPS writes the model in free MPS format with OBJSENSE MAX and
// integer markers (binary by the bounds 0–1). It returns a domain Invalid
// error for an invalid instance.
func WriteMPS(w io.Writer, inst Instance) error {
	m, err := compile(inst)
	if err != nil {
		return err
	}
	p := m.mip()
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "NAME roadmap")
	fmt.Fprintln(bw, "OBJSENSE\n    MAX")
	fmt.Fprintln(bw, "ROWS\n N obj")
	cols := map[string][]term{}
	for _, r := range p.rows {
		s := "L"
		if r.sense == "=" {
			s = "E"
		}
		fmt.Fprintf(bw, " %s %s\n", s, r.name)
		for _, t := range r.terms {
			cols[t.v] = append(cols[t.v], term{r.name, t.coef})
		}
	}
	fmt.Fprintln(bw, "COLUMNS")
	fmt.Fprintln(bw, "    MARKER MARKER INTORG")
	for _, v := range p.vars {
		fmt.Fprintf(bw, "    %s obj %s\n", v, num(p.obj[v]))
		for _, t := range cols[v] {
			fmt.Fprintf(bw, "    %s %s %s\n", v, t.v, num(t.coef))
		}
	}
	fmt.Fprintln(bw, "    MARKER MARKER INTEND")
	fmt.Fprintln(bw, "RHS")
	for _, r := range p.rows {
		if r.rhs != 0 {
			fmt.Fprintf(bw, "    rhs %s %s\n", r.name, num(r.rhs))
		}
	}
	fmt.Fprintln(bw, "BOUNDS")
	for _, v := range p.vars {
		fmt.Fprintf(bw, " BV bnd %s\n", v)
	}
	fmt.Fprintln(bw, "ENDATA")
	return bw.Flush()
}

// SolverSolution is what an external solver's solution file says.
type SolverSolution struct {
	Status  string
	Optimal bool
	Values  map[string]float64 // variable → value
}

// ReadCBCSolution reads the file of cbc's "solu" command.
func ReadCBCSolution(r io.Reader) (SolverSolution, error) {
	sol := SolverSolution{Values: map[string]float64{}}
	sc := bufio.NewScanner(r)
	first := true
	for sc.Scan() {
		line := sc.Text()
		if first {
			sol.Status = strings.TrimSpace(line)
			sol.Optimal = strings.HasPrefix(sol.Status, "Optimal")
			first = false
			continue
		}
		f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "**"))
		if len(f) >= 3 && strings.HasPrefix(f[1], "x_") {
			v, err := strconv.ParseFloat(f[2], 64)
			if err != nil {
				return sol, fmt.Errorf("cbc solution: %q: %w", line, err)
			}
			sol.Values[f[1]] = v
		}
	}
	if first {
		return sol, errors.New("cbc solution: empty file")
	}
	return sol, sc.Err()
}

// ReadGLPKSolution reads glpsol's printable solution (-o FILE).
func ReadGLPKSolution(r io.Reader) (SolverSolution, error) {
	sol := SolverSolution{Values: map[string]float64{}}
	sc := bufio.NewScanner(r)
	pending := "" // a long name glpsol put on a line of its own
	for sc.Scan() {
		line := sc.Text()
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "Status:" {
			sol.Status = strings.Join(f[1:], " ")
			sol.Optimal = sol.Status == "INTEGER OPTIMAL" || sol.Status == "OPTIMAL"
			continue
		}
		if pending != "" && len(f) >= 1 {
			f = append([]string{"0", pending}, f...)
			pending = ""
		}
		if len(f) == 2 && strings.HasPrefix(f[1], "x_") {
			pending = f[1]
			continue
		}
		if len(f) >= 3 && strings.HasPrefix(f[1], "x_") {
			k := 2
			if f[k] == "*" && len(f) > 3 {
				k++
			}
			v, err := strconv.ParseFloat(f[k], 64)
			if err != nil {
				return sol, fmt.Errorf("glpk solution: %q: %w", line, err)
			}
			sol.Values[f[1]] = v
		}
	}
	if sol.Status == "" {
		return sol, errors.New("glpk solution: no status line")
	}
	return sol, sc.Err()
}

// Plan turns a solution's variables into start years.
func (s SolverSolution) Plan(inst Instance) []Start {
	var plan []Start
	for name, v := range s.Values {
		var i, t int
		if v > 0.5 {
			if _, err := fmt.Sscanf(name, "x_%d_%d", &i, &t); err == nil && i >= 0 && i < len(inst.Services) {
				plan = append(plan, Start{ID: inst.Services[i].ID, Year: t})
			}
		}
	}
	sortPlan(inst, plan)
	return plan
}

func sortPlan(inst Instance, plan []Start) {
	idx := inst.index()
	for a := 1; a < len(plan); a++ {
		for b := a; b > 0 && (plan[b].Year < plan[b-1].Year || plan[b].Year == plan[b-1].Year && idx[plan[b].ID] < idx[plan[b-1].ID]); b-- {
			plan[b], plan[b-1] = plan[b-1], plan[b]
		}
	}
}

// ErrNotInstalled is returned by RunSolver when the solver's binary is missing.
var ErrNotInstalled = errors.New("not installed")

// RunSolver writes the LP, runs Debian's cbc or glpsol ("cbc", "glpk") on
// it with the time limit and reads the plan back. Its bound is the
// objective when the solver proves optimality and +Inf otherwise (the
// solution file carries none). Errors: ErrNotInstalled, Invalid for an
// invalid instance, roadmap.infeasible, or the solver's failure.
func RunSolver(ctx context.Context, name string, inst Instance, timeLimit time.Duration) (Result, error) {
	began := time.Now()
	bin := map[string]string{"cbc": "cbc", "glpk": "glpsol"}[name]
	if bin == "" {
		return Result{}, domain.Invalid("error.invalid_fields", domain.Field("solver", "roadmap.solver_unknown", name))
	}
	path, err := exec.LookPath(bin)
	if err != nil {
		return Result{}, fmt.Errorf("%s: %w", bin, ErrNotInstalled)
	}
	m, err := compile(inst)
	if err != nil {
		return Result{}, err
	}
	dir, err := os.MkdirTemp("", "roadmap-")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(dir)
	lp, out := filepath.Join(dir, "model.lp"), filepath.Join(dir, "out.txt")
	f, err := os.Create(lp)
	if err != nil {
		return Result{}, err
	}
	if err := WriteLP(f, inst); err != nil {
		f.Close()
		return Result{}, err
	}
	if err := f.Close(); err != nil {
		return Result{}, err
	}
	secs := "1000000"
	if timeLimit > 0 {
		secs = strconv.Itoa(max(1, int(math.Ceil(timeLimit.Seconds()))))
	}
	var cmd *exec.Cmd
	if name == "cbc" {
		cmd = exec.CommandContext(ctx, path, lp, "sec", secs, "solve", "solu", out)
	} else {
		cmd = exec.CommandContext(ctx, path, "--lp", lp, "--tmlim", secs, "-o", out)
	}
	if b, err := cmd.CombinedOutput(); err != nil {
		return Result{}, fmt.Errorf("%s: %w: %s", bin, err, lastLines(string(b), 5))
	}
	sf, err := os.Open(out)
	if err != nil {
		return Result{}, fmt.Errorf("%s wrote no solution: %w", bin, err)
	}
	defer sf.Close()
	var sol SolverSolution
	if name == "cbc" {
		sol, err = ReadCBCSolution(sf)
	} else {
		sol, err = ReadGLPKSolution(sf)
	}
	if err != nil {
		return Result{}, err
	}
	plan := sol.Plan(inst)
	ev := m.evaluate(plan)
	if !ev.Feasible() {
		if strings.Contains(strings.ToLower(sol.Status), "infeasible") || strings.Contains(sol.Status, "NO") {
			return Result{}, m.infeasible()
		}
		return Result{}, fmt.Errorf("%s: status %q, plan not feasible: %v", bin, sol.Status, ev.Problems)
	}
	res := Result{Objective: ev.Objective, Bound: math.Inf(1), Gap: math.Inf(1), Plan: plan, Solver: name, Optimal: sol.Optimal}
	if plan == nil {
		res.Plan = []Start{}
	}
	if sol.Optimal {
		res.Bound, res.Gap = res.Objective, 0
	}
	res.Seconds = time.Since(began).Seconds()
	return res, nil
}

func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(l[max(0, len(l)-n):], "\n")
}
