// Package search builds rensai's static Japanese full-text index and runs
// queries against it. themes/default/assets/js/search-engine.js (with
// search-text.js and search-store.js; no DOM) runs the same query algorithm in the browser: a
// test runs it in goja against this package on thousands of generated
// queries and the shared cases of testdata/relevance.txt, comparing whole
// responses and the files read; tests in Chromium check what only a
// browser shows.
//
// # Indexing
//
// Every text is normalised (Normalize: NFKC, one space for any white space,
// dash look-alikes between katakana turned into ー, one trailing ー dropped
// from katakana words of four or more characters), then cut into runs:
// numbers (2,000 stays whole; its term drops the comma), Latin words, and
// Japanese text analysed by a Tokenizer (kagome v2 with the IPA dictionary
// in production; see NewKagomeTokenizer). Index terms are the base forms of
// nouns, verbs, adjectives, adverbs and unknown words, folded (Fold:
// lower-case Latin, kana-only words in katakana, 々 ヶ ヴァ spelt out; see
// foldSpelling), plus compounds joined from two to six consecutive nouns
// (入館証, 派遣社員) and every run of two to four of their parts (乱数生成器
// inside 疑似乱数生成器), each at the position of its first part, and the
// kana of each ruby reading (Document.Readings) where its base occurs.
// Particles, auxiliaries and symbols keep their positions but are not
// indexed. Text the tokenizer cannot analyse is indexed by character, with a
// warning naming the page. Each document's analysis (its keys, terms,
// encoded positions, snippet windows and, for a site with body files, its
// gzipped body text) is cached under Options.CacheDir,
// keyed by the hash of its title, series title and body, in a few pack
// files whose keys are read once per build and whose entries are read as
// documents need them (see analysisCache); a caller that drops a body may
// keep its Fingerprint instead, and Build takes the document from the
// cache under it (or asks for the body again); a warm build does no
// per-morpheme work, and loads no dictionary unless a text changed
// (NewLazyKagomeTokenizer, which a build can Preload in the background and
// which reads the dictionary in about 30 ms from a flat copy kept under
// CacheDir/dict/, see dictfile.go, instead of kagome's 0.7 s). Documents go through in chunks of 256:
// analysed or read from the cache on Options.Workers goroutines (default
// GOMAXPROCS), appended to the new cache pack, merged into the index on as
// many goroutines (terms split by hash), then dropped, so memory holds the
// merged index and one chunk.
//
// With Options.Keep (the dev server), the Indexer keeps the merged index
// between Builds, and a Build applies the documents that changed, came or
// went as a delta: their old analyses (read from the cache under their
// old keys) are taken out, the new ones put in, and everything that
// depends on the whole site (ids, idf, the BM25 lengths, vocabulary costs
// and flags, each term's base form and reading) comes out as from scratch
// (see delta.go); only the posting and positions files whose bytes
// changed are compressed again.
//
// Scores are BM25F (title ×3, series title ×1, body ×1; k1 1.2, b 0.75;
// the title field holds a part's label and own title, so a serial's title
// is indexed once per part, in the series field),
// computed at build time and stored as integers (idf ×1000, term weight
// ×100 in one byte), so the Go and JavaScript scorers add exactly the same
// numbers.
//
// # Files (under search/)
//
// The manifest is the one file with a fixed name. Every other file is in
// search/ROOT/, ROOT being 16 hex digits of a SHA-256 over the paths and
// contents of them all (rootHash), and is named by its number there (v/0.txt,
// p/12.bin, d/3.txt ...), so the manifest names them all with one hash and
// a few counts (it was 26 KB gzipped at 10,000 articles when it listed a
// content hash per file). Any change to the index makes a new directory:
// a reader holding an old manifest never reads a file of a newer build, so
// a static host (GitHub Pages) serves no stale mix. The price: every file
// changes name whenever the index changes, so a deploy uploads the whole
// index again and readers' caches of it start over.
//
//	manifest.json  version, document count, segmentation and query
//	               constants (both engines read them here), the first
//	               document of each series (documents are numbered
//	               standalone first, then series by series), ROOT and the
//	               number of vocabulary and posting shards
//	v/N.txt        vocabulary shard (first rune of the key mod shards):
//	               key TAB cost TAB flag TAB term...; flag "s" = stop word,
//	               "2".."6" = compound of that many parts; term "" = key.
//	               Includes conjugated stems of every verb and adjective
//	               (conjugate), so forms the corpus never shows segment too,
//	               and the okurigana variants of every word the site does
//	               not spell so itself (okuriVariants: 問合せ for 問い合わせ),
//	               and the dictionary reading, in katakana, of every word
//	               with a kanji that does not inflect (addReadings: ホウコク
//	               for 報告), so that a query in kana finds it
//	p/N.bin        posting shard (FNV-1a of the term mod shards), gzipped
//	               binary: the name of its positions file, then per term:
//	               term, idf, document count, document gaps, one weight
//	               byte per document, and the surfaces that stand for the
//	               term in the text (返さ, 返し for 返す). Numbers are
//	               unsigned varints, strings length-prefixed UTF-8
//	x/N.bin        positions of the terms of four posting shards, gzipped
//	               binary, per term and document: count, position gaps
//	               (body, then title, then series title; see fieldBase).
//	               Only phrase queries read them
//	d/N.txt        one line per document, DocBlock documents per file
//	               (1 up to 4,096 documents, then 2, 4, ...: at most 4,096
//	               files): URL, title, series, series slug, part label,
//	               date, body length in tokens, then start and tokens
//	               (separated by U+001F) of each snippet window
//	t/N.bin        the body of document N as written, gzipped: its tokens
//	               separated by U+001F. Written only when the bodies take
//	               at most maxTextSource (48 MB) of text in all, about
//	               12 MB gzipped (3,000 articles of the benchmark corpus);
//	               the manifest says "text":1 when they are there
//	m/N.txt        URL, title, part label and date alone, MetaBlock
//	               documents per file, for the other parts of a serial
//	f/names.json   names of the series and taxonomy terms (the search
//	               page's lists, fetched when first opened)
//	f/ids.json     their document ids, in the same order (fetched to
//	               filter)
//
// Binary files are gzipped on disk, so they are small on disk and on the
// wire whatever the server does (GitHub Pages compresses text, not
// application/octet-stream); the client decompresses them with
// DecompressionStream, or takes them as they are when a server already
// did. Text files are left for the server to compress.
//
// # Snippets: the trade-off
//
// Each document keeps three windows of 32 tokens in its document file: its
// opening, and the passages around the first use of the two words that
// say most about it (content words of two or more characters, by count
// times length), chosen from the document alone so that they are cached
// with its analysis. Window tokens are cut from the text as written
// (normalizeMap keeps the source offset of every normalised character), so
// snippets show 前編① and ｸﾚｰﾑ as the author wrote them; marks compare the
// normalised, folded tokens with the surfaces of the query's terms (and a
// ruby reading's term with its base: かんじ marks 漢字), so snippets need no
// positions. A result shows the window holding most of the query's words.
//
// When the part shown marks none of the query's words there and the index
// has body files, the engine reads that one part's body file
// (t/N.bin, about 4 KB gzipped) and cuts the snippet around a match instead: the
// 32 tokens from the start of the sentence of a match (at most 6 tokens
// before it) holding most of the words. So every result whose body holds
// a word of the query shows one marked, wherever it is; a snippet that
// already marks one word is kept (a body file costs about 4 KB). Body files are
// read for the shown parts only (at most one per result) and never by the
// header box (QueryOptions.NoText).
//
// The price is size. Gzipped one by one, the bodies take about as much as
// the rest of the index (4.2 KB per article of the benchmark corpus, 42 MB
// at 10,000, where the whole index is 38 MB and its positions 26 MB of
// that), and no cheaper store keeps every match markable (measured on 300
// corpus articles: bodies gzipped in fours 2.2 KB per article, windows
// around the first use of every word 3.8 KB, with a shared 32 KB deflate
// dictionary 2.4 KB). So the index writes body files only when the bodies
// hold at most 48 MB of text (decided before any analysis, so a large
// site spends nothing on them and a warm build writes what a cold one
// does); a larger site (the 10,000-article benchmark) keeps the index
// under 50 MB and its snippets to the windows, where a word used only
// elsewhere finds and ranks the article but may show the opening without
// a mark.
//
// # Queries
//
// A query is normalised, cut at spaces ("…" and 「…」 make phrases), and each
// piece is segmented against the site's own vocabulary: the cheapest path
// over the keys (a piece the vocabulary lacks may match as another
// okurigana of a key, at one more cost), unknown characters being dearer
// than any key; a run of kanji that holds an unknown character is one
// unknown word (新幹線 is not 新+幹+線), and so is a katakana word the
// vocabulary covers only with one-character pieces (ワクチン). Words
// written together with no particle between them form one unit that must
// occur as a phrase (公開鍵 = 公開+鍵 matches only where they are adjacent),
// and a piece typed in hiragana alone is one phrase, particles and all
// (にゅうかんしょう = 入館+証 by their readings; しんかんせん is not し and
// かんせん apart), but for a particle between two words long enough to
// tell (particleCuts: にゅうかんしょうをかえす is 入館証 and 返す, as
// 入館証を返す is). No key ends before a small kana (しゅっきん is not し +
// ゅっきん); unknown kana after a word typed in kana are part of an
// unknown word, not its ending (ていしゅつ); and a piece typed in hiragana
// does not start with a particle (ものがたり is not も+の+が+たり).
// A unit no document has is reported in Response.Missing and left out;
// every other unit must match (any of its analyses); when no document has
// them all, documents with any unit of more than one character are ranked
// by how many they have, then by score (Response.Partial). Phrases are
// checked against positions in the title, the series title and the body
// alike (each field starts fieldGap positions after the one before, so no
// phrase spans two): a compound or a quoted phrase found only in a title
// matches. Results are grouped by series: a group
// ranks by its best part and is shown by the part whose snippet marks the
// most units, with the others listed; Response.Total counts documents.
package search
