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

// HasKey reports whether the manager has a server key, without which no
// tender can be created and no bid received or opened: the demo loader
// checks it first to say what is missing.
func (m *Manager) HasKey() bool {
	_, err := m.server()
	return err == nil
}
