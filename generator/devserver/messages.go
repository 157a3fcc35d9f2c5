package devserver

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rensai-ssg/rensai/generator/i18n"
)

// Every word the dev server says to the author, in the terminal, in the
// overlay and on its own pages, comes from the shared catalog of package
// i18n (its serve.* keys), in English and Japanese; Options.Lang chooses
// ("ja" or "en"; the command line passes its own language, from --lang or
// the locale).

// msgID is the catalog key of one message.
type msgID string

// The dev server's messages.
const (
	msgBuilding             msgID = "serve.building"
	msgBuilt                msgID = "serve.built"
	msgBuiltPages           msgID = "serve.builtPages"
	msgSearchBuilt          msgID = "serve.searchBuilt"
	msgSearchUpdated        msgID = "serve.searchUpdated"
	msgRebuilt              msgID = "serve.rebuilt"
	msgRebuiltFixed         msgID = "serve.rebuiltFixed"
	msgRebuiltOne           msgID = "serve.rebuiltOne"
	msgRebuiltFixedOne      msgID = "serve.rebuiltFixedOne"
	msgReloadAll            msgID = "serve.reloadAll"
	msgPagesRemoved         msgID = "serve.pagesRemoved"
	msgStylesheets          msgID = "serve.stylesheets"
	msgStylesheet           msgID = "serve.stylesheet"
	msgNothingChanged       msgID = "serve.nothingChanged"
	msgChangedOne           msgID = "serve.changedOne"
	msgRemovedOne           msgID = "serve.removedOne"
	msgChangedMore          msgID = "serve.changedMore"
	msgChangedUnknown       msgID = "serve.changedUnknown"
	msgBuildFailed          msgID = "serve.buildFailed"
	msgStillServing         msgID = "serve.stillServing"
	msgURL                  msgID = "serve.uRL"
	msgNetworkNote          msgID = "serve.networkNote"
	msgWatching             msgID = "serve.watching"
	msgNoBrowser            msgID = "serve.noBrowser"
	msgShuttingDown         msgID = "serve.shuttingDown"
	msgPortInUse            msgID = "serve.portInUse"
	msgWarning              msgID = "serve.warning"
	msgWithDrafts           msgID = "serve.withDrafts"
	msgOverlayErrors        msgID = "serve.overlayErrors"
	msgOverlayWarnings      msgID = "serve.overlayWarnings"
	msgOverlayClose         msgID = "serve.overlayClose"
	msgOverlayHint          msgID = "serve.overlayHint"
	msgOverlayHintErrorPage msgID = "serve.overlayHintErrorPage"
	msgErrorPageTitle       msgID = "serve.errorPageTitle"
	msgErrorPageText        msgID = "serve.errorPageText"
	msgBuildFailedShort     msgID = "serve.buildFailedShort"
	msgNoNotFoundPage       msgID = "serve.noNotFoundPage"
	msgNotFound             msgID = "serve.notFound"
	msgBadPath              msgID = "serve.badPath"
	msgMethod               msgID = "serve.method"
	msgForeignHost          msgID = "serve.foreignHost"
	msgNoStreaming          msgID = "serve.noStreaming"
	msgStopping             msgID = "serve.stopping"
)

// Languages of the messages.
const (
	LangEnglish  = string(i18n.English)
	LangJapanese = string(i18n.Japanese)
)

// text returns message id in lang, formatted with args.
func text(lang string, id msgID, args ...any) string {
	return i18n.New(i18n.Lang(lang)).T(string(id), args...)
}

// tr is text in the server's language.
func (s *Server) tr(id msgID, args ...any) string { return text(s.opts.Lang, id, args...) }

// overlayStrings are the overlay's words, sent to the page in every hello.
func (s *Server) overlayStrings() map[string]string {
	return map[string]string{
		"errors":        s.tr(msgOverlayErrors),
		"warnings":      s.tr(msgOverlayWarnings),
		"close":         s.tr(msgOverlayClose),
		"hint":          s.tr(msgOverlayHint),
		"hintErrorPage": s.tr(msgOverlayHintErrorPage),
	}
}

// draftsNote follows a whole build's file count when it includes drafts.
func (s *Server) draftsNote() string {
	if s.opts.Drafts {
		return s.tr(msgWithDrafts)
	}
	return ""
}

// rebuildLine is the terminal's line for a rebuild: what changed, what the
// build did, how long it took.
func (s *Server) rebuildLine(changed []string, c Change, pages int, fixed bool, took time.Duration) string {
	dur := duration(took)
	what := s.describe(changed)
	if pages == 0 && len(c.Removed) == 0 && len(c.CSS) == 0 && !c.All && !fixed {
		return s.tr(msgNothingChanged, what, dur)
	}
	id := msgRebuilt
	switch {
	case fixed && pages == 1:
		id = msgRebuiltFixedOne
	case fixed:
		id = msgRebuiltFixed
	case pages == 1:
		id = msgRebuiltOne
	}
	line := s.tr(id, what, pages, dur)
	var extra string
	if len(c.Removed) > 0 {
		extra += s.tr(msgPagesRemoved, len(c.Removed))
	}
	switch len(c.CSS) {
	case 0:
	case 1:
		extra += s.tr(msgStylesheet)
	default:
		extra += s.tr(msgStylesheets, len(c.CSS))
	}
	if c.All {
		extra += s.tr(msgReloadAll)
	}
	if extra == "" {
		return line
	}
	// The extras belong before the time: "… 3 ページを再生成、1 ページを削除 (35ms)".
	at := strings.LastIndex(line, " (")
	return line[:at] + extra + line[at:]
}

// describe says which sources a build was given: one path (changed or
// removed), the first of several, or that the watcher could not say.
func (s *Server) describe(changed []string) string {
	switch len(changed) {
	case 0:
		return s.tr(msgChangedUnknown)
	case 1:
		if s.opts.Source != "" {
			if _, err := os.Lstat(filepath.Join(s.opts.Source, filepath.FromSlash(changed[0]))); errors.Is(err, fs.ErrNotExist) {
				return s.tr(msgRemovedOne, changed[0])
			}
		}
		return s.tr(msgChangedOne, changed[0])
	}
	return s.tr(msgChangedMore, changed[0], len(changed)-1)
}
