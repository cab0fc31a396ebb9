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
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/priority/method"
)

const priorityUsage = `Usage: tjenestevalg priority SUBCOMMAND [flags]

Subcommands (see docs/priority-methods.md):
  rank         joint ranking of ballots (count,ranking lines) by Borda,
               Copeland, Schulze and Kemeny–Young
  ahp          weights of a pairwise comparison matrix (AHP) with λmax,
               consistency index and ratio, and the worst judgement
  concordance  Kendall's W of a raters × items table of ranks

Run 'tjenestevalg priority SUBCOMMAND --help' for its flags.`

func runPriority(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return dispatch(ctx, args, stdout, stderr, priorityUsage, map[string]subcommand{
		"rank":        priorityRank,
		"ahp":         priorityAHP,
		"concordance": priorityConcordance,
	})
}

// priorityMaxFile bounds the files the priority commands read.
const priorityMaxFile = 64 << 20

// priorityFlags is a subcommand's flag set with its usage text.
func priorityFlags(name, usage string, stderr io.Writer) *flag.FlagSet {
	f := flag.NewFlagSet("priority "+name, flag.ContinueOnError)
	f.SetOutput(stderr)
	f.Usage = func() {
		fmt.Fprint(stderr, usage+`
Exit status: 0 on success, 1 if the file cannot be read or is invalid,
2 on wrong usage.

Flags:
`)
		f.PrintDefaults()
	}
	return f
}

// priorityParse parses the flags and checks that the file flag is given.
func priorityParse(f *flag.FlagSet, args []string, file *string) error {
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
	return nil
}

// priorityOpen opens a priority input file, refusing directories and files
// over the size limit.
func priorityOpen(name string) (io.Reader, error) {
	fh, err := os.Open(name)
	if err == nil {
		defer fh.Close()
		var data []byte
		data, err = io.ReadAll(io.LimitReader(fh, priorityMaxFile+1))
		if err == nil {
			if len(data) > priorityMaxFile {
				return nil, fmt.Errorf("the file is larger than %d MiB, the limit", priorityMaxFile>>20)
			}
			return bytes.NewReader(data), nil
		}
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return nil, fmt.Errorf("cannot read: %w", err)
}

// priorityFail prints why a file was refused, each problem with its
// position, and returns exit status 1.
func priorityFail(stderr io.Writer, file string, err error) error {
	if domain.KindOf(err) != domain.KindInvalid {
		fmt.Fprintf(stderr, "%s: %v\n", file, err)
		return exitError(1)
	}
	fields := domain.AsError(err).Fields
	for _, fe := range fields {
		fmt.Fprintf(stderr, "%s:%s: %s\n", file, fe.Field, priorityMessage(fe))
	}
	if len(fields) == 1 {
		fmt.Fprintln(stderr, "1 problem; nothing computed.")
	} else {
		fmt.Fprintf(stderr, "%d problems; nothing computed.\n", len(fields))
	}
	return exitError(1)
}

// priorityMessage says in English what a validation code means.
func priorityMessage(fe domain.FieldError) string {
	p := func(i int) any {
		if i < len(fe.Params) {
			return fe.Params[i]
		}
		return "?"
	}
	pf := func(i int) float64 {
		if v, ok := p(i).(float64); ok {
			return v
		}
		return math.NaN()
	}
	switch fe.Code {
	case method.CodeEmpty:
		return "nothing to compute: no data"
	case method.CodeSize, method.CodeFieldCount:
		return fmt.Sprintf("%v values where %v are wanted (every row must be complete)", p(0), p(1))
	case method.CodeNotSquare:
		return fmt.Sprintf("a row of %v entries in a matrix of %v rows: the matrix must be square", p(0), p(1))
	case method.CodeNotPositive:
		return fmt.Sprintf("%v is not positive: a judgement is a ratio such as 3 or 1/3", p(0))
	case method.CodeDiagonal:
		return fmt.Sprintf("a criterion compared with itself must be 1, not %v", priorityRatio(pf(0)))
	case method.CodeNotReciprocal:
		return fmt.Sprintf("%v is not the reciprocal of its mirror judgement; write %v", priorityRatio(pf(0)), priorityRatio(pf(1)))
	case method.CodeAllZero:
		return "every value is zero"
	case method.CodeSwingTop:
		return fmt.Sprintf("the most important swing must be rated 100, not %v", p(0))
	case method.CodeNumber:
		return fmt.Sprintf("%q is not a number (write e.g. 3, 1/3 or 0.5)", p(0))
	case method.CodeCount:
		return fmt.Sprintf("the count %q must be a positive number", fmt.Sprint(p(0)))
	case method.CodeRankingSyntax:
		return fmt.Sprintf("%q is not a ranking: write names best first, separated by > (ties by =), e.g. A>B=C", p(0))
	case method.CodeCandidateTwice:
		return fmt.Sprintf("%v appears twice in the ranking", p(0))
	case method.CodeCandidateRange:
		return fmt.Sprintf("candidate %v does not exist (there are %v)", p(0), p(1))
	case method.CodeNames:
		return fmt.Sprintf("the row is named %q but its column %q", p(1), p(0))
	case method.CodeDuplicateName:
		return fmt.Sprintf("the name %q is used twice", p(0))
	case method.CodeTooLarge:
		return fmt.Sprintf("more than %v candidates, criteria or items", p(0))
	case method.CodeCSV:
		return fmt.Sprintf("not valid CSV: %v", p(0))
	case method.CodeScale:
		return fmt.Sprintf("the scale's minimum %v must be below its maximum %v", p(0), p(1))
	case "field.not_a_number":
		return "must be a finite number"
	case "field.not_negative":
		return "must not be negative"
	case "field.between":
		return fmt.Sprintf("must be between %v and %v", p(0), p(1))
	}
	return fe.Code + fmt.Sprint(fe.Params)
}

// priorityRatio writes a judgement as people do: 3, 1/3, 2.5 or 1/2.5.
func priorityRatio(v float64) string {
	if v > 0 && v < 1 {
		return "1/" + priorityNum(1/v, 2)
	}
	return priorityNum(v, 2)
}

// priorityNum formats v with at most prec decimals, without trailing zeros.
func priorityNum(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// priorityTable prints rows under a header, the first left columns
// left-aligned and the others right-aligned.
func priorityTable(w io.Writer, indent string, left int, header []string, rows [][]string) {
	widths := make([]int, len(header))
	for _, r := range append([][]string{header}, rows...) {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range append([][]string{header}, rows...) {
		var b strings.Builder
		b.WriteString(indent)
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if i < left {
				b.WriteString(c + pad)
			} else {
				b.WriteString(pad + c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

func priorityJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// rankEntry is one candidate's line of a method's ranking in --json.
type rankEntry struct {
	Candidate string  `json:"candidate"`
	Rank      float64 `json:"rank"`
	Score     float64 `json:"score"`
}

// rankMethod is one method's result in --json.
type rankMethod struct {
	Ranking []rankEntry `json:"ranking"`
	// Schulze.
	D [][]float64 `json:"d,omitempty"`
	P [][]float64 `json:"p,omitempty"`
	// Kemeny.
	Score   *float64 `json:"score,omitempty"`
	Exact   *bool    `json:"exact,omitempty"`
	Optimal *bool    `json:"optimal,omitempty"`
	Bound   *float64 `json:"bound,omitempty"`
	Gap     *float64 `json:"gap,omitempty"`
	Rounds  *int     `json:"rounds,omitempty"`
}

// rankOutput is the --json document of priority rank.
type rankOutput struct {
	Candidates []string               `json:"candidates"`
	Ballots    int                    `json:"ballots"`
	Voters     float64                `json:"voters"`
	Methods    map[string]*rankMethod `json:"methods"`
}

// priorityMatrixLimit is the largest number of candidates whose Schulze
// matrices the text output prints.
const priorityMatrixLimit = 30

var priorityMethods = []string{"borda", "copeland", "schulze", "kemeny"}

func priorityRank(_ context.Context, args []string, stdout, stderr io.Writer) error {
	f := priorityFlags("rank", `Usage: tjenestevalg priority rank --ballots FILE [--method borda|copeland|schulze|kemeny|all] [--json]

Reads ballots, one CSV line "count,ranking" each, the ranking naming the
candidates best first separated by ">" and ties by "=" (42,M>N>C>K or
3,A=B>C; a first line "count,ranking" and lines starting with # are
skipped; use ; as separator for a decimal comma in counts), and prints the
joint ranking with each candidate's score: Borda points, Copeland wins,
Schulze (with the pairwise and strongest-path matrices), or Kemeny–Young
(with the agreement score, and whether it is proven optimal or the
heuristic's upper bound and gap).
`, stderr)
	file := f.String("ballots", "", "the ballots, a CSV file (required)")
	which := f.String("method", "all", "borda, copeland, schulze, kemeny or all")
	asJSON := f.Bool("json", false, `print one JSON document {"candidates", "ballots", "voters", "methods": {NAME: {"ranking": [{"candidate", "rank", "score"}], …}}}`)
	limit := f.Int("exact-limit", 0, fmt.Sprintf("the most candidates Kemeny ranks by exact search, 1 to %d; 0 means %d", method.MaxExactLimit, method.DefaultExactLimit))
	if err := priorityParse(f, args, file); err != nil {
		return err
	}
	methods := priorityMethods
	if *which != "all" {
		if !slices.Contains(priorityMethods, *which) {
			fmt.Fprintf(stderr, "tjenestevalg priority rank: --method %q: want borda, copeland, schulze, kemeny or all\n", *which)
			return exitError(2)
		}
		methods = []string{*which}
	}
	if *limit < 0 || *limit > method.MaxExactLimit {
		fmt.Fprintf(stderr, "tjenestevalg priority rank: --exact-limit %d: want 0 to %d\n", *limit, method.MaxExactLimit)
		return exitError(2)
	}
	r, err := priorityOpen(*file)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", *file, err)
		return exitError(1)
	}
	ballots, names, err := method.ParseBallots(r)
	if err != nil {
		return priorityFail(stderr, *file, err)
	}
	n := len(names)
	out := rankOutput{Candidates: names, Ballots: len(ballots), Methods: map[string]*rankMethod{}}
	for _, b := range ballots {
		out.Voters += b.Count
	}
	entries := func(rk method.Ranking) []rankEntry {
		var e []rankEntry
		for _, g := range rk.Order {
			for _, c := range g {
				e = append(e, rankEntry{Candidate: names[c], Rank: rk.Rank[c], Score: rk.Scores[c]})
			}
		}
		return e
	}
	var text bytes.Buffer
	fmt.Fprintf(&text, "%d candidates, %d ballots, %s voters\n", n, len(ballots), priorityNum(out.Voters, 4))
	for _, m := range methods {
		fmt.Fprintln(&text)
		switch m {
		case "borda":
			rk, err := method.Borda(ballots, n)
			if err != nil {
				return priorityFail(stderr, *file, err)
			}
			out.Methods[m] = &rankMethod{Ranking: entries(rk)}
			fmt.Fprintln(&text, "Borda (score: candidates ranked below, ties sharing)")
			priorityRankingText(&text, names, rk)
		case "copeland":
			rk, err := method.Copeland(ballots, n)
			if err != nil {
				return priorityFail(stderr, *file, err)
			}
			out.Methods[m] = &rankMethod{Ranking: entries(rk)}
			fmt.Fprintln(&text, "Copeland (score: pairwise wins, ½ for a pairwise tie)")
			priorityRankingText(&text, names, rk)
		case "schulze":
			s, err := method.Schulze(ballots, n)
			if err != nil {
				return priorityFail(stderr, *file, err)
			}
			out.Methods[m] = &rankMethod{Ranking: entries(s.Ranking), D: s.D, P: s.P}
			fmt.Fprintln(&text, "Schulze (score: candidates beaten by strongest paths)")
			priorityRankingText(&text, names, s.Ranking)
			if n <= priorityMatrixLimit {
				fmt.Fprintln(&text, "  Pairwise preferences d (ballots ranking the row above the column):")
				priorityMatrixText(&text, names, s.D)
				fmt.Fprintln(&text, "  Strongest paths p:")
				priorityMatrixText(&text, names, s.P)
			} else {
				fmt.Fprintf(&text, "  (the matrices are printed for at most %d candidates; see --json)\n", priorityMatrixLimit)
			}
		case "kemeny":
			k, err := method.Kemeny(ballots, n, *limit)
			if err != nil {
				return priorityFail(stderr, *file, err)
			}
			out.Methods[m] = &rankMethod{Ranking: entries(k.Ranking), Score: &k.Score, Exact: &k.Exact,
				Optimal: &k.Optimal, Bound: &k.Bound, Gap: &k.Gap, Rounds: &k.Rounds}
			fmt.Fprintln(&text, "Kemeny–Young (score: each candidate's share of the agreement score)")
			priorityRankingText(&text, names, k.Ranking)
			switch {
			case k.Exact:
				fmt.Fprintf(&text, "  Agreement score %s: optimal (exact search).\n", priorityNum(k.Score, 4))
			case k.Optimal:
				fmt.Fprintf(&text, "  Agreement score %s: optimal (heuristic, reaches the upper bound).\n", priorityNum(k.Score, 4))
			default:
				fmt.Fprintf(&text, "  Agreement score %s (heuristic); the optimum is at most %s, a gap of %s (%s %%).\n",
					priorityNum(k.Score, 4), priorityNum(k.Bound, 4), priorityNum(k.Gap, 4), priorityNum(100*k.Gap/k.Bound, 3))
			}
		}
	}
	if *asJSON {
		return priorityJSON(stdout, out)
	}
	_, err = stdout.Write(text.Bytes())
	return err
}

// priorityRankingText prints a ranking, tied places marked "=".
func priorityRankingText(w io.Writer, names []string, rk method.Ranking) {
	var rows [][]string
	place := 1
	for _, g := range rk.Order {
		label := strconv.Itoa(place)
		if len(g) > 1 {
			label += "="
		}
		for _, c := range g {
			rows = append(rows, []string{label, names[c], priorityNum(rk.Scores[c], 4)})
		}
		place += len(g)
	}
	priorityTable(w, "  ", 2, []string{"Place", "Candidate", "Score"}, rows)
}

// priorityMatrixText prints a square matrix with the names as headers.
func priorityMatrixText(w io.Writer, names []string, m [][]float64) {
	header := append([]string{""}, names...)
	rows := make([][]string, len(m))
	for i, row := range m {
		rows[i] = []string{names[i]}
		for j, v := range row {
			if i == j {
				rows[i] = append(rows[i], "–")
			} else {
				rows[i] = append(rows[i], priorityNum(v, 4))
			}
		}
	}
	priorityTable(w, "    ", 1, header, rows)
}

// ahpOutput is the --json document of priority ahp.
type ahpOutput struct {
	Criteria []string `json:"criteria"`
	method.AHPResult
}

func priorityAHP(_ context.Context, args []string, stdout, stderr io.Writer) error {
	f := priorityFlags("ahp", `Usage: tjenestevalg priority ahp --matrix FILE [--json]

Reads a pairwise comparison matrix as CSV: n rows of n judgements, entry
(i, j) saying how many times more important criterion i is than j on
Saaty's 1–9 scale (3, 1/3, 0.5; with ; as separator also 0,5), with an
optional first line and/or first column of criterion names. Prints the
weights (principal eigenvector), λmax, the consistency index CI, the
random index RI, the consistency ratio CR (acceptable at most 0.10), and
the judgement that most hurts consistency with the value the weights
suggest.
`, stderr)
	file := f.String("matrix", "", "the matrix, a CSV file (required)")
	asJSON := f.Bool("json", false, `print one JSON document {"criteria", "weights", "lambda_max", "ci", "ri", "cr", "acceptable", "iterations", "worst": {"i", "j", "value", "fitting", "deviation"}}`)
	if err := priorityParse(f, args, file); err != nil {
		return err
	}
	r, err := priorityOpen(*file)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", *file, err)
		return exitError(1)
	}
	m, names, err := method.ParseMatrix(r)
	if err != nil {
		return priorityFail(stderr, *file, err)
	}
	if names == nil {
		for i := range m {
			names = append(names, strconv.Itoa(i+1))
		}
	}
	res, err := method.AHP(m)
	if err != nil {
		return priorityFail(stderr, *file, err)
	}
	if *asJSON {
		return priorityJSON(stdout, ahpOutput{Criteria: names, AHPResult: res})
	}
	rows := make([][]string, len(names))
	for i, n := range names {
		rows[i] = []string{n, strconv.FormatFloat(res.Weights[i], 'f', 3, 64)}
	}
	priorityTable(stdout, "", 1, []string{"Criterion", "Weight"}, rows)
	verdict := "acceptable: at most 0.10"
	if !res.Acceptable {
		verdict = "above 0.10: revise the judgements"
	}
	fmt.Fprintf(stdout, "\nλmax %s   CI %s   RI %s   CR %s (%s)\n", strconv.FormatFloat(res.LambdaMax, 'f', 3, 64),
		strconv.FormatFloat(res.CI, 'f', 3, 64), priorityNum(res.RI, 2), strconv.FormatFloat(res.CR, 'f', 3, 64), verdict)
	if w := res.Worst; w != nil {
		fmt.Fprintf(stdout, "Most inconsistent judgement: %s against %s is %s; the weights suggest %s (deviation %s).\n",
			names[w.I], names[w.J], priorityRatio(w.Value), priorityRatio(w.Fitting), strconv.FormatFloat(w.Deviation, 'f', 2, 64))
	} else {
		fmt.Fprintln(stdout, "The judgements are consistent.")
	}
	return nil
}

// concordanceOutput is the --json document of priority concordance.
type concordanceOutput struct {
	RaterNames []string `json:"rater_names,omitempty"`
	ItemNames  []string `json:"item_names"`
	method.Concordance
}

func priorityConcordance(_ context.Context, args []string, stdout, stderr io.Writer) error {
	f := priorityFlags("concordance", `Usage: tjenestevalg priority concordance --ranks FILE [--json]

Reads a CSV table with one row per rater and one column per item, holding
ranks (1 = first; ties may share the average, 2.5) or scores (each row is
ranked in increasing order of its values), with an optional first line of
item names and first column of rater names. Prints each item's rank sum,
S, Kendall's coefficient of concordance W with the tie correction
(0 = no agreement, 1 = identical rankings), χ² with its degrees of freedom,
and the mean Spearman correlation between raters.
`, stderr)
	file := f.String("ranks", "", "the raters × items table, a CSV file (required)")
	asJSON := f.Bool("json", false, `print one JSON document {"rater_names", "item_names", "raters", "items", "w", "rank_sums", "s", "ties", "chi_square", "df", "mean_spearman"}`)
	if err := priorityParse(f, args, file); err != nil {
		return err
	}
	r, err := priorityOpen(*file)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", *file, err)
		return exitError(1)
	}
	t, err := method.ParseRanks(r)
	if err != nil {
		return priorityFail(stderr, *file, err)
	}
	_, c, err := method.KendallW(t.Ranks)
	if err != nil {
		return priorityFail(stderr, *file, err)
	}
	items := t.Items
	if items == nil {
		for i := range c.Items {
			items = append(items, strconv.Itoa(i+1))
		}
	}
	if *asJSON {
		return priorityJSON(stdout, concordanceOutput{RaterNames: t.Raters, ItemNames: items, Concordance: c})
	}
	fmt.Fprintf(stdout, "%d raters, %d items\n\n", c.Raters, c.Items)
	rows := make([][]string, len(items))
	for i, n := range items {
		rows[i] = []string{n, priorityNum(c.RankSums[i], 4)}
	}
	priorityTable(stdout, "", 1, []string{"Item", "Rank sum"}, rows)
	fmt.Fprintf(stdout, "\nS %s   W %s   χ² %s (df %d)   mean Spearman ρ %s\n", priorityNum(c.S, 4),
		strconv.FormatFloat(c.W, 'f', 3, 64), strconv.FormatFloat(c.ChiSquare, 'f', 2, 64), c.DF,
		strconv.FormatFloat(c.MeanSpearman, 'f', 3, 64))
	if c.Ties > 0 {
		fmt.Fprintf(stdout, "Tie correction ΣT = %s\n", priorityNum(c.Ties, 4))
	}
	return nil
}
