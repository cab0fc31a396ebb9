package eventlog_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
)

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A CSV log exported compressed reads as the same log uncompressed: it
// is detected as CSV, offers the same columns for the mapping and gives
// the same figures.
func TestGzipCSV(t *testing.T) {
	plain, err := os.ReadFile("testdata/byggesak.csv")
	if err != nil {
		t.Fatal(err)
	}
	gz := gzipped(t, plain)
	for _, name := range []string{"byggesak.csv.gz", "eksport.gz", "misnamed.xes"} {
		if f, err := eventlog.Detect(name, gz); err != nil || f != eventlog.FormatCSV {
			t.Errorf("Detect(%s) = %q, %v; want csv", name, f, err)
		}
	}
	h1, s1, err := eventlog.CSVHeader(bytes.NewReader(plain))
	if err != nil {
		t.Fatal(err)
	}
	h2, s2, err := eventlog.CSVHeader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(h1, "|") != strings.Join(h2, "|") || len(s1) != len(s2) || strings.Join(s1[4], "|") != strings.Join(s2[4], "|") {
		t.Errorf("header and sample differ: %q %q / %q %q", h1, s1, h2, s2)
	}
	stats := func(b []byte) string {
		t.Helper()
		bl := eventlog.NewBuilder(eventlog.FormatCSV)
		if err := eventlog.ReadCSV(bytes.NewReader(b), byggesakMapping, bl); err != nil {
			t.Fatal(err)
		}
		j, _ := json.Marshal(bl.Stats())
		return string(j)
	}
	if p, g := stats(plain), stats(gz); p != g {
		t.Errorf("figures differ:\nplain %s\ngzip  %s", p, g)
	}
	// A damaged stream says so rather than reading half a log.
	bad := append([]byte(nil), gz...)
	bad = bad[:len(bad)*2/3]
	err = eventlog.ReadCSV(bytes.NewReader(bad), byggesakMapping, eventlog.NewBuilder(eventlog.FormatCSV))
	if re := readError(t, err); re.Code != eventlog.CodeBadGzip {
		t.Errorf("truncated gzip: %v", err)
	}
}
