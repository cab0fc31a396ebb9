package procurement

import (
	"errors"
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// The figures of anskaffelser.no's example (FACTS.md): lowest price
// 100 000.
func TestPriceModelsAnskaffelserExample(t *testing.T) {
	cases := []struct {
		pe                   float64
		linear, proportional float64
	}{
		{100_000, 10, 10},
		{120_000, 8.0, 100.0 / 12},
		{250_000, -5.0, 4.0},
		{200_000, 0, 5},
	}
	for _, c := range cases {
		if got := LinearScore(100_000, c.pe); !near(got, c.linear) {
			t.Errorf("LinearScore(100000, %v) = %v, want %v", c.pe, got, c.linear)
		}
		if got := ProportionalScore(100_000, c.pe); !near(got, c.proportional) {
			t.Errorf("ProportionalScore(100000, %v) = %v, want %v", c.pe, got, c.proportional)
		}
	}
	if got := math.Round(ProportionalScore(100_000, 120_000)*100) / 100; got != 8.33 {
		t.Errorf("proportional 120 000 shown to two decimals = %v, want 8.33", got)
	}
}

func TestPriceScores(t *testing.T) {
	prices := []float64{120_000, 100_000, 250_000}
	lin, err := PriceScores(PriceLinear, prices)
	if err != nil {
		t.Fatal(err)
	}
	prop, err := PriceScores(PriceProportional, prices)
	if err != nil {
		t.Fatal(err)
	}
	wantLin := []float64{8, 10, -5}
	wantProp := []float64{100.0 / 12, 10, 4}
	for i := range prices {
		if !near(lin[i], wantLin[i]) || !near(prop[i], wantProp[i]) {
			t.Errorf("price %v: linear %v proportional %v, want %v %v", prices[i], lin[i], prop[i], wantLin[i], wantProp[i])
		}
	}
	if one, _ := PriceScores(PriceLinear, []float64{42}); len(one) != 1 || one[0] != 10 {
		t.Errorf("a single bid scores %v, want 10", one)
	}
}

func TestPriceScoresRefuses(t *testing.T) {
	cases := []struct {
		name   string
		model  string
		prices []float64
		index  int
		code   string
	}{
		{"zero price", PriceLinear, []float64{100, 0, 300}, 1, "procurement.price_not_positive"},
		{"negative price", PriceProportional, []float64{-1, 100}, 0, "procurement.price_not_positive"},
		{"NaN", PriceLinear, []float64{100, math.NaN()}, 1, "procurement.price_not_positive"},
		{"infinite", PriceLinear, []float64{100, math.Inf(1)}, 1, "procurement.price_not_positive"},
		{"no prices", PriceLinear, nil, -1, "field.required"},
		{"unknown model", "quadratic", []float64{100}, -1, "field.one_of"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := PriceScores(c.model, c.prices)
			var pe *PriceError
			if !errors.As(err, &pe) || pe.Index != c.index || pe.Error() != c.code {
				t.Fatalf("PriceScores = %v, %v; want index %d code %s", got, err, c.index, c.code)
			}
			if got != nil {
				t.Errorf("scores returned with an error: %v", got)
			}
			if c.code == "field.one_of" && (len(pe.Params) != 1 || pe.Params[0] != "linear, proportional") {
				t.Errorf("one_of params %v, want the models", pe.Params)
			}
		})
	}
}

func TestOtherPriceModel(t *testing.T) {
	if OtherPriceModel(PriceLinear) != PriceProportional || OtherPriceModel(PriceProportional) != PriceLinear || OtherPriceModel("x") != "" {
		t.Error("OtherPriceModel does not pair the two models")
	}
}
