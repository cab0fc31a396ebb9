package transfer

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

func ptr[T any](v T) *T { return &v }

func day(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

// sampleData is a small catalogue with the awkward cases: Norwegian
// letters, separators, quotes and new lines in text, missing and present
// numbers, every provenance, merged municipalities and a pre-1900 date.
func sampleData() Data {
	return Data{
		Services: []catalogue.Service{
			{
				ID: 1, Slug: "byggesak", NameNB: "Byggesøknad", NameEN: "Building permit",
				Description:    "Søknad om tillatelse til tiltak, jf. \"pbl\" kapittel 20.\nAndre linje; med semikolon, komma og «sitat».",
				Area:           "plan-bygg",
				KostraFunction: "302",
				Mandated:       true,
				LegalBasis: []catalogue.LegalRef{
					{Law: "Plan- og bygningsloven", Section: "20-1"},
					{Law: "Forvaltningsloven", Section: "11 første ledd"},
				},
				TargetGroup: "innbygger", LifeEvent: "bygge", Notes: "Ærlig talt: øy, å og Æ",
			},
			{
				ID: 2, Slug: "barnehageplass", NameNB: "Barnehageplass", Area: "barnehage", KostraFunction: "211",
				Mandated: true, LegalBasis: []catalogue.LegalRef{{Law: "Barnehageloven", Section: "16"}},
				TargetGroup: "innbygger", LifeEvent: "barn-og-familie",
			},
			{
				ID: 3, Slug: "skjenkebevilling", NameNB: "Skjenkebevilling", Description: "\"Sitat\" først,\n\nog tom linje",
				Area: "naering", KostraFunction: "325", TargetGroup: "naeringsliv",
			},
			{ID: 4, Slug: "lonn", NameNB: "Lønnskjøring", Area: "styring", KostraFunction: "120", TargetGroup: "intern"},
		},
		Municipalities: []catalogue.Municipality{
			{ID: 10, Number: "0301", Name: "Oslo", Population: ptr[int64](717710), PopulationYear: ptr[int64](2024), ValidFrom: day(1838, time.January, 1)},
			{ID: 11, Number: "1507", Name: "Ålesund", ValidFrom: day(2020, time.January, 1), ValidTo: day(2024, time.January, 1), SuccessorID: 12},
			{ID: 12, Number: "1508", Name: "Ålesund", Population: ptr[int64](58000), ValidFrom: day(2024, time.January, 1)},
			{ID: 13, Number: "1580", Name: "Haram", Population: ptr[int64](0), ValidFrom: day(2024, time.January, 1), Illustrative: true},
			{ID: 14, Number: "5001", Name: "Trondheim"},
		},
		Facts: []catalogue.MunicipalService{
			{
				ID: 100, ServiceID: 1, MunicipalityID: 10, Offered: catalogue.OfferedYes,
				AnnualCases: ptr[int64](6619), EmployeeMinutes: ptr(187.5), CitizenMinutes: ptr(0.1), HourlyCost: ptr(1234567.891),
				Maturity: ptr[int64](3), LeadTimeDays: ptr(23.5),
				Channels: catalogue.Channels{Paper: ptr(10.0), Email: ptr(5.5), Phone: ptr(4.5), Digital: ptr(80.0)},
				Systems:  "eByggesak, Acos WebSak",
				Provenance: map[catalogue.Fact]catalogue.Provenance{
					catalogue.FactAnnualCases: catalogue.ProvenanceImported, catalogue.FactEmployeeMinutes: catalogue.ProvenanceMeasured,
					catalogue.FactCitizenMinutes: catalogue.ProvenanceEstimated, catalogue.FactHourlyCost: catalogue.ProvenanceIllustrative,
					catalogue.FactMaturity: catalogue.ProvenanceEstimated, catalogue.FactChannels: catalogue.ProvenanceMeasured,
					catalogue.FactLeadTimeDays: catalogue.ProvenanceMeasured,
				},
			},
			{ID: 101, ServiceID: 2, MunicipalityID: 11, Offered: catalogue.OfferedNo},
			{
				ID: 102, ServiceID: 3, MunicipalityID: 12, Offered: catalogue.OfferedOther, DeliveredBy: "Sunnmøre IKS",
				AnnualCases: ptr[int64](0), Channels: catalogue.Channels{Digital: ptr(100.0)},
				Provenance: map[catalogue.Fact]catalogue.Provenance{catalogue.FactAnnualCases: catalogue.ProvenanceEstimated, catalogue.FactChannels: catalogue.ProvenanceImported},
			},
			{ID: 103, ServiceID: 4, MunicipalityID: 14, Offered: catalogue.OfferedYes, HourlyCost: ptr(-1.25), Maturity: ptr[int64](5)},
		},
	}
}

// diffFields names the exported fields in which got and want differ.
func diffFields(got, want any) []string {
	g, w := reflect.ValueOf(got), reflect.ValueOf(want)
	var diff []string
	for i := range g.NumField() {
		if !reflect.DeepEqual(g.Field(i).Interface(), w.Field(i).Interface()) {
			diff = append(diff, g.Type().Field(i).Name)
		}
	}
	return diff
}

// checkRoundTrip compares what was read with the data written, field by
// field. Files carry no IDs or versions: facts and successors are matched
// by slug and number.
func checkRoundTrip(t *testing.T, b catalogue.Batch, d Data) {
	t.Helper()
	if len(b.Problems) > 0 {
		t.Fatalf("problems: %+v", b.Problems)
	}
	if len(b.Services) != len(d.Services) || len(b.Municipalities) != len(d.Municipalities) || len(b.Facts) != len(d.Facts) {
		t.Fatalf("read %d services, %d municipalities, %d facts; want %d, %d, %d",
			len(b.Services), len(b.Municipalities), len(b.Facts), len(d.Services), len(d.Municipalities), len(d.Facts))
	}
	slugs, numbers := map[domain.ID]string{}, map[domain.ID]string{}
	for i, want := range d.Services {
		slugs[want.ID] = want.Slug
		want.ID = 0
		if diff := diffFields(b.Services[i].Service, want); diff != nil {
			t.Errorf("service %s: fields %v differ:\n got %+v\nwant %+v", want.Slug, diff, b.Services[i].Service, want)
		}
	}
	for _, m := range d.Municipalities {
		numbers[m.ID] = m.Number
	}
	for i, want := range d.Municipalities {
		got := b.Municipalities[i]
		if got.SuccessorNumber != numbers[want.SuccessorID] {
			t.Errorf("municipality %s: successor %q, want %q", want.Number, got.SuccessorNumber, numbers[want.SuccessorID])
		}
		want.ID, want.SuccessorID = 0, 0
		if diff := diffFields(got.Municipality, want); diff != nil {
			t.Errorf("municipality %s: fields %v differ:\n got %+v\nwant %+v", want.Number, diff, got.Municipality, want)
		}
	}
	for i, want := range d.Facts {
		got := b.Facts[i]
		if got.ServiceSlug != slugs[want.ServiceID] || got.MunicipalityNumber != numbers[want.MunicipalityID] {
			t.Errorf("fact %d: read for %s/%s, want %s/%s", i, got.ServiceSlug, got.MunicipalityNumber, slugs[want.ServiceID], numbers[want.MunicipalityID])
		}
		want.ID, want.ServiceID, want.MunicipalityID = 0, 0, 0
		if len(want.Provenance) == 0 {
			want.Provenance = nil
		}
		if diff := diffFields(got.Facts, want); diff != nil {
			t.Errorf("fact %s/%s: fields %v differ:\n got %+v\nwant %+v", got.ServiceSlug, got.MunicipalityNumber, diff, got.Facts, want)
		}
	}
}

func TestRoundTripCSV(t *testing.T) {
	d := sampleData()
	var all catalogue.Batch
	for _, kind := range []Kind{KindServices, KindMunicipalities, KindFacts} {
		var buf bytes.Buffer
		if err := WriteCSV(&buf, kind, d); err != nil {
			t.Fatalf("WriteCSV(%s): %v", kind, err)
		}
		b, err := ReadCSV(&buf, string(kind)+".csv")
		if err != nil {
			t.Fatalf("ReadCSV(%s): %v", kind, err)
		}
		all.Services = append(all.Services, b.Services...)
		all.Municipalities = append(all.Municipalities, b.Municipalities...)
		all.Facts = append(all.Facts, b.Facts...)
		all.Problems = append(all.Problems, b.Problems...)
	}
	checkRoundTrip(t, all, d)
}

func TestRoundTripXLSX(t *testing.T) {
	d := sampleData()
	name := filepath.Join(t.TempDir(), "katalog.xlsx")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteXLSX(f, d); err != nil {
		t.Fatalf("WriteXLSX: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	f, err = os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := Read(f, name)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	checkRoundTrip(t, b, d)
}

func TestRoundTripEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, Data{}); err != nil {
		t.Fatal(err)
	}
	b, err := ReadXLSX(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Problems)+len(b.Services)+len(b.Municipalities)+len(b.Facts) != 0 {
		t.Errorf("empty workbook read as %+v", b)
	}
	for _, kind := range []Kind{KindServices, KindMunicipalities, KindFacts} {
		buf.Reset()
		if err := WriteCSV(&buf, kind, Data{}); err != nil {
			t.Fatal(err)
		}
		b, err := ReadCSV(&buf, "x.csv")
		if err != nil || len(b.Problems) > 0 {
			t.Errorf("%s: header-only file read with %v, %+v", kind, err, b.Problems)
		}
	}
}

func TestWriteMissingReference(t *testing.T) {
	tests := []struct {
		name string
		kind Kind
		edit func(*Data)
	}{
		{"fact of unknown service", KindFacts, func(d *Data) { d.Facts[0].ServiceID = 99 }},
		{"fact of unknown municipality", KindFacts, func(d *Data) { d.Facts[0].MunicipalityID = 99 }},
		{"unknown successor", KindMunicipalities, func(d *Data) { d.Municipalities[1].SuccessorID = 99 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := sampleData()
			tt.edit(&d)
			var buf bytes.Buffer
			if err := WriteCSV(&buf, tt.kind, d); domain.KindOf(err) != domain.KindInternal || err == nil {
				t.Errorf("WriteCSV: %v, want an internal error", err)
			}
			if err := WriteXLSX(&buf, d); err == nil {
				t.Error("WriteXLSX: no error")
			}
		})
	}
	if err := WriteCSV(new(bytes.Buffer), "people", Data{}); domain.KindOf(err) != domain.KindInvalid {
		t.Errorf("unknown kind: %v, want invalid", err)
	}
}

// TestColumnNames pins the header of each kind: other packages and users'
// files depend on the names and the order, and the index constants must
// follow them.
func TestColumnNames(t *testing.T) {
	want := map[Kind]string{
		KindServices:       "\ufeffslug,name_nb,name_en,description_nb,area,kostra_function,mandated,legal_basis,target_group,life_event,notes\r\n",
		KindMunicipalities: "\ufeffnumber,name,population,population_year,valid_from,valid_to,successor,illustrative\r\n",
		KindFacts:          "\ufeffservice,municipality,offered,delivered_by,annual_cases,annual_cases_source,employee_minutes,employee_minutes_source,citizen_minutes,citizen_minutes_source,hourly_cost,hourly_cost_source,maturity,maturity_source,share_paper,share_email,share_phone,share_digital,channels_source,systems,lead_time_days,lead_time_days_source\r\n",
	}
	for kind, header := range want {
		var buf bytes.Buffer
		if err := WriteCSV(&buf, kind, Data{}); err != nil {
			t.Fatal(err)
		}
		if buf.String() != header {
			t.Errorf("%s header\n got %q\nwant %q", kind, buf.String(), header)
		}
	}
	// One row with every column set shows each value lands under its own header.
	d := sampleData()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, KindFacts, Data{Services: d.Services, Municipalities: d.Municipalities, Facts: d.Facts[:1]}); err != nil {
		t.Fatal(err)
	}
	const row = "byggesak,0301,yes,,6619,imported,187.5,measured,0.1,estimated,1234567.891,illustrative,3,estimated,10,5.5,4.5,80,measured,\"eByggesak, Acos WebSak\",23.5,measured\r\n"
	if got := buf.String()[len(want[KindFacts]):]; got != row {
		t.Errorf("fact row\n got %q\nwant %q", got, row)
	}
}
