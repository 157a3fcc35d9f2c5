package devserver

import (
	"strconv"
	"strings"
)

// Showing the open page first. Before each build the server names the
// pages open in browsers (each event stream says which page it is for) to
// a FirstRenderer, which renders them before the other pages; as soon as
// one is stored changed the server serves it and tells the pages
// listening, so the page the author looks at changes while the rest of the
// build (the serial's other pages, the lists, the feeds) is still being
// rendered.
//
// The rest of the build waits for the browser: a StreamBuilder calls its
// sink's FirstWritten once the open pages are written, and the server
// holds it there until a page says it shows the edit (live.js posts to
// /__rensai/shown after the frame that painted it; a page that reloaded
// instead reconnects), for at most holdWait. On two cores the rest of the
// pages and the collector otherwise take the CPU the browser needs to
// fetch, parse, merge and paint the page, which is what the author waits
// for; nobody looks at the other pages in those milliseconds.

// renderOpenFirst has a FirstRenderer write the pages open in browsers
// before the others, and st show each one as soon as it is stored
// (showEarly); not while the last build failed, whose error covers the
// pages until a build succeeds.
func (s *Server) renderOpenFirst(st *storing) {
	fr, ok := s.opts.Builder.(FirstRenderer)
	if !ok {
		return
	}
	s.mu.RLock()
	site, failed := s.site, s.failed
	s.mu.RUnlock()
	var files []string
	if site != nil && !failed {
		// Only Rebuild replaces s.site, and it is the caller.
		for _, p := range s.hub.pages() {
			rel, ok := strings.CutPrefix(p, site.base)
			if !ok {
				continue
			}
			name := rel
			if name == "" || strings.HasSuffix(name, "/") {
				name += "index.html"
			}
			if _, ok := site.files[name]; ok {
				files = append(files, name)
			}
		}
	}
	fr.RenderFirst(files)
	if len(files) == 0 {
		return
	}
	st.first = map[string]bool{}
	for _, f := range files {
		st.first[f] = true
	}
	st.onFirst = s.showEarly
	st.hold, st.holdFor = s.hub.nextShown, s.holdWait
}

// showEarly serves e, an open page the build under way has just stored
// changed, and tells the pages listening, before the build ends: a page
// showing it fetches it (live.js), and the build's own message names it
// again under the same build id, which live.js then leaves alone. A build
// that fails or is cancelled drops it (dropEarly).
func (s *Server) showEarly(name string, e *entry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.site == nil {
		return
	}
	if s.early == nil {
		s.early = map[string]*entry{}
	}
	s.early[name] = e
	s.earlyID = s.nonce + "-" + strconv.Itoa(s.builds+1) // the id succeed gives the build
	change := Change{Pages: []string{pageURL(s.site.base, name)}}
	s.hub.broadcast(s.messageLocked("build", map[string]any{"build": s.earlyID, "change": change, "problems": s.problems, "early": true}))
}

// earlyFile is the file name as the build under way stored it, if it is an
// open page shown early, with that build's id.
func (s *Server) earlyFile(name string) (*entry, string) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.early[name], s.earlyID
}

// dropEarly forgets the pages shown early once the build is over.
func (s *Server) dropEarly() {
	s.mu.Lock()
	s.early = nil
	s.mu.Unlock()
}
