package markdown

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/dlclark/regexp2/v2"
	"github.com/dlclark/regexp2/v2/syntax"
)

// fastLexer tokenises exactly as the chroma.RegexLexer it wraps, faster.
//
// A regex lexer tries the rules of its current state in order at each
// position, and chroma runs every rule's regular expression there, even
// when the rule cannot start with the character at hand: most of the
// highlighting time went to regexp2 calls that fail at once. fastLexer
// compiles the same rules (the same patterns, flags and include/combine
// expansion as chroma) and keeps, for each rule, the set of characters a
// match can start with, which regexp2 computes for its own unanchored
// searches (syntax.Code.FcPrefix); a rule whose set lacks the next
// character is skipped without running it. Everything else (the order of
// rules, mutators, emitters, error tokens) follows chroma's
// LexerState.Iterator; nested lexers of emitters go through chroma.
type fastLexer struct {
	chroma.Lexer // the *chroma.RegexLexer: config and nested use
	rl           *chroma.RegexLexer
	compiled     chroma.CompiledRules
	states       map[string]*fastState
	// named: some rule names a group ((?<name>...)), so every match fills
	// LexerState.NamedGroups as chroma does. The state's named groups are
	// read only by ByGroupNames and by lexers' own mutators, all of which
	// (Raku's, in chroma 2.27) match named groups; a lexer that names none
	// gets NamedGroups nil and saves a map per token.
	named bool
}

// fastState is the rules of one state, with, for each ASCII character, the
// rules whose set of first characters holds it.
type fastState struct {
	rules []fastRule
	ascii [utf8.RuneSelf][]uint16
}

// matchTimeout bounds one regular-expression match of a lexer rule.
const matchTimeout = 5 * time.Second

func newFastState(rules []fastRule) *fastState {
	st := &fastState{rules: rules}
	for ch := range rune(utf8.RuneSelf) {
		for i := range rules {
			if rules[i].mayStartWith(ch) {
				st.ascii[ch] = append(st.ascii[ch], uint16(i))
			}
		}
	}
	return st
}

type fastRule struct {
	*chroma.CompiledRule
	start
}

// start is what regexp2 knows of how a match begins.
type start struct {
	first  *syntax.Prefix   // the characters it can start with; nil: any
	prefix *syntax.BmPrefix // the literal it starts with; nil: none
	// line: it can match only at the start of the text or of a line (a
	// leading ^ in multi-line mode); text: only at the start of the text.
	line, text bool
}

// newFastLexer returns l's fast form, or nil when l is not a regex lexer
// or its rules do not compile (chroma's own path then reports it).
func newFastLexer(l chroma.Lexer) *fastLexer {
	rl, ok := l.(*chroma.RegexLexer)
	if !ok {
		return nil
	}
	raw, err := rl.Rules() // compiles chroma's copy, validating the rules
	if err != nil {
		return nil
	}
	cfg := rl.Config()
	flags := ""
	if !cfg.NotMultiline {
		flags += "m"
	}
	if cfg.CaseInsensitive {
		flags += "i"
	}
	if cfg.DotAll {
		flags += "s"
	}
	f := &fastLexer{Lexer: rl, rl: rl, compiled: chroma.CompiledRules{}, states: map[string]*fastState{}}
	first := map[*chroma.CompiledRule]start{}
	for state, rules := range raw {
		f.compiled[state] = nil
		for _, rule := range rules {
			pattern := "(?:" + rule.Pattern + ")"
			if flags != "" {
				pattern = "(?" + flags + ")" + pattern
			}
			// What a match can start with is read from the pattern
			// without its \G: regexp2 does not analyse an anchored one.
			begins := startOf(pattern)
			re, err := regexp2.Compile(`\G` + pattern)
			if err != nil {
				return nil
			}
			// chroma gives each match 250 ms of wall time; on a loaded
			// machine (or under -race) an ordinary match can take that long,
			// and a timed-out match becomes an error token, so the same code
			// would highlight differently from one build to the next. A
			// limit this long is reached only by catastrophic backtracking,
			// which it still bounds.
			re.MatchTimeout = matchTimeout
			c := &chroma.CompiledRule{Rule: rule, Regexp: re}
			first[c] = begins
			f.named = f.named || namesGroups(re)
			f.compiled[state] = append(f.compiled[state], c)
		}
	}
	if expandRules(f.compiled) != nil {
		return nil
	}
	for state, rules := range f.compiled {
		if len(rules) > math.MaxUint16 {
			return nil
		}
		fr := make([]fastRule, 0, len(rules))
		for _, c := range rules {
			fr = append(fr, fastRule{c, first[c]})
		}
		f.states[state] = newFastState(fr)
	}
	return f
}

// expandRules applies the rules' lexer mutators (include, combined) one at
// a time, as chroma does when it compiles a lexer.
func expandRules(rules chroma.CompiledRules) error {
	for {
		done := true
	scan:
		for state, rs := range rules {
			for i, rule := range rs {
				if m, ok := rule.Mutator.(chroma.LexerMutator); ok {
					if err := m.MutateLexer(rules, state, i); err != nil {
						return err
					}
					done = false
					break scan
				}
			}
		}
		if done {
			return nil
		}
	}
}

// namesGroups reports whether re has a group with a name rather than a
// number.
func namesGroups(re *regexp2.Regexp) bool {
	for _, name := range re.GetGroupNames() {
		if _, err := strconv.Atoi(name); err != nil {
			return true
		}
	}
	return false
}

// startOf returns what regexp2 knows of how a match of pattern begins:
// the set of first characters its unanchored searches skip to, the
// literal prefix it checks itself before matching an anchored pattern, and
// the leading anchor (^ of a line or of the text) it moves to the next
// possible position with. regexp2 relies on all three for its own
// searches, so a match at a position they rule out cannot exist.
func startOf(pattern string) start {
	tree, err := syntax.Parse(pattern, syntax.ParseOptions{})
	if err != nil {
		return start{}
	}
	code, err := syntax.Write(tree)
	if err != nil {
		return start{}
	}
	return start{
		first:  code.FcPrefix,
		prefix: code.BmPrefix,
		line:   code.Anchors&syntax.AnchorBol != 0,
		text:   code.Anchors&syntax.AnchorBeginning != 0,
	}
}

// mayStartWith reports whether a match of r may start with ch.
func (r *fastRule) mayStartWith(ch rune) bool {
	if r.first == nil {
		return true
	}
	if r.first.CaseInsensitive {
		ch = unicode.ToLower(ch)
	}
	return r.first.PrefixSet.CharIn(ch)
}

// prefixAt reports whether r's anchor holds at pos and text there starts
// with r's literal prefix.
func (r *fastRule) prefixAt(text []rune, pos int) bool {
	switch {
	case r.text && pos != 0:
		return false
	case r.line && pos != 0 && text[pos-1] != '\n':
		return false
	}
	return r.prefix == nil || r.prefix.IsMatch(text, pos, 0, len(text))
}

// Tokenise implements chroma.Lexer for the top level of a code block
// (options nil: chroma's defaults).
func (f *fastLexer) Tokenise(options *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	if options != nil {
		return f.rl.Tokenise(options, text)
	}
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n") // EnsureLF
	newlineAdded := false
	if f.rl.Config().EnsureNL && !strings.HasSuffix(text, "\n") {
		text += "\n"
		newlineAdded = true
	}
	it := &fastIterator{f: f, newlineAdded: newlineAdded, s: &chroma.LexerState{
		Lexer:          f.rl,
		Registry:       lexers.GlobalLexerRegistry,
		Text:           []rune(text),
		Rules:          f.compiled,
		Stack:          []string{"root"},
		MutatorContext: map[any]any{},
	}}
	it.text = newRuneText(text, it.s.Text)
	return it.next, nil
}

// fastIterator is chroma's LexerState.Iterator with fastRule matching.
type fastIterator struct {
	f            *fastLexer
	s            *chroma.LexerState
	text         runeText
	stack        []chroma.Iterator
	newlineAdded bool
}

// runeText gives the text of a run of runes of the lexed text as a
// substring of it, rather than a new string per matched group: the same
// bytes as string(runes[i:j]) when the text is valid UTF-8 (else it
// converts, as chroma does, for the replacement characters).
type runeText struct {
	s     string
	runes []rune
	// offsets[i] is the byte offset of rune i (len(runes)+1 entries); nil
	// when every rune is one byte.
	offsets []int
	valid   bool
}

func newRuneText(s string, runes []rune) runeText {
	t := runeText{s: s, runes: runes, valid: utf8.ValidString(s)}
	if t.valid && len(runes) != len(s) {
		t.offsets = make([]int, 0, len(runes)+1)
		for i := range s {
			t.offsets = append(t.offsets, i)
		}
		t.offsets = append(t.offsets, len(s))
	}
	return t
}

// slice returns the text of runes [i, i+n).
func (t *runeText) slice(i, n int) string {
	switch {
	case !t.valid:
		return string(t.runes[i : i+n])
	case t.offsets == nil:
		return t.s[i : i+n]
	}
	return t.s[t.offsets[i]:t.offsets[i+n]]
}

// pending returns the next token of the emitters' iterators, if any.
func (it *fastIterator) pending() (chroma.Token, bool) {
	for len(it.stack) > 0 {
		n := len(it.stack) - 1
		t := it.stack[n]()
		if t.Type == chroma.Ignore {
			continue
		}
		if t == chroma.EOF {
			it.stack = it.stack[:n]
			continue
		}
		return t, true
	}
	return chroma.EOF, false
}

func (it *fastIterator) next() chroma.Token {
	l := it.s
	end := len(l.Text)
	if it.newlineAdded {
		end--
	}
	for l.Pos < end && len(l.Stack) > 0 {
		if t, ok := it.pending(); ok {
			return t
		}
		l.State = l.Stack[len(l.Stack)-1]
		st, ok := it.f.states[l.State]
		if !ok {
			if l.Rules[l.State] == nil {
				panic("unknown state " + l.State)
			}
			var rules []fastRule
			for _, c := range l.Rules[l.State] { // a state a mutator added
				rules = append(rules, fastRule{c, start{}})
			}
			st = &fastState{rules: rules}
		}
		index, rule, groups, named := st.match(&it.text, l.Pos, it.f.named)
		if groups == nil {
			if l.Text[l.Pos] == '\n' && l.State != "root" {
				l.Stack = []string{"root"}
				continue
			}
			l.Pos++
			return chroma.Token{Type: chroma.Error, Value: string(l.Text[l.Pos-1 : l.Pos])}
		}
		l.Rule = index
		l.Groups = groups
		l.NamedGroups = named
		l.Pos += utf8.RuneCountInString(groups[0]) // as chroma; not the match length
		if rule.Mutator != nil {
			if err := rule.Mutator.Mutate(l); err != nil {
				panic(err)
			}
		}
		if rule.Type != nil {
			it.stack = append(it.stack, rule.Type.Emit(l.Groups, l))
		}
	}
	if t, ok := it.pending(); ok {
		return t
	}
	if l.Pos != len(l.Text) && len(l.Stack) == 0 {
		value := string(l.Text[l.Pos:])
		l.Pos = len(l.Text)
		return chroma.Token{Type: chroma.Error, Value: value}
	}
	return chroma.EOF
}

// match is chroma's matchRules, skipping rules that cannot start at pos;
// named: fill the map of named groups.
func (st *fastState) match(text *runeText, pos int, named bool) (int, *chroma.CompiledRule, []string, map[string]string) {
	if ch := text.runes[pos]; ch < utf8.RuneSelf {
		for _, i := range st.ascii[ch] {
			if m, groups, names := st.try(int(i), text, pos, named); m != nil {
				return int(i), m, groups, names
			}
		}
		return 0, &chroma.CompiledRule{}, nil, nil
	}
	for i := range st.rules {
		if !st.rules[i].mayStartWith(text.runes[pos]) {
			continue
		}
		if m, groups, names := st.try(i, text, pos, named); m != nil {
			return i, m, groups, names
		}
	}
	return 0, &chroma.CompiledRule{}, nil, nil
}

// try runs rule i at pos, returning the rule and its groups on a match.
func (st *fastState) try(i int, text *runeText, pos int, named bool) (*chroma.CompiledRule, []string, map[string]string) {
	rule := &st.rules[i]
	if !rule.prefixAt(text.runes, pos) {
		return nil, nil, nil
	}
	match, err := rule.Regexp.FindRunesMatchStartingAt(text.runes, pos)
	if match == nil || err != nil || match.RuneIndex != pos {
		return nil, nil, nil
	}
	all := match.Groups()
	groups := make([]string, len(all))
	for k := range all {
		groups[k] = text.slice(all[k].RuneIndex, all[k].RuneLength)
	}
	var names map[string]string
	if named {
		names = make(map[string]string, len(all))
		for k := range all {
			names[all[k].Name] = groups[k]
		}
	}
	return rule.CompiledRule, groups, names
}
