package procurement

import (
	"math"
	"strings"
)

// The price models that turn prices into points on the 0–10 scale, as
// anskaffelser.no describes them ("regne om pris til poeng"). Pb is the
// lowest evaluated price, Pe the price being scored.
const (
	// PriceLinear: 10 − 10 × (Pe − Pb)/Pb. Every percent above the lowest
	// price costs the same tenth of a point, so a price more than twice the
	// lowest scores below zero; the negative score is kept, since clamping
	// it at 0 would let a very expensive bid lose no more than an expensive
	// one.
	PriceLinear = "linear"
	// PriceProportional: 10 × Pb/Pe. Never negative; the distance between
	// two expensive bids shrinks as prices rise.
	PriceProportional = "proportional"
)

// PriceModels lists the price models in the order the UI offers them.
var PriceModels = []string{PriceLinear, PriceProportional}

// LinearScore returns the linear model's points for price pe when pb is the
// lowest price: 10 − 10 × (pe − pb)/pb, negative above twice pb. Prices
// must be positive (PriceScores checks them).
func LinearScore(pb, pe float64) float64 {
	return 10 - 10*(pe-pb)/pb
}

// ProportionalScore returns the proportional model's points for price pe
// when pb is the lowest price: 10 × pb/pe. Prices must be positive
// (PriceScores checks them).
func ProportionalScore(pb, pe float64) float64 {
	return 10 * pb / pe
}

// PriceError says which input PriceScores refused. Its Error() is the
// translation key to show, as for the package's other parse errors, with
// Params for its placeholders; Index is the position of the refused price,
// or -1 when the model or the list as a whole is wrong.
type PriceError struct {
	Index  int
	Code   string
	Params []any
}

func (e *PriceError) Error() string { return e.Code }

// PriceScores scores every price with model against the lowest of them:
// the lowest price gets 10. The result has one score per price, in order.
//
// Errors (*PriceError): "field.one_of" (Index -1, param: the models) for
// a model not in PriceModels; "field.required" (Index -1) for no prices;
// "procurement.price_not_positive" at the first price that is zero,
// negative, infinite or not a number, since neither model means anything
// for it (a zero lowest price would divide by zero).
func PriceScores(model string, prices []float64) ([]float64, error) {
	var score func(pb, pe float64) float64
	switch model {
	case PriceLinear:
		score = LinearScore
	case PriceProportional:
		score = ProportionalScore
	default:
		return nil, &PriceError{Index: -1, Code: "field.one_of", Params: []any{strings.Join(PriceModels, ", ")}}
	}
	if len(prices) == 0 {
		return nil, &PriceError{Index: -1, Code: "field.required"}
	}
	pb := math.Inf(1)
	for i, p := range prices {
		if !(p > 0) || math.IsInf(p, 1) {
			return nil, &PriceError{Index: i, Code: "procurement.price_not_positive"}
		}
		pb = min(pb, p)
	}
	out := make([]float64, len(prices))
	for i, p := range prices {
		out[i] = score(pb, p)
	}
	return out, nil
}

// OtherPriceModel returns the model that is not model, for the check
// whether the choice of model decides the winner; "" for an unknown model.
func OtherPriceModel(model string) string {
	switch model {
	case PriceLinear:
		return PriceProportional
	case PriceProportional:
		return PriceLinear
	}
	return ""
}
