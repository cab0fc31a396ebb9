package bench_test

import (
	"os"
	"reflect"
	"regexp"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/bench"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue/opencatalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer"
)

func generate(t *testing.T, munis, services int, seed uint64) transfer.Data {
	t.Helper()
	d, err := bench.Generate(bench.Options{Municipalities: munis, Services: services, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestGenerateNational checks the data set of the benchmarks: its size,
// and that every record passes the import's own checks.
func TestGenerateNational(t *testing.T) {
	d := generate(t, bench.NationalMunicipalities, bench.NationalServices, 1)
	if len(d.Services) != 230 || len(d.Municipalities) != 357 || len(d.Facts) != 82110 {
		t.Fatalf("%d services, %d municipalities, %d facts; want 230, 357, 82110", len(d.Services), len(d.Municipalities), len(d.Facts))
	}
	open, err := transfer.ReadCSV(opencatalogue.Services(), opencatalogue.FileName)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range d.Services {
		if s.Slug != open.Services[i].Service.Slug {
			t.Fatalf("service %d is %s, want the open catalogue's %s", i, s.Slug, open.Services[i].Service.Slug)
		}
		if err := s.Validate(); err != nil {
			t.Errorf("service %s: %v", s.Slug, err)
		}
	}
	four := regexp.MustCompile(`^[0-9]{4}$`)
	numbers, names := map[string]bool{}, map[string]bool{}
	for _, m := range d.Municipalities {
		if !four.MatchString(m.Number) || numbers[m.Number] || names[m.Name] {
			t.Errorf("municipality %s %q: not a new four-digit number and name", m.Number, m.Name)
		}
		numbers[m.Number], names[m.Name] = true, true
		if !m.Illustrative || m.Population == nil || *m.Population < 200 {
			t.Errorf("municipality %s: illustrative %v, population %v", m.Number, m.Illustrative, m.Population)
		}
		if err := m.Validate(); err != nil {
			t.Errorf("municipality %s: %v", m.Number, err)
		}
	}
	if d.Municipalities[0].Number != "0301" || d.Municipalities[0].Name != "Oslo" {
		t.Errorf("first municipality %s %s, want 0301 Oslo", d.Municipalities[0].Number, d.Municipalities[0].Name)
	}
	pairs := map[[2]int64]bool{}
	offered := map[catalogue.Offered]int{}
	for _, f := range d.Facts {
		pairs[[2]int64{f.ServiceID, f.MunicipalityID}] = true
		offered[f.Offered]++
		if err := f.Validate(); err != nil {
			t.Fatalf("fact %d/%d: %v", f.ServiceID, f.MunicipalityID, err)
		}
		for _, p := range f.Provenance {
			if p != catalogue.ProvenanceIllustrative {
				t.Fatalf("fact %d/%d: provenance %s, want illustrative", f.ServiceID, f.MunicipalityID, p)
			}
		}
	}
	if len(pairs) != len(d.Facts) {
		t.Errorf("%d distinct pairs among %d facts", len(pairs), len(d.Facts))
	}
	if offered[catalogue.OfferedYes] < len(d.Facts)*8/10 || offered[catalogue.OfferedNo] == 0 || offered[catalogue.OfferedOther] == 0 {
		t.Errorf("offered: %v; want mostly yes, some no and other", offered)
	}
}

func TestGenerateSeed(t *testing.T) {
	a, b := generate(t, 20, 10, 7), generate(t, 20, 10, 7)
	if !reflect.DeepEqual(a, b) {
		t.Error("the same seed gave different data sets")
	}
	if c := generate(t, 20, 10, 8); reflect.DeepEqual(a.Facts, c.Facts) {
		t.Error("another seed gave the same facts")
	}
}

func TestGenerateMunicipalityNumbers(t *testing.T) {
	for _, n := range []int{1, 2, 11, 357, bench.MaxMunicipalities} {
		d := generate(t, n, 1, 1)
		seen := map[string]bool{}
		for _, m := range d.Municipalities {
			if seen[m.Number] || seen[m.Name] {
				t.Fatalf("n=%d: %s %s twice", n, m.Number, m.Name)
			}
			seen[m.Number], seen[m.Name] = true, true
			if err := m.Validate(); err != nil {
				t.Fatalf("n=%d: %s: %v", n, m.Number, err)
			}
		}
		if len(d.Municipalities) != n {
			t.Errorf("n=%d: %d municipalities", n, len(d.Municipalities))
		}
	}
}

func TestGenerateRejects(t *testing.T) {
	for _, o := range []bench.Options{
		{Municipalities: 0, Services: 1},
		{Municipalities: bench.MaxMunicipalities + 1, Services: 1},
		{Municipalities: 1, Services: 0},
		{Municipalities: 1, Services: 10000},
	} {
		if _, err := bench.Generate(o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}

// TestWriteFiles reads back what WriteFiles wrote, in both formats.
func TestWriteFiles(t *testing.T) {
	d := generate(t, 12, 15, 3)
	files, err := bench.WriteFiles(t.TempDir(), d)
	if err != nil {
		t.Fatal(err)
	}
	var csv catalogue.Batch
	for _, name := range files.CSV() {
		b := readFile(t, name)
		csv.Services = append(csv.Services, b.Services...)
		csv.Municipalities = append(csv.Municipalities, b.Municipalities...)
		csv.Facts = append(csv.Facts, b.Facts...)
	}
	xlsx := readFile(t, files.XLSX)
	for _, b := range []catalogue.Batch{csv, xlsx} {
		if len(b.Services) != 15 || len(b.Municipalities) != 12 || len(b.Facts) != 180 {
			t.Errorf("read %d services, %d municipalities, %d facts; want 15, 12, 180", len(b.Services), len(b.Municipalities), len(b.Facts))
		}
	}
	if csv.Facts[0].Facts.Systems != d.Facts[0].Systems || *csv.Facts[0].Facts.AnnualCases != *d.Facts[0].AnnualCases {
		t.Errorf("first fact read as %+v, written as %+v", csv.Facts[0].Facts, d.Facts[0])
	}
}

func readFile(t *testing.T, name string) catalogue.Batch {
	t.Helper()
	fh, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	b, err := transfer.Read(fh, name)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Problems) > 0 {
		t.Fatalf("%s: %d problems, first %+v", name, len(b.Problems), b.Problems[0])
	}
	return b
}
