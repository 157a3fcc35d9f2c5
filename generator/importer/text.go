package importer

import (
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// dateLineRE is a date the saved page shows near its title
// ("2019年8月29日", "投稿日: 2019/08/29 11:22", "2019-08-29").
var dateLineRE = regexp.MustCompile(`^(?:(?:投稿日|公開日|更新日|作成日|日付|Date|date)\s*[:：]?\s*)?(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*日?(?:\s*[(（][^)）]{1,3}[)）])?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$`)

// urlLineRE is the old address of a saved page, written under its title.
var urlLineRE = regexp.MustCompile(`^(?:URL|url|元記事|元のURL)\s*[:：]\s*(https?://\S+)$`)

// readText reads one article saved as text (see the package doc): the
// first non-empty line is the title, an optional date line follows, then
// the body.
func (r *reader) readText(fsys fs.FS, name, display string) {
	text, ok := r.readDecoded(fsys, name, display)
	if !ok {
		return
	}
	lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n"), "\n")
	i := 0
	for i < len(lines) && cleanSpace(lines[i]) == "" {
		i++
	}
	if i == len(lines) {
		r.warn.AddT("unreadable", display, 0, "import.w.blank")
		return
	}
	p := &Post{Source: display, Line: i + 1, Kind: "text", Ref: display, Title: cleanSpace(lines[i])}
	rest := lines[i+1:]
	// A date line and a "URL: ..." line among the first lines after the
	// title.
	for j, seen := 0, 0; j < len(rest) && seen < 4; j++ {
		l := cleanSpace(rest[j])
		if l == "" {
			continue
		}
		seen++
		if d, ok := parseDateLine(l, r.opts.location()); ok && p.Date.IsZero() {
			p.Date = d
		} else if m := urlLineRE.FindStringSubmatch(l); m != nil {
			p.OldURLs = append(p.OldURLs, m[1])
		} else {
			continue
		}
		rest = append(append([]string(nil), rest[:j]...), rest[j+1:]...)
		j--
	}
	if p.Date.IsZero() {
		if st, err := fs.Stat(fsys, name); err == nil && !st.ModTime().IsZero() {
			p.Date = st.ModTime().In(r.opts.location()).Truncate(time.Second)
			r.warn.AddT("date", display, 0, "import.w.noDateLine", stamp(p.Date))
		}
	}
	stem := strings.TrimSuffix(path.Base(name), path.Ext(name))
	p.Slug = stem
	cleaned := r.cleaner.Clean(p.Title, strings.Join(rest, "\n"), true)
	p.Body = cleaned.Markdown
	p.Nav = cleaned.Nav
	r.add(p)
}

// parseDateLine reads a date line.
func parseDateLine(l string, loc *time.Location) (time.Time, bool) {
	m := dateLineRE.FindStringSubmatch(l)
	if m == nil {
		return time.Time{}, false
	}
	n := make([]int, 7)
	for k := 1; k < 7; k++ {
		n[k], _ = strconv.Atoi(m[k])
	}
	if n[2] < 1 || n[2] > 12 || n[3] < 1 || n[3] > 31 || n[4] > 23 || n[5] > 59 || n[6] > 59 {
		return time.Time{}, false
	}
	return time.Date(n[1], time.Month(n[2]), n[3], n[4], n[5], n[6], 0, loc), true
}

// readDecoded reads file name of fsys as text, decoded from its encoding
// (a warning names an encoding other than UTF-8); a file it cannot read or
// decode is a warning naming display, and ok is false.
func (r *reader) readDecoded(fsys fs.FS, name, display string) (text string, ok bool) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		r.warn.Broke("unreadable", display, 0, "import.w.cannotRead", err)
		return "", false
	}
	text, enc, err := decodeText(src)
	if err != nil {
		r.warn.AddT("unreadable", display, 0, "import.w.error", err)
		return "", false
	}
	if enc != "" {
		r.warn.AddT("encoding", display, 0, "import.w.encoding", enc)
	}
	return text, true
}
