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
	"github.com/tjenestevalg/tjenestevalg/internal/transfer/guard"
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

// Read reads an uploaded .csv or .xlsx file within guard.DefaultLimits;
// see Limited.
func Read(r io.Reader, filename string) (catalogue.Batch, error) {
	return Limited(guard.Limits{})(r, filename)
}

// Limited returns a reader of uploaded .csv and .xlsx files, chosen by the
// filename's extension in any case, that holds every file to the limits l
// (zero fields: guard.DefaultLimits) in fixed memory; a CSV file's problems
// are located by its base name, and at most catalogue.MaxProblems are kept.
// The reader returns an invalid error "import.unknown_format" for other
// extensions, "import.unreadable" for a file that is empty or not of its
// format, the guard's errors (on the field "file", naming the limit) for a
// file beyond the limits, and the reader's errors. Facts with the same
// sources share one provenance map (catalogue.Batch.ShareProvenance).
func Limited(l guard.Limits) func(r io.Reader, filename string) (catalogue.Batch, error) {
	l = l.OrDefault()
	return func(r io.Reader, filename string) (catalogue.Batch, error) {
		base := path.Base(strings.ReplaceAll(filename, `\`, "/")) // browsers on Windows may send a full path
		var b catalogue.Batch
		var err error
		switch strings.ToLower(path.Ext(base)) {
		case ".csv":
			b, err = readCSV(r, base, l)
		case ".xlsx":
			b, err = readXLSX(r, l)
		default:
			return catalogue.Batch{}, domain.Invalid("import.unknown_format", domain.Field("file", "import.unknown_format"))
		}
		if err != nil {
			return catalogue.Batch{}, err
		}
		b.ShareProvenance()
		return b, nil
	}
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
