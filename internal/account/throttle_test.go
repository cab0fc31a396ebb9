package account

import (
	"testing"
	"time"
)

func TestThrottleRuleReserve(t *testing.T) {
	t0 := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	pair := ThrottleRule{Window: 24 * time.Hour, Free: 3, MaxDelay: 10 * time.Second}
	for _, tc := range []struct {
		n    int
		want time.Duration
	}{{1, 0}, {2, 0}, {3, 2 * time.Second}, {4, 4 * time.Second}, {5, 8 * time.Second}, {6, 10 * time.Second}, {60, 10 * time.Second}} {
		if got := pair.delay(tc.n); got != tc.want {
			t.Errorf("delay after attempt %d = %v, want %v", tc.n, got, tc.want)
		}
	}

	var c ThrottleCount
	var ok bool
	var retry time.Time
	for i := range 3 {
		if c, ok, _ = pair.Reserve(c, t0); !ok {
			t.Fatalf("free attempt %d refused", i+1)
		}
	}
	if _, ok, retry = pair.Reserve(c, t0.Add(time.Second)); ok || !retry.Equal(t0.Add(2*time.Second)) {
		t.Errorf("within the delay: ok %v, retry %v", ok, retry)
	}
	if c, ok, _ = pair.Reserve(c, t0.Add(2*time.Second)); !ok || c.Attempts != 4 || !c.NextAt.Equal(t0.Add(6*time.Second)) {
		t.Errorf("after the delay: ok %v, count %+v", ok, c)
	}
	// The window ends 24 h after the first attempt: a fresh start.
	if c, ok, _ = pair.Reserve(c, t0.Add(24*time.Hour)); !ok || c.Attempts != 1 || !c.Until.Equal(t0.Add(48*time.Hour)) {
		t.Errorf("a new window: ok %v, count %+v", ok, c)
	}

	ceiling := ThrottleRule{Window: time.Minute, Ceiling: 2}
	c = ThrottleCount{}
	c, _, _ = ceiling.Reserve(c, t0)
	c, _, _ = ceiling.Reserve(c, t0)
	if _, ok, retry = ceiling.Reserve(c, t0.Add(59*time.Second)); ok || !retry.Equal(t0.Add(time.Minute)) {
		t.Errorf("over the ceiling: ok %v, retry %v", ok, retry)
	}
	if c.NextAt != (time.Time{}) {
		t.Errorf("a ceiling without Free set a delay: %+v", c)
	}
}
