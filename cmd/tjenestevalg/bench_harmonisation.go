package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/tjenestevalg/tjenestevalg/internal/bench"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
)

func benchHarmonisationSetup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newOperatorFlags("bench harmonisation-setup", "bench harmonisation-setup --db DB --collaboration SLUG --service SLUG", stderr)
	slug := f.String("service", "", "the service whose as-is process every municipality gets")
	a, p, err := f.open(ctx, args)
	if err != nil {
		return err
	}
	defer a.Close()
	if *slug == "" {
		return errors.New("--service: the service's slug is required")
	}
	n, err := bench.SetupHarmonisation(ctx, a.Catalogue, a.Processes, p, *slug)
	if err != nil {
		if domain.KindOf(err) == domain.KindInternal {
			return err
		}
		return fmt.Errorf("%s", message(i18n.Lang("en"), err))
	}
	fmt.Fprintf(stdout, "saved the as-is process of %s for %d municipalities; its harmonisation page is /services/%s/processes/harmonisation\n", *slug, n, *slug)
	return nil
}
