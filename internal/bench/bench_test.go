package bench_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"sync"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/bench"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer"
)

// The Go benchmarks of docs/benchmarks.md, on SQLite: the import of the
// national data set without process start and migrations, and the cost of
// one request for each page with nobody else asking. scripts/bench.sh
// measures the same end to end, on both databases and under load; these are
// for profiling:
//
//	go test -run '^$' -bench Import/csv -cpuprofile cpu.out ./internal/bench
//	go tool pprof -top bench.test cpu.out

// national is the data set of the benchmarks in memory, built once.
var national = sync.OnceValues(func() (nationalFiles, error) {
	d, err := bench.Generate(bench.Options{Municipalities: bench.NationalMunicipalities, Services: bench.NationalServices, Seed: 1})
	if err != nil {
		return nationalFiles{}, err
	}
	f := nationalFiles{data: d, csv: map[string][]byte{}}
	for _, k := range []transfer.Kind{transfer.KindServices, transfer.KindMunicipalities, transfer.KindFacts} {
		var buf bytes.Buffer
		if err := transfer.WriteCSV(&buf, k, d); err != nil {
			return f, err
		}
		f.csv[string(k)+".csv"] = buf.Bytes()
	}
	var buf bytes.Buffer
	if err := transfer.WriteXLSX(&buf, d); err != nil {
		return f, err
	}
	f.xlsx = buf.Bytes()
	return f, nil
})

type nationalFiles struct {
	data transfer.Data
	csv  map[string][]byte // by file name
	xlsx []byte
}

func nationalSet(b *testing.B) nationalFiles {
	b.Helper()
	f, err := national()
	if err != nil {
		b.Fatal(err)
	}
	return f
}

// readAll reads files into one batch, as 'tjenestevalg import' does.
func readAll(b *testing.B, files map[string][]byte, names ...string) catalogue.Batch {
	b.Helper()
	var batch catalogue.Batch
	for _, name := range names {
		part, err := transfer.Read(bytes.NewReader(files[name]), name)
		if err != nil {
			b.Fatal(err)
		}
		batch.Services = append(batch.Services, part.Services...)
		batch.Municipalities = append(batch.Municipalities, part.Municipalities...)
		batch.Facts = append(batch.Facts, part.Facts...)
		batch.Problems = append(batch.Problems, part.Problems...)
	}
	return batch
}

// BenchmarkImport reads the national data set and imports it into an empty
// collaboration in a fresh SQLite database, in one transaction.
func BenchmarkImport(b *testing.B) {
	f := nationalSet(b)
	files := map[string][]byte{"national.xlsx": f.xlsx}
	for name, data := range f.csv {
		files[name] = data
	}
	for _, c := range []struct {
		name  string
		files []string
	}{
		{"csv", []string{"services.csv", "municipalities.csv", "facts.csv"}},
		{"xlsx", []string{"national.xlsx"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				b.StopTimer()
				s := newSite(b, b.TempDir())
				b.StartTimer()
				batch := readAll(b, files, c.files...)
				rep, err := s.app.Catalogue.Import(context.Background(), s.system, batch, true)
				if err != nil || len(rep.Problems) > 0 || rep.Facts.Created != len(f.data.Facts) {
					b.Fatalf("import: %v, %d problems, %d facts", err, len(rep.Problems), rep.Facts.Created)
				}
			}
			b.ReportMetric(float64(len(f.data.Facts)*b.N)/b.Elapsed().Seconds(), "facts/s")
		})
	}
}

// BenchmarkImportTwoSteps imports the national workbook as the web does,
// without HTTP: the preview (read, check, keep the batch) and the commit
// (the kept batch, checked again and written), for profiling that path.
func BenchmarkImportTwoSteps(b *testing.B) {
	f := nationalSet(b)
	b.ReportAllocs()
	for range b.N {
		b.StopTimer()
		s := newSite(b, b.TempDir())
		b.StartTimer()
		res, err := s.app.Imports.Preview(context.Background(), s.lead, bytes.NewReader(f.xlsx), "national.xlsx")
		if err != nil || res.Upload == 0 {
			b.Fatalf("preview: %v, %+v", err, res.Report.Problems)
		}
		res, err = s.app.Imports.Commit(context.Background(), s.lead, res.Upload)
		if err != nil || !res.Report.Committed || res.Report.Facts.Created != len(f.data.Facts) {
			b.Fatalf("commit: %v, %+v", err, res.Report)
		}
	}
	b.ReportMetric(float64(len(f.data.Facts)*b.N)/b.Elapsed().Seconds(), "facts/s")
}

// BenchmarkPage requests the service list and one service page of the
// national data set, one request at a time, through HTTP on loopback. The
// allocations counted are the server's.
func BenchmarkPage(b *testing.B) {
	f := nationalSet(b)
	s := newSite(b, b.TempDir())
	s.importData(b, f.data)
	c := s.client(b, 1)
	// The plain names repeat one view (a kept page answers); "-new" makes
	// every URL unique, so every request renders.
	for _, p := range []struct {
		name, path string
		fresh      bool
	}{{"list", "/services", false}, {"service", pagePath(f.data), false}, {"list-new", "/services", true}, {"service-new", pagePath(f.data), true}} {
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				path := p.path
				if p.fresh {
					n++
					path += "?fresh=" + strconv.Itoa(n)
				}
				resp, err := c.HTTP.Get(c.URL(path))
				if err != nil {
					b.Fatal(err)
				}
				n, err := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
					b.Fatalf("GET %s: status %d, %v", p.path, resp.StatusCode, err)
				}
				b.SetBytes(n)
			}
		})
	}
}
