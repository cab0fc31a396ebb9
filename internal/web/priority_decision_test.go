package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/demo"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
)

// The decision page names the frozen group weights by criterion (not by
// internal key), writes places as whole numbers (one decimal only for a
// shared place) and points with the decimals they need, in bokmål and in
// English.
func TestDecisionPageNamesAndNumbers(t *testing.T) {
	ctx := context.Background()
	c, err := shared.app.DB.Catalogue().CollaborationBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	sys := domain.SystemPrincipal(c.ID)
	dec, err := shared.app.Priority.CreateDecision(ctx, sys, priority.DecisionInput{Method: "borda",
		Weights: []byte(`{"legal_obstacles":0.25,"citizen_benefit":0.75}`),
		Ranking: []byte(`[{"id":-1,"slug":"a","name":"Tjeneste A","rank":1,"score":11},` +
			`{"id":-2,"slug":"b","name":"Tjeneste B","rank":2.5,"score":1234.5},` +
			`{"id":-3,"slug":"c","name":"Tjeneste C","rank":2.5,"score":0.734}]`)})
	if err != nil {
		t.Fatal(err)
	}
	path := "/priority/decisions/" + strconv.FormatInt(dec.ID, 10)
	row := regexp.MustCompile(`<tr><td class="num">([^<]*)</td><th scope="row"><a href="/services/[a-z]">([^<]*)</a></th><td class="num">([^<]*)</td>`)
	for _, tc := range []struct {
		lang    string
		weights []string
		rows    [][3]string
	}{
		{"nb", []string{"<li>Nytte for innbyggerne: 75,0 %</li>", "<li>Rettslige hindringer: 25,0 %</li>"},
			[][3]string{{"1", "Tjeneste A", "11"}, {"2,5", "Tjeneste B", "1\u00a0234,5"}, {"2,5", "Tjeneste C", "0,734"}}},
		{"en", []string{"<li>Citizen benefit: 75.0 %</li>", "<li>Legal obstacles: 25.0 %</li>"},
			[][3]string{{"1", "Tjeneste A", "11"}, {"2.5", "Tjeneste B", "1,234.5"}, {"2.5", "Tjeneste C", "0.734"}}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			cl := login(t, "leder.rissa@fosen.example")
			cl.jar["tv_lang"] = &http.Cookie{Name: "tv_lang", Value: tc.lang}
			res, body := cl.get(path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", path, res.StatusCode)
			}
			weights := between(body, `<ul class="decision-weights">`, "</ul>")
			for _, w := range tc.weights {
				if !strings.Contains(weights, w) {
					t.Errorf("the weights lack %q: %s", w, weights)
				}
			}
			if strings.Contains(weights, "citizen_benefit") || strings.Contains(weights, "legal_obstacles") {
				t.Errorf("the weights are listed by key: %s", weights)
			}
			if i, j := strings.Index(weights, tc.weights[0]), strings.Index(weights, tc.weights[1]); i > j {
				t.Errorf("the weights are not in the criteria's order: %s", weights)
			}
			got := row.FindAllStringSubmatch(body, -1)
			if len(got) != len(tc.rows) {
				t.Fatalf("%d ranking rows, want %d: %s", len(got), len(tc.rows), between(body, `class="data decision"`, "</table>"))
			}
			for i, want := range tc.rows {
				if g := [3]string{got[i][1], got[i][2], got[i][3]}; g != want {
					t.Errorf("row %d: %q, want %q", i+1, g, want)
				}
			}
		})
	}
}
