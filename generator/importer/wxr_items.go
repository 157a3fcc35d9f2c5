package importer

import (
	"archive/zip"
	"cmp"
	"encoding/json"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rensai-ssg/rensai/internal/pool"
)

// wxrJob is one item whose HTML is to be converted.
type wxrJob struct {
	post *Post
	html string
	// thumbnail is the id of the post's featured image (the post meta
	// _thumbnail_id), an attachment of the export.
	thumbnail string
	warn      Warnings
}

// convertItems turns a WXR file's items into posts, converting the HTML of
// several items at once.
func (r *reader) convertItems(f *wxrFile, display string, assets map[string]*zip.File) {
	attachments := map[string]string{} // post id -> URL, for [gallery ids=...]
	var attached []attachment          // for a [gallery] without ids
	for i := range f.items {
		it := &f.items[i]
		if it.child("wp", "post_type") == "attachment" {
			if u := strings.TrimSpace(it.child("wp", "attachment_url")); u != "" {
				id := strings.TrimSpace(it.child("wp", "post_id"))
				attachments[id] = u
				attached = append(attached, attachment{id: id, parent: strings.TrimSpace(it.child("wp", "post_parent")), order: strings.TrimSpace(it.child("wp", "menu_order"))})
			}
		}
	}
	jobs := r.wxrJobs(f, display)
	for _, j := range jobs {
		if j.thumbnail == "" {
			continue
		}
		if u, ok := attachments[j.thumbnail]; ok {
			j.post.Cover = u
		} else {
			j.warn.AddT("cover", display, j.post.Line, "import.w.noThumbnail", j.post.name(), j.thumbnail)
		}
	}
	conv := newHTMLConverter(attachments, assetNames(assets))
	conv.wordpress = true
	conv.children = childAttachments(attached)
	err := pool.Each(r.ctx, len(jobs), func(i int) {
		j := jobs[i]
		j.post.Body, j.post.Nav = conv.convert(j.html, j.post, r.cleaner, &j.warn)
	})
	if err != nil {
		return // Read reports the context's error
	}
	for _, j := range jobs {
		r.warn.List = append(r.warn.List, j.warn.List...)
		r.add(j.post)
	}
	r.copyAssets(assets, display)
}

// attachment is an attachment item of a WXR file: its id, the post it is
// attached to, and its place among that post's attachments.
type attachment struct{ id, parent, order string }

// childAttachments maps a post id to the ids of its attachments in the
// order WordPress's [gallery] shows them (menu_order, then id).
func childAttachments(all []attachment) map[string][]string {
	num := func(s string) int { n, _ := strconv.Atoi(s); return n }
	slices.SortStableFunc(all, func(a, b attachment) int {
		return cmp.Or(cmp.Compare(num(a.order), num(b.order)), cmp.Compare(num(a.id), num(b.id)), cmp.Compare(a.id, b.id))
	})
	m := map[string][]string{}
	for _, a := range all {
		if a.parent != "" && a.parent != "0" {
			m[a.parent] = append(m[a.parent], a.id)
		}
	}
	return m
}

// wxrJobs reads the metadata of the items that are articles or pages and
// counts the others.
func (r *reader) wxrJobs(f *wxrFile, display string) []*wxrJob {
	loc := r.opts.location()
	var jobs []*wxrJob
	newest := f.pubDate
	for i := range f.items {
		it := &f.items[i]
		typ := strings.TrimSpace(it.child("wp", "post_type"))
		kind, known := itemKinds[typ]
		if !known {
			r.warn.AddT("post-type", display, it.line, "import.w.postType", itemID(it), typ)
			r.skipped[typ]++
			continue
		}
		if kind == "skip" {
			r.skipped[typ]++
			continue
		}
		status := strings.TrimSpace(it.child("wp", "status"))
		if status == "trash" || status == "auto-draft" || status == "inherit" {
			r.skipped[status]++
			continue
		}
		p := r.wxrPost(it, display, loc)
		p.Page = kind == "page"
		switch status {
		case "publish", "":
		case "future":
			r.keepScheduled(p, display, it.line, itemID(it))
			p.OldURLs = publicURLs(p.OldURLs) // not published yet: no address of its own
		case "draft", "pending", "private":
			p.Draft = true
		default:
			p.Draft = true
			r.warn.AddT("status", display, it.line, "import.w.status", itemID(it), status)
		}
		if p.Draft {
			p.OldURLs = publicURLs(p.OldURLs) // a draft never had an address of its own
		} else if strings.TrimSpace(it.child("wp", "post_password")) != "" {
			// A static site cannot ask for the password: published, the
			// text its author kept behind one would be open to anyone.
			// The password itself is written nowhere.
			p.Draft = true
			r.warn.AddT("protected", display, it.line, "import.w.password", itemID(it))
		}
		for k := range it.Children {
			if c := &it.Children[k]; c.XMLName.Local == "comment" && nsKind(c.XMLName.Space) == "wp" {
				r.skipped["comment"]++
			}
		}
		if p.Date.After(newest) {
			newest = p.Date
		}
		jobs = append(jobs, &wxrJob{post: p, html: it.child("content", "encoded"), thumbnail: postMeta(it, "_thumbnail_id")})
	}
	// Drafts that never got a date take the export's date.
	for _, j := range jobs {
		if j.post.Date.IsZero() {
			j.post.Date = newest.In(loc)
			if newest.IsZero() {
				j.post.Date = time.Date(2000, 1, 1, 0, 0, 0, 0, loc)
			}
			j.warn.AddT("date", display, j.post.Line, "import.w.draftDate", j.post.name(), j.post.Date.Format("2006-01-02"))
		}
	}
	return jobs
}

// wxrPost reads one item's metadata.
func (r *reader) wxrPost(it *wxrItem, display string, loc *time.Location) *Post {
	p := &Post{Source: display, Line: it.line, Kind: "wxr", ID: itemID(it), Ref: display + " " + itemID(it)}
	p.Title = strings.TrimSpace(it.child("rss", "title"))
	// WordPress shows a title as HTML: "Title <em>With</em> Markup" is
	// italic there, "Q&amp;A" is Q&A; a title here is text.
	if text, tags := titleText(p.Title); text != p.Title {
		if tags {
			r.warn.AddT("title", display, it.line, "import.w.titleMarkup", itemID(it), text)
		}
		p.Title = text
	}
	if gmt := parseWPDate(it.child("wp", "post_date_gmt"), time.UTC); !gmt.IsZero() {
		p.Date = gmt.In(loc)
	} else {
		p.Date = parseWPDate(it.child("wp", "post_date"), loc)
	}
	p.Lastmod = parseWPDate(it.child("wp", "post_modified_gmt"), time.UTC)
	if !p.Lastmod.IsZero() {
		p.Lastmod = p.Lastmod.In(loc)
		if !p.Lastmod.After(p.Date) {
			p.Lastmod = time.Time{}
		}
	}
	p.Slug = decodeSlug(it.child("wp", "post_name"))
	p.Author = strings.TrimSpace(it.child("dc", "creator"))
	p.Summary = strings.TrimSpace(htmlToText(it.child("excerpt", "encoded")))
	p.Sticky = strings.TrimSpace(it.child("wp", "is_sticky")) == "1"
	for i := range it.Children {
		c := &it.Children[i]
		if c.XMLName.Local != "category" || c.XMLName.Space != "" {
			continue
		}
		term := strings.TrimSpace(c.Text)
		if term == "" || term == "Uncategorized" || term == "未分類" {
			continue
		}
		switch c.attr("domain") {
		case "category":
			p.Categories = appendUnique(p.Categories, term)
		case "post_tag", "tag":
			p.Tags = appendUnique(p.Tags, term)
		}
	}
	if link := strings.TrimSpace(it.child("rss", "link")); link != "" {
		p.OldURLs = append(p.OldURLs, link)
	}
	p.notes.text = wpFootnotes(it)
	if p.Title == "" {
		p.Title = p.Slug
		r.warn.AddT("title", display, it.line, "import.w.noTitleSlug", itemID(it), p.Slug)
	}
	return p
}

// postMeta is the value of an item's post meta key, trimmed; "" without
// it.
func postMeta(it *wxrItem, key string) string {
	for i := range it.Children {
		c := &it.Children[i]
		if c.XMLName.Local == "postmeta" && nsKind(c.XMLName.Space) == "wp" && strings.TrimSpace(c.child("wp", "meta_key")) == key {
			return strings.TrimSpace(c.child("wp", "meta_value"))
		}
	}
	return ""
}

// wpFootnotes reads the block editor's footnotes, kept in the post meta
// "footnotes" as JSON ([{"id": ..., "content": ...}]); nil without them.
func wpFootnotes(it *wxrItem) map[string]string {
	raw := postMeta(it, "footnotes")
	if raw == "" {
		return nil
	}
	var notes []struct{ ID, Content string }
	if json.Unmarshal([]byte(raw), &notes) != nil {
		return nil
	}
	m := map[string]string{}
	for _, n := range notes {
		m[n.ID] = n.Content
	}
	return m
}

func assetNames(assets map[string]*zip.File) map[string]bool {
	names := map[string]bool{}
	for n := range assets {
		names[n] = true
	}
	return names
}

// assetDir is where images of a ZIP export are copied, under static/.
const assetDir = "images/imported"

// copyAssets queues the files of a ZIP export's assets/ folder for
// static/images/imported/.
func (r *reader) copyAssets(assets map[string]*zip.File, display string) {
	for name, f := range assets {
		rc, err := f.Open()
		if err != nil {
			r.warn.AddT("asset", display, 0, "import.w.asset", f.Name, err)
			continue
		}
		data, err := io.ReadAll(io.LimitReader(rc, 256<<20))
		rc.Close()
		if err != nil {
			r.warn.AddT("asset", display, 0, "import.w.asset", f.Name, err)
			continue
		}
		if r.assets == nil {
			r.assets = map[string][]byte{}
		}
		r.assets[path.Join("static", assetDir, name)] = data
	}
}

// publicURLs drops the ?p=123 addresses WordPress gives unpublished posts.
func publicURLs(urls []string) []string {
	var out []string
	for _, u := range urls {
		if !strings.Contains(u, "?") {
			out = append(out, u)
		}
	}
	return out
}
