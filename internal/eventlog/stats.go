package eventlog

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"strings"
	"unsafe"
)

// Stats computes the log's figures, after the last Add (it sorts the
// cases' events in place; calling it again gives the same figures).
//
// Definitions (pm4py's and bupaR's where they define the same figure):
//   - Cases are the case ids with at least one event; Events counts every
//     event kept, whatever its lifecycle transition; Activities and
//     Resources count the distinct names over those events.
//   - Within a case, events are ordered by time; equal times keep the
//     file's order.
//   - Activity occurrences are the events whose lifecycle transition is
//     "complete" or absent, when the log has any such; otherwise every
//     event. Variants, start and end activities, activity frequencies,
//     rework, hand-overs and the directly-follows graph count occurrences,
//     so an activity logged with start and complete counts once.
//   - A variant is a distinct sequence of activity occurrences (pm4py's
//     variant; bupaR's trace); Share is its cases over all cases.
//   - Case duration is the time from a case's first to its last event,
//     any lifecycle (pm4py's case duration, bupaR's throughput time).
//     Median and P90 interpolate linearly between closest ranks (numpy's
//     default).
//   - From and To are the first and last event of the log (UTC); cases per
//     year count each case in the UTC year of its first event.
//   - Rework: an activity occurring more than once in a case; ReworkCases
//     counts such cases, ReworkEvents the occurrences beyond the first.
//   - An edge A→B of the directly-follows graph counts B's occurrence
//     directly after A's in a case (pm4py's frequency DFG); its median
//     is over the times between the two (pm4py's performance DFG, which
//     uses the median too). An activity's MedianWaitSeconds is over the
//     times from the previous occurrence in its case to it.
//   - A hand-over is two consecutive occurrences of a case by different
//     resources, both named (pm4py's handover of work, without the
//     indirect ones).
//   - First reply (Noark): per case, from its first incoming event to the
//     first outgoing event after it; cases without both are left out.
//   - OpenCases counts the cases with events told open by SetOpen.
func (b *Builder) Stats() Stats {
	s := Stats{
		Format:          b.format,
		CasesPerYear:    []YearCount{},
		StartActivities: []Count{},
		EndActivities:   []Count{},
		ActivityList:    []Activity{},
		TopVariants:     []Variant{},
		Handovers:       []Handover{},
		DFG:             DFG{Nodes: []Count{}, Edges: []Edge{}, Start: []Count{}, End: []Count{}},
	}
	nAct := len(b.acts.names)
	actSeen := make([]bool, nAct)
	resSeen := make([]bool, len(b.res.names))
	type actAcc struct {
		events, cases, reworkCases, reworkEvents int
		waits                                    []float64
	}
	acts := make([]actAcc, nAct)
	perCase := make([]int32, nAct) // occurrences of each activity in the case at hand
	starts := make([]int, nAct)
	ends := make([]int, nAct)
	years := map[int]int{}
	type edgeAcc struct {
		count int
		waits []float64
	}
	edges := map[uint64]*edgeAcc{}
	handovers := map[uint64]int{}
	type variantAcc struct {
		acts  []int32
		cases int
	}
	variantIdx := map[string]int{}
	var variants []variantAcc
	var durations, replies []float64
	var occ []event
	var key []byte
	minT, maxT := int64(math.MaxInt64), int64(math.MinInt64)
	open, empty := 0, 0

	for ci := range b.cases {
		c := &b.cases[ci]
		ev := c.ev
		if len(ev) == 0 {
			empty++
			continue
		}
		sortCase(ev)
		s.Cases++
		if c.open == 1 {
			open++
		}
		first, last := ev[0].t, ev[len(ev)-1].t
		minT, maxT = min(minT, first), max(maxT, last)
		durations = append(durations, seconds(last-first))
		years[utc(first).Year()]++

		occ = occ[:0]
		for _, e := range ev {
			actSeen[e.act] = true
			if e.res >= 0 {
				resSeen[e.res] = true
			}
			if !b.anyOcc || e.kind&kindOcc != 0 {
				occ = append(occ, e)
			}
		}

		key = key[:0]
		for i, e := range occ {
			key = append(key, byte(e.act), byte(e.act>>8), byte(e.act>>16), byte(e.act>>24))
			a := &acts[e.act]
			a.events++
			perCase[e.act]++
			if i == 0 {
				continue
			}
			p := occ[i-1]
			w := seconds(e.t - p.t)
			a.waits = append(a.waits, w)
			ek := uint64(uint32(p.act))<<32 | uint64(uint32(e.act))
			ea := edges[ek]
			if ea == nil {
				ea = &edgeAcc{}
				edges[ek] = ea
			}
			ea.count++
			ea.waits = append(ea.waits, w)
			if p.res >= 0 && e.res >= 0 && p.res != e.res {
				handovers[uint64(uint32(p.res))<<32|uint64(uint32(e.res))]++
			}
		}
		for _, e := range occ {
			if n := perCase[e.act]; n > 0 {
				a := &acts[e.act]
				a.cases++
				if n > 1 {
					a.reworkCases++
					a.reworkEvents += int(n) - 1
				}
				perCase[e.act] = 0
			}
		}
		if len(occ) > 0 {
			starts[occ[0].act]++
			ends[occ[len(occ)-1].act]++
		}
		if vi, ok := variantIdx[unsafe.String(unsafe.SliceData(key), len(key))]; ok {
			variants[vi].cases++
		} else {
			seq := make([]int32, len(occ))
			for i, e := range occ {
				seq[i] = e.act
			}
			variantIdx[string(key)] = len(variants)
			variants = append(variants, variantAcc{acts: seq, cases: 1})
		}

		if b.anyDir {
			if w, ok := firstReply(ev); ok {
				replies = append(replies, w)
			}
		}
	}

	for _, seen := range actSeen {
		if seen {
			s.Activities++
		}
	}
	for _, seen := range resSeen {
		if seen {
			s.Resources++
		}
	}
	s.Events = b.events
	s.Variants = len(variants)
	s.CaseDuration = summarise(durations)
	if s.Cases > 0 {
		s.From, s.To = utc(minT), utc(maxT)
	}
	for y, n := range years {
		s.CasesPerYear = append(s.CasesPerYear, YearCount{Year: y, Cases: n})
	}
	slices.SortFunc(s.CasesPerYear, func(a, b YearCount) int { return cmp.Compare(a.Year, b.Year) })

	for i, a := range acts {
		if a.events == 0 {
			continue
		}
		name := b.acts.names[i]
		s.ActivityList = append(s.ActivityList, Activity{
			Name: name, Events: a.events, Cases: a.cases,
			ReworkCases: a.reworkCases, ReworkEvents: a.reworkEvents,
			MedianWaitSeconds: quantile(sortedCopy(a.waits), 0.5),
		})
		s.DFG.Nodes = append(s.DFG.Nodes, Count{Name: name, Count: a.events})
		if starts[i] > 0 {
			s.StartActivities = append(s.StartActivities, Count{Name: name, Count: starts[i]})
		}
		if ends[i] > 0 {
			s.EndActivities = append(s.EndActivities, Count{Name: name, Count: ends[i]})
		}
	}
	slices.SortFunc(s.ActivityList, func(a, b Activity) int {
		return cmp.Or(cmp.Compare(b.Events, a.Events), strings.Compare(a.Name, b.Name))
	})
	sortCounts(s.DFG.Nodes)
	sortCounts(s.StartActivities)
	sortCounts(s.EndActivities)
	s.DFG.Start = slices.Clone(s.StartActivities)
	s.DFG.End = slices.Clone(s.EndActivities)

	for k, ea := range edges {
		s.DFG.Edges = append(s.DFG.Edges, Edge{
			From: b.acts.names[k>>32], To: b.acts.names[uint32(k)],
			Count: ea.count, MedianSeconds: quantile(sortedCopy(ea.waits), 0.5),
		})
	}
	slices.SortFunc(s.DFG.Edges, func(a, b Edge) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.From, b.From), strings.Compare(a.To, b.To))
	})
	for k, n := range handovers {
		s.Handovers = append(s.Handovers, Handover{From: b.res.names[k>>32], To: b.res.names[uint32(k)], Count: n})
	}
	slices.SortFunc(s.Handovers, func(a, b Handover) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.From, b.From), strings.Compare(a.To, b.To))
	})

	slices.SortFunc(variants, func(x, y variantAcc) int {
		if c := cmp.Compare(y.cases, x.cases); c != 0 {
			return c
		}
		for i := 0; i < len(x.acts) && i < len(y.acts); i++ {
			if c := strings.Compare(b.acts.names[x.acts[i]], b.acts.names[y.acts[i]]); c != 0 {
				return c
			}
		}
		return cmp.Compare(len(x.acts), len(y.acts))
	})
	for _, v := range variants[:min(len(variants), MaxVariants)] {
		names := make([]string, len(v.acts))
		for i, a := range v.acts {
			names[i] = b.acts.names[a]
		}
		s.TopVariants = append(s.TopVariants, Variant{Activities: names, Cases: v.cases, Share: float64(v.cases) / float64(s.Cases)})
	}

	if b.anyDir || b.format == FormatNoark {
		d := summarise(replies)
		s.FirstReply = &d
		s.FirstReplyCases = len(replies)
	}
	if b.anyOpen {
		s.OpenCases = &open
	}
	warnings := maps.Clone(b.warnings)
	if empty > 0 {
		warnings[WarnCaseWithoutEvents] += empty
	}
	for code, n := range warnings {
		s.Warnings = append(s.Warnings, Count{Name: code, Count: n})
	}
	sortCounts(s.Warnings)
	return s
}

// firstReply is the time from the case's first incoming event to the
// first outgoing event after it; ok is false when there is none.
func firstReply(ev []event) (float64, bool) {
	for i, e := range ev {
		if e.kind&kindIn == 0 {
			continue
		}
		for _, o := range ev[i+1:] {
			if o.kind&kindOut != 0 {
				return seconds(o.t - e.t), true
			}
		}
		return 0, false
	}
	return 0, false
}

func seconds(ns int64) float64 { return float64(ns) / 1e9 }

func sortCounts(cs []Count) {
	slices.SortFunc(cs, func(a, b Count) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Name, b.Name))
	})
}

func sortedCopy(xs []float64) []float64 {
	xs = slices.Clone(xs)
	slices.Sort(xs)
	return xs
}

// summarise gives the median, mean, P90, min and max of xs (zeros when xs
// is empty). It sorts xs.
func summarise(xs []float64) Durations {
	if len(xs) == 0 {
		return Durations{}
	}
	slices.Sort(xs)
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return Durations{
		Median: quantile(xs, 0.5),
		Mean:   sum / float64(len(xs)),
		P90:    quantile(xs, 0.9),
		Min:    xs[0],
		Max:    xs[len(xs)-1],
	}
}

// quantile is numpy's default (linear) quantile of sorted xs: the value at
// rank q·(n−1), interpolated between its neighbours. Zero for no values.
func quantile(sorted []float64, q float64) float64 {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	pos := q * float64(n-1)
	lo := int(math.Floor(pos))
	if lo >= n-1 {
		return sorted[n-1]
	}
	frac := pos - float64(lo)
	return sorted[lo] + frac*(sorted[lo+1]-sorted[lo])
}
