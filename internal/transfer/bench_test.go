package transfer

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer/guard"
)

// fullCatalogue is the size of the national catalogue: 357 municipalities
// with facts about each of 230 services, 82 110 fact rows.
func fullCatalogue() Data {
	const municipalities, services = 357, 230
	var d Data
	for i := range services {
		d.Services = append(d.Services, catalogue.Service{
			ID: domain.ID(i + 1), Slug: fmt.Sprintf("tjeneste-%d", i), NameNB: fmt.Sprintf("Tjeneste %d", i),
			Area: "helse", KostraFunction: fmt.Sprintf("%03d", 100+i), TargetGroup: "innbygger",
		})
	}
	for i := range municipalities {
		d.Municipalities = append(d.Municipalities, catalogue.Municipality{
			ID: domain.ID(1000 + i), Number: fmt.Sprintf("%04d", 301+i), Name: fmt.Sprintf("Kommune %d", i),
		})
	}
	provenance := map[catalogue.Fact]catalogue.Provenance{
		catalogue.FactAnnualCases: catalogue.ProvenanceImported, catalogue.FactEmployeeMinutes: catalogue.ProvenanceEstimated,
		catalogue.FactChannels: catalogue.ProvenanceMeasured,
	}
	for m := range municipalities {
		for s := range services {
			n := int64(m*services + s)
			d.Facts = append(d.Facts, catalogue.MunicipalService{
				ServiceID: domain.ID(s + 1), MunicipalityID: domain.ID(1000 + m), Offered: catalogue.OfferedYes,
				AnnualCases: ptr(n % 9000), EmployeeMinutes: ptr(float64(n%600) / 4), CitizenMinutes: ptr(12.5),
				HourlyCost: ptr(850.0), Maturity: ptr(n%5 + 1),
				Channels: catalogue.Channels{Paper: ptr(10.0), Email: ptr(20.0), Phone: ptr(30.0), Digital: ptr(40.0)},
				Systems:  "Gerica", Provenance: provenance,
			})
		}
	}
	return d
}

func BenchmarkReadFactsCSV(b *testing.B) {
	d := fullCatalogue()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, KindFacts, d); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		batch, err := ReadCSV(bytes.NewReader(data), "fakta.csv")
		if err != nil || len(batch.Facts) != len(d.Facts) || len(batch.Problems) > 0 {
			b.Fatalf("read %d facts, %d problems, %v", len(batch.Facts), len(batch.Problems), err)
		}
	}
}

func BenchmarkReadFactsXLSX(b *testing.B) {
	d := fullCatalogue()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, d); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		batch, err := ReadXLSX(bytes.NewReader(data))
		if err != nil || len(batch.Facts) != len(d.Facts) || len(batch.Problems) > 0 {
			b.Fatalf("read %d facts, %d problems, %v", len(batch.Facts), len(batch.Problems), err)
		}
	}
}

// BenchmarkGuardFactsXLSX is the guard's byte scan of the national
// workbook, as the measurement import (internal/realisation) runs it
// before excelize opens a file; the catalogue's reader checks as it reads.
func BenchmarkGuardFactsXLSX(b *testing.B) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, fullCatalogue()); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if err := guard.CheckXLSX(data, guard.DefaultLimits, nil); err != nil {
			b.Fatal(err)
		}
	}
}
