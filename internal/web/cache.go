package web

import (
	"bytes"
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// pageCache keeps rendered pages of the large read-only views (the service
// list, a service's facts in every municipality). A page is keyed by all
// its bytes depend on: the collaboration's data version, which every write
// raises in the database (so a hit is as current as a new render, on any
// app server), the session (its CSRF token and rights are in the page), the
// language and the URL with its htmx headers. It is an optimisation only:
// each server keeps its own, and a miss renders as before.
type pageCache struct {
	mu    sync.Mutex
	max   int // bytes of bodies kept at most
	size  int
	order *list.List // most recently used first
	items map[string]*list.Element
}

type cachedPage struct {
	key         string
	contentType string
	body        []byte
}

// pageCacheBytes is how much rendered HTML a server keeps: 80 service
// pages of 357 municipalities, or 220 service lists. What it keeps is live
// heap, which the garbage collector lets grow to twice its size: at 32 MiB
// the cache alone held 64 MiB of a server's memory, a third of the
// 200 MiB it may use while serving (issue 17).
const pageCacheBytes = 16 << 20

func newPageCache(max int) *pageCache {
	return &pageCache{max: max, order: list.New(), items: map[string]*list.Element{}}
}

func (c *pageCache) get(key string) (cachedPage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		return cachedPage{}, false
	}
	c.order.MoveToFront(e)
	return e.Value.(cachedPage), true
}

func (c *pageCache) put(p cachedPage) {
	if len(p.body) > c.max/8 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[p.key]; ok {
		c.size -= len(e.Value.(cachedPage).body)
		c.order.Remove(e)
	}
	c.items[p.key] = c.order.PushFront(p)
	c.size += len(p.body)
	for c.size > c.max {
		last := c.order.Back()
		old := last.Value.(cachedPage)
		c.order.Remove(last)
		delete(c.items, old.key)
		c.size -= len(old.body)
	}
}

// recorder passes a response through while keeping a copy of it.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

// cached serves h's page from the cache when it is current, answers a
// conditional request with 304, and keeps successful renders.
func (s *Server) cached(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		rc := reqOf(r)
		version, err := s.Catalogue.DataVersion(r.Context(), rc.Principal)
		if err != nil {
			return h(w, r) // the handler reports the error as it would
		}
		key := strings.Join([]string{strconv.FormatInt(rc.Principal.CollaborationID, 10), strconv.FormatInt(version, 10),
			rc.CSRF, rc.Lang.Code(), r.Header.Get("HX-Request"), r.Header.Get("HX-Target"), r.URL.RequestURI()}, "\x00")
		sum := sha256.Sum256([]byte(key))
		etag := `"` + hex.EncodeToString(sum[:12]) + `"`
		w.Header().Set("ETag", etag)
		w.Header().Set("Cache-Control", "private, no-cache")
		w.Header().Set("Vary", "Cookie, HX-Request, HX-Target")
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
		if p, ok := s.cache.get(key); ok {
			w.Header().Set("Content-Type", p.contentType)
			_, _ = w.Write(p.body)
			return nil
		}
		if err := s.renders.acquire(r.Context()); err != nil {
			return err // the client has gone
		}
		defer s.renders.release()
		rec := &recorder{ResponseWriter: w}
		if err := h(rec, r); err != nil {
			return err
		}
		if rec.status == http.StatusOK {
			// The recorder is this request's own: its bytes are kept
			// without another copy.
			s.cache.put(cachedPage{key: key, contentType: w.Header().Get("Content-Type"), body: rec.body.Bytes()})
		}
		return nil
	}
}
