package devserver

import (
	"fmt"
)

// Every word the dev server says to the author, in the terminal, in the
// overlay and on its own pages, is in the messages table below, in English
// and Japanese; Options.Lang chooses ("ja" or "en"; the command line passes
// its own language, from --lang or the locale). The format verbs of
// both columns of a row are the same, in the same order.

// msgID names one message.
type msgID int

const (
	msgBuilding msgID = iota
	msgBuilt
	msgBuiltPages
	msgSearchBuilt
	msgSearchUpdated
	msgRebuilt
	msgRebuiltFixed
	msgReloadAll
	msgPagesRemoved
	msgStylesheets
	msgNothingChanged
	msgChangedOne
	msgRemovedOne
	msgChangedMore
	msgChangedUnknown
	msgBuildFailed
	msgStillServing
	msgURL
	msgNetworkNote
	msgWatching
	msgNoBrowser
	msgShuttingDown
	msgPortInUse
	msgWarning
	msgWithDrafts
	// The overlay and the server's own pages.
	msgOverlayErrors
	msgOverlayWarnings
	msgOverlayClose
	msgOverlayHint
	msgOverlayHintErrorPage
	msgErrorPageTitle
	msgErrorPageText
	msgBuildFailedShort
	msgNoNotFoundPage
	msgNotFound
	msgBadPath
	msgMethod
	msgForeignHost
	msgNoStreaming
	msgStopping
	numMessages
)

// messages holds {English, Japanese} for every msgID.
var messages = [numMessages][2]string{
	msgBuilding:       {"Building the site...", "サイトをビルドしています…"},
	msgBuilt:          {"Built %d files in %s", "サイトをビルドしました: %d ファイル (%s)"},
	msgBuiltPages:     {"Built the pages: %d files in %s; the search index follows.", "ページをビルドしました: %d ファイル (%s)。続けて検索インデックスを作ります"},
	msgSearchBuilt:    {"Search index built: %d files in all (%s)", "検索インデックスを作りました: 全部で %d ファイル (%s)"},
	msgSearchUpdated:  {"Search index updated (%s).", "検索インデックスを更新しました (%s)"},
	msgRebuilt:        {"%s → %d pages regenerated (%s)", "%s → %d ページを再生成 (%s)"},
	msgRebuiltFixed:   {"%s → fixed: %d pages regenerated (%s)", "%s → エラーが直りました: %d ページを再生成 (%s)"},
	msgReloadAll:      {", every open page reloads", "、開いているページをすべて再読み込み"},
	msgPagesRemoved:   {", %d removed", "、%d ページを削除"},
	msgStylesheets:    {", %d stylesheets swapped", "、スタイルシート %d 件を差し替え"},
	msgNothingChanged: {"%s → no page changed (%s)", "%s → 変わったページはありません (%s)"},
	msgChangedOne:     {"%s changed", "%s を更新"},
	msgRemovedOne:     {"%s removed", "%s を削除"},
	msgChangedMore:    {"%s and %d more files changed", "%s ほか %d ファイルを更新"},
	msgChangedUnknown: {"Files changed (a folder was moved or removed)", "ファイルを更新 (フォルダーの移動・削除)"},
	msgBuildFailed:    {"Build failed:", "ビルドに失敗しました:"},
	msgStillServing:   {"Still serving the last good build; fix the file and save to rebuild.", "最後に成功したビルドを表示しています。ファイルを直して保存すると再ビルドします。"},
	msgURL:            {"\n  %s\n", "\n  %s\n"},
	msgNetworkNote:    {"Note: listening on %s, so other machines on the network can see the site.", "注意: %s で待ち受けているので、ネットワーク上の他のマシンからもサイトが見えます。"},
	msgWatching:       {"Watching for changes. Press Ctrl-C to stop.", "変更を監視しています。Ctrl-C で終了します。"},
	msgNoBrowser:      {"Could not open a browser: %v", "ブラウザーを開けませんでした: %v"},
	msgShuttingDown:   {"\nShutting down...", "\n終了します…"},
	msgPortInUse:      {"Port %d is in use; using port %d instead.", "ポート %d は使用中なので、ポート %d を使います。"},
	msgWarning:        {"warning: %s", "警告: %s"},
	msgWithDrafts:     {" (drafts included, as with rensai build --drafts)", "（下書きを含みます。rensai build --drafts と同じ数です）"},

	msgOverlayErrors:        {"Build error", "ビルドエラー"},
	msgOverlayWarnings:      {"Warnings", "警告"},
	msgOverlayClose:         {"Close", "閉じる"},
	msgOverlayHint:          {"Fix the file and save: the page reloads by itself. Until then the last good build is shown.", "ファイルを直して保存すると、自動で再読み込みします。それまでは最後に成功したビルドを表示しています。"},
	msgOverlayHintErrorPage: {"Fix the file and save: the page updates by itself.", "ファイルを直して保存すると、自動で表示が更新されます。"},
	msgErrorPageTitle:       {"Build error", "ビルドエラー"},
	msgErrorPageText:        {"The site has not built yet. Fix the file and save: this page updates by itself.", "サイトをまだ一度もビルドできていません。ファイルを直して保存すると、自動で表示が更新されます。"},
	msgBuildFailedShort:     {"The build failed.", "ビルドに失敗しました。"},
	msgNoNotFoundPage:       {"This site has no 404.html.", "このサイトには 404.html がありません。"},
	msgNotFound:             {"Page not found", "ページが見つかりません"},
	msgBadPath:              {"Bad path.", "不正なパスです。"},
	msgMethod:               {"Only GET and HEAD are accepted.", "GET と HEAD だけを受け付けます。"},
	msgForeignHost:          {"Not answering for this host name: open http://127.0.0.1 or http://localhost.", "このホスト名では応答しません。http://127.0.0.1 または http://localhost で開いてください。"},
	msgNoStreaming:          {"Cannot stream events.", "ストリーミングできません。"},
	msgStopping:             {"The server is stopping.", "終了中です。"},
}

// Languages of the messages table.
const (
	LangEnglish  = "en"
	LangJapanese = "ja"
)

// text returns message id in lang, formatted with args.
func text(lang string, id msgID, args ...any) string {
	col := 0
	if lang == LangJapanese {
		col = 1
	}
	s := messages[id][col]
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
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
