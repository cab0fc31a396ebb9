package procurement

import (
	"testing"
)

// Weights typed with decimals become whole percent that still sum to 100:
// rounded down, the rest to the largest remainders, ties in order.
func TestNoticeCriteriaWeights(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want []int
	}{
		{[]float64{30, 50, 20}, []int{30, 50, 20}},
		{[]float64{33.33, 33.33, 33.34}, []int{33, 33, 34}},
		{[]float64{12.5, 12.5, 75}, []int{13, 12, 75}},
		{[]float64{20.4, 39.6, 40}, []int{20, 40, 40}},
	} {
		ev := &Evaluation{PriceModel: PriceLinear}
		for i, w := range c.in {
			ev.Criteria = append(ev.Criteria, Criterion{Key: string(rune('a' + i)), Name: "K", Weight: w, Price: i == 0})
		}
		got := noticeCriteria(ev, noticeWords["ENG"])
		for i, g := range got {
			if g.Weight != c.want[i] {
				t.Errorf("%v: weight %d is %d, want %d", c.in, i, g.Weight, c.want[i])
			}
		}
		if got[0].Type != "price" || got[1].Type != "quality" {
			t.Errorf("types %s %s", got[0].Type, got[1].Type)
		}
	}
}
