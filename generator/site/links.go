package site

import (
	"fmt"
	"net/url"
	"path"
	"strings"
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
		return "", fmt.Errorf("link to %s, but there is no content/%s; check the file name", dest, p)
	}
	if !m.published[p] {
		return "", fmt.Errorf("link to content/%s, which is a draft or dated in the future; publish it or remove the link", p)
	}
	if frag != "" {
		frag = "#" + frag
	}
	return m.RelURL(u) + frag, nil
}
