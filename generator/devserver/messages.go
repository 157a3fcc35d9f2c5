package devserver

import "github.com/rensai-ssg/rensai/generator/i18n"

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
