package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
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
//   - the memberships it shows: which articles a term or a month holds.
//
// A template can reach only what the key covers. Every page sees .Site,
// which lists the taxonomies but not their terms; a term page sees its
// taxonomy without the other terms; only the first home page sees the
// ongoing series. A page reached through a term's article list (.Term.
// Articles beyond the page's own) is seen by membership, not by content.
//
// This file is the only place keys are computed.

// inputKeys computes the key of every article and series of s. A one-shot
// build renders every page once and skips it.
func (b *Builder) inputKeys(s *site) {
	if !b.keep {
		return
	}
	for _, a := range s.articles {
		a.ownKey = fingerprint(b.rendered[a.Source].key, termsKey(a.Terms))
	}
	for _, sr := range s.series {
		parts := make([]string, 0, len(sr.Parts)+1)
		if sr.meta != nil {
			parts = append(parts, fingerprint(sr.meta.src.Hash, fmt.Sprint(b.links.get(sr.meta.Source))))
		} else {
			parts = append(parts, "")
		}
		for _, p := range sr.Parts {
			parts = append(parts, p.Source, p.ownKey)
		}
		sr.inKey = fingerprint(parts...)
	}
	for _, a := range s.articles {
		a.cardKey = a.ownKey
		if a.Series != nil {
			a.cardKey = fingerprint(a.ownKey, a.Series.inKey)
		}
	}
}

// globalKey fingerprints what every page depends on.
func (b *Builder) globalKey(s *site) string {
	cfg, _ := json.Marshal(s.cfg)
	return fingerprint(b.thm.Hash(), string(cfg), fmt.Sprint(s.data.Drafts))
}

// pageKey is the key of one page: the global key, the page's kind and
// what key returns. A one-shot build skips computing it.
func (b *Builder) pageKey(key func() string, parts ...string) string {
	if !b.keep {
		return ""
	}
	return fingerprint(append(parts, key())...)
}

// articlesKey is the key of a list of articles shown in full.
func articlesKey(list []*Article) string {
	var sb strings.Builder
	sb.Grow(len(list) * 32)
	for _, a := range list {
		sb.WriteString(a.cardKey)
	}
	return sb.String()
}

// membersKey is the key of a membership: which articles, not what they say.
func membersKey(list []*Article) string {
	var sb strings.Builder
	for _, a := range list {
		sb.WriteString(a.Source + "\x00")
	}
	return sb.String()
}

// seriesKey is the key of a list of series shown in full.
func seriesKey(list []*Series) string {
	var sb strings.Builder
	for _, sr := range list {
		sb.WriteString(sr.inKey)
	}
	return sb.String()
}

func (p *Paginator) key() string {
	return strconv.Itoa(p.Number) + "/" + strconv.Itoa(p.Total) + "\x00" + p.Prev + "\x00" + p.Next + "\x00" + p.First + "\x00" + p.Last
}

func termsKey(terms []*TermRef) string {
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
