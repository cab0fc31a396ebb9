package layout_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/process/layout"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func ptr[T any](v T) *T { return &v }

// small is worked out by hand in TestSmallMetrics: three lanes, a rework
// loop back to the assessment, a wait for a reply, names that need
// escaping.
func small() layout.Spec {
	const soker, sak, leder = "Søker", "Saksbehandler & <co>", "Leder"
	return layout.Spec{
		ID: "Process_Liten", Name: `Liten søknad "prøve" & <test>`,
		Lanes: []string{soker, sak, leder},
		Steps: []layout.Step{
			{ID: "Start", Name: "Søknad", Kind: "startEvent", Lane: soker},
			{ID: "Task_Soke", Name: "Søke i portalen", Kind: "userTask", Lane: soker, Minutes: ptr(0.0), WaitingDays: ptr(1.0),
				Actor: "Søker", System: "Portal", Medium: "portal", ValueClass: "business-necessary", Automated: ptr(false)},
			{ID: "Task_Vurdere", Name: "Vurdere søknaden", Kind: "userTask", Lane: sak, Minutes: ptr(60.0), WaitingDays: ptr(2.0),
				System: "Sak", Medium: "system", ValueClass: "value-adding"},
			{ID: "Gw_Komplett", Name: "Komplett?", Kind: "exclusiveGateway", Lane: sak},
			{ID: "Task_Godkjenne", Name: "Godkjenne", Kind: "userTask", Lane: leder, Minutes: ptr(15.0), WaitingDays: ptr(1.5),
				System: "Sak", Medium: "system", ValueClass: "business-necessary"},
			{ID: "Task_Mangel", Name: "Be om <mer> & æøå", Kind: "manualTask", Lane: sak, Minutes: ptr(10.0), WaitingDays: ptr(5.0),
				Medium: "email", ValueClass: "non-value-adding", Automated: ptr(false)},
			{ID: "Event_Vent", Name: "Svar mottatt", Kind: "intermediateCatchEvent", Lane: leder, WaitingDays: ptr(0.5)},
			{ID: "Task_Sende", Name: "Sende vedtak", Kind: "sendTask", Lane: sak, Minutes: ptr(2.5), WaitingDays: ptr(0.0),
				Medium: "email", ValueClass: "business-necessary"},
			{ID: "End", Name: "Vedtak sendt", Kind: "endEvent", Lane: sak},
		},
		Flows: []layout.Flow{
			{From: "Start", To: "Task_Soke"},
			{From: "Task_Soke", To: "Task_Vurdere"},
			{From: "Task_Vurdere", To: "Gw_Komplett"},
			{From: "Gw_Komplett", To: "Task_Godkjenne", Name: "Ja"},
			{From: "Gw_Komplett", To: "Task_Mangel", Name: "Nei"},
			{ID: "Flow_Tilbake", From: "Task_Mangel", To: "Task_Vurdere", Name: "Ettersendt"},
			{From: "Task_Godkjenne", To: "Event_Vent"},
			{From: "Event_Vent", To: "Task_Sende"},
			{From: "Task_Sende", To: "End"},
		},
	}
}

// branches has two tasks in the same lane and column (a parallel split)
// and a flow skipping over a row, with no lanes at all.
func branches() layout.Spec {
	return layout.Spec{
		Name: "Parallelt",
		Steps: []layout.Step{
			{ID: "S", Kind: "startEvent"},
			{ID: "Split", Kind: "parallelGateway"},
			{ID: "A", Name: "A", Kind: "task"},
			{ID: "B", Name: "B", Kind: "task"},
			{ID: "B2", Name: "B2", Kind: "task"},
			{ID: "Join", Kind: "parallelGateway"},
			{ID: "E", Kind: "endEvent"},
		},
		Flows: []layout.Flow{
			{From: "S", To: "Split"}, {From: "Split", To: "A"}, {From: "Split", To: "B"},
			{From: "B", To: "B2"}, {From: "A", To: "Join"}, {From: "B2", To: "Join"}, {From: "Join", To: "E"},
			{From: "S", To: "E", Name: "Snarvei"}, {From: "A", To: "A", Name: "Igjen"},
		},
	}
}

// crossing has back edges that cannot drop or climb straight: a shape
// of another lane sits in the source's or the target's column.
func crossing() layout.Spec {
	return layout.Spec{
		ID: "Process_Kryss", Name: "Kryss", Lanes: []string{"Øvre", "Nedre"},
		Steps: []layout.Step{
			{ID: "S", Kind: "startEvent", Lane: "Nedre"},
			{ID: "A", Name: "A", Kind: "userTask", Lane: "Nedre"},
			{ID: "G", Name: "OK?", Kind: "exclusiveGateway", Lane: "Nedre"},
			{ID: "Up", Name: "Opp", Kind: "task", Lane: "Øvre"},
			{ID: "Back", Name: "Tilbake", Kind: "task", Lane: "Øvre"},
			{ID: "B", Name: "B", Kind: "task", Lane: "Nedre"},
			{ID: "C", Name: "C", Kind: "task", Lane: "Nedre"},
			{ID: "E", Kind: "endEvent", Lane: "Nedre"},
		},
		Flows: []layout.Flow{
			{From: "S", To: "A"}, {From: "A", To: "G"}, {From: "G", To: "B", Name: "Ja"}, {From: "G", To: "Back", Name: "Nei"},
			{From: "Back", To: "A"}, {From: "B", To: "C"}, {From: "C", To: "E"},
			{From: "S", To: "Up"}, {From: "Up", To: "C"}, {From: "C", To: "Up", Name: "Igjen"},
		},
	}
}

func mustBuild(t *testing.T, s layout.Spec) []byte {
	t.Helper()
	b, err := layout.Build(s)
	if err != nil {
		t.Fatalf("Build(%s): %v", s.Name, err)
	}
	return b
}

func mustParse(t *testing.T, b []byte) *process.Definitions {
	t.Helper()
	d, err := process.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, b)
	}
	return d
}

// TestSmallMetrics pins the metrics of small(), worked out by hand with
// 450 minutes per waiting day. Critical path: Søke (0 + 1 d) → Vurdere
// (60 + 2 d) → Godkjenne (15 + 1.5 d) → wait 0.5 d → Sende (2.5); the
// rework branch returns to Vurdere, so it adds no path to the end.
// Hand-offs: Søke→Vurdere, Komplett?→Godkjenne, Svar mottatt→Sende. Media
// breaks: portal→system (Søke→Vurdere), system→email and back (Vurdere and
// Be om), system→email (Godkjenne→Sende).
func TestSmallMetrics(t *testing.T) {
	d := mustParse(t, mustBuild(t, small()))
	m := process.Compute(d)
	lead := 450 + (60 + 900) + (15 + 675) + 225 + 2.5
	want := process.Figures{
		Process: "Process_Liten", Name: `Liten søknad "prøve" & <test>`,
		Activities: 5, Manual: 1, User: 3, Automated: 1, AutomationShare: 0.2,
		HandOffs: 3, MediaBreaks: 4, ReworkLoops: 1,
		TouchMinutes: 87.5, LeadMinutes: lead, ValueAddingMinutes: 60, CycleEfficiency: 60 / lead,
		ControlFlowComplexity: 2,
	}
	if len(m.Processes) != 1 || !reflect.DeepEqual(m.Processes[0], want) {
		t.Errorf("figures = %+v\nwant      %+v", m.Processes, want)
	}
	if len(d.Participants) != 1 || d.Participants[0].ProcessRef != "Process_Liten" || d.Participants[0].Name != want.Name {
		t.Errorf("participants = %+v", d.Participants)
	}
	if d.Diagrams != 1 {
		t.Errorf("diagrams = %d", d.Diagrams)
	}
}

// TestRoundTrip checks that everything in the spec comes back from the
// reader: names with characters XML escapes, lanes, figures.
func TestRoundTrip(t *testing.T) {
	s := small()
	d := mustParse(t, mustBuild(t, s))
	p := d.Processes[0]
	if len(p.Nodes) != len(s.Steps) || len(p.Flows) != len(s.Flows) || len(p.Lanes) != len(s.Lanes) {
		t.Fatalf("nodes, flows, lanes = %d, %d, %d", len(p.Nodes), len(p.Flows), len(p.Lanes))
	}
	laneName := map[string]string{}
	for _, l := range p.Lanes {
		laneName[l.ID] = l.Name
	}
	for i, st := range s.Steps {
		n := p.Nodes[i]
		want := process.Attributes{EmployeeMinutes: st.Minutes, WaitingDays: st.WaitingDays, Actor: st.Actor,
			System: st.System, Medium: st.Medium, ValueClass: st.ValueClass, Automated: st.Automated}
		if n.ID != st.ID || n.Name != st.Name || n.Kind != st.Kind || laneName[n.Lane] != st.Lane || !reflect.DeepEqual(n.Attrs, want) {
			t.Errorf("node %d = %+v (lane %q), want %+v", i, n, laneName[n.Lane], st)
		}
	}
	if f := p.Flows[0]; f.ID != "Flow_Start_Task_Soke" || f.SourceRef != "Start" || f.TargetRef != "Task_Soke" {
		t.Errorf("generated flow = %+v", f)
	}
	if f := p.Flows[5]; f.ID != "Flow_Tilbake" || f.Name != "Ettersendt" {
		t.Errorf("named flow = %+v", f)
	}
}

// TestNumbers checks the compact number format of the attributes.
func TestNumbers(t *testing.T) {
	out := string(mustBuild(t, small()))
	for _, want := range []string{`tv:employeeMinutes="60"`, `tv:employeeMinutes="2.5"`, `tv:waitingDays="1.5"`, `tv:waitingDays="0.5"`, `tv:automated="false"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s", want)
		}
	}
	if strings.Contains(out, ".000") || strings.Contains(out, "e+") {
		t.Error("output has a long or exponent number format")
	}
}

// TestDeterministic builds the same spec twice and compares with the
// golden file (go test -update rewrites it).
func TestDeterministic(t *testing.T) {
	for name, s := range map[string]layout.Spec{"small": small(), "branches": branches(), "crossing": crossing(), "blank": layout.Blank("Søknad om «noe»")} {
		a, b := mustBuild(t, s), mustBuild(t, s)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two builds differ", name)
		}
		golden := filepath.Join("testdata", name+".golden.bpmn")
		if *update {
			if err := os.WriteFile(golden, a, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(a, want) {
			t.Errorf("%s differs from %s (run go test -update after checking the change)", name, golden)
		}
	}
}

// diagram is what the tests read back from the diagram interchange.
type diagram struct {
	Shapes []struct {
		Element    string `xml:"bpmnElement,attr"`
		Horizontal string `xml:"isHorizontal,attr"`
		Bounds     box    `xml:"Bounds"`
	} `xml:"BPMNDiagram>BPMNPlane>BPMNShape"`
	Edges []struct {
		Element   string `xml:"bpmnElement,attr"`
		Waypoints []struct {
			X int `xml:"x,attr"`
			Y int `xml:"y,attr"`
		} `xml:"waypoint"`
	} `xml:"BPMNDiagram>BPMNPlane>BPMNEdge"`
}

type box struct {
	X int `xml:"x,attr"`
	Y int `xml:"y,attr"`
	W int `xml:"width,attr"`
	H int `xml:"height,attr"`
}

func (b box) inside(o box) bool {
	return b.X >= o.X && b.Y >= o.Y && b.X+b.W <= o.X+o.W && b.Y+b.H <= o.Y+o.H
}

func (b box) overlaps(o box) bool {
	return b.X < o.X+o.W && o.X < b.X+b.W && b.Y < o.Y+o.H && o.Y < b.Y+b.H
}

// crossedBy reports whether the axis-parallel segment from (x1, y1) to
// (x2, y2) passes through the inside of b.
func (b box) crossedBy(x1, y1, x2, y2 int) bool {
	if x1 > x2 {
		x1, x2 = x2, x1
	}
	if y1 > y2 {
		y1, y2 = y2, y1
	}
	return x1 < b.X+b.W && x2 > b.X && y1 < b.Y+b.H && y2 > b.Y
}

func (b box) onEdge(x, y int) bool {
	in := x >= b.X && x <= b.X+b.W && y >= b.Y && y <= b.Y+b.H
	return in && (x == b.X || x == b.X+b.W || y == b.Y || y == b.Y+b.H)
}

// TestDiagram checks the drawing of every test spec: ids unique, every
// reference resolved, a shape for the pool, each lane and each node inside
// its lane without overlaps, an orthogonal edge of at least two waypoints
// for every flow, starting and ending on the borders of its nodes.
func TestDiagram(t *testing.T) {
	for _, s := range []layout.Spec{small(), branches(), crossing(), layout.Blank("")} {
		t.Run(s.Name, func(t *testing.T) {
			out := mustBuild(t, s)
			ids, refs := map[string]int{}, map[string]bool{}
			dec := xml.NewDecoder(bytes.NewReader(out))
			for {
				tok, err := dec.Token()
				if err != nil {
					break
				}
				if se, ok := tok.(xml.StartElement); ok {
					for _, a := range se.Attr {
						switch a.Name.Local {
						case "id":
							ids[a.Value]++
						case "bpmnElement", "processRef", "sourceRef", "targetRef":
							refs[a.Value] = true
						}
					}
				}
			}
			for id, n := range ids {
				if n > 1 {
					t.Errorf("id %q used %d times", id, n)
				}
			}
			for r := range refs {
				if ids[r] == 0 {
					t.Errorf("reference to missing id %q", r)
				}
			}

			var dg diagram
			if err := xml.Unmarshal(out, &dg); err != nil {
				t.Fatal(err)
			}
			d := mustParse(t, out)
			p := d.Processes[0]
			shapes := map[string]box{}
			for _, sh := range dg.Shapes {
				shapes[sh.Element] = sh.Bounds
			}
			pool, ok := shapes[d.Participants[0].ID]
			if !ok {
				t.Fatal("no pool shape")
			}
			if dg.Shapes[0].Horizontal != "true" {
				t.Error("pool is not horizontal")
			}
			for _, l := range p.Lanes {
				lb, ok := shapes[l.ID]
				if !ok || !lb.inside(pool) {
					t.Errorf("lane %s: shape %v (%v) not inside pool %v", l.ID, lb, ok, pool)
				}
			}
			for i, n := range p.Nodes {
				b, ok := shapes[n.ID]
				if !ok {
					t.Errorf("node %s has no shape", n.ID)
					continue
				}
				frame := pool
				if n.Lane != "" {
					frame = shapes[n.Lane]
				}
				if !b.inside(frame) {
					t.Errorf("node %s %v outside its lane or pool %v", n.ID, b, frame)
				}
				for _, o := range p.Nodes[i+1:] {
					if b.overlaps(shapes[o.ID]) {
						t.Errorf("nodes %s and %s overlap", n.ID, o.ID)
					}
				}
			}
			edges := map[string]int{}
			for _, e := range dg.Edges {
				edges[e.Element]++
			}
			for _, f := range p.Flows {
				if edges[f.ID] != 1 {
					t.Errorf("flow %s has %d edges", f.ID, edges[f.ID])
				}
			}
			for _, e := range dg.Edges {
				wp := e.Waypoints
				if len(wp) < 2 {
					t.Errorf("edge %s has %d waypoints", e.Element, len(wp))
					continue
				}
				for i := 1; i < len(wp); i++ {
					if wp[i].X != wp[i-1].X && wp[i].Y != wp[i-1].Y {
						t.Errorf("edge %s: segment %d is not orthogonal: %v", e.Element, i, wp)
					}
				}
				var f process.Flow
				for _, ff := range p.Flows {
					if ff.ID == e.Element {
						f = ff
					}
				}
				for _, n := range p.Nodes {
					if n.ID == f.SourceRef || n.ID == f.TargetRef {
						continue
					}
					for i := 1; i < len(wp); i++ {
						if shapes[n.ID].crossedBy(wp[i-1].X, wp[i-1].Y, wp[i].X, wp[i].Y) {
							t.Errorf("edge %s runs through %s: %v", e.Element, n.ID, wp)
						}
					}
				}
				first, last := wp[0], wp[len(wp)-1]
				if !shapes[f.SourceRef].onEdge(first.X, first.Y) || !shapes[f.TargetRef].onEdge(last.X, last.Y) {
					t.Errorf("edge %s %v does not run from %s %v to %s %v", e.Element, wp,
						f.SourceRef, shapes[f.SourceRef], f.TargetRef, shapes[f.TargetRef])
				}
			}
		})
	}
}

// TestColumns checks the ranks: the longest path from the start, the
// rework loop's return not counted, parallel branches stacked.
func TestColumns(t *testing.T) {
	var dg diagram
	if err := xml.Unmarshal(mustBuild(t, branches()), &dg); err != nil {
		t.Fatal(err)
	}
	x := map[string]box{}
	for _, sh := range dg.Shapes {
		x[sh.Element] = sh.Bounds
	}
	centre := func(id string) (int, int) { b := x[id]; return b.X + b.W/2, b.Y + b.H/2 }
	ax, ay := centre("A")
	bx, by := centre("B")
	b2x, _ := centre("B2")
	jx, _ := centre("Join")
	ex, _ := centre("E")
	if ax != bx || ay == by {
		t.Errorf("A (%d,%d) and B (%d,%d) should share a column, one above the other", ax, ay, bx, by)
	}
	if !(b2x > bx && jx > b2x && ex > jx) {
		t.Errorf("columns B %d, B2 %d, Join %d, E %d should increase", bx, b2x, jx, ex)
	}
}

// TestBlank checks the spec of a new process.
func TestBlank(t *testing.T) {
	s := layout.Blank("  Søknad om båtplass ")
	if s.Name != "Søknad om båtplass" || s.ID != "Process_Soknad_om_batplass" {
		t.Errorf("blank = %q %q", s.ID, s.Name)
	}
	d := mustParse(t, mustBuild(t, s))
	p := d.Processes[0]
	kinds := []string{}
	for _, n := range p.Nodes {
		kinds = append(kinds, n.Kind)
	}
	if !reflect.DeepEqual(kinds, []string{"startEvent", "task", "endEvent"}) || len(p.Flows) != 2 {
		t.Errorf("blank process = %v, %d flows", kinds, len(p.Flows))
	}
	if m := process.Compute(d); len(m.Total.Incomplete) == 0 {
		t.Error("a blank process should report what is not filled in")
	}
	if got := layout.Blank("").Name; got != "Ny prosess" {
		t.Errorf("Blank(\"\").Name = %q", got)
	}
}

// TestIDsDoNotClash gives steps the ids Build would generate: the
// generated ones must step aside.
func TestIDsDoNotClash(t *testing.T) {
	s := layout.Spec{
		ID: "P", Name: "P", Lanes: []string{"Å"},
		Steps: []layout.Step{
			{ID: "Flow_A_B", Kind: "startEvent", Lane: "Å"},
			{ID: "A", Kind: "task", Lane: "Å"},
			{ID: "Lane_A", Kind: "task", Lane: "Å"},
			{ID: "A_di", Kind: "endEvent", Lane: "Å"},
		},
		Flows: []layout.Flow{{From: "Flow_A_B", To: "A"}, {From: "A", To: "Lane_A"}, {From: "Lane_A", To: "A_di"}, {ID: "Participant_P", From: "A", To: "A_di"}},
	}
	mustParse(t, mustBuild(t, s)) // Parse refuses duplicate BPMN ids
	var dg diagram
	if err := xml.Unmarshal(mustBuild(t, s), &dg); err != nil {
		t.Fatal(err)
	}
	if len(dg.Shapes) != 1+1+4 || len(dg.Edges) != 4 {
		t.Errorf("shapes, edges = %d, %d", len(dg.Shapes), len(dg.Edges))
	}
}

// TestInvalid checks that every fault is refused with ErrInvalid and a
// message that names the step, flow or lane.
func TestInvalid(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*layout.Spec)
		want   string
	}{
		{"no steps", func(s *layout.Spec) { s.Steps, s.Flows = nil, nil }, "no steps"},
		{"duplicate step", func(s *layout.Spec) { s.Steps[2].ID = "Task_Soke" }, `step "Task_Soke": id used twice`},
		{"step id clashes with flow id", func(s *layout.Spec) { s.Flows[5].ID = "Task_Sende" }, `flow "Task_Sende": id used twice`},
		{"bad id", func(s *layout.Spec) { s.Steps[1].ID = "1 søke" }, `step "1 søke": id is not an XML name`},
		{"no id", func(s *layout.Spec) { s.Steps[1].ID = "" }, `step "Søke i portalen": step 2 has no id`},
		{"bad process id", func(s *layout.Spec) { s.ID = "a:b" }, `process id "a:b"`},
		{"unknown kind", func(s *layout.Spec) { s.Steps[2].Kind = "humanTask" }, `step "Task_Vurdere": unknown kind "humanTask"`},
		{"unknown lane", func(s *layout.Spec) { s.Steps[2].Lane = "Arkiv" }, `step "Task_Vurdere": unknown lane "Arkiv"`},
		{"no lane", func(s *layout.Spec) { s.Steps[2].Lane = "" }, `step "Task_Vurdere": no lane`},
		{"lane without lanes", func(s *layout.Spec) {
			s.Lanes = nil
			for i := range s.Steps {
				s.Steps[i].Lane = ""
			}
			s.Steps[3].Lane = "Leder"
		}, `step "Gw_Komplett": lane "Leder", but the spec has no lanes`},
		{"duplicate lane", func(s *layout.Spec) { s.Lanes = append(s.Lanes, "Leder") }, `lane "Leder": listed twice`},
		{"empty lane name", func(s *layout.Spec) { s.Lanes[1] = " " }, `lane 2 has no name`},
		{"bad medium", func(s *layout.Spec) { s.Steps[2].Medium = "fax" }, `step "Task_Vurdere": medium "fax"`},
		{"bad value class", func(s *layout.Spec) { s.Steps[2].ValueClass = "waste" }, `step "Task_Vurdere": value class "waste"`},
		{"negative minutes", func(s *layout.Spec) { s.Steps[2].Minutes = ptr(-1.0) }, `step "Task_Vurdere": minutes -1`},
		{"infinite wait", func(s *layout.Spec) { s.Steps[6].WaitingDays = ptr(math.Inf(1)) }, `step "Event_Vent": waiting days +Inf`},
		{"unknown source", func(s *layout.Spec) { s.Flows[1].From = "Task_X" }, `flow "Task_X → Task_Vurdere": from unknown step "Task_X"`},
		{"unknown target", func(s *layout.Spec) { s.Flows[5].To = "Task_Y" }, `flow "Flow_Tilbake": to unknown step "Task_Y"`},
		{"out of end", func(s *layout.Spec) { s.Flows[8].From, s.Flows[8].To = "End", "Task_Sende" }, `leaves end event "End"`},
		{"into start", func(s *layout.Spec) { s.Flows[5].To = "Start" }, `enters start event "Start"`},
		{"bad flow id", func(s *layout.Spec) { s.Flows[0].ID = "Flow 1" }, `flow "Flow 1": id is not an XML name`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := small()
			tc.change(&s)
			_, err := layout.Build(s)
			if !errors.Is(err, layout.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			var se *layout.SpecError
			if !errors.As(err, &se) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want a *SpecError containing %q", err, tc.want)
			}
		})
	}
}
