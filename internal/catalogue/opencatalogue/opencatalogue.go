// Package opencatalogue ships the project's own open catalogue of municipal
// services, written from Norwegian law (see SOURCES.md), for the demo and
// for any new collaboration, together with the sources of its legal
// references (legal/), the acts they cite, the KOSTRA function names and
// the corrections that turned each earlier version into the next.
package opencatalogue

import (
	"bytes"
	"embed"
	"io"
)

//go:embed services.csv legal/*.csv history/*.csv
var files embed.FS

// FileName is the name problems in the file are reported under.
const FileName = "services.csv"

// Version names the catalogue services.csv holds. A collaboration that
// loaded an earlier version is offered the differences as a change set.
const Version = "2026-12"

// Services returns the catalogue as CSV in the services import format.
func Services() io.Reader { return bytes.NewReader(mustRead(FileName)) }

// Release is an earlier version of the catalogue, as collaborations
// loaded it then.
type Release struct {
	Version string
	File    string // the file under history/
}

// Services returns the release's catalogue as CSV in the services import
// format.
func (r Release) Services() io.Reader { return bytes.NewReader(mustRead("history/" + r.File)) }

// History lists the earlier versions, oldest first. services.csv equals
// the last of them with the corrections in legal/corrections-*.csv
// applied (a test holds it so).
func History() []Release {
	return []Release{{Version: "2026-11", File: "services-2026-11.csv"}}
}

// mustRead reads an embedded file; the names are the package's own, so a
// missing one is a build mistake.
func mustRead(name string) []byte {
	b, err := files.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return b
}
