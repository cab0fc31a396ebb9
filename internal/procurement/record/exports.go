package record

import (
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement/ocds"
)

// NewExports returns the writers procurement.Manager's Record and Archive
// take: the record in lang as a PDF (Lines, then PDF, titled with the
// record's title line) and the OCDS release package with o.
func NewExports(lang string, o ocds.Options) procurement.Exports {
	return procurement.Exports{
		Record: func(d procurement.Dossier) ([]byte, error) {
			lines := Lines(d, lang)
			return PDF(lines, lines[0].Text)
		},
		OCDS: func(d procurement.Dossier) ([]byte, error) { return ocds.Package(d, o) },
	}
}

// IllustrativeOCDS returns ILLUSTRATIVE OCDS options for demos and tests:
// the publisher is named as illustrative, the ocid prefix is
// ocds.ExamplePrefix (registered to no one) and the base URI is under
// example.no. A municipality publishing for real registers its own prefix
// with the Open Contracting Partnership and names itself. The package date
// is left zero, so it is the dossier's last event and the archive stays
// reproducible.
func IllustrativeOCDS() ocds.Options {
	return ocds.Options{
		PublisherName: "Tjenestevalg (illustrativ utgiver)",
		OCIDPrefix:    ocds.ExamplePrefix,
		BaseURI:       "https://tjenestevalg.example.no/ocds",
		Language:      "nb",
	}
}
