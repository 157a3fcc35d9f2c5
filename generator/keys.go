package generator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/site"
	"github.com/rensai-ssg/rensai/internal/pool"
)

// Page keys.
//
// The dev server renders a page again only when its key changed since the
// previous build. A key is a fingerprint of what the page is built from,
// never of a list of the fields its template happens to show, so a new
// template field cannot leave a page stale:
//
//   - every page: the theme's hash, the configuration and the build options
//     (global);
//   - each article it shows: the article's source bytes and what its links
//     resolved to (own), its terms, and its series as a whole, the sources of
//     every part and of the series' metadata file (Series.inKey), since a
//     template reaches every part through .Series and .Nav;
//   - the memberships it shows: which articles a term or a month holds;
//   - what rendering its Markdown read besides the source: where its links
//     led and the size and time of each image file (render.go, readsKey).
//
// A template can reach only what the key covers. Every page sees .Site,
// which lists the taxonomies but not their terms; a term page sees its
// taxonomy without the other terms; only the first home page sees the
// ongoing series and every series (.SeriesList, reader.go); an article page
// sees, in .SeriesList, the other series its final part lists. A page reached through a term's article list (.Term.
// Articles beyond the page's own) is seen by membership, not by content.
//
// This file is the only place keys are computed.

// inputKeys computes the key of every article and series of s, on all
// cores: first each article's own key, then each series' from its parts',
// then a part's own key with its series'. A one-shot build renders every
// page once and skips it. On a model patched for a body-only rebuild
// (assemble.go), only the keys an edit can have changed are computed
// again (changedKeys).
func (b *Builder) inputKeys(ctx context.Context, s *site.Model) error {
	if b.cache == nil {
		return nil
	}
	if b.reusedModel && b.keyed != nil && b.keyed.model == s {
		b.changedKeys(s)
		return nil
	}
	b.keyed = nil // until every key below is set
	ks := &keyState{model: s, rendered: make(map[string]string, len(s.Articles)), meta: make(map[*site.Series]string, len(s.Series))}
	own := make([]string, len(s.Articles))
	if err := pool.Each(ctx, len(s.Articles), func(i int) {
		own[i] = b.ownKey(s.Articles[i])
		s.Articles[i].SetInputKey(own[i])
	}); err != nil {
		return err
	}
	metas := make([]string, len(s.Series))
	if err := pool.Each(ctx, len(s.Series), func(i int) {
		metas[i] = b.metaKey(s.Series[i])
		setSeriesKey(s.Series[i], metas[i])
	}); err != nil {
		return err
	}
	if err := pool.Each(ctx, len(s.Articles), func(i int) {
		if a := s.Articles[i]; a.Series != nil {
			a.SetInputKey(fingerprint(own[i], a.Series.InputKey()))
		}
	}); err != nil {
		return err
	}
	for _, a := range s.Articles {
		ks.rendered[a.Source] = b.next.rendered[a.Source].key
	}
	for i, sr := range s.Series {
		ks.meta[sr] = metas[i]
	}
	b.keyed = ks
	return nil
}

// keyState is what the input keys of a model were last computed from
// (inputKeys): the key of each article's rendering, by source, and the
// part of each series' key that its metadata file gives. The model's
// articles and series hold the keys themselves.
type keyState struct {
	model    *site.Model
	rendered map[string]string
	meta     map[*site.Series]string
}

// changedKeys computes again the keys of s that can differ from those
// b.keyed was made for, s being that model patched by a body-only rebuild:
// front matter, paths, memberships and the present publish the same
// articles with the same terms (bodyOnly), so an article's own key changes
// only with its rendering (source, links, images read) and a series' only
// with a part's own key or its metadata file. Such an article, and every
// part of such a series, gets its key again; every other key stays, being
// the one inputKeys would compute.
func (b *Builder) changedKeys(s *site.Model) {
	ks := b.keyed
	var dirty []*site.Series
	seen := map[*site.Series]bool{}
	for _, a := range s.Articles {
		rk := b.next.rendered[a.Source].key
		if ks.rendered[a.Source] == rk {
			continue
		}
		ks.rendered[a.Source] = rk
		if a.Series == nil {
			a.SetInputKey(b.ownKey(a))
		} else if !seen[a.Series] {
			seen[a.Series] = true
			dirty = append(dirty, a.Series)
		}
	}
	for _, sr := range s.Series {
		if m := b.metaKey(sr); m != ks.meta[sr] {
			ks.meta[sr] = m
			if !seen[sr] {
				seen[sr] = true
				dirty = append(dirty, sr)
			}
		}
	}
	for _, sr := range dirty {
		own := make([]string, len(sr.Parts))
		for i, p := range sr.Parts {
			own[i] = b.ownKey(p)
			p.SetInputKey(own[i])
		}
		setSeriesKey(sr, ks.meta[sr])
		for i, p := range sr.Parts {
			p.SetInputKey(fingerprint(own[i], sr.InputKey()))
		}
	}
}

// ownKey is an article's own key: its rendering's, its terms and whether
// it is future-dated (which depends on the build's present as well as
// the source).
func (b *Builder) ownKey(a *site.Article) string {
	return fingerprint(b.next.rendered[a.Source].key, termsKey(a.Terms), strconv.FormatBool(a.Future))
}

// metaKey is the part of sr's key its metadata file gives: its source and
// what its links resolved to ("" without one).
func (b *Builder) metaKey(sr *site.Series) string {
	if m := sr.Meta(); m != nil {
		return fingerprint(m.Input().Hash, fmt.Sprint(b.links.get(m.Source)))
	}
	return ""
}

// setSeriesKey sets sr's key from meta (metaKey) and its parts' own keys,
// which each part holds as its key when it is called.
func setSeriesKey(sr *site.Series, meta string) {
	parts := make([]string, 0, 2*len(sr.Parts)+1)
	parts = append(parts, meta)
	for _, p := range sr.Parts {
		parts = append(parts, p.Source, p.InputKey()) // the part's own key
	}
	sr.SetInputKey(fingerprint(parts...))
}

// globalKey fingerprints what every page depends on.
func (b *Builder) globalKey(s *site.Model) string {
	cfg, _ := json.Marshal(s.Config)
	return fingerprint(b.thm.Hash(), string(cfg), fmt.Sprint(s.Site.Drafts))
}

// sourcesKey fingerprints the loaded content files (paths and hashes of
// their bytes), the configuration and the build options: what the search
// index is made of, as far as it is known before rendering (see
// preloadDictionary).
func (b *Builder) sourcesKey() string {
	cfg, _ := json.Marshal(b.cfg)
	parts := []string{string(cfg), fmt.Sprint(b.opts.Drafts, b.opts.Future)}
	for _, list := range [][]*content.Article{b.set.Articles, b.set.Series} {
		for _, a := range list {
			parts = append(parts, a.Path, a.Hash)
		}
	}
	return fingerprint(parts...)
}

// pageKey is the key of one page: the global key, the page's kind and
// what key returns. A one-shot build skips computing it.
func (b *Builder) pageKey(key func() string, parts ...string) string {
	if b.cache == nil {
		return ""
	}
	return fingerprint(append(parts, key())...)
}

// articlesKey is the key of a list of articles shown in full.
func articlesKey(list []*site.Article) string {
	var sb strings.Builder
	sb.Grow(len(list) * 32)
	for _, a := range list {
		sb.WriteString(a.InputKey())
	}
	return sb.String()
}

// membersKey is the key of a membership: which articles, not what they
// say. It is hashed, as every page of a term includes it.
func membersKey(list []*site.Article) string {
	var sb strings.Builder
	for _, a := range list {
		sb.WriteString(a.Source + "\x00")
	}
	return fingerprint(sb.String())
}

// listKey is the key of one page of a list: the articles it shows, its
// place in the pagination and the series it shows in full.
func listKey(list []*site.Article, pag *site.Paginator, shown []*site.Series) string {
	return articlesKey(list) + paginatorKey(pag) + seriesKey(shown)
}

// taxonomyKey is the key of a taxonomy's index, which reaches every
// article of every term.
func taxonomyKey(tx *site.Taxonomy) string {
	var sb strings.Builder
	for _, t := range tx.Terms {
		sb.WriteString(t.Name + "\x00" + t.RelPermalink + "\x00" + articlesKey(t.Articles) + "\x01")
	}
	return sb.String()
}

// archiveKey is the key of the archive index, which reaches every article.
func archiveKey(ar *site.Archive) string {
	var sb strings.Builder
	for _, y := range ar.Years {
		for _, m := range y.Months {
			sb.WriteString(articlesKey(m.Articles) + "\x00")
		}
	}
	return sb.String()
}

// seriesKey is the key of a list of series shown in full.
func seriesKey(list []*site.Series) string {
	var sb strings.Builder
	for _, sr := range list {
		sb.WriteString(sr.InputKey())
	}
	return sb.String()
}

func paginatorKey(p *site.Paginator) string {
	return strconv.Itoa(p.Number) + "/" + strconv.Itoa(p.Total) + "\x00" + p.Prev + "\x00" + p.Next + "\x00" + p.First + "\x00" + p.Last
}

func termsKey(terms []*site.TermRef) string {
	var b strings.Builder
	for _, t := range terms {
		b.WriteString(t.Key + "\x00" + t.Name + "\x00" + t.URL + "\x00")
	}
	return b.String()
}

// fingerprint hashes its parts into a short key.
func fingerprint(parts ...string) string {
	bp := keyBufs.Get().(*[]byte)
	buf := (*bp)[:0]
	for _, p := range parts {
		buf = strconv.AppendInt(buf, int64(len(p)), 10)
		buf = append(buf, ':')
		buf = append(buf, p...)
	}
	sum := sha256.Sum256(buf)
	*bp = buf
	keyBufs.Put(bp)
	return hex.EncodeToString(sum[:16])
}

// keyBufs holds the buffers fingerprint hashes from.
var keyBufs = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}
