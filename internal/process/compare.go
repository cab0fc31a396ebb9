package process

import (
	"math"
	"slices"
)

// Step is one row of a process's table view: a flow node with its lane,
// attributes and the sequence flows leaving it. Steps are what a keyboard
// or screen-reader user reads and edits instead of the canvas.
type Step struct {
	Process  string // process id
	ID, Name string
	Kind     string
	Lane     string // lane name ("" without lanes)
	Parent   string // enclosing subprocess id
	Activity bool   // a leaf activity: what the metrics count
	Attrs    Attributes
	Out      []StepFlow
}

// StepFlow is a sequence flow as the table shows it.
type StepFlow struct {
	ID, Name   string
	Target     string
	TargetName string
}

// Steps lists every flow node of d in file order, process by process.
func Steps(d *Definitions) []Step {
	var out []Step
	for pi := range d.Processes {
		p := &d.Processes[pi]
		names := map[string]string{}
		lanes := map[string]string{}
		for _, l := range p.Lanes {
			lanes[l.ID] = l.Name
			if lanes[l.ID] == "" {
				lanes[l.ID] = l.ID
			}
		}
		for _, n := range p.Nodes {
			names[n.ID] = nodeName(&n)
		}
		leaf := map[string]bool{}
		for _, n := range leafActivities(p) {
			leaf[n.ID] = true
		}
		flows := map[string][]StepFlow{}
		for _, f := range p.Flows {
			flows[f.SourceRef] = append(flows[f.SourceRef], StepFlow{ID: f.ID, Name: f.Name, Target: f.TargetRef, TargetName: names[f.TargetRef]})
		}
		for _, n := range p.Nodes {
			out = append(out, Step{Process: p.ID, ID: n.ID, Name: n.Name, Kind: n.Kind, Lane: lanes[n.Lane],
				Parent: n.Parent, Activity: leaf[n.ID], Attrs: n.Attrs, Out: flows[n.ID]})
		}
	}
	return out
}

// NodeKinds lists the flow node kinds the reader knows, sorted.
func NodeKinds() []string {
	out := make([]string, 0, len(nodeKinds))
	for k := range nodeKinds {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// ElementTime is the time one element adds to a case.
type ElementTime struct {
	Name        string
	Minutes     float64 // tv:employeeMinutes (0 when missing)
	WaitingDays float64
	Known       bool // the element carries employee minutes or waiting days
}

// ElementTimes returns the time of every flow node of d by id.
func ElementTimes(d *Definitions) map[string]ElementTime {
	out := map[string]ElementTime{}
	for _, p := range d.Processes {
		for _, n := range p.Nodes {
			t := ElementTime{Name: nodeName(&n)}
			if v := n.Attrs.EmployeeMinutes; v != nil {
				t.Minutes, t.Known = *v, true
			}
			if v := n.Attrs.WaitingDays; v != nil {
				t.WaitingDays, t.Known = *v, true
			}
			out[n.ID] = t
		}
	}
	return out
}

// Delta is a metric of two processes and their difference (b − a).
type Delta struct {
	From, To, Change float64
}

func delta(a, b float64) Delta { return Delta{From: a, To: b, Change: b - a} }

// Comparison sets the as-is processes (their mean), the to-be and the
// adapted process of one service side by side.
type Comparison struct {
	AsIsCount int // as-is processes averaged
	AsIs      *Figures
	ToBe      *Figures
	Adapted   *Figures
	// SavedMinutes is the employee minutes per case the target saves
	// against the as-is mean: the adapted process when there is one (it is
	// what can be done), else the to-be. Nil when either side is missing.
	SavedMinutes *float64
	// SavedLeadMinutes is the same for lead time.
	SavedLeadMinutes *float64
	// PotentialMinutes is what the to-be process would save against the
	// as-is mean if no obstacle stood in the way; nil without both.
	PotentialMinutes *float64
	// ObstaclePrice is what the obstacles cost: adapted minus to-be, in
	// employee minutes and lead minutes per case. Nil without both.
	ObstaclePrice *ObstaclePrice
}

// ObstaclePrice is the to-be gain the obstacles take away, per case.
type ObstaclePrice struct {
	TouchMinutes float64
	LeadMinutes  float64
}

// Compare builds the comparison of a service from the totals of its as-is
// processes and of its to-be and adapted processes (nil when missing).
func Compare(asIs []Figures, toBe, adapted *Figures) Comparison {
	c := Comparison{AsIsCount: len(asIs), ToBe: toBe, Adapted: adapted}
	if len(asIs) > 0 {
		m := MeanFigures(asIs)
		c.AsIs = &m
	}
	target := adapted
	if target == nil {
		target = toBe
	}
	if c.AsIs != nil && target != nil {
		s := c.AsIs.TouchMinutes - target.TouchMinutes
		l := c.AsIs.LeadMinutes - target.LeadMinutes
		c.SavedMinutes, c.SavedLeadMinutes = &s, &l
	}
	if c.AsIs != nil && toBe != nil {
		p := c.AsIs.TouchMinutes - toBe.TouchMinutes
		c.PotentialMinutes = &p
	}
	if toBe != nil && adapted != nil {
		c.ObstaclePrice = &ObstaclePrice{
			TouchMinutes: adapted.TouchMinutes - toBe.TouchMinutes,
			LeadMinutes:  adapted.LeadMinutes - toBe.LeadMinutes,
		}
	}
	return c
}

// MeanFigures averages the numeric figures of fs (counts become fractional
// means); Incomplete is the union, capped as Compute caps it.
func MeanFigures(fs []Figures) Figures {
	var m Figures
	if len(fs) == 0 {
		return m
	}
	n := float64(len(fs))
	inc := map[string]bool{}
	var sums [len(metricNames)]float64
	for _, f := range fs {
		for i, v := range f.values() {
			sums[i] += v
		}
		for _, s := range f.Incomplete {
			inc[s] = true
		}
		// What the inputs no longer list is not known entry by entry:
		// the mean reports at least the largest of their remainders.
		m.IncompleteMore = max(m.IncompleteMore, f.IncompleteMore)
	}
	for i := range sums {
		sums[i] /= n
	}
	m.setValues(sums)
	for s := range inc {
		m.Incomplete = append(m.Incomplete, s)
	}
	slices.Sort(m.Incomplete)
	m.capIncomplete()
	return m
}

// metricNames are the figures a harmonisation view spreads, in the order
// values returns them.
var metricNames = [...]string{"activities", "manual", "user", "automated", "automation_share", "hand_offs",
	"media_breaks", "rework_loops", "touch_minutes", "lead_minutes", "value_adding_minutes",
	"cycle_efficiency", "control_flow_complexity"}

// MetricNames returns the keys of the figures Harmonise spreads.
func MetricNames() []string { return metricNames[:] }

// Values are the figures in the order of MetricNames.
func (f Figures) Values() []float64 {
	v := f.values()
	return v[:]
}

func (f Figures) values() [len(metricNames)]float64 {
	return [...]float64{float64(f.Activities), float64(f.Manual), float64(f.User), float64(f.Automated),
		f.AutomationShare, float64(f.HandOffs), float64(f.MediaBreaks), float64(f.ReworkLoops),
		f.TouchMinutes, f.LeadMinutes, f.ValueAddingMinutes, f.CycleEfficiency, float64(f.ControlFlowComplexity)}
}

// setValues sets the figures from means; counts are rounded to whole
// numbers since Figures holds them as ints, except that the shares and
// minutes stay exact.
func (f *Figures) setValues(v [len(metricNames)]float64) {
	r := func(x float64) int { return int(math.Round(x)) }
	f.Activities, f.Manual, f.User, f.Automated = r(v[0]), r(v[1]), r(v[2]), r(v[3])
	f.AutomationShare, f.HandOffs, f.MediaBreaks, f.ReworkLoops = v[4], r(v[5]), r(v[6]), r(v[7])
	f.TouchMinutes, f.LeadMinutes, f.ValueAddingMinutes = v[8], v[9], v[10]
	f.CycleEfficiency, f.ControlFlowComplexity = v[11], r(v[12])
}

// Spread is the distribution of one metric across municipalities.
type Spread struct {
	Metric                    string
	Min, Median, Max          float64
	Mean, StdDev              float64
	CV                        float64 // coefficient of variation: StdDev / Mean (0 when the mean is 0)
	MinAt, MaxAt              []int   // indexes of the processes holding the min and max
	BestGap                   float64 // Mean − Min for metrics where less is better, else Max − Mean
	LowerIsBetter, Comparable bool
}

// lowerIsBetter says for each metric whether a lower value is the better
// practice; automation share, value-adding time and cycle efficiency are
// better high.
var lowerIsBetter = map[string]bool{"activities": true, "manual": true, "hand_offs": true,
	"media_breaks": true, "rework_loops": true, "touch_minutes": true, "lead_minutes": true,
	"control_flow_complexity": true}

// Harmonise returns the spread of every metric over the as-is processes of
// the municipalities of one service, in MetricNames order. The variation
// between them is improvement potential: BestGap is how far the mean is
// from the best municipality.
func Harmonise(fs []Figures) []Spread {
	out := make([]Spread, len(metricNames))
	cols := make([][]float64, len(metricNames))
	for _, f := range fs {
		for i, v := range f.values() {
			cols[i] = append(cols[i], v)
		}
	}
	for i, name := range metricNames {
		s := Spread{Metric: name, LowerIsBetter: lowerIsBetter[name], Comparable: len(fs) > 0}
		xs := cols[i]
		if len(xs) == 0 {
			out[i] = s
			continue
		}
		sorted := slices.Clone(xs)
		slices.Sort(sorted)
		s.Min, s.Max = sorted[0], sorted[len(sorted)-1]
		if k := len(sorted); k%2 == 1 {
			s.Median = sorted[k/2]
		} else {
			s.Median = (sorted[k/2-1] + sorted[k/2]) / 2
		}
		var sum float64
		for _, x := range xs {
			sum += x
		}
		s.Mean = sum / float64(len(xs))
		var ss float64
		for j, x := range xs {
			ss += (x - s.Mean) * (x - s.Mean)
			if x == s.Min {
				s.MinAt = append(s.MinAt, j)
			}
			if x == s.Max {
				s.MaxAt = append(s.MaxAt, j)
			}
		}
		if len(xs) > 1 {
			s.StdDev = math.Sqrt(ss / float64(len(xs)-1))
		}
		if s.Mean != 0 {
			s.CV = s.StdDev / math.Abs(s.Mean)
		}
		if s.LowerIsBetter {
			s.BestGap = s.Mean - s.Min
		} else {
			s.BestGap = s.Max - s.Mean
		}
		out[i] = s
	}
	return out
}

// ObstacleCost is what one obstacle costs per case: the blocked element's
// time in the adapted process minus its time in the to-be process.
type ObstacleCost struct {
	Minutes     float64
	WaitingDays float64
	// Comparable is false when the element is missing from either process
	// or carries no times in one of them: the cost is then unknown and is
	// not guessed.
	Comparable bool
}

// CostOf compares an element of the to-be and the adapted process by id.
func CostOf(toBe, adapted map[string]ElementTime, element string) ObstacleCost {
	a, okA := toBe[element]
	b, okB := adapted[element]
	if !okA || !okB || !a.Known || !b.Known {
		return ObstacleCost{}
	}
	return ObstacleCost{Minutes: b.Minutes - a.Minutes, WaitingDays: b.WaitingDays - a.WaitingDays, Comparable: true}
}
