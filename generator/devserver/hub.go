package devserver

import (
	"maps"
	"slices"
	"sync"
)

// message is one server-sent event.
type message struct {
	event string // "hello", "build" or "failure"
	data  []byte // JSON, one line
}

// hub fans messages out to the open event streams.
type hub struct {
	mu     sync.Mutex
	subs   map[*subscriber]struct{}
	closed bool
	joined chan struct{} // closed, and replaced, by the next subscribe
	shown  chan struct{} // closed, and replaced, by the next page's shown report
}

// nextJoin returns a channel closed when the next stream opens (a page
// that reloaded reconnects), and how many streams are open now.
func (h *hub) nextJoin() (<-chan struct{}, int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.joined, len(h.subs)
}

// signal tells those waiting on nextJoin that a page has its new build:
// a page that updates itself in place (live.js) fetches it instead of
// reconnecting.
func (h *hub) signal() {
	h.mu.Lock()
	defer h.mu.Unlock()
	close(h.joined)
	h.joined = make(chan struct{})
}

// nextShown returns a channel closed when a page next says it has shown
// an update (live.js, after merging a new build into itself) or a page
// connects (after a reload).
func (h *hub) nextShown() <-chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.shown
}

// markShown tells those waiting on nextShown that a page has shown an
// update.
func (h *hub) markShown() {
	h.mu.Lock()
	defer h.mu.Unlock()
	close(h.shown)
	h.shown = make(chan struct{})
}

// subscriber is one open event stream. done is closed when the hub drops
// the subscriber (it fell behind, or the hub closed); the stream then ends
// and the browser reconnects, getting the current state in its hello.
type subscriber struct {
	ch   chan message
	done chan struct{}
	page string // the URL path of the page listening, as it says
}

// subscriberBuffer is how many messages a stream may fall behind before
// the hub drops it.
const subscriberBuffer = 16

func newHub() *hub {
	return &hub{subs: map[*subscriber]struct{}{}, joined: make(chan struct{}), shown: make(chan struct{})}
}

// subscribe registers the stream of the page at the URL path page. It
// returns nil after close.
func (h *hub) subscribe(page string) *subscriber {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	s := &subscriber{ch: make(chan message, subscriberBuffer), done: make(chan struct{}), page: page}
	h.subs[s] = struct{}{}
	close(h.joined)
	h.joined = make(chan struct{})
	// A page that reloaded shows the new build by the time it connects.
	close(h.shown)
	h.shown = make(chan struct{})
	return s
}

// unsubscribe removes a stream; it is safe to call more than once.
func (h *hub) unsubscribe(s *subscriber) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.dropLocked(s)
}

func (h *hub) dropLocked(s *subscriber) {
	if _, ok := h.subs[s]; ok {
		delete(h.subs, s)
		close(s.done)
	}
}

// broadcast sends m to every stream without blocking.
func (h *hub) broadcast(m message) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		select {
		case s.ch <- m:
		default:
			h.dropLocked(s)
		}
	}
}

// close ends every stream and refuses new ones.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for s := range h.subs {
		h.dropLocked(s)
	}
}

// pages are the URL paths of the pages listening, sorted, each once.
func (h *hub) pages() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	set := map[string]bool{}
	for s := range h.subs {
		if s.page != "" {
			set[s.page] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}
