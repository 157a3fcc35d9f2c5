// Package search builds rensai's static Japanese full-text index and runs
// queries against it. themes/default/assets/js/search.js runs the same
// query algorithm in the browser; tests in Chromium check that both return
// the same ranked list and read the same files.
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
// lower-case Latin, kana-only words in katakana), plus compounds joined from
// two to six consecutive nouns (入館証, 派遣社員) at the position of their first
// part. Particles, auxiliaries and symbols keep their positions but are not
// indexed. Text the tokenizer cannot analyse is indexed by character, with a
// warning naming the page. Each document's analysis (its keys, terms,
// positions and snippet text) is cached under Options.CacheDir, keyed by the
// hash of its title, series title and body, in a few pack files read once
// per build (see analysisCache); a warm build does no per-morpheme work.
// Analysis, cache decoding, merging and posting output run on
// Options.Workers goroutines (default GOMAXPROCS), with no lock between
// them.
//
// Scores are BM25F (title ×3, series title ×2, body ×1; k1 1.2, b 0.75),
// computed at build time and stored as integers, so the Go and JavaScript
// scorers add exactly the same numbers.
//
// # Files (all under search/, every name but the manifest content-hashed)
//
//	manifest.json    version, document count, segmentation constants, and
//	                 the hashes of every vocabulary, posting and metadata
//	                 file, indexed by shard number
//	v/HASH.txt       vocabulary shard (first rune of the key mod shards):
//	                 key TAB cost TAB flag TAB term...; flag "s" = stop word,
//	                 "2".."6" = compound of that many parts; term "" = key.
//	                 Includes conjugated stems of every verb and adjective
//	                 (conjugate), so forms the corpus never shows segment too
//	p/HASH.txt       posting shard (FNV-1a of the term mod shards): first
//	                 line names its positions file; then term TAB idf TAB
//	                 doc:weight ... (base 36, documents delta-coded)
//	x/HASH.txt       positions: term TAB positions per posting, ";"-separated
//	m/HASH.json      metadata of 64 documents, and the names of their text
//	                 blocks
//	t/HASH.txt       body tokens of 8 documents (one line each, tokens
//	                 separated by U+001F), for snippets
//	f/HASH.json      document ids of every series and taxonomy term (filters)
//
// # Queries
//
// A query is normalised, cut at spaces ("…" and 「…」 make phrases), and each
// piece is segmented against the site's own vocabulary: the cheapest path
// over the keys, unknown characters being dearer than any key; a run of
// kanji that holds an unknown character is one unknown word (新幹線 is not
// 新+幹+線). Every content word must match (any of its analyses); when no
// document has them all, documents with any word of more than one character
// are ranked by how many they have, then by score. Snippets show 40 tokens
// around the densest matches.
package search
