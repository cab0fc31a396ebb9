package process

import (
	"sync"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// A version's XML never changes once saved, so what the manager reads from
// it (the parsed model and its figures, or the reader's refusal) can be
// kept. The pages that need the elements of a model (the table, obstacles,
// requirements) and those that compute figures for a version saved
// without them read each version once instead of once per view, and a
// stored file over the limits is refused once, not at every view.

// maxParsed is how many versions the manager keeps parsed: a few services'
// to-be and adapted processes. A model at the default limits takes a few
// megabytes parsed.
const maxParsed = 12

type parsedKey struct {
	collab, model domain.ID
	version       int
}

// parsed is one version as read: its model and figures, or why it could
// not be read.
type parsed struct {
	defs    *Definitions
	metrics *Metrics
	err     error
}

type parseCache struct {
	mu      sync.Mutex
	entries map[parsedKey]*parsed
	order   []parsedKey // oldest first
}

func (c *parseCache) get(k parsedKey) *parsed {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.entries[k]
}

func (c *parseCache) put(k parsedKey, p *parsed) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[parsedKey]*parsed{}
	}
	if _, ok := c.entries[k]; ok {
		return
	}
	if len(c.order) >= maxParsed {
		delete(c.entries, c.order[0])
		c.order = c.order[1:]
	}
	c.entries[k] = p
	c.order = append(c.order, k)
}

func (c *parseCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries, c.order = nil, nil
}

// parsedVersion returns version n of a model parsed within the manager's
// limits, with its figures (the stored ones when given, else computed).
// xml loads the version's XML when it is not kept; stored are the figures
// stored with it (nil for an older version). A file the reader refuses
// gives parsed.err, not an error: only a failing load is one.
func (m *Manager) parsedVersion(collab, model domain.ID, n int, xml func() (string, *Metrics, error)) (*parsed, error) {
	k := parsedKey{collab, model, n}
	if p := m.cache.get(k); p != nil {
		return p, nil
	}
	src, stored, err := xml()
	if err != nil {
		return nil, err
	}
	p := &parsed{metrics: stored}
	if p.defs, p.err = m.parse(src); p.err == nil && p.metrics == nil {
		mt := Compute(p.defs)
		p.metrics = &mt
	}
	p.metrics.bound()
	if p.err != nil {
		p.metrics = nil
	}
	m.cache.put(k, p)
	return p, nil
}
