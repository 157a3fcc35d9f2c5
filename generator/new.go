package generator

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/rensai-ssg/rensai/generator/config"
	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/site"
)

// NewPostOptions configures NewPost.
type NewPostOptions struct {
	// Series puts the post in a series; empty means: the series of other
	// files with the same name stem (nyukan-08.md joins the series of
	// nyukan-07.md), if any.
	Series string
	Title  string
	Now    time.Time // default time.Now()
	Force  bool      // overwrite an existing file
}

// NewPost writes a front-matter skeleton to content/<rel> and returns the
// path written. In a series, the part number is the next free one.
func NewPost(source, rel string, opts NewPostOptions) (string, error) {
	rel = filepath.ToSlash(rel)
	rel = strings.TrimPrefix(rel, "content/")
	if !strings.HasSuffix(rel, ".md") {
		rel += ".md"
	}
	clean := path.Clean(rel)
	if clean != rel || strings.HasPrefix(clean, "../") || path.IsAbs(clean) {
		return "", fmt.Errorf("%s: give a path inside content/, such as posts/nyukan-08.md", rel)
	}
	cfg, _, err := config.Load(source)
	if err != nil {
		return "", err
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	seriesKey, part := opts.Series, 0
	if set, err := content.Load(context.Background(), os.DirFS(filepath.Join(source, "content")),
		content.LoadOptions{Location: cfg.Location(), Taxonomies: cfg.TaxonomyKeys()}); err == nil || set != nil {
		if seriesKey == "" {
			seriesKey = seriesOfStem(set, rel)
		}
		if seriesKey != "" {
			for _, a := range set.Articles {
				if a.Series == seriesKey && a.Part > part {
					part = a.Part
				}
			}
			part++
		}
	}
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", strconv.Quote(opts.Title))
	fmt.Fprintf(&b, "date: %s\n", now.In(cfg.Location()).Format(time.RFC3339))
	if seriesKey != "" {
		fmt.Fprintf(&b, "series: %s\npart: %d\n", strconv.Quote(seriesKey), part)
		b.WriteString("# final: true  # 完結編ならコメントを外す\n")
	}
	b.WriteString("draft: true\ntags: []\n---\n\n## クレーム経緯\n\n## 対応のポイント\n\n## 対応経緯\n")
	out := filepath.Join(source, "content", filepath.FromSlash(rel))
	return out, writeNew(out, b.String(), opts.Force)
}

var stemNumber = regexp.MustCompile(`^(.*?)[-_]?\d+\.md$`)

// seriesOfStem finds the series of files named like rel with another number.
func seriesOfStem(set *content.Set, rel string) string {
	m := stemNumber.FindStringSubmatch(path.Base(rel))
	if m == nil || m[1] == "" {
		return ""
	}
	for _, a := range set.Articles {
		if a.Series == "" || path.Dir(a.Path) != path.Dir(rel) {
			continue
		}
		if am := stemNumber.FindStringSubmatch(path.Base(a.Path)); am != nil && am[1] == m[1] {
			return a.Series
		}
	}
	return ""
}

// NewSeries writes content/series/<slug>.md and the first part
// content/posts/<slug>-01.md, and returns the paths written.
func NewSeries(source, title, slug string, now time.Time, force bool) ([]string, error) {
	if strings.TrimSpace(title) == "" {
		return nil, errors.New("give the series title, e.g. rensai new series \"入館証を返さない派遣社員\"")
	}
	if slug == "" {
		slug = site.Slugify(title)
	}
	if strings.ContainsAny(slug, `/\`) || strings.HasPrefix(slug, ".") {
		return nil, fmt.Errorf("slug %q must be a single name of letters, digits and hyphens", slug)
	}
	meta := filepath.Join(source, "content", "series", slug+".md")
	body := fmt.Sprintf("---\ntitle: %s\nslug: %s\ndescription: \"\"\nstatus: ongoing\n---\n\n", strconv.Quote(title), strconv.Quote(slug))
	if err := writeNew(meta, body, force); err != nil {
		return nil, err
	}
	first, err := NewPost(source, "posts/"+slug+"-01.md", NewPostOptions{Series: title, Now: now, Force: force})
	if err != nil {
		return []string{meta}, err
	}
	return []string{meta, first}, nil
}

func writeNew(path, body string, force bool) error {
	if !force {
		if _, err := os.Stat(path); err == nil {
			return fmt.Errorf("%s already exists; choose another name or pass --force to overwrite it", path)
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(body), 0o644)
}
