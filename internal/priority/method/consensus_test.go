package method

import (
	"math"
	"testing"
)

func TestSummary(t *testing.T) {
	five := Scale{Min: 1, Max: 5}
	rule := DefaultConsensusRule()
	for _, tt := range []struct {
		scores         []float64
		median, q1, q3 float64
		share          float64
		consensus      bool
	}{
		{[]float64{1, 2, 3, 4, 5}, 3, 2, 4, 0.6, false},
		{[]float64{3, 4, 4, 4, 5}, 4, 4, 4, 1, true},
		{[]float64{4}, 4, 4, 4, 1, true},
		// Type 7: positions 1 + 3p of 4 values: Q1 at 1.75, Q3 at 3.25.
		{[]float64{5, 1, 2, 4}, 3, 1.75, 4.25, 0.5, false},
		{[]float64{2, 3, 3, 3, 3, 3, 4, 5}, 3, 3, 3.25, 7. / 8, true},
	} {
		c, err := Summary(tt.scores, five, rule)
		mustNoErr(t, err)
		if c.Median != tt.median || c.Q1 != tt.q1 || c.Q3 != tt.q3 || math.Abs(c.IQR-(tt.q3-tt.q1)) > 1e-15 ||
			math.Abs(c.Share-tt.share) > 1e-15 || c.Consensus != tt.consensus || c.N != len(tt.scores) {
			t.Errorf("%v: %+v", tt.scores, c)
		}
	}
	strict := ConsensusRule{MaxIQR: 0, MinShare: 0.9, Within: 0}
	if c, _ := Summary([]float64{3, 4, 4, 4, 5}, five, strict); c.Consensus || c.Share != 0.6 {
		t.Errorf("strict rule: %+v", c)
	}
	for _, tt := range []struct {
		name   string
		scores []float64
		scale  Scale
		rule   ConsensusRule
		field  string
		code   string
	}{
		{"empty", nil, five, rule, "scores", CodeEmpty},
		{"outside", []float64{3, 6}, five, rule, "scores[1]", "field.between"},
		{"NaN", []float64{math.NaN()}, five, rule, "scores[0]", "field.not_a_number"},
		{"scale", []float64{3}, Scale{Min: 5, Max: 1}, rule, "scale", CodeScale},
		{"share", []float64{3}, five, ConsensusRule{MaxIQR: 1, MinShare: 75, Within: 1}, "rule.min_share", "field.between"},
		{"iqr", []float64{3}, five, ConsensusRule{MaxIQR: -1, MinShare: 0.75, Within: 1}, "rule.max_iqr", "field.not_negative"},
	} {
		if _, err := Summary(tt.scores, tt.scale, tt.rule); !hasField(err, tt.field, tt.code) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

func TestStability(t *testing.T) {
	prev := []float64{1, 2, 3, 4, 5, 3, 3, 3, 3, 3}
	cur := []float64{2, 2, 3, 4, 4, 3, 3, 3, 3, 3}
	r, err := Stability(prev, cur)
	mustNoErr(t, err)
	if r.N != 10 || r.Unchanged != 0.8 || r.WithinOne != 1 || r.MeanAbsChange != 0.2 || r.Stable || r.MedianShift != 0 {
		t.Errorf("%+v", r)
	}
	r, _ = Stability(cur, cur)
	if !r.Stable || r.Unchanged != 1 || r.IQRShift != 0 {
		t.Errorf("same scores: %+v", r)
	}
	if _, err := Stability([]float64{1}, []float64{1, 2}); !hasField(err, "cur", CodeSize) {
		t.Errorf("lengths: %v", err)
	}
	if _, err := Stability(nil, nil); !hasField(err, "cur", CodeEmpty) {
		t.Errorf("empty: %v", err)
	}
	if _, err := Stability([]float64{math.NaN()}, []float64{1}); !hasField(err, "prev[0]", "field.not_a_number") {
		t.Errorf("NaN: %v", err)
	}
}

func TestDispersion(t *testing.T) {
	s, err := Dispersion([]float64{1, 3, 5, 7})
	mustNoErr(t, err)
	if s.Mean != 4 || s.SD != math.Sqrt(5) || s.Range != 6 || s.Min != 1 || s.Max != 7 || s.Median != 4 || s.IQR != 3 {
		t.Errorf("%+v", s)
	}
	if _, err := Dispersion(nil); !hasField(err, "ranks", CodeEmpty) {
		t.Errorf("empty: %v", err)
	}
	// Municipalities × services: service 2 is contested, 0 and 1 agreed.
	c, err := MostContested([][]float64{{1, 2, 3}, {1, 3, 2}, {2, 1, 10}}, 2)
	mustNoErr(t, err)
	if len(c) != 2 || c[0].Service != 2 || c[1].Service != 1 {
		t.Errorf("contested %+v", c)
	}
	if _, err := MostContested([][]float64{{1, 2}, {1}}, 1); !hasField(err, "ranks[1]", CodeSize) {
		t.Errorf("ragged: %v", err)
	}
}
