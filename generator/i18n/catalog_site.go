package i18n

// siteCatalog holds the build's messages about where output goes: the
// claim table's collisions (package generator, claims.go and plan.go) with
// the words that describe a claimant, the symbolic links the build refuses
// (package sitefs), and the terms of a taxonomy that would share a URL
// (package site).
var siteCatalog = map[string]message{
	"claims.taken": {"%s would be written at %s, which is already %s; give one of them another URL (slug, aliases, or the file name)",
		"%sが %s に書かれますが、そこはすでに%sです。どちらかに別の URL を付けてください（slug、aliases、またはファイル名）"},
	"claims.folderOf": {"%s would be written at /%s, which is a folder of %s; give one of them another URL",
		"%sが /%s に書かれますが、そこは%sのフォルダーです。どちらかに別の URL を付けてください"},
	"claims.inside": {"%s would be written at %s, inside /%s, which is already %s; give one of them another URL",
		"%sが /%[3]s の中の %[2]s に書かれますが、/%[3]s はすでに%[4]sです。どちらかに別の URL を付けてください"},
	"claims.reserved": {"%s would be written at /%s, inside /%s, where rensai writes its own pages; choose another slug or alias",
		"%sが /%[3]s の中の /%[2]s に書かれますが、/%[3]s には rensai が自分のページを書きます。別の slug か別名を選んでください"},
	"claims.search": {"the search index is written in /search/; move the file elsewhere in static/",
		"検索索引は /search/ に書かれます。このファイルは static/ の別の場所に移してください"},
	"claims.replace": {"%s would replace %s; %s", "%sが%sを置き換えてしまいます。%s"},
	"claims.override": {"replaces %s, as staticOverrides in rensai.toml says",
		"rensai.toml の staticOverrides のとおり、%sを置き換えます"},
	"claims.hint.removeOne": {"remove one of them", "どちらかを消してください"},
	"claims.hint.override": {"remove the file, or add %q to staticOverrides in rensai.toml to replace the generated file on purpose",
		"ファイルを消すか、生成されるファイルをわざと置き換えるなら rensai.toml の staticOverrides に %q を足してください"},
	"claims.who.rensai":  {"%s (written by rensai)", "%s（rensai が書くもの）"},
	"claims.who.at":      {"%s (%s)", "%s（%s）"},
	"claims.place.line":  {"%s:%d", "%s:%d"},
	"claims.what.quoted": {"%s 「%s」", "%s「%s」"},
	"claims.what.named":  {"%s %s", "%s %s"},
	"claims.what.feed":   {"the feed of %s", "%sのフィード"},

	"claims.kind.article":      {"the article", "記事"},
	"claims.kind.alias":        {"the alias", "別名"},
	"claims.kind.static":       {"the static file", "static/ のファイル"},
	"claims.kind.asset":        {"the theme's asset", "テーマのアセット"},
	"claims.kind.bundle":       {"the file beside an article", "記事に添えたファイル"},
	"claims.kind.seriesPage":   {"the page of series", "連載のページ"},
	"claims.kind.site":         {"the site", "サイト"},
	"claims.kind.sitemap":      {"the sitemap", "サイトマップ"},
	"claims.kind.robots":       {"robots.txt", "robots.txt"},
	"claims.kind.home":         {"the home page", "トップページ"},
	"claims.kind.seriesIndex":  {"the series index", "連載の一覧"},
	"claims.kind.archiveIndex": {"the archive index", "アーカイブの一覧"},
	"claims.kind.search":       {"the search page", "検索ページ"},
	"claims.kind.notFound":     {"the 404 page", "404 ページ"},
	"claims.kind.termPage":     {"the page of %s", "%s のページ"},
	"claims.kind.homePage":     {"home page %s", "トップページの %s ページ目"},
	"claims.kind.termIndex":    {"the index of %s", "%s の一覧"},
	"claims.kind.archive":      {"the archive of %s", "%s のアーカイブ"},
	"claims.kind.other":        {"%s", "%s"},

	// Symbolic links and special files the build refuses (package sitefs).
	"sitefs.link": {"symbolic link to %s %s", "%s へのシンボリックリンク: %s"},
	"sitefs.outside": {"leads outside the site; rensai reads only the site's own files: replace the link with a copy of the file",
		"サイトの外に通じています。rensai はサイト自身のファイルだけを読みます。リンクをファイルのコピーに置き換えてください"},
	"sitefs.inside": {"is not followed; pass --follow-symlinks or set followSymlinks = true in rensai.toml to allow links inside the site",
		"たどりません。サイトの中へのリンクを許すなら --follow-symlinks を付けるか、rensai.toml に followSymlinks = true と書いてください"},
	"sitefs.special": {"is a device, pipe or socket, not a file; rensai reads only regular files: remove it",
		"ファイルではなくデバイス、パイプ、ソケットです。rensai は普通のファイルだけを読みます。消してください"},
	"sitefs.dangling": {"points at nothing: remove the link or create its target",
		"リンク先がありません。リンクを消すか、リンク先を作ってください"},
	"sitefs.loop": {"leads back to a folder that holds it, so the folder would never end: remove the link",
		"自分を含むフォルダーに戻るので、フォルダーが終わりません。リンクを消してください"},

	"site.termsShareURL": {"%s %s would share the URL %s; %s (write them the same way if they are one term)",
		"%s の %s は同じ URL %s になるところでした。%s に置きました（一つの語なら同じ書き方にしてください）"},
}
