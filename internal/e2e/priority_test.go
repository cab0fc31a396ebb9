package e2e_test

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// testPriority follows the Fosen demo's prioritisation: the two closed
// Delphi rounds with consensus growing, the joint ranking by every method
// side by side with the heat map and the contested services, a decision
// frozen by the programme lead and approved by a municipality's leadership,
// a third round opened and scored, and the audit log.
func testPriority(t *testing.T) {
	b := newTab(t)
	b.loginTo("programleder@fosen.example", "priority rounds", "/priority/rounds")
	if n := b.count("table.rounds tbody tr"); n < 2 {
		t.Fatalf("the demo has %d rounds, want two", n)
	}
	shares := b.texts("table.consensus tbody td:nth-child(2)")
	pct := func(s string) int { n, _ := strconv.Atoi(digits(s)); return n }
	if len(shares) < 2 || pct(shares[1]) <= pct(shares[0]) {
		t.Errorf("consensus did not grow from round 1 to 2: %q", shares)
	}
	b.waitCharts(1)
	b.axe("priority rounds, chart drawn")
	if st := b.follow("priority round results", click(`table.rounds tbody tr:nth-child(2) a`)); st != 200 {
		t.Fatalf("round 2: status %d", st)
	}
	if b.count("section.result") < 10 {
		t.Errorf("round 2 shows %d services' results", b.count("section.result"))
	}
	if strings.Contains(b.text("main"), "fag.rissa") || strings.Contains(b.text("main"), "Fagansvarlig Rissa") {
		t.Error("the results name a participant")
	}

	b.open("priority", "/priority")
	if got := b.texts("table.ranking thead th"); len(got) != 7 || got[6] != "Siden vedtaket" {
		t.Errorf("ranking columns = %q, want the service, five methods and the move since the demo's decision", got)
	}
	if b.count("table.heatmap tbody tr") < 10 || b.count("table.heatmap td.heat-1") == 0 {
		t.Error("the heat map is missing")
	}
	if !strings.Contains(b.text("main"), "Kendalls W") {
		t.Error("no agreement figure")
	}
	setSelect(b, "#d-method", "schulze")
	if st := b.follow("priority decision", click(`form[action="/priority/decisions"] button`)); st != 200 {
		t.Fatalf("freeze decision: status %d", st)
	}
	decision := b.path()
	if b.count("table.decision tbody tr") < 10 || !strings.Contains(b.text("main"), "Innholdet er uendret") {
		t.Errorf("the decision page: %q", b.text("main"))
	}

	// The leadership of Rissa approves.
	l := newTab(t)
	l.loginTo("leder.rissa@fosen.example", "priority decision", decision)
	if st := l.follow("priority decision", click(`form[action$="/approve"] button`)); st != 200 {
		t.Fatalf("approve: status %d", st)
	}
	if !strings.Contains(l.text("main"), "Rissa: godkjent av") {
		t.Errorf("Rissa's approval is not shown: %q", l.text("main"))
	}

	// A third round: opened by the programme lead, scored by a fagansvarlig.
	b.open("priority rounds", "/priority/rounds")
	setValue(b, "#f-deadline", time.Now().AddDate(0, 0, 7).Format("2006-01-02T15:04"))
	if st := b.follow("priority round", click(`form[method=post][action="/priority/rounds"] button`)); st != 200 {
		t.Fatalf("open round 3: status %d", st)
	}
	round := b.path()
	f := newTab(t)
	f.loginTo("fag.osen@fosen.example", "priority ballot", round)
	if f.count("form.ballot") < 10 {
		t.Fatalf("the ballot lists %d services", f.count("form.ballot"))
	}
	first := evalJS[string](f, `document.querySelector('form.ballot').id`)
	f.fill("#"+first+" input[name^=rationale_]", "Vi har flere saker enn før")
	if st := f.follow("priority ballot", click(`#`+first+` button[type=submit]`)); st != 200 {
		t.Fatalf("submit: status %d", st)
	}
	if !strings.Contains(f.text("#"+first+" h3"), "vurdert") {
		t.Errorf("the service is not marked scored: %q", f.text("#"+first+" h3"))
	}
	b.open("priority audit", "/priority/audit")
	if !strings.Contains(b.text("main table"), "Fagansvarlig Osen") {
		t.Error("the audit log lacks the submission")
	}
}
