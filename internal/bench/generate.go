// Package bench measures Tjenestevalg at national scale: it generates the
// data set of docs/benchmarks.md (every Norwegian municipality's facts about
// the open catalogue's services), drives the web server with concurrent
// clients, and measures the wall time and peak memory of a command. The
// figures it produces are reported, never asserted: the tests of this
// package check the logic, not how fast it runs.
package bench

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue/opencatalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer"
)

// The national scale of the foundation issue: 357 municipalities and 230
// services, 82 110 facts.
const (
	NationalMunicipalities = 357
	NationalServices       = 230
)

// MaxMunicipalities is the most municipalities Generate numbers: each
// county prefix holds at most 99 municipality numbers.
const MaxMunicipalities = 600

// Options say how large a data set to generate.
type Options struct {
	Municipalities int
	Services       int    // the first Services of the open catalogue
	Seed           uint64 // the same seed gives the same data set
}

// Generate builds a data set: the first o.Services services of the open
// catalogue, o.Municipalities made-up municipalities marked illustrative,
// and facts for every pair of them, all marked illustrative. The values are
// plausible (cases grow with population, channel shares add up to 100) and
// pass the import's checks. IDs are set so that transfer can write the set.
// It returns an error when a count is out of range.
func Generate(o Options) (transfer.Data, error) {
	b, err := transfer.ReadCSV(opencatalogue.Services(), opencatalogue.FileName)
	if err != nil {
		return transfer.Data{}, fmt.Errorf("bench: read the open catalogue: %w", err)
	}
	if len(b.Problems) > 0 {
		return transfer.Data{}, fmt.Errorf("bench: the open catalogue has %d problems", len(b.Problems))
	}
	if o.Services < 1 || o.Services > len(b.Services) {
		return transfer.Data{}, fmt.Errorf("bench: services must be 1 to %d (the open catalogue), not %d", len(b.Services), o.Services)
	}
	if o.Municipalities < 1 || o.Municipalities > MaxMunicipalities {
		return transfer.Data{}, fmt.Errorf("bench: municipalities must be 1 to %d, not %d", MaxMunicipalities, o.Municipalities)
	}
	rng := rand.New(rand.NewPCG(o.Seed, 0x74_6a_65_6e_65_73_74_65)) // "tjeneste"
	var d transfer.Data
	profiles := make([]serviceProfile, o.Services)
	for i, r := range b.Services[:o.Services] {
		s := r.Service
		s.ID = domain.ID(i + 1)
		d.Services = append(d.Services, s)
		profiles[i] = newServiceProfile(rng)
	}
	numbers := municipalityNumbers(o.Municipalities)
	for i, number := range numbers {
		d.Municipalities = append(d.Municipalities, catalogue.Municipality{
			ID: domain.ID(i + 1), Number: number, Name: municipalityName(i, number),
			Population: ptr(population(rng, number)), PopulationYear: ptr(int64(2024)), Illustrative: true,
		})
	}
	d.Facts = make([]catalogue.MunicipalService, 0, len(d.Services)*len(d.Municipalities))
	for _, m := range d.Municipalities {
		for si, s := range d.Services {
			d.Facts = append(d.Facts, fact(rng, profiles[si], s, m))
		}
	}
	return d, nil
}

// counties are the county prefixes of municipality numbers (the 2020
// counties) with how many municipalities each had, to spread made-up
// numbers the way real ones are spread.
var counties = []struct {
	prefix int
	weight int
}{
	{3, 1}, {11, 23}, {15, 26}, {18, 41}, {30, 51}, {34, 46},
	{38, 23}, {42, 25}, {46, 43}, {50, 38}, {54, 39},
}

// municipalityNumbers returns n distinct four-digit numbers, county by
// county in proportion to the counties' sizes (largest remainder), Oslo's
// 0301 first.
func municipalityNumbers(n int) []string {
	total := 0
	for _, c := range counties {
		total += c.weight
	}
	counts := make([]int, len(counties))
	type rest struct{ i, r int }
	var rests []rest
	given := 0
	for i, c := range counties {
		counts[i] = n * c.weight / total
		given += counts[i]
		rests = append(rests, rest{i, n * c.weight % total})
	}
	// Hand out what rounding down left over, largest remainder first (ties
	// by county order, so the result does not depend on sort stability).
	for given < n {
		best := 0
		for j := range rests {
			if rests[j].r > rests[best].r {
				best = j
			}
		}
		counts[rests[best].i]++
		rests[best].r = -1
		given++
	}
	out := make([]string, 0, n)
	for i, c := range counties {
		for k := 1; k <= counts[i]; k++ {
			out = append(out, fmt.Sprintf("%02d%02d", c.prefix, k))
		}
	}
	return out
}

// Parts of Norwegian place names, for made-up municipalities.
var (
	nameStems = []string{
		"Aust", "Berg", "Bjørk", "Fjell", "Fjord", "Gran", "Hav", "Holm", "Li", "Lyng",
		"Nord", "Rå", "Sand", "Skog", "Stein", "Sør", "Tind", "Vest", "Vik", "Øy",
	}
	nameEndings = []string{
		"dal", "vik", "nes", "øy", "fjord", "berg", "stad", "vang", "land", "heim",
		"sund", "våg", "rud", "bø", "haug", "ås", "strand", "mo",
	}
)

// municipalityName makes up a name, distinct for each i (Oslo keeps its
// own); past the combinations of stems and endings the number tells them
// apart.
func municipalityName(i int, number string) string {
	if number == "0301" {
		return "Oslo"
	}
	combos := len(nameStems) * len(nameEndings)
	name := nameStems[i%len(nameStems)] + nameEndings[(i/len(nameStems))%len(nameEndings)]
	if i >= combos {
		name += " " + number
	}
	return name
}

// population draws a population from a log-normal spread like Norway's:
// a median near 5 000, a few above 50 000, none below 200. Oslo (0301) is
// the large outlier it is.
func population(rng *rand.Rand, number string) int64 {
	if number == "0301" {
		return 717710
	}
	p := math.Exp(math.Log(5000) + 1.1*rng.NormFloat64())
	return int64(math.Round(min(max(p, 200), 300000)))
}

// serviceProfile is what a service looks like across municipalities.
type serviceProfile struct {
	casesPer1000    float64 // cases a year per 1 000 inhabitants
	employeeMinutes float64
	citizenMinutes  float64
	digital         float64 // typical share arriving digitally, percent
}

func newServiceProfile(rng *rand.Rand) serviceProfile {
	return serviceProfile{
		casesPer1000:    math.Exp(math.Log(8) + 1.3*rng.NormFloat64()),
		employeeMinutes: math.Exp(math.Log(60) + 0.9*rng.NormFloat64()),
		citizenMinutes:  math.Exp(math.Log(30) + 0.8*rng.NormFloat64()),
		digital:         20 + 60*rng.Float64(),
	}
}

var (
	systems = []string{"Acos WebSak", "Elements", "Public 360", "Gerica", "Visma Flyt", "Profil", "ISY ProAktiv", "Familia", "Komtek", "Infodoc"}
	hosts   = []string{"Vertskommune", "Interkommunalt selskap (IKS)", "Nabokommune"}
)

// fact is municipality m's made-up facts about service s.
func fact(rng *rand.Rand, p serviceProfile, s catalogue.Service, m catalogue.Municipality) catalogue.MunicipalService {
	f := catalogue.MunicipalService{ServiceID: s.ID, MunicipalityID: m.ID, Offered: catalogue.OfferedYes}
	switch r := rng.Float64(); {
	case r < 0.04 && !s.Mandated:
		f.Offered = catalogue.OfferedNo
		return f
	case r < 0.10:
		f.Offered = catalogue.OfferedOther
		f.DeliveredBy = hosts[rng.IntN(len(hosts))]
	}
	pop := float64(*m.Population)
	f.AnnualCases = ptr(int64(math.Round(pop / 1000 * p.casesPer1000 * math.Exp(0.3*rng.NormFloat64()))))
	f.EmployeeMinutes = ptr(halves(p.employeeMinutes * math.Exp(0.25*rng.NormFloat64())))
	f.CitizenMinutes = ptr(halves(p.citizenMinutes * math.Exp(0.25*rng.NormFloat64())))
	f.HourlyCost = ptr(float64(700 + 10*rng.IntN(41))) // 700–1 100 NOK
	f.Maturity = ptr(int64(1 + rng.IntN(catalogue.MaturityLevels)))
	digital := math.Round(min(max(p.digital+15*rng.NormFloat64(), 0), 95))
	rest := 100 - digital
	paper := math.Round(rest * rng.Float64() * 0.5)
	email := math.Round((rest - paper) * rng.Float64())
	f.Channels = catalogue.Channels{Paper: ptr(paper), Email: ptr(email), Phone: ptr(rest - paper - email), Digital: ptr(digital)}
	f.Systems = systems[rng.IntN(len(systems))]
	f.Provenance = make(map[catalogue.Fact]catalogue.Provenance, len(catalogue.Facts))
	for _, k := range catalogue.Facts {
		f.Provenance[k] = catalogue.ProvenanceIllustrative
	}
	return f
}

// halves rounds to the nearest half minute, at least half a minute.
func halves(v float64) float64 { return max(0.5, math.Round(v*2)/2) }

func ptr[T any](v T) *T { return &v }

// Files are the paths WriteFiles wrote.
type Files struct {
	Services       string // services.csv
	Municipalities string // municipalities.csv
	Facts          string // facts.csv
	XLSX           string // national.xlsx, the three sheets in one workbook
}

// CSV lists the CSV files in the order an import reads them.
func (f Files) CSV() []string { return []string{f.Services, f.Municipalities, f.Facts} }

// WriteFiles writes d into dir (created if missing) as the three CSV files
// and one workbook of the import format. It returns the file system's and
// transfer's errors.
func WriteFiles(dir string, d transfer.Data) (Files, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Files{}, err
	}
	f := Files{
		Services:       filepath.Join(dir, "services.csv"),
		Municipalities: filepath.Join(dir, "municipalities.csv"),
		Facts:          filepath.Join(dir, "facts.csv"),
		XLSX:           filepath.Join(dir, "national.xlsx"),
	}
	for _, c := range []struct {
		path string
		kind transfer.Kind
	}{{f.Services, transfer.KindServices}, {f.Municipalities, transfer.KindMunicipalities}, {f.Facts, transfer.KindFacts}} {
		if err := writeFile(c.path, func(fh *os.File) error { return transfer.WriteCSV(fh, c.kind, d) }); err != nil {
			return Files{}, err
		}
	}
	if err := writeFile(f.XLSX, func(fh *os.File) error { return transfer.WriteXLSX(fh, d) }); err != nil {
		return Files{}, err
	}
	return f, nil
}

func writeFile(path string, write func(*os.File) error) error {
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(fh); err != nil {
		return errors.Join(fmt.Errorf("bench: write %s: %w", path, err), fh.Close())
	}
	return fh.Close()
}
