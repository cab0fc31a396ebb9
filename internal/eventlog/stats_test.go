package eventlog_test

import (
	"math"
	"os"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
)

// readXESFile reads a testdata log and returns its statistics.
func readXESFile(t *testing.T, name string) eventlog.Stats {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := eventlog.NewBuilder(eventlog.FormatXES)
	if err := eventlog.ReadXES(f, b); err != nil {
		t.Fatalf("ReadXES(%s): %v", name, err)
	}
	return b.Stats()
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func assertDurations(t *testing.T, what string, got, want eventlog.Durations) {
	t.Helper()
	if !near(got.Median, want.Median) || !near(got.Mean, want.Mean) || !near(got.P90, want.P90) ||
		!near(got.Min, want.Min) || !near(got.Max, want.Max) {
		t.Errorf("%s = %+v, want %+v", what, got, want)
	}
}

func countOf(cs []eventlog.Count, name string) int {
	for _, c := range cs {
		if c.Name == name {
			return c.Count
		}
	}
	return 0
}

func activity(t *testing.T, s eventlog.Stats, name string) eventlog.Activity {
	t.Helper()
	for _, a := range s.ActivityList {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("activity %q not listed in %+v", name, s.ActivityList)
	return eventlog.Activity{}
}

func edge(t *testing.T, s eventlog.Stats, from, to string) eventlog.Edge {
	t.Helper()
	for _, e := range s.DFG.Edges {
		if e.From == from && e.To == to {
			return e
		}
	}
	t.Fatalf("edge %s → %s not in the DFG", from, to)
	return eventlog.Edge{}
}

func handovers(s eventlog.Stats, from, to string) int {
	for _, h := range s.Handovers {
		if h.From == from && h.To == to {
			return h.Count
		}
	}
	return 0
}

// The running example of van der Aalst's "Process Mining": the published
// figures (6 cases, 42 events, 8 activities, 6 variants) and the rest
// worked out by hand from the book's table.
func TestRunningExample(t *testing.T) {
	s := readXESFile(t, "running-example.xes")
	if s.Cases != 6 || s.Events != 42 || s.Activities != 8 || s.Variants != 6 || s.Resources != 6 {
		t.Fatalf("cases %d events %d activities %d variants %d resources %d, want 6 42 8 6 6",
			s.Cases, s.Events, s.Activities, s.Variants, s.Resources)
	}
	// Case durations, first to last event: case 4 6d0h42m = 520 920 s,
	// case 1 8d3h22m = 703 320, case 2 9d0h33m = 779 580, case 6
	// 9d20h45m = 852 300, case 3 15d20h13m = 1 368 780, case 5 18d5h54m
	// = 1 576 440. Median (779 580 + 852 300)/2; mean 5 801 340/6; P90 at
	// rank 4.5.
	assertDurations(t, "case duration", s.CaseDuration, eventlog.Durations{
		Median: 815940, Mean: 966890, P90: 1472610, Min: 520920, Max: 1576440,
	})
	if want := time.Date(2010, 12, 30, 10, 2, 0, 0, time.UTC); !s.From.Equal(want) {
		t.Errorf("from %v, want %v", s.From, want)
	}
	if want := time.Date(2011, 1, 24, 13, 56, 0, 0, time.UTC); !s.To.Equal(want) {
		t.Errorf("to %v, want %v", s.To, want)
	}
	if len(s.CasesPerYear) != 2 || s.CasesPerYear[0] != (eventlog.YearCount{Year: 2010, Cases: 3}) ||
		s.CasesPerYear[1] != (eventlog.YearCount{Year: 2011, Cases: 3}) {
		t.Errorf("cases per year %+v", s.CasesPerYear)
	}
	if len(s.StartActivities) != 1 || countOf(s.StartActivities, "register request") != 6 {
		t.Errorf("start activities %+v", s.StartActivities)
	}
	if countOf(s.EndActivities, "pay compensation") != 3 || countOf(s.EndActivities, "reject request") != 3 {
		t.Errorf("end activities %+v", s.EndActivities)
	}
	for _, want := range []eventlog.Activity{
		{Name: "register request", Events: 6, Cases: 6},
		{Name: "examine casually", Events: 6, Cases: 4, ReworkCases: 1, ReworkEvents: 2},
		{Name: "examine thoroughly", Events: 3, Cases: 3},
		{Name: "check ticket", Events: 9, Cases: 6, ReworkCases: 2, ReworkEvents: 3},
		{Name: "decide", Events: 9, Cases: 6, ReworkCases: 2, ReworkEvents: 3},
		{Name: "reinitiate request", Events: 3, Cases: 2, ReworkCases: 1, ReworkEvents: 1},
		{Name: "pay compensation", Events: 3, Cases: 3},
		{Name: "reject request", Events: 3, Cases: 3},
	} {
		got := activity(t, s, want.Name)
		got.MedianWaitSeconds = 0
		if got != want {
			t.Errorf("activity %+v, want %+v", got, want)
		}
	}
	if s.ActivityList[0].Name != "check ticket" || s.ActivityList[1].Name != "decide" {
		t.Errorf("activities not by frequency, then name: %+v", s.ActivityList[:2])
	}
	// 36 directly-follows pairs over 16 distinct edges.
	if len(s.DFG.Edges) != 16 {
		t.Errorf("%d edges, want 16", len(s.DFG.Edges))
	}
	total := 0
	for _, e := range s.DFG.Edges {
		total += e.Count
	}
	if total != 36 {
		t.Errorf("edge counts add up to %d, want 36", total)
	}
	if e := s.DFG.Edges[0]; e.From != "check ticket" || e.To != "decide" || e.Count != 6 {
		t.Errorf("most frequent edge %+v, want check ticket → decide ×6", e)
	}
	for _, c := range []struct {
		from, to string
		count    int
		median   float64
	}{
		{"register request", "examine casually", 3, 0},
		{"examine casually", "check ticket", 4, 0},
		{"decide", "reinitiate request", 3, 0},
		// case 2: 3d0h43m; case 3: 6d0h50m; case 6: 8d18h55m.
		{"decide", "pay compensation", 3, 521400},
		// case 2: 40 min; case 4: 21h04m.
		{"register request", "check ticket", 2, 39120},
	} {
		e := edge(t, s, c.from, c.to)
		if e.Count != c.count || (c.median != 0 && !near(e.MedianSeconds, c.median)) {
			t.Errorf("edge %s → %s = %+v, want ×%d median %v", c.from, c.to, e, c.count, c.median)
		}
	}
	if n := activity(t, s, "pay compensation").MedianWaitSeconds; !near(n, 521400) {
		t.Errorf("pay compensation's median wait %v, want 521400", n)
	}
	// 36 pairs, of which 4 by one resource (Mike twice in case 2, Sara
	// deciding and reinitiating in cases 3 and 5).
	sum := 0
	for _, h := range s.Handovers {
		sum += h.Count
	}
	if sum != 32 || handovers(s, "Pete", "Mike") != 2 || handovers(s, "Sara", "Sara") != 0 {
		t.Errorf("hand-overs total %d (want 32), Pete→Mike %d (want 2): %+v", sum, handovers(s, "Pete", "Mike"), s.Handovers)
	}
	var top float64
	for _, v := range s.TopVariants {
		if v.Cases != 1 || !near(v.Share, 1.0/6) {
			t.Errorf("variant %+v, want one case each", v)
		}
		top += v.Share
	}
	if len(s.TopVariants) != 6 || !near(top, 1) {
		t.Errorf("%d variants listed, shares add up to %v", len(s.TopVariants), top)
	}
	if s.FirstReply != nil || s.OpenCases != nil || len(s.Warnings) != 0 {
		t.Errorf("Noark figures or warnings on an XES log: %v %v %v", s.FirstReply, s.OpenCases, s.Warnings)
	}
}

// The awkward log: every figure worked out by hand in the comments.
func TestAwkwardXES(t *testing.T) {
	s := readXESFile(t, "awkward.xes")
	// A: 4 events; trace-2 (no name): 3; C: 1 (two more read around).
	if s.Cases != 3 || s.Events != 8 || s.Activities != 3 || s.Resources != 3 || s.Variants != 3 {
		t.Fatalf("cases %d events %d activities %d resources %d variants %d, want 3 8 3 3 3",
			s.Cases, s.Events, s.Activities, s.Resources, s.Variants)
	}
	// A: 03-01 08:00Z → 03-05 10:00Z = 352 800 s (offsets +01:00, Z,
	// +02:00 mixed, written out of order); trace-2: 01-01 00:30Z →
	// 01-03 00:30:00.5Z = 172 800.5 s; C: one event, 0 s.
	assertDurations(t, "case duration", s.CaseDuration, eventlog.Durations{
		Median: 172800.5, Mean: 525600.5 / 3, P90: 172800.5 + 0.8*(352800-172800.5), Min: 0, Max: 352800,
	})
	if want := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC); !s.From.Equal(want) {
		t.Errorf("from %v, want %v", s.From, want)
	}
	if want := time.Date(2025, 1, 3, 0, 30, 0, 5e8, time.UTC); !s.To.Equal(want) {
		t.Errorf("to %v, want %v", s.To, want)
	}
	// trace-2 starts 2024-12-31 23:30 at −01:00: 2025 in UTC.
	if len(s.CasesPerYear) != 2 || s.CasesPerYear[0] != (eventlog.YearCount{Year: 2024, Cases: 2}) ||
		s.CasesPerYear[1] != (eventlog.YearCount{Year: 2025, Cases: 1}) {
		t.Errorf("cases per year %+v", s.CasesPerYear)
	}
	// Vurdere's start event is not an occurrence; nested and list
	// attributes named nothing.
	for _, want := range []eventlog.Activity{
		{Name: "Registrere", Events: 4, Cases: 3, ReworkCases: 1, ReworkEvents: 1, MedianWaitSeconds: 86400.5},
		{Name: "Vurdere", Events: 2, Cases: 2, MedianWaitSeconds: (266400 + 86400) / 2},
		{Name: "Vedtak & brev", Events: 1, Cases: 1, MedianWaitSeconds: 86400},
	} {
		got := activity(t, s, want.Name)
		if got.Name != want.Name || got.Events != want.Events || got.Cases != want.Cases || got.ReworkCases != want.ReworkCases ||
			got.ReworkEvents != want.ReworkEvents || !near(got.MedianWaitSeconds, want.MedianWaitSeconds) {
			t.Errorf("activity %+v, want %+v", got, want)
		}
	}
	if countOf(s.StartActivities, "Registrere") != 3 || countOf(s.EndActivities, "Registrere") != 2 ||
		countOf(s.EndActivities, "Vedtak & brev") != 1 {
		t.Errorf("start %+v end %+v", s.StartActivities, s.EndActivities)
	}
	if e := edge(t, s, "Registrere", "Vurdere"); e.Count != 2 || !near(e.MedianSeconds, 176400) {
		t.Errorf("Registrere → Vurdere %+v", e)
	}
	if len(s.DFG.Edges) != 3 {
		t.Errorf("edges %+v", s.DFG.Edges)
	}
	if len(s.Handovers) != 2 || handovers(s, "r1", "r2") != 1 || handovers(s, "r1", "r3") != 1 {
		t.Errorf("hand-overs %+v", s.Handovers)
	}
	for _, w := range []string{eventlog.WarnEventWithoutTime, eventlog.WarnEventWithoutActivity, eventlog.WarnTraceWithoutName} {
		if countOf(s.Warnings, w) != 1 {
			t.Errorf("warning %s: %+v", w, s.Warnings)
		}
	}
}

// Noark's figures: first reply and open cases, from events added one by one.
func TestFirstReplyAndOpenCases(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 2, 1+d, 9, 0, 0, 0, time.UTC) }
	b := eventlog.NewBuilder(eventlog.FormatNoark)
	add := func(c string, d int, dir eventlog.Direction) {
		b.Add(eventlog.Event{Case: c, Activity: "Journalpost " + string(dir), Time: day(d), Direction: dir, Resource: "enhet-1"})
	}
	// N1: in day 0, internal day 1, out days 3 and 5: 3 days.
	add("N1", 5, eventlog.DirectionOut)
	add("N1", 0, eventlog.DirectionIn)
	add("N1", 1, eventlog.DirectionInternal)
	add("N1", 3, eventlog.DirectionOut)
	// N2: an outgoing letter before the first incoming one does not
	// count: in day 2, out day 4: 2 days.
	add("N2", 0, eventlog.DirectionOut)
	add("N2", 2, eventlog.DirectionIn)
	add("N2", 4, eventlog.DirectionOut)
	// N3: never answered.
	add("N3", 1, eventlog.DirectionIn)
	b.SetOpen("N3", true)
	b.SetOpen("N1", false)
	b.SetOpen("N4", true) // a case without events
	s := b.Stats()
	if s.Cases != 3 || s.FirstReplyCases != 2 || s.FirstReply == nil {
		t.Fatalf("cases %d, first reply over %d cases: %v", s.Cases, s.FirstReplyCases, s.FirstReply)
	}
	assertDurations(t, "first reply", *s.FirstReply, eventlog.Durations{
		Median: 216000, Mean: 216000, P90: 172800 + 0.9*86400, Min: 172800, Max: 259200,
	})
	if s.OpenCases == nil || *s.OpenCases != 1 {
		t.Errorf("open cases %v, want 1", s.OpenCases)
	}
	if countOf(s.Warnings, eventlog.WarnCaseWithoutEvents) != 1 {
		t.Errorf("warnings %+v", s.Warnings)
	}
}

// Without any complete event every event is an occurrence; equal times
// keep the order they came in.
func TestStartOnlyAndTies(t *testing.T) {
	b := eventlog.NewBuilder(eventlog.FormatCSV)
	t0 := time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)
	for i, a := range []string{"B", "A", "C"} {
		b.Add(eventlog.Event{Case: "1", Activity: a, Time: t0.Add(time.Duration(i/2) * time.Hour), Lifecycle: "start"})
	}
	b.Add(eventlog.Event{Case: "1", Activity: "X"}) // no time
	b.Add(eventlog.Event{Activity: "X", Time: t0})  // no case
	s := b.Stats()
	if s.Events != 3 || len(s.TopVariants) != 1 {
		t.Fatalf("%+v", s)
	}
	if got := s.TopVariants[0].Activities; len(got) != 3 || got[0] != "B" || got[1] != "A" || got[2] != "C" {
		t.Errorf("variant %v, want [B A C]", got)
	}
	if countOf(s.Warnings, eventlog.WarnEventWithoutTime) != 1 || countOf(s.Warnings, eventlog.WarnEventWithoutCase) != 1 {
		t.Errorf("warnings %+v", s.Warnings)
	}
}

func TestEmptyBuilder(t *testing.T) {
	s := eventlog.NewBuilder(eventlog.FormatXES).Stats()
	if s.Cases != 0 || s.Variants != 0 || !s.From.IsZero() || s.TopVariants == nil || s.DFG.Edges == nil {
		t.Errorf("%+v", s)
	}
}

// Stats may be asked twice and says the same.
func TestStatsTwice(t *testing.T) {
	b := eventlog.NewBuilder(eventlog.FormatNoark)
	b.Add(eventlog.Event{Case: "1", Activity: "a", Time: time.Unix(100, 0)})
	b.SetOpen("2", true)
	first, second := b.Stats(), b.Stats()
	if countOf(first.Warnings, eventlog.WarnCaseWithoutEvents) != 1 || countOf(second.Warnings, eventlog.WarnCaseWithoutEvents) != 1 {
		t.Errorf("%+v then %+v", first.Warnings, second.Warnings)
	}
}
