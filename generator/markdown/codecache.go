package markdown

import (
	"container/list"
	"crypto/sha256"
	"sync"
)

// htmlCache keeps the HTML of highlighted code blocks by key, dropping the
// least recently used entries when their total size passes a bound. It is
// safe for concurrent use.
type htmlCache struct {
	mu    sync.Mutex
	max   int // bytes of HTML kept at most
	size  int
	order *list.List // of *htmlEntry, most recently used first
	byKey map[[sha256.Size]byte]*list.Element
}

type htmlEntry struct {
	key  [sha256.Size]byte
	html string
}

func newHTMLCache(maxBytes int) *htmlCache {
	return &htmlCache{max: maxBytes, order: list.New(), byKey: map[[sha256.Size]byte]*list.Element{}}
}

func (c *htmlCache) get(key [sha256.Size]byte) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return "", false
	}
	c.order.MoveToFront(e)
	return e.Value.(*htmlEntry).html, true
}

// put stores html under key; HTML larger than the whole bound is not kept.
func (c *htmlCache) put(key [sha256.Size]byte, html string) {
	if len(html) > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		c.order.MoveToFront(e)
		return
	}
	c.byKey[key] = c.order.PushFront(&htmlEntry{key: key, html: html})
	c.size += len(html)
	for c.size > c.max {
		last := c.order.Back()
		old := last.Value.(*htmlEntry)
		c.order.Remove(last)
		delete(c.byKey, old.key)
		c.size -= len(old.html)
	}
}

// stats returns the number of entries and their total size.
func (c *htmlCache) stats() (entries, bytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len(), c.size
}
