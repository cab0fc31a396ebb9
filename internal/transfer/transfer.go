// Package transfer reads and writes the service catalogue as CSV and Excel
// (.xlsx) files: services, municipalities and each municipality's facts.
//
// It only deals with file formats. Reading turns a file into a
// catalogue.Batch, with a catalogue.Problem for each cell or header it
// cannot read, located by sheet, line and column, and reads on past them so
// the user sees every problem at once. Whether the values make sense is
// decided by catalogue.Manager.Import, which reports its problems under the
// same column names.
package transfer

import (
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Kind is one of the three tables a file can hold.
type Kind string

// The kinds of table.
const (
	KindServices       Kind = "services"
	KindMunicipalities Kind = "municipalities"
	KindFacts          Kind = "facts"
)

// Data is what an export writes: the catalogue of one collaboration. Facts
// name their service and municipality by ID; both must be in Data so the
// file can name them by slug and number.
type Data struct {
	Services       []catalogue.Service
	Municipalities []catalogue.Municipality
	Facts          []catalogue.MunicipalService
}

// Read reads an uploaded .csv or .xlsx file, chosen by filename's extension
// in any case; a CSV file's problems are located by its base name. It
// returns an invalid error "import.unknown_format" for other extensions,
// "import.unreadable" for a file that is empty or not of its format, and
// the reader's errors.
func Read(r io.Reader, filename string) (catalogue.Batch, error) {
	base := path.Base(strings.ReplaceAll(filename, `\`, "/")) // browsers on Windows may send a full path
	switch strings.ToLower(path.Ext(base)) {
	case ".csv":
		return ReadCSV(r, base)
	case ".xlsx":
		return ReadXLSX(r)
	}
	return catalogue.Batch{}, domain.Invalid("import.unknown_format", domain.Field("file", "import.unknown_format"))
}

// errUnreadable is returned for a file that is not what its name says.
func errUnreadable() error {
	return domain.Invalid("import.unreadable", domain.Field("file", "import.unreadable"))
}

// readError wraps an error of the reader the file came from; it is an
// internal error.
func readError(err error) error {
	return fmt.Errorf("transfer: read: %w", err)
}
