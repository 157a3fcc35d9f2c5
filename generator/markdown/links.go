package markdown

import (
	"bytes"
	"path"
	"strings"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// links is the extension that rewrites link destinations: external links
// get rel="noopener", root-relative ones the base path, and links to
// Markdown files the URL that Options.ResolveLink gives.
type links struct{ r *Renderer }

// Extend implements goldmark.Extender.
func (l links) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(l, 200)))
}

// Transform implements parser.ASTTransformer.
func (l links) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if !mayLink(st.src) {
		return
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			l.link(st, n)
		case *ast.AutoLink:
			if isExternal(string(n.URL(st.src))) {
				n.SetAttributeString("rel", []byte("noopener"))
			}
		}
		return ast.WalkContinue, nil
	})
}

func (l links) link(st *state, n *ast.Link) {
	dest := string(n.Destination)
	switch {
	case isExternal(dest):
		n.SetAttributeString("rel", []byte("noopener"))
	case isMarkdownFile(dest) && l.r.opts.ResolveLink != nil:
		url, err := l.r.opts.ResolveLink(st.path, dest)
		if err != nil {
			st.errs = append(st.errs, diag.Wrap(st.path, st.lineOf(n), "", err))
			return
		}
		n.Destination = []byte(url)
	default:
		if url, ok := l.r.folderURL(st, dest); ok {
			n.Destination = []byte(url)
			return
		}
		n.Destination = []byte(l.r.withBase(dest))
	}
}

// inFolder reports whether a relative destination names a file of the
// article's own folder, the folder whose files are published below its
// page: content/posts/x/ for content/posts/x.md ("x/box.png"), or a
// bundle's own folder for content/posts/x/index.md ("box.png"). It returns
// the file's path inside the folder, with the query and fragment kept.
// Absolute destinations, ones with a scheme, fragments and paths leaving
// the folder are not in it.
func inFolder(srcPath, dest string) (string, bool) {
	if dest == "" || isRootRelative(dest) || strings.HasPrefix(dest, "//") ||
		strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "?") {
		return "", false
	}
	p, rest := dest, ""
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		p, rest = dest[:i], dest[i:]
	}
	if first, _, _ := strings.Cut(p, "/"); strings.Contains(first, ":") {
		return "", false // a scheme: mailto:, tel:, https:
	}
	clean := path.Clean(p)
	folder := ""
	if base := path.Base(srcPath); base != "index.md" {
		folder = strings.TrimSuffix(base, ".md") + "/"
	}
	if clean == "." || clean == ".." || strings.HasPrefix(clean, "../") || !strings.HasPrefix(clean, folder) || len(clean) == len(folder) {
		return "", false
	}
	return clean[len(folder):] + rest, true
}

// folderURL is the URL of a file of the article's own folder (see
// inFolder): the article's own URL, from Options.ResolveLink, and the
// file's path below it. It reports false for any other destination, or
// when links are not resolved.
func (r *Renderer) folderURL(st *state, dest string) (string, bool) {
	rem, ok := inFolder(st.path, dest)
	if !ok || r.opts.ResolveLink == nil {
		return "", false
	}
	own, err := r.opts.ResolveLink(st.path, path.Base(st.path))
	if err != nil || !strings.HasSuffix(own, "/") {
		return "", false
	}
	return own + rem, true
}

// normalizeBasePath returns base with exactly one leading and one trailing
// slash; "" becomes "/".
func normalizeBasePath(base string) string {
	base = strings.Trim(base, "/")
	if base == "" {
		return "/"
	}
	return "/" + base + "/"
}

// withBase puts the base path in front of a root-relative destination
// ("/posts/x/"). Other destinations are returned unchanged.
func (r *Renderer) withBase(dest string) string {
	if !isRootRelative(dest) || r.opts.BasePath == "/" {
		return dest
	}
	return r.opts.BasePath + dest[1:]
}

// isRootRelative reports whether dest is a path from the site root:
// "/x" but not the protocol-relative "//host/x".
func isRootRelative(dest string) bool {
	return strings.HasPrefix(dest, "/") && !strings.HasPrefix(dest, "//")
}

// isExternal reports whether dest leads to another site: an http or https
// URL, or a protocol-relative "//host/..." one.
func isExternal(dest string) bool {
	if strings.HasPrefix(dest, "//") {
		return true
	}
	scheme, ok := urlScheme(dest)
	return ok && (strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https"))
}

// urlScheme returns the scheme of an absolute URL ("mailto" for
// "mailto:x@example.com").
func urlScheme(dest string) (string, bool) {
	for i := 0; i < len(dest); i++ {
		c := dest[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return dest[:i], true
		default:
			return "", false
		}
	}
	return "", false
}

// isMarkdownFile reports whether dest is a local path to a Markdown file:
// its path, before any "?query" or "#fragment", ends in ".md".
func isMarkdownFile(dest string) bool {
	if _, ok := urlScheme(dest); ok || strings.HasPrefix(dest, "//") {
		return false
	}
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		dest = dest[:i]
	}
	return len(dest) > len(".md") && strings.EqualFold(dest[len(dest)-len(".md"):], ".md")
}

// mayLink reports whether src has what every link needs: "[" (a link),
// "<" (an autolink) or what linkify finds (a scheme's ":", the "@" of an
// e-mail address, "www."). Most articles have one, but a walk of the tree
// is worth a scan of the source.
func mayLink(src []byte) bool {
	return bytes.IndexByte(src, '[') >= 0 || bytes.IndexByte(src, '<') >= 0 || bytes.IndexByte(src, ':') >= 0 ||
		bytes.IndexByte(src, '@') >= 0 || bytes.Contains(src, []byte("www."))
}
