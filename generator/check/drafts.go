package check

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"
)

// FindDrafts lists the draft articles of a site, reading only the draft
// and slug keys of each content/**/*.md front matter (YAML between "---"
// lines or TOML between "+++" lines). site is the site root. An article at
// content/<section>/<name>.md is published at <section>/<slug>/index.html,
// where slug is the front matter's slug or else <name>, unless permalinks
// (rensai.toml's [permalinks], section -> pattern) gives the section a
// pattern. Patterns using only :section and :slug are followed; drafts of a
// section whose pattern needs a date are left out. Files whose front matter
// does not parse are skipped: the build reports them.
func FindDrafts(site fs.FS, permalinks map[string]string) ([]Draft, error) {
	var drafts []Draft
	err := fs.WalkDir(site, "content", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if name == "content" && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir
			}
			return err
		}
		if d.IsDir() || path.Ext(name) != ".md" {
			return nil
		}
		rel := strings.TrimPrefix(name, "content/")
		section, file := path.Split(rel)
		section = strings.TrimSuffix(section, "/")
		if i := strings.IndexByte(section, '/'); i >= 0 {
			section = section[:i]
		}
		base := strings.TrimSuffix(file, ".md")
		if base == "index" || base == "_index" || section == "series" {
			return nil
		}
		data, err := fs.ReadFile(site, name)
		if err != nil {
			return err
		}
		fm, ok := draftFrontMatter(data)
		if !ok || !fm.Draft {
			return nil
		}
		slug := base
		if fm.Slug != "" {
			slug = fm.Slug
		}
		out := slug + "/index.html"
		if section != "" {
			out = section + "/" + out
		}
		if pattern, ok := permalinks[section]; ok {
			p := strings.NewReplacer(":section", section, ":slug", slug).Replace(pattern)
			if strings.Contains(p, ":") {
				return nil // needs the date; the build knows better
			}
			p = strings.Trim(path.Clean("/"+p), "/")
			out = p + "/index.html"
			if p == "" {
				out = "index.html"
			}
		}
		drafts = append(drafts, Draft{Path: out, Source: name})
		return nil
	})
	return drafts, err // WalkDir walks in lexical order
}

type draftKeys struct {
	Draft bool   `yaml:"draft" toml:"draft"`
	Slug  string `yaml:"slug" toml:"slug"`
}

// draftFrontMatter decodes the draft and slug keys of a Markdown file.
func draftFrontMatter(data []byte) (draftKeys, bool) {
	var fm draftKeys
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	for _, delim := range []string{"---", "+++"} {
		if !bytes.HasPrefix(data, []byte(delim+"\n")) {
			continue
		}
		rest := data[len(delim)+1:]
		var block []byte
		if !bytes.HasPrefix(rest, []byte(delim)) {
			end := bytes.Index(rest, []byte("\n"+delim))
			if end < 0 {
				return fm, false
			}
			block = rest[:end+1]
		}
		var err error
		if delim == "---" {
			err = yaml.Unmarshal(block, &fm)
		} else {
			err = toml.Unmarshal(block, &fm)
		}
		return fm, err == nil
	}
	return fm, false
}
