package search

// Tokenizer splits a normalised run of Japanese text into morphemes. The
// surfaces of the returned morphemes, concatenated, must equal the input;
// when they do not, the indexer falls back to indexing by character and
// warns. Implementations must be safe for concurrent use.
type Tokenizer interface {
	Tokenize(text string) ([]Morpheme, error)
}

// Kind says how a morpheme takes part in the index.
type Kind uint8

const (
	// Stop morphemes (particles, auxiliaries, symbols, dependent nouns) keep
	// their position but are not indexed.
	Stop Kind = iota
	// Noun morphemes are indexed and join neighbouring nouns into compounds.
	Noun
	// Word morphemes (verbs, adjectives, adverbs) are indexed by base form.
	Word
)

// Morpheme is one unit of analysed text.
type Morpheme struct {
	Surface string
	Base    string // dictionary form; "" means the surface
	Kind    Kind
	// Infl names the conjugation class of a verb or adjective (see
	// conjugate); "" for words that do not inflect.
	Infl string
	// Reading is the dictionary's reading in katakana ("" when unknown);
	// it only tells whether two spellings are one word (see addVariants).
	Reading string
}

// ID names a tokenizer and its dictionary; it is part of the analysis cache
// key, so a different dictionary never reuses cached token streams.
type identifier interface{ ID() string }

// Preload starts loading the Indexer's dictionary in the background when
// its Tokenizer loads one lazily (NewLazyKagomeTokenizer), so that a build
// that knows some text will be analysed can overlap the load with its
// other steps. It returns at once; analysis waits for the load.
func (ix *Indexer) Preload() {
	if p, ok := ix.tok.(interface{ Preload() }); ok {
		p.Preload()
	}
}
