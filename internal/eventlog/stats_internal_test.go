package eventlog

import "testing"

// numpy.quantile's default ("linear") on the same values.
func TestQuantile(t *testing.T) {
	for _, c := range []struct {
		xs   []float64
		q    float64
		want float64
	}{
		{[]float64{1, 2, 3, 4}, 0.5, 2.5},
		{[]float64{1, 2, 3, 4}, 0.9, 3.7},
		{[]float64{1, 2, 3, 4, 5}, 0.5, 3},
		{[]float64{1, 2, 3, 4, 5}, 0.9, 4.6},
		{[]float64{7}, 0.9, 7},
		{[]float64{0, 10}, 0.9, 9},
		{nil, 0.5, 0},
	} {
		if got := quantile(c.xs, c.q); got < c.want-1e-9 || got > c.want+1e-9 {
			t.Errorf("quantile(%v, %v) = %v, want %v", c.xs, c.q, got, c.want)
		}
	}
}
