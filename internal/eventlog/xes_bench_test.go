package eventlog

import (
	"bufio"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/xmlscan"
)

// benchXESFile writes the generated log the performance goal is
// about: EVENTLOG_BENCH_EVENTS events (default 200 000, about 100 MB).
func benchXESFile(b *testing.B) (string, int64) {
	b.Helper()
	events := 200_000
	if s := os.Getenv("EVENTLOG_BENCH_EVENTS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		events = n
	}
	path := filepath.Join(b.TempDir(), "bench.xes")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := GenerateXES(f, XESOptions{Events: events, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	fi, err := f.Stat()
	if err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path, fi.Size()
}

// BenchmarkReadXES is the import with statistics, as the issue measures
// it against xmllint --stream (scripts/bench-eventlog.sh).
func BenchmarkReadXES(b *testing.B) {
	path, size := benchXESFile(b)
	b.SetBytes(size)
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		bl := NewBuilder(FormatXES)
		if err := ReadXES(f, bl); err != nil {
			b.Fatal(err)
		}
		if s := bl.Stats(); s.Events == 0 {
			b.Fatal("no events")
		}
		f.Close()
	}
}

// BenchmarkXMLScan is the tokenizer alone.
func BenchmarkXMLScan(b *testing.B) {
	path, size := benchXESFile(b)
	b.SetBytes(size)
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		sc := xmlscan.New(f, xmlscan.DefaultLimits)
		for {
			kind, err := sc.Next()
			if err != nil {
				b.Fatal(err)
			}
			if kind == xmlscan.EOF {
				break
			}
		}
		f.Close()
	}
}

// BenchmarkEncodingXMLRawToken is the standard library's tokenizer alone
// on the same file, the baseline the scanner was measured against.
func BenchmarkEncodingXMLRawToken(b *testing.B) {
	path, size := benchXESFile(b)
	b.SetBytes(size)
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		d := xml.NewDecoder(bufio.NewReaderSize(f, 256<<10))
		for {
			_, err := d.RawToken()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		f.Close()
	}
}
