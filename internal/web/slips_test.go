package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// The cash-flow table heads its uptake column with a label, not with the
// uptake's error message, in both languages.
func TestBenefitCashFlowHeader(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	t.Cleanup(func() { c.post("/lang", url.Values{"lang": {"nb"}}) }) // the choice is kept on the account
	for _, lang := range []struct{ code, want, wrong string }{
		{"nb", `<th scope="col" class="num">Opptak</th>`, "Opptaket må være"},
		{"en", `<th scope="col" class="num">Uptake</th>`, "Uptake must be"},
	} {
		if res, _ := c.post("/lang", url.Values{"lang": {lang.code}}); res.StatusCode >= 400 {
			t.Fatalf("switch to %s: status %d", lang.code, res.StatusCode)
		}
		res, body := c.get("/services/byggesak-ettrinns/benefit")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", lang.code, res.StatusCode)
		}
		table := between(body, `<table class="data cash-flow">`, "</thead>")
		if !strings.Contains(table, lang.want) {
			t.Errorf("%s: the cash-flow head lacks %s: %s", lang.code, lang.want, table)
		}
		if strings.Contains(table, lang.wrong) {
			t.Errorf("%s: the cash-flow head shows the uptake error message: %s", lang.code, table)
		}
	}
}

// Counts on the harmonisation page are whole numbers: "12", never "12,0".
func TestHarmonisationCountsAreWhole(t *testing.T) {
	c := login(t, "programleder@fosen.example")
	res, body := c.get("/services/byggesak-ettrinns/processes/harmonisation")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	side := between(body, `<table class="data harmonisation">`, "</table>")
	rows := regexp.MustCompile(`<tr><th scope="row">.*?</tr>`).FindAllString(side, -1)
	if len(rows) < 2 {
		t.Fatalf("want the as-is processes of several municipalities, got %d rows", len(rows))
	}
	cell := regexp.MustCompile(`<td class="num">([^<]*)</td>`)
	for _, row := range rows {
		cells := cell.FindAllStringSubmatch(row, -1)
		// The first column is the number of activities, then manual,
		// user and automated activities: counts.
		if len(cells) < 4 {
			t.Fatalf("row with %d cells: %s", len(cells), row)
		}
		for _, m := range cells[:4] {
			if !regexp.MustCompile(`^\d+$`).MatchString(m[1]) {
				t.Errorf("count %q is not a whole number: %s", m[1], row)
			}
		}
	}
	spread := between(body, `<table class="data spread">`, "</table>")
	if regexp.MustCompile(`<td class="num">\d+[,.]0</td>`).MatchString(spread) {
		t.Errorf("the spread writes a whole count with a decimal: %s", spread)
	}
}
