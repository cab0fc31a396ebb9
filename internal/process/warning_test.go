package process_test

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// Issue 15, item 6: files that SAP Signavio, Visual Paradigm and ARIS
// export, and that bpmn-js opens with import warnings, are read; what can
// be computed is, and the faults are listed beside the figures.

// codes gives each warning as its code and id, for comparisons that leave
// the line numbers of a test file's layout out.
func codes(ws []process.Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Code+" "+w.ID)
	}
	return out
}

// TestToolFilesWithWarnings reads the three exports with faults and checks
// the figures counted by hand from the drawings without the flows the
// reader leaves out, and the warnings, in the order found.
func TestToolFilesWithWarnings(t *testing.T) {
	for _, tc := range []struct {
		file                              string
		processes, activities, user, auto int
		manual, handOffs, loops, cfc      int
		perProcess                        [][3]int // activities, hand-offs, loops of each process
		flows                             []int    // sequence flows kept per process
		warnings                          []string
		params                            map[string][]string // of a warning by id, when the line is no parameter
	}{
		// Tiltakshaver: fill in (user) and send (send); the flow from
		// "Sende søknad" into the municipality's pool is left out.
		// Kommunen: Registrere (user, Postmottak) → Behandle søknad
		// (Byggesak: Vurdere (user) ⇄ Be om dokumentasjon (task) through
		// Komplett?, then Kan innvilges? → Fatte vedtak (user) or, across
		// the subprocess's border, Sende avslag (send)) → Sende vedtak
		// (service, Postmottak). Hand-offs: into and out of Byggesak, and
		// the message flow with the decision. CFC: two splits of two.
		{file: "signavio-cross-pool.bpmn", processes: 2, activities: 8, user: 4, auto: 3, manual: 0,
			handOffs: 3, loops: 1, cfc: 4,
			perProcess: [][3]int{{2, 0, 0}, {6, 3, 1}}, flows: []int{3, 13},
			warnings: []string{
				process.WarnFlowOtherProcess + " sid-SF-s3",
				process.WarnFlowCrossesSubprocess + " sid-BF-b8",
			},
			params: map[string][]string{
				"sid-SF-s3": {"sid-Process-Soker", "targetRef", "sid-K-REGISTRERE", "sid-Process-Kommune"},
				"sid-BF-b8": {"sid-B-GW-INNVILGE", "sid-K-AVSLAG"},
			}},
		// One pool in two lanes: Registrere (user), Be om dokumentasjon
		// (send) and the 14-day timer looping back to the gateway, Vurdere
		// (user), Godkjenne (user, Leder) with a timer to Purre leder
		// (manual) and back (the second loop), Sende vedtak (service) or
		// Sende avslag (send). The flow to the deleted Kredittsjekk is left
		// out. Hand-offs: Vurdere → Godkjenne, Innvilget? → both senders,
		// Purre → Godkjenne.
		{file: "visual-paradigm-copied-events.bpmn", processes: 1, activities: 7, user: 3, auto: 3, manual: 1,
			handOffs: 4, loops: 2, cfc: 4,
			perProcess: [][3]int{{7, 4, 2}}, flows: []int{14},
			warnings: []string{
				process.WarnDuplicateID + " _t1rNhFGGAqAC8Qt1",
				process.WarnDuplicateID + " _m1rNhFGGAqAC8Qm1",
				process.WarnFlowUnknownRef + " _s08NhFGGAqAC8Qe8",
				process.WarnLaneUnknownRef + " _iOqNhFGGAqAC8Qb6",
			},
			params: map[string][]string{
				"_s08NhFGGAqAC8Qe8": {"targetRef", "_k9rNhFGGAqAC8Qx9"},
				"_iOqNhFGGAqAC8Qb6": {"_k9rNhFGGAqAC8Qx9"},
			}},
		// Kommunen: Registrere (user, Servicetorget) → Utrede søknaden
		// (Bevillingskontoret: Kontrollere vedlegg, Sende på høring (send),
		// Uttalelse mottatt, Skrive innstilling; the error event on
		// Kontrollere leads out of the subprocess to Avvise søknad (user))
		// → Fatte vedtak (user) → Sende vedtak (service, Servicetorget).
		// Politiet: Vurdere vandel (user), Sende uttalelse (send) and the
		// message flow back. The sequence flow from Sende på høring into
		// the police's pool is left out; every event definition repeats
		// its event's id.
		{file: "aris-flows-across-pools.bpmn", processes: 2, activities: 9, user: 6, auto: 3, manual: 0,
			handOffs: 3, loops: 0, cfc: 0,
			perProcess: [][3]int{{7, 2, 0}, {2, 1, 0}}, flows: []int{12, 3},
			warnings: []string{
				process.WarnDuplicateID + " _5a0e7c24-8f2b-11ee-3b6e-0050569a7c41",
				process.WarnDuplicateID + " _5a0e7c2c-8f2b-11ee-3b6e-0050569a7c41",
				process.WarnDuplicateID + " _5a0e7c2a-8f2b-11ee-3b6e-0050569a7c41",
				process.WarnDuplicateID + " _5a0e7c34-8f2b-11ee-3b6e-0050569a7c41",
				process.WarnFlowCrossesSubprocess + " _5a0e7c45-8f2b-11ee-3b6e-0050569a7c41",
				process.WarnFlowOtherProcess + " _5a0e7c56-8f2b-11ee-3b6e-0050569a7c41",
			},
			params: map[string][]string{
				"_5a0e7c56-8f2b-11ee-3b6e-0050569a7c41": {"_5a0e7c20-8f2b-11ee-3b6e-0050569a7c41", "targetRef",
					"_5a0e7c31-8f2b-11ee-3b6e-0050569a7c41", "_5a0e7c30-8f2b-11ee-3b6e-0050569a7c41"},
			}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			d := mustParseFile(t, "tools/"+tc.file)
			if len(d.Processes) != tc.processes {
				t.Fatalf("%d processes, want %d", len(d.Processes), tc.processes)
			}
			m := process.Compute(d)
			f := m.Total
			if got, want := []int{f.Activities, f.User, f.Automated, f.Manual, f.HandOffs, f.ReworkLoops, f.ControlFlowComplexity},
				[]int{tc.activities, tc.user, tc.auto, tc.manual, tc.handOffs, tc.loops, tc.cfc}; !slices.Equal(got, want) {
				t.Errorf("activities, user, automated, manual, hand-offs, loops, CFC = %v, want %v", got, want)
			}
			for i, p := range m.Processes {
				if got := [3]int{p.Activities, p.HandOffs, p.ReworkLoops}; got != tc.perProcess[i] {
					t.Errorf("process %s: activities, hand-offs, loops = %v, want %v", p.Process, got, tc.perProcess[i])
				}
				if n := len(d.Processes[i].Flows); n != tc.flows[i] {
					t.Errorf("process %s keeps %d sequence flows, want %d", p.Process, n, tc.flows[i])
				}
			}
			if got := codes(d.Warnings); !slices.Equal(got, tc.warnings) {
				t.Errorf("warnings:\n got %q\nwant %q", got, tc.warnings)
			}
			if !reflect.DeepEqual(m.Warnings, d.Warnings) || m.WarningsMore != 0 {
				t.Errorf("metrics carry warnings %+v (+%d), want the file's %+v", m.Warnings, m.WarningsMore, d.Warnings)
			}
			for _, w := range d.Warnings {
				if want, ok := tc.params[w.ID]; ok && !slices.Equal(w.Params, want) {
					t.Errorf("warning %s %s: params %q, want %q", w.Code, w.ID, w.Params, want)
				}
				if w.Code == process.WarnDuplicateID && !strings.HasSuffix(w.Params[0], "EventDefinition") {
					t.Errorf("warning %+v: only event definitions repeat ids in this file", w)
				}
			}
			for _, p := range d.Processes {
				for _, fl := range p.Flows {
					for _, ref := range []string{fl.SourceRef, fl.TargetRef} {
						if _, q, ok := lookupNode(d, ref); !ok || q.ID != p.ID {
							t.Errorf("flow %s kept with an end %q outside process %s", fl.ID, ref, p.ID)
						}
					}
				}
			}
		})
	}
}

// TestParseWarnings: each fault that leaves a model readable is read past
// with a warning naming the element and why, and the model is read as
// bpmn-js shows it.
func TestParseWarnings(t *testing.T) {
	wrap := func(body string) string { return defsOpen + `<process id="P">` + body + `</process></definitions>` }
	two := func(p, q string) string {
		return defsOpen + `<process id="P">` + p + `</process><process id="Q">` + q + `</process></definitions>`
	}
	for _, tc := range []struct {
		name, src string
		want      []process.Warning
		check     func(t *testing.T, d *process.Definitions)
	}{
		{"unknown sourceRef", wrap(`<task id="A"/><sequenceFlow id="Flow_1" sourceRef="Task_X" targetRef="A"/>`),
			[]process.Warning{{process.WarnFlowUnknownRef, "Flow_1", []string{"sourceRef", "Task_X"}}},
			flows("P")},
		{"flow to a lane", wrap(`<laneSet id="LS"><lane id="L"/></laneSet><task id="A"/><sequenceFlow id="Flow_1" sourceRef="A" targetRef="L"/>`),
			[]process.Warning{{process.WarnFlowUnknownRef, "Flow_1", []string{"targetRef", "L"}}},
			flows("P")},
		{"missing targetRef", wrap(`<task id="A"/><sequenceFlow id="Flow_1" sourceRef="A"/>`),
			[]process.Warning{{process.WarnFlowNoRef, "Flow_1", []string{"targetRef"}}},
			flows("P")},
		{"flow into another pool", two(`<task id="A"/><task id="B"/><sequenceFlow id="F1" sourceRef="A" targetRef="B"/><sequenceFlow id="F2" sourceRef="A" targetRef="C"/>`,
			`<task id="C"/>`),
			[]process.Warning{{process.WarnFlowOtherProcess, "F2", []string{"P", "targetRef", "C", "Q"}}},
			flows("P", "F1")},
		{"flow out of another pool", two(`<task id="A"/>`, `<task id="C"/><sequenceFlow id="F" sourceRef="A" targetRef="C"/>`),
			[]process.Warning{{process.WarnFlowOtherProcess, "F", []string{"Q", "sourceRef", "A", "P"}}},
			flows("Q")},
		{"flow out of a subprocess", wrap(`<subProcess id="S"><task id="A"/><sequenceFlow id="F" sourceRef="A" targetRef="B"/></subProcess><task id="B"/>`),
			[]process.Warning{{process.WarnFlowCrossesSubprocess, "F", []string{"A", "B"}}},
			flows("P", "F")},
		{"flow into a subprocess", wrap(`<task id="B"/><subProcess id="S"><task id="A"/></subProcess><sequenceFlow id="F" sourceRef="B" targetRef="A"/>`),
			[]process.Warning{{process.WarnFlowCrossesSubprocess, "F", []string{"B", "A"}}},
			flows("P", "F")},
		{"event definitions repeated", wrap("\n" + `<startEvent id="S"><timerEventDefinition id="TD"/></startEvent>` + "\n" +
			`<intermediateCatchEvent id="E"><timerEventDefinition id="TD"/></intermediateCatchEvent><endEvent id="End"><messageEventDefinition id="E"/></endEvent>`),
			[]process.Warning{
				{process.WarnDuplicateID, "TD", []string{"timerEventDefinition", "3", "timerEventDefinition"}},
				{process.WarnDuplicateID, "E", []string{"messageEventDefinition", "3", "intermediateCatchEvent"}},
			},
			nodes("S", "E", "End")},
		{"flow node after an event definition", wrap(`<startEvent id="S"><messageEventDefinition id="T"/></startEvent><task id="T"/><sequenceFlow id="F" sourceRef="S" targetRef="T"/>`),
			[]process.Warning{{process.WarnDuplicateIDKept, "T", []string{"task", "1", "messageEventDefinition"}}},
			func(t *testing.T, d *process.Definitions) { nodes("S", "T")(t, d); flows("P", "F")(t, d) }},
		{"sequence flow twice", wrap(`<task id="A"/><task id="B"/><task id="C"/><sequenceFlow id="F" sourceRef="A" targetRef="B"/><sequenceFlow id="F" sourceRef="A" targetRef="C"/>`),
			[]process.Warning{{process.WarnDuplicateID, "F", []string{"sequenceFlow", "1", "sequenceFlow"}}},
			func(t *testing.T, d *process.Definitions) {
				if fl := d.Processes[0].Flows; len(fl) != 1 || fl[0].TargetRef != "B" {
					t.Errorf("flows %+v, want the first one only", fl)
				}
			}},
		{"process twice", defsOpen + `<process id="P"><task id="A"/></process><process id="P" name="Kopi"><task id="A"/><laneSet id="LS"><lane id="L"/></laneSet></process><process id="R"><task id="L"/></process></definitions>`,
			[]process.Warning{{process.WarnDuplicateID, "P", []string{"process", "1", "process"}}},
			func(t *testing.T, d *process.Definitions) {
				if len(d.Processes) != 2 || d.Processes[0].Name != "" || d.Processes[1].ID != "R" {
					t.Errorf("processes %+v, want the first P and R", d.Processes)
				}
			}},
		{"lane twice", wrap(`<laneSet id="LS"><lane id="L" name="Saksbehandler"><flowNodeRef>A</flowNodeRef></lane><lane id="L" name="Leder"><flowNodeRef>B</flowNodeRef></lane></laneSet><task id="A"/><task id="B"/>`),
			[]process.Warning{{process.WarnDuplicateID, "L", []string{"lane", "1", "lane"}}},
			func(t *testing.T, d *process.Definitions) {
				if l := d.Processes[0].Lanes; len(l) != 1 || l[0].Name != "Saksbehandler" {
					t.Errorf("lanes %+v, want the first", l)
				}
				if n := node(t, d, "B"); n.Lane != "" {
					t.Errorf("B in lane %q, want none: its lane is not read", n.Lane)
				}
			}},
		{"lane listing a deleted node", wrap(`<laneSet id="LS"><lane id="L"><flowNodeRef>A</flowNodeRef><flowNodeRef>Gone</flowNodeRef><flowNodeRef> </flowNodeRef></lane></laneSet><task id="A"/>`),
			[]process.Warning{{process.WarnLaneUnknownRef, "L", []string{"Gone"}}},
			nodes("A")},
		{"boundary event on nothing", wrap(`<task id="A"/><boundaryEvent id="B" attachedToRef="Gone"/><boundaryEvent id="C"/>`),
			[]process.Warning{
				{process.WarnAttachedUnknown, "B", []string{"Gone"}},
				{process.WarnAttachedUnknown, "C", []string{""}},
			},
			nodes("A", "B", "C")},
		{"clean file", wrap(`<startEvent id="S"><messageEventDefinition id="MD"/></startEvent><task id="A"/><sequenceFlow id="F" sourceRef="S" targetRef="A"/>`),
			nil, flows("P", "F")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := mustParse(t, tc.src)
			if !reflect.DeepEqual(d.Warnings, tc.want) {
				t.Errorf("warnings\n got %+v\nwant %+v", d.Warnings, tc.want)
			}
			tc.check(t, d)
			m := process.Compute(d)
			if !reflect.DeepEqual(m.Warnings, tc.want) {
				t.Errorf("metrics' warnings %+v, want %+v", m.Warnings, tc.want)
			}
		})
	}
}

// flows checks the sequence flows process id keeps.
func flows(id string, want ...string) func(*testing.T, *process.Definitions) {
	return func(t *testing.T, d *process.Definitions) {
		t.Helper()
		for _, p := range d.Processes {
			if p.ID != id {
				continue
			}
			var got []string
			for _, f := range p.Flows {
				got = append(got, f.ID)
			}
			if !slices.Equal(got, want) {
				t.Errorf("process %s keeps flows %q, want %q", id, got, want)
			}
			return
		}
		t.Errorf("no process %s", id)
	}
}

// nodes checks that the flow nodes are read.
func nodes(ids ...string) func(*testing.T, *process.Definitions) {
	return func(t *testing.T, d *process.Definitions) {
		t.Helper()
		for _, id := range ids {
			if _, _, ok := lookupNode(d, id); !ok {
				t.Errorf("node %s not read", id)
			}
		}
	}
}

// The figures are those of the graph without the flows left out: a flow
// drawn from one pool into another does not chain their lead times, while
// a flow out of a subprocess counts as drawn.
func TestWarnedFlowsLeaveTheGraph(t *testing.T) {
	const task = `<userTask id="%s" tv:employeeMinutes="%d" tv:waitingDays="%d" tv:medium="system" tv:valueClass="value-adding"/>`
	src := defsOpen + `<collaboration id="C"><participant id="PS" name="Søker" processRef="S"/><participant id="PK" name="Kommunen" processRef="K"/></collaboration>` +
		`<process id="S"><startEvent id="S0"/>` + fmt.Sprintf(task, "Soke", 30, 0) + `<endEvent id="S9"/>` +
		`<sequenceFlow id="s1" sourceRef="S0" targetRef="Soke"/><sequenceFlow id="s2" sourceRef="Soke" targetRef="S9"/>` +
		`<sequenceFlow id="s3" sourceRef="Soke" targetRef="Vurdere"/></process>` +
		`<process id="K"><startEvent id="K0"/>` + fmt.Sprintf(task, "Registrere", 10, 1) +
		`<subProcess id="Sub"><startEvent id="B0"/>` + fmt.Sprintf(task, "Vurdere", 60, 2) + fmt.Sprintf(task, "Vedtak", 20, 0) + `<endEvent id="B9"/>` +
		`<sequenceFlow id="b1" sourceRef="B0" targetRef="Vurdere"/><sequenceFlow id="b2" sourceRef="Vurdere" targetRef="Vedtak"/>` +
		`<sequenceFlow id="b3" sourceRef="Vedtak" targetRef="B9"/><sequenceFlow id="b4" sourceRef="Vurdere" targetRef="Avslag"/></subProcess>` +
		fmt.Sprintf(task, "Avslag", 15, 10) + `<endEvent id="K9"/><endEvent id="K8"/>` +
		`<sequenceFlow id="k1" sourceRef="K0" targetRef="Registrere"/><sequenceFlow id="k2" sourceRef="Registrere" targetRef="Sub"/>` +
		`<sequenceFlow id="k3" sourceRef="Sub" targetRef="K9"/><sequenceFlow id="k4" sourceRef="Avslag" targetRef="K8"/></process></definitions>`
	d := mustParse(t, src)
	if got, want := codes(d.Warnings), []string{process.WarnFlowOtherProcess + " s3", process.WarnFlowCrossesSubprocess + " b4"}; !slices.Equal(got, want) {
		t.Fatalf("warnings %q, want %q", got, want)
	}
	m := process.Compute(d)
	// Søker: 30 minutes. Kommunen: Registrere (10 + 450) → Vurdere
	// (60 + 900) → Avslag (15 + 4500) across the subprocess's border is
	// longer than → Vedtak (20): 5935. The total is the longer of the two
	// pools, not Søker's 30 chained onto Vurdere.
	if s, k := m.Processes[0].LeadMinutes, m.Processes[1].LeadMinutes; s != 30 || k != 5935 {
		t.Errorf("lead times %v and %v, want 30 and 5935", s, k)
	}
	if m.Total.LeadMinutes != 5935 || m.Total.TouchMinutes != 135 || m.Total.Activities != 5 || m.Total.HandOffs != 0 {
		t.Errorf("total lead %v, touch %v, activities %d, hand-offs %d; want 5935, 135, 5, 0",
			m.Total.LeadMinutes, m.Total.TouchMinutes, m.Total.Activities, m.Total.HandOffs)
	}
	if len(m.Total.Incomplete) != 0 {
		t.Errorf("incomplete %q", m.Total.Incomplete)
	}
}

// A file repeating one id a thousand times lists MaxWarnings warnings and
// counts the rest, in the definitions and in the figures.
func TestWarningsAreCapped(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(defsOpen + `<process id="P">`)
	for i := range 1000 {
		fmt.Fprintf(&b, `<intermediateCatchEvent id="E%d"><timerEventDefinition id="Timer"/></intermediateCatchEvent>`, i)
	}
	b.WriteString(`</process></definitions>`)
	d := mustParse(t, b.String())
	if len(d.Warnings) != process.MaxWarnings || d.WarningsMore != 999-process.MaxWarnings {
		t.Errorf("%d warnings and %d more, want %d and %d", len(d.Warnings), d.WarningsMore, process.MaxWarnings, 999-process.MaxWarnings)
	}
	if len(d.Processes[0].Nodes) != 1000 {
		t.Errorf("%d events read, want 1000", len(d.Processes[0].Nodes))
	}
	m := process.Compute(d)
	if len(m.Warnings) != process.MaxWarnings || m.WarningsMore != d.WarningsMore {
		t.Errorf("metrics: %d warnings and %d more", len(m.Warnings), m.WarningsMore)
	}
}

// Warning.Args gives a message its arguments: the id, then the params.
func TestWarningArgs(t *testing.T) {
	w := process.Warning{Code: process.WarnFlowUnknownRef, ID: "F", Params: []string{"targetRef", "X"}}
	if got := w.Args(); !reflect.DeepEqual(got, []any{"F", "targetRef", "X"}) {
		t.Errorf("Args = %q", got)
	}
}

// A model with warnings is saved through the manager like any other; the
// warnings are stored with the version's figures and come back with it and
// with the service's models.
func TestSaveModelWithWarnings(t *testing.T) {
	f := newFixture(t)
	x := readTestdata(t, "tools/signavio-cross-pool.bpmn")
	m, v, err := f.mgr.Save(f.ctx, f.ownerA, "byggesak", process.AsIs, f.a.ID, x, "eksport fra Signavio", 0)
	must(t, err)
	want := []string{process.WarnFlowOtherProcess + " sid-SF-s3", process.WarnFlowCrossesSubprocess + " sid-BF-b8"}
	if v.Metrics == nil || !slices.Equal(codes(v.Metrics.Warnings), want) || v.Metrics.Total.Activities != 8 {
		t.Fatalf("saved metrics %+v, want 8 activities and warnings %q", v.Metrics, want)
	}
	_, cur, err := f.mgr.Current(f.ctx, f.observer, "byggesak", m.ID)
	must(t, err)
	if cur.Metrics == nil || !reflect.DeepEqual(cur.Metrics.Warnings, v.Metrics.Warnings) || !bytes.Equal([]byte(cur.XML), x) {
		t.Errorf("current version's metrics %+v, want the saved warnings and the file byte for byte", cur.Metrics)
	}
	models, err := f.mgr.Models(f.ctx, f.observer, "byggesak")
	must(t, err)
	if len(models) != 1 || models[0].Metrics == nil || !reflect.DeepEqual(models[0].Metrics.Warnings, v.Metrics.Warnings) {
		t.Errorf("models %+v, want one with the warnings", models)
	}
}

// The table view edits a file with repeated ids: an element whose id an
// earlier event definition has is the one edited, and the result reads
// with the same warnings.
func TestApplyWithRepeatedIDs(t *testing.T) {
	src := []byte(defsOpen + `<process id="P"><startEvent id="S"><messageEventDefinition id="Vurdere"/></startEvent>` +
		`<userTask id="Vurdere" name="Vurdere"/><sequenceFlow id="F" sourceRef="S" targetRef="Vurdere"/></process></definitions>`)
	out := mustApply(t, src, process.Edit{Op: process.OpSet, Element: "Vurdere", Attrs: map[string]string{"employeeMinutes": "45"}})
	d := parseBytes(t, out)
	if n := node(t, d, "Vurdere"); n.Attrs.EmployeeMinutes == nil || *n.Attrs.EmployeeMinutes != 45 {
		t.Errorf("Vurdere = %+v, want 45 minutes", n)
	}
	if got := codes(d.Warnings); !slices.Equal(got, []string{process.WarnDuplicateIDKept + " Vurdere"}) {
		t.Errorf("warnings %q", got)
	}
}
