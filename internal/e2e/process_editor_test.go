package e2e_test

import (
	"strings"
	"testing"
	"time"
)

// testProcessEditor opens the demo's to-be building permit process in the
// bpmn-js editor, changes a task's minutes in the properties panel, saves,
// and sees the potential saving per case change; an observer gets the
// viewer; a new model starts from an as-is process.
func testProcessEditor(t *testing.T) {
	b := newTab(t)
	svc := "/services/" + knownServiceSlug
	b.loginTo("programleder@fosen.example", "service processes", svc+"/processes")
	before := b.text("#potential-per-case")
	editor := b.rowLink("Ønsket situasjon", "")
	if st := b.follow("process editor", click(`table.processes a[href=`+jsString(editor)+`]`)); st != 200 {
		t.Fatalf("editor: status %d", st)
	}
	b.waitDiagram()
	b.axe("process editor, drawn")
	if b.count(".bjs-powered-by") != 1 || !evalJS[bool](b, `(() => { const r = document.querySelector('.bjs-powered-by').getBoundingClientRect(); return r.width > 0 && r.height > 0 })()`) {
		t.Error("the bpmn.io watermark is not visible")
	}
	// The palette speaks Norwegian.
	if title, _ := b.attr(".djs-palette [data-action=\"create.task\"]", "aria-label"); !strings.Contains(title, "oppgave") {
		t.Errorf("palette «create task» title = %q, want Norwegian", title)
	}
	// Select the automated completeness check and give it 12 minutes.
	b.do("select the task", click(`g[data-element-id="Task_Kompletthet"]`))
	field := "#bio-properties-panel-tv-employeeMinutes"
	if !b.poll(`!!document.querySelector(`+jsString(field)+`)`, 10*time.Second) {
		t.Fatalf("the properties panel shows no minutes field for the selected task")
	}
	b.axe("process editor, task selected")
	b.fill(field, "12")
	b.screenshot("process-editor")
	b.fill("#f-comment", "Manuell kontroll av vedlegg")
	if !b.poll(`!document.querySelector('#bpmn-undo').disabled`, 5*time.Second) {
		t.Error("undo is not enabled after a change")
	}
	b.do("save", click("#bpmn-save"))
	if !b.poll(`document.querySelector('#bpmn-status').innerText.includes('Lagret versjon 2')`, 15*time.Second) {
		t.Fatalf("no confirmation of the save: %q", b.text("#bpmn-status"))
	}
	if st := b.open("service processes", svc+"/processes"); st != 200 {
		t.Fatalf("processes tab: status %d", st)
	}
	after := b.text("#potential-per-case")
	if digits(after) == digits(before) || digits(before) == "" {
		t.Errorf("the potential saving did not change: %q → %q", before, after)
	}

	// A new model can start from another: the adapted process drawn from an as-is.
	newURL := svc + "/processes/new?target=adapted:0:1&from=" + strings.Split(strings.TrimPrefix(b.rowLink("Nå-situasjon – Rissa", ""), svc+"/processes/"), "/")[0]
	if st := b.open("process editor (new)", newURL); st != 200 {
		t.Fatalf("new from as-is: status %d", st)
	}
	b.waitDiagram()

	// An observer gets the viewer: no palette, no save.
	v := newTab(t)
	v.loginTo("observator@fosen.example", "service processes", svc+"/processes")
	if st := v.follow("process viewer", click(`table.processes a[href=`+jsString(editor)+`]`)); st != 200 {
		t.Fatalf("viewer: status %d", st)
	}
	v.waitDiagram()
	v.axe("process viewer, drawn")
	if v.count("#bpmn-save") != 0 || v.count(".djs-palette") != 0 {
		t.Error("the observer's viewer offers editing")
	}
	if v.count(".has-obstacle") == 0 {
		t.Error("the viewer marks no element with an obstacle")
	}
}

// waitDiagram waits until bpmn-js has drawn the diagram.
func (b *tab) waitDiagram() {
	b.t.Helper()
	if !b.poll(`document.querySelectorAll('#bpmn-editor g[data-element-id]').length > 3`, 20*time.Second) {
		b.t.Fatalf("the diagram was not drawn; status %q", b.text("#bpmn-status"))
	}
}
