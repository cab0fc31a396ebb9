package eventlog_test

import (
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
)

func TestAnnualCases(t *testing.T) {
	day := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		name string
		s    eventlog.Stats
		want int64
	}{
		{"two whole years: their mean; the partial third does not count",
			eventlog.Stats{Cases: 530, From: day(2022, 1, 1, 9), To: day(2024, 6, 30, 12),
				CasesPerYear: []eventlog.YearCount{{Year: 2022, Cases: 200}, {Year: 2023, Cases: 230}, {Year: 2024, Cases: 100}}}, 215},
		{"the first event on 1 January and the last on 31 December cover the year",
			eventlog.Stats{Cases: 4, From: day(2024, 1, 1, 23), To: day(2024, 12, 31, 0),
				CasesPerYear: []eventlog.YearCount{{Year: 2024, Cases: 4}}}, 4},
		{"no whole year: scaled to 365 days",
			eventlog.Stats{Cases: 50, From: day(2024, 3, 1, 0), To: day(2024, 4, 30, 0),
				CasesPerYear: []eventlog.YearCount{{Year: 2024, Cases: 50}}}, 304},
		{"a time frame under a day counts as a day",
			eventlog.Stats{Cases: 2, From: day(2024, 3, 1, 8), To: day(2024, 3, 1, 9),
				CasesPerYear: []eventlog.YearCount{{Year: 2024, Cases: 2}}}, 730},
	} {
		got, ok := eventlog.AnnualCases(c.s)
		if !ok || got != c.want {
			t.Errorf("%s: %d, %v; want %d", c.name, got, ok, c.want)
		}
	}
	if _, ok := eventlog.AnnualCases(eventlog.Stats{}); ok {
		t.Error("a log without cases has a yearly volume")
	}
	if d, ok := eventlog.LeadTimeDays(eventlog.Stats{Cases: 3, CaseDuration: eventlog.Durations{Median: 1.25 * 86400}}); !ok || d != 1.3 {
		t.Errorf("lead time = %v, %v; want 1.3", d, ok)
	}
}

func TestProgress(t *testing.T) {
	for _, c := range []struct {
		l    eventlog.Log
		want float64
	}{
		{eventlog.Log{Status: eventlog.StatusImporting, Size: 200, Read: 50}, 0.25},
		{eventlog.Log{Status: eventlog.StatusImporting, Size: 0, Read: 50}, 0},
		{eventlog.Log{Status: eventlog.StatusMapping, Size: 200}, 0},
		{eventlog.Log{Status: eventlog.StatusFailed, Size: 200, Read: 10}, 1},
		{eventlog.Log{Status: eventlog.StatusDone, Size: 200, Read: 200}, 1},
	} {
		if got := c.l.Progress(); got != c.want {
			t.Errorf("Progress(%s, %d of %d) = %v, want %v", c.l.Status, c.l.Read, c.l.Size, got, c.want)
		}
	}
}
