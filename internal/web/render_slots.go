package web

import (
	"context"
	"runtime"
)

// renderSlots bounds the renders of the large pages (the service list, a
// service's 357 municipalities) running at once. Each holds its rows and
// its page, 1–1.5 MB, while it renders and allocates about 3.5 MB; with 20
// clients on two cores twenty of them were in flight, and the garbage
// collector let the heap grow to twice what they held: the serving
// server's peak memory went past 200 MiB (issue 17). More renders at once
// than a few per core do not finish sooner; they wait here instead of
// sharing the processors, in the order they came.
type renderSlots chan struct{}

// newRenderSlots allows two renders per processor, at least four.
func newRenderSlots() renderSlots {
	return make(renderSlots, max(4, 2*runtime.GOMAXPROCS(0)))
}

// acquire waits for a slot; it fails only when ctx ends first.
func (s renderSlots) acquire(ctx context.Context) error {
	select {
	case s <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s renderSlots) release() { <-s }
