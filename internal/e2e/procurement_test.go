package e2e_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// testProcurement follows the buyer's path: the programme lead is refused
// a tender with a value in words and a deadline that does not exist on
// Oslo clocks, creates it, registers a supplier (refused a bad
// organisation number first), reads every page of the tender, generates
// the specification, reaches the documents tab by keyboard alone; an
// observer reads the tender without forms.
func testProcurement(t *testing.T) {
	b := newTab(t)
	b.loginTo("programleder@fosen.example", "procurement tenders", "/procurement")

	b.fill("#f-reference", "E2E-2026-01")
	b.fill("#f-title", "Fagsystem for byggesak")
	setSelect(b, "#f-procedure", procurement.ProcNationalOpen)
	b.fill("#f-estimated_value", "mye")
	b.do("choose a service", chromedp.Click(chromedp.CSS(`input[name="services"]`)))
	// 02:30 on the last Sunday of March 2027 is skipped by summer time.
	setValue(b, "#f-milestone_deadline", "2027-03-28T02:30")
	if st := b.follow("procurement tenders with errors", click(`form[action="/procurement"] button[type=submit]`)); st != 422 {
		t.Fatalf("a value in words: status %d", st)
	}
	for _, id := range []string{"#f-estimated_value", "#f-milestone_deadline"} {
		if v, _ := b.attr(id, "aria-invalid"); v != "true" {
			t.Errorf("%s is not marked invalid", id)
		}
	}
	if msg := b.text("#e-milestone_deadline"); !strings.Contains(msg, "sommertid") {
		t.Errorf("the deadline's message %q does not say the time is skipped", msg)
	}
	b.expectFocus("form-message", "the error summary")

	b.fill("#f-estimated_value", "900 000")
	deadline := time.Now().Add(60*24*time.Hour).In(procurement.Oslo()).Format("2006-01-02") + "T12:00"
	setValue(b, "#f-milestone_deadline", deadline)
	if st := b.follow("procurement tender", click(`form[action="/procurement"] button[type=submit]`)); st != 200 {
		t.Fatalf("create: status %d: %q", st, b.text("main"))
	}
	tender := b.path()
	facts := strings.ReplaceAll(b.text("dl.facts"), "\u00a0", " ")
	if !strings.Contains(facts, "Del I (under nasjonal terskelverdi)") || !strings.Contains(facts, "1 300 000") {
		t.Errorf("the tender does not show its part and thresholds: %q", facts)
	}
	if tl := b.text("ol.timeline"); !strings.Contains(tl, "kl. 12.00") || !strings.Contains(tl, "Tilbudsfrist") {
		t.Errorf("the timeline does not show the deadline in Oslo time: %q", tl)
	}

	// Suppliers: a bad organisation number is refused on its field.
	b.open("procurement suppliers", "/procurement/suppliers")
	b.fill("#f-name", "Nordvest Data AS")
	b.fill("#f-org_number", "123456789")
	if st := b.follow("procurement suppliers with errors", click(`form[action="/procurement/suppliers"] button[type=submit]`)); st != 422 {
		t.Fatalf("bad org number: status %d", st)
	}
	if v, _ := b.attr("#f-org_number", "aria-invalid"); v != "true" {
		t.Error("the organisation number is not marked invalid")
	}
	b.fill("#f-org_number", "974 760 673")
	if st := b.follow("procurement supplier", click(`form[action="/procurement/suppliers"] button[type=submit]`)); st != 200 {
		t.Fatalf("create supplier: status %d: %q", st, b.text("main"))
	}

	// Every page of the tender.
	for _, pg := range []struct{ kind, sub string }{
		{"procurement dialogue", "/dialogue"}, {"procurement documents", "/documents"},
		{"procurement requirements", "/requirements"}, {"procurement questions", "/questions"},
		{"procurement bids", "/bids"}, {"procurement log", "/log"},
	} {
		if st := b.open(pg.kind, tender+pg.sub); st != 200 {
			t.Errorf("%s: status %d", pg.kind, st)
		}
	}
	if s := b.text("main"); !strings.Contains(s, "Loggen er hel") {
		t.Errorf("the log does not say its chain is intact: %q", s)
	}
	b.open("procurement bids", tender+"/bids")
	if s := b.text(".sealed"); !strings.Contains(s, "forseglet til") {
		t.Errorf("the bids page does not say the bids are sealed: %q", s)
	}
	b.open("procurement requirements", tender+"/requirements")
	if st := b.follow("procurement requirements generated", click(`form[action$="/requirements/generate"] button`)); st != 200 {
		t.Fatalf("generate: status %d", st)
	}
	if !strings.Contains(b.text("main"), "Kravspesifikasjonen er oppdatert") {
		t.Errorf("no summary of the generation: %q", b.text("main"))
	}

	// Keyboard only: from the overview, Tab to the documents tab, Enter.
	b.open("procurement tender", tender)
	b.tabTo("tab-documents", 30)
	if st := b.follow("procurement documents", enter()); st != 200 || b.path() != tender+"/documents" {
		t.Errorf("Enter on the documents tab: status %d at %s", st, b.path())
	}

	// An observer reads the tender and its pages, without forms.
	o := newTab(t)
	o.loginTo("observator@fosen.example", "procurement tender (read only)", tender)
	if n := o.count("main form"); n != 0 {
		t.Errorf("the observer is offered %d forms on the tender", n)
	}
	if o.count("#tab-log") != 0 {
		t.Error("the observer is offered the access log")
	}
	o.open("procurement dialogue (read only)", tender+"/dialogue")
	if n := o.count("main form"); n != 0 {
		t.Errorf("the observer is offered %d forms on the dialogue", n)
	}
}
