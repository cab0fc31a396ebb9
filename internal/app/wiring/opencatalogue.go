package wiring

import (
	"fmt"
	"sync"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue/opencatalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer"
)

// openVersion names the shipped open catalogue in the change set.
const openVersion = "current"

// OpenCatalogue returns the shipped open catalogue as the current version
// and its earlier versions (oldest first), read once: the catalogue
// manager offers a collaboration the fields where its services differ
// from the current one. The files are embedded; an error is a defect of
// the build, which the tests catch.
var OpenCatalogue = sync.OnceValues(func() (Versions, error) {
	b, err := transfer.ReadCSV(opencatalogue.Services(), opencatalogue.FileName)
	if err != nil {
		return Versions{}, err
	}
	cur, err := catalogue.OpenVersionOf(openVersion, b)
	if err != nil {
		return Versions{}, fmt.Errorf("open catalogue %s: %w", openVersion, err)
	}
	return Versions{Current: cur}, nil
})

// Versions are the open catalogue's current and earlier versions.
type Versions struct {
	Current catalogue.OpenVersion
	Earlier []catalogue.OpenVersion
}
