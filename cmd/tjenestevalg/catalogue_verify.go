package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue/opencatalogue"
)

const catalogueUsage = `Usage: tjenestevalg catalogue SUBCOMMAND [flags]

Subcommands:
  verify  check the open service catalogue against its legal sources and
          print the counts recorded in SOURCES.md

Run 'tjenestevalg catalogue verify --help' for its flags.`

func runCatalogue(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return dispatch(ctx, args, stdout, stderr, catalogueUsage, map[string]subcommand{
		"verify": catalogueVerify,
	})
}

func catalogueVerify(_ context.Context, args []string, stdout, stderr io.Writer) error {
	f := flag.NewFlagSet("catalogue verify", flag.ContinueOnError)
	f.SetOutput(stderr)
	asJSON := f.Bool("json", false, "print the report as one JSON object")
	f.Usage = func() {
		fmt.Fprint(stderr, `Usage: tjenestevalg catalogue verify [--json]

Checks the open service catalogue shipped with this program against its
legal files (internal/catalogue/opencatalogue/legal, method in SOURCES.md):
every service has a legal row or is marked not verified, every cited act
is listed with a Lovdata identifier, a regulation names its enabling
section, no two services claim one provision for different duties without
a note, a mandated service has a provision imposing a duty, every KOSTRA
function has a name, and services.csv is the last release plus the
corrections. Prints the counts and every failed check.

Exit status: 0 if every check passed, 1 if one failed, 2 on wrong usage.

Flags:
`)
		f.PrintDefaults()
	}
	if err := f.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil
		}
		return exitError(2)
	}
	if f.NArg() > 0 {
		f.Usage()
		return exitError(2)
	}
	rep := opencatalogue.Verify()
	if *asJSON {
		if rep.Problems == nil {
			rep.Problems = []opencatalogue.Problem{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		writeVerifyReport(stdout, rep)
	}
	if !rep.OK() {
		return exitError(1)
	}
	return nil
}

func writeVerifyReport(w io.Writer, r opencatalogue.Report) {
	pct := func(n, of int) string {
		if of == 0 {
			return "–"
		}
		return fmt.Sprintf("%.1f %%", 100*float64(n)/float64(of))
	}
	fmt.Fprintf(w, "open catalogue %s: %d services, %d mandated; %d legal rows (%d verified), %d acts, %d corrections\n",
		r.Version, r.Services, r.Mandated, r.Rows, r.RowsVerified, r.Acts, r.Corrections)
	fmt.Fprintf(w, "mandated services' references verified against a named source: %d/%d = %s\n",
		r.MandatedReferencesVerified, r.MandatedReferences, pct(r.MandatedReferencesVerified, r.MandatedReferences))
	fmt.Fprintf(w, "mandated services with every legal row verified: %d/%d = %s; with at least one: %d/%d = %s\n",
		r.MandatedAllVerified, r.Mandated, pct(r.MandatedAllVerified, r.Mandated), r.MandatedAnyVerified, r.Mandated, pct(r.MandatedAnyVerified, r.Mandated))
	fmt.Fprintf(w, "all references verified: %d/%d = %s\n", r.ReferencesVerified, r.References, pct(r.ReferencesVerified, r.References))
	if len(r.Unverified) > 0 {
		fmt.Fprintf(w, "mandated services shown with a not-verified reference (%d):", len(r.Unverified))
		for _, s := range r.Unverified {
			fmt.Fprint(w, " ", s)
		}
		fmt.Fprintln(w)
	}
	for _, p := range r.Problems {
		fmt.Fprintln(w, p)
	}
	if r.OK() {
		fmt.Fprintln(w, "all checks passed")
	} else {
		fmt.Fprintf(w, "%d failed checks\n", len(r.Problems))
	}
}
