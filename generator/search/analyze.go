package search

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// cacheVersion changes whenever analysis output for the same text changes.
const cacheVersion = "rensai-search-tokens 1"

// analysis is the token stream of one normalised text.
type analysis struct {
	morphs []Morpheme
	// fallback holds text the tokenizer could not analyse; it was indexed
	// by character instead.
	fallback []string
}

// analyze normalises text and cuts it into morphemes: numbers and Latin
// words by the rules in split, the rest by tok.
func analyze(tok Tokenizer, text string) analysis {
	var a analysis
	for _, r := range split(Normalize(text)) {
		switch r.kind {
		case runSpace:
			a.morphs = append(a.morphs, Morpheme{Surface: r.text, Kind: Stop})
		case runNumber:
			a.morphs = append(a.morphs, Morpheme{Surface: r.text, Base: numberTerm(r.text), Kind: Word})
		case runLatin:
			a.morphs = append(a.morphs, Morpheme{Surface: r.text, Kind: Word})
		default:
			ms, ok := tokenizeSafe(tok, r.text)
			if !ok {
				a.fallback = append(a.fallback, r.text)
				ms = byCharacter(r.text)
			}
			a.morphs = append(a.morphs, ms...)
		}
	}
	return a
}

// tokenizeSafe runs tok and checks that its morphemes cover text exactly.
func tokenizeSafe(tok Tokenizer, text string) (ms []Morpheme, ok bool) {
	defer func() {
		if recover() != nil {
			ms, ok = nil, false
		}
	}()
	ms, err := tok.Tokenize(text)
	if err != nil {
		return nil, false
	}
	var b strings.Builder
	for _, m := range ms {
		if m.Surface == "" {
			return nil, false
		}
		b.WriteString(m.Surface)
	}
	return ms, b.String() == text
}

// byCharacter indexes text one character at a time.
func byCharacter(text string) []Morpheme {
	var ms []Morpheme
	for _, r := range text {
		k := Stop
		if isWordRune(r) {
			k = Word
		}
		ms = append(ms, Morpheme{Surface: string(r), Kind: k})
	}
	return ms
}

// analysisCache stores token streams under the hash of their text.
type analysisCache struct {
	dir string // "" disables the cache
	id  string
}

func (c analysisCache) path(text string) string {
	h := sha256.Sum256([]byte(cacheVersion + "\x00" + c.id + "\x00" + text))
	name := hex.EncodeToString(h[:])
	return filepath.Join(c.dir, "search", name[:2], name+".tok")
}

// load returns the cached analysis of text; a missing or damaged entry is a
// miss.
func (c analysisCache) load(text string) (analysis, bool) {
	if c.dir == "" {
		return analysis{}, false
	}
	data, err := os.ReadFile(c.path(text))
	if err != nil {
		return analysis{}, false
	}
	return decodeAnalysis(data)
}

func (c analysisCache) store(text string, a analysis) error {
	if c.dir == "" {
		return nil
	}
	p := c.path(text)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tok-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(encodeAnalysis(a))
	cerr := tmp.Close()
	if werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %v %v", tmp.Name(), werr, cerr)
	}
	return os.Rename(tmp.Name(), p)
}

// encodeAnalysis writes one morpheme a line: surface, base, kind, class,
// tab-separated (normalised text holds no tabs or newlines). Lines starting
// with "!" hold text that fell back to character indexing.
func encodeAnalysis(a analysis) []byte {
	var b bytes.Buffer
	b.WriteString(cacheVersion + "\n")
	for _, f := range a.fallback {
		b.WriteString("!" + f + "\n")
	}
	for _, m := range a.morphs {
		fmt.Fprintf(&b, "%s\t%s\t%d\t%s\n", m.Surface, m.Base, m.Kind, m.Infl)
	}
	return b.Bytes()
}

func decodeAnalysis(data []byte) (analysis, bool) {
	var a analysis
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	if !sc.Scan() || sc.Text() != cacheVersion {
		return a, false
	}
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "!") {
			a.fallback = append(a.fallback, line[1:])
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 || f[0] == "" {
			return analysis{}, false
		}
		k, err := strconv.Atoi(f[2])
		if err != nil || k < int(Stop) || k > int(Word) {
			return analysis{}, false
		}
		a.morphs = append(a.morphs, Morpheme{Surface: f[0], Base: f[1], Kind: Kind(k), Infl: f[3]})
	}
	return a, sc.Err() == nil
}
