package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/app"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue/opencatalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer"
)

// operatorFlags adds --collaboration to a command that acts on one
// collaboration's data.
type operatorFlags struct {
	*flags
	slug *string
}

func newOperatorFlags(name, synopsis string, stderr io.Writer) operatorFlags {
	f := newFlags(name, synopsis, stderr)
	return operatorFlags{flags: f, slug: f.String("collaboration", "fosen", "the collaboration's slug")}
}

// open parses args, opens the application and returns the operator acting
// on the chosen collaboration. The caller closes the app.
func (f operatorFlags) open(ctx context.Context, args []string) (*app.App, domain.Principal, error) {
	a, err := f.flags.open(ctx, args)
	if err != nil {
		return nil, domain.Principal{}, err
	}
	p, err := operator(ctx, a, *f.slug)
	if err != nil {
		a.Close()
		return nil, domain.Principal{}, err
	}
	return a, p, nil
}

// operator returns the command-line operator acting on the collaboration
// with the given slug.
func operator(ctx context.Context, a *app.App, slug string) (domain.Principal, error) {
	c, err := a.DB.Catalogue().CollaborationBySlug(ctx, slug)
	if domain.KindOf(err) == domain.KindNotFound {
		return domain.Principal{}, fmt.Errorf("no collaboration %q (create one with 'tjenestevalg collaboration create' or 'tjenestevalg demo')", slug)
	}
	if err != nil {
		return domain.Principal{}, err
	}
	p := domain.SystemPrincipal(c.ID)
	p.Name = "CLI"
	return p, nil
}

func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newOperatorFlags("import", "import [--collaboration SLUG] [--dry-run] [--lang nb|en] FILE.csv|FILE.xlsx …", stderr)
	dry := f.Bool("dry-run", false, "check the files and report what would change, without changing anything")
	lang := f.String("lang", "nb", "language of the messages: nb or en")
	a, p, err := f.open(ctx, args)
	if err != nil {
		return err
	}
	defer a.Close()
	if f.NArg() == 0 {
		f.Usage()
		return exitError(2)
	}
	l := i18n.Lang(i18n.Match(*lang))
	// All files form one batch, so that facts may refer to services and
	// municipalities from another file, and all land or none.
	var batch catalogue.Batch
	for _, name := range f.Args() {
		fmt.Fprintf(stderr, "reading %s …\n", name)
		b, err := readFile(name)
		if err != nil {
			return fmt.Errorf("%s: %s", name, message(l, err))
		}
		batch.Services = append(batch.Services, b.Services...)
		batch.Municipalities = append(batch.Municipalities, b.Municipalities...)
		batch.Facts = append(batch.Facts, b.Facts...)
		batch.Problems = append(batch.Problems, b.Problems...)
	}
	fmt.Fprintf(stderr, "checking %d services, %d municipalities, %d facts …\n", len(batch.Services), len(batch.Municipalities), len(batch.Facts))
	rep, err := a.Catalogue.Import(ctx, p, batch, !*dry)
	if err != nil {
		return err
	}
	for _, pr := range rep.Problems {
		fmt.Fprintf(stdout, "%s:%d: %s: %s\n", pr.Sheet, pr.Line, pr.Column, l.T(pr.Code, pr.Params...))
	}
	if rep.MoreProblems > 0 { // the report keeps the first catalogue.MaxProblems
		fmt.Fprintln(stdout, l.T("import.more_problems", rep.MoreProblems))
	}
	if n := rep.ProblemCount(); n > 0 {
		fmt.Fprintf(stdout, "%d problems; nothing was changed.\n", n)
		return exitError(1)
	}
	verb := "imported"
	if !rep.Committed {
		verb = "would import (dry run)"
	}
	for _, c := range []struct {
		what string
		n    catalogue.Counts
	}{{"services", rep.Services}, {"municipalities", rep.Municipalities}, {"facts", rep.Facts}} {
		fmt.Fprintf(stdout, "%s %s: %d new, %d changed, %d unchanged\n", verb, c.what, c.n.Created, c.n.Updated, c.n.Unchanged)
	}
	return nil
}

func readFile(name string) (catalogue.Batch, error) {
	fh, err := os.Open(name)
	if err != nil {
		return catalogue.Batch{}, err
	}
	defer fh.Close()
	return transfer.Read(fh, filepath.Base(name))
}

// message is an error as the user reads it.
func message(l i18n.Lang, err error) string {
	var de *domain.Error
	if !errors.As(err, &de) {
		return err.Error()
	}
	msg := l.T(de.Code, de.Params...)
	for _, fe := range de.Fields {
		msg += " " + fe.Field + ": " + l.T(fe.Code, fe.Params...)
	}
	return msg
}

func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newOperatorFlags("export", "export [--collaboration SLUG] --format xlsx|csv [--kind services|municipalities|facts] [--out FILE]", stderr)
	format := f.String("format", "xlsx", "xlsx (all three sheets) or csv (one kind)")
	kind := f.String("kind", "services", "with --format csv: services, municipalities or facts")
	out := f.String("out", "", "output file (default: standard output)")
	a, p, err := f.open(ctx, args)
	if err != nil {
		return err
	}
	defer a.Close()
	var d transfer.Data
	if d.Services, err = a.Catalogue.Services(ctx, p); err != nil {
		return err
	}
	if d.Municipalities, err = a.Catalogue.Municipalities(ctx, p); err != nil {
		return err
	}
	if d.Facts, err = a.Catalogue.AllFacts(ctx, p); err != nil {
		return err
	}
	w := stdout
	if *out != "" {
		fh, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer fh.Close()
		w = fh
	}
	switch *format {
	case "xlsx":
		err = transfer.WriteXLSX(w, d)
	case "csv":
		switch transfer.Kind(*kind) {
		case transfer.KindServices, transfer.KindMunicipalities, transfer.KindFacts:
		default:
			return fmt.Errorf("--kind %q: services, municipalities or facts", *kind)
		}
		err = transfer.WriteCSV(w, transfer.Kind(*kind), d)
	default:
		return fmt.Errorf("--format %q: xlsx or csv", *format)
	}
	return err
}

func runCollaboration(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(stderr, "Usage: tjenestevalg collaboration create --slug SLUG --name NAME [--empty]")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return exitError(2)
	}
	f := newFlags("collaboration create", "collaboration create --slug SLUG --name NAME [--empty]", stderr)
	slug := f.String("slug", "", "short identifier, e.g. kystkommunene")
	name := f.String("name", "", "the collaboration's name")
	empty := f.Bool("empty", false, "start without the open service catalogue")
	a, err := f.open(ctx, args[1:])
	if err != nil {
		return err
	}
	defer a.Close()
	if *slug == "" || strings.TrimSpace(*name) == "" {
		return errors.New("--slug and --name are required")
	}
	id, err := a.DB.Catalogue().CreateCollaboration(ctx, catalogue.Collaboration{Slug: *slug, Name: strings.TrimSpace(*name)})
	if domain.KindOf(err) == domain.KindConflict {
		return fmt.Errorf("a collaboration %q exists already", *slug)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Created collaboration %s.\n", *slug)
	if *empty {
		return nil
	}
	b, err := transfer.ReadCSV(opencatalogue.Services(), opencatalogue.FileName)
	if err != nil {
		return err
	}
	p := domain.SystemPrincipal(id)
	p.Name = "CLI"
	rep, err := a.Catalogue.Import(ctx, p, b, true)
	if err != nil {
		return err
	}
	if len(rep.Problems) > 0 {
		return fmt.Errorf("open catalogue: %d problems, first at line %d", len(rep.Problems), rep.Problems[0].Line)
	}
	fmt.Fprintf(stdout, "Loaded the open catalogue: %d services.\n", rep.Services.Created)
	return nil
}
