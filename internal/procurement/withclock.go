package procurement

import "github.com/tjenestevalg/tjenestevalg/internal/domain"

// WithClock returns a manager like m, over the same store and server key,
// that reads time from c. The demo loader needs it to replay a tender of
// 2017 as it happened: bids received before a deadline that lies in the
// past of every real clock. Everything else uses the clock it was built
// with.
func (m *Manager) WithClock(c domain.Clock) *Manager {
	cp := *m
	cp.cfg.Clock = c
	return &cp
}

// PartOf returns the regulation part tender t falls in under the
// manager's configured thresholds, for readers (the CLI) that show it
// without building their own thresholds.
func (m *Manager) PartOf(t Tender) Part {
	return DerivePart(t.EstimatedValue, t.Works, m.cfg.Thresholds)
}
