// Package opencatalogue ships the project's own open catalogue of municipal
// services, written from Norwegian law (see SOURCES.md), for the demo and
// for any new collaboration.
package opencatalogue

import (
	"bytes"
	_ "embed"
	"io"
)

//go:embed services.csv
var servicesCSV []byte

// FileName is the name problems in the file are reported under.
const FileName = "services.csv"

// Services returns the catalogue as CSV in the services import format.
func Services() io.Reader { return bytes.NewReader(servicesCSV) }
