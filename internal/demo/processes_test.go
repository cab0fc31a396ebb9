package demo

import (
	"bytes"
	"slices"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue/opencatalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/process/layout"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer"
)

// figures builds, parses and scores one spec, failing the test on any
// error or on any metric the model leaves incomplete.
func figures(t *testing.T, s layout.Spec) (process.Figures, *process.Definitions) {
	t.Helper()
	b, err := layout.Build(s)
	if err != nil {
		t.Fatalf("Build(%s): %v", s.ID, err)
	}
	d, err := process.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("Parse(%s): %v", s.ID, err)
	}
	f := process.Compute(d).Total
	if len(f.Incomplete) > 0 {
		t.Errorf("%s: incomplete %v", s.ID, f.Incomplete)
	}
	for _, n := range d.Processes[0].Nodes {
		a := n.Attrs
		switch {
		case n.IsTask():
			if a.EmployeeMinutes == nil || a.WaitingDays == nil || a.Medium == "" || a.ValueClass == "" || a.Automated == nil {
				t.Errorf("%s: task %s lacks a figure: %+v", s.ID, n.ID, a)
			}
			if (n.Kind == "userTask" || n.Kind == "manualTask") && *a.Automated {
				t.Errorf("%s: %s %s is marked automated", s.ID, n.Kind, n.ID)
			}
			if n.Kind == "userTask" && a.System == "" {
				t.Errorf("%s: user task %s names no system", s.ID, n.ID)
			}
		case n.Kind == "intermediateCatchEvent" && a.WaitingDays == nil:
			t.Errorf("%s: event %s has no waiting days", s.ID, n.ID)
		}
	}
	return f, d
}

func mean(fs []process.Figures, get func(process.Figures) float64) float64 {
	sum := 0.0
	for _, f := range fs {
		sum += get(f)
	}
	return sum / float64(len(fs))
}

func touch(f process.Figures) float64 { return f.TouchMinutes }
func lead(f process.Figures) float64  { return f.LeadMinutes }

// TestProcessSets checks every demo process: it builds, parses and has all
// its figures, and the figures tell the story the demo is for — seven
// different as-is processes, a to-be with less work and fewer hand-offs,
// an adapted process between the two.
func TestProcessSets(t *testing.T) {
	batch, err := transfer.ReadCSV(opencatalogue.Services(), opencatalogue.FileName)
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for _, s := range batch.Services {
		slugs = append(slugs, s.Service.Slug)
	}
	processIDs := map[string]bool{}
	sets := ProcessSets()
	if len(sets) != 3 {
		t.Fatalf("%d process sets, want 3", len(sets))
	}
	for _, set := range sets {
		t.Run(set.Service, func(t *testing.T) {
			if !slices.Contains(slugs, set.Service) {
				t.Errorf("service %q is not in the open catalogue", set.Service)
			}
			for _, s := range append([]layout.Spec{set.ToBe, set.Adapted}, specsOf(set)...) {
				if processIDs[s.ID] {
					t.Errorf("process id %s used twice", s.ID)
				}
				processIDs[s.ID] = true
			}

			var asIs []process.Figures
			byKey := map[string]process.Figures{}
			for _, m := range fosen {
				s, ok := set.AsIs[m.key]
				if !ok {
					t.Fatalf("no as-is process for %s", m.key)
				}
				f, _ := figures(t, s)
				asIs = append(asIs, f)
				byKey[m.key] = f
				t.Logf("as-is %-8s touch %4.0f min  lead %5.1f d  hand-offs %d  media breaks %2d  loops %d",
					m.key, f.TouchMinutes, f.LeadMinutes/process.DefaultMinutesPerDay, f.HandOffs, f.MediaBreaks, f.ReworkLoops)
				if f.ReworkLoops == 0 {
					t.Errorf("%s: no rework loop", s.ID)
				}
			}
			if len(set.AsIs) != len(fosen) {
				t.Errorf("%d as-is processes, want %d", len(set.AsIs), len(fosen))
			}
			touches := map[float64]string{}
			for key, f := range byKey {
				if other, dup := touches[f.TouchMinutes]; dup {
					t.Errorf("%s and %s have the same touch time %v", key, other, f.TouchMinutes)
				}
				touches[f.TouchMinutes] = key
			}
			for _, small := range []string{"roan", "osen"} {
				for _, large := range []string{"rissa", "leksvik", "orland", "bjugn", "afjord"} {
					if byKey[small].HandOffs >= byKey[large].HandOffs {
						t.Errorf("%s has %d hand-offs, not fewer than %s's %d", small, byKey[small].HandOffs, large, byKey[large].HandOffs)
					}
				}
			}

			toBe, toBeDefs := figures(t, set.ToBe)
			adapted, adaptedDefs := figures(t, set.Adapted)
			meanTouch, meanLead := mean(asIs, touch), mean(asIs, lead)
			t.Logf("as-is mean touch %.0f min, lead %.1f d", meanTouch, meanLead/process.DefaultMinutesPerDay)
			for name, f := range map[string]process.Figures{"to-be": toBe, "adapted": adapted} {
				t.Logf("%-8s touch %4.0f min  lead %5.1f d  hand-offs %d  media breaks %2d  automation %.0f %%",
					name, f.TouchMinutes, f.LeadMinutes/process.DefaultMinutesPerDay, f.HandOffs, f.MediaBreaks, 100*f.AutomationShare)
			}
			for _, f := range asIs {
				if toBe.TouchMinutes >= f.TouchMinutes || toBe.LeadMinutes >= f.LeadMinutes || toBe.HandOffs > f.HandOffs {
					t.Errorf("to-be (touch %v, lead %v, hand-offs %d) is not better than an as-is (%v, %v, %d)",
						toBe.TouchMinutes, toBe.LeadMinutes, toBe.HandOffs, f.TouchMinutes, f.LeadMinutes, f.HandOffs)
				}
			}
			if !(toBe.TouchMinutes < adapted.TouchMinutes && adapted.TouchMinutes < meanTouch) {
				t.Errorf("adapted touch %v not between to-be %v and as-is mean %v", adapted.TouchMinutes, toBe.TouchMinutes, meanTouch)
			}
			if !(toBe.LeadMinutes <= adapted.LeadMinutes && adapted.LeadMinutes < meanLead) {
				t.Errorf("adapted lead %v not between to-be %v and as-is mean %v", adapted.LeadMinutes, toBe.LeadMinutes, meanLead)
			}
			if toBe.AutomationShare <= 0 || adapted.AutomationShare >= toBe.AutomationShare {
				t.Errorf("automation share to-be %v, adapted %v", toBe.AutomationShare, adapted.AutomationShare)
			}

			checkObstacles(t, set, toBeDefs, adaptedDefs)
		})
	}
}

func specsOf(set ProcessSet) []layout.Spec {
	var out []layout.Spec
	for _, m := range fosen {
		out = append(out, set.AsIs[m.key])
	}
	return out
}

// checkObstacles checks that each obstacle blocks a step of the to-be that
// the adapted process keeps (same id) and does worse, so that its price can
// be computed per element.
func checkObstacles(t *testing.T, set ProcessSet, toBe, adapted *process.Definitions) {
	t.Helper()
	if n := len(set.Obstacles); n < 2 || n > 4 {
		t.Errorf("%d obstacles, want 2 to 4", n)
	}
	nodes := func(d *process.Definitions) map[string]process.Node {
		m := map[string]process.Node{}
		for _, n := range d.Processes[0].Nodes {
			m[n.ID] = n
		}
		return m
	}
	tb, ad := nodes(toBe), nodes(adapted)
	if len(tb) != len(ad) {
		t.Errorf("to-be has %d nodes, adapted %d", len(tb), len(ad))
	}
	categories := []string{"law", "organisational", "technological", "economic", "other"}
	statuses := []string{"open", "in-progress", "resolved", "accepted"}
	for _, o := range set.Obstacles {
		if !slices.Contains(categories, o.Category) || !slices.Contains(statuses, o.Status) {
			t.Errorf("obstacle %s: category %q, status %q", o.Element, o.Category, o.Status)
		}
		if (o.Category == "law") != (o.LegalReference != "") {
			t.Errorf("obstacle %s: category %s with legal reference %q", o.Element, o.Category, o.LegalReference)
		}
		if o.Description == "" || o.Remedy == "" {
			t.Errorf("obstacle %s lacks a description or remedy", o.Element)
		}
		before, ok1 := tb[o.Element]
		after, ok2 := ad[o.Element]
		if !ok1 || !ok2 {
			t.Errorf("obstacle element %s: in to-be %v, in adapted %v", o.Element, ok1, ok2)
			continue
		}
		cost := func(n process.Node) float64 {
			c := 0.0
			if n.Attrs.EmployeeMinutes != nil {
				c += *n.Attrs.EmployeeMinutes
			}
			if n.Attrs.WaitingDays != nil {
				c += *n.Attrs.WaitingDays * process.DefaultMinutesPerDay
			}
			return c
		}
		if cost(after) <= cost(before) {
			t.Errorf("obstacle %s costs nothing: to-be %+v, adapted %+v", o.Element, before.Attrs, after.Attrs)
		}
	}
}

// TestByggesakWithinDeadline keeps the building permit's as-is lead times
// within the 12 weeks of plan- og bygningsloven § 21-7, counted in working
// days.
func TestByggesakWithinDeadline(t *testing.T) {
	for _, set := range ProcessSets() {
		if set.Service != "byggesak-ettrinns" {
			continue
		}
		for key, s := range set.AsIs {
			f, _ := figures(t, s)
			if weeks := f.LeadMinutes / process.DefaultMinutesPerDay / 5; weeks > 12 {
				t.Errorf("%s: lead time %.1f weeks, over 12", key, weeks)
			}
			if f.TouchMinutes < 180 || f.TouchMinutes > 480 {
				t.Errorf("%s: touch time %v min, want a few hours to a day's work", key, f.TouchMinutes)
			}
		}
	}
}

// TestProcessSetsDeterministic checks that two calls give the same files
// and that changing one set does not change the next call's.
func TestProcessSetsDeterministic(t *testing.T) {
	a, b := ProcessSets(), ProcessSets()
	a[0].Adapted.Steps[0].Name = "endret"
	*a[0].ToBe.Steps[1].Minutes = 999
	if *a[0].Adapted.Steps[1].Minutes == 999 {
		t.Error("to-be and adapted share a figure")
	}
	c := ProcessSets()
	for i := range b {
		for _, pair := range [][2]layout.Spec{{b[i].ToBe, c[i].ToBe}, {b[i].Adapted, c[i].Adapted}, {b[i].AsIs["osen"], c[i].AsIs["osen"]}} {
			x, err := layout.Build(pair[0])
			if err != nil {
				t.Fatal(err)
			}
			y, err := layout.Build(pair[1])
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(x, y) {
				t.Errorf("%s differs between calls", pair[0].ID)
			}
		}
	}
}
