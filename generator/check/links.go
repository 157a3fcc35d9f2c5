package check

import (
	"errors"
	"net/url"
	"strings"

	"github.com/rensai-ssg/rensai/generator/i18n"
)

// site is what the checks know about the whole output.
type site struct {
	base     *url.URL        // absolute; Path ends in "/"
	files    map[string]bool // every file, by slash path
	pages    map[string]*page
	drafts   map[string]Draft // by output path
	basePath string           // base.Path, such as "/" or "/repo/"
	// absBase is the base URL as scheme://host/path, the prefix of the
	// absolute URLs resolveFast reads.
	absBase string
	p       i18n.Printer // the language of the problems (messages.go)
}

func (s *site) setBase(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New(s.t("check.badBase", raw))
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawPath, u.RawQuery, u.Fragment = "", "", ""
	s.base = u
	s.basePath = u.Path
	s.absBase = u.Scheme + "://" + u.Host + u.Path
	return nil
}

// pageURL is the URL a file of the output is served at.
func (s *site) pageURL(file string) *url.URL {
	u := *s.base
	u.Path = s.basePath + file
	return &u
}

// display is the short form of an output file used in messages: the URL
// path readers see ("/repo/posts/a/" for posts/a/index.html).
func (s *site) display(file string) string {
	if file == "index.html" {
		return s.basePath
	}
	return s.basePath + strings.TrimSuffix(file, "index.html")
}

// target is where a URL leads.
type target struct {
	external bool   // another host or a non-http scheme: not checked
	file     string // the output file, "" when external
	fragment string // decoded fragment, "" when none
}

// resolve resolves ref, found on a page served at from, to a file of the
// output. It returns a message when ref is malformed or leaves the base path.
func (s *site) resolve(from *url.URL, ref string) (target, string) {
	ref = strings.TrimSpace(ref)
	if t, ok := s.resolveFast(from, ref); ok {
		return t, ""
	}
	return s.resolveURL(from, ref)
}

// resolveURL is resolve with url.Parse, for any URL.
func (s *site) resolveURL(from *url.URL, ref string) (target, string) {
	u, err := url.Parse(ref)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return target{}, s.t("check.malformedURL", ref, err)
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return target{external: true}, "" // mailto:, data:, tel: ...
	}
	abs := from.ResolveReference(u)
	if !strings.EqualFold(abs.Host, s.base.Host) {
		return target{external: true}, ""
	}
	p := abs.Path
	if p == "" {
		p = "/"
	}
	if !strings.HasPrefix(p, s.basePath) {
		if p+"/" == s.basePath { // "/repo" for a site at "/repo/"
			p = s.basePath
		} else if strings.HasPrefix(ref, "/") && !strings.HasPrefix(ref, "//") {
			return target{}, s.t("check.rootRelative", ref, s.basePath, strings.TrimSuffix(s.basePath, "/")+ref)
		} else {
			return target{}, s.t("check.outsideBase", ref, p, s.basePath)
		}
	}
	return target{file: s.outputFile(strings.TrimPrefix(p, s.basePath)), fragment: abs.Fragment}, ""
}

// outputFile is the file a path under the base path is served from.
func (s *site) outputFile(file string) string {
	if file == "" || strings.HasSuffix(file, "/") {
		return file + "index.html"
	}
	if !s.files[file] && s.files[file+"/index.html"] {
		return file + "/index.html" // GitHub Pages redirects /x to /x/
	}
	return file
}

// resolveFast resolves the URLs most pages are made of, "/repo/posts/a/",
// "https://user.github.io/repo/tags/%E6%B4%BE/" and "#%E7%B5%8C" on a page
// under the base path, without url.Parse: a path under the base path with
// no dot segment, query, double slash or character url.Parse treats
// specially. false sends ref to the general path (FuzzResolveFast holds
// the two to the same result).
func (s *site) resolveFast(from *url.URL, ref string) (target, bool) {
	if from.Host != s.base.Host {
		return target{}, false
	}
	if frag, ok := strings.CutPrefix(ref, "#"); ok {
		file, ok := strings.CutPrefix(from.Path, s.basePath)
		if !ok || !plainPath(file) || !plainURLPart(frag) {
			return target{}, false
		}
		if frag, ok = unescape(frag); !ok {
			return target{}, false
		}
		return target{file: s.outputFile(file), fragment: frag}, true
	}
	rest, ok := strings.CutPrefix(ref, s.absBase)
	if !ok {
		if rest, ok = strings.CutPrefix(ref, s.basePath); !ok || strings.HasPrefix(ref, "//") {
			return target{}, false
		}
	}
	file, frag, _ := strings.Cut(rest, "#")
	if !plainURLPart(file) || !plainPath(file) || !plainURLPart(frag) {
		return target{}, false
	}
	file, ok1 := unescape(file)
	frag, ok2 := unescape(frag)
	if !ok1 || !ok2 || !plainPath(file) {
		return target{}, false
	}
	return target{file: s.outputFile(file), fragment: frag}, true
}

// unescape decodes %XX escapes as url.Parse does in paths and fragments.
func unescape(s string) (string, bool) {
	if !strings.Contains(s, "%") {
		return s, true
	}
	u, err := url.PathUnescape(s)
	return u, err == nil
}

// plainURLPart reports whether s has no byte url.Parse would split on or
// reject: no query or fragment mark, backslash, space or control.
func plainURLPart(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c <= ' ' || c == 0x7f || c == '?' || c == '#' || c == '\\':
			return false
		}
	}
	return true
}

// plainPath reports whether the path p, relative to the base path, is one
// resolution leaves as it is: no leading or double slash, no dot segment.
func plainPath(p string) bool {
	return !strings.HasPrefix(p, "/") && !strings.Contains(p, "//") && !hasDotSegment(p)
}

// hasDotSegment reports whether the slash path p has a "." or ".."
// segment, which resolution would remove.
func hasDotSegment(p string) bool {
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}

// checkRef checks one URL of a page: that it resolves to a file and, for a
// fragment into an HTML page, that the page has that id. kind names the
// URL in messages ("link", "image").
func (s *site) checkRef(from *url.URL, kind, ref string) string {
	t, msg := s.resolve(from, ref)
	if msg != "" || t.external {
		return msg
	}
	if d, ok := s.drafts[t.file]; ok {
		return s.t("check.toDraft", s.kindName(kind), ref, d.Source)
	}
	if !s.files[t.file] {
		return s.t("check.broken", s.kindName(kind), ref, t.file)
	}
	if t.fragment == "" || t.fragment == "top" {
		return ""
	}
	if p := s.pages[t.file]; p != nil && !p.ids[t.fragment] {
		return s.t("check.brokenFragment", s.kindName(kind), ref, t.file, t.fragment)
	}
	return ""
}
