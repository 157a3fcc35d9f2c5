package main

import (
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/rensai-ssg/rensai/generator/search"
)

func runSearch(args []string, stdout, stderr io.Writer) int {
	fl := newFlagSet("search", `search [--source DIR] [--dir DIR] [--series SLUG] [--tag TAG] [--limit N] "query"`, stderr)
	source := fl.String("source", ".", "site root, the directory holding rensai.toml")
	dir := fl.String("dir", "", "built site to search (default: SOURCE/public)")
	series := fl.String("series", "", "only this series (its slug)")
	tag := fl.String("tag", "", `only this term: "taxonomy:term", or a term of tags`)
	limit := fl.Int("limit", search.DefaultLimit, "most results to print")
	words, code := parseWithWords(fl, args, stdout)
	if code >= 0 {
		return code
	}
	q := strings.Join(words, " ")
	if strings.TrimSpace(q) == "" {
		fmt.Fprintln(stderr, msg.T("search.noQuery"))
		fl.Usage()
		return exitUsage
	}
	if *limit <= 0 {
		fmt.Fprintln(stderr, msg.T("search.badLimit", *limit))
		return exitUsage
	}
	out := *dir
	if out == "" {
		out = filepath.Join(*source, "public")
		if _, err := buildIfStale(*source, "search/manifest.json", stderr); err != nil { // the author's hook
			printError(stderr, err)
			return exitError
		}
	}
	resp, err := search.Query(os.DirFS(out), q, search.QueryOptions{Series: *series, Tag: *tag, Limit: *limit, Others: true})
	if err != nil {
		fmt.Fprintf(stderr, "rensai search: %s: %v\n", out, err)
		return exitError
	}
	msgs := searchStrings(filepath.Join(out, "search", "index.html"))
	fmt.Fprintf(stdout, "%d件\n", resp.Total)
	if n := searchNotice(resp, msgs); n != "" {
		fmt.Fprintln(stdout, n)
	}
	printSearchResults(stdout, resp, msgs)
	return exitOK
}

// parseWithWords parses flags before, between and after the words of a
// query (rensai search 入館証 --limit 3, as rensai new and import take
// theirs) and returns the words; after "--" every argument is a word, so a
// query may start with "-". code is -1 to go on, else the exit code.
func parseWithWords(fs *flag.FlagSet, args []string, stdout io.Writer) (words []string, code int) {
	for {
		if code := parseFlags(fs, args, stdout); code >= 0 {
			return nil, code
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(words, rest...), -1
		}
		if len(rest) == 0 {
			return words, -1
		}
		words = append(words, rest[0])
		args = rest[1:]
	}
}

// searchStrings reads the notice texts from the built search page (the
// theme's strings.toml with the site's overrides, as the browser shows
// them), keeping the defaults for any the page lacks.
func searchStrings(page string) map[string]string {
	msgs := map[string]string{
		"count":    "{n}件見つかりました",
		"empty":    "見つかりませんでした。",
		"absent":   "『{words}』を含む記事は見つかりませんでした",
		"missing":  "『{missing}』を含む記事はありません。『{found}』を含む記事: {n}件",
		"partial":  "すべての語を含む記事はありません。『{found}』のどれかを含む記事: {n}件",
		"others":   "この連載の他の話: {n}件",
		"word-sep": "』『",
	}
	data, err := os.ReadFile(page)
	if err != nil {
		return msgs
	}
	for _, m := range dataMsg.FindAllStringSubmatch(string(data), -1) {
		if _, ok := msgs[m[1]]; ok {
			msgs[m[1]] = html.UnescapeString(m[2])
		}
	}
	return msgs
}

var dataMsg = regexp.MustCompile(`data-msg-([a-z-]+)="([^"]*)"`)

// searchNotice says what a response holds, as the search page does.
func searchNotice(r search.Response, msgs map[string]string) string {
	v := map[string]string{
		"n":       strconv.Itoa(r.Total),
		"words":   strings.Join(r.Missing, msgs["word-sep"]),
		"missing": strings.Join(r.Missing, msgs["word-sep"]),
		"found":   strings.Join(r.Found, msgs["word-sep"]),
	}
	switch {
	case r.Total == 0 && len(r.Missing) > 0:
		return fill(msgs["absent"], v)
	case r.Total == 0:
		return msgs["empty"]
	case r.Partial:
		return fill(msgs["partial"], v)
	case len(r.Missing) > 0:
		return fill(msgs["missing"], v)
	}
	return ""
}

// fill replaces {name} placeholders.
func fill(msg string, v map[string]string) string {
	return placeholder.ReplaceAllStringFunc(msg, func(m string) string {
		if s, ok := v[m[1:len(m)-1]]; ok {
			return s
		}
		return m
	})
}

var placeholder = regexp.MustCompile(`\{[a-z]+\}`)

// printSearchResults prints the ranked results, each with its series,
// label, date, URL and snippet (matches in 【】), and the other parts of
// its serial.
func printSearchResults(stdout io.Writer, resp search.Response, msgs map[string]string) {
	for i, r := range resp.Results {
		// A part without a title of its own is named by its serial's
		// title, which its line then does not repeat.
		title, series := r.Title, r.Series
		if title == "" {
			title, series = r.Series, ""
		}
		fmt.Fprintf(stdout, "\n%d. %s  (%.3f)\n", i+1, title, r.Score)
		var meta []string
		for _, s := range []string{series, r.PartLabel, r.Date} {
			if s != "" {
				meta = append(meta, s)
			}
		}
		if len(meta) > 0 {
			fmt.Fprintf(stdout, "   %s\n", strings.Join(meta, " · "))
		}
		fmt.Fprintf(stdout, "   %s\n", r.URL)
		var sn strings.Builder
		for _, s := range r.Segments {
			if s.Mark {
				sn.WriteString("【" + s.Text + "】")
			} else {
				sn.WriteString(s.Text)
			}
		}
		if sn.Len() > 0 {
			fmt.Fprintf(stdout, "   %s\n", strings.TrimSpace(sn.String()))
		}
		if r.OthersTotal > 0 {
			fmt.Fprintf(stdout, "   %s\n", fill(msgs["others"], map[string]string{"n": strconv.Itoa(r.OthersTotal)}))
			for _, o := range r.Others {
				fmt.Fprintf(stdout, "     %s %s  (%.3f)\n       %s\n", o.PartLabel, o.Title, o.Score, o.URL)
			}
		}
	}
}
