package wiring

import (
	"fmt"
	"io"
	"sync"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue/opencatalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer"
)

// Versions are the open catalogue's current and earlier versions.
type Versions struct {
	Current catalogue.OpenVersion
	Earlier []catalogue.OpenVersion // oldest first
}

// OpenCatalogue returns the shipped open catalogue (opencatalogue.Version)
// and its earlier releases (opencatalogue.History), read once: the
// catalogue manager offers a collaboration the fields where its services
// differ from the current version, and names the release a value came
// from. The files are embedded; an error is a defect of the build, which
// the tests catch.
var OpenCatalogue = sync.OnceValues(func() (Versions, error) {
	read := func(version string, r io.Reader, name string) (catalogue.OpenVersion, error) {
		b, err := transfer.ReadCSV(r, name)
		if err != nil {
			return catalogue.OpenVersion{}, fmt.Errorf("open catalogue %s: %w", version, err)
		}
		v, err := catalogue.OpenVersionOf(version, b)
		if err != nil {
			return catalogue.OpenVersion{}, fmt.Errorf("open catalogue %s: %w", version, err)
		}
		return v, nil
	}
	var out Versions
	var err error
	if out.Current, err = read(opencatalogue.Version, opencatalogue.Services(), opencatalogue.FileName); err != nil {
		return Versions{}, err
	}
	for _, rel := range opencatalogue.History() {
		v, err := read(rel.Version, rel.Services(), rel.File)
		if err != nil {
			return Versions{}, err
		}
		out.Earlier = append(out.Earlier, v)
	}
	return out, nil
})
