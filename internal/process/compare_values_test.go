package process

import "testing"

// Values lists the figures in MetricNames' order: the harmonisation page
// takes its cells from it by position.
func TestFiguresValuesInMetricNamesOrder(t *testing.T) {
	f := Figures{Activities: 1, Manual: 2, User: 3, Automated: 4, AutomationShare: 5, HandOffs: 6, MediaBreaks: 7,
		ReworkLoops: 8, TouchMinutes: 9, LeadMinutes: 10, ValueAddingMinutes: 11, CycleEfficiency: 12, ControlFlowComplexity: 13}
	v := f.Values()
	names := MetricNames()
	if len(v) != len(names) {
		t.Fatalf("%d values for %d metrics", len(v), len(names))
	}
	for i, name := range names {
		// Harmonise of one process has that process's value as its mean.
		if want := Harmonise([]Figures{f})[i].Mean; v[i] != want || want != float64(i+1) {
			t.Errorf("%s: Values %v, spread mean %v, want %d", name, v[i], want, i+1)
		}
	}
}
