package i18n

// contentCatalog holds the front matter's errors about the values of its
// keys (package content): a value of the wrong kind, URL names, terms and
// aliases, and YAML's anchors and keys. buildCatalog has the errors met
// first (a missing or unclosed front matter, dates, parts, status).
var contentCatalog = map[string]message{
	// What a value is, inside the messages below.
	"content.value.empty":  {"empty", "空"},
	"content.value.number": {"the number %v", "数 %v"},
	"content.value.date":   {"a date", "日付"},
	"content.value.list":   {"a list", "リスト"},
	"content.value.table":  {"a table of keys", "キーの表"},
	"content.value.plain":  {"plain text", "ただの文字列"},
	"content.value.this":   {"this", "これ"},

	"content.notText": {"%s must be text, not %s; write it on one line, in quotes if it contains : or #",
		"%s は文字列にします。%s ではありません。一行で書き、: や # を含むなら引用符で囲んでください"},
	"content.notBool": {"%s must be true or false, not %s", "%s は true か false にします。%s ではありません"},
	"content.notDate": {"%s must be a date, not %s; write it as 2026-03-01, 2026-03-01 09:30 or 2026-03-01T09:30:00+09:00",
		"%s は日付にします。%s ではありません。2026-03-01、2026-03-01 09:30、2026-03-01T09:30:00+09:00 のように書いてください"},
	"content.partNotNumber": {"part must be the number of this part in its series (1, 2, 3 ...), not %s",
		"part は連載の中のこの回の番号（1、2、3 …）にします。%s ではありません"},
	"content.notList": {"%s must be a list like [a, b] or one value, not %s",
		"%s は [a, b] のようなリストか一つの値にします。%s ではありません"},
	"content.listItem": {"%s must list plain values, but item %d is %s",
		"%s にはただの値を並べます。%d 番目の項目が %s です"},
	"content.badTerm": {`%s: %q cannot be a page name; remove /, \ and control characters (and do not use . or .. alone)`,
		`%s: %q はページの名前になりません。/、\、制御文字を取り除いてください（. や .. だけの名前も使えません）`},
	"content.seriesSlugNoSeries": {"series_slug: is set but series is missing; add series: <series title> and part:, or remove series_slug",
		"series_slug: がありますが series がありません。series: <連載の題名> と part: を足すか、series_slug を消してください"},
	"content.finalNoSeries": {"final: true is set but series is missing; add series: and part:, or remove final",
		"final: true がありますが series がありません。series: と part: を足すか、final を消してください"},

	"content.encoding": {"file is not UTF-8 (it looks like %s); save it as UTF-8, for example from the site folder (the converted copy is written outside content/, and replaces the file only if iconv succeeds): iconv -f %s -t UTF-8 content/%[3]s > %[4]s && mv %[4]s content/%[3]s",
		"ファイルが UTF-8 ではありません（%s のようです）。UTF-8 で保存してください。たとえばサイトのフォルダーで次のようにします（変換したコピーは content/ の外に書き、iconv が成功したときだけ元のファイルを置き換えます）: iconv -f %s -t UTF-8 content/%[3]s > %[4]s && mv %[4]s content/%[3]s"},
	"content.notUTF8": {"file is not UTF-8 (byte %s is not valid here); save it as UTF-8 in your editor",
		"ファイルが UTF-8 ではありません（バイト %s がここでは正しくありません）。エディターで UTF-8 で保存してください"},

	// URL names: slug and series_slug.
	"content.without.fileName":    {"the file name", "ファイル名"},
	"content.without.seriesTitle": {"a name made from the series title", "連載の題名から作る名前"},
	"content.urlName.notText":     {"%s must be text, not %s", "%s は文字列にします。%s ではありません"},
	"content.urlName.empty": {"%s is empty; remove the line to use %s, or write a name like nyukan-01",
		"%s が空です。%s を使うならこの行を消し、そうでなければ nyukan-01 のような名前を書いてください"},
	"content.urlName.leaves": {`%s %q would leave the output folder; use a plain name like nyukan-01 (no /, \, .., leading dot or control characters)`,
		`%s %q は出力フォルダーの外に出てしまいます。nyukan-01 のような単純な名前にしてください（/、\、..、先頭の点、制御文字は使えません）`},
	"content.urlName.bad": {"%s %s; use a plain name like nyukan-01", "%s %s。nyukan-01 のような単純な名前にしてください"},
	"content.pathControl": {"the file's path holds a control character (a tab or newline) that would reach its URL; rename the file or folder",
		"ファイルのパスに制御文字（タブか改行）があり、URL に入ってしまいます。ファイルかフォルダーの名前を変えてください"},
	"content.fileName": {"the file name gives the URL name %s; rename the file, or set slug: in the front matter",
		"ファイル名から作る URL の名前が %s。ファイル名を変えるか、front matter に slug: を書いてください"},
	"content.folderName": {"the folder name gives the URL section %s; rename the folder",
		"フォルダー名から作る URL の区分が %s。フォルダーの名前を変えてください"},

	// Aliases.
	"content.alias.slash": {"alias %q must be a path on this site starting with one / (for example /2019/05/old-post/)",
		"別名 %q は一つの / で始まるこのサイトのパスにします（たとえば /2019/05/old-post/）"},
	"content.alias.root": {`alias "/" would replace the home page; remove it`, `別名 "/" はトップページを置き換えてしまいます。消してください`},
	"content.alias.dots": {`alias %q must not contain .. segments, \ or control characters; write the path from the site root`,
		`別名 %q には ..、\、制御文字を入れられません。サイトのルートからのパスを書いてください`},
	"content.alias.segment": {"alias %q: %s; write the old path from the site root, like /2019/05/old-post/",
		"別名 %q: %s。古いパスを /2019/05/old-post/ のようにサイトのルートから書いてください"},

	// YAML.
	"content.yaml.notTable": {"front matter must be key: value lines (title: ..., date: ...), not %s",
		"front matter は key: value の行（title: …、date: …）にします。%s ではありません"},
	"content.yaml.tooMany": {"front matter expands to more than %d values through & and * aliases; write the values out instead",
		"front matter が & と * の参照で %d 個を超える値に広がります。値をそのまま書いてください"},
	"content.yaml.noAnchor":   {"alias *%[1]s has no matching &%[1]s anchor", "参照 *%[1]s に対応する &%[1]s がありません"},
	"content.yaml.selfAlias":  {"alias *%s refers to the value it is part of; remove it", "参照 *%s は自分を含む値を指しています。消してください"},
	"content.yaml.unexpected": {"unexpected YAML here; write key: value lines", "ここに思わぬ YAML があります。key: value の行で書いてください"},
	"content.yaml.badKey":     {"a key must be a plain name, not %s", "キーは単純な名前にします。%s ではありません"},
	"content.yaml.keyTwice": {"key %q is set twice (first on line %d); remove one of them",
		"キー %q が二回設定されています（最初は %d 行目）。どちらかを消してください"},
	"content.yaml.merge": {"<< must merge a table of keys (<<: *anchor), not %s", "<< で合わせるのはキーの表（<<: *アンカー）にします。%s ではありません"},

	// The body (package markdown).
	"markdown.control": {"control character %s removed; delete it from the file (it is invisible in most editors)",
		"制御文字 %s を取り除きました。ファイルから消してください（たいていのエディターでは見えません）"},
	"markdown.controlMore": {"control characters removed on %d more lines", "さらに %d 行から制御文字を取り除きました"},
	"markdown.surrogate": {"lone UTF-16 surrogate removed; the file was saved by a program that broke an emoji or rare character in two: retype it",
		"対になっていない UTF-16 サロゲートを取り除きました。絵文字か珍しい文字を二つに割ったプログラムで保存されています。その文字を打ち直してください"},
	"markdown.notUTF8": {"text is not valid UTF-8; save the file as UTF-8", "文字が UTF-8 として正しくありません。ファイルを UTF-8 で保存してください"},
	"markdown.imageMissing": {"image %q not found (looked for %s); add the file or fix the path",
		"画像 %q が見つかりません（%s を探しました）。ファイルを置くか、パスを直してください"},
	"markdown.diagram":     {"diagram: %s; fix the D2 source of this fence", "図: %s。このフェンスの D2 を直してください"},
	"markdown.diagramLine": {"diagram line %d: %s; fix the D2 source of this fence", "図の %d 行目: %s。このフェンスの D2 を直してください"},
	"markdown.brackets": {`this paragraph has %d "[" in %d bytes, more than the %d rensai reads in one paragraph of this size (Markdown's link rules would take minutes); split the paragraph, or write \[ for brackets that do not start a link`,
		`この段落は %[2]d バイトに "[" が %[1]d 個あり、この大きさの段落で rensai が読む %[3]d 個を超えています（Markdown のリンクの規則で何分もかかります）。段落を分けるか、リンクを始めない括弧は \[ と書いてください`},
	"markdown.deep": {"this line is indented by %d columns, and the article nests lists or quotes so deep that Markdown parsing would take minutes; indent less (nest fewer levels)",
		"この行は %d 桁字下げされ、記事のリストか引用の入れ子が深すぎて Markdown の解析に何分もかかります。字下げを減らしてください（入れ子を浅くします）"},
	"markdown.longText": {"the article's text is %d characters; the search index keeps the first %d: split the article into parts to make all of it searchable",
		"記事の本文は %d 文字です。検索索引には最初の %d 文字だけが入ります。全体を検索できるようにするには記事を回に分けてください"},
	"markdown.marks": {"the article passes %d Markdown marks (line ends and * _ [ ] | # - ` < > ^ ~ :) here, more than rensai parses in one article (it would take more than 500 MB of memory); split the article into parts",
		"記事の Markdown の記号（行末と * _ [ ] | # - ` < > ^ ~ :）がここで %d 個を超え、rensai が一つの記事で解析する量を超えています（500 MB を超えるメモリーが要ります）。記事を回に分けてください"},
	"markdown.nodes": {"the article passes %d Markdown elements (paragraphs, list items, table cells, links, emphasis) here, more than rensai renders in one article (it would take more than 500 MB of memory); split the article into parts",
		"記事の Markdown の要素（段落、リストの項目、表のセル、リンク、強調）がここで %d 個を超え、rensai が一つの記事で描く量を超えています（500 MB を超えるメモリーが要ります）。記事を回に分けてください"},

	// Why a name cannot be part of a URL path (package urlpath), quoted by
	// the messages about slugs, file and folder names, aliases and
	// rensai.toml's baseURL and permalinks.
	"urlpath.empty":  {"a URL part may not be empty", "URL の部分は空にできません"},
	"urlpath.leaves": {"%q would leave the output folder", "%q は出力フォルダーの外に出てしまいます"},
	"urlpath.dot":    {"%q starts with a dot: servers hide such files", "%q は点で始まります。サーバーはそのようなファイルを隠します"},
	"urlpath.slash": {"%q holds a slash or backslash; use a plain name like nyukan-01",
		"%q にスラッシュかバックスラッシュがあります。nyukan-01 のような単純な名前にしてください"},
	"urlpath.endsPath": {"%q holds ? or #, which end a URL's path", "%q に ? か # があり、URL のパスがそこで終わってしまいます"},
	"urlpath.control": {"%q holds the control character %U (a tab, newline or the like)",
		"%q に制御文字 %U（タブや改行など）があります"},
	"urlpath.brokenEscape": {"%q holds a broken percent escape; write the characters themselves (入館証, not %%E5%%85%%A5)",
		"%q のパーセントエスケープが壊れています。文字をそのまま書いてください（%%E5%%85%%A5 ではなく 入館証）"},
	"urlpath.decodes": {"%q decodes to %q, and %v", "%q はデコードすると %q になり、%v"},
	"urlpath.escape": {"%q holds a percent escape; write the characters themselves (入館証, not %%E5%%85%%A5): rensai encodes URLs",
		"%q にパーセントエスケープがあります。文字をそのまま書いてください（%%E5%%85%%A5 ではなく 入館証）。URL のエンコードは rensai がします"},
	"content.alias.oneSlash": {"write one slash between parts", "区切りのスラッシュは一つずつにします"},
}
