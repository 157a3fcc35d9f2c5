package search

import (
	"slices"
	"strings"
	"sync"
	"unsafe"
)

// runMemo remembers the morphemes of the texts a Tokenizer analysed, so
// that a paragraph repeated word for word (the introduction every part of
// a serial repeats, a recurring sign-off) is analysed once per build
// rather than once per article. The analysis is a pure function of the
// text, so a remembered result is exactly what the tokenizer would return.
//
// The memo holds at most memoBudget bytes (texts and morphemes); when it
// is full it starts over empty. Articles are analysed series by series,
// so the parts that repeat each other come close together and a small
// memo finds their repeats.
type runMemo struct {
	mu   sync.Mutex
	runs map[string][]Morpheme
	size int
}

const memoBudget = 4 << 20

var morphemeSize = int(unsafe.Sizeof(Morpheme{}))

// get returns a copy of the morphemes remembered for text.
func (m *runMemo) get(text string) ([]Morpheme, bool) {
	m.mu.Lock()
	ms, ok := m.runs[text]
	m.mu.Unlock()
	if !ok {
		return nil, false
	}
	return slices.Clone(ms), true
}

// put remembers the morphemes of text, with their surfaces pointing into
// a copy of text, so that the memo keeps no article's text alive. Results
// whose surfaces do not spell text are not remembered.
func (m *runMemo) put(text string, ms []Morpheme) {
	cost := len(text) + len(ms)*morphemeSize + 64
	if cost > memoBudget/64 {
		return
	}
	key := strings.Clone(text)
	own := make([]Morpheme, len(ms))
	at := 0
	for i, mo := range ms {
		end := at + len(mo.Surface)
		if end > len(key) || key[at:end] != mo.Surface {
			return
		}
		own[i] = mo
		own[i].Surface = key[at:end]
		at = end
	}
	if at != len(key) {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.runs == nil || m.size+cost > memoBudget {
		m.runs, m.size = map[string][]Morpheme{}, 0
	}
	if _, ok := m.runs[key]; !ok {
		m.runs[key] = own
		m.size += cost
	}
}
