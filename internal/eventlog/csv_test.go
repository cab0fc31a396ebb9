package eventlog_test

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
)

var byggesakMapping = eventlog.Mapping{Case: "Saksnr", Activity: "Aktivitet", Time: "Tidspunkt", Resource: "Saksbehandler", Lifecycle: "Status"}

func TestCSVHeader(t *testing.T) {
	f, err := os.Open("testdata/byggesak.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	header, sample, err := eventlog.CSVHeader(f)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(header, "|") != "Saksnr|Aktivitet|Tidspunkt|Saksbehandler|Status" {
		t.Errorf("header %q (byte-order mark or delimiter not handled)", header)
	}
	if len(sample) != 5 || sample[3][1] != "Vedtak; sendt" || sample[1][2] != "31.03.2024 09:15" {
		t.Errorf("sample %q", sample)
	}
}

// The building-permit CSV: semicolons, Norwegian dates across the
// switch to summer time, ISO dates with and without an offset.
func TestReadCSV(t *testing.T) {
	f, err := os.Open("testdata/byggesak.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := eventlog.NewBuilder(eventlog.FormatCSV)
	if err := eventlog.ReadCSV(f, byggesakMapping, b); err != nil {
		t.Fatal(err)
	}
	s := b.Stats()
	if s.Format != eventlog.FormatCSV || s.Cases != 2 || s.Events != 6 || s.Activities != 3 || s.Resources != 2 || s.Variants != 2 {
		t.Fatalf("cases %d events %d activities %d resources %d variants %d", s.Cases, s.Events, s.Activities, s.Resources, s.Variants)
	}
	// 2024-001: 30.03 12:00 CET (11:00Z) → 01.04 12:00 CEST (10:00Z), two
	// days less the hour summer time took: 169 200 s. 2024-002: 08:00
	// CEST (06:00Z) → 10:30Z: 16 200 s.
	assertDurations(t, "case duration", s.CaseDuration, eventlog.Durations{
		Median: 92700, Mean: 92700, P90: 16200 + 0.9*153000, Min: 16200, Max: 169200,
	})
	// Behandle's complete (08:15Z on 31.03) after Søknad mottatt (11:00Z
	// the day before); its start is not an occurrence.
	if a := activity(t, s, "Behandle"); a.Events != 1 || a.MedianWaitSeconds != 76500 {
		t.Errorf("Behandle %+v", a)
	}
	if len(s.Handovers) != 2 || handovers(s, "Kari", "Ola") != 1 || handovers(s, "Ola", "Kari") != 1 {
		t.Errorf("hand-overs %+v", s.Handovers)
	}
}

func TestReadCSVFormats(t *testing.T) {
	for _, c := range []struct {
		name, src string
		m         eventlog.Mapping
		duration  float64
	}{
		{"comma, RFC 3339", "case,activity,time\n1,a,2024-01-01T10:00:00+01:00\n1,b,2024-01-01T10:30:00.250Z\n",
			eventlog.Mapping{Case: "case", Activity: "activity", Time: "time"}, 5400.25},
		{"tab, columns matched ignoring case", "Case\tAct\tTime\n1\ta\t2024-07-01 10:00\n1\tb\t2024-07-01 12:00:00\n",
			eventlog.Mapping{Case: "case", Activity: "ACT", Time: "time"}, 7200},
		{"Windows-1252", "sak;hendelse;tid\n1;S\xf8knad;01.02.2024 10:00\n1;b;01.02.2024 10:00:30\n",
			eventlog.Mapping{Case: "sak", Activity: "hendelse", Time: "tid"}, 30},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := eventlog.NewBuilder(eventlog.FormatCSV)
			if err := eventlog.ReadCSV(strings.NewReader(c.src), c.m, b); err != nil {
				t.Fatal(err)
			}
			s := b.Stats()
			if s.Events != 2 || s.CaseDuration.Max != c.duration {
				t.Errorf("events %d duration %v, want 2 and %v", s.Events, s.CaseDuration.Max, c.duration)
			}
			if c.name == "Windows-1252" && s.TopVariants[0].Activities[0] != "Søknad" {
				t.Errorf("activity %q", s.TopVariants[0].Activities[0])
			}
		})
	}
}

func TestReadCSVBadInput(t *testing.T) {
	m := eventlog.Mapping{Case: "case", Activity: "activity", Time: "time"}
	for _, c := range []struct {
		name, src string
		m         eventlog.Mapping
		code      string
		line      int
		param     any
	}{
		{"unparseable timestamp", "case,activity,time\n1,a,2024-01-01 10:00\n1,b,yesterday\n", m, eventlog.CodeBadTimestamp, 3, "yesterday"},
		{"month 13", "case,activity,time\n\n1,a,2024-13-01 10:00\n", m, eventlog.CodeBadTimestamp, 3, "2024-13-01 10:00"},
		{"no time column", "case,activity,when\n1,a,2024-01-01\n", m, eventlog.CodeMappingColumn, 1, "time"},
		{"mapping without case", "case,activity,time\n", eventlog.Mapping{Activity: "activity", Time: "time"}, eventlog.CodeMappingMissing, 1, "case"},
		{"header only", "case,activity,time\n", m, eventlog.CodeNoEvents, 0, nil},
		{"no row with a time", "case,activity,time\n1,a,\n2,b, \n", m, eventlog.CodeNoEvents, 0, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := eventlog.NewBuilder(eventlog.FormatCSV)
			re := readError(t, eventlog.ReadCSV(strings.NewReader(c.src), c.m, b))
			if re.Code != c.code || re.Line != c.line || (c.param != nil && (len(re.Params) == 0 || re.Params[0] != c.param)) {
				t.Errorf("%v: code %s line %d params %v, want %s line %d %v", re, re.Code, re.Line, re.Params, c.code, c.line, c.param)
			}
		})
	}
}

func TestMapping(t *testing.T) {
	m, err := eventlog.ParseMapping("case=Saksnr, activity=Aktivitet,Time=Tidspunkt,resource=Saksbehandler,lifecycle=Status")
	if err != nil || m != byggesakMapping {
		t.Fatalf("%+v %v", m, err)
	}
	if back, _ := eventlog.ParseMapping(m.String()); back != m {
		t.Errorf("String does not read back: %q", m.String())
	}
	for _, bad := range []string{"case", "case=", "casus=Sak", "case=a,time"} {
		if _, err := eventlog.ParseMapping(bad); domain.KindOf(err) != domain.KindInvalid {
			t.Errorf("ParseMapping(%q) = %v, want invalid", bad, err)
		}
	}
	header := []string{"Saksnr", "Aktivitet", "Tidspunkt", "Saksbehandler", "Status"}
	if err := byggesakMapping.Validate(header); err != nil {
		t.Errorf("valid mapping refused: %v", err)
	}
	err = eventlog.Mapping{Activity: "Aktivitet", Resource: "Ressurs"}.Validate(header)
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindInvalid {
		t.Fatalf("%v", err)
	}
	got := map[string]string{}
	for _, f := range de.Fields {
		got[f.Field] = f.Code
	}
	want := map[string]string{"case": eventlog.CodeMappingMissing, "time": eventlog.CodeMappingMissing, "resource": eventlog.CodeMappingColumn}
	if len(got) != len(want) {
		t.Errorf("fields %+v, want %v", de.Fields, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("field %s: %s, want %s", k, got[k], v)
		}
	}
}

// The running example as a CSV export (newest row first, Norwegian
// dates, Oslo's winter time being the book's +01:00) reads to the same
// figures as the XES.
func TestRunningExampleCSV(t *testing.T) {
	f, err := os.Open("testdata/running-example.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := eventlog.ParseMapping("case=Case ID,activity=Activity,time=Complete Timestamp,resource=Resource")
	if err != nil {
		t.Fatal(err)
	}
	b := eventlog.NewBuilder(eventlog.FormatXES) // so the whole JSON compares
	if err := eventlog.ReadCSV(f, m, b); err != nil {
		t.Fatal(err)
	}
	got, want := b.Stats(), readXESFile(t, "running-example.xes")
	gj, _ := json.Marshal(got)
	wj, _ := json.Marshal(want)
	if string(gj) != string(wj) {
		t.Errorf("CSV\n%s\nXES\n%s", gj, wj)
	}
}
