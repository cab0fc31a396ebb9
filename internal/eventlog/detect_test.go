package eventlog_test

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"os"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
)

func TestDetect(t *testing.T) {
	xes, err := os.ReadFile("testdata/running-example.xes")
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(xes)
	zw.Close()
	var zipped bytes.Buffer
	z := zip.NewWriter(&zipped)
	w, _ := z.Create("arkivstruktur.xml")
	w.Write([]byte("<arkiv/>"))
	z.Close()
	var tarred bytes.Buffer
	tw := tar.NewWriter(&tarred)
	tw.WriteHeader(&tar.Header{Name: "uttrekk/arkivuttrekk.xml", Size: 8, Mode: 0o644})
	tw.Write([]byte("<addml/>"))
	tw.Close()
	csv, _ := os.ReadFile("testdata/byggesak.csv")

	for _, c := range []struct {
		name string
		head []byte
		want eventlog.Format
	}{
		{"log.xes", xes, eventlog.FormatXES},
		{"log.xes.gz", gz.Bytes(), eventlog.FormatXES},
		{"misnamed.csv", xes, eventlog.FormatXES},
		{"arkivstruktur.xml", []byte("\xef\xbb\xbf<?xml version=\"1.0\"?>\n<n5:arkiv xmlns:n5=\"http://www.arkivverket.no/standarder/noark5/arkivstruktur\">"), eventlog.FormatNoark},
		{"arkivuttrekk.xml", []byte("<?xml version=\"1.0\"?><!-- x --><addml xmlns=\"http://www.arkivverket.no/standarder/addml\">"), eventlog.FormatNoark},
		{"uttrekk.zip", zipped.Bytes(), eventlog.FormatNoark},
		{"uttrekk.tar", tarred.Bytes(), eventlog.FormatNoark},
		{"byggesak.csv", csv, eventlog.FormatCSV},
		{"export.txt", []byte("case,activity,time\n1,a,2024-01-01\n"), eventlog.FormatCSV},
	} {
		got, err := eventlog.Detect(c.name, c.head)
		if err != nil || got != c.want {
			t.Errorf("Detect(%s) = %q, %v; want %q", c.name, got, err, c.want)
		}
	}
	for name, head := range map[string][]byte{
		"picture.xes": {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0},
		"page.xes":    []byte("<!DOCTYPE html><html><body>"),
		"notes.csv":   []byte("just a line of text\nand another"),
		"empty.xes":   nil,
	} {
		_, err := eventlog.Detect(name, head)
		if re := readError(t, err); re.Code != eventlog.CodeNotEventLog || re.File != name {
			t.Errorf("Detect(%s): %v", name, err)
		}
	}
}
