package i18n

// buildCatalog holds the build errors an author meets most, made with
// diag.T in the packages that find them: front matter (package content)
// and series (package series); buildConfigCatalog those of rensai.toml.
// Each names its file and line itself.
var buildCatalog = map[string]message{
	// Front matter.
	"content.noFrontMatter": {"no front matter: start the file with --- and a title: and date: line (for example title: 入館証の件 and date: 2026-03-01), then end the front matter with a line of ---. Did you forget the closing ---?",
		"front matter がありません。ファイルを --- の行で始め、title: と date: の行（たとえば title: 入館証の件 と date: 2026-03-01）を書き、--- の行で閉じてください。閉じる --- を忘れていませんか?"},
	"content.unclosedFrontMatter": {"the front matter opened with %[1]s here is never closed. Did you forget the closing %[1]s? Add a line with only %[1]s after the last key (title:, date: ...)",
		"ここで %[1]s で始めた front matter が閉じていません。閉じる %[1]s を忘れていませんか? 最後のキー（title:、date: …）の後に %[1]s だけの行を足してください"},
	"content.yaml": {"front matter is not valid YAML: %s; %s", "front matter が YAML として正しくありません: %s。%s"},
	"content.yaml.unclosed": {"front matter is not valid YAML: the %s opened on this line is never closed; close it, as in %s",
		"front matter が YAML として正しくありません: この行で開いた %s が閉じていません。%s のように閉じてください"},
	"content.yaml.hint":         {"check the indentation and quoting", "インデントと引用符を確かめてください"},
	"content.yaml.hint.colon":   {`put a value containing ": " in quotes (title: "件名: 入館証"), and do not indent keys`, `": " を含む値は引用符で囲み（title: "件名: 入館証"）、キーは字下げしないでください`},
	"content.yaml.hint.tab":     {"indent with spaces, not tabs, and put values starting with @ or ` in quotes", "字下げはタブではなく空白にし、@ や ` で始まる値は引用符で囲んでください"},
	"content.yaml.hint.control": {"remove the invisible control character from this line", "この行の見えない制御文字を消してください"},
	"content.yaml.hint.indent":  {"check the indentation of this line and the one before", "この行と前の行の字下げを確かめてください"},
	"content.yaml.hint.comma":   {"close the [ or { opened on this line, and separate items with commas", "この行で開いた [ か { を閉じ、項目はカンマで区切ってください"},
	"content.yaml.hint.anchor":  {"define the &anchor before using it with *", "* で使う前に &アンカー を定義してください"},
	"content.toml":              {"front matter is not valid TOML: %s; %s", "front matter が TOML として正しくありません: %s。%s"},
	"content.toml.hint":         {`check the quoting; text values need quotes, like title = "入館証の件"`, `引用符を確かめてください。文字列の値には title = "入館証の件" のように引用符が要ります`},
	"content.toml.hint.twice":   {"remove one of the two lines", "二つの行のどちらかを消してください"},
	"content.seriesNoTitle": {"this series file has no title; add title: <series title> to the front matter",
		"この連載のファイルに題名がありません。front matter に title: <連載の題名> を足してください"},
	"content.noDate": {"date is missing; add a line like date: 2026-03-01 (or date: 2026-03-01 09:30) to the front matter",
		"date がありません。front matter に date: 2026-03-01（または date: 2026-03-01 09:30）のような行を足してください"},
	"content.badDate": {"%s %q is not a date; write it as 2026-03-01, 2026-03-01 09:30 or 2026-03-01T09:30:00+09:00",
		"%s %q は日付ではありません。2026-03-01、2026-03-01 09:30、2026-03-01T09:30:00+09:00 のように書いてください"},
	"content.emptyDate": {"%s is empty; write it as 2026-03-01, 2026-03-01 09:30 or 2026-03-01T09:30:00+09:00",
		"%s が空です。2026-03-01、2026-03-01 09:30、2026-03-01T09:30:00+09:00 のように書いてください"},
	"content.badPart": {"part must be the number of this part in its series (1, 2, 3 ...), not %q",
		"part は連載の中のこの回の番号（1、2、3 …）にします。%q ではありません"},
	"content.partBelowOne": {"part must be the number of this part in its series (1, 2, 3 ...), not %d; parts are counted from 1",
		"part は連載の中のこの回の番号（1、2、3 …）にします。%d ではありません。回は 1 から数えます"},
	"content.badStatus": {"status must be ongoing or complete, not %q", "status は ongoing か complete にします。%q ではありません"},
	"content.partNoSeries": {"part: %d is set but series is missing; add series: <series title> (or remove part)",
		"part: %d がありますが series がありません。series: <連載の題名> を足してください（または part を消します）"},
	"content.seriesNoPart": {"series: %s is set but part is missing; add part: <number of this part> (1, 2, 3 ...)",
		"series: %s がありますが part がありません。part: <この回の番号>（1、2、3 …）を足してください"},

	// Series.
	"series.twice": {"part %d of series %q is also declared by %s; give each part its own number",
		"連載「%[2]s」の第%[1]d回は %[3]s でも宣言されています。回ごとに別の番号を付けてください"},
	"series.finalNotLast": {"part %d is marked final but series %q continues to part %d (%s); move final: true to the last part",
		"第%[1]d回に final が付いていますが、連載「%[2]s」は第%[3]d回（%[4]s）まで続きます。final: true は最後の回に移してください"},
	"series.ghost.one": {"series %q has only one part (part %d); もしかして: %q (%s:%d)? write that series title, or declare a separate series with series_slug: or a metadata file content/series/<slug>.md",
		"連載「%s」には一回（第%d回）しかありません。もしかして: 「%s」（%s:%d）? その連載の題名を書くか、別の連載なら series_slug: か説明ファイル content/series/<スラッグ>.md で宣言してください"},
	"series.ghost.noFirst": {"series %q has no part 1 (it starts at part %d); もしかして: %q (%s:%d)? write that series title, or declare a separate series with series_slug: or a metadata file content/series/<slug>.md",
		"連載「%s」には第1回がありません（第%d回から始まります）。もしかして: 「%s」（%s:%d）? その連載の題名を書くか、別の連載なら series_slug: か説明ファイル content/series/<スラッグ>.md で宣言してください"},
}

// buildConfigCatalog holds the errors of rensai.toml (package config).
var buildConfigCatalog = map[string]message{
	"config.toml": {"%s; fix the TOML syntax (strings need quotes, tables are [name])", "%s。TOML の書き方を直してください（文字列は引用符で囲み、表は [名前] と書きます）"},
	"config.paginate": {"paginate = %d: use a positive number of articles per page (the default is 10)",
		"paginate = %d: 1 ページの記事数には正の数を指定します（既定は 10）"},
	"config.feedsLimit": {"feeds.limit = %d: use a positive number of feed entries (the default is 20)",
		"feeds.limit = %d: フィードの項目数には正の数を指定します（既定は 20）"},
	"config.seriesFull": {"feeds.seriesFull = %d: use 0 (summaries only) or more (the default is 1)",
		"feeds.seriesFull = %d: 0（要約だけ）以上を指定します（既定は 1）"},
	"config.theme":    {"theme %q must be a directory name under themes/", "theme %q は themes/ の下のディレクトリ名にします"},
	"config.timeZone": {"timeZone %q is not a known zone; use a name such as Asia/Tokyo", "timeZone %q というタイムゾーンはありません。Asia/Tokyo のような名前を指定します"},
	"config.numerals": {"series.numerals %q: use circled, digits or kanji", "series.numerals %q: circled、digits、kanji のどれかを指定します"},
	"config.templateTimeout": {`templateTimeout %q: use a duration such as "30s" or "2m"`,
		`templateTimeout %q: "30s" や "2m" のような時間を指定します`},
	"config.baseURL": {"baseURL %q must be an absolute http(s) URL such as https://user.github.io/repo/",
		"baseURL %q は https://user.github.io/repo/ のような http(s) の絶対URLにします"},
	"config.baseURLUser": {"baseURL %q holds a user name or password, which would be published in every page; remove the part before @",
		"baseURL %q にユーザー名かパスワードが入っています。すべてのページに公開されてしまうので、@ より前を消してください"},
}
