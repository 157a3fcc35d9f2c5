package markdown

import (
	"math"
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
			pattern = `\G` + pattern
			re, err := regexp2.Compile(pattern)
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
			first[c] = startOf(pattern)
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

// startOf returns what regexp2 knows of how a match of pattern begins:
// the set of first characters its unanchored searches skip to, and the
// literal prefix it checks itself before matching an anchored pattern.
func startOf(pattern string) start {
	tree, err := syntax.Parse(pattern, syntax.ParseOptions{})
	if err != nil {
		return start{}
	}
	code, err := syntax.Write(tree)
	if err != nil {
		return start{}
	}
	return start{first: code.FcPrefix, prefix: code.BmPrefix}
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

// prefixAt reports whether text at pos starts with r's literal prefix.
func (r *fastRule) prefixAt(text []rune, pos int) bool {
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
	return it.next, nil
}

// fastIterator is chroma's LexerState.Iterator with fastRule matching.
type fastIterator struct {
	f            *fastLexer
	s            *chroma.LexerState
	stack        []chroma.Iterator
	newlineAdded bool
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
		index, rule, groups, named := st.match(l.Text, l.Pos)
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
		l.Pos += utf8.RuneCountInString(groups[0])
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

// match is chroma's matchRules, skipping rules that cannot start at pos.
func (st *fastState) match(text []rune, pos int) (int, *chroma.CompiledRule, []string, map[string]string) {
	if ch := text[pos]; ch < utf8.RuneSelf {
		for _, i := range st.ascii[ch] {
			if m, groups, named := st.try(int(i), text, pos); m != nil {
				return int(i), m, groups, named
			}
		}
		return 0, &chroma.CompiledRule{}, nil, nil
	}
	for i := range st.rules {
		if !st.rules[i].mayStartWith(text[pos]) {
			continue
		}
		if m, groups, named := st.try(i, text, pos); m != nil {
			return i, m, groups, named
		}
	}
	return 0, &chroma.CompiledRule{}, nil, nil
}

// try runs rule i at pos, returning the rule and its groups on a match.
func (st *fastState) try(i int, text []rune, pos int) (*chroma.CompiledRule, []string, map[string]string) {
	rule := &st.rules[i]
	if !rule.prefixAt(text, pos) {
		return nil, nil, nil
	}
	match, err := rule.Regexp.FindRunesMatchStartingAt(text, pos)
	if match != nil && err == nil && match.RuneIndex == pos {
		all := match.Groups()
		groups := make([]string, len(all))
		named := make(map[string]string, len(all))
		for k := range all {
			groups[k] = all[k].String()
			named[all[k].Name] = groups[k]
		}
		return rule.CompiledRule, groups, named
	}
	return nil, nil, nil
}
