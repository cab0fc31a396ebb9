package web

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestRenderSlotsBoundRendersAtOnce(t *testing.T) {
	s := make(renderSlots, 3)
	var running, most atomic.Int32
	var wg sync.WaitGroup
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.acquire(context.Background()); err != nil {
				t.Error(err)
				return
			}
			defer s.release()
			n := running.Add(1)
			for {
				m := most.Load()
				if n <= m || most.CompareAndSwap(m, n) {
					break
				}
			}
			time.Sleep(5 * time.Millisecond)
			running.Add(-1)
		}()
	}
	wg.Wait()
	if m := most.Load(); m < 1 || m > 3 {
		t.Errorf("%d renders at once, want at most 3", m)
	}
	// Full, a request whose client has gone stops waiting.
	for range 3 {
		_ = s.acquire(context.Background())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := s.acquire(ctx); err == nil {
		t.Error("acquired a slot while all were taken")
	}
	if n := cap(newRenderSlots()); n < 4 {
		t.Errorf("%d slots, want at least 4", n)
	}
}
