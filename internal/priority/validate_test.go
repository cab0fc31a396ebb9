package priority

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

func hasField(errs []domain.FieldError, field, code string) bool {
	return slices.ContainsFunc(errs, func(f domain.FieldError) bool { return f.Field == field && f.Code == code })
}

func TestDefaultCriteria(t *testing.T) {
	list := DefaultCriteria()
	keys := make([]string, len(list))
	for i, c := range list {
		keys[i] = c.Key
		if errs := c.Validate(); len(errs) > 0 {
			t.Errorf("%s: %v", c.Key, errs)
		}
		if !c.Active || c.Order != i+1 || c.Name == "" || c.NameEN == "" {
			t.Errorf("%s = %+v", c.Key, c)
		}
		if c.Kind == KindJudgemental && c.Scale != DefaultScale {
			t.Errorf("%s scale = %+v", c.Key, c.Scale)
		}
	}
	want := []string{"gain_potential", "citizen_benefit", "feasibility", "cost", "risk", "legal_obstacles", "strategic_fit"}
	if !slices.Equal(keys, want) {
		t.Errorf("keys = %v", keys)
	}
	for _, c := range list {
		lower := c.Key == "cost" || c.Key == "risk" || c.Key == "legal_obstacles"
		computed := c.Key == "gain_potential" || c.Key == "legal_obstacles"
		if (c.Direction == LowerBetter) != lower || (c.Kind == KindComputed) != computed {
			t.Errorf("%s: direction %s, kind %s", c.Key, c.Direction, c.Kind)
		}
	}
	if list[0].Source != SourceGainPotential || list[5].Source != SourceLegalObstacles {
		t.Errorf("sources = %q, %q", list[0].Source, list[5].Source)
	}
}

func TestCriterionValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		c     Criterion
		field string
		code  string
	}{
		{"key", Criterion{Key: "Bad Key", Name: "x", Kind: KindJudgemental, Direction: HigherBetter, Scale: DefaultScale}, "key", "priority.key_format"},
		{"name", Criterion{Key: "x", Kind: KindJudgemental, Direction: HigherBetter, Scale: DefaultScale}, "name", "field.required"},
		{"direction", Criterion{Key: "x", Name: "x", Kind: KindJudgemental, Direction: "up", Scale: DefaultScale}, "direction", "field.one_of"},
		{"kind", Criterion{Key: "x", Name: "x", Kind: "magic", Direction: HigherBetter}, "kind", "field.one_of"},
		{"source", Criterion{Key: "x", Name: "x", Kind: KindComputed, Source: "weather", Direction: HigherBetter}, "source", "field.one_of"},
		{"judgemental source", Criterion{Key: "x", Name: "x", Kind: KindJudgemental, Source: SourceVolume, Direction: HigherBetter, Scale: DefaultScale}, "source", "priority.source_judgemental"},
		{"scale", Criterion{Key: "x", Name: "x", Kind: KindJudgemental, Direction: HigherBetter, Scale: Scale{5, 1}}, "scale", "priority.scale_range"},
		{"scale NaN", Criterion{Key: "x", Name: "x", Kind: KindJudgemental, Direction: HigherBetter, Scale: Scale{math.NaN(), 5}}, "scale", "priority.scale_range"},
		{"long", Criterion{Key: "x", Name: "x", Kind: KindJudgemental, Direction: HigherBetter, Scale: DefaultScale, Description: strings.Repeat("å", 2001)}, "description", "field.too_long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if errs := tc.c.Validate(); !hasField(errs, tc.field, tc.code) {
				t.Errorf("errs = %v, want %s on %s", errs, tc.code, tc.field)
			}
		})
	}
}

func TestSaaty(t *testing.T) {
	for _, tc := range []struct {
		in   float64
		want float64
		ok   bool
	}{{1, 1, true}, {9, 9, true}, {3, 3, true}, {1.0 / 3, 1.0 / 3, true}, {0.33, 1.0 / 3, true}, {0.333, 1.0 / 3, true},
		{0.14, 1.0 / 7, true}, {0.11, 1.0 / 9, true}, {0.2, 0.2, true}, {2.5, 0, false}, {10, 0, false}, {0.1, 0, false},
		{0, 0, false}, {-3, 0, false}, {math.NaN(), 0, false}, {math.Inf(1), 0, false}, {0.4, 0, false}} {
		got, ok := Saaty(tc.in)
		if ok != tc.ok || (ok && math.Abs(got-tc.want) > 1e-15) {
			t.Errorf("Saaty(%v) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// three are active criteria a, b and c (and an inactive one).
var three = []Criterion{{Key: "a", Active: true}, {Key: "b", Active: true}, {Key: "c", Active: true}, {Key: "off"}}

func TestElicitationAHP(t *testing.T) {
	// Upper triangle only: the lower triangle is filled with reciprocals,
	// 0.33 and 0.14 are kept as 1/3 and 1/7, and no criteria means the
	// active ones in order.
	e := Elicitation{Method: MethodAHP, Matrix: [][]float64{{0, 3, 0.14}, {0, 0, 0.33}, {0, 0, 0}}}
	got, errs := e.Check(three)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := [][]float64{{1, 3, 1.0 / 7}, {1.0 / 3, 1, 1.0 / 3}, {7, 3, 1}}
	if !reflect.DeepEqual(got.Matrix, want) || !slices.Equal(got.Criteria, []string{"a", "b", "c"}) {
		t.Errorf("checked = %+v", got)
	}
	// A full reciprocal matrix in another order of the criteria.
	full := Elicitation{Method: MethodAHP, Criteria: []string{"c", "a", "b"}, Matrix: want}
	if got, errs := full.Check(three); len(errs) > 0 || !reflect.DeepEqual(got.Matrix, want) {
		t.Errorf("full: %+v, %v", got, errs)
	}

	for _, tc := range []struct {
		name   string
		e      Elicitation
		field  string
		code   string
		params []any
	}{
		{"zero", Elicitation{Method: MethodAHP, Matrix: [][]float64{{1, 0, 3}, {1, 1, 1}, {1.0 / 3, 1, 1}}}, "matrix[0][1]", "priority.matrix_positive", nil},
		{"negative", Elicitation{Method: MethodAHP, Matrix: [][]float64{{1, 3, -5}, {0, 1, 1}, {0, 0, 1}}}, "matrix[0][2]", "priority.matrix_positive", nil},
		{"not reciprocal", Elicitation{Method: MethodAHP, Matrix: [][]float64{{1, 3, 5}, {3, 1, 1}, {0.2, 1, 1}}}, "matrix[1][0]", "priority.matrix_reciprocal", []any{0, 1}},
		{"off the scale", Elicitation{Method: MethodAHP, Matrix: [][]float64{{1, 2.5, 1}, {0, 1, 1}, {0, 0, 1}}}, "matrix[0][1]", "priority.saaty_scale", nil},
		{"above 9", Elicitation{Method: MethodAHP, Matrix: [][]float64{{1, 12, 1}, {0, 1, 1}, {0, 0, 1}}}, "matrix[0][1]", "priority.saaty_scale", nil},
		{"NaN", Elicitation{Method: MethodAHP, Matrix: [][]float64{{1, math.NaN(), 1}, {0, 1, 1}, {0, 0, 1}}}, "matrix[0][1]", "field.not_a_number", nil},
		{"infinite", Elicitation{Method: MethodAHP, Matrix: [][]float64{{1, 1, math.Inf(1)}, {0, 1, 1}, {0, 0, 1}}}, "matrix[0][2]", "field.not_a_number", nil},
		{"diagonal", Elicitation{Method: MethodAHP, Matrix: [][]float64{{2, 1, 1}, {1, 1, 1}, {1, 1, 1}}}, "matrix[0][0]", "priority.matrix_diagonal", nil},
		{"not square", Elicitation{Method: MethodAHP, Matrix: [][]float64{{1, 3, 5}, {0, 1}, {0, 0, 1}}}, "matrix", "priority.matrix_shape", []any{3}},
		{"wrong size", Elicitation{Method: MethodAHP, Matrix: [][]float64{{1, 3}, {0, 1}}}, "matrix", "priority.matrix_shape", []any{3}},
		{"unknown criterion", Elicitation{Method: MethodAHP, Criteria: []string{"a", "b", "x"}, Matrix: want}, "criteria", "priority.criteria_mismatch", nil},
		{"inactive criterion", Elicitation{Method: MethodAHP, Criteria: []string{"a", "b", "off"}, Matrix: want}, "criteria", "priority.criteria_mismatch", nil},
		{"criterion twice", Elicitation{Method: MethodAHP, Criteria: []string{"a", "b", "b"}, Matrix: want}, "criteria", "priority.criteria_mismatch", nil},
		{"points given", Elicitation{Method: MethodAHP, Matrix: want, Points: []float64{1, 2, 3}}, "points", "priority.points_not_allowed", nil},
		{"method", Elicitation{Method: "vibes"}, "method", "field.one_of", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, errs := tc.e.Check(three)
			if got.Matrix != nil {
				t.Errorf("a refused elicitation came back: %+v", got)
			}
			for _, f := range errs {
				if f.Field == tc.field && f.Code == tc.code && (tc.params == nil || reflect.DeepEqual(f.Params, tc.params)) {
					return
				}
			}
			t.Errorf("errs = %v, want %s%v on %s", errs, tc.code, tc.params, tc.field)
		})
	}
}

func TestElicitationPoints(t *testing.T) {
	ok := []Elicitation{
		{Method: MethodDirect, Points: []float64{50, 30, 20}},
		{Method: MethodDirect, Points: []float64{0, 0, 1}},
		{Method: MethodSwing, Points: []float64{100, 60, 0}},
	}
	for _, e := range ok {
		if got, errs := e.Check(three); len(errs) > 0 || !slices.Equal(got.Points, e.Points) || got.Matrix != nil {
			t.Errorf("%+v: %+v, %v", e, got, errs)
		}
	}
	for _, tc := range []struct {
		e           Elicitation
		field, code string
	}{
		{Elicitation{Method: MethodDirect, Points: []float64{50, 30}}, "points", "priority.points_count"},
		{Elicitation{Method: MethodDirect, Points: []float64{50, -1, 20}}, "points[1]", "field.between"},
		{Elicitation{Method: MethodDirect, Points: []float64{50, 101, 20}}, "points[1]", "field.between"},
		{Elicitation{Method: MethodDirect, Points: []float64{0, 0, 0}}, "points", "priority.points_sum_zero"},
		{Elicitation{Method: MethodDirect, Points: []float64{math.NaN(), 1, 1}}, "points[0]", "field.not_a_number"},
		{Elicitation{Method: MethodSwing, Points: []float64{90, 60, 10}}, "points", "priority.swing_top"},
		{Elicitation{Method: MethodSwing, Points: []float64{100, 60, 10}, Matrix: [][]float64{{1}}}, "matrix", "priority.matrix_not_allowed"},
	} {
		if _, errs := tc.e.Check(three); !hasField(errs, tc.field, tc.code) {
			t.Errorf("%+v: errs = %v, want %s on %s", tc.e, errs, tc.code, tc.field)
		}
	}
	if _, errs := (Elicitation{Method: MethodDirect, Points: []float64{1}}).Check(three[:1]); !hasField(errs, "criteria", "priority.criteria_count") {
		t.Errorf("one criterion: %v", errs)
	}
}

func TestSubmissionCheck(t *testing.T) {
	criteria := []Criterion{{ID: 1, Key: "cost", Scale: DefaultScale}, {ID: 2, Key: "risk", Scale: Scale{0, 10}}}
	s := Submission{Scores: []CriterionScore{{CriterionID: 2, Value: 10, Rationale: "  høy  "}, {CriterionID: 1, Value: 1}}}
	got, errs := s.Check(criteria)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if want := []CriterionScore{{CriterionID: 1, Value: 1}, {CriterionID: 2, Value: 10, Rationale: "høy"}}; !slices.Equal(got, want) {
		t.Errorf("checked = %+v", got)
	}
	for _, tc := range []struct {
		name        string
		scores      []CriterionScore
		field, code string
	}{
		{"below", []CriterionScore{{CriterionID: 1, Value: 0}, {CriterionID: 2, Value: 1}}, "scores.cost", "priority.score_scale"},
		{"above", []CriterionScore{{CriterionID: 1, Value: 6}, {CriterionID: 2, Value: 1}}, "scores.cost", "priority.score_scale"},
		{"own scale", []CriterionScore{{CriterionID: 1, Value: 3}, {CriterionID: 2, Value: 11}}, "scores.risk", "priority.score_scale"},
		{"NaN", []CriterionScore{{CriterionID: 1, Value: math.NaN()}, {CriterionID: 2, Value: 1}}, "scores.cost", "field.not_a_number"},
		{"missing", []CriterionScore{{CriterionID: 1, Value: 3}}, "scores.risk", "priority.score_missing"},
		{"twice", []CriterionScore{{CriterionID: 1, Value: 3}, {CriterionID: 1, Value: 4}, {CriterionID: 2, Value: 1}}, "scores.cost", "priority.score_twice"},
		{"unknown", []CriterionScore{{CriterionID: 1, Value: 3}, {CriterionID: 2, Value: 1}, {CriterionID: 9, Value: 1}}, "scores", "priority.unknown_criterion"},
		{"long rationale", []CriterionScore{{CriterionID: 1, Value: 3, Rationale: strings.Repeat("x", 2001)}, {CriterionID: 2, Value: 1}}, "scores.cost.rationale", "field.too_long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, errs := Submission{Scores: tc.scores}.Check(criteria)
			if got != nil || !hasField(errs, tc.field, tc.code) {
				t.Errorf("= %v, %v; want %s on %s", got, errs, tc.code, tc.field)
			}
		})
	}
	errs = func() []domain.FieldError {
		_, errs := Submission{Scores: []CriterionScore{{CriterionID: 1, Value: 0}, {CriterionID: 2, Value: 1}}}.Check(criteria)
		return errs
	}()
	if !reflect.DeepEqual(errs[0].Params, []any{1.0, 5.0}) {
		t.Errorf("scale params = %v", errs[0].Params)
	}
}

func TestRoundTimes(t *testing.T) {
	deadline := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	r := Round{Deadline: deadline}
	if !r.AcceptsScores(deadline.Add(-time.Nanosecond)) || r.AcceptsScores(deadline) || !r.Over(deadline) {
		t.Error("the deadline instant must be too late")
	}
	closed := deadline.Add(-time.Hour)
	r.ClosedAt = &closed
	if r.AcceptsScores(closed) || !r.Over(closed) {
		t.Error("a closed round accepts scores")
	}
}

func TestAnonymise(t *testing.T) {
	scores := []Score{{ID: 11, UserID: 1, Value: 4, Rationale: "a"}, {ID: 12, UserID: 2, Value: 2, Rationale: "b"},
		{ID: 13, UserID: 3, Value: 5}, {ID: 14, UserID: 4, Value: 2, Rationale: "c"}, {ID: 15, UserID: 5, Value: 3, Rationale: "d"}}
	values, rs := anonymise(7, scores)
	if !slices.Equal(values, []float64{2, 2, 3, 4, 5}) || len(rs) != 4 {
		t.Fatalf("values %v, rationales %v", values, rs)
	}
	reversed := slices.Clone(scores)
	slices.Reverse(reversed)
	if _, again := anonymise(7, reversed); !slices.Equal(again, rs) {
		t.Errorf("order depends on the input: %v vs %v", again, rs)
	}
	// Not the order of submission (ids) for every round.
	inOrder := 0
	for round := domain.ID(1); round <= 20; round++ {
		_, r := anonymise(round, scores)
		if slices.IsSortedFunc(r, func(a, b Rationale) int { return strings.Compare(a.Text, b.Text) }) {
			inOrder++
		}
	}
	if inOrder > 5 {
		t.Errorf("rationales came in submission order in %d of 20 rounds", inOrder)
	}
}

func TestDecisionInputCheck(t *testing.T) {
	in := DecisionInput{Method: "schulze", Weights: json.RawMessage(`{ "a" : 0.5 }`), Ranking: json.RawMessage(`[ 3, 1, 2 ]`)}
	got, errs := in.Check()
	if len(errs) > 0 || string(got.Weights) != `{"a":0.5}` || string(got.Ranking) != `[3,1,2]` {
		t.Errorf("Check = %+v, %v", got, errs)
	}
	for _, tc := range []struct {
		in          DecisionInput
		field, code string
	}{
		{DecisionInput{Method: "Schulze!", Weights: json.RawMessage(`{}`), Ranking: json.RawMessage(`[1]`)}, "method", "priority.method_format"},
		{DecisionInput{Method: "borda", Weights: json.RawMessage(`{`), Ranking: json.RawMessage(`[1]`)}, "weights", "priority.json_required"},
		{DecisionInput{Method: "borda", Weights: json.RawMessage(`"x"`), Ranking: json.RawMessage(`[1]`)}, "weights", "priority.json_required"},
		{DecisionInput{Method: "borda", Weights: json.RawMessage(`{}`), Ranking: json.RawMessage(`[]`)}, "ranking", "priority.ranking_required"},
		{DecisionInput{Method: "borda", Weights: json.RawMessage(`{}`), Ranking: json.RawMessage(`{"a":1}`)}, "ranking", "priority.ranking_required"},
		{DecisionInput{Method: "borda", Weights: json.RawMessage(`{}`)}, "ranking", "priority.json_required"},
		{DecisionInput{Method: "borda", Weights: json.RawMessage(`{}`), Ranking: json.RawMessage(`[1]`), Note: strings.Repeat("x", 4001)}, "note", "field.too_long"},
	} {
		if _, errs := tc.in.Check(); !hasField(errs, tc.field, tc.code) {
			t.Errorf("%+v: %v, want %s on %s", tc.in, errs, tc.code, tc.field)
		}
	}
}

func TestDecisionHash(t *testing.T) {
	d := Decision{CollaborationID: 1, RoundID: 2, Method: "borda", Weights: json.RawMessage(`{}`), Ranking: json.RawMessage(`[1,2]`),
		Participants: map[domain.ID]int{5: 2, 3: 1}, CreatedAt: time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC), CreatedBy: "Åse"}
	h := d.ComputeHash()
	if len(h) != 64 || h != d.ComputeHash() {
		t.Fatalf("hash %q", h)
	}
	for _, change := range []func(*Decision){
		func(d *Decision) { d.Method = "schulze" },
		func(d *Decision) { d.Ranking = json.RawMessage(`[2,1]`) },
		func(d *Decision) { d.Participants = map[domain.ID]int{5: 2, 3: 2} },
		func(d *Decision) { d.CreatedAt = d.CreatedAt.Add(time.Microsecond) },
		func(d *Decision) { d.Note = "x" },
	} {
		x := d
		x.Participants = map[domain.ID]int{5: 2, 3: 1}
		change(&x)
		if x.ComputeHash() == h {
			t.Errorf("a change left the hash as it was: %+v", x)
		}
	}
}
