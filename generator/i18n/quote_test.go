package i18n

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// argVerb is one verb of a format: the argument it formats (1-based, as
// fmt counts them, explicit indexes included) and what surrounds it.
type argVerb struct {
	arg           int
	verb          byte
	before, after string
}

var verbIndex = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*([a-zA-Z%])`)

// argVerbs lists the verbs of format with the argument each one formats.
func argVerbs(format string) []argVerb {
	var out []argVerb
	next := 1
	for _, m := range verbIndex.FindAllStringSubmatchIndex(format, -1) {
		v := format[m[4]]
		if v == '%' {
			continue
		}
		arg := next
		if m[2] >= 0 {
			arg, _ = strconv.Atoi(format[m[2]:m[3]])
		}
		next = arg + 1
		out = append(out, argVerb{arg: arg, verb: v, before: format[:m[0]], after: format[m[1]:]})
	}
	return out
}

// titleArgs returns the arguments the Japanese text brackets in 「」: the
// titles and names of the author's things.
func titleArgs(ja string) map[int]bool {
	args := map[int]bool{}
	for _, v := range argVerbs(ja) {
		if strings.HasSuffix(v.before, "「") && strings.HasPrefix(v.after, "」") {
			args[v.arg] = true
		}
	}
	return args
}

// TestTitlesAreQuotedNotEscaped: a title the Japanese text brackets in 「」
// is quoted “like this” in English, never with %q, which would show a
// title holding a quotation mark as \"; and Japanese never writes a title
// with %q either.
func TestTitlesAreQuotedNotEscaped(t *testing.T) {
	for _, c := range catalogs {
		for key, m := range c {
			titles := titleArgs(m.ja)
			for _, v := range argVerbs(m.en) {
				if !titles[v.arg] {
					continue
				}
				if v.verb == 'q' || !strings.HasSuffix(v.before, "“") || !strings.HasPrefix(v.after, "”") {
					t.Errorf("%s: English writes the title (argument %d) as %q; write “%%s”", key, v.arg, m.en)
				}
			}
			for _, v := range argVerbs(m.ja) {
				if titles[v.arg] && v.verb == 'q' {
					t.Errorf("%s: Japanese writes the title (argument %d) with %%q too", key, v.arg)
				}
			}
		}
	}
}

// TestTitleWithQuotesIsShownAsWritten formats the series and import
// messages with a title holding quotation marks and a backslash: each
// language shows it exactly as the author wrote it.
func TestTitleWithQuotesIsShownAsWritten(t *testing.T) {
	const title = `「退職届」を"預かって"ほしいと言われた件\1`
	keys := []string{"series.gap", "series.twice", "series.ghost.one", "series.unusedMeta", "series.notYet",
		"import.w.noPartLabel", "import.w.partConflict", "new.err.closeSeries", "new.inSeries", "import.w.unknownTag", "import.w.extra", "import.title"}
	for _, key := range keys {
		m, _ := lookup(key)
		for _, lang := range Langs {
			text := m.en
			if lang == Japanese {
				text = m.ja
			}
			args := make([]any, len(argVerbs(text)))
			for _, v := range argVerbs(text) {
				if v.verb == 'd' {
					args[v.arg-1] = 2
				} else {
					args[v.arg-1] = title
				}
			}
			got := New(lang).T(key, args...)
			if !strings.Contains(got, title) || strings.Contains(got, `\"`) {
				t.Errorf("%s in %s: %s; want the title as written", key, lang, got)
			}
		}
	}
}

func TestArgVerbs(t *testing.T) {
	got := argVerbs("%[2]s a %d %% 「%[1]q」")
	want := []argVerb{{2, 's', "", " a %d %% 「%[1]q」"}, {3, 'd', "%[2]s a ", " %% 「%[1]q」"}, {1, 'q', "%[2]s a %d %% 「", "」"}}
	if len(got) != len(want) {
		t.Fatalf("argVerbs = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("verb %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
