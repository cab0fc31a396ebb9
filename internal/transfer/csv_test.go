package transfer

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// problem is a Problem without its parameters, for tables.
type problem struct {
	Line   int
	Column string
	Code   string
}

func problemsOf(t *testing.T, b catalogue.Batch, sheet string) []problem {
	t.Helper()
	var out []problem
	for _, p := range b.Problems {
		if p.Sheet != sheet {
			t.Errorf("problem %+v: sheet %q, want %q", p, p.Sheet, sheet)
		}
		out = append(out, problem{p.Line, p.Column, p.Code})
	}
	return out
}

func TestReadCSVProblems(t *testing.T) {
	tests := []struct {
		name  string
		csv   string
		want  []problem
		count [3]int // services, municipalities, facts read
	}{
		{
			name: "bad number on line 3",
			csv: "service,municipality,employee_minutes\n" +
				"byggesak,0301,12\n" +
				"byggesak,1507,tolv\n" +
				"byggesak,1508,\n",
			want:  []problem{{3, "employee_minutes", "import.not_a_number"}},
			count: [3]int{0, 0, 3},
		},
		{
			name: "unknown column",
			csv:  "Slug, Name_NB ,area,kostra_function,mandated,colour\nbyggesak,Byggesak,plan-bygg,302,ja,blå\n",
			want: []problem{{1, "", "import.unknown_column"}},
			// The unknown column is left out; the rows are still read.
			count: [3]int{1, 0, 0},
		},
		{
			name: "missing required column",
			csv:  "slug,name_nb,area,mandated\nbyggesak,Byggesak,plan-bygg,kanskje\n",
			want: []problem{
				{1, "", "import.missing_column"},
				{2, "mandated", "import.not_a_boolean"},
			},
			// Cells are still checked, but rows without a key are not kept.
			count: [3]int{0, 0, 0},
		},
		{
			name:  "duplicate column",
			csv:   "number,name,NAME\n0301,Oslo,Christiania\n",
			want:  []problem{{1, "", "import.duplicate_column"}},
			count: [3]int{0, 1, 0},
		},
		{
			name:  "header of no kind",
			csv:   "navn,adresse\nOla,Storgata 1\n",
			want:  []problem{{1, "", "import.unknown_header"}},
			count: [3]int{0, 0, 0},
		},
		{
			name:  "one key column taken as facts",
			csv:   "service,offered\nbyggesak,ja\n",
			want:  []problem{{1, "", "import.missing_column"}},
			count: [3]int{0, 0, 0},
		},
		{
			name: "multi-line description counts physical lines",
			csv: "slug,name_nb,description_nb,area,kostra_function,mandated\n" +
				"byggesak,Byggesak,\"Første linje,\nandre linje\n\ntredje linje\",plan-bygg,302,ja\n" +
				"skjenking,Skjenking,,naering,325,kanskje\n",
			want:  []problem{{6, "mandated", "import.not_a_boolean"}},
			count: [3]int{2, 0, 0},
		},
		{
			name: "every kind of bad value, every one reported",
			csv: "number,name,population,population_year,valid_from,valid_to,illustrative\n" +
				"0301,Oslo,\"717 710,5\",2024,1838-01-01,,nei\n" +
				"1507,Ålesund,58000,20x4,31.12.2019,2024-13-01,kanskje\n" +
				" , ,\t,,,,\n" +
				",,,,,,\n" +
				"1508,Ålesund,12 34,,,,\n", // groups of three, or the text is not a number
			want: []problem{
				{2, "population", "import.not_an_integer"},
				{3, "population_year", "import.not_a_number"},
				{3, "valid_to", "import.not_a_date"},
				{3, "illustrative", "import.not_a_boolean"},
				{6, "population", "import.not_a_number"},
			},
			count: [3]int{0, 3, 0},
		},
		{
			// The reader only splits the references; the catalogue's import
			// checks them, as it checks those from the form and the API.
			name: "bad legal reference is the catalogue's to report",
			csv: "slug,name_nb,area,kostra_function,mandated,legal_basis\n" +
				"byggesak,Byggesak,plan-bygg,302,ja,Plan- og bygningsloven § 20-1; bare tull\n",
			want:  nil,
			count: [3]int{1, 0, 0},
		},
		{
			name: "stray quote is reported and reading goes on",
			csv: "service,municipality,systems\n" +
				"byggesak,0301,Acos \"WebSak\"\n" +
				"byggesak,1507,Acos\n" +
				"byggesak,1508,x\"y\n",
			want: []problem{
				{2, "", "import.csv_syntax"},
				{4, "", "import.csv_syntax"},
			},
			count: [3]int{0, 0, 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ReadCSV(strings.NewReader(tt.csv), "fil.csv")
			if err != nil {
				t.Fatalf("ReadCSV: %v", err)
			}
			if got := problemsOf(t, b, "fil.csv"); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems\n got %+v\nwant %+v", got, tt.want)
			}
			if got := [3]int{len(b.Services), len(b.Municipalities), len(b.Facts)}; got != tt.count {
				t.Errorf("read %v rows, want %v", got, tt.count)
			}
		})
	}
}

func TestReadCSVProblemParams(t *testing.T) {
	const in = "slug,name_nb,area,kostra_function,mandated,legal_basis,farge\n" +
		"byggesak,Byggesak,plan-bygg,302,ja,bare tull\n"
	b, err := ReadCSV(strings.NewReader(in), "tjenester.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []catalogue.Problem{
		{Sheet: "tjenester.csv", Line: 1, Code: "import.unknown_column", Params: []any{"farge"}},
	}
	if !reflect.DeepEqual(b.Problems, want) {
		t.Errorf("problems\n got %+v\nwant %+v", b.Problems, want)
	}
	// The reference goes on to the catalogue's import, which refuses it.
	if refs := b.Services[0].Service.LegalBasis; !reflect.DeepEqual(refs, []catalogue.LegalRef{{Law: "bare tull"}}) {
		t.Errorf("legal basis = %#v", refs)
	}
}

func TestReadCSVNorwegianExcel(t *testing.T) {
	// What Norwegian Excel saves as "CSV (semikolondelt)": semicolons,
	// decimal commas, spaces in thousands, Windows-1252 and CRLF.
	const csv = "Service;Municipality;Offered;Annual_cases;Employee_minutes;Hourly_cost;Share_paper;Annual_cases_source;Systems\r\n" +
		"byggesak;301;ja;6\u00a0619;12,5;1 234,50;33,3;Målt;Acos, WebSak\r\n" +
		"byggesak;1507;annen;1\u202f000;;;;Estimert;\r\n"
	for name, data := range map[string]string{
		"utf-8":        csv,
		"utf-8 bom":    "\ufeff" + csv,
		"windows-1252": toWindows1252(t, csv),
	} {
		t.Run(name, func(t *testing.T) {
			b, err := ReadCSV(strings.NewReader(data), "fakta.csv")
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Problems) > 0 || len(b.Facts) != 2 {
				t.Fatalf("read %d facts with problems %+v", len(b.Facts), b.Problems)
			}
			f := b.Facts[0]
			if f.ServiceSlug != "byggesak" || f.MunicipalityNumber != "0301" || f.Line != 2 {
				t.Errorf("first row: %s/%s on line %d", f.ServiceSlug, f.MunicipalityNumber, f.Line)
			}
			ms := f.Facts
			if ms.Offered != catalogue.OfferedYes || *ms.AnnualCases != 6619 || *ms.EmployeeMinutes != 12.5 ||
				*ms.HourlyCost != 1234.5 || *ms.Channels.Paper != 33.3 || ms.Systems != "Acos, WebSak" {
				t.Errorf("first row facts: %+v", ms)
			}
			if p := ms.Provenance[catalogue.FactAnnualCases]; p != catalogue.ProvenanceMeasured {
				t.Errorf("provenance %q, want measured", p)
			}
			second := b.Facts[1].Facts
			if second.Offered != catalogue.OfferedOther || *second.AnnualCases != 1000 || second.EmployeeMinutes != nil ||
				second.Provenance[catalogue.FactAnnualCases] != catalogue.ProvenanceEstimated || len(second.Provenance) != 1 {
				t.Errorf("second row facts: %+v", second)
			}
		})
	}
}

// toWindows1252 encodes the Latin-1 range of s as single bytes.
func toWindows1252(t *testing.T, s string) string {
	t.Helper()
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80 || (r >= 0xa0 && r <= 0xff):
			b.WriteByte(byte(r))
		case r == '\u202f':
			b.WriteByte(' ') // not in Windows-1252
		default:
			t.Fatalf("%q is not in Windows-1252", r)
		}
	}
	return b.String()
}

func TestReadCSVDefaults(t *testing.T) {
	const in = "slug,name_nb,area,kostra_function,mandated,target_group\n" +
		"byggesak,Byggesak,Plan-Bygg,41,Ja,\n"
	b, err := ReadCSV(strings.NewReader(in), "x.csv")
	if err != nil || len(b.Problems) > 0 {
		t.Fatalf("%v %+v", err, b.Problems)
	}
	s := b.Services[0].Service
	if s.TargetGroup != "innbygger" || s.KostraFunction != "041" || s.Area != "plan-bygg" || !s.Mandated || s.LegalBasis != nil {
		t.Errorf("service %+v", s)
	}
}

func TestReadUnreadable(t *testing.T) {
	tests := []struct {
		name, filename, data string
		code                 string
	}{
		{"empty csv", "a.csv", "", "import.unreadable"},
		{"blank csv", "a.csv", " \r\n\n", "import.unreadable"},
		{"only a byte order mark", "a.csv", "\ufeff", "import.unreadable"},
		{"binary named csv", "a.CSV", "PK\x03\x04\x14\x00\x00\x00", "import.unreadable"},
		{"broken header", "a.csv", "slug,\"name\n", "import.unreadable"},
		{"empty xlsx", "a.xlsx", "", "import.unreadable"},
		{"csv named xlsx", "a.XLSX", "slug,name_nb\n", "import.unreadable"},
		{"unknown format", "a.ods", "x", "import.unknown_format"},
		{"no extension", "csv", "x", "import.unknown_format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.data), tt.filename)
			de := domain.AsError(err)
			if err == nil || de.Kind != domain.KindInvalid || de.Code != tt.code ||
				len(de.Fields) != 1 || de.Fields[0].Field != "file" || de.Fields[0].Code != tt.code {
				t.Errorf("Read: %v, want invalid %s on field file", err, tt.code)
			}
		})
	}
}

func TestReadIOError(t *testing.T) {
	failure := errors.New("connection reset")
	for _, name := range []string{"a.csv", "a.xlsx"} {
		_, err := Read(iotest.ErrReader(failure), name)
		if !errors.Is(err, failure) || domain.KindOf(err) != domain.KindInternal {
			t.Errorf("%s: %v, want the reader's error as internal", name, err)
		}
	}
	// A failure after the first 64 KiB, while rows are read.
	big := strings.Repeat("service,municipality\n", 1) + strings.Repeat("byggesak,0301\n", 10000)
	_, err := ReadCSV(iotest.TimeoutReader(iotest.HalfReader(strings.NewReader(big))), "a.csv")
	if !errors.Is(err, iotest.ErrTimeout) {
		t.Errorf("late failure: %v", err)
	}
}

func TestReadFileName(t *testing.T) {
	b, err := Read(strings.NewReader("number,name\n0301,Oslo\n,\n0301x,Oslo\n"), `C:\Users\kari\Fakta og tall.Csv`)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Municipalities) != 2 || b.Municipalities[1].Sheet != "Fakta og tall.Csv" || b.Municipalities[1].Line != 4 {
		t.Errorf("rows %+v", b.Municipalities)
	}
}
