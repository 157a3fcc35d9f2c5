package i18n

// catalog holds every message, by key. Keys starting with "flag." are the
// Japanese texts of command flags, whose English text is the flag's own
// usage string in the command's code; their English entry is empty.
var catalog = map[string]message{
	// The command line as a whole.
	"main.title":          {"rensai: a static site generator for serialized Japanese blogs", "rensai: 日本語の連載ブログのための静的サイトジェネレーター"},
	"main.usage":          {"Usage:\n  rensai [--lang en|ja] <command> [flags]", "使い方:\n  rensai [--lang en|ja] <コマンド> [フラグ]"},
	"main.commands":       {"Commands:", "コマンド:"},
	"main.globalFlags":    {"--lang en|ja chooses the language of messages (default: from LC_ALL, LC_MESSAGES or LANG).", "--lang en|ja でメッセージの言語を選べます（既定は LC_ALL、LC_MESSAGES、LANG から）。"},
	"main.moreHelp":       {"Run 'rensai <command> --help' for a command's flags.", "各コマンドのフラグは 'rensai <コマンド> --help' で表示します。"},
	"main.unknownCommand": {"rensai: unknown command %q", "rensai: %q というコマンドはありません"},
	"main.didYouMean":     {"Did you mean %s?", "もしかして: %s"},
	"main.seeHelp":        {"Run 'rensai --help' for the list of commands.", "コマンドの一覧は 'rensai --help' で表示します。"},
	"main.seeCommandHelp": {"Run '%s --help' for its flags.", "フラグは '%s --help' で表示します。"},
	"main.langMissing":    {"--lang needs a value: en or ja", "--lang には en か ja を付けます"},
	"main.langUnknown":    {"--lang %q: use en or ja", "--lang %q: en か ja を指定します"},
	"main.usageLine":      {"Usage: rensai %s", "使い方: rensai %s"},
	"main.flags":          {"Flags:", "フラグ:"},
	"main.default":        {" (default %s)", "（既定値 %s）"},
	"main.unknownFlag":    {"%s: flag provided but not defined: %s", "%s: %s というフラグはありません"},
	"main.badFlag":        {"%s", "フラグの値が正しくありません: %s"},
	"main.unexpectedArg":  {"%s: unexpected argument %q", "%s: 余分な引数 %q があります"},
	"main.error":          {"error: %v", "エラー: %v"},
	"main.warning":        {"warning: %v", "警告: %v"},

	// One line per command, for `rensai --help`.
	"cmd.init":       {"create a new site in a directory", "新しいサイトをディレクトリに作る"},
	"cmd.new":        {"write a new post or series (new post NAME, new series TITLE)", "新しい記事か連載を書き始める（new post 名前、new series 題名）"},
	"cmd.serve":      {"serve the site with live reload while you write (keeps the terminal)", "書きながら確かめるための開発サーバー（端末を占有します）"},
	"cmd.build":      {"build the site into public/", "サイトを public/ にビルドする"},
	"cmd.check":      {"check a built site: links, fragments, series navigation, feeds", "ビルドしたサイトを検査する（リンク、連載の前後、フィード）"},
	"cmd.search":     {"search a built site's index from the command line", "ビルドしたサイトの検索索引をコマンドラインで引く"},
	"cmd.completion": {"print a shell completion script (bash, zsh, fish)", "シェルの補完スクリプトを出力する（bash、zsh、fish）"},
	"cmd.version":    {"print the version", "版を表示する"},

	// Descriptions in each command's --help.
	"help.init": {"Creates a new site in DIR: rensai.toml, a sample series of two parts,\n.gitignore, a README.md and two GitHub Actions workflows (pages.yml\npublishes to GitHub Pages, check.yml checks pull requests), pinned to\nthis rensai's version.",
		"DIR に新しいサイトを作ります: rensai.toml、二回分の見本の連載、.gitignore、\nREADME.md、GitHub Actions のワークフロー二つ（pages.yml は GitHub Pages に公開、\ncheck.yml はプルリクエストを検査）。ワークフローはこの rensai の版に固定します。"},
	"help.new": {"Subcommands:\n  new post NAME     a new article (a draft); NAME such as renji-03.md goes into\n                    content/posts/ and joins the series its name says\n  new series TITLE  a series' metadata file and its first part\n\nRun 'rensai new post --help' or 'rensai new series --help' for their flags.",
		"サブコマンド:\n  new post 名前     新しい記事（下書き）。renji-03.md のような名前は content/posts/ に\n                    入り、名前の示す連載に加わります\n  new series 題名   連載の説明ファイルと第1回\n\nフラグは 'rensai new post --help' か 'rensai new series --help' で表示します。"},
	"help.new.post": {"Writes a new article from the archetype (archetypes/post.md in the site,\nelse the theme's). A bare NAME goes into content/posts/. It joins the series\n--series names, else the series of files with the same name and another\nnumber (renji-02.md), else the series whose slug is the name's stem. The part\nis the next free one. New posts are drafts (draft: true): rensai serve shows\nthem marked 下書き, rensai build leaves them out.",
		"アーキタイプ（サイトの archetypes/post.md、なければテーマのもの）から新しい記事を\n書きます。名前だけなら content/posts/ に入ります。連載は --series の連載、\nなければ番号だけ違う同名のファイル（renji-02.md）の連載、なければ名前の語幹を\nスラッグに持つ連載です。回は次の空き番号です。新しい記事は下書き（draft: true）\nです。rensai serve では「下書き」の印付きで表示し、rensai build は公開しません。"},
	"help.new.series": {"Writes content/series/SLUG.md from the archetype archetypes/series.md and\nthe first part content/posts/SLUG-01.md. A title another series already has\n(compared after width and case folding) is refused.",
		"アーキタイプ archetypes/series.md から content/series/スラッグ.md を、\nさらに第1回 content/posts/スラッグ-01.md を書きます。ほかの連載と同じ題名\n（全角半角、大文字小文字を区別せずに比べます）は受け付けません。"},
	"help.serve": {"Builds the site into memory, serves it and rebuilds on every save; the\nbrowser reloads by itself. It keeps running (and the terminal busy) until\nCtrl-C. Drafts are shown, marked 下書き; --drafts=false hides them.",
		"サイトをメモリ上にビルドして配信し、保存のたびにビルドし直します。ブラウザは\n自動で再読み込みします。Ctrl-C で止めるまで動き続けます（端末を占有します）。\n下書きは「下書き」の印付きで表示します。--drafts=false で隠せます。"},
	"help.build": {"Builds the site into public/ (or --destination), replaced only when the\nbuild succeeds. Drafts are never published unless --drafts is given.",
		"サイトを public/（または --destination）にビルドします。ビルドが成功したときだけ\n置き換えます。--drafts を付けない限り、下書きは公開しません。"},
	"help.version": {"Prints the version of rensai, the platform and the Go version.", "rensai の版、プラットフォーム、Go の版を表示します。"},
	"help.completion": {"Prints a completion script for the shell:\n  bash: source <(rensai completion bash)\n  zsh:  rensai completion zsh > \"${fpath[1]}/_rensai\"\n  fish: rensai completion fish > ~/.config/fish/completions/rensai.fish",
		"シェルの補完スクリプトを出力します:\n  bash: source <(rensai completion bash)\n  zsh:  rensai completion zsh > \"${fpath[1]}/_rensai\"\n  fish: rensai completion fish > ~/.config/fish/completions/rensai.fish"},

	"help.check": {"Checks a built site before publishing: every internal link, fragment, image,\nstylesheet, script, feed and sitemap URL must resolve under the base URL's path;\nseries parts must link to their true neighbours and series pages list every part;\nevery page needs lang, a title and a canonical URL. Builds first if the output\ndirectory does not exist. Problems of one cause are listed together. Exits 1\nwhen it finds a problem.",
		"公開前に、ビルドしたサイトを検査します。内部リンク、ページ内リンク、画像、スタイル\nシート、スクリプト、フィード、サイトマップのURLがすべて公開URLのパスの下で解決する\nこと、連載の各回が本当の前後の回にリンクし、連載ページが全回を並べていること、\nどのページにも lang、題名、正規URLがあることを確かめます。出力先がなければ先に\nビルドします。同じ原因の問題はまとめて表示します。問題があれば終了コード 1 です。"},
	"help.search": {"Searches the index a build wrote under SOURCE/public/search/ with the same\nalgorithm as the site's search page, and prints the ranked results. Words\nseparated by spaces must all match; \"…\" or 「…」 keeps words in order. Builds\nfirst when the index is missing or older than the site's files.",
		"ビルドが SOURCE/public/search/ に書いた索引を、サイトの検索ページと同じ方法で引き、\n順位付きの結果を表示します。空白で区切った語はすべて含むものだけ、\"…\" か 「…」 は\n語順どおりに探します。索引がないか、サイトのファイルより古ければ先にビルドします。"},

	// rensai init.
	"init.giveDir":  {"rensai init: give one directory for the new site", "rensai init: 新しいサイトのディレクトリを一つ指定します"},
	"init.created":  {"created %s", "作成 %s"},
	"init.replaced": {"replaced %s", "置換 %s"},
	"init.notEmpty": {"rensai init: %s is not empty; run rensai init in a new or empty directory, or pass --force to add the starter files (files with the same names are replaced, no file is deleted)",
		"rensai init: %s は空ではありません。新しいか空のディレクトリで実行するか、--force で見本のファイルを足してください（同じ名前のファイルは置き換え、ほかのファイルは消しません）"},
	"init.noVersion": {"rensai init: this rensai does not know its own version (it was built without version control information), so the workflows cannot pin it; pass --version with a release such as v0.1.0 or a commit's pseudo-version",
		"rensai init: この rensai は自分の版を知りません（バージョン管理の情報なしでビルドされています）。ワークフローの版を固定できないので、--version に v0.1.0 のような版か、コミットの疑似バージョンを指定してください"},
	"init.unpinned": {"rensai init: --version %q is not a release or pseudo-version such as v1.2.3 or v0.0.0-20260301120000-0123456789ab; the workflows pin the exact version",
		"rensai init: --version %q は v1.2.3 や v0.0.0-20260301120000-0123456789ab のような版ではありません。ワークフローは版を正確に固定します"},
	"init.next": {"New site in %[1]s (the workflows install rensai %[2]s). Next:\n  cd %[1]s\n  rensai new series \"連載の題名\"   # a series and its first part\n  rensai serve                    # write and watch the result; stop with Ctrl-C\nSee %[3]s for publishing to GitHub Pages.",
		"%[1]s に新しいサイトを作りました（ワークフローは rensai %[2]s を使います）。次は:\n  cd %[1]s\n  rensai new series \"連載の題名\"   # 連載と第1回を作る\n  rensai serve                    # 書きながら確かめる（Ctrl-C で止める）\nGitHub Pages への公開は %[3]s を見てください。"},

	// rensai new.
	"new.unknownKind": {"rensai new: unknown kind %q; use post or series", "rensai new: %q は作れません。post か series を指定します"},
	"new.giveOne":     {"%s: give exactly one %s", "%s: %s を一つだけ指定します"},
	"new.created":     {"created %s", "作成 %s"},
	"new.inSeries":    {"  series %q, part %d", "  連載「%s」の第%d回"},
	"new.noSeries":    {"  not in a series; to add it to one, pass --series TITLE", "  どの連載にも入っていません。連載に入れるときは --series 題名 を付けます"},
	"new.finalMoved":  {"  final: true moved from %s to %s", "  final: true を %s から %s に移しました"},
	"new.draft":       {"  it is a draft: rensai serve shows it (marked 下書き); remove draft: true to publish it", "  下書きです。rensai serve では表示されます（「下書き」の印付き）。公開するときは draft: true を消します"},
	"new.seriesNext":  {"  add the next part with rensai new post (files in %s named like the first part join the series)", "  次の回は rensai new post で足します（%s の、第1回と同じ名前で番号違いのファイルはこの連載に入ります）"},
	"new.err.exists":  {"%s already exists; choose another name or pass --force to overwrite it", "%s はもうあります。別の名前にするか、--force で上書きします"},
	"new.err.badName": {"%s: give a file name such as nyukan-08.md (it goes into content/posts/) or a path inside content/", "%s: nyukan-08.md のようなファイル名（content/posts/ に入ります）か、content/ の中のパスを指定します"},
	"new.err.noTitle": {"give the series title, e.g. rensai new series \"入館証を返さない派遣社員\"", "連載の題名を指定します。例: rensai new series \"入館証を返さない派遣社員\""},
	"new.err.badSlug": {"slug %q must be a single name of letters, digits and hyphens", "スラッグ %q は、文字、数字、ハイフンだけの一つの名前にします"},
	"new.err.afterFinal": {"%s:%d: part %d is the final part of series %q (final: true); pass --force to add a part after it and move final: true to the new part",
		"%s:%d: 第%d回は連載「%s」の最終回です（final: true）。その後に回を足すときは --force を付けます。final: true は新しい回に移します"},
	"new.err.cannotMoveFinal": {"%s:%d: cannot move this final: true to the new part; remove it by hand", "%s:%d: この final: true は新しい回に移せません。手で消してください"},
	"new.err.seriesExists":    {"series %q already exists (%s); add a part with rensai new post --series, or pass --force", "連載「%s」はもうあります（%s）。回を足すときは rensai new post --series を使うか、--force を付けます"},
	"new.err.noArchetype":     {"no archetype %s in the site or its theme; create %s", "サイトにもテーマにもアーキタイプ %s がありません。%s を作ってください"},
	"new.err.badArchetype":    {"%s:%d: an archetype needs YAML front matter between --- lines (or none)", "%s:%d: アーキタイプの front matter は --- で囲んだ YAML にします（なくても構いません）"},

	"new.err.noSite": {"%s is not a site (it has no rensai.toml and no content/); run this in a site's folder or pass --source, or create one with rensai init",
		"%s はサイトではありません（rensai.toml も content/ もありません）。サイトのフォルダーで実行するか --source を付けます。サイトは rensai init で作ります"},

	// rensai build.
	"build.summary": {"Built %d articles in %d series: %d pages, %d files in %s", "記事 %d 本、連載 %d 本をビルドしました: %d ページ、%d ファイル（%s）"},
	"build.steps":   {"  steps: %s", "  手順: %s"},
	"build.failed":  {"rensai build: failed; the previous output was left as it was", "rensai build: 失敗しました。前回の出力はそのまま残しています"},

	// Commands that build first (rensai search).
	"prebuild.missing": {"%s does not exist; building the site first", "%s がないので、先にサイトをビルドします"},
	"prebuild.stale":   {"%s is older than the site's files; building the site first", "%s がサイトのファイルより古いので、先にビルドし直します"},

	// rensai check.
	"check.group": {"%s (%d places):", "%s（%d か所）:"},

	// rensai completion.
	"completion.giveShell":    {"rensai completion: give one shell: bash, zsh or fish", "rensai completion: シェルを一つ指定します（bash、zsh、fish）"},
	"completion.unknownShell": {"rensai completion: unknown shell %q; use bash, zsh or fish", "rensai completion: %q には対応していません。bash、zsh、fish のどれかです"},

	// Japanese texts of the command flags (English: the flags' own usage).
	"flag.init.force":        {"", "空でないディレクトリにも書く。同じ名前のファイルは置き換える（ファイルは消さない）"},
	"flag.init.version":      {"", "ワークフローが入れる rensai の`版`（既定: この rensai の版）"},
	"flag.new.post.source":   {"", "サイトの`ディレクトリ`"},
	"flag.new.post.series":   {"", "記事が入る連載: その`題名`か、content/series/スラッグ.md のスラッグ（既定: ファイル名が示す連載）"},
	"flag.new.post.title":    {"", "記事自身の`題名`"},
	"flag.new.post.force":    {"", "あるファイルを上書きする。最終回の後なら final: true を新しい回に移す"},
	"flag.new.series.source": {"", "サイトの`ディレクトリ`"},
	"flag.new.series.slug":   {"", "連載のURLの`名前`（既定: 題名から作る）"},
	"flag.new.series.force":  {"", "あるファイルを上書きし、ほかの連載と同じ題名も受け付ける"},
	"flag.build.source":      {"", "サイトの`ディレクトリ`（rensai.toml と content/ のある場所）"},
	"flag.build.destination": {"", "出力先の`ディレクトリ`（既定 SOURCE/public）"},
	"flag.build.baseURL":     {"", "rensai.toml の baseURL の代わりに使う公開URL。例: https://user.github.io/repo/"},
	"flag.build.drafts":      {"", "下書きも含める"},
	"flag.build.future":      {"", "未来の日付の記事も含める"},
	"flag.build.quiet":       {"", "エラーだけを表示する"},
	"flag.build.cpuprofile":  {"", "ビルドの CPU プロファイルを`ファイル`に書く（go tool pprof 用）"},
	"flag.build.memprofile":  {"", "ビルドの終わりのヒーププロファイルを`ファイル`に書く"},
	"flag.check.source":      {"", "サイトのルート（rensai.toml のあるディレクトリ）"},
	"flag.check.baseURL":     {"", "サイトの公開URL（既定: rensai.toml の baseURL）"},
	"flag.check.dir":         {"", "検査する出力ディレクトリ（既定: SOURCE/public）"},
	"flag.search.source":     {"", "サイトのルート（rensai.toml のあるディレクトリ）"},
	"flag.search.dir":        {"", "検索するビルド済みのサイト（既定: SOURCE/public）"},
	"flag.search.series":     {"", "この連載（スラッグ）だけ"},
	"flag.search.tag":        {"", "この分類語だけ: \"分類:語\"、または tags の語"},
	"flag.search.limit":      {"", "表示する結果の最大数"},
	"flag.serve.source":      {"", "サイトの`ディレクトリ`（rensai.toml と content/ のある場所）"},
	"flag.serve.bind":        {"", "待ち受ける`アドレス`。0.0.0.0 にするとほかの機械からも見えます"},
	"flag.serve.port":        {"", "TCP `ポート`。使われていれば次の空きを使う。0 なら空いているものを選ぶ"},
	"flag.serve.drafts":      {"", "下書きも表示する（「下書き」の印付き）。--drafts=false で隠す"},
	"flag.serve.future":      {"", "未来の日付の記事も表示する（「予約」の印付き）"},
	"flag.serve.open":        {"", "既定のブラウザでサイトを開く"},
}
