package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// evalPage gets path as c, wanting 200, with entities and no-break spaces
// undone.
func evalPage(t *testing.T, c *client, path string) string {
	t.Helper()
	res, body := c.get(path)
	if res.StatusCode != 200 {
		t.Fatalf("%s: status %d\n%.400s", path, res.StatusCode, body)
	}
	return strings.ReplaceAll(html.UnescapeString(body), "\u00a0", " ")
}

// TestEvaluationThroughThePages runs the second fixture tender's
// evaluation through the forms: a set-up whose weights sum to 90 % is
// refused at the criteria with nothing stored; the set-up is stored; an
// evaluator's points out of range are refused at the field with nothing
// stored; each evaluator then sees only their own points and the lead only
// who has finished, until both have scored; the consensus page shows each
// evaluator's points with the spread; and the results page shows the
// hand-checked totals (A: 0.3×10 + 0.5×(0.6×6 + 0.4×5) + 0.2×7 = 7.20;
// B: 0.3×8 + 0.5×(0.6×9 + 0.4×8) + 0.2×6 = 7.90, B first), and that the
// proportional price model gives the same winner.
func TestEvaluationThroughThePages(t *testing.T) {
	f := evalFixture(t)
	ctx := context.Background()
	lead := login(t, "programleder@fosen.example")
	ev1, ev2 := login(t, "evaluator@fosen.example"), login(t, "evaluator.to@fosen.example")
	leadP := principalOf(t, "programleder@fosen.example")
	id := func(v int64) string { return strconv.FormatInt(v, 10) }
	e := "/procurement/" + id(f.flow.ID) + "/evaluation"
	a, b := id(f.flowBids[0]), id(f.flowBids[1])
	view := func() procurement.EvaluationView {
		t.Helper()
		v, err := shared.app.Procurement.Evaluation(ctx, leadP, f.flow.ID)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	setup := url.Values{
		"criteria[0].key": {"pris"}, "criteria[0].name": {"Pris"}, "criteria[0].weight": {"30"}, "criteria[0].price": {"on"},
		"criteria[1].key": {"kvalitet"}, "criteria[1].name": {"Kvalitet"}, "criteria[1].weight": {"50"},
		"criteria[2].key": {"kompetanse"}, "criteria[2].name": {"Kompetanse"}, "criteria[2].weight": {"10"},
		"criteria[3].key": {""}, "criteria[3].name": {""}, "criteria[3].weight": {""},
		"subs[0].parent": {"kvalitet"}, "subs[0].key": {"forstaelse"}, "subs[0].name": {"Oppdragsforståelse"}, "subs[0].weight": {"60"},
		"subs[1].parent": {"kvalitet"}, "subs[1].key": {"metode"}, "subs[1].name": {"Metode"}, "subs[1].weight": {"40"},
		"price_model": {"linear"}, "evaluators": {id(userID(t, "evaluator@fosen.example")), id(f.evaluator2)},
		"presentations[0].bid_id": {a}, "presentations[0].start": {"2026-01-12T09:00"}, "presentations[0].minutes": {"30"},
		"presentations[1].bid_id": {b}, "presentations[1].start": {"2026-01-12T09:30"}, "presentations[1].minutes": {"30"},
		"version": {"0"},
	}
	// "Add a criterion row" shows the form again with one more row, storing nothing.
	more := url.Values{"add": {"criteria"}}
	for k, v := range setup {
		more[k] = v
	}
	res, body := lead.post(e, more)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `name="criteria[4].key"`) {
		t.Fatalf("add a row: status %d, want 200 with a fifth row\n%.600s", res.StatusCode, body)
	}
	if v := view(); v.Evaluation.Version != 0 {
		t.Fatalf("adding a row stored the set-up: %+v", v.Evaluation)
	}
	res, body = lead.post(e, setup)
	body = html.UnescapeString(body)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-criteria"`) || !strings.Contains(body, "90") {
		t.Fatalf("weights summing to 90 %%: status %d, want 422 with the message at the criteria\n%.600s", res.StatusCode, body)
	}
	if v := view(); len(v.Evaluation.Criteria) != 0 || v.Evaluation.Version != 0 {
		t.Fatalf("a refused set-up was stored: %+v", v.Evaluation)
	}
	setup.Set("criteria[2].weight", "20")
	if res, body := lead.post(e, setup); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("set-up: status %d\n%.600s", res.StatusCode, body)
	}
	if v := view(); len(v.Evaluation.Criteria) != 3 || len(v.Evaluation.Presentations) != 2 || len(v.Evaluation.Evaluators) != 2 {
		t.Fatalf("set-up stored as %+v", v.Evaluation)
	}

	// A must requirement not met needs a note; with it, the bid is flagged.
	spec, err := shared.app.Procurement.Specification(ctx, leadP, f.flow.ID)
	if err != nil || len(spec) == 0 {
		t.Fatalf("specification: %v %v", spec, err)
	}
	answer := url.Values{"answers[0].bid_id": {a}, "answers[0].requirement_id": {id(spec[0].ID)}, "answers[0].met": {"no"},
		"answers[0].place": {"Vedlegg 2"}, "answers[0].note": {""}, "version": {strconv.Itoa(view().Evaluation.Version)}}
	res, body = lead.post(e+"/answers", answer)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-answers[0].note"`) {
		t.Fatalf("not met without a note: status %d, want 422 at the note\n%.600s", res.StatusCode, body)
	}
	if v := view(); len(v.Evaluation.Answers) != 0 {
		t.Fatalf("a refused answer was stored: %+v", v.Evaluation.Answers)
	}
	answer.Set("answers[0].note", "Leverer ikke BPMN")
	if res, body := lead.post(e+"/answers", answer); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("answers: status %d\n%.600s", res.StatusCode, body)
	}
	if got := evalPage(t, lead, e); !strings.Contains(got, "Oppfyller ikke skal-krav: "+spec[0].Number) {
		t.Error("a bid not meeting a must requirement is not flagged")
	}

	keys := []string{"kvalitet.forstaelse", "kvalitet.metode", "kompetanse"}
	sheet := func(pointsA, pointsB []string, reason string) url.Values {
		form := url.Values{}
		i := 0
		for _, bid := range []struct {
			id  string
			pts []string
		}{{a, pointsA}, {b, pointsB}} {
			for k, key := range keys {
				p := "scores[" + strconv.Itoa(i) + "]."
				form.Set(p+"bid_id", bid.id)
				form.Set(p+"criterion", key)
				form.Set(p+"points", bid.pts[k])
				form.Set(p+"reason", reason+" "+strconv.Itoa(i))
				i++
			}
		}
		return form
	}
	res, body = ev1.post(e+"/scores", sheet([]string{"11", "5", "7"}, []string{"9", "8", "6"}, "Første"))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-scores[0].points"`) {
		t.Fatalf("points out of range: status %d, want 422 at the field\n%.600s", res.StatusCode, body)
	}
	if v := view(); v.Progress[0].Scored != 0 {
		t.Fatalf("refused points were stored: %+v", v.Progress)
	}
	if res, body := ev1.post(e+"/scores", sheet([]string{"6", "5", "7"}, []string{"9", "8", "6"}, "Førstes grunn")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first evaluator's points: status %d\n%.600s", res.StatusCode, body)
	}
	if got := evalPage(t, ev1, e+"/scores"); !strings.Contains(got, "Førstes grunn 0") || !strings.Contains(got, "Du ser bare dine egne poeng til alle har levert") {
		t.Error("the first evaluator does not see their own points under the blind rule")
	}
	if got := evalPage(t, ev2, e+"/scores"); strings.Contains(got, "Førstes grunn") {
		t.Error("the second evaluator sees the first one's points before scoring")
	}
	got := evalPage(t, lead, e+"/scores")
	if strings.Contains(got, "Førstes grunn") || !strings.Contains(got, "6 / 6") || !strings.Contains(got, "0 / 6") {
		t.Errorf("the lead should see who has finished and no points:\n%.2000s", got)
	}
	if got := evalPage(t, lead, e+"/consensus"); strings.Contains(got, `name="consensus[0].points"`) {
		t.Error("the consensus form is offered before every evaluator has scored")
	}
	if res, body := ev2.post(e+"/scores", sheet([]string{"8", "5", "7"}, []string{"9", "8", "6"}, "Andres grunn")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second evaluator's points: status %d\n%.600s", res.StatusCode, body)
	}
	if got := evalPage(t, ev2, e+"/scores"); !strings.Contains(got, "Førstes grunn 0") {
		t.Error("once both have scored, the second evaluator does not see the first one's points")
	}
	got = evalPage(t, lead, e+"/consensus")
	for _, want := range []string{"evaluator: 6,0", "Evaluator To: 8,0", "1,00", `name="consensus[5].points"`} {
		if !strings.Contains(got, want) {
			t.Errorf("the consensus page lacks %q", want)
		}
	}

	cs := url.Values{"version": {strconv.Itoa(view().Evaluation.Version)}}
	i := 0
	for _, bid := range []struct {
		id  string
		pts []string
	}{{a, []string{"6", "5", "7"}}, {b, []string{"9", "8", "6"}}} {
		for k, key := range keys {
			p := "consensus[" + strconv.Itoa(i) + "]."
			cs.Set(p+"bid_id", bid.id)
			cs.Set(p+"criterion", key)
			cs.Set(p+"points", bid.pts[k])
			cs.Set(p+"reason", "Enige")
			i++
		}
	}
	if res, body := lead.post(e+"/consensus", cs); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("consensus: status %d\n%.600s", res.StatusCode, body)
	}
	got = evalPage(t, ev1, e+"/results")
	for _, want := range []string{"7,90", "7,20", "Vinner:</strong> Tilbud 2 – Evalueringsfirma B AS", "Proporsjonal prismodell gir samme vinner"} {
		if !strings.Contains(got, want) {
			t.Errorf("the results lack %q", want)
		}
	}
}

// TestEvaluationBidOnlyThroughItsTender rejects the second fixture
// tender's bid under the first: not found, nothing recorded.
func TestEvaluationBidOnlyThroughItsTender(t *testing.T) {
	f := evalFixture(t)
	lead := login(t, "programleder@fosen.example")
	path := "/procurement/" + strconv.FormatInt(f.matrix.ID, 10) + "/evaluation/bids/" + strconv.FormatInt(f.flowBids[0], 10) + "/reject"
	res, body := lead.post(path, url.Values{"reason": {"Oppfyller ikke skal-krav"}, "version": {strconv.Itoa(f.matrixVersion)}})
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("another tender's bid: status %d, want 404\n%.300s", res.StatusCode, body)
	}
	file := "/procurement/" + strconv.FormatInt(f.matrix.ID, 10) + "/evaluation/bids/" + strconv.FormatInt(f.flowBids[0], 10) + "/files/1"
	if res, body := login(t, "evaluator@fosen.example").get(file); res.StatusCode != http.StatusNotFound {
		t.Errorf("another tender's bid file: status %d, want 404\n%.300s", res.StatusCode, body)
	}
	own := "/procurement/" + strconv.FormatInt(f.matrix.ID, 10) + "/evaluation/bids/" + strconv.FormatInt(f.matrixBids[1], 10) + "/files/1"
	if res, body := login(t, "evaluator@fosen.example").get(own); res.StatusCode != 200 || body != "Tilbud Evalueringsfirma B AS\n" {
		t.Errorf("the evaluator's download of a bid of their tender: status %d, %q", res.StatusCode, body)
	}
	for _, tid := range []domain.ID{f.matrix.ID, f.flow.ID} {
		v, err := shared.app.Procurement.Evaluation(context.Background(), principalOf(t, "programleder@fosen.example"), tid)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Evaluation.Rejections) != 0 {
			t.Errorf("tender %d has rejections: %+v", tid, v.Evaluation.Rejections)
		}
	}
}
