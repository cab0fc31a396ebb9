package process_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// step is one task of a linear test process.
type step struct {
	id, kind, name, medium, system string
	minutes, waiting               float64
	automated                      string
}

// linear writes a process start → steps → end with the default BPMN
// namespace and tv: attributes, as a small hand-made tool would.
func linear(steps ...step) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tv="https://tjenestevalg.no/bpmn/1.0" id="D" targetNamespace="x">
  <process id="P" name="Test">
    <startEvent id="Start"/>
`)
	prev := "Start"
	var flows []string
	for _, s := range steps {
		kind := s.kind
		if kind == "" {
			kind = "userTask"
		}
		fmt.Fprintf(&b, `    <%s id="%s" name="%s" tv:employeeMinutes="%g" tv:waitingDays="%g" tv:medium="%s" tv:valueClass="value-adding"`,
			kind, s.id, s.name, s.minutes, s.waiting, s.medium)
		if s.system != "" {
			fmt.Fprintf(&b, ` tv:system="%s"`, s.system)
		}
		if s.automated != "" {
			fmt.Fprintf(&b, ` tv:automated="%s"`, s.automated)
		}
		b.WriteString("/>\n")
		flows = append(flows, fmt.Sprintf(`    <sequenceFlow id="F_%s" sourceRef="%s" targetRef="%s"/>`, s.id, prev, s.id))
		prev = s.id
	}
	b.WriteString("    <endEvent id=\"End\"/>\n")
	flows = append(flows, fmt.Sprintf(`    <sequenceFlow id="F_End" sourceRef="%s" targetRef="End"/>`, prev))
	b.WriteString(strings.Join(flows, "\n"))
	b.WriteString("\n  </process>\n</definitions>\n")
	return []byte(b.String())
}

func figuresOf(t *testing.T, x []byte) process.Figures {
	t.Helper()
	d, err := process.Parse(strings.NewReader(string(x)))
	must(t, err)
	return process.Compute(d).Total
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestHarmonise(t *testing.T) {
	var fs []process.Figures
	for _, m := range []float64{100, 600, 200} {
		fs = append(fs, figuresOf(t, linear(step{id: "T", minutes: m, medium: "paper"})))
	}
	spread := process.Harmonise(fs)
	if len(spread) != len(process.MetricNames()) {
		t.Fatalf("%d spreads, want one per metric", len(spread))
	}
	var touch process.Spread
	for _, s := range spread {
		if s.Metric == "touch_minutes" {
			touch = s
		}
	}
	// By hand: mean 300; deviations −200, 300, −100; sample variance
	// (40 000 + 90 000 + 10 000) / 2 = 70 000.
	sd := math.Sqrt(70000)
	if touch.Min != 100 || touch.Median != 200 || touch.Max != 600 || touch.Mean != 300 || !near(touch.StdDev, sd) ||
		!near(touch.CV, sd/300) || touch.BestGap != 200 || !touch.LowerIsBetter {
		t.Errorf("touch spread = %+v", touch)
	}
	if len(touch.MinAt) != 1 || touch.MinAt[0] != 0 || touch.MaxAt[0] != 1 {
		t.Errorf("min at %v, max at %v; want 0 and 1", touch.MinAt, touch.MaxAt)
	}
	for _, s := range spread {
		if s.Metric == "activities" && (s.StdDev != 0 || s.CV != 0 || s.BestGap != 0) {
			t.Errorf("equal activity counts spread = %+v", s)
		}
		if s.Metric == "cycle_efficiency" && s.LowerIsBetter {
			t.Error("cycle efficiency is better high")
		}
	}
	// The spread does not depend on the order of the municipalities.
	rev := process.Harmonise([]process.Figures{fs[2], fs[1], fs[0]})
	for i := range spread {
		a, b := spread[i], rev[i]
		if a.Min != b.Min || a.Max != b.Max || !near(a.Mean, b.Mean) || a.Median != b.Median || !near(a.StdDev, b.StdDev) {
			t.Errorf("%s differs with the order: %+v vs %+v", a.Metric, a, b)
		}
	}
	if empty := process.Harmonise(nil); empty[0].Comparable {
		t.Error("a spread over nothing is comparable")
	}
}

func TestCompare(t *testing.T) {
	a := figuresOf(t, linear(step{id: "T1", minutes: 30, medium: "paper"}, step{id: "T2", minutes: 30, medium: "email", waiting: 2}))
	b := figuresOf(t, linear(step{id: "T1", minutes: 50, medium: "paper"}, step{id: "T2", minutes: 10, medium: "paper", waiting: 4}))
	toBe := figuresOf(t, linear(step{id: "T1", kind: "serviceTask", minutes: 0, medium: "portal"}, step{id: "T2", minutes: 10, medium: "system"}))
	adapted := figuresOf(t, linear(step{id: "T1", kind: "manualTask", minutes: 15, medium: "paper"}, step{id: "T2", minutes: 10, medium: "system", waiting: 1}))

	c := process.Compare([]process.Figures{a, b}, &toBe, &adapted)
	// As-is mean touch (60 + 60) / 2 = 60; adapted 25: 35 saved. Lead:
	// a = 60 + 2×450 = 960, b = 60 + 4×450 = 1860, mean 1410; adapted
	// 25 + 450 = 475: 935 saved.
	if c.AsIs == nil || c.AsIs.TouchMinutes != 60 || c.AsIs.LeadMinutes != 1410 || c.AsIsCount != 2 {
		t.Fatalf("as-is mean = %+v", c.AsIs)
	}
	if c.SavedMinutes == nil || *c.SavedMinutes != 35 || *c.SavedLeadMinutes != 935 {
		t.Errorf("saved = %v / %v, want 35 / 935", c.SavedMinutes, c.SavedLeadMinutes)
	}
	// Without obstacles the to-be (10 minutes) would save 50.
	if c.PotentialMinutes == nil || *c.PotentialMinutes != 50 {
		t.Errorf("potential = %v, want 50", c.PotentialMinutes)
	}
	// The obstacles cost adapted − to-be: 25 − 10 = 15 minutes, 475 − 10 lead.
	if p := c.ObstaclePrice; p == nil || p.TouchMinutes != 15 || p.LeadMinutes != 465 {
		t.Errorf("obstacle price = %+v, want 15 / 465", p)
	}
	// Without an adapted process the to-be is the target.
	c = process.Compare([]process.Figures{a}, &toBe, nil)
	if *c.SavedMinutes != 50 || c.ObstaclePrice != nil {
		t.Errorf("without adapted: saved %v, price %v", *c.SavedMinutes, c.ObstaclePrice)
	}
	if c := process.Compare(nil, &toBe, nil); c.SavedMinutes != nil || c.AsIs != nil {
		t.Error("a saving without any as-is process")
	}

	// Cost per element, matched by id.
	td, _ := process.Parse(strings.NewReader(string(linear(step{id: "T1", kind: "serviceTask", medium: "portal"}))))
	ad, _ := process.Parse(strings.NewReader(string(linear(step{id: "T1", minutes: 15, medium: "paper", waiting: 2}))))
	tt, at := process.ElementTimes(td), process.ElementTimes(ad)
	if cost := process.CostOf(tt, at, "T1"); !cost.Comparable || cost.Minutes != 15 || cost.WaitingDays != 2 {
		t.Errorf("cost of T1 = %+v", cost)
	}
	if cost := process.CostOf(tt, at, "Missing"); cost.Comparable {
		t.Error("an element in neither process has a cost")
	}
	if cost := process.CostOf(tt, at, "Start"); cost.Comparable {
		t.Error("an element without times has a cost")
	}
}

func TestDerive(t *testing.T) {
	x := linear(
		step{id: "Soknad", name: "Send søknad", kind: "userTask", medium: "portal", system: "ByggSøk", automated: "false"},
		step{id: "Sjekk", name: "Sjekk  kompletthet", kind: "serviceTask", medium: "system", system: "Saksbehandlingssystem"},
		step{id: "Vedtak", name: "Fatt vedtak", kind: "userTask", medium: "system", system: "saksbehandlingssystem", automated: "false"},
		step{id: "Arkiv", name: "Arkiver", kind: "task", medium: "system", system: "Noark 5-arkiv", automated: "true"},
	)
	d, err := process.Parse(strings.NewReader(string(x)))
	must(t, err)
	got := process.Derive(d)
	var keys []string
	for _, c := range got {
		keys = append(keys, c.Key+"/"+c.Priority)
	}
	want := []string{"automation:Sjekk/must", "automation:Arkiv/must", "portal:Soknad/must",
		"integration:byggsøk/should", "integration:saksbehandlingssystem/must", "integration:noark 5-arkiv/must"}
	if strings.Join(keys, " ") != strings.Join(want, " ") {
		t.Errorf("candidates = %v\nwant %v", keys, want)
	}
	if got[0].Subject != "Sjekk kompletthet" || got[0].Element != "Sjekk" {
		t.Errorf("automation candidate = %+v (names are tidied)", got[0])
	}
	if sys := got[4]; sys.Subject != "Saksbehandlingssystem" || len(sys.Steps) != 2 {
		t.Errorf("system candidate = %+v, want the first spelling and both steps", sys)
	}

	// Deriving again adds only what is new and removes only untouched
	// candidates whose source is gone.
	stored := []process.Requirement{
		{ID: 1, Key: "automation:Sjekk", Status: "confirmed"},
		{ID: 2, Key: "automation:Gammel", Status: "candidate"},
		{ID: 3, Key: "portal:Borte", Status: "dropped"},
		{ID: 4, Key: "", Status: "candidate"},
	}
	m := process.MergeCandidates(got, stored)
	if len(m.New) != len(got)-1 || len(m.Stale) != 1 || m.Stale[0].ID != 2 {
		t.Errorf("merge = %d new, stale %+v", len(m.New), m.Stale)
	}
}

func TestObstacleAndRequirementValidation(t *testing.T) {
	o := process.Obstacle{Element: " T1 ", Category: "law", Description: " Krever signatur ", Status: "open"}
	o.Normalize()
	if errs := o.Validate(); len(errs) != 1 || errs[0].Field != "legal_reference" {
		t.Errorf("law obstacle without reference: %v", errs)
	}
	o.LegalReference = "Forvaltningsloven § 16"
	if errs := o.Validate(); len(errs) != 0 || o.Element != "T1" {
		t.Errorf("valid obstacle: %v", errs)
	}
	bad := process.Obstacle{Category: "weather", Status: "done", Remedy: strings.Repeat("x", 4001)}
	fields := map[string]bool{}
	for _, e := range bad.Validate() {
		fields[e.Field] = true
	}
	for _, f := range []string{"element", "category", "status", "description", "remedy"} {
		if !fields[f] {
			t.Errorf("obstacle problem with %s missing: %v", f, fields)
		}
	}
	q := process.Requirement{Type: "wish", Priority: "could", Status: "maybe"}
	fields = map[string]bool{}
	for _, e := range q.Validate() {
		fields[e.Field] = true
	}
	for _, f := range []string{"text", "type", "priority", "status"} {
		if !fields[f] {
			t.Errorf("requirement problem with %s missing: %v", f, fields)
		}
	}
	errs := process.ValidateAttrs(map[string]string{"employeeMinutes": "abc", "waitingDays": "-1", "medium": "fax",
		"valueClass": "x", "automated": "kanskje", "actor": "Hvem som helst"})
	if len(errs) != 5 {
		t.Errorf("attribute problems = %v, want five", errs)
	}
	if errs := process.ValidateAttrs(map[string]string{"employeeMinutes": "12.5", "medium": "", "automated": "true"}); len(errs) != 0 {
		t.Errorf("valid attributes refused: %v", errs)
	}
}

// A wide inclusive split neither overflows the complexity nor reports a
// missing medium once per pair of activities.
func TestWideSplit(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="P"><inclusiveGateway id="G"/>`)
	for i := range 64 {
		fmt.Fprintf(&b, `<task id="A%d"/><task id="B%d"/><sequenceFlow id="FA%d" sourceRef="A%d" targetRef="G"/><sequenceFlow id="FB%d" sourceRef="G" targetRef="B%d"/>`, i, i, i, i, i, i)
	}
	b.WriteString(`</process></definitions>`)
	d, err := process.Parse(strings.NewReader(b.String()))
	must(t, err)
	f := process.Compute(d).Total
	if f.ControlFlowComplexity != 1<<31-1 {
		t.Errorf("CFC of a 64-way inclusive split = %d, want the cap 2^31 − 1", f.ControlFlowComplexity)
	}
	// The list is capped (MaxIncomplete) and counts the rest: one note
	// per activity and attribute, not one per pair (64 × 64 media-break
	// pairs would give thousands).
	if len(f.Incomplete) > process.MaxIncomplete {
		t.Errorf("%d notes listed, want at most %d", len(f.Incomplete), process.MaxIncomplete)
	}
	// Per activity: automation, media breaks, touch and value-adding time
	// once, lead time twice (minutes and waiting days); two notes on cycle
	// efficiency. Uncapped, the media breaks alone were checked at 128.
	if n := len(f.Incomplete) + f.IncompleteMore; n != 128*6+2 {
		t.Errorf("%d notes in all, want %d", n, 128*6+2)
	}
}
