package importer

import (
	"strings"
	"time"
)

// mtEntry is one entry of a Movable Type import file, the format of
// はてなブログ's export:
//
//	AUTHOR: eigyo
//	TITLE: 【続編②】入館証の件
//	BASENAME: 2019/08/29/112233
//	STATUS: Publish
//	DATE: 08/29/2019 11:22:33
//	CATEGORY: 営業日報
//	-----
//	BODY:
//	<p>...</p>
//	-----
//	--------
type mtEntry struct {
	Line       int // first line of the entry
	Fields     map[string]string
	Categories []string
	// Sections are the multi-line parts: BODY, EXTENDED BODY, EXCERPT ...
	Sections map[string]string
	BodyLine int
}

// mtProblem is something wrong at a line of an MT file.
type mtProblem struct {
	Line int
	Msg  string
}

// parseMT splits a Movable Type export into entries. It never fails: a
// line it cannot read is a problem, and an entry without a TITLE or BODY is
// still returned for the caller to judge. It is pure and fuzzed.
func parseMT(src string) ([]mtEntry, []mtProblem) {
	lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n"), "\n")
	var entries []mtEntry
	var problems []mtProblem
	cur := newMTEntry(1)
	section := ""
	var body []string
	endSection := func() {
		if section != "" {
			cur.Sections[section] = strings.Trim(strings.Join(body, "\n"), "\n")
		}
		section, body = "", nil
	}
	finish := func(next int) {
		endSection()
		if len(cur.Fields) > 0 || len(cur.Sections) > 0 {
			entries = append(entries, *cur)
		}
		cur = newMTEntry(next)
	}
	for i, line := range lines {
		n := i + 1
		trimmed := strings.TrimRight(line, " \t")
		switch {
		case trimmed == "--------":
			finish(n + 1)
			continue
		case trimmed == "-----":
			endSection()
			continue
		}
		if section != "" {
			body = append(body, line)
			continue
		}
		key, value, ok := strings.Cut(trimmed, ":")
		key = strings.ToUpper(strings.TrimSpace(key))
		switch {
		case trimmed == "":
			continue
		case ok && isMTSection(key) && strings.TrimSpace(value) == "":
			// A section, after a ----- line or right after the header.
			section = key
			if key == "BODY" {
				cur.BodyLine = n + 1
			}
		case ok && key == "CATEGORY":
			if v := strings.TrimSpace(value); v != "" {
				cur.Categories = append(cur.Categories, v)
			}
		case ok && (isMTField(key) || key != "" && !strings.ContainsAny(key, " \t")):
			if _, dup := cur.Fields[key]; !dup {
				cur.Fields[key] = strings.TrimSpace(value)
			}
		default:
			problems = append(problems, mtProblem{Line: n, Msg: "not a KEY: value line, a section or a ----- separator; ignored"})
		}
	}
	finish(len(lines) + 1)
	if len(entries) > 0 && section == "" && !strings.HasSuffix(strings.TrimRight(src, "\n \t\r"), "--------") {
		problems = append(problems, mtProblem{Line: len(lines), Msg: "the file does not end with the -------- line of its last entry (is it cut off?)"})
	}
	return entries, problems
}

func newMTEntry(line int) *mtEntry {
	return &mtEntry{Line: line, Fields: map[string]string{}, Sections: map[string]string{}}
}

func isMTSection(key string) bool {
	switch key {
	case "BODY", "EXTENDED BODY", "EXCERPT", "KEYWORDS", "COMMENT", "PING":
		return true
	}
	return false
}

func isMTField(key string) bool {
	switch key {
	case "AUTHOR", "TITLE", "BASENAME", "STATUS", "ALLOW COMMENTS", "ALLOW PINGS", "CONVERT BREAKS", "DATE", "PRIMARY CATEGORY", "IMAGE", "TAGS", "NO ENTRY":
		return true
	}
	return false
}

// parseMTDate reads MT's "08/29/2019 11:22:33" (24-hour, or with AM/PM).
func parseMTDate(s string, loc *time.Location) (time.Time, bool) {
	for _, layout := range []string{"01/02/2006 15:04:05", "01/02/2006 03:04:05 PM", "01/02/2006 15:04", "01/02/2006"} {
		if t, err := time.ParseInLocation(layout, strings.TrimSpace(s), loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
