package site

import (
	"net/url"
	"path"
	"strings"

	"github.com/rensai-ssg/rensai/generator/diag"
)

// ResolveLink is the target of a Markdown link dest written in the content
// file from ("posts/a.md"): the URL of the article it names, relative
// (b.md) or from the content root (/posts/b.md), keeping a #fragment.
// A link to a missing file or to an unpublished article is an error.
func (m *Model) ResolveLink(from, dest string) (string, error) {
	target, frag, _ := strings.Cut(dest, "#")
	if u, err := url.PathUnescape(target); err == nil {
		target = u
	}
	var p string
	if strings.HasPrefix(target, "/") {
		p = path.Clean(strings.TrimPrefix(target, "/"))
		p = strings.TrimPrefix(p, "content/")
	} else {
		p = path.Join(path.Dir(from), target)
	}
	u, ok := m.sources[p]
	if !ok {
		return "", diag.T("", 0, "site.linkMissing", dest, p)
	}
	if !m.published[p] {
		return "", diag.T("", 0, "site.linkDraft", p)
	}
	if frag != "" {
		frag = "#" + frag
	}
	return m.RelURL(u) + frag, nil
}
